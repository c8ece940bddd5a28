"""Helpers of the reads: one row by its key without the LIMIT that Django's get() adds; the
columns of a joined user that its name needs.

With a LIMIT, PostgreSQL weighs a fractional (fast-start) path at every join: the pages' lookups
of one object with its 8 to 14 joined tables were planned in 6 to 11 ms instead of 1 to 2, for
an execution of 0.2 ms (bench/README.md). A filter on a unique key returns one row anyway."""

from django.core.exceptions import MultipleObjectsReturned, ValidationError
from django.http import Http404


def un_seul(queryset, **filtres):
    """The one object of `queryset` matching `filtres` (a unique key), or None."""
    try:
        objets = list(queryset.filter(**filtres).order_by())
    except (TypeError, ValueError, ValidationError):
        return None  # a malformed key finds nothing
    if len(objets) > 1:
        raise MultipleObjectsReturned(f"{len(objets)} {queryset.model._meta.object_name} pour {filtres}")
    return objets[0] if objets else None


def un_seul_ou_404(queryset, **filtres):
    objet = un_seul(queryset, **filtres)
    if objet is None:
        raise Http404
    return objet


def colonnes_nom(relation: str) -> list[str]:
    """For `only()`: the columns of the user joined by `relation` that its name (`str(user)`,
    `get_full_name`) reads; a user row has nineteen."""
    return [f"{relation}__{c}" for c in ("username", "first_name", "last_name")]

"""Services of the candidature: every state change goes through `changer_statut`."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from comptes.errors import TransitionInterdite

from .enums import CANDIDATURE_TRANSITIONS, CandidatureStatus
from .journal import journaliser
from .models import Candidature


@transaction.atomic
def changer_statut(
    candidature: Candidature | int,
    *,
    to: str,
    by=None,
    action: str = "statut_change",
    message: str = "",
    details: dict | None = None,
) -> Candidature:
    """Move a candidature along its transition table, and journal it.

    Locks the row; raises TransitionInterdite when the edge is not in CANDIDATURE_TRANSITIONS.
    Rights and dates are the caller's (the service of the action) to check before.
    """
    pk = candidature if isinstance(candidature, int) else candidature.pk
    c = Candidature.objects.select_for_update().get(pk=pk)
    if to not in CANDIDATURE_TRANSITIONS.get(c.statut, set()):
        raise TransitionInterdite(
            f"La candidature ne peut pas passer de « {CandidatureStatus(c.statut).label} » "
            f"à « {CandidatureStatus(to).label} »."
        )
    avant, c.statut = c.statut, to
    c.updated_at = timezone.now()
    c.save(update_fields=["statut", "updated_at"])
    journaliser(
        action,
        acteur=by,
        candidature=c,
        cible=f"candidature:{c.pk}",
        avant=avant,
        apres=to,
        message=message,
        details=details,
    )
    if not isinstance(candidature, int):
        candidature.statut = c.statut
        candidature.updated_at = c.updated_at
    return c

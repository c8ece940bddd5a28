from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from .selectors import compte_non_lus

# The count is drawn on every page and its query takes 5 to 10 ms to build and run (bench): it is
# cached for a minute, dropped as soon as the user reads something or is notified of something
# new (messagerie.notifications). Past PLAFOND (agents follow hundreds of candidatures) the
# header shows "99+".
CACHE_SECONDES = 60
PLAFOND = 100


def cle_cache(user_id: int) -> str:
    return f"messagerie:non-lus:{user_id}"


def oublier_comptes(user_ids) -> None:
    cache.delete_many([cle_cache(pk) for pk in user_ids])


def _compte(user) -> int:
    return cache.get_or_set(cle_cache(user.pk), lambda: compte_non_lus(user, plafond=PLAFOND), CACHE_SECONDES)


def unread(request):
    """`unread_count`: unread notifications + unread messages not notified, counted up to PLAFOND
    (one query) only when a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": SimpleLazyObject(lambda: _compte(user))}

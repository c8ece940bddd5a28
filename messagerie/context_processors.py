from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from comptes.policy import is_agent

from .selectors import compte_non_lus

# Agents follow many candidatures, so their count is the costly one (bench): it is cached
# briefly, and dropped as soon as they read something. Past PLAFOND the header shows "99+".
CACHE_AGENT_SECONDES = 60
PLAFOND = 100


def cle_cache(user_id: int) -> str:
    return f"messagerie:non-lus:{user_id}"


def oublier_compte(user_id: int) -> None:
    cache.delete(cle_cache(user_id))


def _compte(user) -> int:
    if is_agent(user):
        return cache.get_or_set(cle_cache(user.pk), lambda: compte_non_lus(user, plafond=PLAFOND), CACHE_AGENT_SECONDES)
    return compte_non_lus(user, plafond=PLAFOND)


def unread(request):
    """`unread_count`: unread notifications + unread messages not notified, counted up to PLAFOND
    (one query) only when a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": SimpleLazyObject(lambda: _compte(user))}

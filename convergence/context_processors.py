from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from comptes.policy import is_agent, roles

CONFIG_DSFR_SECONDES = 300


def cle_config_dsfr(langue: str) -> str:
    return f"dsfr:config:{langue}"


def _config_dsfr():
    from dsfr.models import DsfrConfig

    langue = get_language()

    def lire():  # in a dict, so that "no configuration" is cached too
        return {"config": DsfrConfig.objects.filter(language=langue).first() or DsfrConfig.objects.first()}

    return cache.get_or_set(cle_config_dsfr(langue), lire, CONFIG_DSFR_SECONDES)["config"]


def site_config(request):
    """django-dsfr's site configuration (`SITE_CONFIG`), as its own context processor gives it,
    but read only when a template uses it and cached (that one queries it for every page);
    dropped from the cache when an administrator changes it (convergence.apps)."""
    return {"SITE_CONFIG": SimpleLazyObject(_config_dsfr)}


def oublier_config_dsfr(**kwargs):
    for langue, _nom in settings.LANGUAGES:
        cache.delete(cle_config_dsfr(langue))


def platform(request):
    """Values every page needs: who is logged in, their roles and organisation."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "PLATFORM_NAME": "Convergence",
        "SITE_URL": settings.SITE_URL,
        "user_is_agent": authenticated and is_agent(user),
        "user_roles": roles(user) if authenticated else set(),
    }

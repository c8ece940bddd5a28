from django.conf import settings

from comptes.policy import is_agent, roles


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

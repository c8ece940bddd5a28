"""ANS staff must protect their account with a second factor (TOTP) before anything else."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Paths that stay reachable without TOTP: allauth's own pages (login, logout, reauthentication,
# 2FA setup), static files, the language switch and the health check.
_LIBRES = ("/accounts/", "/static/", "/i18n/", "/healthz")


class DoubleAuthentificationAgentsMiddleware:
    """With settings.MFA_REQUIRED_FOR_STAFF, an authenticated ANS agent (a user without an
    organisation) who has no TOTP authenticator is sent to the TOTP activation page, except the
    usernames of settings.MFA_EXEMPT_USERNAMES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._doit_activer(request):
            messages.warning(
                request,
                _(
                    "Pour accéder à Convergence, les agents de l’ANS doivent activer la double authentification."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _doit_activer(request) -> bool:
        if not settings.MFA_REQUIRED_FOR_STAFF or request.path.startswith(_LIBRES):
            return False
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or user.organisation_id is not None
        ):
            return False
        if user.username in settings.MFA_EXEMPT_USERNAMES:
            return False
        return not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()

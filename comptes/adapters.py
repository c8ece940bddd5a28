"""allauth adapters: editors log in through Industriels Santé Connect only, ANS staff locally."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from . import services
from .claims import IscClaims
from .errors import DomainError

ISC_PROVIDER = "isc"


def _refus(request, message: str, status: int = 403):
    return ImmediateHttpResponse(
        render(
            request,
            "comptes/connexion_refusee.html",
            {"message": message},
            status=status,
        )
    )


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _lazy("Identifiant ou mot de passe incorrect."),
    }

    def is_open_for_signup(self, request):
        # Editors arrive through iSC; ANS staff accounts are created by administrators.
        return False

    def authenticate(self, request, **credentials):
        """Local (username + password) login is for ANS staff only."""
        user = super().authenticate(request, **credentials)
        if user is not None and (
            user.organisation_id is not None or hasattr(user, "isc_identite")
        ):
            raise forms.ValidationError(
                _(
                    "Les comptes des éditeurs se connectent avec Industriels Santé Connect."
                ),
                code="isc_only",
            )
        return user


class IscSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True

    def pre_social_login(self, request, sociallogin):
        """Check the claims, then create or update the platform user and organisation, and
        link the iSC account to them. Bad claims: a French error page, nothing created."""
        if sociallogin.account.provider != ISC_PROVIDER:
            return
        extra = sociallogin.account.extra_data or {}
        data = {**(extra.get("id_token") or {}), **(extra.get("userinfo") or {})}
        try:
            claims = IscClaims.depuis(data)
            with transaction.atomic():
                existant = sociallogin.user if sociallogin.is_existing else None
                user = services.synchroniser_utilisateur_isc(
                    claims, utilisateur=existant
                )
                if existant is None:
                    sociallogin.user = user
                    sociallogin.account.user = user
                    sociallogin.account.save()
                else:
                    sociallogin.user = user
        except DomainError as exc:
            raise _refus(request, exc.message) from exc

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        raise ImmediateHttpResponse(
            render(
                request, "comptes/connexion_echouee.html", {"error": error}, status=400
            )
        )

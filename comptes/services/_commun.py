"""Helpers shared by the account services."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress

from ..models import User


def _journaliser(action: str, **kwargs):
    # Lazy: comptes must not import candidatures at load time (candidatures depends on comptes).
    from candidatures.journal import journaliser

    return journaliser(action, **kwargs)


def _nom_utilisateur_libre(email: str) -> str:
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0].lower())[:140] or "utilisateur"
    candidat, n = base, 1
    while User.objects.filter(username=candidat).exists():
        n += 1
        candidat = f"{base}-{n}"
    return candidat


def _synchroniser_email(user: User, *, verifie: bool) -> None:
    """Keep one primary allauth EmailAddress matching user.email (see STACK-NOTES gotcha 1)."""
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    # A verified address is unique across users (allauth); another account keeps its claim.
    verifie = (
        verifie
        and not EmailAddress.objects.filter(email=user.email, verified=True)
        .exclude(user=user)
        .exists()
    )
    adresse, _ = EmailAddress.objects.get_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "primary": True, "verified": verifie},
    )
    if verifie and not adresse.verified:
        adresse.verified = True
        adresse.save(update_fields=["verified"])


def _verrouiller(utilisateur: User) -> User:
    return User.objects.select_for_update().get(pk=utilisateur.pk)

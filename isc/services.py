"""Actions of the bundled iSC provider: identities, the platform's client, consents."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import get_application_model

from convergence.securite import journaliser

from .models import IscConsentement, IscIdentite

SHADOW_PREFIX = "isc."


@transaction.atomic
def creer_identite(
    *,
    identifiant: str,
    mot_de_passe: str,
    prenom: str,
    nom: str,
    email: str,
    siren: str,
    siret: str,
    raison_sociale: str,
    role: str,
) -> IscIdentite:
    """Create (or update, keyed by `identifiant`) an iSC identity and its shadow User row.

    The shadow user has an unusable password: the platform's own login refuses it.
    """
    user_model = get_user_model()
    identite = (
        IscIdentite.objects.select_for_update().filter(identifiant=identifiant).first()
    )
    if identite is None:
        shadow = user_model(
            username=f"{SHADOW_PREFIX}{identifiant}"[:150],
            email=email,
            first_name=prenom,
            last_name=nom,
        )
        shadow.set_unusable_password()
        shadow.save()
        identite = IscIdentite(user=shadow, identifiant=identifiant)
    identite.prenom, identite.nom, identite.email = prenom, nom, email
    identite.siren, identite.siret, identite.raison_sociale, identite.role = (
        siren,
        siret,
        raison_sociale,
        role,
    )
    identite.definir_mot_de_passe(mot_de_passe)
    identite.full_clean()
    identite.save()
    return identite


def _echec(identifiant: str) -> None:
    journaliser("login_failed", "iSC login failed", level=logging.WARNING, username=identifiant[:150], fournisseur="isc")


def authentifier(identifiant: str, mot_de_passe: str) -> IscIdentite | None:
    """The active identity with these credentials, or None (constant work either way)."""
    identite = (
        IscIdentite.objects.select_related("user")
        .filter(identifiant=identifiant, actif=True)
        .first()
    )
    if identite is None:
        make_password(
            mot_de_passe
        )  # same hashing cost as a real check (no user enumeration by timing)
        _echec(identifiant)
        return None
    if not identite.verifier_mot_de_passe(mot_de_passe):
        _echec(identifiant)
        return None
    identite.user.last_login = timezone.now()  # becomes the id_token's auth_time
    identite.user.save(update_fields=["last_login"])
    return identite


def consentement_existant(
    identite: IscIdentite, application, scopes: Iterable[str]
) -> bool:
    consent = IscConsentement.objects.filter(
        identite=identite, application=application
    ).first()
    return consent is not None and consent.couvre(scopes)


@transaction.atomic
def enregistrer_consentement(
    identite: IscIdentite, application, scopes: Iterable[str]
) -> IscConsentement:
    """Remember that the identity shares these scopes with the application (adds to earlier ones)."""
    consent, _ = IscConsentement.objects.select_for_update().get_or_create(
        identite=identite, application=application, defaults={"scopes": ""}
    )
    consent.scopes = " ".join(sorted(set(consent.scopes.split()) | set(scopes)))
    consent.save()
    return consent


@transaction.atomic
def enregistrer_client_plateforme():
    """Register the platform as a confidential authorization-code client (RS256), from the
    settings ISC_CLIENT_ID / ISC_CLIENT_SECRET / ISC_REDIRECT_URIS. Idempotent: an existing
    client is brought in line with the settings. Consent is asked on first use
    (skip_authorization is off)."""
    application_model = get_application_model()
    app = (
        application_model.objects.select_for_update()
        .filter(client_id=settings.ISC_CLIENT_ID)
        .first()
    )
    if app is None:
        app = application_model(
            client_id=settings.ISC_CLIENT_ID, client_secret=settings.ISC_CLIENT_SECRET
        )
    elif not check_password(settings.ISC_CLIENT_SECRET, app.client_secret):
        app.client_secret = settings.ISC_CLIENT_SECRET  # hashed by DOT on save
    app.name = "Convergence"
    app.client_type = application_model.CLIENT_CONFIDENTIAL
    app.authorization_grant_type = application_model.GRANT_AUTHORIZATION_CODE
    app.redirect_uris = " ".join(settings.ISC_REDIRECT_URIS)
    app.algorithm = application_model.RS256_ALGORITHM
    app.skip_authorization = False
    app.save()
    return app

"""Identities of the bundled Industriels Santé Connect provider.

In production iSC is a separate service with its own accounts; the platform only sees claims.
Here the provider lives in the same project, so each iSC identity is backed by a User row
(django-oauth-toolkit's grants and tokens point to AUTH_USER_MODEL) that has no usable
password, no organisation and no role: it can never log into the platform itself. The iSC
password is held here, checked only by the iSC login page.
"""

import uuid

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings

from comptes.models import IscRole, siren_validator, siret_validator


class IscIdentite(models.Model):
    """An iSC account: a person of a company, as iSC knows them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="isc_identite"
    )
    identifiant = models.CharField(_("identifiant iSC"), max_length=150, unique=True)
    sub = models.UUIDField(
        _("identifiant OIDC (sub)"), default=uuid.uuid4, unique=True, editable=False
    )
    mot_de_passe = models.CharField(max_length=128)
    prenom = models.CharField(_("prénom"), max_length=150)
    nom = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse électronique"))
    siren = models.CharField(_("SIREN"), max_length=9, validators=[siren_validator])
    siret = models.CharField(_("SIRET"), max_length=14, validators=[siret_validator])
    raison_sociale = models.CharField(_("raison sociale"), max_length=255)
    role = models.CharField(
        _("rôle iSC"), max_length=20, choices=IscRole.choices, default=IscRole.SALARIE
    )
    actif = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identité iSC")
        verbose_name_plural = _("identités iSC")
        ordering = ["identifiant"]

    def __str__(self) -> str:
        return f"{self.identifiant} ({self.raison_sociale})"

    def definir_mot_de_passe(self, raw: str) -> None:
        self.mot_de_passe = make_password(raw)

    def verifier_mot_de_passe(self, raw: str) -> bool:
        return check_password(raw, self.mot_de_passe)

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip()


class IscConsentement(models.Model):
    """The identity accepted to share the listed scopes with this client application."""

    identite = models.ForeignKey(
        IscIdentite, on_delete=models.CASCADE, related_name="consentements"
    )
    application = models.ForeignKey(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    scopes = models.CharField(max_length=255)
    accorde_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consentement iSC")
        constraints = [
            models.UniqueConstraint(
                fields=["identite", "application"], name="isc_consentement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identite} → {self.application}"

    def couvre(self, scopes) -> bool:
        return set(scopes) <= set(self.scopes.split())

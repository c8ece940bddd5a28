"""Organisations, users, products and the delegation tree of rights on products."""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

siren_validator = RegexValidator(r"^\d{9}$", _("Le SIREN doit comporter exactement 9 chiffres."))
siret_validator = RegexValidator(r"^\d{14}$", _("Le SIRET doit comporter exactement 14 chiffres."))


class Organisation(models.Model):
    """An editor company, identified by its SIREN (as iSC provides it)."""

    siren = models.CharField(_("SIREN"), max_length=9, unique=True, validators=[siren_validator])
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[siret_validator])
    raison_sociale = models.CharField(_("raison sociale"), max_length=255)
    adresse = models.TextField(_("adresse"), blank=True)
    gestionnaire_compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestionnaire de compte (ANS)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations_gerees",
        limit_choices_to={"organisation__isnull": True},
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        ordering = ["raison_sociale"]

    def __str__(self) -> str:
        return f"{self.raison_sociale} ({self.siren})"


class IscRole(models.TextChoices):
    MANDATAIRE = "MANDATAIRE", _("Mandataire")
    REPRESENTANT = "REPRESENTANT", _("Représentant légal")
    SALARIE = "SALARIE", _("Salarié")


class PreferenceNotification(models.TextChoices):
    IMMEDIATE = "immediate", _("Immédiatement")
    QUOTIDIENNE = "quotidienne", _("Résumé quotidien")


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class User(AbstractUser):
    """A person. Editors belong to an organisation; ANS staff have none and hold roles (groups)."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="utilisateurs"
    )
    isc_role = models.CharField(_("rôle iSC"), max_length=20, choices=IscRole.choices, blank=True)
    telephone = models.CharField(_("téléphone"), max_length=30, blank=True)
    # Delegation tree: who created this user, and whether they may create users in turn.
    cree_par = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="utilisateurs_crees"
    )
    est_admin_organisation = models.BooleanField(_("administrateur de l'organisation"), default=False)
    peut_gerer_utilisateurs = models.BooleanField(_("peut gérer les utilisateurs"), default=False)
    preference_notification = models.CharField(
        _("notifications par e-mail"),
        max_length=20,
        choices=PreferenceNotification.choices,
        default=PreferenceNotification.IMMEDIATE,
    )
    jeton_calendrier = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)

    class Meta:
        verbose_name = _("utilisateur")
        constraints = [
            models.CheckConstraint(
                name="admin_org_a_une_organisation",
                condition=models.Q(est_admin_organisation=False) | models.Q(organisation__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def est_agent_ans(self) -> bool:
        return self.organisation_id is None and (self.is_staff or self.is_superuser)


class Produit(models.Model):
    """A software product of an organisation (its commercial name)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="produits")
    nom = models.CharField(_("nom commercial"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("produit")
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["organisation", "nom"], name="produit_nom_unique_par_org")]

    def __str__(self) -> str:
        return self.nom


class VersionProduit(models.Model):
    """A technical version of a product: what a candidature references."""

    produit = models.ForeignKey(Produit, on_delete=models.PROTECT, related_name="versions")
    numero = models.CharField(_("numéro de version technique"), max_length=100)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version de produit")
        ordering = ["produit", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["produit", "numero"], name="version_unique_par_produit")]

    def __str__(self) -> str:
        return f"{self.produit.nom} {self.numero}"


class Droit(models.TextChoices):
    """Rights on a product, granted down the delegation tree."""

    LIRE = "lire", _("Consulter")
    CONTRIBUER = "contribuer", _("Contribuer")
    SOUMETTRE = "soumettre", _("Soumettre")
    SIGNER = "signer", _("Signer la convention")


class Habilitation(models.Model):
    """The rights of one user on one product, and who granted them (the tree's edge).

    A right is only as good as its grantor's: revoking or deactivating a grantor takes the same
    rights away from everything granted below them (see comptes.services).
    """

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habilitations")
    produit = models.ForeignKey(Produit, on_delete=models.CASCADE, related_name="habilitations")
    lire = models.BooleanField(_("consulter"), default=True)
    contribuer = models.BooleanField(_("contribuer"), default=False)
    soumettre = models.BooleanField(_("soumettre"), default=False)
    signer = models.BooleanField(_("signer la convention"), default=False)
    accordee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="habilitations_accordees"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("habilitation")
        constraints = [
            models.UniqueConstraint(fields=["utilisateur", "produit"], name="habilitation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.utilisateur} → {self.produit}: {', '.join(self.droits())}"

    def droits(self) -> set[str]:
        return {d for d in Droit.values if getattr(self, d)}


class Fichier(models.Model):
    """A stored file (proof, attestation, attachment). Immutable once stored; served only through
    a view that checks the rights on what it is attached to."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="fichiers"
    )
    produit = models.ForeignKey(
        Produit, null=True, blank=True, on_delete=models.PROTECT, related_name="fichiers",
        help_text=_("Readers of this product may download the file; without a product, the organisation's users."),
    )
    fichier = models.FileField(max_length=500)
    nom = models.CharField(_("nom du fichier"), max_length=255)
    type_mime = models.CharField(max_length=100)
    taille = models.BigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    depose_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fichier")
        # The files of a deposit or a message in the order they were sent (a prefetch has no
        # order of its own).
        ordering = ["id"]

    def __str__(self) -> str:
        return self.nom


class JetonAPI(models.Model):
    """A personal access token for the REST API: stored hashed, with an expiry, limited to its
    user's rights, optionally read-only. The clear value is shown once, at creation."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jetons_api")
    nom = models.CharField(_("nom du jeton"), max_length=100)
    prefixe = models.CharField(max_length=16, db_index=True)
    empreinte = models.CharField(max_length=64, unique=True)
    lecture_seule = models.BooleanField(_("lecture seule"), default=False)
    expire_le = models.DateTimeField(_("expire le"))
    derniere_utilisation = models.DateTimeField(null=True, blank=True)
    revoque_le = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jeton d'accès à l'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.prefixe}…)"

"""Waves and their dates, DSRs and profiles, candidatures, their phase-1 steps and the journal."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptes.models import Fichier, Organisation, VersionProduit

from .enums import CandidatureStatus, CndaStatus, EtapeStatus, StatutVague1


class Vague(models.Model):
    """A wave of the programme, with its three dates (aware datetimes, entered in Europe/Paris)."""

    numero = models.PositiveSmallIntegerField(_("numéro"), unique=True)
    nom = models.CharField(_("nom"), max_length=200)
    date1 = models.DateTimeField(_("Date N°1"), help_text=_("Dernier moment pour soumettre le dossier administratif."))
    date2 = models.DateTimeField(_("Date N°2"), help_text=_("Dernier moment pour soumettre le dossier complet de preuves."))
    date3 = models.DateTimeField(_("Date N°3"), help_text=_("Fin des échanges : plus aucun dépôt après cette date."))
    charte = models.TextField(_("charte de référencement"), blank=True)
    active = models.BooleanField(_("ouverte aux candidatures"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vague")
        ordering = ["-numero"]
        constraints = [
            models.CheckConstraint(
                name="vague_dates_ordonnees",
                condition=models.Q(date1__lt=models.F("date2")) & models.Q(date2__lt=models.F("date3")),
                violation_error_message=_("Les dates doivent respecter Date N°1 < Date N°2 < Date N°3."),
            )
        ]

    def __str__(self) -> str:
        return self.nom

    def dates(self) -> list[tuple[int, str, "timezone.datetime"]]:
        return [(1, "date1", self.date1), (2, "date2", self.date2), (3, "date3", self.date3)]


class DSR(models.Model):
    """Dossier de Spécifications de Référencement: one kind of software, for one wave."""

    vague = models.ForeignKey(Vague, on_delete=models.PROTECT, related_name="dsrs")
    code = models.CharField(_("code"), max_length=30)
    nom = models.CharField(_("nom"), max_length=255)
    couloir = models.CharField(_("couloir"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("DSR")
        verbose_name_plural = _("DSR")
        ordering = ["vague", "code"]
        constraints = [models.UniqueConstraint(fields=["vague", "code"], name="dsr_code_unique_par_vague")]

    def __str__(self) -> str:
        return f"{self.code} — {self.nom}"


class Profil(models.Model):
    """A part of a DSR's scope. The Général profile is mandatory for every candidature."""

    dsr = models.ForeignKey(DSR, on_delete=models.CASCADE, related_name="profils")
    nom = models.CharField(_("nom"), max_length=255)
    obligatoire = models.BooleanField(_("obligatoire (Général)"), default=False)
    necessite_cnda = models.BooleanField(_("nécessite une homologation CNDA"), default=False)
    ordre = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("profil")
        ordering = ["dsr", "-obligatoire", "ordre", "nom"]
        constraints = [models.UniqueConstraint(fields=["dsr", "nom"], name="profil_nom_unique_par_dsr")]

    def __str__(self) -> str:
        return self.nom


class Candidature(models.Model):
    """One application: one product version, one wave, one DSR."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="candidatures")
    version = models.ForeignKey(VersionProduit, on_delete=models.PROTECT, related_name="candidatures")
    vague = models.ForeignKey(Vague, on_delete=models.PROTECT, related_name="candidatures")
    dsr = models.ForeignKey(DSR, on_delete=models.PROTECT, related_name="candidatures")
    statut = models.CharField(
        max_length=30, choices=CandidatureStatus.choices, default=CandidatureStatus.BROUILLON, db_index=True
    )
    charte_acceptee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    charte_acceptee_le = models.DateTimeField(null=True)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("référent ANS"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidatures_referent",
    )
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    premiere_soumission_le = models.DateTimeField(null=True, blank=True)
    dossier_soumis_le = models.DateTimeField(null=True, blank=True)
    dossier_valide_le = models.DateTimeField(null=True, blank=True)
    preuves_completes_le = models.DateTimeField(
        null=True, blank=True, help_text=_("Première soumission du dossier complet de preuves (Date N°2).")
    )
    numero_referencement = models.CharField(max_length=40, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("candidature")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "vague", "dsr"],
                condition=~models.Q(statut="abandonnee"),
                name="candidature_unique_par_version_vague_dsr",
            ),
            models.CheckConstraint(name="candidature_statut_valide", condition=models.Q(statut__in=CandidatureStatus.values)),
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.dsr.code} ({self.vague})"

    @property
    def reference(self) -> str:
        return f"C-{self.vague.numero}-{self.pk:05d}"


class CandidatureAdministrative(models.Model):
    """Step 1: the administrative form, pre-filled from the iSC identity."""

    candidature = models.OneToOneField(Candidature, on_delete=models.CASCADE, related_name="administrative")
    statut = models.CharField(max_length=20, choices=EtapeStatus.choices, default=EtapeStatus.A_COMPLETER)
    raison_sociale = models.CharField(_("raison sociale"), max_length=255, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    adresse = models.TextField(_("adresse"), blank=True)
    contact_nom = models.CharField(_("nom du contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    contact_telephone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    statut_vague1 = models.CharField(_("statut Vague 1"), max_length=20, choices=StatutVague1.choices, blank=True)
    numero_referencement_vague1 = models.CharField(_("numéro de référencement Vague 1"), max_length=50, blank=True)
    attestation_vague1 = models.ForeignKey(
        Fichier, verbose_name=_("attestation Vague 1"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    convention_vague1_signee = models.BooleanField(_("convention Vague 1 signée"), default=False)
    revision = models.PositiveIntegerField(default=0, help_text=_("Incremented on each save (optimistic lock)."))
    modifie_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("candidature administrative")


class Eligibilite(models.Model):
    """Step 2: the eligibility form: profiles, CNDA identifiers and the proof of the CNDA request."""

    candidature = models.OneToOneField(Candidature, on_delete=models.CASCADE, related_name="eligibilite")
    statut = models.CharField(max_length=20, choices=EtapeStatus.choices, default=EtapeStatus.A_COMPLETER)
    profils = models.ManyToManyField(Profil, verbose_name=_("profils"), blank=True, related_name="+")
    nie = models.CharField(_("NIE (numéro d'identification éditeur)"), max_length=50, blank=True)
    nil = models.CharField(_("NIL (numéro d'identification logiciel)"), max_length=50, blank=True)
    nils_composants = models.TextField(_("NIL des composants additionnels"), blank=True, help_text=_("Un par ligne."))
    cnda_statut = models.CharField(_("statut de la demande CNDA"), max_length=30, choices=CndaStatus.choices, blank=True)
    cnda_date_retour = models.DateField(_("date de retour prévisionnelle du CNDA"), null=True, blank=True)
    cnda_preuve = models.ForeignKey(
        Fichier, verbose_name=_("preuve de la demande CNDA"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField(default=0)
    modifie_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("formulaire d'éligibilité")


class Evenement(models.Model):
    """The append-only journal: who did what to which object, when, with before/after status.

    It is the audit trail, the candidature's visible history and the source of notifications.
    """

    candidature = models.ForeignKey(
        Candidature, null=True, blank=True, on_delete=models.CASCADE, related_name="evenements"
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    acteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=60, db_index=True)
    cible = models.CharField(max_length=100, blank=True, help_text=_("Kind and id of the target, e.g. chapitre:12."))
    statut_avant = models.CharField(max_length=30, blank=True)
    statut_apres = models.CharField(max_length=30, blank=True)
    message = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("événement")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["candidature", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

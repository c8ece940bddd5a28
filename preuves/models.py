"""The REM catalogue (chapters, requirements, scenarios, requested proofs) and phase 2:
chapter dossiers, requested proofs of a candidature, deposits (versions) and reviews."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidatures.enums import CndaStatus
from candidatures.models import DSR, Candidature, Profil
from comptes.models import Fichier

from .enums import (
    ChapitreStatus,
    Criticite,
    DecisionChapitre,
    Perimetre,
    PreuveStatus,
    TypePreuve,
)


class Referentiel(models.Model):
    """One imported version of a DSR's REM (Référentiel d'Exigences Métier)."""

    dsr = models.ForeignKey(DSR, on_delete=models.PROTECT, related_name="referentiels")
    version = models.PositiveIntegerField()
    nom_fichier = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    importe_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    importe_le = models.DateTimeField(auto_now_add=True)
    rapport = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("version de REM")
        verbose_name_plural = _("versions de REM")
        ordering = ["dsr_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["dsr", "version"], name="referentiel_version_unique")]

    def __str__(self) -> str:
        return f"REM {self.dsr.code} v{self.version}"


class Chapitre(models.Model):
    """A group of requirements (INS, DMP, MSS, SSI…) submitted and reviewed as a whole."""

    dsr = models.ForeignKey(DSR, on_delete=models.CASCADE, related_name="chapitres")
    code = models.CharField(max_length=30)
    libelle = models.CharField(max_length=500)
    ordre = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("chapitre")
        ordering = ["dsr_id", "ordre", "code"]
        constraints = [models.UniqueConstraint(fields=["dsr", "code"], name="chapitre_code_unique_par_dsr")]

    def __str__(self) -> str:
        return f"{self.code} — {self.libelle}"


class Exigence(models.Model):
    """One requirement of a REM, e.g. SSI/GEN.18."""

    dsr = models.ForeignKey(DSR, on_delete=models.CASCADE, related_name="exigences")
    chapitre = models.ForeignKey(Chapitre, on_delete=models.PROTECT, related_name="exigences")
    profil = models.ForeignKey(Profil, on_delete=models.PROTECT, related_name="exigences")
    identifiant = models.CharField(max_length=100)
    perimetre = models.CharField(max_length=10, choices=Perimetre.choices, default=Perimetre.VAGUE2)
    section = models.CharField(
        max_length=500, blank=True, help_text=_("Libellé de la colonne « Chapitre » du REM pour cette exigence.")
    )
    fonction = models.CharField(max_length=500, blank=True)
    texte = models.TextField()
    commentaire = models.TextField(blank=True)
    profil_historique = models.CharField(max_length=255, blank=True)
    criticite = models.CharField(max_length=20, choices=Criticite.choices, default=Criticite.NON_DEFINIE)
    ordre = models.PositiveIntegerField(default=0)
    retiree = models.BooleanField(default=False, help_text=_("Absente de la dernière version importée du REM."))
    referentiel = models.ForeignKey(Referentiel, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("exigence")
        ordering = ["dsr_id", "ordre", "identifiant"]
        constraints = [models.UniqueConstraint(fields=["dsr", "identifiant"], name="exigence_unique_par_dsr")]

    def __str__(self) -> str:
        return self.identifiant

    @property
    def reprise_vague1(self) -> bool:
        return self.perimetre == Perimetre.VAGUE1


class Scenario(models.Model):
    """A conformity scenario of a requirement (requirement id + .NN)."""

    exigence = models.ForeignKey(Exigence, on_delete=models.CASCADE, related_name="scenarios")
    numero = models.CharField(max_length=120)
    texte = models.TextField(blank=True)
    ordre = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("scénario de conformité")
        ordering = ["exigence_id", "ordre", "numero"]
        constraints = [models.UniqueConstraint(fields=["exigence", "numero"], name="scenario_unique_par_exigence")]

    def __str__(self) -> str:
        return self.numero


class PreuveAttendue(models.Model):
    """One requested proof of the catalogue (one row of the REM workbook).

    Rows are never changed in place once a candidature references them: a changed row becomes a
    new PreuveAttendue and the old one is marked withdrawn.
    """

    dsr = models.ForeignKey(DSR, on_delete=models.CASCADE, related_name="preuves_attendues")
    exigence = models.ForeignKey(Exigence, on_delete=models.PROTECT, related_name="preuves_attendues")
    scenario = models.ForeignKey(Scenario, null=True, blank=True, on_delete=models.PROTECT, related_name="preuves_attendues")
    numero = models.CharField(max_length=120)
    texte = models.TextField()
    type = models.CharField(max_length=20, choices=TypePreuve.choices, default=TypePreuve.FICHIER)
    ordre = models.PositiveIntegerField(default=0)
    ligne = models.PositiveIntegerField(default=0, help_text=_("Row of the workbook it came from."))
    empreinte = models.CharField(max_length=64, help_text=_("Hash of the row's content, to detect changes."))
    retiree = models.BooleanField(default=False)
    referentiel = models.ForeignKey(Referentiel, null=True, on_delete=models.SET_NULL, related_name="preuves")

    class Meta:
        verbose_name = _("preuve attendue")
        verbose_name_plural = _("preuves attendues")
        ordering = ["dsr_id", "ordre", "numero"]
        indexes = [models.Index(fields=["dsr", "numero"])]

    def __str__(self) -> str:
        return f"{self.numero}: {self.texte[:60]}"


class DossierChapitre(models.Model):
    """One chapter of one candidature: submitted as a whole, reviewed in rounds."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="dossiers_chapitre")
    chapitre = models.ForeignKey(Chapitre, on_delete=models.PROTECT, related_name="dossiers")
    statut = models.CharField(max_length=30, choices=ChapitreStatus.choices, default=ChapitreStatus.A_COMPLETER, db_index=True)
    tour = models.PositiveIntegerField(_("tour d'analyse"), default=0)
    verificateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="chapitres_assignes"
    )
    soumis_le = models.DateTimeField(null=True, blank=True, db_index=True)
    decide_le = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dossier de chapitre")
        ordering = ["candidature_id", "chapitre__ordre"]
        constraints = [
            models.UniqueConstraint(fields=["candidature", "chapitre"], name="dossier_chapitre_unique"),
            models.CheckConstraint(name="dossier_chapitre_statut_valide", condition=models.Q(statut__in=ChapitreStatus.values)),
        ]

    def __str__(self) -> str:
        return f"{self.candidature_id} / {self.chapitre.code}"


class PreuveDemandee(models.Model):
    """A proof requested of one candidature (from its profiles and Vague 1 status)."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="preuves_demandees")
    dossier = models.ForeignKey(DossierChapitre, on_delete=models.CASCADE, related_name="preuves")
    preuve_attendue = models.ForeignKey(PreuveAttendue, on_delete=models.PROTECT, related_name="+")
    statut = models.CharField(max_length=20, choices=PreuveStatus.choices, default=PreuveStatus.A_FOURNIR, db_index=True)
    dernier_depot = models.ForeignKey("Depot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("preuve demandée")
        ordering = ["dossier_id", "preuve_attendue__ordre"]
        constraints = [
            models.UniqueConstraint(fields=["candidature", "preuve_attendue"], name="preuve_demandee_unique"),
            models.CheckConstraint(name="preuve_statut_valide", condition=models.Q(statut__in=PreuveStatus.values)),
        ]

    def __str__(self) -> str:
        return self.preuve_attendue.numero


class Depot(models.Model):
    """One version of a requested proof: files and/or a link, and a comment. Never changed."""

    preuve = models.ForeignKey(PreuveDemandee, on_delete=models.CASCADE, related_name="depots")
    # The proof's candidature, kept here too (as Revue.preuve is): the lists of deposits are read by
    # candidature, newest first (API `depots`), from one index rather than through every proof.
    candidature = models.ForeignKey(
        "candidatures.Candidature", on_delete=models.CASCADE, related_name="+", editable=False, db_index=False
    )
    version = models.PositiveIntegerField()
    tour = models.PositiveIntegerField(default=0, help_text=_("Analysis round of the chapter it was submitted in."))
    commentaire = models.TextField(_("commentaire"), blank=True)
    lien = models.URLField(_("lien"), max_length=1000, blank=True)
    fichiers = models.ManyToManyField(Fichier, blank=True, related_name="depots")
    # Pen-test report (SSI/GEN.18)
    prestataire_passi = models.CharField(_("prestataire PASSI"), max_length=255, blank=True)
    date_test = models.DateField(_("date du test d'intrusion"), null=True, blank=True)
    ko_haute = models.PositiveIntegerField(_("points de contrôle KO de gravité haute"), null=True, blank=True)
    ko_moyenne = models.PositiveIntegerField(_("points de contrôle KO de gravité moyenne"), null=True, blank=True)
    # CNDA homologation
    cnda_nil = models.CharField(_("NIL"), max_length=50, blank=True)
    cnda_statut = models.CharField(_("statut CNDA"), max_length=30, choices=CndaStatus.choices, blank=True)
    cnda_date_retour = models.DateField(_("date de retour prévisionnelle"), null=True, blank=True)
    depose_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dépôt")
        ordering = ["preuve_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["preuve", "version"], name="depot_version_unique")]
        indexes = [models.Index(fields=["candidature", "-created_at"], name="depot_candidature_recent")]

    def __str__(self) -> str:
        return f"{self.preuve} v{self.version}"


class Revue(models.Model):
    """A verifier's review of one deposit: a status and a comment. Kept forever."""

    depot = models.ForeignKey(Depot, on_delete=models.PROTECT, related_name="revues")
    preuve = models.ForeignKey(PreuveDemandee, on_delete=models.CASCADE, related_name="revues")
    tour = models.PositiveIntegerField(default=0)
    statut = models.CharField(max_length=20, choices=PreuveStatus.choices)
    commentaire = models.TextField(blank=True)
    verificateur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("revue de preuve")
        ordering = ["preuve_id", "-created_at"]


class RevueChapitre(models.Model):
    """The decision closing one analysis round of a chapter."""

    dossier = models.ForeignKey(DossierChapitre, on_delete=models.CASCADE, related_name="revues")
    tour = models.PositiveIntegerField()
    decision = models.CharField(max_length=30, choices=DecisionChapitre.choices)
    commentaire = models.TextField(blank=True)
    verificateur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("décision de chapitre")
        ordering = ["dossier_id", "-tour"]
        constraints = [models.UniqueConstraint(fields=["dossier", "tour"], name="revue_chapitre_unique_par_tour")]


class VisiteInterop(models.Model):
    """An interoperability visit of a candidature, with its report and step-by-step document."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="visites_interop")
    date_visite = models.DateTimeField(_("date de la visite"))
    lieu = models.CharField(_("lieu ou modalité"), max_length=255, blank=True)
    rapport = models.ForeignKey(Fichier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    pas_a_pas = models.ForeignKey(Fichier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    commentaire = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visite Interop")
        ordering = ["date_visite"]

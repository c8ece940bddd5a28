"""Phase 3: convention templates and documents, signatures, college sessions, decisions and
referencing numbers. Signed documents (Fichier) are immutable; a new signature is a new file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidatures.models import Candidature, Vague
from comptes.models import Fichier
from preuves.models import PreuveDemandee

from .enums import ConventionStatus, ResultatDecision, RoleSignature


class ModeleConvention(models.Model):
    """A versioned convention template of a wave. Editing creates a new version (see
    services.enregistrer_modele_convention): a version a Convention used never changes."""

    vague = models.ForeignKey(Vague, on_delete=models.PROTECT, related_name="modeles_convention")
    version = models.PositiveIntegerField(_("version"), editable=False)
    titre = models.CharField(_("titre"), max_length=255)
    corps = models.TextField(
        _("corps (gabarit HTML)"),
        help_text=_(
            "Gabarit Django : variables {{ organisation }}, {{ produit }}, {{ version }}, {{ dsr }}, "
            "{{ profils }}, {{ vague }}, {{ date }}."
        ),
    )
    actif = models.BooleanField(_("actif"), default=True, help_text=_("La version active sert aux nouvelles conventions."))
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("modèle de convention")
        verbose_name_plural = _("modèles de convention")
        ordering = ["vague", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["vague", "version"], name="modele_convention_version_unique"),
            models.UniqueConstraint(
                fields=["vague"], condition=models.Q(actif=True), name="modele_convention_un_actif_par_vague"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titre} ({self.vague}, v{self.version})"


class Convention(models.Model):
    """The convention of one candidature: the prepared PDF, then the editor's, then the agency's
    signed PDF, each an immutable Fichier with its SHA-256."""

    candidature = models.OneToOneField(Candidature, on_delete=models.PROTECT, related_name="convention")
    modele = models.ForeignKey(ModeleConvention, on_delete=models.PROTECT, related_name="conventions")
    statut = models.CharField(max_length=20, choices=ConventionStatus.choices, default=ConventionStatus.PREPAREE)
    pdf = models.ForeignKey(Fichier, on_delete=models.PROTECT, related_name="+")
    pdf_sha256 = models.CharField(max_length=64)
    pdf_signe_editeur = models.ForeignKey(Fichier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    pdf_signe_editeur_sha256 = models.CharField(max_length=64, blank=True)
    pdf_signe = models.ForeignKey(Fichier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    pdf_signe_sha256 = models.CharField(max_length=64, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    prepared_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("convention de référencement")
        verbose_name_plural = _("conventions de référencement")
        constraints = [
            models.CheckConstraint(name="convention_statut_valide", condition=models.Q(statut__in=ConventionStatus.values)),
        ]

    def __str__(self) -> str:
        return f"Convention {self.candidature.reference}"

    @property
    def document_courant(self) -> Fichier:
        """The latest version of the document: countersigned, else signed by the editor, else prepared."""
        return self.pdf_signe or self.pdf_signe_editeur or self.pdf


class Signature(models.Model):
    """One signature of a convention: who, when, from where, with what consent, and the SHA-256
    of the document it produced. One per role."""

    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(max_length=10, choices=RoleSignature.choices)
    signataire = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signe_le = models.DateTimeField()
    adresse_ip = models.GenericIPAddressField(null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 du document signé"), max_length=64)
    consentement = models.TextField(blank=True)

    class Meta:
        verbose_name = _("signature")
        ordering = ["signe_le"]
        constraints = [models.UniqueConstraint(fields=["convention", "role"], name="signature_une_par_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.signataire}"


class SessionCollege(models.Model):
    """A meeting of the collège de référencement and its agenda."""

    date = models.DateTimeField(_("date et heure"))
    lieu = models.CharField(_("lieu ou modalité"), max_length=255, blank=True)
    membres = models.TextField(_("membres"), blank=True, help_text=_("Un membre par ligne."))
    candidatures = models.ManyToManyField(Candidature, through="InscriptionCollege", related_name="sessions_college")
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session du collège")
        verbose_name_plural = _("sessions du collège")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"Collège du {self.date:%d/%m/%Y}"


class InscriptionCollege(models.Model):
    """One candidature on a session's agenda, at a position."""

    session = models.ForeignKey(SessionCollege, on_delete=models.CASCADE, related_name="inscriptions")
    candidature = models.ForeignKey(Candidature, on_delete=models.PROTECT, related_name="inscriptions_college")
    position = models.PositiveIntegerField()
    inscrit_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    inscrit_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inscription à l'ordre du jour")
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "candidature"], name="inscription_unique_par_session"),
            models.UniqueConstraint(fields=["session", "position"], name="inscription_position_unique"),
        ]


class Decision(models.Model):
    """The college's decision on one candidature in one session."""

    candidature = models.ForeignKey(Candidature, on_delete=models.PROTECT, related_name="decisions")
    session = models.ForeignKey(SessionCollege, on_delete=models.PROTECT, related_name="decisions")
    resultat = models.CharField(max_length=20, choices=ResultatDecision.choices)
    motifs = models.TextField(_("motifs"), blank=True)
    attestation = models.ForeignKey(Fichier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    redepot_ouvert = models.BooleanField(default=False, help_text=_("Non-attribution before Date N°3: proofs reopened."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("décision du collège")
        verbose_name_plural = _("décisions du collège")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "candidature"], name="decision_unique_par_session"),
            models.CheckConstraint(name="decision_resultat_valide", condition=models.Q(resultat__in=ResultatDecision.values)),
        ]

    def __str__(self) -> str:
        return f"{self.get_resultat_display()} — {self.candidature.reference}"


class Reserve(models.Model):
    """A blocking reservation of a non-attribution, on one requested proof or general."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reserves")
    preuve_demandee = models.ForeignKey(PreuveDemandee, null=True, blank=True, on_delete=models.PROTECT, related_name="reserves")
    motif = models.TextField(_("motif"))

    class Meta:
        verbose_name = _("réserve bloquante")
        verbose_name_plural = _("réserves bloquantes")
        ordering = ["decision", "id"]


class CompteurReferencement(models.Model):
    """The last number given for one prefix (e.g. SEGUR-V2-DPI). Locked with select_for_update
    and only ever incremented, so a number is never given twice."""

    prefixe = models.CharField(max_length=30, unique=True)
    dernier = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("compteur de numéros de référencement")


class NumeroReferencement(models.Model):
    """The register of every referencing number ever given. Rows are never deleted."""

    numero = models.CharField(max_length=40, unique=True)
    candidature = models.ForeignKey(Candidature, null=True, on_delete=models.SET_NULL, related_name="numeros_referencement")
    decision = models.OneToOneField(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="numero")
    attribue_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    attribue_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("numéro de référencement")
        verbose_name_plural = _("numéros de référencement")
        ordering = ["numero"]

    def __str__(self) -> str:
        return self.numero

"""The Espace Authentifié: support requests, FAQ, calendar events and links to the agency's services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidatures.models import DSR, Candidature, Profil, Vague
from comptes.models import Fichier, Organisation, Produit

from .enums import (
    BADGES_DEMANDE,
    TYPES_EVENEMENT_SAISIS,
    DemandeCategorie,
    DemandeStatus,
    TypeEvenement,
)

_AGENT_ANS = {"organisation__isnull": True, "is_staff": True}


class DemandeSupport(models.Model):
    """A support request ("Mes demandes Ségur") of an editor, answered by the agency's staff."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="demandes_support")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="demandes_support")
    categorie = models.CharField(_("catégorie"), max_length=20, choices=DemandeCategorie.choices)
    sujet = models.CharField(_("sujet"), max_length=200)
    description = models.TextField(_("description"))
    candidature = models.ForeignKey(
        Candidature, verbose_name=_("candidature concernée"), null=True, blank=True, on_delete=models.SET_NULL, related_name="demandes_support"
    )
    produit = models.ForeignKey(
        Produit, verbose_name=_("produit concerné"), null=True, blank=True, on_delete=models.SET_NULL, related_name="demandes_support"
    )
    statut = models.CharField(
        _("statut"), max_length=20, choices=DemandeStatus.choices, default=DemandeStatus.NOUVELLE, db_index=True
    )
    solution = models.TextField(_("solution apportée"), blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent en charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demandes_support_traitees",
        limit_choices_to=_AGENT_ANS,
    )
    pieces_jointes = models.ManyToManyField(Fichier, verbose_name=_("pièces jointes"), blank=True, related_name="+")
    resolue_le = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("ouverte le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("demande de support")
        verbose_name_plural = _("demandes de support")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="demande_statut_valide", condition=models.Q(statut__in=DemandeStatus.values)),
            models.CheckConstraint(
                name="demande_resolue_a_une_solution",
                condition=~models.Q(statut=DemandeStatus.RESOLUE) | ~models.Q(solution=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.sujet}"

    @property
    def reference(self) -> str:
        return f"DS-{self.pk:05d}" if self.pk else "DS-?"

    @property
    def badge(self) -> str:
        """DSFR badge modifier of the status."""
        return BADGES_DEMANDE.get(self.statut, "")


class MessageDemande(models.Model):
    """One message of a support request's thread (the editor's or an agent's)."""

    demande = models.ForeignKey(DemandeSupport, on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    texte = models.TextField(_("message"))
    pieces_jointes = models.ManyToManyField(Fichier, verbose_name=_("pièces jointes"), blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message de demande")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.demande.reference} #{self.pk}"


class ThemeFAQ(models.Model):
    nom = models.CharField(_("nom"), max_length=100, unique=True)
    ordre = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thème de FAQ")
        verbose_name_plural = _("thèmes de FAQ")
        ordering = ["ordre", "nom"]

    def __str__(self) -> str:
        return self.nom


class QuestionFAQ(models.Model):
    """A question and its answer, managed by the agency, tagged to reach the right editors."""

    question = models.CharField(_("question"), max_length=500)
    reponse = models.TextField(_("réponse"), help_text=_("Texte brut ; les retours à la ligne sont conservés."))
    themes = models.ManyToManyField(ThemeFAQ, verbose_name=_("thèmes"), blank=True, related_name="questions")
    dsrs = models.ManyToManyField(DSR, verbose_name=_("DSR concernés"), blank=True, related_name="+")
    profils = models.ManyToManyField(Profil, verbose_name=_("profils concernés"), blank=True, related_name="+")
    vague = models.ForeignKey(Vague, verbose_name=_("vague"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actualite = models.BooleanField(_("à la une (actualité Ségur)"), default=False)
    publiee = models.BooleanField(_("publiée"), default=True)
    ordre = models.PositiveIntegerField(_("ordre"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question de la FAQ")
        verbose_name_plural = _("questions de la FAQ")
        ordering = ["ordre", "id"]

    def __str__(self) -> str:
        return self.question


class EvenementCalendrier(models.Model):
    """A webinar, an Ask Me Anything session or another event of the agency's calendar."""

    titre = models.CharField(_("titre"), max_length=255)
    type = models.CharField(_("type"), max_length=20, choices=TYPES_EVENEMENT_SAISIS, default=TypeEvenement.WEBINAIRE)
    debut = models.DateTimeField(_("début"))
    fin = models.DateTimeField(_("fin"))
    description = models.TextField(_("description"), blank=True)
    lien_inscription = models.URLField(_("lien d'inscription"), max_length=500, blank=True)
    replay_url = models.URLField(_("lien du replay"), max_length=500, blank=True)
    support_url = models.URLField(_("lien du support de présentation"), max_length=500, blank=True)
    support_fichier = models.ForeignKey(
        Fichier, verbose_name=_("support de présentation (fichier)"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vague = models.ForeignKey(Vague, verbose_name=_("vague"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    publie = models.BooleanField(_("publié"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("événement du calendrier")
        verbose_name_plural = _("événements du calendrier")
        ordering = ["debut", "id"]
        constraints = [
            models.CheckConstraint(
                name="evenement_fin_apres_debut",
                condition=models.Q(fin__gte=models.F("debut")),
                violation_error_message=_("La fin doit suivre le début."),
            ),
            models.CheckConstraint(
                name="evenement_type_valide", condition=models.Q(type__in=[v for v, _l in TYPES_EVENEMENT_SAISIS])
            ),
        ]

    def __str__(self) -> str:
        return self.titre


class LienService(models.Model):
    """A link to another service of the agency gathered by the Espace Authentifié."""

    titre = models.CharField(_("titre"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    url = models.URLField(_("adresse"), max_length=500)
    icone = models.CharField(
        _("icône DSFR"), max_length=100, blank=True, help_text=_("Classe d'icône DSFR, par exemple fr-icon-links-line.")
    )
    ordre = models.PositiveIntegerField(_("ordre"), default=0)
    actif = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("lien vers un service")
        verbose_name_plural = _("liens vers les services")
        ordering = ["ordre", "titre"]

    def __str__(self) -> str:
        return self.titre

"""Message threads of candidatures, read markers, notifications, e-mail and reminder records."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidatures.models import Candidature, Evenement
from comptes.models import Fichier

# Key of the one main thread of a candidature (automatic messages go there).
CLE_PRINCIPAL = "principal"


class Fil(models.Model):
    """A message thread of a candidature: its main thread, or one opened by staff on a step or chapter."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="fils")
    sujet = models.CharField(_("sujet"), max_length=255, blank=True)
    cle = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("What the thread is about, e.g. principal, etape:administrative, chapitre:DMP."),
    )
    ouvert_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dernier_message_le = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fil de discussion")
        verbose_name_plural = _("fils de discussion")
        ordering = ["-dernier_message_le", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidature", "cle"], condition=~models.Q(cle=""), name="fil_cle_unique_par_candidature"
            )
        ]

    def __str__(self) -> str:
        return self.titre

    @property
    def est_principal(self) -> bool:
        return self.cle == CLE_PRINCIPAL

    @property
    def titre(self) -> str:
        return self.sujet or str(_("Fil principal"))


class Message(models.Model):
    """One message of a thread. Automatic messages (written on a journal event) have no author."""

    fil = models.ForeignKey(Fil, on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    texte = models.TextField(_("message"))
    automatique = models.BooleanField(default=False)
    lien = models.CharField(_("lien"), max_length=500, blank=True)
    evenement = models.ForeignKey(
        Evenement, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages",
        help_text=_("The journal event this message wrote (automatic) or was written in (sent)."),
    )
    pieces_jointes = models.ManyToManyField(Fichier, blank=True, related_name="messages", verbose_name=_("pièces jointes"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        ordering = ["created_at", "id"]
        constraints = [
            # A retried reaction never writes the same automatic message twice.
            models.UniqueConstraint(
                fields=["evenement"], condition=models.Q(automatique=True), name="message_auto_unique_par_evenement"
            )
        ]

    def __str__(self) -> str:
        return self.texte[:60]


class Lecture(models.Model):
    """Up to when one user has read one thread (messages after it are unread)."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fil = models.ForeignKey(Fil, on_delete=models.CASCADE, related_name="lectures")
    lu_jusqu_au = models.DateTimeField()

    class Meta:
        verbose_name = _("lecture")
        constraints = [models.UniqueConstraint(fields=["utilisateur", "fil"], name="lecture_unique")]


class EnvoiEmail(models.Model):
    """Idempotency record of one e-mail: its key is unique, and `envoye_le` is set in the same
    transaction that sends it, so a retried or duplicated task never sends it twice."""

    class Nature(models.TextChoices):
        NOTIFICATION = "notification", _("Notification")
        RESUME = "resume", _("Résumé quotidien")

    cle = models.CharField(max_length=120, unique=True, help_text=_("notification:<id> or resume:<user>:<day>."))
    nature = models.CharField(max_length=20, choices=Nature.choices)
    destinataire = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    envoye_le = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("envoi d'e-mail")
        verbose_name_plural = _("envois d'e-mails")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.cle


class Notification(models.Model):
    """What one user is told about one event or message, in the platform and by e-mail."""

    destinataire = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    candidature = models.ForeignKey(Candidature, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    evenement = models.ForeignKey(Evenement, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    titre = models.CharField(_("titre"), max_length=255)
    texte = models.TextField(_("texte"), blank=True)
    lien = models.CharField(_("lien"), max_length=500, blank=True)
    lue_le = models.DateTimeField(_("lue le"), null=True, blank=True)
    envoi = models.ForeignKey(
        EnvoiEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications",
        help_text=_("The e-mail (immediate or daily summary) that carried it."),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["destinataire", "lue_le"])]
        constraints = [
            models.UniqueConstraint(fields=["evenement", "destinataire"], name="notification_unique_par_evenement"),
            models.UniqueConstraint(fields=["message", "destinataire"], name="notification_unique_par_message"),
        ]

    def __str__(self) -> str:
        return self.titre


class RappelEnvoye(models.Model):
    """One reminder sent: once per candidature, date and delay, or per Interop visit and delay."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="+")
    numero_date = models.PositiveSmallIntegerField(null=True, blank=True)
    visite = models.ForeignKey("preuves.VisiteInterop", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    delai_jours = models.PositiveSmallIntegerField()
    evenement = models.ForeignKey(Evenement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["candidature", "numero_date", "delai_jours"],
                condition=models.Q(visite__isnull=True),
                name="rappel_unique_par_date",
            ),
            models.UniqueConstraint(
                fields=["visite", "delai_jours"], condition=models.Q(visite__isnull=False), name="rappel_unique_par_visite"
            ),
            models.CheckConstraint(
                name="rappel_date_ou_visite",
                condition=models.Q(numero_date__isnull=False, visite__isnull=True)
                | models.Q(numero_date__isnull=True, visite__isnull=False),
            ),
        ]

"""Notification fan-out of journal events and their e-mails (immediate or daily summary).

Everything here is idempotent: notifications are unique per (event, recipient), and each e-mail
has an EnvoiEmail row, locked and marked sent in the transaction that sends it.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from candidatures.affichage import libelle_evenement
from candidatures.enums import CandidatureStatus
from candidatures.models import Evenement
from comptes.models import PreferenceNotification
from comptes.policy import ROLE_INSTRUCTEUR

from . import emails
from .context_processors import oublier_comptes
from .models import EnvoiEmail, Message, Notification
from .selectors import destinataires
from .services import ACTION_MESSAGE, lien_candidature

logger = logging.getLogger(__name__)
User = get_user_model()
ACTION_RAPPEL = "rappel_echeance"
EXTRAIT = 500


def _libelle_statut(valeur: str) -> str:
    try:
        return str(CandidatureStatus(valeur).label)
    except ValueError:
        return valeur


def _destinataires_evenement(evenement: Evenement) -> list:
    details = evenement.details or {}
    if evenement.candidature_id is not None:
        qs = destinataires(evenement.candidature)
        if details.get("audience") == "editeurs":
            qs = qs.filter(organisation__isnull=False)
        if details.get("interne"):
            # A verifier's opinion before the chapter's decision: the editors learn it with the decision.
            qs = qs.filter(organisation__isnull=True)
    elif details.get("destinataires"):
        qs = User.objects.filter(pk__in=details["destinataires"], is_active=True)
    else:
        return []
    users = list(qs.exclude(pk=evenement.acteur_id) if evenement.acteur_id else qs)
    auteur_editeur = evenement.acteur is not None and evenement.acteur.organisation_id is not None
    if evenement.action == ACTION_MESSAGE and auteur_editeur and not any(u.organisation_id is None for u in users):
        # Nobody at the agency is on this candidature yet: an editor's message goes to the instructors.
        users += list(
            User.objects.filter(is_active=True, organisation__isnull=True, groups__name=ROLE_INSTRUCTEUR).distinct()
        )
    return users


def _contenu(evenement: Evenement, message: Message | None) -> tuple[str, str, str]:
    """Title, text and link of the notification of an event."""
    details = evenement.details or {}
    candidature = evenement.candidature
    lien = str(details.get("lien") or "")
    if candidature is None:
        return str(details.get("titre") or "Notification"), evenement.message, lien
    ref = candidature.reference
    lien = lien or lien_candidature(candidature)
    if evenement.action == ACTION_MESSAGE and message is not None:
        auteur = message.auteur or "Convergence"
        return f"Nouveau message de {auteur} — {ref}", message.texte[:EXTRAIT], lien
    texte = evenement.message
    if not texte and evenement.statut_apres:
        texte = f"Statut : {_libelle_statut(evenement.statut_avant)} → {_libelle_statut(evenement.statut_apres)}."
    if evenement.action == ACTION_RAPPEL:
        titre = f"Rappel d'échéance — {ref}"
    elif details.get("message_auto"):
        titre = f"{libelle_evenement(evenement.action)} — {ref}"
    else:
        titre = f"Candidature {ref} mise à jour"
    return titre, texte or evenement.action, lien


def notifier_evenement(evenement_id: int) -> int:
    """Create one notification per user attached to the event's candidature (the actor excepted),
    then e-mail those who want it immediately. Returns the number of e-mails sent now.

    Safe to run twice: nothing is created or sent again.
    """
    evenement = (
        Evenement.objects.select_related("candidature__vague", "candidature__version__produit", "acteur")
        .filter(pk=evenement_id)
        .first()
    )
    if evenement is None or (evenement.details or {}).get("notifier") is False:
        return 0
    message = Message.objects.select_related("auteur").filter(evenement=evenement).first()
    titre, texte, lien = _contenu(evenement, message)
    destinataires = list(_destinataires_evenement(evenement))
    Notification.objects.bulk_create(
        [
            Notification(
                destinataire=u,
                candidature_id=evenement.candidature_id,
                evenement=evenement,
                message=message,
                titre=titre[:255],
                texte=texte,
                lien=lien[:500],
            )
            for u in destinataires
        ],
        ignore_conflicts=True,
    )
    oublier_comptes(u.pk for u in destinataires)
    a_envoyer = list(
        Notification.objects.filter(
            evenement=evenement,
            envoi__isnull=True,
            destinataire__preference_notification=PreferenceNotification.IMMEDIATE,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(a_envoyer) <= LOT_EMAILS:
        return envoyer_emails(a_envoyer)
    # A large fan-out: batches in parallel tasks, each on one SMTP connection.
    from .tasks import envoyer_emails_task

    for debut in range(0, len(a_envoyer), LOT_EMAILS):
        envoyer_emails_task.delay(notification_ids=a_envoyer[debut : debut + LOT_EMAILS])
    return 0


# Notifications e-mailed by one task over one SMTP connection.
LOT_EMAILS = 100


def envoyer_emails(notification_ids: list[int]) -> int:
    """E-mail these notifications (each once) over one connection; return how many were sent.

    The batch is read in one query and its idempotency records (EnvoiEmail, one unique key per
    notification) created in one; then each e-mail is claimed, sent and recorded in a transaction
    of its own (`_envoyer_email`)."""
    if not notification_ids:
        return 0
    notifications = list(
        Notification.objects.select_related("destinataire", "message", "candidature__version__produit")
        .filter(pk__in=notification_ids)
        .exclude(destinataire__email="")
        .order_by("pk")
    )
    cles = {n.pk: f"notification:{n.pk}" for n in notifications}
    EnvoiEmail.objects.bulk_create(
        [EnvoiEmail(cle=cles[n.pk], nature=EnvoiEmail.Nature.NOTIFICATION, destinataire=n.destinataire)
         for n in notifications],
        ignore_conflicts=True,
    )
    envois = dict(EnvoiEmail.objects.filter(cle__in=cles.values()).values_list("cle", "pk"))
    with get_connection() as connection:
        return sum(_envoyer_email(n, envois[cles[n.pk]], connection) for n in notifications)


@transaction.atomic
def _envoyer_email(notification: Notification, envoi_id: int, connection) -> bool:
    """Send one notification's e-mail unless it was sent: the update that marks it sent claims it
    (a concurrent duplicate waits on the row, then finds it sent); if sending fails, the
    transaction rolls back and a retry sends it."""
    if not EnvoiEmail.objects.filter(pk=envoi_id, envoye_le__isnull=True).update(envoye_le=timezone.now()):
        return False
    emails.envoyer_notification(notification, connection=connection)
    Notification.objects.filter(pk=notification.pk).update(envoi_id=envoi_id)
    return True


def envoyer_resumes(*, maintenant: datetime | None = None) -> int:
    """Send each user who chose the daily summary one e-mail with their notifications not yet
    e-mailed. Once per user and day. Returns the number of summaries sent."""
    maintenant = maintenant or timezone.now()
    jour = timezone.localdate(maintenant)
    users = (
        Notification.objects.filter(
            envoi__isnull=True,
            created_at__lte=maintenant,
            destinataire__is_active=True,
            destinataire__preference_notification=PreferenceNotification.QUOTIDIENNE,
        )
        .exclude(destinataire__email="")
        .values_list("destinataire_id", flat=True)
        .distinct()
    )
    return sum(envoyer_resume(user_id, jour=jour, jusqu_a=maintenant) for user_id in list(users))


@transaction.atomic
def envoyer_resume(user_id: int, *, jour: date, jusqu_a: datetime) -> bool:
    """One user's summary of `jour`, once (EnvoiEmail resume:<user>:<day>, locked)."""
    user = User.objects.get(pk=user_id)
    envoi, _ = EnvoiEmail.objects.get_or_create(
        cle=f"resume:{user_id}:{jour.isoformat()}",
        defaults={"nature": EnvoiEmail.Nature.RESUME, "destinataire": user},
    )
    envoi = EnvoiEmail.objects.select_for_update().get(pk=envoi.pk)
    if envoi.envoye_le is not None:
        return False
    notifications = list(
        Notification.objects.select_for_update(of=("self",))
        .select_related("candidature__vague")
        .filter(destinataire=user, envoi__isnull=True, created_at__lte=jusqu_a)
        .order_by("created_at", "pk")
    )
    if not notifications:
        return False
    emails.envoyer_resume(user, notifications, jour)
    envoi.envoye_le = timezone.now()
    envoi.save(update_fields=["envoye_le"])
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(envoi=envoi)
    return True

from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction

from candidatures.journal import journaliser
from comptes.models import PreferenceNotification
from messagerie.models import CLE_PRINCIPAL, EnvoiEmail, Message, Notification
from messagerie.notifications import envoyer_resumes, notifier_evenement
from messagerie.tasks import notifier_evenement_task
from tests.factories import AgentFactory, DossierChapitreFactory

from .conftest import COMPLEMENT

pytestmark = pytest.mark.django_db


def test_complement_request_appears_in_thread_notifications_and_email(
    candidature, lecteur, instructeur, demander_complement, mailoutbox
):
    evenement = demander_complement(candidature, instructeur, lien="/candidatures/1/administrative/")

    message = Message.objects.get()
    assert (message.fil.candidature, message.fil.cle) == (candidature, CLE_PRINCIPAL)
    assert (message.texte, message.lien, message.automatique, message.auteur) == (
        COMPLEMENT,
        "/candidatures/1/administrative/",
        True,
        None,
    )
    assert message.evenement == evenement
    notification = Notification.objects.get()
    assert (notification.destinataire, notification.texte, notification.lien) == (
        lecteur,
        COMPLEMENT,
        "/candidatures/1/administrative/",
    )
    assert notification.titre == f"Complément demandé par l'ANS — {candidature.reference}"
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [lecteur.email]
    assert email.subject == f"[Convergence] Complément demandé par l'ANS — {candidature.reference}"
    assert COMPLEMENT in email.body
    assert "http://127.0.0.1:8000/candidatures/1/administrative/" in email.body
    assert f"http://127.0.0.1:8000/messagerie/fils/{message.fil_id}/" in email.body
    html, mime = email.alternatives[0]
    assert mime == "text/html"
    assert 'href="http://127.0.0.1:8000/candidatures/1/administrative/"' in html
    assert notification.envoi.envoye_le is not None


def test_two_attached_users_get_exactly_one_email_each_even_when_task_runs_twice(
    candidature, lecteur, admin_org, instructeur, demander_complement, mailoutbox
):
    evenement = demander_complement(candidature, instructeur)

    notifier_evenement_task.delay(evenement_id=evenement.pk)
    notifier_evenement_task.apply(kwargs={"evenement_id": evenement.pk})

    assert sorted(m.to[0] for m in mailoutbox) == sorted([lecteur.email, admin_org.email])
    assert Notification.objects.count() == 2
    assert EnvoiEmail.objects.filter(envoye_le__isnull=False).count() == 2
    assert Message.objects.count() == 1


def test_unattached_users_and_other_organisations_get_nothing(
    candidature, lecteur, sans_droit, autre_org, instructeur, demander_complement, mailoutbox
):
    demander_complement(candidature, instructeur)

    assert list(Notification.objects.values_list("destinataire__username", flat=True)) == ["lecteur"]
    assert [m.to for m in mailoutbox] == [[lecteur.email]]


def test_actor_is_not_notified_and_staff_on_the_candidature_are(candidature, lecteur, instructeur, demander_complement):
    verificateur = AgentFactory(username="verif-chapitre", role="verificateur")
    DossierChapitreFactory(candidature=candidature, verificateur=verificateur)
    referent = AgentFactory(username="referent")
    candidature.referent = referent
    candidature.save()
    AgentFactory(username="agent-ailleurs")

    with transaction.atomic():
        journaliser("pris_en_charge", acteur=instructeur, candidature=candidature)
    demander_complement(candidature, lecteur)

    assert sorted(Notification.objects.values_list("destinataire__username", flat=True)) == [
        "instructeur",
        "referent",
        "verif-chapitre",
    ]


def _failing_action(candidature, acteur):
    """A service that journals, then fails: its transaction rolls back."""
    with transaction.atomic():
        journaliser(
            "complement_demande",
            acteur=acteur,
            candidature=candidature,
            message=COMPLEMENT,
            details={"message_auto": True, "lien": "/x/"},
        )
        raise RuntimeError("the service failed after journalling")


def test_rolled_back_action_sends_nothing(
    candidature, lecteur, instructeur, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        _failing_action(candidature, instructeur)

    assert callbacks == []
    assert (Message.objects.count(), Notification.objects.count(), len(mailoutbox)) == (0, 0, 0)


def test_status_change_without_message_is_described(candidature, lecteur, instructeur):
    with transaction.atomic():
        evenement = journaliser(
            "dossier_valide", acteur=instructeur, candidature=candidature, avant="dossier_soumis", apres="preuves"
        )

    notifier_evenement(evenement.pk)

    notification = Notification.objects.get()
    assert notification.titre == f"Candidature {candidature.reference} mise à jour"
    assert notification.texte == "Statut : Dossier administratif soumis → Dépôt des preuves."
    assert Message.objects.count() == 0


def test_event_may_opt_out_of_notifications(candidature, lecteur, instructeur, mailoutbox):
    evenement = journaliser("brouillon_enregistre", acteur=instructeur, candidature=candidature, details={"notifier": False})

    assert notifier_evenement(evenement.pk) == 0
    assert Notification.objects.count() == 0


def test_event_without_candidature_notifies_listed_users(lecteur, instructeur, mailoutbox):
    evenement = journaliser(
        "demande_support_repondue",
        acteur=instructeur,
        organisation=lecteur.organisation,
        message="L'ANS a répondu à votre demande.",
        details={"destinataires": [lecteur.pk, instructeur.pk], "lien": "/espace/demandes/3/", "titre": "Support Ségur"},
    )

    notifier_evenement(evenement.pk)

    notification = Notification.objects.get()
    assert (notification.destinataire, notification.titre, notification.lien) == (lecteur, "Support Ségur", "/espace/demandes/3/")
    assert [m.to for m in mailoutbox] == [[lecteur.email]]


def test_digest_users_get_no_immediate_email_then_one_summary_a_day(
    candidature, lecteur, admin_org, instructeur, demander_complement, mailoutbox
):
    lecteur.preference_notification = PreferenceNotification.QUOTIDIENNE
    lecteur.save()
    demander_complement(candidature, instructeur, message="Premier complément.")
    demander_complement(candidature, instructeur, message="Second complément.")
    assert [m.to for m in mailoutbox] == [[admin_org.email], [admin_org.email]]

    assert envoyer_resumes() == 1
    assert envoyer_resumes() == 0

    resume = mailoutbox[2]
    assert resume.to == [lecteur.email]
    assert resume.subject.startswith("[Convergence] Résumé du ")
    assert resume.subject.endswith(" : 2 notifications")
    assert "Premier complément." in resume.body and "Second complément." in resume.body
    assert "http://127.0.0.1:8000/x/" in resume.body
    assert Notification.objects.filter(destinataire=lecteur, envoi__nature="resume").count() == 2
    assert len(mailoutbox) == 3


class FlakySMTP(EmailBackend):
    """Fails the first send like a dropped SMTP connection, then delivers to the outbox."""

    failures = 0

    def send_messages(self, messages):
        if FlakySMTP.failures < 1:
            FlakySMTP.failures += 1
            raise SMTPServerDisconnected("connexion perdue")
        return super().send_messages(messages)


def test_transient_smtp_error_is_retried_and_sends_once(candidature, lecteur, instructeur, settings):
    settings.EMAIL_BACKEND = "tests.messagerie.test_notifications.FlakySMTP"
    FlakySMTP.failures = 0
    mail.outbox = []
    evenement = journaliser("complement_demande", acteur=instructeur, candidature=candidature, message=COMPLEMENT)

    result = notifier_evenement_task.apply(kwargs={"evenement_id": evenement.pk}, throw=False)

    assert (result.state, result.result) == ("SUCCESS", 1)
    assert FlakySMTP.failures == 1
    assert [m.to for m in mail.outbox] == [[lecteur.email]]
    assert EnvoiEmail.objects.get().envoye_le is not None


def test_large_fan_out_is_sent_in_batches_once_each(candidature, instructeur, demander_complement, mailoutbox, monkeypatch):
    from comptes.models import Habilitation, User
    from messagerie import notifications

    monkeypatch.setattr(notifications, "LOT_EMAILS", 7)
    org, produit = candidature.organisation, candidature.version.produit
    users = User.objects.bulk_create(
        [User(username=f"lecteur-{i}", email=f"l{i}@example.test", organisation=org) for i in range(30)]
    )
    Habilitation.objects.bulk_create([Habilitation(utilisateur=u, produit=produit, lire=True) for u in users])
    sent_batches = []
    real = notifications.envoyer_emails
    monkeypatch.setattr(notifications, "envoyer_emails", lambda ids: sent_batches.append(len(ids)) or real(ids))

    evenement = demander_complement(candidature, instructeur)  # the task runs once after commit
    notifier_evenement_task.apply(kwargs={"evenement_id": evenement.pk})  # and a duplicate

    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in users)
    assert sent_batches == [7, 7, 7, 7, 2, 0]  # the duplicate finds nothing left to send
    assert EnvoiEmail.objects.filter(envoye_le__isnull=False).count() == 30


def test_a_batch_sent_twice_sends_each_email_once(candidature, lecteur, instructeur, mailoutbox):
    """A duplicated batch task (Celery delivers at least once) finds its e-mails claimed."""
    from messagerie.notifications import envoyer_emails

    evenement = journaliser("complement_demande", acteur=instructeur, candidature=candidature, message=COMPLEMENT)
    notifier_evenement_task.apply(kwargs={"evenement_id": evenement.pk})
    ids = list(Notification.objects.filter(evenement=evenement).values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(envoi=None)
    EnvoiEmail.objects.all().delete()
    mailoutbox.clear()

    assert (envoyer_emails(ids), envoyer_emails(ids)) == (1, 0)
    assert [m.to for m in mailoutbox] == [[lecteur.email]]
    assert Notification.objects.get(pk__in=ids).envoi == EnvoiEmail.objects.get(envoye_le__isnull=False)


def test_internal_review_event_notifies_staff_only(candidature, lecteur, instructeur, django_capture_on_commit_callbacks):
    """A verifier's opinion before the chapter's decision stays with the agency (preuves.services.revoir_preuve)."""
    journaliser("referent_assigne", acteur=instructeur, candidature=candidature, message="Référent.")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        journaliser(
            "preuve_revue", acteur=None, candidature=candidature, message="Avis « Non conforme » sur la version 1.",
            details={"interne": True},
        )

    assert list(Notification.objects.filter(evenement__action="preuve_revue").values_list("destinataire", flat=True)) == [
        instructeur.pk
    ]

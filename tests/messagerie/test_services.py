import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidatures.models import Evenement
from comptes.errors import DomainError, FichierRefuse, PermissionRefusee
from messagerie.models import CLE_PRINCIPAL, Fil, Lecture, Notification
from messagerie.selectors import compte_non_lus
from messagerie.services import envoyer_message, fil_principal, marquer_lu, ouvrir_fil
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db

from tests.files import PNG  # noqa: E402


def test_editor_message_with_attachment_is_journalled_and_notifies_the_others(
    candidature, lecteur, admin_org, instructeur, django_capture_on_commit_callbacks, mailoutbox
):
    candidature.referent = instructeur
    candidature.save()
    fil = fil_principal(candidature)

    with django_capture_on_commit_callbacks(execute=True):
        message = envoyer_message(
            fil, texte="  Voici le SIRET corrigé.  ", fichiers=[SimpleUploadedFile("kbis.png", PNG)], by=lecteur
        )

    assert (message.auteur, message.texte, message.automatique) == (lecteur, "Voici le SIRET corrigé.", False)
    piece = message.pieces_jointes.get()
    assert (piece.nom, piece.type_mime, piece.produit, piece.organisation) == (
        "kbis.png",
        "image/png",
        candidature.version.produit,
        candidature.organisation,
    )
    evenement = Evenement.objects.get(action="message_envoye")
    assert (evenement.acteur, evenement.candidature, evenement.details["message"]) == (lecteur, candidature, message.pk)
    assert message.evenement == evenement
    fil.refresh_from_db()
    assert fil.dernier_message_le == message.created_at
    assert sorted(Notification.objects.values_list("destinataire__username", "message_id")) == [
        ("admin-org", message.pk),
        ("instructeur", message.pk),
    ]
    assert Notification.objects.filter(destinataire=instructeur).get().lien == f"/messagerie/fils/{fil.pk}/"
    assert Notification.objects.filter(destinataire=instructeur).get().titre == (
        f"Nouveau message de {lecteur} — {candidature.reference}"
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([admin_org.email, instructeur.email])
    assert Lecture.objects.get(utilisateur=lecteur, fil=fil).lu_jusqu_au == message.created_at


def test_editor_message_with_no_staff_on_candidature_goes_to_instructors(
    candidature, lecteur, instructeur, verificateur, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        envoyer_message(fil_principal(candidature), texte="Une question sur la Date N°2.", by=lecteur)

    assert list(Notification.objects.values_list("destinataire__username", flat=True)) == ["instructeur"]


def test_message_by_a_user_without_read_right_is_refused(candidature, sans_droit, autre_org):
    fil = fil_principal(candidature)

    for user in (sans_droit, autre_org):
        with pytest.raises(PermissionRefusee):
            envoyer_message(fil, texte="Bonjour", by=user)
    assert fil.messages.count() == 0


def test_empty_message_is_refused(candidature, lecteur):
    with pytest.raises(DomainError, match=r"^Le message est vide\.$"):
        envoyer_message(fil_principal(candidature), texte="   ", by=lecteur)


def test_attachment_of_a_refused_type_is_refused(candidature, lecteur):
    with pytest.raises(FichierRefuse):
        envoyer_message(
            fil_principal(candidature),
            texte="Voir la page",
            fichiers=[SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>")],
            by=lecteur,
        )


def test_staff_opens_one_thread_per_chapter(candidature, instructeur):
    fil = ouvrir_fil(candidature, sujet="Chapitre DMP", cle="chapitre:DMP", by=instructeur)
    again = ouvrir_fil(candidature, sujet="Chapitre DMP (bis)", cle="chapitre:DMP", by=instructeur)

    assert again == fil
    assert (fil.sujet, fil.cle, fil.ouvert_par) == ("Chapitre DMP", "chapitre:DMP", instructeur)
    assert ouvrir_fil(candidature, sujet="Principal", cle=CLE_PRINCIPAL, by=instructeur) == fil_principal(candidature)
    assert Fil.objects.filter(candidature=candidature).count() == 2


def test_editor_cannot_open_a_thread(candidature, admin_org):
    with pytest.raises(PermissionRefusee):
        ouvrir_fil(candidature, sujet="Chapitre DMP", by=admin_org)


def test_reading_a_thread_marks_its_messages_and_their_notifications_read(
    candidature, lecteur, instructeur, django_capture_on_commit_callbacks
):
    fil = fil_principal(candidature)
    with django_capture_on_commit_callbacks(execute=True):
        envoyer_message(fil, texte="Pouvez-vous préciser ?", by=instructeur)
    other = AgentFactory(username="autre-agent")
    with django_capture_on_commit_callbacks(execute=True):
        envoyer_message(fil, texte="Je complète.", by=other)
    assert compte_non_lus(lecteur) == 2

    marquer_lu(fil, by=lecteur)

    assert compte_non_lus(lecteur) == 0
    assert Notification.objects.filter(destinataire=lecteur, lue_le__isnull=True).count() == 0

"""API of the messaging: threads of a candidature, messages with attachments, notifications."""

import pytest

from messagerie.models import Fil, Message, Notification
from tests.factories import CandidatureFactory, VersionProduitFactory
from tests.messagerie.factories import FilFactory, MessageFactory, NotificationFactory
from tests.preuves.factories import pdf, png

from .conftest import erreur

pytestmark = pytest.mark.django_db


def test_an_editor_writes_in_the_main_thread_with_attachments(api, lecteur, instructeur, brouillon,
                                                               django_capture_on_commit_callbacks):
    brouillon.referent = instructeur
    brouillon.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = api(lecteur).post("/api/v1/messages/", {
            "candidature": brouillon.pk, "texte": "Voici le Kbis demandé.", "fichiers": [pdf(), png()],
        }, format="multipart")

    assert response.status_code == 201, response.content
    body = response.json()
    fil = Fil.objects.get(candidature=brouillon)
    assert (body["fil"], body["auteur"], body["auteur_nom"], body["texte"]) == (fil.pk, lecteur.pk, "Alex Lecteur", "Voici le Kbis demandé.")
    assert [f["nom"] for f in body["pieces_jointes"]] == ["rapport.pdf", "capture.png"]
    notification = api(instructeur).get("/api/v1/notifications/?lue=false").json()["results"]
    assert [n["candidature"] for n in notification] == [brouillon.pk]


def test_threads_show_the_unread_count_and_can_be_marked_read(api, lecteur, instructeur, brouillon):
    fil = FilFactory(candidature=brouillon)
    MessageFactory.create_batch(2, fil=fil, auteur=instructeur)
    client = api(lecteur)

    avant = client.get(f"/api/v1/fils/?candidature={brouillon.pk}").json()["results"]
    apres = client.post(f"/api/v1/fils/{fil.pk}/lu/").json()

    assert [(f["id"], f["titre"], f["non_lus"], f["nb_messages"]) for f in avant] == [(fil.pk, "Fil principal", 2, 2)]
    assert apres["non_lus"] == 0


def test_another_organisation_cannot_read_nor_write_in_our_threads(api, autre_editeur, instructeur, brouillon):
    fil = FilFactory(candidature=brouillon)
    message = MessageFactory(fil=fil, auteur=instructeur, texte="Confidentiel")
    client = api(autre_editeur)

    assert client.get("/api/v1/fils/").json()["count"] == 0
    assert client.get("/api/v1/messages/").json()["count"] == 0
    erreur(client.get(f"/api/v1/messages/{message.pk}/"), 404, "introuvable")
    erreur(client.post(f"/api/v1/fils/{fil.pk}/lu/"), 404, "introuvable")
    body = erreur(client.post("/api/v1/messages/", {"fil": fil.pk, "texte": "Bonjour"}, format="json"), 400, "requete_invalide")
    assert body["champs"] == {"fil": [f"Aucun objet accessible ne porte l'identifiant {fil.pk}."]}
    assert Message.objects.count() == 1


def test_a_message_needs_a_text_and_one_destination(api, lecteur, brouillon):
    fil = FilFactory(candidature=brouillon)
    client = api(lecteur)

    deux = client.post("/api/v1/messages/", {"fil": fil.pk, "candidature": brouillon.pk, "texte": "x"}, format="json")
    vide = client.post("/api/v1/messages/", {"fil": fil.pk, "texte": "   "}, format="json")

    assert erreur(deux, 400, "requete_invalide")["champs"] == {
        "fil": ["Indiquez soit le fil, soit la candidature (son fil principal)."]
    }
    assert erreur(vide, 400, "requete_invalide")["champs"] == {"texte": ["Ce champ ne peut être vide."]}


def test_notifications_are_the_callers_own(api, lecteur, autre_editeur, brouillon):
    mienne = NotificationFactory(destinataire=lecteur, candidature=brouillon, titre="Complément demandé")
    NotificationFactory(destinataire=lecteur, candidature=brouillon)
    autre = NotificationFactory(destinataire=autre_editeur)
    client = api(lecteur)

    lue = client.post(f"/api/v1/notifications/{mienne.pk}/lue/").json()
    reste = client.post("/api/v1/notifications/tout-lire/").json()
    erreur(client.post(f"/api/v1/notifications/{autre.pk}/lue/"), 404, "introuvable")

    assert (lue["titre"], lue["lue_le"] is not None) == ("Complément demandé", True)
    assert reste == {"marquees": 1}
    autre.refresh_from_db()
    assert autre.lue_le is None
    assert Notification.objects.filter(destinataire=lecteur, lue_le__isnull=True).count() == 0


@pytest.mark.parametrize("n", [1, 3])
def test_messaging_lists_query_counts_are_constant(api, lecteur, instructeur, version, cat, django_assert_num_queries, n):
    for _ in range(n):
        c = CandidatureFactory(version=VersionProduitFactory(produit=version.produit), dsr=cat["dsr"])
        MessageFactory(fil=FilFactory(candidature=c), auteur=instructeur)
        NotificationFactory(destinataire=lecteur, candidature=c)
    client = api(lecteur)

    for route, requetes in (("fils", 4), ("messages", 5), ("notifications", 3)):
        with django_assert_num_queries(requetes):  # token, (visible candidatures), count, page (+ attachments)
            assert client.get(f"/api/v1/{route}/").json()["count"] == n

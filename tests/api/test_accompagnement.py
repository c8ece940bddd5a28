"""API of the Espace Authentifié: support requests and the calendar's events."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accompagnement.enums import DemandeStatus
from accompagnement.models import DemandeSupport
from comptes.fichiers import enregistrer_fichier
from tests.accompagnement.factories import (
    DemandeSupportFactory,
    EvenementCalendrierFactory,
    MessageDemandeFactory,
)
from tests.candidatures.fichiers import pdf_bytes
from tests.factories import UserFactory
from tests.preuves.factories import pdf

from .conftest import erreur

pytestmark = pytest.mark.django_db


def test_an_editor_opens_a_request_and_the_agency_answers(api, lecteur, instructeur, brouillon):
    editeur, agent = api(lecteur), api(instructeur)

    ouverte = editeur.post("/api/v1/demandes/", {
        "categorie": "plateforme", "sujet": "Dépôt d'une vidéo", "description": "La vidéo fait 1 Go.",
        "candidature": brouillon.pk, "fichiers": [pdf()],
    }, format="multipart")
    demande = ouverte.json()
    reponse = agent.post(f"/api/v1/demandes/{demande['id']}/repondre/", {"texte": "Déposez-la en MP4.",
                                                                          "attendre_editeur": True}, format="json")
    relance = editeur.post(f"/api/v1/demandes/{demande['id']}/repondre/", {"texte": "Merci, c'est fait."}, format="json")

    assert ouverte.status_code == 201, ouverte.content
    assert (demande["statut"], demande["produit"], demande["reference"]) == ("nouvelle", brouillon.version.produit_id,
                                                                            f"DS-{demande['id']:05d}")
    assert [f["nom"] for f in demande["pieces_jointes"]] == ["rapport.pdf"]
    assert (reponse.status_code, reponse.json()["statut"], reponse.json()["agent_nom"]) == (201, "en_attente_editeur", str(instructeur))
    assert relance.json()["statut"] == "en_cours"
    assert [m["texte"] for m in relance.json()["messages"]] == ["Déposez-la en MP4.", "Merci, c'est fait."]


def test_a_request_with_missing_fields_is_a_400(api, lecteur):
    body = erreur(api(lecteur).post("/api/v1/demandes/", {"categorie": "autre"}, format="json"), 400, "requete_invalide")

    assert body["champs"] == {"sujet": ["Ce champ est obligatoire."], "description": ["Ce champ est obligatoire."]}


def test_ans_staff_cannot_open_a_request(api, instructeur):
    erreur(api(instructeur).post("/api/v1/demandes/", {}, format="json"), 403, "droit_insuffisant")


def test_a_resolved_request_takes_no_reply(api, lecteur):
    demande = DemandeSupportFactory(auteur=lecteur, statut=DemandeStatus.RESOLUE, solution="Réglé.")

    body = erreur(api(lecteur).post(f"/api/v1/demandes/{demande.pk}/repondre/", {"texte": "Encore une question"},
                                    format="json"), 409, "transition_interdite")

    assert body["message"] == "Cette demande est résolue : ouvrez une nouvelle demande pour une autre question."


def test_another_organisations_request_is_a_404(api, autre_editeur, lecteur, brouillon):
    demande = DemandeSupportFactory(auteur=lecteur, sujet="Notre feuille de route")
    client = api(autre_editeur)

    assert client.get("/api/v1/demandes/").json()["count"] == 0
    body = erreur(client.get(f"/api/v1/demandes/{demande.pk}/"), 404, "introuvable")
    erreur(client.post(f"/api/v1/demandes/{demande.pk}/repondre/", {"texte": "x"}, format="json"), 404, "introuvable")
    assert "feuille de route" not in str(body)
    refus = client.post("/api/v1/demandes/", {"categorie": "autre", "sujet": "s", "description": "d",
                                               "candidature": brouillon.pk}, format="json")
    assert erreur(refus, 400, "requete_invalide")["champs"] == {
        "candidature": [f"Aucun objet accessible ne porte l'identifiant {brouillon.pk}."]
    }
    assert DemandeSupport.objects.count() == 1


def test_calendar_events_published_only_with_their_slides(api, lecteur, administrateur):
    slides = enregistrer_fichier(SimpleUploadedFile("slides.pdf", pdf_bytes()), organisation=None, by=administrateur)
    publie = EvenementCalendrierFactory(titre="Webinaire Vague 2", support_fichier=slides)
    EvenementCalendrierFactory(titre="Brouillon", publie=False)
    client = api(lecteur)

    body = client.get("/api/v1/evenements-calendrier/").json()
    support = client.get(body["results"][0]["support_fichier"])

    assert [(e["titre"], e["type"]) for e in body["results"]] == [("Webinaire Vague 2", "webinaire")]
    assert b"".join(support.streaming_content) == pdf_bytes()
    assert body["results"][0]["support_fichier"].endswith(f"/api/v1/evenements-calendrier/{publie.pk}/support/")
    demain = (timezone.now() + timedelta(days=30)).isoformat()
    assert client.get("/api/v1/evenements-calendrier/", {"debut__gte": demain}).json()["count"] == 0
    assert erreur(client.get("/api/v1/evenements-calendrier/?debut__gte=hier"), 400, "requete_invalide")["champs"] == {
        "debut__gte": ["Saisissez une date et une heure valides."]
    }


@pytest.mark.parametrize("n", [1, 3])
def test_espace_lists_query_counts_are_constant(api, admin_org, django_assert_num_queries, n):
    for _ in range(n):
        MessageDemandeFactory(demande=DemandeSupportFactory(auteur=UserFactory(organisation=admin_org.organisation)))
        EvenementCalendrierFactory()
    client = api(admin_org)

    for route in ("demandes", "evenements-calendrier"):
        with django_assert_num_queries(3):  # token, count, page
            assert client.get(f"/api/v1/{route}/").json()["count"] == n

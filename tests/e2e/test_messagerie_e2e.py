"""In Chromium: an instructor's request for complements reaches the editor's inbox, thread and
notifications; the editor answers with an attachment; the instructor opens a thread on a chapter."""

import pytest
from django.db import transaction

from candidatures.journal import journaliser
from messagerie.models import Message
from tests.e2e.conftest import assert_accessible, login_as
from tests.factories import (
    AgentFactory,
    CandidatureFactory,
    ChapitreFactory,
    HabilitationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
from tests.files import PNG  # noqa: E402


def test_editor_answers_a_request_for_complements(page, live_server, tmp_path):
    candidature = CandidatureFactory(version__produit__nom="Hopital Plus", version__numero="4.2")
    editeur = HabilitationFactory(
        utilisateur=UserFactory(username="camille", first_name="Camille", last_name="Martin", organisation=candidature.organisation),
        produit=candidature.version.produit,
    ).utilisateur
    instructeur = AgentFactory(username="ines", first_name="Inès", last_name="Instructrice")
    ChapitreFactory(dsr=candidature.dsr, code="DMP", libelle="Dossier médical partagé")
    with transaction.atomic():
        journaliser(
            "complement_demande",
            acteur=instructeur,
            candidature=candidature,
            message="Merci de joindre l'attestation de référencement Vague 1 : le fichier déposé est illisible.",
            details={"message_auto": True, "lien": "/messagerie/"},
        )

    login_as(page, live_server, editeur)
    page.goto(f"{live_server.url}/messagerie/")
    assert page.locator("#table-fils").get_by_text("1 non lu").is_visible()
    assert page.locator(".fr-header__tools-links").get_by_role("link", name="Notifications 1 non lues").first.is_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/messagerie-boite.png", full_page=True)

    page.get_by_role("link", name="Fil principal").click()
    assert page.get_by_text("Message automatique").is_visible()
    piece = tmp_path / "attestation.png"
    piece.write_bytes(PNG)
    page.get_by_label("Votre message").fill("Voici l'attestation lisible.")
    page.get_by_label("Pièces jointes").set_input_files(str(piece))
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer le message").click()
    assert page.get_by_text("Votre message a été envoyé.").is_visible()
    assert page.locator("#dernier-message").get_by_text("attestation.png").is_visible()
    page.screenshot(path="/tmp/messagerie-fil.png", full_page=True)
    assert Message.objects.filter(auteur=editeur).get().pieces_jointes.get().nom == "attestation.png"

    page.goto(f"{live_server.url}/messagerie/notifications/")
    assert_accessible(page)
    page.screenshot(path="/tmp/messagerie-notifications.png", full_page=True)

    login_as(page, live_server, instructeur)
    page.goto(f"{live_server.url}/messagerie/notifications/")
    page.get_by_role("button", name=f"Ouvrir : Nouveau message de Camille Martin — {candidature.reference}").click()
    assert page.get_by_text("Voici l'attestation lisible.").is_visible()
    page.goto(f"{live_server.url}/messagerie/candidatures/{candidature.pk}/")
    page.get_by_label("Objet du fil").select_option("chapitre:DMP")
    assert_accessible(page)
    page.screenshot(path="/tmp/messagerie-candidature.png", full_page=True)
    page.get_by_role("button", name="Ouvrir le fil").click()
    assert page.get_by_role("heading", name="Chapitre DMP — Dossier médical partagé").is_visible()

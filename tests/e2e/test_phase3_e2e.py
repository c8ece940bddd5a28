"""Phase 3 in Chromium: from validated proofs to the downloaded attestation."""

import pytest
from playwright.sync_api import expect

from candidatures.enums import CandidatureStatus as S
from conventions.models import Decision
from conventions.signature import valider_signatures
from tests.conventions.factories import candidature_preuves_validees, signataire
from tests.e2e.conftest import assert_accessible, login_as
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/phase3"


def _en_tant_que(page, live_server, user):
    page.context.clear_cookies()
    login_as(page, live_server, user)


def _visiter(page, url, nom):
    page.goto(url)
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}-{nom}.png", full_page=True)


def test_convention_signed_by_both_then_referenced_and_attestation_downloaded(page, live_server, settings, instructeur):
    org = OrganisationFactory(raison_sociale="Médi-Logiciels Éditions SAS")
    candidature = candidature_preuves_validees(
        version__produit__organisation=org, version__produit__nom="Dossier Patient Ëxpert", version__numero="5.1.0"
    )
    signatory = signataire(candidature, first_name="Élodie", last_name="Martin")
    page_candidature = f"{live_server.url}/conventions/candidatures/{candidature.pk}/"

    # The instructor finds the candidature among those in phase 3 and prepares the convention.
    _en_tant_que(page, live_server, instructeur)
    _visiter(page, f"{live_server.url}/conventions/colleges/", "1-colleges")
    page.get_by_role("link", name=candidature.reference).click()
    page.wait_for_url(page_candidature)
    assert_accessible(page)
    page.click("#preparer-convention")
    expect(page.locator("main")).to_contain_text("La convention a été préparée")

    # The editor's signatory must consent explicitly, then signs.
    _en_tant_que(page, live_server, signatory)
    _visiter(page, page_candidature, "2-a-signer")
    page.click("#signer-convention")
    assert "Cochez la case de consentement pour signer la convention." in page.inner_text("#consentement-messages")
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}-3-consentement-manquant.png", full_page=True)
    page.locator("label[for=id_consentement]").click()
    page.click("#signer-convention")
    expect(page.locator("main")).to_contain_text("Vous avez signé la convention.")
    expect(page.locator("main")).to_contain_text("Élodie Martin")

    # The agency countersigns.
    _en_tant_que(page, live_server, instructeur)
    page.goto(page_candidature)
    page.click("#contresigner-convention")
    expect(page.locator("main")).to_contain_text("La convention est contresignée")
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}-4-contresignee.png", full_page=True)

    # A college session; the candidature goes on its agenda and is attributed the referencing.
    _visiter(page, f"{live_server.url}/conventions/colleges/", "5-colleges")
    page.fill("#id_date", "2026-12-15T14:30")
    page.fill("#id_lieu", "ANS, Paris — salle Ségur")
    page.fill("#id_membres", "Présidente du collège\nExpert interopérabilité")
    page.click("#creer-session")
    page.wait_for_url("**/conventions/colleges/*/")
    assert_accessible(page)
    page.select_option("#id_candidature", value=str(candidature.pk))
    page.click("#inscrire-candidature")
    expect(page.locator("main")).to_contain_text("La candidature a été inscrite")
    page.screenshot(path=f"{SHOTS}-6-session.png", full_page=True)
    page.get_by_role("link", name=f"Enregistrer la décision — {candidature.reference}").click()
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}-7-decision.png", full_page=True)
    page.locator("label[for=id_resultat_0]").click()
    page.click("#enregistrer-decision")
    expect(page.locator("main")).to_contain_text("La décision du collège a été enregistrée")
    expect(page.locator("main")).to_contain_text("SEGUR-V2-DPI-0001")
    assert_accessible(page)

    # The editor sees the number and downloads the attestation.
    _en_tant_que(page, live_server, signatory)
    _visiter(page, page_candidature, "8-referencee")
    assert page.inner_text("#numero-referencement") == "SEGUR-V2-DPI-0001"
    with page.expect_download() as info:
        page.click("#telecharger-attestation")
    download = info.value
    with open(download.path(), "rb") as f:
        data = f.read()
    assert download.suggested_filename == "attestation-SEGUR-V2-DPI-0001.pdf"
    assert data == Decision.objects.get().attestation.fichier.open("rb").read()
    assert [(champ, status.bottom_line) for champ, status in valider_signatures(data)] == [("ANS", True)]
    candidature.refresh_from_db()
    assert candidature.statut == S.REFERENCEE

"""The Espace Authentifié in Chromium: a support request answered and resolved, the editor's FAQ,
the calendar feed and the activity report."""

import pytest
import requests
from icalendar import Calendar
from playwright.sync_api import expect

from accompagnement.models import DemandeSupport
from candidatures.enums import CandidatureStatus
from tests.accompagnement.factories import (
    EvenementCalendrierFactory,
    LienServiceFactory,
    QuestionFAQFactory,
    VisiteInteropFactory,
)
from tests.e2e.conftest import assert_accessible, login_as
from tests.factories import (
    AgentFactory,
    CandidatureFactory,
    DSRFactory,
    HabilitationFactory,
    OrganisationFactory,
    ProduitFactory,
    UserFactory,
    VersionProduitFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def monde(db):
    armand = UserFactory(username="armand", first_name="Armand", last_name="Gestionnaire", organisation=None, is_staff=True, telephone="01 58 45 32 50")
    org = OrganisationFactory(raison_sociale="Hôpital Logiciels SAS", gestionnaire_compte=armand)
    jme = UserFactory(username="jme", first_name="Jean-Michel", last_name="ENS", organisation=org)
    produit = ProduitFactory(organisation=org, nom="DPI Horizon")
    HabilitationFactory(utilisateur=jme, produit=produit)
    dpi = DSRFactory(code="DPI")
    pfi = DSRFactory(code="PFI", nom="Plateforme d'intermédiation")
    c1 = CandidatureFactory(version=VersionProduitFactory(produit=produit, numero="5.0"), dsr=dpi, statut=CandidatureStatus.PREUVES)
    CandidatureFactory(version=VersionProduitFactory(produit=produit, numero="4.2"), dsr=dpi, statut=CandidatureStatus.CONVENTION_A_SIGNER)
    VisiteInteropFactory(candidature=c1, lieu="Visioconférence")
    autre = UserFactory(username="concurrent", organisation=OrganisationFactory(raison_sociale="Concurrent SA"))
    produit_autre = ProduitFactory(organisation=autre.organisation, nom="Produit Concurrent")
    VisiteInteropFactory(candidature=CandidatureFactory(version=VersionProduitFactory(produit=produit_autre), dsr=dpi))
    QuestionFAQFactory(question="Comment se connecter à Convergence ?", ordre=1)
    QuestionFAQFactory(question="PFI : quelle homologation CNDA ?", ordre=2).dsrs.add(pfi)
    QuestionFAQFactory(question="DPI : quelle homologation CNDA ?", ordre=3, reponse="DMP/AIRS.03.01.01 en mode AIR simplifié.").dsrs.add(dpi)
    EvenementCalendrierFactory(titre="Webinaire : le dépôt des preuves")
    LienServiceFactory(titre="Activer l'API Sesali", icone="fr-icon-code-s-slash-line")
    return {"jme": jme, "agent": AgentFactory(username="support", first_name="Sophie", last_name="Support"), "vague": dpi.vague}


def _connecter(page, live_server, user):
    page.context.clear_cookies()
    login_as(page, live_server, user)


def test_support_request_answered_and_resolved(page, live_server, monde):
    jme, agent = monde["jme"], monde["agent"]
    _connecter(page, live_server, jme)

    page.goto(live_server.url + "/espace/demandes/")
    assert_accessible(page)
    page.click("#nouvelle-demande")
    page.select_option("#id_categorie", "exigences")
    page.fill("#id_sujet", "Test d'intrusion : rapport recevable ?")
    page.fill("#id_description", "Notre rapport PASSI compte 2 KO de gravité moyenne.")
    assert_accessible(page)
    page.screenshot(path="/tmp/espace-demande-creer.png", full_page=True)
    page.click("#form-demande button[type=submit]")
    page.wait_for_url("**/espace/demandes/*/")
    assert page.get_attribute("main [data-statut]", "data-statut") == "nouvelle"
    assert_accessible(page)
    page.screenshot(path="/tmp/espace-demande-editeur.png", full_page=True)
    demande = DemandeSupport.objects.get()

    _connecter(page, live_server, agent)
    page.goto(live_server.url + "/espace/support/")
    assert_accessible(page)
    page.screenshot(path="/tmp/espace-support.png", full_page=True)
    page.click(f"#file-support a[href='/espace/demandes/{demande.pk}/']")
    assert_accessible(page)
    page.screenshot(path="/tmp/espace-demande-agent-avant.png", full_page=True)
    page.fill("#id_texte", "Oui : 0 KO haute et au plus 10 KO moyenne. Quel est votre prestataire ?")
    page.check("#id_attendre_editeur", force=True)
    page.click("#form-reponse button[type=submit]")
    page.wait_for_selector(".fr-alert--success")
    assert page.get_attribute("main [data-statut]", "data-statut") == "en_attente_editeur"
    page.fill("#id_solution", "Le rapport est recevable : déposez-le sur l'exigence SSI/GEN.18.")
    page.click("#resoudre")
    page.wait_for_selector("#solution")
    assert_accessible(page)
    page.screenshot(path="/tmp/espace-demande-agent.png", full_page=True)

    _connecter(page, live_server, jme)
    page.goto(live_server.url + "/espace/demandes/")
    assert page.locator("#liste-demandes [data-statut]").text_content() == "Résolue"
    page.click(f"#liste-demandes a[href='/espace/demandes/{demande.pk}/']")
    assert "Le rapport est recevable : déposez-le sur l'exigence SSI/GEN.18." in page.inner_text("#solution")
    assert "Oui : 0 KO haute" in page.inner_text("#fil")
    assert_accessible(page)
    page.screenshot(path="/tmp/espace-solution.png", full_page=True)


def test_faq_puts_the_editors_dsr_first(page, live_server, monde):
    _connecter(page, live_server, monde["jme"])

    page.goto(live_server.url + "/espace/faq/")

    top = page.locator("#top-faq .fr-accordion__btn").all_inner_texts()
    assert top == ["DPI : quelle homologation CNDA ?"]
    toutes = page.locator("#questions .fr-accordion__btn").all_inner_texts()
    assert toutes[0] == "DPI : quelle homologation CNDA ?"
    page.click("#top-faq .fr-accordion__btn")
    reponse = page.locator("#top-faq .fr-collapse").first
    reponse.get_by_text("AIR simplifié").wait_for(state="visible")
    assert_accessible(page)
    page.screenshot(path="/tmp/espace-faq.png", full_page=True)
    page.fill("#id_q", "homologation")
    page.click("#recherche-faq button[type=submit]")
    page.wait_for_url("**q=homologation**")
    expect(page.locator("#questions .fr-accordion__btn")).to_have_text(
        ["DPI : quelle homologation CNDA ?", "PFI : quelle homologation CNDA ?"]
    )
    assert_accessible(page)


def test_dashboard_calendar_and_feed(page, live_server, monde):
    jme, vague = monde["jme"], monde["vague"]
    _connecter(page, live_server, jme)

    page.goto(live_server.url + "/")
    page.wait_for_url("**/espace/")
    statuts = page.locator("#rapport [data-statut]").all_text_contents()
    assert statuts == ["Convention à signer", "Dépôt des preuves"]
    assert "Armand Gestionnaire" in page.inner_text("#gestionnaire")
    assert "Activer l'API Sesali" in page.inner_text("#services")
    assert "DPI : quelle homologation CNDA ?" in page.inner_text("#top-faq")
    assert_accessible(page)
    page.screenshot(path="/tmp/espace-tableau-de-bord.png", full_page=True)

    page.goto(live_server.url + "/espace/calendrier/")
    assert_accessible(page)
    page.screenshot(path="/tmp/espace-calendrier.png", full_page=True)
    url_flux = page.input_value("#url-flux")
    cal = Calendar.from_ical(requests.get(url_flux, timeout=10).content)
    titres = {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
    assert {"Vague 2 — Date N°1", "Vague 2 — Date N°2", "Vague 2 — Date N°3"} <= titres
    assert "Visite Interop — DPI Horizon 5.0 (DPI)" in titres
    assert not any("Produit Concurrent" in t for t in titres)
    dates = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    assert dates["Vague 2 — Date N°3"].timestamp() == int(vague.date3.timestamp())

    page.click("#renouveler")
    page.wait_for_selector(".fr-alert--success")
    assert requests.get(url_flux, timeout=10).status_code == 404
    assert page.input_value("#url-flux") != url_flux

"""Phase 1 in Chromium: charter, both steps with uploads, submission, a complement asked by the
instructor, the editor's correction and resubmission, then the validation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from candidatures.enums import CandidatureStatus, EtapeStatus
from candidatures.models import Candidature, Evenement
from tests.candidatures.fichiers import pdf_bytes, png_bytes
from tests.e2e.conftest import assert_accessible, login_as
from tests.factories import (
    AgentFactory,
    DSRFactory,
    OrgAdminFactory,
    OrganisationFactory,
    ProduitFactory,
    ProfilFactory,
    VagueFactory,
    VersionProduitFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/phase1-{}.png"


def shot(page, name):
    page.screenshot(path=SHOTS.format(name), full_page=True)


def visit(page, url, name):
    page.goto(url)
    assert_accessible(page)
    shot(page, name)


@pytest.fixture
def demo(db):
    """An organisation shaped like the demo one: a product with a version, an open wave and its DSR."""
    organisation = OrganisationFactory(
        siren="552100554", siret="55210055400013", raison_sociale="Hôpital Logiciels SAS",
        adresse="12 rue des Lilas\n69003 Lyon",
    )
    editeur = OrgAdminFactory(
        username="camille", organisation=organisation, first_name="Camille", last_name="Durand",
        email="camille.durand@hopital-logiciels.test", telephone="0472000000",
    )
    version = VersionProduitFactory(produit=ProduitFactory(organisation=organisation, nom="Horizon DPI"), numero="5.2.0")
    vague = VagueFactory(charte="L'éditeur s'engage à fournir des informations exactes et à répondre aux demandes de l'ANS.")
    dsr = DSRFactory(vague=vague, code="DPI", nom="Dossier Patient Informatisé")
    cnda = ProfilFactory(dsr=dsr, nom="Consultation DMP en AIR simplifié", necessite_cnda=True, ordre=1)
    ProfilFactory(dsr=dsr, nom="Alimentation MSSanté", ordre=2)
    instructeur = AgentFactory(username="ines", first_name="Inès", last_name="Instructrice", role="instructeur")
    return {"editeur": editeur, "version": version, "dsr": dsr, "cnda": cnda, "instructeur": instructeur}


def test_phase1_from_charter_to_validation(page, live_server, demo):
    base = live_server.url
    editeur, instructeur = demo["editeur"], demo["instructeur"]

    # The editor accepts the charter.
    login_as(page, live_server, editeur)
    visit(page, f"{base}/candidatures/", "01-liste-vide")
    page.click("text=Démarrer une candidature")
    page.wait_for_url("**/candidatures/nouvelle/")
    assert_accessible(page)
    page.select_option("#id_version", str(demo["version"].pk))
    page.select_option("#id_dsr", str(demo["dsr"].pk))
    page.click("label[for=id_charte_acceptee]")
    shot(page, "02-charte")
    page.click("text=Accepter la charte et démarrer")
    page.wait_for_url("**/candidatures/*/")
    c = Candidature.objects.get()
    assert_accessible(page)
    shot(page, "03-candidature-brouillon")
    assert "Candidature administrative : le statut au regard du référencement Vague 1 est requis" in page.inner_text("#manquants")

    # Step 1, pre-filled from the organisation and the user; referenced in Vague 1 with its attestation.
    page.click("#lien-administrative")
    page.wait_for_url("**/administrative/")
    assert_accessible(page)
    assert page.input_value("#id_siret") == "55210055400013"
    assert page.input_value("#id_contact_email") == "camille.durand@hopital-logiciels.test"
    page.click("label[for=id_statut_vague1_1]")
    page.fill("#id_numero_referencement_vague1", "SEGUR-V1-2023-0042")
    page.set_input_files("#id_attestation_vague1", files=[
        {"name": "attestation-vague1.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("Attestation Vague 1")}])
    shot(page, "04-administrative")
    page.click("#enregistrer")
    page.wait_for_url(f"**/candidatures/{c.pk}/")

    # Step 2: the Général profile is fixed; a CNDA profile with its identifiers and proof.
    page.click("#lien-eligibilite")
    page.wait_for_url("**/eligibilite/")
    assert_accessible(page)
    general = demo["dsr"].profils.get(obligatoire=True)
    assert page.is_checked(f"#profil-{general.pk}") and page.is_disabled(f"#profil-{general.pk}")
    page.click(f"label[for=profil-{demo['cnda'].pk}]")
    page.fill("#id_nie", "NIE-000123")
    page.fill("#id_nil", "NIL-004567")
    page.fill("#id_nils_composants", "NIL-COMP-1\nNIL-COMP-2")
    page.select_option("#id_cnda_statut", "pre_examen")
    page.fill("#id_cnda_date_retour", (timezone.localdate() + timedelta(days=40)).isoformat())
    page.set_input_files("#id_cnda_preuve", files=[
        {"name": "espace-cnda.png", "mimeType": "image/png", "buffer": png_bytes()}])
    shot(page, "05-eligibilite")
    page.click("#enregistrer")
    page.wait_for_url(f"**/candidatures/{c.pk}/")
    assert_accessible(page)
    shot(page, "06-complet")

    # Submit.
    page.click("#soumettre")
    page.wait_for_load_state()
    assert "Votre dossier administratif a été soumis à l'ANS." in page.inner_text("main")
    assert_accessible(page)
    shot(page, "07-soumis")
    c.refresh_from_db()
    assert c.statut == CandidatureStatus.DOSSIER_SOUMIS

    # The instructor asks for a complement on step 1.
    login_as(page, live_server, instructeur)
    visit(page, f"{base}/candidatures/instruction/", "08-instruction")
    page.click(f"text={c.reference}")
    page.wait_for_url(f"**/instruction/{c.pk}/")
    assert_accessible(page)
    shot(page, "09-dossier")
    page.click("label[for=id_etape_0]")
    page.fill("#id_message", "Merci d'indiquer le numéro de téléphone direct du contact.")
    page.click("#demander-complement")
    page.wait_for_url(f"**/instruction/{c.pk}/")
    assert "Demande de complément envoyée à l'éditeur." in page.inner_text("main")
    c.refresh_from_db()
    assert c.statut == CandidatureStatus.COMPLEMENT_DEMANDE
    event = Evenement.objects.get(action="complement_demande")
    assert event.details == {"message_auto": True, "lien": f"/candidatures/{c.pk}/administrative/", "etape": "administrative"}

    # The editor sees it, corrects step 1 and resubmits.
    login_as(page, live_server, editeur)
    visit(page, f"{base}/candidatures/{c.pk}/", "10-complement-demande")
    assert "Merci d'indiquer le numéro de téléphone direct du contact." in page.inner_text("main")
    page.click("text=Corriger la candidature administrative")
    page.wait_for_url("**/administrative/")
    assert_accessible(page)
    page.fill("#id_contact_telephone", "0472000042")
    page.click("#enregistrer")
    page.wait_for_url(f"**/candidatures/{c.pk}/")
    shot(page, "11-corrige")
    page.click("#soumettre")
    page.wait_for_load_state()
    c.refresh_from_db()
    assert c.statut == CandidatureStatus.DOSSIER_SOUMIS
    assert c.administrative.contact_telephone == "0472000042"

    # The instructor names a référent and validates.
    login_as(page, live_server, instructeur)
    visit(page, f"{base}/candidatures/instruction/{c.pk}/", "12-dossier-resoumis")
    page.select_option("#id_referent", str(instructeur.pk))
    page.click("#designer-referent")
    page.wait_for_url(f"**/instruction/{c.pk}/")
    page.click("#valider")
    page.wait_for_url(f"**/instruction/{c.pk}/")
    assert_accessible(page)
    shot(page, "13-valide")
    c.refresh_from_db()
    assert (c.statut, c.administrative.statut, c.eligibilite.statut) == (
        CandidatureStatus.PREUVES, EtapeStatus.VALIDEE, EtapeStatus.VALIDEE)

    # The editor sees phase 2 open and the référent.
    login_as(page, live_server, editeur)
    visit(page, f"{base}/candidatures/{c.pk}/", "14-editeur-preuves")
    assert "Inès Instructrice" in page.inner_text("#referent")
    assert "Dépôt des preuves" in page.inner_text("main")
    # The whole journal has a page of its own.
    visit(page, f"{base}/candidatures/{c.pk}/historique/", "15-historique")
    assert f"Historique de la candidature {c.reference}" in page.inner_text("h1")
    assert page.locator("table tbody tr").count() >= 4
    assert [e.action for e in Evenement.objects.filter(candidature=c).order_by("id")] == [
        "candidature_demarree", "administrative_enregistree", "eligibilite_enregistree", "dossier_soumis",
        "complement_demande", "administrative_enregistree", "dossier_resoumis", "referent_assigne", "dossier_valide",
    ]

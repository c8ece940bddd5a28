"""Browser: an editor registers a product and its versions; an administrator imports a REM."""

import os

import pytest

from preuves.models import PreuveAttendue
from tests.e2e.conftest import assert_accessible, login_as
from tests.factories import DSRFactory
from tests.preuves.conftest import rem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CAPTURES = os.environ.get("CONVERGENCE_SCREENSHOTS")  # a folder, to look at the pages


def capture(page, nom):
    if CAPTURES:
        page.screenshot(path=f"{CAPTURES}/catalogue-{nom}.png", full_page=True)


def test_editor_registers_a_product_and_its_versions(page, live_server, org_admin):
    login_as(page, live_server, org_admin)

    page.goto(live_server.url + "/comptes/produits/")
    assert page.locator("h1").inner_text() == "Produits"
    assert_accessible(page)
    page.click("text=Enregistrer un produit")
    page.fill("#id_nom", "HospiDPI")
    page.fill("#id_description", "Dossier patient informatisé pour les établissements de santé.")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url("**/comptes/produits/*/")
    page.fill("#id_numero", "5.2.0")
    page.click("text=Ajouter la version")
    page.wait_for_load_state()
    page.fill("#id_numero", "5.2.0")
    page.click("text=Ajouter la version")
    page.wait_for_load_state()

    assert "La version « 5.2.0 » existe déjà pour le produit « HospiDPI »" in page.inner_text("main")
    assert page.locator("[role=alert]").count() == 1
    capture(page, "produit-doublon")
    assert_accessible(page)
    page.goto(live_server.url + "/comptes/produits/")
    assert page.inner_text("#table-produits tbody") == "HospiDPI\t5.2.0"
    capture(page, "produits")


def test_administrator_previews_then_applies_a_rem_import(page, live_server, administrateur):
    DSRFactory(code="DPI")
    login_as(page, live_server, administrateur)

    page.goto(live_server.url + "/admin/preuves/referentiel/")
    page.click("text=Importer un REM")
    page.select_option("#id_dsr", label="DPI — Dossier Patient Informatisé")
    page.set_input_files("#id_fichier", str(rem("DPI")))
    page.click("input[type=submit]")
    page.wait_for_selector("#apercu-changements")

    assert "92 exigences, 118 scénarios, 147 preuves attendues" in page.inner_text("#content-main")
    assert page.locator("#apercu-anomalies li").count() == 26
    capture(page, "admin-apercu")
    assert PreuveAttendue.objects.count() == 0
    page.click("input[name=confirmer]")
    page.wait_for_url("**/admin/preuves/referentiel/")
    assert "REM DPI : version 1 enregistrée" in page.inner_text("body")
    capture(page, "admin-referentiels")
    assert PreuveAttendue.objects.count() == 147


def test_administrator_gets_a_clear_error_for_dates_out_of_order(page, live_server, administrateur):
    from tests.factories import VagueFactory

    vague = VagueFactory(numero=2, nom="Ségur Vague 2")
    login_as(page, live_server, administrateur)

    page.goto(f"{live_server.url}/admin/candidatures/vague/{vague.pk}/change/")
    page.fill("#id_date3_0", "01/01/2020")
    page.click("input[name=_save]")
    page.wait_for_load_state()

    assert "La Date N°3 doit être postérieure à la Date N°2." in page.inner_text("#content-main")
    capture(page, "admin-vague-erreur")

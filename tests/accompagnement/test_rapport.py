import csv
import io
import shutil
import subprocess

import pytest
from django.urls import reverse

from candidatures.enums import CandidatureStatus as S
from tests.accompagnement.factories import (
    DemandeSupportFactory,
    EvenementCalendrierFactory,
    LienServiceFactory,
    QuestionFAQFactory,
    VisiteInteropFactory,
)
from tests.factories import (
    AgentFactory,
    CandidatureFactory,
    HabilitationFactory,
    ProduitFactory,
    VersionProduitFactory,
)


@pytest.fixture
def portefeuille(editeur_dpi):
    """The DPI editor's candidatures in several statuses, a product without one, a referent."""
    referent = AgentFactory(username="ines", first_name="Inès", last_name="Instructrice")
    dpi = editeur_dpi.candidature
    dpi.referent = referent
    dpi.save()
    produit = dpi.version.produit
    for numero, statut in [("5.1", S.COMPLEMENT_DEMANDE), ("5.2", S.CONVENTION_A_SIGNER), ("5.3", S.NON_REFERENCEE), ("5.4", S.EN_COLLEGE)]:
        CandidatureFactory(version=VersionProduitFactory(produit=produit, numero=numero), statut=statut)
    vide = ProduitFactory(organisation=editeur_dpi.organisation, nom="Agenda Patient")
    HabilitationFactory(utilisateur=editeur_dpi, produit=vide)
    return editeur_dpi


def test_dashboard_shows_each_candidature_with_phase_status_and_next_action(client, portefeuille):
    client.force_login(portefeuille)

    response = client.get(reverse("accompagnement:tableau-de-bord"))

    lignes = response.context["tdb"].lignes
    assert [(ligne.candidature.version.numero if ligne.candidature else None, ligne.phase, ligne.statut_label, ligne.prochaine_etape) for ligne in lignes] == [
        (None, None, "Aucune candidature", ""),
        ("5.0", 1, "Brouillon", "Compléter et soumettre le dossier administratif"),
        ("5.1", 1, "Complément demandé", "Répondre à la demande de complément"),
        ("5.2", 3, "Convention à signer", "Signer la convention de référencement"),
        ("5.3", 3, "Non référencée (réserves bloquantes)", "Redéposer les preuves non conformes avant la Date N°3"),
        ("5.4", 3, "En collège de référencement", "Décision du collège de référencement"),
    ]
    assert [ligne.candidature.version.numero for ligne in response.context["tdb"].a_faire] == ["5.0", "5.1", "5.2", "5.3"]
    html = response.content.decode()
    assert 'data-statut="convention_a_signer">Convention à signer' in html
    assert "Inès Instructrice" in html
    assert "4 actions attendues de votre part" in html


def test_dashboard_hides_products_the_editor_may_not_read(client, editeur_dpi, autre_editeur):
    ProduitFactory(organisation=editeur_dpi.organisation, nom="Produit confidentiel")
    client.force_login(editeur_dpi)

    html = client.get(reverse("accompagnement:tableau-de-bord")).content.decode()

    assert "DPI Horizon" in html
    assert "Produit confidentiel" not in html
    assert "Produit Concurrent" not in html


@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_query_count_is_constant(client, editeur_dpi, django_assert_num_queries, n):
    produit = editeur_dpi.candidature.version.produit
    for i in range(n):
        c = CandidatureFactory(version=VersionProduitFactory(produit=produit), statut=S.PREUVES, referent=AgentFactory())
        VisiteInteropFactory(candidature=c)
        autre = ProduitFactory(organisation=editeur_dpi.organisation, nom=f"Produit {i}")
        HabilitationFactory(utilisateur=editeur_dpi, produit=autre)
        VersionProduitFactory(produit=autre)
        DemandeSupportFactory(auteur=editeur_dpi, produit=produit)
        EvenementCalendrierFactory()
        q = QuestionFAQFactory()
        q.dsrs.add(editeur_dpi.candidature.dsr)
        LienServiceFactory()
    client.force_login(editeur_dpi)

    with django_assert_num_queries(18):
        response = client.get(reverse("accompagnement:tableau-de-bord"))

    assert len(response.context["tdb"].produits) == n + 1


def test_csv_export(client, portefeuille):
    client.force_login(portefeuille)

    response = client.get(reverse("accompagnement:rapport-csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="rapport-activite-{portefeuille.organisation.siren}-')
    texte = response.content.decode("utf-8")
    assert texte.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(texte.lstrip("\ufeff")), delimiter=";"))
    ref = portefeuille.candidature.reference
    assert rows[0] == [
        "Produit", "Versions du produit", "Candidature", "Version candidate", "DSR", "Vague", "Phase", "Statut",
        "Prochaine étape", "À votre charge", "Référent ANS",
    ]
    assert rows[1] == ["Agenda Patient", "", "", "", "", "", "", "Aucune candidature", "", "", ""]
    assert rows[2] == [
        "DPI Horizon", "5.4, 5.3, 5.2, 5.1, 5.0", ref, "5.0", "DPI", "Vague 2", "1", "Brouillon",
        "Compléter et soumettre le dossier administratif", "oui", "Inès Instructrice",
    ]
    assert [r[7] for r in rows[3:]] == [
        "Complément demandé", "Convention à signer", "Non référencée (réserves bloquantes)", "En collège de référencement",
    ]
    assert len(rows) == 7


def test_pdf_export_is_a_real_pdf_with_the_products(client, portefeuille, tmp_path):
    client.force_login(portefeuille)

    response = client.get(reverse("accompagnement:rapport-pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    chemin = tmp_path / "rapport.pdf"
    chemin.write_bytes(response.content)
    texte = subprocess.run(["pdftotext", "-layout", str(chemin), "-"], capture_output=True, text=True, check=True).stdout
    assert "DPI Horizon" in texte
    assert "Agenda Patient" in texte
    assert "Convention à signer" in texte
    assert portefeuille.organisation.raison_sociale in texte


def test_exports_contain_nothing_of_another_organisation(client, editeur_dpi, autre_editeur):
    client.force_login(editeur_dpi)

    csv_texte = client.get(reverse("accompagnement:rapport-csv")).content.decode("utf-8")

    assert "Produit Concurrent" not in csv_texte
    assert "DPI Horizon" in csv_texte


@pytest.mark.parametrize("nom", ["accompagnement:rapport-csv", "accompagnement:rapport-pdf", "accompagnement:tableau-de-bord"])
def test_exports_and_dashboard_are_refused_to_users_without_an_organisation(client, db, nom):
    client.force_login(AgentFactory(username="sans-role", role="inconnu"))

    response = client.get(reverse(nom))

    assert response.status_code == 403

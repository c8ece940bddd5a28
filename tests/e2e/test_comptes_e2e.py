import pytest

from comptes.models import Habilitation
from tests.comptes.helpers import nouvel_utilisateur
from tests.e2e.conftest import assert_accessible, login_as
from tests.factories import ProduitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_manages_the_tree_with_accessible_pages(page, live_server, org_admin):
    produit = ProduitFactory(organisation=org_admin.organisation, nom="DPI Hôpital+")
    bruno = nouvel_utilisateur(
        org_admin, "Bruno", gere=True, droits={produit: {"contribuer"}}
    )
    login_as(page, live_server, org_admin)

    page.goto(f"{live_server.url}/comptes/utilisateurs/")
    assert "Bruno Brunoson" in page.inner_text("#arbre-utilisateurs")
    assert_accessible(page)

    page.click("#ajouter-utilisateur")
    page.click("#creer-utilisateur")
    assert (
        page.inner_text(".fr-alert--error h2") == "Le formulaire contient des erreurs"
    )
    assert_accessible(page)

    page.goto(f"{live_server.url}/comptes/utilisateurs/{bruno.pk}/droits/")
    page.check(f"#id_p{produit.pk}_signer")
    page.click("#enregistrer-droits")
    page.wait_for_url(f"{live_server.url}/comptes/utilisateurs/")
    assert Habilitation.objects.get(utilisateur=bruno).droits() == {
        "lire",
        "contribuer",
        "signer",
    }

    page.goto(f"{live_server.url}/comptes/utilisateurs/{bruno.pk}/droits/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/comptes/mon-compte/")
    assert_accessible(page)

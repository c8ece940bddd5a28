"""Product pages: list, creation, detail, versions; rights and isolation between organisations."""

import pytest
from django.urls import reverse

from candidatures.models import Evenement
from comptes.models import Habilitation, Produit, VersionProduit
from tests.factories import (
    HabilitationFactory,
    OrgAdminFactory,
    ProduitFactory,
    UserFactory,
    VersionProduitFactory,
)


@pytest.fixture
def produit(org_admin):
    produit = ProduitFactory(organisation=org_admin.organisation, nom="HospiDPI")
    VersionProduitFactory(produit=produit, numero="5.2.0")
    return produit


def test_list_shows_the_organisation_products_with_their_versions(client, org_admin, produit):
    VersionProduitFactory(produit=produit, numero="6.0.0")
    ProduitFactory(nom="Produit d'un autre éditeur")
    client.force_login(org_admin)

    response = client.get(reverse("comptes:produits"))

    assert response.status_code == 200
    assert [p.nom for p in response.context["produits"]] == ["HospiDPI"]
    assert [v.numero for v in response.context["produits"][0].versions.all()] == ["6.0.0", "5.2.0"]
    assert response.context["peut_creer"] is True
    assert "Produit d'un autre éditeur" not in response.content.decode()


def test_list_shows_only_products_the_user_may_read(client, org_admin, produit):
    lecteur = UserFactory(organisation=org_admin.organisation)
    autre = ProduitFactory(organisation=org_admin.organisation, nom="PassPFI")
    HabilitationFactory(utilisateur=lecteur, produit=autre)
    client.force_login(lecteur)

    response = client.get(reverse("comptes:produits"))

    assert [p.nom for p in response.context["produits"]] == ["PassPFI"]
    assert response.context["peut_creer"] is False
    assert reverse("comptes:produit-creer") not in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_products_list_query_count_is_constant(client, org_admin, django_assert_num_queries, n):
    for i in range(n):
        produit = ProduitFactory(organisation=org_admin.organisation, nom=f"Logiciel {i}")
        VersionProduitFactory.create_batch(2, produit=produit)
    client.force_login(org_admin)

    with django_assert_num_queries(9):
        response = client.get(reverse("comptes:produits"))

    assert len(response.context["produits"]) == n


def test_org_admin_creates_a_product(client, org_admin):
    client.force_login(org_admin)

    response = client.post(reverse("comptes:produit-creer"), {"nom": "  HospiDPI  ", "description": "DPI hospitalier"})

    produit = Produit.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("comptes:produit", args=[produit.pk])
    assert (produit.nom, produit.organisation, produit.cree_par) == ("HospiDPI", org_admin.organisation, org_admin)
    assert Habilitation.objects.count() == 0  # the administrator holds every right already
    assert list(Evenement.objects.values_list("action", "message", "cible")) == [
        ("produit_cree", "Produit « HospiDPI » créé.", f"produit:{produit.pk}")
    ]


def test_a_user_manager_who_creates_a_product_gets_every_right_on_it(client, org_admin):
    gestionnaire = UserFactory(organisation=org_admin.organisation, peut_gerer_utilisateurs=True, cree_par=org_admin)
    client.force_login(gestionnaire)

    client.post(reverse("comptes:produit-creer"), {"nom": "PassPFI"})

    habilitation = Habilitation.objects.get()
    assert (habilitation.utilisateur, habilitation.produit.nom, habilitation.accordee_par) == (gestionnaire, "PassPFI", None)
    assert habilitation.droits() == {"lire", "contribuer", "soumettre", "signer"}
    assert [p.nom for p in client.get(reverse("comptes:produits")).context["produits"]] == ["PassPFI"]


def test_an_editor_without_the_right_cannot_create_a_product(client, editeur):
    client.force_login(editeur)

    assert client.get(reverse("comptes:produit-creer")).status_code == 403
    assert client.post(reverse("comptes:produit-creer"), {"nom": "Pirate"}).status_code == 403
    assert Produit.objects.count() == 0


def test_a_duplicate_product_name_is_a_form_error(client, org_admin, produit):
    client.force_login(org_admin)

    response = client.post(reverse("comptes:produit-creer"), {"nom": "hospidpi"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"nom": ["Votre organisation a déjà un produit nommé « hospidpi »."]}
    assert Produit.objects.count() == 1


def test_detail_shows_versions_and_the_version_form(client, org_admin, produit):
    client.force_login(org_admin)

    response = client.get(reverse("comptes:produit", args=[produit.pk]))

    assert response.status_code == 200
    assert [v.numero for v in response.context["versions"]] == ["5.2.0"]
    assert response.context["peut_ajouter_version"] is True
    assert reverse("comptes:version-creer", args=[produit.pk]) in response.content.decode()


def test_detail_of_another_organisation_product_is_404(client, produit):
    client.force_login(OrgAdminFactory())

    response = client.get(reverse("comptes:produit", args=[produit.pk]))

    assert response.status_code == 404
    assert "HospiDPI" not in response.content.decode()


def test_detail_without_a_right_on_the_product_is_404(client, org_admin, produit):
    client.force_login(UserFactory(organisation=org_admin.organisation))

    assert client.get(reverse("comptes:produit", args=[produit.pk])).status_code == 404


def test_adding_a_version(client, org_admin, produit):
    client.force_login(org_admin)

    response = client.post(reverse("comptes:version-creer", args=[produit.pk]), {"numero": " 6.0.0 ", "notes": "Ségur Vague 2"})

    assert response.status_code == 302
    assert list(produit.versions.order_by("numero").values_list("numero", "notes")) == [("5.2.0", ""), ("6.0.0", "Ségur Vague 2")]
    evenement = Evenement.objects.get(action="version_produit_creee")
    assert (evenement.message, evenement.organisation) == ("Version 6.0.0 du produit « HospiDPI » créée.", org_admin.organisation)


def test_a_duplicate_version_number_is_a_clear_error(client, org_admin, produit):
    client.force_login(org_admin)

    response = client.post(reverse("comptes:version-creer", args=[produit.pk]), {"numero": "5.2.0"})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "numero": [
            "La version « 5.2.0 » existe déjà pour le produit « HospiDPI » : le numéro de version technique identifie une version."
        ]
    }
    assert VersionProduit.objects.count() == 1


def test_a_reader_cannot_add_a_version(client, org_admin, produit):
    lecteur = UserFactory(organisation=org_admin.organisation)
    HabilitationFactory(utilisateur=lecteur, produit=produit)
    client.force_login(lecteur)

    assert client.get(reverse("comptes:produit", args=[produit.pk])).context["peut_ajouter_version"] is False
    assert client.post(reverse("comptes:version-creer", args=[produit.pk]), {"numero": "7.0"}).status_code == 403
    assert VersionProduit.objects.count() == 1


def test_adding_a_version_to_another_organisation_product_is_404(client, produit):
    client.force_login(OrgAdminFactory())

    assert client.post(reverse("comptes:version-creer", args=[produit.pk]), {"numero": "7.0"}).status_code == 404
    assert VersionProduit.objects.count() == 1


def test_agents_see_every_product_with_its_organisation(client, instructeur, produit):
    client.force_login(instructeur)

    response = client.get(reverse("comptes:produits"))

    assert [p.nom for p in response.context["produits"]] == ["HospiDPI"]
    assert response.context["peut_creer"] is False
    assert produit.organisation.raison_sociale in response.content.decode()

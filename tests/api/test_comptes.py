"""API of users and their rights, products and versions, stored files."""

import pytest

from comptes.fichiers import enregistrer_fichier
from comptes.models import Habilitation, Produit, User, VersionProduit
from tests.factories import (
    HabilitationFactory,
    ProduitFactory,
    UserFactory,
    VersionProduitFactory,
)
from tests.files import png_bytes

from .conftest import erreur

pytestmark = pytest.mark.django_db


# --- users and rights ---------------------------------------------------------------------------


def test_admin_creates_a_user_with_rights(api, admin_org, produit):
    response = api(admin_org).post("/api/v1/utilisateurs/", {
        "email": "nina.roy@sante-logiciels.test", "first_name": "Nina", "last_name": "Roy",
        "habilitations": [{"produit": produit.pk, "droits": ["contribuer"]}],
    }, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["email"], body["cree_par"], body["organisation"]) == (
        "nina.roy@sante-logiciels.test", admin_org.pk, admin_org.organisation_id)
    assert body["habilitations"] == [{
        "produit": produit.pk, "produit_nom": "DPI Horizon", "lire": True, "contribuer": True, "soumettre": False,
        "signer": False, "accordee_par": admin_org.pk,
    }]


def test_a_user_without_the_right_to_manage_users_cannot_create_one(api, lecteur):
    response = api(lecteur).post("/api/v1/utilisateurs/", {}, format="json")

    body = erreur(response, 403, "droit_insuffisant")
    assert body["message"] == "Vous n'avez pas le droit d'effectuer cette action."
    assert not User.objects.filter(email="x@example.test").exists()


def test_creating_a_user_with_a_bad_email_is_a_400_in_french(api, admin_org):
    response = api(admin_org).post("/api/v1/utilisateurs/", {"email": "pas-une-adresse", "first_name": "A", "last_name": "B"},
                                 format="json")

    body = erreur(response, 400, "requete_invalide")
    assert body["champs"] == {"email": ["Saisissez une adresse e-mail valide."]}


def test_admin_changes_rights_and_the_cascade_applies(api, admin_org, contributeur, produit):
    sous = UserFactory(organisation=admin_org.organisation, cree_par=contributeur)
    HabilitationFactory(utilisateur=sous, produit=produit, contribuer=True, accordee_par=contributeur)

    response = api(admin_org).post(f"/api/v1/utilisateurs/{contributeur.pk}/droits/", {
        "habilitations": [{"produit": produit.pk, "droits": ["lire"]}],
    }, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["habilitations"][0]["contribuer"] is False
    assert Habilitation.objects.get(utilisateur=sous).droits() == {"lire"}


def test_a_manager_cannot_grant_more_than_their_own_rights(api, produit, lecteur):
    gestionnaire = UserFactory(organisation=produit.organisation, peut_gerer_utilisateurs=True)
    HabilitationFactory(utilisateur=gestionnaire, produit=produit, lire=True)
    cible = UserFactory(organisation=produit.organisation, cree_par=gestionnaire)

    response = api(gestionnaire).post(f"/api/v1/utilisateurs/{cible.pk}/droits/", {
        "habilitations": [{"produit": produit.pk, "droits": ["contribuer"]}],
    }, format="json")

    body = erreur(response, 403, "droit_insuffisant")
    assert body["message"] == (
        "Vous ne pouvez pas accorder ou retirer sur « DPI Horizon » des droits que vous n'avez pas vous-même (contribuer)."
    )
    assert not Habilitation.objects.filter(utilisateur=cible).exists()


def test_rights_of_another_organisations_user_are_a_404(api, autre_editeur, contributeur):
    response = api(autre_editeur).post(f"/api/v1/utilisateurs/{contributeur.pk}/droits/", {}, format="json")

    body = erreur(response, 404, "introuvable")
    assert "contributeur" not in str(body)


def test_deactivating_twice_says_so(api, admin_org, contributeur):
    client = api(admin_org)

    assert client.post(f"/api/v1/utilisateurs/{contributeur.pk}/desactiver/").json()["is_active"] is False
    body = erreur(client.post(f"/api/v1/utilisateurs/{contributeur.pk}/desactiver/"), 400, "regle_metier")

    assert body["message"] == f"{contributeur} est déjà désactivé."


def test_users_show_only_rights_on_products_the_caller_reads(api, lecteur, produit):
    autre = ProduitFactory(organisation=produit.organisation, nom="Secret")
    HabilitationFactory(utilisateur=lecteur, produit=autre, lire=True)
    regard = UserFactory(organisation=produit.organisation)
    HabilitationFactory(utilisateur=regard, produit=produit, lire=True)

    body = api(regard).get(f"/api/v1/utilisateurs/{lecteur.pk}/").json()

    assert [h["produit_nom"] for h in body["habilitations"]] == ["DPI Horizon"]


def test_moi_works_for_ans_staff(api, verificateur):
    body = api(verificateur).get("/api/v1/utilisateurs/moi/").json()

    assert (body["username"], body["organisation"], body["habilitations"]) == ("verificateur", None, [])


# --- products and versions ----------------------------------------------------------------------


def test_products_show_the_callers_rights_and_versions(api, contributeur, version):
    body = api(contributeur).get("/api/v1/produits/").json()

    assert body["count"] == 1
    produit = body["results"][0]
    assert (produit["nom"], produit["mes_droits"]) == ("DPI Horizon", ["lire", "contribuer"])
    assert [v["numero"] for v in produit["versions"]] == ["5.2.0"]


def test_another_organisations_product_is_a_404(api, autre_editeur, produit):
    client = api(autre_editeur)

    assert client.get("/api/v1/produits/").json()["count"] == 0
    body = erreur(client.get(f"/api/v1/produits/{produit.pk}/"), 404, "introuvable")
    assert "DPI Horizon" not in str(body)


def test_admin_creates_a_product_and_duplicates_are_refused(api, admin_org, produit):
    client = api(admin_org)

    response = client.post("/api/v1/produits/", {"nom": "  Agenda   Pro ", "description": "Prise de rendez-vous"}, format="json")
    doublon = client.post("/api/v1/produits/", {"nom": "dpi horizon"}, format="json")

    assert response.status_code == 201
    assert (response.json()["nom"], response.json()["mes_droits"]) == ("Agenda Pro", ["lire", "contribuer", "soumettre", "signer"])
    body = erreur(doublon, 400, "regle_metier")
    assert body["champs"] == {"nom": ["Votre organisation a déjà un produit nommé « dpi horizon »."]}


def test_a_reader_cannot_create_a_product(api, lecteur):
    erreur(api(lecteur).post("/api/v1/produits/", {"nom": "X"}, format="json"), 403, "droit_insuffisant")

    assert Produit.objects.filter(nom="X").count() == 0


def test_contributor_adds_a_version(api, contributeur, produit):
    response = api(contributeur).post("/api/v1/versions/", {"produit": produit.pk, "numero": " 6.0.0 "}, format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["numero"], response.json()["produit"]) == ("6.0.0", produit.pk)


def test_a_reader_cannot_add_a_version(api, lecteur, produit):
    body = erreur(api(lecteur).post("/api/v1/versions/", {"produit": produit.pk, "numero": "6"}, format="json"),
                  403, "droit_insuffisant")

    assert body["message"] == "Vous n'avez pas le droit d'effectuer cette action."
    assert not VersionProduit.objects.filter(numero="6").exists()


def test_a_version_for_another_organisations_product_is_refused_without_its_data(api, autre_editeur, produit):
    body = erreur(api(autre_editeur).post("/api/v1/versions/", {"produit": produit.pk, "numero": "6"}, format="json"),
                  400, "requete_invalide")

    assert body["champs"] == {"produit": [f"Aucun objet accessible ne porte l'identifiant {produit.pk}."]}


def test_a_duplicate_version_number_is_refused(api, contributeur, version):
    body = erreur(api(contributeur).post("/api/v1/versions/", {"produit": version.produit_id, "numero": "5.2.0"},
                                         format="json"), 400, "regle_metier")

    assert body["champs"]["numero"] == [
        "La version « 5.2.0 » existe déjà pour le produit « DPI Horizon » : le numéro de version technique identifie une version."
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_products_list_query_count_is_constant(api, admin_org, django_assert_num_queries, n):
    for _ in range(n):
        VersionProduitFactory.create_batch(2, produit=ProduitFactory(organisation=admin_org.organisation))
    client = api(admin_org)

    with django_assert_num_queries(4):  # token, count, page, versions
        response = client.get("/api/v1/produits/")

    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_versions_list_query_count_is_constant(api, contributeur, produit, django_assert_num_queries, n):
    VersionProduitFactory.create_batch(n, produit=produit)
    client = api(contributeur)

    with django_assert_num_queries(4):  # token, the filter's product, count, page
        response = client.get(f"/api/v1/versions/?produit={produit.pk}")

    assert response.json()["count"] == n


# --- stored files -------------------------------------------------------------------------------


def _fichier(produit, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return enregistrer_fichier(SimpleUploadedFile("ecran.png", png_bytes()), organisation=produit.organisation,
                               produit=produit, by=user)


def test_a_reader_downloads_a_file_with_a_token(api, lecteur, produit):
    f = _fichier(produit, lecteur)
    client = api(lecteur)

    meta = client.get(f"/api/v1/fichiers/{f.pk}/").json()
    response = client.get(meta["contenu"])

    assert (meta["nom"], meta["type_mime"], meta["taille"]) == ("ecran.png", "image/png", len(png_bytes()))
    assert meta["url"] == f"http://testserver/comptes/fichiers/{f.pk}/"
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="ecran.png"'


def test_another_organisations_file_is_a_404(api, autre_editeur, lecteur, produit):
    f = _fichier(produit, lecteur)
    client = api(autre_editeur)

    erreur(client.get(f"/api/v1/fichiers/{f.pk}/"), 404, "introuvable")
    erreur(client.get(f"/api/v1/fichiers/{f.pk}/contenu/"), 404, "introuvable")

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from comptes.jetons import creer_jeton, revoquer_jeton
from tests.factories import (
    CandidatureFactory,
    OrgAdminFactory,
    ProduitFactory,
    UserFactory,
    VersionProduitFactory,
)

pytestmark = pytest.mark.django_db


def bearer(valeur):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {valeur}")
    return client


def test_token_gives_access_to_own_organisation_only(org_admin):
    other = OrgAdminFactory()
    _, valeur = creer_jeton(org_admin, nom="CI")

    response = bearer(valeur).get("/api/v1/organisations/")

    assert response.status_code == 200
    assert [o["siren"] for o in response.json()["results"]] == [org_admin.organisation.siren]
    assert bearer(valeur).get(f"/api/v1/organisations/{other.organisation.pk}/").status_code == 404


def test_token_is_stored_hashed(org_admin):
    jeton, valeur = creer_jeton(org_admin, nom="CI")

    assert valeur.startswith("cvg_")
    assert valeur not in (jeton.empreinte, jeton.prefixe)
    assert len(jeton.empreinte) == 64


def test_revoked_and_expired_tokens_are_refused_with_the_error_shape(org_admin):
    jeton, valeur = creer_jeton(org_admin, nom="CI")
    revoquer_jeton(jeton, by=org_admin)
    expired, valeur2 = creer_jeton(org_admin, nom="old")
    expired.expire_le = timezone.now() - timedelta(seconds=1)
    expired.save()

    for v in (valeur, valeur2, "cvg_nimportequoi"):
        response = bearer(v).get("/api/v1/organisations/")
        assert response.status_code == 401
        assert response.json() == {"code": "non_authentifie", "message": "Jeton invalide, expiré ou révoqué.", "champs": {}}


def test_read_only_token_cannot_write(org_admin):
    _, valeur = creer_jeton(org_admin, nom="lecture", lecture_seule=True)

    response = bearer(valeur).post("/api/v1/organisations/", {})

    assert response.status_code == 403
    assert response.json()["message"] == "Ce jeton est en lecture seule."


def test_anonymous_gets_401_json():
    response = APIClient().get("/api/v1/utilisateurs/")

    assert response.status_code == 401
    assert response.json()["code"] == "non_authentifie"


def test_users_of_own_organisation_with_rights(org_admin):
    colleague = UserFactory(organisation=org_admin.organisation, cree_par=org_admin)
    UserFactory()  # another organisation
    client = APIClient()
    client.force_authenticate(org_admin)

    response = client.get("/api/v1/utilisateurs/")

    assert sorted(u["username"] for u in response.json()["results"]) == sorted([org_admin.username, colleague.username])


@pytest.mark.parametrize("n", [1, 4])
def test_users_list_query_count_is_constant(org_admin, django_assert_num_queries, n):
    UserFactory.create_batch(n, organisation=org_admin.organisation)
    _, valeur = creer_jeton(org_admin, nom="CI")
    client = bearer(valeur)

    with django_assert_num_queries(5):  # token, its last-use stamp, count, page, rights
        response = client.get("/api/v1/utilisateurs/")

    assert response.json()["count"] == n + 1


def test_token_validation_errors(org_admin):
    from comptes.errors import DomainError

    with pytest.raises(DomainError, match="Donnez un nom"):
        creer_jeton(org_admin, nom=" ")
    with pytest.raises(DomainError, match="entre 1 et 365"):
        creer_jeton(org_admin, nom="x", jours=400)


def test_schema_is_valid_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_docs_page_is_served_without_external_assets(client, org_admin):
    client.force_login(org_admin)

    html = client.get("/api/docs/").content.decode()

    assert "swagger-ui" in html
    assert "cdn." not in html


def test_token_page_creates_shows_once_and_revokes(client, org_admin):
    client.force_login(org_admin)

    response = client.post("/comptes/jetons/", {"nom": "Intégration", "jours": 30})

    html = response.content.decode()
    jeton = org_admin.jetons_api.get()
    assert "Votre nouveau jeton" in html
    assert jeton.prefixe in html
    assert client.get("/comptes/jetons/").content.decode().count("Votre nouveau jeton") == 0
    client.post(f"/comptes/jetons/{jeton.pk}/revoquer/")
    jeton.refresh_from_db()
    assert jeton.revoque_le is not None


def test_token_page_rejects_bad_duration_in_french(client, org_admin):
    client.force_login(org_admin)

    response = client.post("/comptes/jetons/", {"nom": "x", "jours": 0})

    assert "Assurez-vous que cette valeur est supérieure ou égale à 1." in response.content.decode()
    assert not org_admin.jetons_api.exists()


def test_cannot_revoke_someone_elses_token(client, org_admin):
    other = UserFactory(organisation=org_admin.organisation)
    jeton, _ = creer_jeton(other, nom="x")
    client.force_login(org_admin)

    assert client.post(f"/comptes/jetons/{jeton.pk}/revoquer/").status_code == 404


@pytest.mark.parametrize(("langue", "libelle"), [(None, "Brouillon"), ("en", "Draft")])
def test_labels_follow_the_users_language(org_admin, settings, langue, libelle):
    CandidatureFactory(version=VersionProduitFactory(produit=ProduitFactory(organisation=org_admin.organisation)),
                       statut="brouillon")
    client = bearer(creer_jeton(org_admin, nom="CI")[1])
    if langue:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = langue

    resultats = client.get("/api/v1/candidatures/").json()["results"]

    assert [(c["statut"], c["statut_libelle"]) for c in resultats] == [("brouillon", libelle)]

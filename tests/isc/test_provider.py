import pytest
import requests
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from oauth2_provider.models import Application

from isc.models import IscConsentement, IscIdentite
from isc.services import enregistrer_client_plateforme
from isc.views import SESSION_KEY
from tests.isc.factories import ISC_PASSWORD, IscIdentiteFactory
from tests.isc.flow import CLIENT_ID, consent, isc_login_page, raw_tokens

live = pytest.mark.django_db(transaction=True)


@live
def test_discovery_announces_the_isc_endpoints_and_claims(isc_live):
    config = requests.get(f"{isc_live}/isc/o/.well-known/openid-configuration").json()

    assert config["issuer"] == f"{isc_live}/isc/o"
    assert config["authorization_endpoint"] == f"{isc_live}/isc/o/authorize/"
    assert config["scopes_supported"] == ["openid", "profile", "email", "organisation"]
    assert {
        "siren",
        "siret",
        "raison_sociale",
        "isc_role",
        "email",
        "given_name",
    } <= set(config["claims_supported"])
    assert "RS256" in config["id_token_signing_alg_values_supported"]


@live
def test_claims_are_filtered_by_scope(isc_live):
    identite = IscIdentiteFactory(
        identifiant="dora", prenom="Dora", nom="Durand", email="dora@editeur.example"
    )

    tokens = raw_tokens(isc_live, "dora", ISC_PASSWORD, scope="openid email")

    assert tokens["userinfo"] == {
        "sub": str(identite.sub),
        "email": "dora@editeur.example",
        "email_verified": True,
    }
    assert tokens["id_token_claims"]["email"] == "dora@editeur.example"
    assert "siren" not in tokens["id_token_claims"]
    assert "given_name" not in tokens["id_token_claims"]


@live
def test_all_scopes_give_profile_email_and_organisation_claims(isc_live):
    identite = IscIdentiteFactory(
        identifiant="emile",
        prenom="Émile",
        nom="Zola",
        email="emile@editeur.example",
        siren="987654324",
        siret="98765432400012",
        raison_sociale="Radiologie Numérique SA",
        role="REPRESENTANT",
    )

    tokens = raw_tokens(
        isc_live, "emile", ISC_PASSWORD, scope="openid profile email organisation"
    )

    assert tokens["userinfo"] == {
        "sub": str(identite.sub),
        "given_name": "Émile",
        "family_name": "Zola",
        "name": "Émile Zola",
        "email": "emile@editeur.example",
        "email_verified": True,
        "siren": "987654324",
        "siret": "98765432400012",
        "raison_sociale": "Radiologie Numérique SA",
        "isc_role": "REPRESENTANT",
    }
    assert tokens["id_token_claims"]["siren"] == "987654324"
    assert tokens["id_token_claims"]["aud"] == CLIENT_ID


@live
def test_anonymous_authorize_goes_to_the_isc_login_page_then_consent_is_remembered(
    isc_live,
):
    identite = IscIdentiteFactory(identifiant="fanny")
    session = requests.Session()
    url = f"{isc_live}/accounts/oidc/isc/login/"

    r = session.get(url)
    assert r.url.startswith(f"{isc_live}/isc/login/?next=/isc/o/authorize/")
    assert "Connexion à Industriels Santé Connect" in r.text
    r = isc_login_page(session, r, "fanny", ISC_PASSWORD)
    assert (
        "Accepter le partage des informations de votre compte iSC avec la plateforme Convergence"
        in r.text
    )
    consent(session, r)
    assert (
        IscConsentement.objects.get(identite=identite).scopes
        == "email openid organisation profile"
    )

    again = requests.Session()  # another browser: a new iSC session, the same identity
    r = again.get(url)
    r = isc_login_page(again, r, "fanny", ISC_PASSWORD)
    assert 'id="authorizationForm"' not in r.text
    assert r.url == f"{isc_live}/espace/"


@live
def test_refusing_consent_creates_nothing_and_says_so(isc_live, django_user_model):
    IscIdentiteFactory(
        identifiant="gael",
        siren="552100554",
        siret="55210055400013",
        raison_sociale="Gaël SAS",
    )
    session = requests.Session()
    r = isc_login_page(
        session,
        session.get(f"{isc_live}/accounts/oidc/isc/login/"),
        "gael",
        ISC_PASSWORD,
    )

    r = consent(session, r, allow=False)

    assert r.status_code == 400
    assert "Vous avez refusé le partage des informations de votre compte iSC" in r.text
    assert not django_user_model.objects.filter(
        organisation__siren="552100554"
    ).exists()
    assert not IscConsentement.objects.exists()


@pytest.mark.django_db
def test_isc_login_with_a_wrong_password_is_refused(client):
    IscIdentiteFactory(identifiant="hugo")

    response = client.post(
        reverse("isc-connexion"), {"username": "hugo", "password": "faux"}
    )

    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_isc_login_keeps_the_identity_out_of_the_platform_session(client):
    identite = IscIdentiteFactory(identifiant="ines")

    response = client.post(
        reverse("isc-connexion"),
        {"username": "ines", "password": ISC_PASSWORD, "next": "/"},
    )

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == identite.pk
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_isc_login_ignores_an_external_next(client):
    IscIdentiteFactory(identifiant="jade")

    response = client.post(
        reverse("isc-connexion"),
        {"username": "jade", "password": ISC_PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("isc-connexion")


@pytest.mark.django_db
def test_isc_identity_cannot_log_into_the_platform_locally(client):
    identite = IscIdentiteFactory(identifiant="karim")

    response = client.post(
        reverse("account_login"),
        {"login": identite.user.username, "password": ISC_PASSWORD},
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert not identite.user.has_usable_password()


@pytest.mark.django_db
def test_registering_the_platform_client_is_idempotent(settings):
    settings.ISC_CLIENT_ID, settings.ISC_CLIENT_SECRET = "plateforme", "secret-1"
    settings.ISC_REDIRECT_URIS = ["http://a.example/cb/", "http://b.example/cb/"]

    enregistrer_client_plateforme()
    app = enregistrer_client_plateforme()

    assert Application.objects.filter(client_id="plateforme").count() == 1
    assert app.redirect_uris == "http://a.example/cb/ http://b.example/cb/"
    assert (app.client_type, app.authorization_grant_type, app.algorithm) == (
        "confidential",
        "authorization-code",
        "RS256",
    )
    assert app.skip_authorization is False
    assert check_password("secret-1", app.client_secret)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("siren", "siret"), [("12345678", "12345678200017"), ("123456782", "1234")]
)
def test_an_isc_identity_needs_a_9_digit_siren_and_a_14_digit_siret(siren, siret):
    with pytest.raises(ValidationError):
        IscIdentiteFactory(identifiant="ugo", siren=siren, siret=siret)

    assert not IscIdentite.objects.filter(identifiant="ugo").exists()

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_offers_isc_to_editors_and_a_form_to_staff(client):
    html = client.get(reverse("account_login")).content.decode()

    assert 'id="login-isc"' in html
    assert "Se connecter avec Industriels Santé Connect" in html
    assert 'href="/accounts/oidc/isc/login/"' in html
    assert 'name="login"' in html and 'name="password"' in html


def test_login_page_carries_next_to_isc(client):
    html = client.get(
        reverse("account_login"), {"next": "/comptes/mon-compte/"}
    ).content.decode()

    assert 'href="/accounts/oidc/isc/login/?next=%2Fcomptes%2Fmon-compte%2F"' in html


def test_staff_log_in_with_their_local_account(client, instructeur):
    response = client.post(
        reverse("account_login"), {"login": "instructeur", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(instructeur.pk)


def test_wrong_staff_password_is_refused_in_french(client, instructeur):
    response = client.post(
        reverse("account_login"), {"login": "instructeur", "password": "faux"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Identifiant ou mot de passe incorrect." in response.content.decode()


def test_editors_cannot_log_in_with_a_local_password(client, editeur):
    response = client.post(
        reverse("account_login"), {"login": editeur.username, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert (
        "Les comptes des éditeurs se connectent avec Industriels Santé Connect."
        in response.content.decode()
    )


def test_staff_without_totp_are_sent_to_its_activation(client, settings, instructeur):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.post(
        reverse("account_login"), {"login": "instructeur", "password": PASSWORD}
    )

    response = client.get(reverse("comptes:mon-compte"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before any change of second factor
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert (
        "les agents de l’ANS doivent activer la double authentification"
        in page.content.decode()
    )


def test_staff_with_totp_go_on(client, settings, instructeur):
    settings.MFA_REQUIRED_FOR_STAFF = True
    Authenticator.objects.create(
        user=instructeur, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client.force_login(instructeur)

    assert client.get(reverse("comptes:mon-compte")).status_code == 200


def test_exempt_staff_and_editors_are_not_redirected(
    client, settings, instructeur, editeur
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    settings.MFA_EXEMPT_USERNAMES = ["instructeur"]
    client.force_login(instructeur)
    assert client.get(reverse("comptes:mon-compte")).status_code == 200
    client.force_login(editeur)
    assert client.get(reverse("comptes:mon-compte")).status_code == 200


def test_mfa_is_not_required_when_the_setting_is_off(client, settings, instructeur):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(instructeur)

    assert client.get(reverse("comptes:mon-compte")).status_code == 200

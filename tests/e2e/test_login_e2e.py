import re

import pytest

from comptes.models import User
from tests.e2e.conftest import assert_accessible
from tests.isc.factories import ISC_PASSWORD, IscIdentiteFactory
from tests.isc.flow import isc_live  # noqa: F401  (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_logs_in_through_isc_and_the_consent_page(page, isc_live):  # noqa: F811
    IscIdentiteFactory(
        identifiant="alice",
        prenom="Alice",
        nom="Martin",
        email="alice@hopital-logiciels.example",
    )
    page.goto(f"{isc_live}/accounts/login/")
    assert_accessible(page)

    page.click("#login-isc")
    page.wait_for_url(re.compile(r".*/isc/login/.*"))
    assert page.inner_text("h1") == "Connexion à Industriels Santé Connect"
    assert_accessible(page)
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", ISC_PASSWORD)
    page.click("#isc-submit")

    page.wait_for_selector("#authorizationForm")
    assert page.inner_text("#isc-consent-accept") == (
        "Accepter le partage des informations de votre compte iSC avec la plateforme Convergence"
    )
    assert_accessible(page)
    page.click("#isc-consent-accept")

    page.wait_for_url(f"{isc_live}/espace/")
    assert (
        page.inner_text("#utilisateur-connecte").strip()
        == "Alice Martin — Hôpital Logiciels SAS"
    )
    assert_accessible(page)
    assert User.objects.get(username="alice").est_admin_organisation is True


def test_wrong_isc_password_is_announced(page, isc_live):  # noqa: F811
    IscIdentiteFactory(identifiant="bruno")
    page.goto(f"{isc_live}/accounts/oidc/isc/login/")

    page.fill("input[name=username]", "bruno")
    page.fill("input[name=password]", "mauvais")
    page.click("#isc-submit")

    assert (
        page.inner_text("[role=alert]").strip()
        == "Identifiant ou mot de passe incorrect."
    )
    assert_accessible(page)

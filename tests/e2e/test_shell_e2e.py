import pytest

from tests.e2e.conftest import assert_accessible, login_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_is_accessible(page, live_server):
    page.goto(live_server.url + "/")

    assert page.title() == "Accueil — Convergence"
    assert_accessible(page)


def test_logged_in_header_is_accessible(page, live_server, org_admin):
    login_as(page, live_server, org_admin)

    page.goto(live_server.url + "/")

    assert org_admin.organisation.raison_sociale in page.inner_text("#utilisateur-connecte")
    assert_accessible(page)

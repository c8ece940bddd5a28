import time

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_session_ends_after_30_minutes_idle(client, org_admin):
    client.force_login(org_admin)
    session = client.session
    session["_last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 1
    session.save()

    response = client.get("/comptes/jetons/")

    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)
    assert "_auth_user_id" not in client.session


def test_active_session_is_kept_and_not_cached(client, org_admin):
    client.force_login(org_admin)
    session = client.session
    session["_last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 60
    session.save()

    response = client.get("/comptes/jetons/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_request_id_is_echoed_or_created(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc123")["X-Request-ID"] == "abc123"
    assert len(client.get("/healthz")["X-Request-ID"]) == 32


def test_french_is_the_default_whatever_the_browser_says(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.content.decode()


def test_english_when_chosen(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert client.get("/")["Content-Language"] == "en"

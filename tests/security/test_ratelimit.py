"""Rate limits: logins per IP (staff and iSC), uploads per user, the API's throttles; each
refusal is a 429 with a French message and a line in the security log."""

import logging
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from comptes.jetons import creer_jeton
from convergence import ratelimit
from convergence.ratelimit import parse_rate
from preuves.models import Depot
from tests.preuves.factories import preuves_par_numero, texte

MESSAGE = "Trop de requêtes : veuillez patienter une minute avant de réessayer."


@pytest.fixture(autouse=True)
def _horloge_fixe(monkeypatch):
    """The limiter counts by fixed windows (a minute from :00): a test whose requests straddled
    the end of a minute saw its count start again and got no 429. Here the clock stands still."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))


def lignes_limite(caplog, scope):
    return [r for r in caplog.records if r.name == "convergence.security" and getattr(r, "event", "") == "rate_limited"
            and r.scope == scope]


@pytest.mark.parametrize(
    ("rate", "attendu"), [("10/min", (10, 60)), ("60/m", (60, 60)), ("30/5min", (30, 300)), ("1000/h", (1000, 3600))]
)
def test_rates_are_parsed(rate, attendu):
    assert parse_rate(rate) == attendu


@pytest.mark.parametrize("rate", ["10", "0/min", "dix/min", "10/fortnight"])
def test_a_bad_rate_is_a_configuration_error(rate):
    with pytest.raises(ImproperlyConfigured, match="Invalid rate"):
        parse_rate(rate)


@pytest.mark.django_db
def test_the_eleventh_staff_login_post_in_a_minute_gets_429(client, caplog):
    url = reverse("account_login")
    for i in range(10):
        assert client.post(url, {"login": f"agent{i}", "password": "faux"}).status_code == 200

    with caplog.at_level(logging.INFO, logger="convergence.security"):
        response = client.post(url, {"login": "agent10", "password": "faux"})

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert MESSAGE in response.content.decode()
    [ligne] = lignes_limite(caplog, "connexion")
    assert (ligne.ip, ligne.path, ligne.user_id) == ("127.0.0.1", "/accounts/login/", None)
    assert client.get(url).status_code == 200  # only POSTs are counted


@pytest.mark.django_db
def test_login_limit_is_per_ip(client):
    url = reverse("account_login")
    for _ in range(10):
        client.post(url, {"login": "x", "password": "y"}, REMOTE_ADDR="192.0.2.1")

    assert client.post(url, {"login": "x", "password": "y"}, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(url, {"login": "x", "password": "y"}, REMOTE_ADDR="192.0.2.2").status_code == 200


@pytest.mark.django_db
@override_settings(CONVERGENCE_RATE_LOGIN="3/min")
def test_isc_login_page_is_limited_by_the_same_setting(client, caplog):
    url = reverse("isc-connexion")
    for _ in range(3):
        assert client.post(url, {"username": "inconnu", "password": "faux"}).status_code == 200

    with caplog.at_level(logging.INFO, logger="convergence.security"):
        response = client.post(url, {"username": "inconnu", "password": "faux"})

    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert len(lignes_limite(caplog, "connexion")) == 1


@pytest.mark.django_db
@override_settings(CONVERGENCE_RATE_UPLOAD="3/min")
def test_uploads_are_limited_per_user(client, candidature, user, caplog):
    preuve = preuves_par_numero(candidature)["INS/GEN.02"]
    url = reverse("preuves:deposer", args=[preuve.pk])
    client.force_login(user)
    for _ in range(3):
        assert client.post(url, {"fichiers": [texte("notes.txt")]}).status_code == 400  # refused type, counted

    with caplog.at_level(logging.INFO, logger="convergence.security"):
        response = client.post(url, {"fichiers": [texte("notes.txt")]})

    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    [ligne] = lignes_limite(caplog, "televersement")
    assert ligne.user_id == user.pk
    assert Depot.objects.count() == 0
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_api_throttle_answers_429_with_the_error_shape_and_a_log_line(org_admin, caplog, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/min", "anon": "2/min"})
    _jeton, valeur = creer_jeton(org_admin, nom="CI")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {valeur}")
    for _ in range(2):
        assert api.get("/api/v1/organisations/").status_code == 200

    with caplog.at_level(logging.INFO, logger="convergence.security"):
        response = api.get("/api/v1/organisations/")

    assert response.status_code == 429
    assert response.json() == {"code": "trop_de_requetes", "message": "Trop de requêtes : réessayez dans une minute.", "champs": {}}
    assert int(response["Retry-After"]) > 0
    [ligne] = lignes_limite(caplog, "api")
    assert ligne.user_id == org_admin.pk

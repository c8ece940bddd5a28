"""Rate limits: logins per IP (staff and iSC), uploads per user, the API's throttles; each
refusal is a 429 with a French message and a line in the security log."""

import logging
import random

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from comptes.jetons import creer_jeton
from convergence import ratelimit
from convergence.ratelimit import hit, parse_rate
from preuves.models import Depot
from tests.preuves.factories import preuves_par_numero, texte

# Ten hits in one 5-second slot leave the count when the 13th slot after it begins: 65 s.
MESSAGE = "Trop de requêtes : veuillez patienter 65 secondes avant de réessayer."


class Horloge:
    """The limiter's clock, moved by the tests (a real clock made a test flaky: its requests
    straddled the end of a minute). Starts on a slot's boundary."""

    def __init__(self):
        self.t = 1_800_000_000.0

    def time(self):
        return self.t


@pytest.fixture(autouse=True)
def horloge(monkeypatch):
    h = Horloge()
    monkeypatch.setattr(ratelimit, "time", h)
    return h


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
    assert response["Retry-After"] == "65"
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
    attente = int(response["Retry-After"])
    assert 0 < attente <= 60
    assert response.json() == {
        "code": "trop_de_requetes",
        "message": f"Trop de requêtes : veuillez patienter {attente} secondes avant de réessayer.",
        "champs": {},
    }
    [ligne] = lignes_limite(caplog, "api")
    assert ligne.user_id == org_admin.pk


# --- The window slides -----------------------------------------------------------------------


def test_no_burst_across_the_end_of_a_minute(horloge):
    """A fixed window took 3 hits at :59 and 3 more at :01; the sliding one refuses the second
    three until the first have left the last minute."""
    horloge.t += 59
    assert [hit("k", limit=3, window=60) for _ in range(3)] == [0, 0, 0]
    horloge.t += 2  # a new minute has begun

    attente = hit("k", limit=3, window=60)

    assert attente == 59  # the three hits' slot (55-60 s) leaves the count at 120 s, 61 s after them
    horloge.t += attente - 1
    assert hit("k", limit=3, window=60) == 1
    horloge.t += 1
    assert hit("k", limit=3, window=60) == 0


def test_refused_hits_do_not_count(horloge):
    assert [hit("k", limit=2, window=60) for _ in range(2)] == [0, 0]
    for _ in range(50):  # hammering while refused does not push the wait back
        horloge.t += 1
        assert hit("k", limit=2, window=60) > 0
    horloge.t += 15
    assert hit("k", limit=2, window=60) == 0


def test_keys_and_windows_are_counted_apart(horloge):
    assert hit("a", limit=1, window=60) == 0
    assert hit("a", limit=1, window=60) > 0
    assert hit("b", limit=1, window=60) == 0
    assert hit("a", limit=5, window=3600) == 0


@pytest.mark.parametrize("graine", range(5))
def test_no_window_ever_holds_more_than_the_limit_and_every_wait_is_exact(horloge, graine):
    """Random attempts over ten minutes: no 60-second span holds more than `limit` accepted hits;
    a refused hit, tried again exactly when its Retry-After says, is accepted, and not a second
    before; and no hit is refused while the last 65 s hold fewer than `limit` accepted."""
    alea = random.Random(graine)
    limit, window = 5, 60
    debut = horloge.t
    acceptes = []
    while horloge.t < debut + 600:
        horloge.t += alea.choice([0.0, 0.3, 1.7, 4.0, 11.0])
        attente = hit("p", limit=limit, window=window)
        if attente == 0:
            acceptes.append(horloge.t)
            continue
        assert sum(1 for a in acceptes if a > horloge.t - 65) >= limit
        essai = horloge.t
        horloge.t = essai + attente - 1
        assert hit("p", limit=limit, window=window) > 0
        horloge.t = essai + attente
        assert hit("p", limit=limit, window=window) == 0
        acceptes.append(horloge.t)
    for a in acceptes:
        assert sum(1 for b in acceptes if a <= b < a + window) <= limit
    assert len(acceptes) > 40

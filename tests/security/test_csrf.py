"""CSRF: every route refuses a POST without a valid token (403), whoever sends it; and a GET,
as any role, on any route, inserts, updates or deletes no row (so writes no journal event)."""

import logging

import pytest
from django.test import Client

from . import crawl
from .monde import ROLES

pytestmark = pytest.mark.django_db

REFUS = {401, 403, 404, 405, crawl.LOGIN}
# Tables a GET may write, with the reason.
ECRITURES_PERMISES = {
    "messagerie_lecture": "opening a thread records how far its reader has read (read receipts, per user)",
}


def role_admis(statuts: dict, *, connecte: bool) -> str:
    """The first role the route answers (so that a 403 can only come from the CSRF check)."""
    roles = ROLES[1:] if connecte else ROLES
    return next((r for r in roles if statuts[r] not in REFUS), "admin")


def test_every_route_refuses_a_post_without_csrf_token(monde, caplog):
    routes, _ = crawl.routes_a_tester()
    clients = crawl.clients(monde, enforce_csrf_checks=True)
    acceptes = []
    for route in routes:
        a = crawl.attente(route, monde)
        chemin = crawl.url(route, a.kwargs)
        role = role_admis(a.statuts, connecte=route.api)  # the API checks CSRF for sessions only
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
            response, _, _ = crawl.demander(clients[role], "POST", chemin)
        csrf = any(r.name == "django.security.csrf" for r in caplog.records)
        if route.api and not csrf:  # DRF checks the token itself, for session-authenticated requests
            avec_jeton, _, _ = crawl.demander(clients[role], "POST", chemin, jeton_csrf=True)
            csrf = avec_jeton.status_code != 403
        if response.status_code != 403 or not csrf:
            acceptes.append(f"POST {chemin} ({route.cle}) without token as {role}: {crawl.decrire(response)}")

    assert acceptes == []


def test_get_changes_no_data_whatever_the_role(monde):
    routes, _ = crawl.routes_a_tester()
    clients = crawl.clients(monde)
    changes = []
    for route in routes:
        a = crawl.attente(route, monde)
        chemin = crawl.url(route, a.kwargs) + (f"?{a.query}" if a.query else "")
        for role in ROLES:
            _response, avant, apres = crawl.demander(clients[role], "GET", chemin, compter=True)
            diff = {t: n - avant.get(t, 0) for t, n in apres.items() if n != avant.get(t, 0) and t not in ECRITURES_PERMISES}
            if diff:
                changes.append(f"GET {chemin} ({route.cle}) as {role} wrote rows in {diff}")

    assert changes == []


def test_api_routes_refuse_a_session_post_without_csrf_token():
    """Browser sessions reach the API too: DRF checks their CSRF token (tokens need none)."""
    pytest.importorskip("tests.security.matrix_api")
    utilisateurs, cas = crawl.cas_api()
    client = Client(enforce_csrf_checks=True)
    client.force_login(next(u for u in utilisateurs.values() if u is not None and u.organisation_id))
    acceptes = []
    for route, chemin, _methode in cas:
        response, _, _ = crawl.demander(client, "POST", chemin)
        if response.status_code != 403 or b"CSRF" not in response.content:
            acceptes.append(f"POST {chemin} ({route}) without token: {crawl.decrire(response)}")

    assert acceptes == []


def test_api_get_changes_no_data_whatever_the_role():
    pytest.importorskip("tests.security.matrix_api")
    utilisateurs, cas = crawl.cas_api()
    changes = []
    for role, user in utilisateurs.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for route, chemin, _methode in cas:
            _response, avant, apres = crawl.demander(client, "GET", chemin, compter=True)
            diff = {t: n - avant.get(t, 0) for t, n in apres.items() if n != avant.get(t, 0)}
            if diff:
                changes.append(f"GET {chemin} ({route}) as {role} wrote rows in {diff}")

    assert changes == []

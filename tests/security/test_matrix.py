"""The authorization matrix: every route of the resolver, asked as every role, gets the status
the matrix says (matrix_ui.py, and matrix_api.py once the API lands), and no answer to
organisation B or to an anonymous visitor contains organisation A's data."""

import pytest

from . import crawl
from .monde import EDITEURS_A, ROLES, SECRETS_A

pytestmark = pytest.mark.django_db


def test_every_route_is_in_a_matrix_or_excluded_with_a_reason():
    _routes, problemes = crawl.routes_a_tester()

    assert problemes == []


def test_each_role_gets_the_expected_answer_and_b_sees_nothing_of_a(monde):
    routes, _ = crawl.routes_a_tester()
    clients = crawl.clients(monde, enforce_csrf_checks=True)
    ecarts, fuites, vus_par_a = [], [], set()
    for route in routes:
        a = crawl.attente(route, monde)
        chemin = crawl.url(route, a.kwargs) + (f"?{a.query}" if a.query else "")
        for role in ROLES:
            response, _, _ = crawl.demander(clients[role], a.methode, chemin, jeton_csrf=a.methode == "POST")
            if not crawl.conforme(response, a.statuts[role]):
                ecarts.append(f"{a.methode} {chemin} ({route.cle}) as {role}: {crawl.decrire(response)}, expected {a.statuts[role]}")
            corps = crawl.corps(response)
            trouves = {s for s in SECRETS_A if s.encode() in corps}
            if role in EDITEURS_A:
                vus_par_a |= trouves
            elif role in ("editeur_b", "anonyme") and trouves and not a.fuite_permise:
                fuites.append(f"{a.methode} {chemin} ({route.cle}) as {role} shows {sorted(trouves)}")
        if a.methode == "POST":
            response, _, _ = crawl.demander(clients["admin"], "GET", chemin)
            if response.status_code != 405:
                ecarts.append(f"GET {chemin} ({route.cle}) is a POST-only route: {crawl.decrire(response)}, expected 405")

    assert ecarts == []
    assert fuites == []
    assert vus_par_a == set(SECRETS_A)  # the leak check looks for strings that A's users do see

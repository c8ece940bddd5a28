"""The API's authorization matrix (tests/security/matrix_api.py) holds, route by route and role by role."""

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from convergence.api.urls import router
from tests.security.matrix_api import (
    API_MATRIX,
    API_METHODES,
    ROLES,
    construire_monde,
    url_de,
)

from .conftest import client_jeton

pytestmark = pytest.mark.django_db


def test_every_api_route_is_in_the_matrix():
    assert {u.name for u in router.urls} == set(API_MATRIX)
    assert all(set(ligne) == set(ROLES) for ligne in API_MATRIX.values())


@pytest.mark.parametrize("role", ROLES)
def test_the_matrix_holds_for(role):
    monde = construire_monde()
    user = monde.utilisateurs[role]
    client = client_jeton(user) if user is not None else APIClient()
    obtenu, donnees_a = {}, []
    for route in API_MATRIX:
        point = transaction.savepoint()
        url = url_de(route, monde)
        response = client.get(url) if API_METHODES[route] == "GET" else client.post(url, {}, format="json")
        transaction.savepoint_rollback(point)
        obtenu[route] = response.status_code
        if role == "editeur_b" and response.status_code == 200 and response["Content-Type"].startswith("application/json"):
            donnees_a.append((route, response.content.decode()))
    assert obtenu == {route: attendus[role] for route, attendus in API_MATRIX.items()}
    for route, contenu in donnees_a:  # B's answers never hold A's data
        assert "Organisation A" not in contenu and "Produit A" not in contenu, route

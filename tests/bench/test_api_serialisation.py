"""The API's serializers (convergence.api.serializers.ModeleSerializer) skip DRF's generic field
construction and lookup for speed: on the generated programme, every list and detail of the API
answers exactly what DRF's own ModelSerializer answers, for an agent and for an editor."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIClient

from bench.dataset.acteurs import USER_PREFIX
from comptes.jetons import creer_jeton
from comptes.models import User
from convergence.api.serializers import ModeleSerializer
from convergence.api.urls import router

pytestmark = pytest.mark.django_db

# Lists whose first page shows the generated programme's variety (versions, files, reviews,
# decisions, messages), then the detail of their first object.
LISTES = [
    prefixe for prefixe, _viewset, basename in router.registry
    if prefixe not in ("fichiers",)  # a file has no list (its detail is checked through the deposits)
]


def client_de(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {creer_jeton(user, nom='serialisation')[1]}")
    return client


def reponses(client) -> dict[str, object]:
    out = {}
    for prefixe in LISTES:
        liste = client.get(f"/api/v1/{prefixe}/", {"taille": 100})
        if liste.status_code == 405:
            continue
        assert liste.status_code == 200, (prefixe, liste.status_code)
        out[prefixe] = liste.json()
        resultats = out[prefixe]["results"] if isinstance(out[prefixe], dict) else out[prefixe]
        if resultats and "id" in resultats[0]:
            detail = client.get(f"/api/v1/{prefixe}/{resultats[0]['id']}/")
            assert detail.status_code == 200, (prefixe, detail.status_code)
            out[f"{prefixe}/id"] = detail.json()
    return out


@pytest.mark.parametrize("role", ["agent", "editeur"])
def test_api_answers_as_drf_would(dataset, role, monkeypatch):
    if role == "agent":
        user = User.objects.get(username=f"{USER_PREFIX}verificateur-1")
    else:
        user = User.objects.filter(username__startswith=USER_PREFIX, est_admin_organisation=True).order_by("pk").first()
    client = client_de(user)
    rapides = reponses(client)
    assert rapides["depots"]["results"] and rapides["depots"]["results"][0]["fichiers"]

    monkeypatch.setattr(ModeleSerializer, "get_fields", serializers.ModelSerializer.get_fields)
    monkeypatch.setattr(ModeleSerializer, "to_representation", serializers.ModelSerializer.to_representation)
    assert reponses(client) == rapides

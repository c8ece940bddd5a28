"""Fixtures of the API tests: phase 1's organisation with its product and users at each level of
rights (tests.candidatures.conftest), another organisation's administrator, the small REM catalogue
of tests.preuves, and token-authenticated clients."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from comptes.jetons import creer_jeton
from comptes.models import JetonAPI
from tests.candidatures import conftest as phase1
from tests.factories import CandidatureFactory
from tests.preuves.factories import candidature_en_preuves, catalogue

# Fixtures shared with phase 1's tests: organisation A, its product and version, its users.
organisation, produit, version = phase1.organisation, phase1.produit, phase1.version
lecteur, contributeur, soumetteur, admin_org = phase1.lecteur, phase1.contributeur, phase1.soumetteur, phase1.admin_org
autre_editeur = phase1.autre_editeur  # the administrator of another organisation


def jeton(user) -> str:
    """A fresh token of `user`, already stamped as used (so a request costs exactly one query for
    its authentication)."""
    objet, valeur = creer_jeton(user, nom="tests")
    JetonAPI.objects.filter(pk=objet.pk).update(derniere_utilisation=timezone.now())
    return valeur


def client_jeton(user) -> APIClient:
    """A client authenticated with a fresh token of `user`."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {jeton(user)}")
    return client


@pytest.fixture
def api():
    return client_jeton


def erreur(response, status: int, code: str) -> dict:
    """Assert the API's one error shape, and return its body."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "champs"}
    assert body["code"] == code
    return body


@pytest.fixture
def cat(db):
    return catalogue()


@pytest.fixture
def brouillon(version, cat, soumetteur):
    """A candidature of organisation A in brouillon, on the catalogue's DSR."""
    return CandidatureFactory(version=version, dsr=cat["dsr"], cree_par=soumetteur, charte_acceptee_par=soumetteur)


@pytest.fixture
def en_preuves(version, cat):
    """A candidature of organisation A in phase `preuves`, its proofs requested (chapters INS, SSI)."""
    return candidature_en_preuves(cat, version=version)

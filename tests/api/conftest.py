"""Fixtures of the API tests: organisation A (a product, users with each level of rights, the
small REM catalogue of tests.preuves), another organisation B, and token-authenticated clients."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from comptes.jetons import creer_jeton
from comptes.models import JetonAPI
from tests.factories import (
    CandidatureFactory,
    HabilitationFactory,
    OrgAdminFactory,
    OrganisationFactory,
    ProduitFactory,
    UserFactory,
    VersionProduitFactory,
)
from tests.preuves.factories import candidature_en_preuves, catalogue


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
def org_a(db):
    return OrganisationFactory(raison_sociale="Santé Logiciels SAS", siren="123456789", siret="12345678900012")


@pytest.fixture
def produit(org_a):
    return ProduitFactory(organisation=org_a, nom="DPI Horizon")


@pytest.fixture
def version(produit):
    return VersionProduitFactory(produit=produit, numero="5.2.0")


def _habilite(produit, username, **droits):
    user = UserFactory(username=username, organisation=produit.organisation, first_name="Alex",
                       last_name=username.capitalize(), telephone="0102030405")
    HabilitationFactory(utilisateur=user, produit=produit, lire=True, **droits)
    return user


@pytest.fixture
def lecteur(produit):
    return _habilite(produit, "lecteur")


@pytest.fixture
def contributeur(produit):
    return _habilite(produit, "contributeur", contribuer=True)


@pytest.fixture
def soumetteur(produit):
    return _habilite(produit, "soumetteur", contribuer=True, soumettre=True, signer=True)


@pytest.fixture
def admin_a(org_a):
    return OrgAdminFactory(username="admin-a", organisation=org_a, first_name="Claire", last_name="Martin",
                           email="claire.martin@sante-logiciels.test", telephone="0611223344")


@pytest.fixture
def editeur_b(db):
    """The administrator of another organisation: sees nothing of organisation A."""
    return OrgAdminFactory(username="admin-b", organisation=OrganisationFactory(raison_sociale="Concurrent SA"))


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

import pytest

from tests.factories import (
    CandidatureFactory,
    HabilitationFactory,
    OrganisationFactory,
    ProduitFactory,
    UserFactory,
    VersionProduitFactory,
)


@pytest.fixture
def agent(instructeur):
    return instructeur


@pytest.fixture
def editeur_dpi(db):
    """An editor who may read one product with a DPI candidature (Vague 2, brouillon)."""
    user = UserFactory(username="jean-michel", first_name="Jean-Michel", last_name="ENS")
    produit = ProduitFactory(organisation=user.organisation, nom="DPI Horizon")
    HabilitationFactory(utilisateur=user, produit=produit)
    user.candidature = CandidatureFactory(version=VersionProduitFactory(produit=produit, numero="5.0"))
    return user


@pytest.fixture
def autre_editeur(db):
    """An editor of another organisation, with a product and a candidature of their own."""
    user = UserFactory(username="concurrent", organisation=OrganisationFactory(raison_sociale="Concurrent SA"))
    produit = ProduitFactory(organisation=user.organisation, nom="Produit Concurrent")
    HabilitationFactory(utilisateur=user, produit=produit)
    user.candidature = CandidatureFactory(version=VersionProduitFactory(produit=produit, numero="9.9"))
    return user

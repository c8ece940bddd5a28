import pytest
from django.urls import NoReverseMatch, reverse


@pytest.fixture(autouse=True)
def _vue_fichier(settings):
    """Use a stand-in download view when `comptes:fichier` does not exist yet."""
    try:
        reverse("comptes:fichier", args=[1])
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.preuves.urls_fichier"


@pytest.fixture
def cat(db):
    """The small catalogue of tests.preuves.factories.catalogue (one per test)."""
    from tests.preuves.factories import catalogue

    return catalogue()


@pytest.fixture
def candidature(cat):
    """A candidature in phase `preuves` on `cat`, not referenced in Vague 1, Général profile only."""
    from tests.preuves.factories import candidature_en_preuves

    return candidature_en_preuves(cat)


@pytest.fixture
def user(candidature):
    """An editor who may read, contribute and submit on the candidature's product."""
    from tests.preuves.factories import contributeur_soumetteur

    return contributeur_soumetteur(candidature)

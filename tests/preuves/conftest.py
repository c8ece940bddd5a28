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

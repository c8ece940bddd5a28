import pytest
from django.urls import NoReverseMatch, reverse


def use_fichier_stub(settings):
    try:
        reverse("comptes:fichier", args=[1])
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.conventions.fichier_stub"


@pytest.fixture(autouse=True)
def _fichier_url(settings):
    use_fichier_stub(settings)

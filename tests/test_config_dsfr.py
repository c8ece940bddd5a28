"""SITE_CONFIG (django-dsfr's site configuration): cached, read only when used, fresh after a change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from dsfr.models import DsfrConfig

from convergence.context_processors import site_config

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_vide():
    cache.clear()
    yield
    cache.clear()


def test_unused_it_costs_no_query_and_used_twice_one():
    DsfrConfig.objects.all().delete()
    DsfrConfig.objects.create(language="fr", site_title="Convergence")
    requete = RequestFactory().get("/")

    with CaptureQueriesContext(connection) as requetes:
        site_config(requete)
    assert len(requetes) == 0

    with CaptureQueriesContext(connection) as requetes:
        assert site_config(requete)["SITE_CONFIG"].site_title == "Convergence"
        assert site_config(requete)["SITE_CONFIG"].site_title == "Convergence"
    assert len(requetes) == 1


def test_a_change_by_an_administrator_shows_at_once():
    DsfrConfig.objects.all().delete()
    config = DsfrConfig.objects.create(language="fr", site_title="Ancien titre")
    requete = RequestFactory().get("/")
    assert site_config(requete)["SITE_CONFIG"].site_title == "Ancien titre"

    config.site_title = "Nouveau titre"
    config.save()

    assert site_config(requete)["SITE_CONFIG"].site_title == "Nouveau titre"


def test_no_configuration_is_cached_too():
    DsfrConfig.objects.all().delete()
    requete = RequestFactory().get("/")
    assert not site_config(requete)["SITE_CONFIG"]

    with CaptureQueriesContext(connection) as requetes:
        assert not site_config(requete)["SITE_CONFIG"]
    assert len(requetes) == 0

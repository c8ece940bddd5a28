import shutil

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import AgentFactory, OrgAdminFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _fermer_connexions_du_serveur(django_db_setup, django_db_blocker):
    """At the end of the session, close the connections that the live server's threads left open
    (a thread serving a kept-alive connection keeps its own), so the test database can be dropped."""
    from django.db import connection

    yield
    # (pytest-django creates the test database only when a test of the session needs it)
    if connection.vendor != "postgresql" or not connection.settings_dict["NAME"].startswith("test_"):
        return
    with django_db_blocker.unblock(), connection.cursor() as curseur:
        curseur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.fixture(autouse=True)
def _langue_par_defaut():
    """Each test starts in French: a request in English activates English in the test's thread
    (LanguageMiddleware activates the user's language for each request, as Django's does)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test stores its files in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}},
    }


@pytest.fixture(autouse=True)
def _cache():
    """Rate limits, throttles and unread counts are in the cache: each test starts from zero."""
    cache.clear()


@pytest.fixture
def org_admin(db):
    return OrgAdminFactory()


@pytest.fixture
def editeur(db):
    return UserFactory()


@pytest.fixture
def instructeur(db):
    return AgentFactory(role="instructeur", username="instructeur")


@pytest.fixture
def verificateur(db):
    return AgentFactory(role="verificateur", username="verificateur")


@pytest.fixture
def administrateur(db):
    return AgentFactory(role="administrateur", username="administrateur", is_superuser=True)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default'].get('NAME')} on {settings.DATABASES['default'].get('HOST')}"

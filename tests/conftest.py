import shutil

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import AgentFactory, OrgAdminFactory, UserFactory


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

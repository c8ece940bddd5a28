import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_reports_each_component(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "storage": "ok"}}


@pytest.mark.django_db
def test_healthz_is_503_when_storage_fails(client, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": "/proc/forbidden"}}}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"].startswith("erreur")


@pytest.mark.django_db
def test_home_renders_dsfr_shell_in_french(client):
    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert "fr-header" in html and "Convergence" in html
    assert "Se connecter" in html


@pytest.mark.django_db
def test_404_page_uses_the_platform_shell(client, settings):
    settings.DEBUG = False

    response = client.get("/nulle-part/")

    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


@pytest.mark.django_db
def test_header_shows_user_and_organisation(client, org_admin):
    client.force_login(org_admin)

    html = client.get(reverse("home"), follow=True).content.decode()  # an editor lands on their dashboard

    assert org_admin.organisation.raison_sociale in html
    assert org_admin.get_full_name() in html

"""The admin's "Importer un REM": upload, preview (a dry run), apply on confirmation."""

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comptes.models import Fichier
from preuves.importer import importer_rem
from preuves.models import Exigence, PreuveAttendue, Referentiel
from tests.factories import DSRFactory

from .conftest import ligne, rem

URL = "admin:preuves_referentiel_importer"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(chemin, nom=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(nom or chemin.name, chemin.read_bytes(), content_type=XLSX)


@pytest.fixture
def dsr(db):
    return DSRFactory(code="DPI")


def test_import_page_offers_the_dsrs(client, administrateur, dsr):
    client.force_login(administrateur)

    response = client.get(reverse(URL))

    assert response.status_code == 200
    assert list(response.context["form"].fields["dsr"].queryset) == [dsr]
    assert "Importer un REM" in response.content.decode()


def test_preview_shows_what_will_change_and_writes_nothing(client, administrateur, dsr):
    client.force_login(administrateur)

    response = client.post(reverse(URL), {"dsr": dsr.pk, "fichier": upload(rem("DPI"))})

    assert response.status_code == 200
    rapport = response.context["rapport"]
    assert (rapport.exigences_nouvelles, rapport.preuves_nouvelles, rapport.preuves_retirees, len(rapport.anomalies)) == (92, 147, 0, 26)
    html = response.content.decode()
    assert "92 exigences, 118 scénarios, 147 preuves attendues" in html
    assert "Ligne 50, colonne « N° scénario » : le N° de scénario « 39.01 » ne prolonge pas" in html
    assert (Exigence.objects.count(), Referentiel.objects.count()) == (0, 0)
    fichier = Fichier.objects.get()
    assert (fichier.nom, fichier.organisation, fichier.depose_par) == ("REM_DPI_va2_brouillon.xlsx", None, administrateur)
    assert response.context["confirmation"].initial == {"dsr": dsr.pk, "fichier": fichier.pk}


def test_confirmation_applies_the_previewed_workbook(client, administrateur, dsr):
    client.force_login(administrateur)
    client.post(reverse(URL), {"dsr": dsr.pk, "fichier": upload(rem("DPI"))})
    fichier = Fichier.objects.get()

    response = client.post(reverse(URL), {"dsr": dsr.pk, "fichier": fichier.pk, "confirmer": "1"})

    assert response.status_code == 302
    assert response.url == reverse("admin:preuves_referentiel_changelist")
    referentiel = Referentiel.objects.get()
    assert (referentiel.version, referentiel.nom_fichier, referentiel.importe_par) == (1, "REM_DPI_va2_brouillon.xlsx", administrateur)
    assert PreuveAttendue.objects.filter(dsr=dsr).count() == 147
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "REM DPI : version 1 enregistrée (92 exigences, 118 scénarios, 147 preuves attendues)."
    ]


def test_preview_of_a_new_version_counts_the_changed_proof(client, administrateur, dsr, tmp_path):
    importer_rem(rem("DPI"), dsr=dsr)
    wb = openpyxl.load_workbook(rem("DPI"))
    wb["Exigences"]["K11"] = "Attestation d'homologation CNDA"
    wb["Exigences"].delete_rows(148)
    wb.save(tmp_path / "REM_DPI_v2.xlsx")
    client.force_login(administrateur)

    response = client.post(reverse(URL), {"dsr": dsr.pk, "fichier": upload(tmp_path / "REM_DPI_v2.xlsx")})

    rapport = response.context["rapport"]
    assert (rapport.preuves_nouvelles, rapport.preuves_modifiees, rapport.preuves_retirees, rapport.preuves_inchangees) == (0, 1, 1, 145)
    assert (rapport.exigences_modifiees, rapport.exigences_retirees) == (0, 0)
    assert Referentiel.objects.count() == 1


def test_a_broken_workbook_is_refused_on_the_form_and_nothing_is_stored(client, administrateur, dsr, classeur):
    client.force_login(administrateur)
    chemin = classeur([ligne()], feuille="Feuil1")

    response = client.post(reverse(URL), {"dsr": dsr.pk, "fichier": upload(chemin, "rem.xlsx")})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "fichier": ["Le classeur « rem.xlsx » n'a pas de feuille « Exigences » (feuilles trouvées : « Feuil1 »)."]
    }
    assert (Fichier.objects.count(), Exigence.objects.count()) == (0, 0)


def test_a_workbook_uploaded_by_someone_else_cannot_be_applied(client, administrateur, dsr, tmp_path):
    autre = Fichier.objects.create(nom="rem.xlsx", type_mime=XLSX, taille=1, sha256="0" * 64, fichier="x.xlsx")
    client.force_login(administrateur)

    response = client.post(reverse(URL), {"dsr": dsr.pk, "fichier": autre.pk, "confirmer": "1"}, follow=True)

    assert response.redirect_chain == [(reverse(URL), 302)]
    assert [str(m) for m in response.context["messages"]] == ["Ce classeur n'est plus disponible : importez-le à nouveau."]
    assert Referentiel.objects.count() == 0


def test_an_instructor_cannot_import(client, instructeur, dsr):
    client.force_login(instructeur)

    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), {"dsr": dsr.pk, "fichier": upload(rem("DPI"))}).status_code == 403
    assert Fichier.objects.count() == 0


def test_an_editor_is_sent_to_the_admin_login(client, editeur):
    client.force_login(editeur)

    response = client.get(reverse(URL))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "vue", ["admin:preuves_referentiel_changelist", "admin:preuves_exigence_changelist",
            "admin:preuves_preuveattendue_changelist", "admin:preuves_chapitre_changelist"],
)
def test_catalogue_changelists_list_the_imported_rows(client, administrateur, dsr, vue):
    importer_rem(rem("DPI"), dsr=dsr)
    client.force_login(administrateur)

    response = client.get(reverse(vue))

    assert response.status_code == 200
    total = {"admin:preuves_referentiel_changelist": 1, "admin:preuves_exigence_changelist": 92,
             "admin:preuves_preuveattendue_changelist": 147, "admin:preuves_chapitre_changelist": 6}[vue]
    assert response.context["cl"].result_count == total


def test_referentiel_changelist_links_to_the_import(client, administrateur, dsr):
    client.force_login(administrateur)

    response = client.get(reverse("admin:preuves_referentiel_changelist"))

    assert f'href="{reverse(URL)}"' in response.content.decode()


def test_exigence_change_page_shows_its_scenarios(client, administrateur, dsr):
    importer_rem(rem("DPI"), dsr=dsr)
    exigence = Exigence.objects.get(identifiant="DMP/AIRS.06")
    client.force_login(administrateur)

    response = client.get(reverse("admin:preuves_exigence_change", args=[exigence.pk]))

    assert response.status_code == 200
    assert "DMP/AIRS.06.01" in response.content.decode()

"""Django admin of waves and DSRs: dates in Paris time, their order, journalled moves, Général profile."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from candidatures.models import DSR, Evenement, Profil, Vague
from tests.factories import DSRFactory, VagueFactory


def donnees_vague(vague=None, **dates) -> dict:
    valeurs = {"date1": ("01/12/2026", "18:00"), "date2": ("15/01/2027", "18:00"), "date3": ("01/03/2027", "12:00")}
    valeurs.update(dates)
    data = {"numero": vague.numero if vague else 3, "nom": vague.nom if vague else "Ségur Vague 3", "active": "on", "charte": ""}
    for champ, (jour, heure) in valeurs.items():
        data[f"{champ}_0"], data[f"{champ}_1"] = jour, heure
    return data


@pytest.fixture
def vague(db):
    return VagueFactory(
        numero=2, nom="Ségur Vague 2",
        date1=datetime(2026, 12, 1, 17, 0, tzinfo=UTC),  # 18:00 in Paris (winter time)
        date2=datetime(2027, 1, 15, 17, 0, tzinfo=UTC),
        date3=datetime(2027, 3, 1, 11, 0, tzinfo=UTC),
    )


def test_vague_dates_are_shown_in_paris_time(client, administrateur, vague):
    client.force_login(administrateur)

    response = client.get(reverse("admin:candidatures_vague_change", args=[vague.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="date1_0" value="01/12/2026"' in html
    assert 'name="date1_1" value="18:00:00"' in html
    assert "Heure de Paris." in html


def test_dates_out_of_order_give_a_french_error_not_an_integrity_error(client, administrateur, vague):
    client.force_login(administrateur)

    response = client.post(
        reverse("admin:candidatures_vague_change", args=[vague.pk]),
        donnees_vague(vague, date2=("20/11/2026", "18:00"), date3=("10/11/2026", "18:00")),
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {
        "date2": ["La Date N°2 doit être postérieure à la Date N°1."],
        "date3": ["La Date N°3 doit être postérieure à la Date N°2."],
    }
    vague.refresh_from_db()
    assert vague.date2 == datetime(2027, 1, 15, 17, 0, tzinfo=UTC)
    assert not Evenement.objects.filter(action="vague_date_modifiee").exists()


def test_moving_a_date_is_journalled(client, administrateur, vague):
    client.force_login(administrateur)

    response = client.post(
        reverse("admin:candidatures_vague_change", args=[vague.pk]), donnees_vague(vague, date2=("22/01/2027", "18:00"))
    )

    assert response.status_code == 302
    vague.refresh_from_db()
    assert vague.date2 == datetime(2027, 1, 22, 17, 0, tzinfo=UTC)
    evenement = Evenement.objects.get(action="vague_date_modifiee")
    assert (evenement.acteur, evenement.cible) == (administrateur, f"vague:{vague.pk}")
    assert evenement.details == {
        "vague": 2, "date": "date2", "avant": "2027-01-15T18:00:00+01:00", "apres": "2027-01-22T18:00:00+01:00",
    }
    assert evenement.message == (
        "Date N°2 de la vague 2 déplacée du 15 janvier 2027 à 18:00 au 22 janvier 2027 à 18:00 (heure de Paris)."
    )


def test_creating_a_vague_is_journalled(client, administrateur):
    client.force_login(administrateur)

    response = client.post(reverse("admin:candidatures_vague_add"), donnees_vague())

    assert response.status_code == 302
    vague = Vague.objects.get(numero=3)
    assert vague.date3 == datetime(2027, 3, 1, 11, 0, tzinfo=UTC)
    assert list(Evenement.objects.values_list("action", "message")) == [("vague_creee", "Vague 3 créée.")]


def test_an_instructor_cannot_configure_waves(client, instructeur, vague):
    client.force_login(instructeur)

    assert client.get(reverse("admin:candidatures_vague_changelist")).status_code == 403
    assert client.get(reverse("admin:candidatures_vague_change", args=[vague.pk])).status_code == 403


def test_a_new_dsr_gets_its_general_profile(client, administrateur, vague):
    client.force_login(administrateur)
    inline = {"profils-TOTAL_FORMS": "1", "profils-INITIAL_FORMS": "0", "profils-0-nom": "IAM", "profils-0-ordre": "1"}

    response = client.post(
        reverse("admin:candidatures_dsr_add"),
        {"vague": vague.pk, "code": "SGL", "nom": "Système de Gestion de Laboratoire", "couloir": "Biologie", **inline},
    )

    assert response.status_code == 302
    dsr = DSR.objects.get(code="SGL")
    assert list(dsr.profils.values_list("nom", "obligatoire")) == [("Général", True), ("IAM", False)]


def test_the_general_profile_cannot_be_deleted(client, administrateur, vague):
    dsr = DSRFactory(vague=vague, code="DPI")
    general = Profil.objects.get(dsr=dsr)
    client.force_login(administrateur)
    inline = {
        "profils-TOTAL_FORMS": "1", "profils-INITIAL_FORMS": "1", "profils-0-id": general.pk, "profils-0-dsr": dsr.pk,
        "profils-0-nom": "Général", "profils-0-obligatoire": "on", "profils-0-ordre": "0", "profils-0-DELETE": "on",
    }

    response = client.post(
        reverse("admin:candidatures_dsr_change", args=[dsr.pk]),
        {"vague": vague.pk, "code": "DPI", "nom": dsr.nom, "couloir": dsr.couloir, **inline},
    )

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors() == [
        "Le profil Général est obligatoire pour tout DSR : il ne peut pas être supprimé."
    ]
    assert Profil.objects.filter(pk=general.pk).exists()


def test_dsr_changelist_shows_counts(client, administrateur, vague):
    DSRFactory(vague=vague, code="DPI")
    DSRFactory(vague=vague, code="RIS")
    client.force_login(administrateur)

    response = client.get(reverse("admin:candidatures_dsr_changelist"))

    assert response.status_code == 200
    assert [d.code for d in response.context["cl"].result_list] == ["DPI", "RIS"]
    assert [d._nb_profils for d in response.context["cl"].result_list] == [1, 1]


def test_the_general_profile_keeps_its_name_and_stays_mandatory(client, administrateur, vague):
    dsr = DSRFactory(vague=vague, code="DPI")
    general = Profil.objects.get(dsr=dsr)
    client.force_login(administrateur)
    inline = {
        "profils-TOTAL_FORMS": "1", "profils-INITIAL_FORMS": "1", "profils-0-id": general.pk, "profils-0-dsr": dsr.pk,
        "profils-0-nom": "Socle", "profils-0-ordre": "0",
    }

    response = client.post(
        reverse("admin:candidatures_dsr_change", args=[dsr.pk]),
        {"vague": vague.pk, "code": "DPI", "nom": dsr.nom, "couloir": dsr.couloir, **inline},
    )

    assert response.context["inline_admin_formsets"][0].formset.non_form_errors() == [
        "Le profil Général garde son nom et reste obligatoire."
    ]
    assert client.get(reverse("admin:candidatures_profil_delete", args=[general.pk])).status_code == 403
    general.refresh_from_db()
    assert (general.nom, general.obligatoire) == ("Général", True)

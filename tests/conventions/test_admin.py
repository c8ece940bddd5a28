import pytest
from django.urls import reverse

from conventions.models import ModeleConvention
from tests.factories import VagueFactory

pytestmark = pytest.mark.django_db


def _donnees(vague, **kwargs):
    return {"vague": vague.pk, "titre": "Convention Vague 2", "corps": "<p>{{ produit.nom }}</p>", "actif": "on", **kwargs}


def test_admin_edit_creates_a_new_version_and_keeps_the_old_one(client, administrateur):
    vague = VagueFactory()
    client.force_login(administrateur)
    client.post(reverse("admin:conventions_modeleconvention_add"), _donnees(vague))
    v1 = ModeleConvention.objects.get()

    response = client.post(
        reverse("admin:conventions_modeleconvention_change", args=[v1.pk]), _donnees(vague, corps="<p>Nouveau texte</p>"), follow=True
    )

    assert response.status_code == 200
    assert list(ModeleConvention.objects.order_by("version").values_list("version", "corps", "actif")) == [
        (1, "<p>{{ produit.nom }}</p>", False),
        (2, "<p>Nouveau texte</p>", True),
    ]
    assert "Une nouvelle version (2) a été créée" in response.content.decode()


def test_admin_refuses_an_invalid_template(client, administrateur):
    vague = VagueFactory()
    client.force_login(administrateur)

    response = client.post(reverse("admin:conventions_modeleconvention_add"), _donnees(vague, corps="{% for %}"))

    assert response.status_code == 200
    assert "Le gabarit de la convention est invalide" in response.content.decode()
    assert ModeleConvention.objects.count() == 0


def test_instructors_cannot_edit_templates(client, instructeur):
    instructeur.is_staff = True
    instructeur.save()
    client.force_login(instructeur)

    response = client.post(reverse("admin:conventions_modeleconvention_add"), _donnees(VagueFactory()))

    assert response.status_code == 403
    assert ModeleConvention.objects.count() == 0


def test_phase3_records_are_read_only_in_the_admin(client, administrateur, instructeur):
    from conventions import services
    from conventions.enums import ResultatDecision
    from tests.conventions.helpers import en_college

    candidature, session = en_college(instructeur)
    decision = services.decider(candidature, session=session, resultat=ResultatDecision.ATTRIBUTION, by=instructeur)
    client.force_login(administrateur)

    for name, pk in (("convention", candidature.convention.pk), ("decision", decision.pk), ("numeroreferencement", decision.numero.pk)):
        assert client.get(reverse(f"admin:conventions_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:conventions_{name}_change", args=[pk])).status_code == 200
        assert client.post(reverse(f"admin:conventions_{name}_delete", args=[pk]), {"post": "yes"}).status_code == 403

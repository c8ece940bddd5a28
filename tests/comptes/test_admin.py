import pytest
from django.urls import reverse

from tests.isc.factories import IscIdentiteFactory

pytestmark = pytest.mark.django_db


def test_admin_user_list_leaves_out_isc_identities(client, administrateur, editeur):
    identite = IscIdentiteFactory(identifiant="zelie")
    client.force_login(administrateur)

    response = client.get(reverse("admin:comptes_user_changelist"))

    usernames = [u.username for u in response.context["cl"].result_list]
    assert editeur.username in usernames
    assert identite.user.username not in usernames


@pytest.mark.parametrize(
    "model", ["habilitation", "fichier", "organisation", "produit"]
)
def test_admin_pages_answer(client, administrateur, model):
    client.force_login(administrateur)

    assert client.get(reverse(f"admin:comptes_{model}_changelist")).status_code == 200

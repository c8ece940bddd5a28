"""The session's user is read with their organisation (shown in every page's header)."""

from django.urls import reverse

from comptes.backends import ModelBackend
from comptes.models import User


def test_the_session_user_comes_with_their_organisation(client, org_admin):
    client.force_login(org_admin)

    response = client.get(reverse("comptes:mon-compte"))

    user = response.wsgi_request.user
    assert response.status_code == 200 and user.pk == org_admin.pk
    assert User.organisation.is_cached(user) and user.organisation == org_admin.organisation


def test_an_inactive_or_unknown_user_is_not_read_back(org_admin):
    org_admin.is_active = False
    org_admin.save()

    assert ModelBackend().get_user(org_admin.pk) is None
    assert ModelBackend().get_user(org_admin.pk + 1000) is None


def test_a_deactivated_user_is_logged_out(client, org_admin):
    client.force_login(org_admin)
    User.objects.filter(pk=org_admin.pk).update(is_active=False)

    response = client.get(reverse("comptes:mon-compte"))

    assert response.status_code == 302 and not response.wsgi_request.user.is_authenticated

"""Authentication backends: Django's and allauth's, reading the user with their organisation.

Every page of an editor shows their organisation in its header: read with the user (one join)
rather than by a query of its own on every request."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from convergence.requetes import un_seul

from .models import User


class _AvecOrganisation:
    def get_user(self, user_id):
        user = un_seul(User._default_manager.select_related("organisation"), pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_AvecOrganisation, DjangoModelBackend):
    """Local accounts (ANS staff with a password, tests and the bench)."""


class AuthenticationBackend(_AvecOrganisation, AllauthBackend):
    """allauth's (the iSC connection)."""

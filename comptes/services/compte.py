"""The user's own settings."""

from __future__ import annotations

from django.db import transaction

from ..errors import DomainError
from ..models import PreferenceNotification, User
from ._commun import _verrouiller


@transaction.atomic
def modifier_mon_compte(
    utilisateur: User, *, telephone: str, preference_notification: str
) -> User:
    """The user's own settings: phone number and how they receive e-mail notifications."""
    if preference_notification not in PreferenceNotification.values:
        raise DomainError(
            "Choisissez une préférence de notification valide.",
            field="preference_notification",
        )
    utilisateur = _verrouiller(utilisateur)
    utilisateur.telephone = telephone.strip()[:30]
    utilisateur.preference_notification = preference_notification
    utilisateur.save(update_fields=["telephone", "preference_notification"])
    return utilisateur

"""Statuses of the convention and of the college's decision, with the convention's transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConventionStatus(models.TextChoices):
    PREPAREE = "preparee", _("Préparée, à signer par l'éditeur")
    SIGNEE_EDITEUR = "signee_editeur", _("Signée par l'éditeur, à contresigner par l'ANS")
    SIGNEE = "signee", _("Signée et contresignée")


C = ConventionStatus
# The one table of allowed status changes of a convention: each signature happens once.
CONVENTION_TRANSITIONS: dict[str, set[str]] = {
    C.PREPAREE: {C.SIGNEE_EDITEUR},
    C.SIGNEE_EDITEUR: {C.SIGNEE},
    C.SIGNEE: set(),
}


class RoleSignature(models.TextChoices):
    EDITEUR = "editeur", _("Éditeur")
    ANS = "ans", _("ANS")


class ResultatDecision(models.TextChoices):
    ATTRIBUTION = "attribution", _("Attribution du référencement")
    NON_ATTRIBUTION = "non_attribution", _("Non-attribution du référencement (réserves bloquantes)")

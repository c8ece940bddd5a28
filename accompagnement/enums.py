"""Choices of the Espace Authentifié and the one transition table of support requests.

Also how a candidature's status reads on the editor's dashboard: its phase and what comes next.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemandeStatus(models.TextChoices):
    NOUVELLE = "nouvelle", _("Nouvelle")
    EN_COURS = "en_cours", _("En cours de traitement")
    EN_ATTENTE_EDITEUR = "en_attente_editeur", _("En attente de l'éditeur")
    RESOLUE = "resolue", _("Résolue")


D = DemandeStatus

# Allowed changes of a support request's status. A resolved request is closed: a new question
# is a new request.
DEMANDE_TRANSITIONS: dict[str, set[str]] = {
    D.NOUVELLE: {D.EN_COURS, D.EN_ATTENTE_EDITEUR, D.RESOLUE},
    D.EN_COURS: {D.EN_ATTENTE_EDITEUR, D.RESOLUE},
    D.EN_ATTENTE_EDITEUR: {D.EN_COURS, D.RESOLUE},
    D.RESOLUE: set(),
}
DEMANDE_STATUTS_OUVERTS = (D.NOUVELLE, D.EN_COURS, D.EN_ATTENTE_EDITEUR)


class DemandeCategorie(models.TextChoices):
    REFERENCEMENT = "referencement", _("Référencement")
    EXIGENCES = "exigences", _("Exigences / REM")
    PLATEFORME = "plateforme", _("Plateforme Convergence")
    FINANCEMENT = "financement", _("Financement")
    CNDA = "cnda", _("CNDA")
    AUTRE = "autre", _("Autre")


class TypeEvenement(models.TextChoices):
    WEBINAIRE = "webinaire", _("Webinaire")
    ASK_ME_ANYTHING = "ask_me_anything", _("Ask Me Anything")
    AUTRE = "autre", _("Autre événement")
    # Entries computed from other data (never stored on EvenementCalendrier).
    JALON = "jalon", _("Jalon Ségur")
    VISITE = "visite", _("Visite Interop")


TYPES_EVENEMENT_SAISIS = [(t.value, t.label) for t in (TypeEvenement.WEBINAIRE, TypeEvenement.ASK_ME_ANYTHING, TypeEvenement.AUTRE)]


BADGES_DEMANDE: dict[str, str] = {
    D.NOUVELLE: "new",
    D.EN_COURS: "info",
    D.EN_ATTENTE_EDITEUR: "warning",
    D.RESOLUE: "success",
}

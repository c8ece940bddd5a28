"""Choices of the Espace Authentifié and the one transition table of support requests.

Also how a candidature's status reads on the editor's dashboard: its phase and what comes next.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from candidatures.enums import CandidatureStatus


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


S = CandidatureStatus

# Phase of the referencing path (1: administrative dossier, 2: proofs, 3: convention and college).
PHASES: dict[str, int | None] = {
    S.BROUILLON: 1,
    S.DOSSIER_SOUMIS: 1,
    S.COMPLEMENT_DEMANDE: 1,
    S.PREUVES: 2,
    S.PREUVES_VALIDEES: 2,
    S.CONVENTION_A_SIGNER: 3,
    S.CONVENTION_SIGNEE: 3,
    S.EN_COLLEGE: 3,
    S.REFERENCEE: 3,
    S.NON_REFERENCEE: 3,
    S.HORS_DELAI: None,
    S.ABANDONNEE: None,
}

PHASE_LIBELLES = {
    1: _("Phase 1 — dossier administratif"),
    2: _("Phase 2 — preuves de conformité"),
    3: _("Phase 3 — convention et référencement"),
}

# What comes next, and whether it is the editor's move (True) or the agency's (False).
PROCHAINE_ETAPE: dict[str, tuple[str, bool]] = {
    S.BROUILLON: (_("Compléter et soumettre le dossier administratif"), True),
    S.DOSSIER_SOUMIS: (_("Instruction du dossier administratif par l'ANS"), False),
    S.COMPLEMENT_DEMANDE: (_("Répondre à la demande de complément"), True),
    S.PREUVES: (_("Déposer les preuves, chapitre par chapitre"), True),
    S.PREUVES_VALIDEES: (_("Préparation de la convention par l'ANS"), False),
    S.CONVENTION_A_SIGNER: (_("Signer la convention de référencement"), True),
    S.CONVENTION_SIGNEE: (_("Présentation au collège de référencement"), False),
    S.EN_COLLEGE: (_("Décision du collège de référencement"), False),
    S.REFERENCEE: (_("Aucune : la version est référencée"), False),
    S.NON_REFERENCEE: (_("Redéposer les preuves non conformes avant la Date N°3"), True),
    S.HORS_DELAI: (_("Aucune : candidature hors délai"), False),
    S.ABANDONNEE: (_("Aucune : candidature abandonnée"), False),
}

# DSFR badge modifier per candidature status.
BADGES: dict[str, str] = {
    S.BROUILLON: "new",
    S.DOSSIER_SOUMIS: "info",
    S.COMPLEMENT_DEMANDE: "warning",
    S.PREUVES: "info",
    S.PREUVES_VALIDEES: "success",
    S.CONVENTION_A_SIGNER: "warning",
    S.CONVENTION_SIGNEE: "info",
    S.EN_COLLEGE: "info",
    S.REFERENCEE: "success",
    S.NON_REFERENCEE: "error",
    S.HORS_DELAI: "error",
    S.ABANDONNEE: "",
}

BADGES_DEMANDE: dict[str, str] = {
    D.NOUVELLE: "new",
    D.EN_COURS: "info",
    D.EN_ATTENTE_EDITEUR: "warning",
    D.RESOLUE: "success",
}

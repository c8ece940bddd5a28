"""Statuses of the candidature and its phase-1 steps, with their allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CandidatureStatus(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    DOSSIER_SOUMIS = "dossier_soumis", _("Dossier administratif soumis")
    COMPLEMENT_DEMANDE = "complement_demande", _("Complément demandé")
    PREUVES = "preuves", _("Dépôt des preuves")
    PREUVES_VALIDEES = "preuves_validees", _("Preuves validées")
    CONVENTION_A_SIGNER = "convention_a_signer", _("Convention à signer")
    CONVENTION_SIGNEE = "convention_signee", _("Convention signée")
    EN_COLLEGE = "en_college", _("En collège de référencement")
    REFERENCEE = "referencee", _("Référencée")
    NON_REFERENCEE = "non_referencee", _("Non référencée (réserves bloquantes)")
    HORS_DELAI = "hors_delai", _("Hors délai")
    ABANDONNEE = "abandonnee", _("Abandonnée")


S = CandidatureStatus
_ABANDON = {S.ABANDONNEE}

# The one table of allowed status changes of a candidature. Guards (rights, dates,
# completeness) live in the services that request each change.
CANDIDATURE_TRANSITIONS: dict[str, set[str]] = {
    S.BROUILLON: {S.DOSSIER_SOUMIS, S.HORS_DELAI} | _ABANDON,
    S.DOSSIER_SOUMIS: {S.COMPLEMENT_DEMANDE, S.PREUVES} | _ABANDON,
    S.COMPLEMENT_DEMANDE: {S.DOSSIER_SOUMIS, S.HORS_DELAI} | _ABANDON,
    S.PREUVES: {S.PREUVES_VALIDEES, S.HORS_DELAI} | _ABANDON,
    # -> EN_COLLEGE: after a redeposit the convention is already signed (guard in conventions.services).
    S.PREUVES_VALIDEES: {S.CONVENTION_A_SIGNER, S.EN_COLLEGE, S.PREUVES} | _ABANDON,
    S.CONVENTION_A_SIGNER: {S.CONVENTION_SIGNEE} | _ABANDON,
    S.CONVENTION_SIGNEE: {S.EN_COLLEGE} | _ABANDON,
    S.EN_COLLEGE: {S.REFERENCEE, S.NON_REFERENCEE},
    S.NON_REFERENCEE: {S.PREUVES, S.EN_COLLEGE},
    S.REFERENCEE: set(),
    S.HORS_DELAI: set(),
    S.ABANDONNEE: set(),
}

# Statuses in which the administrative dossier may be edited by the editor.
STATUTS_DOSSIER_EDITABLE = {S.BROUILLON, S.COMPLEMENT_DEMANDE}


class EtapeStatus(models.TextChoices):
    """State of one phase-1 step (candidature administrative, éligibilité)."""

    A_COMPLETER = "a_completer", _("À compléter")
    COMPLETE = "complete", _("Complète")
    SOUMISE = "soumise", _("Soumise")
    COMPLEMENT_DEMANDE = "complement_demande", _("Complément demandé")
    VALIDEE = "validee", _("Validée")


class StatutVague1(models.TextChoices):
    NON_REFERENCE = "non_reference", _("Non référencé en Vague 1")
    REFERENCE = "reference", _("Référencé en Vague 1")


class CndaStatus(models.TextChoices):
    INITIALISATION = "initialisation", _("Initialisation")
    PRE_EXAMEN = "pre_examen", _("Pré-examen")
    EXAMEN_CONFORMITE = "examen_conformite", _("Examen de conformité")
    FINALISATION = "finalisation", _("Finalisation")


# A CNDA dossier counts as complete from Pré-examen on.
CNDA_STATUTS_COMPLETS = {CndaStatus.PRE_EXAMEN, CndaStatus.EXAMEN_CONFORMITE, CndaStatus.FINALISATION}

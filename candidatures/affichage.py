"""How statuses and journal events read on screen: badge colours, next action, event labels."""

from django.utils.translation import gettext_lazy as _

from .enums import CandidatureStatus, EtapeStatus

S = CandidatureStatus

# DSFR badge modifier per candidature status.
BADGE_CANDIDATURE = {
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
    S.ABANDONNEE: "error",
}

BADGE_ETAPE = {
    EtapeStatus.A_COMPLETER: "new",
    EtapeStatus.COMPLETE: "info",
    EtapeStatus.SOUMISE: "info",
    EtapeStatus.COMPLEMENT_DEMANDE: "warning",
    EtapeStatus.VALIDEE: "success",
}

# What the editor has to do next, per status (the list's "prochaine action" column).
PROCHAINE_ACTION = {
    S.BROUILLON: _("Compléter et soumettre le dossier administratif"),
    S.DOSSIER_SOUMIS: _("Attendre l'instruction du dossier par l'ANS"),
    S.COMPLEMENT_DEMANDE: _("Corriger le dossier et le soumettre à nouveau"),
    S.PREUVES: _("Déposer les preuves chapitre par chapitre"),
    S.PREUVES_VALIDEES: _("Attendre la convention de référencement"),
    S.CONVENTION_A_SIGNER: _("Signer la convention de référencement"),
    S.CONVENTION_SIGNEE: _("Attendre le collège de référencement"),
    S.EN_COLLEGE: _("Attendre la décision du collège"),
    S.REFERENCEE: _("Aucune : référencement attribué"),
    S.NON_REFERENCEE: _("Redéposer les preuves non conformes avant la Date N°3"),
    S.HORS_DELAI: _("Aucune : candidature hors délai"),
    S.ABANDONNEE: _("Aucune : candidature abandonnée"),
}

# Journal actions written by this app, as the history shows them.
LIBELLES_EVENEMENTS = {
    "candidature_demarree": _("Charte acceptée, candidature démarrée"),
    "administrative_enregistree": _("Candidature administrative enregistrée"),
    "eligibilite_enregistree": _("Formulaire d'éligibilité enregistré"),
    "dossier_soumis": _("Dossier administratif soumis"),
    "dossier_resoumis": _("Dossier administratif soumis à nouveau"),
    "complement_demande": _("Complément demandé par l'ANS"),
    "dossier_valide": _("Dossier administratif validé"),
    "referent_assigne": _("Référent ANS désigné"),
    "candidature_abandonnee": _("Candidature abandonnée"),
    "hors_delai": _("Candidature passée hors délai"),
}


def libelle_evenement(action: str) -> str:
    """The French label of a journal action; other apps' actions read as their code, humanised."""
    return str(LIBELLES_EVENEMENTS.get(action) or action.replace("_", " ").capitalize())


def libelle_statut(valeur: str) -> str:
    """Label of a candidature status, or the raw value for statuses of other entities."""
    if valeur in S.values:
        return str(S(valeur).label)
    return valeur.replace("_", " ")

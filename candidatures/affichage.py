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
    # Written by the other apps (phase 2, phase 3, messaging, support): labels only, no import.
    "preuves_demandees": _("Preuves demandées mises à jour"),
    "preuve_deposee": _("Preuve déposée"),
    "preuve_revue": _("Avis du vérificateur sur une preuve"),
    "preuve_statut": _("Statut d'une preuve modifié"),
    "chapitre_soumis": _("Chapitre soumis pour analyse"),
    "chapitre_assigne": _("Chapitre pris en analyse"),
    "chapitre_reassigne": _("Chapitre confié à un autre vérificateur"),
    "chapitre_analyse": _("Chapitre analysé"),
    "chapitre_rouvert": _("Chapitre rouvert"),
    "dossier_preuves_complet": _("Dossier complet de preuves soumis"),
    "preuves_validees": _("Toutes les preuves validées"),
    "preuves_rouvertes": _("Preuves rouvertes"),
    "hors_delai_date2": _("Candidature passée hors délai (Date N°2)"),
    "visite_interop_planifiee": _("Visite Interop planifiée"),
    "visite_interop_modifiee": _("Visite Interop mise à jour"),
    "convention_preparee": _("Convention préparée"),
    "convention_signee_editeur": _("Convention signée par l'éditeur"),
    "convention_contresignee": _("Convention contresignée par l'ANS"),
    "college_inscription": _("Inscription au collège de référencement"),
    "college_attribution": _("Référencement attribué par le collège"),
    "college_non_attribution": _("Référencement non attribué (réserves bloquantes)"),
    "college_redepot_ouvert": _("Redépôt des preuves ouvert"),
    "message_envoye": _("Message envoyé"),
    "rappel_echeance": _("Rappel d'échéance"),
    "demande_support.ouverte": _("Demande Ségur ouverte"),
    "demande_support.message": _("Message dans une demande Ségur"),
    "demande_support.prise_en_charge": _("Demande Ségur prise en charge"),
    "demande_support.resolue": _("Demande Ségur résolue"),
}

# Statuses of the other entities that the journal records (chapter, proof, convention, request).
LIBELLES_AUTRES_STATUTS = {
    "a_completer": _("À compléter"),
    "soumis": _("Soumis"),
    "en_analyse": _("En analyse"),
    "en_attente_editeur": _("En attente éditeur"),
    "valide": _("Validé"),
    "a_fournir": _("À fournir"),
    "deposee": _("Déposée"),
    "conforme": _("Conforme"),
    "non_conforme": _("Non conforme"),
    "preparee": _("Préparée"),
    "signee_editeur": _("Signée par l'éditeur"),
    "signee": _("Signée"),
    "nouvelle": _("Nouvelle"),
    "en_cours": _("En cours"),
    "resolue": _("Résolue"),
}


def libelle_evenement(action: str) -> str:
    """The French label of a journal action (an unknown one reads as its code, humanised)."""
    return str(LIBELLES_EVENEMENTS.get(action) or action.replace("_", " ").capitalize())


def libelle_statut(valeur: str) -> str:
    """Label of a status of a candidature or of another entity of the journal (raw value if unknown)."""
    if valeur in S.values:
        return str(S(valeur).label)
    return str(LIBELLES_AUTRES_STATUTS.get(valeur) or valeur.replace("_", " "))

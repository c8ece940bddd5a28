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

# The short form used by the lists' "prochaine action" column.
PROCHAINE_ACTION = {statut: texte for statut, (texte, _editeur) in PROCHAINE_ETAPE.items()}

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

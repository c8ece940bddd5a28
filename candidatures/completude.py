"""What the administrative dossier still lacks before it can be submitted, in French, per step."""

from __future__ import annotations

from .enums import CNDA_STATUTS_COMPLETS, StatutVague1
from .models import Candidature, CandidatureAdministrative, Eligibilite

ADMINISTRATIVE = "Candidature administrative : "
ELIGIBILITE = "Éligibilité : "

_CHAMPS_REQUIS_ADMINISTRATIVE = (
    ("raison_sociale", "la raison sociale est requise"),
    ("siren", "le SIREN est requis"),
    ("siret", "le SIRET est requis"),
    ("contact_nom", "le nom du contact est requis"),
    ("contact_email", "l'e-mail du contact est requis"),
    ("contact_telephone", "le téléphone du contact est requis"),
    ("statut_vague1", "le statut au regard du référencement Vague 1 est requis"),
)


def manquants_administrative(a: CandidatureAdministrative) -> list[str]:
    """Missing items of step 1: identity, contact and, when referenced in Vague 1, its number and attestation."""
    manque = [ADMINISTRATIVE + texte for champ, texte in _CHAMPS_REQUIS_ADMINISTRATIVE if not getattr(a, champ)]
    if a.statut_vague1 == StatutVague1.REFERENCE:
        if not a.numero_referencement_vague1:
            manque.append(ADMINISTRATIVE + "le numéro de référencement Vague 1 est requis")
        if not a.attestation_vague1_id:
            manque.append(ADMINISTRATIVE + "l'attestation de référencement Vague 1 (PDF) est requise")
    return manque


def cnda_requis(profils) -> bool:
    """The CNDA identifiers and request proof are required when a selected profile needs a CNDA homologation."""
    return any(p.necessite_cnda for p in profils)


def manquants_eligibilite(e: Eligibilite, profils) -> list[str]:
    """Missing items of step 2, for the selected `profils` (Profil objects)."""
    manque = []
    if not any(p.obligatoire for p in profils):
        manque.append(ELIGIBILITE + "le profil Général doit être sélectionné")
    if not cnda_requis(profils):
        return manque
    if not e.nie:
        manque.append(ELIGIBILITE + "le NIE (numéro d'identification éditeur CNDA) est requis")
    if not e.nil:
        manque.append(ELIGIBILITE + "le NIL (numéro d'identification logiciel CNDA) est requis")
    if not e.cnda_statut:
        manque.append(ELIGIBILITE + "le statut de la demande CNDA est requis")
    elif e.cnda_statut not in CNDA_STATUTS_COMPLETS:
        manque.append(ELIGIBILITE + "la demande CNDA doit avoir atteint au moins le statut Pré-examen")
    if not e.cnda_date_retour:
        manque.append(ELIGIBILITE + "la date de retour prévisionnelle du CNDA est requise")
    if not e.cnda_preuve_id:
        manque.append(ELIGIBILITE + "la preuve de la demande CNDA (statut au moins Pré-examen) est requise")
    return manque


def manquants(candidature: Candidature) -> list[str]:
    """Exactly what is missing before the dossier can be submitted (empty when complete).

    Reads `candidature.administrative`, `.eligibilite` and its profiles: load them with the
    candidature (selectors.candidature_detail) to keep it to no extra query.
    """
    eligibilite = candidature.eligibilite
    return manquants_administrative(candidature.administrative) + manquants_eligibilite(
        eligibilite, list(eligibilite.profils.all())
    )

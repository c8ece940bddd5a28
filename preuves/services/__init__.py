"""Every state-changing action of phase 2: requested proofs, deposits, submissions, reviews,
decisions, Interop visits. Each checks rights (comptes.policy) and the wave's dates at the moment
of the action, changes statuses only through preuves.transitions, and writes a journal event.

Other apps import from here: `from preuves.services import rouvrir_preuves_non_conformes`.
"""

from ..completude import test_intrusion_acceptable
from .demandes import (
    generer_preuves_demandees,
    marquer_dossiers_incomplets_hors_delai,
    synchroniser_preuves_demandees,
)
from .depots import CHAMPS_SPECIFIQUES, deposer_preuve, soumettre_chapitre
from .revues import (
    assigner_chapitre,
    decider_chapitre,
    revoir_preuve,
    rouvrir_preuves_non_conformes,
)
from .visites import modifier_visite, planifier_visite

__all__ = [
    "CHAMPS_SPECIFIQUES",
    "assigner_chapitre",
    "decider_chapitre",
    "deposer_preuve",
    "generer_preuves_demandees",
    "marquer_dossiers_incomplets_hors_delai",
    "modifier_visite",
    "planifier_visite",
    "revoir_preuve",
    "rouvrir_preuves_non_conformes",
    "soumettre_chapitre",
    "synchroniser_preuves_demandees",
    "test_intrusion_acceptable",
]

"""Reactions of phase 2 to other apps' events."""

from candidatures.enums import CandidatureStatus
from candidatures.models import Eligibilite

from .services import generer_preuves_demandees, synchroniser_preuves_demandees

# Statuses in which a change of profiles must change the requested proofs.
STATUTS_PHASE2 = {CandidatureStatus.PREUVES, CandidatureStatus.PREUVES_VALIDEES}


def dossier_administratif_valide(sender, candidature, by=None, **kwargs):
    """The instructor validated the administrative dossier: request the proofs (same transaction)."""
    generer_preuves_demandees(candidature, by=by)


def profils_modifies(sender, instance, action, **kwargs):
    """A profile added (before Date N°2, which the eligibility step enforces) adds its proofs."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Eligibilite) and instance.candidature.statut in STATUTS_PHASE2:
        synchroniser_preuves_demandees(instance.candidature)

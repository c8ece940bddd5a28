"""Phase-2 services. PLACEHOLDER on the phase3 branch: only the function phase 3 calls.

The phase2 branch owns this module and implements `rouvrir_preuves_non_conformes` with the same
signature; at merge, keep phase2's version and drop this one.
"""

from __future__ import annotations

from django.db import transaction

from .enums import ChapitreStatus, PreuveStatus
from .models import PreuveDemandee
from .transitions import changer_statut_chapitre, changer_statut_preuve


@transaction.atomic
def rouvrir_preuves_non_conformes(candidature, *, preuves: list[PreuveDemandee], by) -> None:
    """Reopen proofs the college reserved: each becomes non_conforme, its chapter en_attente_editeur."""
    dossiers = {}
    for preuve in preuves:
        if preuve.statut != PreuveStatus.NON_CONFORME:
            changer_statut_preuve(preuve, to=PreuveStatus.NON_CONFORME, by=by)
        dossiers[preuve.dossier_id] = preuve.dossier
    for dossier in dossiers.values():
        if dossier.statut == ChapitreStatus.VALIDE:
            changer_statut_chapitre(dossier, to=ChapitreStatus.EN_ATTENTE_EDITEUR, by=by)

"""What every phase-2 service shares: links for automatic messages, the date and status guard."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from candidatures.dates import exiger_avant
from candidatures.enums import CandidatureStatus
from candidatures.models import Candidature
from comptes.errors import DateDepassee, TransitionInterdite

from ..enums import ChapitreStatus, PreuveStatus

C, P = ChapitreStatus, PreuveStatus

# Candidature statuses in which the editor deposits and submits proofs (a non-attribution by the
# college reopens proofs while the candidature may still be non_referencee).
STATUTS_DEPOT = {CandidatureStatus.PREUVES, CandidatureStatus.NON_REFERENCEE}


def lien_chapitre(dossier) -> str:
    return reverse("preuves:chapitre", args=[dossier.pk])


def lien_candidature(candidature) -> str:
    return reverse("preuves:candidature", args=[candidature.pk])


def exiger_echanges_ouverts(candidature: Candidature, action: str, *, now: datetime | None = None) -> None:
    """Date N°3 closes every exchange; after Date N°2 only a candidature whose complete dossier
    was submitted in time may go on."""
    exiger_avant(candidature.vague, 3, action, now=now)
    if candidature.preuves_completes_le is None:
        try:
            exiger_avant(candidature.vague, 2, action, now=now)
        except DateDepassee as exc:
            raise DateDepassee(
                f"{exc.message} Le dossier complet de preuves n'a pas été soumis une première fois avant cette date."
            ) from exc
    if candidature.statut not in STATUTS_DEPOT:
        raise TransitionInterdite(
            f"Impossible de {action} : la candidature est au statut « {CandidatureStatus(candidature.statut).label} »."
        )

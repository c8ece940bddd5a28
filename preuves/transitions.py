"""The one place where chapter dossiers and requested proofs change status."""

from __future__ import annotations

from django.db import transaction

from candidatures.journal import journaliser
from comptes.errors import TransitionInterdite

from .enums import (
    CHAPITRE_TRANSITIONS,
    PREUVE_TRANSITIONS,
    ChapitreStatus,
    PreuveStatus,
)
from .models import DossierChapitre, PreuveDemandee


@transaction.atomic
def changer_statut_chapitre(
    dossier: DossierChapitre, *, to: str, by=None, action: str = "chapitre_statut", message: str = "", details=None,
    le=None,
) -> DossierChapitre:
    """Move a chapter dossier along CHAPITRE_TRANSITIONS (row locked), journalled (at `le`, the
    moment of the action, when given)."""
    d = DossierChapitre.objects.select_for_update().select_related("chapitre", "candidature").get(pk=dossier.pk)
    if to not in CHAPITRE_TRANSITIONS.get(d.statut, set()):
        raise TransitionInterdite(
            f"Le chapitre {d.chapitre.code} ne peut pas passer de « {ChapitreStatus(d.statut).label} » "
            f"à « {ChapitreStatus(to).label} »."
        )
    avant, d.statut = d.statut, to
    d.save(update_fields=["statut", "updated_at"])
    journaliser(
        action, acteur=by, candidature=d.candidature, cible=f"chapitre:{d.pk}", avant=avant, apres=to,
        message=message, details=details, le=le,
    )
    dossier.statut = d.statut
    return d


def changer_statut_preuve(
    preuve: PreuveDemandee, *, to: str, by=None, journal: bool = False, message: str = ""
) -> PreuveDemandee:
    """Move a requested proof along PREUVE_TRANSITIONS. The caller holds the transaction and the
    chapter's lock; proofs change in bulk with their chapter, so journalling is optional."""
    if to not in PREUVE_TRANSITIONS.get(preuve.statut, set()):
        raise TransitionInterdite(
            f"La preuve {preuve.preuve_attendue.numero} ne peut pas passer de "
            f"« {PreuveStatus(preuve.statut).label} » à « {PreuveStatus(to).label} »."
        )
    avant, preuve.statut = preuve.statut, to
    preuve.save(update_fields=["statut", "updated_at"])
    if journal:
        journaliser(
            "preuve_statut", acteur=by, candidature=preuve.candidature, cible=f"preuve:{preuve.pk}",
            avant=avant, apres=to, message=message,
        )
    return preuve

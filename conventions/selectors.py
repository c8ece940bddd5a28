"""Reads of phase 3, with their joins, for the pages (no relation followed that is not loaded here)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from candidatures.enums import CandidatureStatus
from candidatures.models import Candidature, Evenement
from comptes.policy import can

from .enums import ConventionStatus
from .models import (
    Convention,
    Decision,
    InscriptionCollege,
    Reserve,
    SessionCollege,
    Signature,
)

S = CandidatureStatus
STATUTS_PHASE3 = [S.PREUVES_VALIDEES, S.CONVENTION_A_SIGNER, S.CONVENTION_SIGNEE, S.EN_COLLEGE, S.NON_REFERENCEE]
ACTIONS_PHASE3 = [
    "convention_preparee",
    "convention_signee_editeur",
    "convention_contresignee",
    "college_inscription",
    "college_attribution",
    "college_non_attribution",
    "college_redepot_ouvert",
]
_CANDIDATURE_JOINS = ("organisation", "version__produit", "vague", "dsr")


def candidature_visible(user, pk: int) -> Candidature | None:
    """The candidature with what the convention page shows, or None if `user` may not read it."""
    candidature = (
        Candidature.objects.select_related(*_CANDIDATURE_JOINS, "administrative").filter(pk=pk).first()
    )
    if candidature is None or not can(user, "conventions.view_convention", candidature):
        return None
    return candidature


def convention_de(candidature: Candidature) -> Convention | None:
    return (
        Convention.objects.select_related("modele", "pdf", "pdf_signe_editeur", "pdf_signe")
        .prefetch_related(Prefetch("signatures", queryset=Signature.objects.select_related("signataire")))
        .filter(candidature=candidature)
        .first()
    )


def _reserves() -> Prefetch:
    return Prefetch("reserves", queryset=Reserve.objects.select_related("preuve_demandee__preuve_attendue"))


def decisions_de(candidature: Candidature) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(candidature=candidature)
        .select_related("session", "attestation", "numero")
        .prefetch_related(_reserves())
        .order_by("-created_at", "-id")
    )


def historique_phase3(candidature: Candidature) -> QuerySet[Evenement]:
    return candidature.evenements.filter(action__in=ACTIONS_PHASE3).select_related("acteur").order_by("created_at", "id")


def sessions_college() -> QuerySet[SessionCollege]:
    return SessionCollege.objects.annotate(
        nb_inscrits=Count("inscriptions", distinct=True), nb_decisions=Count("decisions", distinct=True)
    ).order_by("-date")


def candidatures_phase3() -> QuerySet[Candidature]:
    """Candidatures between validated proofs and the decision, for the instructors' follow-up."""
    return (
        Candidature.objects.filter(statut__in=STATUTS_PHASE3)
        .select_related(*_CANDIDATURE_JOINS, "convention")
        .order_by("statut", "updated_at")
    )


def ordre_du_jour(session: SessionCollege) -> list[InscriptionCollege]:
    """The session's agenda, each row with `decision` (this session's, or None)."""
    inscriptions = list(
        session.inscriptions.select_related(*(f"candidature__{j}" for j in _CANDIDATURE_JOINS), "candidature__convention")
    )
    decisions = {
        d.candidature_id: d
        for d in session.decisions.select_related("numero").prefetch_related(_reserves())
    }
    for inscription in inscriptions:
        inscription.decision = decisions.get(inscription.candidature_id)
    return inscriptions


def candidatures_inscriptibles(session: SessionCollege) -> QuerySet[Candidature]:
    """Candidatures whose convention is signed by both parties and that may go to this session."""
    return (
        Candidature.objects.filter(
            convention__statut=ConventionStatus.SIGNEE,
            statut__in=[S.CONVENTION_SIGNEE, S.PREUVES_VALIDEES, S.NON_REFERENCEE],
        )
        .exclude(inscriptions_college__session=session)
        .select_related(*_CANDIDATURE_JOINS)
        .order_by("organisation__raison_sociale", "version__produit__nom")
    )

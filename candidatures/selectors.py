"""Reads of candidatures, with the joins their pages need (no query per row)."""

from __future__ import annotations

import re
from datetime import datetime

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from comptes.models import Droit, User, VersionProduit
from comptes.policy import ROLES_ANS, is_agent, is_editeur, produits_visibles
from convergence.requetes import un_seul

from .enums import CandidatureStatus
from .models import DSR, Candidature, Evenement, Profil

S = CandidatureStatus
# Statuses the instruction list offers; by default it shows the dossiers awaiting the agency.
STATUTS_INSTRUCTION = (S.DOSSIER_SOUMIS, S.COMPLEMENT_DEMANDE, S.PREUVES)


def _avec_contexte(qs: QuerySet[Candidature]) -> QuerySet[Candidature]:
    return qs.select_related("organisation", "version__produit", "vague", "dsr", "referent")


def candidatures_visibles(user) -> QuerySet[Candidature]:
    """Candidatures `user` may read: all for ANS agents; for an editor, those of their
    organisation on products where they hold `lire`."""
    qs = _avec_contexte(Candidature.objects.all())
    if is_agent(user):
        return qs
    if not is_editeur(user):
        return qs.none()
    qs = qs.filter(organisation_id=user.organisation_id)
    if user.est_admin_organisation:
        return qs
    return qs.filter(version__produit__in=produits_visibles(user, Droit.LIRE).values("pk"))


def recherche_candidature(q: str) -> Q:
    """A search on the reference (C-<vague>-<numéro>), the organisation (name or SIREN) and the
    product's name."""
    q = q.strip()
    condition = (
        Q(organisation__raison_sociale__icontains=q) | Q(organisation__siren=q) | Q(version__produit__nom__icontains=q)
    )
    if m := re.fullmatch(r"(?:C-)?(\d+)-0*(\d+)", q, re.IGNORECASE):
        condition |= Q(vague__numero=int(m[1]), pk=int(m[2]))
    elif q.isdigit() and len(q) < 9:
        condition |= Q(pk=int(q))
    return condition


def filtre_candidatures_visibles(user, champ: str = "candidature") -> Q:
    """A filter on `champ` (a path to a candidature) keeping what `user` may read: no condition
    for ANS agents; for an editor, the ids of their candidatures, fetched first. A literal list
    keeps the planner's estimates right; with a subquery it walked every proof of the programme."""
    if is_agent(user):
        return Q()
    ids = list(candidatures_visibles(user).order_by().values_list("pk", flat=True))
    return Q(**{f"{champ}__in": ids})


def dossiers_a_instruire(*, vague=None, dsr=None, statut: str | None = None) -> QuerySet[Candidature]:
    """Administrative dossiers for the instructor, oldest submission first.

    Without `statut`, the dossiers submitted or awaiting the editor's complement.
    """
    statuts = [statut] if statut else [S.DOSSIER_SOUMIS, S.COMPLEMENT_DEMANDE]
    qs = _avec_contexte(Candidature.objects.filter(statut__in=statuts))
    if vague is not None:
        qs = qs.filter(vague=vague)
    if dsr is not None:
        qs = qs.filter(dsr=dsr)
    return qs.order_by(F("dossier_soumis_le").asc(nulls_last=True), "pk")


def candidature_detail(user, pk: int) -> Candidature:
    """One candidature visible to `user`, with both steps, their files and profiles loaded.

    Raises Candidature.DoesNotExist when it does not exist or is not visible.
    """
    candidature = un_seul(
        candidatures_visibles(user)
        .select_related(
            "charte_acceptee_par",
            "administrative__attestation_vague1",
            "administrative__modifie_par",
            "eligibilite__cnda_preuve",
            "eligibilite__modifie_par",
        )
        .prefetch_related(Prefetch("eligibilite__profils", queryset=Profil.objects.order_by("-obligatoire", "ordre", "nom"))),
        pk=pk,
    )
    if candidature is None:
        raise Candidature.DoesNotExist
    return candidature


def historique(candidature: Candidature, user=None) -> QuerySet[Evenement]:
    """The candidature's journal, newest first, with each actor; for `user` not an agent, without
    the verifiers' internal opinions (editors learn them with the chapter's decision)."""
    qs = candidature.evenements.select_related("acteur").order_by("-created_at", "-id")
    if user is not None and not is_agent(user):
        qs = qs.filter(~Q(details__has_key="interne") | Q(details__interne=False))
    return qs


def profils_du_dsr(dsr: DSR) -> list[Profil]:
    return list(dsr.profils.order_by("-obligatoire", "ordre", "nom"))


def versions_contribuables(user) -> QuerySet[VersionProduit]:
    """Product versions on which `user` may start a candidature (`contribuer` on the product)."""
    return (
        VersionProduit.objects.filter(produit__in=produits_visibles(user, Droit.CONTRIBUER).values("pk"))
        .select_related("produit")
        .order_by("produit__nom", "-created_at")
    )


def dsr_ouverts(now: datetime | None = None) -> QuerySet[DSR]:
    """DSRs of the waves open to candidatures whose Date N°1 has not passed."""
    return (
        DSR.objects.filter(vague__active=True, vague__date1__gte=now or timezone.now())
        .select_related("vague")
        .order_by("vague__numero", "code")
    )


def agents_ans() -> QuerySet[User]:
    """Active ANS agents (no organisation, at least one ANS role): who may be a référent."""
    return (
        User.objects.filter(organisation__isnull=True, is_active=True, groups__name__in=ROLES_ANS)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )

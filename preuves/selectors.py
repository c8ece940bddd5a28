"""Reads of phase 2, with their joins, so that pages run a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from candidatures.enums import StatutVague1
from candidatures.models import Candidature
from candidatures.selectors import filtre_candidatures_visibles
from comptes.models import User
from comptes.policy import is_agent
from convergence.requetes import colonnes_nom, un_seul

from .completude import (
    CHAPITRES_OUVERTS,
    conformite_depot,
    depot_en_attente,
    manque_preuve,
)
from .enums import ChapitreStatus, Perimetre, PreuveStatus
from .models import (
    Depot,
    DossierChapitre,
    PreuveAttendue,
    PreuveDemandee,
    Revue,
    RevueChapitre,
    VisiteInterop,
)


def preuves_attendues_applicables(candidature: Candidature) -> QuerySet[PreuveAttendue]:
    """The catalogue proofs requested of this candidature: every non-withdrawn proof of its
    DSR whose requirement belongs to the Général profile or to a selected profile; for a
    candidature referenced in Vague 1, requirements carried over from Vague 1 are left out."""
    eligibilite = getattr(candidature, "eligibilite", None)
    profils = list(eligibilite.profils.values_list("pk", flat=True)) if eligibilite else []
    qs = PreuveAttendue.objects.filter(
        Q(exigence__profil__obligatoire=True) | Q(exigence__profil__in=profils),
        dsr=candidature.dsr,
        retiree=False,
        exigence__retiree=False,
    )
    administrative = getattr(candidature, "administrative", None)
    if administrative is not None and administrative.statut_vague1 == StatutVague1.REFERENCE:
        qs = qs.exclude(exigence__perimetre=Perimetre.VAGUE1)
    return qs.select_related("exigence__chapitre")


def avec_dernier_depot_revu(qs: QuerySet[PreuveDemandee]) -> QuerySet[PreuveDemandee]:
    """Annotate whether each proof's latest version has a review. A correlated subquery with a
    LIMIT, probed in the index for each row returned; an EXISTS let the planner hash every review
    of the programme (60 ms on the M dataset) to answer for a page of fifty."""
    une_revue = Revue.objects.filter(depot_id=OuterRef("dernier_depot_id")).order_by().values("pk")[:1]
    return qs.alias(_revue_du_dernier_depot=Subquery(une_revue)).annotate(
        dernier_depot_revu=ExpressionWrapper(Q(_revue_du_dernier_depot__isnull=False), output_field=BooleanField())
    )


COLONNES_PREUVE = ("candidature", "dossier", "preuve_attendue", "statut", "dernier_depot", "updated_at")
COLONNES_PREUVE_ATTENDUE = ("exigence", "scenario", "numero", "texte", "type", "ordre")


def preuves_de_candidature(candidature: Candidature) -> QuerySet[PreuveDemandee]:
    """Every requested proof, in chapter then REM order, with what the summary pages show."""
    return avec_dernier_depot_revu(
        PreuveDemandee.objects.filter(candidature=candidature)
        .select_related("preuve_attendue", "dernier_depot")
        # What the summaries show of the ~150 proofs of a candidature: their number, text and kind,
        # and the latest version their completeness is judged on (the chapters are read apart).
        .only(*COLONNES_PREUVE, *[f"preuve_attendue__{c}" for c in COLONNES_PREUVE_ATTENDUE],
              *[f"dernier_depot__{f.name}" for f in Depot._meta.concrete_fields])
        .order_by("dossier__chapitre__ordre", "dossier__chapitre__code", "preuve_attendue__ordre", "pk")
    )


# A deposit's files as a list (`fichiers_lus`): prefetched into the related manager, they cost a
# manager and a queryset per deposit (~0.1 ms; a page of the API's deposits reads fifty).
FICHIERS = Prefetch("fichiers", to_attr="fichiers_lus")


def revues_visibles(user) -> QuerySet[Revue]:
    """Reviews `user` may read, newest first: editors do not see a round's reviews while its
    chapter is in analysis (pages and API read them through here). The verifier's name comes
    with them for agents only: no one else is shown who reviewed."""
    qs = Revue.objects.order_by("-created_at", "-pk")
    if is_agent(user):
        return qs.select_related("verificateur").only(
            *[f.name for f in Revue._meta.concrete_fields], *colonnes_nom("verificateur")
        )
    return qs.exclude(preuve__dossier__statut=ChapitreStatus.EN_ANALYSE, tour=F("preuve__dossier__tour"))


def depots_avec_revues(user) -> QuerySet[Depot]:
    """Deposits with their files and, as `revues_visibles`, the reviews `user` may read."""
    # The authors read apart, for the deposits read only: joined, PostgreSQL hashed every user of
    # the programme (11,000 in the M dataset once the fan-out probe has run) for a page of fifty.
    auteurs = User.objects.only("username", "first_name", "last_name")
    return Depot.objects.prefetch_related(
        Prefetch("depose_par", queryset=auteurs),
        FICHIERS, Prefetch("revues", queryset=revues_visibles(user), to_attr="revues_visibles"),
    )


def preuves_du_chapitre(dossier: DossierChapitre, user) -> list[PreuveDemandee]:
    """The chapter's proofs as its pages show them, in a constant number of queries: each with
    its requirement and scenario, its latest version (`dernier_depot`, with its files and author),
    the number of versions (`nb_versions`), the reviews `user` may read of the latest version
    (`revues_dernier_depot`, newest first) and the latest review `user` may read of any version
    (`dernier_avis`). The whole history is read by `versions_de_preuve`, when it is opened."""
    preuves = list(
        avec_dernier_depot_revu(PreuveDemandee.objects.filter(dossier=dossier))
        .select_related(
            "preuve_attendue__exigence", "preuve_attendue__scenario", "dernier_depot__depose_par"
        )
        # The columns the cards show (a requirement has fifteen, a user nineteen): the ORM's
        # instantiation of the joined rows is most of this read's time on a chapter of 75 proofs.
        .only(*COLONNES_PREUVE, *[f"preuve_attendue__{c}" for c in COLONNES_PREUVE_ATTENDUE],
              "preuve_attendue__exigence__identifiant", "preuve_attendue__exigence__texte",
              "preuve_attendue__scenario__numero", "preuve_attendue__scenario__texte",
              *[f"dernier_depot__{f.name}" for f in Depot._meta.concrete_fields],
              *colonnes_nom("dernier_depot__depose_par"))
        .prefetch_related(Prefetch("dernier_depot__fichiers", to_attr=FICHIERS.to_attr))
        .order_by("preuve_attendue__ordre", "preuve_attendue__numero", "pk")
    )
    revues: dict[int, list[Revue]] = {}
    for revue in revues_visibles(user).filter(preuve__in=[p.pk for p in preuves]):
        revues.setdefault(revue.preuve_id, []).append(revue)
    for p in preuves:
        de_la_preuve = revues.get(p.pk, [])
        p.nb_versions = p.dernier_depot.version if p.dernier_depot else 0
        p.dernier_avis = de_la_preuve[0] if de_la_preuve else None
        p.revues_dernier_depot = [r for r in de_la_preuve if r.depot_id == p.dernier_depot_id]
    return preuves


def versions_de_preuve(preuve: PreuveDemandee, user) -> list[Depot]:
    """Every version of one proof, newest first, with its files and the reviews `user` may read."""
    return list(depots_avec_revues(user).filter(preuve=preuve).order_by("-version"))


def dossiers_de_candidature(candidature: Candidature) -> list[DossierChapitre]:
    """The candidature's chapters in the REM's order, each with its latest decision."""
    decisions = RevueChapitre.objects.select_related("verificateur").order_by("-tour")
    return list(
        DossierChapitre.objects.filter(candidature=candidature)
        .select_related("chapitre", "verificateur")
        .prefetch_related(Prefetch("revues", queryset=decisions, to_attr="decisions"))
        .annotate(nb_preuves=Count("preuves"))
        .order_by("chapitre__ordre", "chapitre__code")
    )


def dossier_chapitre(pk: int, user) -> DossierChapitre | None:
    """One chapter dossier visible to `user`, with its candidature and decisions, or None."""
    decisions = RevueChapitre.objects.select_related("verificateur").order_by("-tour")
    return un_seul(
        DossierChapitre.objects.filter(filtre_candidatures_visibles(user))
        .select_related(
            "chapitre", "verificateur", "candidature__organisation", "candidature__version__produit",
            "candidature__vague", "candidature__dsr",
        )
        .prefetch_related(Prefetch("revues", queryset=decisions, to_attr="decisions")),
        pk=pk,
    )


@dataclass
class EtatPreuve:
    """What the editor must know of one proof: its status, whether a new version waits for the
    chapter's submission, what it misses, the latest feedback the editor may see."""

    preuve: PreuveDemandee
    en_attente: bool
    manque: str | None
    conformite_raison: str = ""


def etat_preuve(preuve: PreuveDemandee) -> EtatPreuve:
    revu = getattr(preuve, "dernier_depot_revu", False)
    en_attente = depot_en_attente(preuve, dernier_depot_revu=revu)
    raison = ""
    if preuve.dernier_depot is not None:
        raison = conformite_depot(preuve.dernier_depot, preuve.preuve_attendue.type).raison
    return EtatPreuve(preuve, en_attente, manque_preuve(preuve, dernier_depot_revu=revu), raison)


def manquants(preuves: list[PreuveDemandee]) -> list[tuple[PreuveDemandee, str]]:
    """The proofs that prevent submitting their chapter, with why (French)."""
    out = []
    for p in preuves:
        raison = manque_preuve(p, dernier_depot_revu=getattr(p, "dernier_depot_revu", False))
        if raison:
            out.append((p, raison))
    return out


@dataclass
class ResumeChapitre:
    dossier: DossierChapitre
    preuves: list[PreuveDemandee] = field(default_factory=list)
    manquants: list[tuple[PreuveDemandee, str]] = field(default_factory=list)

    @property
    def modifiable(self) -> bool:
        return self.dossier.statut in CHAPITRES_OUVERTS

    @property
    def pret(self) -> bool:
        """Complete and waiting for the editor's submission."""
        return self.modifiable and not self.manquants

    @property
    def derniere_decision(self):
        decisions = getattr(self.dossier, "decisions", [])
        return decisions[0] if decisions else None

    def compte(self, statut: str) -> int:
        return sum(1 for p in self.preuves if p.statut == statut)

    @property
    def nb_conformes(self) -> int:
        return self.compte(PreuveStatus.CONFORME)

    @property
    def nb_a_reprendre(self) -> int:
        return sum(1 for p in self.preuves if p.statut in (PreuveStatus.NON_CONFORME, PreuveStatus.A_COMPLETER))


def resume_candidature(candidature: Candidature) -> list[ResumeChapitre]:
    """Per chapter: its proofs and what it misses (the reste-à-faire), in 3 queries."""
    dossiers = dossiers_de_candidature(candidature)
    par_dossier = {d.pk: ResumeChapitre(d) for d in dossiers}
    for p in preuves_de_candidature(candidature):
        resume = par_dossier[p.dossier_id]
        resume.preuves.append(p)
    for resume in par_dossier.values():
        if resume.modifiable:
            resume.manquants = manquants(resume.preuves)
    return list(par_dossier.values())


def file_verification(
    *,
    statuts: list[str] | None = None,
    vague=None,
    dsr=None,
    chapitre_code: str = "",
    verificateur=None,
    soumis_depuis_jours: int | None = None,
) -> QuerySet[DossierChapitre]:
    """Chapters waiting for a verifier (submitted or in analysis by default), oldest first."""
    qs = DossierChapitre.objects.filter(
        statut__in=statuts or [ChapitreStatus.SOUMIS, ChapitreStatus.EN_ANALYSE]
    )
    if vague is not None:
        qs = qs.filter(candidature__vague=vague)
    if dsr is not None:
        qs = qs.filter(candidature__dsr=dsr)
    if chapitre_code:
        qs = qs.filter(chapitre__code__iexact=chapitre_code.strip())
    if verificateur is not None:
        qs = qs.filter(verificateur=verificateur)
    if soumis_depuis_jours:
        qs = qs.filter(soumis_le__lte=timezone.now() - timedelta(days=soumis_depuis_jours))
    return (
        qs.select_related(
            "chapitre", "verificateur", "candidature__organisation", "candidature__version__produit",
            "candidature__vague", "candidature__dsr",
        )
        # The columns a row of the queue shows (the seven joined tables have ninety).
        .only(
            "candidature", "chapitre", "statut", "tour", "verificateur", "soumis_le",
            "chapitre__code", "chapitre__libelle", *colonnes_nom("verificateur"),
            "candidature__organisation__raison_sociale", "candidature__version__numero",
            "candidature__version__produit__nom", "candidature__vague__numero", "candidature__vague__nom",
            "candidature__dsr__code",
        )
        .order_by("soumis_le", "pk")
    )


def avec_comptes_preuves(dossiers) -> list[DossierChapitre]:
    """Set `nb_preuves` and `nb_deposees` on a page of chapter dossiers, in one grouped query.

    Counted for the page only: annotating the whole queue made every page (and its count)
    aggregate the proofs of every submitted chapter of the programme."""
    dossiers = list(dossiers)
    comptes = {
        c["dossier_id"]: c
        for c in PreuveDemandee.objects.filter(dossier__in=[d.pk for d in dossiers])
        .values("dossier_id")
        .annotate(nb=Count("pk"), deposees=Count("pk", filter=Q(statut=PreuveStatus.DEPOSEE)))
    }
    for d in dossiers:
        c = comptes.get(d.pk, {})
        d.nb_preuves, d.nb_deposees = c.get("nb", 0), c.get("deposees", 0)
    return dossiers


def revues_du_tour(preuves: list[PreuveDemandee], tour: int) -> dict[int, Revue]:
    """The latest review of this round of each proof's latest version (as `preuves_du_chapitre` reads them)."""
    out = {}
    for p in preuves:
        revue = next((r for r in p.revues_dernier_depot if r.tour == tour), None)
        if revue is not None:
            out[p.pk] = revue
    return out


def preuves_interop(candidature: Candidature) -> list[PreuveDemandee]:
    from .enums import TypePreuve

    return [
        p for p in preuves_de_candidature(candidature) if p.preuve_attendue.type == TypePreuve.LIEN_INTEROP
    ]


def visites_de_candidature(candidature: Candidature) -> list[VisiteInterop]:
    return list(candidature.visites_interop.select_related("rapport", "pas_a_pas").order_by("date_visite"))

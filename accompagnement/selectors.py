"""Reads of the Espace Authentifié: what a user may see, with the joins its pages need."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidatures.affichage import (
    BADGE_CANDIDATURE,
    PHASE_LIBELLES,
    PHASES,
    PROCHAINE_ETAPE,
)
from candidatures.dates import est_depassee
from candidatures.enums import CandidatureStatus
from candidatures.models import Candidature, Vague
from comptes.models import Organisation, Produit, VersionProduit
from comptes.policy import is_agent, is_editeur, produits_visibles
from convergence.libelles import libelle
from convergence.requetes import colonnes_nom
from preuves.models import VisiteInterop

from .enums import DEMANDE_STATUTS_OUVERTS, TypeEvenement
from .models import (
    DemandeSupport,
    EvenementCalendrier,
    LienService,
    MessageDemande,
    QuestionFAQ,
)

# --- Support requests -----------------------------------------------------------------------


def demandes_visibles(user) -> QuerySet[DemandeSupport]:
    """Requests the user may see: all for ANS agents; for an editor, their organisation's requests
    they wrote, or all of them for its administrator, or those about a product they may read."""
    qs = DemandeSupport.objects.select_related("organisation", "auteur", "agent", "produit", "candidature__version__produit", "candidature__dsr")
    if is_agent(user):
        return qs
    if not is_editeur(user):
        return qs.none()
    qs = qs.filter(organisation_id=user.organisation_id)
    if user.est_admin_organisation:
        return qs
    lisibles = produits_visibles(user).values("pk")
    return qs.filter(Q(auteur=user) | Q(produit__in=lisibles) | Q(candidature__version__produit__in=lisibles))


def demande_avec_fil(user, pk: int) -> DemandeSupport:
    """One visible request with its thread and attachments loaded (DoesNotExist otherwise)."""
    messages = MessageDemande.objects.select_related("auteur").prefetch_related("pieces_jointes")
    return (
        demandes_visibles(user)
        .prefetch_related("pieces_jointes", Prefetch("messages", queryset=messages))
        .get(pk=pk)
    )


def file_support(*, statut: str = "", categorie: str = "") -> QuerySet[DemandeSupport]:
    """The agents' queue: oldest first, optionally filtered, with its message count."""
    qs = DemandeSupport.objects.select_related("organisation", "auteur", "agent").annotate(nb_messages=Count("messages"))
    if statut:
        qs = qs.filter(statut=statut)
    if categorie:
        qs = qs.filter(categorie=categorie)
    return qs.order_by("created_at", "id")


# --- Candidatures of the user (for the FAQ, the calendar and the dashboard) -------------------


def candidatures_de(user) -> QuerySet[Candidature]:
    """The candidatures of the user's organisation on products they may read (none for staff)."""
    if not is_editeur(user):
        return Candidature.objects.none()
    return Candidature.objects.filter(
        organisation_id=user.organisation_id, version__produit__in=produits_visibles(user).values("pk")
    )


def vagues_actives() -> list[Vague]:
    return list(Vague.objects.filter(active=True).order_by("numero"))


@dataclass
class ContexteEditeur:
    """What the FAQ's relevance and the next dates read of the user: the active waves, and the
    candidatures the user may read, as ids when the caller has read them already (the dashboard),
    else as the query `candidatures_de` (a subquery of the readers', no query of its own)."""

    vagues: list[Vague]
    candidatures: list[int] | QuerySet[Candidature]

    @classmethod
    def de(cls, user) -> ContexteEditeur:
        return cls(vagues_actives(), candidatures_de(user))

    @property
    def vague_courante(self) -> Vague | None:
        return self.vagues[-1] if self.vagues else None


# --- FAQ --------------------------------------------------------------------------------------


def _pertinence(user, contexte: ContexteEditeur):
    """2: tagged with a DSR or profile of the user's candidatures; 1: the current wave's news; 0."""
    vague = contexte.vague_courante
    actualite = Q(actualite=True) & (Q(vague__isnull=True) | Q(vague=vague) if vague else Q(vague__isnull=True))
    if not is_editeur(user):
        return Case(When(actualite, then=Value(1)), default=Value(0), output_field=IntegerField())
    # The user's DSRs and profiles read first, as lists: within the FAQ query, as subqueries, they
    # made its planning cost 3 to 6 ms (bench/README.md).
    dsrs, profils = set(), set()
    siennes = Candidature.objects.filter(pk__in=contexte.candidatures)
    for dsr, profil in siennes.values_list("dsr_id", "eligibilite__profils"):
        dsrs.add(dsr)
        if profil is not None:
            profils.add(profil)
    par_dsr = Exists(QuestionFAQ.dsrs.through.objects.filter(questionfaq_id=OuterRef("pk"), dsr_id__in=dsrs))
    par_profil = Exists(QuestionFAQ.profils.through.objects.filter(questionfaq_id=OuterRef("pk"), profil_id__in=profils))
    return Case(
        When(par_dsr | par_profil, then=Value(2)), When(actualite, then=Value(1)), default=Value(0), output_field=IntegerField()
    )


def _recherche(qs: QuerySet[QuestionFAQ], texte: str) -> QuerySet[QuestionFAQ]:
    """Full-text search (French) on PostgreSQL, also matching substrings; word-by-word icontains elsewhere."""
    mots = texte.split()
    if not mots:
        return qs
    if connection.vendor == "postgresql":
        vecteur = SearchVector("question", weight="A", config="french") + SearchVector("reponse", weight="B", config="french")
        requete = SearchQuery(texte, config="french", search_type="websearch")
        return qs.annotate(document=vecteur, rang=SearchRank(vecteur, requete)).filter(
            Q(document=requete) | Q(question__icontains=texte) | Q(reponse__icontains=texte)
        )
    for mot in mots:
        qs = qs.filter(Q(question__icontains=mot) | Q(reponse__icontains=mot))
    return qs.annotate(rang=Value(0.0))


def faq(
    user, *, texte: str = "", dsr: int | None = None, theme: int | None = None, contexte: ContexteEditeur | None = None
) -> QuerySet[QuestionFAQ]:
    """Published entries, most relevant to the user first (their DSRs and profiles, then the news)."""
    qs = (
        QuestionFAQ.objects.filter(publiee=True)
        .select_related("vague")
        .prefetch_related("themes", "dsrs", "profils")
        .annotate(pertinence=_pertinence(user, contexte or ContexteEditeur.de(user)))
    )
    if dsr:
        qs = qs.filter(dsrs=dsr)
    if theme:
        qs = qs.filter(themes=theme)
    if texte.strip():
        return _recherche(qs, texte.strip()).order_by("-rang", "-pertinence", "ordre", "id")
    return qs.order_by("-pertinence", "ordre", "id")


def top_faq(
    user, *, limite: int = 5, parmi: list[QuestionFAQ] | None = None, contexte: ContexteEditeur | None = None
) -> list[QuestionFAQ]:
    """The editor's "Top FAQ": entries of their DSRs and profiles first, then the current wave's news.

    `parmi`, the unfiltered result of `faq(user)` when the caller already has it, saves the queries.
    """
    if parmi is not None:
        return [q for q in parmi if q.pertinence > 0][:limite]
    # Only the questions are shown: none of the entries' themes, DSRs and profiles (three queries).
    return list(faq(user, contexte=contexte).filter(pertinence__gt=0).select_related(None).prefetch_related(None).only("question")[:limite])


# --- Calendar ---------------------------------------------------------------------------------


@dataclass
class EntreeCalendrier:
    """One entry of a user's calendar: a stored event, a wave's date or an Interop visit."""

    uid: str
    type: str
    titre: str
    debut: datetime
    fin: datetime | None = None
    description: str = ""
    url: str = ""
    lieu: str = ""
    evenement: EvenementCalendrier | None = None

    @property
    def type_label(self) -> str:
        return TypeEvenement(self.type).label

    @property
    def passe(self) -> bool:
        return (self.fin or self.debut) < timezone.now()


def entree_evenement(ev: EvenementCalendrier) -> EntreeCalendrier:
    return EntreeCalendrier(
        uid=f"evenement-{ev.pk}",
        type=ev.type,
        titre=ev.titre,
        debut=ev.debut,
        fin=ev.fin,
        description=ev.description,
        url=ev.lien_inscription or settings.SITE_URL + reverse("accompagnement:calendrier"),
        evenement=ev,
    )


LIBELLES_DATES = {
    1: gettext_lazy("dernier moment pour soumettre la candidature administrative et le formulaire d'éligibilité"),
    2: gettext_lazy("dernier moment pour soumettre le dossier complet de preuves ; plus aucun profil optionnel ensuite"),
    3: gettext_lazy("fin des échanges avec l'ANS : plus aucun dépôt de preuve ensuite"),
}


def _entrees_vagues() -> list[EntreeCalendrier]:
    entrees = []
    for vague in vagues_actives():
        for numero, _champ, quand in vague.dates():
            entrees.append(
                EntreeCalendrier(
                    uid=f"vague-{vague.pk}-date{numero}",
                    type=TypeEvenement.JALON,
                    titre=f"{vague.nom} — Date N°{numero}",
                    debut=quand,
                    description=f"Date N°{numero} : {LIBELLES_DATES[numero]}.",
                    url=settings.SITE_URL + reverse("accompagnement:calendrier"),
                )
            )
    return entrees


def _entrees_visites(
    candidatures: list[int] | QuerySet[Candidature], *, depuis: datetime | None = None
) -> list[EntreeCalendrier]:
    """The Interop visits of `candidatures` (ids, or a query such as `candidatures_de(user)`)."""
    visites = VisiteInterop.objects.filter(candidature__in=candidatures).select_related(
        "candidature__version__produit", "candidature__dsr"
    )
    if depuis is not None:
        visites = visites.filter(date_visite__gte=depuis)
    entrees = []
    for visite in visites:
        c = visite.candidature
        entrees.append(
            EntreeCalendrier(
                uid=f"visite-interop-{visite.pk}",
                type=TypeEvenement.VISITE,
                titre=f"Visite Interop — {c.version.produit.nom} {c.version.numero} ({c.dsr.code})",
                debut=visite.date_visite,
                description=visite.commentaire,
                lieu=visite.lieu,
                url=settings.SITE_URL + reverse("accompagnement:tableau-de-bord"),
            )
        )
    return entrees


def evenements_publies() -> QuerySet[EvenementCalendrier]:
    return EvenementCalendrier.objects.filter(publie=True).select_related("support_fichier")


def calendrier(user) -> list[EntreeCalendrier]:
    """Everything the user's calendar shows, in date order: published events, the active waves'
    three dates, and the Interop visits of the candidatures the user may read."""
    entrees = [entree_evenement(ev) for ev in evenements_publies()]
    entrees += _entrees_vagues()
    entrees += _entrees_visites(candidatures_de(user))
    return sorted(entrees, key=lambda e: (e.debut, e.uid))


# --- Dashboard and activity report ------------------------------------------------------------


@dataclass
class LigneRapport:
    """One row of the activity report: a candidature, or a product without any."""

    produit: Produit
    candidature: Candidature | None = None

    @property
    def statut(self) -> str:
        return self.candidature.statut if self.candidature else ""

    @property
    def statut_label(self) -> str:
        return libelle(CandidatureStatus, self.candidature.statut) if self.candidature else _("Aucune candidature")

    @property
    def phase(self) -> int | None:
        return PHASES.get(self.statut) if self.candidature else None

    @property
    def phase_label(self) -> str:
        return str(PHASE_LIBELLES.get(self.phase, "—"))

    @property
    def badge(self) -> str:
        return BADGE_CANDIDATURE.get(self.statut, "")

    @property
    def _etape(self) -> tuple[str, bool]:
        if self.statut == CandidatureStatus.BROUILLON and est_depassee(self.candidature.vague, 1):
            # Until the nightly job marks it hors délai: nothing can be submitted any more.
            return _("Aucune : la Date N°1 est passée sans que le dossier soit soumis"), False
        return PROCHAINE_ETAPE[self.statut]

    @property
    def prochaine_etape(self) -> str:
        return str(self._etape[0]) if self.candidature else ""

    @property
    def action_editeur(self) -> bool:
        return bool(self.candidature) and self._etape[1]


@dataclass
class ProchaineDate:
    titre: str
    quand: datetime
    type: str


@dataclass
class TableauDeBord:
    organisation: Organisation
    produits: list[Produit]
    lignes: list[LigneRapport]
    demandes_ouvertes: list[DemandeSupport] = field(default_factory=list)
    prochaines_dates: list[ProchaineDate] = field(default_factory=list)
    faq: list[QuestionFAQ] = field(default_factory=list)
    services: list[LienService] = field(default_factory=list)

    @cached_property
    def a_faire(self) -> list[LigneRapport]:
        return [ligne for ligne in self.lignes if ligne.action_editeur]


def rapport_activite(user) -> tuple[Organisation, list[Produit], list[LigneRapport]]:
    """The organisation (with its account manager), the products the user may read (with their
    versions) and one row per candidature, or per product without a candidature."""
    organisation = Organisation.objects.select_related("gestionnaire_compte").get(pk=user.organisation_id)
    produits = list(
        produits_visibles(user).order_by("nom").prefetch_related(Prefetch("versions", queryset=VersionProduit.objects.order_by("-created_at")))
    )
    candidatures = (
        candidatures_de(user)
        .select_related("version__produit", "dsr", "vague", "referent")
        # What a row shows (the wave whole: its dates decide the next step).
        .only("statut", "version__numero", "version__produit", "dsr__code", "vague", "referent", *colonnes_nom("referent"))
        .order_by("version__produit__nom", "-vague__numero", "dsr__code", "version__numero", "id")
    )
    par_produit: dict[int, list[Candidature]] = {}
    for c in candidatures:
        par_produit.setdefault(c.version.produit_id, []).append(c)
    lignes = []
    for produit in produits:
        lignes += [LigneRapport(produit, c) for c in par_produit.get(produit.pk, [])] or [LigneRapport(produit)]
    return organisation, produits, lignes


def prochaines_dates(user, *, limite: int = 5, contexte: ContexteEditeur | None = None) -> list[ProchaineDate]:
    """The next date of each active wave and the next events and visits of the user's calendar, by date."""
    now = timezone.now()
    contexte = contexte or ContexteEditeur.de(user)
    dates = []
    for vague in contexte.vagues:
        prochaine = next(((n, d) for n, _c, d in vague.dates() if d >= now), None)
        if prochaine:
            dates.append(ProchaineDate(f"{vague.nom} — Date N°{prochaine[0]}", prochaine[1], TypeEvenement.JALON))
    autres = [
        ProchaineDate(e.titre, e.debut, e.type)
        for e in [entree_evenement(ev) for ev in evenements_publies().filter(debut__gte=now)[:limite]]
        + _entrees_visites(contexte.candidatures, depuis=now)
    ]
    return sorted(dates + sorted(autres, key=lambda d: d.quand)[: max(limite - len(dates), 0)], key=lambda d: d.quand)


def tableau_de_bord(user) -> TableauDeBord:
    organisation, produits, lignes = rapport_activite(user)
    # The waves and the candidatures read once for the next dates and the top FAQ.
    contexte = ContexteEditeur(vagues_actives(), [ligne.candidature.pk for ligne in lignes if ligne.candidature])
    return TableauDeBord(
        organisation=organisation,
        produits=produits,
        lignes=lignes,
        demandes_ouvertes=list(
            # Their reference, subject and status only: none of the eight tables the request pages join.
            demandes_visibles(user).filter(statut__in=DEMANDE_STATUTS_OUVERTS).select_related(None).order_by("-updated_at")[:5]
        ),
        prochaines_dates=prochaines_dates(user, contexte=contexte),
        faq=top_faq(user, limite=3, contexte=contexte),
        services=list(LienService.objects.filter(actif=True)),
    )

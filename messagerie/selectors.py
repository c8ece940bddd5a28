"""Reads of the messaging: who is attached to a candidature, visible threads, unread counts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from candidatures.models import Candidature, Evenement
from comptes.models import Habilitation
from comptes.policy import is_agent, is_editeur, produits_visibles
from preuves.models import DossierChapitre

from .models import CLE_PRINCIPAL, Fil, Lecture, Message, Notification

User = get_user_model()


def destinataires(candidature: Candidature) -> QuerySet:
    """Active users attached to a candidature, in one query.

    Editors of its organisation who may read its product (an Habilitation with lire, or the
    organisation's administrators), and the staff on it: its référent, the verifiers assigned to
    its chapters and the staff who acted on it in the journal.
    """
    org_id = candidature.organisation_id
    lecteurs = Habilitation.objects.filter(produit__versions__candidatures=candidature, lire=True).values("utilisateur_id")
    verificateurs = DossierChapitre.objects.filter(candidature=candidature, verificateur__isnull=False).values(
        "verificateur_id"
    )
    agents_actifs = Evenement.objects.filter(
        candidature=candidature, acteur__isnull=False, acteur__organisation__isnull=True
    ).values("acteur_id")
    editeurs = Q(organisation_id=org_id) & (Q(est_admin_organisation=True) | Q(pk__in=lecteurs))
    staff = Q(organisation__isnull=True) & (
        Q(pk=candidature.referent_id) | Q(pk__in=verificateurs) | Q(pk__in=agents_actifs)
    )
    return User.objects.filter(is_active=True).filter(editeurs | staff).order_by("pk")


def candidatures_suivies(user) -> QuerySet[Candidature]:
    """Candidatures whose threads belong in the user's inbox.

    Editors: every candidature of a product they may read. Staff: those they are on (référent,
    assigned verifier, acted in the journal, wrote a message or were notified of).
    """
    if is_editeur(user):
        return Candidature.objects.filter(organisation_id=user.organisation_id, version__produit__in=produits_visibles(user))
    if not is_agent(user):
        return Candidature.objects.none()
    return Candidature.objects.filter(
        Q(referent=user)
        | Q(pk__in=DossierChapitre.objects.filter(verificateur=user).values("candidature_id"))
        | Q(pk__in=Evenement.objects.filter(acteur=user, candidature__isnull=False).values("candidature_id"))
        | Q(pk__in=Notification.objects.filter(destinataire=user, candidature__isnull=False).values("candidature_id"))
    )


def _lu_jusqu_au(user, fil_ref: str):
    return Subquery(Lecture.objects.filter(fil=OuterRef(fil_ref), utilisateur=user).values("lu_jusqu_au")[:1])


def _non_lus(user, fil_ref: str) -> QuerySet[Message]:
    """Messages of the fil at `fil_ref` (an OuterRef path) the user has not read (their own excluded)."""
    return (
        Message.objects.filter(fil=OuterRef(fil_ref))
        .exclude(auteur=user)
        .annotate(lu=_lu_jusqu_au(user, "fil"))
        .filter(Q(lu__isnull=True) | Q(created_at__gt=F("lu")))
    )


class SubqueryCount(Subquery):
    """COUNT(*) of a queryset as a scalar subquery (0 when empty)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()

    def __init__(self, queryset, *, plafond: int | None = None, **kwargs):
        queryset = queryset.order_by().values("pk")
        super().__init__(queryset[:plafond] if plafond else queryset, **kwargs)


def fils_de(user) -> QuerySet[Fil]:
    """The user's inbox: threads of the candidatures they follow, with their unread count and
    last message, most recent first."""
    dernier = Message.objects.filter(fil=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        Fil.objects.filter(candidature__in=candidatures_suivies(user), dernier_message_le__isnull=False)
        .select_related("candidature__version__produit", "candidature__vague", "candidature__organisation")
        .annotate(
            non_lus=SubqueryCount(_non_lus(user, "pk")),
            dernier_extrait=Subquery(dernier.values("texte")[:1]),
        )
        .order_by("-dernier_message_le", "-pk")
    )


def avec_compteurs(fils: QuerySet[Fil], user) -> QuerySet[Fil]:
    """Threads with the user's unread count (`non_lus`) and their number of messages (`nb_messages`)."""
    return fils.annotate(
        non_lus=SubqueryCount(_non_lus(user, "pk")),
        nb_messages=SubqueryCount(Message.objects.filter(fil=OuterRef("pk"))),
    )


def fils_candidature(candidature: Candidature, user) -> QuerySet[Fil]:
    """Threads of one candidature with the user's unread count, the main thread first."""
    return (
        avec_compteurs(Fil.objects.filter(candidature=candidature), user)
        .annotate(principal_d_abord=Case(When(cle=CLE_PRINCIPAL, then=Value(0)), default=Value(1)))
        .order_by("principal_d_abord", F("dernier_message_le").desc(nulls_last=True), "pk")
    )


def messages_du_fil(fil: Fil) -> QuerySet[Message]:
    return fil.messages.select_related("auteur__organisation", "evenement__acteur__organisation").prefetch_related(
        Prefetch("pieces_jointes", to_attr="fichiers")
    )


def notifications_de(user) -> QuerySet[Notification]:
    return Notification.objects.filter(destinataire=user).select_related("candidature__version__produit", "candidature__vague")


def compte_non_lus(user, *, plafond: int | None = None) -> int:
    """Unread notifications + unread messages the user was not notified of, in one query (two for
    an editor).

    A message the user was notified of is counted once, through its notification (reading the
    thread marks that notification read too). With `plafond`, each part stops counting there
    (the header shows "99+"): an agent following hundreds of candidatures has thousands.
    """
    notifications = Notification.objects.filter(destinataire=user, lue_le__isnull=True)
    suivies = candidatures_suivies(user)
    if is_editeur(user):
        # An editor's threads (those of a few candidatures) read first, as a list: within the count,
        # PostgreSQL walked every message of the programme in thread order to find them (70 to
        # 140 ms on the M dataset, bench/README.md). An agent's hundreds are left to the planner.
        suivis = Q(fil__in=list(Fil.objects.filter(candidature__in=suivies).values_list("pk", flat=True)))
    else:
        suivis = Q(fil__candidature__in=suivies)
    messages = (
        Message.objects.filter(suivis)
        .exclude(auteur=user)
        .annotate(lu=_lu_jusqu_au(user, "fil"))
        .filter(Q(lu__isnull=True) | Q(created_at__gt=F("lu")))
        .exclude(Exists(Notification.objects.filter(destinataire=user, evenement=OuterRef("evenement"))))
    )
    total = (
        User.objects.filter(pk=user.pk)
        .annotate(
            total=Coalesce(SubqueryCount(notifications, plafond=plafond), 0)
            + Coalesce(SubqueryCount(messages, plafond=plafond), 0)
        )
        .values_list("total", flat=True)
        .first()
    )
    return total or 0


def objets_de_fil(candidature: Candidature) -> list[tuple[str, str]]:
    """What a staff member may open a thread on: the steps, then the DSR's chapters."""
    from preuves.models import Chapitre

    etapes = [
        ("etape:administrative", "Étape : candidature administrative"),
        ("etape:eligibilite", "Étape : éligibilité"),
        ("etape:preuves", "Étape : dépôt des preuves"),
        ("etape:convention", "Étape : convention de référencement"),
        ("etape:college", "Étape : collège de référencement"),
    ]
    chapitres = Chapitre.objects.filter(dsr_id=candidature.dsr_id).order_by("ordre", "code").values_list("code", "libelle")
    return etapes + [(f"chapitre:{code}", f"Chapitre {code} — {libelle}"[:255]) for code, libelle in chapitres]

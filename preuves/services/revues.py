"""The verifiers' actions: assign a chapter, review proofs, decide the round; the college's reopening."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from candidatures.enums import CANDIDATURE_TRANSITIONS, CandidatureStatus
from candidatures.journal import journaliser
from candidatures.models import Candidature
from candidatures.services import changer_statut
from comptes.errors import DomainError, TransitionInterdite
from comptes.policy import can, require

from ..enums import STATUTS_REVUE, ChapitreStatus, DecisionChapitre, PreuveStatus
from ..models import DossierChapitre, PreuveDemandee, Revue, RevueChapitre
from ..transitions import changer_statut_chapitre, changer_statut_preuve
from ._commun import C, P, lien_candidature, lien_chapitre


@transaction.atomic
def assigner_chapitre(dossier: DossierChapitre, *, verificateur, by) -> DossierChapitre:
    """Give a submitted chapter to a verifier (soumis → en_analyse), or hand a chapter in
    analysis over to another verifier."""
    require(by, "preuves.verifier_preuves")
    if verificateur is None or not can(verificateur, "preuves.verifier_preuves"):
        raise DomainError("Le chapitre ne peut être assigné qu'à un vérificateur de l'ANS.", field="verificateur")
    d = DossierChapitre.objects.select_for_update().select_related("chapitre", "candidature").get(pk=dossier.pk)
    message = f"Chapitre {d.chapitre.code} (tour {d.tour}) assigné à {verificateur}."
    if d.statut == C.SOUMIS:
        changer_statut_chapitre(d, to=C.EN_ANALYSE, by=by, action="chapitre_assigne", message=message)
    elif d.statut == C.EN_ANALYSE:
        journaliser("chapitre_reassigne", acteur=by, candidature=d.candidature, cible=f"chapitre:{d.pk}", message=message)
    else:
        raise TransitionInterdite(
            f"Le chapitre {d.chapitre.code} est « {ChapitreStatus(d.statut).label} » : il n'attend pas d'analyse."
        )
    d.verificateur = verificateur
    d.save(update_fields=["verificateur", "updated_at"])
    dossier.statut, dossier.verificateur = d.statut, verificateur
    return d


@transaction.atomic
def revoir_preuve(preuve: PreuveDemandee, *, statut: str, commentaire: str = "", by) -> Revue:
    """Record a verifier's opinion on the latest version of a proof in the current round.

    A comment is required unless conforme. Reviews are kept forever (who, when, round, version);
    reviewing again in the same round supersedes the earlier one. The proof's status changes
    when the chapter is decided (`decider_chapitre`), so the editor sees the whole analysis at once.
    """
    require(by, "preuves.verifier_preuves")
    if statut not in STATUTS_REVUE:
        raise DomainError("Choisissez un avis : conforme, non conforme ou à compléter.", field="statut")
    commentaire = (commentaire or "").strip()
    if statut != P.CONFORME and not commentaire:
        raise DomainError("Expliquez à l'éditeur ce qui ne va pas : le commentaire est obligatoire.", field="commentaire")
    d = DossierChapitre.objects.select_for_update().select_related("chapitre", "candidature").get(pk=preuve.dossier_id)
    if d.statut != C.EN_ANALYSE:
        raise TransitionInterdite(
            "Prenez d'abord ce chapitre en analyse." if d.statut == C.SOUMIS
            else f"Le chapitre {d.chapitre.code} n'est pas en analyse."
        )
    p = PreuveDemandee.objects.select_for_update(of=("self",)).select_related("preuve_attendue", "dernier_depot").get(pk=preuve.pk)
    if p.statut != P.DEPOSEE or p.dernier_depot is None:
        raise TransitionInterdite(f"La preuve {p.preuve_attendue.numero} n'a pas de nouvelle version à examiner dans ce tour.")
    revue = Revue.objects.create(
        depot=p.dernier_depot, preuve=p, tour=d.tour, statut=statut, commentaire=commentaire, verificateur=by
    )
    journaliser(
        "preuve_revue", acteur=by, candidature=d.candidature, cible=f"preuve:{p.pk}", apres=statut,
        message=f"Avis « {PreuveStatus(statut).label} » sur la version {p.dernier_depot.version} de {p.preuve_attendue.numero}.",
        # Internal until the chapter is decided: the editor learns the statuses all at once.
        details={"tour": d.tour, "version": p.dernier_depot.version, "revue": revue.pk, "interne": True},
    )
    return revue


def _message_decision(d: DossierChapitre, a_reprendre: list[PreuveDemandee], commentaire: str) -> str:
    if not a_reprendre:
        texte = f"Chapitre {d.chapitre.code} analysé (tour {d.tour}) : validé, toutes ses preuves sont conformes."
    else:
        liste = ", ".join(f"{p.preuve_attendue.numero} ({PreuveStatus(p.statut).label.lower()})" for p in a_reprendre)
        texte = (
            f"Chapitre {d.chapitre.code} analysé (tour {d.tour}) : en attente éditeur. "
            f"{len(a_reprendre)} preuve(s) à reprendre : {liste}. Consultez l'avis sur chaque preuve puis déposez "
            "une nouvelle version et soumettez à nouveau le chapitre."
        )
    return f"{texte}\n\n{commentaire}" if commentaire else texte


@transaction.atomic
def decider_chapitre(dossier: DossierChapitre, *, by, commentaire: str = "") -> RevueChapitre:
    """Close the analysis round of a chapter: every version of the round must have a review.
    The proofs take their review's status; the chapter becomes validé when every proof is
    conforme, otherwise en attente éditeur. The editor is told through the journal (automatic
    message with a link). When every chapter is validated, the candidature's proofs are."""
    require(by, "preuves.verifier_preuves")
    d = (
        DossierChapitre.objects.select_for_update()
        .select_related("chapitre", "candidature__vague")
        .get(pk=dossier.pk)
    )
    if d.statut != C.EN_ANALYSE:
        raise TransitionInterdite(f"Le chapitre {d.chapitre.code} n'est pas en analyse.")
    preuves = list(
        PreuveDemandee.objects.select_for_update(of=("self",)).filter(dossier=d)
        .select_related("preuve_attendue").order_by("preuve_attendue__ordre", "pk")
    )
    revues = {}
    for r in Revue.objects.filter(preuve__dossier=d, tour=d.tour).order_by("created_at", "pk"):
        revues[(r.preuve_id, r.depot_id)] = r  # the latest of the round wins
    sans_avis = [p for p in preuves if p.statut == P.DEPOSEE and (p.pk, p.dernier_depot_id) not in revues]
    if sans_avis:
        liste = ", ".join(p.preuve_attendue.numero for p in sans_avis)
        raise DomainError(f"Donnez d'abord un avis sur chaque preuve déposée. Sans avis : {liste}.")
    for p in preuves:
        if p.statut == P.DEPOSEE:
            changer_statut_preuve(p, to=revues[(p.pk, p.dernier_depot_id)].statut, by=by)
    a_reprendre = [p for p in preuves if p.statut != P.CONFORME]
    decision = DecisionChapitre.EN_ATTENTE_EDITEUR if a_reprendre else DecisionChapitre.VALIDE
    commentaire = (commentaire or "").strip()
    revue = RevueChapitre.objects.create(
        dossier=d, tour=d.tour, decision=decision, commentaire=commentaire, verificateur=by
    )
    changer_statut_chapitre(
        d, to=decision, by=by, action="chapitre_analyse",
        message=_message_decision(d, a_reprendre, commentaire),
        details={"message_auto": True, "lien": lien_chapitre(d), "tour": d.tour, "decision": decision},
    )
    d.decide_le = timezone.now()
    d.save(update_fields=["decide_le", "updated_at"])
    dossier.statut = d.statut
    c = d.candidature
    if (
        decision == DecisionChapitre.VALIDE
        and not DossierChapitre.objects.filter(candidature=c).exclude(statut=C.VALIDE).exists()
        and CandidatureStatus.PREUVES_VALIDEES in CANDIDATURE_TRANSITIONS.get(c.statut, set())
    ):
        changer_statut(
            c, to=CandidatureStatus.PREUVES_VALIDEES, by=by, action="preuves_validees",
            message="Toutes les preuves de la candidature sont conformes : l'ANS va préparer la convention de référencement.",
            details={"message_auto": True, "lien": lien_candidature(c)},
        )
    return revue


@transaction.atomic
def rouvrir_preuves_non_conformes(
    candidature: Candidature, *, preuves: list[PreuveDemandee], by, commentaire: str = ""
) -> list[PreuveDemandee]:
    """After a non-attribution by the college: mark these proofs non conforme (with the
    college's reason as their latest feedback when given) and reopen their validated chapters
    (en attente éditeur). The candidature's status is phase 3's."""
    require(by, "preuves.rouvrir_preuves", candidature)
    pks = [p.pk for p in preuves]
    dossiers = list(
        DossierChapitre.objects.select_for_update().select_related("chapitre")
        .filter(candidature=candidature, pk__in=PreuveDemandee.objects.filter(pk__in=pks).values("dossier_id"))
        .order_by("pk")
    )
    verrouillees = list(
        PreuveDemandee.objects.select_for_update(of=("self",)).select_related("preuve_attendue", "dernier_depot")
        .filter(candidature=candidature, pk__in=pks).order_by("pk")
    )
    if len(verrouillees) != len(set(pks)):
        raise DomainError("Certaines preuves n'appartiennent pas à cette candidature.")
    tours = {d.pk: d.tour for d in dossiers}
    for p in verrouillees:
        if p.statut == P.CONFORME:
            changer_statut_preuve(
                p, to=P.NON_CONFORME, by=by, journal=True,
                message=f"Preuve {p.preuve_attendue.numero} à redéposer (réserve du collège de référencement).",
            )
        elif p.statut not in (P.NON_CONFORME, P.A_COMPLETER):
            raise TransitionInterdite(f"La preuve {p.preuve_attendue.numero} n'a pas été jugée : elle ne peut pas être rouverte.")
        if commentaire and p.dernier_depot is not None:
            Revue.objects.create(
                depot=p.dernier_depot, preuve=p, tour=tours[p.dossier_id], statut=P.NON_CONFORME,
                commentaire=commentaire, verificateur=by,
            )
    for d in dossiers:
        if d.statut == C.VALIDE:
            changer_statut_chapitre(
                d, to=C.EN_ATTENTE_EDITEUR, by=by, action="chapitre_rouvert",
                message=f"Chapitre {d.chapitre.code} rouvert : des preuves sont à redéposer suite au collège de référencement.",
                details={"message_auto": True, "lien": lien_chapitre(d)},
            )
    return verrouillees

"""Every state-changing action of phase 2: requested proofs, deposits, submissions, reviews,
decisions, Interop visits. Each checks rights (comptes.policy) and the wave's dates at the moment
of the action, changes statuses only through preuves.transitions, and writes a journal event."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from candidatures.dates import est_depassee, exiger_avant
from candidatures.enums import CANDIDATURE_TRANSITIONS, CandidatureStatus, CndaStatus
from candidatures.journal import journaliser
from candidatures.models import Candidature
from candidatures.services import changer_statut
from comptes.errors import DateDepassee, DomainError, TransitionInterdite
from comptes.fichiers import ARCHIVE, BUREAUTIQUE, PDF, enregistrer_fichier
from comptes.policy import can, require

from .completude import (
    categories_pour,
    depot_en_attente,
    erreur_date_test,
    fichiers_obligatoires,
    test_intrusion_acceptable,
)
from .enums import (
    STATUTS_REVUE,
    ChapitreStatus,
    DecisionChapitre,
    PreuveStatus,
    TypePreuve,
)
from .models import (
    Depot,
    DossierChapitre,
    PreuveDemandee,
    Revue,
    RevueChapitre,
    VisiteInterop,
)
from .selectors import avec_dernier_depot_revu, manquants, preuves_attendues_applicables
from .transitions import changer_statut_chapitre, changer_statut_preuve

C, P = ChapitreStatus, PreuveStatus
# Candidature statuses in which the editor deposits and submits proofs (a non-attribution by the
# college reopens proofs while the candidature may still be non_referencee).
STATUTS_DEPOT = {CandidatureStatus.PREUVES, CandidatureStatus.NON_REFERENCEE}
MAX_FICHIERS_PAR_DEPOT = 20
CHAMPS_SPECIFIQUES = {
    TypePreuve.TEST_INTRUSION: ("prestataire_passi", "date_test", "ko_haute", "ko_moyenne"),
    TypePreuve.CNDA: ("cnda_nil", "cnda_statut", "cnda_date_retour"),
}


def _lien_chapitre(dossier) -> str:
    return reverse("preuves:chapitre", args=[dossier.pk])


def _lien_candidature(candidature) -> str:
    return reverse("preuves:candidature", args=[candidature.pk])


def _exiger_echanges_ouverts(candidature: Candidature, action: str, *, now: datetime | None = None) -> None:
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


# --- Requested proofs -------------------------------------------------------------------------


@transaction.atomic
def synchroniser_preuves_demandees(candidature: Candidature, *, by=None) -> dict[str, int]:
    """Bring the candidature's requested proofs in line with its DSR's catalogue, its selected
    profiles and its Vague 1 status. Idempotent.

    Creates the missing proofs (and one chapter dossier per chapter having proofs); removes the
    proofs no longer requested that have no deposit (and chapters left empty, never submitted);
    reopens a validated chapter that receives a new proof. Returns the counts of changes.
    """
    c = Candidature.objects.select_for_update().select_related("vague", "dsr").get(pk=candidature.pk)
    attendues = list(preuves_attendues_applicables(c))
    dossiers = {d.chapitre_id: d for d in DossierChapitre.objects.filter(candidature=c)}
    nouveaux_chapitres = {pa.exigence.chapitre_id for pa in attendues} - set(dossiers)
    DossierChapitre.objects.bulk_create(
        [DossierChapitre(candidature=c, chapitre_id=ch) for ch in nouveaux_chapitres], ignore_conflicts=True
    )
    if nouveaux_chapitres:
        dossiers = {d.chapitre_id: d for d in DossierChapitre.objects.filter(candidature=c)}
    existantes = dict(PreuveDemandee.objects.filter(candidature=c).values_list("preuve_attendue_id", "pk"))
    a_creer = [
        PreuveDemandee(candidature=c, dossier=dossiers[pa.exigence.chapitre_id], preuve_attendue=pa)
        for pa in attendues
        if pa.pk not in existantes
    ]
    PreuveDemandee.objects.bulk_create(a_creer, ignore_conflicts=True)
    retirees = PreuveDemandee.objects.filter(candidature=c, dernier_depot__isnull=True).exclude(
        preuve_attendue__in=[pa.pk for pa in attendues]
    )
    nb_retirees, _ = retirees.delete()
    DossierChapitre.objects.filter(candidature=c, tour=0, preuves__isnull=True).delete()
    for dossier in DossierChapitre.objects.filter(
        candidature=c, statut=C.VALIDE, preuves__statut=P.A_FOURNIR
    ).distinct():
        changer_statut_chapitre(
            dossier, to=C.EN_ATTENTE_EDITEUR, by=by, action="chapitre_rouvert",
            message=f"De nouvelles preuves sont demandées dans le chapitre {dossier.chapitre.code}.",
            details={"message_auto": True, "lien": _lien_chapitre(dossier)},
        )
        if c.statut == CandidatureStatus.PREUVES_VALIDEES:
            changer_statut(c, to=CandidatureStatus.PREUVES, by=by, action="preuves_rouvertes")
    if a_creer and c.preuves_completes_le is not None and not est_depassee(c.vague, 2):
        # New proofs before Date N°2 (a profile added): the complete dossier is due again.
        Candidature.objects.filter(pk=c.pk).update(preuves_completes_le=None)
        candidature.preuves_completes_le = None
    counts = {"creees": len(a_creer), "retirees": nb_retirees, "chapitres": len(nouveaux_chapitres)}
    if a_creer or nb_retirees:
        journaliser(
            "preuves_demandees", acteur=by, candidature=c, cible=f"candidature:{c.pk}",
            message=(
                f"Preuves demandées mises à jour : {len(a_creer)} ajoutée(s), {nb_retirees} retirée(s), "
                f"{PreuveDemandee.objects.filter(candidature=c).count()} au total."
            ),
            details={**counts, "lien": _lien_candidature(c)},
        )
    return counts


def generer_preuves_demandees(candidature: Candidature, *, by=None) -> dict[str, int]:
    """Create the requested proofs when the administrative dossier is validated (idempotent)."""
    return synchroniser_preuves_demandees(candidature, by=by)


# --- Editor: deposits and submissions --------------------------------------------------------


def _champs_valides(type_preuve: str, champs: dict, *, jour: date) -> dict:
    """Check the fields of a pen-test or CNDA deposit; return the Depot fields to set."""
    attendus = CHAMPS_SPECIFIQUES.get(type_preuve, ())
    inconnus = set(champs) - {n for noms in CHAMPS_SPECIFIQUES.values() for n in noms}
    if inconnus:
        raise TypeError(f"Champs inconnus : {sorted(inconnus)}")
    valeurs = {nom: champs.get(nom) for nom in attendus}
    if type_preuve == TypePreuve.TEST_INTRUSION:
        if not (valeurs["prestataire_passi"] or "").strip():
            raise DomainError("Indiquez le prestataire PASSI qui a réalisé le test.", field="prestataire_passi")
        erreur = erreur_date_test(valeurs["date_test"], jour)
        if erreur:
            raise DomainError(erreur, field="date_test")
        for nom in ("ko_haute", "ko_moyenne"):
            if valeurs[nom] is None or int(valeurs[nom]) < 0:
                raise DomainError("Indiquez le nombre de points de contrôle KO (0 ou plus).", field=nom)
        valeurs["prestataire_passi"] = valeurs["prestataire_passi"].strip()
    elif type_preuve == TypePreuve.CNDA:
        if not (valeurs["cnda_nil"] or "").strip():
            raise DomainError("Indiquez le NIL (numéro d'identification logiciel).", field="cnda_nil")
        if valeurs["cnda_statut"] not in CndaStatus.values:
            raise DomainError("Indiquez le statut de la demande CNDA.", field="cnda_statut")
        if valeurs["cnda_statut"] != CndaStatus.FINALISATION and valeurs["cnda_date_retour"] is None:
            raise DomainError("Indiquez la date de retour prévisionnelle du CNDA.", field="cnda_date_retour")
        valeurs["cnda_nil"] = valeurs["cnda_nil"].strip()
    return valeurs


def _enregistrer_tous(fichiers, *, categories, candidature, by) -> list:
    """Store every file, or none: a refused file removes the ones already stored."""
    stockes = []
    try:
        for upload in fichiers:
            stockes.append(
                enregistrer_fichier(
                    upload, categories=categories, organisation=candidature.organisation,
                    produit=candidature.version.produit, by=by,
                )
            )
    except Exception:
        for f in stockes:
            default_storage.delete(f.fichier.name)
        raise
    return stockes


@transaction.atomic
def deposer_preuve(
    preuve: PreuveDemandee, *, fichiers=(), lien: str = "", commentaire: str = "", by, **champs_specifiques
) -> Depot:
    """Deposit a new version of a requested proof: files (of the kinds the proof allows) and/or
    a link, a comment, and the pen-test or CNDA fields. The version waits for the chapter's
    submission. Refused while the chapter is in analysis or validated, after Date N°3, and
    after Date N°2 for a dossier never complete. A refused file stores nothing."""
    dossier = DossierChapitre.objects.select_for_update().select_related("chapitre").get(pk=preuve.dossier_id)
    p = (
        PreuveDemandee.objects.select_for_update(of=("self",))
        .select_related("preuve_attendue", "candidature__vague", "candidature__organisation", "candidature__version__produit")
        .get(pk=preuve.pk)
    )
    c = p.candidature
    require(by, "preuves.deposer_preuve", c)
    _exiger_echanges_ouverts(c, "déposer une preuve")
    if dossier.statut in (C.SOUMIS, C.EN_ANALYSE):
        raise TransitionInterdite(
            f"Le chapitre {dossier.chapitre.code} est en cours d'analyse par l'ANS : il est en lecture seule "
            "jusqu'à la fin de l'analyse."
        )
    if dossier.statut == C.VALIDE or p.statut == P.CONFORME:
        raise TransitionInterdite(f"La preuve {p.preuve_attendue.numero} est conforme : aucun nouveau dépôt n'est attendu.")
    type_preuve = p.preuve_attendue.type
    fichiers = list(fichiers or [])
    lien = (lien or "").strip()
    if len(fichiers) > MAX_FICHIERS_PAR_DEPOT:
        raise DomainError(f"Déposez au plus {MAX_FICHIERS_PAR_DEPOT} fichiers à la fois.", field="fichiers")
    if type_preuve == TypePreuve.LIEN_INTEROP:
        if not lien:
            raise DomainError("Indiquez le lien vers le rapport de test d'interopérabilité.", field="lien")
        try:
            URLValidator(schemes=["http", "https"])(lien)
        except ValidationError as exc:
            raise DomainError("Le lien doit être une adresse web complète (https://…).", field="lien") from exc
    elif fichiers_obligatoires(type_preuve) and not fichiers:
        raise DomainError("Joignez au moins un fichier.", field="fichiers")
    valeurs = _champs_valides(type_preuve, champs_specifiques, jour=timezone.localdate())
    stockes = _enregistrer_tous(fichiers, categories=categories_pour(type_preuve), candidature=c, by=by)
    version = (p.depots.aggregate(m=Max("version"))["m"] or 0) + 1
    depot = Depot(
        preuve=p, version=version, tour=dossier.tour + 1, commentaire=(commentaire or "").strip(), lien=lien,
        depose_par=by, **valeurs,
    )
    depot.full_clean()
    depot.save()
    depot.fichiers.set(stockes)
    p.dernier_depot = depot
    p.save(update_fields=["dernier_depot", "updated_at"])
    preuve.dernier_depot = depot
    journaliser(
        "preuve_deposee", acteur=by, candidature=c, cible=f"preuve:{p.pk}",
        message=f"Version {version} de la preuve {p.preuve_attendue.numero} déposée ({len(stockes)} fichier(s)).",
        details={"preuve": p.pk, "version": version, "fichiers": [f.pk for f in stockes], "chapitre": dossier.pk},
    )
    return depot


@transaction.atomic
def soumettre_chapitre(dossier: DossierChapitre, *, by) -> DossierChapitre:
    """Submit a complete chapter: opens analysis round n+1 (tour += 1), the new versions become
    `deposee`. Refused when a proof lacks a version since its last review asking for one (the
    message lists them), after Date N°3, and after Date N°2 for a dossier never complete.
    The first time every requested proof has been submitted, records `preuves_completes_le`."""
    d = (
        DossierChapitre.objects.select_for_update()
        .select_related("chapitre", "candidature__vague", "candidature__version__produit")
        .get(pk=dossier.pk)
    )
    c = d.candidature
    require(by, "preuves.soumettre_chapitre", c)
    _exiger_echanges_ouverts(c, "soumettre le chapitre")
    if d.statut not in (C.A_COMPLETER, C.EN_ATTENTE_EDITEUR):
        raise TransitionInterdite(
            f"Le chapitre {d.chapitre.code} est « {ChapitreStatus(d.statut).label} » : il ne peut pas être soumis."
        )
    preuves = list(
        avec_dernier_depot_revu(PreuveDemandee.objects.select_for_update(of=("self",)).filter(dossier=d))
        .select_related("preuve_attendue", "dernier_depot")
        .order_by("preuve_attendue__ordre", "pk")
    )
    if not preuves:
        raise DomainError(f"Le chapitre {d.chapitre.code} ne contient aucune preuve demandée.")
    manques = manquants(preuves)
    if manques:
        liste = " ; ".join(f"{p.preuve_attendue.numero} : {raison}" for p, raison in manques)
        raise DomainError(f"Le chapitre {d.chapitre.code} n'est pas complet. Il manque : {liste}.")
    now = timezone.now()
    tour = d.tour + 1
    nouvelles = [p for p in preuves if depot_en_attente(p, dernier_depot_revu=p.dernier_depot_revu)]
    changer_statut_chapitre(
        d, to=C.SOUMIS, by=by, action="chapitre_soumis",
        message=f"Chapitre {d.chapitre.code} soumis pour analyse (tour {tour}, {len(nouvelles)} preuve(s) déposée(s)).",
        details={"tour": tour, "preuves": [p.pk for p in nouvelles], "lien": _lien_chapitre(d)},
    )
    for p in nouvelles:
        changer_statut_preuve(p, to=P.DEPOSEE, by=by)
    d.tour, d.soumis_le = tour, now
    d.save(update_fields=["tour", "soumis_le", "updated_at"])
    dossier.statut, dossier.tour, dossier.soumis_le = d.statut, d.tour, d.soumis_le
    if c.preuves_completes_le is None and not PreuveDemandee.objects.filter(candidature=c, statut=P.A_FOURNIR).exists():
        Candidature.objects.filter(pk=c.pk).update(preuves_completes_le=now)
        journaliser(
            "dossier_preuves_complet", acteur=by, candidature=c, cible=f"candidature:{c.pk}",
            message="Le dossier complet de preuves a été soumis une première fois.",
            details={"lien": _lien_candidature(c)},
        )
    return d


# --- Verifier: assignment, reviews, decisions -------------------------------------------------


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
        details={"message_auto": True, "lien": _lien_chapitre(d), "tour": d.tour, "decision": decision},
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
            details={"message_auto": True, "lien": _lien_candidature(c)},
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
                details={"message_auto": True, "lien": _lien_chapitre(d)},
            )
    return verrouillees


# --- Jobs -------------------------------------------------------------------------------------


def marquer_dossiers_incomplets_hors_delai(*, now: datetime | None = None) -> int:
    """Mark hors délai every candidature in phase 2 whose complete proof dossier was not
    submitted by Date N°2 (which has passed). Idempotent; returns how many were marked."""
    now = now or timezone.now()
    marquees = 0
    for pk in Candidature.objects.filter(
        statut=CandidatureStatus.PREUVES, preuves_completes_le__isnull=True, vague__date2__lt=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            c = Candidature.objects.select_for_update().select_related("vague").get(pk=pk)
            if c.statut != CandidatureStatus.PREUVES or c.preuves_completes_le is not None:
                continue
            quand = date_format(timezone.localtime(c.vague.date2), "j F Y à H:i")
            changer_statut(
                c, to=CandidatureStatus.HORS_DELAI, action="hors_delai_date2",
                message=f"Le dossier complet de preuves n'a pas été soumis avant la Date N°2 ({quand}) : la candidature est hors délai.",
                details={"message_auto": True, "lien": _lien_candidature(c)},
            )
            marquees += 1
    return marquees


# --- Interop visits ---------------------------------------------------------------------------

CATEGORIES_VISITE = (PDF, BUREAUTIQUE, ARCHIVE)


def _fichier_visite(upload, candidature, by):
    if upload is None:
        return None
    return enregistrer_fichier(
        upload, categories=CATEGORIES_VISITE, organisation=candidature.organisation,
        produit=candidature.version.produit, by=by,
    )


def _message_visite(visite: VisiteInterop, verbe: str) -> str:
    quand = date_format(timezone.localtime(visite.date_visite), "l j F Y à H:i")
    lieu = f" ({visite.lieu})" if visite.lieu else ""
    return f"Visite Interop {verbe} : {quand}{lieu}."


@transaction.atomic
def planifier_visite(
    candidature: Candidature, *, date_visite: datetime, lieu: str = "", commentaire: str = "", by
) -> VisiteInterop:
    """Schedule an Interop visit (instructor or verifier); the editor is told."""
    require(by, "preuves.gerer_visites", candidature)
    visite = VisiteInterop(candidature=candidature, date_visite=date_visite, lieu=lieu.strip(), commentaire=commentaire.strip())
    visite.full_clean()
    visite.save()
    journaliser(
        "visite_interop_planifiee", acteur=by, candidature=candidature, cible=f"visite:{visite.pk}",
        message=_message_visite(visite, "planifiée"),
        details={"message_auto": True, "lien": _lien_candidature(candidature) + "#visites", "date_visite": visite.date_visite.isoformat()},
    )
    return visite


@transaction.atomic
def modifier_visite(
    visite: VisiteInterop, *, date_visite: datetime, lieu: str = "", commentaire: str = "",
    rapport=None, pas_a_pas=None, by,
) -> VisiteInterop:
    """Change a visit's date or place, and attach its report and step-by-step document (staff)."""
    v = VisiteInterop.objects.select_for_update().select_related("candidature__organisation", "candidature__version__produit").get(pk=visite.pk)
    c = v.candidature
    require(by, "preuves.gerer_visites", c)
    deplacee = v.date_visite != date_visite
    v.date_visite, v.lieu, v.commentaire = date_visite, lieu.strip(), commentaire.strip()
    ajouts = []
    if rapport is not None:
        v.rapport = _fichier_visite(rapport, c, by)
        ajouts.append("rapport de visite")
    if pas_a_pas is not None:
        v.pas_a_pas = _fichier_visite(pas_a_pas, c, by)
        ajouts.append("pas-à-pas")
    v.full_clean()
    v.save()
    message = _message_visite(v, "déplacée" if deplacee else "mise à jour")
    if ajouts:
        message += f" Documents disponibles : {', '.join(ajouts)}."
    journaliser(
        "visite_interop_modifiee", acteur=by, candidature=c, cible=f"visite:{v.pk}", message=message,
        details={"message_auto": True, "lien": _lien_candidature(c) + "#visites", "date_visite": v.date_visite.isoformat()},
    )
    return v


__all__ = [
    "assigner_chapitre",
    "decider_chapitre",
    "deposer_preuve",
    "generer_preuves_demandees",
    "marquer_dossiers_incomplets_hors_delai",
    "modifier_visite",
    "planifier_visite",
    "revoir_preuve",
    "rouvrir_preuves_non_conformes",
    "soumettre_chapitre",
    "synchroniser_preuves_demandees",
    "test_intrusion_acceptable",
]

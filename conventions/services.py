"""Phase 3: prepare, sign and countersign the convention; college sessions, decisions,
referencing numbers, attestations, and the redeposit after a non-attribution.

Every action checks rights (comptes.policy / conventions.rules), locks the row whose status
changes, moves statuses only through their transition tables and writes a journal event.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from candidatures.dates import LIBELLES, date_limite, est_depassee, exiger_avant
from candidatures.enums import CandidatureStatus
from candidatures.journal import journaliser
from candidatures.models import Candidature, Vague
from candidatures.services import changer_statut
from comptes.errors import DomainError, TransitionInterdite
from comptes.fichiers import PDF, enregistrer_fichier
from comptes.models import Fichier
from comptes.policy import require
from convergence.dates import date_locale
from preuves.enums import PreuveStatus
from preuves.models import PreuveDemandee
from preuves.services import rouvrir_preuves_non_conformes

from . import documents, signature
from .enums import (
    CONVENTION_TRANSITIONS,
    ConventionStatus,
    ResultatDecision,
    RoleSignature,
)
from .models import (
    CompteurReferencement,
    Convention,
    Decision,
    InscriptionCollege,
    ModeleConvention,
    NumeroReferencement,
    Reserve,
    SessionCollege,
    Signature,
)

logger = logging.getLogger(__name__)
S = CandidatureStatus

CONSENTEMENT = (
    "Je déclare avoir lu la convention de référencement Ségur, en accepter les termes, et la signer "
    "électroniquement en tant que signataire habilité de {organisation}."
)
RAISON_EDITEUR = "Signature de la convention par l'éditeur"
RAISON_ANS = "Contre-signature de la convention par l'Agence du Numérique en Santé"
RAISON_ATTESTATION = "Attestation de référencement délivrée par l'Agence du Numérique en Santé"


def _lien(candidature: Candidature) -> str:
    return reverse("conventions:candidature", args=[candidature.pk])


def _verrouiller(candidature: Candidature) -> Candidature:
    return (
        Candidature.objects.select_for_update(of=("self",))
        .select_related("organisation", "version__produit", "vague", "dsr")
        .get(pk=candidature.pk)
    )


def _stocker_pdf(data: bytes, *, nom: str, candidature: Candidature, by) -> Fichier:
    return enregistrer_fichier(
        ContentFile(data, name=nom),
        categories=(PDF,),
        organisation=candidature.organisation,
        produit=candidature.version.produit,
        by=by,
    )


def _lire_intact(fichier: Fichier, sha256: str) -> bytes:
    """The bytes of a stored document, refusing to go on if they no longer match their SHA-256."""
    with fichier.fichier.open("rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != sha256 or fichier.sha256 != sha256:
        logger.error("Stored document %s does not match its recorded SHA-256", fichier.pk)
        raise DomainError("Le document enregistré ne correspond plus à son empreinte SHA-256 : signature impossible.")
    return data


def _changer_statut_convention(convention: Convention, *, to: str) -> None:
    if to not in CONVENTION_TRANSITIONS.get(convention.statut, set()):
        raise TransitionInterdite(
            f"La convention ne peut pas passer de « {ConventionStatus(convention.statut).label} » "
            f"à « {ConventionStatus(to).label} »."
        )
    convention.statut = to


# --- Templates ------------------------------------------------------------------------------


@transaction.atomic
def enregistrer_modele_convention(*, vague: Vague, titre: str, corps: str, actif: bool = True, by) -> ModeleConvention:
    """Save a convention template as a new version of the wave's templates (never an update).

    An active new version deactivates the previous one. Raises DomainError for an invalid template.
    """
    require(by, "conventions.manage_modele")
    documents.verifier_gabarit(corps)
    Vague.objects.select_for_update().get(pk=vague.pk)  # serialises version numbers of the wave
    version = (ModeleConvention.objects.filter(vague=vague).aggregate(v=Max("version"))["v"] or 0) + 1
    if actif:
        ModeleConvention.objects.filter(vague=vague, actif=True).update(actif=False)
    modele = ModeleConvention.objects.create(vague=vague, version=version, titre=titre, corps=corps, actif=actif, cree_par=by)
    journaliser("modele_convention_enregistre", acteur=by, cible=f"modele_convention:{modele.pk}", details={"version": version})
    return modele


# --- Convention -----------------------------------------------------------------------------


@transaction.atomic
def preparer_convention(candidature: Candidature, *, by) -> Convention:
    """Render the convention from the wave's active template, store its PDF and ask the editor to sign.

    Only when every requested proof is validated (preuves_validees); once per candidature.
    Candidature -> convention_a_signer. Raises PermissionRefusee, TransitionInterdite, DomainError.
    """
    require(by, "conventions.prepare_convention", candidature)
    c = _verrouiller(candidature)
    existante = Convention.objects.filter(candidature=c).first()
    if existante is not None:
        if existante.statut == ConventionStatus.SIGNEE:
            raise TransitionInterdite(
                "La convention de cette candidature est déjà signée : elle reste valable et la candidature "
                "peut être inscrite directement à une session du collège."
            )
        raise TransitionInterdite("La convention de cette candidature est déjà préparée.")
    if c.statut != S.PREUVES_VALIDEES:
        raise TransitionInterdite(
            "La convention ne peut être préparée qu'une fois toutes les preuves validées "
            f"(statut actuel : « {S(c.statut).label} »)."
        )
    restantes = c.preuves_demandees.exclude(statut=PreuveStatus.CONFORME).count()
    if restantes:
        raise TransitionInterdite(f"La convention ne peut pas être préparée : {restantes} preuve(s) ne sont pas conformes.")
    modele = ModeleConvention.objects.filter(vague=c.vague, actif=True).first()
    if modele is None:
        raise DomainError(f"Aucun modèle de convention actif pour la {c.vague} : un administrateur doit en enregistrer un.")
    now = timezone.now()
    data = signature.rendre_pdf(documents.html_convention(c, modele, date=now))
    fichier = _stocker_pdf(data, nom=f"convention-{c.reference}.pdf", candidature=c, by=by)
    convention = Convention.objects.create(
        candidature=c, modele=modele, pdf=fichier, pdf_sha256=fichier.sha256, prepared_by=by, prepared_at=now
    )
    changer_statut(
        candidature,
        to=S.CONVENTION_A_SIGNER,
        by=by,
        action="convention_preparee",
        message=(
            "La convention de référencement est prête. Le signataire habilité de votre organisation doit la lire "
            "puis la signer électroniquement dans Convergence."
        ),
        details={"message_auto": True, "lien": _lien(c), "convention": convention.pk, "sha256": fichier.sha256},
    )
    return convention


def _verrouiller_convention(convention: Convention) -> Convention:
    return (
        Convention.objects.select_for_update(of=("self",))
        .select_related("candidature__organisation", "candidature__version__produit", "pdf", "pdf_signe_editeur")
        .get(pk=convention.pk)
    )


def _signer(conv: Convention, *, role: str, source: bytes, by, adresse_ip, consentement: str = "") -> tuple[Fichier, Signature]:
    c = conv.candidature
    if role == RoleSignature.EDITEUR:
        champ, raison = signature.CHAMP_EDITEUR, RAISON_EDITEUR
        nom = f"{by.get_full_name() or by.username} ({c.organisation.raison_sociale})"
        suffixe = "signee-editeur"
    else:
        champ, raison = signature.CHAMP_ANS, RAISON_ANS
        nom = f"{by.get_full_name() or by.username} (Agence du Numérique en Santé)"
        suffixe = "signee"
    data = signature.signer_pdf(source, champ=champ, raison=raison, nom=nom)
    fichier = _stocker_pdf(data, nom=f"convention-{c.reference}-{suffixe}.pdf", candidature=c, by=by)
    sig = Signature.objects.create(
        convention=conv,
        role=role,
        signataire=by,
        signe_le=timezone.now(),
        adresse_ip=adresse_ip or None,
        sha256=fichier.sha256,
        consentement=consentement,
    )
    return fichier, sig


@transaction.atomic
def signer_convention_editeur(convention: Convention, *, by, consentement: bool, adresse_ip: str | None) -> Signature:
    """The editor's authorised signatory signs the convention, once, after explicit consent.

    Convention -> signee_editeur; records who, when, the IP address, the consent text and the
    SHA-256 of the signed PDF. Raises PermissionRefusee (no `signer` right), DomainError (no
    consent, field "consentement"), TransitionInterdite (already signed).
    """
    require(by, "conventions.sign_convention", convention.candidature)
    conv = _verrouiller_convention(convention)
    if not consentement:
        raise DomainError("Cochez la case de consentement pour signer la convention.", field="consentement")
    if conv.statut != ConventionStatus.PREPAREE:
        raise TransitionInterdite("La convention a déjà été signée par l'éditeur : elle ne se signe qu'une fois.")
    c = conv.candidature
    if c.statut != S.CONVENTION_A_SIGNER:
        raise TransitionInterdite(f"La convention ne peut pas être signée (statut de la candidature : « {S(c.statut).label} »).")
    _changer_statut_convention(conv, to=ConventionStatus.SIGNEE_EDITEUR)
    texte = CONSENTEMENT.format(organisation=c.organisation.raison_sociale)
    fichier, sig = _signer(
        conv, role=RoleSignature.EDITEUR, source=_lire_intact(conv.pdf, conv.pdf_sha256), by=by,
        adresse_ip=adresse_ip, consentement=texte,
    )
    conv.pdf_signe_editeur, conv.pdf_signe_editeur_sha256 = fichier, fichier.sha256
    conv.save(update_fields=["statut", "pdf_signe_editeur", "pdf_signe_editeur_sha256", "updated_at"])
    journaliser(
        "convention_signee_editeur",
        acteur=by,
        candidature=c,
        cible=f"convention:{conv.pk}",
        avant=ConventionStatus.PREPAREE,
        apres=ConventionStatus.SIGNEE_EDITEUR,
        message=(
            f"La convention a été signée par {by.get_full_name() or by.username} pour {c.organisation.raison_sociale}. "
            "Elle attend la contre-signature de l'ANS."
        ),
        details={"message_auto": True, "lien": _lien(c), "sha256": fichier.sha256, "adresse_ip": adresse_ip or ""},
    )
    convention.refresh_from_db()
    return sig


@transaction.atomic
def contresigner_convention(convention: Convention, *, by, adresse_ip: str | None) -> Signature:
    """The agency countersigns the editor-signed convention. Convention -> signee; candidature ->
    convention_signee (it may now go to the college). Raises PermissionRefusee, TransitionInterdite."""
    require(by, "conventions.countersign_convention", convention.candidature)
    conv = _verrouiller_convention(convention)
    if conv.statut == ConventionStatus.PREPAREE:
        raise TransitionInterdite("La convention doit d'abord être signée par l'éditeur.")
    if conv.statut == ConventionStatus.SIGNEE:
        raise TransitionInterdite("La convention est déjà contresignée.")
    _changer_statut_convention(conv, to=ConventionStatus.SIGNEE)
    fichier, sig = _signer(
        conv, role=RoleSignature.ANS, source=_lire_intact(conv.pdf_signe_editeur, conv.pdf_signe_editeur_sha256),
        by=by, adresse_ip=adresse_ip,
    )
    conv.pdf_signe, conv.pdf_signe_sha256 = fichier, fichier.sha256
    conv.save(update_fields=["statut", "pdf_signe", "pdf_signe_sha256", "updated_at"])
    changer_statut(
        conv.candidature,
        to=S.CONVENTION_SIGNEE,
        by=by,
        action="convention_contresignee",
        message=(
            "L'ANS a contresigné la convention de référencement. Le document signé par les deux parties est "
            "disponible ; la candidature sera présentée au collège de référencement."
        ),
        details={"message_auto": True, "lien": _lien(conv.candidature), "sha256": fichier.sha256},
    )
    convention.refresh_from_db()
    return sig


# --- College --------------------------------------------------------------------------------


@transaction.atomic
def creer_session_college(*, date: datetime, lieu: str = "", membres: str = "", by) -> SessionCollege:
    """Schedule a session of the collège de référencement."""
    require(by, "conventions.manage_college")
    session = SessionCollege.objects.create(date=date, lieu=lieu.strip(), membres=membres.strip(), cree_par=by)
    journaliser(
        "college_session_creee", acteur=by, cible=f"session_college:{session.pk}",
        message=f"Session du collège de référencement du {date_locale(date)} créée.",
    )
    return session


@transaction.atomic
def inscrire_a_session(session: SessionCollege, candidature: Candidature, *, by) -> InscriptionCollege:
    """Put a candidature on a session's agenda. Candidature -> en_college.

    Needs a convention signed by both parties, and: convention_signee; or preuves_validees again
    after a redeposit (the convention stays signed, it is not signed twice); or non_referencee
    when every requested proof is conforme. Raises PermissionRefusee, TransitionInterdite, DomainError.
    """
    require(by, "conventions.manage_college", candidature)
    c = _verrouiller(candidature)
    session = SessionCollege.objects.select_for_update().get(pk=session.pk)
    convention = Convention.objects.filter(candidature=c).first()
    if convention is None or convention.statut != ConventionStatus.SIGNEE:
        raise TransitionInterdite(
            "Une candidature ne peut être présentée au collège qu'après la signature de la convention "
            "par l'éditeur et sa contre-signature par l'ANS."
        )
    if c.statut == S.NON_REFERENCEE:
        if c.preuves_demandees.exclude(statut=PreuveStatus.CONFORME).exists():
            raise TransitionInterdite("Des preuves visées par les réserves ne sont pas encore conformes.")
    elif c.statut not in (S.CONVENTION_SIGNEE, S.PREUVES_VALIDEES):
        raise TransitionInterdite(f"La candidature ne peut pas être inscrite au collège (statut « {S(c.statut).label} »).")
    if InscriptionCollege.objects.filter(session=session, candidature=c).exists():
        raise DomainError("La candidature est déjà à l'ordre du jour de cette session.")
    position = (session.inscriptions.aggregate(p=Max("position"))["p"] or 0) + 1
    inscription = InscriptionCollege.objects.create(session=session, candidature=c, position=position, inscrit_par=by)
    changer_statut(
        candidature,
        to=S.EN_COLLEGE,
        by=by,
        action="college_inscription",
        message=f"Votre candidature est inscrite à l'ordre du jour du collège de référencement du {date_locale(session.date)}.",
        details={"message_auto": True, "lien": _lien(c), "session": session.pk},
    )
    return inscription


def _prefixe(candidature: Candidature) -> str:
    dsr = re.sub(r"[^A-Z0-9]+", "", candidature.dsr.code.upper())[:12] or "DSR"
    return f"SEGUR-V{candidature.vague.numero}-{dsr}"


@transaction.atomic
def attribuer_numero(candidature: Candidature, *, decision: Decision | None, by) -> NumeroReferencement:
    """Give the next referencing number of the candidature's prefix (e.g. SEGUR-V2-DPI-0001).

    The prefix's counter row is locked and only incremented, and every number is kept in the
    register, so a number is given once and never again (even if its decision is deleted)."""
    prefixe = _prefixe(candidature)
    CompteurReferencement.objects.get_or_create(prefixe=prefixe)
    compteur = CompteurReferencement.objects.select_for_update().get(prefixe=prefixe)
    compteur.dernier += 1
    compteur.save(update_fields=["dernier"])
    numero = NumeroReferencement.objects.create(
        numero=f"{prefixe}-{compteur.dernier:04d}", candidature=candidature, decision=decision, attribue_par=by
    )
    Candidature.objects.filter(pk=candidature.pk).update(numero_referencement=numero.numero)
    candidature.numero_referencement = numero.numero
    return numero


def _attestation(c: Candidature, *, numero: str, session: SessionCollege, by) -> Fichier:
    html = documents.html_attestation(c, numero=numero, session=session, date=timezone.now())
    data = signature.signer_pdf(
        signature.rendre_pdf(html), champ=signature.CHAMP_ANS, raison=RAISON_ATTESTATION,
        nom="Agence du Numérique en Santé",
    )
    return _stocker_pdf(data, nom=f"attestation-{numero}.pdf", candidature=c, by=by)


@transaction.atomic
def decider(
    candidature: Candidature,
    *,
    session: SessionCollege,
    resultat: str,
    motifs: str = "",
    reserves: list[tuple[PreuveDemandee | None, str]] = (),
    by,
) -> Decision:
    """Record the college's decision on a candidature of the session's agenda.

    Attribution: a referencing number and a signed attestation PDF; candidature -> referencee.
    Non-attribution: at least one blocking reservation (on a proof of the candidature or general),
    each with its reason; candidature -> non_referencee, and before Date N°3 the reserved proofs
    are reopened for a redeposit (see autoriser_redepot). The editor is told through the journal.
    """
    require(by, "conventions.manage_college", candidature)
    c = _verrouiller(candidature)
    if resultat not in ResultatDecision.values:
        raise DomainError("Choisissez le résultat de la décision.", field="resultat")
    if c.statut != S.EN_COLLEGE:
        raise TransitionInterdite(f"Seule une candidature en collège peut recevoir une décision (statut « {S(c.statut).label} »).")
    if not InscriptionCollege.objects.filter(session=session, candidature=c).exists():
        raise DomainError("La candidature n'est pas à l'ordre du jour de cette session.")
    reserves = [(preuve, (motif or "").strip()) for preuve, motif in reserves]
    if resultat == ResultatDecision.ATTRIBUTION and reserves:
        raise DomainError("Une attribution du référencement ne comporte pas de réserve bloquante.", field="reserves")
    if resultat == ResultatDecision.NON_ATTRIBUTION and not reserves:
        raise DomainError("Une non-attribution doit comporter au moins une réserve bloquante et son motif.", field="reserves")
    for preuve, motif in reserves:
        if not motif:
            raise DomainError("Chaque réserve bloquante doit indiquer son motif.", field="reserves")
        if preuve is not None and preuve.candidature_id != c.pk:
            raise DomainError("Une réserve vise une preuve qui n'appartient pas à cette candidature.", field="reserves")
    decision = Decision.objects.create(candidature=c, session=session, resultat=resultat, motifs=motifs.strip(), created_by=by)
    Reserve.objects.bulk_create([Reserve(decision=decision, preuve_demandee=p, motif=m) for p, m in reserves])
    details = {"message_auto": True, "lien": _lien(c), "decision": decision.pk, "session": session.pk}
    if resultat == ResultatDecision.ATTRIBUTION:
        numero = attribuer_numero(c, decision=decision, by=by)
        decision.attestation = _attestation(c, numero=numero.numero, session=session, by=by)
        decision.save(update_fields=["attestation"])
        changer_statut(
            candidature,
            to=S.REFERENCEE,
            by=by,
            action="college_attribution",
            message=(
                f"Le collège de référencement a attribué le référencement à {c.version} ({c.dsr.code}). "
                f"Numéro de référencement : {numero.numero}. L'attestation de référencement est disponible."
            ),
            details={**details, "numero": numero.numero},
        )
        candidature.numero_referencement = numero.numero
        return decision
    liste = "\n".join(
        f"- {preuve.preuve_attendue.numero if preuve else 'Réserve générale'} : {motif}" for preuve, motif in reserves
    )
    redepot = any(p is not None for p, _m in reserves) and not est_depassee(c.vague, 3)
    suite = (
        f"Vous pouvez redéposer les preuves non conformes jusqu'à la Date N°3 ({date_locale(date_limite(c.vague, 3))})."
        if redepot
        else "Aucun redépôt de preuve n'est possible pour cette décision."
    )
    changer_statut(
        candidature,
        to=S.NON_REFERENCEE,
        by=by,
        action="college_non_attribution",
        message=f"Le collège de référencement n'a pas attribué le référencement. Réserves bloquantes :\n{liste}\n{suite}",
        details=details,
    )
    if redepot:
        autoriser_redepot(candidature, by=by)
    return decision


@transaction.atomic
def autoriser_redepot(candidature: Candidature, *, by) -> list[PreuveDemandee]:
    """After a non-attribution, before Date N°3 only: candidature -> preuves and the proofs named by
    the last decision's reservations reopened (non_conforme, their chapters en_attente_editeur).

    Raises DateDepassee after Date N°3, TransitionInterdite/DomainError otherwise."""
    require(by, "conventions.manage_college", candidature)
    c = _verrouiller(candidature)
    if c.statut != S.NON_REFERENCEE:
        raise TransitionInterdite("Le redépôt n'est ouvert qu'après une non-attribution du référencement.")
    exiger_avant(c.vague, 3, "redéposer les preuves non conformes")
    decision = c.decisions.order_by("-created_at", "-id").first()
    if decision is None:
        raise DomainError("Aucune décision du collège n'est enregistrée pour cette candidature.")
    preuves = [
        r.preuve_demandee
        for r in decision.reserves.select_related("preuve_demandee__dossier", "preuve_demandee__preuve_attendue")
        if r.preuve_demandee is not None
    ]
    if not preuves:
        raise DomainError("Aucune réserve ne vise une preuve : il n'y a rien à redéposer.")
    changer_statut(
        candidature,
        to=S.PREUVES,
        by=by,
        action="college_redepot_ouvert",
        message=(
            f"Les preuves visées par les réserves du collège sont rouvertes : redéposez-les avant la "
            f"{LIBELLES[3]} ({date_locale(date_limite(c.vague, 3))}). Elles seront de nouveau analysées, puis la "
            "candidature sera présentée à une prochaine session du collège (la convention signée reste valable)."
        ),
        details={"message_auto": True, "lien": _lien(c), "preuves": [p.pk for p in preuves]},
    )
    rouvrir_preuves_non_conformes(c, preuves=preuves, by=by)
    Decision.objects.filter(pk=decision.pk).update(redepot_ouvert=True)
    return preuves

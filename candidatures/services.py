"""Services of the candidature (phase 1): every action a user or a job can take on it.

The drafting of the two steps lives in `saisie` and is re-exported here.

Each service checks rights (comptes.policy), the wave's dates at the moment of the action, runs
in one transaction with the candidature's row locked, and writes a journal event. Statuses
change only through `changer_statut` and its transition table.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comptes.errors import DateDepassee, DomainError, TransitionInterdite
from comptes.policy import is_agent, require
from convergence.dates import date_locale

from .completude import manquants
from .dates import exiger_avant
from .enums import (
    CANDIDATURE_TRANSITIONS,
    STATUTS_DOSSIER_EDITABLE,
    CandidatureStatus,
    EtapeStatus,
)
from .journal import journaliser
from .models import DSR, Candidature, CandidatureAdministrative, Eligibilite
from .saisie import (
    ETAPES,
    date_limite_dossier,
    enregistrer_administrative,
    enregistrer_eligibilite,
    refus_modification,
    verrouiller,
    verrouiller_etape,
)
from .signals import dossier_administratif_valide

__all__ = [
    "abandonner",
    "assigner_referent",
    "changer_statut",
    "demander_complement",
    "demarrer_candidature",
    "enregistrer_administrative",
    "enregistrer_eligibilite",
    "manquants",
    "marquer_hors_delai",
    "refus_modification",
    "refus_soumission",
    "soumettre_dossier",
    "valider_dossier",
]

S = CandidatureStatus

@transaction.atomic
def changer_statut(
    candidature: Candidature | int,
    *,
    to: str,
    by=None,
    action: str = "statut_change",
    message: str = "",
    details: dict | None = None,
    le: datetime | None = None,
) -> Candidature:
    """Move a candidature along its transition table, and journal it (at `le`, the moment of
    the action, when given).

    Locks the row; raises TransitionInterdite when the edge is not in CANDIDATURE_TRANSITIONS.
    Rights and dates are the caller's (the service of the action) to check before.
    """
    pk = candidature if isinstance(candidature, int) else candidature.pk
    c = Candidature.objects.select_for_update().get(pk=pk)
    if to not in CANDIDATURE_TRANSITIONS.get(c.statut, set()):
        raise TransitionInterdite(
            f"La candidature ne peut pas passer de « {S(c.statut).label} » à « {S(to).label} »."
        )
    avant, c.statut = c.statut, to
    c.updated_at = le or timezone.now()
    c.save(update_fields=["statut", "updated_at"])
    journaliser(
        action, acteur=by, candidature=c, cible=f"candidature:{c.pk}", avant=avant, apres=to,
        message=message, details=details, le=le,
    )
    if not isinstance(candidature, int):
        candidature.statut = c.statut
        candidature.updated_at = c.updated_at
    return c


@transaction.atomic
def demarrer_candidature(*, version, dsr: DSR, by, charte_acceptee: bool, now: datetime | None = None) -> Candidature:
    """Start a candidature of `version` for `dsr` (and its wave) once the charter is accepted.

    Records who accepted the charter and when, creates both steps, pre-fills the administrative
    step from the organisation and the user, and pre-checks the mandatory (Général) profiles.
    Raises PermissionRefusee (no `contribuer` right), DomainError (charter not accepted, wave
    closed, candidature already open), DateDepassee (after Date N°1: it could never be submitted).
    `now` is for tests; it defaults to the server time.
    """
    produit = version.produit
    require(by, "candidatures.add_candidature", produit)
    if not charte_acceptee:
        raise DomainError(
            "Vous devez accepter la charte de référencement pour démarrer une candidature.", field="charte_acceptee"
        )
    vague = dsr.vague
    if not vague.active:
        raise DomainError(f"La {vague} n'est pas ouverte aux candidatures.", field="dsr")
    exiger_avant(vague, 1, "démarrer une candidature", now=now)
    now = now or timezone.now()
    organisation = produit.organisation
    try:
        with transaction.atomic():
            c = Candidature.objects.create(
                organisation=organisation, version=version, vague=vague, dsr=dsr, statut=S.BROUILLON,
                charte_acceptee_par=by, charte_acceptee_le=now, cree_par=by,
            )
    except IntegrityError:
        raise DomainError(
            f"Une candidature est déjà en cours pour {version} sur le DSR {dsr.code} ({vague}).", field="dsr"
        ) from None
    CandidatureAdministrative.objects.create(
        candidature=c,
        raison_sociale=organisation.raison_sociale,
        siren=organisation.siren,
        siret=organisation.siret,
        adresse=organisation.adresse,
        contact_nom=by.get_full_name(),
        contact_email=by.email,
        contact_telephone=by.telephone,
        modifie_par=by,
    )
    eligibilite = Eligibilite.objects.create(candidature=c, modifie_par=by)
    eligibilite.profils.set(dsr.profils.filter(obligatoire=True))
    journaliser(
        "candidature_demarree", acteur=by, candidature=c, cible=f"candidature:{c.pk}", apres=S.BROUILLON,
        message=f"Charte de référencement de la {vague} acceptée par {by} le {date_locale(now)}.",
        details={"charte_acceptee_le": now.isoformat()},
    )
    return c


def refus_soumission(c: Candidature, *, now: datetime | None = None):
    """Why the dossier may not be submitted now (status, date, what is missing), or None.

    Rights are not checked here (see `candidatures.submit_candidature`).
    """
    if c.statut not in STATUTS_DOSSIER_EDITABLE:
        return TransitionInterdite(
            f"Le dossier ne peut pas être soumis : la candidature est « {S(c.statut).label} »."
        )
    try:
        exiger_avant(c.vague, date_limite_dossier(c), "soumettre le dossier administratif", now=now)
    except DateDepassee as exc:
        return exc
    manque = manquants(c)
    if manque:
        return DomainError("Le dossier est incomplet. " + " ; ".join(manque) + ".")
    return None


@transaction.atomic
def soumettre_dossier(candidature: Candidature, *, by, now: datetime | None = None) -> Candidature:
    """Submit the administrative dossier (both steps) for instruction.

    A never-submitted candidature can be submitted up to Date N°1 included; one reopened by the
    agency up to Date N°3. Both steps must be complete (see `manquants`). Raises
    PermissionRefusee (no `soumettre` right), TransitionInterdite, DateDepassee, DomainError.
    """
    c = verrouiller(candidature)
    require(by, "candidatures.submit_candidature", c)
    now = now or timezone.now()  # the moment of the action: checked against the dates and journalled
    refus = refus_soumission(c, now=now)
    if refus is not None:
        raise refus
    premiere = c.premiere_soumission_le is None
    for modele in ETAPES.values():
        modele.objects.filter(candidature=c).update(statut=EtapeStatus.SOUMISE, updated_at=now)
    c.premiere_soumission_le = c.premiere_soumission_le or now
    c.dossier_soumis_le = now
    c.save(update_fields=["premiere_soumission_le", "dossier_soumis_le", "updated_at"])
    return changer_statut(
        c, to=S.DOSSIER_SOUMIS, by=by, action="dossier_soumis" if premiere else "dossier_resoumis", le=now
    )


@transaction.atomic
def demander_complement(
    candidature: Candidature, *, etape: str, message: str, by, now: datetime | None = None
) -> Candidature:
    """The instructor asks for a complement on one step ("administrative" or "eligibilite").

    The step reopens for the editor; the candidature goes to complement_demande (or stays there
    when another step was already reopened). The message is journalled with `message_auto` so
    that the messaging app posts it in the candidature's thread and notifies the editors.
    Raises PermissionRefusee, DomainError (no message, unknown step), TransitionInterdite, DateDepassee.
    """
    c = verrouiller(candidature)
    require(by, "candidatures.instruct_candidature", c)
    if etape not in ETAPES:
        raise DomainError("Choisissez l'étape sur laquelle porte la demande de complément.", field="etape")
    message = (message or "").strip()
    if not message:
        raise DomainError("Écrivez le message expliquant le complément demandé.", field="message")
    if c.statut not in (S.DOSSIER_SOUMIS, S.COMPLEMENT_DEMANDE):
        raise TransitionInterdite(
            f"Aucun complément ne peut être demandé : la candidature est « {S(c.statut).label} »."
        )
    exiger_avant(c.vague, 3, "demander un complément", now=now)
    ligne = verrouiller_etape(ETAPES[etape], c)
    ligne.statut = EtapeStatus.COMPLEMENT_DEMANDE
    ligne.save(update_fields=["statut", "updated_at"])
    details = {"message_auto": True, "lien": reverse(f"candidatures:{etape}", args=[c.pk]), "etape": etape}
    if c.statut == S.DOSSIER_SOUMIS:
        return changer_statut(c, to=S.COMPLEMENT_DEMANDE, by=by, action="complement_demande", message=message, details=details)
    journaliser(
        "complement_demande", acteur=by, candidature=c, cible=f"{etape}:{ligne.pk}", avant=c.statut,
        apres=c.statut, message=message, details=details,
    )
    return c


@transaction.atomic
def valider_dossier(candidature: Candidature, *, by) -> Candidature:
    """The instructor validates the administrative dossier: phase 2 (proofs) opens.

    Sends `dossier_administratif_valide` synchronously, inside the transaction (the phase-2 app
    creates the requested proofs). Raises PermissionRefusee, TransitionInterdite.
    """
    c = verrouiller(candidature)
    require(by, "candidatures.instruct_candidature", c)
    if c.statut != S.DOSSIER_SOUMIS:
        raise TransitionInterdite(
            f"Seul un dossier soumis peut être validé : la candidature est « {S(c.statut).label} »."
        )
    now = timezone.now()
    for modele in ETAPES.values():
        modele.objects.filter(candidature=c).update(statut=EtapeStatus.VALIDEE, updated_at=now)
    c.dossier_valide_le = now
    c.save(update_fields=["dossier_valide_le", "updated_at"])
    c = changer_statut(c, to=S.PREUVES, by=by, action="dossier_valide")
    dossier_administratif_valide.send(sender=Candidature, candidature=c, by=by)
    return c


@transaction.atomic
def assigner_referent(candidature: Candidature, *, referent, by) -> Candidature:
    """Name the ANS agent who is the editor's contact for this candidature (shown to the editor)."""
    c = verrouiller(candidature)
    require(by, "candidatures.assign_referent", c)
    if referent is None or not is_agent(referent):
        raise DomainError("Le référent doit être un agent de l'ANS.", field="referent")
    c.referent = referent
    c.save(update_fields=["referent", "updated_at"])
    journaliser(
        "referent_assigne", acteur=by, candidature=c, cible=f"candidature:{c.pk}",
        message=f"Votre référent ANS pour cette candidature : {referent}.", details={"referent": referent.pk},
    )
    return c


@transaction.atomic
def abandonner(candidature: Candidature, *, by) -> Candidature:
    """The editor withdraws the candidature (needs the `soumettre` right). Final."""
    c = verrouiller(candidature)
    require(by, "candidatures.abandon_candidature", c)
    return changer_statut(c, to=S.ABANDONNEE, by=by, action="candidature_abandonnee")


def marquer_hors_delai(now: datetime | None = None) -> int:
    """Mark as hors délai what a passed date makes late; return how many were marked.

    Never submitted by Date N°1 (brouillon), or reopened by the agency and not resubmitted by
    Date N°3. Idempotent: a second run finds nothing. The services refuse late actions by
    themselves; this job only makes the status say so.
    """
    now = now or timezone.now()
    en_retard = [
        (S.BROUILLON, "vague__date1__lt", "Dossier administratif non soumis à la Date N°1."),
        (S.COMPLEMENT_DEMANDE, "vague__date3__lt", "Complément non fourni à la Date N°3."),
    ]
    marquees = 0
    for statut, filtre, message in en_retard:
        for pk in Candidature.objects.filter(statut=statut, **{filtre: now}).values_list("pk", flat=True):
            with transaction.atomic():
                # Checked again under the lock: its status may have changed since the query.
                verrou = Candidature.objects.select_for_update(of=("self",)).filter(pk=pk, statut=statut, **{filtre: now})
                if verrou.first() is not None:
                    changer_statut(pk, to=S.HORS_DELAI, action="hors_delai", message=message)
                    marquees += 1
    return marquees

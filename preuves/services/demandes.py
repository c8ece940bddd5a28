"""The proofs requested of a candidature, from its DSR's catalogue, profiles and Vague 1 status."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from candidatures.dates import est_depassee
from candidatures.enums import CandidatureStatus
from candidatures.journal import journaliser
from candidatures.models import Candidature
from candidatures.services import changer_statut
from convergence.dates import date_locale

from ..models import DossierChapitre, PreuveDemandee
from ..selectors import preuves_attendues_applicables
from ..transitions import changer_statut_chapitre
from ._commun import C, P, lien_candidature, lien_chapitre


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
            details={"message_auto": True, "lien": lien_chapitre(dossier)},
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
            details={**counts, "lien": lien_candidature(c)},
        )
    return counts


def generer_preuves_demandees(candidature: Candidature, *, by=None) -> dict[str, int]:
    """Create the requested proofs when the administrative dossier is validated (idempotent)."""
    return synchroniser_preuves_demandees(candidature, by=by)


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
            quand = date_locale(c.vague.date2)
            changer_statut(
                c, to=CandidatureStatus.HORS_DELAI, action="hors_delai_date2",
                message=f"Le dossier complet de preuves n'a pas été soumis avant la Date N°2 ({quand}) : la candidature est hors délai.",
                details={"message_auto": True, "lien": lien_candidature(c)},
            )
            marquees += 1
    return marquees

"""Reminders before the waves' three dates and the Interop visits.

Each reminder is journalled (so it is in the candidature's history) and notified to its editors
through the same path as every event. A RappelEnvoye row, unique per (candidature, date, delay)
or (visit, delay), makes it happen once even when the job runs twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone

from candidatures.dates import LIBELLES
from candidatures.enums import CandidatureStatus, EtapeStatus
from candidatures.journal import journaliser
from candidatures.models import Candidature, Vague
from convergence.dates import date_locale
from preuves.enums import ChapitreStatus, PreuveStatus
from preuves.models import DossierChapitre, PreuveDemandee, VisiteInterop

from .models import RappelEnvoye
from .notifications import ACTION_RAPPEL
from .services import lien_candidature

S = CandidatureStatus
VISITE_DELAIS = (7, 1)
STATUTS_CLOS = {S.REFERENCEE, S.HORS_DELAI, S.ABANDONNEE}
PREUVES_A_REFAIRE = (PreuveStatus.NON_CONFORME, PreuveStatus.A_COMPLETER)
ETAPES_FAITES = {EtapeStatus.COMPLETE, EtapeStatus.SOUMISE, EtapeStatus.VALIDEE}


def _dans(jours: int) -> str:
    if jours <= 0:
        return "aujourd'hui"
    return "demain" if jours == 1 else f"dans {jours} jours"


def delai_du(jours_restants: int, delais) -> int | None:
    """The most urgent reminder delay reached `jours_restants` calendar days before a date."""
    dus = [d for d in delais if jours_restants <= d]
    return min(dus) if dus else None


def _liste(codes: list[str]) -> str:
    return ", ".join(codes)


def _date1(vague: Vague) -> Iterator[tuple[Candidature, str]]:
    qs = Candidature.objects.filter(vague=vague, statut=S.BROUILLON).select_related(
        "administrative", "eligibilite", "vague"
    )
    for c in qs:
        etapes = []
        if getattr(c, "administrative", None) is None or c.administrative.statut not in ETAPES_FAITES:
            etapes.append("la candidature administrative")
        if getattr(c, "eligibilite", None) is None or c.eligibilite.statut not in ETAPES_FAITES:
            etapes.append("le formulaire d'éligibilité")
        reste = f" Reste à compléter : {' et '.join(etapes)}." if etapes else ""
        yield c, f"Votre dossier administratif n'a pas encore été soumis.{reste}"


def _dossiers(qs):
    return qs.prefetch_related(
        Prefetch(
            "dossiers_chapitre",
            queryset=DossierChapitre.objects.select_related("chapitre").order_by("chapitre__ordre", "chapitre__code"),
        )
    ).select_related("vague")


def _date2(vague: Vague) -> Iterator[tuple[Candidature, str]]:
    qs = _dossiers(Candidature.objects.filter(vague=vague, statut=S.PREUVES, preuves_completes_le__isnull=True))
    for c in qs:
        a_soumettre = [d.chapitre.code for d in c.dossiers_chapitre.all() if d.statut == ChapitreStatus.A_COMPLETER]
        reste = f" Chapitres à soumettre : {_liste(a_soumettre)}." if a_soumettre else ""
        yield c, f"Votre dossier complet de preuves n'a pas encore été soumis.{reste}"


def _date3(vague: Vague) -> Iterator[tuple[Candidature, str]]:
    qs = _dossiers(Candidature.objects.filter(vague=vague, statut__in=[S.PREUVES, S.NON_REFERENCEE]))
    a_refaire = dict(
        PreuveDemandee.objects.filter(candidature__in=qs.values("pk"), statut__in=PREUVES_A_REFAIRE)
        .values_list("candidature_id")
        .annotate(n=Count("pk"))
    )
    for c in qs:
        non_valides = [d for d in c.dossiers_chapitre.all() if d.statut != ChapitreStatus.VALIDE]
        n = a_refaire.get(c.pk, 0)
        if not non_valides and not n:
            continue
        parties = []
        if non_valides:
            chapitres = _liste([f"{d.chapitre.code} ({ChapitreStatus(d.statut).label.lower()})" for d in non_valides])
            parties.append(f"Chapitres non encore validés : {chapitres}.")
        if n:
            parties.append(f"Preuves à redéposer : {n}.")
        yield c, " ".join(["Après cette date, plus aucune preuve ne pourra être déposée.", *parties])


A_FAIRE = {1: _date1, 2: _date2, 3: _date3}
OBJETS = {
    1: "date limite de soumission du dossier administratif",
    2: "date limite de soumission du dossier complet de preuves",
    3: "fin des échanges avec l'ANS",
}


@transaction.atomic
def _rappeler(candidature: Candidature, *, texte: str, numero_date=None, visite=None, delai: int) -> bool:
    rappel, created = RappelEnvoye.objects.get_or_create(
        candidature=candidature, numero_date=numero_date, visite=visite, delai_jours=delai
    )
    if not created:
        return False
    rappel.evenement = journaliser(
        ACTION_RAPPEL,
        candidature=candidature,
        cible=f"visite:{visite.pk}" if visite else f"date:{numero_date}",
        message=texte,
        details={
            "lien": lien_candidature(candidature),
            "audience": "editeurs",
            "rappel": {"date": numero_date, "visite": visite.pk if visite else None, "delai": delai},
        },
    )
    rappel.save(update_fields=["evenement"])
    return True


def envoyer_rappels(*, maintenant: datetime | None = None) -> int:
    """Send the reminders due now: before each open wave's dates (settings.CONVERGENCE_REMINDER_DAYS
    calendar days before, Europe/Paris) to each candidature with something left to do for that
    date, and before each Interop visit (7 and 1 days). Returns how many were sent."""
    maintenant = maintenant or timezone.now()
    aujourd_hui = timezone.localdate(maintenant)
    delais = list(settings.CONVERGENCE_REMINDER_DAYS)
    envoyes = 0
    for vague in Vague.objects.filter(active=True):
        for numero, _, moment in vague.dates():
            if moment < maintenant:
                continue
            jours = (timezone.localdate(moment) - aujourd_hui).days
            delai = delai_du(jours, delais)
            if delai is None:
                continue
            entete = f"Rappel : la {LIBELLES[numero]} ({OBJETS[numero]}) est {_dans(jours)}, le {date_locale(moment)} (heure de Paris)."
            for candidature, quoi in A_FAIRE[numero](vague):
                envoyes += _rappeler(candidature, texte=f"{entete} {quoi}", numero_date=numero, delai=delai)
    visites = VisiteInterop.objects.filter(date_visite__gte=maintenant).exclude(candidature__statut__in=STATUTS_CLOS)
    for visite in visites.select_related("candidature__vague"):
        jours = (timezone.localdate(visite.date_visite) - aujourd_hui).days
        delai = delai_du(jours, VISITE_DELAIS)
        if delai is None:
            continue
        lieu = f" ({visite.lieu})" if visite.lieu else ""
        texte = f"Rappel : votre visite Interop a lieu {_dans(jours)}, le {date_locale(visite.date_visite)}{lieu}."
        envoyes += _rappeler(visite.candidature, texte=texte, visite=visite, delai=delai)
    return envoyes

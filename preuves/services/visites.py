"""Interop visits: planned and documented by ANS staff, shown to the editor."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from candidatures.journal import journaliser
from candidatures.models import Candidature
from comptes.fichiers import ARCHIVE, BUREAUTIQUE, PDF, enregistrer_fichier
from comptes.policy import require
from convergence.dates import date_locale

from ..models import VisiteInterop
from ._commun import lien_candidature

CATEGORIES_VISITE = (PDF, BUREAUTIQUE, ARCHIVE)


def _fichier_visite(upload, candidature, by):
    if upload is None:
        return None
    return enregistrer_fichier(
        upload, categories=CATEGORIES_VISITE, organisation=candidature.organisation,
        produit=candidature.version.produit, by=by,
    )


def _message_visite(visite: VisiteInterop, verbe: str) -> str:
    quand = date_locale(visite.date_visite, "l j F Y à H:i")
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
        details={"message_auto": True, "lien": lien_candidature(candidature) + "#visites", "date_visite": visite.date_visite.isoformat()},
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
        details={"message_auto": True, "lien": lien_candidature(c) + "#visites", "date_visite": v.date_visite.isoformat()},
    )
    return v

"""The journal: every service writes one Evenement per action. Listeners (notifications) are
told after the transaction commits, through the `evenement_enregistre` signal, so an action
that rolls back notifies nobody."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .models import Evenement

# Sent after commit with `evenement` (an Evenement). messagerie connects to it.
evenement_enregistre = Signal()


def journaliser(
    action: str,
    *,
    acteur=None,
    candidature=None,
    organisation=None,
    cible: str = "",
    avant: str = "",
    apres: str = "",
    message: str = "",
    details: dict | None = None,
    le: datetime | None = None,
) -> Evenement:
    """Append one event to the journal and announce it once the transaction commits.

    `le` is the moment of the action when its service checked a date with it (so that the
    journal never shows an action accepted before a deadline as done after it)."""
    if organisation is None and candidature is not None:
        organisation = candidature.organisation
    evenement = Evenement.objects.create(
        candidature=candidature,
        organisation=organisation,
        acteur=acteur if acteur is not None and getattr(acteur, "is_authenticated", False) else None,
        action=action,
        cible=cible,
        statut_avant=avant or "",
        statut_apres=apres or "",
        message=message,
        details=details or {},
        created_at=le or timezone.now(),
    )
    transaction.on_commit(lambda: evenement_enregistre.send(sender=Evenement, evenement=evenement))
    return evenement

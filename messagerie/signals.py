"""Reaction to the journal: automatic messages and the queuing of notifications."""

from __future__ import annotations

import logging

from django.db import transaction

from candidatures.models import Evenement

from . import services, tasks

logger = logging.getLogger(__name__)


def on_evenement_enregistre(sender, evenement: Evenement, **kwargs) -> None:
    """Sent after the action's transaction committed: write the automatic message, if asked, and
    queue the notifications. A failure here is logged, never raised into the committed action."""
    if evenement.candidature_id is None and not (evenement.details or {}).get("destinataires"):
        return
    try:
        services.ecrire_message_automatique(evenement)
        transaction.on_commit(lambda: tasks.notifier_evenement_task.delay(evenement_id=evenement.pk))
    except Exception:
        logger.exception("Notification de l'événement %s impossible", evenement.pk)

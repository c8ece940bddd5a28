"""Celery tasks of the messaging: thin wrappers, idempotent, retried on transient mail errors."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from . import notifications, rappels

TRANSIENT = (SMTPException, ConnectionError, TimeoutError)
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": 30, "retry_backoff_max": 3600, "retry_jitter": True, "max_retries": 8}


@shared_task(name="messagerie.notifier_evenement", acks_late=True, **RETRY)
def notifier_evenement_task(*, evenement_id: int) -> int:
    """Notify the users attached to a journal event's candidature (in-app + immediate e-mails)."""
    return notifications.notifier_evenement(evenement_id)


@shared_task(name="messagerie.envoyer_emails", acks_late=True, **RETRY)
def envoyer_emails_task(*, notification_ids: list[int]) -> int:
    """A batch of a large fan-out: e-mail these notifications, each once, on one SMTP connection."""
    return notifications.envoyer_emails(notification_ids)


@shared_task(name="messagerie.envoyer_resumes", acks_late=True, **RETRY)
def envoyer_resumes_task() -> int:
    """Daily: one summary e-mail per user who chose it, with their notifications not yet e-mailed."""
    return notifications.envoyer_resumes()


@shared_task(name="messagerie.envoyer_rappels", acks_late=True, **RETRY)
def envoyer_rappels_task() -> int:
    """Daily: reminders before the waves' dates and the Interop visits (once per date and delay)."""
    return rappels.envoyer_rappels()

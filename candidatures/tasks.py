"""Scheduled jobs of the candidature (Celery beat: see migration 0003 for the schedule)."""

from celery import shared_task

from .services import marquer_hors_delai


@shared_task(name="candidatures.marquer_hors_delai")
def marquer_hors_delai_task() -> int:
    """Mark as hors délai the candidatures a passed date made late. Idempotent."""
    return marquer_hors_delai()

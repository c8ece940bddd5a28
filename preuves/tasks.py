"""Scheduled jobs of phase 2 (thin wrappers around services)."""

from celery import shared_task

from . import services


@shared_task(name="preuves.marquer_dossiers_incomplets_hors_delai")
def marquer_dossiers_incomplets_hors_delai_task() -> int:
    """Daily: candidatures whose complete proof dossier missed Date N°2 become hors délai."""
    return services.marquer_dossiers_incomplets_hors_delai()

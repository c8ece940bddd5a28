"""Celery application: tasks are discovered in every installed app's tasks.py."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

app = Celery("convergence")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def ceder_aux_pages(**kwargs) -> None:
    """A worker runs below the web (settings.CONVERGENCE_WORKER_NICE, 0 to keep its priority):
    on shared cores, a fan-out's e-mails wait for the pages rather than the pages for the e-mails
    (bench/README.md, ninth pass). Set as the worker starts, before its pool processes are forked:
    they inherit it."""
    from django.conf import settings

    if settings.CONVERGENCE_WORKER_NICE > 0:
        os.nice(settings.CONVERGENCE_WORKER_NICE)

"""The messaging's periodic tasks (already installed by migration; restored here, idempotent)."""

from django_celery_beat.models import CrontabSchedule, PeriodicTask

from .schedules import installer


def load(stdout):
    names = installer(PeriodicTask, CrontabSchedule)
    stdout.write(f"Tâches périodiques : {', '.join(names)} (heure de Paris)")

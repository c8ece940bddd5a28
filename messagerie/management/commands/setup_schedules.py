from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from messagerie.schedules import installer


class Command(BaseCommand):
    help = "Installe (ou rétablit) les tâches périodiques de la messagerie dans le planning de celery beat."

    def handle(self, *args, **options):
        for name in installer(PeriodicTask, CrontabSchedule):
            self.stdout.write(f"Tâche périodique prête : {name}")

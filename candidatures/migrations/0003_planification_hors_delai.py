"""Schedule the hors-délai job every 15 minutes (django-celery-beat's database scheduler)."""

from django.db import migrations

TACHE = "candidatures.marquer_hors_delai"


def planifier(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    intervalle, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Candidatures : marquer hors délai", defaults={"task": TACHE, "interval": intervalle}
    )


def deplanifier(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TACHE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("candidatures", "0002_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(planifier, deplanifier)]

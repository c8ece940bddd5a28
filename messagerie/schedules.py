"""The periodic tasks of the messaging, in django-celery-beat's database schedule.

Installed by the data migration 0002 (so every database has them after `migrate`) and restored
by `manage.py setup_schedules` (idempotent) if an administrator changed them.
"""

TIMEZONE = "Europe/Paris"
# (PeriodicTask name, task, hour, minute)
SCHEDULES = [
    ("Rappels avant échéances", "messagerie.envoyer_rappels", 8, 0),
    # After the reminders, so that the morning's reminders are in the day's summary.
    ("Résumé quotidien des notifications", "messagerie.envoyer_resumes", 8, 30),
]


def installer(PeriodicTask, CrontabSchedule) -> list[str]:  # noqa: N803 (model classes, also historical ones)
    """Create or update the periodic tasks; returns their names."""
    for name, task, hour, minute in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=str(minute), hour=str(hour), day_of_week="*", day_of_month="*", month_of_year="*", timezone=TIMEZONE
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "interval": None, "enabled": True, "kwargs": "{}"}
        )
    return [s[0] for s in SCHEDULES]

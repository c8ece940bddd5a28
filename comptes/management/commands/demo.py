"""Load the demo data of `make run`. Idempotent: running it twice changes nothing.

Each app may have a `demo.py` with `load(stdout)`; they run in INSTALLED_APPS order, which is
the dependency order (comptes, isc, candidatures, preuves, conventions, messagerie, accompagnement).
"""

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name.count(".") or importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))

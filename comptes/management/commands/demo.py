"""Load the demo data of `make run`. Idempotent: running it twice changes nothing.

Each app may have a `demo.py` (reference data) and `demo_<topic>.py` modules (objects built on it),
each with `load(stdout)`. All `demo` modules run first, in INSTALLED_APPS order (the dependency
order: comptes, isc, candidatures, preuves, ...), then all `demo_*` modules in the same order.
"""

import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    def handle(self, *args, **options):
        for module_name in self.modules():
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))

    @staticmethod
    def modules() -> list[str]:
        ours = [c for c in apps.get_app_configs() if c.path.startswith(str(settings.BASE_DIR))]
        first = [f"{c.name}.demo" for c in ours if importlib.util.find_spec(f"{c.name}.demo")]
        then = [
            f"{c.name}.{p.stem}" for c in ours for p in sorted(Path(c.path).glob("demo_*.py"))
        ]
        return first + then

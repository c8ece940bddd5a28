"""`manage.py generate_dataset --scale S|M|L [--seed N] [--reset]`: a coherent programme at
scale, for the benchmark (bench/run.sh) and for profiling. See bench/README.md."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.dataset import SCALES, ProgrammeNonVide, generate


class Command(BaseCommand):
    help = "Génère un programme cohérent à l'échelle S, M ou L (jeu de données de performance)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="S")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reset", action="store_true", help="Supprime d'abord les données générées (organisations 999…, comptes bench-…)."
        )

    def handle(self, *args, scale, seed, reset, **options):
        started = time.monotonic()
        try:
            counts = generate(scale=scale, seed=seed, reset=reset, log=self.stdout.write)
        except ProgrammeNonVide as exc:
            raise CommandError(str(exc)) from exc
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Jeu de données {scale} (graine {seed}) prêt en {time.monotonic() - started:.1f} s."))

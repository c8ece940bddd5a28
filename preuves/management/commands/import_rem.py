"""`python manage.py import_rem FILE --dsr CODE --vague N [--dry-run]`: import a REM workbook."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from candidatures.models import DSR, Vague
from comptes.errors import DomainError
from preuves.importer import importer_rem


class Command(BaseCommand):
    help = "Importe un REM (classeur .xlsx au format Convergence) dans le catalogue d'un DSR."

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Classeur .xlsx (feuille « Exigences », 14 colonnes).")
        parser.add_argument("--dsr", required=True, help="Code du DSR (DPI, PFI, LGC, RIS…).")
        parser.add_argument("--vague", required=True, type=int, help="Numéro de la vague.")
        parser.add_argument("--dry-run", action="store_true", help="Affiche ce qui changerait, sans rien enregistrer.")

    def handle(self, *args, fichier, dsr, vague, dry_run, **options):
        chemin = Path(fichier)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {chemin}")
        vague_obj = Vague.objects.filter(numero=vague).first()
        if vague_obj is None:
            raise CommandError(f"La vague {vague} n'existe pas.")
        dsr_obj = DSR.objects.filter(vague=vague_obj, code__iexact=dsr).first()
        if dsr_obj is None:
            raise CommandError(f"Le DSR « {dsr} » n'existe pas dans la vague {vague}.")
        try:
            rapport = importer_rem(chemin, dsr=dsr_obj, dry_run=dry_run)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for anomalie in rapport.anomalies:
            self.stdout.write(str(anomalie))
        if dry_run:
            self.stdout.write(f"Simulation, rien n'est enregistré. {rapport.resume_changements}")
        elif rapport.version:
            self.stdout.write(f"Version {rapport.version} du REM {dsr_obj.code} enregistrée. {rapport.resume_changements}")
        else:
            self.stdout.write(rapport.resume_changements)
        self.stdout.write(rapport.resume)

"""Demo catalogue: the REMs of DPI, PFI, LGC and RIS for Vague 2, from the bundled workbooks."""

from pathlib import Path

from django.conf import settings

from candidatures.models import DSR

from .importer import importer_rem

DOSSIERS = [
    Path(settings.BASE_DIR) / "preuves" / "fixtures" / "referentiel",
    Path(settings.BASE_DIR).parent / "shared" / "referentiel",
]


def load(stdout):
    for code in ("DPI", "PFI", "LGC", "RIS"):
        dsr = DSR.objects.filter(vague__numero=2, code=code).first()
        chemin = next((d / f"REM_{code}_va2_brouillon.xlsx" for d in DOSSIERS if (d / f"REM_{code}_va2_brouillon.xlsx").is_file()), None)
        if dsr is None or chemin is None:
            stdout.write(f"REM {code} : ignoré ({'DSR absent' if dsr is None else 'classeur introuvable'}).")
            continue
        rapport = importer_rem(chemin, dsr=dsr)
        etat = f"version {rapport.version} importée" if rapport.version else "déjà à jour"
        stdout.write(f"REM {code} : {rapport.resume} ({etat}).")

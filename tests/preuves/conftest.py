"""Fixtures of the REM catalogue tests: the four shared workbooks and a workbook builder."""

from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

from preuves.importer import COLONNES
from tests.factories import DSRFactory

REFERENTIEL = Path(settings.BASE_DIR) / "preuves" / "fixtures" / "referentiel"


def rem(code: str) -> Path:
    return REFERENTIEL / f"REM_{code}_va2_brouillon.xlsx"


def ligne(**cellules) -> dict:
    """One proof row with sensible defaults; override cells by column name (N° preuve -> num_preuve)."""
    defaut = {
        "Périmètre": "Vague 2", "ID": "INS/IDENT.01", "Chapitre": "Identité nationale de santé",
        "Fonction": "Qualification de l'INS", "Exigence": "Le système DOIT qualifier l'INS.", "Commentaire": None,
        "Profil": "Général", "N° scénario": "INS/IDENT.01.01", "Scénario de conformité": "Qualifier une identité.",
        "N° preuve": "INS/IDENT.01.01.01", "Preuve": "Copies d'écran de la séquence", "Profil historique": None,
        "Criticité": "Majeure", "Ordre": 1,
    }
    renommage = {"num_scenario": "N° scénario", "num_preuve": "N° preuve", "scenario": "Scénario de conformité",
                 "perimetre": "Périmètre", "criticite": "Criticité", "profil": "Profil", "preuve": "Preuve",
                 "id": "ID", "chapitre": "Chapitre", "ordre": "Ordre", "exigence": "Exigence"}
    for cle, valeur in cellules.items():
        defaut[renommage.get(cle, cle)] = valeur
    return defaut


def ecrire_classeur(chemin: Path, lignes: list[dict], *, entetes=COLONNES, feuille="Exigences") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = feuille
    ws.append(list(entetes))
    for cellules in lignes:
        ws.append([cellules.get(h) for h in entetes])
    wb.save(chemin)
    return chemin


@pytest.fixture
def dsr(db):
    return DSRFactory(code="DPI")


@pytest.fixture
def classeur(tmp_path):
    """classeur(lignes, **options) -> path of a workbook written in tmp_path."""
    compteur = iter(range(1000))

    def build(lignes, **options):
        return ecrire_classeur(tmp_path / f"rem-{next(compteur)}.xlsx", lignes, **options)

    return build


@pytest.fixture
def cat(db):
    """The small catalogue of tests.preuves.factories.catalogue (one per test)."""
    from tests.preuves.factories import catalogue

    return catalogue()


@pytest.fixture
def candidature(cat):
    """A candidature in phase `preuves` on `cat`, not referenced in Vague 1, Général profile only."""
    from tests.preuves.factories import candidature_en_preuves

    return candidature_en_preuves(cat)


@pytest.fixture
def user(candidature):
    """An editor who may read, contribute and submit on the candidature's product."""
    from tests.preuves.factories import contributeur_soumetteur

    return contributeur_soumetteur(candidature)

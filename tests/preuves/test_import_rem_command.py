"""`manage.py import_rem`: output, exit code, nothing imported on error."""

import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from preuves.models import Exigence, PreuveAttendue, Referentiel
from tests.factories import DSRFactory

from .conftest import ligne, rem


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("import_rem", *map(str, args), stdout=out)
    return out.getvalue().splitlines()


def test_import_prints_oddities_then_one_final_count_line(db):
    DSRFactory(code="DPI")

    lignes = run(rem("DPI"), "--dsr", "DPI", "--vague", "2")

    assert lignes[-1] == "92 exigences, 118 scénarios, 147 preuves attendues"
    assert lignes[0] == "Ligne 3, colonne « Scénario de conformité » : cellule vide."
    assert len(lignes) == 26 + 2
    assert lignes[-2] == (
        "Version 1 du REM DPI enregistrée. Exigences : 92 nouvelle(s), 0 modifiée(s), 0 retirée(s). "
        "Preuves attendues : 147 nouvelle(s), 0 modifiée(s), 0 retirée(s), 0 inchangée(s)."
    )
    assert PreuveAttendue.objects.count() == 147


def test_second_import_says_nothing_changed(db):
    DSRFactory(code="LGC")
    run(rem("LGC"), "--dsr", "lgc", "--vague", "2")

    lignes = run(rem("LGC"), "--dsr", "LGC", "--vague", "2")

    assert lignes[-2:] == ["Aucun changement : le catalogue est déjà à jour.", "102 exigences, 111 scénarios, 142 preuves attendues"]
    assert Referentiel.objects.count() == 1


def test_dry_run_writes_nothing(db):
    DSRFactory(code="PFI")

    lignes = run(rem("PFI"), "--dsr", "PFI", "--vague", "2", "--dry-run")

    assert lignes[-1] == "77 exigences, 99 scénarios, 127 preuves attendues"
    assert lignes[-2].startswith("Simulation, rien n'est enregistré. Exigences : 77 nouvelle(s)")
    assert (Exigence.objects.count(), Referentiel.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dsr", "SGL", "--vague", "2"], "Le DSR « SGL » n'existe pas dans la vague 2."),
        (["--dsr", "DPI", "--vague", "7"], "La vague 7 n'existe pas."),
    ],
)
def test_unknown_dsr_or_vague_is_an_error(db, args, message):
    DSRFactory(code="DPI")

    with pytest.raises(CommandError) as exc:
        run(rem("DPI"), *args)

    assert str(exc.value) == message
    assert Exigence.objects.count() == 0


def test_missing_file_is_an_error(db, tmp_path):
    DSRFactory(code="DPI")

    with pytest.raises(CommandError) as exc:
        run(tmp_path / "absent.xlsx", "--dsr", "DPI", "--vague", "2")

    assert str(exc.value) == f"Fichier introuvable : {tmp_path / 'absent.xlsx'}"


def test_malformed_workbook_exits_non_zero_with_the_french_message(db, classeur, capsys, monkeypatch):
    # run_from_argv closes the DB connections on exit, which the test transaction still needs.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    DSRFactory(code="DPI")
    chemin = classeur([ligne(), ligne(id="pas un id")])

    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "import_rem", str(chemin), "--dsr", "DPI", "--vague", "2"]).execute()

    assert exc.value.code == 1
    assert capsys.readouterr().err == (
        "CommandError: Feuille « Exigences », ligne 3, colonne « ID » : « pas un id » n'est pas un identifiant valide.\n"
    )
    assert (Exigence.objects.count(), Referentiel.objects.count()) == (0, 0)

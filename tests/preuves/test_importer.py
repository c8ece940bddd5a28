"""The REM importer on the four shared workbooks, on versions of them and on broken workbooks."""

from collections import Counter

import openpyxl
import pytest

from candidatures.models import Evenement, Profil
from comptes.errors import PermissionRefusee
from preuves.enums import Criticite, Perimetre, TypePreuve
from preuves.importer import (
    COLONNES,
    ImportRefuse,
    code_chapitre,
    deduire_type_preuve,
    importer_rem,
)
from preuves.models import Chapitre, Exigence, PreuveAttendue, Referentiel, Scenario
from tests.factories import DSRFactory, PreuveDemandeeFactory

from .conftest import REFERENTIEL, ligne, rem

# Counted once by reading the workbooks (distinct IDs, distinct (ID, N° scénario), rows).
ATTENDU = {
    "DPI": (92, 118, 147, 26, ["CDA", "DMP", "MSS", "PSC", "RUM", "SSI"],
            ["Général", "Equipements mobiles", "IAM", "IE ASPM", "IE Usagers", "Prestations d'hébergement ou Saas"]),
    "LGC": (102, 111, 142, 12, ["APCV", "CDA", "DMP", "DOC", "MDV", "MSS", "PSC", "RUM", "SSI", "VACC"],
            ["Général", "BAL PER-ORG", "Equipements mobiles", "IE ASPM", "Prestations d'hébergement ou Saas"]),
    "PFI": (77, 99, 127, 14, ["CDA", "DMP", "MSS", "PSC", "SSI"],
            ["Général", "BAL APP", "BAL PER-ORG", "Equipements mobiles", "IAM", "IE ASPM", "IE Usagers",
             "Prestations d'hébergement ou Saas"]),
    "RIS": (118, 141, 177, 17, ["APCV", "CDA", "DMP", "MSS", "PSC", "SSI"],
            ["Général", "BAL APP", "BAL PER-ORG", "Envoi manuel par MSS au PS Demandeur", "Equipements mobiles",
             "IAM", "IE ASPM", "IE Usagers", "Prestations d'hébergement ou Saas"]),
}


@pytest.mark.parametrize("code", ["DPI", "LGC", "PFI", "RIS"])
def test_import_of_each_shared_workbook_has_exact_counts(db, code):
    dsr = DSRFactory(code=code)
    exigences, scenarios, preuves, anomalies, chapitres, profils = ATTENDU[code]

    rapport = importer_rem(rem(code), dsr=dsr)

    assert rapport.resume == f"{exigences} exigences, {scenarios} scénarios, {preuves} preuves attendues"
    assert (rapport.version, len(rapport.anomalies)) == (1, anomalies)
    assert (rapport.exigences_nouvelles, rapport.preuves_nouvelles, rapport.preuves_retirees) == (exigences, preuves, 0)
    assert Exigence.objects.filter(dsr=dsr).count() == exigences
    assert Scenario.objects.filter(exigence__dsr=dsr).count() == scenarios
    assert PreuveAttendue.objects.filter(dsr=dsr, retiree=False).count() == preuves
    assert sorted(Chapitre.objects.filter(dsr=dsr).values_list("code", flat=True)) == chapitres
    assert list(Profil.objects.filter(dsr=dsr).values_list("nom", flat=True).order_by("-obligatoire", "nom")) == profils
    assert list(Profil.objects.filter(dsr=dsr, obligatoire=True).values_list("nom", flat=True)) == ["Général"]
    referentiel = Referentiel.objects.get(dsr=dsr)
    assert (referentiel.version, referentiel.nom_fichier) == (1, f"REM_{code}_va2_brouillon.xlsx")
    assert referentiel.rapport["nb_preuves"] == preuves


def test_dpi_sample_rows_are_imported_exactly(db):
    dsr = DSRFactory(code="DPI")

    rapport = importer_rem(rem("DPI"), dsr=dsr)

    cnda = PreuveAttendue.objects.select_related("exigence__chapitre", "exigence__profil", "scenario").get(
        dsr=dsr, numero="DMP/AIRS.03.01.01"
    )
    assert (cnda.type, cnda.texte, cnda.ligne, cnda.ordre) == (
        TypePreuve.CNDA, "Justificatif de l'homologation CNDA pour le DMP", 11, 10,
    )
    assert (cnda.exigence.identifiant, cnda.exigence.chapitre.code, cnda.scenario.numero) == (
        "DMP/AIRS.03", "DMP", "DMP/AIRS.03.01",
    )
    assert (cnda.exigence.profil.nom, cnda.exigence.criticite, cnda.exigence.perimetre) == (
        "Général", Criticite.MAJEURE, Perimetre.VAGUE2,
    )
    assert cnda.exigence.section == "Consultation par Air simplifié"
    pentest = PreuveAttendue.objects.get(dsr=dsr, numero="SSI/GEN.18.01.01")
    assert pentest.type == TypePreuve.TEST_INTRUSION
    assert PreuveAttendue.objects.get(dsr=dsr, numero="SSI/GEN.18.01.02").type == TypePreuve.DOCUMENT
    assert PreuveAttendue.objects.get(dsr=dsr, numero="CDA/HL7.01.01.01").type == TypePreuve.LIEN_INTEROP
    assert Exigence.objects.get(dsr=dsr, identifiant="PSC.01").chapitre.code == "PSC"
    assert Chapitre.objects.get(dsr=dsr, code="SSI").libelle == "Exigences de sécurité des systèmes d'information vague 2"
    assert list(Chapitre.objects.filter(dsr=dsr).values_list("code", flat=True)) == ["CDA", "DMP", "MSS", "PSC", "RUM", "SSI"]
    # MSS/UX.39's scenario "39.01" is kept as written, and reported.
    assert list(Scenario.objects.filter(exigence__identifiant="MSS/UX.39").values_list("numero", flat=True)) == ["39.01"]
    assert list(PreuveAttendue.objects.filter(dsr=dsr, numero="DMP/UX.15.01.01").values_list("scenario__numero", flat=True).order_by("ligne")) == [
        "DMP/UX.15.01", "DMP/UX.15.02",
    ]
    assert Counter(PreuveAttendue.objects.filter(dsr=dsr).values_list("type", flat=True)) == {
        "video_ou_capture": 73, "document": 33, "video": 17, "test_intrusion": 7, "fichier": 6, "log": 5,
        "lien_interop": 3, "cnda": 2, "capture": 1,
    }
    messages = [str(a) for a in rapport.anomalies]
    assert messages[:3] == [
        "Ligne 3, colonne « Scénario de conformité » : cellule vide.",
        "Ligne 4, colonne « Scénario de conformité » : cellule vide.",
        "Ligne 5, colonne « Scénario de conformité » : cellule vide.",
    ]
    assert "Ligne 50, colonne « N° scénario » : le N° de scénario « 39.01 » ne prolonge pas l'identifiant d'exigence « MSS/UX.39 »." in messages
    assert "Ligne 32, colonne « N° preuve » : N° de preuve « DMP/UX.15.01.01 » déjà utilisé ligne 31 : les deux preuves sont conservées." in messages
    assert "Ligne 95, colonne « N° preuve » : le N° de preuve « SSI/IAM.81.02 » ne prolonge pas le N° de scénario « SSI/IAM.80.02 »." in messages
    assert "Ligne 22, colonne « Scénario de conformité » : espace insécable remplacée par une espace ordinaire." in messages


def test_vague1_requirement_of_the_layout_model(db):
    dsr = DSRFactory(code="DPI")

    rapport = importer_rem(REFERENTIEL / "modele-export-convergence.xlsx", dsr=dsr)

    exigence = Exigence.objects.get(dsr=dsr)
    assert rapport.resume == "1 exigence, 1 scénario, 1 preuve attendue"
    assert (exigence.identifiant, exigence.perimetre, exigence.reprise_vague1) == ("MSS/CDA.01", Perimetre.VAGUE1, True)
    assert (exigence.commentaire, exigence.profil_historique, exigence.criticite) == ("test", "Général", Criticite.MINEURE)
    assert exigence.chapitre.code == "MSS"


def test_importing_the_same_file_twice_changes_nothing(db):
    dsr = DSRFactory(code="PFI")
    importer_rem(rem("PFI"), dsr=dsr)
    avant = sorted(PreuveAttendue.objects.values_list("pk", "empreinte", "retiree"))

    rapport = importer_rem(rem("PFI"), dsr=dsr)

    assert (rapport.change, rapport.version, rapport.preuves_inchangees) == (False, None, 127)
    assert rapport.resume_changements == "Aucun changement : le catalogue est déjà à jour."
    assert Referentiel.objects.filter(dsr=dsr).count() == 1
    assert sorted(PreuveAttendue.objects.values_list("pk", "empreinte", "retiree")) == avant


def test_a_changed_proof_becomes_a_new_row_and_the_referenced_one_is_withdrawn(db, tmp_path):
    dsr = DSRFactory(code="DPI")
    importer_rem(rem("DPI"), dsr=dsr)
    ancienne = PreuveAttendue.objects.get(dsr=dsr, numero="DMP/AIRS.03.01.01")
    demandee = PreuveDemandeeFactory(preuve_attendue=ancienne, dossier__candidature__dsr=dsr)
    wb = openpyxl.load_workbook(rem("DPI"))
    wb["Exigences"]["K11"] = "Attestation d'homologation CNDA pour le DMP, ou copie d'écran au statut Pré-examen"
    wb.save(tmp_path / "REM_DPI_v2.xlsx")

    rapport = importer_rem(tmp_path / "REM_DPI_v2.xlsx", dsr=dsr)

    assert (rapport.version, rapport.preuves_modifiees, rapport.preuves_nouvelles, rapport.preuves_retirees) == (2, 1, 0, 0)
    assert rapport.preuves_inchangees == 146
    ancienne.refresh_from_db()
    nouvelle = PreuveAttendue.objects.get(dsr=dsr, numero="DMP/AIRS.03.01.01", retiree=False)
    assert ancienne.retiree is True
    assert ancienne.texte == "Justificatif de l'homologation CNDA pour le DMP"
    assert (nouvelle.pk != ancienne.pk, nouvelle.type, nouvelle.referentiel.version) == (True, TypePreuve.CNDA, 2)
    demandee.refresh_from_db()
    assert demandee.preuve_attendue_id == ancienne.pk
    assert PreuveAttendue.objects.filter(dsr=dsr, retiree=False).count() == 147
    assert list(Referentiel.objects.filter(dsr=dsr).values_list("version", flat=True)) == [2, 1]


def test_a_requirement_absent_from_the_new_file_is_withdrawn_not_deleted(db, tmp_path):
    dsr = DSRFactory(code="DPI")
    importer_rem(rem("DPI"), dsr=dsr)
    wb = openpyxl.load_workbook(rem("DPI"))
    wb["Exigences"].delete_rows(11)  # DMP/AIRS.03, one row
    wb.save(tmp_path / "REM_DPI_sans_airs03.xlsx")

    rapport = importer_rem(tmp_path / "REM_DPI_sans_airs03.xlsx", dsr=dsr)

    assert (rapport.exigences_retirees, rapport.preuves_retirees, rapport.preuves_modifiees) == (1, 1, 0)
    assert rapport.resume == "91 exigences, 117 scénarios, 146 preuves attendues"
    exigence = Exigence.objects.get(dsr=dsr, identifiant="DMP/AIRS.03")
    assert exigence.retiree is True
    assert list(exigence.preuves_attendues.values_list("numero", "retiree")) == [("DMP/AIRS.03.01.01", True)]
    assert PreuveAttendue.objects.filter(dsr=dsr).count() == 147


def test_dry_run_reports_without_writing(db):
    dsr = DSRFactory(code="RIS")

    rapport = importer_rem(rem("RIS"), dsr=dsr, dry_run=True)

    assert (rapport.dry_run, rapport.version, rapport.exigences_nouvelles, rapport.preuves_nouvelles) == (True, None, 118, 177)
    assert (Exigence.objects.count(), PreuveAttendue.objects.count(), Referentiel.objects.count()) == (0, 0, 0)
    assert Profil.objects.filter(dsr=dsr).count() == 1  # only the factory's Général


def test_import_by_an_administrator_is_journalled(administrateur, dsr, classeur):
    rapport = importer_rem(classeur([ligne()]), dsr=dsr, by=administrateur)

    evenement = Evenement.objects.get(action="referentiel_importe")
    assert (evenement.acteur, evenement.message) == (
        administrateur, "REM DPI v1 importé (1 exigence, 1 scénario, 1 preuve attendue).",
    )
    assert Referentiel.objects.get().importe_par == administrateur
    assert rapport.version == 1


def test_import_by_an_editor_is_refused(editeur, dsr, classeur):
    with pytest.raises(PermissionRefusee):
        importer_rem(classeur([ligne()]), dsr=dsr, by=editeur)

    assert Exigence.objects.count() == 0


# --- oddities: reported, no proof lost ------------------------------------------------------


def test_oddities_are_reported_with_their_row_and_no_proof_is_lost(dsr, classeur):
    lignes = [
        ligne(),
        ligne(num_preuve="INS/IDENT.01.01.01", preuve="Vidéo\u00a0de la séquence"),  # duplicate id, NBSP
        ligne(id="INS/IDENT.02", num_scenario=None, num_preuve="INS/IDENT.02.01.01", ordre=3),
        ligne(id="INS/IDENT.03", num_scenario=None, num_preuve="INS.03", ordre=4),
        ligne(id="INS/IDENT.04", num_scenario="INS/IDENT.04.01", num_preuve=None, ordre=5, profil="IE\nUsagers"),
        ligne(id="INS/IDENT.05", num_scenario="INS/IDENT.05.01", num_preuve="INS/IDENT.05.01.01", preuve=None,
              criticite=None, ordre=None),
    ]

    rapport = importer_rem(classeur(lignes), dsr=dsr)

    assert [str(a) for a in rapport.anomalies] == [
        "Ligne 3, colonne « Preuve » : espace insécable remplacée par une espace ordinaire.",
        "Ligne 3, colonne « N° preuve » : N° de preuve « INS/IDENT.01.01.01 » déjà utilisé ligne 2 : les deux preuves sont conservées.",
        "Ligne 4, colonne « N° scénario » : cellule vide : scénario « INS/IDENT.02.01 » déduit du N° de preuve.",
        "Ligne 5, colonne « N° scénario » : cellule vide : la preuve est rattachée à l'exigence sans scénario.",
        "Ligne 5, colonne « N° preuve » : le N° de preuve « INS.03 » ne prolonge pas l'identifiant d'exigence « INS/IDENT.03 ».",
        "Ligne 6, colonne « Profil » : retour à la ligne remplacé par une espace.",
        "Ligne 6, colonne « N° preuve » : cellule vide : N° « INS/IDENT.04.01.01 » attribué.",
        "Ligne 7, colonne « Criticité » : cellule vide : « Non définie » retenue.",
        "Ligne 7, colonne « Ordre » : cellule vide : le numéro de ligne sert d'ordre.",
        "Ligne 7, colonne « Preuve » : cellule vide.",
    ]
    assert rapport.resume == "5 exigences, 4 scénarios, 6 preuves attendues"
    assert list(PreuveAttendue.objects.order_by("ligne").values_list("numero", "scenario__numero", "texte", "type")) == [
        ("INS/IDENT.01.01.01", "INS/IDENT.01.01", "Copies d'écran de la séquence", TypePreuve.CAPTURE),
        ("INS/IDENT.01.01.01", "INS/IDENT.01.01", "Vidéo de la séquence", TypePreuve.VIDEO),
        ("INS/IDENT.02.01.01", "INS/IDENT.02.01", "Copies d'écran de la séquence", TypePreuve.CAPTURE),
        ("INS.03", None, "Copies d'écran de la séquence", TypePreuve.CAPTURE),
        ("INS/IDENT.04.01.01", "INS/IDENT.04.01", "Copies d'écran de la séquence", TypePreuve.CAPTURE),
        ("INS/IDENT.05.01.01", "INS/IDENT.05.01", "", TypePreuve.FICHIER),
    ]
    assert Exigence.objects.get(identifiant="INS/IDENT.04").profil.nom == "IE Usagers"
    assert Exigence.objects.get(identifiant="INS/IDENT.05").criticite == Criticite.NON_DEFINIE
    assert PreuveAttendue.objects.get(numero="INS/IDENT.05.01.01").ordre == 7


def test_headers_with_non_breaking_spaces_and_line_breaks_are_recognised(dsr, classeur):
    entetes = [h.replace(" ", "\u00a0") for h in COLONNES]
    entetes[8] = "Scénario de\nconformité"
    lignes = [dict(zip(entetes, ligne().values(), strict=True))]

    rapport = importer_rem(classeur(lignes, entetes=entetes), dsr=dsr)

    assert rapport.resume == "1 exigence, 1 scénario, 1 preuve attendue"
    assert Scenario.objects.get().texte == "Qualifier une identité."


def test_dsr_prefixed_requirement_id_goes_to_its_chapter(dsr, classeur):
    lignes = [ligne(id="DPI.CDA/HL7.04", num_scenario="DPI.CDA/HL7.04.01", num_preuve="DPI.CDA/HL7.04.01.01",
                    preuve="[INTEROP] Lien vers l'Espace de Test Gazelle")]

    importer_rem(classeur(lignes), dsr=dsr)

    preuve = PreuveAttendue.objects.select_related("exigence__chapitre").get()
    assert (preuve.exigence.chapitre.code, preuve.type) == ("CDA", TypePreuve.LIEN_INTEROP)


# --- broken workbooks: refused, nothing imported --------------------------------------------


def _refus(dsr, chemin) -> str:
    with pytest.raises(ImportRefuse) as exc:
        importer_rem(chemin, dsr=dsr)
    assert (Referentiel.objects.count(), Exigence.objects.count(), PreuveAttendue.objects.count()) == (0, 0, 0)
    return exc.value.message


def test_missing_sheet_is_refused(dsr, classeur):
    chemin = classeur([ligne()], feuille="Feuil1")

    assert _refus(dsr, chemin) == (
        f"Le classeur « {chemin.name} » n'a pas de feuille « Exigences » (feuilles trouvées : « Feuil1 »)."
    )


def test_renamed_column_is_refused(dsr, classeur):
    entetes = [("Numéro preuve" if h == "N° preuve" else h) for h in COLONNES]

    message = _refus(dsr, classeur([{"Numéro preuve" if k == "N° preuve" else k: v for k, v in ligne().items()}], entetes=entetes))

    assert message == (
        "Feuille « Exigences », ligne 1, colonne « N° preuve » : colonne absente (colonne inattendue : « Numéro preuve »). "
        "Colonnes attendues : Périmètre, ID, Chapitre, Fonction, Exigence, Commentaire, Profil, N° scénario, "
        "Scénario de conformité, N° preuve, Preuve, Profil historique, Criticité, Ordre."
    )


def test_missing_column_is_refused(dsr, classeur):
    entetes = [h for h in COLONNES if h != "Criticité"]

    assert _refus(dsr, classeur([ligne()], entetes=entetes)).startswith(
        "Feuille « Exigences », ligne 1, colonne « Criticité » : colonne absente. Colonnes attendues :"
    )


def test_an_id_that_is_not_an_id_is_refused_even_after_good_rows(dsr, classeur):
    lignes = [ligne(), ligne(id="INS/IDENT.02", num_scenario="voir ligne précédente", num_preuve="INS/IDENT.02.01.01")]

    assert _refus(dsr, classeur(lignes)) == (
        "Feuille « Exigences », ligne 3, colonne « N° scénario » : « voir ligne précédente » n'est pas un identifiant valide."
    )


def test_an_empty_requirement_id_is_refused(dsr, classeur):
    assert _refus(dsr, classeur([ligne(id=None)])) == (
        "Feuille « Exigences », ligne 2, colonne « ID » : identifiant d'exigence vide."
    )


def test_an_unknown_perimetre_is_refused(dsr, classeur):
    assert _refus(dsr, classeur([ligne(perimetre="Vague 3")])) == (
        "Feuille « Exigences », ligne 2, colonne « Périmètre » : « Vague 3 » n'est pas un périmètre (Vague 1 ou Vague 2)."
    )


def test_a_file_that_is_not_a_workbook_is_refused(dsr, tmp_path):
    chemin = tmp_path / "rem.xlsx"
    chemin.write_bytes(b"%PDF-1.4 not a workbook")

    assert _refus(dsr, chemin) == "Le fichier « rem.xlsx » n'est pas un classeur Excel (.xlsx) lisible."


def test_a_sheet_without_rows_is_refused(dsr, classeur):
    assert _refus(dsr, classeur([])) == "Feuille « Exigences », ligne 2 : aucune preuve attendue dans la feuille."


# --- pure helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifiant", "code"),
    [("DMP/AIRS.03", "DMP"), ("PSC.01", "PSC"), ("DPI.CDA/HL7.04", "CDA"), ("SSI/GEN.18", "SSI"),
     ("PFI.DMP/CONF.08", "DMP"), ("DPI.01", "DPI")],
)
def test_code_chapitre(identifiant, code):
    assert code_chapitre(identifiant, "DPI" if not identifiant.startswith("PFI") else "PFI") == code


@pytest.mark.parametrize(
    ("texte", "exigence", "attendu"),
    [
        ("Démonstration (vidéo ou copies d'écran) montrant le déroulé", "", TypePreuve.VIDEO_OU_CAPTURE),
        ("Capture vidéo montrant le bon déroulé du scénario", "", TypePreuve.VIDEO),
        ("Copie d'écran du courriel", "", TypePreuve.CAPTURE),
        ("Log des transactions TD0.2 et TD0.3", "", TypePreuve.LOG),
        ("Traces du système démontrant la recherche", "", TypePreuve.LOG),
        ("Attestation sur l'honneur décrivant le processus", "", TypePreuve.DOCUMENT),
        ("Justificatif de l'homologation CNDA pour le DMP", "", TypePreuve.CNDA),
        ("Formulaire du test d’intrusion signé par un auditeur PASSI", "", TypePreuve.TEST_INTRUSION),
        ("", "SSI/GEN.18", TypePreuve.TEST_INTRUSION),
        ("[INTEROP] Lien vers l'Espace de Test Gazelle", "", TypePreuve.LIEN_INTEROP),
        ("Archive IHE XDM intégrée dans le logiciel", "", TypePreuve.FICHIER),
    ],
)
def test_deduire_type_preuve(texte, exigence, attendu):
    assert deduire_type_preuve(texte, exigence) == attendu

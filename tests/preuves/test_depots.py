"""Deposits and submissions: files per kind, all-or-nothing, read-only states, dates N°2 and N°3,
the pen-test rule and CNDA completeness."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from candidatures.enums import CandidatureStatus, CndaStatus
from candidatures.models import Candidature, Evenement
from comptes.errors import (
    DateDepassee,
    DomainError,
    FichierRefuse,
    PermissionRefusee,
    TransitionInterdite,
)
from comptes.models import Fichier
from preuves.completude import test_intrusion_acceptable as regle_acceptable
from preuves.enums import ChapitreStatus, PreuveStatus
from preuves.models import Depot, DossierChapitre
from preuves.services import (
    deposer_preuve,
    marquer_dossiers_incomplets_hors_delai,
    soumettre_chapitre,
)
from tests.preuves.factories import (
    candidature_en_preuves,
    contributeur_soumetteur,
    deposer_chapitre_ins,
    dossier,
    editeur,
    mp4,
    pdf,
    png,
    preuves_par_numero,
    texte,
)

pytestmark = pytest.mark.django_db


def pentest(**kwargs):
    valeurs = {
        "prestataire_passi": "Audit Sécurité SAS",
        "date_test": timezone.localdate() - timedelta(days=30),
        "ko_haute": 0,
        "ko_moyenne": 10,
    }
    return {**valeurs, **kwargs}


def test_deposit_stores_files_and_creates_version(candidature, user):
    preuve = preuves_par_numero(candidature)["INS/GEN.02"]

    depot = deposer_preuve(preuve, fichiers=[png("a.png"), png("b.png")], commentaire="Écrans 3 et 4", by=user)

    preuve.refresh_from_db()
    assert (depot.version, depot.tour, depot.commentaire) == (1, 1, "Écrans 3 et 4")
    assert sorted(depot.fichiers.values_list("nom", "type_mime")) == [("a.png", "image/png"), ("b.png", "image/png")]
    assert depot.fichiers.first().produit == candidature.version.produit
    assert preuve.dernier_depot == depot
    assert preuve.statut == PreuveStatus.A_FOURNIR  # becomes deposee when the chapter is submitted
    assert Evenement.objects.filter(candidature=candidature, action="preuve_deposee").count() == 1


def test_second_deposit_is_a_new_version(candidature, user):
    preuve = preuves_par_numero(candidature)["INS/GEN.02"]
    deposer_preuve(preuve, fichiers=[png()], by=user)

    depot = deposer_preuve(preuve, fichiers=[png("v2.png")], by=user)

    assert depot.version == 2
    assert list(Depot.objects.filter(preuve=preuve).values_list("version", flat=True)) == [2, 1]


def test_refused_file_stores_nothing_of_the_deposit(candidature, user):
    preuve = preuves_par_numero(candidature)["INS/GEN.02"]  # capture: images or PDF

    with pytest.raises(FichierRefuse):
        deposer_preuve(preuve, fichiers=[png("ok.png"), texte("notes.txt")], by=user)

    assert Depot.objects.count() == 0
    assert Fichier.objects.count() == 0
    assert [f for f in Path(settings.MEDIA_ROOT).rglob("*") if f.is_file()] == []


@pytest.mark.parametrize(
    ("identifiant", "fichier", "accepte"),
    [
        ("INS/GEN.01", mp4, True),  # video_ou_capture accepts videos
        ("INS/GEN.01", png, True),
        ("INS/GEN.02", mp4, False),  # capture refuses videos
        ("INS/GEN.02", pdf, True),
    ],
)
def test_file_kinds_follow_the_proof_type(candidature, user, identifiant, fichier, accepte):
    preuve = preuves_par_numero(candidature)[identifiant]

    if accepte:
        assert deposer_preuve(preuve, fichiers=[fichier()], by=user).version == 1
    else:
        with pytest.raises(FichierRefuse):
            deposer_preuve(preuve, fichiers=[fichier()], by=user)


def test_deposit_needs_a_file(candidature, user):
    with pytest.raises(DomainError, match="au moins un fichier") as exc:
        deposer_preuve(preuves_par_numero(candidature)["INS/GEN.02"], fichiers=[], by=user)
    assert exc.value.field == "fichiers"


def test_reader_cannot_deposit(candidature):
    lecteur = editeur(candidature)

    with pytest.raises(PermissionRefusee):
        deposer_preuve(preuves_par_numero(candidature)["INS/GEN.02"], fichiers=[png()], by=lecteur)


def test_editor_of_another_organisation_cannot_deposit(cat, candidature):
    autre = contributeur_soumetteur(candidature_en_preuves(cat))

    with pytest.raises(PermissionRefusee):
        deposer_preuve(preuves_par_numero(candidature)["INS/GEN.02"], fichiers=[png()], by=autre)


def test_submit_lists_exactly_what_is_missing(candidature, user):
    p = preuves_par_numero(candidature)
    deposer_preuve(p["INS/GEN.01"], fichiers=[mp4()], by=user)

    with pytest.raises(DomainError) as exc:
        soumettre_chapitre(dossier(candidature, "INS"), by=user)

    numeros = (p["INS/GEN.02"].preuve_attendue.numero, p["INS/V1.01"].preuve_attendue.numero)
    assert exc.value.message == (
        f"Le chapitre INS n'est pas complet. Il manque : {numeros[0]} : aucun dépôt ; {numeros[1]} : aucun dépôt."
    )
    assert dossier(candidature, "INS").statut == ChapitreStatus.A_COMPLETER


def test_submit_opens_round_one_and_makes_chapter_read_only(candidature, user):
    p = deposer_chapitre_ins(candidature, user)

    d = soumettre_chapitre(dossier(candidature, "INS"), by=user)

    assert (d.statut, d.tour) == (ChapitreStatus.SOUMIS, 1)
    assert d.soumis_le is not None
    p["INS/GEN.01"].refresh_from_db()
    assert p["INS/GEN.01"].statut == PreuveStatus.DEPOSEE
    with pytest.raises(TransitionInterdite, match="lecture seule"):
        deposer_preuve(p["INS/GEN.02"], fichiers=[png()], by=user)
    candidature.refresh_from_db()
    assert candidature.preuves_completes_le is None  # SSI not submitted yet


def test_contributor_without_submit_right_cannot_submit(candidature):
    contributeur = editeur(candidature, contribuer=True)
    deposer_chapitre_ins(candidature, contributeur)

    with pytest.raises(PermissionRefusee):
        soumettre_chapitre(dossier(candidature, "INS"), by=contributeur)


def test_complete_dossier_recorded_when_every_chapter_was_submitted(candidature, user):
    deposer_chapitre_ins(candidature, user)
    soumettre_chapitre(dossier(candidature, "INS"), by=user)
    deposer_preuve(preuves_par_numero(candidature)["SSI/GEN.18"], fichiers=[pdf()], by=user, **pentest())

    soumettre_chapitre(dossier(candidature, "SSI"), by=user)

    candidature.refresh_from_db()
    assert candidature.preuves_completes_le is not None
    assert Evenement.objects.filter(candidature=candidature, action="dossier_preuves_complet").count() == 1


# --- Pen-test ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("haute", "moyenne", "acceptable"), [(0, 0, True), (0, 10, True), (1, 0, False), (0, 11, False)]
)
def test_pentest_acceptance_rule(haute, moyenne, acceptable):
    assert regle_acceptable(Depot(ko_haute=haute, ko_moyenne=moyenne)) is acceptable


@pytest.mark.parametrize(("haute", "moyenne"), [(1, 0), (0, 11)])
def test_failing_pentest_is_stored_but_chapter_cannot_be_submitted(candidature, user, haute, moyenne):
    preuve = preuves_par_numero(candidature)["SSI/GEN.18"]

    depot = deposer_preuve(preuve, fichiers=[pdf()], by=user, **pentest(ko_haute=haute, ko_moyenne=moyenne))

    assert depot.version == 1
    with pytest.raises(DomainError, match="ne respecte pas la règle d'acceptation"):
        soumettre_chapitre(dossier(candidature, "SSI"), by=user)


def test_passing_pentest_lets_the_chapter_be_submitted(candidature, user):
    deposer_preuve(preuves_par_numero(candidature)["SSI/GEN.18"], fichiers=[pdf()], by=user, **pentest(ko_moyenne=10))

    assert soumettre_chapitre(dossier(candidature, "SSI"), by=user).statut == ChapitreStatus.SOUMIS


@pytest.mark.parametrize(
    ("jours", "message"),
    [(-1, "dans le futur"), (366, "moins d'un an")],
)
def test_pentest_date_refused(candidature, user, jours, message):
    date_test = timezone.localdate() - timedelta(days=jours)

    with pytest.raises(DomainError, match=message) as exc:
        deposer_preuve(
            preuves_par_numero(candidature)["SSI/GEN.18"], fichiers=[pdf()], by=user, **pentest(date_test=date_test)
        )
    assert exc.value.field == "date_test"
    assert Fichier.objects.count() == 0


def test_pentest_date_exactly_one_year_before_is_refused_and_a_day_later_accepted(candidature, user):
    aujourd_hui = timezone.localdate()
    un_an = aujourd_hui.replace(year=aujourd_hui.year - 1)
    preuve = preuves_par_numero(candidature)["SSI/GEN.18"]

    with pytest.raises(DomainError):
        deposer_preuve(preuve, fichiers=[pdf()], by=user, **pentest(date_test=un_an))
    assert deposer_preuve(preuve, fichiers=[pdf()], by=user, **pentest(date_test=un_an + timedelta(days=1))).version == 1


def test_pentest_needs_a_pdf(candidature, user):
    with pytest.raises(FichierRefuse):
        deposer_preuve(preuves_par_numero(candidature)["SSI/GEN.18"], fichiers=[png()], by=user, **pentest())


def test_pentest_needs_the_passi_provider(candidature, user):
    with pytest.raises(DomainError) as exc:
        deposer_preuve(preuves_par_numero(candidature)["SSI/GEN.18"], fichiers=[pdf()], by=user, **pentest(prestataire_passi=" "))
    assert exc.value.field == "prestataire_passi"


# --- CNDA -------------------------------------------------------------------------------------


@pytest.fixture
def candidature_cnda(cat):
    return candidature_en_preuves(cat, profils=[cat["optionnel"]])


def cnda(statut, **kwargs):
    return {"cnda_nil": "NIL-0042", "cnda_statut": statut, "cnda_date_retour": timezone.localdate() + timedelta(days=60), **kwargs}


@pytest.mark.parametrize(
    ("statut", "complet"),
    [
        (CndaStatus.INITIALISATION, False),
        (CndaStatus.PRE_EXAMEN, True),
        (CndaStatus.EXAMEN_CONFORMITE, True),
        (CndaStatus.FINALISATION, True),
    ],
)
def test_cnda_complete_only_from_pre_examen(candidature_cnda, statut, complet):
    user = contributeur_soumetteur(candidature_cnda)
    deposer_preuve(preuves_par_numero(candidature_cnda)["DMP/AIRS.03.01.01"], fichiers=[png()], by=user, **cnda(statut))

    if complet:
        assert soumettre_chapitre(dossier(candidature_cnda, "DMP"), by=user).statut == ChapitreStatus.SOUMIS
    else:
        with pytest.raises(DomainError, match="au moins le statut « Pré-examen »"):
            soumettre_chapitre(dossier(candidature_cnda, "DMP"), by=user)


def test_cnda_needs_nil_and_return_date(candidature_cnda):
    user = contributeur_soumetteur(candidature_cnda)
    preuve = preuves_par_numero(candidature_cnda)["DMP/AIRS.03.01.01"]

    with pytest.raises(DomainError) as sans_nil:
        deposer_preuve(preuve, fichiers=[png()], by=user, **cnda(CndaStatus.PRE_EXAMEN, cnda_nil=""))
    with pytest.raises(DomainError) as sans_date:
        deposer_preuve(preuve, fichiers=[png()], by=user, **cnda(CndaStatus.PRE_EXAMEN, cnda_date_retour=None))

    assert (sans_nil.value.field, sans_date.value.field) == ("cnda_nil", "cnda_date_retour")
    assert deposer_preuve(preuve, fichiers=[pdf()], by=user, **cnda(CndaStatus.FINALISATION, cnda_date_retour=None)).version == 1


# --- Dates ------------------------------------------------------------------------------------


def regler_dates(candidature, *, date2, date3):
    vague = candidature.vague
    vague.date1 = min(date2, timezone.now()) - timedelta(days=10)
    vague.date2, vague.date3 = date2, date3
    vague.save()


def test_deposit_exactly_at_date3_is_accepted_and_refused_just_after(candidature, user, monkeypatch):
    now = timezone.now()
    regler_dates(candidature, date2=now - timedelta(days=1), date3=now)
    Candidature.objects.filter(pk=candidature.pk).update(preuves_completes_le=now - timedelta(days=2))
    candidature.refresh_from_db()
    preuve = preuves_par_numero(candidature)["INS/GEN.02"]
    monkeypatch.setattr(timezone, "now", lambda: now)

    assert deposer_preuve(preuve, fichiers=[png()], by=user).version == 1

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=1))
    with pytest.raises(DateDepassee, match="Date N°3"):
        deposer_preuve(preuve, fichiers=[png()], by=user)


def test_nothing_after_date3_whatever_the_state(candidature, user):
    p = deposer_chapitre_ins(candidature, user)
    now = timezone.now()
    regler_dates(candidature, date2=now - timedelta(days=2), date3=now - timedelta(seconds=1))
    Candidature.objects.filter(pk=candidature.pk).update(preuves_completes_le=now - timedelta(days=3))

    with pytest.raises(DateDepassee, match="Date N°3"):
        soumettre_chapitre(dossier(candidature, "INS"), by=user)
    with pytest.raises(DateDepassee, match="Date N°3"):
        deposer_preuve(p["SSI/GEN.18"], fichiers=[pdf()], by=user, **pentest())


def test_date2_boundary_for_a_dossier_never_complete(candidature, user, monkeypatch):
    deposer_chapitre_ins(candidature, user)
    now = timezone.now()
    regler_dates(candidature, date2=now, date3=now + timedelta(days=30))
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=1))

    with pytest.raises(DateDepassee, match=r"Date N°2.*pas été soumis une première fois"):
        soumettre_chapitre(dossier(candidature, "INS"), by=user)

    monkeypatch.setattr(timezone, "now", lambda: now)
    assert soumettre_chapitre(dossier(candidature, "INS"), by=user).tour == 1


def test_after_date2_a_dossier_complete_in_time_goes_on(candidature, user):
    p = deposer_chapitre_ins(candidature, user)
    now = timezone.now()
    regler_dates(candidature, date2=now - timedelta(days=1), date3=now + timedelta(days=30))
    Candidature.objects.filter(pk=candidature.pk).update(preuves_completes_le=now - timedelta(days=2))

    assert soumettre_chapitre(dossier(candidature, "INS"), by=user).tour == 1
    assert deposer_preuve(p["SSI/GEN.18"], fichiers=[pdf()], by=user, **pentest()).version == 1


def test_job_marks_incomplete_dossiers_hors_delai_once(cat):
    now = timezone.now()
    incomplete = candidature_en_preuves(cat)
    complete = candidature_en_preuves(cat)
    regler_dates(incomplete, date2=now - timedelta(hours=1), date3=now + timedelta(days=30))
    Candidature.objects.filter(pk=complete.pk).update(preuves_completes_le=now - timedelta(days=1))

    assert marquer_dossiers_incomplets_hors_delai() == 1
    assert marquer_dossiers_incomplets_hors_delai() == 0

    statuts = dict(Candidature.objects.filter(pk__in=[incomplete.pk, complete.pk]).values_list("pk", "statut"))
    assert statuts == {incomplete.pk: CandidatureStatus.HORS_DELAI, complete.pk: CandidatureStatus.PREUVES}
    evt = Evenement.objects.get(candidature=incomplete, action="hors_delai_date2")
    assert evt.details["message_auto"] is True


def test_no_deposit_when_candidature_is_not_in_phase2(cat):
    candidature = candidature_en_preuves(cat, statut=CandidatureStatus.ABANDONNEE)
    user = contributeur_soumetteur(candidature)

    with pytest.raises(TransitionInterdite, match="Abandonnée"):
        deposer_preuve(preuves_par_numero(candidature)["INS/GEN.02"], fichiers=[png()], by=user)
    assert DossierChapitre.objects.filter(candidature=candidature).count() == 2


def test_interop_proof_needs_a_link_and_files_are_optional(cat, candidature, user):
    from preuves.enums import TypePreuve
    from preuves.services import synchroniser_preuves_demandees
    from tests.preuves.factories import preuve_attendue

    preuve_attendue(cat["chapitres"]["INS"], type=TypePreuve.LIEN_INTEROP, identifiant="INS/INTEROP.01", ordre=20)
    synchroniser_preuves_demandees(candidature)
    preuve = preuves_par_numero(candidature)["INS/INTEROP.01"]

    with pytest.raises(DomainError, match="lien") as sans_lien:
        deposer_preuve(preuve, fichiers=[], by=user)
    with pytest.raises(DomainError, match="adresse web complète"):
        deposer_preuve(preuve, lien="javascript:alert(1)", by=user)
    depot = deposer_preuve(preuve, lien="https://interop.example.test/rapport/42", by=user)

    assert sans_lien.value.field == "lien"
    assert (depot.lien, depot.fichiers.count()) == ("https://interop.example.test/rapport/42", 0)

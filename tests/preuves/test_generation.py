"""Which proofs a candidature is asked for: profiles, Vague 1 status, idempotence, profile added."""

import pytest

from candidatures.enums import CandidatureStatus, StatutVague1
from candidatures.models import Evenement
from candidatures.signals import dossier_administratif_valide
from preuves.enums import ChapitreStatus
from preuves.models import DossierChapitre, PreuveDemandee
from preuves.services import generer_preuves_demandees, synchroniser_preuves_demandees
from tests.factories import DSRFactory
from tests.preuves.factories import candidature_en_preuves, catalogue, preuve_attendue

pytestmark = pytest.mark.django_db


def identifiants(candidature) -> set[str]:
    return set(
        PreuveDemandee.objects.filter(candidature=candidature).values_list("preuve_attendue__exigence__identifiant", flat=True)
    )


def chapitres(candidature) -> list[str]:
    return [d.chapitre.code for d in DossierChapitre.objects.filter(candidature=candidature).select_related("chapitre")]


def test_general_profile_only_not_referenced_in_vague1():
    candidature = candidature_en_preuves()

    assert identifiants(candidature) == {"INS/GEN.01", "INS/GEN.02", "INS/V1.01", "SSI/GEN.18"}
    assert chapitres(candidature) == ["INS", "SSI"]


def test_selected_optional_profile_adds_its_proofs_and_chapter_in_rem_order():
    cat = catalogue()

    candidature = candidature_en_preuves(cat, profils=[cat["optionnel"]])

    assert identifiants(candidature) == {"INS/GEN.01", "INS/GEN.02", "INS/V1.01", "SSI/GEN.18", "DMP/AIRS.03.01.01"}
    assert chapitres(candidature) == ["INS", "DMP", "SSI"]


def test_referenced_in_vague1_leaves_out_carried_over_requirements():
    candidature = candidature_en_preuves(vague1=StatutVague1.REFERENCE)

    assert identifiants(candidature) == {"INS/GEN.01", "INS/GEN.02", "SSI/GEN.18"}


def test_withdrawn_proofs_and_other_dsrs_are_not_requested():
    cat = catalogue()
    cat["ins_capture"].retiree = True
    cat["ins_capture"].save()
    autre = catalogue(DSRFactory(code="PFI", nom="Plateforme d'intermédiation"))

    candidature = candidature_en_preuves(cat)

    assert identifiants(candidature) == {"INS/GEN.01", "INS/V1.01", "SSI/GEN.18"}
    assert PreuveDemandee.objects.filter(candidature=candidature, preuve_attendue__dsr=autre["dsr"]).count() == 0


def test_generation_is_idempotent_and_journalled_once():
    candidature = candidature_en_preuves()

    counts = generer_preuves_demandees(candidature)

    assert counts == {"creees": 0, "retirees": 0, "chapitres": 0}
    assert PreuveDemandee.objects.filter(candidature=candidature).count() == 4
    assert Evenement.objects.filter(candidature=candidature, action="preuves_demandees").count() == 1


def test_validation_signal_generates_the_proofs(instructeur):
    candidature = candidature_en_preuves(generer=False)

    dossier_administratif_valide.send(sender=None, candidature=candidature, by=instructeur)

    assert identifiants(candidature) == {"INS/GEN.01", "INS/GEN.02", "INS/V1.01", "SSI/GEN.18"}
    assert Evenement.objects.get(candidature=candidature, action="preuves_demandees").acteur == instructeur


def test_adding_a_profile_in_phase2_adds_its_proofs():
    cat = catalogue()
    candidature = candidature_en_preuves(cat)

    candidature.eligibilite.profils.add(cat["optionnel"])

    assert "DMP/AIRS.03.01.01" in identifiants(candidature)
    assert chapitres(candidature) == ["INS", "DMP", "SSI"]


def test_profile_change_before_phase2_does_nothing():
    cat = catalogue()
    candidature = candidature_en_preuves(cat, generer=False, statut=CandidatureStatus.BROUILLON)

    candidature.eligibilite.profils.add(cat["optionnel"])

    assert identifiants(candidature) == set()


def test_new_proof_reopens_a_validated_chapter():
    cat = catalogue()
    candidature = candidature_en_preuves(cat)
    ins = DossierChapitre.objects.get(candidature=candidature, chapitre__code="INS")
    DossierChapitre.objects.filter(pk=ins.pk).update(statut=ChapitreStatus.VALIDE, tour=1)
    preuve_attendue(cat["chapitres"]["INS"], identifiant="INS/GEN.09", ordre=9)

    counts = synchroniser_preuves_demandees(candidature)

    ins.refresh_from_db()
    assert counts["creees"] == 1
    assert ins.statut == ChapitreStatus.EN_ATTENTE_EDITEUR


def test_removed_profile_drops_proofs_without_deposit():
    cat = catalogue()
    candidature = candidature_en_preuves(cat, profils=[cat["optionnel"]])

    candidature.eligibilite.profils.remove(cat["optionnel"])

    assert "DMP/AIRS.03.01.01" not in identifiants(candidature)
    assert chapitres(candidature) == ["INS", "SSI"]

"""The verifier's side: assignment, reviews, chapter decisions, the candidature's validation,
the college's reopening, Interop visits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from candidatures.enums import CandidatureStatus
from candidatures.models import Candidature, Evenement
from comptes.errors import DomainError, PermissionRefusee, TransitionInterdite
from preuves.enums import ChapitreStatus, DecisionChapitre, PreuveStatus
from preuves.models import Revue, RevueChapitre
from preuves.services import (
    assigner_chapitre,
    decider_chapitre,
    deposer_preuve,
    modifier_visite,
    planifier_visite,
    revoir_preuve,
    rouvrir_preuves_non_conformes,
    soumettre_chapitre,
)
from tests.factories import AgentFactory
from tests.preuves.factories import (
    candidature_en_preuves,
    deposer_chapitre_ins,
    dossier,
    mp4,
    pdf,
    png,
    preuves_par_numero,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def soumis(candidature, user):
    """Chapter INS deposited and submitted (round 1)."""
    deposer_chapitre_ins(candidature, user)
    return soumettre_chapitre(dossier(candidature, "INS"), by=user)


@pytest.fixture
def en_analyse(soumis, verificateur):
    return assigner_chapitre(soumis, verificateur=verificateur, by=verificateur)


def revoir_tout(candidature, verificateur, statuts: dict[str, str]):
    p = preuves_par_numero(candidature)
    for identifiant, statut in statuts.items():
        revoir_preuve(p[identifiant], statut=statut, commentaire="" if statut == "conforme" else "Illisible", by=verificateur)


def test_assign_moves_submitted_chapter_to_analysis(soumis, verificateur):
    d = assigner_chapitre(soumis, verificateur=verificateur, by=verificateur)

    assert (d.statut, d.verificateur) == (ChapitreStatus.EN_ANALYSE, verificateur)


def test_reassign_keeps_analysis(en_analyse, verificateur):
    autre = AgentFactory(role="verificateur", username="verif2")

    d = assigner_chapitre(en_analyse, verificateur=autre, by=verificateur)

    assert (d.statut, d.verificateur) == (ChapitreStatus.EN_ANALYSE, autre)


def test_only_verifiers_assign_and_to_verifiers(soumis, verificateur, instructeur, user):
    with pytest.raises(PermissionRefusee):
        assigner_chapitre(soumis, verificateur=verificateur, by=instructeur)
    with pytest.raises(PermissionRefusee):
        assigner_chapitre(soumis, verificateur=verificateur, by=user)
    with pytest.raises(DomainError, match="vérificateur"):
        assigner_chapitre(soumis, verificateur=instructeur, by=verificateur)


def test_review_needs_analysis(soumis, candidature, verificateur):
    with pytest.raises(TransitionInterdite, match="Prenez d'abord"):
        revoir_preuve(preuves_par_numero(candidature)["INS/GEN.01"], statut="conforme", by=verificateur)


def test_review_comment_required_unless_conforme(en_analyse, candidature, verificateur):
    preuve = preuves_par_numero(candidature)["INS/GEN.01"]

    with pytest.raises(DomainError) as exc:
        revoir_preuve(preuve, statut=PreuveStatus.NON_CONFORME, commentaire="  ", by=verificateur)

    assert exc.value.field == "commentaire"
    assert revoir_preuve(preuve, statut=PreuveStatus.CONFORME, by=verificateur).commentaire == ""


def test_editor_cannot_review(en_analyse, candidature, user):
    with pytest.raises(PermissionRefusee):
        revoir_preuve(preuves_par_numero(candidature)["INS/GEN.01"], statut="conforme", by=user)


def test_review_records_who_when_round_version(en_analyse, candidature, verificateur):
    preuve = preuves_par_numero(candidature)["INS/GEN.01"]

    revue = revoir_preuve(preuve, statut=PreuveStatus.A_COMPLETER, commentaire="Son absent", by=verificateur)

    assert (revue.verificateur, revue.tour, revue.depot.version, revue.statut) == (verificateur, 1, 1, "a_completer")
    preuve.refresh_from_db()
    assert preuve.statut == PreuveStatus.DEPOSEE  # applied at the decision


def test_decision_needs_every_proof_reviewed(en_analyse, candidature, verificateur):
    revoir_tout(candidature, verificateur, {"INS/GEN.01": "conforme"})

    with pytest.raises(DomainError, match="Sans avis"):
        decider_chapitre(en_analyse, by=verificateur)


def test_decision_all_conforme_validates_chapter(en_analyse, candidature, verificateur):
    revoir_tout(candidature, verificateur, {"INS/GEN.01": "conforme", "INS/GEN.02": "conforme", "INS/V1.01": "conforme"})

    revue = decider_chapitre(en_analyse, by=verificateur, commentaire="RAS")

    assert (revue.tour, revue.decision, revue.commentaire) == (1, DecisionChapitre.VALIDE, "RAS")
    assert dossier(candidature, "INS").statut == ChapitreStatus.VALIDE
    assert {preuves_par_numero(candidature)[i].statut for i in ("INS/GEN.01", "INS/GEN.02", "INS/V1.01")} == {"conforme"}
    candidature.refresh_from_db()
    assert candidature.statut == CandidatureStatus.PREUVES  # SSI is not validated


def test_decision_with_non_conforme_notifies_editor(en_analyse, candidature, verificateur):
    revoir_tout(candidature, verificateur, {"INS/GEN.01": "non_conforme", "INS/GEN.02": "conforme", "INS/V1.01": "conforme"})

    decider_chapitre(en_analyse, by=verificateur)

    d = dossier(candidature, "INS")
    assert d.statut == ChapitreStatus.EN_ATTENTE_EDITEUR
    p = preuves_par_numero(candidature)
    assert p["INS/GEN.01"].statut == PreuveStatus.NON_CONFORME
    evt = Evenement.objects.get(candidature=candidature, action="chapitre_analyse")
    assert evt.details == {
        "message_auto": True, "lien": reverse("preuves:chapitre", args=[d.pk]), "tour": 1, "decision": "en_attente_editeur",
    }
    assert evt.message.startswith("Chapitre INS analysé (tour 1) : en attente éditeur. 1 preuve(s) à reprendre : ")
    assert (evt.statut_avant, evt.statut_apres) == ("en_analyse", "en_attente_editeur")


def test_latest_review_of_the_round_wins(en_analyse, candidature, verificateur):
    revoir_tout(candidature, verificateur, {"INS/GEN.01": "non_conforme", "INS/GEN.02": "conforme", "INS/V1.01": "conforme"})
    revoir_tout(candidature, verificateur, {"INS/GEN.01": "conforme"})

    decider_chapitre(en_analyse, by=verificateur)

    assert dossier(candidature, "INS").statut == ChapitreStatus.VALIDE
    assert Revue.objects.filter(preuve=preuves_par_numero(candidature)["INS/GEN.01"]).count() == 2


def test_second_round_after_redeposit(en_analyse, candidature, verificateur, user):
    revoir_tout(candidature, verificateur, {"INS/GEN.01": "non_conforme", "INS/GEN.02": "conforme", "INS/V1.01": "conforme"})
    decider_chapitre(en_analyse, by=verificateur)
    p = preuves_par_numero(candidature)

    with pytest.raises(DomainError, match="une nouvelle version est attendue"):
        soumettre_chapitre(dossier(candidature, "INS"), by=user)
    with pytest.raises(TransitionInterdite, match="conforme"):
        deposer_preuve(p["INS/GEN.02"], fichiers=[png()], by=user)
    depot = deposer_preuve(p["INS/GEN.01"], fichiers=[mp4("v2.mp4")], by=user)
    d = soumettre_chapitre(dossier(candidature, "INS"), by=user)
    assigner_chapitre(d, verificateur=verificateur, by=verificateur)
    revoir_tout(candidature, verificateur, {"INS/GEN.01": "conforme"})
    decider_chapitre(d, by=verificateur)

    assert (depot.version, depot.tour) == (2, 2)
    assert dossier(candidature, "INS").statut == ChapitreStatus.VALIDE
    assert list(RevueChapitre.objects.filter(dossier=d).values_list("tour", "decision")) == [
        (2, "valide"), (1, "en_attente_editeur"),
    ]
    assert list(Revue.objects.filter(preuve=p["INS/GEN.01"]).values_list("tour", "depot__version", "statut")) == [
        (2, 2, "conforme"), (1, 1, "non_conforme"),
    ]


def valider_ssi(candidature, user, verificateur):
    deposer_preuve(
        preuves_par_numero(candidature)["SSI/GEN.18"], fichiers=[pdf()], by=user, prestataire_passi="PASSI SA",
        date_test=timezone.localdate() - timedelta(days=3), ko_haute=0, ko_moyenne=2,
    )
    d = soumettre_chapitre(dossier(candidature, "SSI"), by=user)
    assigner_chapitre(d, verificateur=verificateur, by=verificateur)
    revoir_tout(candidature, verificateur, {"SSI/GEN.18": "conforme"})
    decider_chapitre(d, by=verificateur)


def test_every_chapter_validated_validates_the_candidature(en_analyse, candidature, verificateur, user):
    revoir_tout(candidature, verificateur, {"INS/GEN.01": "conforme", "INS/GEN.02": "conforme", "INS/V1.01": "conforme"})
    decider_chapitre(en_analyse, by=verificateur)

    valider_ssi(candidature, user, verificateur)

    candidature.refresh_from_db()
    assert candidature.statut == CandidatureStatus.PREUVES_VALIDEES
    evt = Evenement.objects.get(candidature=candidature, action="preuves_validees")
    assert evt.details["message_auto"] is True


def test_reviews_may_be_completed_after_date3(en_analyse, candidature, verificateur):
    vague = candidature.vague
    now = timezone.now()
    vague.date1, vague.date2, vague.date3 = now - timedelta(days=3), now - timedelta(days=2), now - timedelta(days=1)
    vague.save()
    revoir_tout(candidature, verificateur, {"INS/GEN.01": "conforme", "INS/GEN.02": "conforme", "INS/V1.01": "conforme"})

    assert decider_chapitre(en_analyse, by=verificateur).decision == DecisionChapitre.VALIDE


def test_college_reopens_non_conforming_proofs(en_analyse, candidature, verificateur, user, instructeur):
    revoir_tout(candidature, verificateur, {"INS/GEN.01": "conforme", "INS/GEN.02": "conforme", "INS/V1.01": "conforme"})
    decider_chapitre(en_analyse, by=verificateur)
    valider_ssi(candidature, user, verificateur)
    Candidature.objects.filter(pk=candidature.pk).update(statut=CandidatureStatus.NON_REFERENCEE)
    p = preuves_par_numero(candidature)

    rouvrir_preuves_non_conformes(candidature, preuves=[p["INS/GEN.02"]], by=instructeur)

    p = preuves_par_numero(candidature)
    assert p["INS/GEN.02"].statut == PreuveStatus.NON_CONFORME
    assert p["INS/GEN.01"].statut == PreuveStatus.CONFORME
    assert dossier(candidature, "INS").statut == ChapitreStatus.EN_ATTENTE_EDITEUR
    assert dossier(candidature, "SSI").statut == ChapitreStatus.VALIDE
    candidature.refresh_from_db()
    assert candidature.statut == CandidatureStatus.NON_REFERENCEE
    # the editor redeposits it and resubmits, before Date N°3
    deposer_preuve(p["INS/GEN.02"], fichiers=[png("corrige.png")], by=user)
    assert soumettre_chapitre(dossier(candidature, "INS"), by=user).tour == 2


def test_college_reopening_refuses_foreign_proofs(cat, en_analyse, candidature, instructeur):
    autre = candidature_en_preuves(cat)

    with pytest.raises(DomainError, match="n'appartiennent pas"):
        rouvrir_preuves_non_conformes(candidature, preuves=list(autre.preuves_demandees.all()[:1]), by=instructeur)


def test_visits_planned_and_documents_attached_by_staff(candidature, instructeur, verificateur, user):
    quand = timezone.now() + timedelta(days=10)

    visite = planifier_visite(candidature, date_visite=quand, lieu="Visioconférence", by=instructeur)
    visite = modifier_visite(
        visite, date_visite=quand + timedelta(days=1), lieu="Locaux de l'éditeur", rapport=pdf("rapport.pdf"),
        pas_a_pas=pdf("pas-a-pas.pdf"), by=verificateur,
    )

    assert (visite.lieu, visite.rapport.nom, visite.pas_a_pas.nom) == ("Locaux de l'éditeur", "rapport.pdf", "pas-a-pas.pdf")
    actions = list(Evenement.objects.filter(candidature=candidature, action__startswith="visite").values_list("action", flat=True))
    assert sorted(actions) == ["visite_interop_modifiee", "visite_interop_planifiee"]
    with pytest.raises(PermissionRefusee):
        planifier_visite(candidature, date_visite=quand, by=user)

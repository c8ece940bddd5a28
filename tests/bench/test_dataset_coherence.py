"""The dataset generator at scale S writes a coherent programme (one dataset for the module,
committed, deleted at the end: these tests only read it)."""

from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Max

from bench.dataset.acteurs import SIREN_PREFIX
from bench.dataset.candidatures import PHASE2
from candidatures.enums import CANDIDATURE_TRANSITIONS, CandidatureStatus
from candidatures.models import Candidature, Evenement
from comptes.models import Fichier, Organisation, User
from preuves.enums import (
    CHAPITRE_TRANSITIONS,
    STATUTS_REVUE,
    ChapitreStatus,
    PreuveStatus,
)
from preuves.models import Depot, DossierChapitre, PreuveDemandee, Revue, RevueChapitre

pytestmark = pytest.mark.django_db

P = PreuveStatus
C = ChapitreStatus


def walk(events, start, table):
    """The status reached by following `events` (before, after) from `start`; fails on a bad edge."""
    current = start
    for avant, apres in events:
        assert avant == current
        assert apres in table[avant], f"{avant} -> {apres}"
        current = apres
    return current


def test_generate_s_writes_expected_volumes(dataset):
    assert Organisation.objects.filter(siren__startswith=SIREN_PREFIX).count() == 10
    assert Candidature.objects.count() == 30
    assert User.objects.filter(username__startswith="bench-instructeur-").count() == 2
    assert User.objects.filter(username__startswith="bench-verificateur-").count() == 3
    assert 1000 <= Depot.objects.count() <= 5000
    assert dataset["preuves.Depot"] == Depot.objects.count()
    assert Fichier.objects.count() >= 0.8 * Depot.objects.count()
    assert Revue.objects.count() > 0
    assert RevueChapitre.objects.count() > 0
    assert Evenement.objects.count() > Depot.objects.count()


def test_files_and_proofs_belong_to_the_candidature_organisation(dataset):
    through = Depot.fichiers.through.objects
    assert through.count() > 0
    assert through.exclude(fichier__organisation_id=F("depot__preuve__candidature__organisation_id")).count() == 0
    assert through.exclude(fichier__produit_id=F("depot__preuve__candidature__version__produit_id")).count() == 0
    assert PreuveDemandee.objects.exclude(candidature_id=F("dossier__candidature_id")).count() == 0
    assert PreuveDemandee.objects.exclude(preuve_attendue__dsr_id=F("candidature__dsr_id")).count() == 0
    assert DossierChapitre.objects.exclude(chapitre__dsr_id=F("candidature__dsr_id")).count() == 0


def test_candidature_statuses_follow_the_transition_table(dataset):
    events = defaultdict(list)
    for cid, avant, apres in Evenement.objects.filter(action="statut_change").order_by("created_at", "id").values_list(
        "candidature_id", "statut_avant", "statut_apres"
    ):
        events[cid].append((avant, apres))
    statuses = set()
    for c in Candidature.objects.all():
        assert walk(events[c.pk], CandidatureStatus.BROUILLON, CANDIDATURE_TRANSITIONS) == c.statut
        assert c.dossiers_chapitre.exists() == (c.statut in PHASE2)
        statuses.add(c.statut)
    assert {CandidatureStatus.BROUILLON, CandidatureStatus.PREUVES, CandidatureStatus.REFERENCEE} <= statuses


def test_chapter_and_proof_statuses_are_consistent(dataset):
    events = defaultdict(list)
    for cible, avant, apres in Evenement.objects.filter(action="chapitre_statut").order_by("created_at", "id").values_list(
        "cible", "statut_avant", "statut_apres"
    ):
        events[int(cible.split(":")[1])].append((avant, apres))
    proofs = defaultdict(set)
    for dossier_id, statut in PreuveDemandee.objects.values_list("dossier_id", "statut"):
        proofs[dossier_id].add(statut)
    for d in DossierChapitre.objects.select_related("candidature"):
        assert walk(events[d.pk], C.A_COMPLETER, CHAPITRE_TRANSITIONS) == d.statut
        allowed = {
            C.A_COMPLETER: {P.A_FOURNIR, P.DEPOSEE},
            C.SOUMIS: {P.DEPOSEE, P.CONFORME},
            C.EN_ANALYSE: {P.DEPOSEE, P.CONFORME},
            C.EN_ATTENTE_EDITEUR: {P.CONFORME, P.NON_CONFORME, P.A_COMPLETER, P.DEPOSEE},
            C.VALIDE: {P.CONFORME},
        }[d.statut]
        assert proofs[d.pk] <= allowed, (d.statut, proofs[d.pk])
        if d.candidature.statut not in (CandidatureStatus.PREUVES, CandidatureStatus.NON_REFERENCEE):
            assert d.statut == C.VALIDE
        assert (d.tour == 0) == (d.statut == C.A_COMPLETER)


def test_versions_are_contiguous_and_reviews_match_proofs(dataset):
    versions = defaultdict(list)
    for preuve_id, version in Depot.objects.values_list("preuve_id", "version"):
        versions[preuve_id].append(version)
    assert all(sorted(v) == list(range(1, len(v) + 1)) and len(v) <= 3 for v in versions.values())
    latest = dict(Depot.objects.values("preuve_id").annotate(m=Max("version")).values_list("preuve_id", "m"))
    for p in PreuveDemandee.objects.select_related("dernier_depot"):
        if p.statut == P.A_FOURNIR:
            assert p.dernier_depot is None
        else:
            assert p.dernier_depot.version == latest[p.pk]
    assert set(Revue.objects.values_list("statut", flat=True)) <= set(STATUTS_REVUE)
    reserved = CandidatureStatus.NON_REFERENCEE
    for r in Revue.objects.filter(depot_id=F("preuve__dernier_depot_id")).exclude(preuve__candidature__statut=reserved):
        assert r.preuve.statut == r.statut


def test_refuses_a_generated_programme_without_reset(dataset):
    with pytest.raises(CommandError, match="--reset"):
        call_command("generate_dataset", "--scale", "S", stdout=StringIO())
    assert Candidature.objects.count() == 30

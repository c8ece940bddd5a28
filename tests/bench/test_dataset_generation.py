"""The dataset generator: stored files, repeatability, and care with existing data."""

import pytest
from django.core.files.storage import default_storage
from django.db.models import F

from bench.dataset import ProgrammeNonVide, generate
from bench.dataset.messages import TEXTS
from candidatures.models import Candidature, Evenement
from comptes.models import Fichier
from preuves.models import Depot, DossierChapitre, PreuveDemandee, Revue
from tests.factories import CandidatureFactory

pytestmark = pytest.mark.django_db


def quiet(*args):
    pass


def test_stored_files_exist():
    generate(scale="S", seed=3, log=quiet)

    names = set(Fichier.objects.values_list("fichier", flat=True))
    assert names
    assert all(default_storage.exists(name) for name in names)


def snapshot() -> dict:
    return {
        "counts": {m.__name__: m.objects.count() for m in (Candidature, DossierChapitre, PreuveDemandee, Depot, Revue, Evenement)},
        "candidatures": list(
            Candidature.objects.order_by("pk").values_list("statut", "dsr__code", "organisation__siren", "version__numero")[:10]
        ),
        "depots": list(Depot.objects.order_by("pk").values_list("version", "tour", "preuve__preuve_attendue__numero")[:20]),
        "evenements": list(Evenement.objects.order_by("pk").values_list("action", "statut_avant", "statut_apres")[:30]),
    }


def test_same_seed_gives_the_same_programme():
    generate(scale="S", seed=7, log=quiet)
    first = snapshot()

    generate(scale="S", seed=7, reset=True, log=quiet)

    assert snapshot() == first
    generate(scale="S", seed=8, reset=True, log=quiet)
    assert snapshot() != first


def test_refuses_foreign_candidatures_without_reset_and_keeps_them_with_reset():
    foreign = CandidatureFactory()
    with pytest.raises(ProgrammeNonVide):
        generate(scale="S", seed=1, log=quiet)

    generate(scale="S", seed=1, reset=True, log=quiet)

    assert Candidature.objects.filter(pk=foreign.pk).exists()
    assert Candidature.objects.count() == 31


def test_messages_step_fills_a_message_model_by_its_fields(monkeypatch):
    # Stand-in for messagerie.Message: a model with foreign keys to the candidature, its
    # organisation and a user (the author), text fields and a date.
    monkeypatch.setattr("bench.dataset.messages.message_model", lambda: Evenement)

    generate(scale="S", seed=1, log=quiet)

    messages = Evenement.objects.filter(action__in=[t[:60] for t in TEXTS])
    assert 300 <= messages.count() <= 750
    assert messages.exclude(candidature__organisation_id=F("organisation_id")).count() == 0
    assert messages.filter(acteur__isnull=True).count() == 0

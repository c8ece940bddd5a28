"""The programme the generator writes at scale S, for the tests that read it (generated once per
module, committed, deleted at the end)."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from bench.dataset import generate, reset_generated
from bench.dataset.db import cascade_delete
from candidatures.models import Evenement, Vague


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        groups = set(Group.objects.values_list("pk", flat=True))
        dernier_evenement = Evenement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        counts = generate(scale="S", seed=3, log=lambda *a: None)
        yield counts
        with transaction.atomic():
            reset_generated()
            # Events of the REM imports belong to no generated organisation: drop them too, so that
            # the tests after this module find an empty journal.
            Evenement.objects.filter(pk__gt=dernier_evenement).delete()
            cascade_delete(Vague, "TRUE")
            Group.objects.exclude(pk__in=groups).delete()

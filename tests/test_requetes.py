"""convergence.requetes: one row by its key, without LIMIT."""

import pytest
from django.core.exceptions import MultipleObjectsReturned
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from comptes.models import Organisation
from convergence.requetes import un_seul, un_seul_ou_404
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_one_row_by_its_key_without_limit_or_order():
    org = OrganisationFactory()
    with CaptureQueriesContext(connection) as requetes:
        assert un_seul(Organisation.objects.all(), pk=org.pk) == org
    sql = requetes.captured_queries[0]["sql"].upper()
    assert "LIMIT" not in sql and "ORDER BY" not in sql


def test_nothing_found_or_a_malformed_key_is_none_then_404():
    assert un_seul(Organisation.objects.all(), pk=0) is None
    assert un_seul(Organisation.objects.all(), pk="pas-un-nombre") is None
    with pytest.raises(Http404):
        un_seul_ou_404(Organisation.objects.all(), pk="pas-un-nombre")


def test_a_filter_that_is_not_unique_is_an_error():
    OrganisationFactory.create_batch(2, raison_sociale="Même nom")
    with pytest.raises(MultipleObjectsReturned):
        un_seul(Organisation.objects.all(), raison_sociale="Même nom")


def test_a_key_out_of_the_columns_range_finds_nothing():
    assert un_seul(Organisation.objects.all(), pk=10**20) is None

import pytest

from .monde import construire_monde


@pytest.fixture
def monde(db):
    return construire_monde()


@pytest.fixture
def candidature(db):
    """A candidature in phase `preuves` with its proofs requested (tests.preuves.factories)."""
    from tests.preuves.factories import candidature_en_preuves, catalogue

    return candidature_en_preuves(catalogue())


@pytest.fixture
def user(candidature):
    from tests.preuves.factories import contributeur_soumetteur

    return contributeur_soumetteur(candidature)

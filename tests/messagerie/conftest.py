import pytest
from django.db import transaction

from candidatures.journal import journaliser
from tests.factories import (
    CandidatureFactory,
    HabilitationFactory,
    OrgAdminFactory,
    UserFactory,
)

COMPLEMENT = "Merci de compléter le SIRET de la candidature administrative."


@pytest.fixture
def candidature(db):
    return CandidatureFactory()


@pytest.fixture
def lecteur(candidature):
    """An editor of the candidature's organisation with read right on its product."""
    return HabilitationFactory(
        utilisateur=UserFactory(username="lecteur", organisation=candidature.organisation),
        produit=candidature.version.produit,
    ).utilisateur


@pytest.fixture
def admin_org(candidature):
    return OrgAdminFactory(username="admin-org", organisation=candidature.organisation)


@pytest.fixture
def sans_droit(candidature):
    """Same organisation, no right on the product: not attached."""
    return UserFactory(username="sans-droit", organisation=candidature.organisation)


@pytest.fixture
def autre_org(db):
    return OrgAdminFactory(username="autre-org")


@pytest.fixture
def demander_complement(django_capture_on_commit_callbacks):
    """What phase 1 does when the instructor asks for complements: one journal event, committed."""

    def demander(candidature, acteur, *, lien="/x/", message=COMPLEMENT):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return journaliser(
                "complement_demande",
                acteur=acteur,
                candidature=candidature,
                cible=f"candidature:{candidature.pk}",
                avant="dossier_soumis",
                apres="complement_demande",
                message=message,
                details={"message_auto": True, "lien": lien},
            )

    return demander

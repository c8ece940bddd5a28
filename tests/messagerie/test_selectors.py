import pytest
from django.utils import timezone

from candidatures.journal import journaliser
from comptes.policy import roles
from messagerie.models import Lecture
from messagerie.selectors import (
    candidatures_suivies,
    compte_non_lus,
    destinataires,
    fils_de,
)
from tests.factories import (
    AgentFactory,
    DossierChapitreFactory,
    HabilitationFactory,
    OrganisationFactory,
    UserFactory,
)

from .factories import FilFactory, MessageFactory, NotificationFactory

pytestmark = pytest.mark.django_db


def test_destinataires_are_readers_admins_and_staff_on_it_in_one_query(
    candidature, lecteur, admin_org, sans_droit, autre_org, instructeur, django_assert_num_queries
):
    HabilitationFactory(
        utilisateur=UserFactory(username="inactif", organisation=candidature.organisation, is_active=False),
        produit=candidature.version.produit,
    )
    HabilitationFactory(
        utilisateur=UserFactory(username="sans-lecture", organisation=candidature.organisation),
        produit=candidature.version.produit,
        lire=False,
    )
    candidature.referent = AgentFactory(username="referent")
    candidature.save()
    DossierChapitreFactory(candidature=candidature, verificateur=AgentFactory(username="verif", role="verificateur"))
    journaliser("complement_demande", acteur=instructeur, candidature=candidature)
    journaliser("brouillon", acteur=lecteur, candidature=candidature)
    AgentFactory(username="agent-ailleurs")

    with django_assert_num_queries(1):
        names = [u.username for u in destinataires(candidature)]

    assert sorted(names) == ["admin-org", "instructeur", "lecteur", "referent", "verif"]


def test_staff_follow_only_the_candidatures_they_are_on(candidature, instructeur):
    assert list(candidatures_suivies(instructeur)) == []

    journaliser("complement_demande", acteur=instructeur, candidature=candidature)

    assert list(candidatures_suivies(instructeur)) == [candidature]


def test_unread_count_counts_notifications_and_unnotified_messages_in_one_or_two_queries(
    candidature, lecteur, instructeur, django_assert_num_queries
):
    NotificationFactory(destinataire=lecteur, candidature=candidature)
    NotificationFactory(destinataire=lecteur, candidature=candidature, lue_le=timezone.now())
    fil = FilFactory(candidature=candidature)
    MessageFactory(fil=fil, auteur=instructeur)
    MessageFactory(fil=fil, auteur=instructeur)
    MessageFactory(fil=fil, auteur=lecteur)
    NotificationFactory(destinataire=instructeur)

    with django_assert_num_queries(2):  # an editor's threads, then the count
        assert compte_non_lus(lecteur) == 3
    roles(instructeur)  # read once per request (comptes.policy)
    with django_assert_num_queries(1):  # an agent's: one query
        compte_non_lus(instructeur)

    Lecture.objects.create(utilisateur=lecteur, fil=fil, lu_jusqu_au=timezone.now())
    assert compte_non_lus(lecteur) == 1


def test_unread_count_stops_at_its_cap_and_the_header_says_99_plus(client, candidature, lecteur, instructeur):
    fil = FilFactory(candidature=candidature)
    MessageFactory.create_batch(3, fil=fil, auteur=instructeur)
    NotificationFactory.create_batch(2, destinataire=lecteur, candidature=candidature)

    assert compte_non_lus(lecteur) == 5
    assert compte_non_lus(lecteur, plafond=2) == 4  # each part stops at the cap

    MessageFactory.create_batch(98, fil=fil, auteur=instructeur)
    client.force_login(lecteur)
    header = client.get("/", follow=True).content.decode()
    assert "99+" in header


def test_inbox_has_unread_count_per_thread(candidature, lecteur, instructeur):
    fil = FilFactory(candidature=candidature)
    MessageFactory(fil=fil, auteur=instructeur, texte="Premier")
    MessageFactory(fil=fil, auteur=lecteur, texte="Réponse")
    FilFactory(candidature=candidature, cle="vide")

    (seul,) = fils_de(lecteur)

    assert (seul, seul.non_lus, seul.dernier_extrait) == (fil, 1, "Réponse")


def test_unread_count_of_an_editor_without_threads_is_their_notifications():
    editeur = UserFactory(organisation=OrganisationFactory())
    assert compte_non_lus(editeur) == 0

    NotificationFactory.create_batch(2, destinataire=editeur)
    assert compte_non_lus(editeur, plafond=100) == 2

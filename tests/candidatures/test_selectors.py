from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from candidatures.selectors import (
    agents_ans,
    candidatures_visibles,
    dsr_ouverts,
    versions_contribuables,
)
from tests.factories import CandidatureFactory, UserFactory, VersionProduitFactory


def test_candidatures_visibles_per_role(candidature, lecteur, admin_org, autre_editeur, verificateur, organisation):
    autre = CandidatureFactory(dsr=candidature.dsr)
    sans_droit = UserFactory(organisation=organisation)

    assert set(candidatures_visibles(verificateur)) == {candidature, autre}
    assert list(candidatures_visibles(lecteur)) == [candidature]
    assert list(candidatures_visibles(admin_org)) == [candidature]
    assert list(candidatures_visibles(autre_editeur)) == []
    assert list(candidatures_visibles(sans_droit)) == []
    assert list(candidatures_visibles(AnonymousUser())) == []


def test_versions_contribuables_need_the_contribute_right(version, lecteur, contributeur, autre_editeur):
    VersionProduitFactory(produit__organisation=autre_editeur.organisation)

    assert list(versions_contribuables(contributeur)) == [version]
    assert list(versions_contribuables(lecteur)) == []


def test_dsr_ouverts_excludes_closed_waves(dsr):
    assert list(dsr_ouverts()) == [dsr]
    dsr.vague.active = False
    dsr.vague.save()
    assert list(dsr_ouverts()) == []


def test_agents_ans_are_staff_with_a_role(instructeur, verificateur, soumetteur):
    assert set(agents_ans()) == {instructeur, verificateur}


def test_an_agent_reads_the_candidature_page_but_only_instructors_instruct(client, candidature, verificateur, instructeur):
    client.force_login(verificateur)
    html = client.get(reverse("candidatures:detail", args=[candidature.pk])).content.decode()
    assert "Instruire ce dossier" not in html
    client.force_login(instructeur)
    html = client.get(reverse("candidatures:detail", args=[candidature.pk])).content.decode()
    assert "Instruire ce dossier" in html

"""API of phase 3 (read-only): conventions, their signed documents, the college's decisions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from candidatures.enums import CandidatureStatus as S
from comptes.fichiers import enregistrer_fichier
from conventions import services
from conventions.enums import ConventionStatus, ResultatDecision, RoleSignature
from conventions.models import Convention, Decision, Reserve, Signature
from tests.candidatures.fichiers import pdf_bytes
from tests.conventions.factories import ModeleConventionFactory, SessionCollegeFactory
from tests.conventions.helpers import en_college
from tests.factories import (
    CandidatureFactory,
    PreuveDemandeeFactory,
    VersionProduitFactory,
)

from .conftest import erreur

pytestmark = pytest.mark.django_db


def test_a_reader_follows_the_convention_and_the_decision(api, lecteur, instructeur, version):
    candidature, session = en_college(instructeur, version=version)
    services.decider(candidature, session=session, resultat=ResultatDecision.ATTRIBUTION, by=instructeur)
    client = api(lecteur)

    conventions = client.get(f"/api/v1/conventions/?candidature={candidature.pk}").json()["results"]
    decisions = client.get("/api/v1/decisions/").json()["results"]
    attestation = client.get(decisions[0]["attestation"]["contenu"])

    assert [(c["statut"], [s["role"] for s in c["signatures"]]) for c in conventions] == [("signee", ["editeur", "ans"])]
    assert conventions[0]["pdf_signe"]["sha256"] == conventions[0]["pdf_signe_sha256"]
    candidature.refresh_from_db()
    assert [(d["resultat"], d["numero_referencement"], d["reserves"]) for d in decisions] == [
        ("attribution", candidature.numero_referencement, [])]
    assert attestation.status_code == 200
    assert b"".join(attestation.streaming_content).startswith(b"%PDF")


def _fichier(c):
    return enregistrer_fichier(SimpleUploadedFile("convention.pdf", pdf_bytes()), organisation=c.organisation,
                               produit=c.version.produit)


def _phase3(version, signataire, instructeur):
    """A signed convention and a non-attribution with one reservation, written directly (no PDF work)."""
    c = CandidatureFactory(version=VersionProduitFactory(produit=version.produit), statut=S.NON_REFERENCEE)
    modele = ModeleConventionFactory(vague=c.vague, actif=False)
    f = _fichier(c)
    convention = Convention.objects.create(
        candidature=c, modele=modele, statut=ConventionStatus.SIGNEE, pdf=f, pdf_sha256=f.sha256, pdf_signe=f,
        pdf_signe_sha256=f.sha256, prepared_by=instructeur, prepared_at=timezone.now(),
    )
    for role, qui in ((RoleSignature.EDITEUR, signataire), (RoleSignature.ANS, instructeur)):
        Signature.objects.create(convention=convention, role=role, signataire=qui, signe_le=timezone.now(), sha256=f.sha256)
    decision = Decision.objects.create(candidature=c, session=SessionCollegeFactory(), resultat=ResultatDecision.NON_ATTRIBUTION,
                                       motifs="Réserves")
    Reserve.objects.create(decision=decision, preuve_demandee=PreuveDemandeeFactory(dossier__candidature=c), motif="Capture floue")
    return c


def test_a_non_attribution_shows_its_reservations(api, lecteur, soumetteur, instructeur, version):
    c = _phase3(version, soumetteur, instructeur)

    decision = api(lecteur).get("/api/v1/decisions/").json()["results"][0]

    preuve = c.preuves_demandees.get()
    assert (decision["resultat"], decision["numero_referencement"], decision["attestation"]) == ("non_attribution", None, None)
    assert decision["reserves"][0]["preuve_demandee"] == preuve.pk
    assert (decision["reserves"][0]["preuve_numero"], decision["reserves"][0]["motif"]) == (
        preuve.preuve_attendue.numero, "Capture floue")


def test_another_organisation_sees_no_convention_nor_decision(api, autre_editeur, soumetteur, instructeur, version):
    c = _phase3(version, soumetteur, instructeur)
    client = api(autre_editeur)

    assert client.get("/api/v1/conventions/").json()["count"] == 0
    assert client.get("/api/v1/decisions/").json()["count"] == 0
    erreur(client.get(f"/api/v1/conventions/{c.convention.pk}/"), 404, "introuvable")
    erreur(client.get(f"/api/v1/decisions/{c.decisions.get().pk}/"), 404, "introuvable")


def test_phase3_is_read_only_and_filters_are_checked(api, admin_org):
    client = api(admin_org)

    assert erreur(client.post("/api/v1/conventions/", {}, format="json"), 405, "methode_interdite")["message"] == (
        "Méthode «\xa0POST\xa0» non autorisée."
    )
    assert erreur(client.get("/api/v1/decisions/?resultat=peut-etre"), 400, "requete_invalide")["champs"] == {
        "resultat": ["Sélectionnez un choix valide. peut-etre n’en fait pas partie."]
    }


@pytest.mark.parametrize("n", [1, 3])
def test_phase3_lists_query_counts_are_constant(api, lecteur, soumetteur, instructeur, version, django_assert_num_queries, n):
    for _ in range(n):
        _phase3(version, soumetteur, instructeur)
    client = api(lecteur)

    with django_assert_num_queries(5):  # token, visible candidatures, count, page with the documents, signatures
        assert client.get("/api/v1/conventions/").json()["count"] == n
    with django_assert_num_queries(5):  # token, visible candidatures, count, page with session, attestation and number, reservations
        assert client.get("/api/v1/decisions/").json()["count"] == n

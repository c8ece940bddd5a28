import pytest
from django.urls import reverse

from candidatures.enums import CandidatureStatus as S
from conventions import services
from conventions.enums import ConventionStatus, ResultatDecision
from conventions.models import Convention, Decision, SessionCollege, Signature
from preuves.enums import PreuveStatus
from tests.conventions.factories import (
    SessionCollegeFactory,
    candidature_preuves_validees,
    lecteur,
    signataire,
)
from tests.conventions.helpers import IP_EDITEUR, convention_signee, en_college
from tests.factories import OrgAdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(candidature):
    return reverse("conventions:candidature", args=[candidature.pk])


def test_candidature_page_shows_the_sign_form_to_the_signatory(client, instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    client.force_login(signataire(candidature))

    response = client.get(_page(candidature))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="signer-convention"' in html
    assert "en tant que signataire habilité de " + candidature.organisation.raison_sociale in html
    assert f'href="/comptes/fichiers/{convention.pdf.pk}/"' in html
    assert convention.pdf_sha256 in html
    assert "Étape 2 sur 5" in html


def test_a_reader_without_the_signer_right_is_told_who_signs(client, instructeur):
    candidature = candidature_preuves_validees()
    services.preparer_convention(candidature, by=instructeur)
    client.force_login(lecteur(candidature))

    html = client.get(_page(candidature)).content.decode()

    assert 'id="signer-convention"' not in html
    assert "disposant du droit « Signer la convention »" in html


def test_another_organisation_gets_404_and_no_data(client, instructeur):
    candidature = candidature_preuves_validees()
    services.preparer_convention(candidature, by=instructeur)
    client.force_login(OrgAdminFactory())

    for url in (_page(candidature), reverse("conventions:convention-signer", args=[candidature.pk])):
        response = client.post(url, {"consentement": "on"}) if "signer" in url else client.get(url)
        assert response.status_code == 404
        assert candidature.organisation.raison_sociale not in response.content.decode()
    assert Signature.objects.count() == 0


def test_anonymous_is_sent_to_login(client):
    candidature = candidature_preuves_validees()

    response = client.get(_page(candidature))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_instructor_prepares_from_the_page(client, instructeur):
    candidature = candidature_preuves_validees()
    client.force_login(instructeur)
    assert 'id="preparer-convention"' in client.get(_page(candidature)).content.decode()

    response = client.post(reverse("conventions:convention-preparer", args=[candidature.pk]), follow=True)

    assert response.redirect_chain == [(_page(candidature), 302)]
    assert "La convention a été préparée" in response.content.decode()
    assert Convention.objects.get().candidature == candidature


def test_an_editor_cannot_prepare(client):
    candidature = candidature_preuves_validees()
    client.force_login(signataire(candidature))

    response = client.post(reverse("conventions:convention-preparer", args=[candidature.pk]), follow=True)

    assert "Vous n&#x27;avez pas le droit d&#x27;effectuer cette action." in response.content.decode()
    assert Convention.objects.count() == 0


def test_signing_without_consent_shows_the_error_on_the_field(client, instructeur):
    candidature = candidature_preuves_validees()
    services.preparer_convention(candidature, by=instructeur)
    client.force_login(signataire(candidature))

    response = client.post(reverse("conventions:convention-signer", args=[candidature.pk]), {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "fr-fieldset--error" in html
    assert "Cochez la case de consentement pour signer la convention." in html
    assert Signature.objects.count() == 0


def test_signing_with_consent_records_the_address(client, instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    user = signataire(candidature)
    client.force_login(user)

    response = client.post(
        reverse("conventions:convention-signer", args=[candidature.pk]), {"consentement": "on"}, REMOTE_ADDR=IP_EDITEUR, follow=True
    )

    assert "Vous avez signé la convention." in response.content.decode()
    sig = Signature.objects.get()
    assert (sig.signataire, sig.adresse_ip) == (user, IP_EDITEUR)
    convention.refresh_from_db()
    assert convention.statut == ConventionStatus.SIGNEE_EDITEUR


def test_signing_twice_from_the_page_is_refused_with_a_message(client, instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    user = signataire(candidature)
    services.signer_convention_editeur(convention, by=user, consentement=True, adresse_ip=IP_EDITEUR)
    client.force_login(user)

    response = client.post(reverse("conventions:convention-signer", args=[candidature.pk]), {"consentement": "on"}, follow=True)

    assert "ne se signe qu&#x27;une fois" in response.content.decode()
    assert Signature.objects.count() == 1


def test_instructor_countersigns_from_the_page(client, instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    services.signer_convention_editeur(convention, by=signataire(candidature), consentement=True, adresse_ip=IP_EDITEUR)
    client.force_login(instructeur)

    response = client.post(reverse("conventions:convention-contresigner", args=[candidature.pk]), follow=True)

    html = response.content.decode()
    assert "La convention est contresignée" in html
    assert html.count('class="cv-hash"') == 5  # 3 documents + 2 signatures
    candidature.refresh_from_db()
    assert candidature.statut == S.CONVENTION_SIGNEE


def test_vague1_convention_is_shown_as_still_valid(client):
    candidature = candidature_preuves_validees()
    candidature.administrative.convention_vague1_signee = True
    candidature.administrative.save()
    client.force_login(signataire(candidature))

    html = client.get(_page(candidature)).content.decode()

    assert "Convention Vague 1 toujours en vigueur" in html


def test_attestation_is_downloadable_by_the_editor_only(client, instructeur):
    candidature, session = en_college(instructeur)
    decision = services.decider(candidature, session=session, resultat=ResultatDecision.ATTRIBUTION, by=instructeur)
    editeur = lecteur(candidature)
    client.force_login(editeur)

    html = client.get(_page(candidature)).content.decode()
    response = client.get(reverse("comptes:fichier", args=[decision.attestation.pk]))

    assert "SEGUR-V2-DPI-0001" in html
    assert f'href="/comptes/fichiers/{decision.attestation.pk}/"' in html
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(UserFactory())
    assert client.get(reverse("comptes:fichier", args=[decision.attestation.pk])).status_code == 404


def test_editor_sees_reservations_and_redeposit(client, instructeur):
    candidature, session = en_college(instructeur)
    preuve = candidature.preuves_demandees.first()
    services.decider(candidature, session=session, resultat=ResultatDecision.NON_ATTRIBUTION, reserves=[(preuve, "Vidéo illisible")], by=instructeur)
    client.force_login(lecteur(candidature))

    html = client.get(_page(candidature)).content.decode()

    assert "Non-attribution du référencement (réserves bloquantes)" in html
    assert preuve.preuve_attendue.numero in html
    assert "Vidéo illisible" in html
    assert "vous pouvez les redéposer jusqu'à la Date N°3" in html


# --- College pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_sessions_list_query_count_is_constant(client, instructeur, django_assert_num_queries, n):
    for _ in range(n):
        candidature, session = en_college(instructeur)
        services.decider(candidature, session=session, resultat=ResultatDecision.ATTRIBUTION, by=instructeur)
        services.preparer_convention(candidature_preuves_validees(), by=instructeur)
    client.force_login(instructeur)

    with django_assert_num_queries(8):
        response = client.get(reverse("conventions:colleges"))

    assert len(response.context["sessions"]) == n
    assert len(response.context["candidatures"]) == n


def test_sessions_list_is_for_agents(client):
    client.force_login(OrgAdminFactory())

    assert client.get(reverse("conventions:colleges")).status_code == 403


def test_instructor_creates_a_session(client, instructeur):
    client.force_login(instructeur)

    response = client.post(
        reverse("conventions:colleges"), {"date": "2026-12-15T14:30", "lieu": "Paris", "membres": "Mme A\nM. B"}
    )

    session = SessionCollege.objects.get()
    assert response.url == reverse("conventions:college", args=[session.pk])
    assert (session.lieu, session.membres, session.cree_par) == ("Paris", "Mme A\nM. B", instructeur)
    assert session.date.isoformat() == "2026-12-15T13:30:00+00:00"


def test_session_form_errors_are_shown(client, instructeur):
    client.force_login(instructeur)

    response = client.post(reverse("conventions:colleges"), {"date": "demain"})

    assert response.status_code == 200
    assert "Date invalide." in response.content.decode()
    assert SessionCollege.objects.count() == 0


@pytest.mark.parametrize("n", [1, 3])
def test_college_page_query_count_is_constant(client, instructeur, django_assert_num_queries, n):
    session = SessionCollegeFactory()
    for i in range(n):
        candidature, _s = en_college(instructeur, session=session)
        if i % 2 == 0:  # rows with and without a decision
            preuve = candidature.preuves_demandees.first()
            services.decider(candidature, session=session, resultat=ResultatDecision.NON_ATTRIBUTION, reserves=[(preuve, "KO")], by=instructeur)
    convention_signee(instructeur)  # one candidature to offer in the form
    client.force_login(instructeur)

    with django_assert_num_queries(12):
        response = client.get(reverse("conventions:college", args=[session.pk]))

    assert len(response.context["inscriptions"]) == n
    assert 'id="inscrire-candidature"' in response.content.decode()


def test_college_page_is_for_agents(client, instructeur):
    session = SessionCollegeFactory()
    client.force_login(UserFactory())

    assert client.get(reverse("conventions:college", args=[session.pk])).status_code == 403


def test_instructor_adds_a_candidature_to_the_agenda(client, instructeur):
    candidature, _convention = convention_signee(instructeur)
    session = SessionCollegeFactory()
    client.force_login(instructeur)

    response = client.post(reverse("conventions:college", args=[session.pk]), {"candidature": candidature.pk}, follow=True)

    assert "La candidature a été inscrite à l&#x27;ordre du jour." in response.content.decode()
    candidature.refresh_from_db()
    assert candidature.statut == S.EN_COLLEGE


def test_a_candidature_without_signed_convention_is_not_offered(client, instructeur):
    candidature = candidature_preuves_validees()
    services.preparer_convention(candidature, by=instructeur)
    session = SessionCollegeFactory()
    client.force_login(instructeur)

    response = client.post(reverse("conventions:college", args=[session.pk]), {"candidature": candidature.pk})

    assert "Cette candidature ne peut pas être inscrite." in response.content.decode()
    assert session.inscriptions.count() == 0


def test_decision_page_records_a_non_attribution_with_reservations(client, instructeur):
    candidature, session = en_college(instructeur, n_preuves=2)
    preuve, autre = candidature.preuves_demandees.order_by("pk")
    client.force_login(instructeur)
    url = reverse("conventions:decision", args=[session.pk, candidature.pk])
    assert preuve.preuve_attendue.numero in client.get(url).content.decode()

    response = client.post(
        url,
        {"resultat": "non_attribution", "motifs": "Points à reprendre", f"reserve_{preuve.pk}": "on", f"motif_{preuve.pk}": "Capture floue", "reserve_generale": "Attestation CNDA à fournir"},
    )

    assert response.url == reverse("conventions:college", args=[session.pk])
    decision = Decision.objects.get()
    assert (decision.resultat, decision.motifs) == ("non_attribution", "Points à reprendre")
    assert [(r.preuve_demandee, r.motif) for r in decision.reserves.all()] == [(preuve, "Capture floue"), (None, "Attestation CNDA à fournir")]
    preuve.refresh_from_db()
    autre.refresh_from_db()
    assert (preuve.statut, autre.statut) == (PreuveStatus.NON_CONFORME, PreuveStatus.CONFORME)


def test_decision_form_errors_keep_the_input(client, instructeur):
    candidature, session = en_college(instructeur)
    preuve = candidature.preuves_demandees.first()
    client.force_login(instructeur)

    response = client.post(
        reverse("conventions:decision", args=[session.pk, candidature.pk]),
        {"resultat": "non_attribution", "motifs": "Observations gardées", f"reserve_{preuve.pk}": "on"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez le motif de cette réserve." in html
    assert "Observations gardées" in html
    assert Decision.objects.count() == 0


def test_decision_page_is_for_instructors(client, instructeur, verificateur):
    candidature, session = en_college(instructeur)
    client.force_login(verificateur)

    response = client.post(reverse("conventions:decision", args=[session.pk, candidature.pk]), {"resultat": "attribution"})

    assert response.status_code == 403
    assert Decision.objects.count() == 0

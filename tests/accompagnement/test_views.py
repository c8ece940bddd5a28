import pytest
from django.urls import reverse

from accompagnement.enums import DemandeStatus
from accompagnement.models import DemandeSupport
from tests.accompagnement.factories import (
    DemandeSupportFactory,
    EvenementCalendrierFactory,
    LienServiceFactory,
    MessageDemandeFactory,
    QuestionFAQFactory,
)
from tests.factories import UserFactory

# --- Support requests: editor side ------------------------------------------------------------


def test_demandes_lists_the_visible_requests_with_their_state(client, editeur_dpi, autre_editeur):
    a_moi = DemandeSupportFactory(auteur=editeur_dpi, sujet="Question sur le DMP", statut=DemandeStatus.EN_ATTENTE_EDITEUR)
    DemandeSupportFactory(auteur=autre_editeur, sujet="Secret du concurrent")
    client.force_login(editeur_dpi)

    response = client.get(reverse("accompagnement:demandes"))

    assert response.status_code == 200
    assert response.context["demandes"] == [a_moi]
    html = response.content.decode()
    assert "Question sur le DMP" in html
    assert "En attente de l&#x27;éditeur" in html
    assert f'href="/espace/demandes/{a_moi.pk}/"' in html
    assert "Secret du concurrent" not in html


@pytest.mark.parametrize("n", [1, 3])
def test_demandes_query_count_is_constant(client, editeur_dpi, django_assert_num_queries, n):
    for _ in range(n):
        MessageDemandeFactory(demande=DemandeSupportFactory(auteur=editeur_dpi, candidature=editeur_dpi.candidature))
    client.force_login(editeur_dpi)

    with django_assert_num_queries(8):
        response = client.get(reverse("accompagnement:demandes"))

    assert len(response.context["demandes"]) == n


def test_demande_creer_opens_a_request_and_shows_it(client, editeur_dpi):
    client.force_login(editeur_dpi)

    response = client.post(
        reverse("accompagnement:demande-creer"),
        {"categorie": "cnda", "sujet": "Statut Pré-examen", "description": "Quelle capture fournir ?", "candidature": editeur_dpi.candidature.pk},
    )

    demande = DemandeSupport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/espace/demandes/{demande.pk}/"
    assert (demande.sujet, demande.categorie, demande.produit_id) == ("Statut Pré-examen", "cnda", editeur_dpi.candidature.version.produit_id)


def test_demande_creer_shows_errors_and_keeps_the_input(client, editeur_dpi):
    client.force_login(editeur_dpi)

    response = client.post(reverse("accompagnement:demande-creer"), {"categorie": "", "sujet": "Mon sujet", "description": ""})

    assert response.status_code == 200
    assert DemandeSupport.objects.count() == 0
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'value="Mon sujet"' in html
    assert set(response.context["form"].errors) == {"categorie", "description"}


def test_demande_creer_offers_only_the_editors_candidatures(client, editeur_dpi, autre_editeur):
    client.force_login(editeur_dpi)

    response = client.get(reverse("accompagnement:demande-creer"))

    assert list(response.context["form"].fields["candidature"].queryset) == [editeur_dpi.candidature]
    response = client.post(
        reverse("accompagnement:demande-creer"),
        {"categorie": "cnda", "sujet": "x", "description": "y", "candidature": autre_editeur.candidature.pk},
    )
    assert "candidature" in response.context["form"].errors
    assert DemandeSupport.objects.count() == 0


def test_demande_detail_shows_the_thread_and_the_solution(client, editeur_dpi):
    demande = DemandeSupportFactory(auteur=editeur_dpi, statut=DemandeStatus.RESOLUE, solution="Déposez la capture CNDA.")
    MessageDemandeFactory(demande=demande, texte="Merci d'avance")
    client.force_login(editeur_dpi)

    response = client.get(reverse("accompagnement:demande", args=[demande.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Déposez la capture CNDA." in html
    assert "Merci d&#x27;avance" in html
    assert 'id="form-reponse"' not in html  # a resolved request takes no reply


def test_demande_detail_of_another_organisation_is_404(client, editeur_dpi, autre_editeur):
    demande = DemandeSupportFactory(auteur=autre_editeur, sujet="Secret")
    client.force_login(editeur_dpi)

    assert client.get(reverse("accompagnement:demande", args=[demande.pk])).status_code == 404
    assert client.post(reverse("accompagnement:demande", args=[demande.pk]), {"texte": "intrus"}).status_code == 404
    assert demande.messages.count() == 0


def test_demande_reply_by_the_editor(client, editeur_dpi):
    demande = DemandeSupportFactory(auteur=editeur_dpi, statut=DemandeStatus.EN_ATTENTE_EDITEUR)
    client.force_login(editeur_dpi)

    response = client.post(reverse("accompagnement:demande", args=[demande.pk]), {"texte": "Voici la précision."})

    assert response.status_code == 302
    demande.refresh_from_db()
    assert demande.statut == DemandeStatus.EN_COURS
    assert list(demande.messages.values_list("texte", flat=True)) == ["Voici la précision."]


def test_an_editor_cannot_take_or_resolve(client, editeur_dpi):
    demande = DemandeSupportFactory(auteur=editeur_dpi)
    client.force_login(editeur_dpi)

    client.post(reverse("accompagnement:demande-prendre", args=[demande.pk]))
    response = client.post(reverse("accompagnement:demande-resoudre", args=[demande.pk]), {"solution": "moi"})

    demande.refresh_from_db()
    assert (demande.statut, demande.solution) == (DemandeStatus.NOUVELLE, "")
    assert "Vous n&#x27;avez pas le droit" in response.content.decode()


# --- Support requests: agent side -------------------------------------------------------------


def test_agent_takes_replies_and_resolves(client, editeur_dpi, agent):
    demande = DemandeSupportFactory(auteur=editeur_dpi)
    client.force_login(agent)

    client.post(reverse("accompagnement:demande-prendre", args=[demande.pk]))
    client.post(reverse("accompagnement:demande", args=[demande.pk]), {"texte": "Précisez", "attendre_editeur": "on"})
    demande.refresh_from_db()
    assert (demande.statut, demande.agent_id) == (DemandeStatus.EN_ATTENTE_EDITEUR, agent.pk)

    response = client.post(reverse("accompagnement:demande-resoudre", args=[demande.pk]), {"solution": "C'est réglé."})

    assert response.status_code == 302
    demande.refresh_from_db()
    assert (demande.statut, demande.solution) == (DemandeStatus.RESOLUE, "C'est réglé.")


def test_resolution_without_solution_shows_an_error(client, editeur_dpi, agent):
    demande = DemandeSupportFactory(auteur=editeur_dpi)
    client.force_login(agent)

    response = client.post(reverse("accompagnement:demande-resoudre", args=[demande.pk]), {"solution": ""})

    assert response.status_code == 200
    assert "solution" in response.context["resolution_form"].errors
    demande.refresh_from_db()
    assert demande.statut == DemandeStatus.NOUVELLE


def test_support_queue_is_for_agents_only(client, editeur_dpi):
    DemandeSupportFactory(auteur=editeur_dpi, sujet="Visible des agents")
    client.force_login(editeur_dpi)

    response = client.get(reverse("accompagnement:support"))

    assert response.status_code == 403
    assert "Visible des agents" not in response.content.decode()


def test_support_queue_filters(client, editeur_dpi, autre_editeur, agent):
    DemandeSupportFactory(auteur=editeur_dpi, sujet="Sur le CNDA", categorie="cnda")
    DemandeSupportFactory(auteur=autre_editeur, sujet="Sur le financement", categorie="financement")
    client.force_login(agent)

    response = client.get(reverse("accompagnement:support"), {"categorie": "cnda", "statut": ""})

    assert [d.sujet for d in response.context["demandes"]] == ["Sur le CNDA"]


@pytest.mark.parametrize("n", [1, 3])
def test_support_queue_query_count_is_constant(client, agent, django_assert_num_queries, n):
    for _ in range(n):
        MessageDemandeFactory(demande=DemandeSupportFactory(agent=agent))
    client.force_login(agent)

    with django_assert_num_queries(7):
        response = client.get(reverse("accompagnement:support"))

    assert len(response.context["demandes"]) == n


def test_agents_are_sent_from_the_editor_pages_to_the_queue(client, agent):
    client.force_login(agent)

    response = client.get(reverse("accompagnement:demandes"))

    assert (response.status_code, response["Location"]) == (302, "/espace/support/")


# --- FAQ --------------------------------------------------------------------------------------


def test_faq_page_shows_the_top_faq_then_all_questions(client, editeur_dpi):
    dpi = QuestionFAQFactory(question="Homologation du DPI ?", ordre=5)
    dpi.dsrs.add(editeur_dpi.candidature.dsr)
    QuestionFAQFactory(question="Autre question", ordre=1)
    client.force_login(editeur_dpi)

    response = client.get(reverse("accompagnement:faq"))

    assert [q.question for q in response.context["top"]] == ["Homologation du DPI ?"]
    assert [q.question for q in response.context["questions"]] == ["Homologation du DPI ?", "Autre question"]


def test_faq_search_hides_the_top(client, editeur_dpi):
    QuestionFAQFactory(question="Le test d'intrusion", reponse="PASSI")
    QuestionFAQFactory(question="Autre question")
    client.force_login(editeur_dpi)

    response = client.get(reverse("accompagnement:faq"), {"q": "intrusion"})

    assert response.context["top"] == []
    assert [q.question for q in response.context["questions"]] == ["Le test d'intrusion"]
    assert "1 résultat" in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_faq_query_count_is_constant(client, editeur_dpi, django_assert_num_queries, n):
    for _ in range(n):
        q = QuestionFAQFactory(actualite=True)
        q.dsrs.add(editeur_dpi.candidature.dsr)
    client.force_login(editeur_dpi)

    with django_assert_num_queries(15):
        response = client.get(reverse("accompagnement:faq"))

    assert len(response.context["questions"]) == n


# --- Dashboard --------------------------------------------------------------------------------


def test_home_sends_an_editor_to_the_dashboard(client, editeur_dpi):
    client.force_login(editeur_dpi)

    response = client.get("/")

    assert (response.status_code, response["Location"]) == (302, "/espace/")


def test_dashboard_requires_an_editor(client, agent):
    client.force_login(UserFactory(organisation=None, username="sans-role"))

    assert client.get(reverse("accompagnement:tableau-de-bord")).status_code == 403


def test_dashboard_shows_account_manager_services_and_open_requests(client, editeur_dpi):
    gestionnaire = UserFactory(organisation=None, username="armand", first_name="Armand", last_name="Martin", telephone="01 02 03 04 05", is_staff=True)
    editeur_dpi.organisation.gestionnaire_compte = gestionnaire
    editeur_dpi.organisation.save()
    LienServiceFactory(titre="Activer l'API Sesali", url="https://esante.gouv.fr/sesali")
    DemandeSupportFactory(auteur=editeur_dpi, sujet="Ma question ouverte")
    DemandeSupportFactory(auteur=editeur_dpi, sujet="Ma question close", statut=DemandeStatus.RESOLUE, solution="ok")
    EvenementCalendrierFactory(titre="Webinaire dépôt des preuves")
    client.force_login(editeur_dpi)

    response = client.get(reverse("accompagnement:tableau-de-bord"))

    html = response.content.decode()
    assert "Armand Martin" in html
    assert "mailto:armand@example.test" in html
    assert "01 02 03 04 05" in html
    assert "Activer l&#x27;API Sesali" in html
    assert "Ma question ouverte" in html
    assert "Ma question close" not in html
    assert [d.titre for d in response.context["tdb"].prochaines_dates][:2] == ["Webinaire dépôt des preuves", "Vague 2 — Date N°1"]

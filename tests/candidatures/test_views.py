from datetime import timedelta

import pytest
from django.urls import reverse

from candidatures import services
from candidatures.enums import CandidatureStatus as S
from candidatures.enums import EtapeStatus, StatutVague1
from candidatures.journal import journaliser
from candidatures.models import Candidature, CandidatureAdministrative
from comptes.models import Fichier
from tests.factories import (
    CandidatureFactory,
    DSRFactory,
    HabilitationFactory,
    UserFactory,
    VagueFactory,
)

from .conftest import completer, decaler_dates
from .fichiers import html_renomme_pdf, pdf


def contenu(response) -> str:
    return response.content.decode()


# --- editor list --------------------------------------------------------------------------------


def test_liste_shows_the_candidatures_of_readable_products(client, candidature, lecteur):
    client.force_login(lecteur)

    response = client.get(reverse("candidatures:liste"))

    assert response.status_code == 200
    assert [c.pk for c in response.context["candidatures"]] == [candidature.pk]
    html = contenu(response)
    assert "DPI Horizon" in html and "5.2.0" in html and "Compléter et soumettre le dossier administratif" in html


def test_liste_other_organisation_gets_nothing(client, candidature, autre_editeur):
    client.force_login(autre_editeur)

    response = client.get(reverse("candidatures:liste"))

    assert list(response.context["candidatures"]) == []
    assert "DPI Horizon" not in contenu(response)


def test_liste_hides_products_without_the_read_right(client, candidature, organisation, dsr):
    user = HabilitationFactory(utilisateur__organisation=organisation, produit__organisation=organisation).utilisateur

    client.force_login(user)
    response = client.get(reverse("candidatures:liste"))

    assert list(response.context["candidatures"]) == []


def test_liste_filters_by_status(client, candidature, admin_org, version):
    autre = CandidatureFactory(version=version, dsr=DSRFactory(vague=candidature.vague, code="PFI"), statut=S.DOSSIER_SOUMIS)
    client.force_login(admin_org)

    response = client.get(reverse("candidatures:liste"), {"statut": S.DOSSIER_SOUMIS})

    assert [c.pk for c in response.context["candidatures"]] == [autre.pk]


def test_agents_list_every_candidature_of_every_phase_with_search_and_filters(
    client, candidature, version, instructeur, autre_editeur
):
    pfi = DSRFactory(vague=candidature.vague, code="PFI")
    en_preuves = CandidatureFactory(version=version, dsr=pfi, statut=S.PREUVES)
    ailleurs = CandidatureFactory(version__produit__organisation=autre_editeur.organisation, version__produit__nom="Radiologie Plus", dsr=pfi)
    client.force_login(instructeur)

    def pks(**params):
        response = client.get(reverse("candidatures:liste"), params)
        assert response.status_code == 200
        return sorted(c.pk for c in response.context["candidatures"])

    assert pks() == sorted([candidature.pk, en_preuves.pk, ailleurs.pk])
    assert pks(statut=S.PREUVES) == [en_preuves.pk]
    assert pks(dsr=pfi.pk) == sorted([en_preuves.pk, ailleurs.pk])
    assert pks(q="radiologie") == [ailleurs.pk]
    assert pks(q=ailleurs.organisation.siren) == [ailleurs.pk]
    assert pks(q=en_preuves.reference) == [en_preuves.pk]
    assert pks(q=en_preuves.reference.lower()) == [en_preuves.pk]
    html = contenu(client.get(reverse("candidatures:liste")))
    assert ailleurs.organisation.raison_sociale in html  # agents see whose candidature it is
    assert "Démarrer une candidature" not in html
    assert 'href="/candidatures/"' in contenu(client.get(reverse("candidatures:instruction")))  # in the agents' menu


def test_liste_search_never_reaches_another_organisation(client, candidature, autre_editeur):
    client.force_login(autre_editeur)

    response = client.get(reverse("candidatures:liste"), {"q": candidature.reference})

    assert list(response.context["candidatures"]) == []
    assert "Aucune candidature ne correspond à ces critères." in contenu(response)


def test_liste_bad_filter_is_an_error_message_not_a_500(client, candidature, admin_org):
    client.force_login(admin_org)

    response = client.get(reverse("candidatures:liste"), {"vague": "pas-un-nombre", "statut": "inconnu"})

    assert response.status_code == 200
    assert "fr-error-text" in contenu(response) or "fr-message--error" in contenu(response)


@pytest.mark.parametrize("n", [1, 3])
def test_liste_query_count_is_constant(client, admin_org, organisation, dsr, django_assert_num_queries, n):
    for _ in range(n):
        CandidatureFactory(version__produit__organisation=organisation, dsr=dsr)
    client.force_login(admin_org)

    with django_assert_num_queries(11):  # of which the wave and DSR choices of the filters
        response = client.get(reverse("candidatures:liste"))

    assert len(response.context["candidatures"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_agents_list_query_count_is_constant(client, instructeur, dsr, django_assert_num_queries, n):
    for _ in range(n):
        CandidatureFactory(dsr=dsr)  # each of another organisation
    client.force_login(instructeur)

    with django_assert_num_queries(11):
        response = client.get(reverse("candidatures:liste"), {"q": "a", "dsr": dsr.pk})

    assert len(response.context["candidatures"]) == n


# --- starting -----------------------------------------------------------------------------------


def test_nouvelle_shows_the_charter_and_the_choices(client, contributeur, version, dsr):
    client.force_login(contributeur)

    response = client.get(reverse("candidatures:nouvelle"))

    html = contenu(response)
    assert "l&#x27;éditeur s&#x27;engage à fournir des informations exactes" in html
    assert list(response.context["form"].fields["version"].queryset) == [version]
    assert list(response.context["form"].fields["dsr"].queryset) == [dsr]


def test_nouvelle_without_the_charter_creates_nothing(client, contributeur, version, dsr):
    client.force_login(contributeur)

    response = client.post(reverse("candidatures:nouvelle"), {"version": version.pk, "dsr": dsr.pk})

    assert response.status_code == 200
    assert response.context["form"].errors["charte_acceptee"] == [
        "Vous devez accepter la charte de référencement pour démarrer une candidature."]
    assert Candidature.objects.count() == 0


def test_nouvelle_starts_the_candidature(client, contributeur, version, dsr, general):
    client.force_login(contributeur)

    response = client.post(reverse("candidatures:nouvelle"), {"version": version.pk, "dsr": dsr.pk, "charte_acceptee": "on"})

    c = Candidature.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("candidatures:detail", args=[c.pk])
    assert c.charte_acceptee_par == contributeur


def test_nouvelle_offers_nothing_to_another_organisation(client, autre_editeur, version, dsr):
    client.force_login(autre_editeur)

    response = client.post(reverse("candidatures:nouvelle"), {"version": version.pk, "dsr": dsr.pk, "charte_acceptee": "on"})

    assert "version" in response.context["form"].errors
    assert Candidature.objects.count() == 0


def test_nouvelle_offers_no_dsr_of_a_wave_past_date1(client, contributeur, version, dsr):
    decaler_dates(dsr.vague, date1=timedelta(seconds=-1))
    client.force_login(contributeur)

    response = client.get(reverse("candidatures:nouvelle"))

    assert list(response.context["form"].fields["dsr"].queryset) == []
    assert "Aucune vague ouverte" in contenu(response)


# --- candidature page ---------------------------------------------------------------------------


def test_detail_shows_steps_missing_items_dates_and_history(client, candidature, soumetteur):
    client.force_login(soumetteur)

    response = client.get(reverse("candidatures:detail", args=[candidature.pk]))

    html = contenu(response)
    assert response.status_code == 200
    assert "Candidature administrative : le SIREN est requis" in html
    assert "Date N°1" in html and "Date N°3" in html
    assert "Pas encore désigné." in html
    assert 'id="soumettre"' not in html


def test_detail_hides_internal_reviews_from_editors_and_links_to_messages(client, candidature, lecteur, instructeur):
    journaliser("preuve_revue", acteur=instructeur, candidature=candidature, message="Avis interne du vérificateur.",
                details={"interne": True})
    journaliser("chapitre_soumis", acteur=lecteur, candidature=candidature, avant="a_completer", apres="soumis",
                message="Chapitre INS soumis pour analyse.")

    client.force_login(lecteur)
    html = contenu(client.get(reverse("candidatures:detail", args=[candidature.pk])))
    client.force_login(instructeur)
    html_agent = contenu(client.get(reverse("candidatures:detail", args=[candidature.pk])))

    assert "Avis interne du vérificateur." not in html
    assert "Avis interne du vérificateur." in html_agent
    assert "Chapitre soumis pour analyse" in html and "À compléter → Soumis" in html
    assert f'href="{reverse("messagerie:candidature", args=[candidature.pk])}"' in html


def test_detail_shows_the_latest_events_and_links_to_the_whole_journal(client, candidature, lecteur, instructeur):
    for i in range(17):
        journaliser("message_envoye", acteur=lecteur, candidature=candidature, message=f"Message n°{i}.")
    journaliser("preuve_revue", acteur=instructeur, candidature=candidature, message="Avis interne.", details={"interne": True})
    client.force_login(lecteur)

    html = contenu(client.get(reverse("candidatures:detail", args=[candidature.pk])))

    assert "Message n°16." in html and "Message n°2." in html and "Message n°1." not in html
    assert "Avis interne." not in html
    journal = reverse("candidatures:historique", args=[candidature.pk])
    assert f'href="{journal}" id="historique-complet">Voir l\'historique complet (2 événements plus anciens)' in html

    page = contenu(client.get(journal))

    assert "17 événements, du plus récent au plus ancien." in page
    assert "Message n°16." in page and "Message n°0." in page and "Avis interne." not in page
    client.force_login(instructeur)
    assert "Avis interne." in contenu(client.get(journal))


@pytest.mark.parametrize("n", [3, 60])
def test_journal_is_paged_in_a_constant_number_of_queries(client, candidature, lecteur, django_assert_num_queries, n):
    for i in range(n):
        journaliser("message_envoye", acteur=lecteur, candidature=candidature, message=f"Message n°{i}.")
    client.force_login(lecteur)
    url = reverse("candidatures:historique", args=[candidature.pk])
    client.get(url)

    with django_assert_num_queries(7):
        response = client.get(url)

    assert len(response.context["evenements"]) == min(n, 50)
    assert ('href="?page=2"' in contenu(response)) == (n > 50)


def test_journal_of_another_organisation_is_not_found(client, candidature):
    client.force_login(UserFactory())

    assert client.get(reverse("candidatures:historique", args=[candidature.pk])).status_code == 404


def test_detail_offers_submission_when_complete(client, candidature, soumetteur, contributeur, general):
    completer(candidature, by=soumetteur)

    client.force_login(soumetteur)
    assert 'id="soumettre"' in contenu(client.get(reverse("candidatures:detail", args=[candidature.pk])))
    client.force_login(contributeur)
    html = contenu(client.get(reverse("candidatures:detail", args=[candidature.pk])))
    assert 'id="soumettre"' not in html
    assert "Un utilisateur disposant du droit « Soumettre » sur ce produit doit soumettre le dossier." in html


def test_detail_marks_a_passed_date1(client, candidature, soumetteur, general):
    completer(candidature, by=soumetteur)
    decaler_dates(candidature.vague, date1=timedelta(seconds=-1))
    client.force_login(soumetteur)

    html = contenu(client.get(reverse("candidatures:detail", args=[candidature.pk])))

    assert "Impossible de soumettre le dossier administratif : la Date N°1" in html
    assert "dépassée" in html
    assert 'id="soumettre"' not in html


def test_detail_of_another_organisation_is_404(client, candidature, autre_editeur):
    client.force_login(autre_editeur)

    assert client.get(reverse("candidatures:detail", args=[candidature.pk])).status_code == 404


def test_detail_requires_login(client, candidature):
    response = client.get(reverse("candidatures:detail", args=[candidature.pk]))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_soumettre_view_submits(client, candidature, soumetteur, general):
    completer(candidature, by=soumetteur)
    client.force_login(soumetteur)

    response = client.post(reverse("candidatures:soumettre", args=[candidature.pk]), follow=True)

    candidature.refresh_from_db()
    assert candidature.statut == S.DOSSIER_SOUMIS
    assert "Votre dossier administratif a été soumis à l&#x27;ANS." in contenu(response)


def test_soumettre_view_shows_the_refusal(client, candidature, soumetteur):
    client.force_login(soumetteur)

    response = client.post(reverse("candidatures:soumettre", args=[candidature.pk]), follow=True)

    assert "Le dossier est incomplet." in contenu(response)
    candidature.refresh_from_db()
    assert candidature.statut == S.BROUILLON


def test_soumettre_view_other_organisation_is_404(client, candidature, autre_editeur):
    client.force_login(autre_editeur)

    assert client.post(reverse("candidatures:soumettre", args=[candidature.pk])).status_code == 404


def test_abandonner_view(client, candidature, soumetteur):
    client.force_login(soumetteur)

    client.post(reverse("candidatures:abandonner", args=[candidature.pk]))

    candidature.refresh_from_db()
    assert candidature.statut == S.ABANDONNEE


# --- steps --------------------------------------------------------------------------------------


def _post_administrative(client, c, revision=0, **extra):
    data = {"revision": revision, "raison_sociale": "Santé Logiciels SAS", "siren": "123456789", "siret": "12345678900012",
            "contact_nom": "Claire Martin", "contact_email": "claire@example.test", "contact_telephone": "0611223344",
            "statut_vague1": StatutVague1.REFERENCE, "numero_referencement_vague1": "V1-42", **extra}
    return client.post(reverse("candidatures:administrative", args=[c.pk]), data)


def test_administrative_form_is_prefilled(client, candidature, contributeur):
    a = candidature.administrative
    a.raison_sociale = "Pré-rempli SAS"
    a.save()
    client.force_login(contributeur)

    response = client.get(reverse("candidatures:administrative", args=[candidature.pk]))

    html = contenu(response)
    assert 'value="Pré-rempli SAS"' in html
    assert 'name="revision" value="0"' in html
    assert 'type="file" name="attestation_vague1"' in html


def test_administrative_saves_with_the_attestation(client, candidature, contributeur):
    client.force_login(contributeur)

    response = _post_administrative(client, candidature, attestation_vague1=pdf())

    assert response.status_code == 302
    a = CandidatureAdministrative.objects.get(candidature=candidature)
    assert (a.numero_referencement_vague1, a.attestation_vague1.nom, a.statut, a.revision) == (
        "V1-42", "attestation.pdf", EtapeStatus.COMPLETE, 1)


def test_administrative_bad_file_is_refused_and_nothing_is_lost(client, candidature, contributeur):
    client.force_login(contributeur)
    _post_administrative(client, candidature, attestation_vague1=pdf())

    response = _post_administrative(client, candidature, revision=1, contact_nom="Saisie en cours",
                                    attestation_vague1=html_renomme_pdf("faux.pdf"))

    assert response.status_code == 200
    assert response.context["form"].errors["attestation_vague1"] == [
        "Le type du fichier « faux.pdf » n'est pas accepté ici. Types acceptés : PDF."]
    assert 'value="Saisie en cours"' in contenu(response)
    a = CandidatureAdministrative.objects.get(candidature=candidature)
    assert (a.contact_nom, a.attestation_vague1.nom, a.revision) == ("Claire Martin", "attestation.pdf", 1)
    assert Fichier.objects.count() == 1


def test_administrative_conflict_is_reported(client, candidature, contributeur, soumetteur):
    services.enregistrer_administrative(candidature, data={"contact_nom": "Autre"}, revision=0, by=soumetteur)
    client.force_login(contributeur)

    response = _post_administrative(client, candidature, revision=0, contact_nom="Moi")

    assert response.status_code == 200
    assert "Un autre utilisateur a modifié cette étape depuis que vous l&#x27;avez ouverte" in contenu(response)
    assert CandidatureAdministrative.objects.get(candidature=candidature).contact_nom == "Autre"


def test_administrative_invalid_siren_shows_a_field_error(client, candidature, contributeur):
    client.force_login(contributeur)

    response = _post_administrative(client, candidature, siren="12345")

    assert response.context["form"].errors["siren"] == ["Le SIREN doit comporter exactement 9 chiffres."]
    assert 'aria-invalid="true"' in contenu(response)


def test_administrative_is_read_only_for_a_reader(client, candidature, lecteur):
    client.force_login(lecteur)

    response = client.get(reverse("candidatures:administrative", args=[candidature.pk]))

    html = contenu(response)
    assert "Consultation seule" in html
    assert 'name="raison_sociale"' not in html
    response = _post_administrative(client, candidature)
    assert response.context["form"].non_field_errors() == ["Vous n'avez pas le droit d'effectuer cette action."]
    assert CandidatureAdministrative.objects.get(candidature=candidature).revision == 0


def test_administrative_of_another_organisation_is_404(client, candidature, autre_editeur):
    client.force_login(autre_editeur)

    assert client.get(reverse("candidatures:administrative", args=[candidature.pk])).status_code == 404
    assert _post_administrative(client, candidature).status_code == 404


def test_eligibilite_general_is_checked_disabled_and_still_sent(client, candidature, contributeur, general, profil_optionnel):
    client.force_login(contributeur)

    html = contenu(client.get(reverse("candidatures:eligibilite", args=[candidature.pk])))

    assert f'<input type="checkbox" id="profil-{general.pk}" checked disabled' in html
    assert f'<input type="hidden" name="profils" value="{general.pk}">' in html
    assert f'name="profils" value="{profil_optionnel.pk}"' in html


def test_eligibilite_saves_profiles(client, candidature, contributeur, general, profil_optionnel):
    client.force_login(contributeur)

    response = client.post(reverse("candidatures:eligibilite", args=[candidature.pk]),
                           {"revision": 0, "profils": [general.pk, profil_optionnel.pk]})

    assert response.status_code == 302
    assert set(candidature.eligibilite.profils.all()) == {general, profil_optionnel}


def test_eligibilite_after_date2_refuses_an_added_profile(client, candidature, contributeur, general, profil_optionnel):
    decaler_dates(candidature.vague, date1=timedelta(seconds=10), date2=timedelta(seconds=20), date3=timedelta(days=1))
    vague = candidature.vague
    vague.date1, vague.date2 = vague.date1 - timedelta(days=2), vague.date2 - timedelta(days=1)
    vague.save()
    candidature.premiere_soumission_le = vague.date1
    candidature.statut = S.COMPLEMENT_DEMANDE
    candidature.save()
    client.force_login(contributeur)

    page = contenu(client.get(reverse("candidatures:eligibilite", args=[candidature.pk])))
    response = client.post(reverse("candidatures:eligibilite", args=[candidature.pk]),
                           {"revision": 0, "profils": [general.pk, profil_optionnel.pk]})

    assert "Ne peut plus être ajouté après la Date N°2." in page
    assert response.context["form"].errors["profils"][0].startswith("Impossible d'ajouter un profil optionnel : la Date N°2")
    assert list(candidature.eligibilite.profils.all()) == [general]


# --- agency -------------------------------------------------------------------------------------


def _soumise(c, by, when=None):
    completer(c, by=by)
    services.soumettre_dossier(c, by=by, now=when)
    return c


def test_instruction_is_for_instructors_only(client, candidature, soumetteur, verificateur):
    for user in (soumetteur, verificateur):
        client.force_login(user)
        assert client.get(reverse("candidatures:instruction")).status_code == 403


def test_instruction_lists_the_oldest_submission_first(client, instructeur, dsr, admin_org, organisation, general):
    now = dsr.vague.date1 - timedelta(days=5)
    recent = _soumise(CandidatureFactory(version__produit__organisation=organisation, dsr=dsr), admin_org, now)
    ancienne = _soumise(CandidatureFactory(version__produit__organisation=organisation, dsr=dsr), admin_org, now - timedelta(days=3))
    CandidatureFactory(version__produit__organisation=organisation, dsr=dsr)  # brouillon: not listed
    client.force_login(instructeur)

    response = client.get(reverse("candidatures:instruction"))

    assert [c.pk for c in response.context["candidatures"]] == [ancienne.pk, recent.pk]


def test_instruction_filters(client, instructeur, dsr, admin_org, organisation, general):
    a = _soumise(CandidatureFactory(version__produit__organisation=organisation, dsr=dsr), admin_org)
    autre_dsr = DSRFactory(vague=VagueFactory(numero=3), code="PFI")
    b = _soumise(CandidatureFactory(version__produit__organisation=organisation, dsr=autre_dsr), admin_org)
    client.force_login(instructeur)

    assert [c.pk for c in client.get(reverse("candidatures:instruction"), {"dsr": dsr.pk}).context["candidatures"]] == [a.pk]
    assert [c.pk for c in client.get(reverse("candidatures:instruction"), {"vague": autre_dsr.vague.pk}).context["candidatures"]] == [b.pk]
    assert list(client.get(reverse("candidatures:instruction"), {"statut": S.PREUVES}).context["candidatures"]) == []


@pytest.mark.parametrize("n", [1, 3])
def test_instruction_query_count_is_constant(client, instructeur, dsr, organisation, django_assert_num_queries, n):
    for _ in range(n):
        c = CandidatureFactory(version__produit__organisation=organisation, dsr=dsr, statut=S.DOSSIER_SOUMIS)
        services.assigner_referent(c, referent=instructeur, by=instructeur)
    client.force_login(instructeur)

    with django_assert_num_queries(10):
        response = client.get(reverse("candidatures:instruction"))

    assert len(response.context["candidatures"]) == n


def test_dossier_page_shows_both_steps_and_actions(client, candidature, soumetteur, instructeur, general):
    _soumise(candidature, soumetteur)
    client.force_login(instructeur)

    response = client.get(reverse("candidatures:dossier", args=[candidature.pk]))

    html = contenu(response)
    assert response.status_code == 200
    assert "12345678900012" in html and "Claire Martin" in html
    assert 'id="valider"' in html and 'id="demander-complement"' in html
    assert "Dossier administratif soumis" in html


def test_dossier_page_is_refused_to_editors(client, candidature, soumetteur, autre_editeur):
    for user in (soumetteur, autre_editeur):
        client.force_login(user)
        assert client.get(reverse("candidatures:dossier", args=[candidature.pk])).status_code == 403
        assert client.post(reverse("candidatures:valider", args=[candidature.pk])).status_code == 403


def test_valider_view(client, candidature, soumetteur, instructeur, general):
    _soumise(candidature, soumetteur)
    client.force_login(instructeur)

    response = client.post(reverse("candidatures:valider", args=[candidature.pk]))

    assert response.url == reverse("candidatures:dossier", args=[candidature.pk])
    candidature.refresh_from_db()
    assert candidature.statut == S.PREUVES


def test_complement_view_requires_a_message(client, candidature, soumetteur, instructeur, general):
    _soumise(candidature, soumetteur)
    client.force_login(instructeur)

    response = client.post(reverse("candidatures:complement", args=[candidature.pk]), {"etape": "eligibilite", "message": ""})

    assert response.status_code == 400
    assert response.context["complement_form"].errors["message"] == ["Écrivez le message expliquant le complément demandé."]
    candidature.refresh_from_db()
    assert candidature.statut == S.DOSSIER_SOUMIS


def test_complement_view_reopens_the_step(client, candidature, soumetteur, instructeur, general):
    _soumise(candidature, soumetteur)
    client.force_login(instructeur)

    client.post(reverse("candidatures:complement", args=[candidature.pk]), {"etape": "eligibilite", "message": "Le NIL ?"})

    candidature.refresh_from_db()
    assert (candidature.statut, candidature.eligibilite.statut) == (S.COMPLEMENT_DEMANDE, EtapeStatus.COMPLEMENT_DEMANDE)
    client.force_login(soumetteur)
    html = contenu(client.get(reverse("candidatures:detail", args=[candidature.pk])))
    assert "L'ANS demande un complément" in html and "Le NIL ?" in html


def test_referent_view(client, candidature, instructeur, verificateur, soumetteur):
    client.force_login(instructeur)

    client.post(reverse("candidatures:referent", args=[candidature.pk]), {"referent": verificateur.pk})

    candidature.refresh_from_db()
    assert candidature.referent == verificateur
    client.force_login(soumetteur)
    assert verificateur.get_full_name() in contenu(client.get(reverse("candidatures:detail", args=[candidature.pk])))

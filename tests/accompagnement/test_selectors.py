from datetime import timedelta

import pytest
from django.utils import timezone

from accompagnement import selectors
from candidatures.enums import CandidatureStatus
from tests.accompagnement.factories import (
    DemandeSupportFactory,
    EvenementCalendrierFactory,
    QuestionFAQFactory,
    ThemeFAQFactory,
    VisiteInteropFactory,
)
from tests.factories import (
    CandidatureFactory,
    DSRFactory,
    HabilitationFactory,
    OrgAdminFactory,
    ProduitFactory,
    ProfilFactory,
    UserFactory,
    VagueFactory,
    VersionProduitFactory,
)


def test_demandes_visibles_for_author_colleagues_admin_and_agent(editeur_dpi, autre_editeur, agent):
    produit = editeur_dpi.candidature.version.produit
    a_moi = DemandeSupportFactory(auteur=editeur_dpi)
    collegue = UserFactory(organisation=editeur_dpi.organisation)
    sur_le_produit = DemandeSupportFactory(auteur=collegue, produit=produit)
    sur_la_candidature = DemandeSupportFactory(auteur=collegue, candidature=editeur_dpi.candidature)
    privee_du_collegue = DemandeSupportFactory(auteur=collegue)
    ailleurs = DemandeSupportFactory(auteur=autre_editeur)
    admin = OrgAdminFactory(organisation=editeur_dpi.organisation)

    assert set(selectors.demandes_visibles(editeur_dpi)) == {a_moi, sur_le_produit, sur_la_candidature}
    assert set(selectors.demandes_visibles(collegue)) == {sur_le_produit, sur_la_candidature, privee_du_collegue}
    assert set(selectors.demandes_visibles(admin)) == {a_moi, sur_le_produit, sur_la_candidature, privee_du_collegue}
    assert set(selectors.demandes_visibles(autre_editeur)) == {ailleurs}
    assert selectors.demandes_visibles(agent).count() == 5


def test_a_colleague_granted_read_on_the_product_sees_its_requests(editeur_dpi):
    collegue = UserFactory(organisation=editeur_dpi.organisation)
    demande = DemandeSupportFactory(auteur=editeur_dpi, produit=editeur_dpi.candidature.version.produit)
    assert list(selectors.demandes_visibles(collegue)) == []

    HabilitationFactory(utilisateur=collegue, produit=editeur_dpi.candidature.version.produit)

    assert list(selectors.demandes_visibles(collegue)) == [demande]


def test_file_support_is_oldest_first_and_filtered(editeur_dpi, autre_editeur):
    ancienne = DemandeSupportFactory(auteur=editeur_dpi, categorie="cnda")
    recente = DemandeSupportFactory(auteur=autre_editeur, statut="en_cours")
    type(ancienne).objects.filter(pk=ancienne.pk).update(created_at=timezone.now() - timedelta(days=3))

    assert list(selectors.file_support()) == [ancienne, recente]
    assert list(selectors.file_support(statut="en_cours")) == [recente]
    assert list(selectors.file_support(categorie="cnda")) == [ancienne]


@pytest.fixture
def faq_dpi(editeur_dpi):
    """Entries: one for another DSR, one plain, one of the wave's news, one for DPI, one for a DPI profile."""
    dpi = editeur_dpi.candidature.dsr
    pfi = DSRFactory(vague=dpi.vague, code="PFI", nom="Plateforme d'intermédiation")
    profil = ProfilFactory(dsr=dpi, nom="Consultation DMP")
    editeur_dpi.candidature.eligibilite.profils.add(profil)
    entrees = {
        "pfi": QuestionFAQFactory(question="PFI : quelle homologation ?", ordre=1),
        "simple": QuestionFAQFactory(question="Comment se connecter ?", ordre=2),
        "actualite": QuestionFAQFactory(question="Les dates de la vague", ordre=3, actualite=True, vague=dpi.vague),
        "dpi": QuestionFAQFactory(question="DPI : quelle homologation CNDA ?", ordre=4),
        "profil": QuestionFAQFactory(question="Consultation DMP : quelles preuves ?", ordre=5),
        "ancienne_actualite": QuestionFAQFactory(
            question="Vague 1 : rappel", ordre=0, actualite=True, vague=VagueFactory(numero=1, active=False)
        ),
    }
    entrees["pfi"].dsrs.add(pfi)
    entrees["dpi"].dsrs.add(dpi)
    entrees["profil"].profils.add(profil)
    return entrees


def test_top_faq_puts_the_editors_dsr_and_profiles_first_then_the_waves_news(editeur_dpi, faq_dpi):
    top = selectors.top_faq(editeur_dpi)

    assert [q.question for q in top] == [
        "DPI : quelle homologation CNDA ?",
        "Consultation DMP : quelles preuves ?",
        "Les dates de la vague",
    ]


def test_faq_lists_every_published_entry_most_relevant_first(editeur_dpi, faq_dpi):
    QuestionFAQFactory(question="Brouillon", publiee=False)

    questions = [q.question for q in selectors.faq(editeur_dpi)]

    assert questions == [
        "DPI : quelle homologation CNDA ?",
        "Consultation DMP : quelles preuves ?",
        "Les dates de la vague",
        "Vague 1 : rappel",
        "PFI : quelle homologation ?",
        "Comment se connecter ?",
    ]


def test_top_faq_of_an_agent_is_the_news_only(agent, faq_dpi):
    assert [q.question for q in selectors.top_faq(agent)] == ["Les dates de la vague"]


def test_faq_filters_by_dsr_and_theme(editeur_dpi, faq_dpi):
    theme = ThemeFAQFactory(nom="CNDA")
    faq_dpi["pfi"].themes.add(theme)

    assert [q.question for q in selectors.faq(editeur_dpi, dsr=editeur_dpi.candidature.dsr_id)] == ["DPI : quelle homologation CNDA ?"]
    assert [q.question for q in selectors.faq(editeur_dpi, theme=theme.pk)] == ["PFI : quelle homologation ?"]


@pytest.fixture
def faq_recherche(db):
    return {
        "intrusion": QuestionFAQFactory(
            question="Quels critères pour le rapport de test d'intrusion ?",
            reponse="Un prestataire qualifié PASSI ; 0 KO de gravité haute, au plus 10 KO de gravité moyenne.",
        ),
        "cnda": QuestionFAQFactory(question="Quel justificatif CNDA ?", reponse="Une copie d'écran au statut Pré-examen."),
    }


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("intrusion", ["intrusion"]),
        ("tests d'intrusion", ["intrusion"]),  # French stemming: "tests" matches "test"
        ("PASSI", ["intrusion"]),
        ("pré-examen", ["cnda"]),
        ("gravité haute", ["intrusion"]),
        ("homologation introuvable", []),
    ],
)
def test_faq_search_on_postgresql(agent, faq_recherche, texte, attendu):
    resultats = list(selectors.faq(agent, texte=texte))

    assert resultats == [faq_recherche[k] for k in attendu]


def test_faq_search_fallback_matches_every_word(agent, faq_recherche, monkeypatch):
    class SQLite:
        vendor = "sqlite"

    monkeypatch.setattr(selectors, "connection", SQLite())

    assert list(selectors.faq(agent, texte="rapport PASSI")) == [faq_recherche["intrusion"]]
    assert list(selectors.faq(agent, texte="rapport CNDA")) == []


def test_calendrier_has_events_wave_dates_and_only_the_users_visits(editeur_dpi, autre_editeur):
    EvenementCalendrierFactory(titre="Webinaire preuves")
    EvenementCalendrierFactory(titre="Brouillon interne", publie=False)
    VisiteInteropFactory(candidature=editeur_dpi.candidature)
    VisiteInteropFactory(candidature=autre_editeur.candidature)

    titres = {e.titre for e in selectors.calendrier(editeur_dpi)}

    assert titres == {
        "Webinaire preuves",
        "Vague 2 — Date N°1",
        "Vague 2 — Date N°2",
        "Vague 2 — Date N°3",
        "Visite Interop — DPI Horizon 5.0 (DPI)",
    }


def test_rapport_activite_has_a_row_per_candidature_and_per_product_without_one(editeur_dpi):
    produit = editeur_dpi.candidature.version.produit
    CandidatureFactory(version=VersionProduitFactory(produit=produit, numero="5.1"), statut=CandidatureStatus.PREUVES)
    vide = ProduitFactory(organisation=editeur_dpi.organisation, nom="Agenda Patient")
    HabilitationFactory(utilisateur=editeur_dpi, produit=vide)

    _org, produits, lignes = selectors.rapport_activite(editeur_dpi)

    assert [p.nom for p in produits] == ["Agenda Patient", "DPI Horizon"]
    assert [(ligne.produit.nom, ligne.statut, ligne.phase, ligne.action_editeur) for ligne in lignes] == [
        ("Agenda Patient", "", None, False),
        ("DPI Horizon", "brouillon", 1, True),
        ("DPI Horizon", "preuves", 2, True),
    ]

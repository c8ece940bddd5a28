"""Template tags of the phase 2 pages (preuves.templatetags.preuves_tags)."""

from datetime import UTC, datetime
from types import SimpleNamespace

from preuves.templatetags.preuves_tags import (
    avis,
    depot_differe,
    entete_preuve,
    exigence,
    historique_differe,
)


def test_a_review_shows_its_round_and_paris_time_and_the_verifier_to_agents_only():
    revue = SimpleNamespace(statut="non_conforme", tour=2, created_at=datetime(2026, 1, 15, 9, 30, tzinfo=UTC),
                            commentaire="Capture <illisible>", verificateur="Vera Fication")

    editeur = avis({"user_is_agent": False}, revue)
    agent = avis({"user_is_agent": True}, revue)

    assert "tour 2, le 15 janvier 2026 à 10:30" in editeur and "Vera Fication" not in editeur
    assert "Capture &lt;illisible&gt;" in editeur
    assert "Vera Fication" in agent


def preuve_de(texte_exigence: str, scenario=None):
    exigence_ = SimpleNamespace(identifiant="INS.01", texte=texte_exigence)
    pa = SimpleNamespace(exigence=exigence_, scenario=scenario, scenario_id=scenario and 1, type="capture", texte="Une capture")
    return SimpleNamespace(preuve_attendue=pa)


def test_a_requirement_is_drawn_from_its_current_texts():
    avant = exigence(preuve_de("Le LGC <b>interroge</b> le téléservice INSi."))
    apres = exigence(preuve_de("Le LGC interroge le téléservice INSi à la création."))
    scenario = exigence(preuve_de("Le LGC interroge le téléservice INSi.", SimpleNamespace(numero="S1", texte="Créer un patient")))

    assert "INS.01" in avant and "&lt;b&gt;interroge&lt;/b&gt;" in avant and "Scénario" not in avant
    assert "à la création" in apres and "interroge</b>" not in apres
    assert "Scénario de conformité S1" in scenario and "Créer un patient" in scenario


def test_card_header_and_deferred_accordions_escape_catalogue_texts():
    pa = SimpleNamespace(numero='INS<script>', texte='Capture "écran" <b>', exigence=None)
    preuve = SimpleNamespace(pk=7, statut="deposee", preuve_attendue=pa, nb_versions=2, dernier_depot_id=None)

    entete = entete_preuve(preuve, "À <examiner>")
    historique = historique_differe(preuve)
    depot_ = depot_differe(preuve)

    assert "<script>" not in entete + historique + depot_ and "INS&lt;script&gt;" in entete
    assert "&lt;examiner&gt;" in entete and 'id="titre-preuve-7"' in entete
    assert 'data-fragment-url="/preuves/preuves/7/versions/"' in historique and "Historique : 2 versions" in historique
    assert 'data-fragment-url="/preuves/preuves/7/deposer/"' in depot_ and "INS&lt;script&gt;" in depot_

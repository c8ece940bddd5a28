from io import StringIO

import pytest

from conventions import demo, services
from conventions.models import ModeleConvention
from tests.conventions.factories import candidature_preuves_validees
from tests.conventions.helpers import lire, texte_pdf
from tests.factories import VagueFactory

pytestmark = pytest.mark.django_db


def test_demo_creates_the_vague2_template_once():
    VagueFactory(numero=2)

    demo.load(StringIO())
    demo.load(out := StringIO())

    modele = ModeleConvention.objects.get()
    assert (modele.version, modele.actif, modele.titre) == (1, True, demo.TITRE)
    assert "déjà présent" in out.getvalue()


def test_demo_without_the_wave_creates_nothing():
    demo.load(out := StringIO())

    assert ModeleConvention.objects.count() == 0
    assert out.getvalue() == "Modèle de convention : aucune Vague 2, rien à créer."


def test_the_demo_template_renders_every_article(instructeur):
    candidature = candidature_preuves_validees(modele=False)
    demo.load(StringIO())

    texte = texte_pdf(lire(services.preparer_convention(candidature, by=instructeur).pdf))

    for article in (
        "Article 1 — Objet",
        "Article 2 — Durée",
        "Article 3 — Obligations de l'Éditeur",
        "Article 4 — Communication et utilisation des logos de l'ANS",
        "Article 5 — Résiliation",
    ):
        assert article in texte
    assert f"la version technique {candidature.version.numero} de la solution logicielle « {candidature.version.produit.nom} »" in texte

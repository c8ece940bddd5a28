"""convergence.liens: links reversed once per process give what reverse() gives."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from convergence.liens import lien, lien_par_id


@pytest.mark.parametrize(("nom", "ids"), [
    ("preuves:chapitre", [12]), ("comptes:fichier", [987654321]), ("conventions:decision", [3, 45]),
    ("candidatures:liste", []),
])
def test_lien_is_reverse(nom, ids):
    assert lien(nom, *ids) == reverse(nom, args=ids)


def test_lien_follows_the_script_prefix():
    set_script_prefix("/sous-chemin/")
    try:
        assert lien("preuves:chapitre", 7) == "/sous-chemin/preuves/chapitres/7/" == reverse("preuves:chapitre", args=[7])
    finally:
        set_script_prefix("/")


def test_lien_refuses_what_is_not_an_id():
    with pytest.raises(ValueError, match="invalid literal"):
        lien("preuves:chapitre", "7/../../admin")
    with pytest.raises(ValueError, match="invalid literal"):
        lien_par_id("comptes:fichier")("7/../../admin")


def test_lien_par_id_is_reverse_for_each_row():
    fichier = lien_par_id("comptes:fichier")
    assert [fichier(pk) for pk in (1, 42, 987654321)] == [reverse("comptes:fichier", args=[pk]) for pk in (1, 42, 987654321)]


def test_template_tag():
    rendu = Template('{% load convergence_liens %}<a href="{% lien "preuves:chapitre" d.pk %}">').render(Context({"d": {"pk": 5}}))
    assert rendu == '<a href="/preuves/chapitres/5/">'

"""The filter forms' fields as DSFR draws them: label, hint, current value, errors announced."""

from django import forms

from comptes.templatetags.convergence_dsfr import champ_dsfr


class Filtre(forms.Form):
    q = forms.CharField(label="Rechercher", required=False, max_length=10, help_text="Référence <ou> nom")
    statut = forms.ChoiceField(label="Statut", required=False, choices=[("", "Tous"), ("a", "A & B"), ("b", "B")])
    moi = forms.BooleanField(label="Les miens", required=False)


def test_a_select_marks_the_current_choice_and_escapes_the_labels():
    html = champ_dsfr(Filtre({"statut": "a"})["statut"])

    assert html.startswith('<div class="fr-select-group"><label for="id_statut" class="fr-label">Statut</label>')
    assert '<option value="">Tous</option><option value="a" selected>A &amp; B</option>' in html
    assert champ_dsfr(Filtre()["statut"]).count(" selected") == 1  # "Tous" when nothing is chosen


def test_a_text_box_keeps_its_value_hint_and_length():
    html = champ_dsfr(Filtre({"q": "C-2<"})["q"])

    assert '<span class="fr-hint-text" id="id_q_helptext">Référence &lt;ou&gt; nom</span>' in html
    assert '<input type="text" name="q" value="C-2&lt;" maxlength="10" class="fr-input" id="id_q" aria-describedby="id_q_helptext">' in html


def test_errors_are_announced_and_described():
    form = Filtre({"q": "x" * 11, "moi": "on"})
    form.is_valid()

    html = champ_dsfr(form["q"])

    assert "fr-input-group--error" in html and "fr-input--error" in html and 'role="alert"' in html
    assert 'aria-describedby="id_q_helptext id_q-desc-error"' in html
    assert '<input type="checkbox" name="moi" id="id_moi" checked>' in champ_dsfr(form["moi"])


def test_a_file_link_goes_through_the_rights_checked_view(db):
    from comptes.models import Fichier
    from comptes.templatetags.convergence_dsfr import lien_fichier

    f = Fichier(pk=42, nom="rapport <v2>.pdf", type_mime="application/pdf", taille=2048)

    assert lien_fichier(f) == (
        '<a class="fr-link fr-link--download" href="/comptes/fichiers/42/">rapport &lt;v2&gt;.pdf '
        '<span class="fr-link__detail">application/pdf – 2,0\xa0Kio</span></a>'
    )

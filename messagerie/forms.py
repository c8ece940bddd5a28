"""Forms of the messaging: they check the shape of the input; services enforce the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import TEXTE_MAX


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the list may be empty)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "fr-upload", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class MessageForm(forms.Form):
    texte = forms.CharField(
        label=_("Votre message"),
        max_length=TEXTE_MAX,
        widget=forms.Textarea(attrs={"class": "fr-input", "rows": 5}),
        error_messages={"required": _("Écrivez votre message avant de l’envoyer.")},
    )
    fichiers = MultipleFileField(
        label=_("Pièces jointes"),
        required=False,
        help_text=_("Facultatif. Plusieurs fichiers possibles : images, PDF, vidéos, textes, archives, documents bureautiques."),
    )


class OuvrirFilForm(forms.Form):
    """Staff: a thread on a step or a chapter of the candidature, or on a free subject."""

    objet = forms.ChoiceField(label=_("Objet du fil"), required=False, widget=forms.Select(attrs={"class": "fr-select"}))
    sujet = forms.CharField(
        label=_("Sujet"),
        max_length=255,
        required=False,
        help_text=_("Facultatif si un objet est choisi."),
        widget=forms.TextInput(attrs={"class": "fr-input"}),
    )

    def __init__(self, *args, objets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objet"].choices = [("", _("Autre sujet (à préciser)")), *objets]
        self.libelles = dict(objets)

    def clean(self):
        data = super().clean()
        if not data.get("sujet") and data.get("objet"):
            data["sujet"] = self.libelles[data["objet"]]
        if not data.get("sujet"):
            self.add_error("sujet", _("Indiquez le sujet du fil ou choisissez son objet."))
        return data

"""Forms of the product pages (shape only; the services check the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


class ProduitForm(DsfrBaseForm):
    nom = forms.CharField(label=_("Nom commercial"), max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facultative : à quoi sert ce logiciel, pour qui."),
    )


class VersionForm(DsfrBaseForm):
    numero = forms.CharField(
        label=_("Numéro de version technique"), max_length=100,
        help_text=_("Il identifie la version candidate, par exemple 5.2.0."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

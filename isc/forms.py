from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from . import services


class IscConnexionForm(DsfrBaseForm):
    username = forms.CharField(label=_("Identifiant iSC"), max_length=150)
    password = forms.CharField(
        label=_("Mot de passe"), strip=False, widget=forms.PasswordInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.identite = None
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autofocus": True}
        )
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "current-password"}
        )

    def clean(self):
        data = super().clean()
        if data.get("username") and data.get("password"):
            self.identite = services.authentifier(data["username"], data["password"])
            if self.identite is None:
                raise forms.ValidationError(
                    _("Identifiant ou mot de passe incorrect."), code="invalid_login"
                )
        return data

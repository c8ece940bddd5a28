"""Forms of phase 3: they check shape only; the services enforce the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comptes.errors import DomainError

from .documents import verifier_gabarit
from .enums import ResultatDecision
from .models import ModeleConvention


class SignatureForm(forms.Form):
    consentement = forms.BooleanField(
        required=True, error_messages={"required": _("Cochez la case de consentement pour signer la convention.")}
    )

    def __init__(self, *args, consentement_texte: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consentement"].label = consentement_texte


class SessionCollegeForm(forms.Form):
    date = forms.DateTimeField(
        label=_("Date et heure"),
        help_text=_("Heure de Paris."),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Indiquez la date de la session."), "invalid": _("Date invalide.")},
    )
    lieu = forms.CharField(label=_("Lieu ou modalité"), max_length=255, required=False)
    membres = forms.CharField(
        label=_("Membres"), help_text=_("Un membre par ligne."), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class InscriptionForm(forms.Form):
    candidature = forms.ModelChoiceField(
        label=_("Candidature à inscrire"),
        queryset=None,
        empty_label=_("— Choisir une candidature dont la convention est signée —"),
        error_messages={"required": _("Choisissez une candidature."), "invalid_choice": _("Cette candidature ne peut pas être inscrite.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidature"].queryset = queryset
        self.fields["candidature"].label_from_instance = lambda c: (
            f"{c.reference} — {c.organisation.raison_sociale} — {c.version} — {c.dsr.code}"
        )


class DecisionForm(forms.Form):
    """The decision, with one optional reservation per proof of the candidature and one general."""

    resultat = forms.ChoiceField(
        label=_("Décision du collège"),
        choices=ResultatDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la décision du collège.")},
    )
    motifs = forms.CharField(label=_("Motifs et observations"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reserve_generale = forms.CharField(
        label=_("Réserve bloquante générale (hors preuve)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, preuves, **kwargs):
        super().__init__(*args, **kwargs)
        self.preuves = list(preuves)
        for preuve in self.preuves:
            self.fields[f"reserve_{preuve.pk}"] = forms.BooleanField(label=_("Réserve"), required=False)
            self.fields[f"motif_{preuve.pk}"] = forms.CharField(label=_("Motif de la réserve"), required=False, max_length=2000)

    def lignes(self):
        """(proof, checkbox field, reason field) for the template."""
        return [(p, self[f"reserve_{p.pk}"], self[f"motif_{p.pk}"]) for p in self.preuves]

    def clean(self):
        data = super().clean()
        reserves = []
        for preuve in self.preuves:
            coche, motif = data.get(f"reserve_{preuve.pk}"), (data.get(f"motif_{preuve.pk}") or "").strip()
            if coche and not motif:
                self.add_error(f"motif_{preuve.pk}", _("Indiquez le motif de cette réserve."))
            elif motif and not coche:
                self.add_error(f"reserve_{preuve.pk}", _("Cochez la réserve ou effacez son motif."))
            elif coche:
                reserves.append((preuve, motif))
        generale = (data.get("reserve_generale") or "").strip()
        if generale:
            reserves.append((None, generale))
        resultat = data.get("resultat")
        if resultat == ResultatDecision.NON_ATTRIBUTION and not reserves and not self.errors:
            self.add_error(None, _("Une non-attribution doit comporter au moins une réserve bloquante et son motif."))
        if resultat == ResultatDecision.ATTRIBUTION and reserves:
            self.add_error(None, _("Une attribution du référencement ne comporte pas de réserve bloquante : décochez les réserves."))
        data["reserves"] = reserves
        return data


class ModeleConventionForm(forms.ModelForm):
    """Admin form: the template must compile; saving always creates a new version."""

    class Meta:
        model = ModeleConvention
        fields = ["vague", "titre", "corps", "actif"]
        widgets = {"corps": forms.Textarea(attrs={"rows": 30, "cols": 120})}

    def clean_corps(self):
        corps = self.cleaned_data["corps"]
        try:
            verifier_gabarit(corps)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return corps

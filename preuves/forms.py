"""Forms of phase 2: they check the shape of the input; the services enforce the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from candidatures.enums import CndaStatus
from candidatures.models import DSR, Vague
from comptes.policy import ROLE_VERIFICATEUR

from .completude import (
    ACCEPT,
    KO_HAUTE_MAX,
    KO_MOYENNE_MAX,
    fichiers_obligatoires,
    libelle_categories,
    regle_test_intrusion,
)
from .enums import STATUTS_REVUE, ChapitreStatus, PreuveStatus, TypePreuve
from .services import CHAMPS_SPECIFIQUES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (`<input type=file multiple>`); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = [d for d in (data if isinstance(data, (list, tuple)) else [data]) if d]
        if not items:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        single_clean = super().clean
        return [single_clean(d, initial) for d in items]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DepotForm(DsfrBaseForm):
    """A new version of one requested proof; the fields follow the kind of proof."""

    fichiers = MultipleFileField(label=_("Fichiers"))
    lien = forms.URLField(label=_("Lien vers le rapport de test d'interopérabilité"), max_length=1000, assume_scheme="https")
    commentaire = forms.CharField(
        label=_("Commentaire pour le vérificateur"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facultatif : précisez par exemple où trouver l'élément attendu (minutage de la vidéo, page du document)."),
    )
    prestataire_passi = forms.CharField(label=_("Prestataire PASSI ayant réalisé le test"), max_length=255)
    date_test = forms.DateField(
        label=_("Date du test d'intrusion"), widget=DateInput(), help_text=_("Moins d'un an avant le dépôt.")
    )
    ko_haute = forms.IntegerField(
        label=_("Points de contrôle KO de gravité haute"), min_value=0,
    )
    ko_moyenne = forms.IntegerField(
        label=_("Points de contrôle KO de gravité moyenne"), min_value=0,
    )
    cnda_nil = forms.CharField(label=_("NIL (numéro d'identification logiciel)"), max_length=50)
    cnda_statut = forms.ChoiceField(
        label=_("Statut de la demande CNDA"), choices=[("", _("Choisir un statut")), *CndaStatus.choices],
        help_text=_("Le dossier n'est réputé complet qu'à partir du statut « Pré-examen »."),
    )
    cnda_date_retour = forms.DateField(
        label=_("Date de retour prévisionnelle du CNDA"), widget=DateInput(), required=False,
        help_text=_("Obligatoire sauf au statut « Finalisation »."),
    )

    def __init__(self, *args, preuve, **kwargs):
        super().__init__(*args, **kwargs)
        type_preuve = preuve.preuve_attendue.type
        self.type_preuve = type_preuve
        gardes = {"fichiers", "commentaire", *CHAMPS_SPECIFIQUES.get(type_preuve, ())}
        if type_preuve == TypePreuve.LIEN_INTEROP:
            gardes.add("lien")
        for nom in list(self.fields):
            if nom not in gardes:
                del self.fields[nom]
        fichiers = self.fields["fichiers"]
        fichiers.required = fichiers_obligatoires(type_preuve)
        fichiers.help_text = _("Types acceptés : %(types)s. Vous pouvez sélectionner plusieurs fichiers.") % {
            "types": libelle_categories(type_preuve)
        }
        if type_preuve == TypePreuve.TEST_INTRUSION:
            fichiers.label = _("Rapport de test d'intrusion signé (PDF)")
        elif type_preuve == TypePreuve.CNDA:
            fichiers.label = _("Attestation d'homologation ou copie d'écran de l'espace CNDA")
        if type_preuve in ACCEPT:
            fichiers.widget.attrs["accept"] = ACCEPT[type_preuve]
        if "cnda_nil" in self.fields:
            eligibilite = getattr(preuve.candidature, "eligibilite", None)
            if eligibilite is not None and eligibilite.nil:
                self.fields["cnda_nil"].initial = eligibilite.nil
        if "ko_haute" in self.fields:
            for nom, maximum in (("ko_haute", KO_HAUTE_MAX), ("ko_moyenne", KO_MOYENNE_MAX)):
                self.fields[nom].widget.attrs["data-regle-ko"] = nom
                # Here, in the request's language: formatted on the class, it was French for good.
                self.fields[nom].help_text = _("Règle d'acceptation : %(n)d au plus.") % {"n": maximum}
            self.regle_test_intrusion = regle_test_intrusion()
        # Bound fields were built (by DsfrBaseForm) before the labels above changed.
        self._bound_fields_cache.clear()

    def champs_specifiques(self) -> dict:
        return {nom: self.cleaned_data.get(nom) for nom in CHAMPS_SPECIFIQUES.get(self.type_preuve, ())}


class RevueForm(forms.Form):
    """Drawn by `preuves_tags.formulaire_revue` (one per proof on the review page), not by DSFR's
    widgets; built only to validate a POST (the page draws the others from the reviews)."""

    @staticmethod
    def ids(pk: int) -> str:
        """The ids of one proof's form (several on a page): `id_r<pk>_statut`, `id_r<pk>_commentaire`."""
        return f"id_r{int(pk)}_%s"

    statut = forms.ChoiceField(
        label=_("Avis sur cette version"), widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in STATUTS_REVUE],
    )
    commentaire = forms.CharField(
        label=_("Commentaire pour l'éditeur"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire si la preuve n'est pas conforme : dites ce qui manque ou ne va pas."),
    )

    def clean(self):
        data = super().clean()
        if data.get("statut") and data["statut"] != PreuveStatus.CONFORME and not (data.get("commentaire") or "").strip():
            self.add_error("commentaire", _("Expliquez à l'éditeur ce qui ne va pas : le commentaire est obligatoire."))
        return data


class DecisionForm(DsfrBaseForm):
    commentaire = forms.CharField(
        label=_("Commentaire général sur le chapitre (facultatif)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def verificateurs():
    # Shown by name in the assignment list (a hundred verifiers): their names only.
    return (
        get_user_model().objects.filter(groups__name=ROLE_VERIFICATEUR, is_active=True)
        .only("username", "first_name", "last_name").order_by("last_name", "first_name")
    )


class AssignerForm(DsfrBaseForm):
    verificateur = forms.ModelChoiceField(label=_("Vérificateur"), queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verificateur"].queryset = verificateurs()


AGES = [("", _("Tous")), ("7", _("Plus de 7 jours")), ("14", _("Plus de 14 jours")), ("30", _("Plus de 30 jours"))]


class FiltreFileForm(DsfrBaseForm):
    vague = forms.ModelChoiceField(label=_("Vague"), queryset=Vague.objects.all(), required=False, empty_label=_("Toutes"))
    dsr = forms.ModelChoiceField(
        label=_("DSR"), queryset=DSR.objects.select_related("vague"), required=False, empty_label=_("Tous")
    )
    chapitre = forms.CharField(label=_("Code du chapitre"), required=False, max_length=30)
    statut = forms.ChoiceField(
        label=_("Statut"), required=False,
        choices=[("", _("À traiter (soumis ou en analyse)")), (ChapitreStatus.SOUMIS.value, ChapitreStatus.SOUMIS.label),
                 (ChapitreStatus.EN_ANALYSE.value, ChapitreStatus.EN_ANALYSE.label)],
    )
    age = forms.ChoiceField(label=_("Soumis depuis"), required=False, choices=AGES)
    moi = forms.BooleanField(label=_("Seulement les chapitres qui me sont assignés"), required=False)

    def filtres(self, user) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "vague": data.get("vague"),
            "dsr": data.get("dsr"),
            "chapitre_code": data.get("chapitre") or "",
            "statuts": [data["statut"]] if data.get("statut") else None,
            "verificateur": user if data.get("moi") else None,
            "soumis_depuis_jours": int(data["age"]) if data.get("age") else None,
        }


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class VisiteForm(DsfrBaseForm):
    date_visite = forms.DateTimeField(label=_("Date et heure de la visite"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    lieu = forms.CharField(label=_("Lieu ou modalité"), max_length=255, required=False, help_text=_("Par exemple : visioconférence, locaux de l'éditeur."))
    commentaire = forms.CharField(label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rapport = forms.FileField(
        label=_("Rapport de visite"), required=False, help_text=_("PDF, document bureautique ou archive."),
        widget=forms.FileInput(attrs={"class": "fr-upload"}),
    )
    pas_a_pas = forms.FileField(
        label=_("Pas-à-pas de la visite"), required=False, help_text=_("PDF, document bureautique ou archive."),
        widget=forms.FileInput(attrs={"class": "fr-upload"}),
    )

    def __init__(self, *args, creation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creation:
            del self.fields["rapport"]
            del self.fields["pas_a_pas"]

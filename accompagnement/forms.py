"""Forms of the Espace Authentifié: they check the shape of the input; services enforce the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from candidatures.models import DSR
from comptes.policy import produits_visibles

from .enums import DemandeCategorie, DemandeStatus
from .models import ThemeFAQ
from .selectors import candidatures_de
from .services import MAX_PIECES_JOINTES


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"class": "fr-upload", **(attrs or {})})
        self.group_class = "fr-upload-group"


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PIECES_JOINTES:
            raise forms.ValidationError(_("Pas plus de %(n)s pièces jointes à la fois.") % {"n": MAX_PIECES_JOINTES})
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


PIECES_JOINTES_AIDE = _("Facultatif. Images, PDF, vidéos, fichiers texte, archives ou documents bureautiques ; plusieurs fichiers possibles.")


class CandidatureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.version.produit.nom} {obj.version.numero} — {obj.dsr.code} ({obj.vague.nom})"


class DemandeForm(DsfrBaseForm):
    categorie = forms.ChoiceField(label=_("Catégorie"), choices=[("", _("Choisissez une catégorie")), *DemandeCategorie.choices])
    sujet = forms.CharField(label=_("Sujet"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_("Décrivez votre question ou votre difficulté.")
    )
    candidature = CandidatureChoiceField(
        label=_("Candidature concernée"), queryset=None, required=False, empty_label=_("Aucune en particulier")
    )
    produit = forms.ModelChoiceField(label=_("Produit concerné"), queryset=None, required=False, empty_label=_("Aucun en particulier"))
    pieces_jointes = MultipleFileField(label=_("Pièces jointes"), help_text=PIECES_JOINTES_AIDE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidature"].queryset = candidatures_de(user).select_related("version__produit", "dsr", "vague")
        self.fields["produit"].queryset = produits_visibles(user).order_by("nom")

    def clean(self):
        data = super().clean()
        candidature, produit = data.get("candidature"), data.get("produit")
        if candidature and produit and candidature.version.produit_id != produit.pk:
            self.add_error("produit", _("La candidature choisie ne concerne pas ce produit."))
        return data


class ReponseForm(DsfrBaseForm):
    texte = forms.CharField(label=_("Votre message"), widget=forms.Textarea(attrs={"rows": 5}))
    pieces_jointes = MultipleFileField(label=_("Pièces jointes"), help_text=PIECES_JOINTES_AIDE)
    attendre_editeur = forms.BooleanField(
        label=_("Demander une réponse à l'éditeur (statut « en attente de l'éditeur »)"), required=False
    )

    def __init__(self, *args, agent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not agent:
            del self.fields["attendre_editeur"]


class ResolutionForm(DsfrBaseForm):
    solution = forms.CharField(
        label=_("Solution apportée"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Elle est affichée à l'éditeur et clôt la demande."),
    )


class FiltreFAQForm(DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher dans la FAQ"), required=False, max_length=200)
    dsr = forms.ModelChoiceField(label=_("DSR"), queryset=None, required=False, empty_label=_("Tous les DSR"))
    theme = forms.ModelChoiceField(label=_("Thème"), queryset=ThemeFAQ.objects.all(), required=False, empty_label=_("Tous les thèmes"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dsr"].queryset = DSR.objects.filter(vague__active=True).order_by("code")


class FiltreSupportForm(DsfrBaseForm):
    statut = forms.ChoiceField(label=_("Statut"), choices=[("", _("Tous les statuts")), *DemandeStatus.choices], required=False)
    categorie = forms.ChoiceField(
        label=_("Catégorie"), choices=[("", _("Toutes les catégories")), *DemandeCategorie.choices], required=False
    )

"""Forms of phase 1: they check the shape of the input; the services enforce the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

from comptes.models import siren_validator, siret_validator

from .enums import CandidatureStatus, CndaStatus, StatutVague1
from .models import DSR, Vague
from .selectors import (
    STATUTS_INSTRUCTION,
    agents_ans,
    dsr_ouverts,
    recherche_candidature,
    versions_contribuables,
)


class FormulaireDsfr(DsfrBaseForm):
    """DSFR rendering; required fields carry the DSFR marker, optional ones nothing.

    The DSFR renderer looks in django-dsfr's form templates first (error lists, radios); the
    project's TemplatesSetting finds Django's own first, since django.forms precedes dsfr.
    """

    default_renderer = DsfrDjangoTemplates

    def get_context(self):
        context = forms.Form.get_context(self)
        context.setdefault("DSFR_MARK_OPTIONAL_FIELDS", False)
        return context


def champ_fichier(label, aide, accept):
    field = forms.FileField(label=label, help_text=aide, required=False)
    field.widget.attrs.update({"class": "fr-upload", "accept": accept})
    field.widget.group_class = "fr-upload-group"
    return field


class VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.produit.nom} — version {obj.numero}"


class DsrChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.nom} ({obj.vague.nom})"


class NouvelleCandidatureForm(FormulaireDsfr):
    version = VersionChoice(label=_("Version du produit candidate"), queryset=None)
    dsr = DsrChoice(
        label=_("DSR (type de logiciel)"), queryset=None,
        help_text=_("Seuls les DSR des vagues ouvertes dont la Date N°1 n'est pas passée sont proposés."),
    )
    charte_acceptee = forms.BooleanField(
        label=_("J'ai lu et j'accepte la charte de référencement ci-dessus"),
        error_messages={"required": _("Vous devez accepter la charte de référencement pour démarrer une candidature.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions_contribuables(user)
        self.fields["dsr"].queryset = dsr_ouverts()


class EtapeForm(FormulaireDsfr):
    """Common part of both steps: the revision the form was opened with (optimistic lock)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    fichiers: tuple[str, ...] = ()

    def donnees(self) -> dict:
        """What the service takes as `data`: the fields, and only the files actually uploaded."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("revision", "profils", *self.fichiers)}
        data.update({k: self.cleaned_data[k] for k in self.fichiers if self.cleaned_data.get(k)})
        return data


class AdministrativeForm(EtapeForm):
    raison_sociale = forms.CharField(label=_("Raison sociale"), max_length=255, required=False)
    siren = forms.CharField(
        label=_("SIREN"), help_text=_("9 chiffres."), max_length=9, required=False, validators=[siren_validator]
    )
    siret = forms.CharField(
        label=_("SIRET"), help_text=_("14 chiffres."), max_length=14, required=False, validators=[siret_validator]
    )
    adresse = forms.CharField(label=_("Adresse"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    contact_nom = forms.CharField(label=_("Nom du contact"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("E-mail du contact"), help_text=_("Format : nom@domaine.fr"), required=False)
    contact_telephone = forms.CharField(
        label=_("Téléphone du contact"), help_text=_("Format : 01 23 45 67 89"), max_length=30, required=False
    )
    statut_vague1 = forms.ChoiceField(
        label=_("Statut au regard du référencement Vague 1"), choices=StatutVague1.choices,
        widget=forms.RadioSelect, required=False,
    )
    numero_referencement_vague1 = forms.CharField(
        label=_("Numéro de référencement Vague 1"), help_text=_("Requis si la version est référencée en Vague 1."),
        max_length=50, required=False,
    )
    attestation_vague1 = champ_fichier(
        _("Attestation de référencement Vague 1"),
        _("Requise si la version est référencée en Vague 1. Format accepté : PDF."),
        "application/pdf,.pdf",
    )
    convention_vague1_signee = forms.BooleanField(label=_("La convention de référencement Vague 1 est signée"), required=False)
    fichiers = ("attestation_vague1",)


class EligibiliteForm(EtapeForm):
    profils = forms.MultipleChoiceField(label=_("Profils"), required=False)
    nie = forms.CharField(label=_("NIE (numéro d'identification éditeur)"), max_length=50, required=False)
    nil = forms.CharField(label=_("NIL (numéro d'identification logiciel)"), max_length=50, required=False)
    nils_composants = forms.CharField(
        label=_("NIL des composants additionnels"), help_text=_("Un NIL par ligne."),
        widget=forms.Textarea(attrs={"rows": 3}), required=False,
    )
    cnda_statut = forms.ChoiceField(
        label=_("Statut de la demande CNDA"), choices=[("", _("Sélectionnez un statut")), *CndaStatus.choices],
        help_text=_("Le dossier est réputé complet à partir du statut « Pré-examen »."), required=False,
    )
    cnda_date_retour = forms.DateField(
        label=_("Date de retour prévisionnelle du CNDA"), help_text=_("Format : jj/mm/aaaa"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False,
    )
    cnda_preuve = champ_fichier(
        _("Preuve de la demande CNDA"),
        _("Copie d'écran de votre espace CNDA ou attestation, montrant le statut (au moins Pré-examen) "
          "et la date de retour prévisionnelle. Formats acceptés : PNG, JPEG, GIF, WebP, PDF."),
        "image/png,image/jpeg,image/gif,image/webp,application/pdf,.pdf,.png,.jpg,.jpeg,.gif,.webp",
    )
    fichiers = ("cnda_preuve",)

    def __init__(self, *args, profils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profils"].choices = [(str(p.pk), p.nom) for p in profils]

    def profils_choisis(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["profils"]]


class ComplementForm(FormulaireDsfr):
    etape = forms.ChoiceField(
        label=_("Étape à compléter"),
        choices=[("administrative", _("Candidature administrative")), ("eligibilite", _("Éligibilité"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message à l'éditeur"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Il est envoyé dans la messagerie de la candidature et notifié par e-mail."),
        error_messages={"required": _("Écrivez le message expliquant le complément demandé.")},
    )


class AgentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ReferentForm(FormulaireDsfr):
    referent = AgentChoice(label=_("Référent ANS"), queryset=None, empty_label=_("Choisissez un agent"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = agents_ans()


class FiltreInstructionForm(FormulaireDsfr):
    vague = forms.ModelChoiceField(label=_("Vague"), queryset=None, required=False, empty_label=_("Toutes"))
    dsr = DsrChoice(label=_("DSR"), queryset=None, required=False, empty_label=_("Tous"))
    statut = forms.ChoiceField(label=_("Statut"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vague"].queryset = Vague.objects.all()
        self.fields["dsr"].queryset = DSR.objects.select_related("vague").order_by("vague__numero", "code")
        self.fields["statut"].choices = [("", _("À instruire ou en attente de complément"))] + [
            (s.value, s.label) for s in STATUTS_INSTRUCTION
        ]


class FiltreCandidaturesForm(FormulaireDsfr):
    """The list of candidatures, every phase: a search, the status, the wave and the DSR."""

    q = forms.CharField(
        label=_("Rechercher"), required=False, max_length=100,
        help_text=_("Référence (C-2-00042), organisation, SIREN ou produit"),
    )
    statut = forms.ChoiceField(label=_("Statut"), required=False)
    vague = forms.ModelChoiceField(label=_("Vague"), queryset=None, required=False, empty_label=_("Toutes"))
    dsr = DsrChoice(label=_("DSR"), queryset=None, required=False, empty_label=_("Tous"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statut"].choices = [("", _("Tous les statuts")), *CandidatureStatus.choices]
        self.fields["vague"].queryset = Vague.objects.all()
        self.fields["dsr"].queryset = DSR.objects.select_related("vague").order_by("vague__numero", "code")

    def filtrer(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        if d["statut"]:
            qs = qs.filter(statut=d["statut"])
        if d["vague"]:
            qs = qs.filter(vague=d["vague"])
        if d["dsr"]:
            qs = qs.filter(dsr=d["dsr"])
        if q := d["q"].strip():
            qs = qs.filter(recherche_candidature(q))
        return qs

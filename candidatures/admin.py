"""Django admin of waves, DSRs and profiles, for ANS administrators."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from comptes.policy import can

from .models import DSR, Profil, Vague
from .services_vagues import (
    PROFIL_GENERAL,
    assurer_profil_general,
    enregistrer_vague,
    erreurs_ordre_dates,
)


class ConfigurationAdminMixin:
    """Admin pages of the catalogue: open to the users holding `permission` (a role, not model perms)."""

    permission = "candidatures.configurer_vague"

    def _autorise(self, request) -> bool:
        return can(request.user, self.permission)

    def has_module_permission(self, request):
        return self._autorise(request)

    def has_view_permission(self, request, obj=None):
        return self._autorise(request)

    def has_add_permission(self, request, *args):
        return self._autorise(request)

    def has_change_permission(self, request, obj=None):
        return self._autorise(request)

    def has_delete_permission(self, request, obj=None):
        return self._autorise(request)


class VagueForm(forms.ModelForm):
    class Meta:
        model = Vague
        fields = ["numero", "nom", "date1", "date2", "date3", "active", "charte"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in ("date1", "date2", "date3"):
            self.fields[champ].help_text = f"{self.fields[champ].help_text} {_('Heure de Paris.')}"

    def clean(self):
        donnees = super().clean()
        erreurs = erreurs_ordre_dates(donnees.get("date1"), donnees.get("date2"), donnees.get("date3"))
        for champ, message in erreurs.items():
            self.add_error(champ, message)
        return donnees


@admin.register(Vague)
class VagueAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    form = VagueForm
    list_display = ["numero", "nom", "date1", "date2", "date3", "active", "nb_dsr"]
    list_display_links = ["numero", "nom"]
    list_filter = ["active"]
    search_fields = ["nom"]
    fieldsets = [
        (None, {"fields": ["numero", "nom", "active"]}),
        (_("Dates (heure de Paris)"), {"fields": ["date1", "date2", "date3"]}),
        (_("Charte de référencement"), {"fields": ["charte"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_nb_dsr=Count("dsrs"))

    @admin.display(description=_("DSR"), ordering="_nb_dsr")
    def nb_dsr(self, obj):
        return obj._nb_dsr

    def save_model(self, request, obj, form, change):
        # The form has checked the dates' order and the permission gates the page: the service
        # repeats both checks, locks the row and journals each moved date.
        enregistrer_vague(obj, by=request.user)


class ProfilInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            if form.instance.pk is None or form.initial.get("nom") != PROFIL_GENERAL:
                continue
            if self._should_delete_form(form):
                raise ValidationError(_("Le profil Général est obligatoire pour tout DSR : il ne peut pas être supprimé."))
            if form.cleaned_data.get("nom") != PROFIL_GENERAL or not form.cleaned_data.get("obligatoire"):
                raise ValidationError(_("Le profil Général garde son nom et reste obligatoire."))


class ProfilInline(admin.TabularInline):
    model = Profil
    formset = ProfilInlineFormSet
    fields = ["nom", "obligatoire", "necessite_cnda", "ordre"]
    extra = 0


@admin.register(DSR)
class DSRAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "nom", "couloir", "vague", "nb_profils", "nb_exigences", "version_rem"]
    list_filter = ["vague", "couloir"]
    search_fields = ["code", "nom", "couloir"]
    list_select_related = ["vague"]
    inlines = [ProfilInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _nb_profils=Count("profils", distinct=True),
                _nb_exigences=Count("exigences", distinct=True),
                _version=Max("referentiels__version"),
            )
        )

    @admin.display(description=_("profils"), ordering="_nb_profils")
    def nb_profils(self, obj):
        return obj._nb_profils

    @admin.display(description=_("exigences"), ordering="_nb_exigences")
    def nb_exigences(self, obj):
        return obj._nb_exigences

    @admin.display(description=_("version du REM"), ordering="_version")
    def version_rem(self, obj):
        return obj._version or "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        assurer_profil_general(form.instance)


@admin.register(Profil)
class ProfilAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["nom", "dsr", "obligatoire", "necessite_cnda", "ordre"]
    list_filter = ["obligatoire", "necessite_cnda", "dsr__vague", "dsr"]
    search_fields = ["nom", "dsr__code"]
    list_select_related = ["dsr"]

    def get_readonly_fields(self, request, obj=None):
        return ["nom", "obligatoire"] if obj is not None and obj.nom == PROFIL_GENERAL else []

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.nom == PROFIL_GENERAL)

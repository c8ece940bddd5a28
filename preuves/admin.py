"""Django admin of the REM catalogue, and the "Importer un REM" view (preview, then apply)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from candidatures.admin import ConfigurationAdminMixin
from candidatures.models import DSR
from comptes.errors import DomainError
from comptes.fichiers import Categorie, enregistrer_fichier
from comptes.models import Fichier
from comptes.policy import can

from .importer import importer_rem
from .models import Chapitre, Exigence, PreuveAttendue, Referentiel, Scenario

XLSX = Categorie(
    "classeur Excel (XLSX)", frozenset({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
)


class CatalogueAdminMixin(ConfigurationAdminMixin):
    """The catalogue is fed by imports: rows are never added or deleted by hand."""

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Chapitre)
class ChapitreAdmin(CatalogueAdminMixin, admin.ModelAdmin):
    list_display = ["code", "libelle", "dsr", "ordre", "nb_exigences"]
    list_filter = ["dsr__vague", "dsr"]
    search_fields = ["code", "libelle"]
    list_select_related = ["dsr"]
    readonly_fields = ["dsr", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_nb=Count("exigences", filter=Q(exigences__retiree=False)))

    @admin.display(description=_("exigences en vigueur"), ordering="_nb")
    def nb_exigences(self, obj):
        return obj._nb


class ScenarioInline(admin.TabularInline):
    model = Scenario
    fields = ["numero", "texte", "ordre"]
    readonly_fields = ["numero"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Exigence)
class ExigenceAdmin(CatalogueAdminMixin, admin.ModelAdmin):
    list_display = ["identifiant", "dsr", "chapitre", "profil", "perimetre", "criticite", "retiree"]
    list_filter = ["dsr", "perimetre", "criticite", "retiree", "chapitre__code", "profil__nom"]
    search_fields = ["identifiant", "texte", "fonction", "section"]
    list_select_related = ["dsr", "chapitre", "profil"]
    readonly_fields = ["dsr", "identifiant", "chapitre", "profil", "perimetre", "retiree", "referentiel"]
    fields = [
        "dsr", "identifiant", "chapitre", "section", "fonction", "texte", "commentaire", "profil", "profil_historique",
        "perimetre", "criticite", "ordre", "retiree", "referentiel",
    ]
    inlines = [ScenarioInline]


@admin.register(PreuveAttendue)
class PreuveAttendueAdmin(CatalogueAdminMixin, admin.ModelAdmin):
    """Requested proofs: only the inferred kind may be corrected; the rest comes from the REM."""

    list_display = ["numero", "dsr", "exigence", "type", "retiree", "version"]
    list_filter = ["dsr", "type", "retiree", "exigence__chapitre__code"]
    search_fields = ["numero", "texte", "exigence__identifiant"]
    list_select_related = ["dsr", "exigence", "referentiel"]
    readonly_fields = ["dsr", "exigence", "scenario", "numero", "texte", "ordre", "ligne", "empreinte", "retiree", "referentiel"]

    @admin.display(description=_("version du REM"), ordering="referentiel__version")
    def version(self, obj):
        return obj.referentiel.version if obj.referentiel else "—"


class ImportREMForm(forms.Form):
    dsr = forms.ModelChoiceField(
        label=_("DSR"), queryset=DSR.objects.select_related("vague").order_by("-vague__numero", "code"),
        help_text=_("Le catalogue de ce DSR sera mis à jour."),
    )
    fichier = forms.FileField(label=_("Classeur du REM (.xlsx)"), help_text=_("Feuille « Exigences », 14 colonnes."))


class ConfirmationImportForm(forms.Form):
    dsr = forms.ModelChoiceField(queryset=DSR.objects.all(), widget=forms.HiddenInput)
    fichier = forms.ModelChoiceField(queryset=Fichier.objects.filter(organisation__isnull=True), widget=forms.HiddenInput)


@admin.register(Referentiel)
class ReferentielAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    """Imported versions of the REMs (read-only), and the import itself."""

    permission_import = "preuves.importer_referentiel"
    list_display = ["__str__", "dsr", "version", "nom_fichier", "importe_par", "importe_le", "resume"]
    list_filter = ["dsr__vague", "dsr"]
    search_fields = ["nom_fichier", "dsr__code"]
    list_select_related = ["dsr__vague", "importe_par"]
    change_list_template = "admin/preuves/referentiel/change_list.html"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("contenu"))
    def resume(self, obj):
        r = obj.rapport or {}
        return f"{r.get('nb_exigences', '?')} exigences, {r.get('nb_scenarios', '?')} scénarios, {r.get('nb_preuves', '?')} preuves attendues"

    def get_urls(self):
        vue = self.admin_site.admin_view(self.importer_view)
        return [path("importer/", vue, name="preuves_referentiel_importer"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"peut_importer": can(request.user, self.permission_import), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def importer_view(self, request):
        """GET: the form. POST without `confirmer`: dry run and preview. POST `confirmer`: apply."""
        if not can(request.user, self.permission_import):
            raise PermissionDenied
        if request.method == "POST" and "confirmer" in request.POST:
            return self._appliquer(request)
        form = ImportREMForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            dsr, upload = form.cleaned_data["dsr"], form.cleaned_data["fichier"]
            try:
                rapport = importer_rem(upload, dsr=dsr, by=request.user, dry_run=True)
                fichier = enregistrer_fichier(upload, categories=(XLSX,), organisation=None, by=request.user)
            except DomainError as exc:
                form.add_error("fichier", exc.message)
            else:
                confirmation = ConfirmationImportForm(initial={"dsr": dsr.pk, "fichier": fichier.pk})
                return self._page(request, "admin/preuves/referentiel/apercu.html", _("Aperçu de l'import"), {
                    "rapport": rapport, "dsr": dsr, "fichier": fichier, "confirmation": confirmation,
                })
        return self._page(request, "admin/preuves/referentiel/importer.html", _("Importer un REM"), {"form": form})

    def _appliquer(self, request):
        form = ConfirmationImportForm(request.POST)
        if not form.is_valid() or form.cleaned_data["fichier"].depose_par_id != request.user.pk:
            messages.error(request, _("Ce classeur n'est plus disponible : importez-le à nouveau."))
            return redirect("admin:preuves_referentiel_importer")
        dsr, fichier = form.cleaned_data["dsr"], form.cleaned_data["fichier"]
        try:
            with fichier.fichier.open("rb") as contenu:
                rapport = importer_rem(contenu, dsr=dsr, by=request.user, nom=fichier.nom)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("admin:preuves_referentiel_importer")
        if rapport.version:
            messages.success(request, f"REM {dsr.code} : version {rapport.version} enregistrée ({rapport.resume}).")
        else:
            messages.info(request, f"REM {dsr.code} : {rapport.resume_changements}")
        return redirect(reverse("admin:preuves_referentiel_changelist"))

    def _page(self, request, template, title, context):
        return TemplateResponse(request, template, {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **context,
        })

"""Admin: administrators edit convention templates (each save is a new version); the rest of
phase 3 is read-only here (it changes through the services and pages only)."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from comptes.errors import DomainError
from comptes.policy import can, is_agent

from . import services
from .forms import ModeleConventionForm
from .models import (
    Convention,
    Decision,
    ModeleConvention,
    NumeroReferencement,
    Reserve,
    SessionCollege,
    Signature,
)


@admin.register(ModeleConvention)
class ModeleConventionAdmin(admin.ModelAdmin):
    form = ModeleConventionForm
    list_display = ["titre", "vague", "version", "actif", "nb_conventions", "created_at"]
    list_filter = ["vague", "actif"]
    readonly_fields = ["version", "cree_par", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("vague").annotate(n=Count("conventions"))

    @admin.display(description=_("conventions établies"))
    def nb_conventions(self, obj):
        return obj.n

    def save_model(self, request, obj, form, change):
        """Never update a row: every save records a new version through the service."""
        data = form.cleaned_data
        try:
            nouveau = services.enregistrer_modele_convention(
                vague=data["vague"], titre=data["titre"], corps=data["corps"], actif=data["actif"], by=request.user
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return
        obj.pk, obj.version = nouveau.pk, nouveau.version
        if change:
            messages.info(request, _("Une nouvelle version (%(v)s) a été créée ; la version précédente reste inchangée.") % {"v": nouveau.version})

    def has_view_permission(self, request, obj=None):
        return is_agent(request.user)

    def has_add_permission(self, request):
        return can(request.user, "conventions.manage_modele")

    def has_change_permission(self, request, obj=None):
        return can(request.user, "conventions.manage_modele")

    def has_delete_permission(self, request, obj=None):
        """A version some convention used is never deleted."""
        return can(request.user, "conventions.manage_modele") and (obj is None or not obj.conventions.exists())


class LectureSeuleAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LectureSeuleInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SignatureInline(LectureSeuleInline):
    model = Signature
    readonly_fields = ["role", "signataire", "signe_le", "adresse_ip", "sha256", "consentement"]


@admin.register(Convention)
class ConventionAdmin(LectureSeuleAdmin):
    list_display = ["candidature", "statut", "modele", "prepared_at"]
    list_filter = ["statut"]
    list_select_related = ["candidature__version__produit", "candidature__dsr", "candidature__vague", "modele__vague"]
    inlines = [SignatureInline]


class ReserveInline(LectureSeuleInline):
    model = Reserve
    readonly_fields = ["preuve_demandee", "motif"]


@admin.register(Decision)
class DecisionAdmin(LectureSeuleAdmin):
    list_display = ["candidature", "session", "resultat", "created_at"]
    list_filter = ["resultat"]
    list_select_related = ["candidature__version__produit", "candidature__dsr", "candidature__vague", "session"]
    inlines = [ReserveInline]


@admin.register(SessionCollege)
class SessionCollegeAdmin(LectureSeuleAdmin):
    list_display = ["date", "lieu"]


@admin.register(NumeroReferencement)
class NumeroReferencementAdmin(LectureSeuleAdmin):
    list_display = ["numero", "candidature", "attribue_le"]
    list_select_related = ["candidature__version__produit", "candidature__dsr", "candidature__vague"]
    search_fields = ["numero"]

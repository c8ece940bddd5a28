"""Back office of accounts. Rights on products change only through the delegation services
(cascades, journal), so habilitations and files are read-only here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Fichier, Habilitation, Organisation, Produit, User, VersionProduit


@admin.register(User)
class UtilisateurAdmin(UserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "is_staff",
        "is_active",
    )
    list_filter = ("is_staff", "is_active", "groups", "est_admin_organisation")
    search_fields = (
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation__raison_sociale",
    )
    list_select_related = ("organisation",)
    readonly_fields = ("cree_par", "last_login", "date_joined")
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            _("Organisation et délégation"),
            {
                "fields": (
                    "organisation",
                    "isc_role",
                    "est_admin_organisation",
                    "peut_gerer_utilisateurs",
                    "cree_par",
                    "telephone",
                    "preference_notification",
                )
            },
        ),
    )

    def get_queryset(self, request):
        # iSC identities' backing rows are managed with the identities (isc admin).
        return super().get_queryset(request).filter(isc_identite__isnull=True)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("raison_sociale", "siren", "siret", "gestionnaire_compte")
    search_fields = ("raison_sociale", "siren", "siret")


class VersionInline(admin.TabularInline):
    model = VersionProduit
    extra = 0


@admin.register(Produit)
class ProduitAdmin(admin.ModelAdmin):
    list_display = ("nom", "organisation", "created_at")
    list_select_related = ("organisation",)
    search_fields = ("nom", "organisation__raison_sociale", "organisation__siren")
    inlines = [VersionInline]


class LectureSeuleAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Habilitation)
class HabilitationAdmin(LectureSeuleAdmin):
    list_display = (
        "utilisateur",
        "produit",
        "lire",
        "contribuer",
        "soumettre",
        "signer",
        "accordee_par",
    )
    list_select_related = ("utilisateur", "produit", "accordee_par")
    search_fields = ("utilisateur__email", "produit__nom")


@admin.register(Fichier)
class FichierAdmin(LectureSeuleAdmin):
    list_display = (
        "nom",
        "type_mime",
        "taille",
        "organisation",
        "produit",
        "created_at",
    )
    list_select_related = ("organisation", "produit")
    search_fields = ("nom", "sha256")

from django.contrib import admin

from .models import IscConsentement, IscIdentite


@admin.register(IscIdentite)
class IscIdentiteAdmin(admin.ModelAdmin):
    list_display = (
        "identifiant",
        "prenom",
        "nom",
        "email",
        "siren",
        "raison_sociale",
        "role",
        "actif",
    )
    list_filter = ("role", "actif")
    search_fields = ("identifiant", "nom", "email", "siren", "raison_sociale")
    readonly_fields = ("user", "sub", "created_at", "updated_at")
    exclude = ("mot_de_passe",)


@admin.register(IscConsentement)
class IscConsentementAdmin(admin.ModelAdmin):
    list_display = ("identite", "application", "scopes", "accorde_le")
    readonly_fields = ("identite", "application", "scopes", "accorde_le")

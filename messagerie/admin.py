from django.contrib import admin

from .models import EnvoiEmail, Fil, Message, Notification, RappelEnvoye


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ("created_at", "auteur", "automatique", "texte", "lien")
    readonly_fields = fields
    can_delete = False


@admin.register(Fil)
class FilAdmin(admin.ModelAdmin):
    list_display = ("__str__", "candidature", "cle", "dernier_message_le")
    search_fields = ("sujet", "cle")
    list_select_related = ("candidature__version__produit", "candidature__dsr", "candidature__vague")
    raw_id_fields = ("candidature", "ouvert_par")
    inlines = [MessageInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("titre", "destinataire", "created_at", "lue_le", "envoi")
    list_filter = ("lue_le",)
    search_fields = ("titre", "destinataire__username", "destinataire__email")
    list_select_related = ("destinataire", "envoi")
    raw_id_fields = ("destinataire", "candidature", "evenement", "message", "envoi")


@admin.register(EnvoiEmail)
class EnvoiEmailAdmin(admin.ModelAdmin):
    list_display = ("cle", "nature", "destinataire", "envoye_le")
    list_filter = ("nature",)
    search_fields = ("cle", "destinataire__email")
    list_select_related = ("destinataire",)


@admin.register(RappelEnvoye)
class RappelEnvoyeAdmin(admin.ModelAdmin):
    list_display = ("candidature", "numero_date", "visite", "delai_jours", "created_at")
    list_filter = ("numero_date", "delai_jours")
    list_select_related = ("candidature__version__produit", "candidature__dsr", "candidature__vague")
    raw_id_fields = ("candidature", "visite", "evenement")

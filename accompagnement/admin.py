"""Administration of the Espace Authentifié: FAQ, calendar and service links are configured here;
support requests are only consulted (they change through the support pages and their services)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from comptes.errors import DomainError

from .models import (
    DemandeSupport,
    EvenementCalendrier,
    LienService,
    MessageDemande,
    QuestionFAQ,
    ThemeFAQ,
)
from .services import attacher_support_evenement


@admin.register(ThemeFAQ)
class ThemeFAQAdmin(admin.ModelAdmin):
    list_display = ["nom", "ordre"]
    list_editable = ["ordre"]


@admin.register(QuestionFAQ)
class QuestionFAQAdmin(admin.ModelAdmin):
    list_display = ["question", "vague", "actualite", "publiee", "ordre"]
    list_editable = ["actualite", "publiee", "ordre"]
    list_filter = ["publiee", "actualite", "vague", "themes", "dsrs"]
    search_fields = ["question", "reponse"]
    filter_horizontal = ["themes", "dsrs", "profils"]


class EvenementCalendrierForm(forms.ModelForm):
    fichier_support = forms.FileField(
        label=_("Déposer le support de présentation"),
        required=False,
        help_text=_("PDF ou document bureautique ; remplace le fichier actuel."),
    )

    class Meta:
        model = EvenementCalendrier
        fields = [
            "titre", "type", "debut", "fin", "description", "lien_inscription", "replay_url", "support_url", "vague", "publie",
        ]


@admin.register(EvenementCalendrier)
class EvenementCalendrierAdmin(admin.ModelAdmin):
    form = EvenementCalendrierForm
    list_display = ["titre", "type", "debut", "fin", "vague", "publie", "a_un_replay"]
    list_filter = ["type", "publie", "vague"]
    search_fields = ["titre", "description"]
    date_hierarchy = "debut"
    readonly_fields = ["support_fichier"]

    @admin.display(boolean=True, description=_("replay"))
    def a_un_replay(self, obj):
        return bool(obj.replay_url)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        upload = form.cleaned_data.get("fichier_support")
        if upload:
            try:
                attacher_support_evenement(obj, upload=upload, by=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)


@admin.register(LienService)
class LienServiceAdmin(admin.ModelAdmin):
    list_display = ["titre", "url", "ordre", "actif"]
    list_editable = ["ordre", "actif"]


class MessageDemandeInline(admin.TabularInline):
    model = MessageDemande
    extra = 0
    can_delete = False
    fields = ["created_at", "auteur", "texte"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DemandeSupport)
class DemandeSupportAdmin(admin.ModelAdmin):
    list_display = ["reference", "sujet", "organisation", "categorie", "statut", "agent", "created_at"]
    list_filter = ["statut", "categorie"]
    search_fields = ["sujet", "description", "organisation__raison_sociale", "organisation__siren"]
    inlines = [MessageDemandeInline]
    readonly_fields = [
        "organisation", "auteur", "categorie", "sujet", "description", "candidature", "produit", "statut",
        "solution", "agent", "pieces_jointes", "resolue_le", "created_at", "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

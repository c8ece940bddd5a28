"""The Espace Authentifié in the API: support requests (open, follow, reply) and the calendar."""

import django_filters
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from candidatures.models import Candidature
from comptes.api import FichierSerializer
from comptes.models import Produit
from comptes.policy import produits_visibles
from comptes.views import reponse_fichier
from convergence.api.base import TELECHARGEMENT, ReadOnlyViewSet
from convergence.api.fields import LibelleField, NomPersonneField, VisibleRelatedField
from convergence.api.filtres import depuis, jusqu_a
from convergence.api.serializers import ModeleSerializer

from . import services
from .enums import TYPES_EVENEMENT_SAISIS, DemandeCategorie, DemandeStatus
from .models import DemandeSupport, EvenementCalendrier, MessageDemande
from .selectors import candidatures_de, demandes_visibles, evenements_publies


class MessageDemandeSerializer(ModeleSerializer):
    auteur_nom = NomPersonneField(source="auteur")
    pieces_jointes = FichierSerializer(many=True, read_only=True)

    class Meta:
        model = MessageDemande
        fields = ["id", "auteur", "auteur_nom", "texte", "pieces_jointes", "created_at"]


class DemandeSerializer(ModeleSerializer):
    reference = serializers.CharField(read_only=True)
    auteur_nom = NomPersonneField(source="auteur")
    agent_nom = NomPersonneField(source="agent")
    categorie_libelle = LibelleField("categorie")
    statut_libelle = LibelleField("statut")

    class Meta:
        model = DemandeSupport
        fields = [
            "id", "reference", "organisation", "auteur", "auteur_nom", "categorie", "categorie_libelle", "sujet",
            "description", "candidature", "produit", "statut", "statut_libelle", "solution", "agent_nom",
            "resolue_le", "created_at", "updated_at",
        ]


class DemandeDetailSerializer(DemandeSerializer):
    pieces_jointes = FichierSerializer(many=True, read_only=True)
    messages = MessageDemandeSerializer(many=True, read_only=True)

    class Meta(DemandeSerializer.Meta):
        fields = [*DemandeSerializer.Meta.fields, "pieces_jointes", "messages"]


class DemandeEntreeSerializer(serializers.Serializer):
    categorie = serializers.ChoiceField(choices=DemandeCategorie.choices)
    sujet = serializers.CharField(max_length=200)
    description = serializers.CharField()
    candidature = VisibleRelatedField(candidatures_de, queryset=Candidature.objects.all(), required=False, allow_null=True)
    produit = VisibleRelatedField(produits_visibles, queryset=Produit.objects.all(), required=False, allow_null=True)
    fichiers = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                     help_text="Pièces jointes (répétez le champ).")


class ReponseSerializer(serializers.Serializer):
    texte = serializers.CharField()
    fichiers = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    attendre_editeur = serializers.BooleanField(
        required=False, default=False, help_text="ANS : la demande attend ensuite la réponse de l'éditeur."
    )


class DemandeFilter(django_filters.FilterSet):
    statut = django_filters.MultipleChoiceFilter(choices=DemandeStatus.choices)
    categorie = django_filters.ChoiceFilter(choices=DemandeCategorie.choices)
    updated_at__gte = depuis("updated_at")
    created_at__gte = depuis("created_at")

    class Meta:
        model = DemandeSupport
        fields = ["statut", "categorie", "candidature", "produit"]


PARSEURS = [JSONParser, MultiPartParser, FormParser]


class DemandeViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    """Support requests ("Mes demandes Ségur") the caller may see; editors open them, both sides reply."""

    model = DemandeSupport
    filterset_class = DemandeFilter
    ordering_fields = ["created_at", "updated_at"]
    parser_classes = PARSEURS
    regles = {"create": "accompagnement.add_demandesupport", "repondre": "accompagnement.reply_demandesupport"}

    def get_serializer_class(self):
        return DemandeSerializer if self.action == "list" else DemandeDetailSerializer

    def visible_queryset(self):
        qs = demandes_visibles(self.request.user).order_by("-updated_at", "-pk")
        if self.action == "list":
            return qs
        messages = MessageDemande.objects.select_related("auteur").prefetch_related("pieces_jointes")
        return qs.prefetch_related("pieces_jointes", Prefetch("messages", queryset=messages))

    def _detail(self, demande, code=status.HTTP_200_OK):
        demande = self.relire(demande)
        return Response(DemandeDetailSerializer(demande, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=DemandeEntreeSerializer, responses={201: DemandeDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Open a support request (multipart/form-data for attachments)."""
        entree = DemandeEntreeSerializer(data=request.data, context=self.get_serializer_context())
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        demande = services.ouvrir_demande(
            by=request.user, categorie=d["categorie"], sujet=d["sujet"], description=d["description"],
            candidature=d.get("candidature"), produit=d.get("produit"), fichiers=d["fichiers"],
        )
        return self._detail(demande, status.HTTP_201_CREATED)

    @extend_schema(request=ReponseSerializer, responses={201: DemandeDetailSerializer})
    @action(detail=True, methods=["post"])
    def repondre(self, request, pk=None):
        """Reply in the request's thread (multipart/form-data for attachments)."""
        demande = self.get_object()
        entree = ReponseSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        services.repondre_demande(demande, by=request.user, **entree.validated_data)
        return self._detail(demande, status.HTTP_201_CREATED)


class EvenementSerializer(ModeleSerializer):
    type_libelle = LibelleField("type")
    support_fichier = serializers.SerializerMethodField(help_text="Le support de présentation à télécharger.")

    class Meta:
        model = EvenementCalendrier
        fields = ["id", "titre", "type", "type_libelle", "debut", "fin", "description", "lien_inscription",
                  "replay_url", "support_url", "support_fichier", "vague", "updated_at"]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_support_fichier(self, ev):
        if ev.support_fichier_id is None:
            return None
        request = self.context.get("request")
        chemin = reverse("evenement-calendrier-support", args=[ev.pk])
        return request.build_absolute_uri(chemin) if request else chemin


class EvenementFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=TYPES_EVENEMENT_SAISIS)
    debut__gte = depuis("debut")
    debut__lte = jusqu_a("debut")
    updated_at__gte = depuis("updated_at")

    class Meta:
        model = EvenementCalendrier
        fields = ["type", "vague"]


class EvenementCalendrierViewSet(ReadOnlyViewSet):
    """Published events of the agency's calendar (webinars, Ask Me Anything…). The waves' dates are
    under `vagues`, the Interop visits under `visites-interop`."""

    model = EvenementCalendrier
    serializer_class = EvenementSerializer
    filterset_class = EvenementFilter
    ordering_fields = ["debut", "updated_at"]

    def visible_queryset(self):
        return evenements_publies().order_by("debut", "pk")

    @extend_schema(
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="Le support de présentation.")}
    )
    @action(detail=True, methods=["get"], **TELECHARGEMENT)
    def support(self, request, pk=None):
        """Download the event's slides."""
        evenement = self.get_object()
        if evenement.support_fichier is None:
            raise NotFound
        return reponse_fichier(evenement.support_fichier)


def register(router):
    router.register("demandes", DemandeViewSet, basename="demande-support")
    router.register("evenements-calendrier", EvenementCalendrierViewSet, basename="evenement-calendrier")

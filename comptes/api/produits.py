"""API of products and their versions: what an editor registers before applying."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from convergence.api.base import ListCreateViewSet
from convergence.api.fields import VisibleRelatedField
from convergence.api.filtres import depuis
from convergence.api.serializers import ModeleSerializer

from ..models import Droit, Produit, VersionProduit
from ..policy import droits_produit, produits_visibles
from ..services_produits import creer_produit, creer_version, produits_de


class VersionSerializer(ModeleSerializer):
    class Meta:
        model = VersionProduit
        fields = ["id", "produit", "numero", "notes", "created_at"]


class ProduitSerializer(ModeleSerializer):
    versions = VersionSerializer(many=True, read_only=True)
    mes_droits = serializers.SerializerMethodField(help_text="Les droits de l'appelant sur ce produit.")

    class Meta:
        model = Produit
        fields = ["id", "organisation", "nom", "description", "versions", "mes_droits", "created_at", "updated_at"]

    def get_mes_droits(self, produit) -> list[str]:
        droits = droits_produit(self.context["request"].user, produit)
        return [d for d in Droit.values if d in droits]


class ProduitCreationSerializer(serializers.Serializer):
    nom = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class VersionCreationSerializer(serializers.Serializer):
    produit = VisibleRelatedField(produits_visibles, queryset=Produit.objects.all())
    numero = serializers.CharField(max_length=100)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ProduitFilter(django_filters.FilterSet):
    updated_at__gte = depuis("updated_at")
    nom = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Produit
        fields = ["organisation"]


class ProduitViewSet(ListCreateViewSet):
    """Products the caller may read, with their versions and the caller's rights on each."""

    model = Produit
    serializer_class = ProduitSerializer
    filterset_class = ProduitFilter
    ordering_fields = ["nom", "created_at", "updated_at"]
    regles = {"create": "comptes.add_produit"}

    def visible_queryset(self):
        return produits_de(self.request.user)

    @extend_schema(request=ProduitCreationSerializer, responses={201: ProduitSerializer})
    def create(self, request, *args, **kwargs):
        """Register a product of the caller's organisation (user managers)."""
        entree = ProduitCreationSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        produit = creer_produit(**entree.validated_data, by=request.user)
        produit = self.relire(produit)
        return Response(self.get_serializer(produit).data, status=status.HTTP_201_CREATED)


class VersionFilter(django_filters.FilterSet):
    created_at__gte = depuis("created_at")

    class Meta:
        model = VersionProduit
        fields = ["produit", "numero"]


class VersionViewSet(ListCreateViewSet):
    """Technical versions of the products the caller may read."""

    model = VersionProduit
    serializer_class = VersionSerializer
    filterset_class = VersionFilter
    ordering_fields = ["numero", "created_at"]

    def visible_queryset(self):
        return VersionProduit.objects.filter(produit__in=produits_visibles(self.request.user).values("pk")).order_by(
            "-created_at", "-pk"
        )

    @extend_schema(request=VersionCreationSerializer, responses={201: VersionSerializer})
    def create(self, request, *args, **kwargs):
        """Add a technical version to a product (needs `contribuer` on it)."""
        entree = VersionCreationSerializer(data=request.data, context=self.get_serializer_context())
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        version = creer_version(d["produit"], numero=d["numero"], notes=d["notes"], by=request.user)
        return Response(self.get_serializer(version).data, status=status.HTTP_201_CREATED)

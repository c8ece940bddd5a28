"""API of organisations, users and their rights."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from convergence.api.base import ReadOnlyViewSet

from .models import Habilitation, Organisation, User
from .policy import is_agent


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "siren", "siret", "raison_sociale", "adresse", "updated_at"]


class HabilitationSerializer(serializers.ModelSerializer):
    produit_nom = serializers.CharField(source="produit.nom", read_only=True)

    class Meta:
        model = Habilitation
        fields = ["produit", "produit_nom", "lire", "contribuer", "soumettre", "signer", "accordee_par"]


class UtilisateurSerializer(serializers.ModelSerializer):
    habilitations = HabilitationSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id", "username", "first_name", "last_name", "email", "is_active", "organisation",
            "est_admin_organisation", "peut_gerer_utilisateurs", "cree_par", "habilitations",
        ]


class OrganisationViewSet(ReadOnlyViewSet):
    """The caller's own organisation (all of them for ANS staff)."""

    model = Organisation
    serializer_class = OrganisationSerializer
    filterset_fields = ["siren"]
    ordering_fields = ["raison_sociale", "updated_at"]

    def visible_queryset(self):
        user = self.request.user
        if is_agent(user):
            return Organisation.objects.all()
        return Organisation.objects.filter(pk=user.organisation_id)


class UtilisateurViewSet(ReadOnlyViewSet):
    """Users of the caller's organisation, with their rights on products."""

    model = User
    serializer_class = UtilisateurSerializer
    filterset_fields = ["is_active", "cree_par"]
    ordering_fields = ["username", "last_name"]

    def visible_queryset(self):
        user = self.request.user
        qs = User.objects.prefetch_related(
            Prefetch("habilitations", queryset=Habilitation.objects.select_related("produit"))
        ).order_by("username")
        if is_agent(user):
            return qs.filter(organisation__isnull=False)
        return qs.filter(organisation_id=user.organisation_id)

    @extend_schema(responses=UtilisateurSerializer)
    @action(detail=False, methods=["get"])
    def moi(self, request):
        """The caller."""
        return Response(self.get_serializer(request.user).data)




def register(router):
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("utilisateurs", UtilisateurViewSet, basename="utilisateur")

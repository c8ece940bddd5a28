"""API of the caller's organisation and its users: the delegation tree and rights on products."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from convergence.api.base import ReadOnlyViewSet
from convergence.api.serializers import ModeleSerializer

from .. import services
from ..models import Droit, Habilitation, Organisation, User
from ..policy import is_agent, produits_visibles


class OrganisationSerializer(ModeleSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "siren", "siret", "raison_sociale", "adresse", "updated_at"]


class HabilitationSerializer(ModeleSerializer):
    produit_nom = serializers.CharField(source="produit.nom", read_only=True)

    class Meta:
        model = Habilitation
        fields = ["produit", "produit_nom", "lire", "contribuer", "soumettre", "signer", "accordee_par"]


class UtilisateurSerializer(ModeleSerializer):
    habilitations = HabilitationSerializer(many=True, read_only=True, source="habilitations_visibles")

    class Meta:
        model = User
        fields = [
            "id", "username", "first_name", "last_name", "email", "is_active", "organisation",
            "est_admin_organisation", "peut_gerer_utilisateurs", "cree_par", "habilitations",
        ]


class DroitsProduitSerializer(serializers.Serializer):
    """The exact rights of a user on one product (an empty list takes them all away)."""

    produit = serializers.IntegerField(min_value=1)
    droits = serializers.ListField(child=serializers.ChoiceField(choices=Droit.choices), allow_empty=True)


def _habilitations(donnees) -> dict[int, list[str]]:
    return {h["produit"]: h["droits"] for h in donnees or []}


class UtilisateurCreationSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    peut_gerer_utilisateurs = serializers.BooleanField(default=False)
    habilitations = DroitsProduitSerializer(many=True, required=False)


class DroitsSerializer(serializers.Serializer):
    """Rights to set: each listed product gets exactly its `droits`; unlisted products keep theirs.
    `peut_gerer_utilisateurs` omitted keeps the current value."""

    habilitations = DroitsProduitSerializer(many=True, required=False)
    peut_gerer_utilisateurs = serializers.BooleanField(required=False, allow_null=True, default=None)


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


class UtilisateurViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    """Users of the caller's organisation, with their rights on the products the caller may read.

    A user manager creates users below them in the tree, changes the rights of those below them
    and deactivates them, never granting more than their own rights (comptes.services).
    """

    model = User
    serializer_class = UtilisateurSerializer
    filterset_fields = ["is_active", "cree_par"]
    ordering_fields = ["username", "last_name"]
    regles = {"create": "comptes.manage_users", "droits": "comptes.manage_user", "desactiver": "comptes.manage_user"}

    def objet_regle(self, obj):
        return self.request.user.organisation if obj is None else obj

    def _avec_droits(self, qs):
        """Each user's rights, on the products the caller may read only."""
        lisibles = Habilitation.objects.filter(
            produit__in=produits_visibles(self.request.user).values("pk")
        ).select_related("produit")
        return qs.prefetch_related(Prefetch("habilitations", queryset=lisibles, to_attr="habilitations_visibles"))

    def visible_queryset(self):
        user = self.request.user
        qs = self._avec_droits(User.objects.order_by("username"))
        if is_agent(user):
            return qs.filter(organisation__isnull=False)
        return qs.filter(organisation_id=user.organisation_id)

    def _reponse(self, utilisateur, code=status.HTTP_200_OK):
        utilisateur = self._avec_droits(User.objects.filter(pk=utilisateur.pk)).get()
        return Response(self.get_serializer(utilisateur).data, status=code)

    @extend_schema(request=UtilisateurCreationSerializer, responses={201: UtilisateurSerializer})
    def create(self, request, *args, **kwargs):
        """Create a user of the caller's organisation (linked at their first iSC login)."""
        entree = UtilisateurCreationSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        utilisateur = services.creer_utilisateur(
            request.user, email=d["email"], first_name=d["first_name"], last_name=d["last_name"],
            peut_gerer_utilisateurs=d["peut_gerer_utilisateurs"], habilitations=_habilitations(d.get("habilitations")),
        )
        return self._reponse(utilisateur, status.HTTP_201_CREATED)

    @extend_schema(request=DroitsSerializer, responses=UtilisateurSerializer)
    @action(detail=True, methods=["post"])
    def droits(self, request, pk=None):
        """Change the user's rights on products and the right to manage users."""
        cible = self.get_object()
        entree = DroitsSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        services.modifier_droits(
            request.user, utilisateur=cible, habilitations=_habilitations(entree.validated_data.get("habilitations")),
            peut_gerer_utilisateurs=entree.validated_data.get("peut_gerer_utilisateurs"),
        )
        return self._reponse(cible)

    @extend_schema(request=None, responses=UtilisateurSerializer)
    @action(detail=True, methods=["post"])
    def desactiver(self, request, pk=None):
        """Deactivate the user; what they granted is taken away down their subtree."""
        utilisateur = services.desactiver_utilisateur(request.user, utilisateur=self.get_object())
        return self._reponse(utilisateur)

    @extend_schema(responses=UtilisateurSerializer)
    @action(detail=False, methods=["get"])
    def moi(self, request):
        """The caller."""
        return self._reponse(request.user)

"""Stored files in the API: their description, a link to download them with a token."""

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action

from convergence.api.base import TELECHARGEMENT, RetrieveViewSet
from convergence.api.serializers import ModeleSerializer
from convergence.liens import lien_par_id

from ..models import Fichier
from ..policy import is_agent, is_editeur, produits_visibles
from ..views import reponse_fichier


class FichierSerializer(ModeleSerializer):
    """A stored file: `contenu` downloads it with the API's authentication (token), `url` is the
    platform's download page (browser session)."""

    contenu = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Fichier
        fields = ["id", "nom", "type_mime", "taille", "sha256", "created_at", "contenu", "url"]

    def _lien(self, route: str, pk: int) -> str:
        # The site's address and the route worked out once per serializer: a page of deposits
        # has a hundred links.
        liens = self.__dict__.setdefault("_liens", {})
        if route not in liens:
            request = self.context.get("request")
            liens[route] = (request.build_absolute_uri("/")[:-1] if request else "", lien_par_id(route))
        racine, chemin = liens[route]
        return racine + chemin(pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_contenu(self, f) -> str:
        return self._lien("fichier-contenu", f.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, f) -> str:
        return self._lien("comptes:fichier", f.pk)


def fichiers_visibles(user):
    """Files `user` may download (the rule of comptes.policy.peut_lire_fichier, as a queryset)."""
    if is_agent(user):
        return Fichier.objects.all()
    if not is_editeur(user):
        return Fichier.objects.none()
    return Fichier.objects.filter(
        Q(produit__in=produits_visibles(user).values("pk"))
        | Q(produit__isnull=True, organisation_id=user.organisation_id)
    )


class FichierViewSet(RetrieveViewSet):
    """A stored file the caller may read (404 otherwise) and its content."""

    model = Fichier
    serializer_class = FichierSerializer

    def visible_queryset(self):
        return fichiers_visibles(self.request.user)

    @extend_schema(
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="Le contenu du fichier, en pièce jointe.")}
    )
    @action(detail=True, methods=["get"], **TELECHARGEMENT)
    def contenu(self, request, pk=None):
        """Download the file (attachment, with its name and type)."""
        return reponse_fichier(self.get_object())

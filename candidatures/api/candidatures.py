"""Candidatures: start one (charter), fill both steps, submit; the agency's instruction actions.

Each action calls the service the browser calls (candidatures.services), so rights, dates and
transitions are checked there; a refusal comes back in the API's one error shape."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from convergence.api.base import ReadOnlyViewSet
from convergence.api.filtres import depuis, jusqu_a

from .. import services
from ..enums import CandidatureStatus
from ..models import Candidature, Profil
from ..selectors import candidatures_visibles
from .serializers import (
    AdministrativeEntreeSerializer,
    CandidatureCreationSerializer,
    CandidatureDetailSerializer,
    CandidatureSerializer,
    ComplementSerializer,
    EligibiliteEntreeSerializer,
    ReferentSerializer,
)

PARSEURS = [JSONParser, MultiPartParser, FormParser]


class CandidatureFilter(django_filters.FilterSet):
    statut = django_filters.MultipleChoiceFilter(choices=CandidatureStatus.choices)
    produit = django_filters.NumberFilter(field_name="version__produit")
    updated_at__gte = depuis("updated_at")
    created_at__gte = depuis("created_at")
    created_at__lte = jusqu_a("created_at")
    dossier_soumis_le__gte = depuis("dossier_soumis_le")
    dossier_soumis_le__lte = jusqu_a("dossier_soumis_le")

    class Meta:
        model = Candidature
        fields = ["statut", "vague", "dsr", "version", "organisation", "referent"]


class CandidatureViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    """Candidatures the caller may read: their organisation's, on products they may read (all of
    them for ANS staff)."""

    model = Candidature
    filterset_class = CandidatureFilter
    ordering_fields = ["created_at", "updated_at", "dossier_soumis_le", "statut"]
    regles = {
        "administrative": "candidatures.change_candidature",
        "eligibilite": "candidatures.change_candidature",
        "soumettre": "candidatures.submit_candidature",
        "abandonner": "candidatures.abandon_candidature",
        "demander_complement": "candidatures.instruct_candidature",
        "valider": "candidatures.instruct_candidature",
        "referent": "candidatures.assign_referent",
    }

    def get_serializer_class(self):
        return CandidatureSerializer if self.action == "list" else CandidatureDetailSerializer

    def visible_queryset(self):
        qs = candidatures_visibles(self.request.user).order_by("-created_at", "-pk")
        if self.action == "list":
            return qs
        return qs.select_related(
            "administrative__attestation_vague1", "eligibilite__cnda_preuve"
        ).prefetch_related(Prefetch("eligibilite__profils", queryset=Profil.objects.order_by("-obligatoire", "ordre", "nom")))

    def _detail(self, candidature, code=status.HTTP_200_OK):
        c = self.relire(candidature)
        return Response(CandidatureDetailSerializer(c, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=CandidatureCreationSerializer, responses={201: CandidatureDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Start a candidature of a product version for a DSR (and its wave), accepting the charter.
        Needs `contribuer` on the product; refused after the wave's Date N°1."""
        entree = CandidatureCreationSerializer(data=request.data, context=self.get_serializer_context())
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        c = services.demarrer_candidature(version=d["version"], dsr=d["dsr"], charte_acceptee=d["charte_acceptee"], by=request.user)
        return self._detail(c, status.HTTP_201_CREATED)

    def _etape(self, request, entree_class, enregistrer):
        c = self.get_object()
        entree = entree_class(data=request.data)
        entree.is_valid(raise_exception=True)
        enregistrer(c, entree)
        return self._detail(c)

    @extend_schema(request=AdministrativeEntreeSerializer, responses=CandidatureDetailSerializer)
    @action(detail=True, methods=["post", "patch"], parser_classes=PARSEURS)
    def administrative(self, request, pk=None):
        """Save step 1 (candidature administrative): only the fields sent change. Multipart to
        upload `attestation_vague1`. 409 when `revision` is not the step's current one."""
        return self._etape(request, AdministrativeEntreeSerializer, lambda c, e: services.enregistrer_administrative(
            c, data=e.donnees(), revision=e.validated_data["revision"], by=request.user,
        ))

    @extend_schema(request=EligibiliteEntreeSerializer, responses=CandidatureDetailSerializer)
    @action(detail=True, methods=["post", "patch"], parser_classes=PARSEURS)
    def eligibilite(self, request, pk=None):
        """Save step 2 (éligibilité): profiles, CNDA identifiers, `cnda_preuve` upload (multipart).
        No optional profile may be added after Date N°2. 409 on a stale `revision`."""

        def enregistrer(c, e):
            profils = e.validated_data.get("profils")
            if profils is None:
                profils = [p.pk for p in c.eligibilite.profils.all()]
            services.enregistrer_eligibilite(
                c, data=e.donnees(), profils=profils, revision=e.validated_data["revision"], by=request.user
            )

        return self._etape(request, EligibiliteEntreeSerializer, enregistrer)

    def _action(self, service, **kwargs):
        c = service(self.get_object(), by=self.request.user, **kwargs)
        return self._detail(c)

    @extend_schema(request=None, responses=CandidatureDetailSerializer)
    @action(detail=True, methods=["post"])
    def soumettre(self, request, pk=None):
        """Submit the administrative dossier (both steps complete; by Date N°1, or Date N°3 after a
        complement was asked). Needs `soumettre` on the product."""
        return self._action(services.soumettre_dossier)

    @extend_schema(request=None, responses=CandidatureDetailSerializer)
    @action(detail=True, methods=["post"])
    def abandonner(self, request, pk=None):
        """Withdraw the candidature (final). Needs `soumettre` on the product."""
        return self._action(services.abandonner)

    @extend_schema(request=ComplementSerializer, responses=CandidatureDetailSerializer)
    @action(detail=True, methods=["post"], url_path="demander-complement")
    def demander_complement(self, request, pk=None):
        """Instructor: ask the editor for a complement on one step (the message goes to the thread)."""
        c = self.get_object()
        entree = ComplementSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        services.demander_complement(c, by=request.user, **entree.validated_data)
        return self._detail(c)

    @extend_schema(request=None, responses=CandidatureDetailSerializer)
    @action(detail=True, methods=["post"])
    def valider(self, request, pk=None):
        """Instructor: validate the administrative dossier; phase 2 (proofs) opens."""
        return self._action(services.valider_dossier)

    @extend_schema(request=ReferentSerializer, responses=CandidatureDetailSerializer)
    @action(detail=True, methods=["post"])
    def referent(self, request, pk=None):
        """Instructor: name the ANS agent who is the editor's contact for this candidature."""
        c = self.get_object()
        entree = ReferentSerializer(data=request.data, context=self.get_serializer_context())
        entree.is_valid(raise_exception=True)
        services.assigner_referent(c, referent=entree.validated_data["referent"], by=request.user)
        return self._detail(c)

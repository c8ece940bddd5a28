"""Phase 2 in the API: chapter dossiers, requested proofs, deposits, reviews, Interop visits.

Every write calls the service the browser calls (preuves.services): rights, the wave's dates
and the transition tables are checked there."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from candidatures.selectors import filtre_candidatures_visibles
from convergence.api.base import ReadOnlyViewSet
from convergence.api.filtres import depuis, jusqu_a

from .. import services
from ..enums import ChapitreStatus, PreuveStatus
from ..models import (
    Depot,
    DossierChapitre,
    PreuveDemandee,
    RevueChapitre,
    VisiteInterop,
)
from ..selectors import (
    COLONNES_PREUVE,
    COLONNES_PREUVE_ATTENDUE,
    avec_comptes_preuves,
    avec_dernier_depot_revu,
    depots_avec_revues,
)
from .serializers import (
    AssignerSerializer,
    AvisSerializer,
    DecisionSerializer,
    DepotEntreeSerializer,
    DepotSerializer,
    DossierChapitreSerializer,
    PreuveDemandeeDetailSerializer,
    PreuveDemandeeSerializer,
    RevueSerializer,
    VisiteInteropSerializer,
)


class DossierChapitreFilter(django_filters.FilterSet):
    statut = django_filters.MultipleChoiceFilter(choices=ChapitreStatus.choices)
    chapitre_code = django_filters.CharFilter(field_name="chapitre__code", lookup_expr="iexact")
    vague = django_filters.NumberFilter(field_name="candidature__vague")
    dsr = django_filters.NumberFilter(field_name="candidature__dsr")
    soumis_le__gte = depuis("soumis_le")
    soumis_le__lte = jusqu_a("soumis_le")
    updated_at__gte = depuis("updated_at")

    class Meta:
        model = DossierChapitre
        fields = ["candidature", "chapitre", "statut", "verificateur"]


class DossierChapitreViewSet(ReadOnlyViewSet):
    """Chapters of the candidatures the caller may read. The editor submits a complete chapter;
    a verifier takes it (`assigner`), reviews each proof (`preuves-demandees/{id}/avis`) and
    closes the round (`decider`)."""

    model = DossierChapitre
    serializer_class = DossierChapitreSerializer
    filterset_class = DossierChapitreFilter
    ordering_fields = ["soumis_le", "updated_at", "chapitre__ordre"]
    regles = {
        "soumettre": "preuves.soumettre_chapitre",
        "assigner": "preuves.verifier_preuves",
        "decider": "preuves.verifier_preuves",
    }

    def visible_queryset(self):
        decisions = RevueChapitre.objects.order_by("-tour")
        qs = (
            DossierChapitre.objects.filter(filtre_candidatures_visibles(self.request.user))
            .select_related("chapitre")
            .prefetch_related(Prefetch("revues", queryset=decisions, to_attr="decisions"))
            .order_by("candidature_id", "chapitre__ordre", "chapitre__code")
        )
        return self.avec_produit(qs)

    def completer(self, objets):
        return avec_comptes_preuves(objets)

    def _reponse(self, dossier):
        return Response(self.get_serializer(self.relire(dossier)).data)

    @extend_schema(request=None, responses=DossierChapitreSerializer)
    @action(detail=True, methods=["post"])
    def soumettre(self, request, pk=None):
        """Submit a complete chapter: opens its next analysis round. Refused while a proof lacks a
        version (the message lists them), after Date N°3, and after Date N°2 for a dossier never
        complete. Needs `soumettre` on the product."""
        return self._reponse(services.soumettre_chapitre(self.get_object(), by=request.user))

    @extend_schema(request=AssignerSerializer, responses=DossierChapitreSerializer)
    @action(detail=True, methods=["post"])
    def assigner(self, request, pk=None):
        """Verifier: take a submitted chapter (soumis → en analyse) or hand it to another verifier."""
        dossier = self.get_object()
        entree = AssignerSerializer(data=request.data, context=self.get_serializer_context())
        entree.is_valid(raise_exception=True)
        verificateur = entree.validated_data.get("verificateur") or request.user
        return self._reponse(services.assigner_chapitre(dossier, verificateur=verificateur, by=request.user))

    @extend_schema(request=DecisionSerializer, responses=DossierChapitreSerializer)
    @action(detail=True, methods=["post"])
    def decider(self, request, pk=None):
        """Verifier: close the round once every new version has an opinion: validé, or en attente
        éditeur with the proofs to redo (the editor is told)."""
        dossier = self.get_object()
        entree = DecisionSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        services.decider_chapitre(dossier, by=request.user, commentaire=entree.validated_data["commentaire"])
        return self._reponse(dossier)


class PreuveDemandeeFilter(django_filters.FilterSet):
    statut = django_filters.MultipleChoiceFilter(choices=PreuveStatus.choices)
    chapitre_code = django_filters.CharFilter(field_name="dossier__chapitre__code", lookup_expr="iexact")
    updated_at__gte = depuis("updated_at")

    class Meta:
        model = PreuveDemandee
        fields = ["candidature", "dossier", "statut", "preuve_attendue"]


class PreuveDemandeeViewSet(ReadOnlyViewSet):
    """Proofs requested of the candidatures the caller may read; the detail has every version."""

    model = PreuveDemandee
    filterset_class = PreuveDemandeeFilter
    ordering_fields = ["updated_at", "preuve_attendue__ordre"]
    regles = {"deposer": "preuves.deposer_preuve", "avis": "preuves.verifier_preuves"}

    def get_serializer_class(self):
        return PreuveDemandeeSerializer if self.action == "list" else PreuveDemandeeDetailSerializer

    def visible_queryset(self):
        qs = avec_dernier_depot_revu(
            PreuveDemandee.objects.filter(filtre_candidatures_visibles(self.request.user))
            .select_related("dossier__chapitre", "preuve_attendue__exigence", "dernier_depot")
            # What the serializer shows of the joined rows (a requirement has fifteen columns).
            .only(*COLONNES_PREUVE, "dossier__chapitre__code",
                  *[f"preuve_attendue__{c}" for c in COLONNES_PREUVE_ATTENDUE], "preuve_attendue__exigence__identifiant",
                  *[f"dernier_depot__{f.name}" for f in Depot._meta.concrete_fields])
            .order_by("candidature_id", "dossier__chapitre__ordre", "preuve_attendue__ordre", "pk")
        )
        if self.action == "list":
            return qs
        versions = depots_avec_revues(self.request.user).order_by("-version")
        return self.avec_produit(qs.prefetch_related(Prefetch("depots", queryset=versions, to_attr="versions")))

    def _reponse(self, preuve, code=status.HTTP_200_OK):
        preuve = self.relire(preuve)
        return Response(PreuveDemandeeDetailSerializer(preuve, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=DepotEntreeSerializer, responses={201: DepotSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def deposer(self, request, pk=None):
        """Deposit a new version of the proof (multipart/form-data: one or several `fichiers`, large
        files are streamed to disk). It waits for the chapter's submission. Refused while the
        chapter is in analysis or validated, and after Date N°3. Needs `contribuer`."""
        preuve = self.get_object()
        entree = DepotEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        specifiques = {nom: d.get(nom) for nom in services.CHAMPS_SPECIFIQUES.get(preuve.preuve_attendue.type, ())}
        depot = services.deposer_preuve(
            preuve, fichiers=d["fichiers"], lien=d["lien"], commentaire=d["commentaire"], by=request.user, **specifiques
        )
        depot = depots_avec_revues(request.user).get(pk=depot.pk)
        return Response(DepotSerializer(depot, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AvisSerializer, responses={201: RevueSerializer})
    @action(detail=True, methods=["post"])
    def avis(self, request, pk=None):
        """Verifier: give an opinion on the latest version in the current round (a comment is
        required unless conforme). The proof's status changes when the chapter is decided."""
        preuve = self.get_object()
        entree = AvisSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        revue = services.revoir_preuve(preuve, by=request.user, **entree.validated_data)
        return Response(RevueSerializer(revue, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)


class DepotFilter(django_filters.FilterSet):
    candidature = django_filters.NumberFilter(field_name="candidature")
    dossier = django_filters.NumberFilter(field_name="preuve__dossier")
    created_at__gte = depuis("created_at")

    class Meta:
        model = Depot
        fields = ["preuve", "tour"]


class DepotViewSet(ReadOnlyViewSet):
    """Every version deposited on the candidatures the caller may read (kept forever)."""

    model = Depot
    serializer_class = DepotSerializer
    filterset_class = DepotFilter
    ordering_fields = ["created_at", "version"]

    def visible_queryset(self):
        return (
            depots_avec_revues(self.request.user)
            .filter(filtre_candidatures_visibles(self.request.user, "candidature"))
            .order_by("-created_at", "-pk")
        )


class VisiteFilter(django_filters.FilterSet):
    date_visite__gte = depuis("date_visite")
    date_visite__lte = jusqu_a("date_visite")

    class Meta:
        model = VisiteInterop
        fields = ["candidature"]


class VisiteInteropViewSet(ReadOnlyViewSet):
    """Interop visits of the candidatures the caller may read, with their report and step-by-step."""

    model = VisiteInterop
    serializer_class = VisiteInteropSerializer
    filterset_class = VisiteFilter
    ordering_fields = ["date_visite"]

    def visible_queryset(self):
        return (
            VisiteInterop.objects.filter(filtre_candidatures_visibles(self.request.user))
            .select_related("rapport", "pas_a_pas")
            .order_by("date_visite", "pk")
        )

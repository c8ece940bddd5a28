"""Phase 3 in the API, read-only: the convention of a candidature (status, signed documents,
signatures) and the college's decisions (numbers, attestations, blocking reservations)."""

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers

from candidatures.selectors import filtre_candidatures_visibles
from comptes.api import FichierSerializer
from convergence.api.base import ReadOnlyViewSet
from convergence.api.fields import DateHeureField, LibelleField, NomPersonneField
from convergence.api.filtres import depuis
from convergence.api.serializers import ModeleSerializer

from .enums import ConventionStatus, ResultatDecision
from .models import Convention, Decision, Reserve, Signature


class SignatureSerializer(ModeleSerializer):
    role_libelle = LibelleField("role")
    signataire_nom = NomPersonneField(source="signataire")

    class Meta:
        model = Signature
        fields = ["role", "role_libelle", "signataire", "signataire_nom", "signe_le", "sha256"]


class ConventionSerializer(ModeleSerializer):
    """The convention: the prepared PDF, then signed by the editor, then countersigned (each an
    immutable file with its SHA-256)."""

    statut_libelle = LibelleField("statut")
    modele_titre = serializers.CharField(source="modele.titre", read_only=True)
    modele_version = serializers.IntegerField(source="modele.version", read_only=True)
    pdf = FichierSerializer(read_only=True)
    pdf_signe_editeur = FichierSerializer(read_only=True, allow_null=True)
    pdf_signe = FichierSerializer(read_only=True, allow_null=True)
    signatures = SignatureSerializer(many=True, read_only=True)

    class Meta:
        model = Convention
        fields = [
            "id", "candidature", "statut", "statut_libelle", "modele_titre", "modele_version", "pdf", "pdf_sha256",
            "pdf_signe_editeur", "pdf_signe_editeur_sha256", "pdf_signe", "pdf_signe_sha256", "signatures",
            "prepared_at", "updated_at",
        ]


class ReserveSerializer(ModeleSerializer):
    preuve_numero = serializers.CharField(source="preuve_demandee.preuve_attendue.numero", read_only=True, allow_null=True)

    class Meta:
        model = Reserve
        fields = ["id", "preuve_demandee", "preuve_numero", "motif"]


class DecisionSerializer(ModeleSerializer):
    resultat_libelle = LibelleField("resultat")
    session_date = DateHeureField(source="session.date", read_only=True)
    numero_referencement = serializers.CharField(source="numero.numero", read_only=True, allow_null=True, default=None)
    attestation = FichierSerializer(read_only=True, allow_null=True)
    reserves = ReserveSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "candidature", "session", "session_date", "resultat", "resultat_libelle", "motifs",
                  "numero_referencement", "attestation", "reserves", "redepot_ouvert", "created_at"]


class ConventionFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(choices=ConventionStatus.choices)
    updated_at__gte = depuis("updated_at")

    class Meta:
        model = Convention
        fields = ["candidature", "statut"]


class ConventionViewSet(ReadOnlyViewSet):
    """Conventions of the candidatures the caller may read."""

    model = Convention
    serializer_class = ConventionSerializer
    filterset_class = ConventionFilter
    ordering_fields = ["prepared_at", "updated_at"]

    def visible_queryset(self):
        return (
            Convention.objects.filter(filtre_candidatures_visibles(self.request.user))
            .select_related("modele", "pdf", "pdf_signe_editeur", "pdf_signe")
            .prefetch_related(Prefetch("signatures", queryset=Signature.objects.select_related("signataire")))
            .order_by("-prepared_at", "-pk")
        )


class DecisionFilter(django_filters.FilterSet):
    resultat = django_filters.ChoiceFilter(choices=ResultatDecision.choices)
    created_at__gte = depuis("created_at")

    class Meta:
        model = Decision
        fields = ["candidature", "session", "resultat"]


class DecisionViewSet(ReadOnlyViewSet):
    """The college's decisions on the candidatures the caller may read."""

    model = Decision
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    ordering_fields = ["created_at"]

    def visible_queryset(self):
        reserves = Reserve.objects.select_related("preuve_demandee__preuve_attendue")
        return (
            Decision.objects.filter(filtre_candidatures_visibles(self.request.user))
            .select_related("session", "attestation", "numero")
            .prefetch_related(Prefetch("reserves", queryset=reserves))
            .order_by("-created_at", "-pk")
        )


def register(router):
    router.register("conventions", ConventionViewSet, basename="convention")
    router.register("decisions", DecisionViewSet, basename="decision")

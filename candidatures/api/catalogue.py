"""Waves and their three dates, DSRs and their profiles (read-only: ANS administrators configure
them in the Django admin)."""

import django_filters

from convergence.api.base import ReadOnlyViewSet
from convergence.api.filtres import depuis
from convergence.api.serializers import ModeleSerializer

from ..models import DSR, Profil, Vague


class VagueSerializer(ModeleSerializer):
    class Meta:
        model = Vague
        fields = ["id", "numero", "nom", "date1", "date2", "date3", "charte", "active", "updated_at"]


class DSRSerializer(ModeleSerializer):
    class Meta:
        model = DSR
        fields = ["id", "vague", "code", "nom", "couloir"]


class ProfilSerializer(ModeleSerializer):
    class Meta:
        model = Profil
        fields = ["id", "dsr", "nom", "obligatoire", "necessite_cnda", "ordre"]


class VagueFilter(django_filters.FilterSet):
    updated_at__gte = depuis("updated_at")

    class Meta:
        model = Vague
        fields = ["numero", "active"]


class VagueViewSet(ReadOnlyViewSet):
    """Waves with their three dates (Europe/Paris; a date is still open at its exact moment)."""

    model = Vague
    serializer_class = VagueSerializer
    filterset_class = VagueFilter
    ordering_fields = ["numero", "date1", "updated_at"]

    def visible_queryset(self):
        return Vague.objects.order_by("-numero")


class DSRViewSet(ReadOnlyViewSet):
    model = DSR
    serializer_class = DSRSerializer
    filterset_fields = ["vague", "code"]
    ordering_fields = ["code", "nom"]

    def visible_queryset(self):
        return DSR.objects.order_by("vague_id", "code")


class ProfilViewSet(ReadOnlyViewSet):
    """Profiles of each DSR; the Général profile (`obligatoire`) is part of every candidature."""

    model = Profil
    serializer_class = ProfilSerializer
    filterset_fields = ["dsr", "obligatoire", "necessite_cnda"]
    ordering_fields = ["ordre", "nom"]

    def visible_queryset(self):
        return Profil.objects.order_by("dsr_id", "-obligatoire", "ordre", "nom")

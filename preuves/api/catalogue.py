"""The REM catalogue, read-only: chapters, requirements with their scenarios, requested proofs."""

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers

from convergence.api.base import ReadOnlyViewSet
from convergence.api.fields import LibelleField
from convergence.api.serializers import ModeleSerializer

from ..enums import TypePreuve
from ..models import Chapitre, Exigence, PreuveAttendue, Scenario


class ChapitreSerializer(ModeleSerializer):
    class Meta:
        model = Chapitre
        fields = ["id", "dsr", "code", "libelle", "ordre"]


class ScenarioSerializer(ModeleSerializer):
    class Meta:
        model = Scenario
        fields = ["id", "numero", "texte", "ordre"]


class ExigenceSerializer(ModeleSerializer):
    scenarios = ScenarioSerializer(many=True, read_only=True)

    class Meta:
        model = Exigence
        fields = [
            "id", "dsr", "chapitre", "profil", "identifiant", "perimetre", "section", "fonction", "texte",
            "commentaire", "criticite", "ordre", "retiree", "scenarios",
        ]


class PreuveAttendueSerializer(ModeleSerializer):
    exigence_identifiant = serializers.CharField(source="exigence.identifiant", read_only=True)
    chapitre = serializers.PrimaryKeyRelatedField(source="exigence.chapitre", read_only=True)
    type_libelle = LibelleField("type")

    class Meta:
        model = PreuveAttendue
        fields = ["id", "dsr", "exigence", "exigence_identifiant", "chapitre", "scenario", "numero", "texte", "type",
                  "type_libelle", "ordre", "retiree"]


class ChapitreViewSet(ReadOnlyViewSet):
    model = Chapitre
    serializer_class = ChapitreSerializer
    filterset_fields = ["dsr", "code"]
    ordering_fields = ["ordre", "code"]

    def visible_queryset(self):
        return Chapitre.objects.order_by("dsr_id", "ordre", "code")


class ExigenceFilter(django_filters.FilterSet):
    chapitre_code = django_filters.CharFilter(field_name="chapitre__code", lookup_expr="iexact")

    class Meta:
        model = Exigence
        fields = ["dsr", "chapitre", "profil", "perimetre", "criticite", "retiree", "identifiant"]


class ExigenceViewSet(ReadOnlyViewSet):
    """Requirements of the REM with their conformity scenarios."""

    model = Exigence
    serializer_class = ExigenceSerializer
    filterset_class = ExigenceFilter
    ordering_fields = ["ordre", "identifiant"]

    def visible_queryset(self):
        return Exigence.objects.prefetch_related(
            Prefetch("scenarios", queryset=Scenario.objects.order_by("ordre", "numero"))
        ).order_by("dsr_id", "ordre", "identifiant")


class PreuveAttendueFilter(django_filters.FilterSet):
    chapitre = django_filters.NumberFilter(field_name="exigence__chapitre")
    chapitre_code = django_filters.CharFilter(field_name="exigence__chapitre__code", lookup_expr="iexact")
    type = django_filters.ChoiceFilter(choices=TypePreuve.choices)

    class Meta:
        model = PreuveAttendue
        fields = ["dsr", "exigence", "scenario", "type", "retiree"]


class PreuveAttendueViewSet(ReadOnlyViewSet):
    """The proofs the catalogue requests (one per row of the REM)."""

    model = PreuveAttendue
    serializer_class = PreuveAttendueSerializer
    filterset_class = PreuveAttendueFilter
    ordering_fields = ["ordre", "numero"]

    def visible_queryset(self):
        return PreuveAttendue.objects.select_related("exigence").order_by("dsr_id", "ordre", "numero")

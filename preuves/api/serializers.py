"""Serializers of phase 2: chapter dossiers, requested proofs, deposits (versions) and reviews."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from candidatures.enums import CndaStatus
from comptes.api import FichierSerializer
from convergence.api.fields import (
    ChampsAgentsMixin,
    LibelleField,
    NomPersonneField,
    VisibleRelatedField,
)
from convergence.api.serializers import ModeleSerializer

from ..completude import depot_en_attente, manque_preuve
from ..enums import STATUTS_REVUE
from ..forms import verificateurs
from ..models import (
    Depot,
    DossierChapitre,
    PreuveAttendue,
    PreuveDemandee,
    Revue,
    RevueChapitre,
    VisiteInterop,
)


class RevueSerializer(ChampsAgentsMixin, ModeleSerializer):
    """A verifier's opinion on one version (its author is shown to ANS staff only)."""

    statut_libelle = LibelleField("statut")
    champs_agents = ("verificateur",)

    class Meta:
        model = Revue
        fields = ["id", "depot", "tour", "statut", "statut_libelle", "commentaire", "verificateur", "created_at"]


class DepotSerializer(ModeleSerializer):
    """One version of a requested proof: files and/or a link, a comment, pen-test or CNDA fields,
    and the reviews the caller may see (editors see a round's once the chapter is decided)."""

    fichiers = FichierSerializer(many=True, read_only=True, source="fichiers_lus")  # preuves.selectors.FICHIERS
    depose_par_nom = NomPersonneField(source="depose_par")
    revues = RevueSerializer(many=True, read_only=True, source="revues_visibles")

    class Meta:
        model = Depot
        fields = [
            "id", "preuve", "version", "tour", "commentaire", "lien", "fichiers", "prestataire_passi", "date_test",
            "ko_haute", "ko_moyenne", "cnda_nil", "cnda_statut", "cnda_date_retour", "depose_par", "depose_par_nom",
            "created_at", "revues",
        ]


class PreuveAttendueCourteSerializer(ModeleSerializer):
    exigence_identifiant = serializers.CharField(source="exigence.identifiant", read_only=True)
    type_libelle = LibelleField("type")

    class Meta:
        model = PreuveAttendue
        fields = ["id", "numero", "texte", "type", "type_libelle", "exigence", "exigence_identifiant", "scenario"]


class PreuveDemandeeSerializer(ModeleSerializer):
    """A proof requested of a candidature: its status and what it still lacks for its chapter."""

    chapitre_code = serializers.CharField(source="dossier.chapitre.code", read_only=True)
    preuve_attendue = PreuveAttendueCourteSerializer(read_only=True)
    statut_libelle = LibelleField("statut")
    nouvelle_version_en_attente = serializers.SerializerMethodField(
        help_text="Une version déposée attend la soumission du chapitre (ou son analyse)."
    )
    manque = serializers.SerializerMethodField(help_text="Ce qui manque à la preuve pour soumettre son chapitre.")

    class Meta:
        model = PreuveDemandee
        fields = ["id", "candidature", "dossier", "chapitre_code", "preuve_attendue", "statut", "statut_libelle",
                  "dernier_depot", "nouvelle_version_en_attente", "manque", "updated_at"]

    def get_nouvelle_version_en_attente(self, p) -> bool:
        return depot_en_attente(p, dernier_depot_revu=p.dernier_depot_revu)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_manque(self, p):
        return manque_preuve(p, dernier_depot_revu=p.dernier_depot_revu)


class PreuveDemandeeDetailSerializer(PreuveDemandeeSerializer):
    versions = DepotSerializer(many=True, read_only=True, help_text="Toutes les versions, la plus récente d'abord.")

    class Meta(PreuveDemandeeSerializer.Meta):
        fields = [*PreuveDemandeeSerializer.Meta.fields, "versions"]


class DecisionChapitreSerializer(ChampsAgentsMixin, ModeleSerializer):
    decision_libelle = LibelleField("decision")
    champs_agents = ("verificateur",)

    class Meta:
        model = RevueChapitre
        fields = ["tour", "decision", "decision_libelle", "commentaire", "verificateur", "created_at"]


class DossierChapitreSerializer(ChampsAgentsMixin, ModeleSerializer):
    """One chapter of a candidature: submitted as a whole, analysed in rounds (`tour`)."""

    chapitre_code = serializers.CharField(source="chapitre.code", read_only=True)
    chapitre_libelle = serializers.CharField(source="chapitre.libelle", read_only=True)
    statut_libelle = LibelleField("statut")
    nb_preuves = serializers.IntegerField(read_only=True)
    decisions = DecisionChapitreSerializer(many=True, read_only=True, help_text="Décisions des tours, la plus récente d'abord.")
    champs_agents = ("verificateur",)

    class Meta:
        model = DossierChapitre
        fields = ["id", "candidature", "chapitre", "chapitre_code", "chapitre_libelle", "statut", "statut_libelle",
                  "tour", "verificateur", "soumis_le", "decide_le", "updated_at", "nb_preuves", "decisions"]


class VisiteInteropSerializer(ModeleSerializer):
    rapport = FichierSerializer(read_only=True, allow_null=True)
    pas_a_pas = FichierSerializer(read_only=True, allow_null=True)

    class Meta:
        model = VisiteInterop
        fields = ["id", "candidature", "date_visite", "lieu", "commentaire", "rapport", "pas_a_pas", "created_at"]


# --- Input of the actions ---------------------------------------------------------------------


class DepotEntreeSerializer(serializers.Serializer):
    """A new version of a proof (multipart/form-data to send files). Only the fields of the proof's
    kind are read: `lien` for an Interop link, the pen-test fields, the CNDA fields."""

    fichiers = serializers.ListField(
        child=serializers.FileField(), required=False, default=list,
        help_text="Un ou plusieurs fichiers (répétez le champ), des types que la preuve accepte.",
    )
    lien = serializers.URLField(max_length=1000, required=False, allow_blank=True, default="")
    commentaire = serializers.CharField(required=False, allow_blank=True, default="")
    prestataire_passi = serializers.CharField(max_length=255, required=False, allow_blank=True)
    date_test = serializers.DateField(required=False, allow_null=True)
    ko_haute = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    ko_moyenne = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    cnda_nil = serializers.CharField(max_length=50, required=False, allow_blank=True)
    cnda_statut = serializers.ChoiceField(choices=CndaStatus.choices, required=False, allow_blank=True)
    cnda_date_retour = serializers.DateField(required=False, allow_null=True)


class AvisSerializer(serializers.Serializer):
    statut = serializers.ChoiceField(choices=[(s.value, s.label) for s in STATUTS_REVUE])
    commentaire = serializers.CharField(required=False, allow_blank=True, default="")


def _verificateurs(_user):
    return verificateurs()


class AssignerSerializer(serializers.Serializer):
    verificateur = VisibleRelatedField(
        _verificateurs, queryset=get_user_model().objects.all(), required=False, allow_null=True,
        help_text="Le vérificateur à qui confier le chapitre (l'appelant s'il est absent).",
    )


class DecisionSerializer(serializers.Serializer):
    commentaire = serializers.CharField(required=False, allow_blank=True, default="")

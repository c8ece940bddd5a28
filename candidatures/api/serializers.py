"""Serializers of candidatures and their two steps: output, and the input of each action."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from comptes.api import FichierSerializer
from comptes.models import User, VersionProduit, siren_validator, siret_validator
from comptes.policy import produits_visibles
from convergence.api.fields import LibelleField, NomPersonneField, VisibleRelatedField
from convergence.api.serializers import ModeleSerializer

from ..completude import manquants_administrative, manquants_eligibilite
from ..models import DSR, Candidature, CandidatureAdministrative, Eligibilite
from ..saisie import CHAMPS_ADMINISTRATIVE, CHAMPS_ELIGIBILITE, ETAPES
from ..selectors import agents_ans
from ..services import manquants, refus_soumission


class CandidatureSerializer(ModeleSerializer):
    reference = serializers.CharField(read_only=True)
    statut_libelle = LibelleField("statut")
    produit = serializers.PrimaryKeyRelatedField(source="version.produit", read_only=True)
    produit_nom = serializers.CharField(source="version.produit.nom", read_only=True)
    version_numero = serializers.CharField(source="version.numero", read_only=True)
    dsr_code = serializers.CharField(source="dsr.code", read_only=True)
    referent_nom = NomPersonneField(source="referent")

    class Meta:
        model = Candidature
        fields = [
            "id", "reference", "organisation", "produit", "produit_nom", "version", "version_numero", "vague", "dsr",
            "dsr_code", "statut", "statut_libelle", "charte_acceptee_le", "referent", "referent_nom",
            "premiere_soumission_le", "dossier_soumis_le", "dossier_valide_le", "preuves_completes_le",
            "numero_referencement", "created_at", "updated_at",
        ]


class AdministrativeSerializer(ModeleSerializer):
    statut_libelle = LibelleField("statut")
    attestation_vague1 = FichierSerializer(read_only=True, allow_null=True)
    manquants = serializers.SerializerMethodField()

    class Meta:
        model = CandidatureAdministrative
        fields = ["statut", "statut_libelle", *CHAMPS_ADMINISTRATIVE, "attestation_vague1", "revision", "modifie_par",
                  "updated_at", "manquants"]

    def get_manquants(self, etape) -> list[str]:
        return manquants_administrative(etape)


class EligibiliteSerializer(ModeleSerializer):
    statut_libelle = LibelleField("statut")
    cnda_preuve = FichierSerializer(read_only=True, allow_null=True)
    manquants = serializers.SerializerMethodField()

    class Meta:
        model = Eligibilite
        fields = ["statut", "statut_libelle", "profils", *CHAMPS_ELIGIBILITE, "cnda_preuve", "revision", "modifie_par",
                  "updated_at", "manquants"]

    def get_manquants(self, etape) -> list[str]:
        return manquants_eligibilite(etape, list(etape.profils.all()))


class CandidatureDetailSerializer(CandidatureSerializer):
    """A candidature with both steps, what the dossier lacks and why it may not be submitted now."""

    charte_acceptee_par = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    administrative = AdministrativeSerializer(read_only=True)
    eligibilite = EligibiliteSerializer(read_only=True)
    manquants = serializers.SerializerMethodField(help_text="Ce qui manque au dossier pour être soumis.")
    refus_soumission = serializers.SerializerMethodField(
        help_text="Pourquoi le dossier ne peut pas être soumis maintenant (null s'il le peut)."
    )

    class Meta(CandidatureSerializer.Meta):
        fields = [*CandidatureSerializer.Meta.fields, "charte_acceptee_par", "administrative", "eligibilite",
                  "manquants", "refus_soumission"]

    def get_manquants(self, c) -> list[str]:
        return manquants(c)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_refus_soumission(self, c):
        refus = refus_soumission(c)
        return refus.message if refus else None


def versions_lisibles(user):
    return VersionProduit.objects.filter(produit__in=produits_visibles(user).values("pk"))


class CandidatureCreationSerializer(serializers.Serializer):
    version = VisibleRelatedField(versions_lisibles, queryset=VersionProduit.objects.all())
    dsr = serializers.PrimaryKeyRelatedField(queryset=DSR.objects.select_related("vague"))
    charte_acceptee = serializers.BooleanField(
        help_text="L'acceptation de la charte de référencement de la vague (obligatoire pour démarrer)."
    )


class EntreeEtape(ModeleSerializer):
    """Input of a step: only the fields sent are changed (a missing checkbox of a multipart form is
    not read as false); `revision` is the step's revision the client read (optimistic lock)."""

    revision = serializers.IntegerField(min_value=0, help_text="La révision de l'étape lue par le client.")
    fichiers: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.default_empty_html = empty

    def donnees(self) -> dict:
        """What the service takes as `data`: the fields sent, and the files uploaded."""
        return {k: v for k, v in self.validated_data.items() if k not in ("revision", "profils")}


class AdministrativeEntreeSerializer(EntreeEtape):
    siren = serializers.CharField(max_length=9, required=False, allow_blank=True, validators=[siren_validator])
    siret = serializers.CharField(max_length=14, required=False, allow_blank=True, validators=[siret_validator])
    attestation_vague1 = serializers.FileField(required=False, help_text="L'attestation de référencement Vague 1 (PDF).")

    class Meta:
        model = CandidatureAdministrative
        fields = [*CHAMPS_ADMINISTRATIVE, "attestation_vague1", "revision"]


class EligibiliteEntreeSerializer(EntreeEtape):
    profils = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False,
        help_text="Les profils choisis (le Général est obligatoire) ; absent : la sélection actuelle est gardée.",
    )
    cnda_preuve = serializers.FileField(required=False, help_text="La preuve de la demande CNDA (image ou PDF).")

    class Meta:
        model = Eligibilite
        fields = [*CHAMPS_ELIGIBILITE, "profils", "cnda_preuve", "revision"]


class ComplementSerializer(serializers.Serializer):
    etape = serializers.ChoiceField(choices=[(e, e) for e in ETAPES])
    message = serializers.CharField(max_length=10_000)


def _agents(_user):
    return agents_ans()


class ReferentSerializer(serializers.Serializer):
    referent = VisibleRelatedField(_agents, queryset=User.objects.all(), help_text="Un agent de l'ANS.")

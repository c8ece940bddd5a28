"""OpenAPI schema: every operation documents the one error shape for the errors it may answer."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErreurSerializer(serializers.Serializer):
    """The one error shape of the API (see convergence.api.errors)."""

    code = serializers.CharField(help_text="Code stable de l'erreur, par exemple « date_depassee ».")
    message = serializers.CharField(help_text="Message en français, à afficher tel quel.")
    champs = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages par champ en erreur (vide quand l'erreur ne porte pas sur un champ).",
    )


ERREURS = {
    "400": "Requête invalide ou refusée par une règle métier.",
    "401": "Authentification requise (jeton invalide, expiré ou révoqué).",
    "403": "Droit insuffisant, ou jeton en lecture seule.",
    "404": "Ressource introuvable ou non visible.",
    "409": "Conflit : date dépassée, transition interdite ou modification concurrente.",
    "429": "Trop de requêtes.",
}


class ConvergenceAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for code, description in ERREURS.items():
            if code not in bodies:
                reponse = self._get_response_for_code(ErreurSerializer, code, direction=direction)
                bodies[code] = {**reponse, "description": description}
        return bodies

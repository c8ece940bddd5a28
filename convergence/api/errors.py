"""One error shape for the whole API: {"code", "message" (French), "champs": {field: [messages]}}."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from comptes.errors import DomainError
from convergence.ratelimit import journaliser_refus, message_attente

MESSAGES = {
    status.HTTP_400_BAD_REQUEST: ("requete_invalide", "La requête contient des erreurs."),
    status.HTTP_401_UNAUTHORIZED: ("non_authentifie", "Authentification requise."),
    status.HTTP_403_FORBIDDEN: ("droit_insuffisant", "Vous n'avez pas le droit d'effectuer cette action."),
    status.HTTP_404_NOT_FOUND: ("introuvable", "Ressource introuvable."),
    status.HTTP_405_METHOD_NOT_ALLOWED: ("methode_interdite", "Méthode non autorisée."),
    status.HTTP_406_NOT_ACCEPTABLE: ("format_non_accepte", "Format de réponse non disponible."),
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: ("format_non_supporte", "Type de contenu non pris en charge."),
    status.HTTP_429_TOO_MANY_REQUESTS: ("trop_de_requetes", "Trop de requêtes."),
}


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _flatten(value).items():
                    out[f"{key}.{sub}"] = msgs
            else:
                out[key] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {}


def api_exception_handler(exc, context):
    """Map DomainError, Django and DRF errors to the one error shape."""
    if isinstance(exc, DomainError):
        champs = {exc.field: [exc.message]} if exc.field else {}
        return Response({"code": exc.code, "message": exc.message, "champs": champs}, status=exc.http_status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code, message = MESSAGES.get(response.status_code, ("erreur", "Erreur."))
    champs = {}
    if isinstance(exc, exceptions.ValidationError):
        champs = _flatten(exc.detail)
    elif isinstance(exc, exceptions.Throttled):
        journaliser_refus(context["request"], "api")  # DRF's own text is English: ours says the same wait
        message = message_attente(exc.wait or 1)  # DRF rounds the wait up to whole seconds
    elif isinstance(exc, exceptions.APIException) and isinstance(exc.detail, str) and response.status_code != 404:
        message = str(exc.detail)
    # Refusals (403) are logged by comptes.policy.require or convergence.securite's middleware.
    response.data = {"code": code, "message": message, "champs": champs}
    return response

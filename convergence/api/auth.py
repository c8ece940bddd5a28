"""API authentication (personal access tokens) and the read-only restriction."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from comptes.jetons import authentifier


class JetonAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer cvg_…` — a personal access token created in "Mon compte"."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("En-tête Authorization invalide : « Bearer <jeton> » attendu.")
        jeton = authentifier(header[1])
        if jeton is None:
            raise exceptions.AuthenticationFailed("Jeton invalide, expiré ou révoqué.")
        return jeton.utilisateur, jeton

    def authenticate_header(self, request):
        return self.keyword


class JetonAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "convergence.api.auth.JetonAuthentication"
    name = "jeton"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Jeton d'accès personnel (cvg_…)"}


class LectureSeuleSiJetonLectureSeule(permissions.BasePermission):
    """A read-only token may only use safe methods."""

    message = "Ce jeton est en lecture seule."

    def has_permission(self, request, view):
        jeton = request.auth
        if jeton is not None and getattr(jeton, "lecture_seule", False):
            return request.method in permissions.SAFE_METHODS
        return True

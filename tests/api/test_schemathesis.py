"""schemathesis against the OpenAPI schema: with an editor's and a verifier's token, on a populated
database, no operation answers a server error or a response that breaks the schema.

Each operation is called with a bounded number of generated examples, once with generated path
parameters and, for detail routes, once on the object of organisation A that the route names
(tests/security/matrix_api.py builds the data), so that real objects go through every serializer.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from convergence.api.urls import router
from tests.security.matrix_api import construire_monde

from .conftest import jeton

pytestmark = pytest.mark.django_db(transaction=True)

EXEMPLES = {False: 2, True: 3}  # per operation and user: with generated ids, on a real object
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FINALES = ("/abandonner/", "/desactiver/")


def _objet(path: str, monde) -> int | None:
    """The pk of the object of organisation A a detail path names (None for list routes)."""
    if "{id}" not in path:
        return None
    prefixe = re.match(r"^/api/v1/([^/]+)/\{id\}/", path).group(1)
    basename = next(b for p, _v, b in router.registry if p == prefixe)
    return monde.objets[basename].pk


def _verifier(operation, headers: dict, path_parameters: dict | None) -> None:
    @settings(
        max_examples=EXEMPLES[path_parameters is not None], deadline=None, database=None, derandomize=True,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(path_parameters=path_parameters))
    def appel(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    appel()


def test_no_server_error_and_no_response_breaking_the_schema():
    monde = construire_monde()
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    utilisateurs = {role: {"Authorization": f"Bearer {jeton(monde.utilisateurs[role])}"} for role in ("editeur_a_admin", "verificateur")}
    echecs, operations = [], 0
    # Operations that end what others act on (withdraw the candidature, deactivate a user) come last.
    toutes = sorted((r.ok() for r in schema.get_all_operations()), key=lambda op: op.path.endswith(FINALES))
    for operation in toutes:
        operations += 1
        pk = _objet(operation.path, monde)
        for role, headers in utilisateurs.items():
            for path_parameters in ([None, {"id": pk}] if pk is not None else [None]):
                try:
                    _verifier(operation, headers, path_parameters)
                except (Exception, BaseExceptionGroup) as exc:  # collect every failure, then report them all
                    echecs.append(f"{role} {operation.label} {path_parameters or ''}:\n{exc}")
    assert operations > 70
    assert not echecs, "\n\n".join(echecs)

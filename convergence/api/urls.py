"""/api/v1/: each app registers its viewsets in `<app>/api.py` through `register(router)`."""

import importlib
import importlib.util

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

APPS = ["comptes", "candidatures", "preuves", "conventions", "messagerie", "accompagnement"]

router = DefaultRouter()
for app in APPS:
    if importlib.util.find_spec(f"{app}.api") is not None:
        importlib.import_module(f"{app}.api").register(router)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI injects one fixed <style> element: allow exactly its hash, on this page only.
    path(
        "docs/",
        csp_update({"style-src": ["'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="api-docs",
    ),
]

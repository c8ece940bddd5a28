"""/api/v1/: each app registers its viewsets in `<app>/api.py` through `register(router)`."""

import importlib
import importlib.util

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
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

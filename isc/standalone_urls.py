"""URLs of the iSC provider when it runs as its own service (docker-compose `isc`)."""

from django.contrib import admin
from django.urls import include, path

from convergence.views import healthz

urlpatterns = [
    path("healthz", healthz),
    path("admin/", admin.site.urls),
    path("isc/", include("isc.urls")),
]

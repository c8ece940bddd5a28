"""Mounted at /bench/ only when settings.CONVERGENCE_BENCH_FLOOR is true."""

from django.urls import path

from . import views

app_name = "bench"

urlpatterns = [
    path("floor", views.floor, name="floor"),
    path("fichiers/deposer", views.deposer_test, name="deposer-test"),
    path("fichiers/<int:pk>", views.fichier_test, name="fichier-test"),
]

"""Test-only URLconf: the project's URLs plus a stand-in for `comptes:fichier` while the real
download view (built by the accounts work) is not on this branch."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from comptes.models import Fichier
from convergence import urls as project_urls


@login_required
def fichier(request, pk):
    f = get_object_or_404(Fichier, pk=pk)
    return FileResponse(f.fichier.open("rb"), content_type=f.type_mime, as_attachment=not request.GET.get("inline"), filename=f.nom)


comptes_patterns = ([path("fichiers/<int:pk>/", fichier, name="fichier")], "comptes")

urlpatterns = [
    p for p in project_urls.urlpatterns if getattr(p, "app_name", None) != "comptes"
] + [path("comptes/", include(comptes_patterns))]

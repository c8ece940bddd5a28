"""Test URLconf used only while `comptes:fichier` (the auth helper's download view) is absent.

It serves the project's URLs with a minimal rights-checked download view under the same name, so
the phase-3 pages can link to `{% url 'comptes:fichier' pk %}`. Once the real view is merged,
`use_fichier_stub` finds it and this module is no longer used.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import include, path

from comptes.models import Fichier
from comptes.policy import droits_produit, is_agent
from convergence import urls as project_urls


def telecharger(request, pk):
    fichier = get_object_or_404(Fichier, pk=pk)
    user = request.user
    if not (is_agent(user) or (fichier.produit_id and "lire" in droits_produit(user, fichier.produit))):
        raise Http404
    return FileResponse(fichier.fichier.open("rb"), as_attachment=True, filename=fichier.nom, content_type=fichier.type_mime)


urlpatterns = [p for p in project_urls.urlpatterns if getattr(p, "app_name", None) != "comptes"] + [
    path("comptes/", include(([path("fichiers/<int:pk>/", telecharger, name="fichier")], "comptes"))),
]

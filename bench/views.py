"""The benchmark's reference views (mounted only with CONVERGENCE_BENCH_FLOOR).

`floor`: the cheapest page the platform can serve: the whole middleware stack, one indexed
query, a minimal template. Every journey step is reported as a ratio to it.
`deposer_test` / `fichier_test`: the platform's upload path (`enregistrer_fichier`) and a
streamed download, for the 1 GB probe while `preuves:deposer` / `comptes:fichier` don't exist.
"""

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.template.loader import get_template
from django.views.decorators.http import require_GET, require_POST

from comptes.errors import FichierRefuse
from comptes.fichiers import enregistrer_fichier
from comptes.models import Fichier, Organisation


@require_GET
def floor(request):
    try:
        pk = int(request.GET.get("org", "0"))
    except ValueError:
        pk = 0
    organisation = Organisation.objects.filter(pk=pk).first()
    return HttpResponse(get_template("bench/floor.html").render({"organisation": organisation}))


@login_required
@require_POST
def deposer_test(request):
    upload = request.FILES.get("fichier")
    if upload is None:
        return JsonResponse({"erreur": "Aucun fichier reçu (champ « fichier »)."}, status=400)
    try:
        fichier = enregistrer_fichier(upload, organisation=request.user.organisation, by=request.user)
    except FichierRefuse as exc:
        return JsonResponse({"erreur": str(exc)}, status=400)
    return JsonResponse({"id": fichier.pk, "taille": fichier.taille, "sha256": fichier.sha256}, status=201)


@login_required
@require_GET
def fichier_test(request, pk: int):
    if request.user.organisation_id is None:
        raise Http404
    fichier = Fichier.objects.filter(pk=pk, organisation_id=request.user.organisation_id).first()
    if fichier is None:
        raise Http404
    response = FileResponse(default_storage.open(fichier.fichier.name, "rb"), content_type=fichier.type_mime)
    response["Content-Length"] = str(fichier.taille)
    return response

"""Project-level views: home, health check and error pages."""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from comptes.policy import is_editeur


def home(request):
    if is_editeur(request.user):
        return redirect("accompagnement:tableau-de-bord")
    return render(request, "home.html")


def _check(fn) -> str:
    try:
        fn()
    except Exception as exc:  # the health check reports every failure, whatever its kind
        return f"erreur: {exc.__class__.__name__}"
    return "ok"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker():
    from convergence.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _storage():
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}", ContentFile(b"ok"))
    default_storage.delete(name)


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _check(_database), "broker": _check(_broker), "storage": _check(_storage)}
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", "checks": checks}, status=200 if healthy else 503)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)

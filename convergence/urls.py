from allauth.account import views as allauth_views
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (kept for a future /en/ prefix)
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from . import views
from .ratelimit import limite_connexion

handler403 = "convergence.views.error_403"
handler404 = "convergence.views.error_404"
handler500 = "convergence.views.error_500"

admin.site.site_header = _("Administration de Convergence")
admin.site.site_title = _("Administration de Convergence")
admin.site.index_title = _("Configuration du référencement Ségur")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=static("dsfr/dist/favicon/favicon.ico"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("isc/", include("isc.urls")),
    # allauth's login, rate-limited per IP; listed before allauth's URLs so that it wins.
    path("accounts/login/", limite_connexion(allauth_views.login), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("comptes/", include("comptes.urls")),
    path("candidatures/", include("candidatures.urls")),
    path("preuves/", include("preuves.urls")),
    path("conventions/", include("conventions.urls")),
    path("messagerie/", include("messagerie.urls")),
    path("espace/", include("accompagnement.urls")),
    path("api/", include("convergence.api.urls")),
]

if settings.CONVERGENCE_BENCH_FLOOR:
    urlpatterns += [path("bench/", include("bench.urls"))]
if settings.DEBUG:
    urlpatterns += [path("__errors__/<int:code>/", lambda r, code: getattr(views, f"error_{code}")(r))]

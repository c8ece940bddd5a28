"""The iSC provider's own pages: login and consent (authorization endpoint).

The iSC session is kept apart from the platform's: the identity logged in here is stored under
its own session key and never becomes the platform's `request.user`, exactly as with the real,
separate iSC service. Only the authorization endpoint acts on behalf of that identity.
"""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from oauth2_provider.exceptions import OAuthToolkitError
from oauth2_provider.models import get_application_model
from oauth2_provider.views import AuthorizationView

from convergence.ratelimit import limite_connexion

from . import services
from .forms import IscConnexionForm
from .models import IscIdentite

SESSION_KEY = "isc_identite_id"


def identite_connectee(request) -> IscIdentite | None:
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return IscIdentite.objects.select_related("user").filter(pk=pk, actif=True).first()


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("isc-connexion")


@never_cache
@sensitive_post_parameters("password")
@limite_connexion
def connexion(request):
    """iSC login page. On success, remembers the identity in the iSC session and goes on."""
    form = IscConnexionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session.cycle_key()
        request.session[SESSION_KEY] = form.identite.pk
        return redirect(_next_url(request))
    return render(
        request,
        "isc/connexion.html",
        {
            "form": form,
            "next": _next_url(request),
            "identite": identite_connectee(request),
        },
    )


class IscAuthorizationView(AuthorizationView):
    """DOT's authorization endpoint, acting for the iSC identity, with a remembered consent."""

    template_name = "isc/consentement.html"
    login_url = reverse_lazy("isc-connexion")

    def dispatch(self, request, *args, **kwargs):
        self.identite = identite_connectee(request)
        if self.identite is None:
            return redirect_to_login(
                request.get_full_path(), self.get_login_url(), "next"
            )
        request.user = self.identite.user
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        prompt = set(request.GET.get("prompt", "").split())
        if not prompt & {"login", "consent", "create"}:
            try:
                scopes, credentials = self.validate_authorization_request(request)
            except OAuthToolkitError as error:
                return self.error_response(error, application=None)
            application = get_application_model().objects.get(
                client_id=credentials["client_id"]
            )
            if services.consentement_existant(self.identite, application, scopes):
                try:
                    uri, _headers, _body, _status = self.create_authorization_response(
                        request=request,
                        scopes=" ".join(scopes),
                        credentials=credentials,
                        allow=True,
                    )
                except OAuthToolkitError as error:
                    return self.error_response(error, application)
                return self.redirect(uri, application)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data.get("allow") and getattr(self, "success_url", None):
            application = get_application_model().objects.get(
                client_id=form.cleaned_data["client_id"]
            )
            services.enregistrer_consentement(
                self.identite, application, form.cleaned_data["scope"].split()
            )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["identite"] = self.identite
        return context

"""Pages of accounts: the organisation's users (the delegation tree), a user's rights, my
account, and the download of stored files."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors, services
from .errors import DomainError
from .forms import DroitsForm, MonCompteForm, UtilisateurCreationForm
from .models import Fichier, User
from .policy import can

INLINE_TYPES = ("image/", "video/", "application/pdf")


def _gestionnaire(request) -> None:
    if not can(request.user, "comptes.manage_users", request.user.organisation):
        raise PermissionDenied


def _erreur(request, form, exc: DomainError) -> None:
    if exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    else:
        form.add_error(None, exc.message)


@login_required
def utilisateurs(request):
    _gestionnaire(request)
    racines, produits = selectors.arbre_utilisateurs(request.user)
    return render(
        request, "comptes/utilisateurs.html", {"racines": racines, "produits": produits}
    )


@login_required
def utilisateur_creer(request):
    _gestionnaire(request)
    lignes = selectors.droits_modifiables(request.user, request.user)
    form = UtilisateurCreationForm(request.POST or None, lignes=lignes)
    if request.method == "POST" and form.is_valid():
        try:
            utilisateur = services.creer_utilisateur(
                request.user,
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                peut_gerer_utilisateurs=form.cleaned_data["peut_gerer_utilisateurs"],
                habilitations=form.habilitations(),
            )
        except DomainError as exc:
            _erreur(request, form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(nom)s a été ajouté(e). Son compte sera rattaché à sa première connexion avec Industriels Santé Connect (%(email)s)."
                )
                % {"nom": utilisateur, "email": utilisateur.email},
            )
            return redirect("comptes:utilisateurs")
    return render(
        request,
        "comptes/utilisateur_creer.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def utilisateur_droits(request, pk: int):
    if request.user.organisation_id is None:
        raise Http404
    cible = get_object_or_404(User, pk=pk, organisation_id=request.user.organisation_id)
    if not can(request.user, "comptes.manage_user", cible):
        raise PermissionDenied
    lignes = selectors.droits_modifiables(request.user, cible)
    desactiver = request.method == "POST" and request.POST.get("action") == "desactiver"
    form = DroitsForm(
        request.POST if request.method == "POST" and not desactiver else None,
        lignes=lignes,
        initial={"peut_gerer_utilisateurs": cible.peut_gerer_utilisateurs},
    )
    if request.method == "POST":
        try:
            if desactiver:
                services.desactiver_utilisateur(request.user, utilisateur=cible)
                messages.success(
                    request,
                    _(
                        "%(nom)s a été désactivé(e) ; les droits qu’il ou elle avait délégués ont été retirés."
                    )
                    % {"nom": cible},
                )
                return redirect("comptes:utilisateurs")
            if form.is_valid():
                services.modifier_droits(
                    request.user,
                    utilisateur=cible,
                    habilitations=form.habilitations(),
                    peut_gerer_utilisateurs=form.cleaned_data[
                        "peut_gerer_utilisateurs"
                    ],
                )
                messages.success(
                    request,
                    _("Les droits de %(nom)s ont été enregistrés.") % {"nom": cible},
                )
                return redirect("comptes:utilisateurs")
        except DomainError as exc:
            _erreur(request, form, exc)
    return render(
        request,
        "comptes/utilisateur_droits.html",
        {"form": form, "cible": cible},
        status=400 if form.errors else 200,
    )


@login_required
def mon_compte(request):
    user = request.user
    form = MonCompteForm(
        request.POST or None,
        initial={
            "telephone": user.telephone,
            "preference_notification": user.preference_notification,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.modifier_mon_compte(user, **form.cleaned_data)
        except DomainError as exc:
            _erreur(request, form, exc)
        else:
            messages.success(request, _("Vos préférences ont été enregistrées."))
            return redirect("comptes:mon-compte")
    agent = user.organisation_id is None
    context = {
        "form": form,
        "agent": agent,
        "totp_actif": agent
        and Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists(),
    }
    return render(
        request, "comptes/mon_compte.html", context, status=400 if form.errors else 200
    )


def reponse_fichier(f: Fichier, *, inline: bool = False) -> HttpResponse:
    """The download response of a stored file whose rights were checked: an attachment with a safe
    name (`inline` only for images, videos and PDFs). The body never goes through Python in
    production: on an S3 store, a redirect to a URL signed for 60 s that carries the same name and
    type; on local disk behind the web server, X-Accel-Redirect when configured."""
    inline = inline and f.type_mime.startswith(INLINE_TYPES)
    disposition = content_disposition_header(not inline, f.nom)
    if getattr(f.fichier.storage, "querystring_auth", False):
        url = f.fichier.storage.url(
            f.fichier.name,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": f.type_mime},
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response
    if settings.CONVERGENCE_X_ACCEL_PREFIX:
        response = HttpResponse(content_type=f.type_mime)
        response["X-Accel-Redirect"] = (
            settings.CONVERGENCE_X_ACCEL_PREFIX.rstrip("/") + "/" + f.fichier.name
        )
    else:
        response = FileResponse(f.fichier.open("rb"), content_type=f.type_mime)
        response["Content-Length"] = str(f.taille)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        # The verifiers' page frames PDFs: same-origin framing only (the CSP's frame-ancestors
        # overrides X-Frame-Options in browsers, so both say so).
        response["X-Frame-Options"] = "SAMEORIGIN"
        response._csp_replace = {"frame-ancestors": ["'self'"]}
    return response


@require_GET
@login_required
def fichier(request, pk: int):
    """Download a stored file, for those who may read it (404 otherwise). `?inline=1` shows
    images, videos and PDFs in the browser (previews); anything else is always an attachment."""
    f = get_object_or_404(Fichier.objects.select_related("produit"), pk=pk)
    if not can(request.user, "comptes.view_fichier", f):
        raise Http404
    return reponse_fichier(f, inline=request.GET.get("inline") == "1")

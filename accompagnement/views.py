"""Pages of the Espace Authentifié. Each view parses input, calls one service or selector, renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptes.errors import DomainError
from comptes.models import User
from comptes.policy import can, is_agent
from convergence.ratelimit import limite_televersement

from . import rapport, selectors, services
from .forms import (
    DemandeForm,
    FiltreFAQForm,
    FiltreSupportForm,
    ReponseForm,
    ResolutionForm,
)
from .ical import calendrier_ics
from .models import DemandeSupport


def _editeur_requis(request):
    """Editors only; an ANS agent is sent to the support queue, anyone else is refused."""
    if can(request.user, "accompagnement.view_tableau_de_bord"):
        return None
    if is_agent(request.user):
        return redirect("accompagnement:support")
    raise PermissionDenied


def _erreur(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- Dashboard and report -------------------------------------------------------------------


@login_required
@require_GET
def tableau_de_bord(request):
    if (response := _editeur_requis(request)) is not None:
        return response
    return render(request, "accompagnement/tableau_de_bord.html", {"tdb": selectors.tableau_de_bord(request.user)})


@login_required
@require_GET
def rapport_csv(request):
    if (response := _editeur_requis(request)) is not None:
        return response
    tdb = selectors.tableau_de_bord(request.user)
    response = HttpResponse(rapport.rapport_csv(tdb), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{rapport.nom_fichier(tdb, "csv")}"'
    return response


@login_required
@require_GET
def rapport_pdf(request):
    if (response := _editeur_requis(request)) is not None:
        return response
    tdb = selectors.tableau_de_bord(request.user)
    response = HttpResponse(rapport.rapport_pdf(tdb, user=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{rapport.nom_fichier(tdb, "pdf")}"'
    return response


# --- Support requests -----------------------------------------------------------------------


@login_required
@require_GET
def demandes(request):
    if (response := _editeur_requis(request)) is not None:
        return response
    return render(
        request,
        "accompagnement/demandes.html",
        {"demandes": list(selectors.demandes_visibles(request.user).order_by("-updated_at", "-id"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
@limite_televersement
def demande_creer(request):
    if (response := _editeur_requis(request)) is not None:
        return response
    form = DemandeForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            demande = services.ouvrir_demande(
                by=request.user,
                categorie=data["categorie"],
                sujet=data["sujet"],
                description=data["description"],
                candidature=data["candidature"],
                produit=data["produit"],
                fichiers=data["pieces_jointes"],
            )
        except DomainError as exc:
            _erreur(form, exc)
        else:
            messages.success(request, _("Votre demande %(ref)s a été transmise au support Ségur.") % {"ref": demande.reference})
            return redirect("accompagnement:demande", demande.pk)
    return render(request, "accompagnement/demande_creer.html", {"form": form})


def _demande_ou_404(request, pk: int) -> DemandeSupport:
    try:
        demande = selectors.demande_avec_fil(request.user, pk)
    except DemandeSupport.DoesNotExist as exc:
        raise Http404 from exc
    if not can(request.user, "accompagnement.view_demandesupport", demande):
        raise Http404
    return demande


def _page_demande(request, demande, *, reponse_form=None, resolution_form=None):
    agent = can(request.user, "accompagnement.manage_demandesupport", demande)
    return render(
        request,
        "accompagnement/demande.html",
        {
            "demande": demande,
            "agent": agent,
            "reponse_form": reponse_form or ReponseForm(agent=agent),
            "resolution_form": resolution_form or (ResolutionForm() if agent else None),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limite_televersement
def demande(request, pk: int):
    """The request and its thread; POST adds a reply."""
    demande = _demande_ou_404(request, pk)
    if request.method == "GET":
        return _page_demande(request, demande)
    agent = can(request.user, "accompagnement.manage_demandesupport", demande)
    form = ReponseForm(request.POST, request.FILES, agent=agent)
    if form.is_valid():
        try:
            services.repondre_demande(
                demande,
                by=request.user,
                texte=form.cleaned_data["texte"],
                fichiers=form.cleaned_data["pieces_jointes"],
                attendre_editeur=form.cleaned_data.get("attendre_editeur", False),
            )
        except DomainError as exc:
            _erreur(form, exc)
        else:
            messages.success(request, _("Votre message a été envoyé."))
            return redirect("accompagnement:demande", demande.pk)
    return _page_demande(request, demande, reponse_form=form)


@login_required
@require_POST
def demande_prendre(request, pk: int):
    demande = _demande_ou_404(request, pk)
    try:
        services.prendre_demande(demande, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Vous avez pris en charge la demande %(ref)s.") % {"ref": demande.reference})
    return redirect("accompagnement:demande", demande.pk)


@login_required
@require_POST
def demande_resoudre(request, pk: int):
    demande = _demande_ou_404(request, pk)
    form = ResolutionForm(request.POST)
    if form.is_valid():
        try:
            services.resoudre_demande(demande, by=request.user, solution=form.cleaned_data["solution"])
        except DomainError as exc:
            _erreur(form, exc)
        else:
            messages.success(request, _("La demande %(ref)s est résolue.") % {"ref": demande.reference})
            return redirect("accompagnement:demande", demande.pk)
    return _page_demande(request, demande, resolution_form=form)


@login_required
@require_GET
def support(request):
    """The agents' queue of support requests, oldest first."""
    if not is_agent(request.user):
        raise PermissionDenied
    form = FiltreSupportForm(request.GET or None)
    filtres = form.cleaned_data if form.is_valid() else {}
    file = selectors.file_support(statut=filtres.get("statut", ""), categorie=filtres.get("categorie", ""))
    return render(request, "accompagnement/support.html", {"form": form, "demandes": list(file)})


# --- FAQ ------------------------------------------------------------------------------------


@login_required
@require_GET
def faq(request):
    form = FiltreFAQForm(request.GET or None)
    filtres = form.cleaned_data if form.is_valid() else {}
    dsr, theme = filtres.get("dsr"), filtres.get("theme")
    texte = filtres.get("q", "")
    questions = list(
        selectors.faq(request.user, texte=texte, dsr=dsr.pk if dsr else None, theme=theme.pk if theme else None)
    )
    filtre_actif = bool(texte or dsr or theme)
    return render(
        request,
        "accompagnement/faq.html",
        {
            "form": form,
            "questions": questions,
            "filtre_actif": filtre_actif,
            "top": [] if filtre_actif else selectors.top_faq(request.user, parmi=questions),
        },
    )


# --- Calendar -------------------------------------------------------------------------------


@login_required
@require_GET
def calendrier(request):
    entrees = selectors.calendrier(request.user)
    return render(
        request,
        "accompagnement/calendrier.html",
        {
            "a_venir": [e for e in entrees if not e.passe],
            "passes": [e for e in reversed(entrees) if e.passe],
            "url_flux": request.build_absolute_uri(
                reverse("accompagnement:calendrier-ics", args=[request.user.jeton_calendrier])
            ),
        },
    )


@login_required
@require_POST
def calendrier_renouveler(request):
    services.renouveler_jeton_calendrier(request.user, by=request.user)
    messages.success(
        request, _("Votre lien d'abonnement a été renouvelé : l'ancien lien ne fonctionne plus, abonnez-vous avec le nouveau.")
    )
    return redirect("accompagnement:calendrier")


@never_cache
@require_GET
def calendrier_ics_view(request, jeton: str):
    """The personal feed: no login, the secret token identifies the user (404 when unknown)."""
    user = User.objects.filter(jeton_calendrier=jeton, is_active=True).select_related("organisation").first()
    if user is None:
        raise Http404
    contenu = calendrier_ics(selectors.calendrier(user), nom=_("Convergence — calendrier Ségur"))
    response = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="convergence.ics"'
    return response


@login_required
@require_GET
def evenement_ics(request, pk: int):
    evenement = get_object_or_404(selectors.evenements_publies(), pk=pk)
    contenu = calendrier_ics([selectors.entree_evenement(evenement)], nom=evenement.titre)
    response = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenement-{evenement.pk}.ics"'
    return response


@login_required
@require_GET
def evenement_support(request, pk: int):
    """The slides of a published event, for any logged-in user."""
    evenement = get_object_or_404(selectors.evenements_publies().filter(support_fichier__isnull=False), pk=pk)
    fichier = evenement.support_fichier
    return FileResponse(
        fichier.fichier.open("rb"), as_attachment=True, filename=fichier.nom, content_type=fichier.type_mime
    )

"""Pages of the messaging: inbox, thread, a candidature's threads, notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidatures.models import Candidature
from comptes.errors import DomainError
from comptes.policy import can
from convergence.ratelimit import limite_televersement

from . import selectors, services
from .forms import MessageForm, OuvrirFilForm
from .models import Fil, Lecture, Notification

PAR_PAGE = 30


def _visible(user, perm: str, obj):
    if not can(user, perm, obj):
        raise Http404
    return obj


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def boite(request):
    page = Paginator(selectors.fils_de(request.user), PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "messagerie/boite.html", {"page": page, "fils": page.object_list, "liens": [], "courant": _("Messagerie")}
    )


@login_required
@limite_televersement
def fil(request, pk: int):
    fil = _visible(
        request.user,
        "messagerie.view_fil",
        get_object_or_404(
            Fil.objects.select_related(
                "candidature__version__produit", "candidature__vague", "candidature__organisation", "candidature__dsr"
            ),
            pk=pk,
        ),
    )
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.envoyer_message(
                fil, texte=form.cleaned_data["texte"], fichiers=form.cleaned_data["fichiers"], by=request.user
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Votre message a été envoyé."))
            return redirect(f"{reverse('messagerie:fil', args=[fil.pk])}#dernier-message")
    lu_avant = Lecture.objects.filter(fil=fil, utilisateur=request.user).values_list("lu_jusqu_au", flat=True).first()
    fil_messages = list(selectors.messages_du_fil(fil))
    if request.method == "GET":
        services.marquer_lu(fil, by=request.user)
    for m in fil_messages:
        m.nouveau = m.auteur_id != request.user.pk and (lu_avant is None or m.created_at > lu_avant)
    return render(
        request,
        "messagerie/fil.html",
        {
            "fil": fil,
            "candidature": fil.candidature,
            "fil_messages": fil_messages,
            "form": form,
            "liens": [
                (reverse("messagerie:boite"), _("Messagerie")),
                (reverse("messagerie:candidature", args=[fil.candidature_id]), fil.candidature.reference),
            ],
            "courant": fil.titre,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def candidature(request, pk: int):
    candidature = _visible(
        request.user,
        "messagerie.view_candidature_fils",
        get_object_or_404(Candidature.objects.select_related("version__produit", "vague", "organisation", "dsr"), pk=pk),
    )
    peut_ouvrir = can(request.user, "messagerie.open_fil", candidature)
    form = None
    if peut_ouvrir:
        form = OuvrirFilForm(request.POST or None, objets=selectors.objets_de_fil(candidature))
        if request.method == "POST" and form.is_valid():
            try:
                nouveau = services.ouvrir_fil(
                    candidature, sujet=form.cleaned_data["sujet"], cle=form.cleaned_data["objet"], by=request.user
                )
            except DomainError as exc:
                _form_error(form, exc)
            else:
                return redirect("messagerie:fil", pk=nouveau.pk)
    elif request.method == "POST":
        raise Http404
    principal = services.fil_principal(candidature)
    return render(
        request,
        "messagerie/candidature.html",
        {
            "candidature": candidature,
            "fils": selectors.fils_candidature(candidature, request.user),
            "principal": principal,
            "form": form,
            "liens": [(reverse("messagerie:boite"), _("Messagerie"))],
            "courant": candidature.reference,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def notifications(request):
    if request.method == "POST":
        n = services.marquer_notifications_lues(by=request.user)
        messages.success(request, _("Toutes vos notifications sont marquées comme lues.") if n else _("Aucune notification non lue."))
        return redirect("messagerie:notifications")
    page = Paginator(selectors.notifications_de(request.user), PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "messagerie/notifications.html",
        {"page": page, "notifications": page.object_list, "liens": [], "courant": _("Notifications")},
    )


@login_required
@require_POST
def notification_lue(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, destinataire=request.user)
    services.marquer_notifications_lues(by=request.user, pk=notification.pk)
    if request.POST.get("ouvrir") and notification.lien and url_has_allowed_host_and_scheme(
        notification.lien, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.lien)
    return redirect("messagerie:notifications")

"""Product pages: the products an editor may see, their versions, creation of both."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .errors import DomainError
from .forms_produits import ProduitForm, VersionForm
from .policy import can
from .services_produits import creer_produit, creer_version, produits_de


@login_required
def produits(request):
    return render(request, "comptes/produits/liste.html", {
        "produits": list(produits_de(request.user)),
        "peut_creer": can(request.user, "comptes.add_produit"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def produit_creer(request):
    if not can(request.user, "comptes.add_produit"):
        raise PermissionDenied
    form = ProduitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            produit = creer_produit(**form.cleaned_data, by=request.user)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Le produit « %(nom)s » est enregistré. Ajoutez sa version candidate.") % {"nom": produit.nom})
            return redirect("comptes:produit", pk=produit.pk)
    return render(request, "comptes/produits/creer.html", {"form": form}, status=400 if form.errors else 200)


def _detail(request, produit, form=None, status=200):
    peut_ajouter = can(request.user, "comptes.change_produit", produit)
    return render(request, "comptes/produits/detail.html", {
        "produit": produit,
        "versions": produit.versions.all(),
        "peut_ajouter_version": peut_ajouter,
        "form": form or (VersionForm() if peut_ajouter else None),
    }, status=status)


@login_required
def produit(request, pk: int):
    return _detail(request, get_object_or_404(produits_de(request.user), pk=pk))


@login_required
@require_http_methods(["POST"])
def version_creer(request, pk: int):
    produit = get_object_or_404(produits_de(request.user), pk=pk)
    if not can(request.user, "comptes.change_produit", produit):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            version = creer_version(produit, **form.cleaned_data, by=request.user)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("La version %(numero)s est ajoutée.") % {"numero": version.numero})
            return redirect("comptes:produit", pk=produit.pk)
    return _detail(request, produit, form=form, status=400)

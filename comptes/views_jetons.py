"""Personal API tokens: list, create (value shown once), revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .errors import DomainError
from .jetons import DUREE_MAX_JOURS, creer_jeton, revoquer_jeton
from .models import JetonAPI


class JetonForm(forms.Form):
    nom = forms.CharField(label=_("Nom du jeton"), max_length=100, help_text=_("Par exemple : « Intégration continue »."))
    jours = forms.IntegerField(
        label=_("Durée de validité (jours)"), min_value=1, max_value=DUREE_MAX_JOURS, initial=90
    )
    lecture_seule = forms.BooleanField(label=_("Lecture seule"), required=False)


@login_required
def jetons(request):
    form = JetonForm(request.POST or None)
    valeur = None
    if request.method == "POST" and form.is_valid():
        try:
            _jeton, valeur = creer_jeton(request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Jeton créé. Copiez-le maintenant : il ne sera plus affiché."))
            form = JetonForm()
    context = {
        "form": form,
        "valeur": valeur,
        "jetons": JetonAPI.objects.filter(utilisateur=request.user),
    }
    return render(request, "comptes/jetons.html", context)


@login_required
@require_POST
def jeton_revoquer(request, pk: int):
    jeton = get_object_or_404(JetonAPI, pk=pk, utilisateur=request.user)
    revoquer_jeton(jeton, by=request.user)
    messages.success(request, _("Le jeton « %(nom)s » est révoqué.") % {"nom": jeton.nom})
    return redirect("comptes:jetons")

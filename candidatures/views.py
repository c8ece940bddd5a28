"""Pages of phase 1: the editor's candidatures and the agency's instruction. Each view parses
input, calls one service and renders; a DomainError becomes a DSFR error, never a 500."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptes.errors import DomainError
from comptes.policy import can, is_agent
from convergence.ratelimit import limite_televersement

from . import services
from .completude import cnda_requis, manquants_administrative, manquants_eligibilite
from .dates import est_depassee, temps_restant
from .enums import CANDIDATURE_TRANSITIONS, CandidatureStatus, EtapeStatus
from .forms import (
    AdministrativeForm,
    ComplementForm,
    EligibiliteForm,
    FiltreCandidaturesForm,
    FiltreInstructionForm,
    NouvelleCandidatureForm,
    ReferentForm,
)
from .models import Candidature
from .selectors import (
    candidature_detail,
    candidatures_visibles,
    dossiers_a_instruire,
    historique,
    profils_du_dsr,
)

S = CandidatureStatus
PAR_PAGE = 25


def _candidature(user, pk: int) -> Candidature:
    try:
        return candidature_detail(user, pk)
    except Candidature.DoesNotExist:
        raise Http404 from None


def _erreur(form, exc: DomainError) -> None:
    """Show a service's refusal on the field it names, or at the top of the form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _traiter(request, form, appel, succes: str):
    """Call one service with the valid form's data; return its result after flashing `succes`,
    or None with the refusal shown on the form (nothing is lost: the form stays bound)."""
    if not form.is_valid():
        return None
    try:
        resultat = appel(form.cleaned_data)
    except DomainError as exc:
        _erreur(form, exc)
        return None
    messages.success(request, succes)
    return resultat


def _fil(*liens, courant):
    return {"breadcrumb_data": {"links": [{"url": u, "title": t} for t, u in liens], "current": courant}}


def _pagine(request, qs):
    """One page of `qs`, and the query string of the other parameters (for the page links)."""
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return Paginator(qs, PAR_PAGE).get_page(request.GET.get("page")), parametres.urlencode()


def _echeances(vague):
    now = timezone.now()
    return [
        {"libelle": f"Date N°{n}", "date": d, "passee": est_depassee(vague, n, now=now), "restant": temps_restant(vague, n, now=now)}
        for n, _champ, d in vague.dates()
    ]


@login_required
def liste(request):
    filtres = FiltreCandidaturesForm(request.GET or None)
    qs = filtres.filtrer(candidatures_visibles(request.user).order_by("-updated_at", "-pk"))
    page, parametres = _pagine(request, qs)
    return render(request, "candidatures/liste.html", {
        "page": page,
        "parametres": parametres,
        "candidatures": page.object_list,
        "filtres": filtres,
        "filtre_actif": filtres.is_valid() and any(filtres.cleaned_data.values()),
        "est_agent": is_agent(request.user),
        **_fil(courant=_("Candidatures")),
    })


@login_required
def nouvelle(request):
    form = NouvelleCandidatureForm(request.POST or None, user=request.user, initial={"version": request.GET.get("version")})
    if request.method == "POST":
        c = _traiter(request, form, lambda d: services.demarrer_candidature(
            version=d["version"], dsr=d["dsr"], by=request.user, charte_acceptee=d["charte_acceptee"],
        ), _("Candidature démarrée : complétez ses deux étapes puis soumettez-la."))
        if c:
            return redirect("candidatures:detail", c.pk)
    vagues = {dsr.vague for dsr in form.fields["dsr"].queryset}
    return render(request, "candidatures/nouvelle.html", {
        "form": form,
        "vagues": sorted(vagues, key=lambda v: v.numero),
        **_fil((_("Candidatures"), reverse("candidatures:liste")), courant=_("Nouvelle candidature")),
    })


def _etape(cle, titre, ligne, manque):
    # A draft step reads as complete or not from its content, even before its first save.
    etat = ligne.statut
    if etat in (EtapeStatus.A_COMPLETER, EtapeStatus.COMPLETE):
        etat = EtapeStatus.A_COMPLETER if manque else EtapeStatus.COMPLETE
    return {"cle": cle, "titre": titre, "ligne": ligne, "manque": manque, "etat": etat, "etat_libelle": EtapeStatus(etat).label}


def _etapes(c: Candidature):
    profils = list(c.eligibilite.profils.all())
    return [
        _etape("administrative", _("Candidature administrative"), c.administrative, manquants_administrative(c.administrative)),
        _etape("eligibilite", _("Éligibilité"), c.eligibilite, manquants_eligibilite(c.eligibilite, profils)),
    ]


def _complements_en_cours(c: Candidature, evenements):
    """The agency's requests since the dossier was last submitted (what the editor must answer)."""
    if c.statut != S.COMPLEMENT_DEMANDE:
        return []
    return list(evenements.filter(action="complement_demande", created_at__gte=c.dossier_soumis_le))


HISTORIQUE_VISIBLE = 15  # events on a candidature's pages; the whole journal has a page of its own
HISTORIQUE_PAR_PAGE = 50


def _historique_recent(c: Candidature, evenements) -> dict:
    """The latest events of the journal and how many older ones its own page holds (a candidature
    in phase 2 has hundreds: one per deposit, submission and opinion)."""
    recents = list(evenements[:HISTORIQUE_VISIBLE])
    anciens = evenements.count() - HISTORIQUE_VISIBLE if len(recents) == HISTORIQUE_VISIBLE else 0
    return {"evenements": recents, "nb_anciens": anciens}


@login_required
def detail(request, pk):
    c = _candidature(request.user, pk)
    user = request.user
    evenements = historique(c, user)
    refus = services.refus_soumission(c)
    return render(request, "candidatures/detail.html", {
        "c": c,
        "etapes": _etapes(c),
        "phase": 1 if c.statut in (S.BROUILLON, S.DOSSIER_SOUMIS, S.COMPLEMENT_DEMANDE) else 2
        if c.statut in (S.PREUVES, S.PREUVES_VALIDEES) else 3,
        "echeances": _echeances(c.vague),
        **_historique_recent(c, evenements),
        "complements": _complements_en_cours(c, evenements),
        "dossier_ouvert": c.statut in (S.BROUILLON, S.COMPLEMENT_DEMANDE),
        "refus_soumission": refus,
        "manquants": services.manquants(c),
        "peut_soumettre": can(user, "candidatures.submit_candidature", c),
        "peut_abandonner": can(user, "candidatures.abandon_candidature", c) and S.ABANDONNEE in CANDIDATURE_TRANSITIONS[c.statut],
        "est_instructeur": can(user, "candidatures.instruct_candidature", c),
        **_fil((_("Candidatures"), reverse("candidatures:liste")), courant=c.reference),
    })


@login_required
def journal(request, pk):
    """The candidature's whole journal, newest first, by pages."""
    c = _candidature(request.user, pk)
    page = Paginator(historique(c, request.user), HISTORIQUE_PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "candidatures/journal.html", {
        "c": c,
        "page": page,
        "evenements": page.object_list,
        **_fil((_("Candidatures"), reverse("candidatures:liste")), (c.reference, reverse("candidatures:detail", args=[c.pk])),
               courant=_("Historique")),
    })


def _page_etape(request, pk, *, cle, form_class, service, form_kwargs=None, extra=None, template):
    c = _candidature(request.user, pk)
    ligne = getattr(c, cle)
    form_kwargs = form_kwargs(c) if form_kwargs else {}
    refus = services.refus_modification(c, ligne)
    peut = can(request.user, "candidatures.change_candidature", c)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, **form_kwargs)
        succes = _("Étape enregistrée. Vous pouvez la reprendre à tout moment avant de soumettre le dossier.")
        if _traiter(request, form, lambda _d: service(c, form, request.user), succes):
            return redirect("candidatures:detail", c.pk)
    else:
        form = form_class(initial=_valeurs(ligne, form_class), **form_kwargs)
    return render(request, template, {
        "c": c,
        "ligne": ligne,
        "etape": next(e for e in _etapes(c) if e["cle"] == cle),
        "form": form,
        "modifiable": peut and refus is None,
        "refus": refus if peut else None,
        **(extra(c, form) if extra else {}),
        **_fil((_("Candidatures"), reverse("candidatures:liste")), (c.reference, reverse("candidatures:detail", args=[c.pk])),
               courant=_("Candidature administrative") if cle == "administrative" else _("Éligibilité")),
    })


def _valeurs(ligne, form_class) -> dict:
    return {n: getattr(ligne, n) for n in form_class.base_fields if n not in form_class.fichiers and n != "profils"}


@login_required
@limite_televersement
def administrative(request, pk):
    def enregistrer(c, form, user):
        return services.enregistrer_administrative(c, data=form.donnees(), revision=form.cleaned_data["revision"], by=user)

    return _page_etape(request, pk, cle="administrative", form_class=AdministrativeForm, service=enregistrer,
                       template="candidatures/administrative.html")


def _options_profils(c, form):
    profils = profils_du_dsr(c.dsr)
    actuels = {p.pk for p in c.eligibilite.profils.all()}
    choisis = {int(v) for v in (form["profils"].value() or [])} if form.is_bound else actuels
    date2_passee = est_depassee(c.vague, 2)
    return {
        "options_profils": [
            {"profil": p, "coche": p.obligatoire or p.pk in choisis,
             "ferme": date2_passee and not p.obligatoire and p.pk not in actuels}
            for p in profils
        ],
        "date2_passee": date2_passee,
        "cnda_requis": cnda_requis(p for p in profils if p.pk in choisis or p.obligatoire),
    }


@login_required
@limite_televersement
def eligibilite(request, pk):
    def enregistrer(c, form, user):
        return services.enregistrer_eligibilite(
            c, data=form.donnees(), profils=form.profils_choisis(), revision=form.cleaned_data["revision"], by=user
        )

    def kwargs(c):
        return {"profils": profils_du_dsr(c.dsr)}

    return _page_etape(request, pk, cle="eligibilite", form_class=EligibiliteForm, service=enregistrer,
                       form_kwargs=kwargs, extra=_options_profils, template="candidatures/eligibilite.html")


def _action(request, pk, service, succes: str, *, retour="candidatures:detail"):
    c = _candidature(request.user, pk)
    try:
        service(c, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, succes)
    return redirect(retour, c.pk)


@require_POST
@login_required
def soumettre(request, pk):
    return _action(request, pk, services.soumettre_dossier, _("Votre dossier administratif a été soumis à l'ANS."))


@require_POST
@login_required
def abandonner(request, pk):
    return _action(request, pk, services.abandonner, _("La candidature a été abandonnée."))


# --- Agency ---------------------------------------------------------------------------------


def instructeur_requis(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not can(request.user, "candidatures.instruct_candidature"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@instructeur_requis
def instruction(request):
    filtres = FiltreInstructionForm(request.GET or None)
    criteres = filtres.cleaned_data if filtres.is_valid() else {}
    qs = dossiers_a_instruire(vague=criteres.get("vague"), dsr=criteres.get("dsr"), statut=criteres.get("statut") or None)
    page, parametres = _pagine(request, qs)
    return render(request, "candidatures/instruction.html", {
        "filtres": filtres,
        "page": page,
        "candidatures": page.object_list,
        "parametres": parametres,
        **_fil(courant=_("Instruction des dossiers administratifs")),
    })


def _page_dossier(request, c, *, complement=None, referent=None, status=200):
    return render(request, "candidatures/dossier.html", {
        "c": c,
        "etapes": _etapes(c),
        "profils": list(c.eligibilite.profils.all()),
        **_historique_recent(c, historique(c, request.user)),
        "complement_form": complement or ComplementForm(),
        "referent_form": referent or ReferentForm(initial={"referent": c.referent_id}),
        "peut_instruire": c.statut in (S.DOSSIER_SOUMIS, S.COMPLEMENT_DEMANDE),
        "EtapeStatus": EtapeStatus,
        **_fil((_("Instruction"), reverse("candidatures:instruction")), courant=c.reference),
    }, status=status)


@instructeur_requis
def dossier(request, pk):
    return _page_dossier(request, _candidature(request.user, pk))


@require_POST
@instructeur_requis
def valider(request, pk):
    return _action(request, pk, services.valider_dossier, _("Dossier administratif validé : la phase de dépôt des preuves est ouverte."),
                   retour="candidatures:dossier")


@require_POST
@instructeur_requis
def complement(request, pk):
    c = _candidature(request.user, pk)
    form = ComplementForm(request.POST)
    if _traiter(request, form, lambda d: services.demander_complement(
        c, etape=d["etape"], message=d["message"], by=request.user,
    ), _("Demande de complément envoyée à l'éditeur.")):
        return redirect("candidatures:dossier", c.pk)
    return _page_dossier(request, c, complement=form, status=400)


@require_POST
@instructeur_requis
def referent(request, pk):
    c = _candidature(request.user, pk)
    form = ReferentForm(request.POST)
    if _traiter(request, form, lambda d: services.assigner_referent(c, referent=d["referent"], by=request.user),
                _("Référent ANS désigné.")):
        return redirect("candidatures:dossier", c.pk)
    return _page_dossier(request, c, referent=form, status=400)

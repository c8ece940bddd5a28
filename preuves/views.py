"""Pages of phase 2: the editor's proofs, chapters and deposits; the verifiers' queue and review.

Views parse input, call one service and render; DomainError becomes a French message or a form
error, PermissionRefusee a 403, an object the user may not see a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidatures.dates import est_depassee, temps_restant
from candidatures.selectors import candidatures_visibles, filtre_candidatures_visibles
from comptes.errors import DomainError, PermissionRefusee
from comptes.policy import can
from convergence.ratelimit import limite_televersement
from convergence.requetes import un_seul_ou_404

from . import selectors, services
from .completude import CHAPITRES_OUVERTS, depot_attendu
from .enums import ChapitreStatus, PreuveStatus
from .forms import (
    AssignerForm,
    DecisionForm,
    DepotForm,
    FiltreFileForm,
    RevueForm,
    VisiteForm,
)
from .models import PreuveDemandee, VisiteInterop

PAR_PAGE = 25


# --- helpers ----------------------------------------------------------------------------------


def _exiger(user, perm: str, obj=None) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied


def _candidature(request, pk):
    candidature = un_seul_ou_404(candidatures_visibles(request.user), pk=pk)
    if not can(request.user, "preuves.view_preuves", candidature):
        raise Http404
    return candidature


def _dossier(request, pk):
    dossier = selectors.dossier_chapitre(pk, request.user)
    if dossier is None or not can(request.user, "preuves.view_preuves", dossier.candidature):
        raise Http404
    return dossier


def _preuve(request, pk) -> PreuveDemandee:
    preuve = un_seul_ou_404(
        PreuveDemandee.objects.filter(filtre_candidatures_visibles(request.user)).select_related(
            "preuve_attendue__exigence", "preuve_attendue__scenario", "dossier__chapitre",
            "candidature__organisation", "candidature__version__produit", "candidature__vague",
            "candidature__dsr", "candidature__eligibilite",
        ),
        pk=pk,
    )
    if not can(request.user, "preuves.view_preuves", preuve.candidature):
        raise Http404
    return preuve


def _donnees(request) -> tuple:
    """(data, files) of a form: bound on POST even when every field is empty."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _erreur_formulaire(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _suivant(request, defaut: str) -> str:
    cible = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(cible, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return cible
    return defaut


def _dates(candidature) -> list[dict]:
    now = timezone.now()
    vague = candidature.vague
    return [
        {
            "numero": n,
            "date": date,
            "libelle": libelle,
            "depassee": est_depassee(vague, n, now=now),
            "restant": temps_restant(vague, n, now=now),
        }
        for n, date, libelle in (
            (2, vague.date2, _("Dossier complet de preuves soumis une première fois")),
            (3, vague.date3, _("Fin des échanges : plus aucun dépôt")),
        )
    ]


@login_required
def versions(request, pk):
    """The history of one proof: every version with its files and the reviews the user may read.
    The chapter and review pages load it here when its accordion is opened (the list alone,
    for a request from preuves.js); without JavaScript their link opens it as a page."""
    preuve = _preuve(request, pk)
    context = {"preuve": preuve, "versions": selectors.versions_de_preuve(preuve, request.user), "dossier": preuve.dossier,
               "candidature": preuve.candidature}
    if request.headers.get("X-Fragment") == "versions":
        return render(request, "preuves/_liste_versions.html", context)
    return render(request, "preuves/versions.html", context)


# --- editor -----------------------------------------------------------------------------------


@login_required
def candidature(request, pk):
    """The candidature's proofs: per chapter status, round and latest feedback; the reste-à-faire;
    the wave's dates with the time left; the Interop visits."""
    c = _candidature(request, pk)
    resumes = selectors.resume_candidature(c)
    toutes = [p for r in resumes for p in r.preuves]
    context = {
        "candidature": c,
        "resumes": resumes,
        "reste_a_faire": [r for r in resumes if r.pret or r.manquants],
        "nb_preuves": len(toutes),
        "nb_conformes": sum(1 for p in toutes if p.statut == PreuveStatus.CONFORME),
        "dates": _dates(c),
        "visites": selectors.visites_de_candidature(c),
        "preuves_interop": [p for p in toutes if p.preuve_attendue.type == "lien_interop"],
        "peut_soumettre": can(request.user, "preuves.soumettre_chapitre", c),
        "peut_deposer": can(request.user, "preuves.deposer_preuve", c),
        "peut_gerer_visites": can(request.user, "preuves.gerer_visites", c),
        "est_verificateur": can(request.user, "preuves.verifier_preuves"),
    }
    return render(request, "preuves/candidature.html", context)


def _contexte_chapitre(request, dossier):
    c = dossier.candidature
    preuves = selectors.preuves_du_chapitre(dossier, request.user)
    peut_deposer = can(request.user, "preuves.deposer_preuve", c)
    modifiable = dossier.statut in CHAPITRES_OUVERTS
    etats = []
    for p in preuves:
        p.candidature = c
        etat = selectors.etat_preuve(p)
        # The page draws only an accordion whose deposit form loads when opened (preuves:deposer).
        etat.deposable = peut_deposer and depot_attendu(dossier, p)
        etats.append(etat)
    return {
        "candidature": c,
        "dossier": dossier,
        "etats": etats,
        "manquants": selectors.manquants(preuves) if modifiable else [],
        "modifiable": modifiable,
        "peut_deposer": peut_deposer,
        "peut_soumettre": can(request.user, "preuves.soumettre_chapitre", c),
        "est_verificateur": can(request.user, "preuves.verifier_preuves"),
        "dates": _dates(c),
    }


@login_required
def chapitre(request, pk):
    """One chapter for the editor: each proof, its feedback and versions, deposit accordions, submit."""
    dossier = _dossier(request, pk)
    return render(request, "preuves/chapitre.html", _contexte_chapitre(request, dossier))


@login_required
@limite_televersement
def deposer(request, pk):
    """Deposit a new version of one proof (several files at once). The chapter page loads the
    form alone here when its accordion is opened (for a GET from preuves.js); without JavaScript
    its link opens this page."""
    preuve = _preuve(request, pk)
    _exiger(request.user, "preuves.deposer_preuve", preuve.candidature)
    dossier = preuve.dossier
    lien_chapitre = reverse("preuves:chapitre", args=[dossier.pk]) + f"#preuve-{preuve.pk}"
    modifiable = depot_attendu(dossier, preuve)
    # Ids of its own: the chapter page may hold the forms of several proofs.
    form = DepotForm(*_donnees(request), preuve=preuve, auto_id=f"id_p{preuve.pk}_%s")
    if request.method == "GET" and request.headers.get("X-Fragment") == "depot":
        if modifiable:
            return render(request, "preuves/_form_depot.html", {"preuve": preuve, "form": form})
        return render(request, "preuves/_depot_ferme.html", {"dossier": dossier})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                depot = services.deposer_preuve(
                    preuve, fichiers=form.cleaned_data["fichiers"], lien=form.cleaned_data.get("lien") or "",
                    commentaire=form.cleaned_data["commentaire"], by=request.user, **form.champs_specifiques(),
                )
            except PermissionRefusee as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                _erreur_formulaire(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(v)d de la preuve %(n)s déposée. Soumettez le chapitre quand toutes ses preuves sont déposées.")
                    % {"v": depot.version, "n": preuve.preuve_attendue.numero},
                )
                return redirect(lien_chapitre)
        status = 400
    context = {
        "preuve": preuve,
        "versions": selectors.versions_de_preuve(preuve, request.user),
        "dossier": dossier,
        "candidature": preuve.candidature,
        "form": form,
        "modifiable": modifiable,
        "lien_chapitre": lien_chapitre,
    }
    return render(request, "preuves/deposer.html", context, status=status)


@login_required
@require_POST
def soumettre(request, pk):
    """Submit a complete chapter for analysis."""
    dossier = _dossier(request, pk)
    try:
        services.soumettre_chapitre(dossier, by=request.user)
    except PermissionRefusee as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Chapitre %(code)s soumis : l'analyse du tour %(tour)d commence. Il est en lecture seule jusqu'à l'avis de l'ANS.")
            % {"code": dossier.chapitre.code, "tour": dossier.tour},
        )
    return redirect("preuves:chapitre", pk=dossier.pk)


# --- verifier ---------------------------------------------------------------------------------


@login_required
def file_verification(request):
    """Submitted chapters across candidatures, oldest first, with filters and pagination."""
    _exiger(request.user, "preuves.verifier_preuves")
    form = FiltreFileForm(request.GET or None)
    qs = selectors.file_verification(**form.filtres(request.user)) if form.is_bound else selectors.file_verification()
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    dossiers = selectors.avec_comptes_preuves(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "dossiers": dossiers, "params": params.urlencode(), "maintenant": timezone.now()}
    return render(request, "preuves/file_verification.html", context)


@login_required
@require_POST
def assigner(request, pk):
    """Take a chapter (or give it to another verifier): soumis → en analyse."""
    _exiger(request.user, "preuves.verifier_preuves")
    dossier = _dossier(request, pk)
    form = AssignerForm(request.POST)
    verificateur = form.cleaned_data["verificateur"] if form.is_valid() else request.user
    try:
        services.assigner_chapitre(dossier, verificateur=verificateur, by=request.user)
    except PermissionRefusee as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Chapitre %(code)s assigné à %(v)s.") % {"code": dossier.chapitre.code, "v": verificateur})
    return redirect(_suivant(request, reverse("preuves:revue-chapitre", args=[dossier.pk])))


def _contexte_revue(request, dossier, *, formulaires=None):
    preuves = selectors.preuves_du_chapitre(dossier, request.user)
    revues = selectors.revues_du_tour(preuves, dossier.tour)
    formulaires = formulaires or {}
    en_analyse = dossier.statut == ChapitreStatus.EN_ANALYSE
    lignes = []
    for p in preuves:
        a_revoir = p.statut == PreuveStatus.DEPOSEE
        lignes.append({
            "preuve": p, "a_revoir": a_revoir, "revue": revues.get(p.pk), "etat": selectors.etat_preuve(p),
            # The review form is drawn from the review (`preuves_tags.formulaire_revue`); a form that
            # was posted with errors is drawn with its data and errors.
            "avec_formulaire": a_revoir and en_analyse, "form": formulaires.get(p.pk),
        })
    a_revoir = [ligne for ligne in lignes if ligne["a_revoir"]]
    sans_avis = [ligne for ligne in a_revoir if ligne["revue"] is None]
    tous_conformes = all(
        (ligne["revue"].statut if ligne["revue"] else ligne["preuve"].statut) == PreuveStatus.CONFORME for ligne in lignes
    )
    return {
        "dossier": dossier,
        "candidature": dossier.candidature,
        "lignes": lignes,
        "nb_a_revoir": len(a_revoir),
        "sans_avis": sans_avis,
        "decision_valide": tous_conformes,
        "decision_form": DecisionForm(auto_id="id_decision_%s"),
        "assigner_form": AssignerForm(initial={"verificateur": dossier.verificateur_id or request.user.pk}),
        "en_analyse": en_analyse,
    }


@login_required
def revue_chapitre(request, pk):
    """The verifier's page for one chapter: every proof with its files shown in the page."""
    _exiger(request.user, "preuves.verifier_preuves")
    dossier = _dossier(request, pk)
    return render(request, "preuves/revue_chapitre.html", _contexte_revue(request, dossier))


@login_required
@require_POST
def revoir(request, pk):
    """Record the verifier's opinion on one proof's latest version."""
    _exiger(request.user, "preuves.verifier_preuves")
    preuve = _preuve(request, pk)
    form = RevueForm(request.POST, auto_id=RevueForm.ids(preuve.pk))
    if form.is_valid():
        try:
            services.revoir_preuve(
                preuve, statut=form.cleaned_data["statut"], commentaire=form.cleaned_data["commentaire"], by=request.user
            )
        except DomainError as exc:
            _erreur_formulaire(form, exc)
        else:
            messages.success(request, _("Avis enregistré pour la preuve %(n)s.") % {"n": preuve.preuve_attendue.numero})
            return redirect(reverse("preuves:revue-chapitre", args=[preuve.dossier_id]) + f"#preuve-{preuve.pk}")
    dossier = _dossier(request, preuve.dossier_id)
    context = _contexte_revue(request, dossier, formulaires={preuve.pk: form})
    return render(request, "preuves/revue_chapitre.html", context, status=400)


@login_required
@require_POST
def decider(request, pk):
    """Close the round: validé, or en attente éditeur with the proofs to redo."""
    _exiger(request.user, "preuves.verifier_preuves")
    dossier = _dossier(request, pk)
    form = DecisionForm(request.POST, auto_id="id_decision_%s")
    commentaire = form.cleaned_data["commentaire"] if form.is_valid() else ""
    try:
        services.decider_chapitre(dossier, by=request.user, commentaire=commentaire)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("preuves:revue-chapitre", pk=dossier.pk)
    messages.success(
        request,
        _("Analyse du chapitre %(code)s close : %(statut)s. L'éditeur est notifié.")
        % {"code": dossier.chapitre.code, "statut": ChapitreStatus(dossier.statut).label},
    )
    return redirect("preuves:revue-chapitre", pk=dossier.pk)


# --- Interop visits ---------------------------------------------------------------------------


def _formulaire_visite(request, c, visite=None):
    """Plan a visit (visite=None) or update one: date, place, comment, and for an existing visit
    its report and step-by-step document."""
    _exiger(request.user, "preuves.gerer_visites", c)
    initial = None
    if visite is not None:
        initial = {
            "date_visite": timezone.localtime(visite.date_visite).strftime("%Y-%m-%dT%H:%M"),
            "lieu": visite.lieu,
            "commentaire": visite.commentaire,
        }
    form = VisiteForm(*_donnees(request), initial=initial, creation=visite is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        champs = {"date_visite": data["date_visite"], "lieu": data["lieu"], "commentaire": data["commentaire"]}
        try:
            if visite is None:
                services.planifier_visite(c, by=request.user, **champs)
            else:
                services.modifier_visite(
                    visite, rapport=data.get("rapport"), pas_a_pas=data.get("pas_a_pas"), by=request.user, **champs
                )
        except DomainError as exc:
            _erreur_formulaire(form, exc)
        else:
            messages.success(request, _("Visite Interop enregistrée. L'éditeur est notifié."))
            return redirect(reverse("preuves:candidature", args=[c.pk]) + "#visites")
    status = 400 if request.method == "POST" else 200
    return render(request, "preuves/visite_form.html", {"candidature": c, "form": form, "visite": visite}, status=status)


@login_required
def visite_creer(request, pk):
    return _formulaire_visite(request, _candidature(request, pk))


@login_required
@limite_televersement
def visite_modifier(request, pk):
    visite = un_seul_ou_404(
        VisiteInterop.objects.filter(filtre_candidatures_visibles(request.user)).select_related(
            "rapport", "pas_a_pas"
        ),
        pk=pk,
    )
    return _formulaire_visite(request, _candidature(request, visite.candidature_id), visite)

"""Pages of phase 3: the convention step of a candidature, the college sessions and decisions.

Views parse input, call one service and render; DomainError becomes a French DSFR message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from candidatures.enums import CandidatureStatus
from comptes.errors import DomainError
from comptes.policy import can, is_agent
from preuves.models import PreuveDemandee

from . import selectors, services
from .enums import ConventionStatus
from .forms import DecisionForm, InscriptionForm, SessionCollegeForm, SignatureForm
from .models import InscriptionCollege, SessionCollege

S = CandidatureStatus
ETAPES = [
    gettext_lazy("Préparation de la convention par l'ANS"),
    gettext_lazy("Signature de la convention par l'éditeur"),
    gettext_lazy("Contre-signature de la convention par l'ANS"),
    gettext_lazy("Examen par le collège de référencement"),
    gettext_lazy("Décision du collège"),
]


def _adresse_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _candidature_ou_404(request, pk: int):
    candidature = selectors.candidature_visible(request.user, pk)
    if candidature is None:
        raise Http404
    return candidature


def _etape(candidature, convention) -> int:
    """1-based step of the phase-3 stepper."""
    if candidature.statut in (S.REFERENCEE, S.NON_REFERENCEE) or (
        convention is not None and convention.statut == ConventionStatus.SIGNEE and candidature.statut == S.PREUVES
    ):
        return 5
    if candidature.statut == S.EN_COLLEGE or (convention is not None and convention.statut == ConventionStatus.SIGNEE):
        return 4
    if convention is None:
        return 1
    return 2 if convention.statut == ConventionStatus.PREPAREE else 3


def _page_candidature(request, candidature, *, signature_form=None):
    user = request.user
    convention = selectors.convention_de(candidature)
    statut_convention = convention.statut if convention else None
    consentement = services.CONSENTEMENT.format(organisation=candidature.organisation.raison_sociale)
    etape = _etape(candidature, convention)
    peut_signer = statut_convention == ConventionStatus.PREPAREE and can(user, "conventions.sign_convention", candidature)
    context = {
        "candidature": candidature,
        "convention": convention,
        "signatures": list(convention.signatures.all()) if convention else [],
        "decisions": list(selectors.decisions_de(candidature)),
        "historique": list(selectors.historique_phase3(candidature)),
        "etape": etape,
        "etapes": ETAPES,
        "etape_titre": ETAPES[etape - 1],
        "etape_suivante": ETAPES[etape] if etape < len(ETAPES) else "",
        "vague1_signee": getattr(getattr(candidature, "administrative", None), "convention_vague1_signee", False),
        "est_agent": is_agent(user),
        "peut_preparer": convention is None
        and candidature.statut == S.PREUVES_VALIDEES
        and can(user, "conventions.prepare_convention", candidature),
        "peut_signer": peut_signer,
        "attend_signataire": statut_convention == ConventionStatus.PREPAREE and not peut_signer and not is_agent(user),
        "peut_contresigner": statut_convention == ConventionStatus.SIGNEE_EDITEUR
        and can(user, "conventions.countersign_convention", candidature),
        "signature_form": signature_form or SignatureForm(consentement_texte=consentement),
    }
    return render(request, "conventions/candidature.html", context)


@login_required
def candidature(request, pk: int):
    """The convention step of a candidature: documents, signatures, decision(s), actions."""
    return _page_candidature(request, _candidature_ou_404(request, pk))


def _executer(request, fn, succes: str) -> bool:
    try:
        fn()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, succes)
    return True


@login_required
@require_POST
def preparer(request, pk: int):
    c = _candidature_ou_404(request, pk)
    _executer(
        request,
        lambda: services.preparer_convention(c, by=request.user),
        _("La convention a été préparée : l'éditeur est invité à la signer."),
    )
    return redirect("conventions:candidature", pk=pk)


@login_required
@require_POST
def signer(request, pk: int):
    c = _candidature_ou_404(request, pk)
    consentement = services.CONSENTEMENT.format(organisation=c.organisation.raison_sociale)
    form = SignatureForm(request.POST, consentement_texte=consentement)
    convention = selectors.convention_de(c)
    if convention is None:
        messages.error(request, _("Aucune convention n'est encore préparée pour cette candidature."))
        return redirect("conventions:candidature", pk=pk)
    if not form.is_valid():
        return _page_candidature(request, c, signature_form=form)
    try:
        services.signer_convention_editeur(
            convention, by=request.user, consentement=form.cleaned_data["consentement"], adresse_ip=_adresse_ip(request)
        )
    except DomainError as exc:
        if exc.field == "consentement":
            form.add_error("consentement", exc.message)
            return _page_candidature(request, c, signature_form=form)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Vous avez signé la convention. Elle attend maintenant la contre-signature de l'ANS."))
    return redirect("conventions:candidature", pk=pk)


@login_required
@require_POST
def contresigner(request, pk: int):
    c = _candidature_ou_404(request, pk)
    convention = selectors.convention_de(c)
    if convention is None:
        raise Http404
    _executer(
        request,
        lambda: services.contresigner_convention(convention, by=request.user, adresse_ip=_adresse_ip(request)),
        _("La convention est contresignée : la candidature peut être inscrite au collège."),
    )
    return redirect("conventions:candidature", pk=pk)


def _exiger_agent(request):
    if not can(request.user, "conventions.view_college"):
        raise PermissionDenied


@login_required
def colleges(request):
    """Sessions of the college, a form to schedule one, and the candidatures in phase 3."""
    _exiger_agent(request)
    peut_gerer = can(request.user, "conventions.manage_college")
    form = SessionCollegeForm(request.POST or None)
    if request.method == "POST":
        if not peut_gerer:
            raise PermissionDenied
        if form.is_valid():
            try:
                session = services.creer_session_college(**form.cleaned_data, by=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("La session du collège a été créée."))
                return redirect("conventions:college", pk=session.pk)
    return render(
        request,
        "conventions/colleges.html",
        {
            "sessions": list(selectors.sessions_college()),
            "candidatures": list(selectors.candidatures_phase3()),
            "form": form,
            "peut_gerer": peut_gerer,
        },
    )


@login_required
def college(request, pk: int):
    """A session: its agenda with each decision, and a form to add a candidature."""
    _exiger_agent(request)
    session = get_object_or_404(SessionCollege, pk=pk)
    peut_gerer = can(request.user, "conventions.manage_college")
    form = InscriptionForm(request.POST or None, queryset=selectors.candidatures_inscriptibles(session))
    if request.method == "POST":
        if not peut_gerer:
            raise PermissionDenied
        if form.is_valid() and _executer(
            request,
            lambda: services.inscrire_a_session(session, form.cleaned_data["candidature"], by=request.user),
            _("La candidature a été inscrite à l'ordre du jour."),
        ):
            return redirect("conventions:college", pk=pk)
    return render(
        request,
        "conventions/college.html",
        {"session": session, "inscriptions": selectors.ordre_du_jour(session), "form": form, "peut_gerer": peut_gerer},
    )


@login_required
def decision(request, pk: int, candidature_pk: int):
    """Record the college's decision on one candidature of a session, with its reservations."""
    _exiger_agent(request)
    if not can(request.user, "conventions.manage_college"):
        raise PermissionDenied
    inscription = get_object_or_404(
        InscriptionCollege.objects.select_related(
            "session", "candidature__organisation", "candidature__version__produit", "candidature__dsr", "candidature__vague"
        ),
        session_id=pk,
        candidature_id=candidature_pk,
    )
    c = inscription.candidature
    preuves = PreuveDemandee.objects.filter(candidature=c).select_related("preuve_attendue", "dossier__chapitre")
    preuves = preuves.order_by("dossier__chapitre__ordre", "preuve_attendue__ordre", "pk")
    form = DecisionForm(request.POST or None, preuves=preuves)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _executer(
            request,
            lambda: services.decider(
                c, session=inscription.session, resultat=data["resultat"], motifs=data["motifs"],
                reserves=data["reserves"], by=request.user,
            ),
            _("La décision du collège a été enregistrée et l'éditeur en est informé."),
        ):
            return redirect("conventions:college", pk=pk)
    return render(request, "conventions/decision.html", {"inscription": inscription, "candidature": c, "form": form})

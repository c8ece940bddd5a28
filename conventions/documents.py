"""The HTML of phase-3 documents: the convention (from its versioned template) and the attestation."""

from __future__ import annotations

from datetime import datetime

from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from candidatures.models import Candidature
from comptes.errors import DomainError

from .models import ModeleConvention


def verifier_gabarit(corps: str) -> Template:
    """Compile a convention template; DomainError (field "corps") with the engine's message if invalid."""
    try:
        return Template(corps)
    except TemplateSyntaxError as exc:
        raise DomainError(f"Le gabarit de la convention est invalide : {exc}", field="corps") from exc


def profils_de(candidature: Candidature) -> list:
    eligibilite = getattr(candidature, "eligibilite", None)
    return list(eligibilite.profils.all()) if eligibilite is not None else []


def contexte(candidature: Candidature, *, date: datetime) -> dict:
    """What a convention template or the attestation may show."""
    return {
        "candidature": candidature,
        "organisation": candidature.organisation,
        "produit": candidature.version.produit,
        "version": candidature.version,
        "dsr": candidature.dsr,
        "profils": profils_de(candidature),
        "vague": candidature.vague,
        "date": timezone.localtime(date),
    }


def html_convention(candidature: Candidature, modele: ModeleConvention, *, date: datetime) -> str:
    """The full HTML document of a convention: fixed frame, the template's body rendered inside."""
    ctx = contexte(candidature, date=date)
    with translation.override("fr"):
        corps = verifier_gabarit(modele.corps).render(Context(ctx, autoescape=True))
        return render_to_string("conventions/pdf/convention.html", {**ctx, "modele": modele, "corps": mark_safe(corps)})


def html_attestation(candidature: Candidature, *, numero: str, session, date: datetime) -> str:
    with translation.override("fr"):
        return render_to_string(
            "conventions/pdf/attestation.html",
            {**contexte(candidature, date=date), "numero": numero, "session": session},
        )

"""Shortcuts along the phase-3 journey, and PDF reading helpers for assertions."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conventions import services
from conventions.signature import valider_signatures
from tests.conventions.factories import (
    SessionCollegeFactory,
    candidature_preuves_validees,
    signataire,
)

IP_EDITEUR = "203.0.113.7"
IP_ANS = "198.51.100.2"


def lire(fichier) -> bytes:
    with fichier.fichier.open("rb") as f:
        return f.read()


def texte_pdf(data: bytes) -> str:
    """The text of a PDF (poppler's pdftotext), whitespace collapsed."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def convention_signee(instructeur, **kwargs):
    """A candidature whose convention is signed by its editor and countersigned (convention_signee)."""
    candidature = candidature_preuves_validees(**kwargs)
    convention = services.preparer_convention(candidature, by=instructeur)
    services.signer_convention_editeur(convention, by=signataire(candidature), consentement=True, adresse_ip=IP_EDITEUR)
    services.contresigner_convention(convention, by=instructeur, adresse_ip=IP_ANS)
    return candidature, convention


def en_college(instructeur, session=None, **kwargs):
    """A candidature on a session's agenda (en_college)."""
    candidature, _convention = convention_signee(instructeur, **kwargs)
    session = session or SessionCollegeFactory()
    services.inscrire_a_session(session, candidature, by=instructeur)
    return candidature, session


__all__ = ["IP_ANS", "IP_EDITEUR", "convention_signee", "en_college", "lire", "texte_pdf", "valider_signatures"]

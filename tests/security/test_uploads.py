"""Hostile uploads through the real views (a proof deposit, the phase-1 attestation, a message
attachment, a support request): each gets a clear French refusal on the page, and nothing is
stored (no Fichier row, no file under MEDIA_ROOT, no deposit, message or request)."""

from __future__ import annotations

import html
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accompagnement.enums import DemandeCategorie
from accompagnement.models import DemandeSupport
from candidatures.enums import StatutVague1
from comptes.models import Fichier
from messagerie.models import Message
from messagerie.services import fil_principal
from preuves.enums import TypePreuve
from preuves.models import Depot
from tests.factories import CandidatureFactory, HabilitationFactory, UserFactory
from tests.files import PDF, png_bytes
from tests.preuves.factories import (
    candidature_en_preuves,
    catalogue,
    preuve_attendue,
    preuves_par_numero,
)

pytestmark = pytest.mark.django_db


def bombe() -> bytes:
    """20 MB of zeros in a 20 kB zip (a ratio of 1000)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("logs.txt", b"\x00" * (20 * 1024 * 1024))
    return buf.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>'
# Each case: file name, content, and the refusal expected where the type is allowed ("PDF only"
# pages refuse every non-PDF by its type).
CAS = {
    "html_renomme_pdf": ("rapport.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "n'est pas accepté ici"),
    "svg_avec_script": ("schema.svg", SVG, "n'est pas accepté ici"),
    "image_polyglotte": ("capture.png", png_bytes() + b"<script>alert(document.cookie)</script>", "contient du contenu actif"),
    "bombe_zip": ("logs.zip", bombe(), "se décompresse en un volume excessif"),
    "un_octet_de_trop": ("gros.pdf", PDF + b"%", "dépasse la taille maximale autorisée (45 octets)"),
    "fichier_vide": ("vide.pdf", b"", "vide"),
}
assert len(PDF) == 45


@dataclass
class Page:
    """A view that receives files: its URL, the user, the other fields, the file field."""

    url: str
    user: object
    data: dict
    champ: str
    pdf_seulement: bool = False


def page_depot() -> Page:
    cat = catalogue()
    preuve_attendue(cat["chapitres"]["INS"], type=TypePreuve.DOCUMENT, identifiant="INS/GEN.09", ordre=9)
    c = candidature_en_preuves(cat)
    user = UserFactory(organisation=c.organisation)
    HabilitationFactory(utilisateur=user, produit=c.version.produit, lire=True, contribuer=True)
    preuve = preuves_par_numero(c)["INS/GEN.09"]
    return Page(reverse("preuves:deposer", args=[preuve.pk]), user, {"commentaire": "Documentation"}, "fichiers")


def page_administrative() -> Page:
    c = CandidatureFactory()
    user = UserFactory(organisation=c.organisation)
    HabilitationFactory(utilisateur=user, produit=c.version.produit, lire=True, contribuer=True)
    data = {"revision": 0, "raison_sociale": "Santé Logiciels SAS", "statut_vague1": StatutVague1.REFERENCE,
            "numero_referencement_vague1": "V1-42"}
    return Page(reverse("candidatures:administrative", args=[c.pk]), user, data, "attestation_vague1", pdf_seulement=True)


def page_message() -> Page:
    c = CandidatureFactory()
    user = UserFactory(organisation=c.organisation)
    HabilitationFactory(utilisateur=user, produit=c.version.produit, lire=True)
    return Page(reverse("messagerie:fil", args=[fil_principal(c).pk]), user, {"texte": "Voici la pièce demandée."}, "fichiers")


def page_demande() -> Page:
    user = UserFactory()
    data = {"categorie": DemandeCategorie.PLATEFORME, "sujet": "Dépôt impossible", "description": "Voir la pièce jointe."}
    return Page(reverse("accompagnement:demande-creer"), user, data, "pieces_jointes")


PAGES = {"depot": page_depot, "attestation": page_administrative, "message": page_message, "demande": page_demande}


def fichiers_stockes() -> set[str]:
    racine = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(racine)) for p in racine.rglob("*") if p.is_file()} if racine.exists() else set()


def etat() -> tuple:
    return (Fichier.objects.count(), Depot.objects.count(), Message.objects.count(), DemandeSupport.objects.count(),
            fichiers_stockes())


@pytest.mark.parametrize("cas", list(CAS))
@pytest.mark.parametrize("page", list(PAGES))
def test_hostile_file_is_refused_in_french_and_nothing_is_stored(client, settings, page, cas):
    p = PAGES[page]()
    nom, contenu, attendu = CAS[cas]
    if p.pdf_seulement and cas in ("svg_avec_script", "image_polyglotte", "bombe_zip"):
        attendu = "n'est pas accepté ici. Types acceptés : PDF."
    if cas == "un_octet_de_trop":
        settings.CONVERGENCE_MAX_UPLOAD_BYTES = len(PDF)
    client.force_login(p.user)
    avant = etat()

    response = client.post(p.url, {**p.data, p.champ: SimpleUploadedFile(nom, contenu)})

    assert response.status_code in (200, 400)
    page_html = html.unescape(response.content.decode()).replace("\xa0", " ")
    assert attendu in page_html
    assert 'role="alert"' in page_html or "fr-error-text" in page_html or "fr-message--error" in page_html
    assert etat() == avant


@pytest.mark.parametrize("page", ["depot", "message", "demande"])
def test_one_hostile_file_among_good_ones_stores_none_of_them(client, page):
    p = PAGES[page]()
    client.force_login(p.user)
    avant = etat()

    response = client.post(p.url, {**p.data, p.champ: [SimpleUploadedFile("bon.pdf", PDF), SimpleUploadedFile("x.svg", SVG)]})

    assert response.status_code in (200, 400)
    assert "Le type du fichier « x.svg » n'est pas accepté ici" in html.unescape(response.content.decode())
    assert etat() == avant


def multipart(champs: dict, champ_fichier: str, nom_brut: str, contenu: bytes) -> tuple[bytes, str]:
    """A multipart body whose file name is sent as is (the test client would strip its path)."""
    b = "----convergence-securite"
    parts = [f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in champs.items()]
    parts.append(
        f'--{b}\r\nContent-Disposition: form-data; name="{champ_fichier}"; filename="{nom_brut}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode() + contenu + b"\r\n"
    )
    return b"".join(parts) + f"--{b}--\r\n".encode(), f"multipart/form-data; boundary={b}"


@pytest.mark.parametrize(
    ("nom_brut", "nom_garde"),
    [("../../../../etc/cron.d/evil.pdf", "evil.pdf"), ("..\\..\\boot.pdf", "boot.pdf"), ("rap\x1bport\x07.pdf", "rapport.pdf"),
     ("&#47;etc&#47;passwd.pdf", "passwd.pdf")],
)
def test_paths_and_control_characters_in_names_never_reach_the_disk(client, nom_brut, nom_garde):
    """Django's multipart parser keeps only the printable base name before any of our code runs,
    so through the views such a file is stored like any other: under a random name inside
    MEDIA_ROOT, shown with its cleaned name. (Callers of the service that bypass the parser get
    a refusal: tests/comptes/test_fichiers.py.)"""
    p = page_message()
    client.force_login(p.user)
    corps, content_type = multipart(p.data, p.champ, nom_brut, PDF)

    response = client.post(p.url, corps, content_type=content_type)

    assert response.status_code == 302
    f = Fichier.objects.get()
    assert f.nom == nom_garde
    assert f.fichier.name.startswith("fichiers/") and nom_garde.removesuffix(".pdf") not in f.fichier.name
    assert fichiers_stockes() == {f.fichier.name}
    assert os.path.realpath(f.fichier.path).startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)

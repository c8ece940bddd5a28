"""The one upload path: hostile and broken files are refused with a clear message and nothing is stored."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from comptes.errors import FichierRefuse
from comptes.fichiers import ARCHIVE, IMAGE, PDF, TEXTE, TOUS, enregistrer_fichier
from comptes.models import Fichier

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(size=(4, 4)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def stored_files() -> list[str]:
    try:
        dirs, files = default_storage.listdir("fichiers")
    except FileNotFoundError:
        return []
    out = list(files)
    stack = [f"fichiers/{d}" for d in dirs]
    while stack:
        d = stack.pop()
        sub, fs = default_storage.listdir(d)
        out += fs
        stack += [f"{d}/{s}" for s in sub]
    return out


def test_valid_pdf_is_stored_with_its_hash(org_admin):
    f = enregistrer_fichier(SimpleUploadedFile("attestation.pdf", PDF_BYTES), categories=(PDF,), organisation=org_admin.organisation, by=org_admin)

    assert (f.nom, f.type_mime, f.taille) == ("attestation.pdf", "application/pdf", len(PDF_BYTES))
    assert f.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert default_storage.open(f.fichier.name).read() == PDF_BYTES
    assert f.fichier.name.startswith("fichiers/")
    assert "attestation" not in f.fichier.name  # random storage name


HOSTILE = [
    ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", (PDF,), "n'est pas accepté"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', TOUS, "n'est pas accepté"),
    ("notes.txt", b"<html><body onload=alert(1)>", TOUS, "n'est pas accepté"),
    ("poly.png", png_bytes() + b"<script>alert(document.cookie)</script>", (IMAGE,), "contenu actif"),
    ("fake.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, (IMAGE,), "endommagée"),
    ("vide.pdf", b"", (PDF,), "est vide"),
    ("bin.log", b"\x00\x01\x02binary", (TEXTE,), "n'est pas accepté"),
]


@pytest.mark.parametrize(("name", "content", "categories", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_is_refused_and_nothing_stored(org_admin, name, content, categories, message):
    with pytest.raises(FichierRefuse, match=message):
        enregistrer_fichier(SimpleUploadedFile(name, content), categories=categories, organisation=org_admin.organisation)

    assert Fichier.objects.count() == 0
    assert stored_files() == []


def test_zip_bomb_is_refused(org_admin):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.bin", b"\x00" * (20 * 1024 * 1024))

    with pytest.raises(FichierRefuse, match="volume excessif"):
        enregistrer_fichier(SimpleUploadedFile("logs.zip", buf.getvalue()), categories=(ARCHIVE,), organisation=org_admin.organisation)
    assert Fichier.objects.count() == 0


def test_zip_with_path_traversal_entries_is_refused(org_admin):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../etc/cron.d/evil", b"* * * * * root id")

    with pytest.raises(FichierRefuse, match="chemins dangereux"):
        enregistrer_fichier(SimpleUploadedFile("logs.zip", buf.getvalue()), categories=(ARCHIVE,), organisation=org_admin.organisation)


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\boot.pdf", "a/b.pdf"])
def test_path_in_name_is_refused(org_admin, name):
    upload = SimpleUploadedFile("x.pdf", PDF_BYTES)
    upload._name = name  # bypass Django's own basename() to reach the service as an API client could

    with pytest.raises(FichierRefuse, match="chemin"):
        enregistrer_fichier(upload, categories=(PDF,), organisation=org_admin.organisation)
    assert stored_files() == []


def test_control_characters_in_name_are_refused(org_admin):
    with pytest.raises(FichierRefuse, match="caractères de contrôle"):
        enregistrer_fichier(SimpleUploadedFile("rap\x00port\x1b.pdf", PDF_BYTES), categories=(PDF,), organisation=org_admin.organisation)


def test_one_byte_over_the_limit_is_refused_exactly_at_limit_accepted(org_admin):
    content = PDF_BYTES + b"%" * (1000 - len(PDF_BYTES))

    ok = enregistrer_fichier(SimpleUploadedFile("a.pdf", content), categories=(PDF,), organisation=org_admin.organisation, max_bytes=1000)
    with pytest.raises(FichierRefuse, match="dépasse la taille maximale"):
        enregistrer_fichier(SimpleUploadedFile("b.pdf", content + b"%"), categories=(PDF,), organisation=org_admin.organisation, max_bytes=1000)

    assert list(Fichier.objects.values_list("pk", flat=True)) == [ok.pk]


def test_text_logs_are_accepted_in_utf8_and_latin1(org_admin):
    for i, content in enumerate([b"2026-01-01 INFO d\xc3\xa9marrage\n", "2026-01-01 INFO démarrage\n".encode("cp1252")]):
        f = enregistrer_fichier(SimpleUploadedFile(f"app{i}.log", content), categories=(TEXTE,), organisation=org_admin.organisation)
        assert f.type_mime == "text/plain"

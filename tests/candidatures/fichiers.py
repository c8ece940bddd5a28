"""Small real files for upload tests: a valid PDF, a PNG, and an HTML page disguised as a PDF."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def pdf_bytes(texte: str = "Attestation") -> bytes:
    """A minimal, well-formed one-page PDF (with its cross-reference table)."""
    contenu = f"BT /F1 18 Tf 20 100 Td ({texte}) Tj ET".encode()
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(contenu) + contenu + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objets, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objets) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objets) + 1, xref))
    return out.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 0, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


HTML_DEGUISE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def pdf(nom: str = "attestation.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, pdf_bytes(), content_type="application/pdf")


def png(nom: str = "capture-cnda.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, png_bytes(), content_type="image/png")


def html_renomme_pdf(nom: str = "attestation.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, HTML_DEGUISE, content_type="application/pdf")

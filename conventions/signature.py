"""PDF documents of phase 3: rendered with WeasyPrint, signed PAdES (B-B) with pyHanko.

The platform holds one signing key and certificate (settings CONVERGENCE_SIGNING_KEY_PEM /
_CERT_PEM, or CONVERGENCE_SIGNING_KEY_FILE / _CERT_FILE). Each party's signature is an
incremental update in its own signature field, with the signer's name and reason in the
signature dictionary, so every earlier signature stays valid. Without configured keys, a
self-signed pair is generated under VAR_DIR/keys at first use (a warning says so).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import functools
import io
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

CHAMP_EDITEUR = "Editeur"
CHAMP_ANS = "ANS"
LOCAL_PAIR_NAME = "convention-signing.pem"
_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----\s*", re.DOTALL)


@dataclass(frozen=True)
class Materiel:
    key_pem: bytes
    cert_pem: bytes
    passphrase: bytes | None = None


def rendre_pdf(html: str) -> bytes:
    """Render a complete HTML document (UTF-8) to PDF bytes."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def _generer_paire_locale() -> bytes:
    """A new RSA key and a self-signed certificate able to sign documents, as one PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Convergence (instance locale)"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Convergence — cachet de signature auto-signé"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_cert_sign=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return key_pem + cert.public_bytes(serialization.Encoding.PEM)


def _paire_locale(var_dir: Path) -> bytes:
    """Read the local pair, generating it at first use. Creation is atomic (link of a complete
    temporary file), so concurrent first uses agree on one pair."""
    path = var_dir / "keys" / LOCAL_PAIR_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".signing-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(_generer_paire_locale())
            os.link(tmp, path)
            logger.warning(
                "Aucune clé de signature configurée (CONVERGENCE_SIGNING_KEY_FILE/_PEM) : une clé et un certificat "
                "auto-signés ont été générés dans %s. Ils conviennent au développement et à la démonstration, "
                "pas à la production.",
                path,
            )
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_bytes()


def materiel_signature() -> Materiel:
    """The platform's key and certificate, from settings, else the local self-signed pair."""
    passphrase = settings.CONVERGENCE_SIGNING_KEY_PASSPHRASE.encode() or None
    if settings.CONVERGENCE_SIGNING_KEY_PEM and settings.CONVERGENCE_SIGNING_CERT_PEM:
        return Materiel(settings.CONVERGENCE_SIGNING_KEY_PEM.encode(), settings.CONVERGENCE_SIGNING_CERT_PEM.encode(), passphrase)
    if settings.CONVERGENCE_SIGNING_KEY_FILE and settings.CONVERGENCE_SIGNING_CERT_FILE:
        return Materiel(
            Path(settings.CONVERGENCE_SIGNING_KEY_FILE).read_bytes(),
            Path(settings.CONVERGENCE_SIGNING_CERT_FILE).read_bytes(),
            passphrase,
        )
    blocks = [m.group(0) for m in _PEM_BLOCK.finditer(_paire_locale(Path(settings.VAR_DIR)))]
    key = next(b for b in blocks if b"PRIVATE KEY" in b)
    cert = next(b for b in blocks if b"CERTIFICATE" in b)
    return Materiel(key, cert)


@functools.lru_cache(maxsize=4)
def _signer(materiel: Materiel):
    from pyhanko.keys import (
        load_certs_from_pemder_data,
        load_private_key_from_pemder_data,
    )
    from pyhanko.sign import signers

    cert = next(iter(load_certs_from_pemder_data(materiel.cert_pem)))
    key = load_private_key_from_pemder_data(materiel.key_pem, materiel.passphrase)
    return signers.SimpleSigner(signing_cert=cert, signing_key=key, cert_registry=None)


def certificat_plateforme():
    """The platform's signing certificate (asn1crypto), the trust root to validate its signatures."""
    return _signer(materiel_signature()).signing_cert


def _hors_boucle(fn):
    """pyHanko's synchronous API calls asyncio.run(): when this thread already runs an event loop
    (an async caller, a browser-driving test), run `fn` in a worker thread instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def signer_pdf(data: bytes, *, champ: str, raison: str, nom: str) -> bytes:
    """Sign `data` in a new signature field `champ` (incremental update), PAdES B-B, SHA-256."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=champ, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256", reason=raison, name=nom,
        location="Convergence — plateforme de référencement Ségur",
    )
    signer = _signer(materiel_signature())
    return _hors_boucle(lambda: signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), meta, signer=signer).getvalue())


def valider_signatures(data: bytes) -> list[tuple[str, object]]:
    """Validate every signature of a PDF against the platform certificate: (field, status) pairs."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[certificat_plateforme()])
    reader = PdfFileReader(io.BytesIO(data))
    return _hors_boucle(
        lambda: [(sig.field_name, validate_pdf_signature(sig, context)) for sig in reader.embedded_signatures]
    )

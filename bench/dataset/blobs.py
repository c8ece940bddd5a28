"""A handful of tiny real files, stored once through Django's storage and shared by every
generated Fichier row of their kind (many rows point to the same storage name: the files exist
and download, without writing 200,000 files)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from bench.samples import LOG, MP4, PDF, PNG


@dataclass(frozen=True)
class Blob:
    name: str
    nom: str
    mime: str
    size: int
    sha256: str


KINDS = {
    "png": (PNG, "image/png", "capture.png"),
    "pdf": (PDF, "application/pdf", "document.pdf"),
    "log": (LOG, "text/plain", "traces.log"),
    "mp4": (MP4, "video/mp4", "demonstration.mp4"),
}


def ensure_blobs() -> dict[str, Blob]:
    """Store each blob once (under bench/blobs/, named by content) and describe it."""
    blobs = {}
    for kind, (content, mime, nom) in KINDS.items():
        digest = hashlib.sha256(content).hexdigest()
        name = f"bench/blobs/{digest[:24]}{nom[nom.rindex('.'):]}"
        if not default_storage.exists(name):
            stored = default_storage.save(name, ContentFile(content))
            if stored != name:  # the storage renamed it: keep what it says
                name = stored
        blobs[kind] = Blob(name, nom, mime, len(content), digest)
    return blobs

"""Upload handlers of the platform's single upload path (comptes.fichiers).

Large files go to a temporary file on disk as they arrive (never in memory) and are hashed on
the way, so that storing them needs neither a second read for the SHA-256 nor a copy (the
storage moves the temporary file). Chunks of 1 MiB rather than Django's 64 KiB: a 1 GB proof is
a thousand steps of the multipart parser instead of sixteen thousand (bench/README.md)."""

import hashlib

from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)

TAILLE_MORCEAU = 1024 * 1024


class MemoireHandler(MemoryFileUploadHandler):
    """Small files (up to FILE_UPLOAD_MAX_MEMORY_SIZE) stay in memory; hashed when stored."""

    chunk_size = TAILLE_MORCEAU


class FichierTemporaireHache(TemporaryFileUploadHandler):
    """Larger files: written to a temporary file, with their SHA-256 computed as they arrive
    (`sha256_calcule` on the uploaded file)."""

    chunk_size = TAILLE_MORCEAU

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._empreinte = hashlib.sha256()

    def receive_data_chunk(self, raw_data, start):
        self._empreinte.update(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        fichier = super().file_complete(file_size)
        fichier.sha256_calcule = self._empreinte.hexdigest()
        return fichier

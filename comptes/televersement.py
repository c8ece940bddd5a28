"""Upload handlers of the platform's single upload path (comptes.fichiers).

Large files go to a temporary file on disk as they arrive (never in memory) and are hashed on
the way, in a thread of their own: hashlib releases the GIL, so the SHA-256 runs on another core
while the multipart parser goes on, and storing the file needs neither a second read for the
digest nor a copy (the storage moves the temporary file). Measured in bench/README.md."""

import hashlib
import queue
import threading

from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)

# The parser reads the request by chunks of its handlers' smallest chunk_size: 1 MiB rather
# than Django's 64 KiB, for a thousand reads of the web server's input per GB instead of 16,000.
TAILLE_MORCEAU = 1024 * 1024
# Chunks waiting for the hashing thread (at most 16 MiB in memory).
FILE_ATTENTE = 16
# A hashing thread whose upload stopped without a word (client gone) ends after this delay.
ATTENTE_MAX_SECONDES = 120


class _Empreinte:
    """SHA-256 of a stream of chunks, computed by a daemon thread."""

    def __init__(self):
        self._hash = hashlib.sha256()
        self._file = queue.Queue(maxsize=FILE_ATTENTE)
        self._fil = threading.Thread(target=self._hacher, name="sha256-televersement", daemon=True)
        self._fil.start()

    def _hacher(self):
        while True:
            try:
                morceau = self._file.get(timeout=ATTENTE_MAX_SECONDES)
            except queue.Empty:
                return
            if morceau is None:
                return
            self._hash.update(morceau)

    def ajouter(self, morceau: bytes) -> None:
        self._file.put(morceau)

    def terminer(self) -> str:
        self._file.put(None)
        self._fil.join()
        return self._hash.hexdigest()

    def abandonner(self) -> None:
        self._file.put(None)


class MemoireHandler(MemoryFileUploadHandler):
    """Small files (up to FILE_UPLOAD_MAX_MEMORY_SIZE) stay in memory; hashed when stored."""

    chunk_size = TAILLE_MORCEAU


class FichierTemporaireHache(TemporaryFileUploadHandler):
    """Files larger than FILE_UPLOAD_MAX_MEMORY_SIZE: written to a temporary file, with their
    SHA-256 computed as they arrive (`sha256_calcule` on the uploaded file)."""

    chunk_size = TAILLE_MORCEAU

    _empreinte: _Empreinte | None = None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._empreinte = _Empreinte()

    def receive_data_chunk(self, raw_data, start):
        self._empreinte.ajouter(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        fichier = super().file_complete(file_size)
        fichier.sha256_calcule = self._empreinte.terminer()
        self._empreinte = None
        return fichier

    def _abandonner(self):
        if self._empreinte is not None:
            self._empreinte.abandonner()
            self._empreinte = None

    def upload_interrupted(self):
        self._abandonner()
        return super().upload_interrupted()

    def upload_complete(self):
        self._abandonner()  # a file the parser never completed (its hashing thread must end)
        return super().upload_complete()

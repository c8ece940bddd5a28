"""The upload handler: files written to disk as they arrive, hashed in a thread of their own."""

import hashlib
import io
import os
import threading
import time

from django.conf import settings
from django.core.files.uploadhandler import load_handler
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory

LIMITE = "multipart/form-data; boundary=limite"


def corps(contenu: bytes, *, tronque: bool = False) -> bytes:
    tete = b'--limite\r\nContent-Disposition: form-data; name="fichiers"; filename="video.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    fin = b"\r\n--limite--\r\n"
    return tete + (contenu[: len(contenu) // 2] if tronque else contenu + fin)


def analyser(donnees: bytes, longueur: int | None = None):
    requete = RequestFactory().post("/")
    handlers = [load_handler(h, requete) for h in settings.FILE_UPLOAD_HANDLERS]
    meta = {"CONTENT_TYPE": LIMITE, "CONTENT_LENGTH": str(longueur or len(donnees))}
    return MultiPartParser(meta, io.BytesIO(donnees), handlers).parse()


def fils_de_hachage():
    return [t for t in threading.enumerate() if t.name == "sha256-televersement"]


def test_a_large_file_goes_to_disk_with_the_digest_of_its_content():
    contenu = os.urandom(settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 123_457)

    _post, fichiers = analyser(corps(contenu))

    televerse = fichiers["fichiers"]
    assert hasattr(televerse, "temporary_file_path")  # on disk, not in memory
    assert televerse.sha256_calcule == hashlib.sha256(contenu).hexdigest()
    assert fils_de_hachage() == []
    televerse.close()


def test_an_upload_cut_short_leaves_no_hashing_thread_behind():
    contenu = os.urandom(settings.FILE_UPLOAD_MAX_MEMORY_SIZE * 2)
    donnees = corps(contenu, tronque=True)

    _post, fichiers = analyser(donnees, longueur=len(donnees) + len(contenu))

    assert "fichiers" not in fichiers
    for _ in range(50):
        if not fils_de_hachage():
            break
        time.sleep(0.02)
    assert fils_de_hachage() == []

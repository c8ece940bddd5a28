"""A large video goes through the real deposit view without being loaded in memory.

200 MB here (about 10 s); bench/test_televersement_1go.py runs the same with 1 GB.
"""

import hashlib

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from preuves.models import Depot
from tests.preuves.factories import (
    candidature_en_preuves,
    contributeur_soumetteur,
    preuves_par_numero,
)
from tests.preuves.televersement import MO, televerser_video

pytestmark = pytest.mark.django_db(transaction=True)


def televerser(live_server, taille):
    candidature = candidature_en_preuves()
    user = contributeur_soumetteur(candidature)
    preuve = preuves_par_numero(candidature)["INS/GEN.01"]
    client = Client()
    client.force_login(user)
    cookie = (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    resultat = televerser_video(
        live_server.url, reverse("preuves:deposer", args=[preuve.pk]), cookie, taille, champs={"commentaire": "Vidéo longue"}
    )
    return preuve, resultat


def test_200_mb_video_upload_keeps_memory_flat(live_server):
    taille = 200 * MO

    preuve, resultat = televerser(live_server, taille)

    assert resultat.status == 302, resultat
    depot = Depot.objects.get(preuve=preuve)
    fichier = depot.fichiers.get()
    assert (fichier.taille, fichier.type_mime, depot.commentaire) == (taille, "video/mp4", "Vidéo longue")
    with fichier.fichier.open("rb") as stocke:  # hashed as it arrived: the digest is the stored file's
        assert fichier.sha256 == hashlib.file_digest(stocke, "sha256").hexdigest()
    assert resultat.croissance_rss < 100 * MO, f"RSS grew by {resultat.croissance_rss / MO:.0f} MB"

"""Benchmark: a 1 GB video through the real deposit view, memory measured.

Run: DATABASE_URL=... .venv/bin/pytest bench/test_televersement_1go.py -q -s
Prints the time taken and the growth of the process's resident memory (must stay < 100 MB).
"""

import pytest

from tests.preuves.televersement import MO
from tests.preuves.test_televersement import televerser

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}},
    }


def test_1_gb_video_upload(live_server):
    taille = 1024 * MO

    preuve, resultat = televerser(live_server, taille)

    fichier = preuve.depots.get().fichiers.get()
    print(  # noqa: T201  (a benchmark reports its figures)
        f"\n1 Go téléversé en {resultat.secondes:.1f} s ; croissance de la mémoire résidente : "
        f"{resultat.croissance_rss / MO:.1f} Mo ; SHA-256 {fichier.sha256[:12]}…"
    )
    assert resultat.status == 302
    assert fichier.taille == taille
    assert resultat.croissance_rss < 100 * MO

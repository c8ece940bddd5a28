"""A web worker keeps the C allocator from churning and freezes its long-lived objects after its
first requests (convergence.memoire)."""

import gc
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.signals import request_finished

from convergence import memoire

pytestmark = pytest.mark.django_db


@pytest.fixture
def gel():
    gc.unfreeze()
    memoire.geler_objets_durables()
    yield
    request_finished.disconnect(dispatch_uid="convergence.memoire")
    gc.unfreeze()


def test_worker_freezes_what_survives_its_1st_and_10th_requests(client, gel):
    client.get("/")
    assert gc.get_freeze_count() > 10_000  # the modules, models, templates… of the process
    gc.unfreeze()
    for _ in range(8):  # requests 2 to 9 freeze nothing
        client.get("/")
    assert gc.get_freeze_count() == 0
    client.get("/")
    assert gc.get_freeze_count() > 10_000


def test_the_wsgi_entry_point_installs_it(monkeypatch):
    # Gunicorn and runserver load convergence.wsgi; the test client does not.
    def installe():
        return [r for r in request_finished.receivers if r[0][0] == "convergence.memoire"]

    reglages = []
    monkeypatch.setattr(memoire, "regler_allocateur", lambda: reglages.append(1))
    assert installe() == []
    import convergence.wsgi

    try:
        importlib.reload(convergence.wsgi)
        assert len(installe()) == 1
        assert reglages  # at each load of the module
    finally:
        request_finished.disconnect(dispatch_uid="convergence.memoire")


# A web server's reads (pieces of ~190 KB gathered into 1 MiB) and a parser's slices, for 300 MiB;
# prints the page faults they cost.
LECTURES = """
import io, os, resource, sys
from convergence import memoire
if sys.argv[1] == "regle":
    assert memoire.regler_allocateur()
piece, reste = os.urandom(190_000), b""
avant = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(300):
    tampon = io.BytesIO()
    tampon.write(reste)
    while tampon.tell() < 1 << 20:
        tampon.write(piece)
    donnees = tampon.getvalue()
    reste, morceau = donnees[1 << 20:], donnees[: 1 << 20]
    b"".join([morceau])[:-40]
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - avant)
"""


def _fautes(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != "GLIBC_TUNABLES"}
    racine = Path(__file__).resolve().parents[2]
    sortie = subprocess.run([sys.executable, "-c", LECTURES, mode], cwd=racine, env=env, capture_output=True, text=True,
                            check=True)
    return int(sortie.stdout)


@pytest.mark.skipif(not memoire.glibc(), reason="glibc only")
def test_large_buffers_are_reused_instead_of_faulted_in_afresh():
    brut, regle = _fautes("brut"), _fautes("regle")

    assert regle * 4 < brut, (brut, regle)  # 25,000 page faults against 1,900 here


def test_an_operators_allocator_setting_is_left_alone(monkeypatch):
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "131072")
    assert memoire.regler_allocateur() is False
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536")
    assert memoire.regler_allocateur() is False

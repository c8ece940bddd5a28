"""A web worker freezes its long-lived objects after its first requests (convergence.memoire)."""

import gc
import importlib

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


def test_the_wsgi_entry_point_installs_it():
    # Gunicorn and runserver load convergence.wsgi; the test client does not.
    def installe():
        return [r for r in request_finished.receivers if r[0][0] == "convergence.memoire"]

    assert installe() == []
    import convergence.wsgi

    try:
        importlib.reload(convergence.wsgi)
        assert len(installe()) == 1
    finally:
        request_finished.disconnect(dispatch_uid="convergence.memoire")

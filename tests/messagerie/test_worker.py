"""The real path: the task goes through Redis to a Celery worker, which sends the e-mails once.

The worker runs in a thread of the test process (celery.contrib.testing.worker.start_worker), so
Django's locmem outbox is shared; it consumes from a real Redis, on a transactional test database.
"""

import os
import threading
import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections, transaction

from candidatures.journal import journaliser
from convergence.celery import app
from messagerie.models import EnvoiEmail, Message, Notification
from messagerie.tasks import notifier_evenement_task

from .conftest import COMPLEMENT

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
REDIS_URL = os.environ.get("CONVERGENCE_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI for the Celery worker tests ({REDIS_URL}): {exc}")
        pytest.skip(f"Redis does not answer at {REDIS_URL} (start redis-server to run the Celery worker tests)")
    # Our own key prefix: other workers on the same Redis never take our tasks.
    prefix = f"messagerie-test-{uuid.uuid4().hex}:"
    yield REDIS_URL, prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


@pytest.fixture
def worker(redis_broker, settings):
    """A real worker on Redis; yields {task_id: thread name} of the tasks it ran."""
    settings.CONVERGENCE_WORKER_NICE = 0  # it runs in the test process, which it would slow down for good
    url, prefix = redis_broker
    saved = {k: app.conf[k] for k in ("broker_url", "broker_transport_options", "task_always_eager")}
    app.conf.update(broker_url=url, broker_transport_options={"global_keyprefix": prefix}, task_always_eager=False)
    app._pool = None
    app.amqp._producer_pool = None
    ran: dict[str, str] = {}

    def done(sender=None, task_id=None, **kwargs):
        ran[task_id] = threading.current_thread().name
        connections.close_all()  # the worker thread's own connection: the test database must stay droppable

    task_postrun.connect(done, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield ran
    finally:
        task_postrun.disconnect(done)
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_task_reaches_the_worker_through_redis_and_each_user_gets_one_email(
    worker, candidature, lecteur, admin_org, instructeur, mailoutbox
):
    with transaction.atomic():
        evenement = journaliser(
            "complement_demande",
            acteur=instructeur,
            candidature=candidature,
            message=COMPLEMENT,
            details={"message_auto": True, "lien": "/candidatures/x/"},
        )

    assert wait_for(lambda: len(worker) == 1 and len(mailoutbox) == 2), (worker, mailoutbox)
    assert all(name != threading.main_thread().name for name in worker.values())
    assert sorted(m.to[0] for m in mailoutbox) == sorted([lecteur.email, admin_org.email])
    assert all("http://127.0.0.1:8000/candidatures/x/" in m.body for m in mailoutbox)

    # The same task delivered twice more (a retry, a duplicate): nothing is sent again.
    again = [notifier_evenement_task.delay(evenement_id=evenement.pk).id for _ in range(2)]
    assert wait_for(lambda: all(task_id in worker for task_id in again)), worker
    assert len(mailoutbox) == 2
    assert Notification.objects.count() == 2
    assert EnvoiEmail.objects.filter(envoye_le__isnull=False).count() == 2
    assert Message.objects.filter(automatique=True).count() == 1

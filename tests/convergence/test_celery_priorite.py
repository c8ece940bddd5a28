"""A Celery worker lowers its own priority below the web's (convergence.celery)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Celery sends worker_init as a worker starts, before it forks its pool; a fresh interpreter does so here.
PROCESSUS = """
import os
import django
django.setup()
from celery.signals import worker_init
import convergence.celery
avant = os.nice(0)
worker_init.send(sender=None)
print(avant, os.nice(0))
"""


def _priorites(nice: str | None) -> tuple[int, int]:
    """The niceness of a worker before and after the signal."""
    env = {k: v for k, v in os.environ.items() if k != "CONVERGENCE_WORKER_NICE"}
    env["DJANGO_SETTINGS_MODULE"] = "convergence.settings"
    if nice is not None:
        env["CONVERGENCE_WORKER_NICE"] = nice
    sortie = subprocess.run([sys.executable, "-c", PROCESSUS], cwd=Path(__file__).resolve().parents[2], env=env,
                            capture_output=True, text=True, check=True)
    avant, apres = sortie.stdout.strip().splitlines()[-1].split()
    return int(avant), int(apres)


@pytest.mark.parametrize(("reglage", "ecart"), [(None, 10), ("5", 5), ("0", 0)])
def test_a_worker_runs_below_the_web(reglage, ecart):
    avant, apres = _priorites(reglage)
    assert apres == min(avant + ecart, 19), (avant, apres)  # 19: the lowest priority there is

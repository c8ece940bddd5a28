"""The load: editors, verifiers and API clients doing their journeys, with the floor in every
journey so that it is measured in the same run, under the same load.

Reads the plan written by bench/prepare.py (BENCH_PLAN): per user, a session cookie (or an API
token) and the URLs of each step. Records every request (time, error, X-Query-Count) and writes
the raw figures to BENCH_RAW_OUT when locust quits; bench/report.py turns them into the table.

Run by bench/run.sh, e.g.:
  BENCH_PLAN=plan.json BENCH_RAW_OUT=raw.json locust -f bench/locustfile.py --headless -u 20 -r 10 \
      -t 60s --host http://127.0.0.1:8108 EditeurUser
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from locust import HttpUser, between, events, task
from urllib3 import encode_multipart_formdata

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.forms import FormParser, sample_for

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text())
RAW_OUT = os.environ.get("BENCH_RAW_OUT", "bench-raw.json")
WAIT = tuple(float(x) for x in os.environ.get("BENCH_WAIT", "0.5,1.5").split(","))
# Seconds of load before anything is recorded: every user has started and its first pages
# (cold caches, first connections) are behind it; the run lasts BENCH_DURATION after that.
WARMUP = float(os.environ.get("BENCH_WARMUP", "0"))
EDITOR_ORDER = [
    "tableau de bord", "liste des candidatures", "page candidature", "page preuves", "page chapitre", "dépôt (page)",
    "plancher",
]
VERIFIER_ORDER = ["file de vérification", "revue de chapitre", "plancher"]

STATS: dict[str, dict] = defaultdict(lambda: {"times": [], "errors": 0, "queries": [], "error_samples": {}})
RUN = {"start": None, "end": None}


@events.test_start.add_listener
def _start(environment, **kwargs):
    RUN["start"] = time.time() + WARMUP


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    if RUN["start"] is None or time.time() < RUN["start"]:
        return
    stat = STATS[name]
    stat["times"].append(response_time)
    if exception is not None:
        stat["errors"] += 1
        key = str(exception)[:200]
        stat["error_samples"][key] = stat["error_samples"].get(key, 0) + 1
    if response is not None and response.headers is not None:
        count = response.headers.get("X-Query-Count")
        if count is not None:
            stat["queries"].append(int(count))


@events.quitting.add_listener
def _write(environment, **kwargs):
    RUN["end"] = time.time()
    out = {
        "scenario": os.environ.get("BENCH_SCENARIO", ""),
        "users": environment.runner.target_user_count if environment.runner else None,
        "duration": (RUN["end"] - RUN["start"]) if RUN["start"] else None,
        "warnings": PLAN.get("warnings", []),
        "steps": STATS,
    }
    Path(RAW_OUT).write_text(json.dumps(out, ensure_ascii=False))


_entries = defaultdict(itertools.count)


def next_entry(role: str) -> dict:
    users = PLAN["users"].get(role) or []
    if not users:
        raise RuntimeError(f"aucun utilisateur « {role} » dans le plan")
    return users[next(_entries[role]) % len(users)]


class JourneyUser(HttpUser):
    abstract = True
    role = ""
    order: list[str] = []
    wait_time = between(*WAIT)

    def on_start(self):
        self.entry = next_entry(self.role)
        host = self.host.split("//", 1)[-1].split(":")[0]
        if "token" in self.entry:
            self.client.headers["Authorization"] = f"Bearer {self.entry['token']}"
        else:
            self.client.cookies.set(PLAN["session_cookie"], self.entry["session"], domain=host)
            self.client.cookies.set(PLAN["csrf_cookie"], self.entry["csrf"], domain=host)

    def steps(self) -> list[str]:
        steps = self.entry["steps"]
        return [s for s in self.order if s in steps] if self.order else sorted(steps)

    @task
    def journey(self):
        for step in self.steps():
            urls = self.entry["steps"][step]
            if step == "dépôt (page)":
                # Each deposit uses up its proof (it then awaits review): take the next one.
                if not urls:
                    continue
                self.deposit(urls.pop(0))
            else:
                self.get(step, random.choice(urls))
            self.wait()

    def get(self, step: str, url: str):
        with self.client.get(url, name=step, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            return r

    def deposit(self, url: str):
        """Open the deposit page, then send its form with a small PNG (a new version)."""
        page = self.get("dépôt (page)", url)
        if page.status_code != 200:
            return
        parser = FormParser()
        parser.feed(page.text)
        form = next((f for f in parser.forms if f["file"]), None)
        if form is None:
            events.request.fire(request_type="POST", name="dépôt (envoi)", response_time=0, response_length=0,
                                exception=RuntimeError("pas de formulaire avec un champ fichier"))
            return
        self.wait()
        fields = [*form["fields"], (form["file"], sample_for(form["accept"]))]
        body, content_type = encode_multipart_formdata(fields)
        headers = {"Content-Type": content_type, "Referer": f"{self.host}{url}"}
        with self.client.post(form["action"] or url, data=body, headers=headers, name="dépôt (envoi)",
                              allow_redirects=False, catch_response=True) as r:
            if r.status_code in (302, 303):
                return
            if r.status_code == 200 and "fr-error-text" not in r.text and "fr-alert--error" not in r.text:
                return
            r.failure(f"HTTP {r.status_code}{' (formulaire en erreur)' if r.status_code == 200 else ''}")


class EditeurUser(JourneyUser):
    role = "editeur"
    order = EDITOR_ORDER
    weight = 14


class VerificateurUser(JourneyUser):
    role = "verificateur"
    order = VERIFIER_ORDER
    weight = 4


class ApiUser(JourneyUser):
    role = "api"
    weight = 2

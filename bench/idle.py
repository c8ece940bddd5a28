"""Service times without load: one user, requests one after the other, for each step of one
editor, one verifier and one API client of the plan. Under load, the floor's own latency
rises with queueing; compared with these figures it says whether the server was saturated.

Usage (run.sh does it, before the load): python bench/idle.py --plan plan.json --out idle.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import requests

SKIP = ("dépôt (page)",)  # each deposit page is for one proof, used up by the load


def measure(session: requests.Session, url: str, n: int) -> dict:
    times, status = [], None
    for _ in range(n):
        started = time.perf_counter()
        response = session.get(url, allow_redirects=False, timeout=60)
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "max_ms": round(times[-1], 1), "status": status,
            "queries": response.headers.get("X-Query-Count")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--base", default="http://127.0.0.1:8108")
    parser.add_argument("-n", type=int, default=10)
    args = parser.parse_args()
    plan = json.loads(Path(args.plan).read_text())
    host = args.base.split("//", 1)[-1].split(":")[0]
    out = {}
    for role, users in plan["users"].items():
        entry = users[0]
        session = requests.Session()
        if "token" in entry:
            session.headers["Authorization"] = f"Bearer {entry['token']}"
        else:
            session.cookies.set(plan["session_cookie"], entry["session"], domain=host)
        session.get(args.base + "/bench/floor", timeout=60)  # warm up the connection and the worker
        out[role] = {
            step: measure(session, args.base + urls[0], args.n)
            for step, urls in entry["steps"].items() if step not in SKIP and urls
        }
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()

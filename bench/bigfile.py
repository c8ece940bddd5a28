"""The large-file probe: upload then download one proof of BENCH_BIG_MB (1024 by default)
through gunicorn, measuring throughput and the web workers' peak memory growth, against `cp`
of the same file on the same disk.

Upload: the deposit form of `preuves:deposer` (the first deposit page of the plan) when it
exists, else the benchmark's probe `bench:deposer-test` (the platform's upload path,
`comptes.fichiers.enregistrer_fichier`). Download: `comptes:fichier`, else `bench:fichier-test`.
Memory: each worker's peak resident size is reset (/proc/<pid>/clear_refs) before a transfer
and read (VmHWM) after it; growth = peak - resident size before. Both durations include a
final `sync`, as does the copy.

Trials (BENCH_BIG_TRIALS, 3): each one copies, uploads then downloads the file, so that the copy
and the transfers it is compared with meet the disk in the same state; the result gives the
median speeds, the largest memory growth and the worst status, and keeps each trial. One copy
alone was a shaky reference: this disk's `cp` + `sync` ran from 267 to 547 MB/s across runs.

Usage (run.sh does it): python bench/bigfile.py --plan plan.json --out bigfile.json --pidfile gunicorn.pid
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django

django.setup()

from django.core.files.storage import default_storage  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from bench.dataset.db import cascade_delete  # noqa: E402
from bench.forms import FormParser  # noqa: E402
from bench.samples import MP4_HEADER  # noqa: E402
from comptes.models import Fichier  # noqa: E402

MB = 1024 * 1024


def make_source(path: Path, size_mb: int) -> None:
    block = os.urandom(MB)
    with path.open("wb") as f:
        f.write(MP4_HEADER + block[len(MP4_HEADER) :])
        for _ in range(size_mb - 1):
            f.write(block)


def copy_speed(src: Path) -> tuple[float, float]:
    """(MB/s of `cp` then `sync`, seconds until `cp` alone returned)."""
    dst = src.with_suffix(".copie")
    subprocess.run(["sync"], check=True)
    started = time.monotonic()
    subprocess.run(["cp", str(src), str(dst)], check=True)
    copied = time.monotonic() - started
    subprocess.run(["sync"], check=True)
    elapsed = time.monotonic() - started
    dst.unlink()
    return src.stat().st_size / MB / elapsed, copied


def workers(pidfile: Path) -> list[int]:
    import psutil  # the bench's extra (not needed by the tests that import this module)

    return [p.pid for p in psutil.Process(int(pidfile.read_text().strip())).children()]


def status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


class Memory:
    """Peak resident-size growth of the web workers across one transfer."""

    def __init__(self, pids):
        self.pids = pids

    def __enter__(self):
        self.before = {}
        for pid in self.pids:
            with contextlib.suppress(OSError):  # reset VmHWM to the current RSS
                Path(f"/proc/{pid}/clear_refs").write_text("5")
            self.before[pid] = status_kb(pid, "VmRSS")
        return self

    def __exit__(self, *exc):
        growth = max((status_kb(p, "VmHWM") - kb) / 1024 for p, kb in self.before.items()) if self.before else None
        self.growth_mb = None if growth is None else round(growth, 1)
        return False


def connection(base: str) -> http.client.HTTPConnection:
    parts = urlsplit(base)
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=900)


def upload_target(plan: dict, base: str, cookies: str) -> tuple[str, list, str]:
    """(URL to POST to, form fields, file field name), from the real deposit form of a proof
    kept apart by prepare.py when there is one, else the benchmark's probe."""
    for url in plan.get("bigfile", {}).get("urls", []):
        conn = connection(base)
        conn.request("GET", url, headers={"Cookie": cookies})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        if response.status != 200:
            continue
        parser = FormParser()
        parser.feed(body)
        form = next((f for f in parser.forms if f["file"] and (not f["accept"] or "video" in f["accept"])), None)
        if form:
            return form["action"] or url, form["fields"], form["file"]
    token = re.search(r"csrftoken=([A-Za-z0-9]+)", cookies).group(1)
    return reverse("bench:deposer-test"), [("csrfmiddlewaretoken", token)], "fichier"


def upload(base, url, fields, file_field, src: Path, cookies: str) -> tuple[int, str, float, float]:
    boundary = secrets.token_hex(16)
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{n}"\r\n\r\n'.encode() + str(v).encode() + b"\r\n"
        for n, v in fields
    )
    head += (f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="video-1go.mp4"\r\n'
             "Content-Type: video/mp4\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    size = src.stat().st_size
    conn = connection(base)
    started = time.monotonic()
    conn.putrequest("POST", url)
    for k, v in {
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(len(head) + size + len(tail)),
        "Cookie": cookies, "Referer": f"{base}{url}",
    }.items():
        conn.putheader(k, v)
    conn.endheaders()
    conn.send(head)
    with src.open("rb") as f:  # by the kernel (sendfile), like `cp`: the probe's own CPU stays off the 2 cores
        conn.sock.sendfile(f)
    conn.send(tail)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    answered = time.monotonic() - started
    subprocess.run(["sync"], check=True)
    return response.status, body, time.monotonic() - started, answered


def download(base, url, cookies) -> tuple[int, int, float]:
    conn = connection(base)
    started = time.monotonic()
    conn.request("GET", url, headers={"Cookie": cookies})
    response = conn.getresponse()
    received = 0
    while chunk := response.read(MB):
        received += len(chunk)
    return response.status, received, time.monotonic() - started


def trial(args, plan, cookies, src: Path) -> dict:
    """One copy, upload and download of the same file; the stored file is removed after."""
    pids = workers(Path(args.pidfile))
    speed, copied = copy_speed(src)
    result = {"copy_mb_s": round(speed, 1), "copy_cp_s": round(copied, 2)}
    latest = Fichier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    url, fields, file_field = upload_target(plan, args.base, cookies)
    result["upload_url"] = url
    with Memory(pids) as mem:
        status, body, elapsed, answered = upload(args.base, url, fields, file_field, src, cookies)
    result.update(upload_status=status, upload_s=round(elapsed, 2), upload_answer_s=round(answered, 2),
                  upload_mb_s=round(args.mb / elapsed, 1), upload_rss_growth_mb=mem.growth_mb)
    if status >= 400:
        result["upload_error"] = body[:500]
    stored = Fichier.objects.filter(pk__gt=latest, taille=src.stat().st_size).order_by("-pk").first()
    if stored is None:
        result["download_error"] = "fichier déposé introuvable"
        return result
    try:
        url = reverse("comptes:fichier", args=[stored.pk])
    except NoReverseMatch:
        url = reverse("bench:fichier-test", args=[stored.pk])
    result["download_url"] = url
    with Memory(pids) as mem:
        status, received, elapsed = download(args.base, url, cookies)
    result.update(download_status=status, download_mb=round(received / MB, 1), download_s=round(elapsed, 2),
                  download_mb_s=round(received / MB / elapsed, 1), download_rss_growth_mb=mem.growth_mb)
    default_storage.delete(stored.fichier.name)
    with transaction.atomic():
        cascade_delete(Fichier, f"id = {int(stored.pk)}")
    return result


def combine(trials: list[dict]) -> dict:
    """The trials as one result: median speeds and durations, the largest memory growth, the
    worst status, the first error; each trial kept under "trials"."""
    result: dict = {"trials": trials}
    for key in ("copy_mb_s", "copy_cp_s", "upload_s", "upload_answer_s", "upload_mb_s", "download_mb",
                "download_s", "download_mb_s"):
        values = [t[key] for t in trials if t.get(key) is not None]
        if values:
            result[key] = statistics.median(values)
    for key in ("upload_rss_growth_mb", "download_rss_growth_mb", "upload_status", "download_status"):
        values = [t[key] for t in trials if t.get(key) is not None]
        if values:
            result[key] = max(values)
    for key in ("upload_url", "download_url", "upload_error", "download_error"):
        value = next((t[key] for t in trials if t.get(key)), None)
        if value:
            result[key] = value
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--pidfile", required=True)
    parser.add_argument("--base", default="http://127.0.0.1:8108")
    parser.add_argument("--tmp", default="/tmp")
    parser.add_argument("--mb", type=int, default=int(os.environ.get("BENCH_BIG_MB", "1024")))
    parser.add_argument("--trials", type=int, default=int(os.environ.get("BENCH_BIG_TRIALS", "3")))
    args = parser.parse_args()
    plan = json.loads(Path(args.plan).read_text())
    editor = plan.get("bigfile") or plan["users"]["editeur"][0]
    cookies = f"{plan['session_cookie']}={editor['session']}; {plan['csrf_cookie']}={editor['csrf']}"
    tmp = Path(args.tmp)
    tmp.mkdir(parents=True, exist_ok=True)
    src = tmp / "bench-big.mp4"
    if shutil.disk_usage(tmp).free < 4 * args.mb * MB:
        result = {"skipped": f"moins de {4 * args.mb} Mo libres dans {tmp}"}
    else:
        try:
            make_source(src, args.mb)
            result = combine([trial(args, plan, cookies, src) for _ in range(max(1, args.trials))])
        finally:
            src.unlink(missing_ok=True)
    result["size_mb"] = args.mb
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False))
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

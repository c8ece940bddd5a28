"""Turn the raw measurements of a run into bench/results.json and bench/results.md.

Budgets (issue #11): every step's p95 at most 5 times the floor's p95 measured in the same
scenario, with 0 errors; the 1 GB upload grows the web process by less than 64 MB and runs at
least at half the speed of `cp`; the 10,000-recipient fan-out completes within 120 s.

Usage (run.sh does it): python bench/report.py --dir RUN_DIR --out-dir bench [--meta meta.json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
from pathlib import Path

FLOOR = "plancher"
P95_RATIO_MAX = 5.0
RSS_GROWTH_MAX_MB = 64
COPY_SPEED_MIN_RATIO = 0.5
FANOUT_MAX_S = 120
# Below this many requests, a step's nearest-rank p95 is its slowest request (19 requests: the
# 19th of 19): it gets no p95 verdict, only its errors count. It happens to the API's steps in
# the mixed load during the fan-out (2 API users of 20 go through 19 steps: ~6 requests each),
# which the "api" scenario measures with ~230 requests each.
MIN_REQUESTS_P95 = 20
# Resamples of the bootstrap interval of each p95 ratio (seeded: a report is reproducible).
RESAMPLES = 500


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summarise(raw: dict) -> dict:
    duration = raw.get("duration") or 0
    steps = {}
    for name, s in raw["steps"].items():
        times = s["times"]
        steps[name] = {
            "requests": len(times),
            "errors": s["errors"],
            "error_samples": s.get("error_samples", {}),
            "p50_ms": _round(percentile(times, 50)),
            "p95_ms": _round(percentile(times, 95)),
            "p99_ms": _round(percentile(times, 99)),
            "rps": round(len(times) / duration, 2) if duration else None,
            "queries_median": statistics.median(s["queries"]) if s["queries"] else None,
            "queries_max": max(s["queries"]) if s["queries"] else None,
        }
    floor = steps.get(FLOOR, {}).get("p95_ms")
    floor_times = raw["steps"].get(FLOOR, {}).get("times", [])
    for name, step in steps.items():
        ratio = step["p95_ms"] / floor if floor and step["p95_ms"] is not None else None
        step["p95_ratio_floor"] = round(ratio, 2) if ratio is not None else None
        step["few"] = name != FLOOR and step["requests"] < MIN_REQUESTS_P95
        step["p95_ratio_interval"] = (
            None if name == FLOOR or step["few"] or ratio is None
            else ratio_interval(raw["steps"][name]["times"], floor_times)
        )
        if step["errors"]:
            step["pass"] = False
        elif name == FLOOR:
            step["pass"] = True
        else:
            step["pass"] = None if step["few"] else ratio is not None and ratio <= P95_RATIO_MAX
    return {"scenario": raw.get("scenario"), "users": raw.get("users"), "duration_s": round(duration, 1), "steps": steps}


def ratio_interval(times: list[float], floor_times: list[float], seed: int = 0) -> list[float]:
    """95 % bootstrap interval of p95(times) / p95(floor_times): how much the ratio of two p95
    estimated from a few hundred requests may move from sampling alone (both resampled)."""
    rng = random.Random(seed)
    ratios = sorted(
        percentile(rng.choices(times, k=len(times)), 95) / percentile(rng.choices(floor_times, k=len(floor_times)), 95)
        for _ in range(RESAMPLES)
    )
    return [round(ratios[int(0.025 * RESAMPLES)], 2), round(ratios[int(0.975 * RESAMPLES) - 1], 2)]


def _round(v):
    return round(v, 1) if v is not None else None


def _trials(trials: list[dict]) -> list[str]:
    """The sentence before the 1 GB table: how many trials, and each one's speeds."""
    if len(trials) < 2:
        return []
    each = "; ".join(
        f"{_fmt(t.get('copy_mb_s'))} / {_fmt(t.get('upload_mb_s'))} / {_fmt(t.get('download_mb_s'))}" for t in trials
    )
    return [
        f"Médiane de {len(trials)} essais, chacun une copie, un envoi puis un téléchargement ; la croissance mémoire "
        f"est la plus grande des essais. Débits de chaque essai (`cp` / envoi / téléchargement, Mo/s) : {each}.",
        "",
    ]


def bigfile_verdict(big: dict) -> dict:
    if not big or "skipped" in big:
        return {**big, "pass": None}
    copy = big.get("copy_mb_s") or 0
    checks = {
        "upload_ok": big.get("upload_status", 500) < 400,
        "upload_rss": (big.get("upload_rss_growth_mb") or 0) < RSS_GROWTH_MAX_MB,
        "upload_speed": (big.get("upload_mb_s") or 0) >= COPY_SPEED_MIN_RATIO * copy,
        "download_ok": big.get("download_status", 500) < 400,
        "download_rss": (big.get("download_rss_growth_mb") or 0) < RSS_GROWTH_MAX_MB,
        "download_speed": (big.get("download_mb_s") or 0) >= COPY_SPEED_MIN_RATIO * copy,
        "no_error": not (big.get("upload_error") or big.get("download_error")),  # in any trial
    }
    return {**big, "checks": checks, "pass": all(checks.values())}


def fanout_verdict(fan: dict) -> dict:
    if not fan or "skipped" in fan:
        return {**fan, "pass": None}
    done = [fan.get("notifications_s"), fan.get("emails_s")]
    return {**fan, "pass": all(d is not None and d <= FANOUT_MAX_S for d in done)}


def verdict(flag) -> str:
    return {True: "PASS", False: "FAIL", None: "non mesuré"}[flag]


def mark_saturation(scenarios: list[dict], idle: dict) -> None:
    """A scenario whose floor, under load, is SATURATION times slower than at rest was run on a
    saturated server: queueing dominates every step and the floor alike, so its ratios prove
    nothing. Its steps get no verdict (None) instead of a misleading PASS."""
    for sc in scenarios:
        role = sc["scenario"] if sc["scenario"] in idle else "editeur"
        rest = idle.get(role, {}).get(FLOOR, {}).get("p50_ms")
        loaded = sc["steps"].get(FLOOR, {}).get("p50_ms")
        sc["floor_idle_p50_ms"] = rest
        sc["saturated"] = bool(rest and loaded and loaded / rest > SATURATION)
        if sc["saturated"]:
            for name, step in sc["steps"].items():
                if name != FLOOR and step["pass"]:
                    step["pass"] = None


def _durations(meta: dict) -> str:
    """The scenarios' recorded durations, as the header says them."""
    durations = meta.get("durations") or {}
    if not durations or len(set(durations.values())) == 1:
        return f"{meta.get('duration')} s par scénario"
    return "mesurés " + ", ".join(f"{s} s pour « {nom} »" for nom, s in durations.items())


def markdown(result: dict) -> str:
    lines = [f"# Résultats du banc de mesure — {result['meta'].get('date', '')}", ""]
    meta = result["meta"]
    lines += [
        f"Jeu de données {meta.get('scale')} ; {meta.get('users')} utilisateurs simultanés, {_durations(meta)} ; "
        f"gunicorn {meta.get('workers')} workers ; machine : {meta.get('machine', '')}.",
        f"Budgets : p95 ≤ {P95_RATIO_MAX:g} × plancher et 0 erreur par étape ; 1 Go : croissance mémoire < {RSS_GROWTH_MAX_MB} Mo "
        f"et débit ≥ {COPY_SPEED_MIN_RATIO:g} × `cp` ; diffusion à 10 000 destinataires ≤ {FANOUT_MAX_S} s.",
        "",
        "| scénario | étape | requêtes | débit (req/s) | erreurs | p50 (ms) | p95 (ms) | p99 (ms) | SQL/requête (méd. / max) | p95 / plancher | IC 95 % du rapport | budget |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for sc in result["scenarios"]:
        for name, s in sorted(sc["steps"].items(), key=lambda kv: (kv[0] == FLOOR, kv[0])):
            queries = f"{_fmt(s['queries_median'])} / {_fmt(s['queries_max'])}"
            ratio = "1" if name == FLOOR else _fmt(s["p95_ratio_floor"])
            bounds = s.get("p95_ratio_interval")
            interval = f"{_fmt(bounds[0])} – {_fmt(bounds[1])}" if bounds else ""
            label = verdict(s["pass"])
            if s["pass"] is None:
                label = "saturé" if sc.get("saturated") else f"moins de {MIN_REQUESTS_P95} requêtes"
            lines.append(
                f"| {sc['scenario']} | {name} | {s['requests']} | {_fmt(s['rps'])} | {s['errors']} | {_fmt(s['p50_ms'])} | "
                f"{_fmt(s['p95_ms'])} | {_fmt(s['p99_ms'])} | {queries} | {ratio} | {interval} | {label} |"
            )
    lines += _idle(result)
    big = result["bigfile"]
    lines += ["", f"## Fichier de {big.get('size_mb', '?')} Mo — {verdict(big.get('pass'))}", ""]
    if "skipped" in big:
        lines.append(f"Non mesuré : {big['skipped']}.")
    elif set(big) <= {"pass"}:
        lines.append("Non mesuré (sonde désactivée : `BENCH_BIG_MB=0`).")
    else:
        lines += _trials(big.get("trials", []))
        lines += [
            "| mesure | débit (Mo/s) | durée (s) | croissance mémoire du worker (Mo) | statut HTTP |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| `cp` + `sync` (référence) | {_fmt(big.get('copy_mb_s'))} | | | |",
            f"| envoi ({big.get('upload_url')}) | {_fmt(big.get('upload_mb_s'))} | {_fmt(big.get('upload_s'))} | "
            f"{_fmt(big.get('upload_rss_growth_mb'))} | {big.get('upload_status')} |",
            f"| téléchargement ({big.get('download_url', '—')}) | {_fmt(big.get('download_mb_s'))} | {_fmt(big.get('download_s'))} | "
            f"{_fmt(big.get('download_rss_growth_mb'))} | {big.get('download_status', '—')} |",
        ]
        for key in ("upload_error", "download_error"):
            if big.get(key):
                lines.append(f"\n{key} : `{big[key][:300]}`")
    fan = result["fanout"]
    lines += ["", f"## Diffusion d'un événement — {verdict(fan.get('pass'))}", ""]
    if "skipped" in fan:
        lines.append(f"Non mesuré : {fan['skipped']}.")
    elif set(fan) <= {"pass"}:
        lines.append("Non mesuré (sonde désactivée : `BENCH_FANOUT=0`).")
    else:
        lines.append(
            f"{fan.get('recipients')} destinataires : notifications {fan.get('notifications')} en {_fmt(fan.get('notifications_s'))} s, "
            f"e-mails {fan.get('emails')} en {_fmt(fan.get('emails_s'))} s (limite d'attente {fan.get('timeout_s')} s)."
        )
    if result.get("warnings"):
        lines += ["", "## Étapes non mesurées", "", *[f"- {w}" for w in result["warnings"]]]
    errors = [(sc["scenario"], n, s["error_samples"]) for sc in result["scenarios"] for n, s in sc["steps"].items() if s["errors"]]
    if errors:
        lines += ["", "## Erreurs", ""]
        lines += [f"- {sc} / {n} : {', '.join(f'{k} (×{v})' for k, v in samples.items())}" for sc, n, samples in errors]
    unmeasured = [label for label, part in (("fichier de 1 Go", big), ("diffusion", fan)) if part.get("pass") is None]
    unmeasured += [f"scénario « {sc['scenario']} » saturé" for sc in result["scenarios"] if sc.get("saturated")]
    few = [sc["scenario"] for sc in result["scenarios"] if any(s["pass"] is None and s["few"] for s in sc["steps"].values())]
    unmeasured += [f"les étapes de « {sc} » à moins de {MIN_REQUESTS_P95} requêtes (p95 = la plus lente)" for sc in few]
    if result.get("warnings"):
        unmeasured.append("les étapes listées ci-dessus")
    overall = "non concluant" if result["pass"] is None else verdict(result["pass"])
    partial = f" (non mesuré ou sans verdict : {', '.join(unmeasured)})" if unmeasured else ""
    lines += ["", f"Verdict global : **{overall}**{partial}", ""]
    return "\n".join(lines)


SATURATION = 5  # floor p50 under load / at rest above which a scenario is called saturated


def _idle(result: dict) -> list[str]:
    """The service times at rest, and the scenarios whose floor says the server was saturated."""
    idle = result.get("idle") or {}
    if not idle:
        return []
    lines = []
    for sc in result["scenarios"]:
        rest, loaded = sc.get("floor_idle_p50_ms"), sc["steps"].get(FLOOR, {}).get("p50_ms")
        if sc.get("saturated"):
            lines.append(
                f"- « {sc['scenario']} » : le plancher en charge (p50 {_fmt(loaded)} ms) vaut {loaded / rest:.0f} fois sa valeur à vide "
                f"({_fmt(rest)} ms) : serveur saturé ; les rapports au plancher n'y prouvent rien (« saturé » : pas de verdict)."
            )
    if lines:
        lines = ["", "Saturation :", "", *lines]
    lines += [
        "", "## Temps de service à vide (1 utilisateur, requêtes successives)", "",
        "| rôle | étape | p50 (ms) | max (ms) | SQL | p50 / plancher |", "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for role, steps in idle.items():
        floor = steps.get(FLOOR, {}).get("p50_ms")
        for name, s in sorted(steps.items(), key=lambda kv: (kv[0] == FLOOR, kv[0])):
            ratio = round(s["p50_ms"] / floor, 1) if floor else None
            lines.append(f"| {role} | {name} | {_fmt(s['p50_ms'])} | {_fmt(s['max_ms'])} | {s.get('queries') or '—'} | {_fmt(ratio)} |")
    return lines


def _fmt(v) -> str:
    if v is None:
        return "—"
    return f"{v:g}" if isinstance(v, float) else str(v)


def verdict_global(result: dict) -> bool | None:
    """FAIL if any budget is missed; otherwise PASS only when everything was measured and held.
    A step with too few requests for a p95 (`few`) counts by its errors only."""
    flags = [s["pass"] for sc in result["scenarios"] for s in sc["steps"].values() if not (s["few"] and s["pass"] is None)]
    flags += [result["bigfile"].get("pass"), result["fanout"].get("pass")]
    flags += [None] if result["warnings"] else []
    return False if False in flags else (None if None in flags or not flags else True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True, help="directory of the run's raw files")
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--meta", default=None)
    args = parser.parse_args()
    run = Path(args.dir)
    raws = [json.loads(p.read_text()) for p in sorted(run.glob("raw-*.json"))]
    scenarios = [summarise(r) for r in raws]
    load = lambda name: json.loads((run / name).read_text()) if (run / name).exists() else {}  # noqa: E731
    result = {
        "meta": json.loads(Path(args.meta).read_text()) if args.meta else {},
        "scenarios": scenarios,
        "bigfile": bigfile_verdict(load("bigfile.json")),
        "fanout": fanout_verdict(load("fanout.json")),
        "idle": load("idle.json"),
        "warnings": sorted({w for r in raws for w in r.get("warnings", [])}),
    }
    mark_saturation(scenarios, result["idle"] or {})
    result["pass"] = verdict_global(result)
    out = Path(args.out_dir)
    (out / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    (out / "results.md").write_text(markdown(result))


if __name__ == "__main__":
    main()

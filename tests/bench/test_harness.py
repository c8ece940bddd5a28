"""The benchmark's own pieces: the floor view, the upload probe, the query-count header, the form
reader of the load and the report's arithmetic."""

import hashlib
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse

from bench.bigfile import combine
from bench.fanout import audience
from bench.forms import FormParser, sample_for
from bench.middleware import QueryCountMiddleware
from bench.prepare import interpretations
from bench.report import (
    bigfile_verdict,
    mark_saturation,
    markdown,
    percentile,
    summarise,
    verdict_global,
)
from bench.samples import PNG
from bench.views import deposer_test, floor
from comptes.models import Fichier, Habilitation, Organisation
from tests.factories import DSRFactory, OrganisationFactory


@pytest.mark.django_db
def test_floor_renders_the_organisation_with_one_query(rf, django_assert_num_queries):
    organisation = OrganisationFactory(raison_sociale="Plancher SAS")

    with django_assert_num_queries(1):
        response = floor(rf.get("/bench/floor", {"org": organisation.pk}))

    assert response.status_code == 200
    assert "<h1>Plancher SAS</h1>" in response.content.decode()


@pytest.mark.django_db
def test_query_count_middleware_reports_the_request_queries(rf):
    OrganisationFactory.create_batch(2)
    middleware = QueryCountMiddleware(lambda request: HttpResponse(str(list(Organisation.objects.all()))))

    response = middleware(rf.get("/"))

    assert response["X-Query-Count"] == "1"


@pytest.mark.django_db
def test_upload_probe_stores_through_the_upload_path(rf, editeur):
    request = rf.post("/bench/fichiers/deposer", {"fichier": SimpleUploadedFile("c.png", PNG, "image/png")})
    request.user = editeur
    request._dont_enforce_csrf_checks = True

    response = deposer_test(request)

    fichier = Fichier.objects.get()
    assert response.status_code == 201
    assert (fichier.organisation, fichier.sha256, fichier.taille) == (editeur.organisation, hashlib.sha256(PNG).hexdigest(), len(PNG))


def test_form_parser_reads_the_multipart_form():
    parser = FormParser()
    parser.feed(
        '<form method="get" action="/recherche"><input name="q"></form>'
        '<form method="post" enctype="multipart/form-data" action="/preuves/3/deposer">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="abc"><input type="file" name="fichiers" accept="video/*">'
        '<textarea name="commentaire"></textarea><input type="url" name="lien" required>'
        '<select name="statut"><option value="">--</option><option value="pre_examen">Pré-examen</option></select>'
        '<button type="submit">Déposer</button></form>'
    )

    form = next(f for f in parser.forms if f["file"])

    assert (form["action"], form["file"], form["accept"]) == ("/preuves/3/deposer", "fichiers", "video/*")
    assert form["fields"] == [
        ("csrfmiddlewaretoken", "abc"),
        ("commentaire", "Dépôt du banc de mesure"),
        ("lien", "https://example.test/rapport"),
        ("statut", "pre_examen"),
    ]
    assert [sample_for(a)[0] for a in ("", "image/*,application/pdf", "video/*", ".txt,.log", "application/pdf")] == [
        "capture-bench.png", "capture-bench.png", "video-bench.mp4", "traces-bench.log", "document-bench.pdf",
    ]


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))

    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50, 95, 99)
    assert percentile([], 95) is None


def test_summary_compares_each_step_to_the_floor():
    raw = {
        "scenario": "editeur", "duration": 10,
        "steps": {
            "plancher": {"times": [10.0] * 20, "errors": 0, "queries": [3] * 20},
            "page rapide": {"times": [40.0] * 20, "errors": 0, "queries": [8] * 20},
            "page lente": {"times": [60.0] * 20, "errors": 0, "queries": [9, 11] * 10},
            "page en erreur": {"times": [20.0] * 10, "errors": 1, "queries": []},
        },
    }

    steps = summarise(raw)["steps"]

    assert {n: (s["p95_ratio_floor"], s["pass"]) for n, s in steps.items()} == {
        "plancher": (1.0, True), "page rapide": (4.0, True), "page lente": (6.0, False), "page en erreur": (2.0, False),
    }
    assert (steps["page lente"]["rps"], steps["page lente"]["queries_median"], steps["page lente"]["queries_max"]) == (2.0, 10.0, 11)
    # Constant times: resampling cannot move the ratio.
    assert steps["page rapide"]["p95_ratio_interval"] == [4.0, 4.0]
    assert steps["plancher"]["p95_ratio_interval"] is None


def test_the_ratio_comes_with_its_sampling_interval():
    # A floor served at once or after a queue, a page with a tail: their p95 from 100 requests
    # move with the sample, and the interval says by how much; from 400, it is narrower.
    def mesures(n):  # the same two distributions, by their quantiles, drawn n times
        quantiles = [(i + 0.5) / n for i in range(n)]
        floor = [10.0 if q < 0.85 else 30.0 + 200 * (q - 0.85) for q in quantiles]
        page = [40.0 if q < 0.85 else 100.0 + 600 * (q - 0.85) for q in quantiles]
        return {"scenario": "editeur", "duration": 60, "steps": {
            "plancher": {"times": floor, "errors": 0, "queries": [3] * n},
            "page": {"times": page, "errors": 0, "queries": [8] * n},
        }}

    page = summarise(mesures(100))["steps"]["page"]
    low, high = page["p95_ratio_interval"]
    assert low < page["p95_ratio_floor"] < high
    assert summarise(mesures(100))["steps"]["page"]["p95_ratio_interval"] == [low, high]  # seeded
    low4, high4 = summarise(mesures(400))["steps"]["page"]["p95_ratio_interval"]
    assert high4 - low4 < high - low
    result = {"scenarios": [summarise(mesures(100))], "bigfile": {}, "fanout": {}, "warnings": [], "meta": {}, "pass": True}
    assert f"| {page['p95_ratio_floor']:g} | {low:g} – {high:g} | PASS |" in markdown(result)


def test_bigfile_budget_needs_small_growth_and_half_the_copy_speed():
    measured = {"copy_mb_s": 400, "upload_status": 302, "upload_mb_s": 210, "upload_rss_growth_mb": 12,
                "download_status": 200, "download_mb_s": 900, "download_rss_growth_mb": 1}

    assert bigfile_verdict(measured)["pass"] is True
    assert bigfile_verdict({**measured, "upload_mb_s": 150})["pass"] is False
    assert bigfile_verdict({**measured, "upload_rss_growth_mb": 70})["pass"] is False


def test_bigfile_trials_combine_into_medians_the_largest_growth_and_the_worst_status():
    trials = [
        {"copy_mb_s": 547, "upload_mb_s": 227, "upload_rss_growth_mb": 9, "upload_status": 302,
         "download_mb_s": 4000, "download_rss_growth_mb": 0, "download_status": 200, "upload_url": "/a/"},
        {"copy_mb_s": 300, "upload_mb_s": 240, "upload_rss_growth_mb": 21, "upload_status": 302,
         "download_mb_s": 3000, "download_rss_growth_mb": 1, "download_status": 200, "upload_url": "/b/"},
        {"copy_mb_s": 320, "upload_mb_s": 250, "upload_rss_growth_mb": 12, "upload_status": 302,
         "download_status": 404, "upload_url": "/c/"},
    ]

    big = combine(trials)

    assert (big["copy_mb_s"], big["upload_mb_s"], big["download_mb_s"]) == (320, 240, 3500)
    assert (big["upload_rss_growth_mb"], big["download_status"]) == (21, 404)
    assert big["upload_url"] == "/a/"
    assert bigfile_verdict(big)["pass"] is False  # one download failed
    stored_nothing = {k: v for k, v in trials[2].items() if k != "download_status"} | {
        "download_error": "fichier déposé introuvable"}
    big = combine([*trials[:2], stored_nothing])
    assert big["download_status"] == 200 and big["download_error"] == "fichier déposé introuvable"
    assert bigfile_verdict(big)["pass"] is False  # one upload stored nothing
    assert bigfile_verdict(combine(trials[:2]))["pass"] is True  # medians: 423.5 MB/s against 233.5
    result = {"scenarios": [], "bigfile": {**bigfile_verdict(combine(trials[:2])), "size_mb": 1024}, "fanout": {},
              "warnings": [], "meta": {}, "pass": True}
    assert "Médiane de 2 essais" in markdown(result) and "547 / 227 / 4000; 300 / 240 / 3000" in markdown(result)


def test_url_parameters_are_matched_by_name_with_the_object_id_first():
    values = {"dossier": 5, "candidature": 2, "chapitre": 9, "code": "DMP"}

    assert interpretations({"pk"}, values) == [{"pk": "dossier"}, {"pk": "candidature"}, {"pk": "chapitre"}]
    assert interpretations({"candidature_pk", "code"}, values) == [{"candidature_pk": "candidature", "code": "code"}]
    assert interpretations({"chapitre"}, values) == [{"chapitre": "chapitre"}, {"chapitre": "code"}]
    assert interpretations({"slug"}, values) == []


@pytest.mark.django_db
def test_fanout_audience_reads_one_product_and_is_reused():
    DSRFactory()

    candidature = audience(5)

    assert audience(5) == candidature
    assert candidature.organisation.utilisateurs.count() == 5
    assert Habilitation.objects.filter(produit=candidature.version.produit, lire=True).count() == 4


def test_a_saturated_scenario_gets_no_verdict():
    raw = {"scenario": "editeur", "duration": 10, "steps": {
        "plancher": {"times": [100.0] * 20, "errors": 0, "queries": [3] * 20},
        "page": {"times": [150.0] * 20, "errors": 0, "queries": [8] * 20},
    }}
    calm, busy = summarise(raw), summarise(raw)

    mark_saturation([calm], {"editeur": {"plancher": {"p50_ms": 40.0}}})
    mark_saturation([busy], {"editeur": {"plancher": {"p50_ms": 5.0}}})

    assert (calm["saturated"], calm["steps"]["page"]["pass"]) == (False, True)
    assert (busy["saturated"], busy["steps"]["page"]["pass"]) == (True, None)


def test_a_step_with_too_few_requests_for_a_p95_counts_by_its_errors_only():
    # The API's steps in the mixed load during the fan-out: ~6 requests each, whose "p95" is the
    # slowest of them (the "api" scenario measures them with ~230 each).
    raw = {"scenario": "pendant-diffusion", "duration": 60, "steps": {
        "plancher": {"times": [10.0] * 100, "errors": 0, "queries": [3] * 100},
        "page": {"times": [40.0] * 100, "errors": 0, "queries": [8] * 100},
        "api lente une fois": {"times": [20.0] * 5 + [80.0], "errors": 0, "queries": [4] * 6},
        "api en erreur": {"times": [20.0] * 6, "errors": 1, "queries": [4] * 6},
    }}
    scenario = summarise(raw)
    steps = scenario["steps"]
    result = {"scenarios": [scenario], "bigfile": {"pass": True}, "fanout": {"pass": True}, "warnings": [], "meta": {}}

    assert steps["api lente une fois"]["p95_ratio_floor"] == 8.0
    assert (steps["api lente une fois"]["pass"], steps["api en erreur"]["pass"], steps["page"]["pass"]) == (None, False, True)
    assert verdict_global(result) is False  # the error counts
    del raw["steps"]["api en erreur"]
    result["scenarios"] = [summarise(raw)]
    assert verdict_global(result) is True
    result["pass"] = True
    assert "| pendant-diffusion | api lente une fois | 6 |" in markdown(result)
    assert "moins de 20 requêtes |" in markdown(result)


def test_the_header_gives_each_scenario_its_duration():
    # The journeys have 8 (editor), 3 (verifier) and 20 (API) steps: the longer ones run longer.
    result = {"scenarios": [], "bigfile": {}, "fanout": {}, "warnings": [], "pass": None,
              "meta": {"scale": "M", "users": 20, "duration": 60,
                       "durations": {"editeur": 120, "verificateur": 60, "api": 240}}}
    assert ("20 utilisateurs simultanés, mesurés 120 s pour « editeur », 60 s pour « verificateur », "
            "240 s pour « api » ;") in markdown(result)
    # Probes switched off: said so, no empty table.
    assert "Non mesuré (sonde désactivée : `BENCH_BIG_MB=0`)" in markdown(result)
    assert "Non mesuré (sonde désactivée : `BENCH_FANOUT=0`)" in markdown(result)
    assert "None destinataires" not in markdown(result) and "envoi (None)" not in markdown(result)
    result["meta"]["durations"] = {"editeur": 60, "api": 60}
    assert "60 s par scénario ;" in markdown(result)
    del result["meta"]["durations"]  # a run recorded before the scenarios had their own durations
    assert "60 s par scénario ;" in markdown(result)


def test_the_bench_nices_its_smtp_sink_and_leaves_the_worker_to_lower_its_own_priority():
    # The sink stands in for a relay on another machine; the worker lowers its own
    # priority (convergence.celery), which a `nice` in front of it would add to.
    lancements = [ligne for ligne in (Path(__file__).resolve().parents[2] / "bench" / "run.sh").read_text().splitlines()
                  if re.search(r"celery\" -A convergence worker|smtp_sink\.py --port", ligne)]
    assert [ligne.startswith("nice -n 10 ") for ligne in lancements] == [True, False]

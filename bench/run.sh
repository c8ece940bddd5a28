#!/usr/bin/env bash
# `make bench`: measure the platform at programme scale (see bench/README.md).
#
# Creates the bench database, migrates, generates the dataset (or reuses it), serves the
# platform with production settings under gunicorn on 127.0.0.1 with a Celery worker on Redis
# and an SMTP sink, runs a bounded locust load per scenario, the 1 GB probe and the fan-out
# probe, then writes bench/results.json and bench/results.md. Everything stops by itself.
#
# Variables (defaults): BENCH_SCALE (M), BENCH_REUSE (0), BENCH_SEED (1), BENCH_USERS (20),
# BENCH_DURATION seconds (60) recorded per scenario after BENCH_WARMUP seconds not recorded (10), times the scenario's factor
# (BENCH_FACTORS, "editeur=2 api=4": its journey has 8 steps, the API's 20, the verifier's 3, so that each step is
# requested ~230 times or more), BENCH_SCENARIOS ("editeur verificateur api"),
# BENCH_WAIT think time "min,max" (0.5,1.5), BENCH_WORKERS (3), BENCH_PORT (8108),
# BENCH_SMTP_PORT (8109), BENCH_DB (conv_bench_data), BENCH_PG (postgres://postgres@127.0.0.1:5432),
# BENCH_REDIS (redis://127.0.0.1:6379), BENCH_BIG_MB (1024, 0 to skip), BENCH_BIG_TRIALS (3), BENCH_FANOUT (1),
# BENCH_VAR_DIR (var/bench), BENCH_MAX_SECONDS (5400: hard stop of the whole run).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
BIN=$ROOT/.venv/bin

SCALE=${BENCH_SCALE:-M}
SEED=${BENCH_SEED:-1}
USERS=${BENCH_USERS:-20}
DURATION=${BENCH_DURATION:-60}
declare -A FACTORS=()
for pair in ${BENCH_FACTORS:-editeur=2 api=4}; do FACTORS[${pair%%=*}]=${pair#*=}; done
WARMUP=${BENCH_WARMUP:-10}
SCENARIOS=${BENCH_SCENARIOS:-"editeur verificateur api"}
WORKERS=${BENCH_WORKERS:-3}
PORT=${BENCH_PORT:-8108}
SMTP_PORT=${BENCH_SMTP_PORT:-8109}
DB=${BENCH_DB:-conv_bench_data}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
REDIS=${BENCH_REDIS:-redis://127.0.0.1:6379}
BIG_MB=${BENCH_BIG_MB:-1024}
MAX_SECONDS=${BENCH_MAX_SECONDS:-5400}
VAR=${BENCH_VAR_DIR:-$ROOT/var/bench}
RUN=$VAR/run-$(date +%Y%m%d-%H%M%S)
BASE=http://127.0.0.1:$PORT
mkdir -p "$RUN"
log() { printf '\n== %s\n' "$*"; }

# --- Tools ------------------------------------------------------------------------------------
"$PY" -c "import locust, psutil" 2>/dev/null || "$PY" -m pip install -q -e "$ROOT[bench]"
command -v psql >/dev/null || { echo "psql introuvable (client PostgreSQL requis)"; exit 1; }
pg_isready -q -d "$PG/postgres" || { echo "PostgreSQL ne répond pas sur $PG"; exit 1; }
"$PY" -c "import redis,sys; redis.Redis.from_url('$REDIS/0').ping()" 2>/dev/null \
  || { echo "Redis ne répond pas sur $REDIS"; exit 1; }

# --- Production settings on loopback ------------------------------------------------------------
export DATABASE_URL=$PG/$DB
export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="bench-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ISC_CLIENT_SECRET=bench-isc-secret DJANGO_ALLOWED_HOSTS=127.0.0.1 CONVERGENCE_SITE_URL=$BASE
export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 MFA_REQUIRED_FOR_STAFF=0
export CONVERGENCE_VAR_DIR=$VAR CONVERGENCE_BENCH_FLOOR=1 CONVERGENCE_BENCH_QUERY_HEADER=1
export CELERY_BROKER_URL=$REDIS/11 REDIS_URL=$REDIS/12 EMAIL_URL=smtp://127.0.0.1:$SMTP_PORT
export LOG_LEVEL=${LOG_LEVEL:-WARNING} PYTHONUNBUFFERED=1

# --- Processes, stopped on exit (and by the watchdog) ---------------------------------------------
PIDS=()
cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  sleep 2
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
}
trap cleanup EXIT
trap 'echo "Arrêt demandé."; exit 130' INT TERM
# The watchdog's own sleep is stopped with it (a sleep left behind outlived the run by 90 minutes).
( trap 'kill "$s" 2>/dev/null; exit 0' TERM; sleep "$MAX_SECONDS" & s=$!
  wait "$s" && { echo "Durée maximale ($MAX_SECONDS s) atteinte : arrêt."; kill -TERM $$; } ) &
PIDS+=($!)

# --- Database and dataset -------------------------------------------------------------------------
log "Base $DB"
psql "$PG/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
  || psql -q "$PG/postgres" -c "CREATE DATABASE \"$DB\""
"$PY" manage.py migrate --noinput -v0
MARK=$VAR/dataset-$DB.txt
if [ "${BENCH_REUSE:-0}" = 1 ] && [ "$(cat "$MARK" 2>/dev/null)" = "$SCALE $SEED" ]; then
  log "Jeu de données $SCALE réutilisé (BENCH_REUSE=1)"
else
  log "Jeu de données $SCALE (graine $SEED)"
  rm -f "$MARK"
  "$PY" manage.py generate_dataset --scale "$SCALE" --seed "$SEED" --reset | tee "$RUN/dataset.log"
  echo "$SCALE $SEED" > "$MARK"
fi

# --- Servers ----------------------------------------------------------------------------------------
log "Serveurs : gunicorn ($WORKERS workers) sur $BASE, worker Celery, SMTP sur 127.0.0.1:$SMTP_PORT"
# Background work yields to the pages: the Celery worker lowers its own priority
# (CONVERGENCE_WORKER_NICE), and the SMTP sink, a stand-in for a relay on another machine, runs niced.
nice -n 10 "$PY" bench/smtp_sink.py --port "$SMTP_PORT" --count-file "$RUN/mail.json" --max-seconds "$MAX_SECONDS" \
  >"$RUN/smtp.log" 2>&1 &
PIDS+=($!)
"$BIN/celery" -A convergence purge -f >/dev/null 2>&1 || true
"$BIN/celery" -A convergence worker -l warning --concurrency 2 -n "bench-$PORT@%h" >"$RUN/celery.log" 2>&1 &
PIDS+=($!)
"$BIN/gunicorn" convergence.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 300 \
  --pid "$RUN/gunicorn.pid" --error-logfile "$RUN/gunicorn.log" --log-level warning &
PIDS+=($!)
for _ in $(seq 60); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  sleep 1
done
curl -fsS "$BASE/healthz" || { echo "Le serveur ne répond pas : voir $RUN/gunicorn.log"; exit 1; }
echo

# --- Sessions and journeys ----------------------------------------------------------------------------
log "Sessions et parcours"
"$PY" bench/prepare.py --out "$RUN/plan.json" --seed "$SEED"
log "Temps de service à vide"
timeout 600 "$PY" bench/idle.py --plan "$RUN/plan.json" --out "$RUN/idle.json" --base "$BASE" || true

duration_of() {  # scenario -> seconds recorded
  echo $((DURATION * ${FACTORS[$1]:-1}))
}
locust_run() {  # scenario classes... ; writes $RUN/raw-<n>-<scenario>.json
  local scenario=$1; shift
  local seconds; seconds=$(duration_of "$scenario")
  BENCH_PLAN=$RUN/plan.json BENCH_SCENARIO=$scenario BENCH_RAW_OUT=$RUN/raw-$N-$scenario.json \
    BENCH_WARMUP=$WARMUP timeout $((seconds + WARMUP + 60)) "$BIN/locust" -f bench/locustfile.py --headless \
    -u "$USERS" -r "$USERS" --run-time "$((seconds + WARMUP))s" --host "$BASE" --only-summary --stop-timeout 5 --loglevel WARNING "$@" \
    >"$RUN/locust-$scenario.log" 2>&1 || true
}
declare -A CLASSES=([editeur]=EditeurUser [verificateur]=VerificateurUser [api]=ApiUser
                    [mixte]="EditeurUser VerificateurUser ApiUser")
N=0
for scenario in $SCENARIOS; do
  N=$((N + 1))
  log "Charge « $scenario » : $USERS utilisateurs, $(duration_of "$scenario") s"
  # shellcheck disable=SC2086
  locust_run "$scenario" ${CLASSES[$scenario]}
done

# --- 1 GB upload and download -------------------------------------------------------------------------
if [ "$BIG_MB" -gt 0 ]; then
  log "Fichier de $BIG_MB Mo : envoi et téléchargement"
  timeout 1800 "$PY" bench/bigfile.py --plan "$RUN/plan.json" --out "$RUN/bigfile.json" --pidfile "$RUN/gunicorn.pid" \
    --base "$BASE" --tmp "$VAR/tmp" --mb "$BIG_MB" || echo "Sonde 1 Go en échec (voir ci-dessus)"
fi

# --- Fan-out of one event to 10,000 recipients, under the mixed load ------------------------------------
if [ "${BENCH_FANOUT:-1}" = 1 ]; then
  log "Diffusion d'un événement à 10 000 destinataires"
  if "$PY" bench/fanout.py --check --out "$RUN/fanout.json" --mail-count "$RUN/mail.json"; then
    N=$((N + 1))
    # shellcheck disable=SC2086
    ( locust_run "pendant-diffusion" ${CLASSES[mixte]} ) &
    LOAD=$!
    sleep 5
    timeout 900 "$PY" bench/fanout.py --out "$RUN/fanout.json" --mail-count "$RUN/mail.json" || true
    wait "$LOAD" || true
  fi
fi

# --- Report -----------------------------------------------------------------------------------------------
cat >"$RUN/meta.json" <<EOF
{"date": "$(date -Iseconds)", "scale": "$SCALE", "seed": $SEED, "users": $USERS, "duration": $DURATION, "durations": {$(for sc in $SCENARIOS; do printf '"%s": %s, ' "$sc" "$(duration_of "$sc")"; done | sed 's/, $//')},
 "workers": $WORKERS, "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo '?')",
 "machine": "$(nproc) cœurs, $(awk '/MemTotal/ {printf "%.0f Go", $2/1048576}' /proc/meminfo), $(uname -r)"}
EOF
"$PY" bench/report.py --dir "$RUN" --out-dir "$ROOT/bench" --meta "$RUN/meta.json"
log "Résultats : bench/results.md (données brutes : $RUN)"
cat "$ROOT/bench/results.md"

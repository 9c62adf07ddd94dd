#!/usr/bin/env bash
# schemathesis against /api/schema/ as a representative, a chair and the
# secretariat of the demo network: fails on any 5xx, undocumented status or
# content type, response that breaks the schema, or invalid request accepted.
#
# A throwaway SQLite database with the demo (seed_demo), gunicorn on a free
# loopback port, one bounded run per token; the server is stopped on exit.
# About half the ids in paths are the demo's real ones (.ci/schemathesis_ids.py).
# Two phases as each user: coverage (every boundary and wrong type of every
# parameter and field) and fuzzing (ST_EXAMPLES random cases per operation).
# Knobs: PYTHON (the venv's python), ST_EXAMPLES (examples per operation),
# ST_SEED, ST_PHASES, ST_REPORT_DIR (JUnit reports, an absolute path).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
BIN=$(cd "$(dirname "$PYTHON")" && pwd)
EXAMPLES=${ST_EXAMPLES:-15}
SEED=${ST_SEED:-20261202}

work=$(mktemp -d)
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=config.settings.local
export DATABASE_URL="sqlite:///$work/db.sqlite3" DJANGO_MEDIA_ROOT="$work/media"
export DJANGO_LOG_LEVEL=WARNING EMAIL_URL="dummymail://"
# The demo renders its papers in-process; the server only queues (a render
# never runs inside a request being tested), onto a broker nobody reads.
CELERY_TASK_ALWAYS_EAGER=1 CELERY_BROKER_URL= DJANGO_DEBUG=1 "$PYTHON" manage.py migrate --noinput -v0
CELERY_TASK_ALWAYS_EAGER=1 CELERY_BROKER_URL= DJANGO_DEBUG=1 "$PYTHON" manage.py seed_demo >/dev/null

{ cat .ci/schemathesis.toml; echo; "$PYTHON" .ci/schemathesis_ids.py; } >"$work/schemathesis.toml"

port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
CELERY_TASK_ALWAYS_EAGER=0 CELERY_BROKER_URL="memory://localhost//" DJANGO_DEBUG=0 \
  "$BIN/gunicorn" config.wsgi -b "127.0.0.1:$port" -w 2 --timeout 60 \
  --error-logfile "$work/server.log" >/dev/null 2>&1 &
server=$!
for _ in $(seq 60); do
  curl -fs -o /dev/null "$base/api/schema/" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done

token() {
  curl -fs -X POST -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"plenum-demo\"}" "$base/api/v1/auth/token/" |
    "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# All three tokens first: the runs try the sign-in endpoint with wrong passwords.
users=(rep-bg chair-procurement secretariat)
declare -A tokens
for user in "${users[@]}"; do tokens[$user]=$(token "$user"); done

status=0
for user in "${users[@]}"; do
  printf '\n--- schemathesis as %s\n' "$user"
  args=()
  if [[ -n "${ST_REPORT_DIR:-}" ]]; then
    args+=(--report junit --report-junit-path "$ST_REPORT_DIR/schemathesis-$user.xml")
  fi
  # From $work: schemathesis keeps its files (.schemathesis/) in the current directory.
  # One worker: with two threads, Hypothesis changing the recursion limit in one while
  # the other parses source (for a lambda's repr) trips CPython 3.11.7's AST check
  # ("AST constructor recursion depth mismatch", cpython#106905): a crash of the tool,
  # not a finding. ST_WORKERS=2 where Python is 3.11.8+ or 3.12.
  (cd "$work" && "$BIN/schemathesis" --config-file "$work/schemathesis.toml" run "$base/api/schema/?format=json" \
    -H "Authorization: Token ${tokens[$user]}" \
    --max-examples "$EXAMPLES" --seed "$SEED" --workers "${ST_WORKERS:-1}" --generation-database none \
    --phases "${ST_PHASES:-coverage,fuzzing}" "${args[@]}") || status=1
done
if grep -q "Traceback" "$work/server.log"; then
  echo "The server logged a traceback:"; cat "$work/server.log"; status=1
fi
exit $status

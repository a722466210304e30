#!/usr/bin/env bash
# `make test` after the lint: the suite, and beside it, in a second process at a lower priority,
# the fuzzer of tests/test_fuzz_forms.py (200 HTTP requests of junk for every form and every list,
# issue 13). The suite is one process and leaves a core to spare, so the two together take about as
# long as the suite alone. The fuzzer gets its own databases: with PostgreSQL, DATABASE_URL's name
# + "_fuzz" (pytest-django makes test_<that>), with Redis, the database number + 8 (of Redis's 16).
# Arguments go to the suite only; with arguments (`make test PYTEST_ARGS=…`) nothing else runs.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

if [ $# -gt 0 ]; then
  exec "$PY" -m pytest "$@"
fi

fuzz_env=()
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  fuzz_env+=("DATABASE_URL=${DATABASE_URL%%\?*}_fuzz")
fi
if [[ "${REDIS_URL:-}" =~ ^(redis://[^/]+)/?([0-9]*)$ ]]; then
  fuzz_env+=("REDIS_URL=${BASH_REMATCH[1]}/$(( (${BASH_REMATCH[2]:-0} + 8) % 16 ))")
fi

fuzz_log=$(mktemp -t koncepce-fuzz.XXXXXX)
env "${fuzz_env[@]}" nice -n 10 "$PY" -m pytest -p no:cacheprovider -q tests/test_fuzz_forms.py >"$fuzz_log" 2>&1 &
fuzz_pid=$!
trap 'kill "$fuzz_pid" 2>/dev/null; exit 130' INT TERM

"$PY" -m pytest --ignore=tests/test_fuzz_forms.py
suite=$?

wait "$fuzz_pid"
fuzz=$?
echo
echo "=== the fuzzer (tests/test_fuzz_forms.py, run beside the suite) ==="
cat "$fuzz_log"
rm -f "$fuzz_log"
[ "$suite" -eq 0 ] && [ "$fuzz" -eq 0 ]

#!/usr/bin/env bash
# `make bench`: install wrk and WeasyPrint's libraries from Debian (as .ci/run does), start
# PostgreSQL and Redis if they are down, then run benchmarks/run.py against its own database
# (BENCH_DATABASE, dropped and re-created) and cache (BENCH_REDIS_URL).
# Options through the environment: BENCH_PROFILE=default|one|light|full|tiny, BENCH_SECONDS, BENCH_RUNS,
# BENCH_USERS=8,20, BENCH_PAGES (a part of a page name), BENCH_PAGES_ONLY=1 (no floor, PDF or bench_*.py).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in wrk libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
  sleep 1
done

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${BENCH_DATABASE:-koncepce_bench}"
export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}"
export DJANGO_SETTINGS_MODULE=benchmarks.settings
exec .venv/bin/python -m benchmarks.run "$@"

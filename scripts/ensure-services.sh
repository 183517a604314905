#!/usr/bin/env bash
# Make sure the PostgreSQL and Redis servers the tests use are running (start them if not).
set -uo pipefail
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! up 5432 && command -v pg_ctlcluster >/dev/null; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
if ! up 6379 && command -v redis-server >/dev/null; then
  echo "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/redis-resonance.log || true
fi
for i in $(seq 1 20); do up 5432 && up 6379 && exit 0; sleep 0.5; done
echo "warning: PostgreSQL or Redis is not reachable; under CI=true their tests will fail" >&2

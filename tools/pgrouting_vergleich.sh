#!/usr/bin/env bash
# Side by side: sozialraum against PostGIS + pgRouting (Debian postgresql-15-pgrouting,
# osm2pgrouting, pgr_withPointsCost) on the OSM test extract north of Bayreuth. Both answer
# the same question: the walking distance from every population point of the test area
# (children under 10, 258 points) to its nearest offer (the 3 Familienzentren), legs included.
#
# The same rules on both sides:
# - osm2pgrouting reads the extract with a map configuration of exactly the walking classes of
#   the README; the ways the walking rules close (foot=no, access=private …) are then removed
#   by their OSM id (the list comes from the rules of tests/netz/referenz.py);
# - edge cost = length in EPSG:25832 (ST_Length(ST_Transform(geom, 25832))), both directions;
# - a point joins at its projection onto the nearest edge (KNN in EPSG:25832); the straight
#   legs of the point and of the offer are added to pgr_withPointsCost's network cost;
# - sozialraum uses the whole extract too (import with a buffer of 50 km).
#
# Needs root (apt and a PostgreSQL cluster of its own on port 5439, removed at the end) and
# the Python environment of make test. Usage: bash tools/pgrouting_vergleich.sh
set -euo pipefail
cd "$(dirname "$0")/.."

apt-get install -y -q postgresql-15 postgresql-15-postgis-3 postgresql-15-pgrouting osm2pgrouting osmium-tool >/dev/null
PY=.cache/netz-venv/bin/python
[ -x "$PY" ] || bash tools/einrichten.sh
cargo build --release -q
BIN=target/release/sozialraum
GEBIET=geodata/testgebiet-bayreuth
PBF=$GEBIET/north-bayreuth.osm.pbf
ARBEIT=$(mktemp -d)
chmod 777 "$ARBEIT"
PORT=5439
CLUSTER=sozialraumvergleich
aufraeumen() {
  pg_dropcluster --stop 15 "$CLUSTER" 2>/dev/null || true
  rm -rf "$ARBEIT"
}
[ -n "${BEHALTEN:-}" ] || trap aufraeumen EXIT
pg_dropcluster --stop 15 "$CLUSTER" 2>/dev/null || true
pg_createcluster -q 15 "$CLUSTER" -p "$PORT" --start >/dev/null
psql_() { runuser -u postgres -- psql -q -X -v ON_ERROR_STOP=1 -p "$PORT" -d vergleich "$@"; }
runuser -u postgres -- createdb -p "$PORT" vergleich
psql_ -c "CREATE EXTENSION postgis; CREATE EXTENSION pgrouting;"

# Points and offers of the test data set in EPSG:25832: the centres of the 100 m cells with
# children under 10, and the Familienzentren.
"$PY" - "$ARBEIT" "$GEBIET" <<'EOF'
import csv, sys
from pyproj import Transformer
arbeit, gebiet = sys.argv[1], sys.argv[2]
t = Transformer.from_crs("EPSG:3035", "EPSG:25832", always_xy=True)
with open(f"{gebiet}/zensus2011_100m_unter10.csv") as f, open(f"{arbeit}/punkte.csv", "w") as o:
    o.write("x,y,weight\n")
    for z in csv.DictReader(f):
        x, y = t.transform(float(z["x_mp_3035"]), float(z["y_mp_3035"]))
        o.write(f"{x:.3f},{y:.3f},{z['age_under_10']}\n")
t = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
with open(f"{gebiet}/angebote.csv") as f, open(f"{arbeit}/angebote.csv", "w") as o:
    o.write("x,y\n")
    for z in csv.DictReader(f):
        if z["kategorie"] == "familienzentrum":
            x, y = t.transform(float(z["lon"]), float(z["lat"]))
            o.write(f"{x:.3f},{y:.3f}\n")
EOF

# sozialraum: the network of the whole extract, then the batch with the distance of each point.
"$BIN" import netz --von "$PBF" --daten "$GEBIET" --puffer 50000 --aus "$ARBEIT/voll.netz" 2>/dev/null
sozialraum_lauf() {
  "$BIN" abdeckung --gebiete "$GEBIET/kommunen.geojson" --id-feld ags --punkte "$ARBEIT/punkte.csv" \
    --angebote "$ARBEIT/angebote.csv" --netz "$ARBEIT/voll.netz" --profil fuss --schwellen 500,1000 \
    --je-punkt "$ARBEIT/sozialraum.csv" --aus "$ARBEIT/abdeckung.csv" --zeiten 2>&1 | tail -1
}
for i in 1 2 3; do sozialraum_lauf > "$ARBEIT/zeiten-$i.json"; done

# pgRouting: osm2pgrouting with the walking classes, then the walking rules by way id.
{
  echo '<?xml version="1.0" encoding="UTF-8"?><configuration><tag_name name="highway" id="1">'
  i=101
  for k in primary primary_link secondary secondary_link tertiary tertiary_link unclassified residential \
           living_street service track path footway pedestrian steps cycleway bridleway road; do
    echo "<tag_value name=\"$k\" id=\"$i\" priority=\"1.0\" maxspeed=\"5\" />"
    i=$((i + 1))
  done
  echo '</tag_name></configuration>'
} > "$ARBEIT/fuss.xml"
osmium cat --no-progress "$PBF" -o "$ARBEIT/auszug.osm"
chmod 644 "$ARBEIT"/*
T0=$(date +%s.%N)
runuser -u postgres -- osm2pgrouting --f "$ARBEIT/auszug.osm" --conf "$ARBEIT/fuss.xml" --dbname vergleich \
  --host /var/run/postgresql --port "$PORT" --username postgres --clean >/dev/null
T1=$(date +%s.%N)
PYTHONPATH=tests/netz "$PY" - "$PBF" "$ARBEIT/erlaubt.csv" <<'EOF'
import sys, osmium
from referenz import regeln
with open(sys.argv[2], "w") as o:
    for w in osmium.FileProcessor(sys.argv[1]).with_filter(osmium.filter.KeyFilter("highway")):
        if w.is_way() and regeln(dict(w.tags), "fuss"):
            o.write(f"{w.id}\n")
EOF
psql_ <<EOF
CREATE TABLE erlaubt (osm_id bigint PRIMARY KEY);
\copy erlaubt FROM '$ARBEIT/erlaubt.csv'
DELETE FROM ways WHERE osm_id NOT IN (SELECT osm_id FROM erlaubt);
ALTER TABLE ways ADD COLUMN g25832 geometry(LineString, 25832);
UPDATE ways SET g25832 = ST_Transform(the_geom, 25832);
UPDATE ways SET cost = ST_Length(g25832), reverse_cost = ST_Length(g25832);
CREATE INDEX ways_g25832 ON ways USING gist (g25832);
CREATE TABLE punkte (pid serial PRIMARY KEY, art text, nr int, g geometry(Point, 25832));
CREATE TEMP TABLE roh (x float8, y float8, w float8);
\copy roh FROM '$ARBEIT/punkte.csv' CSV HEADER
INSERT INTO punkte (art, nr, g) SELECT 'p', row_number() OVER (), ST_SetSRID(ST_MakePoint(x, y), 25832) FROM roh;
CREATE TEMP TABLE roh2 (x float8, y float8);
\copy roh2 FROM '$ARBEIT/angebote.csv' CSV HEADER
INSERT INTO punkte (art, nr, g) SELECT 'o', row_number() OVER (), ST_SetSRID(ST_MakePoint(x, y), 25832) FROM roh2;
ANALYZE;
EOF
pg_lauf() {
  psql_ -t -A -F, -o "$ARBEIT/pgrouting.csv" <<EOF
\timing on
DROP TABLE IF EXISTS anschluss_t;
CREATE TABLE anschluss_t AS
  SELECT p.pid, p.art, p.nr, e.gid AS edge_id,
         -- pgr_withPoints drops points exactly at an edge's end (fraction 0 or 1): they are
         -- moved by 10^-9 of the edge, far below a millimetre.
         LEAST(GREATEST(ST_LineLocatePoint(e.g25832, p.g), 1e-9), 1 - 1e-9) AS fraction,
         ST_Distance(e.g25832, p.g) AS bein
  FROM punkte p CROSS JOIN LATERAL (SELECT gid, g25832 FROM ways ORDER BY g25832 <-> p.g, gid LIMIT 1) e;
SELECT a.nr, min(k.agg_cost + a.bein + b.bein)
FROM pgr_withPointsCost(
    'SELECT gid AS id, source, target, cost, reverse_cost FROM ways',
    'SELECT pid, edge_id, fraction FROM anschluss_t',
    (SELECT array_agg(-pid) FROM anschluss_t WHERE art = 'p'),
    (SELECT array_agg(-pid) FROM anschluss_t WHERE art = 'o'),
    directed => true) k
JOIN anschluss_t a ON a.pid = -k.start_pid JOIN anschluss_t b ON b.pid = -k.end_pid
GROUP BY a.nr ORDER BY a.nr;
EOF
}
for i in 1 2 3; do pg_lauf 2> "$ARBEIT/pg-zeit-$i.txt" > "$ARBEIT/pg-zeit-$i.out" || true; cp "$ARBEIT/pgrouting.csv" "$ARBEIT/pgrouting-$i.csv"; done
"$PY" - "$ARBEIT" "$T0" "$T1" <<'EOF'
import csv, json, re, statistics, sys
arbeit, t0, t1 = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
eigen = {int(z["nr"]): (float(z["abstand"]) if z["abstand"] else None) for z in csv.DictReader(open(f"{arbeit}/sozialraum.csv"))}
fremd = {}
for z in open(f"{arbeit}/pgrouting-3.csv"):
    z = z.strip()
    if not z or z.startswith("Time") or "," not in z:
        continue
    nr, d = z.split(",")
    fremd[int(nr)] = float(d)
gleich = sum(1 for n, d in fremd.items() if eigen.get(n) is not None and abs(eigen[n] - d) <= 0.01)
beide = sum(1 for n in fremd if eigen.get(n) is not None)
nur_eigen = sum(1 for n, d in eigen.items() if d is not None and n not in fremd)
abw = max((abs(eigen[n] - d) for n, d in fremd.items() if eigen.get(n) is not None), default=0.0)
zeiten_pg = []
for i in (1, 2, 3):
    ms = [float(x) for x in re.findall(r"Time: ([0-9.]+) ms", open(f"{arbeit}/pg-zeit-{i}.out").read() + open(f"{arbeit}/pg-zeit-{i}.txt").read())]
    zeiten_pg.append(sum(ms[-2:]))
zeiten_s = [json.loads(open(f"{arbeit}/zeiten-{i}.json").read()) for i in (1, 2, 3)]
s_naechste = statistics.median(z["naechste"] for z in zeiten_s) * 1000
s_gesamt = statistics.median(sum(z.values()) for z in zeiten_s) * 1000
pg = statistics.median(zeiten_pg)
print(f"Punkte: {len(eigen)}; von beiden erreicht: {beide}, davon gleich (≤ 1 cm): {gleich}; größte Abweichung {abw:.4f} m; nur sozialraum: {nur_eigen}")
print(f"pgRouting (Anschluss per KNN + pgr_withPointsCost, Median aus 3): {pg:.1f} ms; osm2pgrouting-Import {t1 - t0:.2f} s")
print(f"sozialraum (Stapel, nächste Angebote im Netz einschl. Anschluss, Median aus 3): {s_naechste:.1f} ms; ganzer Lauf {s_gesamt:.0f} ms")
print(f"Verhältnis pgRouting / sozialraum (Abfrage / nächste Angebote): {pg / s_naechste:.0f} : 1")
EOF

#!/usr/bin/env python3
"""Independent reference for network distances (used by tests/netz.rs).

Built from the OSM extract with pyosmium, pyproj, shapely and networkx, on the rules of the
README (section "Netz"), without any code of sozialraum:

- every consecutive pair of nodes of a routable way is one segment (no junction graph);
- a node is kept if its distance to the areas is at most the buffer (shapely), a segment if
  both its nodes are kept;
- a point joins at its projection onto the nearest segment its profile may use; the
  projection becomes a node splitting the segment, the straight leg is added; a point farther
  than 1,000 m from every such segment is outside the network (an offer there is no target, a
  point there reaches none);
- the nearest offer of every point: one Dijkstra (networkx) from a super source over the
  reversed graph.

Usage: referenz.py PBF GEBIETE.geojson PUFFER_M PROFIL (laenge|fahrzeit|bein) ANGEBOTE.csv PUNKTE.csv AUS.csv [KNOTEN.csv]
CSV input: columns x,y (EPSG:25832). Output: nr,abstand (metres, or seconds for fahrzeit;
empty = unreachable; for bein only the straight distance of every point to its nearest
segment); with KNOTEN.csv also every OSM node reached: x,y,abstand.
"""
import csv
import json
import math
import sys

import networkx as nx
import numpy
import osmium
import shapely
from pyproj import Transformer
from shapely import STRtree
from shapely.geometry import LineString, Point, shape
from shapely.ops import unary_union
from shapely.prepared import prep

FUSS = {"primary", "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
        "residential", "living_street", "service", "track", "path", "footway", "pedestrian", "steps", "cycleway",
        "bridleway", "road"}
AUTO = {"motorway": 120, "motorway_link": 60, "trunk": 100, "trunk_link": 60, "primary": 80, "primary_link": 60,
        "secondary": 70, "secondary_link": 50, "tertiary": 60, "tertiary_link": 40, "unclassified": 50,
        "residential": 30, "living_street": 7, "service": 15}
KMH = {"fuss": 4.5, "rad": 15.0}
MAX_BEIN = 1000.0


def maxspeed(v):
    v = v.strip()
    fest = {"DE:urban": 50.0, "DE:rural": 100.0, "DE:motorway": 130.0, "none": 130.0, "DE:living_street": 7.0,
            "walk": 7.0}
    if v in fest:
        return fest[v]
    for p in ("DE:zone:", "DE:zone"):
        if v.startswith(p):
            v = v[len(p):]
            break
    try:
        x = float(v[:-3].strip()) * 1.609344 if v.endswith("mph") else float(v.strip())
    except ValueError:
        return None
    return x if x > 0 and math.isfinite(x) else None


def einbahn(t, hw):
    o = t.get("oneway")
    if o in ("yes", "true", "1"):
        return (True, False)
    if o in ("-1", "reverse"):
        return (False, True)
    if o is not None:
        return (True, True)
    if t.get("junction") in ("roundabout", "circular") or hw in ("motorway", "motorway_link"):
        return (True, False)
    return (True, True)


def regeln(t, profil):
    """(forward, backward, km/h) of a way for the profile, or None."""
    hw = t.get("highway")
    if hw is None:
        return None
    zu = t.get("access") in ("no", "private")
    if profil == "fuss":
        f = t.get("foot")
        if hw in FUSS and f not in ("no", "private") and not (zu and f not in ("yes", "designated", "permissive")):
            return (True, True, KMH["fuss"])
        return None
    if profil == "rad":
        b = t.get("bicycle")
        klasse = hw in FUSS and (hw not in ("steps", "footway") or b in ("yes", "designated"))
        if klasse and b not in ("no", "private") and not (zu and b not in ("yes", "designated", "permissive")):
            v, r = (True, True) if t.get("oneway:bicycle") == "no" else einbahn(t, hw)
            return (v, r, KMH["rad"])
        return None
    if hw in AUTO:
        k = t.get("motor_vehicle") or t.get("motorcar")
        if k not in ("no", "private") and not (zu and k not in ("yes", "designated", "permissive", "destination")):
            v, r = einbahn(t, hw)
            m = maxspeed(t["maxspeed"]) if "maxspeed" in t else None
            return (v, r, m if m is not None else float(AUTO[hw]))
    return None


def punkte_lesen(pfad):
    with open(pfad, newline="") as f:
        return [(float(z["x"]), float(z["y"])) for z in csv.DictReader(f)]


def main():
    pbf, gebiete, puffer, profil, gewicht, angebote_csv, punkte_csv, aus = sys.argv[1:9]
    knoten_csv = sys.argv[9] if len(sys.argv) > 9 else None
    puffer = float(puffer)
    nach_utm = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
    g = json.load(open(gebiete, encoding="utf-8"))
    flaeche = unary_union([
        shapely.transform(shape(f["geometry"]), lambda c: numpy.column_stack(nach_utm.transform(c[:, 0], c[:, 1])))
        for f in g["features"]])
    flaeche_p = prep(flaeche)

    segmente = []  # (ax, ay, bx, by, a_id, b_id, vor, rueck, kmh)
    lage = {}
    for w in osmium.FileProcessor(pbf).with_locations().with_filter(osmium.filter.KeyFilter("highway")):
        if not w.is_way():
            continue
        r = regeln(dict(w.tags), profil)
        if r is None:
            continue
        ids = []
        for n in w.nodes:
            if not n.location.valid():
                ids.append(None)
                continue
            if n.ref not in lage:
                x, y = nach_utm.transform(n.location.lon, n.location.lat)
                drin = flaeche_p.contains(Point(x, y)) or flaeche.distance(Point(x, y)) <= puffer
                lage[n.ref] = (x, y, drin)
            ids.append(n.ref if lage[n.ref][2] else None)
        for a, b in zip(ids, ids[1:]):
            if a is None or b is None or a == b:
                continue
            (ax, ay, _), (bx, by, _) = lage[a], lage[b]
            segmente.append((ax, ay, bx, by, a, b, r[0], r[1], r[2]))

    def satz(kmh):
        return 1.0 if gewicht == "laenge" else 3.6 / kmh

    baum = STRtree([LineString([(s[0], s[1]), (s[2], s[3])]) for s in segmente])

    def anschluss(x, y):
        p = Point(x, y)
        idx, dist = baum.query_nearest(p, return_distance=True, all_matches=True)
        i = int(min(idx))
        ax, ay, bx, by = segmente[i][:4]
        dx, dy = bx - ax, by - ay
        l2 = dx * dx + dy * dy
        t = min(1.0, max(0.0, ((x - ax) * dx + (y - ay) * dy) / l2)) if l2 > 0 else 0.0
        fx, fy = ax + t * dx, ay + t * dy
        return i, t, math.hypot(x - fx, y - fy)

    angebote = punkte_lesen(angebote_csv)
    punkte = punkte_lesen(punkte_csv)
    if gewicht == "bein":
        # Only the straight leg of every point to its nearest segment (the import's check of
        # inhabitants outside the network); no graph.
        with open(aus, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["nr", "abstand"])
            for k, (x, y) in enumerate(punkte):
                w.writerow([k + 1, f"{anschluss(x, y)[2]:.6f}"])
        return
    auf = {}  # segment -> [(t, node)]
    beine = {}
    for art, liste in (("o", angebote), ("p", punkte)):
        for k, (x, y) in enumerate(liste):
            i, t, bein = anschluss(x, y)
            if bein > MAX_BEIN:
                continue
            auf.setdefault(i, []).append((t, (art, k)))
            beine[(art, k)] = (bein, segmente[i][8])

    # Reversed graph: an edge u -> v of travel becomes v -> u.
    G = nx.DiGraph()

    def kante(u, v, c):
        if G.has_edge(v, u):
            c = min(c, G[v][u]["weight"])
        G.add_edge(v, u, weight=c)

    for i, (ax, ay, bx, by, a, b, vor, rueck, kmh) in enumerate(segmente):
        laenge = math.hypot(bx - ax, by - ay)
        kette = [(0.0, a)] + sorted(auf.get(i, [])) + [(1.0, b)]
        for (t1, u), (t2, v) in zip(kette, kette[1:]):
            c = (t2 - t1) * laenge * satz(kmh)
            if vor or t1 == t2:
                kante(u, v, c)
            if rueck or t1 == t2:
                kante(v, u, c)
    for k in range(len(angebote)):
        if ("o", k) in beine:
            bein, kmh = beine[("o", k)]
            G.add_edge("quelle", ("o", k), weight=bein * satz(kmh))
    d = nx.single_source_dijkstra_path_length(G, "quelle")
    with open(aus, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["nr", "abstand"])
        for k in range(len(punkte)):
            bein, kmh = beine.get(("p", k), (0.0, 1.0))
            c = d.get(("p", k))
            w.writerow([k + 1, "" if c is None else f"{bein * satz(kmh) + c:.6f}"])
    if knoten_csv:
        with open(knoten_csv, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["x", "y", "abstand"])
            for n, c in d.items():
                if isinstance(n, int) and n in lage:
                    w.writerow([f"{lage[n][0]:.3f}", f"{lage[n][1]:.3f}", f"{c:.6f}"])


if __name__ == "__main__":
    main()

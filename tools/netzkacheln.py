#!/usr/bin/env python3
"""Builds larger OSM extracts for the network benchmarks from the test extract: its roads and
paths (ways with a highway tag and their nodes) repeated on a grid of tiles, each tile shifted
by a fixed step in longitude and latitude, with new ids. Tiles do not share nodes; where
their ways overlap they are not joined (so the networks are as dense as the tile layout makes
them, not a real Kreis). BENCHMARK DATA only, written to target/bench-daten/.

Usage: netzkacheln.py IN.osm.pbf OUT.osm.pbf NX NY LON0 LAT0 DLON DLAT
  LON0/LAT0: where the south-west tile's reference corner goes (the corner is the extract's
  box 11.4807 E / 49.9721 N); DLON/DLAT: the step between tiles in degrees.
"""
import sys

import osmium

ECKE = (11.4807, 49.9721)
ABSTAND = 10_000_000_000  # id offset per tile (OSM ids are below 10^10)


def main():
    ein, aus, nx, ny, lon0, lat0, dlon, dlat = sys.argv[1:9]
    nx, ny = int(nx), int(ny)
    lon0, lat0, dlon, dlat = float(lon0), float(lat0), float(dlon), float(dlat)
    knoten, wege = {}, []
    for o in osmium.FileProcessor(ein):
        if o.is_node():
            knoten[o.id] = (o.location.lon, o.location.lat)
        elif o.is_way() and "highway" in o.tags:
            wege.append((o.id, [n.ref for n in o.nodes], dict(o.tags)))
    gebraucht = sorted({r for _, refs, _ in wege for r in refs if r in knoten})
    schreiber = osmium.SimpleWriter(aus, overwrite=True)
    kacheln = [(i, j) for j in range(ny) for i in range(nx)]
    for k, (i, j) in enumerate(kacheln):
        dx, dy = lon0 - ECKE[0] + i * dlon, lat0 - ECKE[1] + j * dlat
        for n in gebraucht:
            lon, lat = knoten[n]
            schreiber.add_node(osmium.osm.mutable.Node(id=(k + 1) * ABSTAND + n, location=(lon + dx, lat + dy)))
    for k in range(len(kacheln)):
        for wid, refs, tags in wege:
            nodes = [(k + 1) * ABSTAND + r for r in refs if r in knoten]
            schreiber.add_way(osmium.osm.mutable.Way(id=(k + 1) * ABSTAND + wid, nodes=nodes, tags=tags))
    schreiber.close()
    print(f"{len(kacheln)} Kacheln, {len(gebraucht) * len(kacheln)} Knoten, {len(wege) * len(kacheln)} Wege")


if __name__ == "__main__":
    main()

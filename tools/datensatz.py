#!/usr/bin/env python3
"""Builds the tabular files of the embedded data set geodata/lahn-dill/ from the raw open data
in geodata/raw/ (see geodata/SOURCES.md). Deterministic: running it twice gives the
same bytes. Kommune boundaries are not made here but by `sozialraum import gemeinden`.

Usage: python3 tools/datensatz.py [RAW_DIR] [OUT_DIR]
"""
import csv
import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "geodata" / "raw"
OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "geodata" / "lahn-dill"

WETZLAR = "06532023"
KREIS_JUGENDAMT = "Jugendamt Lahn-Dill-Kreis"
WETZLAR_JUGENDAMT = "Jugendamt Stadt Wetzlar"

# INKAR indicators carried into the data set, with the metadata the planners need.
# (id, kuerzel, name, einheit, polaritaet, gewicht, zaehler, nenner)
INDIKATOREN = [
    ("kinderarmut", "q_newfBGu15_bev", "Kinderarmut (SGB II)", "je 100 Einw. unter 15",
     "bedarf", "einwohner",
     "Nicht erwerbsfähige Leistungsberechtigte und Nichtleistungsberechtigte in Bedarfsgemeinschaften unter 15 Jahren",
     "Einwohner unter 15 Jahren"),
    ("bg_mit_kindern", "a_BGKind", "Bedarfsgemeinschaften mit Kindern", "%",
     "bedarf", "einwohner", "Bedarfsgemeinschaften mit Kindern", "Bedarfsgemeinschaften insgesamt"),
    ("alleinerziehende", "a_ewfBG_allein", "Alleinerziehende im SGB-II-Bezug", "%",
     "bedarf", "einwohner", "Alleinerziehende erwerbsfähige Leistungsberechtigte",
     "Erwerbsfähige Leistungsberechtigte"),
    ("junge_leistungsberechtigte", "a_ewfBG_u25_", "Junge Leistungsberechtigte unter 25", "%",
     "bedarf", "einwohner", "Erwerbsfähige Leistungsberechtigte unter 25 Jahren",
     "Erwerbsfähige Leistungsberechtigte"),
    ("bevoelkerungsdichte", "q_bev_fl", "Bevölkerungsdichte", "Einw. je km²",
     "neutral", "flaeche", "Einwohner", "Fläche in km²"),
]

INKAR_QUELLE = ("INKAR – Indikatoren und Karten zur Raum- und Stadtentwicklung, BBSR Bonn; "
                "Lizenz dl-de/by-2-0")

# Synthetic example indicator with counts, so that small-number suppression is visible in the
# default data: HzE cases per 1,000 inhabitants under 21, for the 22 Kommunen of the Kreis
# youth office (Wetzlar's cases are counted by its own Jugendamt and are not in the example).
HZE_JAHRE = [2021, 2022, 2023, 2024]
HZE_ANTEIL_UNTER21 = 0.205  # share of inhabitants under 21, Hessen order of magnitude
# Fixed example counts for small Kommunen, so that suppression shows: Siegbach (Nord-Ost) has
# 2 cases in 2024 (one suppressed Kommune in its region), Bischoffen 1 in 2023.
HZE_FEST = {("06532019", 2024): 2, ("06532002", 2023): 1, ("06532019", 2023): 4}

# Synthetic example Familienzentren: the twelve most populous Kommunen of the Kreis youth
# office's area (Zensus 2022), one at each Destatis seat point.
ANZAHL_FAMILIENZENTREN = 12


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def plain_name(name):
    return name.split(",")[0].strip()


INKAR_STAND = "INKAR-Datenbank, Abzug 31.10.2024 (R-Paket {inkr} 0.2.1)"


def hze_werte(zensus):
    """Deterministic example HzE counts: a rate of 14–31 per 1,000 under 21 per Kommune and year,
    drawn from a hash of AGS and year, and a few fixed small counts (HZE_FEST)."""
    rows = []
    for ags in sorted(zensus):
        if ags == WETZLAR:
            continue
        nenner = round(int(zensus[ags]["population_2022_05_15"]) * HZE_ANTEIL_UNTER21)
        for jahr in HZE_JAHRE:
            h = int(hashlib.sha256(f"hze-{ags}-{jahr}".encode()).hexdigest()[:8], 16)
            quote = 14.0 + (h % 1700) / 100.0
            zaehler = HZE_FEST.get((ags, jahr), round(nenner * quote / 1000))
            rows.append(["hze_beispiel", ags, str(jahr), f"{zaehler / nenner * 1000:.2f}", str(zaehler), str(nenner)])
    return rows


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    zensus = {r["ags"]: r for r in read_csv(RAW / "zensus2022-gemeinden" / "lahn-dill_zensus2022_bevoelkerung.csv")}
    gv = {r["ags"]: r for r in read_csv(RAW / "destatis-gemeindeverzeichnis-2019" / "lahn-dill_gv100_31122019.csv")}
    assert set(zensus) == set(gv) and len(zensus) == 23

    kommunen = []
    for ags in sorted(zensus):
        jugendamt = WETZLAR_JUGENDAMT if ags == WETZLAR else KREIS_JUGENDAMT
        kommunen.append([ags, plain_name(gv[ags]["name"]), zensus[ags]["population_2022_05_15"],
                         jugendamt, gv[ags]["lon"], gv[ags]["lat"]])
    write_csv(OUT / "kommunen.csv", ["ags", "name", "einwohner", "jugendamt", "sitz_lon", "sitz_lat"], kommunen)

    angebote = []
    for s in sorted(read_csv(RAW / "jedeschule-hessen-schulen" / "lahn-dill_schulen.csv"),
                    key=lambda r: int(r["schulnummer"])):
        if not s["lon"] or not s["lat"]:
            continue  # 3 schools without coordinates; listed in SOURCES.md
        traeger = "öffentlich" if s["rechtsform"] == "oeffentlich" else s["rechtsform"]
        angebote.append([f"schule-{s['schulnummer']}", "schule", s["name"], traeger, s["strasse"],
                         s["plz"], s["ort"], s["ags"], s["lon"], s["lat"], "nein",
                         s["schulformen"].replace(";", "; "), s["schueler_gesamt"],
                         "Schulverzeichnis HSL via JedeSchule.de; Lage © OpenStreetMap-Mitwirkende (ODbL)"])
    groesste = sorted((a for a in zensus if a != WETZLAR),
                      key=lambda a: -int(zensus[a]["population_2022_05_15"]))[:ANZAHL_FAMILIENZENTREN]
    for i, ags in enumerate(sorted(groesste), start=1):
        name = plain_name(gv[ags]["name"])
        angebote.append([f"fz-beispiel-{i:02d}", "familienzentrum", f"Beispiel-Familienzentrum {name}",
                         "Beispielträger", "", gv[ags]["plz"], name, ags, gv[ags]["lon"], gv[ags]["lat"],
                         "ja", "", "", "Beispieldaten (synthetisch, Sitzpunkt der Kommune laut Destatis GV-ISys)"])
    write_csv(OUT / "angebote.csv",
              ["id", "kategorie", "name", "traeger", "strasse", "plz", "ort", "ags", "lon", "lat",
               "beispiel", "schulformen", "schueler", "quelle"], angebote)

    meta = {r["kuerzel"]: r for r in read_csv(RAW / "inkar-bbsr" / "inkar_indikatoren_meta.csv")}
    werte = read_csv(RAW / "inkar-bbsr" / "lahn-dill_inkar_long.csv")
    ind_rows, wert_rows = [], []
    for (iid, kuerzel, name, einheit, polaritaet, gewicht, zaehler, nenner) in INDIKATOREN:
        m = meta[kuerzel]
        definition = " ".join(m["name"].split())
        thema = "bevoelkerung" if polaritaet == "neutral" else "soziale_lage"
        ind_rows.append([iid, name, definition, einheit, polaritaet, thema, "gewichtetes_mittel", gewicht,
                         zaehler, nenner, "", "nein", INKAR_STAND,
                         f"{INKAR_QUELLE} (Kennziffer {kuerzel})", "nein"])
        for w in werte:
            if w["kuerzel"] != kuerzel:
                continue
            ags = w["kennziffer"]
            if w["raumbezug"] == "Kreise":
                assert ags == "06532000", ags
            wert_rows.append([iid, ags, w["zeitbezug"], w["value"], "", ""])
    wert_rows.sort(key=lambda r: ([i[0] for i in INDIKATOREN].index(r[0]), r[1], int(r[2])))
    ind_rows.append(["hze_beispiel", "Beispiel: Hilfen zur Erziehung je 1.000 unter 21",
                     "Hilfen zur Erziehung (§§ 27 ff. SGB VIII ohne § 28, mit § 41), am 31.12. laufend und im Jahr "
                     "beendet, je 1.000 Einwohner unter 21 Jahren – synthetische Beispieldaten",
                     "je 1.000 Einw. unter 21", "bedarf", "bedarfe", "quote_der_summen", "einwohner",
                     "Hilfen zur Erziehung (laufend am 31.12. und beendet im Jahr)",
                     "Einwohner unter 21 Jahren (Beispiel: 20,5 % der Einwohner laut Zensus 2022)",
                     "1000", "ja", "Beispieldaten, erzeugt 2026-12-01",
                     "Beispieldaten (synthetisch, nicht amtlich); erzeugt von tools/datensatz.py", "ja"])
    wert_rows.extend(hze_werte(zensus))
    write_csv(OUT / "indikatoren.csv",
              ["id", "name", "definition", "einheit", "polaritaet", "thema", "aggregation", "gewicht", "zaehler",
               "nenner", "multiplikator", "datenschutz", "stand", "quelle", "beispiel"], ind_rows)
    write_csv(OUT / "indikatorwerte.csv", ["indikator", "ags", "jahr", "wert", "zaehler", "nenner"], wert_rows)

    shutil.copyfile(RAW / "zensus2011-grid" / "lahn-dill_zensus2011_1km.csv", OUT / "zensus2011_1km.csv")
    shutil.copyfile(RAW / "zensus2011-grid" / "lahn-dill_zensus2011_100m_unter10.csv",
                    OUT / "zensus2011_100m_unter10.csv")


if __name__ == "__main__":
    main()

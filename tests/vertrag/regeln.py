"""Rules between parameters that OpenAPI 3.0 cannot state, for Schemathesis.

The OpenAPI document of sozialraum (/api) states every parameter's type, range and choices.
A few rules tie parameters together; they are in the parameter descriptions and here, so the
contract test does not call a request "valid" that the documentation says is not:

- methode=manuell needs grenzen, and grenzen must rise (10,15,20);
- the derived indicators angebote_je_1000 and abdeckung need a kategorie; the parameters
  kategorie, zielgruppe, schwelle, umwegfaktor apply only to derived indicators;
- a KML file is always WGS84 (crs=EPSG:25832 is refused);
- bbox has four numbers, or six with a height axis (the OGC schema says 4 to 6 items);
- a scenario removes only offers of its own category, and adds offers of its category;
- the series of reported needs is broken down by category only for signed-in users;
- siting takes orte only with kandidaten=orte, and then needs them (places in Germany);
- each kind of map takes its own parameters besides the page's: bedarf-angebot (indikator and
  kategorie required), szenario (kategorie required, places in Germany), indicator maps;
- minutes (minuten, einheit=min) exist only on the network (mass=fuss, rad, auto), minuten and
  metres (schwellen, schwelle) exclude each other, umwegfaktor belongs to Luftlinie;
- a catchment area (isochronen) is asked for an offer or for lon and lat, on the network.
"""
import json
import os
import urllib.request

import schemathesis

# The category of every offer, from the service under test (SOZIALRAUM_URL).
with urllib.request.urlopen(os.environ["SOZIALRAUM_URL"] + "/api/angebote") as _antwort:
    KATEGORIE_VON = {f["id"]: f["properties"]["kategorie"] for f in json.load(_antwort)["features"]}

ABGELEITET_MIT_KATEGORIE = {"angebote_je_1000", "abdeckung"}
ABGELEITET = ABGELEITET_MIT_KATEGORIE | {"schueler_je_1000"}
NUR_ABGELEITET = ("kategorie", "zielgruppe", "schwelle", "umwegfaktor", "mass", "minuten")


def _leer(v):
    return v is None or v == "" or v == []


def _liste(v):
    """A list parameter as generated (a list) or as already serialised ("a,b,c")."""
    if isinstance(v, (list, tuple)):
        return list(v)
    if isinstance(v, str) and v:
        return v.split(",")
    if isinstance(v, (int, float)):
        return [v]
    return None


def _zahlen(v):
    try:
        liste = _liste(v)
        return None if liste is None else [float(x) for x in liste]
    except (TypeError, ValueError):
        return None


def _ort_in_deutschland(text):
    try:
        for ort in str(text).split(";"):
            lon, lat = (float(x) for x in ort.split(","))
            if not (5.5 <= lon <= 15.5 and 47 <= lat <= 55.5):
                return False
        return True
    except ValueError:
        return False


SEITE = {"format", "ausrichtung", "dpi", "titel", "untertitel"}
EIGENE = {
    "bedarf-angebot": {"indikator", "jahr", "kategorie", "zielgruppe", "schwelle", "schema", "versorgung_grenzen", "mass", "minuten"},
    "szenario": {"kategorie", "zielgruppe", "schwelle", "schema", "plan", "weg", "darstellung", "mass", "minuten"},
}
INDIKATOR = {"jahr", "ebene", "schema", "methode", "klassen", "grenzen", "palette", "kategorie", "zielgruppe", "schwelle", "umwegfaktor", "mass", "minuten"}


def _mass_regeln(werte):
    """The rules of the distance measure, for query parameters and a scenario's body."""
    im_netz = werte.get("mass") in ("fuss", "rad", "auto")
    if not _leer(werte.get("minuten")) or werte.get("einheit") == "min":
        if not im_netz:
            return False
        if not _leer(werte.get("schwellen")) or not _leer(werte.get("schwelle")):
            return False
    u = werte.get("umwegfaktor")
    if im_netz and not _leer(u):
        try:
            if float(u) != 1.0:
                return False
        except (TypeError, ValueError):
            pass
    return True


def _karte_regeln(ansicht, query, karte=False):
    if karte:
        erlaubt = SEITE | EIGENE.get(ansicht, INDIKATOR)
        if any(not _leer(v) and k not in erlaubt for k, v in query.items()):
            return False
    if ansicht == "bedarf-angebot":
        g = _zahlen(query.get("versorgung_grenzen"))
        if g and len(g) == 2 and g[0] >= g[1]:
            return False
        return not _leer(query.get("indikator")) and not _leer(query.get("kategorie"))
    if ansicht == "szenario":
        k = query.get("kategorie")
        if _leer(k):
            return False
        if not _leer(query.get("plan")) and not _ort_in_deutschland(query.get("plan")):
            return False
        return all(KATEGORIE_VON.get(i) == k for i in (_liste(query.get("weg")) or []) if isinstance(i, str))
    if query.get("methode") == "manuell":
        g = _zahlen(query.get("grenzen"))
        if not g or any(b <= a for a, b in zip(g, g[1:])):
            return False
    if ansicht in ABGELEITET_MIT_KATEGORIE and _leer(query.get("kategorie")):
        return False
    if ansicht not in ABGELEITET and any(not _leer(query.get(p)) for p in NUR_ABGELEITET):
        return False
    if ansicht == "schueler_je_1000" and any(not _leer(query.get(p)) for p in NUR_ABGELEITET):
        return False
    return True


@schemathesis.hook
def filter_case(context, case):
    pfad = case.operation.path
    query = case.query or {}
    bbox = _liste(query.get("bbox"))
    if bbox is not None and len(bbox) == 5:
        return False
    teile = case.path_parameters or {}
    if not _mass_regeln(query):
        return False
    if isinstance(case.body, dict) and not _mass_regeln(case.body):
        return False
    if pfad == "/api/isochronen":
        lon, lat = _leer(query.get("lon")), _leer(query.get("lat"))
        if _leer(query.get("angebot")):
            ort = not lon and not lat
        else:
            ort = lon and lat
        return query.get("mass") in ("fuss", "rad", "auto") and ort
    if pfad == "/api/bedarf-angebot":
        return _karte_regeln("bedarf-angebot", query)
    if pfad == "/api/bedarfsmeldungen":
        return _leer(query.get("kategorie"))
    if pfad == "/api/standortvorschlag":
        if query.get("kandidaten") == "orte":
            return not _leer(query.get("orte")) and _ort_in_deutschland(query.get("orte"))
        return _leer(query.get("orte"))
    if pfad == "/api/indikatoren/{id}":
        return _karte_regeln(teile.get("id"), query)
    if pfad == "/api/karten/{datei}":
        datei = str(teile.get("datei", ""))
        return _karte_regeln(datei.rsplit(".", 1)[0], query, karte=True)
    if pfad == "/api/export/{datei}":
        return not (str(teile.get("datei", "")).endswith(".kml") and query.get("crs") == "EPSG:25832")
    if pfad == "/api/szenario" and isinstance(case.body, dict):
        k = case.body.get("kategorie")
        entfernen = case.body.get("entfernen")
        for i in entfernen if isinstance(entfernen, list) else []:
            if isinstance(i, str) and isinstance(k, str) and KATEGORIE_VON.get(i) != k:
                return False
        hinzu = case.body.get("hinzufuegen")
        for h in hinzu if isinstance(hinzu, list) else []:
            if isinstance(h, dict) and isinstance(k, str) and isinstance(h.get("kategorie"), str) and h["kategorie"] != k:
                return False
    return True

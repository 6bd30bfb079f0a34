//! The description of every route: path, method, summary, query parameters, answer type.
//! Handlers take their allowed parameters from here ([`parameter_von`]) and the OpenAPI 3.0
//! document at `/api` is generated from the same table, so the two cannot drift apart.

use serde_json::{Map, Value, json};

use super::ogc::STANDARD_LIMIT;
use super::parameter::MAX_BBOX_BETRAG;
use super::routen::karten::{BEDARF_ANSICHT, MAX_TITEL, STANDARD_DPI, SZENARIO_ANSICHT};
use super::routen::versorgung::STANDARD_SCHWELLE_BEDARF;
use super::routen::{MAX_K, MAX_RADIUS_M, STANDARD_K, STANDARD_RADIUS_M};
use crate::analysis::abdeckung::{MAX_SCHWELLE_M, MAX_SCHWELLEN, UMWEGFAKTOR};
use crate::analysis::abgeleitet::KATALOG;
use crate::analysis::farben::PALETTEN;
use crate::analysis::klassen::{MAX_KLASSEN, MIN_KLASSEN, STANDARD_KLASSEN};
use crate::analysis::szenario::{MAX_HINZU, MAX_WEG};
use crate::io::export::Exportformat;
use crate::model::{JAHRE, Zielgruppe};
use crate::spatial::{DEUTSCHLAND_LAT, DEUTSCHLAND_LON};

/// One route of the service.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// Path with `{name}` for path parameters.
    pub pfad: &'static str,
    /// `get` or `post`.
    pub methode: &'static str,
    /// Id of the operation in the OpenAPI document.
    pub id: &'static str,
    /// German summary.
    pub zusammenfassung: &'static str,
    /// Group in the OpenAPI document.
    pub gruppe: &'static str,
    /// Query parameters the route accepts (anything else is a 400).
    pub parameter: &'static [&'static str],
    /// Of those, the ones a request must give.
    pub pflicht: &'static [&'static str],
    /// Media types of a successful answer.
    pub typen: &'static [&'static str],
    /// Whether the answer depends on the internal token (public answers are suppressed).
    pub zugang: bool,
}

const JSON: &[&str] = &["application/json"];
const JSON_HTML: &[&str] = &["application/json", "text/html"];
const GEOJSON: &[&str] = &["application/geo+json"];
const GEOJSON_HTML: &[&str] = &["application/geo+json", "text/html"];
const JSON_GEOJSON: &[&str] = &["application/json", "application/geo+json"];

macro_rules! route {
    ($methode:literal $pfad:literal, $id:literal, $gruppe:literal, $typ:expr, $zugang:literal, $text:literal, [$($p:literal),* $(,)?] $(, pflicht [$($q:literal),*])?) => {
        Route { pfad: $pfad, methode: $methode, id: $id, zusammenfassung: $text, gruppe: $gruppe, parameter: &[$($p),*], pflicht: &[$($($q),*)?], typen: $typ, zugang: $zugang }
    };
}

/// Every route of the service.
pub const ROUTEN: &[Route] = &[
    route!("get" "/", "landingPage", "OGC API", JSON_HTML, false, "Landing Page der OGC API – Features (JSON mit Accept: application/json oder f=json; Browser bekommen die Kartenseite)", ["f", "crs"]),
    route!("get" "/conformance", "conformance", "OGC API", JSON_HTML, false, "Konformitätsklassen", ["f", "crs"]),
    route!("get" "/api", "openapi", "OGC API", &["application/vnd.oai.openapi+json;version=3.0", "text/html"], false, "Dieses OpenAPI-3.0-Dokument", ["f", "crs"]),
    route!("get" "/collections", "collections", "OGC API", JSON_HTML, false, "Die Sammlungen (Layer)", ["f", "crs"]),
    route!("get" "/collections/{collectionId}", "collection", "OGC API", JSON_HTML, false, "Eine Sammlung", ["f", "crs"]),
    route!("get" "/collections/{collectionId}/items", "items", "OGC API", GEOJSON_HTML, true, "Die Features einer Sammlung, seitenweise", ["f", "crs", "limit", "offset", "bbox", "bbox-crs", "datetime", "kategorie", "jahr", "zielgruppe"]),
    route!("get" "/collections/{collectionId}/items/{featureId}", "item", "OGC API", GEOJSON_HTML, true, "Ein Feature", ["f", "crs", "kategorie", "jahr", "zielgruppe"]),
    route!("get" "/api/health", "health", "Dienst", JSON, false, "Status und geladene Daten", []),
    route!("get" "/api/konfiguration", "konfiguration", "Dienst", JSON, false, "Einstellungen für die Kartenseite", []),
    route!("get" "/api/kommunen", "kommunen", "Gebiete", GEOJSON, false, "Die Kommunen mit Einwohnern, Fläche, Region, Jugendamt", []),
    route!("get" "/api/regionen", "regionen", "Gebiete", GEOJSON, false, "Aufgelöste Regionsflächen eines Regionsschemas", ["schema"]),
    route!("get" "/api/einheiten", "einheiten", "Gebiete", GEOJSON, false, "Die Gebiete einer Ebene", ["ebene", "schema"]),
    route!("get" "/api/profil/{ags}", "profil", "Gebiete", JSON, true, "Profil einer Kommune", ["schema"]),
    route!("get" "/api/kategorien", "kategorien", "Angebote", JSON, false, "Angebotskategorien mit Anzahl", []),
    route!("get" "/api/angebote", "angebote", "Angebote", GEOJSON, false, "Angebote als Punkte", ["kategorie", "bbox"]),
    route!("get" "/api/naechste", "naechste", "Angebote", GEOJSON, false, "Die k nächsten Angebote eines Ortes", ["lon", "lat", "kategorie", "k"], pflicht ["lon", "lat"]),
    route!("get" "/api/umkreis", "umkreis", "Angebote", JSON, false, "Angebote im Umkreis eines Ortes, nach Kategorie", ["lon", "lat", "radius", "kategorie"], pflicht ["lon", "lat"]),
    route!("get" "/api/abdeckung", "abdeckung", "Analysen", JSON_GEOJSON, true, "Versorgungsgrad je Gebiet", ["kategorie", "schwellen", "zielgruppe", "ebene", "schema", "umwegfaktor", "format"], pflicht ["kategorie"]),
    route!("get" "/api/entfernungen", "entfernungen", "Analysen", JSON_GEOJSON, true, "Gewichtete Entfernungen zum nächsten Angebot je Gebiet", ["kategorie", "zielgruppe", "ebene", "schema", "umwegfaktor", "format"], pflicht ["kategorie"]),
    route!("post" "/api/szenario", "szenario", "Analysen", JSON, true, "Was-wäre-wenn mit geplanten und geschlossenen Angeboten (JSON-Körper)", []),
    route!("get" "/api/bedarf-angebot", "bedarfAngebot", "Analysen", GEOJSON, true, "Bedarf × Versorgung je Kommune", ["indikator", "jahr", "kategorie", "zielgruppe", "schwelle", "schema", "versorgung_grenzen"], pflicht ["indikator", "kategorie"]),
    route!("get" "/api/indikatoren", "indikatoren", "Indikatoren", JSON, false, "Indikatorenkatalog mit Metadaten", []),
    route!("get" "/api/indikatoren/{id}", "indikatorKarte", "Indikatoren", GEOJSON, true, "Choroplethenkarte eines Indikators mit Legende", ["ebene", "schema", "jahr", "methode", "klassen", "grenzen", "palette", "kategorie", "zielgruppe", "schwelle", "umwegfaktor"]),
    route!("get" "/api/export/{datei}", "export", "Export", &["application/geo+json", "application/geopackage+sqlite3", "application/zip", "text/csv", "application/vnd.google-earth.kml+xml", "application/flatgeobuf"], true, "Layer als Datei (GDAL): {layer}.geojson|gpkg|shp.zip|csv|kml|fgb", ["crs", "kategorie", "jahr", "zielgruppe"]),
    route!("get" "/api/karten/{datei}", "karte", "Karten", &["image/svg+xml", "image/png"], true, "Karte für Sitzungsvorlagen: {ansicht}.svg oder .png (Indikator, bedarf-angebot, szenario)", ["format", "ausrichtung", "dpi", "titel", "untertitel", "jahr", "ebene", "schema", "methode", "klassen", "grenzen", "palette", "kategorie", "zielgruppe", "schwelle", "umwegfaktor", "indikator", "versorgung_grenzen", "plan", "weg", "darstellung"]),
];

/// The allowed query parameters of a route (by path as in [`ROUTEN`]).
pub fn parameter_von(pfad: &str) -> &'static [&'static str] {
    ROUTEN.iter().find(|r| r.pfad == pfad).map(|r| r.parameter).unwrap_or(&[])
}

/// What the data set offers for choices: ids of categories, region schemes, indicators,
/// layers and Kommunen, so the document lists exactly the values the handlers accept.
#[derive(Debug, Clone, Default)]
pub struct Verzeichnis {
    /// Offer categories.
    pub kategorien: Vec<String>,
    /// Region schemes.
    pub schemata: Vec<String>,
    /// Indicators of the data set.
    pub indikatoren: Vec<String>,
    /// Published layers (OGC collections, exports).
    pub sammlungen: Vec<String>,
    /// AGS of the Kommunen.
    pub kommunen: Vec<String>,
    /// Ids of the offers.
    pub angebote: Vec<String>,
}

impl Verzeichnis {
    /// The choices of a loaded data set.
    pub fn aus(a: &crate::Atlas) -> Self {
        Self {
            kategorien: a.kategorien.iter().map(|k| k.id.clone()).collect(),
            schemata: a.regionsschemata.iter().map(|s| s.id.clone()).collect(),
            indikatoren: a.indikatoren.iter().map(|i| i.id.clone()).collect(),
            sammlungen: crate::schichten::katalog(a).into_iter().map(|k| k.id).collect(),
            kommunen: a.kommunen.iter().map(|k| k.ags.to_string()).collect(),
            angebote: a.angebote.iter().map(|o| o.id.clone()).collect(),
        }
    }

    /// Indicator maps: the data set's and the derived ones.
    fn ansichten(&self) -> Vec<String> {
        self.indikatoren.iter().cloned().chain(KATALOG.iter().map(|(id, ..)| id.to_string())).collect()
    }
}

/// Text without control characters (which every parameter refuses).
const OHNE_STEUERZEICHEN: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";

/// An RFC 3339 date or date-time, or an interval of them with an open end (`..` or empty).
fn datetime_muster() -> String {
    let z = r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?";
    format!(r"^({z}|{z}/{z}|{z}/(\.\.)?|(\.\.)?/{z})$")
}

const CRS_URIS: [&str; 3] = [
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    "http://www.opengis.net/def/crs/EPSG/0/4326",
    "http://www.opengis.net/def/crs/EPSG/0/25832",
];

fn auswahl(werte: impl IntoIterator<Item = impl Into<String>>) -> Value {
    json!({"type": "string", "enum": werte.into_iter().map(Into::into).collect::<Vec<String>>()})
}

fn ganz(min: i64, max: i64, standard: i64) -> Value {
    json!({"type": "integer", "minimum": min, "maximum": max, "default": standard})
}

fn zahl(min: f64, max: f64, standard: Option<f64>) -> Value {
    let mut v = json!({"type": "number", "minimum": min, "maximum": max});
    if let Some(s) = standard {
        v["default"] = json!(s);
    }
    v
}

/// A list of numbers sent as `a,b,c` (OpenAPI `style: form`, `explode: false`).
fn zahlenliste(min: f64, max: f64, max_anzahl: usize) -> Value {
    json!({"type": "array", "items": zahl(min, max, None), "minItems": 1, "maxItems": max_anzahl})
}

/// Schema and German description of a query parameter of a route.
fn parameter_beschreibung(r: &Route, name: &str, v: &Verzeichnis) -> (Value, &'static str) {
    let text = json!({"type": "string"});
    let ogc = r.gruppe == "OGC API";
    match name {
        "f" => (auswahl(["json", "html"]), "Format der Antwort (sonst nach Accept-Kopf)"),
        "crs" if ogc => (
            auswahl(CRS_URIS),
            "Koordinatenreferenzsystem der Antwort als URI: OGC CRS84 (Standard), EPSG 4326 (Breite, Länge) oder EPSG 25832",
        ),
        "crs" => (
            auswahl(["EPSG:25832", "EPSG:4326"]),
            "Koordinatensystem der Datei (Standard EPSG:25832; GeoJSON und KML: EPSG:4326, KML nur EPSG:4326)",
        ),
        "bbox-crs" => (auswahl(CRS_URIS), "Koordinatenreferenzsystem von bbox als URI (Standard CRS84)"),
        "limit" => (
            json!({"type": "integer", "minimum": 1, "maximum": i64::from(u32::MAX), "default": STANDARD_LIMIT}),
            "Höchstzahl der Features je Seite (größere Werte werden auf 1000 begrenzt)",
        ),
        "offset" => (
            json!({"type": "integer", "minimum": 0, "maximum": i64::from(u32::MAX), "default": 0}),
            "Anzahl der übersprungenen Features",
        ),
        "bbox" => (
            // As in the OGC schema: 4 to 6 items, of which 5 is not meaningful (4 or 6, see text).
            json!({"type": "array", "items": {"type": "number", "minimum": -MAX_BBOX_BETRAG, "maximum": MAX_BBOX_BETRAG}, "minItems": 4, "maxItems": if ogc { 6 } else { 4 }}),
            "Ausschnitt: vier Zahlen West, Süd, Ost, Nord (WGS84 bzw. in der Achsfolge von bbox-crs) oder sechs mit Höhe; \
             Features, deren Geometrie den Ausschnitt schneidet. West > Ost: über den 180. Längengrad; Süd > Nord: leer",
        ),
        "datetime" => (
            json!({"type": "string", "pattern": datetime_muster()}),
            "Zeitpunkt oder Zeitraum nach RFC 3339 (2026-12-01, 2026-01-01/.., ../2026-12-31); die Sammlungen beschreiben den \
             aktuellen Stand ohne eigene Zeitangabe, jedes Feature gilt daher zu jeder Zeit",
        ),
        "kategorie" => (auswahl(v.kategorien.clone()), "Angebotskategorie (id aus /api/kategorien)"),
        "jahr" => (
            json!({"type": "integer", "minimum": JAHRE.start(), "maximum": JAHRE.end()}),
            "Jahr (Standard: das letzte mit Werten; ein Jahr ohne Werte ergibt 404)",
        ),
        "zielgruppe" => (auswahl(Zielgruppe::ALLE.map(|z| z.id())), "Zielgruppe der Bevölkerung"),
        "schema" => (auswahl(v.schemata.clone()), "Regionsschema (Standard: das erste)"),
        "ebene" => (auswahl(["kommune", "region", "kreis"]), "Ebene der Gebiete"),
        "lon" => (zahl(DEUTSCHLAND_LON.0, DEUTSCHLAND_LON.1, None), "Länge in Grad (WGS84), in Deutschland"),
        "lat" => (zahl(DEUTSCHLAND_LAT.0, DEUTSCHLAND_LAT.1, None), "Breite in Grad (WGS84), in Deutschland"),
        "k" => (ganz(1, MAX_K as i64, STANDARD_K as i64), "Anzahl der nächsten Angebote"),
        "radius" => (zahl(1.0, MAX_RADIUS_M, Some(STANDARD_RADIUS_M)), "Umkreis in Metern"),
        "schwellen" => (
            zahlenliste(1.0, MAX_SCHWELLE_M, MAX_SCHWELLEN),
            "Entfernungsschwellen in Metern, durch Komma getrennt (Standard 1000,2000,5000)",
        ),
        "schwelle" => (zahl(1.0, MAX_SCHWELLE_M, Some(STANDARD_SCHWELLE_BEDARF)), "Entfernungsschwelle in Metern"),
        "umwegfaktor" => (
            zahl(*UMWEGFAKTOR.start(), *UMWEGFAKTOR.end(), Some(1.0)),
            "Faktor auf die Luftlinie (1 = Luftlinie, z. B. 1,3 als Schätzung der Wegstrecke)",
        ),
        "format" if r.gruppe == "Karten" => (auswahl(["A4", "A3"]), "Papierformat"),
        "format" => (auswahl(["json", "geojson"]), "json (Liste) oder geojson (mit Gebietsflächen)"),
        "indikator" => (auswahl(v.indikatoren.clone()), "Bedarfsindikator (id aus /api/indikatoren)"),
        "methode" => (auswahl(["quantile", "gleich", "jenks", "manuell"]), "Klassifikation (manuell braucht grenzen)"),
        "klassen" => (ganz(MIN_KLASSEN as i64, MAX_KLASSEN as i64, STANDARD_KLASSEN as i64), "Anzahl der Klassen"),
        "grenzen" => (
            zahlenliste(-MAX_BBOX_BETRAG, MAX_BBOX_BETRAG, MAX_KLASSEN - 1),
            "Klassengrenzen für methode=manuell, aufsteigend, durch Komma getrennt (oder mit Dezimalkomma durch Semikolon: 10,5; 15)",
        ),
        "palette" => (auswahl(PALETTEN.iter().map(|p| p.id)), "Farbschema (id aus /api/indikatoren)"),
        "plan" => (
            json!({"type": "string", "pattern": r"^(-?\d+(\.\d+)?,-?\d+(\.\d+)?)(;-?\d+(\.\d+)?,-?\d+(\.\d+)?)*$"}),
            "Szenario-Karte: geplante Orte als Länge,Breite (WGS84, in Deutschland), mehrere durch Semikolon getrennt",
        ),
        "weg" => (
            json!({"type": "array", "items": auswahl(v.angebote.clone()), "maxItems": MAX_WEG}),
            "Szenario-Karte: IDs geschlossener Angebote der Kategorie, durch Komma getrennt",
        ),
        "darstellung" => {
            (auswahl(["nachher", "differenz"]), "Szenario-Karte: Versorgungsgrad nach dem Szenario oder Änderung")
        }
        "versorgung_grenzen" => (
            json!({"type": "array", "items": zahl(0.0, 100.0, None), "minItems": 2, "maxItems": 2}),
            "Anteile der Zielgruppe im Umkreis in Prozent, ab denen die Versorgung mittel und gut ist (Standard 25,50)",
        ),
        "ausrichtung" => (auswahl(["quer", "hoch"]), "Seitenausrichtung"),
        "titel" => (
            json!({"type": "string", "maxLength": MAX_TITEL, "pattern": OHNE_STEUERZEICHEN}),
            "Titel der Karte (ohne Steuerzeichen)",
        ),
        "untertitel" => (
            json!({"type": "string", "maxLength": MAX_TITEL, "pattern": OHNE_STEUERZEICHEN}),
            "Untertitel der Karte (ohne Steuerzeichen)",
        ),
        "dpi" => (ganz(72, 300, STANDARD_DPI as i64), "Auflösung der PNG-Karte in Punkten je Zoll"),
        _ => (text, ""),
    }
}

/// Schema of a path parameter of a route.
fn pfad_schema(r: &Route, name: &str, v: &Verzeichnis) -> Value {
    match (r.pfad, name) {
        (_, "collectionId") => auswahl(v.sammlungen.clone()),
        (_, "ags") => auswahl(v.kommunen.clone()),
        ("/api/indikatoren/{id}", "id") => auswahl(v.ansichten()),
        ("/api/export/{datei}", "datei") => {
            auswahl(v.sammlungen.iter().flat_map(|s| Exportformat::ALLE.iter().map(move |(_, e)| format!("{s}.{e}"))))
        }
        ("/api/karten/{datei}", "datei") => auswahl(
            v.ansichten()
                .into_iter()
                .chain([BEDARF_ANSICHT.to_string(), SZENARIO_ANSICHT.to_string()])
                .flat_map(|a| [format!("{a}.svg"), format!("{a}.png")]),
        ),
        _ => json!({"type": "string"}),
    }
}

fn problem(text: &str) -> Value {
    json!({"description": text, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
}

/// The body of `POST /api/szenario`.
fn szenario_schema(v: &Verzeichnis) -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["kategorie"],
        "properties": {
            "kategorie": auswahl(v.kategorien.clone()),
            "zielgruppe": auswahl(Zielgruppe::ALLE.map(|z| z.id())),
            "schwellen": json!({"type": "array", "items": zahl(1.0, MAX_SCHWELLE_M, None), "minItems": 1, "maxItems": MAX_SCHWELLEN}),
            "umwegfaktor": zahl(*UMWEGFAKTOR.start(), *UMWEGFAKTOR.end(), None),
            "ebene": auswahl(["kommune", "region", "kreis"]),
            "schema": auswahl(v.schemata.clone()),
            "hinzufuegen": {
                "type": "array",
                "maxItems": MAX_HINZU,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["lon", "lat"],
                    "properties": {
                        "lon": zahl(DEUTSCHLAND_LON.0, DEUTSCHLAND_LON.1, None),
                        "lat": zahl(DEUTSCHLAND_LAT.0, DEUTSCHLAND_LAT.1, None),
                        "name": json!({"type": "string", "maxLength": MAX_TITEL, "pattern": OHNE_STEUERZEICHEN}),
                        "kategorie": auswahl(v.kategorien.clone()),
                    },
                },
            },
            "entfernen": {
                "type": "array",
                "maxItems": MAX_WEG,
                "items": {
                    "type": "string",
                    "enum": v.angebote.clone(),
                    "description": "Angebots-ID derselben Kategorie (aus /api/angebote)",
                },
            },
        },
    })
}

/// The OpenAPI 3.0 document of the whole service for the choices of the loaded data set, with
/// `basis` as server URL. The service prepares it once and sets the server URL per request
/// ([`mit_server`]).
pub fn openapi(basis: &str, v: &Verzeichnis) -> Value {
    let mut pfade = Map::new();
    for r in ROUTEN {
        let mut parameter: Vec<Value> = r
            .pfad
            .split('/')
            .filter_map(|t| t.strip_prefix('{').and_then(|t| t.strip_suffix('}')))
            .map(|n| json!({"name": n, "in": "path", "required": true, "schema": pfad_schema(r, n, v)}))
            .collect();
        for p in r.parameter {
            let (schema, text) = parameter_beschreibung(r, p, v);
            let pflicht = r.pflicht.contains(p);
            let mut q = json!({"name": p, "in": "query", "required": pflicht, "schema": schema, "description": text});
            if schema_ist_liste(&q["schema"]) {
                q["style"] = json!("form");
                q["explode"] = json!(false);
            }
            if !pflicht {
                // An empty value counts as not given.
                q["allowEmptyValue"] = json!(true);
            }
            parameter.push(q);
        }
        let mut antworten = json!({
            "200": {"description": "Erfolg", "content": r.typen.iter().map(|t| (t.to_string(), json!({}))).collect::<Map<_, _>>()},
            "400": problem("Ungültige Anfrage; detail nennt den Parameter und was erlaubt ist"),
            "404": problem("Nicht gefunden"),
            "405": problem("Methode nicht erlaubt"),
            "414": problem("Adresse zu lang"),
            "431": problem("Kopfzeilen zu groß"),
        });
        if r.zugang {
            antworten["401"] = problem("Token ungültig oder interner Zugang nicht eingerichtet");
        }
        if r.methode == "post" {
            antworten["413"] = problem("Inhalt zu groß (höchstens 64 KiB)");
            antworten["415"] = problem("Inhalt ist kein JSON (Content-Type: application/json)");
        }
        if r.pfad == "/api/karten/{datei}" {
            antworten["503"] =
                problem("Zu viele Karten werden gerade gezeichnet; Retry-After nennt die Wartezeit in Sekunden");
        }
        let mut op = json!({
            "operationId": r.id,
            "summary": r.zusammenfassung,
            "tags": [r.gruppe],
            "parameters": parameter,
            "responses": antworten,
        });
        if r.zugang {
            // Without a token the public (suppressed) answer; with one, the internal.
            op["security"] = json!([{}, {"bearer": []}]);
        }
        if r.methode == "post" {
            op["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": szenario_schema(v)}}});
        }
        let eintrag = pfade.entry(r.pfad.to_string()).or_insert_with(|| json!({}));
        eintrag[r.methode] = op;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "sozialraum",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Geodatendienst für die sozialraumorientierte Jugendhilfeplanung: Kommunen, Angebote, Versorgung, Indikatoren; OGC API – Features (Teil 1 und 2). Fehler als application/problem+json mit deutscher Erklärung.",
            "license": {"name": "MIT"},
        },
        "servers": [{"url": basis}],
        "paths": pfade,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "Token des internen Zugangs (SOZIALRAUM_TOKEN): nicht ausgewiesene Werte werden gezeigt"}},
            "schemas": {"Problem": {
                "type": "object",
                "required": ["type", "title", "status", "detail"],
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                },
            }},
        },
    })
}

/// A prepared document with another server URL.
pub fn mit_server(dokument: &Value, basis: &str) -> Value {
    let mut d = dokument.clone();
    d["servers"] = json!([{"url": basis}]);
    d
}

fn schema_ist_liste(s: &Value) -> bool {
    s["type"] == "array"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_has_a_description_and_paths_are_unique() {
        let mut gesehen = std::collections::BTreeSet::new();
        for r in ROUTEN {
            assert!(gesehen.insert((r.pfad, r.methode)), "{} doppelt", r.pfad);
            for p in r.parameter {
                assert!(!parameter_beschreibung(r, p, &Verzeichnis::default()).1.is_empty(), "{p} ohne Beschreibung");
            }
        }
        // Every OGC API resource accepts the format and, because clients append their user
        // parameters to every request, the output CRS.
        for r in ROUTEN.iter().filter(|r| r.gruppe == "OGC API") {
            assert!(r.parameter.contains(&"f") && r.parameter.contains(&"crs"), "{}", r.pfad);
        }
    }

    #[test]
    fn the_openapi_document_has_every_route() {
        let d = openapi("http://127.0.0.1:8080", &Verzeichnis::default());
        assert_eq!(d["openapi"], "3.0.3");
        for r in ROUTEN {
            assert!(d["paths"][r.pfad][r.methode].is_object(), "{}", r.pfad);
        }
        assert_eq!(d["paths"]["/collections/{collectionId}/items"]["get"]["parameters"][0]["in"], "path");
    }
}

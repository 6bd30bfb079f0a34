//! The description of every route: path, method, summary, query parameters, answer type.
//! Handlers take their allowed parameters from here ([`parameter_von`]) and the OpenAPI 3.0
//! document at `/api` is generated from the same table, so the two cannot drift apart.

use serde_json::{Map, Value, json};

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
    /// Media type of a successful answer.
    pub typ: &'static str,
}

const JSON: &str = "application/json";
const GEOJSON: &str = "application/geo+json";

macro_rules! route {
    ($methode:literal $pfad:literal, $id:literal, $gruppe:literal, $typ:expr, $text:literal, [$($p:literal),* $(,)?]) => {
        Route { pfad: $pfad, methode: $methode, id: $id, zusammenfassung: $text, gruppe: $gruppe, parameter: &[$($p),*], typ: $typ }
    };
}

/// Every route of the service.
pub const ROUTEN: &[Route] = &[
    route!("get" "/", "landingPage", "OGC API", JSON, "Landing Page der OGC API – Features (JSON mit Accept: application/json oder f=json; sonst die Kartenseite)", ["f", "crs"]),
    route!("get" "/conformance", "conformance", "OGC API", JSON, "Konformitätsklassen", ["f", "crs"]),
    route!("get" "/api", "openapi", "OGC API", "application/vnd.oai.openapi+json;version=3.0", "Dieses OpenAPI-3.0-Dokument", ["f", "crs"]),
    route!("get" "/collections", "collections", "OGC API", JSON, "Die Sammlungen (Layer)", ["f", "crs"]),
    route!("get" "/collections/{collectionId}", "collection", "OGC API", JSON, "Eine Sammlung", ["f", "crs"]),
    route!("get" "/collections/{collectionId}/items", "items", "OGC API", GEOJSON, "Die Features einer Sammlung, seitenweise", ["f", "crs", "limit", "offset", "bbox", "bbox-crs", "kategorie", "jahr", "zielgruppe"]),
    route!("get" "/collections/{collectionId}/items/{featureId}", "item", "OGC API", GEOJSON, "Ein Feature", ["f", "crs", "kategorie", "jahr", "zielgruppe"]),
    route!("get" "/api/health", "health", "Dienst", JSON, "Status und geladene Daten", []),
    route!("get" "/api/konfiguration", "konfiguration", "Dienst", JSON, "Einstellungen für die Kartenseite", []),
    route!("get" "/api/kommunen", "kommunen", "Gebiete", GEOJSON, "Die Kommunen mit Einwohnern, Fläche, Region, Jugendamt", []),
    route!("get" "/api/regionen", "regionen", "Gebiete", GEOJSON, "Aufgelöste Regionsflächen eines Regionsschemas", ["schema"]),
    route!("get" "/api/einheiten", "einheiten", "Gebiete", GEOJSON, "Die Gebiete einer Ebene", ["ebene", "schema"]),
    route!("get" "/api/profil/{ags}", "profil", "Gebiete", JSON, "Profil einer Kommune", ["schema"]),
    route!("get" "/api/kategorien", "kategorien", "Angebote", JSON, "Angebotskategorien mit Anzahl", []),
    route!("get" "/api/angebote", "angebote", "Angebote", GEOJSON, "Angebote als Punkte", ["kategorie", "bbox"]),
    route!("get" "/api/naechste", "naechste", "Angebote", GEOJSON, "Die k nächsten Angebote eines Ortes", ["lon", "lat", "kategorie", "k"]),
    route!("get" "/api/umkreis", "umkreis", "Angebote", JSON, "Angebote im Umkreis eines Ortes, nach Kategorie", ["lon", "lat", "radius", "kategorie"]),
    route!("get" "/api/abdeckung", "abdeckung", "Analysen", JSON, "Versorgungsgrad je Gebiet", ["kategorie", "schwellen", "zielgruppe", "ebene", "schema", "umwegfaktor", "format"]),
    route!("get" "/api/entfernungen", "entfernungen", "Analysen", JSON, "Gewichtete Entfernungen zum nächsten Angebot je Gebiet", ["kategorie", "zielgruppe", "ebene", "schema", "umwegfaktor", "format"]),
    route!("post" "/api/szenario", "szenario", "Analysen", JSON, "Was-wäre-wenn mit geplanten und geschlossenen Angeboten (JSON-Körper)", []),
    route!("get" "/api/bedarf-angebot", "bedarfAngebot", "Analysen", GEOJSON, "Bedarf × Versorgung je Kommune", ["indikator", "jahr", "kategorie", "zielgruppe", "schwelle", "schema"]),
    route!("get" "/api/indikatoren", "indikatoren", "Indikatoren", JSON, "Indikatorenkatalog mit Metadaten", []),
    route!("get" "/api/indikatoren/{id}", "indikatorKarte", "Indikatoren", GEOJSON, "Choroplethenkarte eines Indikators mit Legende", ["ebene", "schema", "jahr", "methode", "klassen", "grenzen", "palette", "kategorie", "zielgruppe", "schwelle", "umwegfaktor"]),
    route!("get" "/api/export/{datei}", "export", "Export", "application/octet-stream", "Layer als Datei (GDAL): {layer}.geojson|gpkg|shp.zip|csv|kml|fgb", ["crs", "kategorie", "jahr", "zielgruppe"]),
    route!("get" "/api/karten/{datei}", "karte", "Karten", "image/svg+xml", "Karte für Sitzungsvorlagen: {ansicht}.svg oder .png", ["format", "ausrichtung", "dpi", "titel", "untertitel", "jahr", "ebene", "schema", "methode", "klassen", "grenzen", "palette", "kategorie", "zielgruppe", "schwelle"]),
];

/// The allowed query parameters of a route (by path as in [`ROUTEN`]).
pub fn parameter_von(pfad: &str) -> &'static [&'static str] {
    ROUTEN.iter().find(|r| r.pfad == pfad).map(|r| r.parameter).unwrap_or(&[])
}

/// Schema and German description of a query parameter.
fn parameter_beschreibung(name: &str) -> (Value, &'static str) {
    let text = json!({"type": "string"});
    let zahl = json!({"type": "number"});
    let ganz = |min: i64, max: i64, standard: i64| json!({"type": "integer", "minimum": min, "maximum": max, "default": standard});
    match name {
        "f" => (json!({"type": "string", "enum": ["json", "html"]}), "Format der Antwort (sonst nach Accept-Kopf)"),
        "crs" => (
            text,
            "Koordinatenreferenzsystem der Antwort als URI: OGC CRS84 (Standard), EPSG 4326 (Breite, Länge) oder EPSG 25832",
        ),
        "bbox-crs" => (text, "Koordinatenreferenzsystem von bbox als URI (Standard CRS84)"),
        "limit" => (ganz(1, 1000, 100), "Höchstzahl der Features je Seite"),
        "offset" => (ganz(0, i64::MAX, 0), "Anzahl der übersprungenen Features"),
        "bbox" => (
            json!({"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}),
            "Ausschnitt: West, Süd, Ost, Nord (in bbox-crs bzw. WGS84)",
        ),
        "kategorie" => (text, "Angebotskategorie (id aus /api/kategorien)"),
        "jahr" => (json!({"type": "integer"}), "Jahr (Standard: das letzte mit Werten)"),
        "zielgruppe" => {
            (json!({"type": "string", "enum": ["einwohner", "unter18", "unter10"]}), "Zielgruppe der Bevölkerung")
        }
        "schema" => (text, "Regionsschema (Standard: das erste)"),
        "ebene" => (json!({"type": "string", "enum": ["kommune", "region", "kreis"]}), "Ebene der Gebiete"),
        "lon" => (zahl, "Länge in Grad (WGS84)"),
        "lat" => (zahl, "Breite in Grad (WGS84)"),
        "k" => (ganz(1, 100, 5), "Anzahl der nächsten Angebote"),
        "radius" => (json!({"type": "number", "minimum": 1, "maximum": 50000, "default": 2000}), "Umkreis in Metern"),
        "schwellen" => (text, "Entfernungsschwellen in Metern, durch Komma getrennt (Standard 1000,2000,5000)"),
        "schwelle" => (json!({"type": "number", "default": 2000}), "Entfernungsschwelle in Metern"),
        "umwegfaktor" => {
            (json!({"type": "number", "minimum": 1, "maximum": 2, "default": 1}), "Faktor auf die Luftlinie")
        }
        "format" => (text, "json oder geojson (Analysen); A4 oder A3 (Karten)"),
        "indikator" => (text, "Bedarfsindikator (id aus /api/indikatoren)"),
        "methode" => (json!({"type": "string", "enum": ["quantile", "gleich", "jenks", "manuell"]}), "Klassifikation"),
        "klassen" => (ganz(2, 9, 5), "Anzahl der Klassen"),
        "grenzen" => (text, "Klassengrenzen für methode=manuell, durch Komma getrennt"),
        "palette" => (text, "Farbschema (id aus /api/indikatoren)"),
        "ausrichtung" => (json!({"type": "string", "enum": ["quer", "hoch"]}), "Seitenausrichtung"),
        "titel" => (text, "Titel der Karte"),
        "untertitel" => (text, "Untertitel der Karte"),
        "dpi" => (ganz(72, 300, 150), "Auflösung der PNG-Karte in Punkten je Zoll"),
        _ => (text, ""),
    }
}

/// The OpenAPI 3.0 document of the whole service, with `basis` as server URL.
pub fn openapi(basis: &str) -> Value {
    let mut pfade = Map::new();
    for r in ROUTEN {
        let mut parameter: Vec<Value> = r
            .pfad
            .split('/')
            .filter_map(|t| t.strip_prefix('{').and_then(|t| t.strip_suffix('}')))
            .map(|n| json!({"name": n, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        for p in r.parameter {
            let (schema, text) = parameter_beschreibung(p);
            let stil = if *p == "bbox" { json!({"style": "form", "explode": false}) } else { json!({}) };
            let mut v = json!({"name": p, "in": "query", "required": false, "schema": schema, "description": text});
            if let (Some(o), Some(s)) = (v.as_object_mut(), stil.as_object()) {
                o.extend(s.clone());
            }
            parameter.push(v);
        }
        let mut op = json!({
            "operationId": r.id,
            "summary": r.zusammenfassung,
            "tags": [r.gruppe],
            "parameters": parameter,
            "responses": {
                "200": {"description": "Erfolg", "content": {r.typ: {}}},
                "400": {"description": "Ungültige Anfrage; detail nennt den Parameter", "content": {"application/problem+json": {}}},
                "404": {"description": "Nicht gefunden", "content": {"application/problem+json": {}}},
            },
        });
        if r.methode == "post" {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["kategorie"]}}}});
        }
        let eintrag = pfade.entry(r.pfad.to_string()).or_insert_with(|| json!({}));
        eintrag[r.methode] = op;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "sozialraum",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Geodatendienst für die sozialraumorientierte Jugendhilfeplanung: Kommunen, Angebote, Versorgung, Indikatoren; OGC API – Features (Teil 1 und 2).",
            "license": {"name": "MIT"},
        },
        "servers": [{"url": basis}],
        "paths": pfade,
    })
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
                assert!(!parameter_beschreibung(p).1.is_empty(), "{p} ohne Beschreibung");
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
        let d = openapi("http://127.0.0.1:8080");
        assert_eq!(d["openapi"], "3.0.3");
        for r in ROUTEN {
            assert!(d["paths"][r.pfad][r.methode].is_object(), "{}", r.pfad);
        }
        assert_eq!(d["paths"]["/collections/{collectionId}/items"]["get"]["parameters"][0]["in"], "path");
    }
}

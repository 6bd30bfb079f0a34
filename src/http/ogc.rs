//! OGC API – Features, Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) and Part 2 (CRS by
//! reference) over the layers of [`crate::schichten`].
//!
//! Decisions where the standard leaves room (also in the README):
//! - The landing page is the service root `/`. JSON goes to every client that does not ask for
//!   HTML (`f=json`, a JSON `Accept`, `*/*` or none, as GIS clients send); a browser, which asks
//!   for `text/html`, gets the map page there, and the HTML landing page at `/?f=html`.
//! - `limit` defaults to 100 and is bounded to 1 … 1000; paging by `offset` with `next`/`prev`
//!   links. `numberMatched` counts all features matching `bbox` and the layer parameters.
//! - `crs` accepts OGC CRS84 (default, lon/lat), EPSG:4326 (lat/lon, the axis order of its
//!   definition) and EPSG:25832 (easting/northing); the storage CRS is CRS84. Every OGC resource
//!   accepts `crs` and `f`, because clients append their own query parameters to all requests.
//! - Extra query parameters of some layers: `kategorie` (angebote), `jahr` (indikator-…),
//!   `zielgruppe` (abdeckung-…). Other unknown parameters are a 400.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use geo::BoundingRect;
use serde_json::{Map, Value, json};

use super::beschreibung::{self, parameter_von};
use super::parameter::{BboxAchsen, Parameter};
use super::{ApiFehler, Zugang, Zustand};
use crate::model::Zielgruppe;
use crate::model::deutsch::zahl;
use crate::schichten::{self, Geometrie, Schicht, Schichtfrage};
use crate::spatial::{Ausschnitt, lonlat_nach_utm32};

/// Default page size of `items`.
pub const STANDARD_LIMIT: usize = 100;
/// Largest page size of `items`.
pub const MAX_LIMIT: usize = 1000;

const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const EPSG4326: &str = "http://www.opengis.net/def/crs/EPSG/0/4326";
const EPSG25832: &str = "http://www.opengis.net/def/crs/EPSG/0/25832";

/// The conformance classes this service implements.
pub const KONFORMITAET: [&str; 5] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
];

/// An output or bbox CRS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crs {
    /// WGS84 longitude, latitude.
    Crs84,
    /// WGS84 latitude, longitude.
    Epsg4326,
    /// ETRS89 / UTM 32N easting, northing (metres).
    Epsg25832,
}

impl Crs {
    /// The URI of the CRS.
    pub fn uri(self) -> &'static str {
        match self {
            Crs::Crs84 => CRS84,
            Crs::Epsg4326 => EPSG4326,
            Crs::Epsg25832 => EPSG25832,
        }
    }

    /// Reads a CRS URI (`http` or `https`) or short form (`EPSG:25832`, `OGC:CRS84`).
    pub fn lesen(t: &str, parameter: &str) -> Result<Crs, ApiFehler> {
        let t = t.trim().replace("https://", "http://");
        match t.as_str() {
            CRS84 | "OGC:CRS84" | "CRS84" => Ok(Crs::Crs84),
            EPSG4326 | "EPSG:4326" => Ok(Crs::Epsg4326),
            EPSG25832 | "EPSG:25832" => Ok(Crs::Epsg25832),
            _ => Err(ApiFehler::ungueltig(format!(
                "Parameter „{parameter}“ = „{t}“ wird nicht unterstützt; möglich: {CRS84}, {EPSG4326}, {EPSG25832}"
            ))),
        }
    }

    /// (lon, lat) pairs into this CRS, in place.
    fn von_lonlat(self, punkte: &mut [(f64, f64)]) -> Result<(), ApiFehler> {
        match self {
            Crs::Crs84 => Ok(()),
            Crs::Epsg4326 => {
                vertauschen(punkte);
                Ok(())
            }
            Crs::Epsg25832 => lonlat_nach_utm32(punkte).map_err(ApiFehler::intern),
        }
    }
}

/// (lon, lat) ↔ (lat, lon).
fn vertauschen(punkte: &mut [(f64, f64)]) {
    for p in punkte.iter_mut() {
        *p = (p.1, p.0);
    }
}

/// JSON or HTML, from `f` or the `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Darstellung {
    Json,
    Html,
}

fn darstellung(p: &Parameter, kopf: &HeaderMap, standard: Darstellung) -> Result<Darstellung, ApiFehler> {
    // Every OGC resource takes `crs` (clients append it everywhere); it must still be one we know.
    p.text("crs").map(|c| Crs::lesen(c, "crs")).transpose()?;
    match p.text("f") {
        Some("json") => return Ok(Darstellung::Json),
        Some("html") => return Ok(Darstellung::Html),
        Some(f) => return Err(ApiFehler::ungueltig(format!("Parameter „f“ = „{f}“: erlaubt sind json und html"))),
        None => {}
    }
    let accept = kopf.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let json =
        ["application/json", "application/geo+json", "application/vnd.oai.openapi+json", "application/schema+json"]
            .iter()
            .filter_map(|t| accept.find(t))
            .min();
    match (json, accept.find("text/html")) {
        (Some(j), Some(h)) => Ok(if h < j { Darstellung::Html } else { Darstellung::Json }),
        (Some(_), None) => Ok(Darstellung::Json),
        (None, Some(_)) => Ok(Darstellung::Html),
        (None, None) => Ok(standard),
    }
}

/// The base of absolute links: the configured public URL (e.g. `https://…` behind a proxy), or
/// `http://` and the request's `Host` where that is a plain host name, IP address and port.
/// Anything else in `Host` is never echoed (it would land in links and in the HTML page).
fn basis(z: &Zustand, kopf: &HeaderMap) -> String {
    if let Some(u) = &z.oeffentliche_url {
        return u.to_string();
    }
    let host = kopf.get(header::HOST).and_then(|v| v.to_str().ok()).filter(|h| {
        !h.is_empty() && h.len() <= 255 && h.chars().all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
    });
    match (host, z.eigene_adresse) {
        (Some(h), _) => format!("http://{h}"),
        (None, Some(a)) => format!("http://{a}"),
        (None, None) => "http://127.0.0.1".into(),
    }
}

fn link(href: String, rel: &str, typ: &str, titel: &str) -> Value {
    json!({"href": href, "rel": rel, "type": typ, "title": titel})
}

fn json_antwort(v: Value, typ: &'static str) -> Response {
    ([(header::CONTENT_TYPE, typ)], v.to_string()).into_response()
}

fn html(titel: &str, inhalt: String) -> Response {
    Html(format!(
        "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{t} – sozialraum OGC API</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem;color:#1a1a1a}}table{{border-collapse:collapse}}\
         td,th{{border-bottom:1px solid #ccc;padding:.2rem .5rem;text-align:left}}a{{color:#0b5394}}</style></head>\
         <body><p><a href=\"/?f=html\">OGC API – Features</a> · <a href=\"/collections?f=html\">Sammlungen</a> · <a href=\"/\">Kartenseite</a></p>\
         <h1>{t}</h1>{inhalt}</body></html>",
        t = esc(titel)
    ))
    .into_response()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `GET /`: the landing page (JSON or HTML), or for browsers the map page.
pub async fn landing(State(z): State<Zustand>, kopf: HeaderMap, p: Parameter) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/"))?;
    let b = basis(&z, &kopf);
    let titel = format!("sozialraum – {}", z.atlas.einheiten[z.atlas.kreis_einheit()].name);
    let links = vec![
        link(format!("{b}/?f=json"), "self", "application/json", "diese Seite (JSON)"),
        link(format!("{b}/?f=html"), "alternate", "text/html", "diese Seite (HTML)"),
        link(
            format!("{b}/api"),
            "service-desc",
            "application/vnd.oai.openapi+json;version=3.0",
            "API-Beschreibung (OpenAPI 3.0)",
        ),
        link(format!("{b}/api?f=html"), "service-doc", "text/html", "API-Dokumentation"),
        link(format!("{b}/conformance"), "conformance", "application/json", "Konformitätsklassen"),
        link(format!("{b}/collections"), "data", "application/json", "Sammlungen"),
    ];
    let explizit = p.text("f").is_some();
    // Clients that do not ask for HTML (no Accept, */*, JSON) get JSON; browsers ask for HTML.
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => Ok(json_antwort(
            json!({"title": titel, "description": "OGC API – Features: Kommunen, Regionen, Angebote, Indikatoren und Versorgung", "links": links}),
            "application/json",
        )),
        Darstellung::Html if explizit => Ok(html(
            &titel,
            format!(
                "<p>OGC API – Features (Teil 1 und 2). Für QGIS: Datenquelle „WFS / OGC API – Features“ mit der Adresse {}.</p><ul>\
                 <li><a href=\"/collections?f=html\">Sammlungen</a></li><li><a href=\"/conformance?f=html\">Konformität</a></li>\
                 <li><a href=\"/api\">OpenAPI-Dokument</a> (<a href=\"/api?f=html\">HTML</a>)</li></ul>",
                esc(&b)
            ),
        )),
        Darstellung::Html => karten_seite(&z).await,
    }
}

async fn karten_seite(z: &Zustand) -> Result<Response, ApiFehler> {
    let pfad = z.web.join("index.html");
    match tokio::fs::read_to_string(&pfad).await {
        Ok(t) => Ok(Html(t).into_response()),
        Err(_) => Err(ApiFehler::nicht_gefunden(format!(
            "Die Kartenseite fehlt ({}); die Schnittstellen sind unter /api und /collections erreichbar",
            pfad.display()
        ))),
    }
}

/// `GET /conformance`.
pub async fn konformitaet(kopf: HeaderMap, p: Parameter) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/conformance"))?;
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => Ok(json_antwort(json!({"conformsTo": KONFORMITAET}), "application/json")),
        Darstellung::Html => Ok(html(
            "Konformität",
            format!("<ul>{}</ul>", KONFORMITAET.iter().map(|k| format!("<li>{k}</li>")).collect::<String>()),
        )),
    }
}

/// `GET /api`: the OpenAPI 3.0 document of the whole service.
pub async fn openapi(State(z): State<Zustand>, kopf: HeaderMap, p: Parameter) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/api"))?;
    let d = beschreibung::mit_server(&z.openapi, &basis(&z, &kopf));
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => Ok(json_antwort(d, "application/vnd.oai.openapi+json;version=3.0")),
        Darstellung::Html => Ok(html(
            "Schnittstellen",
            format!(
                "<table><thead><tr><th>Methode</th><th>Pfad</th><th>Zweck</th><th>Parameter</th></tr></thead><tbody>{}</tbody></table>",
                beschreibung::ROUTEN
                    .iter()
                    .map(|r| format!(
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        r.methode.to_uppercase(),
                        esc(r.pfad),
                        esc(r.zusammenfassung),
                        r.parameter.join(", ")
                    ))
                    .collect::<String>()
            ),
        )),
    }
}

/// The layer parameters `kategorie`, `jahr`, `zielgruppe` of a request.
pub(super) fn frage_aus(a: &crate::Atlas, p: &Parameter, zugang: Zugang) -> Result<Schichtfrage, ApiFehler> {
    let jahr = p.jahr()?;
    let zielgruppe = match p.text("zielgruppe") {
        Some(t) => Some(Zielgruppe::von_id(t).ok_or_else(|| {
            ApiFehler::ungueltig(format!(
                "Parameter „zielgruppe“ = „{t}“; erlaubt: {}",
                Zielgruppe::ALLE.map(|z| z.id()).join(", ")
            ))
        })?),
        None => None,
    };
    let kategorie = p.kategorie(a)?.map(String::from);
    Ok(Schichtfrage { kategorie, jahr, zielgruppe, intern: zugang.intern() })
}

/// A layer, unknown ids as 404.
pub(super) fn schicht_laden(z: &Zustand, id: &str, f: &Schichtfrage) -> Result<Schicht, ApiFehler> {
    schichten::schicht(&z.atlas, id, f, &z.datenschutz).map_err(|e| match e {
        schichten::Schichtfehler::Unbekannt(t) | schichten::Schichtfehler::OhneWerte(t) => ApiFehler::nicht_gefunden(t),
        schichten::Schichtfehler::Ungueltig(t) => ApiFehler::ungueltig(t),
    })
}

/// Bounding box (lon/lat) of a geometry.
fn huelle(g: &Geometrie) -> Option<[f64; 4]> {
    match g {
        Geometrie::Flaeche(mp) => mp.bounding_rect().map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]),
        Geometrie::Punkt(p) => Some([p.lon, p.lat, p.lon, p.lat]),
    }
}

fn gesamthuelle(s: &Schicht) -> Option<[f64; 4]> {
    s.objekte
        .iter()
        .filter_map(|o| huelle(&o.geometrie))
        .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
}

/// What the collection resources say about a layer, prepared once at startup.
#[derive(Debug, Clone)]
pub struct Sammlungskopf {
    id: String,
    titel: String,
    beschreibung: String,
    bbox: Option<[f64; 4]>,
    anzahl: usize,
    felder: Vec<Value>,
    metadaten: Map<String, Value>,
}

/// The collection descriptions of every layer (default parameters, public mode).
pub fn sammlungskoepfe(a: &crate::Atlas, schutz: &crate::analysis::datenschutz::Datenschutz) -> Vec<Sammlungskopf> {
    schichten::katalog(a)
        .iter()
        .filter_map(|k| schichten::schicht(a, &k.id, &Schichtfrage::default(), schutz).ok())
        .map(|s| Sammlungskopf {
            bbox: gesamthuelle(&s).map(|h| h.map(|x| (x * 1e6).round() / 1e6)),
            anzahl: s.objekte.len(),
            felder: s
                .felder
                .iter()
                .map(|f| json!({"name": f.name, "type": f.typ, "description": f.beschreibung}))
                .collect(),
            metadaten: s.metadaten.iter().map(|(k, v)| (k.clone(), Value::from(v.clone()))).collect(),
            id: s.id,
            titel: s.titel,
            beschreibung: s.beschreibung,
        })
        .collect()
}

fn sammlung(s: &Sammlungskopf, b: &str) -> Value {
    json!({
        "id": s.id,
        "title": s.titel,
        "description": s.beschreibung,
        "itemType": "feature",
        "extent": {"spatial": {"bbox": [s.bbox], "crs": CRS84}},
        "crs": [CRS84, EPSG4326, EPSG25832],
        "storageCrs": CRS84,
        "links": [
            link(format!("{b}/collections/{}", s.id), "self", "application/json", "diese Sammlung"),
            link(format!("{b}/collections/{}?f=html", s.id), "alternate", "text/html", "diese Sammlung (HTML)"),
            link(format!("{b}/collections/{}/items", s.id), "items", "application/geo+json", "Features"),
            link(format!("{b}/collections/{}/items?f=html", s.id), "items", "text/html", "Features (HTML)"),
        ],
        "properties": s.felder,
        "metadata": s.metadaten,
    })
}

/// `GET /collections`.
pub async fn sammlungen(State(z): State<Zustand>, kopf: HeaderMap, p: Parameter) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/collections"))?;
    let b = basis(&z, &kopf);
    let liste = &z.sammlungen;
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => Ok(json_antwort(
            json!({
                "links": [
                    link(format!("{b}/collections"), "self", "application/json", "Sammlungen"),
                    link(format!("{b}/collections?f=html"), "alternate", "text/html", "Sammlungen (HTML)"),
                ],
                "collections": liste.iter().map(|s| sammlung(s, &b)).collect::<Vec<_>>(),
                "crs": [CRS84, EPSG4326, EPSG25832],
            }),
            "application/json",
        )),
        Darstellung::Html => Ok(html(
            "Sammlungen",
            format!(
                "<table><thead><tr><th>Sammlung</th><th>Beschreibung</th><th>Features</th></tr></thead><tbody>{}</tbody></table>",
                liste
                    .iter()
                    .map(|s| format!(
                        "<tr><td><a href=\"/collections/{id}?f=html\">{t}</a></td><td>{d}</td><td><a href=\"/collections/{id}/items?f=html\">{n}</a></td></tr>",
                        id = esc(&s.id),
                        t = esc(&s.titel),
                        d = esc(&s.beschreibung),
                        n = s.anzahl
                    ))
                    .collect::<String>()
            ),
        )),
    }
}

/// `GET /collections/{collectionId}`.
pub async fn sammlung_route(
    State(z): State<Zustand>,
    kopf: HeaderMap,
    Path(id): Path<String>,
    p: Parameter,
) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/collections/{collectionId}"))?;
    let s = z.sammlungen.iter().find(|s| s.id == id).ok_or_else(|| {
        ApiFehler::nicht_gefunden(format!(
            "Eine Sammlung „{id}“ gibt es nicht; vorhanden: {}",
            z.sammlungen.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
        ))
    })?;
    let b = basis(&z, &kopf);
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => Ok(json_antwort(sammlung(s, &b), "application/json")),
        Darstellung::Html => Ok(html(
            &s.titel,
            format!(
                "<p>{}</p><p><a href=\"/collections/{}/items?f=html\">{} Features</a></p><h2>Felder</h2><table><tbody>{}</tbody></table><h2>Metadaten</h2><table><tbody>{}</tbody></table>",
                esc(&s.beschreibung),
                esc(&s.id),
                s.anzahl,
                s.felder
                    .iter()
                    .map(|f| format!(
                        "<tr><td>{}</td><td>{}</td></tr>",
                        esc(f["name"].as_str().unwrap_or("")),
                        esc(f["description"].as_str().unwrap_or(""))
                    ))
                    .collect::<String>(),
                s.metadaten
                    .iter()
                    .map(|(k, v)| format!("<tr><td>{}</td><td>{}</td></tr>", esc(k), esc(v.as_str().unwrap_or(""))))
                    .collect::<String>()
            ),
        )),
    }
}

/// A geometry as GeoJSON in the output CRS.
fn geometrie(g: &Geometrie, crs: Crs) -> Result<Value, ApiFehler> {
    let runden = |x: f64| if crs == Crs::Epsg25832 { (x * 100.0).round() / 100.0 } else { (x * 1e7).round() / 1e7 };
    match g {
        Geometrie::Punkt(p) => {
            let mut v = [(p.lon, p.lat)];
            crs.von_lonlat(&mut v)?;
            Ok(json!({"type": "Point", "coordinates": [runden(v[0].0), runden(v[0].1)]}))
        }
        Geometrie::Flaeche(mp) => {
            let ring_um = |ls: &geo::LineString<f64>| -> Result<geo::LineString<f64>, ApiFehler> {
                let mut v: Vec<(f64, f64)> = ls.0.iter().map(|c| (c.x, c.y)).collect();
                crs.von_lonlat(&mut v)?;
                Ok(geo::LineString(v.into_iter().map(|(x, y)| geo::Coord { x, y }).collect()))
            };
            let mut teile = Vec::with_capacity(mp.0.len());
            for poly in &mp.0 {
                let innen = poly.interiors().iter().map(ring_um).collect::<Result<Vec<_>, _>>()?;
                teile.push(geo::Polygon::new(ring_um(poly.exterior())?, innen));
            }
            let umgerechnet = geo::MultiPolygon(teile);
            // Rounded as sent, and still valid (rings that rounding made touch are split).
            let g = crate::spatial::gerundet_gueltig(&umgerechnet, runden);
            let ring = |ls: &geo::LineString<f64>| ls.0.iter().map(|c| json!([c.x, c.y])).collect::<Vec<_>>();
            let polygone: Vec<Value> =
                g.0.iter()
                    .map(|p| {
                        Value::Array(
                            std::iter::once(p.exterior()).chain(p.interiors()).map(|r| Value::Array(ring(r))).collect(),
                        )
                    })
                    .collect();
            Ok(json!({"type": "MultiPolygon", "coordinates": polygone}))
        }
    }
}

fn feature(s: &Schicht, i: usize, crs: Crs) -> Result<Value, ApiFehler> {
    let o = &s.objekte[i];
    let props: Map<String, Value> = s.felder.iter().zip(&o.werte).map(|(f, w)| (f.name.clone(), w.json())).collect();
    Ok(json!({"type": "Feature", "id": o.id, "properties": props, "geometry": geometrie(&o.geometrie, crs)?}))
}

fn crs_kopf(crs: Crs) -> [(header::HeaderName, HeaderValue); 2] {
    let wert = HeaderValue::from_str(&format!("<{}>", crs.uri())).unwrap_or(HeaderValue::from_static("<>"));
    [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json")),
        (header::HeaderName::from_static("content-crs"), wert),
    ]
}

fn bbox_aus(p: &Parameter) -> Result<Option<Ausschnitt>, ApiFehler> {
    // Without a bbox, a bbox-crs has nothing to act on and is only checked.
    let crs = p.text("bbox-crs").map(|c| Crs::lesen(c, "bbox-crs")).transpose()?;
    p.bbox(match crs.unwrap_or(Crs::Crs84) {
        Crs::Crs84 => BboxAchsen::LonLat,
        Crs::Epsg4326 => BboxAchsen::LatLon,
        Crs::Epsg25832 => BboxAchsen::Utm32,
    })
}

/// An open end of a `datetime` interval: empty or `..`.
fn offen(s: &str) -> bool {
    s.is_empty() || s == ".."
}

/// The form of an RFC 3339 date or date-time: `JJJJ-MM-TT`, optionally `Thh:mm:ss`, a decimal
/// fraction and `Z` or `±hh:mm` (the same grammar as the pattern in the OpenAPI document).
fn zeitpunkt(s: &str) -> bool {
    let form = |s: &str, muster: &str| {
        s.len() == muster.len()
            && s.bytes().zip(muster.bytes()).all(|(c, m)| if m == b'9' { c.is_ascii_digit() } else { c == m })
    };
    if s.len() < 10 || !form(&s[..10], "9999-99-99") {
        return false;
    }
    let rest = &s[10..];
    if rest.is_empty() {
        return true;
    }
    let Some(zeit) = rest.strip_prefix('T') else {
        return false;
    };
    if zeit.len() < 8 || !form(&zeit[..8], "99:99:99") {
        return false;
    }
    let mut rest = &zeit[8..];
    if let Some(bruch) = rest.strip_prefix('.') {
        let n = bruch.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &bruch[n..];
    }
    rest == "Z" || ((rest.starts_with('+') || rest.starts_with('-')) && form(&rest[1..], "99:99"))
}

/// Checks `datetime` (RFC 3339 instant, date, or interval with `..` for an open end). The
/// layers describe the present state and carry no time of their own, so every feature is
/// valid at every time and the filter keeps all of them (OGC API – Features, Part 1, 7.15.4).
fn datetime_pruefen(p: &Parameter) -> Result<(), ApiFehler> {
    let Some(t) = p.text("datetime") else {
        return Ok(());
    };
    let gut = match t.split('/').collect::<Vec<_>>().as_slice() {
        [x] => zeitpunkt(x),
        [a, b] => (offen(a) && zeitpunkt(b)) || (zeitpunkt(a) && (offen(b) || zeitpunkt(b))),
        _ => false,
    };
    if gut {
        Ok(())
    } else {
        Err(ApiFehler::ungueltig(format!(
            "Parameter „datetime“ = „{}“: erwartet ein Datum oder einen Zeitpunkt nach RFC 3339 (2026-12-01, \
             2026-12-01T10:00:00Z) oder einen Zeitraum (2026-01-01/2026-12-31, ../2026-12-31)",
            super::parameter::kuerzen(t)
        )))
    }
}

/// `GET /collections/{collectionId}/items`.
pub async fn items(
    State(z): State<Zustand>,
    zugang: Zugang,
    kopf: HeaderMap,
    Path(id): Path<String>,
    p: Parameter,
) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/collections/{collectionId}/items"))?;
    let crs = p.text("crs").map(|c| Crs::lesen(c, "crs")).transpose()?.unwrap_or(Crs::Crs84);
    // Larger pages than the maximum are cut to it (OGC API – Features, Part 1, 7.15.3).
    let limit = p.ganzzahl("limit", 1..=u32::MAX as usize, STANDARD_LIMIT)?.min(MAX_LIMIT);
    let offset = p.ganzzahl("offset", 0..=u32::MAX as usize, 0)?;
    let bbox = bbox_aus(&p)?;
    datetime_pruefen(&p)?;
    let s = schicht_laden(&z, &id, &frage_aus(&z.atlas, &p, zugang)?)?;
    let treffer: Vec<usize> = (0..s.objekte.len())
        .filter(|&i| match (&bbox, &s.objekte[i].geometrie) {
            (None, _) => true,
            (Some(b), Geometrie::Flaeche(mp)) => b.schneidet(mp),
            (Some(b), Geometrie::Punkt(p)) => b.enthaelt(*p),
        })
        .collect();
    let seite: Vec<usize> = treffer.iter().skip(offset).take(limit).copied().collect();
    let b = basis(&z, &kopf);
    // The request's own parameters, with another offset, make the paging links.
    let mit_offset = |o: usize, f: Option<&str>| {
        let mut q: Vec<(String, String)> = p
            .paare()
            .filter(|(k, _)| *k != "offset" && *k != "f")
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        q.push(("offset".into(), o.to_string()));
        if let Some(f) = f {
            q.push(("f".into(), f.into()));
        }
        format!("{b}/collections/{id}/items?{}", serde_urlencoded::to_string(&q).unwrap_or_default())
    };
    let mut links = vec![
        link(mit_offset(offset, None), "self", "application/geo+json", "diese Seite"),
        link(mit_offset(offset, Some("html")), "alternate", "text/html", "diese Seite (HTML)"),
        link(format!("{b}/collections/{id}"), "collection", "application/json", "die Sammlung"),
    ];
    if offset + seite.len() < treffer.len() {
        links.push(link(mit_offset(offset + limit, None), "next", "application/geo+json", "nächste Seite"));
    }
    if offset > 0 {
        links.push(link(
            mit_offset(offset.saturating_sub(limit), None),
            "prev",
            "application/geo+json",
            "vorige Seite",
        ));
    }
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => {
            let features: Vec<Value> = seite.iter().map(|&i| feature(&s, i, crs)).collect::<Result<_, _>>()?;
            let body = json!({
                "type": "FeatureCollection",
                "numberMatched": treffer.len(),
                "numberReturned": features.len(),
                "links": links,
                "features": features,
            });
            Ok((crs_kopf(crs), body.to_string()).into_response())
        }
        Darstellung::Html => {
            let kopfzeile: String = s.felder.iter().map(|f| format!("<th>{}</th>", esc(&f.name))).collect();
            let zeilen: String = seite
                .iter()
                .map(|&i| {
                    let o = &s.objekte[i];
                    let zellen: String = o
                        .werte
                        .iter()
                        .map(|w| match w {
                            schichten::Wert::Zahl(Some(x)) => {
                                format!("<td>{}</td>", zahl(*x, if x.fract() == 0.0 { 0 } else { 4 }))
                            }
                            w => format!(
                                "<td>{}</td>",
                                esc(&w
                                    .json()
                                    .as_str()
                                    .map(String::from)
                                    .unwrap_or_else(|| w.json().to_string().replace("null", "–")))
                            ),
                        })
                        .collect();
                    format!(
                        "<tr><td><a href=\"/collections/{}/items/{}?f=html\">{}</a></td>{zellen}</tr>",
                        esc(&id),
                        esc(&o.id),
                        esc(&o.id)
                    )
                })
                .collect();
            let weiter = links
                .iter()
                .filter(|l| l["rel"] == "next" || l["rel"] == "prev")
                .map(|l| {
                    format!(
                        " <a href=\"{}\">{}</a>",
                        esc(&l["href"].as_str().unwrap_or("").replace(&b, "")).replace("f=json", "f=html"),
                        l["title"].as_str().unwrap_or("")
                    )
                })
                .collect::<String>();
            Ok(html(
                &s.titel,
                format!(
                    "<p>{} von {} Features.{weiter}</p><table><thead><tr><th>id</th>{kopfzeile}</tr></thead><tbody>{zeilen}</tbody></table>",
                    seite.len(),
                    treffer.len()
                ),
            ))
        }
    }
}

/// `GET /collections/{collectionId}/items/{featureId}`.
pub async fn item(
    State(z): State<Zustand>,
    zugang: Zugang,
    kopf: HeaderMap,
    Path((id, fid)): Path<(String, String)>,
    p: Parameter,
) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/collections/{collectionId}/items/{featureId}"))?;
    let crs = p.text("crs").map(|c| Crs::lesen(c, "crs")).transpose()?.unwrap_or(Crs::Crs84);
    let s = schicht_laden(&z, &id, &frage_aus(&z.atlas, &p, zugang)?)?;
    let i = s
        .objekte
        .iter()
        .position(|o| o.id == fid)
        .ok_or_else(|| ApiFehler::nicht_gefunden(format!("In der Sammlung „{id}“ gibt es kein Feature „{fid}“")))?;
    let b = basis(&z, &kopf);
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => {
            let mut f = feature(&s, i, crs)?;
            f["links"] = json!([
                link(format!("{b}/collections/{id}/items/{fid}"), "self", "application/geo+json", "dieses Feature"),
                link(
                    format!("{b}/collections/{id}/items/{fid}?f=html"),
                    "alternate",
                    "text/html",
                    "dieses Feature (HTML)"
                ),
                link(format!("{b}/collections/{id}"), "collection", "application/json", "die Sammlung"),
            ]);
            Ok((crs_kopf(crs), f.to_string()).into_response())
        }
        Darstellung::Html => {
            let o = &s.objekte[i];
            Ok(html(
                &format!("{} – {}", s.titel, o.id),
                format!(
                    "<table><tbody>{}</tbody></table>",
                    s.felder
                        .iter()
                        .zip(&o.werte)
                        .map(|(f, w)| format!(
                            "<tr><th>{}</th><td>{}</td></tr>",
                            esc(&f.name),
                            esc(&w.json().to_string())
                        ))
                        .collect::<String>()
                ),
            ))
        }
    }
}

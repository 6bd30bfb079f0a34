//! OGC API – Features, Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) and Part 2 (CRS by
//! reference) over the layers of [`crate::dienst::schichten`].
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
use schemars::JsonSchema;
use serde::Serialize;

use super::antwort::mit_typ;
use super::{ApiFehler, Zugang, Zustand, beschreibung};
use crate::dienst::Parameter;
use crate::dienst::schichten::{self, Eigenschaft, Featureseite, Link, Sammlung, crs_aus, schichtfeature};
use crate::model::deutsch::zahl;
use crate::model::schicht::Wert;
use crate::spatial::Crs;

type Antwort = Result<Response, ApiFehler>;

/// The conformance classes this service implements.
pub const KONFORMITAET: [&str; 5] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
];

/// JSON or HTML, from `f` or the `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Darstellung {
    Json,
    Html,
}

fn darstellung(p: &Parameter, kopf: &HeaderMap, standard: Darstellung) -> Result<Darstellung, ApiFehler> {
    // Every OGC resource takes `crs` (clients append it everywhere); it must still be one we know.
    crs_aus(p, "crs")?;
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

fn link(href: String, rel: &'static str, typ: &'static str, title: &'static str) -> Link {
    Link { href, rel, typ, title }
}

fn html(titel: &str, inhalt: String) -> Response {
    Html(format!(
        "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{t} – OGC API</title>\
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

/// The landing page.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Landing {
    /// Title.
    pub title: String,
    /// Description.
    pub description: &'static str,
    /// Links to the API's resources.
    pub links: Vec<Link>,
}

/// The conformance declaration.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Konformitaet {
    /// The conformance classes.
    #[serde(rename = "conformsTo")]
    pub conforms_to: Vec<&'static str>,
}

/// The extent of a collection.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Ausdehnung {
    /// Spatial extent.
    pub spatial: RaeumlicheAusdehnung,
}

/// The spatial extent of a collection.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RaeumlicheAusdehnung {
    /// Bounding boxes (lon/lat).
    pub bbox: Vec<Option<[f64; 4]>>,
    /// Their CRS.
    pub crs: &'static str,
}

/// A collection as OGC API describes it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Sammlungsangabe {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Always `feature`.
    #[serde(rename = "itemType")]
    pub item_type: &'static str,
    /// Extent.
    pub extent: Ausdehnung,
    /// Output CRS.
    pub crs: Vec<&'static str>,
    /// Storage CRS.
    #[serde(rename = "storageCrs")]
    pub storage_crs: &'static str,
    /// Links.
    pub links: Vec<Link>,
    /// Attributes.
    pub properties: Vec<Eigenschaft>,
    /// Source, Stand, data protection ….
    pub metadata: std::collections::BTreeMap<String, String>,
}

/// The collections.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Sammlungen {
    /// Links.
    pub links: Vec<Link>,
    /// The collections.
    pub collections: Vec<Sammlungsangabe>,
    /// Output CRS.
    pub crs: Vec<&'static str>,
}

fn crs_liste() -> Vec<&'static str> {
    Crs::ALLE.iter().map(|c| c.uri()).collect()
}

fn sammlungsangabe(s: &Sammlung, b: &str) -> Sammlungsangabe {
    Sammlungsangabe {
        id: s.id.clone(),
        title: s.titel.clone(),
        description: s.beschreibung.clone(),
        item_type: "feature",
        extent: Ausdehnung { spatial: RaeumlicheAusdehnung { bbox: vec![s.bbox], crs: Crs::Crs84.uri() } },
        crs: crs_liste(),
        storage_crs: Crs::Crs84.uri(),
        links: vec![
            link(format!("{b}/collections/{}", s.id), "self", "application/json", "diese Sammlung"),
            link(format!("{b}/collections/{}?f=html", s.id), "alternate", "text/html", "diese Sammlung (HTML)"),
            link(format!("{b}/collections/{}/items", s.id), "items", "application/geo+json", "Features"),
            link(format!("{b}/collections/{}/items?f=html", s.id), "items", "text/html", "Features (HTML)"),
        ],
        properties: s.felder.clone(),
        metadata: s.metadaten.iter().cloned().collect(),
    }
}

/// `GET /`: the landing page (JSON or HTML), or for browsers the map page.
pub async fn landing(State(z): State<Zustand>, kopf: HeaderMap, p: Parameter) -> Antwort {
    p.nur(schichten::OGC_PARAMETER)?;
    let b = basis(&z, &kopf);
    let a = &z.dienst().atlas;
    let titel = format!("sozialraum – {}", a.einheiten[a.kreis_einheit()].name);
    // Clients that do not ask for HTML (no Accept, */*, JSON) get JSON; browsers ask for HTML.
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => mit_typ(Ok(landing_json(&b, titel)), "application/json"),
        Darstellung::Html if p.text("f").is_some() => Ok(html(&titel, landing_html(&b))),
        Darstellung::Html => karten_seite(&z).await,
    }
}

fn landing_json(b: &str, title: String) -> Landing {
    Landing {
        title,
        description: "OGC API – Features: Kommunen, Regionen, Angebote, Indikatoren und Versorgung",
        links: vec![
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
        ],
    }
}

fn landing_html(b: &str) -> String {
    format!(
        "<p>OGC API – Features (Teil 1 und 2). Für QGIS: Datenquelle „WFS / OGC API – Features“ mit der Adresse {}.</p><ul>\
         <li><a href=\"/collections?f=html\">Sammlungen</a></li><li><a href=\"/conformance?f=html\">Konformität</a></li>\
         <li><a href=\"/api\">OpenAPI-Dokument</a> (<a href=\"/api?f=html\">HTML</a>)</li></ul>",
        esc(b)
    )
}

async fn karten_seite(z: &Zustand) -> Antwort {
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
pub async fn konformitaet(kopf: HeaderMap, p: Parameter) -> Antwort {
    p.nur(schichten::OGC_PARAMETER)?;
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => mit_typ(Ok(Konformitaet { conforms_to: KONFORMITAET.to_vec() }), "application/json"),
        Darstellung::Html => Ok(html(
            "Konformität",
            format!("<ul>{}</ul>", KONFORMITAET.iter().map(|k| format!("<li>{k}</li>")).collect::<String>()),
        )),
    }
}

/// `GET /api`: the OpenAPI 3.0 document of the whole service.
pub async fn openapi(State(z): State<Zustand>, kopf: HeaderMap, p: Parameter) -> Antwort {
    p.nur(schichten::OGC_PARAMETER)?;
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => mit_typ(
            Ok(beschreibung::mit_server(&z.openapi(), &basis(&z, &kopf))),
            "application/vnd.oai.openapi+json;version=3.0",
        ),
        Darstellung::Html => Ok(html("Schnittstellen", routen_html())),
    }
}

fn routen_html() -> String {
    let zeilen: String = beschreibung::routen()
        .iter()
        .map(|r| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                r.methode.to_uppercase(),
                esc(r.pfad),
                esc(r.zusammenfassung),
                r.parameter.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    format!(
        "<table><thead><tr><th>Methode</th><th>Pfad</th><th>Zweck</th><th>Parameter</th></tr></thead><tbody>{zeilen}</tbody></table>"
    )
}

/// `GET /collections`.
pub async fn sammlungen(State(z): State<Zustand>, kopf: HeaderMap, p: Parameter) -> Antwort {
    p.nur(schichten::OGC_PARAMETER)?;
    let b = basis(&z, &kopf);
    let d = z.dienst();
    let liste = d.sammlungen();
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => mit_typ(
            Ok(Sammlungen {
                links: vec![
                    link(format!("{b}/collections"), "self", "application/json", "Sammlungen"),
                    link(format!("{b}/collections?f=html"), "alternate", "text/html", "Sammlungen (HTML)"),
                ],
                collections: liste.iter().map(|s| sammlungsangabe(s, &b)).collect(),
                crs: crs_liste(),
            }),
            "application/json",
        ),
        Darstellung::Html => Ok(html("Sammlungen", sammlungen_html(liste))),
    }
}

fn sammlungen_html(liste: &[Sammlung]) -> String {
    let zeilen: String = liste
        .iter()
        .map(|s| {
            format!(
                "<tr><td><a href=\"/collections/{id}?f=html\">{t}</a></td><td>{d}</td><td><a href=\"/collections/{id}/items?f=html\">{n}</a></td></tr>",
                id = esc(&s.id),
                t = esc(&s.titel),
                d = esc(&s.beschreibung),
                n = s.anzahl
            )
        })
        .collect();
    format!(
        "<table><thead><tr><th>Sammlung</th><th>Beschreibung</th><th>Features</th></tr></thead><tbody>{zeilen}</tbody></table>"
    )
}

/// `GET /collections/{collectionId}`.
pub async fn sammlung(State(z): State<Zustand>, kopf: HeaderMap, Path(id): Path<String>, p: Parameter) -> Antwort {
    p.nur(schichten::OGC_PARAMETER)?;
    let d = z.dienst();
    let s = d.sammlung(&id)?;
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => mit_typ(Ok(sammlungsangabe(s, &basis(&z, &kopf))), "application/json"),
        Darstellung::Html => Ok(html(&s.titel, sammlung_html(s))),
    }
}

fn sammlung_html(s: &Sammlung) -> String {
    let zeile = |k: &str, v: &str| format!("<tr><td>{}</td><td>{}</td></tr>", esc(k), esc(v));
    format!(
        "<p>{}</p><p><a href=\"/collections/{}/items?f=html\">{} Features</a></p><h2>Felder</h2><table><tbody>{}</tbody></table><h2>Metadaten</h2><table><tbody>{}</tbody></table>",
        esc(&s.beschreibung),
        esc(&s.id),
        s.anzahl,
        s.felder.iter().map(|f| zeile(&f.name, &f.description)).collect::<String>(),
        s.metadaten.iter().map(|(k, v)| zeile(k, v)).collect::<String>()
    )
}

fn crs_kopf(crs: Crs) -> [(header::HeaderName, HeaderValue); 2] {
    let wert = HeaderValue::from_str(&format!("<{}>", crs.uri())).unwrap_or(HeaderValue::from_static("<>"));
    [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json")),
        (header::HeaderName::from_static("content-crs"), wert),
    ]
}

fn geojson_mit_crs<T: Serialize>(t: &T, crs: Crs) -> Antwort {
    Ok((crs_kopf(crs), serde_json::to_string(t).map_err(ApiFehler::intern)?).into_response())
}

/// The links of a page of items: the request's own parameters with another offset.
fn seitenlinks(b: &str, id: &str, p: &Parameter, s: &Featureseite) -> Vec<Link> {
    let mit_offset = |o: usize, f: Option<&str>| {
        let mut q: Vec<(&str, String)> =
            p.paare().filter(|(k, _)| *k != "offset" && *k != "f").map(|(k, v)| (k, v.to_string())).collect();
        q.push(("offset", o.to_string()));
        if let Some(f) = f {
            q.push(("f", f.into()));
        }
        format!("{b}/collections/{id}/items?{}", serde_urlencoded::to_string(&q).unwrap_or_default())
    };
    let mut links = vec![
        link(mit_offset(s.offset, None), "self", "application/geo+json", "diese Seite"),
        link(mit_offset(s.offset, Some("html")), "alternate", "text/html", "diese Seite (HTML)"),
        link(format!("{b}/collections/{id}"), "collection", "application/json", "die Sammlung"),
    ];
    if s.offset + s.seite.len() < s.treffer.len() {
        links.push(link(mit_offset(s.offset + s.limit, None), "next", "application/geo+json", "nächste Seite"));
    }
    if s.offset > 0 {
        links.push(link(
            mit_offset(s.offset.saturating_sub(s.limit), None),
            "prev",
            "application/geo+json",
            "vorige Seite",
        ));
    }
    links
}

/// `GET /collections/{collectionId}/items`.
pub async fn items(
    State(z): State<Zustand>,
    zugang: Zugang,
    kopf: HeaderMap,
    Path(id): Path<String>,
    p: Parameter,
) -> Antwort {
    let s = z.dienst_am(&p)?.features(&id, &p, zugang)?;
    let b = basis(&z, &kopf);
    let links = seitenlinks(&b, &id, &p, &s);
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => geojson_mit_crs(&s.geojson(links)?, s.crs),
        Darstellung::Html => Ok(html(&s.schicht.titel, items_html(&id, &s, &links, &b))),
    }
}

fn wert_html(w: &Wert) -> String {
    match w {
        Wert::Zahl(Some(x)) => zahl(*x, if x.fract() == 0.0 { 0 } else { 4 }),
        Wert::Text(Some(t)) => esc(t),
        Wert::Ganzzahl(Some(g)) => g.to_string(),
        Wert::Wahrheitswert(b) => b.to_string(),
        _ => "–".into(),
    }
}

fn items_html(id: &str, s: &Featureseite, links: &[Link], b: &str) -> String {
    let sch = &s.schicht;
    let kopfzeile: String = sch.felder.iter().map(|f| format!("<th>{}</th>", esc(&f.name))).collect();
    let zeilen: String = s
        .seite
        .iter()
        .map(|&i| {
            let o = &sch.objekte[i];
            let zellen: String = o.werte.iter().map(|w| format!("<td>{}</td>", wert_html(w))).collect();
            format!(
                "<tr><td><a href=\"/collections/{}/items/{}?f=html\">{}</a></td>{zellen}</tr>",
                esc(id),
                esc(&o.id),
                esc(&o.id)
            )
        })
        .collect();
    let weiter: String = links
        .iter()
        .filter(|l| l.rel == "next" || l.rel == "prev")
        .map(|l| format!(" <a href=\"{}\">{}</a>", esc(&l.href.replace(b, "")), l.title))
        .collect();
    format!(
        "<p>{} von {} Features.{weiter}</p><table><thead><tr><th>id</th>{kopfzeile}</tr></thead><tbody>{zeilen}</tbody></table>",
        s.seite.len(),
        s.treffer.len()
    )
}

/// `GET /collections/{collectionId}/items/{featureId}`.
pub async fn item(
    State(z): State<Zustand>,
    zugang: Zugang,
    kopf: HeaderMap,
    Path((id, fid)): Path<(String, String)>,
    p: Parameter,
) -> Antwort {
    let (s, i, crs) = z.dienst_am(&p)?.feature_von(&id, &fid, &p, zugang)?;
    let b = basis(&z, &kopf);
    match darstellung(&p, &kopf, Darstellung::Json)? {
        Darstellung::Json => {
            let mut f = schichtfeature(&s, i, crs)?;
            f.links = Some(vec![
                link(format!("{b}/collections/{id}/items/{fid}"), "self", "application/geo+json", "dieses Feature"),
                link(
                    format!("{b}/collections/{id}/items/{fid}?f=html"),
                    "alternate",
                    "text/html",
                    "dieses Feature (HTML)",
                ),
                link(format!("{b}/collections/{id}"), "collection", "application/json", "die Sammlung"),
            ]);
            geojson_mit_crs(&f, crs)
        }
        Darstellung::Html => Ok(html(&format!("{} – {}", s.titel, s.objekte[i].id), item_html(&s, i))),
    }
}

fn item_html(s: &crate::model::schicht::Schicht, i: usize) -> String {
    let zeilen: String = s
        .felder
        .iter()
        .zip(&s.objekte[i].werte)
        .map(|(f, w)| format!("<tr><th>{}</th><td>{}</td></tr>", esc(&f.name), wert_html(w)))
        .collect();
    format!("<table><tbody>{zeilen}</tbody></table>")
}

//! OGC API – Features semantics through `oneshot`: landing page negotiation, conformance,
//! paging, bbox (also in EPSG:25832), output CRS and axis order, errors, and the OpenAPI
//! document against the route table the handlers use.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{ok, senden};
use serde_json::Value;
use sozialraum::http::beschreibung::ROUTEN;

async fn mit_kopf(uri: &str, accept: &str) -> (StatusCode, String, Value) {
    senden(common::app(), Request::get(uri).header("accept", accept).body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn the_root_is_json_for_clients_and_the_map_page_for_browsers() {
    let (s, typ, v) = mit_kopf("/", "application/json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(typ, "application/json");
    let rels: Vec<&str> = v["links"].as_array().unwrap().iter().map(|l| l["rel"].as_str().unwrap()).collect();
    for r in ["self", "service-desc", "conformance", "data"] {
        assert!(rels.contains(&r), "{r}");
    }
    let (_, typ, _) = mit_kopf("/", "*/*").await;
    assert_eq!(typ, "application/json");
    let (s, typ, v) = mit_kopf("/", "text/html,application/xhtml+xml,*/*;q=0.8").await;
    assert_eq!(s, StatusCode::OK);
    assert!(typ.starts_with("text/html"));
    assert!(v.as_str().unwrap().contains("<div id=\"karte\""), "the map page");
    let (_, typ, v) = mit_kopf("/?f=html", "text/html").await;
    assert!(typ.starts_with("text/html"));
    assert!(v.as_str().unwrap().contains("OGC API"));
    let c = ok("/conformance").await;
    let klassen: Vec<&str> = c["conformsTo"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert!(klassen.contains(&"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"));
    assert!(klassen.contains(&"http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"));
}

#[tokio::test]
async fn collections_declare_their_crs_and_extent() {
    let v = ok("/collections").await;
    let k = v["collections"].as_array().unwrap().iter().find(|c| c["id"] == "kommunen").unwrap().clone();
    assert_eq!(k["storageCrs"], "http://www.opengis.net/def/crs/OGC/1.3/CRS84");
    assert!(k["crs"].as_array().unwrap().iter().any(|c| c == "http://www.opengis.net/def/crs/EPSG/0/25832"));
    let bbox = k["extent"]["spatial"]["bbox"][0].as_array().unwrap();
    // The Kreis lies around 8.1–8.7° E, 50.4–50.9° N.
    assert!(bbox[0].as_f64().unwrap() > 8.0 && bbox[2].as_f64().unwrap() < 8.8);
    assert!(bbox[1].as_f64().unwrap() > 50.3 && bbox[3].as_f64().unwrap() < 51.0);
    let (s, _, _) = common::abrufen("/collections/gibt-es-nicht").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn items_page_with_limit_and_offset_and_links() {
    let v = ok("/collections/angebote/items?limit=30&offset=60").await;
    assert_eq!(v["numberMatched"], 100);
    assert_eq!(v["numberReturned"], 30);
    let link = |rel: &str| {
        v["links"].as_array().unwrap().iter().find(|l| l["rel"] == rel).map(|l| l["href"].as_str().unwrap().to_string())
    };
    assert!(link("next").unwrap().contains("offset=90"));
    assert!(link("prev").unwrap().contains("offset=30"));
    let letzte = ok("/collections/angebote/items?limit=30&offset=90").await;
    assert_eq!(letzte["numberReturned"], 10);
    assert!(letzte["links"].as_array().unwrap().iter().all(|l| l["rel"] != "next"));
    let mut ids: Vec<String> = Vec::new();
    for o in [0, 30, 60, 90] {
        let seite = ok(&format!("/collections/angebote/items?limit=30&offset={o}")).await;
        ids.extend(seite["features"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()));
    }
    let mut einmalig = ids.clone();
    einmalig.sort();
    einmalig.dedup();
    assert_eq!(einmalig.len(), 100, "every offer exactly once over the pages");
    for bad in ["limit=0", "limit=1001", "offset=-1", "crs=EPSG:31467", "bbox=1,2,3", "bbox-crs=EPSG:25832"] {
        let (s, typ, v) = common::abrufen(&format!("/collections/angebote/items?{bad}")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert_eq!(typ, "application/problem+json");
    }
}

#[tokio::test]
async fn bbox_filters_like_a_scan_of_the_kommune_envelopes_also_in_utm32() {
    let a = common::atlas();
    let (w, s, o, n) = (8.40, 50.55, 8.50, 50.62);
    let v = ok(&format!("/collections/kommunen/items?bbox={w},{s},{o},{n}")).await;
    let mut api: Vec<String> =
        v["features"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
    api.sort();
    let mut scan: Vec<String> = a
        .kommunen
        .iter()
        .filter(|k| {
            use geo::BoundingRect;
            let r = k.grenze_wgs84.bounding_rect().unwrap();
            r.min().x <= o && r.max().x >= w && r.min().y <= n && r.max().y >= s
        })
        .map(|k| k.ags.to_string())
        .collect();
    scan.sort();
    assert_eq!(api, scan);
    assert_eq!(v["numberMatched"].as_u64().unwrap() as usize, scan.len());
    // The same box in EPSG:25832 (its outline, converted with cs2cs) selects at least these.
    let (x0, y0) = common::cs2cs("EPSG:4326", "EPSG:25832", s, w);
    let (x1, y1) = common::cs2cs("EPSG:4326", "EPSG:25832", n, o);
    let u = ok(&format!(
        "/collections/kommunen/items?bbox={x0},{y0},{x1},{y1}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/25832"
    ))
    .await;
    let ids: Vec<&str> = u["features"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    for id in &scan {
        assert!(ids.contains(&id.as_str()), "{id}");
    }
}

#[tokio::test]
async fn the_output_crs_is_announced_and_epsg_4326_has_latitude_first() {
    let r = |q: &str| Request::get(format!("/collections/kommunen/items/06532023{q}")).body(Body::empty()).unwrap();
    let antwort = tower::ServiceExt::oneshot(common::app(), r("")).await.unwrap();
    assert_eq!(antwort.headers()["content-crs"], "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>");
    let (_, _, crs84) = senden(common::app(), r("")).await;
    let (_, _, lat_lon) = senden(common::app(), r("?crs=http://www.opengis.net/def/crs/EPSG/0/4326")).await;
    let (_, _, utm) = senden(common::app(), r("?crs=http://www.opengis.net/def/crs/EPSG/0/25832")).await;
    let p = |v: &Value| {
        (
            v["geometry"]["coordinates"][0][0][0][0].as_f64().unwrap(),
            v["geometry"]["coordinates"][0][0][0][1].as_f64().unwrap(),
        )
    };
    let (lon, lat) = p(&crs84);
    assert_eq!(p(&lat_lon), (lat, lon));
    let (cx, cy) = common::cs2cs("EPSG:4326", "EPSG:25832", lat, lon);
    let (x, y) = p(&utm);
    assert!((x - cx).abs() < 0.02 && (y - cy).abs() < 0.02, "({x}, {y}) ≠ ({cx}, {cy})");
    assert_eq!(crs84["properties"]["name"], "Wetzlar");
    let antwort =
        tower::ServiceExt::oneshot(common::app(), r("?crs=http://www.opengis.net/def/crs/EPSG/0/25832")).await.unwrap();
    assert_eq!(antwort.headers()["content-crs"], "<http://www.opengis.net/def/crs/EPSG/0/25832>");
    let (s, _, _) = common::abrufen("/collections/kommunen/items/99999999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn indicator_collections_suppress_exactly_like_the_map() {
    let v = ok("/collections/indikator-hze_beispiel/items?jahr=2024").await;
    let karte = ok("/api/indikatoren/hze_beispiel?jahr=2024").await;
    for f in karte["features"].as_array().unwrap() {
        let id = f["id"].as_str().unwrap();
        let g = v["features"].as_array().unwrap().iter().find(|x| x["id"] == id).unwrap();
        assert_eq!(g["properties"]["status"], f["properties"]["status"], "{id}");
        assert_eq!(g["properties"]["zaehler"], f["properties"]["zaehler"], "{id}");
    }
    let siegbach = v["features"].as_array().unwrap().iter().find(|x| x["id"] == "06532019").unwrap();
    assert_eq!(siegbach["properties"]["wert"], Value::Null);
    let (_, typ, h) = mit_kopf("/collections/indikator-hze_beispiel/items?jahr=2024", "text/html").await;
    assert!(typ.starts_with("text/html"));
    assert!(h.as_str().unwrap().contains("<table>"));
}

#[tokio::test]
async fn the_openapi_document_and_the_handlers_agree_on_every_route() {
    let (s, typ, d) = mit_kopf("/api", "application/vnd.oai.openapi+json;version=3.0").await;
    assert_eq!(s, StatusCode::OK);
    assert!(typ.starts_with("application/vnd.oai.openapi+json"));
    for r in ROUTEN {
        let op = &d["paths"][r.pfad][r.methode];
        assert!(op.is_object(), "{} fehlt", r.pfad);
        let query: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(query, r.parameter, "{}", r.pfad);
        if r.methode != "get" || r.pfad.contains('{') {
            continue;
        }
        // A parameter the route does not know is refused, naming exactly the documented ones.
        let (s, _, v) = common::abrufen(&format!("{}?gibt_es_nicht=1", r.pfad)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{}", r.pfad);
        let erlaubt = if r.parameter.is_empty() { "keine".to_string() } else { r.parameter.join(", ") };
        assert!(v["detail"].as_str().unwrap().ends_with(&erlaubt), "{}: {}", r.pfad, v["detail"]);
    }
}

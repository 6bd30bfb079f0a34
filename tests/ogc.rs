//! OGC API – Features semantics through `oneshot`: landing page negotiation, conformance,
//! paging, bbox (also in EPSG:25832), output CRS and axis order, errors, and the OpenAPI
//! document against the route table the handlers use.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{ok, senden};
use serde_json::Value;
use sozialraum::http::beschreibung::routen;

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
    // Pages larger than the maximum are cut to it, not refused (OGC API – Features 7.15.3).
    let gross = ok("/collections/angebote/items?limit=5000").await;
    assert_eq!(gross["numberReturned"], 100);
    for bad in
        ["limit=0", "offset=-1", "crs=EPSG:31467", "bbox=1,2,3", "bbox=1,2,3,4,5", "bbox=0,0,1e9,1e9", "bbox=NaN,0,1,1"]
    {
        let (s, typ, v) = common::abrufen(&format!("/collections/angebote/items?{bad}")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert_eq!(typ, "application/problem+json");
    }
}

/// The Kommunen whose area meets the box, decided by GDAL/GEOS (not by the geo crate the
/// service uses), and those whose envelope meets it.
fn geos_treffer(w: f64, s: f64, o: f64, n: f64) -> (Vec<String>, Vec<String>) {
    use gdal::vector::ToGdal;
    use geo::BoundingRect;
    let a = common::atlas();
    let kasten =
        gdal::vector::Geometry::from_wkt(&format!("POLYGON(({w} {s},{o} {s},{o} {n},{w} {n},{w} {s}))")).unwrap();
    let mut flaeche = Vec::new();
    let mut huelle = Vec::new();
    for k in a.kommunen.iter() {
        if k.grenze_wgs84.to_gdal().unwrap().intersects(&kasten) {
            flaeche.push(k.ags.to_string());
        }
        let r = k.grenze_wgs84.bounding_rect().unwrap();
        if r.min().x <= o && r.max().x >= w && r.min().y <= n && r.max().y >= s {
            huelle.push(k.ags.to_string());
        }
    }
    (flaeche, huelle)
}

fn ids(v: &Value) -> Vec<String> {
    let mut ids: Vec<String> =
        v["features"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn bbox_selects_by_true_intersection_not_by_envelope_also_in_utm32() {
    // The box of the conformance finding: Driedorf's envelope meets it, its area does not.
    let (w, s, o, n) = (8.2, 50.5, 8.3, 50.6);
    let (flaeche, huelle) = geos_treffer(w, s, o, n);
    assert!(huelle.len() > flaeche.len(), "the test box must tell the two apart: {huelle:?} / {flaeche:?}");
    assert!(huelle.contains(&"06532007".to_string()) && !flaeche.contains(&"06532007".to_string()));
    let v = ok(&format!("/collections/kommunen/items?bbox={w},{s},{o},{n}")).await;
    assert_eq!(ids(&v), flaeche);
    assert_eq!(v["numberMatched"].as_u64().unwrap() as usize, flaeche.len());
    // Six numbers (with a height axis) select the same.
    assert_eq!(ids(&ok(&format!("/collections/kommunen/items?bbox={w},{s},0,{o},{n},100")).await), flaeche);
    for (w, s, o, n) in [(8.40, 50.55, 8.50, 50.62), (8.1, 50.3, 8.7, 50.9), (8.45, 50.80, 8.55, 50.85)] {
        let (flaeche, _) = geos_treffer(w, s, o, n);
        assert_eq!(
            ids(&ok(&format!("/collections/kommunen/items?bbox={w},{s},{o},{n}")).await),
            flaeche,
            "{w},{s},{o},{n}"
        );
    }
    // The same box in EPSG:25832 (corners converted with cs2cs): its outline is a little
    // curved in WGS84, so it selects at least the Kommunen the inner WGS84 box meets.
    let (w, s, o, n) = (8.40, 50.55, 8.50, 50.62);
    let (x0, y0) = common::cs2cs("EPSG:4326", "EPSG:25832", s, w);
    let (x1, y1) = common::cs2cs("EPSG:4326", "EPSG:25832", n, o);
    let u = ok(&format!(
        "/collections/kommunen/items?bbox={x0},{y0},{x1},{y1}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/25832"
    ))
    .await;
    let utm = ids(&u);
    let (innen, _) = geos_treffer(w + 0.01, s + 0.01, o - 0.01, n - 0.01);
    for id in &innen {
        assert!(utm.contains(id), "{id}");
    }
    // Outside the projection's domain: clipped, never a 500.
    let (st, _, _) = common::abrufen(
        "/collections/kommunen/items?bbox=-1e7,-1e7,1e7,1e7&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/25832",
    )
    .await;
    assert_eq!(st, StatusCode::OK);
}

#[tokio::test]
async fn datetime_is_accepted_and_checked() {
    for gut in
        ["2026-12-01", "2026-12-01T10:00:00Z", "2026-01-01/..", "../2026-12-31", "2020-01-01T00:00:00+01:00/2026-12-31"]
    {
        let v = ok(&format!("/collections/kommunen/items?datetime={}", gut.replace('+', "%2B"))).await;
        assert_eq!(v["numberMatched"], 23, "{gut}");
    }
    for schlecht in ["gestern", "2026-1-1", "../..", "2026-12-01/2026-12-31/2027-01-01"] {
        let (s, typ, v) = common::abrufen(&format!("/collections/kommunen/items?datetime={schlecht}")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{schlecht}: {v}");
        assert_eq!(typ, "application/problem+json");
        assert!(v["detail"].as_str().unwrap().contains("RFC 3339"), "{v}");
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
    // The embedded data set has no network: the catchment areas are left out of the document.
    assert!(d["paths"]["/api/isochronen"].is_null());
    for r in routen().into_iter().filter(|r| r.pfad != "/api/isochronen") {
        let op = &d["paths"][r.pfad][r.methode];
        assert!(op.is_object(), "{} fehlt", r.pfad);
        let query: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let namen: Vec<&str> = r.parameter.iter().map(|p| p.name()).collect();
        assert_eq!(query, namen, "{}", r.pfad);
        if r.methode != "get" || r.pfad.contains('{') || r.nur_intern || r.bearbeiten {
            continue;
        }
        // A parameter the route does not know is refused, naming exactly the documented ones.
        let (s, _, v) = common::abrufen(&format!("{}?gibt_es_nicht=1", r.pfad)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{}", r.pfad);
        let erlaubt = if namen.is_empty() { "keine".to_string() } else { namen.join(", ") };
        assert!(v["detail"].as_str().unwrap().ends_with(&erlaubt), "{}: {}", r.pfad, v["detail"]);
    }
}

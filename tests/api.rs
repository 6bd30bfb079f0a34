//! The HTTP API through `tower::ServiceExt::oneshot`, against brute-force computations.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::http::StatusCode;
use common::{abrufen, ok};
use serde_json::Value;
use sozialraum::spatial::{LonLat, utm32_von_lonlat};

/// Brute force: every offer (of a category) with its distance in metres from (lon, lat),
/// transforming the offer positions the API reports, sorted by distance then file order.
async fn alle_entfernungen(lon: f64, lat: f64, kategorie: Option<&str>) -> Vec<(String, f64)> {
    let url = match kategorie {
        Some(k) => format!("/api/angebote?kategorie={k}"),
        None => "/api/angebote".into(),
    };
    let alle = ok(&url).await;
    let p = utm32_von_lonlat(LonLat { lon, lat }).unwrap();
    let mut v: Vec<(usize, String, f64)> = alle["features"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let c = &f["geometry"]["coordinates"];
            let q = utm32_von_lonlat(LonLat { lon: c[0].as_f64().unwrap(), lat: c[1].as_f64().unwrap() }).unwrap();
            (i, f["id"].as_str().unwrap().to_string(), ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt())
        })
        .collect();
    v.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
    v.into_iter().map(|(_, id, d)| (id, d)).collect()
}

/// Deterministic query points spread over the Kreis and a bit beyond.
fn punkte() -> Vec<(f64, f64)> {
    let mut s: u64 = 0x5eed_1234;
    (0..40)
        .map(|_| {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let a = (s >> 11) as f64 / (1u64 << 53) as f64;
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let b = (s >> 11) as f64 / (1u64 << 53) as f64;
            (8.05 + 0.75 * a, 50.35 + 0.55 * b)
        })
        .collect()
}

#[tokio::test]
async fn health_reports_what_is_loaded() {
    let v = ok("/api/health").await;
    assert_eq!(v["status"], "ok");
    assert_eq!(v["kommunen"], 23);
    assert_eq!(v["einwohner"], 251_972);
    assert_eq!(v["angebote"], 100);
}

#[tokio::test]
async fn kommunen_are_23_features_with_the_promised_properties() {
    let (s, typ, v) = abrufen("/api/kommunen").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(typ, "application/geo+json");
    let f = v["features"].as_array().unwrap();
    assert_eq!(f.len(), 23);
    // The scheme of `region` is described as in every other answer: an object, not an id.
    assert_eq!(v["regionsschema"]["id"], "beispiel");
    assert_eq!(v["regionsschema"]["beispiel"], true);
    let summe: u64 = f.iter().map(|x| x["properties"]["einwohner"].as_u64().unwrap()).sum();
    assert_eq!(summe, 251_972);
    let wetzlar = f.iter().find(|x| x["properties"]["ags"] == "06532023").unwrap();
    assert_eq!(wetzlar["properties"]["name"], "Wetzlar");
    assert_eq!(wetzlar["properties"]["region"], Value::Null);
    assert_eq!(wetzlar["properties"]["jugendamt"], "Jugendamt Stadt Wetzlar");
    let herborn = f.iter().find(|x| x["properties"]["name"] == "Herborn").unwrap();
    assert_eq!(herborn["properties"]["region"], "Nord-Ost");
    assert_eq!(herborn["properties"]["einwohner"], 20_084);
    let flaeche = herborn["properties"]["flaeche_km2"].as_f64().unwrap();
    // Destatis: Herborn 63.7 km².
    assert!((flaeche - 63.7).abs() < 1.0, "{flaeche}");
}

#[tokio::test]
async fn regions_are_dissolved_with_members_and_population() {
    let v = ok("/api/regionen?schema=beispiel").await;
    let f = v["features"].as_array().unwrap();
    assert_eq!(f.len(), 4);
    assert_eq!(v["schema"]["beispiel"], true);
    assert_eq!(v["ohne_region"][0]["name"], "Wetzlar");
    let so = f.iter().find(|x| x["properties"]["region"] == "Süd-Ost").unwrap();
    // Aßlar 14288 + Hohenahr 4825 + Lahnau 8162 + Hüttenberg 10601 (Zensus 2022).
    assert_eq!(so["properties"]["einwohner"], 14_288 + 4_825 + 8_162 + 10_601);
    assert_eq!(so["properties"]["mitglieder"].as_array().unwrap().len(), 4);
    // Süd-Ost is split by Wetzlar: Aßlar with Hohenahr, Lahnau, Hüttenberg.
    assert_eq!(so["geometry"]["type"], "MultiPolygon");
    assert_eq!(so["geometry"]["coordinates"].as_array().unwrap().len(), 3);
    // The contiguous Nord-West is dissolved into one ring without slivers along the seams.
    let nw = f.iter().find(|x| x["properties"]["region"] == "Nord-West").unwrap();
    assert_eq!(nw["geometry"]["type"], "Polygon");
    assert_eq!(nw["geometry"]["coordinates"].as_array().unwrap().len(), 1);
    let gesamt: u64 = f.iter().map(|x| x["properties"]["einwohner"].as_u64().unwrap()).sum();
    assert_eq!(gesamt, 251_972 - 53_116);
}

#[tokio::test]
async fn an_unknown_region_scheme_is_a_400_naming_the_known_ones() {
    let (s, typ, v) = abrufen("/api/regionen?schema=amtlich").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(typ, "application/problem+json");
    assert!(v["detail"].as_str().unwrap().contains("vorhanden: beispiel"));
}

#[tokio::test]
async fn categories_count_their_offers() {
    let v = ok("/api/kategorien").await;
    let k = v.as_array().unwrap();
    let fz = k.iter().find(|x| x["id"] == "familienzentrum").unwrap();
    assert_eq!(fz["anzahl"], 12);
    assert_eq!(fz["beispiel"], true);
    assert_eq!(fz["paragraph"], "§ 16 SGB VIII");
    assert_eq!(k.iter().find(|x| x["id"] == "schule").unwrap()["anzahl"], 88);
}

#[tokio::test]
async fn offers_filter_by_category_and_bbox_like_a_scan_does() {
    let fz = ok("/api/angebote?kategorie=familienzentrum").await;
    assert_eq!(fz["features"].as_array().unwrap().len(), 12);
    assert!(fz["features"].as_array().unwrap().iter().all(|f| f["properties"]["beispiel"] == true));
    let alle = ok("/api/angebote").await;
    let (w, s, o, n) = (8.3, 50.5, 8.55, 50.65);
    let erwartet = alle["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            let c = &f["geometry"]["coordinates"];
            let (x, y) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
            x >= w && x <= o && y >= s && y <= n
        })
        .count();
    let bb = ok(&format!("/api/angebote?bbox={w},{s},{o},{n}")).await;
    assert_eq!(bb["features"].as_array().unwrap().len(), erwartet);
    assert!(erwartet > 5 && erwartet < 100);
    let schule = alle["features"].as_array().unwrap().iter().find(|f| f["id"] == "schule-3568").unwrap();
    assert_eq!(schule["properties"]["name"], "Holderbergschule");
    assert_eq!(schule["properties"]["schueler"], "837");
}

#[tokio::test]
async fn nearest_offers_match_a_brute_force_scan() {
    for (lon, lat) in punkte() {
        for kategorie in [None, Some("schule"), Some("familienzentrum")] {
            let k = 7;
            let mut url = format!("/api/naechste?lon={lon}&lat={lat}&k={k}");
            if let Some(kat) = kategorie {
                url.push_str(&format!("&kategorie={kat}"));
            }
            let v = ok(&url).await;
            let soll = alle_entfernungen(lon, lat, kategorie).await;
            let ist: Vec<(String, f64)> = v["features"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| (f["id"].as_str().unwrap().to_string(), f["properties"]["entfernung_m"].as_f64().unwrap()))
                .collect();
            assert_eq!(ist.len(), k);
            for ((id, d), (sid, sd)) in ist.iter().zip(&soll) {
                assert_eq!(id, sid, "{url}");
                assert!((d - sd).abs() <= 0.05, "{url}: {d} vs {sd}");
            }
        }
    }
}

#[tokio::test]
async fn offers_within_a_radius_match_a_brute_force_scan() {
    for (lon, lat) in punkte() {
        for radius in [500.0, 2_500.0, 10_000.0] {
            let v = ok(&format!("/api/umkreis?lon={lon}&lat={lat}&radius={radius}")).await;
            let soll: Vec<String> = alle_entfernungen(lon, lat, None)
                .await
                .into_iter()
                .filter(|(_, d)| *d <= radius)
                .map(|(id, _)| id)
                .collect();
            let mut ist: Vec<String> = v["gruppen"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|g| g["angebote"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()))
                .collect();
            let mut soll_sortiert = soll.clone();
            ist.sort();
            soll_sortiert.sort();
            assert_eq!(ist, soll_sortiert, "({lon}, {lat}) r={radius}");
            assert_eq!(v["anzahl"].as_u64().unwrap() as usize, soll.len());
        }
    }
}

#[tokio::test]
async fn radius_groups_follow_the_category_order_and_say_the_distance_measure() {
    // Dillenburg seat point: a Familienzentrum (example) sits exactly there.
    let v = ok("/api/umkreis?lon=8.283&lat=50.7393&radius=3000").await;
    assert!(v["entfernungsmass"].as_str().unwrap().contains("Luftlinie"));
    let gruppen = v["gruppen"].as_array().unwrap();
    assert_eq!(gruppen[0]["kategorie"], "familienzentrum");
    assert!(gruppen.iter().any(|g| g["kategorie"] == "schule"));
}

#[tokio::test]
async fn bad_parameters_get_400_problem_json_naming_the_parameter_and_range() {
    let faelle = [
        ("/api/naechste?lon=80&lat=50.5", "„lon“ = 80 liegt außerhalb des erlaubten Bereichs 5.5 bis 15.5"),
        ("/api/naechste?lon=8.5", "Parameter „lat“ fehlt"),
        ("/api/naechste?lon=8,5&lat=50.5", "„lon“ = „8,5“ ist keine Zahl"),
        ("/api/naechste?lon=8.5&lat=50.5&k=101", "„k“ = „101“ ist ungültig, erlaubt ist eine ganze Zahl von 1 bis 100"),
        ("/api/naechste?lon=8.5&lat=50.5&k=0", "von 1 bis 100"),
        ("/api/naechste?lon=8.5&lat=50.5&kategorie=kino", "unbekannte Kategorie „kino“"),
        (
            "/api/umkreis?lon=8.5&lat=50.5&radius=60000",
            "„radius“ = 60000 liegt außerhalb des erlaubten Bereichs 1 bis 50000 m",
        ),
        ("/api/umkreis?lon=8.5&lat=50.5&radus=100", "unbekannter Parameter „radus“"),
        ("/api/angebote?bbox=8.6,50.5,x,50.7", "Parameter „bbox“ = „8.6,50.5,x,50.7“: „x“ ist keine Zahl"),
        ("/api/angebote?bbox=8.6,50.5,8.7", "3 Zahlen angegeben"),
        ("/api/kommunen?x=1", "unbekannter Parameter „x“"),
    ];
    for (url, text) in faelle {
        let (s, typ, v) = abrufen(url).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{url}");
        assert_eq!(typ, "application/problem+json", "{url}");
        assert_eq!(v["status"], 400);
        let detail = v["detail"].as_str().unwrap();
        assert!(detail.contains(text), "{url}: {detail}");
    }
}

#[tokio::test]
async fn the_page_is_served_at_the_root_to_browsers() {
    // Browsers ask for HTML; other clients get the OGC API landing page (tests/ogc.rs).
    let anfrage = axum::http::Request::get("/").header("accept", "text/html").body(axum::body::Body::empty()).unwrap();
    let (s, typ, v) = common::senden(common::app(), anfrage).await;
    assert_eq!(s, StatusCode::OK);
    assert!(typ.starts_with("text/html"));
    assert!(v.as_str().unwrap().contains("<html lang=\"de\">"));
}

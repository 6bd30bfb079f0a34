//! Ressourcenkarte: the offers of every category near a family's place, checked against
//! distances computed here with PROJ's cs2cs from angebote.csv; and the place is in no log line
//! (the service logging everything, RUST_LOG=trace), in no history entry and nowhere in the
//! store.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::anfrage as senden;
use serde_json::json;

const INTERN: &str = "intern-token-ressourcen-5555";
/// A place in Herborn with digits that appear nowhere else.
const LON: f64 = 8.3071937;
const LAT: f64 = 50.6894263;

fn utm(lon: f64, lat: f64) -> (f64, f64) {
    common::cs2cs("EPSG:4326", "EPSG:25832", lat, lon)
}

#[test]
fn the_offers_near_a_place_by_category_with_distance_and_address() {
    let ordner = tempfile::tempdir().unwrap();
    let d = common::Dienst::mit_protokoll(
        &format!("intern_token = \"{INTERN}\"\n"),
        &ordner.path().join("s.gpkg"),
        tempfile::tempdir().unwrap(),
        "trace",
    );
    let u = &d.url;
    let (_, _, vorher) = senden(u, "GET", "/api/aenderungen", Some(INTERN), &[], None);
    let radius = 3000.0;
    let (s, _, r) =
        senden(u, "POST", "/api/ressourcenkarte", None, &[], Some(json!({"lon": LON, "lat": LAT, "radius": radius})));
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["kommune"]["name"], "Herborn");
    // Every category with offers, computed here: those within the radius (nearest first, at most
    // four), or the nearest one outside it.
    let ort = utm(LON, LAT);
    let angebote = common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/angebote.csv"));
    let mut je: std::collections::BTreeMap<String, Vec<(f64, String)>> = Default::default();
    for a in &angebote {
        let p = utm(a["lon"].parse().unwrap(), a["lat"].parse().unwrap());
        let dist = ((p.0 - ort.0).powi(2) + (p.1 - ort.1).powi(2)).sqrt();
        je.entry(a["kategorie"].clone()).or_default().push((dist, a["name"].clone()));
    }
    let gruppen = r["gruppen"].as_array().unwrap();
    assert_eq!(gruppen.len(), je.len(), "{r}");
    let mut nummer = 0;
    for g in gruppen {
        let mut soll = je[g["kategorie"]["id"].as_str().unwrap()].clone();
        soll.sort_by(|a, b| a.0.total_cmp(&b.0));
        let innen = soll.iter().filter(|x| x.0 <= radius).count();
        assert_eq!(g["im_umkreis"].as_u64(), Some(innen as u64), "{}", g["kategorie"]["id"]);
        let liste = g["angebote"].as_array().unwrap();
        assert_eq!(liste.len(), if innen == 0 { 1 } else { innen.min(4) });
        for (a, (dist, name)) in liste.iter().zip(&soll) {
            nummer += 1;
            assert_eq!(a["nummer"].as_u64(), Some(nummer));
            assert_eq!(a["name"].as_str(), Some(name.as_str()));
            assert!((a["entfernung_m"].as_f64().unwrap() - dist).abs() <= 0.51, "{a}: {dist}");
            assert_eq!(a["im_umkreis"].as_bool(), Some(*dist <= radius));
            assert!(a["strasse"].is_string() && a["plz"].is_string() && a["ort"].is_string());
        }
    }
    assert_eq!(r["im_umkreis"].as_u64(), Some(gruppen.iter().map(|g| g["im_umkreis"].as_u64().unwrap()).sum()));
    // A place in a URL elsewhere (nearest offers) is not logged either.
    let (s, _) = d.get(&format!("/api/naechste?lon={LON}&lat={LAT}&k=1"));
    assert_eq!(s, 200);
    // Wrong places and fields are refused with a German reason.
    for (koerper, teil) in [
        (json!({"lon": 200, "lat": LAT}), "Wertebereich"),
        (json!({"lon": LON}), "lat"),
        (json!({"lon": LON, "lat": LAT, "radius": 0}), "radius"),
        (json!({"lon": LON, "lat": LAT, "je_kategorie": 11}), "je_kategorie"),
        (json!({"lon": LON, "lat": LAT, "adresse": "Hauptstraße 1"}), "adresse"),
    ] {
        let (s, _, v) = senden(u, "POST", "/api/ressourcenkarte", None, &[], Some(koerper.clone()));
        assert_eq!(s, 400, "{koerper}: {v}");
        assert!(v["detail"].as_str().unwrap().contains(teil), "{koerper}: {v}");
    }
    let (s, _) = d.get("/api/ressourcenkarte");
    assert_eq!(s, 405);
    // Nothing of the place in the log, the history or the store.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let log = d.protokoll();
    assert!(log.contains("pfad=/api/ressourcenkarte"), "the trace log shows requests:\n{log}");
    let spuren = [
        format!("{LON}"),
        format!("{LAT}"),
        format!("{:.4}", LON),
        format!("{:.4}", LAT),
        format!("{:.0}", ort.0),
        format!("{:.0}", ort.1),
    ];
    for s in &spuren {
        assert!(!log.contains(s.as_str()), "Der Ort ({s}) steht im Protokoll");
    }
    let (_, _, nachher) = senden(u, "GET", "/api/aenderungen", Some(INTERN), &[], None);
    assert_eq!(nachher["anzahl"], vorher["anzahl"], "{nachher}");
    for datei in [d.speicher.clone(), d.speicher.with_extension("gpkg-wal")] {
        let inhalt = String::from_utf8_lossy(&std::fs::read(&datei).unwrap_or_default()).to_string();
        for s in &spuren[..4] {
            assert!(!inhalt.contains(s.as_str()), "{s} in {}", datei.display());
        }
    }
}

//! Indicator values kept in the store: a year replaced through the API (versioned, checked
//! against the data set, aggregated to regions like the values of the data set), and tables
//! for a new year uploaded long or wide with a check report first. Expected figures are
//! computed here from the files of the data set, not by the service.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;

use common::{anfrage as senden, curl};
use serde_json::{Value, json};

const BEARBEITEN: &str = "bearbeiten-token-fuer-die-werte-8910";

/// AGS → (name, inhabitants) from kommunen.csv.
fn kommunen() -> Vec<(String, String, f64)> {
    common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/kommunen.csv"))
        .into_iter()
        .map(|z| (z["ags"].clone(), z["name"].clone(), z["einwohner"].parse().unwrap()))
        .collect()
}

/// Region of every Kommune in the first scheme (regionen.csv).
fn regionen() -> HashMap<String, String> {
    common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/regionen.csv"))
        .into_iter()
        .filter(|z| z["schema"] == "beispiel" && !z["region"].is_empty())
        .map(|z| (z["ags"].clone(), z["region"].clone()))
        .collect()
}

fn dienst() -> (common::Dienst, tempfile::TempDir) {
    let ordner = tempfile::tempdir().unwrap();
    let d = common::Dienst::mit_speicher(
        &format!("bearbeiten_token = \"{BEARBEITEN}\"\n"),
        &ordner.path().join("s.gpkg"),
        tempfile::tempdir().unwrap(),
    );
    (d, ordner)
}

fn karte(d: &common::Dienst, pfad: &str) -> Value {
    let (s, b) = d.get(pfad);
    assert_eq!(s, 200, "{pfad}: {}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).unwrap()
}

#[test]
fn a_year_of_values_is_replaced_versioned_and_aggregated_like_the_data_set() {
    let (d, _o) = dienst();
    let u = d.url.clone();
    // A new year 2025 for kinderarmut: 10.0 + i/2 for the i-th Kommune.
    let k = kommunen();
    let werte: Vec<Value> =
        k.iter().enumerate().map(|(i, (ags, _, _))| json!({"ags": ags, "wert": 10.0 + i as f64 / 2.0})).collect();
    let pfad = "/api/indikatoren/kinderarmut/werte/2025";
    let (s, _, _) = senden(&u, "PUT", pfad, None, &[], Some(json!({"werte": werte})));
    assert_eq!(s, 401);
    let (s, etag, v) =
        senden(&u, "PUT", pfad, Some(BEARBEITEN), &[], Some(json!({"werte": werte, "kommentar": "INKAR 2025"})));
    assert_eq!((s, etag.as_str()), (200, "\"1\""), "{v}");
    assert_eq!((v["anzahl"].as_u64(), v["fehlende"].as_array().map(Vec::len)), (Some(23), Some(0)));
    // Every Kommune shows its value at once; a region is the mean weighted by inhabitants
    // (the rule of this indicator), computed here from kommunen.csv and regionen.csv.
    let m = karte(&d, "/api/indikatoren/kinderarmut?jahr=2025");
    for (i, (ags, _, _)) in k.iter().enumerate() {
        let f = m["features"].as_array().unwrap().iter().find(|f| f["id"] == *ags).unwrap();
        assert_eq!(f["properties"]["wert"].as_f64(), Some(10.0 + i as f64 / 2.0), "{ags}");
    }
    let r = regionen();
    let m = karte(&d, "/api/indikatoren/kinderarmut?jahr=2025&ebene=region");
    let gebiete: Vec<&Value> =
        m["features"].as_array().unwrap().iter().filter(|f| f["properties"]["art"] == "region").collect();
    assert_eq!(gebiete.len(), 4);
    for f in gebiete {
        let name = f["properties"]["name"].as_str().unwrap();
        let (mut summe, mut gewicht) = (0.0, 0.0);
        for (i, (ags, _, ew)) in k.iter().enumerate() {
            if r.get(ags).map(String::as_str) == Some(name) {
                summe += (10.0 + i as f64 / 2.0) * ew;
                gewicht += ew;
            }
        }
        let erwartet = summe / gewicht;
        assert!(
            (f["properties"]["wert"].as_f64().unwrap() - erwartet).abs() < 1e-3,
            "{name}: {} ≠ {erwartet}",
            f["properties"]["wert"]
        );
    }
    // Versioned: a change on the old version is refused.
    let (s, etag, _) =
        senden(&u, "PUT", pfad, Some(BEARBEITEN), &["If-Match: \"1\""], Some(json!({"werte": werte[..22]})));
    assert_eq!((s, etag.as_str()), (200, "\"2\""));
    let (s, _, v) = senden(&u, "PUT", pfad, Some(BEARBEITEN), &["If-Match: \"1\""], Some(json!({"werte": werte})));
    assert_eq!(s, 412, "{v}");
    // Checked: unknown areas, rates that do not match their counts (hze_beispiel is a rate of
    // sums, × 1000).
    let (s, _, v) = senden(
        &u,
        "PUT",
        "/api/indikatoren/kinderarmut/werte/2025",
        Some(BEARBEITEN),
        &[],
        Some(json!({"werte": [{"ags": "06531001", "wert": 1.0}]})),
    );
    assert_eq!(s, 400, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("keine Kommune des Kreises"), "{v}");
    let (s, _, v) = senden(
        &u,
        "PUT",
        "/api/indikatoren/hze_beispiel/werte/2025",
        Some(BEARBEITEN),
        &[],
        Some(json!({"werte": [{"ags": "06532001", "wert": 25.0, "zaehler": 30, "nenner": 1000}]})),
    );
    assert_eq!(s, 400, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("passt nicht zu Zähler 30 / Nenner 1000 × 1000 = 30.00"), "{v}");
    let (s, _, v) =
        senden(&u, "PUT", "/api/indikatoren/abdeckung/werte/2025", Some(BEARBEITEN), &[], Some(json!({"werte": []})));
    assert_eq!(s, 404, "{v}");
    // The history keeps both versions.
    let (_, _, h) = senden(&u, "GET", "/api/aenderungen?objekt=kinderarmut/2025", Some(BEARBEITEN), &[], None);
    let arten: Vec<&str> = h["aenderungen"].as_array().unwrap().iter().map(|a| a["art"].as_str().unwrap()).collect();
    assert_eq!(arten, ["geaendert", "angelegt"], "{h}");
    assert_eq!(h["aenderungen"][0]["vorher"].as_array().unwrap().len(), 23);
    assert_eq!(h["aenderungen"][0]["nachher"].as_array().unwrap().len(), 22);
}

#[test]
fn tables_of_values_are_checked_before_they_are_applied_long_or_wide() {
    let (d, o) = dienst();
    let k = kommunen();
    // Wide, as Excel saves it: a row per Kommune, a column per indicator; one unknown AGS, one
    // Kommune missing, a column that is no indicator.
    let mut zeilen = vec!["AGS;Kommune;kinderarmut;bg_mit_kindern;Bemerkung".to_string()];
    for (i, (ags, name, _)) in k.iter().enumerate().skip(1) {
        zeilen.push(format!("{ags};{name};{},5;{},25;", 10 + i, 40 + i));
    }
    zeilen.push("06531999;Anderswo;1;2;".into());
    let datei = o.path().join("werte 2026.csv");
    std::fs::write(&datei, zeilen.join("\r\n")).unwrap();
    let hoch = |abfrage: &str| {
        let (s, _, v) = curl(
            &d.url,
            "POST",
            &format!("/api/import/indikatorwerte?{abfrage}"),
            Some(BEARBEITEN),
            &["Content-Type: text/csv"],
            Some(&datei),
        );
        (s, v)
    };
    let (s, v) = hoch("jahr=2026&datei=werte.csv");
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["form"], "breit");
    let probleme: Vec<(&str, &str)> = v["probleme"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["zeile"].as_str().unwrap(), p["spalte"].as_str().unwrap()))
        .collect();
    // Line 24 of the file (header + 22 Kommunen + the unknown one), once per indicator.
    assert_eq!(probleme, [("Zeile 24", "AGS"), ("Zeile 24", "AGS")], "{v}");
    let hinweise = v["hinweise"].to_string();
    assert!(hinweise.contains(&format!("kein Wert für 1 Kommune(n): {}", k[0].1)), "{hinweise}");
    assert!(hinweise.contains("Spalte „Bemerkung“ ist kein Indikator"), "{hinweise}");
    let (s, v) = hoch("jahr=2026&datei=werte.csv&modus=anwenden");
    assert_eq!(s, 422, "{v}");
    assert_eq!(
        karte(&d, "/api/indikatoren/kinderarmut").pointer("/jahr"),
        karte(&d, "/api/indikatoren/kinderarmut").pointer("/jahr")
    );
    assert_eq!(d.get("/api/indikatoren/kinderarmut?jahr=2026").0, 404, "nichts übernommen");
    // Without the unknown row: applied; both indicators have their 2026 values.
    zeilen.pop();
    std::fs::write(&datei, zeilen.join("\r\n")).unwrap();
    let (s, v) = hoch("jahr=2026&datei=werte.csv&modus=anwenden");
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["angewendet"], true);
    let jahre: Vec<(&str, &str, u64)> = v["jahre"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| (j["indikator"].as_str().unwrap(), j["status"].as_str().unwrap(), j["werte"].as_u64().unwrap()))
        .collect();
    assert_eq!(jahre, [("kinderarmut", "neu", 22), ("bg_mit_kindern", "neu", 22)]);
    let m = karte(&d, "/api/indikatoren/bg_mit_kindern?jahr=2026");
    let f = m["features"].as_array().unwrap().iter().find(|f| f["id"] == k[3].0).unwrap();
    assert_eq!(f["properties"]["wert"].as_f64(), Some(43.25));
    // The default year of the indicator is now 2026.
    assert_eq!(karte(&d, "/api/indikatoren/kinderarmut")["jahr"], 2026);

    // Long, with counts: a rate that does not match its counts is found in its row.
    let lang = o.path().join("hze.csv");
    std::fs::write(
        &lang,
        format!("indikator,ags,jahr,wert,zaehler,nenner\nhze_beispiel,{},2026,30,30,1000\nhze_beispiel,{},2026,25,30,1000\n", k[0].0, k[1].0),
    )
    .unwrap();
    let (s, _, v) =
        curl(&d.url, "POST", "/api/import/indikatorwerte", Some(BEARBEITEN), &["Content-Type: text/csv"], Some(&lang));
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["form"], "lang");
    assert_eq!(v["probleme"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(
        (v["probleme"][0]["zeile"].as_str(), v["probleme"][0]["spalte"].as_str()),
        (Some("Zeile 3"), Some("wert"))
    );
}

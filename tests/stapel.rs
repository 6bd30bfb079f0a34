//! The batch command `sozialraum abdeckung` on the real Kreis data, against a brute-force
//! reference computed here: every point tested against every Kommune polygon with geo's
//! `Contains` (interior only), every point measured against every offer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use geo::{Contains, Point};
use sozialraum::Atlas;
use sozialraum::model::Zielgruppe;
use sozialraum::spatial::{Transformation, UTM32, WGS84};

fn sozialraum() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sozialraum"))
}

/// Test points: the inhabitant points of the population surface, plus points exactly on a
/// Kommune vertex (on the boundary, so in no interior) and points outside the Kreis.
fn punkte(a: &Atlas) -> Vec<(f64, f64, f64)> {
    let mut p: Vec<(f64, f64, f64)> =
        a.punkte(Zielgruppe::Einwohner).iter().map(|q| (q.pos.x, q.pos.y, q.gewicht)).collect();
    for k in a.kommunen.iter().take(5) {
        let c = k.grenze.0[0].exterior().0[3];
        p.push((c.x, c.y, 100.0));
    }
    p.push((300_000.0, 5_600_000.0, 50.0));
    p.push((470_000.0, 5_500_000.0, 50.0));
    p
}

fn schreiben(dir: &Path, a: &Atlas, p: &[(f64, f64, f64)]) {
    let mut t = String::from("x,y,weight\n");
    for (x, y, w) in p {
        t.push_str(&format!("{x},{y},{w}\n"));
    }
    std::fs::write(dir.join("punkte.csv"), t).unwrap();
    let mut t = String::from("x,y,category\n");
    for o in &a.angebote {
        t.push_str(&format!("{},{},{}\n", o.pos.x, o.pos.y, o.kategorie));
    }
    std::fs::write(dir.join("angebote.csv"), t).unwrap();
}

/// The reference: per AGS (Σ weight, shares at the thresholds), offers of one category.
fn referenz(
    a: &Atlas,
    p: &[(f64, f64, f64)],
    kategorie: Option<&str>,
    schwellen: &[f64],
) -> Vec<(String, f64, Vec<f64>)> {
    let angebote: Vec<(f64, f64)> =
        a.angebote.iter().filter(|o| kategorie.is_none_or(|k| o.kategorie == k)).map(|o| (o.pos.x, o.pos.y)).collect();
    let mut s = vec![(0.0, vec![0.0; schwellen.len()]); a.kommunen.len()];
    for &(x, y, w) in p {
        // Kommunen are sorted by AGS: the first that contains the point has the smallest id.
        let Some(k) = a.kommunen.iter().position(|k| k.grenze.contains(&Point::new(x, y))) else { continue };
        let d = angebote.iter().map(|o| ((o.0 - x).powi(2) + (o.1 - y).powi(2)).sqrt()).fold(f64::INFINITY, f64::min);
        s[k].0 += w;
        for (i, t) in schwellen.iter().enumerate() {
            if d <= *t {
                s[k].1[i] += w;
            }
        }
    }
    a.kommunen.iter().zip(s).map(|(k, (g, v))| (k.ags.to_string(), g, v.iter().map(|x| x / g).collect())).collect()
}

fn vergleichen(ausgabe: &str, erwartet: &[(String, f64, Vec<f64>)], spalten: &str) {
    let mut zeilen = ausgabe.lines();
    assert_eq!(zeilen.next(), Some(spalten));
    let rest: Vec<&str> = zeilen.collect();
    assert_eq!(rest.len(), erwartet.len());
    for (z, (ags, g, anteile)) in rest.iter().zip(erwartet) {
        let f: Vec<&str> = z.split(',').collect();
        assert_eq!(f[0], ags);
        assert!((f[1].parse::<f64>().unwrap() - g).abs() < 1e-6, "{z}");
        for (i, a) in anteile.iter().enumerate() {
            assert!((f[2 + i].parse::<f64>().unwrap() - a).abs() < 1e-9, "{z}: {a}");
            assert_eq!(f[2 + i].split('.').nth(1).map(str::len), Some(10), "10 decimals: {z}");
        }
    }
}

fn kommunen_geojson() -> std::path::PathBuf {
    common::wurzel().join("geodata/lahn-dill/kommunen.geojson")
}

#[test]
fn batch_coverage_of_the_real_kreis_matches_a_brute_force_reference() {
    let a = common::atlas();
    let d = tempfile::tempdir().unwrap();
    let p = punkte(&a);
    schreiben(d.path(), &a, &p);
    let aus = d.path().join("ergebnis.csv");
    let o = sozialraum()
        .args(["abdeckung", "--id-feld", "ags", "--kategorie", "familienzentrum", "--zeiten"])
        .arg("--gebiete")
        .arg(kommunen_geojson())
        .arg("--punkte")
        .arg(d.path().join("punkte.csv"))
        .arg("--angebote")
        .arg(d.path().join("angebote.csv"))
        .arg("--aus")
        .arg(&aus)
        .output()
        .unwrap();
    let fehler = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{fehler}");
    let erwartet = referenz(&a, &p, Some("familienzentrum"), &[1000.0, 2000.0, 5000.0]);
    vergleichen(&std::fs::read_to_string(&aus).unwrap(), &erwartet, "id,gewicht,anteil_1000,anteil_2000,anteil_5000");
    // The five steps as one JSON line; the boundary and outside points were left out, so the
    // weights sum to the official inhabitants.
    let zeit: serde_json::Value =
        serde_json::from_str(fehler.lines().rev().find(|l| l.starts_with('{')).unwrap()).unwrap();
    let schluessel: Vec<&str> = zeit.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(schluessel, ["laden", "index", "zuordnung", "naechste", "abdeckung"]);
    assert!(zeit.as_object().unwrap().values().all(|v| v.as_f64().unwrap() >= 0.0));
    let summe: f64 = erwartet.iter().map(|e| e.1).sum();
    assert!((summe - 251_972.0).abs() < 0.01, "{summe}");
}

#[test]
fn all_offers_lon_lat_input_and_a_geopackage_give_the_same_result() {
    let a = common::atlas();
    let d = tempfile::tempdir().unwrap();
    let p = punkte(&a);
    schreiben(d.path(), &a, &p);
    // The same points and offers in WGS84 (lon, lat), converted with PROJ here.
    let t = Transformation::neu(UTM32, WGS84).unwrap();
    let mut text = String::from("lon,lat,weight\n");
    for (x, y, w) in p.iter().take(a.punkte(Zielgruppe::Einwohner).len()) {
        let (lon, lat) = t.punkt(*x, *y).unwrap();
        text.push_str(&format!("{lon:.10},{lat:.10},{w}\n"));
    }
    std::fs::write(d.path().join("punkte_wgs84.csv"), text).unwrap();
    let mut text = String::from("lon,lat,category\n");
    for o in &a.angebote {
        text.push_str(&format!("{:.10},{:.10},{}\n", o.lage.lon, o.lage.lat, o.kategorie));
    }
    std::fs::write(d.path().join("angebote_wgs84.csv"), text).unwrap();
    // The Kommunen as a GeoPackage in EPSG:25832, written by GDAL's own ogr2ogr.
    let gpkg = d.path().join("kommunen.gpkg");
    let s = Command::new("ogr2ogr")
        .args(["-f", "GPKG", "-t_srs", UTM32])
        .arg(&gpkg)
        .arg(kommunen_geojson())
        .status()
        .unwrap();
    assert!(s.success());

    let lauf = |args: &[&str], punkte: &str, angebote: &str, gebiete: &Path| {
        let o = sozialraum()
            .arg("abdeckung")
            .args(args)
            .arg("--gebiete")
            .arg(gebiete)
            .arg("--punkte")
            .arg(d.path().join(punkte))
            .arg("--angebote")
            .arg(d.path().join(angebote))
            .args(["--aus", "-", "--schwellen", "500,1500"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let erwartet = referenz(&a, &p, None, &[500.0, 1500.0]);
    let kopf = "id,gewicht,anteil_500,anteil_1500";
    vergleichen(&lauf(&[], "punkte.csv", "angebote.csv", &kommunen_geojson()), &erwartet, kopf);
    vergleichen(&lauf(&[], "punkte.csv", "angebote.csv", &gpkg), &erwartet, kopf);
    // Through WGS84 and back, positions move by well under a millimetre.
    let wgs = lauf(&["--crs", "EPSG:4326"], "punkte_wgs84.csv", "angebote_wgs84.csv", &kommunen_geojson());
    for (z, (ags, g, anteile)) in wgs.lines().skip(1).zip(&erwartet) {
        let f: Vec<&str> = z.split(',').collect();
        assert_eq!(f[0], ags);
        assert!((f[1].parse::<f64>().unwrap() - g).abs() < 1e-6);
        for (i, x) in anteile.iter().enumerate() {
            assert!((f[2 + i].parse::<f64>().unwrap() - x).abs() < 1e-3, "{z}");
        }
    }
}

#[test]
fn bad_inputs_name_the_file_line_and_what_would_be_right() {
    let a = common::atlas();
    let d = tempfile::tempdir().unwrap();
    schreiben(d.path(), &a, &punkte(&a));
    let punkte_csv = d.path().join("punkte.csv");
    let text = std::fs::read_to_string(&punkte_csv).unwrap();
    let mut zeilen: Vec<String> = text.lines().map(String::from).collect();
    let lauf = |punkte: &Path, extra: &[&str]| {
        let o = sozialraum()
            .arg("abdeckung")
            .arg("--gebiete")
            .arg(kommunen_geojson())
            .arg("--punkte")
            .arg(punkte)
            .arg("--angebote")
            .arg(d.path().join("angebote.csv"))
            .args(["--aus", "-"])
            .args(extra)
            .output()
            .unwrap();
        assert!(!o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    zeilen[7] = "464000,5600000,viele".into();
    let kaputt = d.path().join("kaputt.csv");
    std::fs::write(&kaputt, zeilen.join("\n")).unwrap();
    let f = lauf(&kaputt, &[]);
    assert!(f.contains("kaputt.csv, Zeile 8") && f.contains("„viele“ ist keine Zahl"), "{f}");

    zeilen[7] = "464000,5600000,-3".into();
    std::fs::write(&kaputt, zeilen.join("\n")).unwrap();
    assert!(lauf(&kaputt, &[]).contains("negativ"));

    zeilen[7] = "464000,5600000".into();
    std::fs::write(&kaputt, zeilen.join("\n")).unwrap();
    assert!(lauf(&kaputt, &[]).contains("Zeile 8: Zeile hat 2 Felder"));

    std::fs::write(&kaputt, "x,y,gewicht\n1,2,3\n").unwrap();
    let f = lauf(&kaputt, &[]);
    assert!(f.contains("Spalte „weight“ fehlt") && f.contains("x, y, gewicht"), "{f}");

    std::fs::write(&kaputt, "x,y,weight\n8.4,50.6,3\n").unwrap();
    assert!(lauf(&kaputt, &[]).contains("--crs EPSG:4326"));

    let f = lauf(&punkte_csv, &["--id-feld", "schluessel"]);
    assert!(f.contains("Kennungsfeld „schluessel“ fehlt") && f.contains("ags"), "{f}");
    assert!(lauf(&punkte_csv, &["--schwellen", "1000,x"]).contains("--schwellen"));

    // Two areas with the same id.
    let doppelt = d.path().join("doppelt.geojson");
    let g =
        std::fs::read_to_string(kommunen_geojson()).unwrap().replace("\"ags\":\"06532002\"", "\"ags\":\"06532001\"");
    std::fs::write(&doppelt, g).unwrap();
    let o = sozialraum()
        .arg("abdeckung")
        .arg("--gebiete")
        .arg(&doppelt)
        .arg("--punkte")
        .arg(&punkte_csv)
        .arg("--angebote")
        .arg(d.path().join("angebote.csv"))
        .args(["--aus", "-"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("„06532001“ (ags) kommt mehrfach vor"));
}

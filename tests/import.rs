//! Importing offer lists through the real service: a CSV as Excel writes it (Windows-1252,
//! semicolons, decimal commas, CRLF) with every kind of problem, checked row by row; applying
//! is all or nothing; re-importing changes nothing; rows without a place wait to be placed;
//! XLSX (written by openpyxl), GeoJSON, GeoPackage and a zipped Shapefile in EPSG:25832
//! (written by GDAL's ogr2ogr) are read like the CSV.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use common::{anfrage as senden, curl};
use serde_json::{Value, json};

const BEARBEITEN: &str = "bearbeiten-token-fuer-den-import-4567";

/// The seat (main settlement) of every Kommune of the data set: a place inside it.
fn sitze() -> HashMap<String, (f64, f64, String)> {
    common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/kommunen.csv"))
        .into_iter()
        .map(|z| {
            (z["ags"].clone(), (z["sitz_lon"].parse().unwrap(), z["sitz_lat"].parse().unwrap(), z["name"].clone()))
        })
        .collect()
}

/// A number with a decimal comma, as German Excel writes it.
fn komma(x: f64) -> String {
    x.to_string().replace('.', ",")
}

/// Text in Windows-1252 with CRLF, converted by iconv (not by the code under test).
fn als_excel_csv(pfad: &Path, zeilen: &[String]) {
    let text = zeilen.join("\r\n") + "\r\n";
    let utf8 = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(utf8.path(), text).unwrap();
    let aus = Command::new("iconv").args(["-f", "UTF-8", "-t", "WINDOWS-1252"]).arg(utf8.path()).output().unwrap();
    assert!(aus.status.success(), "{}", String::from_utf8_lossy(&aus.stderr));
    std::fs::write(pfad, aus.stdout).unwrap();
}

fn hochladen(d: &common::Dienst, abfrage: &str, typ: &str, datei: &Path) -> (u16, Value) {
    let (s, _, v) = curl(
        &d.url,
        "POST",
        &format!("/api/import/angebote?{abfrage}"),
        Some(BEARBEITEN),
        &[&format!("Content-Type: {typ}")],
        Some(datei),
    );
    (s, v)
}

fn anzahl(d: &common::Dienst, kategorie: &str) -> u64 {
    let (s, b) = d.get(&format!("/api/angebote?kategorie={kategorie}"));
    assert_eq!(s, 200);
    serde_json::from_slice::<Value>(&b).unwrap()["anzahl"].as_u64().unwrap()
}

fn aenderungen(d: &common::Dienst) -> u64 {
    let (s, _, v) = senden(&d.url, "GET", "/api/aenderungen?limit=1000", Some(BEARBEITEN), &[], None);
    assert_eq!(s, 200, "{v}");
    v["anzahl"].as_u64().unwrap()
}

/// The problems of a report as (row, column, part of the reason).
fn probleme(v: &Value) -> Vec<(String, String, String)> {
    v["probleme"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["zeile"].as_str().unwrap_or("").to_string(),
                p["spalte"].as_str().unwrap_or("").to_string(),
                p["grund"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_excel_csv_is_checked_row_by_row_and_applied_all_or_nothing() {
    let ordner = tempfile::tempdir().unwrap();
    let d = common::Dienst::mit_speicher(
        &format!("bearbeiten_token = \"{BEARBEITEN}\"\n"),
        &ordner.path().join("sozialraum.gpkg"),
        tempfile::tempdir().unwrap(),
    );
    let s = sitze();
    let (dil_lon, dil_lat, _) = s["06532006"].clone();
    let (ass_lon, ass_lat, _) = s["06532001"].clone();
    // A stored family centre whose provider the list changes.
    let (_, b) = d.get("/api/angebote?kategorie=familienzentrum");
    let alle: Value = serde_json::from_slice(&b).unwrap();
    let fz = &alle["features"][0];
    let fz_id = fz["id"].as_str().unwrap().to_string();
    let fz_name = fz["properties"]["name"].as_str().unwrap().to_string();
    let [fz_lon, fz_lat] = [0, 1].map(|i| fz["geometry"]["coordinates"][i].as_f64().unwrap());
    let kopf = "id;Kategorie;Name;Träger;Längengrad;Breitengrad;AGS;Plätze;gültig ab".to_string();
    let gut = vec![
        format!(
            ";familienzentrum;Familienzentrum Nord;Jugendhilfe Süd e. V.;{};{};;12;01.06.2025",
            komma(dil_lon),
            komma(dil_lat)
        ),
        format!("{fz_id};familienzentrum;{fz_name};Neuer Träger gGmbH;{};{};;;", komma(fz_lon), komma(fz_lat)),
        ";familienzentrum;Familienzentrum ohne Lage;Stadt;;;;;".to_string(),
    ];
    let schlecht = vec![
        format!(";kita;Kita Vertauscht;;{};{};;;", komma(ass_lat), komma(ass_lon)),
        format!(";gibtsnicht;Unbekannt;;{};{};;;", komma(ass_lon), komma(ass_lat)),
        ";kita;Kita Fern;;9,9;48,1;;;".to_string(),
        format!(";kita;Kita Falscher Ort;;{};{};06532001;;", komma(dil_lon), komma(dil_lat)),
        format!("kita-doppelt;kita;Kita Eins;;{};{};;;", komma(ass_lon), komma(ass_lat)),
        format!("kita-doppelt;kita;Kita Zwei;;{};{};;;", komma(ass_lon), komma(ass_lat)),
        format!(";kita;Kita Halb;;{};;;;", komma(ass_lon)),
        format!(";kita;Kita Datum;;{};{};;;31.02.2026", komma(ass_lon), komma(ass_lat)),
    ];
    let datei = ordner.path().join("Angebote Kreis.csv");
    als_excel_csv(&datei, &[vec![kopf.clone()], gut.clone(), schlecht].concat());

    // Without the editing token: 401.
    let (s401, _, _) = curl(&d.url, "POST", "/api/import/angebote", None, &["Content-Type: text/csv"], Some(&datei));
    assert_eq!(s401, 401);

    // The check names every problem with its row (line of the file) and column.
    let (st, v) = hochladen(&d, "modus=pruefen&datei=Angebote%20Kreis.csv", "text/csv", &datei);
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["kodierung"], "Windows-1252");
    assert_eq!(v["angewendet"], false);
    let p = probleme(&v);
    let erwartet = [
        ("Zeile 5", "Längengrad", "vertauscht"),
        ("Zeile 6", "Kategorie", "unbekannte Kategorie „gibtsnicht“"),
        ("Zeile 7", "Längengrad", "außerhalb des Kreises"),
        ("Zeile 8", "AGS", "liegt in Dillenburg (AGS 06532006)"),
        ("Zeile 10", "id", "steht schon in Zeile 9"),
        ("Zeile 11", "Breitengrad", "Koordinate fehlt"),
        ("Zeile 12", "gültig ab", "kein Datum"),
    ];
    assert_eq!(p.len(), erwartet.len(), "{p:#?}");
    for ((z, sp, g), (ez, esp, eg)) in p.iter().zip(erwartet) {
        assert_eq!((z.as_str(), sp.as_str()), (ez, esp), "{g}");
        assert!(g.contains(eg), "{z}: {g}");
    }
    assert_eq!(v["anzahl"]["neu"], 2, "{v}"); // Familienzentrum Nord and Kita Eins
    assert_eq!(v["anzahl"]["geaendert"], 1);
    assert_eq!(v["anzahl"]["ohne_lage"], 1);
    assert_eq!(v["neu"][0]["ags"], "06532006");
    let felder: Vec<&str> =
        v["geaendert"][0]["felder"].as_array().unwrap().iter().map(|f| f["feld"].as_str().unwrap()).collect();
    assert_eq!(felder, ["traeger"], "{v}");

    // Applying with problems: 422 problem+json with the report; nothing changes.
    let vorher = (anzahl(&d, "familienzentrum"), aenderungen(&d));
    let (st, v) = hochladen(&d, "modus=anwenden&datei=Angebote%20Kreis.csv", "text/csv", &datei);
    assert_eq!(st, 422, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("7 Probleme; nichts wurde übernommen"), "{v}");
    assert_eq!(v["pruefbericht"]["anzahl"]["probleme"], 7);
    assert_eq!((anzahl(&d, "familienzentrum"), aenderungen(&d)), vorher);

    // Without the bad rows: applied at once, visible without a restart.
    als_excel_csv(&datei, &[vec![kopf], gut].concat());
    let (st, v) = hochladen(&d, "modus=anwenden&datei=Angebote%20Kreis.csv", "text/csv", &datei);
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["angewendet"], true);
    // The new one is valid from 2025-06-01, so it counts today.
    assert_eq!(anzahl(&d, "familienzentrum"), vorher.0 + 1);
    assert_eq!(anzahl(&d, "familienzentrum&stand=2025-05-31"), vorher.0);
    // One history entry per offer plus one for the import (new, changed; the row without a
    // place waits).
    assert_eq!(aenderungen(&d), vorher.1 + 3);
    let (_, _, h) = senden(&d.url, "GET", &format!("/api/aenderungen?objekt={fz_id}"), Some(BEARBEITEN), &[], None);
    assert_eq!(h["aenderungen"][0]["nachher"]["traeger"], "Neuer Träger gGmbH");
    assert_eq!(h["aenderungen"][0]["kommentar"], "Import Angebote Kreis.csv");
    assert_eq!(h["aenderungen"][0]["nachher"]["merkmale"], json!({}), "empty cells add no attribute");

    // The same list again: nothing to do.
    let (st, v) = hochladen(&d, "modus=anwenden&datei=Angebote%20Kreis.csv", "text/csv", &datei);
    assert_eq!(st, 200, "{v}");
    assert_eq!((v["angewendet"].clone(), v["anzahl"]["unveraendert"].clone()), (json!(false), json!(2)), "{v}");
    assert_eq!(aenderungen(&d), vorher.1 + 3);

    // The row without a place waits once, and is placed on the map: it becomes an offer.
    let (st, _, o) = senden(&d.url, "GET", "/api/import/offen", Some(BEARBEITEN), &[], None);
    assert_eq!((st, o["anzahl"].as_u64()), (200, Some(1)), "{o}");
    let nr = o["angebote"][0]["nr"].as_i64().unwrap();
    let (st, _, a) = senden(
        &d.url,
        "POST",
        &format!("/api/import/offen/{nr}/setzen"),
        Some(BEARBEITEN),
        &[],
        Some(json!({"lon": ass_lon, "lat": ass_lat})),
    );
    assert_eq!(st, 201, "{a}");
    assert_eq!((a["ags"].as_str(), a["traeger"].as_str()), (Some("06532001"), Some("Stadt")));
    assert_eq!(anzahl(&d, "familienzentrum"), vorher.0 + 2);
    let (_, _, o) = senden(&d.url, "GET", "/api/import/offen", Some(BEARBEITEN), &[], None);
    assert_eq!(o["anzahl"], 0);
    let (st, _, _) = senden(&d.url, "POST", &format!("/api/import/offen/{nr}/verwerfen"), Some(BEARBEITEN), &[], None);
    assert_eq!(st, 404);
    // The list once more: the placed row is that offer now, nothing waits or changes again.
    let (st, v) = hochladen(&d, "modus=anwenden&datei=Angebote%20Kreis.csv", "text/csv", &datei);
    assert_eq!(st, 200, "{v}");
    assert_eq!((v["angewendet"].as_bool(), v["anzahl"]["unveraendert"].as_u64()), (Some(false), Some(3)), "{v}");
    let (_, _, o) = senden(&d.url, "GET", "/api/import/offen", Some(BEARBEITEN), &[], None);
    assert_eq!(o["anzahl"], 0);
}

/// A Python of the project's test tools (with openpyxl).
fn python() -> std::path::PathBuf {
    common::wurzel().join(".cache/owslib-venv/bin/python")
}

fn ogr2ogr(args: &[&str]) {
    let aus = Command::new("ogr2ogr").args(args).output().unwrap();
    assert!(aus.status.success(), "ogr2ogr {args:?}: {}", String::from_utf8_lossy(&aus.stderr));
}

#[test]
fn workbooks_and_gis_files_are_read_like_csv() {
    let ordner = tempfile::tempdir().unwrap();
    let o = ordner.path();
    let d = common::Dienst::mit_speicher(
        &format!("bearbeiten_token = \"{BEARBEITEN}\"\n"),
        &o.join("sozialraum.gpkg"),
        tempfile::tempdir().unwrap(),
    );
    let s = sitze();
    let (lon, lat, _) = s["06532006"].clone();
    let (lon2, lat2, _) = s["06532003"].clone();

    // An Excel workbook written by openpyxl: a title row, the header in row 2, numbers as
    // numbers, a real date cell, and swapped coordinates in row 4.
    let xlsx = o.join("liste.xlsx");
    let skript = format!(
        "import openpyxl, datetime\n\
         wb = openpyxl.Workbook(); ws = wb.active\n\
         ws.append(['Angebote des Kreises'])\n\
         ws.append(['kategorie', 'name', 'traeger', 'lon', 'lat', 'gueltig_ab'])\n\
         ws.append(['kita', 'Kita Am Hang', 'Stadt', {lon}, {lat}, datetime.date(2024, 12, 31)])\n\
         ws.append(['kita', 'Kita Quer', 'Stadt', {lat2}, {lon2}, None])\n\
         wb.save({:?})\n",
        xlsx.display().to_string()
    );
    let aus = Command::new(python()).args(["-c", &skript]).output().unwrap();
    assert!(aus.status.success(), "{}", String::from_utf8_lossy(&aus.stderr));
    let (st, v) = hochladen(&d, "datei=liste.xlsx", "application/octet-stream", &xlsx);
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["format"], "Excel (XLSX)");
    assert_eq!(v["neu"][0]["zeile"], "Zeile 3");
    assert_eq!(v["neu"][0]["ags"], "06532006");
    assert_eq!(probleme(&v), [("Zeile 4".to_string(), "lon (D)".to_string(), probleme(&v)[0].2.clone())]);
    assert!(probleme(&v)[0].2.contains("vertauscht"));

    // GeoJSON (WGS84), then the same as GeoPackage and as a zipped Shapefile in EPSG:25832.
    let geojson = o.join("liste.geojson");
    let fc = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"kategorie": "jugendzentrum", "name": "Jugendtreff Mitte", "traeger": "Stadt"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon2, lat2]},
         "properties": {"kategorie": "jugendzentrum", "name": "Jugendtreff Süd", "traeger": "Verein"}}
    ]});
    std::fs::write(&geojson, fc.to_string()).unwrap();
    let gpkg = o.join("liste.gpkg");
    ogr2ogr(&["-f", "GPKG", gpkg.to_str().unwrap(), geojson.to_str().unwrap()]);
    let shp = o.join("shp");
    std::fs::create_dir(&shp).unwrap();
    ogr2ogr(&[
        "-f",
        "ESRI Shapefile",
        "-t_srs",
        "EPSG:25832",
        "-lco",
        "ENCODING=UTF-8",
        shp.join("liste.shp").to_str().unwrap(),
        geojson.to_str().unwrap(),
    ]);
    let zip = o.join("liste.zip");
    let st = Command::new("zip")
        .arg("-qj")
        .arg(&zip)
        .args(["liste.shp", "liste.shx", "liste.dbf", "liste.prj", "liste.cpg"].map(|n| shp.join(n)))
        .status()
        .unwrap();
    assert!(st.success());
    for (datei, typ, format) in [
        (&geojson, "application/geo+json", "GeoJSON"),
        (&gpkg, "application/geopackage+sqlite3", "GeoPackage"),
        (&zip, "application/zip", "Shapefile (ZIP)"),
    ] {
        let (st, v) = hochladen(&d, "", typ, datei);
        assert_eq!(st, 200, "{format}: {v}");
        assert_eq!(v["format"], format);
        assert_eq!(v["probleme"], json!([]), "{format}");
        let neu: Vec<(&str, &str, &str)> = v["neu"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| (n["zeile"].as_str().unwrap(), n["name"].as_str().unwrap(), n["ags"].as_str().unwrap()))
            .collect();
        assert_eq!(
            neu,
            [("Feature 1", "Jugendtreff Mitte", "06532006"), ("Feature 2", "Jugendtreff Süd", "06532003")],
            "{format}"
        );
    }
    // Applied from the Shapefile: the place comes back from EPSG:25832 within a millimetre.
    let (st, v) = hochladen(&d, "modus=anwenden", "application/zip", &zip);
    assert_eq!((st, v["angewendet"].as_bool()), (200, Some(true)), "{v}");
    let (_, b) = d.get("/api/angebote?kategorie=jugendzentrum");
    let alle: Value = serde_json::from_slice(&b).unwrap();
    let f =
        alle["features"].as_array().unwrap().iter().find(|f| f["properties"]["name"] == "Jugendtreff Mitte").unwrap();
    let c = &f["geometry"]["coordinates"];
    assert!((c[0].as_f64().unwrap() - lon).abs() < 1e-8 && (c[1].as_f64().unwrap() - lat).abs() < 1e-8, "{c}");

    // What cannot be read gets a clear 400.
    let kaputt = o.join("kaputt.xlsx");
    std::fs::write(&kaputt, b"PK\x03\x04 kein Excel").unwrap();
    let (st, v) = hochladen(&d, "datei=kaputt.xlsx", "application/octet-stream", &kaputt);
    assert_eq!(st, 400, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("keine lesbare Excel-Arbeitsmappe"), "{v}");
    let (st, v) = hochladen(&d, "datei=alt.xls", "application/octet-stream", &kaputt);
    assert_eq!(st, 400, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("*.xlsx"), "{v}");
}

#[test]
fn the_command_line_checks_and_imports_like_the_interface() {
    let ordner = tempfile::tempdir().unwrap();
    let o = ordner.path();
    let speicher = o.join("s.gpkg");
    let s = sitze();
    let (lon, lat, _) = s["06532006"].clone();
    let datei = o.join("liste.csv");
    // An empty „gültig ab“: a new offer starts today, and importing the list again keeps that.
    let kopf = "Kategorie;Name;Längengrad;Breitengrad;gültig ab".to_string();
    let gut = format!("kita;Kita am Markt;{};{};", komma(lon), komma(lat));
    als_excel_csv(&datei, &[kopf.clone(), gut.clone(), format!("kita;Kita quer;{};{};", komma(lat), komma(lon))]);
    let lauf = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_sozialraum"))
            .args(["import", "angebote"])
            .arg(&datei)
            .arg("--speicher")
            .arg(&speicher)
            .args(args)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).to_string(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    // A problem: exit code 1, the report names row and column; nothing is written.
    let (code, aus, fehler) = lauf(&["--anwenden"]);
    assert_eq!(code, Some(1), "{aus}{fehler}");
    assert!(aus.contains("Prüfbericht liste.csv (CSV, Windows-1252): 2 Zeilen – 1 neu"), "{aus}");
    assert!(aus.contains("Problem liste.csv, Zeile 3, Spalte Längengrad:") && aus.contains("vertauscht"), "{aus}");
    assert!(fehler.contains("nichts übernommen"), "{fehler}");
    // Corrected: applied; once more: nothing to do. The JSON report is the API's.
    als_excel_csv(&datei, &[kopf, gut]);
    let (code, _, fehler) = lauf(&["--anwenden"]);
    assert_eq!(code, Some(0), "{fehler}");
    assert!(fehler.contains("Übernommen"), "{fehler}");
    let (code, aus, fehler) = lauf(&["--anwenden", "--json"]);
    assert_eq!(code, Some(0), "{fehler}");
    assert!(fehler.contains("Nichts zu übernehmen"), "{fehler}");
    let v: Value = serde_json::from_str(&aus).unwrap();
    assert_eq!((v["anzahl"]["unveraendert"].as_u64(), v["angewendet"].as_bool()), (Some(1), Some(false)));
    let c = rusqlite::Connection::open(&speicher).unwrap();
    let n: i64 = c.query_row("SELECT count(*) FROM angebote WHERE name = 'Kita am Markt'", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
    let wer: String = c.query_row("SELECT wer FROM aenderungen WHERE art = 'importiert'", [], |r| r.get(0)).unwrap();
    assert_eq!(wer, "Kommandozeile");
}

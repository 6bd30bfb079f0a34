//! Nothing lost: an import killed with SIGKILL at any moment leaves the store before or after
//! it, never between. The same import of 10,000 offers is started again and again on a fresh
//! copy of the store and killed after a growing delay; after each kill SQLite's integrity check
//! passes, every layer opens in GDAL, and the store holds either none or all of the new offers
//! (with their history).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const N: usize = 10_000;

/// A list of `N` new offers at population points of the Kreis (CSV, UTF-8).
fn liste(pfad: &Path) {
    let atlas = common::atlas();
    let punkte = atlas.punkte(sozialraum::model::Zielgruppe::Unter18);
    let mut lage: Vec<(f64, f64)> = (0..N).map(|i| punkte[(i * 7919) % punkte.len()].pos).map(|p| (p.x, p.y)).collect();
    sozialraum::spatial::utm32_nach_lonlat(&mut lage).unwrap();
    let mut t = String::from("kategorie,name,lon,lat\n");
    for (i, (lon, lat)) in lage.iter().enumerate() {
        t.push_str(&format!("kita,Kita {i},{lon:.6},{lat:.6}\n"));
    }
    std::fs::write(pfad, t).unwrap();
}

fn zahl(c: &rusqlite::Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Offers and recorded changes of the store; checks its integrity and that GDAL opens it.
fn zustand(pfad: &Path) -> (i64, i64) {
    let c = rusqlite::Connection::open(pfad).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let z = (zahl(&c, "SELECT count(*) FROM angebote"), zahl(&c, "SELECT count(*) FROM aenderungen"));
    drop(c);
    let aus = Command::new("ogrinfo").args(["-so", "-al", "-q"]).arg(pfad).output().unwrap();
    assert!(aus.status.success(), "{}", String::from_utf8_lossy(&aus.stderr));
    let text = String::from_utf8_lossy(&aus.stdout);
    for layer in ["angebote", "kategorien", "aenderungen", "offene_angebote"] {
        assert!(text.contains(&format!("Layer name: {layer}")), "{layer} fehlt: {text}");
    }
    z
}

fn importieren(speicher: &Path, datei: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["import", "angebote", "--anwenden", "--speicher"])
        .arg(speicher)
        .arg(datei)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn an_import_killed_at_any_moment_leaves_the_store_before_or_after_it() {
    let ordner = tempfile::tempdir().unwrap();
    let o = ordner.path();
    let datei = o.join("liste.csv");
    liste(&datei);
    // The store as it is before the import (created from the data set by a check run).
    let urbild = o.join("urbild.gpkg");
    let st = Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["import", "angebote", "--speicher"])
        .arg(&urbild)
        .arg(&datei)
        .stderr(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    let vorher = zustand(&urbild);
    let nachher = (vorher.0 + N as i64, vorher.1 + N as i64 + 1);

    // One run to the end: how long checking and writing take, and the state after.
    let (z, dauer) = lauf(o, &urbild, &datei, None);
    assert_eq!(z, nachher);
    // Then kills spread over the second half of that time, where the writing happens.
    let (mut davor, mut danach) = (0, 0);
    for i in 0..16 {
        let t = dauer.mul_f64(0.35 + 0.65 * f64::from(i) / 16.0);
        let (z, _) = lauf(o, &urbild, &datei, Some(t));
        assert!(z == vorher || z == nachher, "Abbruch nach {t:?}: {z:?}, erwartet {vorher:?} oder {nachher:?}");
        if z == vorher { davor += 1 } else { danach += 1 }
    }
    eprintln!("Import {dauer:?}; {davor} Abbrüche vor, {danach} nach dem Übernehmen; keiner dazwischen");
    assert!(davor > 0, "kein Abbruch während des Imports");
}

/// Imports into a fresh copy of `urbild`, killed `abbruch` after the check starts (`None`: to
/// the end); the state of the store and the time from the start of the check to the end.
fn lauf(o: &Path, urbild: &Path, datei: &Path, abbruch: Option<Duration>) -> ((i64, i64), Duration) {
    let speicher = o.join("speicher.gpkg");
    for endung in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(o.join(format!("speicher.gpkg{endung}")));
    }
    std::fs::copy(urbild, &speicher).unwrap();
    let mut kind = importieren(&speicher, datei);
    // Wait until the import has loaded the data and starts to check and write.
    let mut zeilen = std::io::BufReader::new(kind.stderr.take().unwrap()).lines();
    for z in zeilen.by_ref() {
        if z.unwrap().starts_with("Prüfe") {
            break;
        }
    }
    std::thread::spawn(move || for _ in zeilen {});
    let start = Instant::now();
    if let Some(t) = abbruch {
        std::thread::sleep(t);
        Command::new("kill").args(["-KILL", &kind.id().to_string()]).status().unwrap();
    }
    let status = kind.wait().unwrap();
    if abbruch.is_none() {
        assert!(status.success());
    }
    (zustand(&speicher), start.elapsed())
}

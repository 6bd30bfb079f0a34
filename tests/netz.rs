//! Network distances against an independent computation: `tests/netz/referenz.py` builds its
//! own graph from the same OSM extract (pyosmium, pyproj, shapely, networkx: every segment an
//! edge, points and offers inserted as nodes) on the rules of the README, and its Dijkstra must
//! give the same distance for every test point to the centimetre (car minutes to 1/100 s).
//! Network distance is never below Luftlinie.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use sozialraum::spatial::{LonLat, utm32_von_lonlat};

fn sozialraum() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sozialraum"))
}

fn testgebiet() -> PathBuf {
    common::wurzel().join("geodata/testgebiet-bayreuth")
}

fn pbf() -> PathBuf {
    testgebiet().join("north-bayreuth.osm.pbf")
}

fn python() -> PathBuf {
    let p = common::wurzel().join(".cache/netz-venv/bin/python");
    assert!(p.exists(), "{} fehlt: make test richtet es ein (tools/einrichten.sh)", p.display());
    p
}

/// Deterministic points spread over the extract's core (lon 11.48–11.61, lat 49.97–50.05).
fn zufallspunkte(n: usize, saat: u64) -> Vec<[f64; 2]> {
    let mut s = saat;
    let mut naechste = || {
        s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            let lon = 11.4807 + naechste() * (11.6053 - 11.4807);
            let lat = 49.9721 + naechste() * (50.0470 - 49.9721);
            let u = utm32_von_lonlat(LonLat { lon, lat }).unwrap();
            [u.x, u.y]
        })
        .collect()
}

fn csv_schreiben(pfad: &Path, punkte: &[[f64; 2]], mit_gewicht: bool) {
    let mut t = String::from(if mit_gewicht { "x,y,weight\n" } else { "x,y\n" });
    for (i, p) in punkte.iter().enumerate() {
        if mit_gewicht {
            t.push_str(&format!("{},{},{}\n", p[0], p[1], 1 + i % 7));
        } else {
            t.push_str(&format!("{},{}\n", p[0], p[1]));
        }
    }
    std::fs::write(pfad, t).unwrap();
}

/// Per point (by number) the distance of a `nr,abstand` CSV; `None` = unreachable.
fn abstaende(pfad: &Path) -> HashMap<usize, Option<f64>> {
    common::csv_zeilen(pfad).into_iter().map(|z| (z["nr"].parse().unwrap(), z["abstand"].parse::<f64>().ok())).collect()
}

struct Lauf {
    dir: tempfile::TempDir,
}

impl Lauf {
    fn neu(punkte: &[[f64; 2]], angebote: &[[f64; 2]]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        csv_schreiben(&dir.path().join("punkte.csv"), punkte, true);
        csv_schreiben(&dir.path().join("angebote.csv"), angebote, false);
        Lauf { dir }
    }

    fn pfad(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The batch command; returns the per-point CSV and the coverage CSV.
    fn sozialraum(&self, name: &str, netz: Option<(&Path, &str)>, schwellen: &[&str]) -> (PathBuf, PathBuf) {
        let (je, aus) = (self.pfad(&format!("{name}-punkte.csv")), self.pfad(&format!("{name}.csv")));
        let mut c = sozialraum();
        c.args(["abdeckung", "--id-feld", "ags", "--gewicht-feld", "weight"])
            .arg("--gebiete")
            .arg(testgebiet().join("kommunen.geojson"))
            .arg("--punkte")
            .arg(self.pfad("punkte.csv"))
            .arg("--angebote")
            .arg(self.pfad("angebote.csv"))
            .arg("--je-punkt")
            .arg(&je)
            .arg("--aus")
            .arg(&aus)
            .args(schwellen);
        if let Some((datei, profil)) = netz {
            c.arg("--netz").arg(datei).args(["--profil", profil]);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (je, aus)
    }

    fn referenz(&self, profil: &str, gewicht: &str) -> HashMap<usize, Option<f64>> {
        let aus = self.pfad(&format!("referenz-{profil}-{gewicht}.csv"));
        let o = Command::new(python())
            .arg(common::wurzel().join("tests/netz/referenz.py"))
            .arg(pbf())
            .arg(testgebiet().join("kommunen.geojson"))
            .args(["3000", profil, gewicht])
            .arg(self.pfad("angebote.csv"))
            .arg(self.pfad("punkte.csv"))
            .arg(&aus)
            .output()
            .unwrap();
        assert!(o.status.success(), "Referenz: {}", String::from_utf8_lossy(&o.stderr));
        abstaende(&aus)
    }
}

/// Compares per point; `faktor` turns the reference's unit into ours.
fn vergleichen(ist: &HashMap<usize, Option<f64>>, soll: &HashMap<usize, Option<f64>>, faktor: f64, toleranz: f64) {
    assert_eq!(ist.len(), soll.len());
    let mut erreicht = 0;
    for (nr, s) in soll {
        match (ist[nr], s) {
            (Some(i), Some(s)) => {
                assert!((i - s * faktor).abs() <= toleranz, "Punkt {nr}: sozialraum {i}, Referenz {}", s * faktor);
                erreicht += 1;
            }
            (None, None) => {}
            (i, s) => panic!("Punkt {nr}: sozialraum {i:?}, Referenz {s:?}"),
        }
    }
    assert!(erreicht * 10 >= soll.len() * 9, "nur {erreicht} von {} Punkten erreichbar", soll.len());
}

#[test]
fn walking_distances_equal_an_independent_dijkstra_to_the_centimetre_and_are_never_below_luftlinie() {
    let l = Lauf::neu(&zufallspunkte(400, 7), &zufallspunkte(25, 11));
    let (je, _) = l.sozialraum("fuss", Some((&pbf(), "fuss")), &[]);
    let ist = abstaende(&je);
    vergleichen(&ist, &l.referenz("fuss", "laenge"), 1.0, 0.01);
    let (luft, _) = l.sozialraum("luftlinie", None, &[]);
    for (nr, d) in abstaende(&luft) {
        if let Some(n) = ist[&nr] {
            assert!(n >= d.unwrap() - 1e-6, "Punkt {nr}: Netz {n} m < Luftlinie {d:?} m");
        }
    }
}

#[test]
fn cycling_respects_one_way_streets_like_the_reference() {
    let l = Lauf::neu(&zufallspunkte(300, 3), &zufallspunkte(15, 5));
    let (je, _) = l.sozialraum("rad", Some((&pbf(), "rad")), &[]);
    vergleichen(&abstaende(&je), &l.referenz("rad", "laenge"), 1.0, 0.01);
}

#[test]
fn car_minutes_and_metres_equal_the_reference() {
    let l = Lauf::neu(&zufallspunkte(300, 13), &zufallspunkte(10, 17));
    let (je, aus) = l.sozialraum("auto-min", Some((&pbf(), "auto")), &["--minuten", "2,5,10"]);
    // Reference in seconds, ours in minutes: 1/100 s.
    let soll = l.referenz("auto", "fahrzeit");
    vergleichen(&abstaende(&je), &soll, 1.0 / 60.0, 0.01 / 60.0);
    // The coverage file has the minute columns, and its shares follow from the distances.
    let kopf = std::fs::read_to_string(&aus).unwrap();
    assert!(kopf.starts_with("id,gewicht,anteil_2min,anteil_5min,anteil_10min\n"), "{kopf}");
    let (je, _) = l.sozialraum("auto-m", Some((&pbf(), "auto")), &["--schwellen", "1000,2000"]);
    vergleichen(&abstaende(&je), &l.referenz("auto", "laenge"), 1.0, 0.01);
}

#[test]
fn a_network_written_to_a_file_gives_the_same_distances_as_the_extract() {
    let l = Lauf::neu(&zufallspunkte(100, 21), &zufallspunkte(8, 23));
    let datei = l.pfad("gebiet.netz");
    let o = sozialraum()
        .args(["import", "netz", "--von"])
        .arg(pbf())
        .arg("--gebiete")
        .arg(testgebiet().join("kommunen.geojson"))
        .arg("--aus")
        .arg(&datei)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stderr);
    assert!(text.contains("zu Fuß") && text.contains("Kanten"), "{text}");
    let (a, _) = l.sozialraum("datei", Some((&datei, "fuss")), &[]);
    let (b, _) = l.sozialraum("pbf", Some((&pbf(), "fuss")), &[]);
    assert_eq!(std::fs::read_to_string(a).unwrap(), std::fs::read_to_string(b).unwrap());
}

#[test]
fn bad_network_input_gets_a_german_message_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let aus = dir.path().join("x.netz");
    let o = sozialraum()
        .args(["import", "netz", "--von"])
        .arg(common::wurzel().join("README.md"))
        .arg("--aus")
        .arg(&aus)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("keine lesbare OSM-PBF-Datei"));
    assert!(!aus.exists());
    // The Lahn-Dill-Kreis is not in the Bavarian extract.
    let o = sozialraum().args(["import", "netz", "--von"]).arg(pbf()).arg("--aus").arg(&aus).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("kein nutzbarer Weg liegt in dem Kreis 06532"));
    assert!(!aus.exists());
}

#[test]
fn an_import_into_the_store_replaces_the_network_in_one_step_and_is_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let speicher = dir.path().join("sozialraum.gpkg");
    let importieren = |puffer: &str| {
        let o = sozialraum()
            .args(["import", "netz", "--von"])
            .arg(pbf())
            .arg("--daten")
            .arg(testgebiet())
            .args(["--puffer", puffer, "--wer", "Test"])
            .arg("--speicher")
            .arg(&speicher)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    importieren("3000");
    importieren("0");
    let c = rusqlite::Connection::open(&speicher).unwrap();
    let (zeilen, kanten): (i64, i64) =
        c.query_row("SELECT count(*), max(kanten) FROM netz", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(zeilen, 1);
    let verlauf: Vec<(String, Option<String>)> = c
        .prepare("SELECT wer, vorher FROM aenderungen WHERE objekt = 'netz' ORDER BY fid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(verlauf.len(), 2);
    assert_eq!(verlauf[0], ("Test".to_string(), None));
    // The second import (no buffer) replaced the first and has fewer edges.
    let vorher: serde_json::Value = serde_json::from_str(verlauf[1].1.as_deref().unwrap()).unwrap();
    assert!(vorher["kanten"].as_i64().unwrap() > kanten, "{vorher} vs {kanten}");
}

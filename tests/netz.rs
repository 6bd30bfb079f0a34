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

    /// The batch command on this run's points and offers over the test area, writing to `aus`.
    fn abdeckung(&self, aus: &Path) -> Command {
        let mut c = sozialraum();
        c.args(["abdeckung", "--id-feld", "ags", "--gewicht-feld", "weight"])
            .arg("--gebiete")
            .arg(testgebiet().join("kommunen.geojson"))
            .arg("--punkte")
            .arg(self.pfad("punkte.csv"))
            .arg("--angebote")
            .arg(self.pfad("angebote.csv"))
            .arg("--aus")
            .arg(aus);
        c
    }

    /// The batch command; returns the per-point CSV and the coverage CSV.
    fn sozialraum(&self, name: &str, netz: Option<(&Path, &str)>, schwellen: &[&str]) -> (PathBuf, PathBuf) {
        let (je, aus) = (self.pfad(&format!("{name}-punkte.csv")), self.pfad(&format!("{name}.csv")));
        let mut c = self.abdeckung(&aus);
        c.arg("--je-punkt").arg(&je).args(schwellen);
        if let Some((datei, profil)) = netz {
            c.arg("--netz").arg(datei).args(["--profil", profil]);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (je, aus)
    }

    fn referenz(&self, profil: &str, gewicht: &str) -> HashMap<usize, Option<f64>> {
        self.referenz_in(&testgebiet().join("kommunen.geojson"), "3000", profil, gewicht)
    }

    /// The reference with the network cut to `gebiete` and `puffer` metres around them.
    fn referenz_in(&self, gebiete: &Path, puffer: &str, profil: &str, gewicht: &str) -> HashMap<usize, Option<f64>> {
        let aus = self.pfad(&format!("referenz-{profil}-{gewicht}.csv"));
        let o = Command::new(python())
            .arg(common::wurzel().join("tests/netz/referenz.py"))
            .arg(pbf())
            .arg(gebiete)
            .args([puffer, profil, gewicht])
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
    assert!(common::csv_zeilen(&je).iter().all(|z| z["einheit"] == "min"));
    // The coverage file has the minute columns, and its shares follow from the distances.
    let kopf = std::fs::read_to_string(&aus).unwrap();
    assert!(kopf.starts_with("id,gewicht,anteil_2min,anteil_5min,anteil_10min\n"), "{kopf}");
    let (je, _) = l.sozialraum("auto-m", Some((&pbf(), "auto")), &["--schwellen", "1000,2000"]);
    vergleichen(&abstaende(&je), &l.referenz("auto", "laenge"), 1.0, 0.01);
    assert!(common::csv_zeilen(&je).iter().all(|z| z["einheit"] == "m"));
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
    // The file goes into a store as it is.
    let speicher = l.pfad("s.gpkg");
    let o = sozialraum()
        .args(["import", "netz", "--von"])
        .arg(&datei)
        .arg("--daten")
        .arg(testgebiet())
        .arg("--speicher")
        .arg(&speicher)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
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
    assert!(String::from_utf8_lossy(&o.stderr).contains("weder eine lesbare OSM-PBF-Datei noch eine Netzdatei"));
    assert!(!aus.exists());
    // The Lahn-Dill-Kreis is not in the Bavarian extract.
    let o = sozialraum().args(["import", "netz", "--von"]).arg(pbf()).arg("--aus").arg(&aus).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("kein nutzbarer Weg im zugeschnittenen Gebiet (die 23 Kommunen des Datensatzes (Kreis 06532)")
    );
    assert!(!aus.exists());

    // Checked before the import: a network file's name and folder, the buffer's range.
    let fehler = |args: &[&std::ffi::OsStr]| {
        let o = sozialraum().args(["import", "netz", "--von"]).arg(pbf()).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let geojson = dir.path().join("x.geojson");
    assert!(fehler(&["--aus".as_ref(), geojson.as_os_str()]).contains("bekommt die Endung .netz"));
    assert!(!geojson.exists());
    let fehlt = dir.path().join("fehlt/x.netz");
    assert!(fehler(&["--aus".as_ref(), fehlt.as_os_str()]).contains("gibt es nicht; erst anlegen"));
    assert!(
        fehler(&["--puffer".as_ref(), "-5".as_ref(), "--aus".as_ref(), aus.as_os_str()])
            .contains("--puffer -5: erwartet 0 bis 50000")
    );

    // A store belongs to one Kreis: the test area's network does not go into a Lahn-Dill store
    // (its service would find none of its inhabitants on the network).
    let speicher = dir.path().join("lahn-dill.gpkg");
    let o =
        sozialraum().args(["import", "netz", "--von"]).arg(pbf()).arg("--speicher").arg(&speicher).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "the Lahn-Dill-Kreis is not in the extract");
    let text = fehler(&["--daten".as_ref(), testgebiet().as_os_str(), "--speicher".as_ref(), speicher.as_os_str()]);
    assert!(text.contains("gehört zum Kreis 06532, der Datensatz zum Kreis 09477"), "{text}");
    let c = rusqlite::Connection::open(&speicher).unwrap();
    assert_eq!(c.query_row("SELECT count(*) FROM netz", [], |r| r.get::<_, i64>(0)).unwrap(), 0);
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

/// The reference distance (metres, or seconds for `fahrzeit`) of every point to its nearest
/// offer, the network cut to the test area's Kommunen and 3 km around them.
fn referenz(punkte: &[[f64; 2]], angebote: &[[f64; 2]], profil: &str, gewicht: &str) -> Vec<Option<f64>> {
    let l = Lauf::neu(punkte, angebote);
    let r = l.referenz(profil, gewicht);
    (1..=punkte.len()).map(|nr| r[&nr]).collect()
}

/// The test area's service with the network imported into its store while it runs.
fn dienst_mit_netz() -> (common::Dienst, sozialraum::Atlas) {
    let d = common::Dienst::mit_konfiguration(&format!("daten = {:?}\n", testgebiet().display().to_string()));
    // Without a network only Luftlinie is offered, with a message that says how to get one.
    let (s, _, v) = common::anfrage(&d.url, "GET", "/api/abdeckung?kategorie=kita&mass=fuss", None, &[], None);
    assert_eq!(s, 400, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("kein Wege- und Straßennetz geladen"), "{v}");
    assert!(get(&d, "/api/health")["netz"].is_null());
    let o = sozialraum()
        .args(["import", "netz", "--von"])
        .arg(pbf())
        .arg("--daten")
        .arg(testgebiet())
        .arg("--speicher")
        .arg(&d.speicher)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The health check names the network the service now uses.
    let netz = &get(&d, "/api/health")["netz"];
    assert_eq!(netz["datei"], pbf().file_name().unwrap().to_str().unwrap(), "{netz}");
    assert!(netz["quelle"].as_str().unwrap().contains("OpenStreetMap"), "{netz}");
    let a = sozialraum::Atlas::laden(sozialraum::io::Datenquelle::Verzeichnis(testgebiet())).unwrap();
    (d, a)
}

fn get(d: &common::Dienst, pfad: &str) -> serde_json::Value {
    let (s, _, v) = common::anfrage(&d.url, "GET", pfad, None, &[], None);
    assert_eq!(s, 200, "{pfad}: {v}");
    v
}

/// Per Kommune (AGS) the persons and the persons within each threshold, from per-point values.
fn summen(
    a: &sozialraum::Atlas,
    z: sozialraum::model::Zielgruppe,
    werte: &[Option<f64>],
    schwellen: &[f64],
) -> HashMap<String, (f64, Vec<f64>)> {
    let mut s: HashMap<String, (f64, Vec<f64>)> = HashMap::new();
    for (p, d) in a.punkte(z).iter().zip(werte) {
        let e = s.entry(a.kommunen[p.kommune].ags.to_string()).or_insert((0.0, vec![0.0; schwellen.len()]));
        e.0 += p.gewicht;
        for (v, t) in e.1.iter_mut().zip(schwellen) {
            if d.is_some_and(|d| d <= *t) {
                *v += p.gewicht;
            }
        }
    }
    s
}

fn angebote_der(a: &sozialraum::Atlas, kategorie: &str) -> Vec<[f64; 2]> {
    a.angebote.iter().filter(|o| o.kategorie == kategorie).map(|o| o.pos.xy()).collect()
}

#[test]
fn coverage_and_distances_of_the_service_on_the_network_equal_the_reference() {
    use sozialraum::model::Zielgruppe;
    let (d, a) = dienst_mit_netz();
    let punkte: Vec<[f64; 2]> = a.punkte(Zielgruppe::Unter10).iter().map(|p| p.pos.xy()).collect();

    // Walking, metres.
    let v = get(&d, "/api/abdeckung?kategorie=kita&mass=fuss&schwellen=500,1000,2000&zielgruppe=unter10");
    assert_eq!(v["mass"], "fuss");
    assert_eq!(v["einheit"], "m");
    assert!(v["entfernungsmass"].as_str().unwrap().contains("zu Fuß"), "{v}");
    assert!(v["netz"]["quelle"].as_str().unwrap().contains("OpenStreetMap"), "{v}");
    assert_eq!(v["netz"]["datei"], "north-bayreuth.osm.pbf");
    let soll = summen(
        &a,
        Zielgruppe::Unter10,
        &referenz(&punkte, &angebote_der(&a, "kita"), "fuss", "laenge"),
        &[500.0, 1000.0, 2000.0],
    );
    let mut verglichen = 0;
    for z in v["einheiten"].as_array().unwrap() {
        let Some((gewicht, versorgt)) = soll.get(z["id"].as_str().unwrap()) else {
            // No person of the target group lives there.
            assert!(z["gewicht"].as_f64().is_none_or(|g| g == 0.0), "{z}");
            continue;
        };
        if let Some(g) = z["gewicht"].as_f64() {
            assert!((g - gewicht).abs() < 0.051, "{z}");
        }
        for (i, s) in ["500", "1000", "2000"].iter().enumerate() {
            if let Some(anteil) = z[format!("anteil_{s}")].as_f64() {
                assert!((anteil - versorgt[i] / gewicht).abs() < 1e-6, "{z} {s}: Referenz {}", versorgt[i] / gewicht);
                verglichen += 1;
            }
        }
    }
    assert!(verglichen >= 6, "{v}");

    // Cycling, minutes: 15 km/h = 250 m per minute; the mean over the reachable persons.
    let v = get(&d, "/api/entfernungen?kategorie=kita&mass=rad&einheit=min&zielgruppe=unter10");
    assert_eq!(v["einheit"], "min");
    let rad = referenz(&punkte, &angebote_der(&a, "kita"), "rad", "laenge");
    for z in v["einheiten"].as_array().unwrap() {
        // Every row has the persons without a reachable offer (null when hidden, also 0).
        assert!(z.as_object().unwrap().contains_key("nicht_erreichbar"), "{z}");
        let Some(mittel) = z["mittel_min"].as_f64() else { continue };
        let ags = z["id"].as_str().unwrap();
        let (mut s, mut w, mut ohne) = (0.0, 0.0, 0.0);
        for (p, d) in a.punkte(Zielgruppe::Unter10).iter().zip(&rad) {
            if a.kommunen[p.kommune].ags.to_string() != ags {
                continue;
            }
            match d {
                Some(d) => {
                    s += p.gewicht * d / 250.0;
                    w += p.gewicht;
                }
                None => ohne += p.gewicht,
            }
        }
        assert!((mittel - s / w).abs() <= 0.05 + 1e-9, "{ags}: {mittel} vs {}", s / w);
        let nicht = z["nicht_erreichbar"].as_f64().unwrap();
        assert!((nicht - ohne).abs() <= 0.05 + 1e-9, "{ags}: nicht erreichbar {nicht} vs {ohne}");
    }

    // Driving, minutes.
    let v = get(&d, "/api/abdeckung?kategorie=spielplatz&mass=auto&minuten=1,2,4&zielgruppe=unter10");
    assert_eq!(v["schwellen_min"], serde_json::json!([1.0, 2.0, 4.0]));
    let sek = referenz(&punkte, &angebote_der(&a, "spielplatz"), "auto", "fahrzeit");
    let min: Vec<Option<f64>> = sek.iter().map(|s| s.map(|s| s / 60.0)).collect();
    let soll = summen(&a, Zielgruppe::Unter10, &min, &[1.0, 2.0, 4.0]);
    for z in v["einheiten"].as_array().unwrap() {
        let Some((gewicht, versorgt)) = soll.get(z["id"].as_str().unwrap()) else {
            // No person of the target group lives there.
            assert!(z["gewicht"].as_f64().is_none_or(|g| g == 0.0), "{z}");
            continue;
        };
        for (i, s) in ["1min", "2min", "4min"].iter().enumerate() {
            if let Some(anteil) = z[format!("anteil_{s}")].as_f64() {
                assert!((anteil - versorgt[i] / gewicht).abs() < 1e-6, "{z} {s}");
            }
        }
    }
}

#[test]
fn a_scenario_and_a_site_proposal_on_the_network_agree_with_the_reference() {
    use sozialraum::model::Zielgruppe;
    let (d, a) = dienst_mit_netz();
    let punkte: Vec<[f64; 2]> = a.punkte(Zielgruppe::Unter18).iter().map(|p| p.pos.xy()).collect();
    // The best site for one more Kita on foot within 800 m …
    let v = get(&d, "/api/standortvorschlag?kategorie=kita&mass=fuss&schwelle=800&anzahl=1&kandidaten=bevoelkerung");
    assert_eq!(v["mass"], "fuss");
    let ort = &v["standorte"][0];
    let (lon, lat) = (ort["lon"].as_f64().unwrap(), ort["lat"].as_f64().unwrap());
    // … as a scenario: the Kreis's covered persons equal the proposal's, and the reference's.
    let body = serde_json::json!({
        "kategorie": "kita", "mass": "fuss", "schwellen": [800], "ebene": "kreis",
        "hinzufuegen": [{"lon": lon, "lat": lat}]
    });
    let (s, _, sz) = common::anfrage(&d.url, "POST", "/api/szenario", None, &[], Some(body));
    assert_eq!(s, 200, "{sz}");
    let nachher = sz["kreis"][0]["nachher"]["versorgt_800"].as_f64().unwrap();
    assert!((nachher - ort["kreis"]["versorgt"].as_f64().unwrap()).abs() < 0.11, "{sz} {ort}");
    let neu = utm32_von_lonlat(LonLat { lon, lat }).unwrap();
    let mut angebote = angebote_der(&a, "kita");
    angebote.push([neu.x, neu.y]);
    let soll = summen(&a, Zielgruppe::Unter18, &referenz(&punkte, &angebote, "fuss", "laenge"), &[800.0]);
    let summe: f64 = soll.values().map(|(_, v)| v[0]).sum();
    assert!((nachher - summe).abs() < 0.051, "Szenario {nachher}, Referenz {summe}");
    assert!(ort["neu_versorgt"].as_f64().unwrap() > 0.0, "{ort}");
}

#[test]
fn network_parameters_that_do_not_fit_get_a_german_400() {
    let (d, _) = dienst_mit_netz();
    for (pfad, text) in [
        ("/api/abdeckung?kategorie=kita&mass=fuss&umwegfaktor=1.3", "umwegfaktor"),
        ("/api/abdeckung?kategorie=kita&minuten=5", "Minuten gibt es nur"),
        ("/api/abdeckung?kategorie=kita&mass=rad&minuten=5&schwellen=500", "schließen sich aus"),
        ("/api/abdeckung?kategorie=kita&mass=boot", "kein Entfernungsmaß"),
        ("/api/entfernungen?kategorie=kita&einheit=min", "Minuten gibt es nur"),
        ("/api/isochronen?angebot=kita-200157596", "Einzugsbereiche gibt es nur im Wege- und Straßennetz"),
        ("/api/isochronen?lon=11.55&mass=fuss", "„lat“ fehlt"),
    ] {
        let (s, _, v) = common::anfrage(&d.url, "GET", pfad, None, &[], None);
        assert_eq!(s, 400, "{pfad}: {v}");
        assert!(v["detail"].as_str().unwrap().contains(text), "{pfad}: {v}");
    }
    // Berlin is 300 km from the test area's network: no catchment there (404, like a year
    // without values).
    let (s, _, v) = common::anfrage(&d.url, "GET", "/api/isochronen?lon=13.4&lat=52.5&mass=fuss", None, &[], None);
    assert_eq!(s, 404, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("außerhalb des Netzes"), "{v}");
}

#[test]
fn a_catchment_area_covers_every_junction_reached_in_time_and_counts_the_persons_who_reach_it() {
    use geo::Contains;
    use sozialraum::model::Zielgruppe;
    let (d, a) = dienst_mit_netz();
    let kita = a.angebote.iter().find(|o| o.kategorie == "kita").unwrap();
    let v = get(&d, &format!("/api/isochronen?angebot={}&mass=fuss&minuten=5,10,15&zielgruppe=einwohner", kita.id));
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["mass"], "fuss");
    assert_eq!(v["ort"]["angebot"], kita.id.as_str());
    let f = v["features"].as_array().unwrap();
    let minuten: Vec<f64> = f.iter().map(|x| x["properties"]["minuten"].as_f64().unwrap()).collect();
    assert_eq!(minuten, [15.0, 10.0, 5.0], "largest first");
    let flaechen: Vec<f64> = f.iter().map(|x| x["properties"]["flaeche_km2"].as_f64().unwrap()).collect();
    assert!(flaechen[0] > flaechen[1] && flaechen[1] > flaechen[2] && flaechen[2] > 0.0, "{flaechen:?}");

    // The reference: every OSM node's walking distance to the Kita, and every person's.
    let l =
        Lauf::neu(&a.punkte(Zielgruppe::Einwohner).iter().map(|p| p.pos.xy()).collect::<Vec<_>>(), &[kita.pos.xy()]);
    let knoten = l.pfad("knoten.csv");
    let o = Command::new(python())
        .arg(common::wurzel().join("tests/netz/referenz.py"))
        .arg(pbf())
        .arg(testgebiet().join("kommunen.geojson"))
        .args(["3000", "fuss", "laenge"])
        .arg(l.pfad("angebote.csv"))
        .arg(l.pfad("punkte.csv"))
        .arg(l.pfad("personen.csv"))
        .arg(&knoten)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let knoten: Vec<([f64; 2], f64)> = common::csv_zeilen(&knoten)
        .iter()
        .map(|z| ([z["x"].parse().unwrap(), z["y"].parse().unwrap()], z["abstand"].parse().unwrap()))
        .collect();
    let personen = abstaende(&l.pfad("personen.csv"));
    for x in f {
        let m = x["properties"]["minuten"].as_f64().unwrap();
        let meter = m * 75.0; // 4.5 km/h
        let flaeche: geo::Geometry<f64> =
            geojson::Geometry::from_json_value(x["geometry"].clone()).unwrap().try_into().unwrap();
        let mut drin = 0;
        for (xy, d) in knoten.iter().filter(|(_, d)| *d <= meter - 1.0) {
            let mut ll = [(xy[0], xy[1])];
            sozialraum::spatial::utm32_nach_lonlat(&mut ll).unwrap();
            assert!(flaeche.contains(&geo::Point::new(ll[0].0, ll[0].1)), "{m} min: Knoten bei {xy:?} ({d} m) fehlt");
            drin += 1;
        }
        assert!(drin > 5, "{m} min: nur {drin} Knoten");
        let soll: f64 = a
            .punkte(Zielgruppe::Einwohner)
            .iter()
            .enumerate()
            .filter(|(i, _)| personen[&(i + 1)].is_some_and(|d| d <= meter))
            .map(|(_, p)| p.gewicht)
            .sum();
        match x["properties"]["personen"].as_f64() {
            Some(p) => assert!((p - soll).abs() <= 0.5, "{m} min: {p} Personen, Referenz {soll}"),
            None => assert!(soll < 100.0, "{m} min: {soll} Personen nicht ausgewiesen"),
        }
    }
}

#[test]
fn maps_exports_and_reports_take_the_measure_of_the_network() {
    let (d, _) = dienst_mit_netz();
    // Need × supply in minutes (the page asks so when minutes are chosen): its supply share is
    // the coverage share in the same minutes.
    let bedarf =
        get(&d, "/api/bedarf-angebot?indikator=dichte&kategorie=kita&zielgruppe=einwohner&mass=fuss&minuten=10");
    assert_eq!(bedarf["schwelle_min"], 10.0, "{bedarf}");
    let abdeckung = get(&d, "/api/abdeckung?kategorie=kita&zielgruppe=einwohner&mass=fuss&minuten=10");
    let mut verglichen = 0;
    for e in abdeckung["einheiten"].as_array().unwrap() {
        let f = bedarf["features"].as_array().unwrap().iter().find(|f| f["properties"]["id"] == e["id"]).unwrap();
        assert_eq!(f["properties"]["anteil"].as_f64(), e["anteil_10min"].as_f64(), "{}", e["id"]);
        verglichen += usize::from(e["anteil_10min"].is_number());
    }
    assert!(verglichen >= 2, "{abdeckung}");
    // The coverage layer along the network: the same shares as the coverage question.
    let soll = get(&d, "/api/abdeckung?kategorie=kita&mass=fuss&schwellen=1000,2000,5000");
    let (s, csv) = d.get("/api/export/abdeckung-kita.csv?mass=fuss");
    assert_eq!(s, 200);
    let mut r = csv::Reader::from_reader(csv.as_slice());
    let kopf = r.headers().unwrap().clone();
    let spalte = |n: &str| kopf.iter().position(|k| k == n).unwrap();
    let mut verglichen = 0;
    for z in r.records() {
        let z = z.unwrap();
        let e = soll["einheiten"].as_array().unwrap().iter().find(|e| e["id"] == z[spalte("ags")]).unwrap();
        for s in ["1000", "2000", "5000"] {
            let api = e[format!("anteil_{s}")].as_f64();
            let datei = z[spalte(&format!("anteil_{s}"))].parse::<f64>().ok();
            assert_eq!(api.map(|x| (x * 1e6).round()), datei.map(|x| (x * 1e6).round()), "{z:?}");
            verglichen += usize::from(api.is_some());
        }
    }
    assert!(verglichen >= 6);
    // A map of coverage on the network names its measure.
    let (s, svg) = d.get("/api/karten/abdeckung.svg?kategorie=kita&mass=rad&minuten=5");
    assert_eq!(s, 200);
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.contains("mit dem Rad") && svg.contains("5 min"), "{}", &svg[..svg.len().min(3000)]);
    // The Kreis report on the network: thresholds in minutes and the network's source.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("bericht.pdf");
    let o = sozialraum()
        .args(["bericht", "kreis", "-p", "mass=fuss", "-p", "minuten=5,10,15", "--aus"])
        .arg(&pdf)
        .arg("--daten")
        .arg(testgebiet())
        .arg("--speicher")
        .arg(&d.speicher)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("zu Fuß im Wegenetz"), "{text}");
    assert!(text.contains("bis 10,0 min") || text.contains("bis 10 min"), "{text}");
    assert!(text.contains("OpenStreetMap"), "{text}");
}

#[test]
fn an_extract_that_misses_part_of_the_kreis_names_the_kommunen_and_inhabitants_outside() {
    // Independent: the reference's straight distance of every population point to its nearest
    // walkable segment; more than 1,000 m is outside the network. Once with the network of the
    // whole test area, once cut to Neudrossenfeld alone without a buffer.
    let a = sozialraum::Atlas::laden(sozialraum::io::Datenquelle::Verzeichnis(testgebiet())).unwrap();
    let punkte = a.bevoelkerung.punkte(sozialraum::model::Zielgruppe::Einwohner);
    let l = Lauf::neu(&punkte.iter().map(|p| [p.pos.x, p.pos.y]).collect::<Vec<_>>(), &[]);
    let mut alle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(testgebiet().join("kommunen.geojson")).unwrap()).unwrap();
    alle["features"].as_array_mut().unwrap().retain(|f| f["properties"]["name"] == "Neudrossenfeld");
    let teil = l.pfad("neudrossenfeld.geojson");
    std::fs::write(&teil, alle.to_string()).unwrap();

    for (gebiete, puffer) in [(testgebiet().join("kommunen.geojson"), "3000"), (teil, "0")] {
        let beine = l.referenz_in(&gebiete, puffer, "fuss", "bein");
        let mut draussen: HashMap<String, f64> = HashMap::new();
        for (i, p) in punkte.iter().enumerate() {
            if beine[&(i + 1)].unwrap() > 1000.0 {
                *draussen.entry(a.kommunen[p.kommune].name.clone()).or_default() += p.gewicht;
            }
        }
        draussen.retain(|_, e| *e >= 0.5); // a fraction of a person that rounds to nobody is not named
        let o = sozialraum()
            .args(["import", "netz", "--von"])
            .arg(pbf())
            .arg("--daten")
            .arg(testgebiet())
            .arg("--gebiete")
            .arg(&gebiete)
            .args(["--puffer", puffer])
            .arg("--aus")
            .arg(l.pfad("test.netz"))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{text}");
        if draussen.is_empty() {
            assert!(text.contains("Alle Einwohner des Datensatzes wohnen höchstens 1.000 m"), "{text}");
            assert_eq!(puffer, "3000", "the whole area's network reaches everyone");
            continue;
        }
        assert_eq!(puffer, "0", "Neudrossenfeld's network leaves the other Kommunen's villages outside");
        let n = draussen.len();
        assert!(text.contains(&format!("Achtung: in {n} Kommune{}", if n == 1 { "" } else { "n" })), "{text}");
        for (kommune, e) in &draussen {
            let zeile =
                text.lines().find(|z| z.trim_start().starts_with(kommune.as_str())).unwrap_or_else(|| panic!("{text}"));
            let gesamt: f64 = punkte.iter().filter(|p| a.kommunen[p.kommune].name == *kommune).map(|p| p.gewicht).sum();
            let soll = format!(
                "{} Einwohner ({} %)",
                sozialraum::model::deutsch::zahl(e.round(), 0),
                sozialraum::model::deutsch::zahl(e / gesamt * 100.0, 1)
            );
            assert!(zeile.ends_with(&soll), "{zeile} vs {soll}");
        }
    }
}

#[test]
fn catchment_areas_of_longer_times_contain_the_shorter_ones() {
    // The band and its simplification are made per limit; the service joins each area with the
    // smaller one. Checked in EPSG:25832 metres before the answer rounds its coordinates.
    use geo::{Area, BooleanOps};
    use sozialraum::netz::{Profil, Strassennetz, Ziel, gewichtung, isochrone};
    let a = sozialraum::Atlas::laden(sozialraum::io::Datenquelle::Verzeichnis(testgebiet())).unwrap();
    let bereich = sozialraum::io::osm::Netzbereich {
        flaechen: a.kommunen.iter().map(|k| k.grenze.clone()).collect(),
        puffer_m: 3000.0,
        beschreibung: String::new(),
    };
    let sn = Strassennetz::neu(sozialraum::io::osm::netz_lesen(&pbf(), &bereich, "2026-12-06", &|_| {}).unwrap());
    let mut geprueft = 0;
    for o in a.angebote.iter() {
        for p in Profil::ALLE {
            let Some(ort) = sn.anschluss(o.pos.xy(), p) else { continue };
            let (g, faktor) = gewichtung(p, true);
            let grenzen: Vec<f64> = [5.0, 10.0, 15.0].iter().map(|m| m / faktor).collect();
            let feld = sn.feld_bis(p, g, &[Ziel { nr: 0, anschluss: ort }], grenzen[2]);
            let f = isochrone::flaechen(&isochrone::stuecke(&sn, p, g, &feld, &ort, &grenzen));
            for i in 1..f.len() {
                // Without the union up to 12 m² stick out here; with it only the boolean
                // operation's rounding remains (under 0.01 m²).
                let rest = f[i - 1].difference(&f[i]).unsigned_area();
                assert!(rest < 0.1, "{} {p:?}: the {} min area sticks out of the next by {rest} m²", o.id, 5 * i);
            }
            geprueft += 1;
        }
    }
    assert_eq!(geprueft, a.angebote.len() * 3, "every offer of the test area joins every profile's network");
}

#[test]
fn a_batch_run_names_what_is_wrong_with_its_network_file() {
    let l = Lauf::neu(&zufallspunkte(5, 7), &zufallspunkte(2, 8));
    std::fs::write(l.pfad("leer.netz"), b"").unwrap();
    let ordner = l.pfad("ordner");
    std::fs::create_dir(&ordner).unwrap();
    for (netz, erwartet) in [
        (testgebiet().join("kommunen.geojson"), "weder eine lesbare OSM-PBF-Datei noch eine Netzdatei"),
        (l.pfad("leer.netz"), "die Datei ist leer"),
        (l.pfad("fehlt.netz"), "diese Datei gibt es nicht"),
        (ordner, "das ist ein Ordner, keine Datei"),
    ] {
        let o = l.abdeckung(&l.pfad("aus.csv")).arg("--netz").arg(&netz).args(["--profil", "fuss"]).output().unwrap();
        let text = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{text}");
        assert!(text.contains(erwartet), "{}: {text}", netz.display());
        assert!(!text.contains("os error") && !text.contains("Import aus"), "{text}");
        assert!(!l.pfad("aus.csv").exists());
    }
}

#[test]
fn the_coverage_map_of_a_region_agrees_with_the_coverage_table_when_a_member_has_no_children() {
    // In the test data some Kommunen have no child under 10: their share is undefined, but they
    // add nothing to their region. The map (derived indicator, ratio of the Kommunen's sums)
    // and the table (shares summed per unit directly) must give every region the same value.
    let a = sozialraum::Atlas::laden(sozialraum::io::Datenquelle::Verzeichnis(testgebiet())).unwrap();
    let ohne: Vec<usize> = (0..a.kommunen.len())
        .filter(|&i| a.bevoelkerung.summe(sozialraum::model::Zielgruppe::Unter10, i) == 0.0)
        .collect();
    assert!(!ohne.is_empty(), "a Kommune without children under 10 in the test data");
    let d = common::Dienst::mit_konfiguration(&format!("daten = {:?}\n", testgebiet().display().to_string()));
    for schema in ["", "&schema=test"] {
        let karte = get(
            &d,
            &format!("/api/indikatoren/abdeckung?kategorie=kita&zielgruppe=unter10&ebene=region&schwelle=1000{schema}"),
        );
        let tabelle =
            get(&d, &format!("/api/abdeckung?kategorie=kita&zielgruppe=unter10&ebene=region&schwellen=1000{schema}"));
        let mut verglichen = 0;
        for e in tabelle["einheiten"].as_array().unwrap() {
            let f = karte["features"].as_array().unwrap().iter().find(|f| f["properties"]["id"] == e["id"]).unwrap();
            let wert = f["properties"]["wert"].as_f64();
            match e["anteil_1000"].as_f64() {
                Some(anteil) => {
                    let wert = wert.unwrap_or_else(|| panic!("{}: Karte ohne Wert, Tabelle {anteil}", e["id"]));
                    assert!((wert - anteil * 100.0).abs() < 1e-3, "{}: {wert} vs {anteil}", e["id"]);
                    verglichen += 1;
                }
                None => assert!(wert.is_none(), "{}: {f}", e["id"]),
            }
        }
        assert!(verglichen > 0, "{tabelle}");
    }
}

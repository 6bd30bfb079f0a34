//! Needs reported from case planning: the form (role melden) and the import per source and
//! quarter take counts only; the series and the indicator publish them with primary and
//! secondary suppression over Kommunen × quarters. The expected figures are summed here from
//! the reports the test sends, and "no hidden value can be computed" is checked with this
//! file's own linear algebra over every published figure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, HashMap};

use common::{anfrage as senden, curl};
use serde_json::{Value, json};

const MELDEN: &str = "melden-token-asd-nord-4711";
const INTERN: &str = "intern-token-planung-0815";
const BEARBEITEN: &str = "bearbeiten-token-planung-0815";

fn dienst() -> common::Dienst {
    common::Dienst::mit_konfiguration(&format!(
        "intern_token = \"{INTERN}\"\nbearbeiten_token = \"{BEARBEITEN}\"\n\n[[token]]\nname = \"ASD Nord\"\nrolle = \"melden\"\ntoken = \"{MELDEN}\"\n"
    ))
}

fn kommunen() -> Vec<String> {
    common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/kommunen.csv"))
        .into_iter()
        .map(|z| z["ags"].clone())
        .collect()
}

/// The reports of Kommune `i` in quarter `q` (0 … 3) of 2025: small counts on purpose.
fn anzahl(i: usize, q: usize) -> u32 {
    [0, 1, 2, 3, 4, 6, 9, 0, 5][(i * 5 + q * 7 + i * q) % 9]
}

fn json_von(d: &common::Dienst, pfad: &str, token: Option<&str>) -> Value {
    let (s, _, v) = senden(&d.url, "GET", pfad, token, &[], None);
    assert_eq!(s, 200, "{pfad}: {v}");
    v
}

/// A file as the case software exports it: Windows-1252, semicolons, a case number and a day
/// the service must not keep.
fn exportdatei(zeilen: &[(String, &str, String)]) -> tempfile::NamedTempFile {
    let mut text = String::from("Fallnummer;AGS;Kategorie;Quartal\r\n");
    for (n, (ags, kat, quartal)) in zeilen.iter().enumerate() {
        text.push_str(&format!("F-{:05};{ags};{kat};{quartal}\r\n", 10_000 + n));
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    std::fs::write(f.path(), bytes).unwrap();
    f
}

#[test]
fn the_form_takes_counts_only_and_needs_the_role_melden() {
    let d = dienst();
    let u = &d.url;
    let m = json!({"ags": "06532012", "kategorie": "familienzentrum", "quartal": "2025-Q3", "anzahl": 2});
    assert_eq!(senden(u, "POST", "/api/bedarfsmeldungen", None, &[], Some(m.clone())).0, 401);
    let (s, _, v) = senden(u, "POST", "/api/bedarfsmeldungen", Some(INTERN), &[], Some(m.clone()));
    assert_eq!(s, 403, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("melden"), "{v}");
    let (s, _, v) = senden(u, "POST", "/api/bedarfsmeldungen", Some(MELDEN), &[], Some(m.clone()));
    assert_eq!((s, v["zelle"].as_i64(), v["kommune"].as_str()), (201, Some(2), Some("Herborn")), "{v}");
    // A second report adds to the cell; the editing role may report too.
    let (s, _, v) = senden(
        u,
        "POST",
        "/api/bedarfsmeldungen",
        Some(BEARBEITEN),
        &[],
        Some(
            json!({"ags": "06532012", "kategorie": "Familienzentrum / Begegnungs- und Familienzentrum", "quartal": "2025-Q3"}),
        ),
    );
    assert_eq!((s, v["zelle"].as_i64(), v["anzahl"].as_i64()), (201, Some(3), Some(1)), "{v}");
    // Nothing but the cell is taken: a case number, a day or free text is refused by name.
    for (feld, wert) in
        [("fallnummer", json!("F-123")), ("datum", json!("2025-08-14")), ("bemerkung", json!("Familie M."))]
    {
        let mut x = m.clone();
        x[feld] = wert;
        let (s, _, v) = senden(u, "POST", "/api/bedarfsmeldungen", Some(MELDEN), &[], Some(x));
        assert_eq!(s, 400, "{v}");
        assert!(v["detail"].as_str().unwrap().contains(&format!("„{feld}“")), "{v}");
    }
    for (feld, wert, teil) in [
        ("quartal", json!("2999-Q1"), "Zukunft"),
        ("quartal", json!("14.08.2025"), "kein Quartal"),
        ("ags", json!("06531001"), "keine Kommune"),
        ("kategorie", json!("bolzplatz"), "keine Angebotskategorie"),
        ("anzahl", json!(0), "ganze Zahl von 1"),
    ] {
        let mut x = m.clone();
        x[feld] = wert;
        let (s, _, v) = senden(u, "POST", "/api/bedarfsmeldungen", Some(MELDEN), &[], Some(x));
        assert_eq!(s, 400, "{feld}: {v}");
        let t = v["detail"].as_str().unwrap();
        assert!(t.contains(&format!("„{feld}“")) && t.contains(teil), "{feld}: {t}");
    }
    // No timed trace of a single report: not in the history (which would say who reported
    // what when, to the millisecond), and the store holds the cell count only.
    let h = json_von(&d, "/api/aenderungen?limit=1000", Some(INTERN));
    assert!(h["aenderungen"].as_array().unwrap().iter().all(|e| e["objekt"] != "bedarfsmeldungen"), "{h}");
    let q = json_von(&d, "/api/bedarfsmeldungen/quellen", Some(MELDEN));
    assert_eq!(q, json!([{"quelle": "Formular", "quartal": "2025-Q3", "meldungen": 3}]));
    // The series is there for everyone; the breakdown by category only with a token.
    let r = json_von(&d, "/api/bedarfsmeldungen", None);
    assert_eq!(r["zeitraeume"], json!(["2025-Q1", "2025-Q2", "2025-Q3", "2025"]));
    let (s, _, v) = senden(u, "GET", "/api/bedarfsmeldungen?kategorie=familienzentrum", None, &[], None);
    assert_eq!(s, 400, "{v}");
    let r = json_von(&d, "/api/bedarfsmeldungen?kategorie=familienzentrum", Some(INTERN));
    let herborn = r["einheiten"].as_array().unwrap().iter().find(|e| e["id"] == "06532012").unwrap();
    assert_eq!(herborn["werte"][2]["anzahl"].as_f64(), Some(3.0));
}

#[test]
fn an_import_replaces_the_quarters_of_its_source_and_keeps_nothing_else() {
    let d = dienst();
    let u = &d.url;
    let ags = kommunen();
    let mut zeilen = Vec::new();
    for (i, a) in ags.iter().enumerate() {
        for q in 0..4 {
            for n in 0..anzahl(i, q) {
                // Quarters as people write them, days cut to their quarter, and names of categories.
                let quartal = match n % 3 {
                    0 => format!("2025-Q{}", q + 1),
                    1 => format!("Q{}/2025", q + 1),
                    _ => format!("15.{:02}.2025", q * 3 + 2),
                };
                let kat = if n % 2 == 0 { "familienzentrum" } else { "Frühe Hilfen" };
                zeilen.push((a.clone(), kat, quartal));
            }
        }
    }
    let datei = exportdatei(&zeilen);
    let pfad = "/api/import/bedarfsmeldungen?quelle=Fachsoftware&datei=export.csv";
    // (A source is the same source however it is capitalised; see the re-import below.)
    let (s, _, v) = curl(u, "POST", pfad, Some(MELDEN), &["Content-Type: text/csv"], Some(datei.path()));
    assert_eq!(s, 200, "{v}");
    assert_eq!((v["angewendet"].as_bool(), v["zeilen"].as_u64()), (Some(false), Some(zeilen.len() as u64)), "{v}");
    assert_eq!(v["kodierung"], "Windows-1252");
    let hinweise = v["hinweise"].to_string();
    assert!(hinweise.contains("Fallnummer") && hinweise.contains("auf das Quartal gekürzt"), "{hinweise}");
    let je_quartal: Vec<u64> = (0..4).map(|q| (0..ags.len()).map(|i| u64::from(anzahl(i, q))).sum()).collect();
    for (q, b) in v["quartale"].as_array().unwrap().iter().enumerate() {
        assert_eq!((b["status"].as_str(), b["meldungen"].as_u64()), (Some("neu"), Some(je_quartal[q])), "{b}");
    }
    // Without a source nothing can be replaced safely.
    let (s, _, v) = curl(
        u,
        "POST",
        "/api/import/bedarfsmeldungen?modus=anwenden",
        Some(MELDEN),
        &["Content-Type: text/csv"],
        Some(datei.path()),
    );
    assert_eq!(s, 400, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("quelle"), "{v}");
    let anwenden = format!("{pfad}&modus=anwenden");
    let (s, _, v) = curl(u, "POST", &anwenden, Some(MELDEN), &["Content-Type: text/csv"], Some(datei.path()));
    assert_eq!((s, v["angewendet"].as_bool()), (200, Some(true)), "{v}");
    // Again, with the source written in lower case: nothing changes, nothing is recorded.
    let klein = "/api/import/bedarfsmeldungen?quelle=fachsoftware&datei=export.csv&modus=anwenden";
    let (_, _, v) = curl(u, "POST", klein, Some(MELDEN), &["Content-Type: text/csv"], Some(datei.path()));
    assert_eq!(v["quelle"], "Fachsoftware");
    assert!(v["quartale"].as_array().unwrap().iter().all(|b| b["status"] == "unveraendert"), "{v}");
    // A corrected Q2 (one report less for the first Kommune that has one) replaces Q2 only.
    let weg = zeilen.iter().position(|(_, _, q)| q == "2025-Q2").unwrap();
    let korrigiert: Vec<_> = zeilen
        .iter()
        .enumerate()
        .filter(|(n, (_, _, q))| *n != weg && (q == "2025-Q2" || q == "Q2/2025" || q.ends_with(".05.2025")))
        .map(|(_, z)| z.clone())
        .collect();
    let datei2 = exportdatei(&korrigiert);
    let (s, _, v) = curl(u, "POST", &anwenden, Some(MELDEN), &["Content-Type: text/csv"], Some(datei2.path()));
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["quartale"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["quartale"][0]["status"], "ersetzt");
    assert_eq!(
        (v["quartale"][0]["bisher"].as_u64(), v["quartale"][0]["meldungen"].as_u64()),
        (Some(je_quartal[1]), Some(je_quartal[1] - 1))
    );
    let h = json_von(&d, "/api/aenderungen?objekt=Fachsoftware/2025-Q2", Some(INTERN));
    let arten: Vec<&str> = h["aenderungen"].as_array().unwrap().iter().map(|e| e["art"].as_str().unwrap()).collect();
    assert_eq!(arten, ["ersetzt", "angelegt"], "{h}");
    assert_eq!(h["aenderungen"][0]["kommentar"], "Import export.csv");
    // The store holds counts and nothing of the file's case numbers or days.
    let roh = std::fs::read(&d.speicher).unwrap();
    let wal = std::fs::read(d.speicher.with_extension("gpkg-wal")).unwrap_or_default();
    for inhalt in [&roh, &wal] {
        let t = String::from_utf8_lossy(inhalt);
        assert!(!t.contains("F-10000") && !t.contains("15.05.2025") && !t.contains("Fallnummer"));
    }
    // The sources as the planners see them.
    let q = json_von(&d, "/api/bedarfsmeldungen/quellen", Some(MELDEN));
    assert_eq!(q.as_array().unwrap().len(), 4, "{q}");
    assert_eq!(q[1]["meldungen"].as_u64(), Some(je_quartal[1] - 1));
    // A problem row stops the whole file, naming line and column.
    let mut falsch = korrigiert.clone();
    falsch.push(("06532099".into(), "familienzentrum", "2025-Q2".into()));
    let datei3 = exportdatei(&falsch);
    let (s, _, v) = curl(u, "POST", &anwenden, Some(MELDEN), &["Content-Type: text/csv"], Some(datei3.path()));
    assert_eq!(s, 422, "{v}");
    let p = &v["pruefbericht"]["probleme"][0];
    assert_eq!(
        (p["zeile"].as_str(), p["spalte"].as_str()),
        (Some(format!("Zeile {}", falsch.len() + 1).as_str()), Some("AGS")),
        "{v}"
    );
}

/// Row-reduces `zeilen` and tells whether `v` lies in their span (f64 with partial pivoting;
/// the vectors hold 0 and 1 only, so the tolerance is generous).
fn im_span(zeilen: &[Vec<f64>], v: &[f64]) -> bool {
    let mut basis: Vec<(usize, Vec<f64>)> = Vec::new();
    let reduzieren = |basis: &[(usize, Vec<f64>)], mut x: Vec<f64>| {
        for (p, b) in basis {
            let f = x[*p];
            if f.abs() > 1e-9 {
                x.iter_mut().zip(b).for_each(|(a, b)| *a -= f * b);
            }
        }
        x
    };
    for z in zeilen {
        let r = reduzieren(&basis, z.clone());
        if let Some((p, &g)) = r.iter().enumerate().max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            && g.abs() > 1e-9
        {
            let b: Vec<f64> = r.iter().map(|x| x / g).collect();
            // Keep the basis reduced: eliminate the new pivot from the earlier rows.
            for (_, alt) in basis.iter_mut() {
                let f = alt[p];
                if f.abs() > 1e-9 {
                    alt.iter_mut().zip(&b).for_each(|(a, b)| *a -= f * b);
                }
            }
            basis.push((p, b));
        }
    }
    reduzieren(&basis, v.to_vec()).iter().all(|x| x.abs() < 1e-6)
}

#[test]
fn hidden_quarters_and_years_cannot_be_computed_from_what_is_published() {
    let d = dienst();
    let u = &d.url;
    let ags = kommunen();
    let mut zeilen = Vec::new();
    for (i, a) in ags.iter().enumerate() {
        for q in 0..4 {
            for _ in 0..anzahl(i, q) {
                zeilen.push((a.clone(), "familienzentrum", format!("2025-Q{}", q + 1)));
            }
        }
    }
    let datei = exportdatei(&zeilen);
    let (s, _, v) = curl(
        u,
        "POST",
        "/api/import/bedarfsmeldungen?quelle=Fachsoftware&modus=anwenden",
        Some(MELDEN),
        &["Content-Type: text/csv"],
        Some(datei.path()),
    );
    assert_eq!((s, v["angewendet"].as_bool()), (200, Some(true)), "{v}");
    let oeffentlich = json_von(&d, "/api/bedarfsmeldungen", None);
    let intern = json_von(&d, "/api/bedarfsmeldungen", Some(INTERN));
    let zeitraeume: Vec<String> =
        oeffentlich["zeitraeume"].as_array().unwrap().iter().map(|z| z.as_str().unwrap().to_string()).collect();
    assert_eq!(zeitraeume, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2025"]);
    let index: HashMap<&str, usize> = ags.iter().enumerate().map(|(i, a)| (a.as_str(), i)).collect();
    // Cell (Kommune i, quarter q) is coordinate 4i + q; a year is its four quarters.
    let vektor = |mitglieder: &[usize], p: usize| {
        let mut v = vec![0.0; 4 * ags.len()];
        for &i in mitglieder {
            for q in if p < 4 { p..p + 1 } else { 0..4 } {
                v[4 * i + q] = 1.0;
            }
        }
        v
    };
    let mut veroeffentlicht = Vec::new();
    let mut verborgen = Vec::new();
    let mut gezeigt = 0;
    for (e, ei) in oeffentlich["einheiten"].as_array().unwrap().iter().zip(intern["einheiten"].as_array().unwrap()) {
        let mitglieder: Vec<usize> = match e["mitglieder"].as_array() {
            Some(m) => m.iter().map(|a| index[a.as_str().unwrap()]).collect(),
            None => vec![index[e["id"].as_str().unwrap()]],
        };
        let unter18 = ei["unter18"].as_f64().unwrap();
        for (p, (w, wi)) in e["werte"].as_array().unwrap().iter().zip(ei["werte"].as_array().unwrap()).enumerate() {
            // The count, summed here from the reports sent.
            let soll: u32 =
                mitglieder.iter().map(|&i| if p < 4 { anzahl(i, p) } else { (0..4).map(|q| anzahl(i, q)).sum() }).sum();
            assert_eq!(wi["anzahl"].as_f64(), Some(f64::from(soll)), "{} {}", e["name"], zeitraeume[p]);
            let je_1000 = wi["je_1000"].as_f64().unwrap();
            assert!((je_1000 - f64::from(soll) / unter18 * 1000.0).abs() < 0.001, "{} {}", e["name"], zeitraeume[p]);
            if (1..=2).contains(&soll) {
                assert_eq!(w["status"], "nicht_ausgewiesen", "primär: {} {}", e["name"], zeitraeume[p]);
            }
            if w["status"] == "ausgewiesen" {
                assert_eq!(w["anzahl"].as_f64(), Some(f64::from(soll)));
                veroeffentlicht.push(vektor(&mitglieder, p));
                gezeigt += 1;
            } else {
                assert!(w["anzahl"].is_null() && w["je_1000"].is_null(), "{w}");
                verborgen.push((
                    e["name"].as_str().unwrap().to_string(),
                    zeitraeume[p].clone(),
                    vektor(&mitglieder, p),
                ));
            }
        }
    }
    assert!(verborgen.len() >= 4 && gezeigt > 100, "{} verborgen, {gezeigt} gezeigt", verborgen.len());
    for (name, zeitraum, v) in &verborgen {
        assert!(!im_span(&veroeffentlicht, v), "{name} {zeitraum} ließe sich aus den gezeigten Werten errechnen");
    }
    // The indicator's map, table and profile show the years with the same statuses.
    let karte = json_von(&d, "/api/indikatoren/bedarfsmeldungen?jahr=2025", None);
    let jahr: BTreeMap<String, Value> = oeffentlich["einheiten"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_string(), e["werte"][4].clone()))
        .collect();
    for f in karte["features"].as_array().unwrap() {
        let w = &jahr[f["id"].as_str().unwrap()];
        assert_eq!(f["properties"]["status"], w["status"], "{}", f["id"]);
        if w["status"] == "ausgewiesen" {
            assert!((f["properties"]["wert"].as_f64().unwrap() - w["je_1000"].as_f64().unwrap()).abs() < 0.001);
        }
    }
    // Need × supply takes the reports as its need side.
    let b = json_von(&d, "/api/bedarf-angebot?indikator=bedarfsmeldungen&kategorie=familienzentrum", None);
    assert_eq!(b["indikator"]["id"], "bedarfsmeldungen");
    assert_eq!(b["features"].as_array().unwrap().len(), ags.len());
}

#[test]
fn the_command_line_imports_an_export_like_the_api() {
    let ordner = tempfile::tempdir().unwrap();
    let speicher = ordner.path().join("s.gpkg");
    let datei = exportdatei(&[
        ("06532012".into(), "familienzentrum", "2025-Q2".into()),
        ("06532012".into(), "familienzentrum", "Q2/2025".into()),
        ("06532001".into(), "sonstiges", "2025-Q1".into()),
    ]);
    let lauf = |datei: &std::path::Path, anwenden: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_sozialraum"));
        c.args(["import", "bedarfsmeldungen"])
            .arg(datei)
            .args(["--quelle", "Fachsoftware", "--speicher"])
            .arg(&speicher);
        if anwenden {
            c.arg("--anwenden");
        }
        c.output().unwrap()
    };
    let o = lauf(datei.path(), false);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{text}");
    assert!(text.contains("2025-Q2: 2 Meldungen (neu") && text.contains("Fallnummer"), "{text}");
    assert!(lauf(datei.path(), true).status.success());
    let s = sozialraum::store::Speicher::oeffnen(&speicher).unwrap();
    let q = s.meldequellen().unwrap();
    assert_eq!(q.get(&("Fachsoftware".to_string(), "2025-Q2".to_string())), Some(&2));
    assert_eq!(q.get(&("Fachsoftware".to_string(), "2025-Q1".to_string())), Some(&1));
    // A file with a problem changes nothing and ends with exit code 1.
    let falsch = exportdatei(&[("06532099".into(), "familienzentrum", "2025-Q2".into())]);
    let o = lauf(falsch.path(), true);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Zeile 2, Spalte AGS"));
    assert_eq!(s.meldequellen().unwrap().values().sum::<i64>(), 3);
}

//! Reports as PDF, checked as files with poppler (pdfinfo, pdffonts, pdftotext, pdfimages) and
//! rendered to images (pdftoppm) kept in `test-artefakte/berichte/`. Every figure checked is
//! taken from the API's own answers and the rank and index are recomputed here; hidden values
//! are checked against the internal answers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const INTERN: &str = "intern-token-berichte-7777";
const ASSLAR: &str = "06532001";

fn artefakte() -> PathBuf {
    let d = common::wurzel().join("test-artefakte/berichte");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes a PDF and renders its pages to PNG (50 dpi) beside it.
fn ablegen(name: &str, pdf: &[u8]) -> PathBuf {
    let pfad = artefakte().join(format!("{name}.pdf"));
    std::fs::write(&pfad, pdf).unwrap();
    let o =
        Command::new("pdftoppm").args(["-r", "50", "-png"]).arg(&pfad).arg(artefakte().join(name)).output().unwrap();
    assert!(o.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&o.stderr));
    pfad
}

fn werkzeug(programm: &str, args: &[&str], pdf: &Path) -> String {
    let o = Command::new(programm)
        .args(args)
        .arg(pdf)
        .args(if programm == "pdftotext" { &["-"][..] } else { &[] })
        .output()
        .unwrap();
    assert!(o.status.success(), "{programm}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// `pdfinfo` as key → value.
fn info(pdf: &Path) -> BTreeMap<String, String> {
    werkzeug("pdfinfo", &[], pdf)
        .lines()
        .filter_map(|z| z.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The text of the PDF with runs of white space as one space, per line (`-layout`).
fn zeilen(pdf: &Path) -> Vec<String> {
    werkzeug("pdftotext", &["-layout"], pdf)
        .lines()
        .map(|z| z.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|z| !z.is_empty())
        .collect()
}

/// The text of each page.
fn seiten(pdf: &Path) -> Vec<String> {
    let n: usize = info(pdf)["Pages"].parse().unwrap();
    (1..=n)
        .map(|i| {
            let (f, l) = (i.to_string(), i.to_string());
            werkzeug("pdftotext", &["-f", &f, "-l", &l], pdf).split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// Checks what every report must be: A4 pages, only DejaVu fonts, all embedded, no raster image
/// (maps and charts are vector).
fn pruefen_als_datei(pdf: &Path) {
    let i = info(pdf);
    assert_eq!(i["Page size"], "595.276 x 841.89 pts (A4)", "{pdf:?}");
    assert!(i["Pages"].parse::<usize>().unwrap() >= 2);
    let schriften = werkzeug("pdffonts", &[], pdf);
    let zeilen: Vec<&str> = schriften.lines().skip(2).collect();
    assert!(!zeilen.is_empty());
    for z in zeilen {
        let spalten: Vec<&str> = z.split_whitespace().collect();
        assert!(spalten[0].contains("DejaVuSans"), "fremde Schrift: {z}");
        // name, type (2 words), encoding, emb, sub, uni, object, id
        assert_eq!(spalten[spalten.len() - 5], "yes", "nicht eingebettet: {z}");
    }
    let bilder = werkzeug("pdfimages", &["-list"], pdf);
    assert_eq!(bilder.lines().count(), 2, "Rasterbilder im PDF: {bilder}");
}

/// German number with `stellen` decimals and thousands dots.
fn deutsch(x: f64, stellen: usize) -> String {
    let t = format!("{:.*}", stellen, x.abs());
    let (ganz, bruch) = t.split_once('.').unwrap_or((&t, ""));
    let mut g = String::new();
    for (i, c) in ganz.chars().enumerate() {
        if i > 0 && (ganz.len() - i) % 3 == 0 {
            g.push('.');
        }
        g.push(c);
    }
    let v = if x < 0.0 { "−" } else { "" };
    if bruch.is_empty() { format!("{v}{g}") } else { format!("{v}{g},{bruch}") }
}

/// The decimals of a German number text.
fn stellen(t: &str) -> usize {
    t.split_once(',').map_or(0, |(_, b)| b.len())
}

/// An indicator as the API answers it for the Kommunen: value text per AGS (`None`: hidden or
/// missing), name and the Kreis value.
struct Api {
    name: String,
    jahr: i64,
    werte: BTreeMap<String, (Option<String>, Option<f64>, String)>,
    kreis: Option<f64>,
}

/// A value as the reports print it: the API's decimals, at most two.
fn wie_bericht(text: &str, wert: f64) -> String {
    deutsch(wert, stellen(text).min(2))
}

fn api_indikator(d: &common::Dienst, id: &str, token: Option<&str>) -> Api {
    let (s, _, v) = common::anfrage(&d.url, "GET", &format!("/api/indikatoren/{id}?ebene=kommune"), token, &[], None);
    assert_eq!(s, 200, "{v}");
    let werte = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            let text =
                p["wert"].as_f64().map(|w| wie_bericht(p["wert_text"].as_str().unwrap().split(' ').next().unwrap(), w));
            (
                f["id"].as_str().unwrap().to_string(),
                (text, p["wert"].as_f64(), p["status"].as_str().unwrap().to_string()),
            )
        })
        .collect();
    Api {
        name: v["indikator"]["name"].as_str().unwrap().to_string(),
        jahr: v["jahr"].as_i64().unwrap(),
        werte,
        kreis: v["legende"]["kreiswert"]["wert"].as_f64(),
    }
}

fn pdf_holen(d: &common::Dienst, pfad: &str, token: Option<&str>) -> Vec<u8> {
    let mut c = Command::new("curl");
    c.args(["-s", "-D", "/dev/stderr", "-o", "-"]).arg(format!("{}{pfad}", d.url));
    if let Some(t) = token {
        c.args(["-H", &format!("Authorization: Bearer {t}")]);
    }
    let o = c.output().unwrap();
    let kopf = String::from_utf8_lossy(&o.stderr).to_lowercase();
    assert!(kopf.starts_with("http/1.1 200"), "{pfad}: {kopf}\n{}", String::from_utf8_lossy(&o.stdout));
    assert!(kopf.contains("content-type: application/pdf"), "{kopf}");
    assert!(o.stdout.starts_with(b"%PDF-"));
    o.stdout
}

fn dienst() -> common::Dienst {
    common::Dienst::mit_konfiguration(&format!("intern_token = \"{INTERN}\"\n"))
}

#[test]
fn the_steckbrief_shows_the_apis_values_with_index_and_rank_computed_here() {
    let d = dienst();
    let pdf = pdf_holen(&d, &format!("/api/berichte/kommunen/{ASSLAR}.pdf"), None);
    // Deterministic: the same request gives the same bytes.
    assert!(pdf == pdf_holen(&d, &format!("/api/berichte/kommunen/{ASSLAR}.pdf"), None), "zwei Abrufe, zwei PDFs");
    let pfad = ablegen("steckbrief-asslar", &pdf);
    pruefen_als_datei(&pfad);
    let i = info(&pfad);
    assert_eq!(i["Title"], "Steckbrief Aßlar");
    let text = zeilen(&pfad).join("\n");
    let (_, _, katalog) = common::anfrage(&d.url, "GET", "/api/indikatoren", None, &[], None);
    let mut ids: Vec<String> =
        katalog["indikatoren"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
    ids.push("schueler_je_1000".into());
    for id in &ids {
        let api = api_indikator(&d, id, None);
        let (eigen_text, eigen, _) = &api.werte[ASSLAR];
        let eigen_text = eigen_text.clone().unwrap();
        let eigen = eigen.unwrap();
        let kreis = api.kreis.unwrap();
        let gezeigt: Vec<f64> = api.werte.values().filter_map(|w| w.1).collect();
        let rang = 1 + gezeigt.iter().filter(|&&v| v > eigen).count();
        let index = deutsch(eigen / kreis * 100.0, 1);
        let zeile = format!(
            "{} {eigen_text} {} {index} {rang} von {}",
            api.jahr,
            deutsch(kreis, stellen(&eigen_text)),
            gezeigt.len()
        );
        assert!(text.contains(&zeile), "{id}: „{zeile}“ fehlt im Steckbrief:\n{text}");
        assert!(text.contains(api.name.split(' ').next().unwrap()), "{id}: Name fehlt");
    }
    // Offers of Aßlar by name (a long name may wrap in its cell), the population of the Kommune.
    let ohne_leer = |t: &str| t.split_whitespace().collect::<String>();
    let dicht = ohne_leer(&text);
    for a in common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/angebote.csv")) {
        if a["ags"] == ASSLAR {
            assert!(dicht.contains(&ohne_leer(&a["name"])), "Angebot {} fehlt", a["name"]);
        }
    }
    let (_, _, k) = common::anfrage(&d.url, "GET", "/api/kommunen", None, &[], None);
    let asslar = k["features"].as_array().unwrap().iter().find(|f| f["properties"]["ags"] == ASSLAR).unwrap();
    let einwohner = asslar["properties"]["einwohner"].as_f64().unwrap();
    assert!(text.contains(&format!("Einwohner {}", deutsch(einwohner, 0))), "Einwohnerzahl fehlt");
}

#[test]
fn the_kreis_report_names_every_kommune_and_hides_what_the_api_hides() {
    let d = dienst();
    let oeffentlich = pdf_holen(&d, "/api/berichte/kreis.pdf", None);
    let intern = pdf_holen(&d, "/api/berichte/kreis.pdf", Some(INTERN));
    let p_oeff = ablegen("familienbericht", &oeffentlich);
    let p_intern = artefakte().join("familienbericht-intern.pdf");
    std::fs::write(&p_intern, &intern).unwrap();
    pruefen_als_datei(&p_oeff);
    let oeff = zeilen(&p_oeff);
    let int = zeilen(&p_intern);
    // Every Kommune in the overview with its population (the row starts with its name).
    let (_, _, k) = common::anfrage(&d.url, "GET", "/api/kommunen", None, &[], None);
    for f in k["features"].as_array().unwrap() {
        let name = f["properties"]["name"].as_str().unwrap();
        let einwohner = deutsch(f["properties"]["einwohner"].as_f64().unwrap(), 0);
        assert!(
            oeff.iter().any(|z| z.starts_with(name) && z.contains(&einwohner)),
            "{name} mit {einwohner} Einwohnern fehlt in der Übersicht"
        );
    }
    // Each indicator's table: every Kommune's row as the API gives it, hidden ones as text.
    for id in ["kinderarmut", "hze_beispiel"] {
        let api = api_indikator(&d, id, None);
        let api_intern = api_indikator(&d, id, Some(INTERN));
        let mut verborgen = 0;
        for f in k["features"].as_array().unwrap() {
            let (ags, name) = (f["properties"]["ags"].as_str().unwrap(), f["properties"]["name"].as_str().unwrap());
            match &api.werte[ags] {
                (Some(t), _, _) => {
                    assert!(oeff.iter().any(|z| z.starts_with(&format!("{name} {t} "))), "{id}: {name} {t} fehlt");
                }
                (None, _, status) if status == "nicht_ausgewiesen" => {
                    verborgen += 1;
                    let wert = api_intern.werte[ags].0.clone().unwrap();
                    let soll = format!("{name} nicht ausgewiesen nicht ausgewiesen nicht ausgewiesen");
                    assert!(oeff.contains(&soll), "{id}: „{soll}“ fehlt");
                    assert!(
                        !oeff.iter().any(|z| z.starts_with(name) && z.contains(&wert)),
                        "{id}: verborgener Wert {wert} von {name} steht im öffentlichen Bericht"
                    );
                    assert!(
                        int.iter().any(|z| z.starts_with(&format!("{name} {wert} *"))),
                        "{id}: interner Bericht zeigt {wert} von {name} nicht"
                    );
                }
                _ => {}
            }
        }
        if id == "hze_beispiel" {
            assert!(verborgen >= 1, "die Beispieldaten haben verborgene Werte");
        }
    }
    // The rule stands on every page with a hidden value, in the public report only there.
    let seiten = seiten(&p_oeff);
    let regel = "Solche Werte stehen als „nicht ausgewiesen“";
    let mit = seiten
        .iter()
        .filter(|s| s.contains("nicht ausgewiesen (Datenschutz)") || s.contains("nicht ausgewiesen nicht"));
    for s in mit {
        assert!(s.contains(regel), "Seite mit verborgenem Wert ohne Datenschutzregel: {}", &s[..200.min(s.len())]);
    }
    assert!(seiten.iter().any(|s| !s.contains(regel)), "die Regel steht auf jeder Seite");
    assert!(int.iter().any(|z| z.contains("INTERN")) && !oeff.iter().any(|z| z.contains("INTERN")));
}

#[test]
fn wrong_requests_get_a_german_problem() {
    let d = dienst();
    for (pfad, status, teil) in [
        ("/api/berichte/kommunen/99999999.pdf", 404, "Kommune"),
        ("/api/berichte/kommunen/06532001.docx", 400, "AGS.pdf"),
        ("/api/berichte/kreis.pdf?kategorie=zoo", 400, "zoo"),
        ("/api/berichte/kreis.pdf?farbe=rot", 400, "farbe"),
        ("/api/berichte/kommunen/06532001.pdf?schwelle=-5", 400, "schwelle"),
    ] {
        let (s, _, v) = common::anfrage(&d.url, "GET", pfad, None, &[], None);
        assert_eq!(s, status, "{pfad}: {v}");
        assert!(v["detail"].as_str().unwrap_or_default().contains(teil), "{pfad}: {v}");
    }
}

#[test]
fn the_command_line_writes_every_report_with_the_same_bytes_as_the_api() {
    let d = dienst();
    let ordner = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["bericht", "alle", "--aus"])
        .arg(ordner.path().join("berichte"))
        .arg("--speicher")
        .arg(ordner.path().join("s.gpkg"))
        .env_remove("SOZIALRAUM_KONFIG")
        .output()
        .unwrap();
    let fehler = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{fehler}");
    assert!(fehler.contains("[24/24]") && fehler.contains("24 Berichte"), "{fehler}");
    let mut namen: Vec<String> = std::fs::read_dir(ordner.path().join("berichte"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    namen.sort();
    assert_eq!(namen.len(), 24, "{namen:?}");
    assert!(namen.contains(&"steckbrief-06532001-asslar.pdf".to_string()), "{namen:?}");
    assert!(namen.contains(&"familienbericht.pdf".to_string()));
    let cli = std::fs::read(ordner.path().join("berichte/steckbrief-06532001-asslar.pdf")).unwrap();
    let http = pdf_holen(&d, &format!("/api/berichte/kommunen/{ASSLAR}.pdf"), None);
    assert!(cli == http, "Kommandozeile und API liefern verschiedene Steckbriefe");
    // A wrong AGS: a German message and exit code 1, no file.
    let o = Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["bericht", "kommune", "0653", "--aus"])
        .arg(ordner.path().join("x.pdf"))
        .arg("--speicher")
        .arg(ordner.path().join("s.gpkg"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("„0653“"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!ordner.path().join("x.pdf").exists());
    // A name that is not .pdf is refused before anything is made.
    let o = Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["bericht", "kreis", "--aus"])
        .arg(ordner.path().join("bericht.docx"))
        .arg("--speicher")
        .arg(ordner.path().join("s.gpkg"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains(".pdf"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!ordner.path().join("bericht.docx").exists());
}

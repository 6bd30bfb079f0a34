//! `check` / loading on broken data: one test per class of bad input. Each asserts that the
//! problem is reported with file, place and a reason a planner understands, and that loading
//! fails instead of dropping anything silently.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{datenkopie, ersetzen, lesen, schreiben};
use sozialraum::io::Datenquelle;
use sozialraum::{Atlas, Error, Problem};

fn probleme(d: &Path) -> Vec<Problem> {
    match Atlas::laden(Datenquelle::Verzeichnis(d.to_path_buf())) {
        Ok(_) => panic!("broken data loaded without complaint"),
        Err(Error::Daten(p)) => p.0,
        Err(e) => panic!("expected data problems, got {e}"),
    }
}

/// Asserts a problem in `datei` whose place contains `ort` and whose text contains `text`.
fn gemeldet(p: &[Problem], datei: &str, ort: Option<&str>, text: &str) {
    let ok = p.iter().any(|x| {
        x.datei == datei
            && match ort {
                Some(o) => x.ort.as_deref().is_some_and(|xo| xo.contains(o)),
                None => true,
            }
            && x.meldung.contains(text)
    });
    assert!(
        ok,
        "no problem {datei} / {ort:?} / {text:?} among:\n{}",
        p.iter().map(|x| format!("  {x}\n")).collect::<String>()
    );
}

fn angebotszeile(id: &str, ags: &str, lon: &str, lat: &str) -> String {
    format!("{id},familienzentrum,Testzentrum,Träger,,,,{ags},{lon},{lat},ja,,,Test\n")
}

/// Appends a Familienzentrum row to angebote.csv; returns its line number.
fn angebot_anhaengen(d: &Path, id: &str, ags: &str, lon: &str, lat: &str) -> usize {
    let mut t = lesen(d, "angebote.csv");
    t.push_str(&angebotszeile(id, ags, lon, lat));
    schreiben(d, "angebote.csv", &t);
    t.lines().count()
}

#[test]
fn the_unchanged_copy_loads() {
    let d = datenkopie();
    let a = Atlas::laden(Datenquelle::Verzeichnis(d.path().to_path_buf())).unwrap();
    assert_eq!(a.kommunen.len(), 23);
}

#[test]
fn malformed_json_names_line_and_column() {
    let d = datenkopie();
    let t = lesen(d.path(), "kommunen.geojson");
    schreiben(d.path(), "kommunen.geojson", &t[..t.len() / 2]);
    let p = probleme(d.path());
    gemeldet(&p, "kommunen.geojson", None, "kein gültiges JSON (Zeile");
}

#[test]
fn a_csv_row_with_an_extra_field_is_reported_with_its_line() {
    let d = datenkopie();
    let mut t = lesen(d.path(), "angebote.csv");
    t.push_str(&angebotszeile("x-1", "06532001", "8.46", "50.59").replace("\n", ",zu viel\n"));
    schreiben(d.path(), "angebote.csv", &t);
    let p = probleme(d.path());
    gemeldet(&p, "angebote.csv", Some(&format!("Zeile {}", t.lines().count())), "Felder");
}

#[test]
fn an_empty_file_is_reported() {
    let d = datenkopie();
    schreiben(d.path(), "kategorien.csv", "");
    gemeldet(&probleme(d.path()), "kategorien.csv", None, "Datei ist leer");
}

#[test]
fn a_latin1_file_is_reported_with_the_line_of_the_first_umlaut() {
    let d = datenkopie();
    let utf8 = lesen(d.path(), "kommunen.csv");
    let latin1: Vec<u8> = utf8.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
    schreiben(d.path(), "kommunen.csv", latin1);
    // Line 2 is Aßlar, the first line with a character outside ASCII.
    gemeldet(&probleme(d.path()), "kommunen.csv", Some("Zeile 2"), "Latin-1");
}

#[test]
fn an_ags_without_its_leading_zero_is_explained() {
    let d = datenkopie();
    let zeile = angebot_anhaengen(d.path(), "x-1", "6532001", "8.46", "50.59");
    gemeldet(&probleme(d.path()), "angebote.csv", Some(&format!("Zeile {zeile}")), "führende Null");
}

#[test]
fn an_unknown_ags_is_reported() {
    let d = datenkopie();
    ersetzen(d.path(), "indikatorwerte.csv", "kinderarmut,06532001,", "kinderarmut,06532099,");
    gemeldet(&probleme(d.path()), "indikatorwerte.csv", Some("Zeile"), "unbekannte AGS 06532099");
}

#[test]
fn duplicate_ids_are_reported_with_the_first_occurrence() {
    let d = datenkopie();
    let zeile = angebot_anhaengen(d.path(), "schule-3550", "06532011", "8.18", "50.749");
    gemeldet(
        &probleme(d.path()),
        "angebote.csv",
        Some(&format!("Zeile {zeile}")),
        "„schule-3550“ kommt mehrfach vor (schon in Zeile 2)",
    );
}

#[test]
fn a_duplicate_kommune_boundary_is_reported() {
    let d = datenkopie();
    ersetzen(d.path(), "kommunen.geojson", "\"ags\":\"06532002\"", "\"ags\":\"06532001\"");
    let p = probleme(d.path());
    gemeldet(&p, "kommunen.geojson", Some("Feature 2"), "AGS 06532001 kommt mehrfach vor");
    // …and the Kommune that lost its boundary is named, not dropped silently.
    gemeldet(&p, "kommunen.csv", Some("Zeile 3"), "keine Grenze");
}

#[test]
fn an_offer_outside_the_kreis_is_reported() {
    let d = datenkopie();
    // Frankfurt am Main, Römer.
    let zeile = angebot_anhaengen(d.path(), "x-1", "06532023", "8.6821", "50.1109");
    gemeldet(&probleme(d.path()), "angebote.csv", Some(&format!("Zeile {zeile}")), "außerhalb des Kreises");
}

#[test]
fn an_offer_in_another_kommune_than_its_record_says_is_reported() {
    let d = datenkopie();
    // The Destatis seat point of Wetzlar, recorded as Aßlar.
    let zeile = angebot_anhaengen(d.path(), "x-1", "06532001", "8.504", "50.5536");
    gemeldet(&probleme(d.path()), "angebote.csv", Some(&format!("Zeile {zeile}")), "Lage liegt in Wetzlar (06532023)");
}

fn erste_grenze_aendern(d: &Path, f: impl FnOnce(&mut Vec<serde_json::Value>)) {
    let mut v: serde_json::Value = serde_json::from_str(&lesen(d, "kommunen.geojson")).unwrap();
    let ring = v["features"][0]["geometry"]["coordinates"][0].as_array_mut().unwrap();
    f(ring);
    schreiben(d, "kommunen.geojson", v.to_string());
}

#[test]
fn an_unclosed_ring_is_reported_for_its_feature() {
    let d = datenkopie();
    erste_grenze_aendern(d.path(), |r| {
        r.pop();
    });
    gemeldet(&probleme(d.path()), "kommunen.geojson", Some("Feature 1 (AGS 06532001)"), "nicht geschlossen");
}

#[test]
fn a_self_intersecting_boundary_is_reported() {
    let d = datenkopie();
    erste_grenze_aendern(d.path(), |r| {
        *r = serde_json::from_str("[[8.40,50.58],[8.50,50.62],[8.50,50.58],[8.40,50.62],[8.40,50.58]]").unwrap();
    });
    gemeldet(&probleme(d.path()), "kommunen.geojson", Some("Feature 1 (AGS 06532001)"), "Selbstüberschneidung");
}

#[test]
fn one_broken_polygon_gives_exactly_one_message() {
    let d = datenkopie();
    // Aßlar (06532001) is named by offers, census cells, indicator values and a region: none of
    // those rows may add a follow-up message about an "unknown" Kommune.
    erste_grenze_aendern(d.path(), |r| {
        *r = serde_json::from_str("[[8.40,50.58],[8.50,50.62],[8.50,50.58],[8.40,50.62],[8.40,50.58]]").unwrap();
    });
    let p = probleme(d.path());
    assert_eq!(p.len(), 1, "{}", p.iter().map(|x| format!("  {x}\n")).collect::<String>());
    gemeldet(&p, "kommunen.geojson", Some("Feature 1 (AGS 06532001)"), "Selbstüberschneidung");
}

#[test]
fn control_characters_in_names_are_refused_with_their_place() {
    let d = datenkopie();
    ersetzen(d.path(), "kommunen.csv", "Bischoffen", "Bisch\u{1}offen");
    let p = probleme(d.path());
    gemeldet(&p, "kommunen.csv", Some("Spalte"), "Steuerzeichen U+0001");
    let d = datenkopie();
    // In GeoJSON the character hides behind an escape.
    ersetzen(d.path(), "kommunen.geojson", "\"Bischoffen\"", "\"Bisch\\u0001offen\"");
    let p = probleme(d.path());
    gemeldet(&p, "kommunen.geojson", Some("AGS 06532002"), "Steuerzeichen U+0001");
}

#[test]
fn an_implausible_census_cell_is_refused_instead_of_skewing_every_share() {
    let d = datenkopie();
    let t = lesen(d.path(), "zensus2011_1km.csv");
    let mut zeilen: Vec<String> = t.lines().map(String::from).collect();
    let kopf: Vec<&str> = zeilen[0].split(',').collect();
    let spalte = kopf.iter().position(|h| *h == "Einwohner").unwrap();
    let mut felder: Vec<String> = zeilen[5].split(',').map(String::from).collect();
    felder[spalte] = "1e308".into();
    zeilen[5] = felder.join(",");
    schreiben(d.path(), "zensus2011_1km.csv", zeilen.join("\n") + "\n");
    gemeldet(&probleme(d.path()), "zensus2011_1km.csv", Some("Zeile 6"), "nicht plausibel");
}

#[test]
fn swapped_lat_lon_is_reported() {
    let d = datenkopie();
    let zeile = angebot_anhaengen(d.path(), "x-1", "06532023", "50.5536", "8.504");
    gemeldet(&probleme(d.path()), "angebote.csv", Some(&format!("Zeile {zeile}")), "vertauscht");
}

#[test]
fn projected_coordinates_where_wgs84_is_expected_are_reported() {
    let d = datenkopie();
    ersetzen(d.path(), "kommunen.csv", "8.464722,50.5893", "464577.0,5599904.5");
    gemeldet(&probleme(d.path()), "kommunen.csv", Some("Zeile 2"), "projizierten");
}

#[test]
fn a_missing_required_column_is_named() {
    let d = datenkopie();
    ersetzen(d.path(), "kommunen.csv", "ags,name,einwohner,", "ags,name,ew,");
    gemeldet(&probleme(d.path()), "kommunen.csv", Some("Zeile 1"), "Pflichtspalte(n) fehlen: einwohner");
}

#[test]
fn an_unknown_category_lists_the_known_ones() {
    let d = datenkopie();
    ersetzen(d.path(), "angebote.csv", "fz-beispiel-01,familienzentrum,", "fz-beispiel-01,famlienzentrum,");
    gemeldet(
        &probleme(d.path()),
        "angebote.csv",
        None,
        "unbekannte Kategorie „famlienzentrum“ (bekannt: familienzentrum",
    );
}

#[test]
fn a_kommune_missing_from_a_region_scheme_is_named() {
    let d = datenkopie();
    let t: String =
        lesen(d.path(), "regionen.csv").lines().filter(|l| !l.contains("06532019")).map(|l| format!("{l}\n")).collect();
    schreiben(d.path(), "regionen.csv", t);
    gemeldet(&probleme(d.path()), "regionen.csv", None, "keine Zeile für 06532019 Siegbach");
}

#[test]
fn problems_in_several_files_are_all_reported_at_once() {
    let d = datenkopie();
    ersetzen(d.path(), "kategorien.csv", "#d95f02", "orange");
    ersetzen(d.path(), "indikatorwerte.csv", "kinderarmut,06532001,2021,", "kinderarmut,06532001,zwanzig,");
    ersetzen(d.path(), "zensus2011_1km.csv", ",0.0587,4,", ",0.0587,vier,");
    let p = probleme(d.path());
    gemeldet(&p, "kategorien.csv", Some("Zeile 2"), "#rrggbb");
    gemeldet(&p, "indikatorwerte.csv", None, "Jahreszahl");
    gemeldet(&p, "zensus2011_1km.csv", Some("Zeile 2"), "„vier“ ist keine Zahl");
}

fn sozialraum(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sozialraum")).args(args).output().unwrap()
}

#[test]
fn check_exits_zero_on_good_data_and_says_what_it_found() {
    let aus = sozialraum(&["check"]);
    assert!(aus.status.success());
    let text = String::from_utf8(aus.stdout).unwrap();
    assert!(text.contains("23 Kommunen des Kreises 06532, zusammen 251972 Einwohner"), "{text}");
}

#[test]
fn check_lists_every_problem_and_exits_non_zero() {
    let d = datenkopie();
    ersetzen(d.path(), "kategorien.csv", "#d95f02", "orange");
    ersetzen(d.path(), "kommunen.csv", "ags,name,einwohner,", "ags,name,ew,");
    let aus = sozialraum(&["check", d.path().to_str().unwrap()]);
    assert_eq!(aus.status.code(), Some(1));
    let text = String::from_utf8(aus.stderr).unwrap();
    assert!(text.contains("kategorien.csv, Zeile 2: Spalte „farbe“"), "{text}");
    assert!(text.contains("kommunen.csv, Zeile 1: Pflichtspalte(n) fehlen: einwohner"), "{text}");
}

#[test]
fn check_of_a_missing_directory_names_the_missing_files() {
    let aus = sozialraum(&["check", "/nonexistent-sozialraum-daten"]);
    assert_eq!(aus.status.code(), Some(1));
    let text = String::from_utf8(aus.stderr).unwrap();
    assert!(text.contains("/nonexistent-sozialraum-daten: dieses Datenverzeichnis gibt es nicht"), "{text}");
}

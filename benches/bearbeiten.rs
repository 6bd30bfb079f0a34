//! How long a change takes until every answer shows it: one edit in the store (a transaction
//! with history) and the rebuild of the offer-dependent parts of the atlas and the application
//! (nearest offer of every population point, layers, descriptions), on the Lahn-Dill data set.
//! Run with `cargo bench --bench bearbeiten`; prints the median of 21 changes.
//!
//! Then an import of 10,000 offers as a planner's Excel CSV (semicolons, decimal commas,
//! Windows-1252): the check with every validation, the check and apply in one transaction, and
//! the rebuild after it; the median of 5 runs each, each on a fresh copy of the store.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use sozialraum::Atlas;
use sozialraum::dienst::Dienst;
use sozialraum::dienst::angebotsimport::Importauftrag;
use sozialraum::dienst::bearbeiten::Angebotsangaben;
use sozialraum::dienst::parameter::Parameter;
use sozialraum::io::Datenquelle;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let ordner = tempfile::tempdir().unwrap();
    let atlas = Atlas::laden(Datenquelle::Eingebettet).unwrap();
    let (atlas, speicher) = sozialraum::dienst::bestand::aus_speicher(atlas, &ordner.path().join("s.gpkg")).unwrap();
    let mut dienst = Dienst::neu(Arc::new(atlas), Default::default()).mit_speicher(speicher.clone());
    let mut aendern = Vec::new();
    let mut neu_bauen = Vec::new();
    for i in 0..21 {
        let f = Angebotsangaben { name: Some(format!("Beispiel-Familienzentrum {i}")), ..Default::default() };
        let t = Instant::now();
        dienst.angebot_aendern("fz-beispiel-03", &f, None, "Messung").unwrap();
        aendern.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        dienst = dienst.neu_aus_speicher().unwrap();
        neu_bauen.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (a, n) = (median(&mut aendern), median(&mut neu_bauen));
    println!("Änderung im Speicher (Transaktion mit Verlauf): {a:.1} ms");
    println!("Neuaufbau (Atlas-Teile der Angebote, Dienst, Layer): {n:.1} ms");
    println!("bis die Änderung in allen Antworten steht: {:.1} ms (Median aus 21)", a + n);
    importieren(&dienst, &speicher, ordner.path());
}

/// A list of `n` new offers at population points of the Kreis, as German Excel writes CSV.
pub fn excel_liste(atlas: &Atlas, n: usize) -> Vec<u8> {
    let punkte = atlas.punkte(sozialraum::model::Zielgruppe::Unter18);
    let mut lage: Vec<(f64, f64)> = (0..n).map(|i| punkte[(i * 7919) % punkte.len()].pos).map(|p| (p.x, p.y)).collect();
    sozialraum::spatial::utm32_nach_lonlat(&mut lage).unwrap();
    let mut t = String::from("Kategorie;Name;Träger;Straße;PLZ;Ort;Längengrad;Breitengrad;Plätze;gültig ab\r\n");
    for (i, (lon, lat)) in lage.iter().enumerate() {
        let komma = |x: f64| format!("{x:.6}").replace('.', ",");
        t.push_str(&format!(
            "kita;Kindertagesstätte Nr. {i};Trägerverein {};Hauptstraße {};35576;Wetzlar;{};{};{};01.08.2026\r\n",
            i % 50,
            i % 200 + 1,
            komma(*lon),
            komma(*lat),
            20 + i % 60
        ));
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&t);
    bytes.into_owned()
}

fn importieren(dienst: &Dienst, speicher: &sozialraum::store::Speicher, ordner: &std::path::Path) {
    const N: usize = 10_000;
    let liste = excel_liste(&dienst.atlas, N);
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (mut pruefen, mut anwenden, mut neu_bauen) = (Vec::new(), Vec::new(), Vec::new());
    for lauf in 0..5 {
        let kopie = ordner.join(format!("kopie-{lauf}.gpkg"));
        speicher.sichern(&kopie).unwrap();
        let atlas = Atlas::laden(Datenquelle::Eingebettet).unwrap();
        let (atlas, s) = sozialraum::dienst::bestand::aus_speicher(atlas, &kopie).unwrap();
        let d = Dienst::neu(Arc::new(atlas), Default::default()).mit_speicher(s);
        for (modus, ziel) in [("pruefen", &mut pruefen), ("anwenden", &mut anwenden)] {
            let p = Parameter::aus_paaren([("modus".to_string(), modus.to_string())]).unwrap();
            let auftrag = Importauftrag::aus(&p, "liste.csv").unwrap();
            let t = Instant::now();
            let b = d.angebote_importieren(&auftrag, &liste, "Messung").unwrap();
            ziel.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(b.probleme.is_empty(), "{:?}", &b.probleme[..b.probleme.len().min(3)]);
            assert_eq!(b.anzahl.neu, N);
        }
        let t = Instant::now();
        let d = d.neu_aus_speicher().unwrap();
        neu_bauen.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(d.atlas.angebote.len(), dienst.atlas.angebote.len() + N);
    }
    let (p, a, n) = (median(pruefen), median(anwenden), median(neu_bauen));
    println!("Import von {N} Angeboten (Excel-CSV, {} KiB):", liste.len() / 1024);
    println!("  nur prüfen (Prüfbericht mit allen Prüfungen): {p:.0} ms");
    println!("  prüfen und übernehmen (eine Transaktion): {a:.0} ms");
    println!("  danach Neuaufbau bis alle Antworten sie zeigen: {n:.0} ms");
    println!("  zusammen: {:.0} ms (Median aus 5; Ziel ≤ 2000 ms)", a + n);
}

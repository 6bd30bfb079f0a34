//! How long a change takes until every answer shows it: one edit in the store (a transaction
//! with history) and the rebuild of the offer-dependent parts of the atlas and the application
//! (nearest offer of every population point, layers, descriptions), on the Lahn-Dill data set.
//! Run with `cargo bench --bench bearbeiten`; prints the median of 21 changes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use sozialraum::Atlas;
use sozialraum::dienst::Dienst;
use sozialraum::dienst::bearbeiten::Angebotsangaben;
use sozialraum::io::Datenquelle;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let ordner = tempfile::tempdir().unwrap();
    let atlas = Atlas::laden(Datenquelle::Eingebettet).unwrap();
    let (atlas, speicher) = sozialraum::dienst::bestand::aus_speicher(atlas, &ordner.path().join("s.gpkg")).unwrap();
    let mut dienst = Dienst::neu(Arc::new(atlas), Default::default()).mit_speicher(speicher);
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
}

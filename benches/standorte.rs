//! How long a Standortvorschlag takes. Run with `cargo bench --bench standorte`.
//!
//! 1. The Lahn-Dill-Kreis: k = 5 Familienzentren for children under 18 within 2 km, all
//!    100 m cells of the Kreis as candidates, through the application layer as the API answers
//!    it (median of 11 after one warm-up that builds the cell grid once per data set).
//! 2. A synthetic Kreis: 100,000 population points in 60 towns and the countryside, 10,000
//!    candidate sites, k = 5, 2 km: the cover of every candidate and the search (greedy, single
//!    and pair swaps); median of 5.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use sozialraum::Atlas;
use sozialraum::analysis::standorte::{Bedarfspunkt, Deckung, vorschlagen};
use sozialraum::dienst::parameter::Parameter;
use sozialraum::dienst::{Dienst, Zugang};
use sozialraum::io::Datenquelle;
use sozialraum::spatial::Utm32;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A small deterministic generator (xorshift), so every run measures the same data.
struct Zufall(u64);

impl Zufall {
    fn zahl(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Normally distributed (Box–Muller).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.zahl().max(1e-12), self.zahl());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let atlas = Arc::new(Atlas::laden(Datenquelle::Eingebettet).unwrap());
    let dienst = Dienst::neu(atlas, Default::default());
    let p = Parameter::aus_abfrage("kategorie=familienzentrum&zielgruppe=unter18&schwelle=2000&anzahl=5").unwrap();
    let t = Instant::now();
    let v = dienst.standortvorschlag(&p, Zugang::Oeffentlich).unwrap();
    println!(
        "Lahn-Dill, erste Anfrage (mit dem 100-m-Raster, {} Zellen): {:.0} ms",
        v.kandidaten.anzahl,
        t.elapsed().as_secs_f64() * 1000.0
    );
    let zeiten: Vec<f64> = (0..11)
        .map(|_| {
            let t = Instant::now();
            dienst.standortvorschlag(&p, Zugang::Oeffentlich).unwrap();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let neu: f64 = v.standorte.iter().map(|s| s.neu_versorgt).sum();
    println!(
        "Lahn-Dill, k = 5, alle 100-m-Zellen: {:.1} ms (Median aus 11); {neu:.0} Personen unter 18 neu versorgt",
        median(zeiten)
    );

    // The synthetic Kreis: 40 × 40 km, 60 towns (Gaussian, 300 … 1,500 m spread) holding 85 %
    // of the points, the rest spread evenly; candidates at random points of the same kind.
    let mut z = Zufall(0x5eed_2026);
    let orte: Vec<(f64, f64, f64)> =
        (0..60).map(|_| (z.zahl() * 40_000.0, z.zahl() * 40_000.0, 300.0 + z.zahl() * 1200.0)).collect();
    let punkt = |z: &mut Zufall| {
        if z.zahl() < 0.85 {
            let (x, y, s) = orte[(z.zahl() * orte.len() as f64) as usize % orte.len()];
            Utm32 { x: x + z.normal() * s, y: y + z.normal() * s }
        } else {
            Utm32 { x: z.zahl() * 40_000.0, y: z.zahl() * 40_000.0 }
        }
    };
    let bedarf: Vec<Bedarfspunkt> = (0..100_000)
        .map(|_| {
            let pos = punkt(&mut z);
            let personen = 1.0 + (z.zahl() * 30.0).floor();
            Bedarfspunkt { pos, personen, gewicht: personen }
        })
        .collect();
    let kandidaten: Vec<Utm32> = (0..10_000).map(|_| punkt(&mut z)).collect();
    let gewichte: Vec<f64> = bedarf.iter().map(|b| b.gewicht).collect();
    let mut deckung_ms = Vec::new();
    let mut suche_ms = Vec::new();
    let mut ergebnis = (0.0, 0.0, 0);
    for _ in 0..5 {
        let t = Instant::now();
        let d = Deckung::neu(&bedarf, &kandidaten, 2000.0, 1.0);
        deckung_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let v = vorschlagen(&d, &gewichte, 5);
        suche_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        ergebnis = (v.greedy_wert, v.reihe.iter().map(|x| x.1).sum(), v.tausche);
    }
    let (dm, sm) = (median(deckung_ms), median(suche_ms));
    println!(
        "100.000 Punkte, 10.000 Kandidaten, k = 5: Abdeckung {dm:.0} ms + Suche {sm:.0} ms = {:.0} ms (Median aus 5); \
         Greedy {:.0}, nach {} Tausch(en) {:.0} Personen",
        dm + sm,
        ergebnis.0,
        ergebnis.2,
        ergebnis.1
    );
}

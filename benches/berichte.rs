//! How long reports take. Run with `cargo bench --bench berichte`.
//!
//! 1. One Steckbrief (Aßlar): the first (fonts and Typst's library loaded once per process),
//!    then the median of 11, split into gathering the figures and typesetting.
//! 2. The Kreis report: median of 3.
//! 3. All 23 Steckbriefe and the Kreis report, one after the other and two at a time (as
//!    `sozialraum bericht alle` does on 2 cores).
//! 4. Memory: resident size after the warm-up and after 100 further Steckbriefe (Typst's cache
//!    is trimmed after each report, so it must not grow with the number of reports).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use sozialraum::Atlas;
use sozialraum::dienst::parameter::Parameter;
use sozialraum::dienst::{Dienst, Zugang};
use sozialraum::io::Datenquelle;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Resident memory of this process, MB.
fn rss_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|z| z.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let atlas = Arc::new(Atlas::laden(Datenquelle::Eingebettet).unwrap());
    let d = Dienst::neu(atlas, Default::default());
    let p = Parameter::default();
    let z = Zugang::Oeffentlich;
    let t = Instant::now();
    let erstes = d.steckbrief("06532001", &p, z).unwrap().pdf().unwrap();
    println!(
        "Steckbrief Aßlar, erster im Prozess: {:.0} ms ({} KB)",
        t.elapsed().as_secs_f64() * 1000.0,
        erstes.len() / 1024
    );
    // Every Kommune once: a different document each time (Typst reuses what is equal, e.g. the
    // fonts and the template, as in a running service), then each again with the cache emptied.
    let ags: Vec<String> = d.atlas.kommunen.iter().map(|k| k.ags.to_string()).collect();
    for kalt in [false, true] {
        let (mut sammeln, mut setzen, mut gesamt) = (Vec::new(), Vec::new(), Vec::new());
        for a in &ags {
            if kalt {
                comemo::evict(0);
            }
            let t = Instant::now();
            let dok = d.steckbrief(a, &p, z).unwrap();
            let t1 = t.elapsed().as_secs_f64();
            dok.pdf().unwrap();
            let t2 = t.elapsed().as_secs_f64();
            sammeln.push(t1 * 1000.0);
            setzen.push((t2 - t1) * 1000.0);
            gesamt.push(t2 * 1000.0);
        }
        let max = gesamt.iter().copied().fold(0.0, f64::max);
        println!(
            "Steckbrief je Kommune{}, Median der 23: {:.0} ms (Zahlen sammeln {:.0} ms, setzen {:.0} ms), höchstens {max:.0} ms; Ziel ≤ 1000 ms",
            if kalt { " mit leerem Typst-Zwischenspeicher" } else { "" },
            median(gesamt),
            median(sammeln),
            median(setzen)
        );
    }
    assert_eq!(d.steckbrief("06532001", &p, z).unwrap().pdf().unwrap(), erstes, "nicht deterministisch");
    let kreis: Vec<f64> = (0..3)
        .map(|_| {
            let t = Instant::now();
            d.kreisbericht(&p, z).unwrap().pdf().unwrap();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    println!("Familienbericht des Kreises, Median von 3: {:.0} ms", median(kreis));
    let alle = |parallel: bool| {
        let t = Instant::now();
        let eins = |i: usize| {
            if i < ags.len() { d.steckbrief(&ags[i], &p, z) } else { d.kreisbericht(&p, z) }
                .unwrap()
                .pdf()
                .unwrap()
                .len()
        };
        let bytes: usize =
            if parallel { (0..=ags.len()).into_par_iter().map(eins).sum() } else { (0..=ags.len()).map(eins).sum() };
        (t.elapsed().as_secs_f64(), bytes)
    };
    let (s, b) = alle(false);
    println!("Alle 23 Steckbriefe und der Familienbericht, nacheinander: {s:.1} s ({} MB)", b / 1_000_000);
    let (s, _) = alle(true);
    println!(
        "Alle 23 Steckbriefe und der Familienbericht, {} zugleich: {s:.1} s; Ziel ≤ 30 s",
        rayon::current_num_threads()
    );
    let vorher = rss_mb();
    for i in 0..100 {
        d.steckbrief(&ags[i % ags.len()], &p, z).unwrap().pdf().unwrap();
    }
    println!("Speicher nach dem Aufwärmen {vorher:.0} MB, nach 100 weiteren Steckbriefen {:.0} MB", rss_mb());
}

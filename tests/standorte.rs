//! Standortvorschlag: the proposed sites against the scenario endpoint (each site's gain is what
//! the scenario reports when it is added after the ones before) and against the exact optimum
//! for k ≤ 3 on the Kreis, found here by exhaustive search over the candidates (identical and
//! dominated covers removed first, which cannot change the optimum).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;

use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};
use sozialraum::model::Zielgruppe;
use sozialraum::spatial::LonLat;

/// Uncovered demand (position, persons) and the cover of every 100 m cell candidate, computed
/// here by brute force on the grid (cells are the centres x, y = 100·i + 50 inside the Kreis).
fn problem(kategorie: &str, schwelle: f64) -> (Vec<f64>, Vec<Vec<u16>>, Vec<sozialraum::spatial::Utm32>) {
    let a = common::atlas();
    let angebote: Vec<_> = a.angebote.iter().filter(|o| o.kategorie == kategorie).map(|o| o.pos).collect();
    let offen: Vec<_> = a
        .punkte(Zielgruppe::Unter18)
        .iter()
        .filter(|p| p.gewicht > 0.0 && angebote.iter().all(|o| p.pos.abstand(*o) > schwelle))
        .collect();
    let zellen: HashMap<(i64, i64), usize> = a
        .zellenmitten()
        .iter()
        .enumerate()
        .map(|(j, (c, _))| ((((c.x - 50.0) / 100.0).round() as i64, ((c.y - 50.0) / 100.0).round() as i64), j))
        .collect();
    let mut deckung: Vec<Vec<u16>> = vec![Vec::new(); a.zellenmitten().len()];
    let r = (schwelle / 100.0).ceil() as i64 + 1;
    for (i, p) in offen.iter().enumerate() {
        let (cx, cy) = (((p.pos.x - 50.0) / 100.0).round() as i64, ((p.pos.y - 50.0) / 100.0).round() as i64);
        for ix in cx - r..=cx + r {
            for iy in cy - r..=cy + r {
                if let Some(&j) = zellen.get(&(ix, iy)) {
                    let (x, y) = (ix as f64 * 100.0 + 50.0, iy as f64 * 100.0 + 50.0);
                    if ((p.pos.x - x).powi(2) + (p.pos.y - y).powi(2)).sqrt() <= schwelle {
                        deckung[j].push(i as u16);
                    }
                }
            }
        }
    }
    (offen.iter().map(|p| p.gewicht).collect(), deckung, offen.iter().map(|p| p.pos).collect())
}

/// The covers as bitsets with their weight, identical and dominated ones removed (a cover
/// inside another can be swapped for it in any solution without loss), heaviest first.
fn maximale(w: &[f64], deckung: &[Vec<u16>]) -> Vec<(f64, Vec<u64>)> {
    let woerter = w.len().div_ceil(64);
    let mut mengen: Vec<Vec<u16>> = deckung.iter().filter(|s| !s.is_empty()).cloned().collect();
    mengen.sort();
    mengen.dedup();
    let bits = |s: &[u16]| {
        let mut b = vec![0u64; woerter];
        for &i in s {
            b[i as usize / 64] |= 1 << (i % 64);
        }
        b
    };
    let mut enthalten: Vec<Vec<usize>> = vec![Vec::new(); w.len()];
    for (m, s) in mengen.iter().enumerate() {
        for &i in s {
            enthalten[i as usize].push(m);
        }
    }
    let b: Vec<Vec<u64>> = mengen.iter().map(|s| bits(s)).collect();
    let teil = |x: &[u64], y: &[u64]| x.iter().zip(y).all(|(a, b)| a & !b == 0);
    let mut aus: Vec<(f64, Vec<u64>)> = (0..mengen.len())
        .filter(|&m| {
            let seltenst = mengen[m].iter().min_by_key(|&&i| enthalten[i as usize].len()).unwrap();
            !enthalten[*seltenst as usize].iter().any(|&t| t != m && teil(&b[m], &b[t]))
        })
        .map(|m| (mengen[m].iter().map(|&i| w[i as usize]).sum(), b[m].clone()))
        .collect();
    aus.sort_by(|x, y| y.0.total_cmp(&x.0));
    aus
}

fn gewicht(w: &[f64], b: &[u64]) -> f64 {
    let mut s = 0.0;
    for (k, &x) in b.iter().enumerate() {
        let mut x = x;
        while x != 0 {
            let t = x.trailing_zeros() as usize;
            s += w[k * 64 + t];
            x &= x - 1;
        }
    }
    s
}

fn oder(x: &[u64], y: &[u64]) -> Vec<u64> {
    x.iter().zip(y).map(|(a, b)| a | b).collect()
}

/// The largest weight `k` ≤ 3 covers can reach together: every combination, except those an
/// upper bound (the weight covered so far plus the next covers' own weights, heaviest first)
/// shows cannot beat the best found.
fn optimum(w: &[f64], mengen: &[(f64, Vec<u64>)], k: usize) -> f64 {
    let mut best = 0.0f64;
    let leer = vec![0u64; w.len().div_ceil(64)];
    fn suche(w: &[f64], m: &[(f64, Vec<u64>)], ab: usize, rest: usize, u: &[u64], wu: f64, best: &mut f64) {
        if rest == 0 {
            *best = best.max(wu);
            return;
        }
        for l in ab..m.len() {
            // Heaviest first: no later cover, however many, can add more than rest × its weight.
            if wu + m[l].0 * rest as f64 <= *best {
                break;
            }
            let v = oder(u, &m[l].1);
            let wv = gewicht(w, &v);
            suche(w, m, l + 1, rest - 1, &v, wv, best);
        }
    }
    suche(w, mengen, 0, k, &leer, 0.0, &mut best);
    best
}

async fn vorschlag(abfrage: &str) -> Value {
    common::ok(&format!("/api/standortvorschlag?{abfrage}")).await
}

/// The Kreis row of a scenario with these planned sites: persons within 2 km before and after.
async fn szenario(orte: &[(f64, f64)]) -> (f64, f64, f64) {
    let body = json!({
        "kategorie": "familienzentrum",
        "schwellen": [2000],
        "hinzufuegen": orte.iter().map(|(lon, lat)| json!({"lon": lon, "lat": lat})).collect::<Vec<_>>(),
    });
    let anfrage = Request::post("/api/szenario")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (s, _, v) = common::senden(common::app(), anfrage).await;
    assert_eq!(s, 200, "{v}");
    let k = v["kreis"].as_array().unwrap().iter().find(|e| e["art"] == "kreis").unwrap().clone();
    let w = |x: &str, f: &str| k[x][f].as_f64().unwrap();
    (w("vorher", "versorgt_2000"), w("nachher", "versorgt_2000"), w("nachher", "anteil_2000"))
}

#[tokio::test]
async fn each_site_gains_what_the_scenario_reports_when_it_is_added_after_the_ones_before() {
    let v = vorschlag("kategorie=familienzentrum&anzahl=4").await;
    let standorte = v["standorte"].as_array().unwrap();
    assert_eq!(standorte.len(), 4);
    let mut orte = Vec::new();
    let (vorher, _, _) = szenario(&[]).await;
    assert!((v["vorher"]["versorgt"].as_f64().unwrap() - vorher).abs() < 0.06, "{} {vorher}", v["vorher"]);
    let mut bisher = vorher;
    for (n, s) in standorte.iter().enumerate() {
        assert_eq!(s["rang"].as_u64(), Some(n as u64 + 1));
        orte.push((s["lon"].as_f64().unwrap(), s["lat"].as_f64().unwrap()));
        let (_, nachher, anteil) = szenario(&orte).await;
        let neu = s["neu_versorgt"].as_f64().unwrap();
        assert!(
            (neu - (nachher - bisher)).abs() < 0.11,
            "Standort {}: {neu} gegen Szenario {}",
            n + 1,
            nachher - bisher
        );
        assert!((s["kreis"]["anteil"].as_f64().unwrap() - anteil).abs() < 1e-5, "{s}");
        // The Kommune the site lies in, by GDAL's own reading of the boundaries.
        let k = common::kommune_an(orte[n].0, orte[n].1);
        assert_eq!(s["ags"].as_str(), k.as_deref(), "{s}");
        bisher = nachher;
    }
    // The curve starts at the existing offers, follows the sites and goes on beyond them.
    let kurve = v["kurve"].as_array().unwrap();
    assert!(kurve.len() >= 11, "{}", kurve.len());
    for (n, s) in standorte.iter().enumerate() {
        assert_eq!(kurve[n + 1]["versorgt"], s["kreis"]["versorgt"]);
    }
    assert!(kurve.windows(2).all(|w| w[1]["versorgt"].as_f64() >= w[0]["versorgt"].as_f64()));
}

#[tokio::test]
async fn for_up_to_three_sites_the_proposal_is_the_exact_optimum_on_the_kreis() {
    for (kategorie, schwelle) in [("familienzentrum", 2000.0), ("fruehe_hilfen", 1000.0)] {
        let (w, d, punkte) = problem(kategorie, schwelle);
        let m = maximale(&w, &d);
        for k in 1..=3 {
            let exakt = optimum(&w, &m, k);
            let v = vorschlag(&format!("kategorie={kategorie}&schwelle={schwelle}&anzahl={k}")).await;
            // What the proposed sites cover, computed here from their coordinates.
            let orte: Vec<_> = v["standorte"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    let lage = LonLat { lon: s["lon"].as_f64().unwrap(), lat: s["lat"].as_f64().unwrap() };
                    sozialraum::spatial::utm32_von_lonlat(lage).unwrap()
                })
                .collect();
            let gefunden: f64 = punkte
                .iter()
                .zip(&w)
                .filter(|(p, _)| orte.iter().any(|o| p.abstand(*o) <= schwelle))
                .map(|(_, g)| g)
                .sum();
            let luecke = (exakt - gefunden) / exakt * 100.0;
            eprintln!(
                "{kategorie}, {schwelle} m, k = {k}: Vorschlag {gefunden:.3}, Optimum {exakt:.3} Personen unter 18, Lücke {luecke:.4} %"
            );
            assert!(gefunden <= exakt + 1e-6, "k = {k}: {gefunden} > Optimum {exakt}");
            assert!(luecke < 1e-9, "k = {k}: Lücke {luecke} %");
        }
    }
}

#[tokio::test]
async fn candidates_weights_and_wrong_requests() {
    // Kommune seats: every proposed site is one.
    let a = common::atlas();
    let v = vorschlag("kategorie=familienzentrum&anzahl=3&kandidaten=sitze").await;
    for s in v["standorte"].as_array().unwrap() {
        let sitz = a.kommunen.iter().find(|k| Some(k.ags.to_string().as_str()) == s["ags"].as_str()).unwrap();
        assert!((s["x_25832"].as_f64().unwrap() - sitz.sitz_utm.x).abs() < 0.01, "{s}");
    }
    // A list: only its places, never more sites than places that reach anyone.
    let orte = "8.30,50.68;8.26,50.70;8.45,50.60";
    let v = vorschlag(&format!("kategorie=familienzentrum&anzahl=5&kandidaten=orte&orte={orte}")).await;
    let n = v["standorte"].as_array().unwrap().len();
    assert!(n <= 3 && v["kandidaten"]["anzahl"] == 3, "{v}");
    if n < 5 {
        assert!(v["hinweis"].as_str().unwrap().contains("Standort"), "{v}");
    }
    for s in v["standorte"].as_array().unwrap() {
        let (lon, lat) = (s["lon"].as_f64().unwrap(), s["lat"].as_f64().unwrap());
        assert!(orte.split(';').any(|o| {
            let (x, y) = o.split_once(',').unwrap();
            (x.parse::<f64>().unwrap() - lon).abs() < 1e-7 && (y.parse::<f64>().unwrap() - lat).abs() < 1e-7
        }));
    }
    // Weighted by need: the gains are weighted, the persons still those of the scenario.
    let v = vorschlag("kategorie=familienzentrum&anzahl=2&gewicht=kinderarmut").await;
    assert_eq!(v["gewicht"]["indikator"], "kinderarmut");
    let s = &v["standorte"][0];
    assert!(s["gewinn"] != s["neu_versorgt"], "{s}");
    let (vorher, nachher, _) = szenario(&[(s["lon"].as_f64().unwrap(), s["lat"].as_f64().unwrap())]).await;
    assert!((s["neu_versorgt"].as_f64().unwrap() - (nachher - vorher)).abs() < 0.11);
    for (abfrage, teil) in [
        ("kategorie=familienzentrum&kandidaten=orte", "orte="),
        ("kategorie=familienzentrum&orte=8.3,50.6", "kandidaten=orte"),
        ("kategorie=familienzentrum&kandidaten=orte&orte=8.3,50.6;200,50", "Ort 2"),
        ("kategorie=familienzentrum&anzahl=0", "anzahl"),
        ("kategorie=familienzentrum&anzahl=21", "anzahl"),
        ("kategorie=familienzentrum&gewicht=bevoelkerungsdichte", "kein Bedarfsindikator"),
        ("kategorie=familienzentrum&gewicht=gibt-es-nicht", "gewicht"),
        ("kategorie=familienzentrum&kandidaten=orte&orte=9.5,50.7", "außerhalb des Kreises"),
        ("anzahl=2", "kategorie"),
    ] {
        let (s, _, v) = common::abrufen(&format!("/api/standortvorschlag?{abfrage}")).await;
        assert_eq!(s, 400, "{abfrage}: {v}");
        assert!(v["detail"].as_str().unwrap().contains(teil), "{abfrage}: {v}");
    }
}

//! Datenschutz across endpoints: every output on the same population base hides the same units,
//! nothing published beside a hidden cell tells which rule hid it, and no hidden count can be
//! narrowed by an outsider to fewer values than the rule protects.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::Request;
use serde_json::Value;
use sozialraum::analysis::datenschutz::Datenschutz;
use sozialraum::http::{Einstellungen, Zustand, app};

fn app_mit(schutz: Datenschutz) -> axum::Router {
    app(
        Zustand::mit(common::atlas(), Einstellungen { datenschutz: schutz, ..Default::default() }),
        common::wurzel().join("web"),
    )
}

async fn holen(app: &axum::Router, uri: &str) -> Value {
    let (s, _, v) = common::senden(app.clone(), Request::get(uri).body(Body::empty()).unwrap()).await;
    assert!(s.is_success(), "{uri}: {v}");
    v
}

/// Every unit of every level: id → the unit's JSON (the properties of a feature).
async fn alle(app: &axum::Router, pfad: &str) -> BTreeMap<String, Value> {
    let mut aus = BTreeMap::new();
    for ebene in ["kommune", "region", "kreis"] {
        let v = holen(app, &format!("{pfad}&ebene={ebene}")).await;
        let liste = v.get("einheiten").or(v.get("features")).unwrap().as_array().unwrap().clone();
        for e in liste.into_iter().chain(v["kreis"].as_array().cloned().unwrap_or_default()) {
            let e = e.get("properties").cloned().unwrap_or(e);
            aus.insert(e["id"].as_str().unwrap().to_string(), e);
        }
    }
    aus
}

/// The hidden units, after checking that a hidden unit shows no figure at all.
fn verborgen(einheiten: &BTreeMap<String, Value>, was: &str) -> BTreeSet<String> {
    let mut aus = BTreeSet::new();
    for (id, e) in einheiten {
        let status = e["status"].as_str().unwrap();
        assert!(["ausgewiesen", "nicht_ausgewiesen", "keine_angabe"].contains(&status), "{was} {id}: status {status}");
        if status == "nicht_ausgewiesen" {
            for (k, v) in e.as_object().unwrap() {
                if v.is_number() {
                    // The unit's own figures are gone; only its fixed description (inhabitants
                    // from the census, area) stays.
                    // The distance from the seat point to the nearest offer is geometry of public
                    // places, not a figure about people.
                    assert!(
                        ["einwohner", "flaeche_km2", "sitz_m"].contains(&k.as_str()),
                        "{was} {id}: {k} = {v} neben verborgenem Wert"
                    );
                }
            }
            aus.insert(id.clone());
        }
    }
    aus
}

#[tokio::test]
async fn every_output_on_the_same_population_hides_the_same_units() {
    let schutz = Datenschutz { min_anzahl: 3.0, min_nenner: 1000.0 };
    let app = app_mit(schutz);
    let mut gesamt = 0;
    for zielgruppe in ["unter18", "unter10", "einwohner"] {
        for kategorie in ["familienzentrum", "schule"] {
            let q = format!("kategorie={kategorie}&zielgruppe={zielgruppe}");
            let abdeckung = verborgen(&alle(&app, &format!("/api/abdeckung?{q}")).await, "abdeckung");
            let entfernungen = verborgen(&alle(&app, &format!("/api/entfernungen?{q}")).await, "entfernungen");
            let karte = verborgen(
                &alle(&app, &format!("/api/indikatoren/abdeckung?{q}&schwelle=2000")).await,
                "indikator abdeckung",
            );
            let je_1000 = verborgen(
                &alle(&app, &format!("/api/indikatoren/angebote_je_1000?{q}")).await,
                "indikator angebote_je_1000",
            );
            assert_eq!(abdeckung, entfernungen, "{q}: Abdeckung und Entfernungen");
            assert_eq!(abdeckung, karte, "{q}: Abdeckung und Indikator abdeckung");
            assert_eq!(abdeckung, je_1000, "{q}: Abdeckung und Indikator angebote_je_1000");
            gesamt += abdeckung.len();
        }
    }
    assert!(gesamt > 10, "mit min_nenner 1000 muss etwas verborgen werden ({gesamt})");
}

/// Every value a hidden Kommune's count can take, given what an outsider can read: the
/// published counts of every unit, the published rule (counts 1 … min_anzahl − 1 are hidden,
/// so at least one hidden count lies there), counts are whole numbers ≥ 0, and — where an
/// output gives them — a label that a cell is primary or a published denominator that shows the
/// count rule hid it (both then pin that count to 1 … min_anzahl − 1).
fn moegliche_werte(
    kommunen: &[String],
    einheiten: &BTreeMap<String, (Vec<usize>, Value)>,
    min_anzahl: u64,
    min_nenner: f64,
) -> BTreeMap<String, BTreeSet<u64>> {
    let bekannt: BTreeMap<usize, u64> = kommunen
        .iter()
        .enumerate()
        .filter_map(|(i, ags)| einheiten[ags].1["zaehler"].as_f64().map(|z| (i, z as u64)))
        .collect();
    let verborgen: Vec<usize> = (0..kommunen.len())
        .filter(|i| {
            einheiten[&kommunen[*i]].1["status"] != "ausgewiesen"
                && einheiten[&kommunen[*i]].1["status"] != "keine_angabe"
        })
        .collect();
    // Equations: a published aggregate minus its published members is the sum of its hidden ones.
    let mut gleichungen: Vec<(Vec<usize>, u64)> = Vec::new();
    for (mitglieder, e) in einheiten.values() {
        let Some(z) = e["zaehler"].as_f64() else { continue };
        if mitglieder.len() < 2 || mitglieder.iter().any(|m| !bekannt.contains_key(m) && !verborgen.contains(m)) {
            continue;
        }
        let rest = z as u64 - mitglieder.iter().filter_map(|m| bekannt.get(m)).sum::<u64>();
        let h: Vec<usize> = verborgen.iter().copied().filter(|v| mitglieder.contains(v)).collect();
        if !h.is_empty() {
            gleichungen.push((h, rest));
        }
    }
    let klein = |i: usize| -> bool {
        let e = &einheiten[&kommunen[i]].1;
        e["status"] == "primaer" || e["nenner"].as_f64().is_some_and(|n| n >= min_nenner)
    };
    let grenze = |i: usize| -> u64 {
        gleichungen.iter().filter(|(h, _)| h.contains(&i)).map(|(_, r)| *r).min().unwrap_or(2_000).min(2_000)
    };
    let suche = Suche { verborgen: &verborgen, gleichungen: &gleichungen, grenze: &grenze, klein: &klein, min_anzahl };
    let mut aus: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    let mut werte = vec![0u64; verborgen.len()];
    suche.suchen(0, &mut werte, &mut |w: &[u64]| {
        for (j, &k) in verborgen.iter().enumerate() {
            aus.entry(kommunen[k].clone()).or_default().insert(w[j]);
        }
    });
    aus
}

/// A brute-force search over the counts of the hidden Kommunen.
struct Suche<'a> {
    verborgen: &'a [usize],
    gleichungen: &'a [(Vec<usize>, u64)],
    grenze: &'a dyn Fn(usize) -> u64,
    klein: &'a dyn Fn(usize) -> bool,
    min_anzahl: u64,
}

impl Suche<'_> {
    fn suchen(&self, i: usize, werte: &mut Vec<u64>, treffer: &mut dyn FnMut(&[u64])) {
        if i == self.verborgen.len() {
            let stimmt = self.gleichungen.iter().all(|(h, r)| {
                h.iter().map(|k| werte[self.verborgen.iter().position(|v| v == k).unwrap()]).sum::<u64>() == *r
            });
            let regel = werte.iter().any(|&w| (1..self.min_anzahl).contains(&w));
            if stimmt && regel {
                treffer(werte);
            }
            return;
        }
        let v = self.verborgen[i];
        let bereich = if (self.klein)(v) { 1..=self.min_anzahl - 1 } else { 0..=(self.grenze)(v) };
        for w in bereich {
            werte[i] = w;
            self.suchen(i + 1, werte, treffer);
        }
    }
}

#[tokio::test]
async fn no_hidden_count_can_be_narrowed_to_fewer_values_than_the_rule_protects() {
    let a = common::atlas();
    let kommunen: Vec<String> = a.kommunen.iter().map(|k| k.ags.to_string()).collect();
    for schutz in [Datenschutz::default(), Datenschutz { min_anzahl: 5.0, min_nenner: 100.0 }] {
        let app = app_mit(schutz);
        let mut geprueft = 0;
        for jahr in [2021, 2022, 2023, 2024] {
            let roh = alle(&app, &format!("/api/indikatoren/hze_beispiel?jahr={jahr}")).await;
            verborgen(&roh, &format!("HzE {jahr}"));
            let einheiten: BTreeMap<String, (Vec<usize>, Value)> = roh
                .into_iter()
                .map(|(id, e)| {
                    let mitglieder: Vec<usize> = match e["mitglieder"].as_array() {
                        Some(m) => {
                            m.iter().map(|x| kommunen.iter().position(|k| k == x.as_str().unwrap()).unwrap()).collect()
                        }
                        None => vec![kommunen.iter().position(|k| *k == id).unwrap()],
                    };
                    (id, (mitglieder, e))
                })
                .collect();
            let moeglich = moegliche_werte(&kommunen, &einheiten, schutz.min_anzahl as u64, schutz.min_nenner);
            let geschuetzt: BTreeSet<u64> = (1..schutz.min_anzahl as u64).collect();
            for (ags, w) in &moeglich {
                // The rule protects the counts 1 … min_anzahl − 1: for every hidden cell each of
                // them must stay possible, so an outsider can neither tell a small count from a
                // large one nor pin a cell to fewer values than the rule hides.
                assert!(
                    w.is_superset(&geschuetzt),
                    "HzE {jahr}, min_anzahl {}: {ags} lässt sich auf {w:?} eingrenzen",
                    schutz.min_anzahl
                );
                geprueft += 1;
            }
        }
        assert!(geprueft >= 4, "es muss verborgene Werte geben ({geprueft})");
    }
}

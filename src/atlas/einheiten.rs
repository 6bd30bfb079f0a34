//! The published units: every Kommune, every region of every scheme, the Kreis and the areas
//! of the Jugendämter (e.g. the Kreis without Wetzlar), with their dissolved boundaries.

use std::collections::BTreeMap;

use geo::{Area, BooleanOps, LineString, MultiPolygon, Polygon};

use crate::model::{Einheit, Einheitsart, Kommune, Regionsschema, kennung_aus};

/// Smallest hole or part kept when Kommunen are dissolved, m². Neighbouring boundaries of
/// generalised data do not share every vertex exactly, so a union leaves slivers of a few cm²
/// along the seams; real enclaves are far larger.
const SPLITTER_M2: f64 = 100.0;

/// The dissolved boundary (WGS84) of a set of Kommunen, without seam slivers.
pub(super) fn aufloesen<'a>(grenzen: impl Iterator<Item = &'a MultiPolygon<f64>>) -> MultiPolygon<f64> {
    let vereinigt = grenzen.fold(MultiPolygon(Vec::new()), |acc, g| acc.union(g));
    ohne_splitter(&vereinigt)
}

/// Removes the slivers a union of neighbouring WGS84 boundaries leaves (see [`SPLITTER_M2`]).
fn ohne_splitter(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let m2 = |ls: &LineString<f64>| {
        let breite = ls.0.first().map(|c| c.y).unwrap_or(0.0).to_radians();
        Polygon::new(ls.clone(), vec![]).unsigned_area() * 111_320.0 * 111_320.0 * breite.cos()
    };
    MultiPolygon(
        mp.0.iter()
            .filter(|p| m2(p.exterior()) >= SPLITTER_M2)
            .map(|p| {
                Polygon::new(
                    p.exterior().clone(),
                    p.interiors().iter().filter(|r| m2(r) >= SPLITTER_M2).cloned().collect(),
                )
            })
            .collect(),
    )
}

/// The youth office responsible for most Kommunen (ties: the first by name).
pub(super) fn kreisjugendamt(kommunen: &[Kommune]) -> String {
    let mut zaehler: BTreeMap<&str, usize> = BTreeMap::new();
    for k in kommunen {
        *zaehler.entry(k.jugendamt.as_str()).or_default() += 1;
    }
    let mut v: Vec<(&str, usize)> = zaehler.into_iter().collect();
    v.sort_by_key(|(a, n)| (std::cmp::Reverse(*n), *a));
    v.first().map(|(a, _)| a.to_string()).unwrap_or_default()
}

/// The units and the boundaries of those that are not a Kommune or a region (which have
/// their own), indexed like the units.
pub(super) fn aufbauen(
    kreis: &str,
    kommunen: &[Kommune],
    schemata: &[Regionsschema],
) -> (Vec<Einheit>, Vec<Option<MultiPolygon<f64>>>) {
    let mut einheiten: Vec<Einheit> = kommunen
        .iter()
        .enumerate()
        .map(|(i, k)| Einheit {
            id: k.ags.to_string(),
            name: k.name.clone(),
            art: Einheitsart::Kommune,
            mitglieder: vec![i],
        })
        .collect();
    let mut grenzen: Vec<Option<MultiPolygon<f64>>> = vec![None; einheiten.len()];
    for (si, s) in schemata.iter().enumerate() {
        for (ri, r) in s.regionen.iter().enumerate() {
            einheiten.push(Einheit {
                id: format!("{}-{}", s.id, kennung_aus(r)),
                name: r.clone(),
                art: Einheitsart::Region { schema: si, region: ri },
                mitglieder: (0..kommunen.len()).filter(|&k| s.zuordnung[k] == Some(ri)).collect(),
            });
            grenzen.push(None);
        }
    }
    let mut je_amt: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, k) in kommunen.iter().enumerate() {
        je_amt.entry(k.jugendamt.as_str()).or_default().push(i);
    }
    // The Kreis's own youth office (most Kommunen) first.
    let mut aemter: Vec<(&str, Vec<usize>)> = je_amt.into_iter().collect();
    aemter.sort_by_key(|(name, m)| (std::cmp::Reverse(m.len()), *name));

    let alle: Vec<usize> = (0..kommunen.len()).collect();
    grenzen.push(Some(aufloesen(kommunen.iter().map(|k| &k.grenze_wgs84))));
    let name = kreisname(kreis, aemter.first().map(|(a, _)| *a));
    einheiten.push(Einheit { id: format!("{kreis}000"), name, art: Einheitsart::Kreis, mitglieder: alle });

    if aemter.len() > 1 {
        for (amt, mitglieder) in aemter {
            let ohne: Vec<&str> =
                (0..kommunen.len()).filter(|i| !mitglieder.contains(i)).map(|i| kommunen[i].name.as_str()).collect();
            let name = if !ohne.is_empty() && ohne.len() <= 3 {
                format!("Bereich {amt} (ohne {})", ohne.join(", "))
            } else {
                format!("Bereich {amt}")
            };
            grenzen.push(Some(aufloesen(mitglieder.iter().map(|&i| &kommunen[i].grenze_wgs84))));
            einheiten.push(Einheit { id: kennung_aus(amt), name, art: Einheitsart::Jugendamt, mitglieder });
        }
    }
    (einheiten, grenzen)
}

/// The name of the Kreis, taken from its own youth office ("Jugendamt Lahn-Dill-Kreis" →
/// "Lahn-Dill-Kreis"); "Kreis 06532" when the data do not name it.
fn kreisname(kreis: &str, kreisjugendamt: Option<&str>) -> String {
    kreisjugendamt
        .and_then(|a| a.strip_prefix("Jugendamt "))
        .filter(|n| !n.trim().is_empty())
        .map(|n| n.trim().to_string())
        .unwrap_or_else(|| format!("Kreis {kreis}"))
}

//! Distance statistics: how far the persons of a target group live from the nearest offer,
//! per unit, weighted by the population surface. Euclidean metres in EPSG:25832 times the
//! detour factor.
//!
//! Quantiles are weighted: the q-quantile is the smallest distance d such that the persons
//! living at most d away make up at least q of the unit's persons.

use super::datenschutz::{self, Datenschutz, Status};
use crate::Atlas;
use crate::atlas::{Naechstes, naechstes_angebot};
use crate::model::Zielgruppe;

/// Distance statistics of one unit. Distances in metres; `None` where no offer exists.
#[derive(Debug, Clone, PartialEq)]
pub struct Entfernungsstatistik {
    /// Index in `Atlas::einheiten`.
    pub einheit: usize,
    /// Persons of the target group.
    pub gewicht: f64,
    /// Weighted mean distance.
    pub mittel_m: Option<f64>,
    /// Weighted median.
    pub median_m: Option<f64>,
    /// Weighted 90th percentile.
    pub p90_m: Option<f64>,
    /// Largest distance of a populated point.
    pub maximum_m: Option<f64>,
    /// Distance from the Kommune's seat point (Kommunen only).
    pub sitz_m: Option<f64>,
    /// Persons without a reachable offer (on the network: nothing in their part of it).
    pub nicht_erreichbar: f64,
    /// Hidden when the unit has fewer persons than the minimum denominator.
    pub status: Status,
}

/// The weighted q-quantile of `(distance, weight)` pairs sorted by distance.
fn quantil(sortiert: &[(f64, f64)], gesamt: f64, q: f64) -> Option<f64> {
    let ziel = q * gesamt;
    let mut summe = 0.0;
    for &(d, w) in sortiert {
        summe += w;
        // A relative tolerance, so that e.g. 0.5 of a sum of tenths is not missed by rounding.
        if summe >= ziel * (1.0 - 1e-12) {
            return Some(d);
        }
    }
    sortiert.last().map(|x| x.0)
}

/// The nearest offer of every Kommune's seat point, among the offers of `baum` that `erlaubt`
/// admits (used by what-if scenarios to switch offers off).
pub fn sitz_naechste(
    a: &Atlas,
    baum: &rstar::RTree<crate::atlas::Punkteintrag>,
    erlaubt: impl Fn(usize) -> bool,
) -> Vec<Naechstes> {
    a.kommunen.iter().map(|k| naechstes_angebot(baum, k.sitz_utm, &erlaubt)).collect()
}

/// Distance statistics of the given units.
pub fn entfernungen(
    a: &Atlas,
    naechste: &[Naechstes],
    sitz: &[Naechstes],
    zielgruppe: Zielgruppe,
    faktor: f64,
    einheiten: &[usize],
    schutz: &Datenschutz,
) -> Vec<Entfernungsstatistik> {
    let punkte = a.punkte(zielgruppe);
    // The same units are hidden as for coverage of this target group: a weighted mean times
    // its weight is a sum, so secondary suppression applies to distances too.
    let personen: Vec<f64> =
        a.einheiten.iter().map(|e| e.mitglieder.iter().map(|&m| a.bevoelkerung.summe(zielgruppe, m)).sum()).collect();
    let status = datenschutz::nach_bevoelkerung(&a.einheiten, a.kommunen.len(), &personen, schutz);
    let mut je_kommune: Vec<Vec<(f64, f64)>> = vec![Vec::new(); a.kommunen.len()];
    for (p, n) in punkte.iter().zip(naechste) {
        if p.gewicht > 0.0 {
            je_kommune[p.kommune].push((n.abstand_m * faktor, p.gewicht));
        }
    }
    einheiten
        .iter()
        .map(|&e| {
            let einheit = &a.einheiten[e];
            let mut v: Vec<(f64, f64)> =
                einheit.mitglieder.iter().flat_map(|&m| je_kommune[m].iter().copied()).collect();
            v.sort_by(|x, y| x.0.total_cmp(&y.0));
            let gewicht: f64 = v.iter().map(|x| x.1).sum();
            let endlich = v.partition_point(|x| x.0.is_finite());
            let nicht_erreichbar: f64 = v[endlich..].iter().map(|x| x.1).sum();
            let (erreicht, gewicht_erreicht) = (&v[..endlich], gewicht - nicht_erreichbar);
            let stat = |f: &dyn Fn() -> Option<f64>| if endlich > 0 { f() } else { None };
            let sitz_m = match einheit.mitglieder.as_slice() {
                [k] if einheit.art == crate::model::Einheitsart::Kommune => {
                    sitz.get(*k).map(|n| n.abstand_m * faktor).filter(|d| d.is_finite())
                }
                _ => None,
            };
            Entfernungsstatistik {
                einheit: e,
                gewicht,
                mittel_m: stat(&|| {
                    (gewicht_erreicht > 0.0)
                        .then(|| erreicht.iter().map(|(d, w)| d * w).sum::<f64>() / gewicht_erreicht)
                }),
                median_m: stat(&|| quantil(&v, gewicht, 0.5).filter(|d| d.is_finite())),
                p90_m: stat(&|| quantil(&v, gewicht, 0.9).filter(|d| d.is_finite())),
                maximum_m: stat(&|| erreicht.last().map(|x| x.0)),
                sitz_m,
                nicht_erreichbar,
                status: status[e],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_quantiles_take_the_first_distance_reaching_the_share() {
        let v = [(100.0, 1.0), (200.0, 1.0), (300.0, 2.0)];
        assert_eq!(quantil(&v, 4.0, 0.5), Some(200.0));
        assert_eq!(quantil(&v, 4.0, 0.25), Some(100.0));
        assert_eq!(quantil(&v, 4.0, 0.9), Some(300.0));
        assert_eq!(quantil(&[], 0.0, 0.5), None);
    }
}

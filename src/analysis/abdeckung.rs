//! Coverage (Versorgungsgrad): the share of a target group living within a distance of the
//! nearest offer of a category, per unit. Distances are Euclidean metres in EPSG:25832,
//! optionally multiplied by a detour factor (Umwegfaktor) as an estimate of the way by road.
//! Thresholds are inclusive (`≤`). Unit figures are sums over member Kommunen, so every share
//! of a region or the Kreis is a ratio of sums.

use super::datenschutz::{self, Datenschutz, Status};
use crate::Atlas;
use crate::atlas::Naechstes;
use crate::model::Zielgruppe;

pub use crate::model::{MAX_SCHWELLE_M, MAX_SCHWELLEN};
/// Allowed range of the detour factor.
pub const UMWEGFAKTOR: std::ops::RangeInclusive<f64> = 1.0..=2.0;

/// What is asked: which target group, which thresholds, which distance measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Abdeckungsfrage {
    /// The target group.
    pub zielgruppe: Zielgruppe,
    /// Thresholds in metres, ascending, each in 1…[`MAX_SCHWELLE_M`].
    pub schwellen_m: Vec<f64>,
    /// Factor on the straight-line distance (1.0 = Luftlinie).
    pub umwegfaktor: f64,
}

impl Abdeckungsfrage {
    /// A question with the thresholds checked, sorted and deduplicated.
    pub fn neu(zielgruppe: Zielgruppe, mut schwellen_m: Vec<f64>, umwegfaktor: f64) -> Result<Self, String> {
        if schwellen_m.is_empty() || schwellen_m.len() > MAX_SCHWELLEN {
            return Err(format!("1 bis {MAX_SCHWELLEN} Schwellen erwartet, z. B. 1000,2000,5000"));
        }
        if let Some(s) = schwellen_m.iter().find(|s| !(1.0..=MAX_SCHWELLE_M).contains(*s)) {
            return Err(format!("Schwelle {s} m liegt außerhalb von 1 bis {MAX_SCHWELLE_M} m"));
        }
        if !UMWEGFAKTOR.contains(&umwegfaktor) {
            return Err(format!(
                "Umwegfaktor {umwegfaktor} liegt außerhalb von {} bis {}",
                UMWEGFAKTOR.start(),
                UMWEGFAKTOR.end()
            ));
        }
        schwellen_m.sort_by(f64::total_cmp);
        schwellen_m.dedup();
        Ok(Self { zielgruppe, schwellen_m, umwegfaktor })
    }

    /// The distance measure in words.
    pub fn mass(&self) -> String {
        mass(self.umwegfaktor)
    }
}

/// The distance measure in words, with the detour factor if it is not 1.
pub fn mass(umwegfaktor: f64) -> String {
    if umwegfaktor == 1.0 {
        super::ENTFERNUNGSMASS.to_string()
    } else {
        format!(
            "{} × Umwegfaktor {} (Schätzung der Wegstrecke)",
            super::ENTFERNUNGSMASS,
            crate::model::deutsch::zahl(umwegfaktor, 2)
        )
    }
}

/// Coverage of one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Abdeckung {
    /// Index in `Atlas::einheiten`.
    pub einheit: usize,
    /// Persons of the target group in the unit (population surface).
    pub gewicht: f64,
    /// Persons within each threshold, in the order of `Abdeckungsfrage::schwellen_m`.
    pub versorgt: Vec<f64>,
    /// Whether the figures may be published.
    pub status: Status,
}

impl Abdeckung {
    /// Share within threshold `i` (0…1); `None` for a unit without persons.
    pub fn anteil(&self, i: usize) -> Option<f64> {
        (self.gewicht > 0.0).then(|| self.versorgt[i] / self.gewicht)
    }

    /// Persons beyond the largest threshold.
    pub fn nicht_versorgt(&self) -> f64 {
        (self.gewicht - self.versorgt.last().copied().unwrap_or(0.0)).max(0.0)
    }
}

/// Per Kommune: persons of the target group and persons within each threshold.
pub fn kommunensummen(a: &Atlas, naechste: &[Naechstes], frage: &Abdeckungsfrage) -> Vec<(f64, Vec<f64>)> {
    let mut s = vec![(0.0, vec![0.0; frage.schwellen_m.len()]); a.kommunen.len()];
    for (p, n) in a.punkte(frage.zielgruppe).iter().zip(naechste) {
        let (gewicht, versorgt) = &mut s[p.kommune];
        *gewicht += p.gewicht;
        let d = n.abstand_m * frage.umwegfaktor;
        for (v, t) in versorgt.iter_mut().zip(&frage.schwellen_m) {
            if d <= *t {
                *v += p.gewicht;
            }
        }
    }
    s
}

/// Coverage of every unit (indexed like `Atlas::einheiten`), with the suppression status:
/// a unit with fewer persons of the target group than `schutz.min_nenner` is hidden, and
/// secondary suppression keeps it from being computed from the others.
pub fn abdeckung(a: &Atlas, naechste: &[Naechstes], frage: &Abdeckungsfrage, schutz: &Datenschutz) -> Vec<Abdeckung> {
    let je_kommune = kommunensummen(a, naechste, frage);
    let mut aus: Vec<Abdeckung> = a
        .einheiten
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut versorgt = vec![0.0; frage.schwellen_m.len()];
            let mut gewicht = 0.0;
            for &m in &e.mitglieder {
                gewicht += je_kommune[m].0;
                for (v, x) in versorgt.iter_mut().zip(&je_kommune[m].1) {
                    *v += x;
                }
            }
            Abdeckung { einheit: i, gewicht, versorgt, status: Status::Ausgewiesen }
        })
        .collect();
    let personen: Vec<f64> = aus.iter().map(|x| x.gewicht).collect();
    for (x, s) in aus.iter_mut().zip(datenschutz::nach_bevoelkerung(&a.einheiten, a.kommunen.len(), &personen, schutz))
    {
        x.status = s;
    }
    aus
}

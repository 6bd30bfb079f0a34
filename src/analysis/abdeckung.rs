//! Coverage (Versorgungsgrad): the share of a target group living within a distance of the
//! nearest offer of a category, per unit. Distances are Euclidean metres in EPSG:25832,
//! optionally multiplied by a detour factor (Umwegfaktor) as an estimate of the way by road,
//! or metres or minutes on the path and road network ([`Messung`]). Thresholds are inclusive
//! (`≤`). Unit figures are sums over member Kommunen, so every share of a region or the Kreis
//! is a ratio of sums.

use super::datenschutz::{self, Datenschutz, Status};
use crate::Atlas;
use crate::atlas::Naechstes;
use crate::model::Zielgruppe;

pub use super::mass::{Mass, Messung};

pub use super::mass::{UMWEGFAKTOR, luftlinie_text as mass};
pub use crate::model::{MAX_SCHWELLE_M, MAX_SCHWELLEN};

/// What is asked: which target group, which thresholds, which distance measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Abdeckungsfrage {
    /// The target group.
    pub zielgruppe: Zielgruppe,
    /// Thresholds in the measure's unit (metres or minutes), ascending.
    pub schwellen: Vec<f64>,
    /// How distance is measured.
    pub messung: Messung,
}

impl Abdeckungsfrage {
    /// A question with the thresholds checked, sorted and deduplicated.
    pub fn neu(zielgruppe: Zielgruppe, mut schwellen: Vec<f64>, messung: Messung) -> Result<Self, String> {
        let z = |x: f64| crate::model::deutsch::zahl(x, if x.fract() == 0.0 { 0 } else { 1 });
        if schwellen.is_empty() || schwellen.len() > MAX_SCHWELLEN {
            let beispiel = if messung.minuten { "5,10,15 (Minuten)" } else { "1000,2000,5000 (Meter)" };
            return Err(format!("1 bis {MAX_SCHWELLEN} Schwellen erwartet, z. B. {beispiel}"));
        }
        let (untergrenze, max, e) =
            (if messung.minuten { 0.1 } else { 1.0 }, messung.max_schwelle(), messung.einheit());
        if let Some(s) = schwellen.iter().find(|s| !(untergrenze..=max).contains(*s)) {
            return Err(format!("Schwelle {} {e} liegt außerhalb von {} bis {} {e}", z(*s), z(untergrenze), z(max)));
        }
        if !UMWEGFAKTOR.contains(&messung.umwegfaktor) {
            return Err(format!(
                "Umwegfaktor {} liegt außerhalb von {} bis {}",
                messung.umwegfaktor,
                UMWEGFAKTOR.start(),
                UMWEGFAKTOR.end()
            ));
        }
        schwellen.sort_by(f64::total_cmp);
        schwellen.dedup();
        Ok(Self { zielgruppe, schwellen, messung })
    }

    /// A question without thresholds (distances only).
    pub fn ohne_schwellen(zielgruppe: Zielgruppe, messung: Messung) -> Self {
        Self { zielgruppe, schwellen: Vec::new(), messung }
    }

    /// The distance measure in words.
    pub fn mass(&self) -> String {
        self.messung.beschreibung()
    }
}

/// Coverage of one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Abdeckung {
    /// Index in `Atlas::einheiten`.
    pub einheit: usize,
    /// Persons of the target group in the unit (population surface).
    pub gewicht: f64,
    /// Persons within each threshold, in the order of `Abdeckungsfrage::schwellen`.
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
    let mut s = vec![(0.0, vec![0.0; frage.schwellen.len()]); a.kommunen.len()];
    let faktor = frage.messung.faktor();
    for (p, n) in a.punkte(frage.zielgruppe).iter().zip(naechste) {
        let (gewicht, versorgt) = &mut s[p.kommune];
        *gewicht += p.gewicht;
        let d = n.abstand_m * faktor;
        for (v, t) in versorgt.iter_mut().zip(&frage.schwellen) {
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
            let mut versorgt = vec![0.0; frage.schwellen.len()];
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

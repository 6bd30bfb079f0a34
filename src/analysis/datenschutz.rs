//! Datenschutz: small-number suppression, primary and secondary, over every published unit.
//!
//! A figure of a unit is a sum over its member Kommunen (a count of cases, of covered
//! persons …). **Primary** suppression hides a unit whose count is small (1 … `min_anzahl − 1`
//! persons or cases) or whose denominator is below `min_nenner`. **Secondary** suppression
//! then hides further units until no hidden count can be computed from the published ones by
//! any sum or difference: a hidden unit's member vector must not lie in the linear span of the
//! published units' member vectors. The check is exact linear algebra over all published
//! Kommunen, regions of every scheme, the Kreis and the Jugendamt areas at once, so the same
//! pattern holds in every output (map, table, API, export).

use crate::model::{Einheit, Einheitsart};

/// Default smallest count that is published.
pub const STANDARD_MIN_ANZAHL: f64 = 3.0;
/// Default smallest denominator of a published rate.
pub const STANDARD_MIN_NENNER: f64 = 100.0;

/// The suppression rule.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Datenschutz {
    /// Counts from 1 up to below this value are not published (default 3: 1 and 2 are hidden).
    pub min_anzahl: f64,
    /// Rates whose denominator is below this value are not published.
    pub min_nenner: f64,
}

impl Default for Datenschutz {
    fn default() -> Self {
        Self { min_anzahl: STANDARD_MIN_ANZAHL, min_nenner: STANDARD_MIN_NENNER }
    }
}

impl Datenschutz {
    /// Whether a unit's figure is hidden by the primary rule. `zaehler_geschuetzt`: the
    /// numerator counts persons or cases (the count rule applies); the denominator rule
    /// applies to every rate with a known denominator.
    pub fn primaer(&self, zaehler: Option<f64>, nenner: Option<f64>, zaehler_geschuetzt: bool) -> bool {
        let kleine_zahl = zaehler_geschuetzt && zaehler.is_some_and(|z| z > 0.0 && z < self.min_anzahl);
        let kleiner_nenner = nenner.is_some_and(|n| n < self.min_nenner);
        kleine_zahl || kleiner_nenner
    }

    /// The German text of the rule, for legends and notes.
    pub fn beschreibung(&self) -> String {
        format!(
            "Fallzahlen von 1 bis {} und Quoten mit einem Nenner unter {} werden nicht ausgewiesen; \
             dazu so viele weitere Werte, dass sich kein verborgener Wert aus Summen oder Differenzen \
             der gezeigten errechnen lässt (sekundäre Geheimhaltung).",
            crate::model::deutsch::zahl(self.min_anzahl - 1.0, 0),
            crate::model::deutsch::zahl(self.min_nenner, 0)
        )
    }
}

/// Whether a unit's figure is published.
///
/// Outside the program primary and secondary suppression look the same
/// (`nicht_ausgewiesen`, like the single "." of official statistics): telling them apart would
/// reveal that a primary cell holds a count of 1 or 2, and with a total, narrow the secondary one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Published.
    Ausgewiesen,
    /// Hidden: small count or denominator.
    #[serde(rename = "nicht_ausgewiesen")]
    Primaer,
    /// Hidden so that a primary one cannot be computed from the others.
    #[serde(rename = "nicht_ausgewiesen")]
    Sekundaer,
    /// No value (missing data or an incomplete aggregate).
    KeineAngabe,
}

impl schemars::JsonSchema for Status {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Status".into()
    }

    // Primary and secondary suppression share one name outside (see above).
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "enum": ["ausgewiesen", "nicht_ausgewiesen", "keine_angabe"],
            "description": "ausgewiesen, nicht_ausgewiesen (Datenschutz) oder keine_angabe"
        })
    }
}

impl Status {
    /// Hidden for data protection (primary or secondary).
    pub fn gesperrt(self) -> bool {
        matches!(self, Status::Primaer | Status::Sekundaer)
    }

    /// The German label shown instead of a hidden value.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Status::Ausgewiesen => "ausgewiesen",
            Status::Primaer | Status::Sekundaer => "nicht ausgewiesen (Datenschutz)",
            Status::KeineAngabe => "keine Angabe",
        }
    }
}

/// The status of every unit for figures whose only protected quantity is the size of the
/// population behind them (coverage, distances, offers per 1,000): a unit with fewer persons
/// than `min_nenner` is hidden, and secondary suppression prefers the smallest others. Every
/// output built on the same population base hides the same units.
pub fn nach_bevoelkerung(
    einheiten: &[Einheit],
    n_kommunen: usize,
    personen: &[f64],
    schutz: &Datenschutz,
) -> Vec<Status> {
    let zellen: Vec<Zelle> = personen
        .iter()
        .map(|&n| Zelle { vorhanden: true, primaer: schutz.primaer(None, Some(n), false), anzahl: n })
        .collect();
    sperren(einheiten, n_kommunen, &zellen)
}

/// What the suppression works on, one entry per unit (indexed like `Atlas::einheiten`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zelle {
    /// The unit has a value at all.
    pub vorhanden: bool,
    /// The primary rule hides it.
    pub primaer: bool,
    /// Its count, to prefer hiding small ones when a second value must go.
    pub anzahl: f64,
}

/// The status of every unit after primary and secondary suppression.
///
/// `n_kommunen` is the length of the member vectors. Units whose member vector equals
/// another's (e.g. a region with one Kommune) share a status. The result is deterministic.
pub fn sperren(einheiten: &[Einheit], n_kommunen: usize, zellen: &[Zelle]) -> Vec<Status> {
    let mut status: Vec<Status> = zellen
        .iter()
        .map(|z| match (z.vorhanden, z.primaer) {
            (false, _) => Status::KeineAngabe,
            (true, true) => Status::Primaer,
            (true, false) => Status::Ausgewiesen,
        })
        .collect();
    let vektoren: Vec<Vec<f64>> = einheiten
        .iter()
        .map(|e| {
            let mut v = vec![0.0; n_kommunen];
            for &m in &e.mitglieder {
                v[m] = 1.0;
            }
            v
        })
        .collect();
    // Candidates for secondary suppression, most acceptable first: Kommunen before
    // aggregates, small units before large ones, small counts before large ones.
    let mut reihenfolge: Vec<usize> = (0..einheiten.len()).collect();
    reihenfolge.sort_by(|&a, &b| {
        let rang = |e: usize| (einheiten[e].art != Einheitsart::Kommune, einheiten[e].mitglieder.len());
        rang(a).cmp(&rang(b)).then(zellen[a].anzahl.total_cmp(&zellen[b].anzahl)).then(a.cmp(&b))
    });
    loop {
        let veroeffentlicht: Vec<usize> = (0..status.len()).filter(|&e| status[e] == Status::Ausgewiesen).collect();
        let basis = Basis::aus(veroeffentlicht.iter().map(|&e| &vektoren[e]));
        let Some(offen) = (0..status.len()).find(|&e| status[e].gesperrt() && basis.enthaelt(&vektoren[e])) else {
            return status;
        };
        let kandidaten: Vec<usize> =
            reihenfolge.iter().copied().filter(|&c| status[c] == Status::Ausgewiesen && c != offen).collect();
        let loest = kandidaten.iter().copied().find(|&c| {
            let ohne = Basis::aus(
                veroeffentlicht.iter().filter(|&&e| e != c && vektoren[e] != vektoren[c]).map(|&e| &vektoren[e]),
            );
            !ohne.enthaelt(&vektoren[offen])
        });
        // If no single unit breaks the derivation, hide the most acceptable unit that
        // overlaps the open one and try again; every round hides one more unit, so this ends.
        let wahl = loest.or_else(|| {
            kandidaten
                .iter()
                .copied()
                .find(|&c| einheiten[c].mitglieder.iter().any(|m| einheiten[offen].mitglieder.contains(m)))
        });
        let Some(c) = wahl.or_else(|| kandidaten.first().copied()) else {
            return status;
        };
        // Units with the same members are the same figure: hide them together.
        for e in 0..status.len() {
            if status[e] == Status::Ausgewiesen && vektoren[e] == vektoren[c] {
                status[e] = Status::Sekundaer;
            }
        }
    }
}

/// A row-echelon basis of a set of vectors, for membership tests of their span.
struct Basis {
    zeilen: Vec<(usize, Vec<f64>)>,
}

const EPS: f64 = 1e-9;

impl Basis {
    fn aus<'a>(vektoren: impl Iterator<Item = &'a Vec<f64>>) -> Basis {
        let mut b = Basis { zeilen: Vec::new() };
        for v in vektoren {
            let r = b.reduzieren(v.clone());
            if let Some(p) = r.iter().position(|x| x.abs() > EPS) {
                let pivot = r[p];
                b.zeilen.push((p, r.into_iter().map(|x| x / pivot).collect()));
            }
        }
        b
    }

    fn reduzieren(&self, mut v: Vec<f64>) -> Vec<f64> {
        for (p, z) in &self.zeilen {
            let f = v[*p];
            if f.abs() > EPS {
                for (a, b) in v.iter_mut().zip(z) {
                    *a -= f * b;
                }
            }
        }
        v
    }

    fn enthaelt(&self, v: &[f64]) -> bool {
        self.reduzieren(v.to_vec()).iter().all(|x| x.abs() <= EPS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn einheit(id: &str, art: Einheitsart, mitglieder: &[usize]) -> Einheit {
        Einheit { id: id.into(), name: id.into(), art, mitglieder: mitglieder.to_vec() }
    }

    /// Three Kommunen in one region, plus the Kreis = region + a fourth Kommune.
    fn gebiet() -> Vec<Einheit> {
        vec![
            einheit("a", Einheitsart::Kommune, &[0]),
            einheit("b", Einheitsart::Kommune, &[1]),
            einheit("c", Einheitsart::Kommune, &[2]),
            einheit("d", Einheitsart::Kommune, &[3]),
            einheit("r", Einheitsart::Region { schema: 0, region: 0 }, &[0, 1, 2]),
            einheit("k", Einheitsart::Kreis, &[0, 1, 2, 3]),
        ]
    }

    fn zellen(anzahl: &[f64], schutz: &Datenschutz) -> Vec<Zelle> {
        anzahl
            .iter()
            .map(|&a| Zelle { vorhanden: true, primaer: schutz.primaer(Some(a), None, true), anzahl: a })
            .collect()
    }

    #[test]
    fn nothing_small_means_everything_is_published() {
        let s = sperren(&gebiet(), 4, &zellen(&[5.0, 7.0, 9.0, 30.0, 21.0, 51.0], &Datenschutz::default()));
        assert!(s.iter().all(|x| *x == Status::Ausgewiesen));
    }

    #[test]
    fn one_small_kommune_in_a_region_takes_the_smallest_neighbour_with_it() {
        // b = 2 is hidden; r − a − c would reveal it, so c (the smaller of a and c) goes too.
        let s = sperren(&gebiet(), 4, &zellen(&[9.0, 2.0, 5.0, 30.0, 16.0, 46.0], &Datenschutz::default()));
        assert_eq!(
            s,
            vec![
                Status::Ausgewiesen,
                Status::Primaer,
                Status::Sekundaer,
                Status::Ausgewiesen,
                Status::Ausgewiesen,
                Status::Ausgewiesen
            ]
        );
    }

    #[test]
    fn zero_is_not_a_small_count_but_a_small_denominator_is() {
        let d = Datenschutz::default();
        assert!(!d.primaer(Some(0.0), Some(500.0), true));
        assert!(d.primaer(Some(1.0), Some(500.0), true));
        assert!(!d.primaer(Some(1.0), Some(500.0), false));
        assert!(d.primaer(Some(40.0), Some(99.0), false));
    }

    #[test]
    fn a_small_region_total_is_hidden_and_cannot_be_recovered_from_the_kreis() {
        // r = 2 (members 1, 1, 0): a and b primary, r primary; k − d = r would reveal it.
        let s = sperren(&gebiet(), 4, &zellen(&[1.0, 1.0, 0.0, 30.0, 2.0, 32.0], &Datenschutz::default()));
        assert_eq!(s[4], Status::Primaer);
        let sichtbar: Vec<usize> = (0..6).filter(|&e| s[e] == Status::Ausgewiesen).collect();
        assert!(!(sichtbar.contains(&5) && sichtbar.contains(&3)), "{s:?}");
    }
}

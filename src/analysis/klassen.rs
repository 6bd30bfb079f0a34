//! Choropleth classes: quantiles, equal intervals, natural breaks (Ckmeans, the optimal
//! successor of Jenks, from the `ckmeans` crate) and manual breaks.
//!
//! Classes are given by their upper bounds: class 0 holds values from the minimum up to and
//! including bound 0, class i the values above bound i−1 up to and including bound i; the last
//! bound is the maximum (or, with manual breaks, at least the largest value).

use std::str::FromStr;

/// Fewest classes of a map.
pub const MIN_KLASSEN: usize = 2;
/// Most classes of a map.
pub const MAX_KLASSEN: usize = 9;
/// Default number of classes.
pub const STANDARD_KLASSEN: usize = 5;

/// A classification method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Methode {
    /// Equal numbers of units per class (quantiles, linear interpolation between values).
    Quantile,
    /// Equal intervals between minimum and maximum.
    Gleich,
    /// Natural breaks: Ckmeans (optimal 1-D k-means, Wang & Song 2011).
    Jenks,
    /// Breaks given by the planner (keeps maps comparable across years).
    Manuell,
}

impl Methode {
    /// German label.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Methode::Quantile => "Quantile (gleich viele Gebiete je Klasse)",
            Methode::Gleich => "gleiche Intervalle",
            Methode::Jenks => "natürliche Brüche (Ckmeans/Jenks)",
            Methode::Manuell => "manuelle Grenzen",
        }
    }
}

impl FromStr for Methode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "quantile" => Ok(Methode::Quantile),
            "gleich" => Ok(Methode::Gleich),
            "jenks" | "ckmeans" => Ok(Methode::Jenks),
            "manuell" => Ok(Methode::Manuell),
            _ => Err(format!("„{s}“ ist keine Klassifikation; erlaubt: quantile, gleich, jenks, manuell")),
        }
    }
}

/// The classes of a map.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Klassierung {
    /// Method used.
    pub methode: Methode,
    /// Lower bound of the first class (the smallest value).
    pub minimum: f64,
    /// Upper bound of every class, ascending.
    pub obergrenzen: Vec<f64>,
}

impl Klassierung {
    /// The class of a value.
    pub fn klasse(&self, x: f64) -> usize {
        self.obergrenzen.iter().position(|&g| x <= g).unwrap_or(self.obergrenzen.len().saturating_sub(1))
    }

    /// Number of classes.
    pub fn anzahl(&self) -> usize {
        self.obergrenzen.len()
    }
}

/// The q-quantile (0…1) of sorted values, linearly interpolated between neighbours (the
/// default of R's `quantile` and NumPy's `percentile`).
pub fn quantil(sortiert: &[f64], q: f64) -> f64 {
    let h = (sortiert.len() - 1) as f64 * q;
    let (u, o) = (h.floor() as usize, h.ceil() as usize);
    sortiert[u] + (h - u as f64) * (sortiert[o] - sortiert[u])
}

/// Classifies `werte` into `klassen` classes; `grenzen` are the inner breaks for
/// [`Methode::Manuell`] (ascending). Fewer classes result where the values do not allow more
/// (e.g. only three distinct values).
pub fn klassieren(werte: &[f64], methode: Methode, klassen: usize, grenzen: &[f64]) -> Result<Klassierung, String> {
    let mut v: Vec<f64> = werte.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return Err("keine Werte zum Klassieren".into());
    }
    v.sort_by(f64::total_cmp);
    let (min, max) = (v[0], v[v.len() - 1]);
    let mut obergrenzen: Vec<f64> = match methode {
        Methode::Quantile => (1..=klassen).map(|i| quantil(&v, i as f64 / klassen as f64)).collect(),
        Methode::Gleich => (1..=klassen).map(|i| min + (max - min) * i as f64 / klassen as f64).collect(),
        Methode::Jenks => {
            let mut verschieden = v.clone();
            verschieden.dedup();
            let k = klassen.min(verschieden.len()).clamp(1, usize::from(u8::MAX));
            let gruppen = ckmeans::ckmeans(&v, k as u8).map_err(|e| format!("natürliche Brüche: {e}"))?;
            gruppen.iter().filter_map(|g| g.last().copied()).collect()
        }
        Methode::Manuell => {
            if grenzen.is_empty() || grenzen.len() + 1 > MAX_KLASSEN {
                return Err(format!(
                    "für manuelle Klassen 1 bis {} Grenzen angeben, z. B. grenzen=10,15,20",
                    MAX_KLASSEN - 1
                ));
            }
            if grenzen.windows(2).any(|w| w[0] >= w[1]) || grenzen.iter().any(|g| !g.is_finite()) {
                return Err("manuelle Grenzen müssen aufsteigende Zahlen sein, z. B. grenzen=10,15,20".into());
            }
            let letzte = grenzen[grenzen.len() - 1];
            grenzen.iter().copied().chain(std::iter::once(max.max(letzte))).collect()
        }
    };
    if methode != Methode::Manuell {
        if let Some(letzte) = obergrenzen.last_mut() {
            *letzte = max; // exact, whatever the arithmetic above rounded
        }
        obergrenzen.dedup();
    }
    Ok(Klassierung { methode, minimum: min, obergrenzen })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_breaks_of_one_to_ten_interpolate_linearly() {
        // By hand: position (n−1)·q = 9·0.2 = 1.8 → 2 + 0.8 = 2.8; 9·0.4 = 3.6 → 4.6; …
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let k = klassieren(&v, Methode::Quantile, 5, &[]).unwrap();
        let gerundet: Vec<f64> = k.obergrenzen.iter().map(|x| (x * 1e9).round() / 1e9).collect();
        assert_eq!(gerundet, vec![2.8, 4.6, 6.4, 8.2, 10.0]);
        assert_eq!(k.klasse(1.0), 0);
        assert_eq!(k.klasse(2.8), 0);
        assert_eq!(k.klasse(2.9), 1);
        assert_eq!(k.klasse(10.0), 4);
    }

    #[test]
    fn equal_intervals_split_the_range() {
        let k = klassieren(&[0.0, 3.0, 10.0, 40.0], Methode::Gleich, 4, &[]).unwrap();
        assert_eq!(k.obergrenzen, vec![10.0, 20.0, 30.0, 40.0]);
        assert_eq!(k.klasse(10.0), 0);
        assert_eq!(k.klasse(40.0), 3);
    }

    #[test]
    fn natural_breaks_find_the_clusters_of_the_ckmeans_reference_data() {
        // The reference example of Wang & Song's Ckmeans (as in simple-statistics and the
        // ckmeans crate): three clusters {1 … 7}, {12 … 16}, {78, 82}.
        let v = [
            1.0, 12.0, 13.0, 14.0, 15.0, 16.0, 2.0, 2.0, 3.0, 5.0, 7.0, 1.0, 2.0, 5.0, 7.0, 1.0, 5.0, 82.0, 1.0, 1.3,
            1.1, 78.0,
        ];
        let k = klassieren(&v, Methode::Jenks, 3, &[]).unwrap();
        assert_eq!(k.obergrenzen, vec![7.0, 16.0, 82.0]);
    }

    #[test]
    fn fewer_distinct_values_than_classes_give_fewer_classes() {
        let k = klassieren(&[1.0, 1.0, 2.0, 2.0], Methode::Jenks, 5, &[]).unwrap();
        assert_eq!(k.obergrenzen, vec![1.0, 2.0]);
        let q = klassieren(&[5.0, 5.0, 5.0], Methode::Quantile, 4, &[]).unwrap();
        assert_eq!(q.obergrenzen, vec![5.0]);
    }

    #[test]
    fn manual_breaks_keep_the_planners_bounds() {
        let k = klassieren(&[3.0, 12.0, 17.0, 25.0], Methode::Manuell, 0, &[10.0, 15.0, 20.0]).unwrap();
        assert_eq!(k.obergrenzen, vec![10.0, 15.0, 20.0, 25.0]);
        assert_eq!(k.klasse(15.0), 1);
        assert!(klassieren(&[1.0], Methode::Manuell, 0, &[5.0, 4.0]).is_err());
        assert!(klassieren(&[], Methode::Quantile, 3, &[]).is_err());
    }
}

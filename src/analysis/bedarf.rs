//! Need × supply: a 3 × 3 bivariate class per Kommune — need from the terciles of a need
//! indicator (equal values always in the same class), supply from absolute thresholds of the
//! coverage share of a category — and a ranked list of the Kommunen where need is higher than
//! supply.

use super::datenschutz::Status;
use super::indikatoren::Einheitswert;
use super::klassen::{Methode, klassieren};
use crate::model::Polaritaet;

/// A Kommune's place in the need × supply map.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BedarfAngebot {
    /// Index of the Kommune.
    #[serde(skip)]
    pub kommune: usize,
    /// The indicator value (empty where hidden or missing).
    pub wert: Option<f64>,
    /// Suppression status of the indicator value.
    pub status: Status,
    /// Need tercile 1 (low) … 3 (high); `None` without a value.
    pub bedarf: Option<u8>,
    /// Coverage share 0…1.
    pub anteil: Option<f64>,
    /// Coverage tercile 1 (low) … 3 (high).
    pub versorgung: Option<u8>,
    /// Rank in the priority list (1 = most urgent), for Kommunen with need above supply.
    pub rang: Option<usize>,
}

/// Default thresholds of the coverage share between low, medium and good supply: below 25 %
/// low, from 50 % good (half of the target group within reach).
pub const STANDARD_VERSORGUNG_GRENZEN: [f64; 2] = [0.25, 0.5];

/// The tercile (1…3) of every value among all values, by the values at the thirds: a value
/// up to the first third is 1, up to the second 2, above 3. Equal values share their class,
/// so a class may stay empty where many values are the same.
fn terzile(werte: &[Option<f64>]) -> Vec<Option<u8>> {
    let vorhanden: Vec<f64> = werte.iter().flatten().copied().collect();
    let Ok(k) = klassieren(&vorhanden, Methode::Quantile, 3, &[]) else {
        return vec![None; werte.len()];
    };
    let grenzen = k.obergrenzen.clone();
    let (g1, g2) =
        (grenzen.first().copied().unwrap_or(f64::INFINITY), grenzen.get(1).copied().unwrap_or(f64::INFINITY));
    werte
        .iter()
        .map(|w| {
            w.map(|x| {
                if x <= g1 {
                    1
                } else if x <= g2 {
                    2
                } else {
                    3
                }
            })
        })
        .collect()
}

/// The supply class (1 low, 2 medium, 3 good) of a coverage share, by absolute thresholds.
fn versorgungsstufe(anteil: f64, grenzen: [f64; 2]) -> u8 {
    if anteil < grenzen[0] {
        1
    } else if anteil < grenzen[1] {
        2
    } else {
        3
    }
}

/// Classifies every Kommune. `werte` are the (publicly visible) indicator values of the
/// Kommunen, `anteile` their coverage shares, `grenzen` the coverage shares (0…1) from which
/// supply is medium and good. For an indicator whose high values mean a resource, need is its
/// inverse.
pub fn bedarf_angebot(
    werte: &[Einheitswert],
    polaritaet: Polaritaet,
    anteile: &[Option<f64>],
    grenzen: [f64; 2],
) -> Vec<BedarfAngebot> {
    let w: Vec<Option<f64>> = werte.iter().map(|x| x.wert).collect();
    let mut bedarf = terzile(&w);
    if polaritaet == Polaritaet::Ressource {
        for b in bedarf.iter_mut().flatten() {
            *b = 4 - *b;
        }
    }
    let versorgung: Vec<Option<u8>> = anteile.iter().map(|a| a.map(|a| versorgungsstufe(a, grenzen))).collect();
    let mut aus: Vec<BedarfAngebot> = (0..werte.len())
        .map(|i| BedarfAngebot {
            kommune: i,
            wert: w[i],
            status: werte[i].status,
            bedarf: bedarf[i],
            anteil: anteile[i],
            versorgung: versorgung[i],
            rang: None,
        })
        .collect();
    let richtung = if polaritaet == Polaritaet::Ressource { -1.0 } else { 1.0 };
    let mut dringend: Vec<usize> =
        (0..aus.len()).filter(|&i| matches!((aus[i].bedarf, aus[i].versorgung), (Some(b), Some(v)) if b > v)).collect();
    dringend.sort_by(|&x, &y| {
        let abstand = |i: usize| i16::from(aus[i].bedarf.unwrap_or(0)) - i16::from(aus[i].versorgung.unwrap_or(0));
        abstand(y)
            .cmp(&abstand(x))
            .then(aus[y].bedarf.cmp(&aus[x].bedarf))
            .then((richtung * aus[y].wert.unwrap_or(0.0)).total_cmp(&(richtung * aus[x].wert.unwrap_or(0.0))))
            .then(aus[x].anteil.unwrap_or(0.0).total_cmp(&aus[y].anteil.unwrap_or(0.0)))
            .then(x.cmp(&y))
    });
    for (r, i) in dringend.into_iter().enumerate() {
        aus[i].rang = Some(r + 1);
    }
    aus
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::indikatoren::Herkunft;

    fn wert(x: f64) -> Einheitswert {
        Einheitswert {
            wert: Some(x),
            zaehler: None,
            nenner: None,
            herkunft: Herkunft::Daten,
            status: Status::Ausgewiesen,
        }
    }

    #[test]
    fn high_need_with_low_coverage_comes_first() {
        let werte: Vec<Einheitswert> = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0].map(wert).to_vec();
        let anteile = [0.9, 0.8, 0.7, 0.6, 0.5, 0.1].map(Some);
        let b = bedarf_angebot(&werte, Polaritaet::Bedarf, &anteile, STANDARD_VERSORGUNG_GRENZEN);
        assert_eq!(b[5].bedarf, Some(3));
        assert_eq!(b[5].versorgung, Some(1));
        assert_eq!(b[5].rang, Some(1));
        assert_eq!(b[0].rang, None, "low need, good supply is no priority");
    }

    #[test]
    fn equal_values_share_a_class_and_supply_follows_absolute_thresholds() {
        // Ten Kommunen, six with the same need value: all six in one class.
        let werte: Vec<Einheitswert> = [5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 7.0, 8.0, 9.0, 10.0].map(wert).to_vec();
        let anteile = [0.026, 0.03, 0.087, 0.379, 0.249, 0.25, 0.499, 0.5, 0.9, 0.0].map(Some);
        let b = bedarf_angebot(&werte, Polaritaet::Bedarf, &anteile, STANDARD_VERSORGUNG_GRENZEN);
        let klassen: Vec<u8> = b.iter().take(6).map(|x| x.bedarf.unwrap_or(0)).collect();
        assert!(klassen.windows(2).all(|w| w[0] == w[1]), "{klassen:?}");
        let v: Vec<u8> = b.iter().map(|x| x.versorgung.unwrap_or(0)).collect();
        assert_eq!(v, [1, 1, 1, 2, 1, 2, 2, 3, 3, 1]);
    }

    #[test]
    fn for_a_resource_indicator_low_values_are_need() {
        let werte: Vec<Einheitswert> = [1.0, 5.0, 9.0].map(wert).to_vec();
        let b = bedarf_angebot(&werte, Polaritaet::Ressource, &[Some(0.5); 3], STANDARD_VERSORGUNG_GRENZEN);
        assert_eq!(b[0].bedarf, Some(3));
        assert_eq!(b[2].bedarf, Some(1));
    }
}

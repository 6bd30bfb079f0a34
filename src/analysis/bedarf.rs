//! Need × supply: a 3 × 3 bivariate class per Kommune from the terciles of a need indicator
//! and of the coverage share of a category, and a ranked list of the Kommunen where need is
//! higher than supply.

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

/// The tercile (1…3) of every value among all values.
fn terzile(werte: &[Option<f64>]) -> Vec<Option<u8>> {
    let vorhanden: Vec<f64> = werte.iter().flatten().copied().collect();
    let Ok(k) = klassieren(&vorhanden, Methode::Quantile, 3, &[]) else {
        return vec![None; werte.len()];
    };
    // With fewer than three distinct values the classes collapse; spread them over 1…3.
    let n = k.anzahl();
    werte.iter().map(|w| w.map(|x| (1 + k.klasse(x) * 2 / (n.max(2) - 1).max(1)).min(3) as u8)).collect()
}

/// Classifies every Kommune. `werte` are the (publicly visible) indicator values of the
/// Kommunen, `anteile` their coverage shares. For an indicator whose high values mean a
/// resource, need is its inverse.
pub fn bedarf_angebot(werte: &[Einheitswert], polaritaet: Polaritaet, anteile: &[Option<f64>]) -> Vec<BedarfAngebot> {
    let w: Vec<Option<f64>> = werte.iter().map(|x| x.wert).collect();
    let mut bedarf = terzile(&w);
    if polaritaet == Polaritaet::Ressource {
        for b in bedarf.iter_mut().flatten() {
            *b = 4 - *b;
        }
    }
    let versorgung = terzile(anteile);
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
        let b = bedarf_angebot(&werte, Polaritaet::Bedarf, &anteile);
        assert_eq!(b[5].bedarf, Some(3));
        assert_eq!(b[5].versorgung, Some(1));
        assert_eq!(b[5].rang, Some(1));
        assert_eq!(b[0].rang, None, "low need, good supply is no priority");
    }

    #[test]
    fn for_a_resource_indicator_low_values_are_need() {
        let werte: Vec<Einheitswert> = [1.0, 5.0, 9.0].map(wert).to_vec();
        let b = bedarf_angebot(&werte, Polaritaet::Ressource, &[Some(0.5); 3]);
        assert_eq!(b[0].bedarf, Some(3));
        assert_eq!(b[2].bedarf, Some(1));
    }
}

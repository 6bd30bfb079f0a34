//! Indicator values per unit and choropleth maps with their legend.
//!
//! Aggregation to regions, Jugendamt areas and the Kreis follows the domain rule: where
//! numerator and denominator are known, **ratio of sums** (Σ Zähler / Σ Nenner ×
//! Multiplikator); where only rates are known, the mean of the Kommune rates weighted by
//! inhabitants (or area), labelled as an approximation, except for the Kreis when the source
//! publishes its own Kreis value. An aggregate is only formed when every member has a value.

use super::datenschutz::{self, Datenschutz, Status, Zelle};
use super::farben::{FARBE_DATENSCHUTZ, FARBE_KEINE_ANGABE, Palette};
use super::klassen::{Klassierung, Methode, klassieren};
use crate::Atlas;
use crate::model::deutsch::zahl;
use crate::model::kalender::Quartal;
use crate::model::{Aggregation, Einheit, Einheitsart, Gewicht, Indikator};

/// Where a unit's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Herkunft {
    /// The value as published for this unit (Kommune, or the source's own Kreis value).
    Daten,
    /// Ratio of the sums of numerators and denominators of the members (exact).
    QuoteDerSummen,
    /// Weighted mean of the member rates (approximation).
    GewichtetesMittel,
    /// No value: missing in the data, or a member is missing.
    Fehlt,
}

impl Herkunft {
    /// German explanation.
    pub fn bezeichnung(self, gewicht: Gewicht) -> &'static str {
        match (self, gewicht) {
            (Herkunft::Daten, _) => "Wert der Quelle",
            (Herkunft::QuoteDerSummen, _) => "Quote der Summen (Summe der Zähler durch Summe der Nenner)",
            (Herkunft::GewichtetesMittel, Gewicht::Einwohner) => {
                "Näherung: einwohnergewichtetes Mittel der Kommunalwerte (Zähler und Nenner nicht bekannt)"
            }
            (Herkunft::GewichtetesMittel, Gewicht::Flaeche) => {
                "Näherung: flächengewichtetes Mittel der Kommunalwerte (Zähler und Nenner nicht bekannt)"
            }
            (Herkunft::Fehlt, _) => "keine Angabe",
        }
    }
}

/// The value of an indicator for one unit and year.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Einheitswert {
    /// The rate (`None` = no value).
    pub wert: Option<f64>,
    /// Numerator, where known.
    pub zaehler: Option<f64>,
    /// Denominator, where known.
    pub nenner: Option<f64>,
    /// Where the value comes from.
    pub herkunft: Herkunft,
    /// Whether it may be published.
    pub status: Status,
}

impl Einheitswert {
    /// The value as the public sees it: a hidden value keeps nothing but its status (unless
    /// `intern`). Its denominator goes too: beside a hidden rate it would tell which rule hid
    /// it, and so narrow the count.
    pub fn sichtbar(&self, intern: bool) -> Einheitswert {
        if intern || !self.status.gesperrt() {
            *self
        } else {
            Einheitswert { wert: None, zaehler: None, nenner: None, ..*self }
        }
    }
}

/// The values of every unit (indexed like `Atlas::einheiten`) for one year, with the
/// suppression status. An indicator counted by quarter is suppressed together with its
/// quarters (see [`quartalswerte`]).
pub fn einheitswerte(a: &Atlas, ind: &Indikator, jahr: i32, schutz: &Datenschutz) -> Vec<Einheitswert> {
    if !ind.quartale.is_empty() {
        return quartalswerte(a, ind, jahr, schutz).jahr;
    }
    let mut aus = ungeschuetzt(a, ind, jahr);
    let zellen: Vec<Zelle> = aus.iter().map(|w| zelle(ind, w, schutz)).collect();
    for (w, s) in aus.iter_mut().zip(datenschutz::sperren(&a.einheiten, a.kommunen.len(), &zellen)) {
        w.status = s;
    }
    aus
}

/// What suppression knows of a value.
fn zelle(ind: &Indikator, w: &Einheitswert, schutz: &Datenschutz) -> Zelle {
    Zelle {
        vorhanden: w.wert.is_some(),
        primaer: schutz.primaer(w.zaehler, w.nenner, ind.datenschutz),
        // Where only the denominator is protected (coverage, offers per 1,000 …), the
        // smallest populations are hidden first, as in every other output on that base.
        anzahl: if ind.datenschutz { w.zaehler.or(w.wert) } else { w.nenner.or(w.zaehler).or(w.wert) }.unwrap_or(0.0),
    }
}

/// The values of every unit for one year before suppression (all `Ausgewiesen`).
fn ungeschuetzt(a: &Atlas, ind: &Indikator, jahr: i32) -> Vec<Einheitswert> {
    let kommunal: Vec<Option<&crate::model::Indikatorwert>> =
        a.kommunen.iter().map(|k| ind.wert(k.ags, jahr)).collect();
    let kreiswert = a.kommunen.first().and_then(|k| ind.wert(k.ags.kreis_ags(), jahr));
    a.einheiten
        .iter()
        .map(|e| {
            let leer = Einheitswert {
                wert: None,
                zaehler: None,
                nenner: None,
                herkunft: Herkunft::Fehlt,
                status: Status::Ausgewiesen,
            };
            if e.art == Einheitsart::Kommune {
                return match kommunal[e.mitglieder[0]] {
                    Some(w) => Einheitswert {
                        wert: Some(w.wert),
                        zaehler: w.zaehler,
                        nenner: w.nenner,
                        herkunft: Herkunft::Daten,
                        ..leer
                    },
                    None => leer,
                };
            }
            let werte: Option<Vec<&crate::model::Indikatorwert>> = e.mitglieder.iter().map(|&m| kommunal[m]).collect();
            match (ind.aggregation, e.art, kreiswert) {
                (Aggregation::GewichtetesMittel, Einheitsart::Kreis, Some(w)) => Einheitswert {
                    wert: Some(w.wert),
                    zaehler: w.zaehler,
                    nenner: w.nenner,
                    herkunft: Herkunft::Daten,
                    ..leer
                },
                (Aggregation::QuoteDerSummen, ..) => {
                    // A Kommune without a value leaves its region without one, unless the
                    // indicator is complete by construction (then it had a zero denominator).
                    let summen = e.mitglieder.iter().try_fold((0.0, 0.0), |(z, n), &m| match kommunal[m] {
                        Some(w) => Some((z + w.zaehler?, n + w.nenner?)),
                        None if ind.vollstaendig => Some((z, n)),
                        None => None,
                    });
                    match (summen, ind.multiplikator) {
                        (Some((z, n)), Some(m)) if n > 0.0 => Einheitswert {
                            wert: Some(z / n * m),
                            zaehler: Some(z),
                            nenner: Some(n),
                            herkunft: Herkunft::QuoteDerSummen,
                            ..leer
                        },
                        _ => leer,
                    }
                }
                (Aggregation::GewichtetesMittel, ..) => match werte {
                    Some(ws) => {
                        let g = |m: usize| match ind.gewicht {
                            Gewicht::Einwohner => a.kommunen[m].einwohner as f64,
                            Gewicht::Flaeche => a.kommunen[m].flaeche_km2,
                        };
                        let summe_g: f64 = e.mitglieder.iter().map(|&m| g(m)).sum();
                        let summe: f64 = e.mitglieder.iter().zip(&ws).map(|(&m, w)| g(m) * w.wert).sum();
                        Einheitswert {
                            wert: (summe_g > 0.0).then(|| summe / summe_g),
                            herkunft: Herkunft::GewichtetesMittel,
                            ..leer
                        }
                    }
                    None => leer,
                },
            }
        })
        .collect()
}

/// The values of every unit in the four quarters of a year and in the year itself, of an
/// indicator counted by quarter.
#[derive(Debug, Clone)]
pub struct Quartalswerte {
    /// Per quarter (index 0 = Q1), indexed like `Atlas::einheiten`; `KeineAngabe` after the
    /// last quarter reported.
    pub quartale: [Vec<Einheitswert>; 4],
    /// The year.
    pub jahr: Vec<Einheitswert>,
}

/// The values of every unit per quarter and for the year, suppressed **together**: a year is
/// the sum of its quarters, so a hidden quarter must not follow from the year and the other
/// quarters, nor a hidden Kommune from its region – the same exact check as for one year
/// ([`datenschutz::sperren`]), over the cells Kommune × quarter. A quarter's rate has the
/// year's denominator.
pub fn quartalswerte(a: &Atlas, ind: &Indikator, jahr: i32, schutz: &Datenschutz) -> Quartalswerte {
    let n = a.kommunen.len();
    let jahreswerte = ungeschuetzt(a, ind, jahr);
    let letztes = ind.quartale.iter().map(|q| q.quartal).max();
    let mut zaehler = vec![[0.0; 4]; n];
    for q in ind.quartale.iter().filter(|q| q.quartal.jahr == jahr) {
        if let Some(i) = a.kommune_index(&q.ags) {
            zaehler[i][usize::from(q.quartal.nummer - 1)] += q.zaehler;
        }
    }
    let m = ind.multiplikator.unwrap_or(1.0);
    let quartale: [Vec<Einheitswert>; 4] = std::array::from_fn(|qi| {
        let gemeldet = letztes.is_some_and(|l| Quartal { jahr, nummer: qi as u8 + 1 } <= l);
        a.einheiten
            .iter()
            .zip(&jahreswerte)
            .map(|(e, j)| match (j.nenner, gemeldet) {
                (Some(nenner), true) if nenner > 0.0 => {
                    let z: f64 = e.mitglieder.iter().map(|&k| zaehler[k][qi]).sum();
                    Einheitswert { wert: Some(z / nenner * m), zaehler: Some(z), ..*j }
                }
                _ => Einheitswert { wert: None, zaehler: None, nenner: None, herkunft: Herkunft::Fehlt, ..*j },
            })
            .collect()
    });
    // Cells Kommune × quarter: member k of a unit in quarter q is cell 4k + q; the year holds
    // the four quarters of each member.
    let mut einheiten = Vec::with_capacity(a.einheiten.len() * 5);
    let mut zellen = Vec::with_capacity(a.einheiten.len() * 5);
    for (qi, werte) in quartale.iter().chain(std::iter::once(&jahreswerte)).enumerate() {
        for (e, w) in a.einheiten.iter().zip(werte) {
            let mitglieder =
                e.mitglieder.iter().flat_map(|&k| if qi < 4 { vec![4 * k + qi] } else { (4 * k..4 * k + 4).collect() });
            einheiten.push(Einheit { mitglieder: mitglieder.collect(), ..e.clone() });
            zellen.push(zelle(ind, w, schutz));
        }
    }
    let status = datenschutz::sperren(&einheiten, 4 * n, &zellen);
    let mut teile = status.chunks(a.einheiten.len()).map(<[Status]>::to_vec);
    let mut setzen = |mut werte: Vec<Einheitswert>| {
        for (w, s) in werte.iter_mut().zip(teile.next().unwrap_or_default()) {
            w.status = s;
        }
        werte
    };
    let quartale = quartale.map(&mut setzen);
    Quartalswerte { quartale, jahr: setzen(jahreswerte) }
}

/// How a map is asked for.
#[derive(Debug, Clone)]
pub struct Kartenfrage {
    /// Classification method.
    pub methode: Methode,
    /// Number of classes (ignored for manual breaks).
    pub klassen: usize,
    /// Inner breaks for manual classes.
    pub grenzen: Vec<f64>,
    /// Colour scheme.
    pub palette: &'static Palette,
    /// Internal mode: hidden values are shown (and still flagged).
    pub intern: bool,
}

/// One class of a legend.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Legendenklasse {
    /// Lower bound (exclusive, except for the first class).
    pub von: f64,
    /// Upper bound (inclusive).
    pub bis: f64,
    /// Units in the class.
    pub anzahl: usize,
    /// Colour `#rrggbb`.
    pub farbe: String,
    /// German label with unit, e.g. "über 12,5 bis 15,0 je 100 Einw. unter 15".
    pub bezeichnung: String,
}

/// A unit of a map.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Kartenwert {
    /// Index in `Atlas::einheiten`.
    #[serde(skip)]
    pub einheit: usize,
    /// The value as shown (hidden ones empty in public mode).
    pub wert: Einheitswert,
    /// Class index (0 = lowest), `None` without a shown value.
    pub klasse: Option<usize>,
    /// Fill colour.
    pub farbe: String,
}

/// A choropleth: a value, class and colour per unit and the legend.
#[derive(Debug, Clone)]
pub struct Karte {
    /// The units shown.
    pub werte: Vec<Kartenwert>,
    /// The classes (`None` when no unit has a shown value).
    pub klassierung: Option<Klassierung>,
    /// Legend classes.
    pub klassen: Vec<Legendenklasse>,
    /// Units hidden for data protection.
    pub anzahl_datenschutz: usize,
    /// Units without a value.
    pub anzahl_keine_angabe: usize,
    /// Decimals used in labels.
    pub stellen: usize,
}

/// Decimals that suit the values' magnitude.
pub fn stellen_fuer(werte: &[f64]) -> usize {
    let max = werte.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    if max >= 100.0 {
        0
    } else if max >= 10.0 {
        1
    } else {
        2
    }
}

/// Decimals, from `mindestens` on, with which no value reads like a class limit it is not
/// equal to: a value shown as "6,7" must not sit in the class "über 6,7 bis 11,0".
pub fn trennende_stellen(werte: &[f64], grenzen: &[f64], mindestens: usize) -> usize {
    let gerundet = |x: f64, d: usize| (x * 10f64.powi(d as i32)).round();
    (mindestens..=6)
        .find(|&d| werte.iter().all(|&w| grenzen.iter().all(|&g| w == g || gerundet(w, d) != gerundet(g, d))))
        .unwrap_or(6)
}

/// Builds the map of the given units from all units' values.
pub fn karte(
    alle: &[Einheitswert],
    einheiten: &[usize],
    einheit_text: &str,
    frage: &Kartenfrage,
) -> Result<Karte, String> {
    let gezeigt: Vec<(usize, Einheitswert)> = einheiten.iter().map(|&e| (e, alle[e].sichtbar(frage.intern))).collect();
    let zahlen: Vec<f64> = gezeigt.iter().filter_map(|(_, w)| w.wert).collect();
    let klassierung =
        if zahlen.is_empty() { None } else { Some(klassieren(&zahlen, frage.methode, frage.klassen, &frage.grenzen)?) };
    let farben = klassierung.as_ref().map(|k| frage.palette.farben(k.anzahl())).unwrap_or_default();
    let grenzen_der_klassen: Vec<f64> = klassierung.as_ref().map(|k| k.obergrenzen.clone()).unwrap_or_default();
    let stellen = trennende_stellen(&zahlen, &grenzen_der_klassen, stellen_fuer(&zahlen));
    let werte: Vec<Kartenwert> = gezeigt
        .iter()
        .map(|&(e, w)| {
            let klasse = w.wert.and_then(|x| klassierung.as_ref().map(|k| k.klasse(x)));
            let farbe = match (klasse, w.status.gesperrt()) {
                (Some(k), _) => farben[k].clone(),
                (None, true) => FARBE_DATENSCHUTZ.to_string(),
                (None, false) => FARBE_KEINE_ANGABE.to_string(),
            };
            Kartenwert { einheit: e, wert: w, klasse, farbe }
        })
        .collect();
    let klassen = match &klassierung {
        Some(k) => k
            .obergrenzen
            .iter()
            .enumerate()
            .map(|(i, &bis)| {
                let von = if i == 0 { k.minimum } else { k.obergrenzen[i - 1] };
                let letzte = i + 1 == k.obergrenzen.len();
                // Manual breaks keep maps comparable across years: their labels do not depend
                // on this year's smallest and largest value.
                let bezeichnung = match (k.methode, i, letzte) {
                    (Methode::Manuell, 0, _) => format!("bis {} {einheit_text}", zahl(bis, stellen)),
                    (Methode::Manuell, _, true) => format!("über {} {einheit_text}", zahl(von, stellen)),
                    (_, 0, _) => format!("{} bis {} {einheit_text}", zahl(von, stellen), zahl(bis, stellen)),
                    _ => format!("über {} bis {} {einheit_text}", zahl(von, stellen), zahl(bis, stellen)),
                };
                Legendenklasse {
                    von,
                    bis,
                    anzahl: werte.iter().filter(|w| w.klasse == Some(i)).count(),
                    farbe: farben[i].clone(),
                    bezeichnung: bezeichnung.trim_end().to_string(),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let anzahl_datenschutz = werte.iter().filter(|w| w.klasse.is_none() && w.wert.status.gesperrt()).count();
    let anzahl_keine_angabe = werte.iter().filter(|w| w.klasse.is_none() && !w.wert.status.gesperrt()).count();
    Ok(Karte { werte, klassierung, klassen, anzahl_datenschutz, anzahl_keine_angabe, stellen })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_get_as_many_decimals_as_separate_them_from_the_values() {
        // 6.71 reads "6,7" with one decimal, like the limit 6.7 it lies above: two are needed.
        assert_eq!(trennende_stellen(&[6.71, 11.0, 3.2], &[6.7, 11.0], 1), 2);
        assert_eq!(trennende_stellen(&[6.8, 11.0], &[6.7, 11.0], 1), 1);
        // A value equal to a limit is no conflict.
        assert_eq!(trennende_stellen(&[6.7], &[6.7], 1), 1);
    }
}

//! Needs reported from case planning (Sozialraumfragen) as an indicator: reports per 1,000
//! persons under 18, per Kommune and year, with the quarters behind each year. Reports are
//! counts (Kommune × category × quarter) and nothing else; a year in which any report was
//! made has a value for every Kommune (0 where none was reported).

use crate::Atlas;
use crate::model::kalender::Quartal;
use crate::model::{
    Aggregation, BEDARFSMELDUNGEN, Gewicht, Indikator, Indikatorwert, Meldung, Polaritaet, Quartalswert, SONSTIGES,
    Thema, Zielgruppe,
};

/// The German name of the indicator of all reports.
pub const NAME: &str = "Gemeldete Bedarfe je 1.000 unter 18";

/// The German name of a category of a report (`sonstiges` included).
pub fn kategoriename(a: &Atlas, id: &str) -> String {
    match a.kategorie(id) {
        Some(k) => k.bezeichnung.clone(),
        None if id == SONSTIGES => "Sonstiges".into(),
        None => id.to_string(),
    }
}

/// The indicator of the reports (of one category, or of all): `None` without any report.
pub fn indikator(a: &Atlas, meldungen: &[Meldung], kategorie: Option<&str>) -> Option<Indikator> {
    let erstes = meldungen.iter().map(|m| m.quartal.jahr).min()?;
    let letztes = meldungen.iter().map(|m| m.quartal.jahr).max()?;
    let gewaehlt: Vec<&Meldung> = meldungen.iter().filter(|m| kategorie.is_none_or(|k| m.kategorie == k)).collect();
    let (id, name, zaehler) = match kategorie {
        None => (
            BEDARFSMELDUNGEN.to_string(),
            NAME.to_string(),
            "Bedarfsmeldungen aus der Hilfeplanung (alle Kategorien)".to_string(),
        ),
        Some(k) => {
            let n = kategoriename(a, k);
            (
                format!("{BEDARFSMELDUNGEN}-{k}"),
                format!("Gemeldete Bedarfe „{n}“ je 1.000 unter 18"),
                format!("Bedarfsmeldungen aus der Hilfeplanung, Kategorie „{n}“"),
            )
        }
    };
    let nenner: Vec<f64> =
        (0..a.kommunen.len()).map(|i| a.bevoelkerung.summe(Zielgruppe::Unter18, i).round()).collect();
    let mut quartale: Vec<Quartalswert> = Vec::new();
    for m in &gewaehlt {
        let ags = a.kommunen[m.kommune].ags;
        match quartale.iter_mut().find(|q| q.ags == ags && q.quartal == m.quartal) {
            Some(q) => q.zaehler += m.anzahl,
            None => quartale.push(Quartalswert { ags, quartal: m.quartal, zaehler: m.anzahl }),
        }
    }
    quartale.sort_by_key(|q| (q.ags, q.quartal));
    let mut werte = Vec::new();
    for (i, k) in a.kommunen.iter().enumerate() {
        for jahr in erstes..=letztes {
            let z =
                quartale.iter().filter(|q| q.ags == k.ags && q.quartal.jahr == jahr).fold(0.0, |s, q| s + q.zaehler);
            if nenner[i] > 0.0 {
                werte.push(Indikatorwert {
                    ags: k.ags,
                    jahr,
                    wert: z / nenner[i] * 1000.0,
                    zaehler: Some(z),
                    nenner: Some(nenner[i]),
                });
            }
        }
    }
    let letztes_quartal = meldungen.iter().map(|m| m.quartal).max().unwrap_or(Quartal { jahr: letztes, nummer: 4 });
    Some(Indikator {
        id,
        name,
        definition: format!(
            "In der Hilfeplanung gemeldete fehlende Angebote (Sozialraumfragen) je 1.000 Einwohner unter 18 Jahren, \
             nach Kommune des Wohnorts der Familie; gezählt je Quartal, das Jahr ist die Summe seiner Quartale \
             (letztes gemeldetes Quartal: {letztes_quartal}). Es werden nur Anzahlen gespeichert, keine Falldaten."
        ),
        masseinheit: "je 1.000 unter 18".into(),
        polaritaet: Polaritaet::Bedarf,
        thema: Thema::Bedarfe,
        aggregation: Aggregation::QuoteDerSummen,
        gewicht: Gewicht::Einwohner,
        zaehler,
        nenner: format!("Einwohner unter 18 Jahren ({})", a.quellen.stand("bevoelkerung")),
        multiplikator: Some(1000.0),
        datenschutz: true,
        stand: format!("Meldungen bis {letztes_quartal}; Bevölkerung: {}", a.quellen.stand("bevoelkerung")),
        quelle: "Bedarfsmeldungen der Fachkräfte aus der Hilfeplanung (Sozialraumfragen), Jugendamt; berechnet von \
                 sozialraum"
            .into(),
        beispiel: false,
        werte,
        quartale,
        vollstaendig: true,
    })
}

//! The profile of one Kommune: population by target group, every indicator against the Kreis
//! with its time series, the offers in the Kommune, coverage per category.

use schemars::JsonSchema;
use serde::Serialize;

use super::angebote::{Angebotsangabe, angebotsangabe};
use super::indikatoren::index_kreis;
use super::parameter::{Param, Parameter, SCHEMA, STAND, kuerzen};
use super::teile::{Datenschutzangabe, Gebiet, Kategorieangabe, Kennzahlen, gerundet, zeigen};
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::analysis::abdeckung::{Abdeckungsfrage, Messung, abdeckung};
use crate::analysis::datenschutz::Status;
use crate::analysis::indikatoren::einheitswerte;
use crate::model::{Einheitsart, Polaritaet, Zielgruppe};

/// The parameters of `/api/profil/{ags}`.
pub const PARAMETER: &[Param] = &[Param::Wahl(&SCHEMA), Param::Text(&STAND)];

/// The Kommune with area and density.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Profilkommune {
    /// The unit.
    #[serde(flatten)]
    pub gebiet: Gebiet,
    /// Kind (Stadt, Gemeinde).
    pub bez: String,
    /// Area, km².
    pub flaeche_km2: Option<f64>,
    /// Inhabitants per km².
    pub dichte: Option<f64>,
}

/// Persons of a target group.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Zielgruppenbestand {
    /// Id.
    pub id: &'static str,
    /// German name.
    pub bezeichnung: &'static str,
    /// Persons (population surface).
    pub personen: Option<f64>,
}

/// A year of an indicator's time series.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Reihenwert {
    /// Year.
    pub jahr: i32,
    /// The Kommune's value.
    pub wert: Option<f64>,
    /// Its status.
    pub status: Status,
    /// The Kreis reference.
    pub kreiswert: Option<f64>,
    /// Which unit the reference is (Kreis or youth-office area).
    pub kreis_id: Option<String>,
}

/// An indicator of the Kommune.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Profilindikator {
    /// Id.
    pub id: String,
    /// German name.
    pub name: String,
    /// Unit of measure.
    pub einheit: String,
    /// Need or resource.
    pub polaritaet: Polaritaet,
    /// Example data.
    pub beispiel: bool,
    /// Source.
    pub quelle: String,
    /// Date of the data.
    pub stand: String,
    /// The latest year with a value or a status.
    pub aktuell: Option<Reihenwert>,
    /// The latest value against the Kreis (Kreis = 100).
    pub index_kreis: Option<f64>,
    /// Every year.
    pub zeitreihe: Vec<Reihenwert>,
}

/// Coverage of a category in the Kommune and the Kreis.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Profilversorgung {
    /// The category.
    pub kategorie: Kategorieangabe,
    /// Target group id.
    pub zielgruppe: &'static str,
    /// Shares of the Kommune per threshold.
    pub kommune: Kennzahlen,
    /// Shares of the Kreis per threshold.
    pub kreis: Kennzahlen,
    /// Status of the Kommune's figures.
    pub status: Status,
}

/// The profile of a Kommune.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Profil {
    /// The Kommune.
    pub kommune: Profilkommune,
    /// Population by target group.
    pub zielgruppen: Vec<Zielgruppenbestand>,
    /// Every indicator.
    pub indikatoren: Vec<Profilindikator>,
    /// The offers in the Kommune.
    pub angebote: Vec<Angebotsangabe>,
    /// Coverage per category (under 18).
    pub versorgung: Vec<Profilversorgung>,
    /// How distance is measured.
    pub entfernungsmass: String,
    /// How the population surface was made (from the data set's sources).
    pub bevoelkerungsbasis: String,
    /// The data-protection rule.
    pub datenschutz: Datenschutzangabe,
}

impl Dienst {
    /// The profile of the Kommune with this AGS.
    pub fn profil(&self, ags: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Profil> {
        p.nur(PARAMETER)?;
        let a = &self.atlas;
        let schema = p.schema(a)?;
        let Some(k) = a.kommunen.iter().position(|k| k.ags.as_str() == ags) else {
            return Err(Anfragefehler::nicht_gefunden(format!(
                "Eine Kommune mit AGS „{}“ gibt es nicht; gültig sind {} … {}",
                kuerzen(ags),
                a.kommunen.first().map(|k| k.ags.to_string()).unwrap_or_default(),
                a.kommunen.last().map(|k| k.ags.to_string()).unwrap_or_default()
            )));
        };
        let kommune = &a.kommunen[k];
        let kreis = a.kreis_einheit();
        let amt = a.einheiten.iter().position(|e| e.art == Einheitsart::Jugendamt);
        let zielgruppen = Zielgruppe::ALLE
            .iter()
            .map(|g| Zielgruppenbestand {
                id: g.id(),
                bezeichnung: g.bezeichnung(),
                personen: gerundet(Some(a.bevoelkerung.summe(*g, k)), 0),
            })
            .collect();
        let indikatoren = a
            .indikatoren
            .iter()
            .map(|i| {
                let zeitreihe: Vec<Reihenwert> = i
                    .jahre()
                    .into_iter()
                    .map(|jahr| {
                        let w = einheitswerte(a, i, jahr, &self.datenschutz);
                        let eigen = w[k].sichtbar(zugang.intern());
                        let referenz = [Some(kreis), amt]
                            .into_iter()
                            .flatten()
                            .map(|e| (e, w[e].sichtbar(zugang.intern())))
                            .find(|(_, x)| x.wert.is_some());
                        Reihenwert {
                            jahr,
                            wert: gerundet(eigen.wert, 4),
                            status: eigen.status,
                            kreiswert: gerundet(referenz.and_then(|r| r.1.wert), 4),
                            kreis_id: referenz.map(|r| a.einheiten[r.0].id.clone()),
                        }
                    })
                    .collect();
                let aktuell =
                    zeitreihe.iter().rev().find(|r| r.wert.is_some() || r.status != Status::KeineAngabe).cloned();
                let index = aktuell.as_ref().and_then(|r| index_kreis(r.wert, r.kreiswert));
                Profilindikator {
                    id: i.id.clone(),
                    name: i.name.clone(),
                    einheit: i.masseinheit.clone(),
                    polaritaet: i.polaritaet,
                    beispiel: i.beispiel,
                    quelle: i.quelle.clone(),
                    stand: i.stand.clone(),
                    aktuell,
                    index_kreis: gerundet(index, 1),
                    zeitreihe,
                }
            })
            .collect();
        let angebote = (0..a.angebote.len())
            .filter(|&i| a.angebote[i].ags == kommune.ags)
            .map(|i| angebotsangabe(a, i, None))
            .collect();
        let frage = Abdeckungsfrage::neu(Zielgruppe::Unter18, a.vorgaben.schwellen_m.clone(), Messung::LUFTLINIE)
            .map_err(Anfragefehler::intern)?;
        let versorgung = a
            .kategorien
            .iter()
            .filter(|c| a.angebote.iter().any(|o| o.kategorie == c.id))
            .filter_map(|c| {
                let n = a.naechste_angebote(&c.id, frage.zielgruppe)?;
                let x = abdeckung(a, n, &frage, &self.datenschutz);
                let anteile = |e: usize| {
                    let z = zeigen(x[e].status, zugang);
                    Kennzahlen(
                        frage
                            .schwellen
                            .iter()
                            .enumerate()
                            .map(|(i, s)| (format!("anteil_{s}"), if z { gerundet(x[e].anteil(i), 6) } else { None }))
                            .collect(),
                    )
                };
                Some(Profilversorgung {
                    kategorie: Kategorieangabe::aus(a, c),
                    zielgruppe: frage.zielgruppe.id(),
                    kommune: anteile(k),
                    kreis: anteile(kreis),
                    status: x[k].status,
                })
            })
            .collect();
        Ok(Profil {
            kommune: Profilkommune {
                gebiet: self.gebiet(k, schema),
                bez: kommune.bez.clone(),
                flaeche_km2: gerundet(Some(kommune.flaeche_km2), 2),
                dichte: gerundet(Some(kommune.einwohner as f64 / kommune.flaeche_km2), 0),
            },
            zielgruppen,
            indikatoren,
            angebote,
            versorgung,
            entfernungsmass: frage.mass(),
            bevoelkerungsbasis: a.quellen.text("bevoelkerungsbasis").to_string(),
            datenschutz: Datenschutzangabe::von(&self.datenschutz, zugang),
        })
    }
}

//! The areas: the service's health, Kommunen, dissolved regions, the units of a level, and
//! what the web page needs to start (title, sources, defaults).

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::Serialize;

use super::parameter::{EBENE, Param, Parameter, SCHEMA};
use super::teile::{Datenschutzangabe, Feature, Gebiet, GeojsonTyp, Geometrie, Schemaangabe, Zielgruppenangabe};
use super::{Dienst, Ergebnis, Zugang};
use crate::Atlas;
use crate::analysis::ebenen::{Ebene, einheiten_der_ebene};
use crate::io::geojson_aus::geometrie_wert;
use crate::model::{Kacheln, Zielgruppe};

/// What the service has loaded.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Gesundheit {
    /// Always `ok` when the service answers.
    pub status: &'static str,
    /// The data directory.
    pub daten: String,
    /// Number of Kommunen.
    pub kommunen: usize,
    /// Inhabitants of the Kreis.
    pub einwohner: u64,
    /// Number of offers.
    pub angebote: usize,
    /// Number of categories.
    pub kategorien: usize,
    /// Number of region schemes.
    pub regionsschemata: usize,
    /// Number of indicators.
    pub indikatoren: usize,
    /// The path and road network, when one is loaded (else distances are Luftlinie only).
    pub netz: Option<super::messung::Netzangabe>,
}

/// The properties of a Kommune in `/api/kommunen`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Kommunenangabe {
    /// AGS.
    pub ags: String,
    /// Name.
    pub name: String,
    /// Kind (Stadt, Gemeinde).
    pub bez: String,
    /// Inhabitants (Zensus 2022).
    pub einwohner: u64,
    /// Area, km².
    pub flaeche_km2: f64,
    /// The region in the default scheme.
    pub region: Option<String>,
    /// The responsible youth office.
    pub jugendamt: String,
}

/// A feature with an own id (not one of the units).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Eigenfeature<'a, P> {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// Id.
    pub id: String,
    /// Properties.
    pub properties: P,
    /// Geometry (WGS84).
    pub geometry: Geometrie<'a>,
}

/// The Kommunen as GeoJSON, region after the default scheme.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Kommunen<'a> {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// The scheme of `region` (an object, as in every answer that names a scheme).
    pub regionsschema: Option<Schemaangabe>,
    /// One feature per Kommune.
    pub features: Vec<Eigenfeature<'a, Kommunenangabe>>,
}

/// The Kommunen as GeoJSON (prepared once; see [`Dienst::kommunen_json`]).
pub fn kommunen(a: &Atlas) -> Kommunen<'_> {
    let schema = a.regionsschema(None);
    let features = a
        .kommunen
        .iter()
        .enumerate()
        .map(|(i, k)| Eigenfeature {
            typ: GeojsonTyp::Feature,
            id: k.ags.to_string(),
            properties: Kommunenangabe {
                ags: k.ags.to_string(),
                name: k.name.clone(),
                bez: k.bez.clone(),
                einwohner: k.einwohner,
                flaeche_km2: (k.flaeche_km2 * 100.0).round() / 100.0,
                region: schema.and_then(|s| s.zuordnung[i].map(|r| s.regionen[r].clone())),
                jugendamt: k.jugendamt.clone(),
            },
            geometry: Geometrie(Cow::Owned(geometrie_wert(&k.grenze_wgs84))),
        })
        .collect();
    Kommunen { typ: GeojsonTyp::FeatureCollection, regionsschema: schema.map(Schemaangabe::aus), features }
}

/// The properties of a dissolved region.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Regionsangabe {
    /// Name.
    pub region: String,
    /// Scheme id.
    pub schema: String,
    /// AGS of the members.
    pub mitglieder: Vec<String>,
    /// Names of the members.
    pub mitglieder_namen: Vec<String>,
    /// Inhabitants.
    pub einwohner: u64,
    /// Area, km².
    pub flaeche_km2: f64,
}

/// A Kommune in no region of the scheme.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OhneRegion {
    /// AGS.
    pub ags: String,
    /// Name.
    pub name: String,
    /// Its youth office.
    pub jugendamt: String,
}

/// The regions of a scheme as GeoJSON.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Regionen<'a> {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// The scheme.
    pub schema: Schemaangabe,
    /// Kommunen in no region.
    pub ohne_region: Vec<OhneRegion>,
    /// One feature per region.
    pub features: Vec<Eigenfeature<'a, Regionsangabe>>,
}

/// The units of a level as GeoJSON.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Einheiten<'a> {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// The level.
    pub ebene: Ebene,
    /// One feature per unit.
    pub features: Vec<Feature<'a, Gebiet>>,
}

/// What the web page needs to start.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Seitenkonfiguration {
    /// Title of the page.
    pub titel: String,
    /// The Kreis.
    pub kreis: Kreisangabe,
    /// Name of the Kreis's youth office.
    pub kreisjugendamt: String,
    /// The base map, if configured.
    pub kacheln: Option<Kacheln>,
    /// Source lines of the data set (`quellen.csv`, marked for the list).
    pub quellen: Vec<String>,
    /// Short attribution of the boundaries, for the map.
    pub quelle_grenzen: String,
    /// Source line of the population.
    pub quelle_bevoelkerung: String,
    /// Date of the population (e.g. "Zensus 2022").
    pub stand_bevoelkerung: String,
    /// What in the data set is example data ("" when nothing).
    pub beispieldaten: String,
    /// The region schemes.
    pub regionsschemata: Vec<Schemaangabe>,
    /// The target groups.
    pub zielgruppen: Vec<Zielgruppenangabe>,
    /// Default distance thresholds of coverage, metres.
    pub schwellen_m: Vec<f64>,
    /// Default single threshold (need × supply, scenario), metres.
    pub schwelle_m: f64,
    /// Default radius of "near a place", metres.
    pub radius_m: f64,
    /// The distance measures offered: Luftlinie, and with a network the profiles.
    pub masse: Vec<Massauswahl>,
    /// Default minutes of catchment areas and of coverage on the network.
    pub minuten: Vec<f64>,
    /// The network, when one is loaded.
    pub netz: Option<super::messung::Netzangabe>,
    /// The data-protection rule.
    pub datenschutz: Datenschutzangabe,
}

/// A distance measure as the page offers it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Massauswahl {
    /// `luftlinie`, `fuss`, `rad`, `auto`.
    pub id: &'static str,
    /// German label.
    pub bezeichnung: String,
    /// Speed in km/h (walking, cycling).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kmh: Option<f64>,
}

/// The Kreis's id and name.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Kreisangabe {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// The parameters of `/api/regionen`.
pub const REGIONEN_PARAMETER: &[Param] = &[Param::Wahl(&SCHEMA)];
/// The parameters of `/api/einheiten`.
pub const EINHEITEN_PARAMETER: &[Param] = &[Param::Wahl(&EBENE), Param::Wahl(&SCHEMA)];

impl Dienst {
    /// The service's health and what it has loaded.
    pub fn gesundheit(&self) -> Gesundheit {
        let a = &self.atlas;
        Gesundheit {
            status: "ok",
            daten: a.quelle.beschreibung(),
            kommunen: a.kommunen.len(),
            einwohner: a.einwohner_gesamt(),
            angebote: a.angebote.len(),
            kategorien: a.kategorien.len(),
            regionsschemata: a.regionsschemata.len(),
            indikatoren: a.indikatoren.len(),
            netz: super::messung::Netzangabe::von(a),
        }
    }

    /// `/api/kommunen` as prepared JSON text.
    pub fn kommunen_json(&self) -> &str {
        &self.kommunen_json
    }

    /// The regions of the scheme `schema` asks for.
    pub fn regionen(&self, p: &Parameter) -> Ergebnis<Regionen<'_>> {
        p.nur(REGIONEN_PARAMETER)?;
        let a = &self.atlas;
        let s = &a.regionsschemata[p.schema(a)?];
        let features = s
            .regionen
            .iter()
            .enumerate()
            .map(|(ri, name)| {
                let mitglieder: Vec<usize> = (0..a.kommunen.len()).filter(|&i| s.zuordnung[i] == Some(ri)).collect();
                Eigenfeature {
                    typ: GeojsonTyp::Feature,
                    id: name.clone(),
                    properties: Regionsangabe {
                        region: name.clone(),
                        schema: s.id.clone(),
                        mitglieder: mitglieder.iter().map(|&i| a.kommunen[i].ags.to_string()).collect(),
                        mitglieder_namen: mitglieder.iter().map(|&i| a.kommunen[i].name.clone()).collect(),
                        einwohner: mitglieder.iter().map(|&i| a.kommunen[i].einwohner).sum(),
                        flaeche_km2: (mitglieder.iter().map(|&i| a.kommunen[i].flaeche_km2).sum::<f64>() * 100.0)
                            .round()
                            / 100.0,
                    },
                    geometry: Geometrie(Cow::Owned(geometrie_wert(&s.grenzen_wgs84[ri]))),
                }
            })
            .collect();
        let ohne_region = (0..a.kommunen.len())
            .filter(|&i| s.zuordnung[i].is_none())
            .map(|i| OhneRegion {
                ags: a.kommunen[i].ags.to_string(),
                name: a.kommunen[i].name.clone(),
                jugendamt: a.kommunen[i].jugendamt.clone(),
            })
            .collect();
        Ok(Regionen { typ: GeojsonTyp::FeatureCollection, schema: Schemaangabe::mit_hinweis(s), ohne_region, features })
    }

    /// The units of a level.
    pub fn einheiten(&self, p: &Parameter) -> Ergebnis<Einheiten<'_>> {
        p.nur(EINHEITEN_PARAMETER)?;
        let a = &self.atlas;
        let ebene = p.wahl_mit_standard(&EBENE)?;
        let schema = p.schema(a)?;
        let features = einheiten_der_ebene(a, ebene, schema)
            .into_iter()
            .map(|e| self.feature(e, self.gebiet(e, schema)))
            .collect();
        Ok(Einheiten { typ: GeojsonTyp::FeatureCollection, ebene, features })
    }

    /// What the web page needs to start; `kacheln` is the configured base map.
    pub fn seitenkonfiguration(&self, kacheln: Option<&Kacheln>) -> Seitenkonfiguration {
        let a = &self.atlas;
        let kreis = &a.einheiten[a.kreis_einheit()];
        Seitenkonfiguration {
            titel: format!("Sozialraumkarte {}", kreis.name),
            kreis: Kreisangabe { id: kreis.id.clone(), name: kreis.name.clone() },
            kreisjugendamt: a.kreisjugendamt().to_string(),
            kacheln: kacheln.cloned(),
            quellen: a.quellen.liste(),
            quelle_grenzen: a.quellen.text("grenzen_kurz").to_string(),
            quelle_bevoelkerung: a.quellen.text("bevoelkerung").to_string(),
            stand_bevoelkerung: a.quellen.stand("bevoelkerung").to_string(),
            beispieldaten: a.quellen.text("beispieldaten").to_string(),
            regionsschemata: a.regionsschemata.iter().map(Schemaangabe::mit_hinweis).collect(),
            zielgruppen: Zielgruppe::ALLE.map(Zielgruppenangabe::from).to_vec(),
            schwellen_m: a.vorgaben.schwellen_m.clone(),
            schwelle_m: a.vorgaben.schwelle_m,
            radius_m: a.vorgaben.radius_m,
            masse: crate::analysis::mass::Mass::ALLE
                .iter()
                .filter(|m| **m == crate::analysis::mass::Mass::Luftlinie || a.netz().is_some())
                .map(|m| Massauswahl {
                    id: m.id(),
                    bezeichnung: match m {
                        crate::analysis::mass::Mass::Luftlinie => "Luftlinie".into(),
                        crate::analysis::mass::Mass::Netz(p) => {
                            let mut b = p.bezeichnung().to_string();
                            if let Some(first) = b.get(..1) {
                                b = first.to_uppercase() + &b[1..];
                            }
                            b
                        }
                    },
                    kmh: match m {
                        crate::analysis::mass::Mass::Netz(p) => p.kmh(),
                        crate::analysis::mass::Mass::Luftlinie => None,
                    },
                })
                .collect(),
            minuten: super::isochronen::STANDARD_MINUTEN.to_vec(),
            netz: super::messung::Netzangabe::von(a),
            datenschutz: Datenschutzangabe::von(&self.datenschutz, Zugang::Oeffentlich),
        }
    }
}

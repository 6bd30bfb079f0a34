//! Offers: the categories, the offers as points, the nearest offers of a place and the offers
//! within a radius (the Ressourcenkarte of Hilfeplanung).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::parameter::{Bbox, Ganz, KATEGORIE, LAT, LON, Param, Parameter, STAND, Standard, Zahl};
use super::teile::GeojsonTyp;
use super::{Anfragefehler, Dienst, Ergebnis};
use crate::Atlas;
use crate::analysis::{self, ENTFERNUNGSMASS, Treffer};
use crate::spatial::{Crs, LonLat, Utm32, utm32_von_lonlat};

/// A category with the number of its offers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Kategorieeintrag {
    /// Id.
    pub id: String,
    /// German name.
    pub bezeichnung: String,
    /// Legal basis (SGB VIII).
    pub paragraph: String,
    /// Map symbol.
    pub symbol: String,
    /// Map colour.
    pub farbe: String,
    /// Number of offers.
    pub anzahl: usize,
    /// Some of its offers are example data.
    pub beispiel: bool,
}

/// The properties of an offer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Angebotsangabe {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Category id.
    pub kategorie: String,
    /// Category name.
    pub kategorie_bezeichnung: Option<String>,
    /// Provider.
    pub traeger: String,
    /// Street and number.
    pub strasse: String,
    /// Postcode.
    pub plz: String,
    /// Town.
    pub ort: String,
    /// AGS of its Kommune.
    pub ags: String,
    /// Name of its Kommune.
    pub kommune: String,
    /// Example data.
    pub beispiel: bool,
    /// Source.
    pub quelle: String,
    /// Further attributes of the data set (e.g. school type, pupils).
    #[serde(flatten)]
    pub merkmale: BTreeMap<String, String>,
    /// Distance from the place asked about, metres (Luftlinie).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entfernung_m: Option<f64>,
}

/// A GeoJSON point (WGS84).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Punkt {
    /// Always `Point`.
    #[serde(rename = "type")]
    pub typ: &'static str,
    /// Longitude, latitude.
    pub coordinates: [f64; 2],
}

/// An offer as GeoJSON feature.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Angebotsfeature {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// Offer id.
    pub id: String,
    /// Properties.
    pub properties: Angebotsangabe,
    /// Location.
    pub geometry: Punkt,
}

/// The properties of offer `i`, with its distance when asked from a place.
pub fn angebotsangabe(a: &Atlas, i: usize, entfernung_m: Option<f64>) -> Angebotsangabe {
    let x = &a.angebote[i];
    let kommune = a.kommune_index(&x.ags).map(|k| a.kommunen[k].name.clone()).unwrap_or_default();
    const FEST: [&str; 13] = [
        "id",
        "name",
        "kategorie",
        "kategorie_bezeichnung",
        "traeger",
        "strasse",
        "plz",
        "ort",
        "ags",
        "kommune",
        "beispiel",
        "quelle",
        "entfernung_m",
    ];
    Angebotsangabe {
        id: x.id.clone(),
        name: x.name.clone(),
        kategorie: x.kategorie.clone(),
        kategorie_bezeichnung: a.kategorie(&x.kategorie).map(|k| k.bezeichnung.clone()),
        traeger: x.traeger.clone(),
        strasse: x.strasse.clone(),
        plz: x.plz.clone(),
        ort: x.ort.clone(),
        ags: x.ags.to_string(),
        kommune,
        beispiel: x.beispiel,
        quelle: x.quelle.clone(),
        merkmale: x
            .merkmale
            .iter()
            .filter(|(k, _)| !FEST.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        entfernung_m: entfernung_m.map(|d| (d * 10.0).round() / 10.0),
    }
}

/// Offer `i` as a feature.
pub fn angebotsfeature(a: &Atlas, i: usize, entfernung_m: Option<f64>) -> Angebotsfeature {
    let x = &a.angebote[i];
    Angebotsfeature {
        typ: GeojsonTyp::Feature,
        id: x.id.clone(),
        properties: angebotsangabe(a, i, entfernung_m),
        geometry: Punkt { typ: "Point", coordinates: [x.lage.lon, x.lage.lat] },
    }
}

/// Offers as GeoJSON.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Angebote {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// Number of offers.
    pub anzahl: usize,
    /// One feature per offer.
    pub features: Vec<Angebotsfeature>,
}

/// The place a question is asked from.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Abfrageort {
    /// Longitude (WGS84).
    pub lon: f64,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Easting (EPSG:25832), metres.
    pub x_25832: f64,
    /// Northing (EPSG:25832), metres.
    pub y_25832: f64,
    /// The category asked for.
    pub kategorie: Option<String>,
    /// Number of nearest offers asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k: Option<usize>,
    /// Radius, metres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius_m: Option<f64>,
}

impl Abfrageort {
    /// The place (in both CRS) and category of a question.
    fn neu(ll: LonLat, u: Utm32, kategorie: Option<&str>) -> Self {
        Abfrageort {
            lon: ll.lon,
            lat: ll.lat,
            x_25832: u.x,
            y_25832: u.y,
            kategorie: kategorie.map(String::from),
            k: None,
            radius_m: None,
        }
    }
}

/// The nearest offers of a place.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Naechste {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// The question.
    pub abfrage: Abfrageort,
    /// How distance is measured.
    pub entfernungsmass: &'static str,
    /// Unit of distances.
    pub einheit: &'static str,
    /// The offers, nearest first.
    pub features: Vec<Angebotsfeature>,
}

/// The offers of one category within the radius.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Umkreisgruppe {
    /// Category id.
    pub kategorie: String,
    /// Category name.
    pub bezeichnung: String,
    /// Number of offers.
    pub anzahl: usize,
    /// The offers, nearest first.
    pub angebote: Vec<Angebotsfeature>,
}

/// The offers within a radius, by category.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Umkreis {
    /// The question.
    pub abfrage: Abfrageort,
    /// How distance is measured.
    pub entfernungsmass: &'static str,
    /// Unit of distances.
    pub einheit: &'static str,
    /// Number of offers.
    pub anzahl: usize,
    /// By category.
    pub gruppen: Vec<Umkreisgruppe>,
}

/// `bbox` of the offer list (WGS84).
pub const BBOX: Bbox = Bbox {
    mit_hoehe: false,
    text: "Ausschnitt: vier Zahlen West, Süd, Ost, Nord (WGS84); Angebote darin. West > Ost: über den 180. Längengrad; \
           Süd > Nord: leer",
};
/// `k`: how many nearest offers.
pub const K: Ganz = Ganz { name: "k", min: 1, max: 100, standard: 5, text: "Anzahl der nächsten Angebote" };
/// `radius`, metres.
pub const RADIUS: Zahl = Zahl {
    name: "radius",
    min: 1.0,
    max: 50_000.0,
    standard: Standard::Vorgabe(radius_m),
    einheit: " m",
    text: "Umkreis in Metern (Standard: Vorgabe des Datensatzes)",
};
fn radius_m(v: &crate::model::Vorgaben) -> f64 {
    v.radius_m
}

/// The parameters of `/api/angebote`.
pub const ANGEBOTE_PARAMETER: &[Param] = &[Param::Wahl(&KATEGORIE), Param::Bbox(&BBOX), Param::Text(&STAND)];
/// The parameters of `/api/naechste`.
pub const NAECHSTE_PARAMETER: &[Param] =
    &[Param::Zahl(&LON), Param::Zahl(&LAT), Param::Wahl(&KATEGORIE), Param::Ganz(&K), Param::Text(&STAND)];
/// The parameters of `/api/umkreis`.
pub const UMKREIS_PARAMETER: &[Param] =
    &[Param::Zahl(&LON), Param::Zahl(&LAT), Param::Zahl(&RADIUS), Param::Wahl(&KATEGORIE), Param::Text(&STAND)];

fn abfragepunkt(p: &Parameter) -> Ergebnis<(LonLat, Utm32)> {
    let ll = p.lonlat()?;
    let u = utm32_von_lonlat(ll).map_err(Anfragefehler::intern)?;
    Ok((ll, u))
}

impl Dienst {
    /// The categories with the number of offers in each.
    pub fn kategorien(&self) -> Vec<Kategorieeintrag> {
        let a = &self.atlas;
        a.kategorien
            .iter()
            .map(|k| Kategorieeintrag {
                id: k.id.clone(),
                bezeichnung: k.bezeichnung.clone(),
                paragraph: k.paragraph.clone(),
                symbol: k.symbol.clone(),
                farbe: k.farbe.clone(),
                anzahl: a.angebote.iter().filter(|x| x.kategorie == k.id).count(),
                beispiel: a.angebote.iter().any(|x| x.kategorie == k.id && x.beispiel),
            })
            .collect()
    }

    /// The offers of a category (or all) within a window (or everywhere).
    pub fn angebote(&self, p: &Parameter) -> Ergebnis<Angebote> {
        p.nur(ANGEBOTE_PARAMETER)?;
        let a = &self.atlas;
        let kat = p.kategorie(a)?;
        let bb = p.bbox(&BBOX, Crs::Crs84)?;
        let features: Vec<Angebotsfeature> = a
            .angebote
            .iter()
            .enumerate()
            .filter(|(_, x)| kat.is_none_or(|k| x.kategorie == k))
            .filter(|(_, x)| bb.as_ref().is_none_or(|b| b.enthaelt(x.lage)))
            .map(|(i, _)| angebotsfeature(a, i, None))
            .collect();
        Ok(Angebote { typ: GeojsonTyp::FeatureCollection, anzahl: features.len(), features })
    }

    /// The `k` nearest offers of a place.
    pub fn naechste(&self, p: &Parameter) -> Ergebnis<Naechste> {
        p.nur(NAECHSTE_PARAMETER)?;
        let a = &self.atlas;
        let (ll, u) = abfragepunkt(p)?;
        let kat = p.kategorie(a)?;
        let k = p.ganz(&K)?;
        let treffer = analysis::naechste(a, u, kat, k).ok_or_else(|| Anfragefehler::intern("Kategorie ohne Index"))?;
        Ok(Naechste {
            typ: GeojsonTyp::FeatureCollection,
            abfrage: Abfrageort { k: Some(k), ..Abfrageort::neu(ll, u, kat) },
            entfernungsmass: ENTFERNUNGSMASS,
            einheit: "m",
            features: treffer.iter().map(|t| angebotsfeature(a, t.angebot, Some(t.entfernung_m))).collect(),
        })
    }

    /// The offers within a radius of a place, by category.
    pub fn umkreis(&self, p: &Parameter) -> Ergebnis<Umkreis> {
        p.nur(UMKREIS_PARAMETER)?;
        let a = &self.atlas;
        let (ll, u) = abfragepunkt(p)?;
        let kat = p.kategorie(a)?;
        let radius = p.zahl(&RADIUS, &a.vorgaben)?;
        let treffer =
            analysis::umkreis(a, u, radius, kat).ok_or_else(|| Anfragefehler::intern("Kategorie ohne Index"))?;
        let gruppen = a
            .kategorien
            .iter()
            .filter_map(|k| {
                let hier: Vec<&Treffer> = treffer.iter().filter(|t| a.angebote[t.angebot].kategorie == k.id).collect();
                (!hier.is_empty()).then(|| Umkreisgruppe {
                    kategorie: k.id.clone(),
                    bezeichnung: k.bezeichnung.clone(),
                    anzahl: hier.len(),
                    angebote: hier.iter().map(|t| angebotsfeature(a, t.angebot, Some(t.entfernung_m))).collect(),
                })
            })
            .collect();
        Ok(Umkreis {
            abfrage: Abfrageort { radius_m: Some(radius), ..Abfrageort::neu(ll, u, kat) },
            entfernungsmass: ENTFERNUNGSMASS,
            einheit: "m",
            anzahl: treffer.len(),
            gruppen,
        })
    }
}

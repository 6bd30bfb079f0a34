//! Catchment areas (isochrones) on the network: from where a place – an offer, or any point a
//! planner clicks – is reached in 5, 10, 15 minutes, as GeoJSON areas with the persons of a
//! target group living inside (method in [`crate::netz::isochrone`]).

use schemars::JsonSchema;
use serde::Serialize;

use super::fehler::{Anfragefehler, Ergebnis};
use super::messung::{MASS, MINUTEN, Massangabe};
use super::parameter::{LAT, LON, Param, Parameter, STAND, Standard, Verzeichnis, Wahl, Werte, ZIELGRUPPE, Zahl};
use super::teile::{Datenschutzangabe, GeojsonTyp, Zielgruppenangabe};
use super::{Dienst, Zugang};
use crate::analysis::mass::Mass;
use crate::netz::isochrone::{BAND_M, flaechen, stuecke};
use crate::netz::{Ziel, gewichtung};
use crate::spatial::{LonLat, utm32_von_lonlat};

/// `lon` of the place (instead of `angebot`).
pub const ORT_LON: Zahl =
    Zahl { standard: Standard::Frei, text: "Länge des Orts in Grad (WGS84); statt angebot", ..LON };
/// `lat` of the place (instead of `angebot`).
pub const ORT_LAT: Zahl =
    Zahl { standard: Standard::Frei, text: "Breite des Orts in Grad (WGS84); statt angebot", ..LAT };
fn angebote(v: &Verzeichnis) -> Vec<String> {
    v.angebote.clone()
}
/// `angebot`: the offer whose catchment is asked for.
pub const ANGEBOT: Wahl = Wahl {
    name: "angebot",
    werte: Werte::Daten(angebote),
    standard: None,
    pflicht: false,
    text: "ID eines Angebots (aus /api/angebote), dessen Einzugsbereich gefragt ist; statt lon und lat",
};
/// The minutes when none are given.
pub const STANDARD_MINUTEN: [f64; 3] = [5.0, 10.0, 15.0];

/// The parameters of `/api/isochronen`.
pub const PARAMETER: &[Param] = &[
    Param::Zahl(&ORT_LON),
    Param::Zahl(&ORT_LAT),
    Param::Wahl(&ANGEBOT),
    Param::Wahl(&MASS),
    Param::Zahlen(&MINUTEN),
    Param::Wahl(&ZIELGRUPPE),
    Param::Text(&STAND),
];

/// The place of a catchment answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Isochronenort {
    /// Longitude (WGS84).
    pub lon: f64,
    /// Latitude (WGS84).
    pub lat: f64,
    /// The offer's id, when asked for an offer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub angebot: Option<String>,
    /// The offer's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Straight leg from the place to the network, metres.
    pub anschluss_m: f64,
}

/// The figures of one catchment area.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Isochronenwerte {
    /// Minutes.
    pub minuten: f64,
    /// Area of the band, km².
    pub flaeche_km2: f64,
    /// Length of the reached ways, km.
    pub wege_km: f64,
    /// Persons of the target group who reach the place within the minutes (population
    /// surface); `null` when fewer than the smallest published denominator.
    pub personen: Option<f64>,
    /// `ausgewiesen` or `nicht_ausgewiesen`.
    pub status: &'static str,
}

/// One catchment area as a GeoJSON feature.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Isochronenfeature {
    /// `Feature`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// Its figures.
    pub properties: Isochronenwerte,
    /// MultiPolygon in WGS84.
    pub geometry: serde_json::Value,
}

/// The answer of `/api/isochronen`: the areas, largest first.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Isochronen {
    /// `FeatureCollection`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// The place.
    pub ort: Isochronenort,
    /// How distance is measured.
    #[serde(flatten)]
    pub mass: Massangabe,
    /// The target group counted.
    pub zielgruppe: Zielgruppenangabe,
    /// How the areas are made.
    pub methode: String,
    /// The data-protection rule.
    pub datenschutz: Datenschutzangabe,
    /// The areas, largest first (so that a map draws the smaller over them).
    pub features: Vec<Isochronenfeature>,
}

/// The place asked for: an offer's or the given one.
struct Ort {
    ll: LonLat,
    pos: crate::spatial::Utm32,
    angebot: Option<String>,
    name: Option<String>,
}

impl Dienst {
    /// The place of a catchment question: `angebot=ID`, or `lon` and `lat`.
    fn ort(&self, p: &Parameter) -> Ergebnis<Ort> {
        let a = &self.atlas;
        match (p.text(ANGEBOT.name), p.zahl_wenn(&ORT_LON, &a.vorgaben)?, p.zahl_wenn(&ORT_LAT, &a.vorgaben)?) {
            (Some(id), None, None) => {
                let o = a.angebote.iter().find(|o| o.id == id).ok_or_else(|| {
                    Anfragefehler::ungueltig(format!(
                        "Parameter „angebot“ = „{}“: kein Angebot mit dieser ID (Liste unter /api/angebote)",
                        super::parameter::kuerzen(id)
                    ))
                })?;
                Ok(Ort { ll: o.lage, pos: o.pos, angebot: Some(o.id.clone()), name: Some(o.name.clone()) })
            }
            (None, Some(lon), Some(lat)) => {
                let ll = LonLat { lon, lat };
                Ok(Ort { ll, pos: utm32_von_lonlat(ll).map_err(Anfragefehler::intern)?, angebot: None, name: None })
            }
            (None, Some(_), None) => Err(Anfragefehler::ungueltig("Parameter „lat“ fehlt (zu lon gehört lat, WGS84)")),
            (None, None, Some(_)) => Err(Anfragefehler::ungueltig("Parameter „lon“ fehlt (zu lat gehört lon, WGS84)")),
            (None, None, None) => {
                Err(Anfragefehler::ungueltig("Einzugsbereich wovon? angebot=ID oder lon und lat (WGS84) angeben"))
            }
            _ => Err(Anfragefehler::ungueltig("Entweder angebot=ID oder lon und lat angeben, nicht beides")),
        }
    }

    /// The catchment areas of an offer or a place.
    pub fn isochronen(&self, p: &Parameter, zugang: Zugang) -> Ergebnis<Isochronen> {
        p.nur(PARAMETER)?;
        let a = &self.atlas;
        let (Mass::Netz(profil), Some(lage)) = (p.messung(a, false)?.mass, a.netz()) else {
            return Err(Anfragefehler::ungueltig(
                "Einzugsbereiche gibt es nur im Wege- und Straßennetz: mass=fuss, rad oder auto angeben",
            ));
        };
        let messung = crate::analysis::mass::Messung::netz(profil, true);
        let mut minuten = match p.text(MINUTEN.name) {
            Some(_) => p.zahlen(&MINUTEN, &a.vorgaben)?,
            None => STANDARD_MINUTEN.to_vec(),
        };
        minuten.sort_by(f64::total_cmp);
        minuten.dedup();
        let z = p.zielgruppe()?;
        let Ort { ll, pos, angebot, name } = self.ort(p)?;
        // Like a year without values: the question is right, but there is nothing to answer.
        let ort = lage.netz.anschluss(pos.xy(), profil).ok_or_else(|| {
            Anfragefehler::NichtGefunden(format!(
                "Der Ort liegt mehr als {} m von jedem Weg entfernt, den man {} nutzen kann: außerhalb des Netzes",
                crate::model::deutsch::zahl(crate::netz::MAX_ANSCHLUSS_M, 0),
                profil.bezeichnung()
            ))
        })?;
        let (gewicht, faktor) = gewichtung(profil, true);
        let grenzen: Vec<f64> = minuten.iter().map(|m| m / faktor).collect();
        let feld = lage.netz.feld_bis(
            profil,
            gewicht,
            &[Ziel { nr: 0, anschluss: ort }],
            grenzen.last().copied().unwrap_or(0.0),
        );
        let wege = stuecke(&lage.netz, profil, gewicht, &feld, &ort, &grenzen);
        let punkte = a.punkte(z);
        let kosten: Vec<f64> = lage
            .anschluesse(profil, z)
            .iter()
            .map(|x| x.map_or(f64::INFINITY, |x| lage.netz.zum_ziel(&feld, &x).0))
            .collect();
        let mut features = Vec::new();
        let flaechen = flaechen(&wege);
        for (((m, t), w), f) in minuten.iter().zip(&grenzen).zip(&wege).zip(&flaechen).rev() {
            let personen: f64 = punkte.iter().zip(&kosten).filter(|(_, c)| **c <= *t).map(|(q, _)| q.gewicht).sum();
            let zeigen = zugang.intern() || personen >= self.datenschutz.min_nenner;
            let wgs = crate::spatial::Transformation::neu(crate::spatial::UTM32, crate::spatial::WGS84)
                .and_then(|t| t.multipolygon(f))
                .map_err(Anfragefehler::intern)?;
            features.push(Isochronenfeature {
                typ: GeojsonTyp::Feature,
                properties: Isochronenwerte {
                    minuten: *m,
                    flaeche_km2: super::teile::gerundet(Some(geo::Area::unsigned_area(f) / 1e6), 3).unwrap_or(0.0),
                    wege_km: super::teile::gerundet(Some(geo::Length::length(&geo::Euclidean, w) / 1000.0), 2)
                        .unwrap_or(0.0),
                    personen: zeigen.then(|| super::teile::gerundet(Some(personen), 0).unwrap_or(0.0)),
                    status: if zeigen { "ausgewiesen" } else { "nicht_ausgewiesen" },
                },
                geometry: crate::io::geojson_aus::geometrie_wert(&wgs),
            });
        }
        Ok(Isochronen {
            typ: GeojsonTyp::FeatureCollection,
            ort: Isochronenort {
                lon: ll.lon,
                lat: ll.lat,
                angebot,
                name,
                anschluss_m: super::teile::gerundet(Some(ort.bein_m), 1).unwrap_or(0.0),
            },
            mass: Massangabe::von(a, &messung),
            zielgruppe: z.into(),
            methode: format!(
                "Einzugsbereich: die Wege, von denen aus der Ort in der Zeit erreicht wird ({}; Einbahnstraßen in \
                 Richtung zum Ort), je Seite um {BAND_M} m verbreitert; der Ort ist über den Lotpunkt auf dem nächsten \
                 Weg angeschlossen, das gerade Stück dorthin zählt mit. Personen: Bevölkerungsfläche der Zielgruppe, \
                 deren Weg zum Ort höchstens so lange dauert.",
                messung.beschreibung()
            ),
            datenschutz: Datenschutzangabe::von(&self.datenschutz, zugang),
            features,
        })
    }
}

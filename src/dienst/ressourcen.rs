//! Ressourcenkarte for a Hilfeplangespräch: the offers of every category near a family's
//! place, grouped, with distance and address, for one printed page. The place comes in the
//! body of a POST (never in a URL, so no log or browser history keeps it) and is neither
//! stored nor logged; the answer gives it back only to the one who asked.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::angebote::{Angebotsangabe, angebotsangabe};
use super::teile::{Kategorieangabe, gerundet};
use super::{Anfragefehler, Dienst, Ergebnis};
use crate::analysis::{naechste, umkreis};
use crate::spatial::{lonlat_pruefen, utm32_von_lonlat};

/// Most offers listed per category.
pub const MAX_JE_KATEGORIE: usize = 10;
/// Offers listed per category when not asked otherwise (what fits one page).
pub const STANDARD_JE_KATEGORIE: usize = 4;
/// Largest radius, metres.
pub const MAX_RADIUS_M: f64 = 50_000.0;

/// The body of `POST /api/ressourcenkarte`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ressourcenfrage {
    /// Longitude of the place (WGS84, in Germany; the bounds are `spatial::DEUTSCHLAND_LON`).
    #[schemars(range(min = 5.5, max = 15.5))]
    pub lon: f64,
    /// Latitude of the place (WGS84, in Germany; the bounds are `spatial::DEUTSCHLAND_LAT`).
    #[schemars(range(min = 47.0, max = 55.5))]
    pub lat: f64,
    /// Radius, metres (default: the data set's).
    #[serde(default)]
    #[schemars(range(min = 1.0, max = 50000.0))]
    pub radius: Option<f64>,
    /// Offers listed per category (default 4, at most 10).
    #[serde(default)]
    #[schemars(range(min = 1, max = 10))]
    pub je_kategorie: Option<usize>,
    /// The day whose offers are listed (`JJJJ-MM-TT`, default today).
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub stand: Option<String>,
}

/// An offer near the place.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Ressource {
    /// Running number (as on the map).
    pub nummer: usize,
    /// The offer (with its distance).
    #[serde(flatten)]
    pub angebot: Angebotsangabe,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Within the radius.
    pub im_umkreis: bool,
}

/// The offers of one category.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Ressourcengruppe {
    /// The category.
    pub kategorie: Kategorieangabe,
    /// Its colour on maps (`#rrggbb`).
    pub farbe: String,
    /// Offers of the category within the radius.
    pub im_umkreis: usize,
    /// The nearest ones within the radius (at most `je_kategorie`), or, when none is, the
    /// nearest one outside it.
    pub angebote: Vec<Ressource>,
}

/// The Kommune the place lies in.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Ortskommune {
    /// AGS.
    pub ags: String,
    /// Name.
    pub name: String,
}

/// The answer of `POST /api/ressourcenkarte`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Ressourcenkarte {
    /// The place as asked (given back to the asker only).
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// The Kommune of the place (`null` outside the Kreis).
    pub kommune: Option<Ortskommune>,
    /// Set when the place lies outside the Kreis (only offers of the Kreis are listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hinweis: Option<&'static str>,
    /// Radius, metres.
    pub radius_m: f64,
    /// Offers listed per category at most.
    pub je_kategorie: usize,
    /// Offers of all categories within the radius.
    pub im_umkreis: usize,
    /// How distance is measured.
    pub entfernungsmass: String,
    /// Per category with offers.
    pub gruppen: Vec<Ressourcengruppe>,
    /// Stand of the offers.
    pub stand: String,
    /// Sources.
    pub quellen: String,
    /// What happens to the place.
    pub datenschutz: &'static str,
}

impl Dienst {
    /// The offers near a place for a Ressourcenkarte.
    pub fn ressourcenkarte(&self, f: &Ressourcenfrage) -> Ergebnis<Ressourcenkarte> {
        let a = &self.atlas;
        let lage = lonlat_pruefen(f.lon, f.lat).map_err(|e| Anfragefehler::ungueltig(format!("Ort: {e}")))?;
        let pos = utm32_von_lonlat(lage).map_err(Anfragefehler::intern)?;
        let radius = f.radius.unwrap_or(a.vorgaben.radius_m);
        if !(1.0..=MAX_RADIUS_M).contains(&radius) {
            return Err(Anfragefehler::ungueltig(format!(
                "„radius“: {radius} m – erwartet 1 bis {MAX_RADIUS_M} m, z. B. 3000"
            )));
        }
        let je = f.je_kategorie.unwrap_or(STANDARD_JE_KATEGORIE);
        if !(1..=MAX_JE_KATEGORIE).contains(&je) {
            return Err(Anfragefehler::ungueltig(format!("„je_kategorie“: {je} – erwartet 1 bis {MAX_JE_KATEGORIE}")));
        }
        let mut nummer = 0;
        let mut gruppen = Vec::new();
        let mut gesamt = 0;
        for k in &a.kategorien {
            let nah = umkreis(a, pos, radius, Some(&k.id)).unwrap_or_default();
            let liste = if nah.is_empty() { naechste(a, pos, Some(&k.id), 1).unwrap_or_default() } else { nah.clone() };
            if liste.is_empty() {
                continue;
            }
            gesamt += nah.len();
            let angebote = liste
                .iter()
                .take(je)
                .map(|t| {
                    nummer += 1;
                    let o = &a.angebote[t.angebot];
                    Ressource {
                        nummer,
                        angebot: angebotsangabe(a, t.angebot, gerundet(Some(t.entfernung_m), 0)),
                        lon: o.lage.lon,
                        lat: o.lage.lat,
                        im_umkreis: t.entfernung_m <= radius,
                    }
                })
                .collect();
            gruppen.push(Ressourcengruppe {
                kategorie: Kategorieangabe::aus(a, k),
                farbe: k.farbe.clone(),
                im_umkreis: nah.len(),
                angebote,
            });
        }
        let kommune = a
            .kommune_an(pos)
            .map(|i| Ortskommune { ags: a.kommunen[i].ags.to_string(), name: a.kommunen[i].name.clone() });
        Ok(Ressourcenkarte {
            lon: lage.lon,
            lat: lage.lat,
            hinweis: kommune.is_none().then_some(
                "Der Ort liegt außerhalb des Kreises; die Liste nennt nur Angebote im Kreis, die Entfernungen können weit sein",
            ),
            kommune,
            radius_m: radius,
            je_kategorie: je,
            im_umkreis: gesamt,
            entfernungsmass: crate::analysis::abdeckung::mass(1.0),
            gruppen,
            stand: self.angebotsstand().unwrap_or_else(|| "Angebote: Stand des Datensatzes".into()),
            quellen: a.quellen.text("angebote").to_string(),
            datenschutz: "Der Ort wird nicht gespeichert.",
        })
    }
}

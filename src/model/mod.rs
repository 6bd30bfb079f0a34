//! The domain nouns: Kommune, Region(-sschema), Angebot, Kategorie, Indikator and the
//! population surface. Plain data; loading and validation live in [`crate::atlas`].

mod ags;
pub mod deutsch;
mod herkunft;
pub mod kalender;
pub mod schicht;

pub use ags::{Ags, AgsFehler};
pub use herkunft::{MAX_SCHWELLE_M, MAX_SCHWELLE_MIN, MAX_SCHWELLEN, Quelle, Quellen, Vorgaben};

use std::collections::BTreeMap;

use geo::MultiPolygon;

use crate::spatial::{LonLat, Utm32};

/// The years indicator values and requests may name.
pub const JAHRE: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A municipality of the Kreis.
#[derive(Debug, Clone)]
pub struct Kommune {
    /// Amtlicher Gemeindeschlüssel.
    pub ags: Ags,
    /// Name without legal form, e.g. "Aßlar".
    pub name: String,
    /// Legal form as in the boundary data ("Stadt", "Gemeinde").
    pub bez: String,
    /// Inhabitants (official figure of the data set, Zensus 2022 for the default data).
    pub einwohner: u64,
    /// The youth office responsible ("Jugendamt Lahn-Dill-Kreis", "Jugendamt Stadt Wetzlar").
    pub jugendamt: String,
    /// Seat point (main settlement), WGS84.
    pub sitz: LonLat,
    /// Seat point in EPSG:25832 metres.
    pub sitz_utm: Utm32,
    /// Boundary in WGS84 (lon, lat), counter-clockwise exteriors, as loaded.
    pub grenze_wgs84: MultiPolygon<f64>,
    /// Boundary in EPSG:25832 metres.
    pub grenze: MultiPolygon<f64>,
    /// Area in km², computed from the EPSG:25832 boundary.
    pub flaeche_km2: f64,
}

/// An offer category (Familienzentrum, Kita, Schule …), defined by data.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Kategorie {
    /// Stable id used in URLs and files, e.g. `familienzentrum`.
    pub id: String,
    /// German label.
    pub bezeichnung: String,
    /// Legal basis, e.g. "§ 16 SGB VIII" (may be empty).
    pub paragraph: String,
    /// Short symbol text for map markers.
    pub symbol: String,
    /// Marker colour, `#rrggbb`.
    pub farbe: String,
}

/// An offer location.
#[derive(Debug, Clone)]
pub struct Angebot {
    /// Unique id.
    pub id: String,
    /// Category id (see [`Kategorie`]).
    pub kategorie: String,
    /// Name.
    pub name: String,
    /// Provider (Träger).
    pub traeger: String,
    /// Street and house number.
    pub strasse: String,
    /// Postcode.
    pub plz: String,
    /// Place.
    pub ort: String,
    /// Kommune the offer lies in.
    pub ags: Ags,
    /// Position, WGS84.
    pub lage: LonLat,
    /// Position in EPSG:25832 metres.
    pub pos: Utm32,
    /// Synthetic example data (must be flagged wherever it is shown).
    pub beispiel: bool,
    /// Source of the record.
    pub quelle: String,
    /// Further columns of the source file (e.g. `schulformen`, `schueler`), by column name.
    pub merkmale: BTreeMap<String, String>,
}

/// A named assignment of Kommunen to regions (e.g. the youth office's regional teams).
#[derive(Debug, Clone)]
pub struct Regionsschema {
    /// Id used in URLs, e.g. `beispiel`.
    pub id: String,
    /// German label.
    pub bezeichnung: String,
    /// Stand (date of the assignment).
    pub stand: String,
    /// Example assignment, not the official one.
    pub beispiel: bool,
    /// Note shown with the scheme.
    pub hinweis: String,
    /// Region names in order of first appearance.
    pub regionen: Vec<String>,
    /// Region of each Kommune, indexed like `Atlas::kommunen`; `None` = in no region.
    pub zuordnung: Vec<Option<usize>>,
    /// Dissolved boundary of each region (WGS84), indexed like `regionen`.
    pub grenzen_wgs84: Vec<MultiPolygon<f64>>,
}

/// How a value is aggregated from Kommunen to Region and Kreis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Σ numerator / Σ denominator (exact).
    QuoteDerSummen,
    /// Weighted mean of the rates (only the rates are known): an approximation.
    GewichtetesMittel,
}

/// The weight of a weighted mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Gewicht {
    /// Inhabitants of the Kommune.
    Einwohner,
    /// Area of the Kommune.
    Flaeche,
}

/// Whether a high value means need or resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Polaritaet {
    /// High value = high need.
    Bedarf,
    /// High value = good supply.
    Ressource,
    /// Neither.
    Neutral,
}

/// The topic (chapter of the Familienbericht) an indicator belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Thema {
    /// Population.
    Bevoelkerung,
    /// Social situation (transfer receipt, single parents …).
    SozialeLage,
    /// Day care and education.
    BetreuungBildung,
    /// Offers and supply.
    AngeboteVersorgung,
    /// Needs (reported needs, help cases).
    Bedarfe,
}

impl Thema {
    /// Every topic in the order of the report.
    pub const ALLE: [Thema; 5] =
        [Thema::Bevoelkerung, Thema::SozialeLage, Thema::BetreuungBildung, Thema::AngeboteVersorgung, Thema::Bedarfe];

    /// Id in files.
    pub fn id(self) -> &'static str {
        match self {
            Thema::Bevoelkerung => "bevoelkerung",
            Thema::SozialeLage => "soziale_lage",
            Thema::BetreuungBildung => "betreuung_bildung",
            Thema::AngeboteVersorgung => "angebote_versorgung",
            Thema::Bedarfe => "bedarfe",
        }
    }

    /// German name (a chapter title).
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Thema::Bevoelkerung => "Bevölkerung",
            Thema::SozialeLage => "Soziale Lage",
            Thema::BetreuungBildung => "Betreuung und Bildung",
            Thema::AngeboteVersorgung => "Angebote und Versorgung",
            Thema::Bedarfe => "Bedarfe",
        }
    }

    /// The topic of an indicator whose file names none: needs go to the social situation,
    /// resources to offers and supply, the rest to population.
    pub fn nach_polaritaet(p: Polaritaet) -> Self {
        match p {
            Polaritaet::Bedarf => Thema::SozialeLage,
            Polaritaet::Ressource => Thema::AngeboteVersorgung,
            Polaritaet::Neutral => Thema::Bevoelkerung,
        }
    }
}

/// One value of an indicator for one area and year.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Indikatorwert {
    /// Kommune or (Gemeinde part `000`) the Kreis as published.
    pub ags: Ags,
    /// Year.
    pub jahr: i32,
    /// Rate as published.
    pub wert: f64,
    /// Numerator count, where known.
    pub zaehler: Option<f64>,
    /// Denominator count, where known.
    pub nenner: Option<f64>,
}

/// An indicator with its metadata and values. It serialises as its metadata (the values are
/// answered per unit and year).
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Indikator {
    /// Id used in URLs.
    pub id: String,
    /// German name.
    pub name: String,
    /// Definition.
    pub definition: String,
    /// Unit ("%", "je 100 Einw. unter 15" …).
    #[serde(rename = "einheit")]
    pub masseinheit: String,
    /// Need or resource.
    pub polaritaet: Polaritaet,
    /// The chapter of the Familienbericht.
    pub thema: Thema,
    /// Aggregation rule.
    pub aggregation: Aggregation,
    /// Weight of a weighted mean.
    pub gewicht: Gewicht,
    /// Definition of the numerator.
    pub zaehler: String,
    /// Definition of the denominator.
    pub nenner: String,
    /// Rate = numerator / denominator × multiplier (100 = per cent, 1000 = per 1,000); `None`
    /// where only rates are known.
    pub multiplikator: Option<f64>,
    /// The numerator counts persons or cases: small counts are suppressed in public output.
    pub datenschutz: bool,
    /// Stand of the data (text as published, e.g. a date or a database extract).
    pub stand: String,
    /// Source with licence.
    pub quelle: String,
    /// Synthetic example data.
    pub beispiel: bool,
    /// Values, sorted by AGS and year.
    #[serde(skip)]
    #[schemars(skip)]
    pub werte: Vec<Indikatorwert>,
    /// Numerator counts per quarter, for an indicator whose counts arrive by quarter (reported
    /// needs): its years and quarters are published together, so suppression covers both.
    #[serde(skip)]
    #[schemars(skip)]
    pub quartale: Vec<Quartalswert>,
    /// Computed by sozialraum for every Kommune: one without a value has a zero denominator
    /// (e.g. no child under 10) and adds nothing to the sums of its region; in published data
    /// a missing value is unknown and leaves the region without a value.
    #[serde(skip)]
    #[schemars(skip)]
    pub vollstaendig: bool,
}

/// The numerator count of a Kommune in one quarter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quartalswert {
    /// The Kommune.
    pub ags: Ags,
    /// The quarter.
    pub quartal: kalender::Quartal,
    /// The count.
    pub zaehler: f64,
}

/// The id of the indicator of needs reported from case planning.
pub const BEDARFSMELDUNGEN: &str = "bedarfsmeldungen";
/// The category of a reported need that fits no offer category.
pub const SONSTIGES: &str = "sonstiges";

/// Needs of one category reported for a Kommune in a quarter (summed over the sources).
#[derive(Debug, Clone, PartialEq)]
pub struct Meldung {
    /// Index of the Kommune in `Atlas::kommunen`.
    pub kommune: usize,
    /// Category id of the missing offer, or `sonstiges`.
    pub kategorie: String,
    /// The quarter.
    pub quartal: kalender::Quartal,
    /// Number of reports.
    pub anzahl: f64,
}

impl Indikator {
    /// What is wrong with a value row of an indicator whose rates come from counts: counts
    /// missing where the aggregation needs them, or a rate that does not match its counts.
    pub fn quote_pruefen(&self, wert: f64, zaehler: Option<f64>, nenner: Option<f64>) -> Option<String> {
        let m = self.multiplikator?;
        match (zaehler, nenner) {
            (Some(z), Some(n)) if n > 0.0 => {
                let quote = z / n * m;
                // Published rates are rounded; allow the rounding of two decimals or 0.1 %.
                let ok = (quote - wert).abs() <= 0.006_f64.max(wert.abs() * 0.001);
                (!ok).then(|| {
                    format!(
                        "Wert {wert} passt nicht zu Zähler {z} / Nenner {n} × {m} = {quote:.2} – Wert, Zähler oder Nenner prüfen"
                    )
                })
            }
            (Some(_), Some(_)) => Some("Nenner 0: eine Quote ist so nicht definiert".into()),
            _ if self.aggregation == Aggregation::QuoteDerSummen => Some(format!(
                "Zähler und Nenner fehlen: Indikator „{}“ wird als Quote der Summen zusammengefasst und braucht beide",
                self.id
            )),
            _ => None,
        }
    }

    /// The value for one area and year.
    pub fn wert(&self, ags: Ags, jahr: i32) -> Option<&Indikatorwert> {
        self.werte.binary_search_by(|w| (w.ags, w.jahr).cmp(&(ags, jahr))).ok().map(|i| &self.werte[i])
    }

    /// The years for which values exist, ascending.
    pub fn jahre(&self) -> Vec<i32> {
        let mut j: Vec<i32> = self.werte.iter().map(|w| w.jahr).collect();
        j.sort_unstable();
        j.dedup();
        j
    }

    /// The years with a value for at least one Kommune (not only for the Kreis): the years a
    /// map of Kommunen or regions can show.
    pub fn jahre_kommunen(&self) -> Vec<i32> {
        let mut j: Vec<i32> = self.werte.iter().filter(|w| !w.ags.ist_kreis()).map(|w| w.jahr).collect();
        j.sort_unstable();
        j.dedup();
        j
    }
}

/// Target groups of the population surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Zielgruppe {
    /// All inhabitants.
    Einwohner,
    /// Persons under 18.
    Unter18,
    /// Persons under 10.
    Unter10,
}

impl std::str::FromStr for Zielgruppe {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Zielgruppe::von_id(s)
            .ok_or_else(|| format!("„{s}“ ist unbekannt; erlaubt: {}", Zielgruppe::ALLE.map(|z| z.id()).join(", ")))
    }
}

impl Zielgruppe {
    /// All target groups.
    pub const ALLE: [Zielgruppe; 3] = [Zielgruppe::Einwohner, Zielgruppe::Unter18, Zielgruppe::Unter10];

    /// The id used in URLs and files (`einwohner`, `unter18`, `unter10`).
    pub fn id(self) -> &'static str {
        match self {
            Zielgruppe::Einwohner => "einwohner",
            Zielgruppe::Unter18 => "unter18",
            Zielgruppe::Unter10 => "unter10",
        }
    }

    /// The target group with this id.
    pub fn von_id(id: &str) -> Option<Zielgruppe> {
        Zielgruppe::ALLE.into_iter().find(|z| z.id() == id)
    }

    /// Position in [`Zielgruppe::ALLE`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// German label.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Zielgruppe::Einwohner => "Einwohnerinnen und Einwohner",
            Zielgruppe::Unter18 => "Kinder und Jugendliche unter 18 Jahren",
            Zielgruppe::Unter10 => "Kinder unter 10 Jahren",
        }
    }
}

/// A weighted point of the population surface, in EPSG:25832 metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bevoelkerungspunkt {
    /// Position (EPSG:25832).
    pub pos: Utm32,
    /// Index of the Kommune in `Atlas::kommunen`.
    pub kommune: usize,
    /// Persons represented by the point (rescaled, fractional).
    pub gewicht: f64,
}

/// What kind of area a published unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Einheitsart {
    /// One Kommune.
    Kommune,
    /// A region of a region scheme.
    Region {
        /// Index in `Atlas::regionsschemata`.
        schema: usize,
        /// Index in the scheme's `regionen`.
        region: usize,
    },
    /// The whole Kreis.
    Kreis,
    /// The Kommunen one Jugendamt is responsible for (e.g. the Kreis without Wetzlar).
    Jugendamt,
}

/// An area for which figures are published: a Kommune, a region, the Kreis or the area of a
/// Jugendamt. Every figure of a unit is aggregated from its member Kommunen.
#[derive(Debug, Clone)]
pub struct Einheit {
    /// Stable id: the AGS for Kommunen and the Kreis (`06532000`), `schema-region` for regions
    /// (`beispiel-nord-west`), `jugendamt-…` for Jugendamt areas.
    pub id: String,
    /// German name.
    pub name: String,
    /// What kind of area.
    pub art: Einheitsart,
    /// Indices of the member Kommunen in `Atlas::kommunen`, ascending.
    pub mitglieder: Vec<usize>,
}

/// A text turned into an id fit for URLs: lower case, umlauts spelt out, everything else but
/// letters and digits becomes a single `-` (`"Nord-West"` → `nord-west`, `"Süd-Ost"` → `sued-ost`).
pub fn kennung_aus(text: &str) -> String {
    let mut aus = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        match c {
            'ä' => aus.push_str("ae"),
            'ö' => aus.push_str("oe"),
            'ü' => aus.push_str("ue"),
            'ß' => aus.push_str("ss"),
            c if c.is_ascii_alphanumeric() => aus.push(c),
            _ if !aus.ends_with('-') && !aus.is_empty() => aus.push('-'),
            _ => {}
        }
    }
    aus.trim_end_matches('-').to_string()
}

/// A base map for the web page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Kacheln {
    /// URL template with `{z}`, `{x}`, `{y}`.
    pub url: String,
    /// Attribution shown on the map.
    pub attribution: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_german_names_spell_out_umlauts() {
        assert_eq!(kennung_aus("Süd-Ost"), "sued-ost");
        assert_eq!(kennung_aus("Jugendamt Lahn-Dill-Kreis"), "jugendamt-lahn-dill-kreis");
        assert_eq!(kennung_aus("  Große Straße 5 "), "grosse-strasse-5");
    }
}

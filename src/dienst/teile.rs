//! Pieces many answers are built of: a unit and its region, the status of its figures, a
//! category, a target group, a region scheme, the data-protection note, GeoJSON features.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::{Dienst, Zugang};
use crate::Atlas;
use crate::analysis::datenschutz::{Datenschutz, Status};
use crate::model::{Einheitsart, Kategorie, Regionsschema, Zielgruppe};

/// `x` rounded to `stellen` decimals; `None` when missing or not finite.
pub fn gerundet(x: Option<f64>, stellen: i32) -> Option<f64> {
    match x {
        Some(v) if v.is_finite() => {
            let f = 10f64.powi(stellen);
            Some((v * f).round() / f)
        }
        _ => None,
    }
}

/// What kind of area a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Art {
    /// A Kommune.
    Kommune,
    /// A planning region.
    Region,
    /// The Kreis.
    Kreis,
    /// The area of the Kreis's youth office (the Kreis without Kommunen with their own).
    Jugendamt,
}

/// The description of a unit: id, name, kind, members, population, youth office.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Einheit {
    /// AGS of a Kommune, name of a region, or the Kreis's id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub art: Art,
    /// Inhabitants (Zensus 2022).
    pub einwohner: u64,
    /// The responsible youth office (Kommunen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jugendamt: Option<String>,
    /// The Kommune has its own youth office (Kommunen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eigenes_jugendamt: Option<bool>,
    /// The region scheme (regions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The region assignment is example data (regions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beispiel: Option<bool>,
    /// AGS of the member Kommunen (all but Kommunen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mitglieder: Option<Vec<String>>,
}

impl Einheit {
    /// The description of unit `e` of the atlas.
    pub fn aus(a: &Atlas, e: usize) -> Self {
        let x = &a.einheiten[e];
        let mut d = Einheit {
            id: x.id.clone(),
            name: x.name.clone(),
            art: match x.art {
                Einheitsart::Kommune => Art::Kommune,
                Einheitsart::Region { .. } => Art::Region,
                Einheitsart::Kreis => Art::Kreis,
                Einheitsart::Jugendamt => Art::Jugendamt,
            },
            einwohner: x.mitglieder.iter().map(|&k| a.kommunen[k].einwohner).sum(),
            jugendamt: None,
            eigenes_jugendamt: None,
            schema: None,
            beispiel: None,
            mitglieder: None,
        };
        match x.art {
            Einheitsart::Kommune => {
                let k = &a.kommunen[x.mitglieder[0]];
                d.jugendamt = Some(k.jugendamt.clone());
                d.eigenes_jugendamt = Some(k.jugendamt != a.kreisjugendamt());
            }
            Einheitsart::Region { schema, .. } => {
                d.schema = Some(a.regionsschemata[schema].id.clone());
                d.beispiel = Some(a.regionsschemata[schema].beispiel);
            }
            Einheitsart::Kreis | Einheitsart::Jugendamt => {}
        }
        if x.art != Einheitsart::Kommune {
            d.mitglieder = Some(x.mitglieder.iter().map(|&k| a.kommunen[k].ags.to_string()).collect());
        }
        d
    }
}

/// A unit with the region it belongs to in the chosen scheme.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Gebiet {
    /// The unit.
    #[serde(flatten)]
    pub einheit: Einheit,
    /// The region of a Kommune in the chosen scheme (`null`: none, e.g. own youth office).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Option<String>>,
}

/// Whether a unit's figures are shown.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct Ausweis {
    /// ausgewiesen, nicht_ausgewiesen or keine_angabe.
    pub status: Status,
    /// The figures are given in this answer.
    pub ausgewiesen: bool,
    /// Why they are not (hidden units only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hinweis: Option<&'static str>,
}

impl Ausweis {
    /// The status of figures as this client sees them.
    pub fn von(s: Status, zugang: Zugang) -> Self {
        Ausweis { status: s, ausgewiesen: zeigen(s, zugang), hinweis: s.gesperrt().then(|| s.bezeichnung()) }
    }
}

/// True when the figures of a unit with this status may be shown to this client.
pub fn zeigen(s: Status, zugang: Zugang) -> bool {
    !s.gesperrt() || zugang.intern()
}

/// A category with its number of offers and whether any of them is example data.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Kategorieangabe {
    /// Id.
    pub id: String,
    /// German name.
    pub bezeichnung: String,
    /// Legal basis (SGB VIII).
    pub paragraph: String,
    /// Number of offers.
    pub anzahl: usize,
    /// Some of its offers are example data.
    pub beispiel: bool,
}

impl Kategorieangabe {
    /// The description of category `k`.
    pub fn aus(a: &Atlas, k: &Kategorie) -> Self {
        Kategorieangabe {
            id: k.id.clone(),
            bezeichnung: k.bezeichnung.clone(),
            paragraph: k.paragraph.clone(),
            anzahl: a.angebote.iter().filter(|x| x.kategorie == k.id).count(),
            beispiel: a.angebote.iter().any(|x| x.kategorie == k.id && x.beispiel),
        }
    }
}

/// A target group.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Zielgruppenangabe {
    /// Id.
    pub id: &'static str,
    /// German name.
    pub bezeichnung: &'static str,
}

impl From<Zielgruppe> for Zielgruppenangabe {
    fn from(z: Zielgruppe) -> Self {
        Zielgruppenangabe { id: z.id(), bezeichnung: z.bezeichnung() }
    }
}

/// A region scheme.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Schemaangabe {
    /// Id.
    pub id: String,
    /// German name.
    pub bezeichnung: String,
    /// Date of the assignment.
    pub stand: String,
    /// The assignment is example data.
    pub beispiel: bool,
    /// Note on the scheme (where answers give it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hinweis: Option<String>,
}

impl Schemaangabe {
    /// The scheme without its note.
    pub fn aus(s: &Regionsschema) -> Self {
        Schemaangabe {
            id: s.id.clone(),
            bezeichnung: s.bezeichnung.clone(),
            stand: s.stand.clone(),
            beispiel: s.beispiel,
            hinweis: None,
        }
    }

    /// The scheme with its note.
    pub fn mit_hinweis(s: &Regionsschema) -> Self {
        Schemaangabe { hinweis: Some(s.hinweis.clone()), ..Self::aus(s) }
    }
}

/// The data-protection note of an answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Datenschutzangabe {
    /// oeffentlich or intern.
    pub modus: &'static str,
    /// Smallest count published.
    pub min_anzahl: f64,
    /// Smallest denominator (persons) published.
    pub min_nenner: f64,
    /// The rule in German.
    pub regel: String,
    /// How hidden values appear in this answer.
    pub hinweis: &'static str,
}

impl Datenschutzangabe {
    /// The note for this client.
    pub fn von(schutz: &Datenschutz, zugang: Zugang) -> Self {
        Datenschutzangabe {
            modus: zugang.bezeichnung(),
            min_anzahl: schutz.min_anzahl,
            min_nenner: schutz.min_nenner,
            regel: schutz.beschreibung(),
            hinweis: match zugang {
                Zugang::Oeffentlich => {
                    "Nicht ausgewiesene Werte sind leer (null) und mit status „nicht_ausgewiesen“ markiert (ein Zeichen für \
                     primäre und sekundäre Geheimhaltung, wie der Punkt der amtlichen Statistik)."
                }
                Zugang::Intern => {
                    "Interner Modus: alle Werte werden gezeigt; was öffentlich nicht ausgewiesen würde, ist mit status \
                     markiert. Nicht veröffentlichen."
                }
            },
        }
    }
}

/// A GeoJSON geometry (WGS84), prepared once.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Geometrie<'a>(pub std::borrow::Cow<'a, Value>);

impl JsonSchema for Geometrie<'_> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Geometrie".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "GeoJSON-Geometrie (RFC 7946, WGS84)",
            "required": ["type", "coordinates"],
            "properties": {"type": {"type": "string"}, "coordinates": {"type": "array"}}
        })
    }
}

/// `"Feature"` or `"FeatureCollection"`.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub enum GeojsonTyp {
    /// A feature.
    Feature,
    /// A collection of features.
    FeatureCollection,
}

/// A GeoJSON feature of a unit.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Feature<'a, P> {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// The unit's id.
    pub id: String,
    /// Its properties.
    pub properties: P,
    /// Its boundary.
    pub geometry: Geometrie<'a>,
}

impl Dienst {
    /// A unit with its region in scheme `schema`.
    pub fn gebiet(&self, e: usize, schema: usize) -> Gebiet {
        let a = &self.atlas;
        let region = (e < a.kommunen.len())
            .then(|| a.regionsschemata.get(schema).map(|s| s.zuordnung[e].map(|r| s.regionen[r].clone())))
            .flatten();
        Gebiet { einheit: self.einheiten[e].clone(), region }
    }

    /// The GeoJSON feature of unit `e` with these properties.
    pub fn feature<P>(&self, e: usize, properties: P) -> Feature<'_, P> {
        Feature {
            typ: GeojsonTyp::Feature,
            id: self.atlas.einheiten[e].id.clone(),
            properties,
            geometry: Geometrie(std::borrow::Cow::Borrowed(&self.geometrien[e])),
        }
    }
}

/// Figures whose names depend on the question (e.g. `anteil_2000` for a 2000 m threshold), in
/// the order they were asked; `null` where a figure is missing or hidden.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Kennzahlen(pub Vec<(String, Option<f64>)>);

impl Kennzahlen {
    /// Adds a figure.
    pub fn neu(&mut self, name: impl Into<String>, wert: Option<f64>) {
        self.0.push((name.into(), wert));
    }

    /// The figure of this name.
    pub fn wert(&self, name: &str) -> Option<f64> {
        self.0.iter().find(|(n, _)| n == name).and_then(|(_, w)| *w)
    }
}

impl Serialize for Kennzahlen {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl JsonSchema for Kennzahlen {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Kennzahlen".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "Kennzahlen, benannt nach der Frage (z. B. anteil_2000 für 2000 m); null = fehlt oder nicht ausgewiesen",
            "additionalProperties": {"type": "number", "nullable": true}
        })
    }
}

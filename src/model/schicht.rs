//! The published-layer model: a layer is attributes, features and metadata; the OGC API
//! collections, the file exports and the server-rendered maps all read layers of this form
//! (built in `dienst::schichten`, written in `io::export`).

use geo::MultiPolygon;

use crate::spatial::LonLat;

/// The type of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Feldtyp {
    /// Text.
    Text,
    /// Floating-point number.
    Zahl,
    /// Whole number.
    Ganzzahl,
    /// Yes/no.
    Wahrheitswert,
}

/// An attribute of a layer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Feld {
    /// Name (German, lower case, as in the API).
    pub name: String,
    /// Type.
    pub typ: Feldtyp,
    /// German description.
    pub beschreibung: String,
}

/// A value of an attribute; `None` = empty (no value or hidden for data protection).
#[derive(Debug, Clone, PartialEq)]
pub enum Wert {
    /// Text.
    Text(Option<String>),
    /// Number.
    Zahl(Option<f64>),
    /// Whole number.
    Ganzzahl(Option<i64>),
    /// Yes/no.
    Wahrheitswert(bool),
}

impl Wert {
    /// A text value.
    pub fn text(s: impl Into<String>) -> Wert {
        Wert::Text(Some(s.into()))
    }
}

impl serde::Serialize for Wert {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Wert::Text(t) => t.serialize(s),
            Wert::Zahl(z) => z.filter(|x| x.is_finite()).serialize(s),
            Wert::Ganzzahl(z) => z.serialize(s),
            Wert::Wahrheitswert(b) => b.serialize(s),
        }
    }
}

/// The geometry of a feature, WGS84 (longitude, latitude).
#[derive(Debug, Clone, PartialEq)]
pub enum Geometrie {
    /// An area.
    Flaeche(MultiPolygon<f64>),
    /// A point.
    Punkt(LonLat),
}

/// A feature of a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Objekt {
    /// Id (AGS, offer id, unit id).
    pub id: String,
    /// Values in the order of [`Schicht::felder`].
    pub werte: Vec<Wert>,
    /// Geometry, WGS84.
    pub geometrie: Geometrie,
}

/// A layer: attributes, features and the metadata that belong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Schicht {
    /// Id (`kommunen`, `angebote`, `regionen-beispiel`, `indikator-kinderarmut`, `abdeckung-schule`).
    pub id: String,
    /// German title.
    pub titel: String,
    /// German description.
    pub beschreibung: String,
    /// Attributes.
    pub felder: Vec<Feld>,
    /// Features.
    pub objekte: Vec<Objekt>,
    /// Source, Stand, data protection note, example data … as (key, value).
    pub metadaten: Vec<(String, String)>,
}

impl Schicht {
    /// The metadata value of a key.
    pub fn meta(&self, schluessel: &str) -> Option<&str> {
        self.metadaten.iter().find(|(k, _)| k == schluessel).map(|(_, v)| v.as_str())
    }
}

//! The application layer: one module per planner question. Each takes a typed, validated
//! request (read from query parameters by the request type itself, or built by the command
//! line) and returns an answer type that serialises to the API's JSON. Transports (HTTP, the
//! command line) only extract, call and serialise; nothing here knows HTTP.
//!
//! - [`gebiete`]: health, Kommunen, regions, units of a level, page settings.
//! - [`angebote`]: categories, offers, nearest offers, offers in a radius.
//! - [`versorgung`]: coverage and distances per unit.
//! - [`szenario`]: what-if with planned and closed offers.
//! - [`bedarf`]: need × supply per Kommune.
//! - [`standorte`]: where the next offers of a category serve most.
//! - [`meldungen`], [`bedarfe`]: needs reported from case planning, the needs register.
//! - [`ressourcen`]: the offers near a family's place (Ressourcenkarte), never stored.
//! - [`indikatoren`]: the indicator catalogue and choropleths with legend.
//! - [`profil`]: everything about one Kommune.
//! - [`schichten`]: the published layers (OGC API collections, exports), prepared once.
//! - [`karte`]: maps for committee papers (SVG, PNG).
//! - [`export`]: a layer as a file.

pub mod angebote;
pub mod angebotsimport;
pub mod bearbeiten;
pub mod bedarf;
pub mod bedarfe;
pub mod berichte;
pub mod bestand;
pub mod export;
pub mod fehler;
pub mod gebiete;
pub mod indikatoren;
pub mod indikatorwerte;
pub mod isochronen;
pub mod karte;
pub mod kategorien;
pub mod meldungen;
pub mod messung;
pub mod netz;
pub mod parameter;
pub mod profil;
pub mod regionsschemata;
pub mod ressourcen;
pub mod schichten;
pub mod standorte;
pub mod stapel;
pub mod szenario;
pub mod teile;
pub mod versorgung;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub use crate::analysis::datenschutz::Datenschutz;
pub use fehler::{Anfragefehler, Ergebnis};
pub use parameter::{Param, Parameter, Verzeichnis};

use crate::Atlas;
use crate::model::schicht::Schicht;

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zugang {
    /// Anyone: small numbers are suppressed.
    Oeffentlich,
    /// An authenticated planner: unsuppressed values, still flagged.
    Intern,
}

impl Zugang {
    /// True in internal mode.
    pub fn intern(self) -> bool {
        self == Zugang::Intern
    }

    /// The mode as said in answers.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Zugang::Oeffentlich => "oeffentlich",
            Zugang::Intern => "intern",
        }
    }
}

/// The application over one data set: the atlas, the suppression rule, and what every answer
/// needs that never changes (unit descriptions and geometries, the layer descriptions),
/// prepared once.
pub struct Dienst {
    /// The loaded data set.
    pub atlas: Arc<Atlas>,
    /// The suppression rule of public output.
    pub datenschutz: Datenschutz,
    /// The description of every unit (indexed like `Atlas::einheiten`).
    einheiten: Vec<teile::Einheit>,
    /// The GeoJSON geometry of every unit (indexed like `Atlas::einheiten`).
    geometrien: Vec<serde_json::Value>,
    /// `/api/kommunen`, serialised once.
    kommunen_json: String,
    /// The layer descriptions (default parameters, public mode).
    sammlungen: Vec<schichten::Sammlung>,
    /// The choices of the data set (for descriptions of parameters).
    pub verzeichnis: Verzeichnis,
    /// The store of offers and categories (`None`: the data set alone, read-only).
    speicher: Option<Arc<crate::store::Speicher>>,
    /// The day whose offers this application answers with (`JJJJ-MM-TT`; `None` without a
    /// store: the data set's offers, the same every day).
    pub tag: Option<String>,
    /// Layers built so far, by id and parameters (a finite set: every key is validated).
    schichten: Mutex<HashMap<(String, schichten::Schichtfrage), Arc<Schicht>>>,
}

impl Dienst {
    /// Prepares the application for an atlas.
    pub fn neu(atlas: Arc<Atlas>, datenschutz: Datenschutz) -> Self {
        let a = &atlas;
        let einheiten = (0..a.einheiten.len()).map(|e| teile::Einheit::aus(a, e)).collect();
        let geometrien =
            (0..a.einheiten.len()).map(|e| crate::io::geojson_aus::geometrie_wert(a.einheit_grenze(e))).collect();
        let kommunen_json = serde_json::to_string(&gebiete::kommunen(a)).unwrap_or_default();
        let sammlungen = schichten::sammlungen(a, &datenschutz);
        let verzeichnis = Verzeichnis::aus(a, schichten::katalog(a).into_iter().map(|k| k.id).collect());
        Self {
            atlas,
            datenschutz,
            einheiten,
            geometrien,
            kommunen_json,
            sammlungen,
            verzeichnis,
            speicher: None,
            tag: None,
            schichten: Mutex::default(),
        }
    }

    /// The application that keeps its offers in `speicher` (editing possible).
    /// The application with its store; the atlas holds the offers valid today.
    pub fn mit_speicher(self, speicher: Arc<crate::store::Speicher>) -> Self {
        self.mit_speicher_am(speicher, &bestand::heute())
    }

    /// The application with its store; the atlas holds the offers valid on `tag`.
    pub fn mit_speicher_am(mut self, speicher: Arc<crate::store::Speicher>, tag: &str) -> Self {
        self.speicher = Some(speicher);
        self.tag = Some(tag.to_string());
        self
    }

    /// Whether the day has changed since this snapshot was built for today (offers that open
    /// or close at midnight must then appear or go).
    pub fn veraltet(&self) -> bool {
        self.tag.as_deref().is_some_and(|t| t < bestand::heute().as_str())
    }

    /// Whether another process changed the store (an import on the command line): the
    /// snapshot is then built again.
    pub fn von_aussen_geaendert(&self) -> bool {
        self.speicher.as_ref().is_some_and(|s| s.von_aussen_geaendert())
    }

    /// The line naming the day of the offers, for maps and answers: „Angebote: Stand 31.12.2025“.
    pub fn angebotsstand(&self) -> Option<String> {
        let t = self.tag.as_deref()?;
        let [j, m, d] = t.split('-').collect::<Vec<_>>()[..] else {
            return None;
        };
        Some(format!("Angebote: Stand {d}.{m}.{j}"))
    }
}

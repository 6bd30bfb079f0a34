//! The distance measure of a question as its parameters give it: `mass` (Luftlinie or a
//! profile on the path and road network), thresholds in metres (`schwellen`, `schwelle`) or in
//! minutes (`minuten`, on the network only), and the detour factor (`umwegfaktor`, Luftlinie
//! only). Every answer names its measure ([`Massangabe`]).

use schemars::JsonSchema;
use serde::Serialize;

use super::fehler::{Anfragefehler, Ergebnis};
use super::parameter::{Parameter, SCHWELLE, UMWEGFAKTOR, Verzeichnis, Wahl, Werte, Zahlen, angebotene_masse};
use crate::Atlas;
use crate::analysis::mass::{Mass, Messung};
use crate::model::{MAX_SCHWELLE_MIN, MAX_SCHWELLEN};

/// `mass`: Luftlinie, or a profile on the network (offered when a network is loaded).
pub const MASS: Wahl = Wahl {
    name: "mass",
    werte: Werte::Daten(masse),
    standard: Some("luftlinie"),
    pflicht: false,
    text: "Entfernungsmaß: luftlinie (Standard) oder, wenn ein Wege- und Straßennetz geladen ist, der Weg darin: \
           fuss (4,5 km/h), rad (15 km/h), auto (Höchstgeschwindigkeit bzw. Straßenklasse)",
};
fn masse(v: &Verzeichnis) -> Vec<String> {
    v.masse.clone()
}

/// `minuten`: thresholds in minutes instead of metres (network only).
pub const MINUTEN: Zahlen = Zahlen {
    name: "minuten",
    min: 0.1,
    max: MAX_SCHWELLE_MIN,
    min_anzahl: 1,
    max_anzahl: MAX_SCHWELLEN,
    standard: None,
    beispiel: "5,10,15",
    einheit: " min",
    text: "Schwellen in Minuten statt Metern, durch Komma getrennt (nur mit mass=fuss, rad oder auto), z. B. 5,10,15",
};

/// `minuten` of questions with one threshold.
pub const MINUTE: Zahlen = Zahlen {
    name: "minuten",
    min: 0.1,
    max: MAX_SCHWELLE_MIN,
    min_anzahl: 1,
    max_anzahl: 1,
    standard: None,
    beispiel: "10",
    einheit: " min",
    text: "Schwelle in Minuten statt Metern (nur mit mass=fuss, rad oder auto), z. B. 10",
};

/// `einheit` of distance answers on the network: metres or minutes.
pub const EINHEIT: Wahl = Wahl {
    name: "einheit",
    werte: Werte::Fest(&["m", "min"]),
    standard: Some("m"),
    pflicht: false,
    text: "Einheit der Entfernungen: m (Standard) oder min (nur mit mass=fuss, rad oder auto)",
};

impl Parameter {
    /// The measure of a question: `mass` and `umwegfaktor`; `minuten` says whether its
    /// thresholds or distances are minutes.
    pub fn messung(&self, a: &Atlas, minuten: bool) -> Ergebnis<Messung> {
        messung_aus(a, self.text(MASS.name), minuten, self.zahl(&UMWEGFAKTOR, &a.vorgaben)?)
    }

    /// Thresholds and measure of a coverage question: `schwellen` in metres (default of the
    /// data set) or `minuten`.
    pub fn schwellen_und_messung(&self, a: &Atlas, schwellen: &Zahlen) -> Ergebnis<(Vec<f64>, Messung)> {
        self.eine_art(schwellen.name)?;
        match self.text(MINUTEN.name) {
            Some(_) => Ok((self.zahlen(&MINUTEN, &a.vorgaben)?, self.messung(a, true)?)),
            None => Ok((self.zahlen(schwellen, &a.vorgaben)?, self.messung(a, false)?)),
        }
    }

    /// Threshold and measure of a question with one threshold: `schwelle` in metres (default
    /// of the data set) or `minuten`.
    pub fn schwelle_und_messung(&self, a: &Atlas) -> Ergebnis<(f64, Messung)> {
        self.eine_art(SCHWELLE.name)?;
        match self.text(MINUTE.name) {
            Some(_) => {
                let m = self.zahlen(&MINUTE, &a.vorgaben)?;
                Ok((m.first().copied().unwrap_or(1.0), self.messung(a, true)?))
            }
            None => Ok((self.zahl(&SCHWELLE, &a.vorgaben)?, self.messung(a, false)?)),
        }
    }

    /// The measure of a distance question: `mass`, `umwegfaktor` and `einheit`.
    pub fn messung_mit_einheit(&self, a: &Atlas) -> Ergebnis<Messung> {
        let minuten = match self.text(EINHEIT.name) {
            None | Some("m") => false,
            Some("min") => true,
            Some(t) => {
                return Err(Anfragefehler::ungueltig(format!(
                    "Parameter „einheit“ = „{}“: erlaubt sind m und min",
                    super::parameter::kuerzen(t)
                )));
            }
        };
        self.messung(a, minuten)
    }

    fn eine_art(&self, meter: &str) -> Ergebnis<()> {
        if self.text(meter).is_some() && self.text(MINUTEN.name).is_some() {
            return Err(Anfragefehler::ungueltig(format!(
                "Parameter „{meter}“ (Meter) und „minuten“ schließen sich aus; bitte nur eines angeben"
            )));
        }
        Ok(())
    }
}

/// The measure named `mass` (default Luftlinie), checked against the data set: a network
/// measure needs a loaded network, minutes need a network measure, a detour factor Luftlinie.
pub fn messung_aus(a: &Atlas, mass: Option<&str>, minuten: bool, umwegfaktor: f64) -> Ergebnis<Messung> {
    let mass = match mass {
        None => Mass::Luftlinie,
        Some(t) => Mass::aus_id(t).ok_or_else(|| {
            Anfragefehler::ungueltig(format!(
                "„mass“ = „{}“ ist kein Entfernungsmaß; erlaubt: {}",
                super::parameter::kuerzen(t),
                angebotene_masse(a).join(", ")
            ))
        })?,
    };
    if mass != Mass::Luftlinie && a.netz().is_none() {
        return Err(Anfragefehler::ungueltig(format!(
            "„mass“ = „{}“: für diesen Datensatz ist kein Wege- und Straßennetz geladen, es gilt nur \
             mass=luftlinie (ein Netz bringt „sozialraum import netz“, siehe README)",
            mass.id()
        )));
    }
    if mass != Mass::Luftlinie && umwegfaktor != 1.0 {
        return Err(Anfragefehler::ungueltig(
            "„umwegfaktor“ gilt nur für mass=luftlinie; im Netz wird der Weg selbst gemessen",
        ));
    }
    if minuten && mass == Mass::Luftlinie {
        return Err(Anfragefehler::ungueltig(
            "Minuten gibt es nur im Wege- und Straßennetz (mass=fuss, rad oder auto); die Luftlinie misst in \
             Metern",
        ));
    }
    Ok(Messung { mass, minuten, umwegfaktor })
}

/// The measure as answers say it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Massangabe {
    /// `luftlinie`, `fuss`, `rad` or `auto`.
    pub mass: &'static str,
    /// The measure in words.
    pub entfernungsmass: String,
    /// Unit of thresholds and distances: `m` or `min`.
    pub einheit: &'static str,
    /// The network measured on (not for Luftlinie).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub netz: Option<Netzangabe>,
}

/// Where the network of an answer came from.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Netzangabe {
    /// File name of the OSM extract.
    pub datei: String,
    /// Day of the import.
    pub importiert: String,
    /// The OSM data's time stamp, when the extract has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub osm_stand: Option<String>,
    /// The area kept.
    pub bereich: String,
    /// Attribution.
    pub quelle: &'static str,
}

/// The attribution of every answer on the network.
pub const OSM_QUELLE: &str = "Wegenetz: © OpenStreetMap-Mitwirkende (ODbL)";

/// A source line with the network's attribution when the measure is on the network.
pub fn quelle_mit_netz(text: String, m: &Messung) -> String {
    if m.mass == Mass::Luftlinie { text } else { format!("{text}; {OSM_QUELLE}") }
}

impl Netzangabe {
    /// The network atlas `a` has loaded, if any.
    pub fn von(a: &Atlas) -> Option<Self> {
        a.netz().map(|n| {
            let h = &n.netz.netz.herkunft;
            Netzangabe {
                datei: h.datei.clone(),
                importiert: h.importiert.clone(),
                osm_stand: h.osm_stand.clone(),
                bereich: h.bereich.clone(),
                quelle: OSM_QUELLE,
            }
        })
    }
}

impl Massangabe {
    /// The measure of a question over atlas `a`.
    pub fn von(a: &Atlas, m: &Messung) -> Self {
        let netz = if m.mass == Mass::Luftlinie { None } else { Netzangabe::von(a) };
        Massangabe { mass: m.mass.id(), entfernungsmass: m.beschreibung(), einheit: m.einheit(), netz }
    }
}

//! The distance measure of a question: Luftlinie in EPSG:25832 (optionally times a detour
//! factor), or the way on the path and road network of a profile, in metres or minutes.
//!
//! Every analysis takes its nearest offers from [`Messung::naechste`] and multiplies the stored
//! values by [`Messung::faktor`]: the stored values are metres (Luftlinie, network length) or
//! seconds (the car's time); walking and cycling minutes are metres at the fixed speed.

use crate::Atlas;
use crate::atlas::Naechstes;
use crate::model::{MAX_SCHWELLE_M, MAX_SCHWELLE_MIN, Zielgruppe};
use crate::netz::{Gewicht, Profil, gewichtung};

/// Allowed range of the detour factor.
pub const UMWEGFAKTOR: std::ops::RangeInclusive<f64> = 1.0..=2.0;

/// Luftlinie in words, with the detour factor if it is not 1.
pub fn luftlinie_text(umwegfaktor: f64) -> String {
    if umwegfaktor == 1.0 {
        super::ENTFERNUNGSMASS.to_string()
    } else {
        format!(
            "{} × Umwegfaktor {} (Schätzung der Wegstrecke)",
            super::ENTFERNUNGSMASS,
            crate::model::deutsch::zahl(umwegfaktor, 2)
        )
    }
}

/// What a distance is measured along.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Mass {
    /// The straight line.
    #[default]
    Luftlinie,
    /// The path and road network of a profile.
    Netz(Profil),
}

impl Mass {
    /// All measures, as the parameter `mass` names them.
    pub const ALLE: [Mass; 4] =
        [Mass::Luftlinie, Mass::Netz(Profil::Fuss), Mass::Netz(Profil::Rad), Mass::Netz(Profil::Auto)];

    /// The id (`luftlinie`, `fuss`, `rad`, `auto`).
    pub fn id(self) -> &'static str {
        match self {
            Mass::Luftlinie => "luftlinie",
            Mass::Netz(p) => p.id(),
        }
    }

    /// The measure with this id.
    pub fn aus_id(id: &str) -> Option<Mass> {
        Mass::ALLE.into_iter().find(|m| m.id() == id)
    }
}

/// A distance measure with its unit and, for Luftlinie, its detour factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Messung {
    /// Along what.
    pub mass: Mass,
    /// Minutes instead of metres (only on the network).
    pub minuten: bool,
    /// Factor on the straight line (1 on the network).
    pub umwegfaktor: f64,
}

impl Messung {
    /// Luftlinie in metres.
    pub const LUFTLINIE: Messung = Messung { mass: Mass::Luftlinie, minuten: false, umwegfaktor: 1.0 };

    /// Luftlinie times a detour factor.
    pub fn luftlinie(umwegfaktor: f64) -> Messung {
        Messung { umwegfaktor, ..Messung::LUFTLINIE }
    }

    /// The network of a profile, in metres or minutes.
    pub fn netz(p: Profil, minuten: bool) -> Messung {
        Messung { mass: Mass::Netz(p), minuten, umwegfaktor: 1.0 }
    }

    /// Unit of thresholds and distances: `m` or `min`.
    pub fn einheit(&self) -> &'static str {
        if self.minuten { "min" } else { "m" }
    }

    /// What follows a threshold in the names of answer fields: `anteil_1000`, `anteil_10min`.
    pub fn nachsatz(&self) -> &'static str {
        if self.minuten { "min" } else { "" }
    }

    /// Largest threshold in the unit.
    pub fn max_schwelle(&self) -> f64 {
        if self.minuten { MAX_SCHWELLE_MIN } else { MAX_SCHWELLE_M }
    }

    /// The profile and what its search adds up (`None` for Luftlinie).
    pub fn netzmass(&self) -> Option<(Profil, Gewicht)> {
        match self.mass {
            Mass::Luftlinie => None,
            Mass::Netz(p) => Some((p, gewichtung(p, self.minuten).0)),
        }
    }

    /// The factor that turns stored values (metres, or the car's seconds) into the unit.
    pub fn faktor(&self) -> f64 {
        match self.mass {
            Mass::Luftlinie => self.umwegfaktor,
            Mass::Netz(p) => gewichtung(p, self.minuten).1,
        }
    }

    /// The nearest offer of the category for every point of the target group (stored values;
    /// multiply by [`Messung::faktor`]). `None` for an unknown category, or for a network
    /// measure without a network.
    pub fn naechste<'a>(&self, a: &'a Atlas, kategorie: &str, z: Zielgruppe) -> Option<&'a [Naechstes]> {
        match self.netzmass() {
            None => a.naechste_angebote(kategorie, z),
            Some((p, g)) => a.naechste_im_netz(kategorie, z, p, g),
        }
    }

    /// The measure in words, said with every answer.
    pub fn beschreibung(&self) -> String {
        use crate::model::deutsch::zahl;
        match (self.mass, self.minuten) {
            (Mass::Luftlinie, _) => luftlinie_text(self.umwegfaktor),
            (Mass::Netz(Profil::Auto), false) => {
                "kürzeste Fahrstrecke mit dem Auto im Straßennetz (OpenStreetMap), Meter".into()
            }
            (Mass::Netz(Profil::Auto), true) => "Fahrzeit mit dem Auto im Straßennetz (OpenStreetMap) nach \
                                                 Höchstgeschwindigkeit bzw. Straßenklasse, Minuten"
                .into(),
            (Mass::Netz(p), false) => format!("Wegstrecke {} im Wegenetz (OpenStreetMap), Meter", p.bezeichnung()),
            (Mass::Netz(p), true) => format!(
                "Wegzeit {} im Wegenetz (OpenStreetMap) bei {} km/h, Minuten",
                p.bezeichnung(),
                zahl(p.kmh().unwrap_or_default(), 1)
            ),
        }
    }

    /// A threshold with its unit in words: „1.000 m“, „10 min“.
    pub fn schwelle_text(&self, s: f64) -> String {
        format!("{} {}", crate::model::deutsch::zahl(s, if s.fract() == 0.0 { 0 } else { 1 }), self.einheit())
    }

    /// „Within“ a threshold in words: „im Umkreis von 1.000 m“ (Luftlinie: a circle), on the
    /// network „in höchstens 1.000 m Weg“ or „in höchstens 10 min“ (no circle).
    pub fn bis_text(&self, s: f64) -> String {
        match (self.mass, self.minuten) {
            (Mass::Luftlinie, _) => format!("im Umkreis von {}", self.schwelle_text(s)),
            (_, false) => format!("in höchstens {} Weg", self.schwelle_text(s)),
            (_, true) => format!("in höchstens {}", self.schwelle_text(s)),
        }
    }

    /// A distance in the unit, for reports: „850 m“, „2,3 km“, „7,5 min“.
    pub fn wert_text(&self, v: f64) -> String {
        if self.minuten {
            format!("{} min", crate::model::deutsch::zahl(v, 1))
        } else {
            crate::model::deutsch::meter(v)
        }
    }

    /// The measure in two or three words: „Luftlinie“, „zu Fuß im Wegenetz“.
    pub fn kurz(&self) -> String {
        match self.mass {
            Mass::Luftlinie if self.umwegfaktor != 1.0 => "Luftlinie × Umwegfaktor".into(),
            Mass::Luftlinie => "Luftlinie".into(),
            Mass::Netz(Profil::Auto) => "mit dem Auto im Straßennetz".into(),
            Mass::Netz(p) => format!("{} im Wegenetz", p.bezeichnung()),
        }
    }
}

impl Default for Messung {
    fn default() -> Self {
        Messung::LUFTLINIE
    }
}

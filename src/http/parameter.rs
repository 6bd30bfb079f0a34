//! Typed, bounded query parameters with German messages that name the parameter and the
//! allowed range. Unknown parameters are rejected, so a typo never goes unnoticed.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;

use super::ApiFehler;
use crate::Atlas;
use crate::model::{JAHRE, Zielgruppe};
use crate::spatial::{Ausschnitt, DEUTSCHLAND_LAT, DEUTSCHLAND_LON, LonLat};

/// The query parameters of a request.
pub struct Parameter(BTreeMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Parameter {
    type Rejection = ApiFehler;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let RawQuery(q) = RawQuery::from_request_parts(parts, state).await.map_err(ApiFehler::intern)?;
        let paare: Vec<(String, String)> = serde_urlencoded::from_str(q.as_deref().unwrap_or(""))
            .map_err(|_| ApiFehler::ungueltig("Die Abfrageparameter sind nicht lesbar (URL-Kodierung prüfen)"))?;
        let mut m = BTreeMap::new();
        for (k, v) in paare {
            if let Some(c) = k.chars().chain(v.chars()).find(|c| c.is_control()) {
                return Err(ApiFehler::ungueltig(format!(
                    "Parameter „{}“ enthält ein Steuerzeichen (U+{:04X}); erlaubt ist gewöhnlicher Text ohne \
                     Zeilenumbrüche und Steuerzeichen",
                    kuerzen(&k.replace(|c: char| c.is_control(), "�")),
                    c as u32
                )));
            }
            // The same value twice is harmless (clients such as GDAL append their own
            // parameters to links that already carry them); two different values are not.
            if let Some(alt) = m.insert(k.clone(), v.clone()) {
                if alt != v {
                    return Err(ApiFehler::ungueltig(format!(
                        "Parameter „{k}“ ist mehrfach mit verschiedenen Werten angegeben („{alt}“, „{v}“)"
                    )));
                }
            }
        }
        Ok(Parameter(m))
    }
}

impl Parameter {
    /// Rejects parameters not in `erlaubt`.
    /// A parameter with an empty value counts as not given (as everywhere).
    pub fn nur(&self, erlaubt: &[&str]) -> Result<(), ApiFehler> {
        match self.0.iter().find(|(k, v)| !v.trim().is_empty() && !erlaubt.contains(&k.as_str())).map(|(k, _)| k) {
            Some(k) => Err(ApiFehler::ungueltig(format!(
                "unbekannter Parameter „{k}“; erlaubt sind: {}",
                if erlaubt.is_empty() { "keine".to_string() } else { erlaubt.join(", ") }
            ))),
            None => Ok(()),
        }
    }

    /// All parameters as given, sorted by name.
    pub fn paare(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// An optional text parameter (empty counts as missing).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    /// A number within `bereich`; `standard` when missing (`None` = required).
    pub fn zahl(
        &self,
        name: &str,
        bereich: RangeInclusive<f64>,
        standard: Option<f64>,
        einheit: &str,
    ) -> Result<f64, ApiFehler> {
        let Some(t) = self.text(name) else {
            return standard.ok_or_else(|| {
                ApiFehler::ungueltig(format!(
                    "Parameter „{name}“ fehlt (Zahl von {} bis {}{einheit})",
                    bereich.start(),
                    bereich.end()
                ))
            });
        };
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() && bereich.contains(&v) => Ok(v),
            Ok(v) if v.is_nan() => Err(ApiFehler::ungueltig(format!(
                "Parameter „{name}“ = „{}“ ist keine Zahl (erwartet {} bis {}{einheit}, Dezimalpunkt)",
                kuerzen(t),
                bereich.start(),
                bereich.end()
            ))),
            Ok(v) => Err(ApiFehler::ungueltig(format!(
                "Parameter „{name}“ = {v} liegt außerhalb des erlaubten Bereichs {} bis {}{einheit}",
                bereich.start(),
                bereich.end()
            ))),
            Err(_) => Err(ApiFehler::ungueltig(format!(
                "Parameter „{name}“ = „{}“ ist keine Zahl (erwartet {} bis {}{einheit}, Dezimalpunkt)",
                kuerzen(t),
                bereich.start(),
                bereich.end()
            ))),
        }
    }

    /// A whole number within `bereich`, `standard` when missing.
    pub fn ganzzahl(&self, name: &str, bereich: RangeInclusive<usize>, standard: usize) -> Result<usize, ApiFehler> {
        let Some(t) = self.text(name) else {
            return Ok(standard);
        };
        match t.parse::<usize>() {
            Ok(v) if bereich.contains(&v) => Ok(v),
            _ => Err(ApiFehler::ungueltig(format!(
                "Parameter „{name}“ = „{t}“ ist ungültig, erlaubt ist eine ganze Zahl von {} bis {}",
                bereich.start(),
                bereich.end()
            ))),
        }
    }

    /// `bbox` as a window: four numbers (or six, with a height axis whose values are ignored)
    /// in the axis order of `achsen`. Every finite value up to ±10⁷ is accepted: boxes beyond
    /// the world are clipped, a west edge east of the east edge crosses the antimeridian, a
    /// south edge north of the north edge gives an empty window.
    pub fn bbox(&self, achsen: BboxAchsen) -> Result<Option<Ausschnitt>, ApiFehler> {
        let Some(t) = self.text("bbox") else {
            return Ok(None);
        };
        let fehler = |was: &str| {
            ApiFehler::ungueltig(format!(
                "Parameter „bbox“ = „{}“: {was}; erwartet vier Zahlen (bis ±{MAX_BBOX_BETRAG}), durch Komma getrennt: {}",
                kuerzen(t),
                achsen.reihenfolge()
            ))
        };
        let mut v = Vec::new();
        for teil in t.split(',').map(str::trim) {
            match teil.parse::<f64>() {
                Ok(x) if x.is_finite() && x.abs() <= MAX_BBOX_BETRAG => v.push(x),
                Ok(x) if x.is_finite() => return Err(fehler(&format!("{x} ist zu groß"))),
                _ => return Err(fehler(&format!("„{}“ ist keine Zahl", kuerzen(teil)))),
            }
        }
        let [a, b, c, d] = match v.as_slice() {
            [a, b, c, d] => [*a, *b, *c, *d],
            [a, b, _, d, e, _] => [*a, *b, *d, *e],
            _ => return Err(fehler(&format!("{} Zahlen angegeben", v.len()))),
        };
        Ok(Some(match achsen {
            BboxAchsen::LonLat => Ausschnitt::lonlat(a, b, c, d),
            BboxAchsen::LatLon => Ausschnitt::lonlat(b, a, d, c),
            BboxAchsen::Utm32 => Ausschnitt::utm32(a, b, c, d).map_err(ApiFehler::intern)?,
        }))
    }

    /// `jahr`: a year from [`JAHRE`], `None` when not given.
    pub fn jahr(&self) -> Result<Option<i32>, ApiFehler> {
        match self.text("jahr") {
            None => Ok(None),
            Some(t) => match t.parse::<i32>() {
                Ok(j) if JAHRE.contains(&j) => Ok(Some(j)),
                _ => Err(ApiFehler::ungueltig(format!(
                    "Parameter „jahr“ = „{}“ ist keine Jahreszahl von {} bis {}",
                    kuerzen(t),
                    JAHRE.start(),
                    JAHRE.end()
                ))),
            },
        }
    }

    /// `lon` and `lat` (WGS84 degrees), bounded to Germany.
    pub fn lonlat(&self) -> Result<LonLat, ApiFehler> {
        let lon = self.zahl("lon", DEUTSCHLAND_LON.0..=DEUTSCHLAND_LON.1, None, "° östl. Länge (WGS84)")?;
        let lat = self.zahl("lat", DEUTSCHLAND_LAT.0..=DEUTSCHLAND_LAT.1, None, "° nördl. Breite (WGS84)")?;
        Ok(LonLat { lon, lat })
    }

    /// A list of numbers, each within `bereich`, at most `max` of them: separated by commas
    /// (`10.5,15`), or by semicolons with the German decimal comma (`10,5; 15`). A range
    /// without bounds (`f64::MIN..=f64::MAX`) accepts every finite number and is not printed.
    pub fn zahlen(
        &self,
        name: &str,
        bereich: RangeInclusive<f64>,
        standard: &[f64],
        max: usize,
        einheit: &str,
    ) -> Result<Vec<f64>, ApiFehler> {
        let Some(t) = self.text(name) else {
            return Ok(standard.to_vec());
        };
        let unbegrenzt = *bereich.start() <= f64::MIN && *bereich.end() >= f64::MAX;
        let fehler = |was: String| {
            let erwartet = if unbegrenzt {
                format!("1 bis {max} Zahlen")
            } else {
                format!("1 bis {max} Zahlen von {} bis {}{einheit}", bereich.start(), bereich.end())
            };
            let beispiel = if standard.is_empty() {
                "10,5; 15; 20".to_string()
            } else {
                standard.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")
            };
            ApiFehler::ungueltig(format!(
                "Parameter „{name}“ = „{}“: {was}; erwartet {erwartet}, durch Komma getrennt mit Dezimalpunkt \
                 oder durch Semikolon getrennt mit Dezimalkomma (z. B. {name}={beispiel})",
                kuerzen(t)
            ))
        };
        let (trenner, dezimalkomma) = if t.contains(';') { (';', true) } else { (',', false) };
        let mut v = Vec::new();
        for teil in t.split(trenner).map(str::trim) {
            if teil.is_empty() {
                return Err(fehler("ein Wert ist leer".into()));
            }
            let zahl = if dezimalkomma { teil.replace(',', ".") } else { teil.to_string() };
            match zahl.parse::<f64>() {
                Ok(x) if x.is_finite() && bereich.contains(&x) => v.push(x),
                Ok(x) if x.is_finite() => return Err(fehler(format!("{x} liegt außerhalb des erlaubten Bereichs"))),
                _ => return Err(fehler(format!("„{}“ ist keine Zahl", kuerzen(teil)))),
            }
        }
        if v.len() > max {
            return Err(fehler(format!("{} Werte angegeben", v.len())));
        }
        Ok(v)
    }

    /// A choice among named values (`FromStr` gives the German message), `standard` when missing.
    pub fn auswahl<T: std::str::FromStr<Err = String>>(&self, name: &str, standard: T) -> Result<T, ApiFehler> {
        match self.text(name) {
            None => Ok(standard),
            Some(t) => t.parse().map_err(|e: String| ApiFehler::ungueltig(format!("Parameter „{name}“: {e}"))),
        }
    }

    /// The target group (`zielgruppe`), default `standard`.
    pub fn zielgruppe(&self, standard: Zielgruppe) -> Result<Zielgruppe, ApiFehler> {
        match self.text("zielgruppe") {
            None => Ok(standard),
            Some(t) => Zielgruppe::von_id(t).ok_or_else(|| {
                ApiFehler::ungueltig(format!(
                    "Parameter „zielgruppe“: „{t}“ ist unbekannt; erlaubt: {}",
                    Zielgruppe::ALLE.map(|z| z.id()).join(", ")
                ))
            }),
        }
    }

    /// The offer category (`kategorie`); `None` when not given.
    pub fn kategorie<'a>(&'a self, a: &Atlas) -> Result<Option<&'a str>, ApiFehler> {
        match self.text("kategorie") {
            None => Ok(None),
            Some(k) if a.kategorie(k).is_some() => Ok(Some(k)),
            Some(k) => Err(unbekannte_kategorie(a, k)),
        }
    }

    /// The offer category, required.
    pub fn kategorie_pflicht<'a>(&'a self, a: &Atlas) -> Result<&'a str, ApiFehler> {
        self.kategorie(a)?.ok_or_else(|| {
            ApiFehler::ungueltig(format!(
                "Parameter „kategorie“ fehlt; vorhanden: {}",
                a.kategorien.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
            ))
        })
    }

    /// The region scheme (`schema`) as index; the first scheme when not given.
    pub fn schema(&self, a: &Atlas) -> Result<usize, ApiFehler> {
        schema_index(a, self.text("schema"))
    }
}

/// The index of a region scheme by id (`None` = the default scheme).
pub fn schema_index(a: &Atlas, id: Option<&str>) -> Result<usize, ApiFehler> {
    let ids = || a.regionsschemata.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ");
    match id {
        None if a.regionsschemata.is_empty() => Err(ApiFehler::ungueltig("Der Datensatz enthält kein Regionsschema")),
        None => Ok(0),
        Some(id) => a.regionsschemata.iter().position(|s| s.id == id).ok_or_else(|| {
            ApiFehler::ungueltig(format!("Parameter „schema“: unbekanntes Regionsschema „{id}“; vorhanden: {}", ids()))
        }),
    }
}

/// Largest absolute value of a `bbox` number (10⁷: every EPSG:25832 coordinate, and degrees).
pub const MAX_BBOX_BETRAG: f64 = 1.0e7;

/// The axis order of `bbox` numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BboxAchsen {
    /// WGS84 longitude, latitude (OGC CRS84).
    LonLat,
    /// WGS84 latitude, longitude (EPSG:4326).
    LatLon,
    /// ETRS89 / UTM 32N easting, northing in metres (EPSG:25832).
    Utm32,
}

impl BboxAchsen {
    fn reihenfolge(self) -> &'static str {
        match self {
            BboxAchsen::LonLat => {
                "westl. Länge, südl. Breite, östl. Länge, nördl. Breite (WGS84), z. B. 8.3,50.5,8.6,50.7"
            }
            BboxAchsen::LatLon => "südl. Breite, westl. Länge, nördl. Breite, östl. Länge (EPSG:4326)",
            BboxAchsen::Utm32 => "Rechtswert min, Hochwert min, Rechtswert max, Hochwert max in Metern (EPSG:25832)",
        }
    }
}

/// A user's text for a message: at most 60 characters, so a huge input never floods the answer.
pub fn kuerzen(t: &str) -> String {
    const MAX: usize = 60;
    if t.chars().count() <= MAX { t.to_string() } else { format!("{}…", t.chars().take(MAX).collect::<String>()) }
}

/// The error for an unknown category, listing the known ones.
pub fn unbekannte_kategorie(a: &Atlas, k: &str) -> ApiFehler {
    let ids: Vec<&str> = a.kategorien.iter().map(|c| c.id.as_str()).collect();
    ApiFehler::ungueltig(format!(
        "Parameter „kategorie“: unbekannte Kategorie „{}“; vorhanden: {}",
        kuerzen(k),
        ids.join(", ")
    ))
}

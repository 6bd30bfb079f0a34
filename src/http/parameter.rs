//! Typed, bounded query parameters with German messages that name the parameter and the
//! allowed range. Unknown parameters are rejected, so a typo never goes unnoticed.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;

use super::ApiFehler;
use crate::spatial::{DEUTSCHLAND_LAT, DEUTSCHLAND_LON, LonLat};

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
            if m.insert(k.clone(), v).is_some() {
                return Err(ApiFehler::ungueltig(format!("Parameter „{k}“ ist mehrfach angegeben")));
            }
        }
        Ok(Parameter(m))
    }
}

impl Parameter {
    /// Rejects parameters not in `erlaubt`.
    pub fn nur(&self, erlaubt: &[&str]) -> Result<(), ApiFehler> {
        match self.0.keys().find(|k| !erlaubt.contains(&k.as_str())) {
            Some(k) => Err(ApiFehler::ungueltig(format!(
                "unbekannter Parameter „{k}“; erlaubt sind: {}",
                if erlaubt.is_empty() { "keine".to_string() } else { erlaubt.join(", ") }
            ))),
            None => Ok(()),
        }
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
            Ok(v) if bereich.contains(&v) => Ok(v),
            Ok(v) => Err(ApiFehler::ungueltig(format!(
                "Parameter „{name}“ = {v} liegt außerhalb des erlaubten Bereichs {} bis {}{einheit}",
                bereich.start(),
                bereich.end()
            ))),
            Err(_) => Err(ApiFehler::ungueltig(format!(
                "Parameter „{name}“ = „{t}“ ist keine Zahl (erwartet {} bis {}{einheit}, Dezimalpunkt)",
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

    /// `lon` and `lat` (WGS84 degrees), bounded to Germany.
    pub fn lonlat(&self) -> Result<LonLat, ApiFehler> {
        let lon = self.zahl("lon", DEUTSCHLAND_LON.0..=DEUTSCHLAND_LON.1, None, "° östl. Länge (WGS84)")?;
        let lat = self.zahl("lat", DEUTSCHLAND_LAT.0..=DEUTSCHLAND_LAT.1, None, "° nördl. Breite (WGS84)")?;
        Ok(LonLat { lon, lat })
    }
}

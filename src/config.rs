//! Configuration of the service: built-in defaults < configuration file < environment <
//! command-line flags.
//!
//! The file is TOML (`sozialraum.toml` in the working directory, or the one named by
//! `--konfig` / `SOZIALRAUM_KONFIG`):
//!
//! ```toml
//! adresse = "127.0.0.1:8080"   # where the service listens
//! daten = "geodata/lahn-dill"  # data directory; leave out for the embedded Lahn-Dill data
//! web = "web"                  # directory of the web page
//! intern_token = "…"           # bearer token of the internal mode (better: SOZIALRAUM_TOKEN)
//! kacheln_url = "https://tiles.example.org/{z}/{x}/{y}.png"   # optional base map
//! kacheln_attribution = "© …"  # required with kacheln_url
//!
//! [datenschutz]
//! min_anzahl = 3               # counts 1 … min_anzahl − 1 are not published
//! min_nenner = 100             # rates with a smaller denominator are not published
//! ```

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::analysis::datenschutz::Datenschutz;
use crate::error::{Error, Result};
use crate::io::Datenquelle;

/// Default listening address.
pub const STANDARD_ADRESSE: &str = "127.0.0.1:8080";
/// Name of the configuration file looked for in the working directory.
pub const KONFIG_DATEI: &str = "sozialraum.toml";

/// What a configuration file may contain.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Konfigurationsdatei {
    /// Listening address `HOST:PORT`.
    pub adresse: Option<String>,
    /// Data directory.
    pub daten: Option<PathBuf>,
    /// Web directory.
    pub web: Option<PathBuf>,
    /// Bearer token that unlocks the internal mode (unsuppressed values).
    pub intern_token: Option<String>,
    /// URL template of a base map tile server (`{z}`, `{x}`, `{y}`), if the installation has one.
    pub kacheln_url: Option<String>,
    /// Attribution of the base map.
    pub kacheln_attribution: Option<String>,
    /// Suppression rule.
    pub datenschutz: Option<DatenschutzDatei>,
}

/// A base map for the web page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Kacheln {
    /// URL template with `{z}`, `{x}`, `{y}`.
    pub url: String,
    /// Attribution shown on the map.
    pub attribution: String,
}

/// The `[datenschutz]` table of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatenschutzDatei {
    /// Smallest published count.
    pub min_anzahl: Option<f64>,
    /// Smallest denominator of a published rate.
    pub min_nenner: Option<f64>,
}

/// Shortest accepted token of the internal mode.
pub const MIN_TOKEN_LAENGE: usize = 16;

impl Konfigurationsdatei {
    /// Reads a configuration file; a missing optional default file is an empty configuration.
    pub fn lesen(pfad: Option<&Path>) -> Result<Self> {
        let (pfad, pflicht) = match pfad {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from(KONFIG_DATEI), false),
        };
        let text = match std::fs::read_to_string(&pfad) {
            Ok(t) => t,
            Err(e) if !pflicht && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default());
            }
            Err(e) => {
                return Err(Error::Datei { pfad: pfad.display().to_string(), grund: e.to_string() });
            }
        };
        toml::from_str(&text).map_err(|e| Error::Konfiguration(format!("{}: {}", pfad.display(), e.message())))
    }
}

/// The effective configuration of `serve`.
#[derive(Debug, Clone)]
pub struct Konfiguration {
    /// Listening address.
    pub adresse: SocketAddr,
    /// Data set.
    pub daten: Datenquelle,
    /// Directory served at `/`.
    pub web: PathBuf,
    /// Suppression rule of published figures.
    pub datenschutz: Datenschutz,
    /// Bearer token of the internal mode; `None` = internal mode off.
    pub intern_token: Option<String>,
    /// Base map of the web page; `None` = none (the page works without).
    pub kacheln: Option<Kacheln>,
}

/// Values given on the command line or in the environment (already combined by the CLI).
#[derive(Debug, Clone, Default)]
pub struct Vorgaben {
    /// `--adresse` / `SOZIALRAUM_ADRESSE`.
    pub adresse: Option<String>,
    /// `--daten` / `SOZIALRAUM_DATEN`.
    pub daten: Option<PathBuf>,
    /// `--web` / `SOZIALRAUM_WEB`.
    pub web: Option<PathBuf>,
    /// `--min-anzahl` / `SOZIALRAUM_MIN_ANZAHL`.
    pub min_anzahl: Option<f64>,
    /// `--min-nenner` / `SOZIALRAUM_MIN_NENNER`.
    pub min_nenner: Option<f64>,
    /// `SOZIALRAUM_TOKEN` (never a flag: it would show in the process list).
    pub intern_token: Option<String>,
    /// `SOZIALRAUM_KACHELN_URL`.
    pub kacheln_url: Option<String>,
    /// `SOZIALRAUM_KACHELN_ATTRIBUTION`.
    pub kacheln_attribution: Option<String>,
}

impl Konfiguration {
    /// Merges flag/environment values over the file over the defaults.
    pub fn zusammenfuehren(v: Vorgaben, datei: Konfigurationsdatei) -> Result<Self> {
        let Vorgaben { adresse, daten, web, min_anzahl, min_nenner, intern_token, kacheln_url, kacheln_attribution } =
            v;
        let adresse_text = adresse.or(datei.adresse).unwrap_or_else(|| STANDARD_ADRESSE.to_string());
        let adresse = adresse_text.parse().map_err(|_| {
            Error::Konfiguration(format!(
                "Adresse „{adresse_text}“ ist ungültig, erwartet HOST:PORT wie 127.0.0.1:8080"
            ))
        })?;
        let daten = match daten.or(datei.daten) {
            Some(d) => Datenquelle::Verzeichnis(d),
            None => Datenquelle::Eingebettet,
        };
        let web = web.or(datei.web).unwrap_or_else(|| PathBuf::from("web"));
        let standard = Datenschutz::default();
        let dd = datei.datenschutz.unwrap_or_default();
        let datenschutz = Datenschutz {
            min_anzahl: min_anzahl.or(dd.min_anzahl).unwrap_or(standard.min_anzahl),
            min_nenner: min_nenner.or(dd.min_nenner).unwrap_or(standard.min_nenner),
        };
        if !(datenschutz.min_anzahl >= 1.0 && datenschutz.min_anzahl.fract() == 0.0) {
            return Err(Error::Konfiguration(format!(
                "Datenschutz: min_anzahl = {} ist ungültig, erwartet eine ganze Zahl ≥ 1 (3 = Fallzahlen 1 und 2 werden nicht ausgewiesen)",
                datenschutz.min_anzahl
            )));
        }
        if !(datenschutz.min_nenner >= 0.0 && datenschutz.min_nenner.is_finite()) {
            return Err(Error::Konfiguration(format!(
                "Datenschutz: min_nenner = {} ist ungültig, erwartet eine Zahl ≥ 0",
                datenschutz.min_nenner
            )));
        }
        let intern_token = intern_token.or(datei.intern_token).map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        if intern_token.as_ref().is_some_and(|t| t.chars().count() < MIN_TOKEN_LAENGE) {
            return Err(Error::Konfiguration(format!(
                "Das Token für den internen Zugang ist zu kurz: mindestens {MIN_TOKEN_LAENGE} Zeichen (z. B. mit `openssl rand -hex 24` erzeugen)"
            )));
        }
        let kacheln = match (kacheln_url.or(datei.kacheln_url), kacheln_attribution.or(datei.kacheln_attribution)) {
            (None, _) => None,
            (Some(url), attribution) => {
                if !["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p)) {
                    return Err(Error::Konfiguration(format!(
                        "kacheln_url „{url}“ braucht die Platzhalter {{z}}, {{x}} und {{y}}, z. B. https://kacheln.example/{{z}}/{{x}}/{{y}}.png"
                    )));
                }
                let attribution = attribution.filter(|a| !a.trim().is_empty()).ok_or_else(|| {
                    Error::Konfiguration(
                        "kacheln_url ist gesetzt, aber kacheln_attribution fehlt (Quellenangabe der Hintergrundkarte)"
                            .into(),
                    )
                })?;
                Some(Kacheln { url, attribution })
            }
        };
        Ok(Self { adresse, daten, web, datenschutz, intern_token, kacheln })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_file_and_defaults_fill_the_rest() {
        let datei = Konfigurationsdatei {
            adresse: Some("127.0.0.1:9000".into()),
            daten: Some("x".into()),
            datenschutz: Some(DatenschutzDatei { min_anzahl: Some(5.0), min_nenner: None }),
            ..Default::default()
        };
        let v = Vorgaben { adresse: Some("127.0.0.1:9100".into()), min_nenner: Some(50.0), ..Default::default() };
        let k = Konfiguration::zusammenfuehren(v, datei).unwrap();
        assert_eq!(k.adresse.port(), 9100);
        assert_eq!(k.daten, Datenquelle::Verzeichnis("x".into()));
        assert_eq!(k.web, PathBuf::from("web"));
        assert_eq!(k.datenschutz, Datenschutz { min_anzahl: 5.0, min_nenner: 50.0 });
    }

    #[test]
    fn without_anything_the_embedded_data_is_served_on_8080_in_public_mode() {
        let k = Konfiguration::zusammenfuehren(Vorgaben::default(), Konfigurationsdatei::default()).unwrap();
        assert_eq!(k.adresse.to_string(), STANDARD_ADRESSE);
        assert_eq!(k.daten, Datenquelle::Eingebettet);
        assert_eq!(k.datenschutz, Datenschutz::default());
        assert_eq!(k.intern_token, None);
    }

    #[test]
    fn a_bad_address_is_explained() {
        let v = Vorgaben { adresse: Some("localhost".into()), ..Default::default() };
        let e = Konfiguration::zusammenfuehren(v, Konfigurationsdatei::default()).unwrap_err();
        assert!(e.to_string().contains("HOST:PORT"));
    }

    #[test]
    fn a_short_token_and_a_fractional_minimum_are_refused() {
        let v = Vorgaben { intern_token: Some("kurz".into()), ..Default::default() };
        assert!(
            Konfiguration::zusammenfuehren(v, Konfigurationsdatei::default())
                .unwrap_err()
                .to_string()
                .contains("zu kurz")
        );
        let v = Vorgaben { min_anzahl: Some(2.5), ..Default::default() };
        assert!(
            Konfiguration::zusammenfuehren(v, Konfigurationsdatei::default())
                .unwrap_err()
                .to_string()
                .contains("min_anzahl")
        );
    }

    #[test]
    fn unknown_keys_in_the_file_are_rejected() {
        let e = toml::from_str::<Konfigurationsdatei>("adrese = \"x\"").unwrap_err();
        assert!(e.message().contains("adrese"));
    }
}

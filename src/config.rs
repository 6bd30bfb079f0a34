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
//! ```

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

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
}

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
}

impl Konfiguration {
    /// Merges flag/environment values (already combined by the CLI) over the file.
    pub fn zusammenfuehren(
        adresse: Option<String>,
        daten: Option<PathBuf>,
        web: Option<PathBuf>,
        datei: Konfigurationsdatei,
    ) -> Result<Self> {
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
        Ok(Self { adresse, daten, web })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_file_and_defaults_fill_the_rest() {
        let datei = Konfigurationsdatei { adresse: Some("127.0.0.1:9000".into()), daten: Some("x".into()), web: None };
        let k = Konfiguration::zusammenfuehren(Some("127.0.0.1:9100".into()), None, None, datei).unwrap();
        assert_eq!(k.adresse.port(), 9100);
        assert_eq!(k.daten, Datenquelle::Verzeichnis("x".into()));
        assert_eq!(k.web, PathBuf::from("web"));
    }

    #[test]
    fn without_anything_the_embedded_data_is_served_on_8080() {
        let k = Konfiguration::zusammenfuehren(None, None, None, Konfigurationsdatei::default()).unwrap();
        assert_eq!(k.adresse.to_string(), STANDARD_ADRESSE);
        assert_eq!(k.daten, Datenquelle::Eingebettet);
    }

    #[test]
    fn a_bad_address_is_explained() {
        let e = Konfiguration::zusammenfuehren(Some("localhost".into()), None, None, Konfigurationsdatei::default())
            .unwrap_err();
        assert!(e.to_string().contains("HOST:PORT"));
    }

    #[test]
    fn unknown_keys_in_the_file_are_rejected() {
        let e = toml::from_str::<Konfigurationsdatei>("adrese = \"x\"").unwrap_err();
        assert!(e.message().contains("adrese"));
    }
}

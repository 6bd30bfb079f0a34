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
//! bearbeiten_token = "…"       # bearer token of editing (better: SOZIALRAUM_TOKEN_BEARBEITEN)
//! kacheln_url = "https://tiles.example.org/{z}/{x}/{y}.png"   # optional base map
//! kacheln_attribution = "© …"  # required with kacheln_url
//! oeffentliche_url = "https://sozialraum.lahn-dill-kreis.de"  # base of links (behind a proxy)
//! cors = true                  # Access-Control-Allow-Origin: * on GET (web maps elsewhere)
//!
//! [server]
//! max_verbindungen = 512       # connections open at once; more wait in the listen queue
//! kopf_sekunden = 10           # time to send a request head; idle keep-alive time
//! koerper_sekunden = 30        # time to send a request body
//! abschluss_sekunden = 30      # on SIGTERM/Ctrl+C: time running requests get to finish
//! max_renderings = 2           # PNG maps rendered at once (memory); more wait, then 503
//!
//! [[token]]                  # any number of named tokens (the name is kept with every change)
//! name = "Jugendhilfeplanung"
//! rolle = "bearbeiten"         # intern | melden | bearbeiten
//! hash = "sha256:…"            # as `sozialraum token` prints it (or token = "…")
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

mod token;

pub use token::{MIN_TOKEN_LAENGE, Rolle, Tokeneintrag, Zugangstoken, erzeugen as token_erzeugen, hash_text};

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
    /// The store (GeoPackage) of offers and categories; relative to the configuration file.
    pub speicher: Option<PathBuf>,
    /// Web directory.
    pub web: Option<PathBuf>,
    /// Bearer token that unlocks the internal mode (unsuppressed values).
    pub intern_token: Option<Geheimnis>,
    /// Bearer token of the editing role (changes offers; reads like the internal mode).
    pub bearbeiten_token: Option<Geheimnis>,
    /// Named tokens with their roles.
    #[serde(default)]
    pub token: Vec<Tokeneintrag>,
    /// URL template of a base map tile server (`{z}`, `{x}`, `{y}`), if the installation has one.
    pub kacheln_url: Option<String>,
    /// Attribution of the base map.
    pub kacheln_attribution: Option<String>,
    /// Public base URL of the service (scheme, host, optional path), used in links.
    pub oeffentliche_url: Option<String>,
    /// CORS headers on GET responses (default on).
    pub cors: Option<bool>,
    /// Limits of the connection loop and of rendering.
    pub server: Option<ServerDatei>,
    /// Suppression rule.
    pub datenschutz: Option<DatenschutzDatei>,
    /// The directory of the file read (`None`: no file).
    #[serde(skip)]
    pub verzeichnis: Option<PathBuf>,
}

/// A secret (the bearer token): never shown by `Debug` or in logs.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Geheimnis(String);

impl Geheimnis {
    /// Wraps a secret.
    pub fn neu(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The secret itself, for the one comparison that needs it.
    pub fn offenlegen(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Geheimnis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Geheimnis(***)")
    }
}

/// The `[server]` table of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerDatei {
    /// Most connections open at once.
    pub max_verbindungen: Option<usize>,
    /// Seconds to send a request head (and idle keep-alive time).
    pub kopf_sekunden: Option<f64>,
    /// Seconds to send a request body.
    pub koerper_sekunden: Option<f64>,
    /// Seconds running requests get on shutdown.
    pub abschluss_sekunden: Option<f64>,
    /// PNG maps rendered at once.
    pub max_renderings: Option<usize>,
}

pub use crate::model::Kacheln;

/// The `[datenschutz]` table of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatenschutzDatei {
    /// Smallest published count.
    pub min_anzahl: Option<f64>,
    /// Smallest denominator of a published rate.
    pub min_nenner: Option<f64>,
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
        let mut d: Self =
            toml::from_str(&text).map_err(|e| Error::Konfiguration(format!("{}: {}", pfad.display(), e.message())))?;
        d.verzeichnis =
            Some(pfad.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf());
        Ok(d)
    }
}

/// Where the store lives when nothing is configured: in `daten/` beside the configuration file,
/// else in the user's data directory (`$XDG_DATA_HOME/sozialraum`, `~/.local/share/sozialraum`) –
/// never in the working directory, which may be the source tree.
pub fn standard_speicher(konfiguration: Option<&Path>) -> PathBuf {
    let dir = match (konfiguration, std::env::var_os("XDG_DATA_HOME"), std::env::var_os("HOME")) {
        (Some(k), ..) => k.join("daten"),
        (None, Some(x), _) if !x.is_empty() => PathBuf::from(x).join("sozialraum"),
        (None, _, Some(h)) if !h.is_empty() => PathBuf::from(h).join(".local/share/sozialraum"),
        _ => std::env::temp_dir().join("sozialraum"),
    };
    dir.join(SPEICHER_DATEI)
}

/// The name changes by `SOZIALRAUM_TOKEN_BEARBEITEN` / `bearbeiten_token` are recorded under.
pub const BEARBEITUNG: &str = "Bearbeitung";
/// The name of the token `SOZIALRAUM_TOKEN` / `intern_token`.
pub const INTERN: &str = "Intern";

/// File name of the store.
pub const SPEICHER_DATEI: &str = "sozialraum.gpkg";

/// The effective configuration of `serve`.
#[derive(Debug, Clone)]
pub struct Konfiguration {
    /// Listening address.
    pub adresse: SocketAddr,
    /// Data set.
    pub daten: Datenquelle,
    /// The store (GeoPackage file).
    pub speicher: PathBuf,
    /// Directory served at `/`.
    pub web: PathBuf,
    /// Suppression rule of published figures.
    pub datenschutz: Datenschutz,
    /// The tokens and their roles (none: public mode only).
    pub tokens: Vec<Zugangstoken>,
    /// Base map of the web page; `None` = none (the page works without).
    pub kacheln: Option<Kacheln>,
    /// Public base URL of links (`None` = from the request's `Host`, checked).
    pub oeffentliche_url: Option<String>,
    /// CORS headers on GET responses.
    pub cors: bool,
    /// Limits of the connection loop.
    pub server: Servergrenzen,
    /// PNG maps rendered at once.
    pub max_renderings: usize,
}

/// Values given on the command line or in the environment (already combined by the CLI).
#[derive(Debug, Clone, Default)]
pub struct Vorgaben {
    /// `--adresse` / `SOZIALRAUM_ADRESSE`.
    pub adresse: Option<String>,
    /// `--daten` / `SOZIALRAUM_DATEN`.
    pub daten: Option<PathBuf>,
    /// `--speicher` / `SOZIALRAUM_SPEICHER`.
    pub speicher: Option<PathBuf>,
    /// `--web` / `SOZIALRAUM_WEB`.
    pub web: Option<PathBuf>,
    /// `--min-anzahl` / `SOZIALRAUM_MIN_ANZAHL`.
    pub min_anzahl: Option<f64>,
    /// `--min-nenner` / `SOZIALRAUM_MIN_NENNER`.
    pub min_nenner: Option<f64>,
    /// `SOZIALRAUM_TOKEN` (never a flag: it would show in the process list).
    pub intern_token: Option<Geheimnis>,
    /// Bearer token of the editing role (changes offers; reads like the internal mode).
    pub bearbeiten_token: Option<Geheimnis>,
    /// `SOZIALRAUM_KACHELN_URL`.
    pub kacheln_url: Option<String>,
    /// `SOZIALRAUM_KACHELN_ATTRIBUTION`.
    pub kacheln_attribution: Option<String>,
}

impl Konfiguration {
    /// Merges flag/environment values over the file over the defaults.
    pub fn zusammenfuehren(v: Vorgaben, datei: Konfigurationsdatei) -> Result<Self> {
        let Vorgaben {
            adresse,
            daten,
            speicher,
            web,
            min_anzahl,
            min_nenner,
            intern_token,
            bearbeiten_token,
            kacheln_url,
            kacheln_attribution,
        } = v;
        let speicher = speicher
            .or_else(|| datei.speicher.as_ref().map(|s| datei.verzeichnis.clone().unwrap_or_default().join(s)))
            .unwrap_or_else(|| standard_speicher(datei.verzeichnis.as_deref()));
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
        let mut tokens = Vec::new();
        if let Some(t) = intern_token.or(datei.intern_token) {
            tokens.push(Zugangstoken::neu(
                INTERN,
                Rolle::Intern,
                &t,
                "den internen Zugang (SOZIALRAUM_TOKEN oder intern_token)",
            )?);
        }
        if let Some(t) = bearbeiten_token.or(datei.bearbeiten_token) {
            tokens.push(Zugangstoken::neu(
                BEARBEITUNG,
                Rolle::Bearbeiten,
                &t,
                "die Bearbeitung (SOZIALRAUM_TOKEN_BEARBEITEN oder bearbeiten_token)",
            )?);
        }
        for (i, e) in datei.token.into_iter().enumerate() {
            tokens.push(Zugangstoken::aus_eintrag(i + 1, e)?);
        }
        token::eindeutig(&tokens)?;
        let oeffentliche_url = match datei.oeffentliche_url {
            None => None,
            Some(u) => Some(oeffentliche_url_pruefen(&u)?),
        };
        let (server, max_renderings) = servergrenzen(datei.server.unwrap_or_default())?;
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
        Ok(Self {
            adresse,
            daten,
            speicher,
            web,
            datenschutz,
            tokens,
            kacheln,
            oeffentliche_url,
            cors: datei.cors.unwrap_or(true),
            server,
            max_renderings,
        })
    }
}

/// Checks a public base URL: `http(s)://host[:port][/path]`, no query, no trailing slash.
fn oeffentliche_url_pruefen(u: &str) -> Result<String> {
    let u = u.trim().trim_end_matches('/');
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://"));
    let gut = rest.is_some_and(|r| {
        !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric() || "-._~:/[]%".contains(c)) && !r.starts_with('/')
    });
    if !gut {
        return Err(Error::Konfiguration(format!(
            "oeffentliche_url „{u}“ ist ungültig, erwartet z. B. https://sozialraum.example.de oder https://example.de/sozialraum"
        )));
    }
    Ok(u.to_string())
}

/// The `[server]` table with defaults, checked.
fn servergrenzen(d: ServerDatei) -> Result<(Servergrenzen, usize)> {
    let standard = Servergrenzen::default();
    let sekunden = |name: &str, wert: Option<f64>, std: std::time::Duration| -> Result<std::time::Duration> {
        match wert {
            None => Ok(std),
            Some(s) if s.is_finite() && (0.1..=3600.0).contains(&s) => Ok(std::time::Duration::from_secs_f64(s)),
            Some(s) => Err(Error::Konfiguration(format!(
                "[server] {name} = {s} ist ungültig, erwartet Sekunden von 0,1 bis 3600"
            ))),
        }
    };
    let max_verbindungen = d.max_verbindungen.unwrap_or(standard.max_verbindungen);
    if !(1..=100_000).contains(&max_verbindungen) {
        return Err(Error::Konfiguration(format!(
            "[server] max_verbindungen = {max_verbindungen} ist ungültig, erwartet 1 bis 100000"
        )));
    }
    let max_renderings = d.max_renderings.unwrap_or(STANDARD_RENDERINGS);
    if !(1..=64).contains(&max_renderings) {
        return Err(Error::Konfiguration(format!(
            "[server] max_renderings = {max_renderings} ist ungültig, erwartet 1 bis 64"
        )));
    }
    Ok((
        Servergrenzen {
            max_verbindungen,
            kopf_zeitlimit: sekunden("kopf_sekunden", d.kopf_sekunden, standard.kopf_zeitlimit)?,
            koerper_zeitlimit: sekunden("koerper_sekunden", d.koerper_sekunden, standard.koerper_zeitlimit)?,
            abschluss_zeitlimit: sekunden("abschluss_sekunden", d.abschluss_sekunden, standard.abschluss_zeitlimit)?,
        },
        max_renderings,
    ))
}

/// PNG maps rendered at once unless configured otherwise (one per core of a small server).
pub const STANDARD_RENDERINGS: usize = 2;

/// Limits of the connection loop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Servergrenzen {
    /// Most connections open at once; a further client makes the oldest one close (an idle
    /// one at once, a busy one after its answer).
    pub max_verbindungen: usize,
    /// Time a client has to send a complete request head, and the longest idle time of a
    /// keep-alive connection between two requests.
    pub kopf_zeitlimit: std::time::Duration,
    /// Time a client has to send the body of a request.
    pub koerper_zeitlimit: std::time::Duration,
    /// On shutdown: how long running requests may take before the service ends anyway.
    pub abschluss_zeitlimit: std::time::Duration,
}

impl Default for Servergrenzen {
    fn default() -> Self {
        Self {
            max_verbindungen: 512,
            kopf_zeitlimit: std::time::Duration::from_secs(10),
            koerper_zeitlimit: std::time::Duration::from_secs(30),
            abschluss_zeitlimit: std::time::Duration::from_secs(30),
        }
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
        assert!(k.tokens.is_empty());
    }

    #[test]
    fn a_bad_address_is_explained() {
        let v = Vorgaben { adresse: Some("localhost".into()), ..Default::default() };
        let e = Konfiguration::zusammenfuehren(v, Konfigurationsdatei::default()).unwrap_err();
        assert!(e.to_string().contains("HOST:PORT"));
    }

    #[test]
    fn a_short_token_and_a_fractional_minimum_are_refused() {
        let v = Vorgaben { intern_token: Some(Geheimnis::neu("kurz")), ..Default::default() };
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
    fn a_blank_token_is_refused_not_ignored_and_never_shown() {
        for leer in ["", "   "] {
            let v = Vorgaben { intern_token: Some(Geheimnis::neu(leer)), ..Default::default() };
            let e = Konfiguration::zusammenfuehren(v, Konfigurationsdatei::default()).unwrap_err();
            assert!(e.to_string().contains("gesetzt, aber leer"), "{e}");
        }
        let geheim = "ein-sehr-geheimes-token-1234";
        let v = Vorgaben { intern_token: Some(Geheimnis::neu(geheim)), ..Default::default() };
        let k = Konfiguration::zusammenfuehren(v, Konfigurationsdatei::default()).unwrap();
        assert!(!format!("{k:?}").contains(geheim));
        let datei: Konfigurationsdatei = toml::from_str(&format!("intern_token = \"{geheim}\"")).unwrap();
        assert!(!format!("{datei:?}").contains(geheim));
    }

    #[test]
    fn server_limits_and_public_url_are_checked() {
        let datei: Konfigurationsdatei = toml::from_str(
            "oeffentliche_url = \"https://karte.example.de/sozialraum/\"\n[server]\nkopf_sekunden = 2.5",
        )
        .unwrap();
        let k = Konfiguration::zusammenfuehren(Vorgaben::default(), datei).unwrap();
        assert_eq!(k.oeffentliche_url.as_deref(), Some("https://karte.example.de/sozialraum"));
        assert_eq!(k.server.kopf_zeitlimit, std::time::Duration::from_millis(2500));
        assert!(k.cors);
        for falsch in [
            "oeffentliche_url = \"javascript:alert(1)\"",
            "oeffentliche_url = \"https://a\\\"b\"",
            "[server]\nkopf_sekunden = 0",
        ] {
            let datei: Konfigurationsdatei = toml::from_str(falsch).unwrap();
            assert!(Konfiguration::zusammenfuehren(Vorgaben::default(), datei).is_err(), "{falsch}");
        }
    }

    #[test]
    fn unknown_keys_in_the_file_are_rejected() {
        let e = toml::from_str::<Konfigurationsdatei>("adrese = \"x\"").unwrap_err();
        assert!(e.message().contains("adrese"));
    }
}

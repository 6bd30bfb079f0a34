//! The store: the data planners keep current (offers, categories), with the history of every
//! change, in one GeoPackage file (SQLite, an OGC standard: GIS staff open it in QGIS). The
//! store is behind this narrow interface so that another backend (PostgreSQL/PostGIS) can
//! follow; boundaries and census grids stay read-only inputs of the data set.
//!
//! - Every write is one transaction; the file runs in WAL mode, so a crash leaves it before or
//!   after a change, never between.
//! - The schema is versioned; migrations run when the file is opened.
//! - Offers are a feature table `angebote` with a point geometry in WGS84 (EPSG:4326) in the
//!   GeoPackage encoding; categories and the change history are attribute tables.

mod geopackage;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};

use crate::model::{Angebot, Kategorie};

/// The accessors of a [`Satz`] whose fields are `id` and `version`.
macro_rules! id_und_version {
    () => {
        fn version(&self) -> i64 {
            self.version
        }
        fn kennung(&self) -> &str {
            &self.id
        }
        fn erste_version(&mut self) {
            self.version = 1;
        }
        fn kennung_und_version(&mut self, alt: &Self) {
            (self.id, self.version) = (alt.id.clone(), alt.version + 1);
        }
        fn kennung_und_version_wie(&mut self, alt: &Self) {
            (self.id, self.version) = (alt.id.clone(), alt.version);
        }
    };
}

mod netz;
mod planung;
pub use netz::Netzangabe;
pub use planung::{Bedarfssatz, Meldezelle, Quartalsmeldungen, Statusschritt};

/// The mark of a store holding the indicator values of the data set.
pub const INDIKATORWERTE: &str = "indikatorwerte";
/// The mark of a store holding the region schemes of the data set.
pub const REGIONSSCHEMATA: &str = "regionsschemata";

/// The schema version this program writes; older files are migrated when opened.
pub const SCHEMA_VERSION: i64 = 5;

/// Why the store cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Speicherfehler {
    /// The file cannot be opened or created.
    #[error("Speicher {pfad}: {grund}")]
    Datei {
        /// The file.
        pfad: String,
        /// Why (German).
        grund: String,
    },
    /// The file was written by a newer version of sozialraum.
    #[error(
        "Speicher {pfad}: Schema-Version {gefunden} ist neuer als die dieses Programms ({SCHEMA_VERSION}); bitte sozialraum aktualisieren"
    )]
    ZuNeu {
        /// The file.
        pfad: String,
        /// Its schema version.
        gefunden: i64,
    },
    /// SQLite refused an operation.
    #[error("Speicher: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// No record with this id.
    #[error("{objekt} „{id}“ gibt es nicht")]
    NichtGefunden {
        /// What kind of record.
        objekt: &'static str,
        /// Its id.
        id: String,
    },
    /// A record with this id exists already.
    #[error("{objekt} „{id}“ gibt es schon")]
    Vorhanden {
        /// What kind of record.
        objekt: &'static str,
        /// Its id.
        id: String,
    },
    /// Someone else changed the record since the version the change was based on.
    #[error(
        "{objekt} „{id}“ wurde inzwischen geändert (Version {aktuell}, die Änderung bezog sich auf Version {erwartet}); bitte neu laden und die Änderung wiederholen"
    )]
    Veraltet {
        /// What kind of record.
        objekt: &'static str,
        /// Its id.
        id: String,
        /// The version the change expected.
        erwartet: i64,
        /// The version stored now.
        aktuell: i64,
    },
    /// The record is still used by others and cannot be closed.
    #[error("{objekt} „{id}“ wird noch gebraucht: {grund}")]
    InGebrauch {
        /// What kind of record.
        objekt: &'static str,
        /// Its id.
        id: String,
        /// By what.
        grund: String,
    },
    /// Stored data cannot be read back (a value that does not fit its column).
    #[error("Speicher, Tabelle {tabelle}, Datensatz {id}: {grund}")]
    Inhalt {
        /// Table.
        tabelle: &'static str,
        /// Record id.
        id: String,
        /// Why.
        grund: String,
    },
}

impl From<Speicherfehler> for crate::Error {
    fn from(e: Speicherfehler) -> Self {
        match e {
            // The message names the file already.
            Speicherfehler::Datei { pfad, grund } => crate::Error::Datei { pfad, grund },
            e => crate::Error::Datei { pfad: "Speicher".into(), grund: e.to_string() },
        }
    }
}

/// An offer as stored: the fields of `angebote.csv`, its validity and its version.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Angebotssatz {
    /// Id.
    pub id: String,
    /// Category id.
    pub kategorie: String,
    /// Name.
    pub name: String,
    /// Provider.
    pub traeger: String,
    /// Street and number.
    pub strasse: String,
    /// Postcode.
    pub plz: String,
    /// Town.
    pub ort: String,
    /// AGS of its Kommune.
    pub ags: String,
    /// Longitude (WGS84).
    pub lon: f64,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Example data.
    pub beispiel: bool,
    /// Source of the entry.
    pub quelle: String,
    /// Further columns.
    pub merkmale: BTreeMap<String, String>,
    /// First day of validity (`None`: from the beginning), `JJJJ-MM-TT`.
    pub gueltig_ab: Option<String>,
    /// First day no longer valid (`None`: open), `JJJJ-MM-TT`.
    pub gueltig_bis: Option<String>,
    /// Version, raised by every change (the ETag of the record).
    pub version: i64,
}

impl Angebotssatz {
    /// An empty first version, to be filled.
    pub fn leer() -> Self {
        Angebotssatz {
            id: String::new(),
            kategorie: String::new(),
            name: String::new(),
            traeger: String::new(),
            strasse: String::new(),
            plz: String::new(),
            ort: String::new(),
            ags: String::new(),
            lon: 0.0,
            lat: 0.0,
            beispiel: false,
            quelle: String::new(),
            merkmale: BTreeMap::new(),
            gueltig_ab: None,
            gueltig_bis: None,
            version: 1,
        }
    }

    /// An offer of the data set as a first version, valid from the beginning.
    pub fn aus(o: &Angebot) -> Self {
        Angebotssatz {
            id: o.id.clone(),
            kategorie: o.kategorie.clone(),
            name: o.name.clone(),
            traeger: o.traeger.clone(),
            strasse: o.strasse.clone(),
            plz: o.plz.clone(),
            ort: o.ort.clone(),
            ags: o.ags.to_string(),
            lon: o.lage.lon,
            lat: o.lage.lat,
            beispiel: o.beispiel,
            quelle: o.quelle.clone(),
            merkmale: o.merkmale.clone(),
            gueltig_ab: None,
            gueltig_bis: None,
            version: 1,
        }
    }

    /// Valid on `tag` (`JJJJ-MM-TT`; ISO dates compare as text).
    pub fn gilt_am(&self, tag: &str) -> bool {
        self.gueltig_ab.as_deref().is_none_or(|ab| ab <= tag) && self.gueltig_bis.as_deref().is_none_or(|bis| tag < bis)
    }
}

/// A category as stored: its fields, validity and version.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Kategoriesatz {
    /// Id.
    pub id: String,
    /// German label.
    pub bezeichnung: String,
    /// Legal basis, e.g. "§ 16 SGB VIII".
    pub paragraph: String,
    /// Short symbol of the map markers.
    pub symbol: String,
    /// Marker colour `#rrggbb`.
    pub farbe: String,
    /// First day no longer used (`None`: open), `JJJJ-MM-TT`.
    pub gueltig_bis: Option<String>,
    /// Version, raised by every change (the ETag).
    pub version: i64,
}

impl Kategoriesatz {
    /// A category of the data set as a first version, in use.
    pub fn aus(k: &Kategorie) -> Self {
        Kategoriesatz {
            id: k.id.clone(),
            bezeichnung: k.bezeichnung.clone(),
            paragraph: k.paragraph.clone(),
            symbol: k.symbol.clone(),
            farbe: k.farbe.clone(),
            gueltig_bis: None,
            version: 1,
        }
    }

    /// The category of the model.
    pub fn kategorie(&self) -> Kategorie {
        Kategorie {
            id: self.id.clone(),
            bezeichnung: self.bezeichnung.clone(),
            paragraph: self.paragraph.clone(),
            symbol: self.symbol.clone(),
            farbe: self.farbe.clone(),
        }
    }

    /// In use on `tag`.
    pub fn gilt_am(&self, tag: &str) -> bool {
        self.gueltig_bis.as_deref().is_none_or(|bis| tag < bis)
    }
}

/// One value of an indicator for one area (Kommune, or the Kreis with `000`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Wertzeile {
    /// AGS of the Kommune (or of the Kreis, ending in `000`).
    pub ags: String,
    /// The rate as published.
    pub wert: f64,
    /// Numerator count, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zaehler: Option<f64>,
    /// Denominator count, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nenner: Option<f64>,
}

/// A region scheme as stored: its fields, the region of every Kommune (AGS → region name, empty
/// = in no region), validity and version.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Schemasatz {
    /// Id.
    pub id: String,
    /// German label.
    pub bezeichnung: String,
    /// Stand of the assignment (text as decided, e.g. a date).
    pub stand: String,
    /// An example assignment, not the official one.
    pub beispiel: bool,
    /// Note shown with the scheme.
    pub hinweis: String,
    /// Region of every Kommune by AGS (empty: in no region).
    pub zuordnung: BTreeMap<String, String>,
    /// First day no longer used (`None`: open), `JJJJ-MM-TT`.
    pub gueltig_bis: Option<String>,
    /// Version, raised by every change (the ETag).
    pub version: i64,
}

impl Schemasatz {
    /// In use on `tag`.
    pub fn gilt_am(&self, tag: &str) -> bool {
        self.gueltig_bis.as_deref().is_none_or(|bis| tag < bis)
    }
}

/// The values of one indicator and year as a change writes them.
#[derive(Debug, Clone)]
pub struct Jahreswerte {
    /// Indicator id.
    pub indikator: String,
    /// Year.
    pub jahr: i32,
    /// Every value of that year (the ones not given are removed).
    pub werte: Vec<Wertzeile>,
    /// The version the change is based on (`None`: whatever is stored).
    pub erwartet: Option<i64>,
}

/// Which recorded changes to list.
#[derive(Debug, Clone, Default)]
pub struct Aenderungsfilter {
    /// Of this record only.
    pub objekt_id: Option<String>,
    /// Of this kind only (angelegt, geaendert, geschlossen).
    pub art: Option<String>,
    /// From this day on (JJJJ-MM-TT).
    pub seit: Option<String>,
    /// Up to this day (JJJJ-MM-TT).
    pub bis: Option<String>,
    /// At most this many.
    pub limit: usize,
}

/// A recorded change.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Aenderung {
    /// When (UTC, RFC 3339).
    pub zeit: String,
    /// Who (the token's name).
    pub wer: String,
    /// angelegt, geaendert, geschlossen.
    pub art: String,
    /// What kind of record (angebot, datensatz).
    pub objekt: String,
    /// Its id.
    pub objekt_id: String,
    /// The record before.
    pub vorher: Option<serde_json::Value>,
    /// The record after.
    pub nachher: Option<serde_json::Value>,
    /// Why.
    pub kommentar: Option<String>,
}

/// The store in a GeoPackage file.
pub struct Speicher {
    pfad: PathBuf,
    verbindung: Mutex<Connection>,
    /// SQLite's `data_version` when last asked: it changes when another process commits.
    datenversion: std::sync::atomic::AtomicI64,
}

impl std::fmt::Debug for Speicher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speicher").field("pfad", &self.pfad).finish()
    }
}

impl Speicher {
    /// Opens the store at `pfad`, creating it (and its directory) when missing, and brings its
    /// schema to the current version.
    pub fn oeffnen(pfad: &Path) -> Result<Self, Speicherfehler> {
        let datei = |grund: String| Speicherfehler::Datei { pfad: pfad.display().to_string(), grund };
        if let Some(dir) = pfad.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| datei(format!("das Verzeichnis {} kann nicht angelegt werden ({e})", dir.display())))?;
        }
        let mut c = Connection::open(pfad).map_err(|e| datei(format!("kann nicht geöffnet werden ({e})")))?;
        c.pragma_update(None, "journal_mode", "WAL")?;
        c.pragma_update(None, "synchronous", "FULL")?;
        c.pragma_update(None, "foreign_keys", "ON")?;
        c.busy_timeout(std::time::Duration::from_secs(5))?;
        let version = schema_version(&c)?;
        if version > SCHEMA_VERSION {
            return Err(Speicherfehler::ZuNeu { pfad: pfad.display().to_string(), gefunden: version });
        }
        if version < SCHEMA_VERSION {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Another process may have migrated the file meanwhile.
            let version = schema_version(&tx)?;
            if version < SCHEMA_VERSION {
                migrieren(&tx, version)?;
                tx.execute(
                    "INSERT OR REPLACE INTO sozialraum_meta VALUES ('schema', ?1)",
                    [SCHEMA_VERSION.to_string()],
                )?;
                tx.pragma_update(None, "user_version", geopackage::GPKG_VERSION)?;
            }
            tx.commit()?;
        }
        let datenversion = c.pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok(Speicher {
            pfad: pfad.to_path_buf(),
            verbindung: Mutex::new(c),
            datenversion: std::sync::atomic::AtomicI64::new(datenversion),
        })
    }

    /// Whether another process (e.g. an import on the command line) has changed the store since
    /// the last call; the service's own changes do not count.
    pub fn von_aussen_geaendert(&self) -> bool {
        let jetzt: Option<i64> = self.mit(|c| Ok(c.pragma_query_value(None, "data_version", |r| r.get(0))?)).ok();
        jetzt.is_some_and(|v| self.datenversion.swap(v, std::sync::atomic::Ordering::SeqCst) != v)
    }

    /// The file of the store.
    pub fn pfad(&self) -> &Path {
        &self.pfad
    }

    fn mit<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T, Speicherfehler>) -> Result<T, Speicherfehler> {
        let mut c = self.verbindung.lock().map_err(|_| Speicherfehler::Datei {
            pfad: self.pfad.display().to_string(),
            grund: "die Verbindung ist nach einem Fehler gesperrt".into(),
        })?;
        f(&mut c)
    }

    /// The Kreis (5-digit key) the store was filled for (`None`: a new store).
    pub fn kreis(&self) -> Result<Option<String>, Speicherfehler> {
        self.mit(|c| {
            Ok(c.query_row("SELECT wert FROM sozialraum_meta WHERE schluessel = 'kreis'", [], |r| r.get(0))
                .optional()?)
        })
    }

    /// Fills a new store with the categories and offers of the data set of Kreis `kreis`, as one
    /// transaction, and records it in the history under `wer`. A store another process filled
    /// meanwhile is left as it is (returns `false`).
    pub fn befuellen(
        &self,
        kreis: &str,
        kategorien: &[Kategorie],
        angebote: &[Angebot],
        indikatorwerte: &[(String, i32, Wertzeile)],
        schemata: &[Schemasatz],
        wer: &str,
    ) -> Result<bool, Speicherfehler> {
        self.mit(|c| {
            // IMMEDIATE: the check and the filling are one step, even with two services starting.
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let vorhanden: i64 =
                tx.query_row("SELECT count(*) FROM sozialraum_meta WHERE schluessel = 'kreis'", [], |r| r.get(0))?;
            if vorhanden > 0 {
                return Ok(false);
            }
            tx.execute("INSERT INTO sozialraum_meta VALUES ('kreis', ?1)", [kreis])?;
            for k in kategorien {
                kategorie_schreiben(&tx, &Kategoriesatz::aus(k))?;
            }
            for o in angebote {
                angebot_schreiben(&tx, &Angebotssatz::aus(o))?;
            }
            let jahre = werte_schreiben(&tx, indikatorwerte)?;
            schemata_schreiben(&tx, schemata)?;
            tx.execute(
                "INSERT INTO aenderungen (zeit, wer, art, objekt, objekt_id, vorher, nachher, kommentar) \
                 VALUES (strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?1, 'angelegt', 'datensatz', '', NULL, ?2, ?3)",
                params![
                    wer,
                    serde_json::Value::String(format!(
                        "{} Kategorien, {} Angebote, {} Indikatorwerte in {jahre} Indikatorjahren, {} Regionsschemata",
                        kategorien.len(),
                        angebote.len(),
                        indikatorwerte.len(),
                        schemata.len()
                    ))
                    .to_string(),
                    "Speicher aus dem Datensatz angelegt"
                ],
            )?;
            geopackage::ausdehnung_setzen(&tx, "angebote")?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// The categories (in use and closed) in the order they were added.
    pub fn kategorien(&self) -> Result<Vec<Kategoriesatz>, Speicherfehler> {
        self.mit(|c| kategorien_lesen(c, None))
    }

    /// The offers of category `kategorie` still open on `tag` (their ids).
    pub fn offene_angebote_der_kategorie(
        c: &Connection,
        kategorie: &str,
        tag: &str,
    ) -> Result<Vec<String>, Speicherfehler> {
        let mut st = c.prepare_cached(
            "SELECT id FROM angebote WHERE kategorie = ?1 AND (gueltig_bis IS NULL OR gueltig_bis > ?2) ORDER BY fid",
        )?;
        let ids = st.query_map(params![kategorie, tag], |r| r.get(0))?;
        Ok(ids.collect::<Result<Vec<String>, _>>()?)
    }

    /// Every offer (open and closed), in the order they were added.
    pub fn angebote(&self) -> Result<Vec<Angebotssatz>, Speicherfehler> {
        self.mit(|c| angebote_lesen(c, None))
    }

    /// One offer.
    pub fn angebot(&self, id: &str) -> Result<Option<Angebotssatz>, Speicherfehler> {
        self.mit(|c| Ok(angebote_lesen(c, Some(id))?.into_iter().next()))
    }

    /// Adds a new offer (version 1) and records it under `wer`.
    pub fn angebot_anlegen(
        &self,
        a: &Angebotssatz,
        wer: &str,
        kommentar: Option<&str>,
    ) -> Result<Angebotssatz, Speicherfehler> {
        self.satz_anlegen(a, wer, kommentar)
    }

    /// Adds a new record (version 1) in one transaction, refused when its id exists, and
    /// records it under `wer`.
    pub fn satz_anlegen<S: Satz>(&self, satz: &S, wer: &str, kommentar: Option<&str>) -> Result<S, Speicherfehler> {
        self.mit(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if S::lesen(&tx, satz.kennung())?.is_some() {
                return Err(Speicherfehler::Vorhanden { objekt: S::EIN, id: satz.kennung().to_string() });
            }
            let mut neu = satz.clone();
            neu.erste_version();
            S::schreiben(&tx, &neu)?;
            eintragen(&tx, wer, "angelegt", S::OBJEKT, neu.kennung(), None, Some(&neu), kommentar)?;
            tx.commit()?;
            Ok(neu)
        })
    }

    /// Changes an offer: `aendern` gets the stored record; with `erwartet`, the change is refused
    /// when the stored version is another (someone else changed it). The version goes up by
    /// one; before and after are recorded under `wer`.
    pub fn angebot_aendern(
        &self,
        id: &str,
        erwartet: Option<i64>,
        art: &str,
        wer: &str,
        kommentar: Option<&str>,
        aendern: impl FnOnce(&mut Angebotssatz),
    ) -> Result<Angebotssatz, Speicherfehler> {
        self.satz_aendern(id, erwartet, art, wer, kommentar, aendern, |_, _| Ok(()))
    }

    /// Changes a versioned record in one transaction: read it, refuse a stale `erwartet`
    /// version, apply `aendern`, let `pruefen` refuse, write it with the next version and keep
    /// before and after in the history.
    #[allow(clippy::too_many_arguments)]
    pub fn satz_aendern<S: Satz>(
        &self,
        id: &str,
        erwartet: Option<i64>,
        art: &str,
        wer: &str,
        kommentar: Option<&str>,
        aendern: impl FnOnce(&mut S),
        pruefen: impl FnOnce(&Connection, &S) -> Result<(), Speicherfehler>,
    ) -> Result<S, Speicherfehler> {
        self.mit(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let Some(alt) = S::lesen(&tx, id)? else {
                return Err(Speicherfehler::NichtGefunden { objekt: S::EIN, id: id.into() });
            };
            if let Some(v) = erwartet.filter(|v| *v != alt.version()) {
                return Err(Speicherfehler::Veraltet {
                    objekt: S::DER,
                    id: id.into(),
                    erwartet: v,
                    aktuell: alt.version(),
                });
            }
            let mut neu = alt.clone();
            aendern(&mut neu);
            neu.kennung_und_version(&alt);
            // Nothing changed: no new version, no history entry (a client holding the version
            // it had can go on).
            let mut gleich = neu.clone();
            gleich.kennung_und_version_wie(&alt);
            if gleich == alt {
                return Ok(alt);
            }
            pruefen(&tx, &neu)?;
            S::schreiben(&tx, &neu)?;
            eintragen(&tx, wer, art, S::OBJEKT, id, Some(&alt), Some(&neu), kommentar)?;
            tx.commit()?;
            Ok(neu)
        })
    }
}

/// A record the store keeps with a version (offers, categories, region schemes) and changes through [`Speicher::satz_aendern`].
pub trait Satz: Clone + PartialEq + serde::Serialize {
    /// What the history calls it (`objekt`).
    const OBJEKT: &'static str;
    /// „Ein Angebot“, for “… gibt es nicht”.
    const EIN: &'static str;
    /// „Das Angebot“, for “… wurde inzwischen geändert”.
    const DER: &'static str;
    /// The record with this id.
    fn lesen(c: &Connection, id: &str) -> Result<Option<Self>, Speicherfehler>;
    /// Writes a record: a new one, or the stored one with its id.
    fn schreiben(tx: &rusqlite::Transaction<'_>, neu: &Self) -> Result<(), Speicherfehler>;
    /// Its id.
    fn kennung(&self) -> &str;
    /// Makes it the first version.
    fn erste_version(&mut self);
    /// Its version.
    fn version(&self) -> i64;
    /// Keeps the id of `alt` and takes the version after it.
    fn kennung_und_version(&mut self, alt: &Self);
    /// Takes the id and version of `alt` (to compare the fields alone).
    fn kennung_und_version_wie(&mut self, alt: &Self);
}

impl Satz for Angebotssatz {
    const OBJEKT: &'static str = "angebot";
    const EIN: &'static str = "Ein Angebot";
    const DER: &'static str = "Das Angebot";
    fn lesen(c: &Connection, id: &str) -> Result<Option<Self>, Speicherfehler> {
        Ok(angebote_lesen(c, Some(id))?.into_iter().next())
    }
    fn schreiben(tx: &rusqlite::Transaction<'_>, neu: &Self) -> Result<(), Speicherfehler> {
        angebot_schreiben(tx, neu)?;
        Ok(geopackage::ausdehnung_setzen(tx, "angebote")?)
    }
    id_und_version!();
}

impl Satz for Kategoriesatz {
    const OBJEKT: &'static str = "kategorie";
    const EIN: &'static str = "Eine Kategorie";
    const DER: &'static str = "Die Kategorie";
    fn lesen(c: &Connection, id: &str) -> Result<Option<Self>, Speicherfehler> {
        Ok(kategorien_lesen(c, Some(id))?.into_iter().next())
    }
    fn schreiben(tx: &rusqlite::Transaction<'_>, neu: &Self) -> Result<(), Speicherfehler> {
        kategorie_schreiben(tx, neu)
    }
    id_und_version!();
}

impl Satz for Schemasatz {
    const OBJEKT: &'static str = "regionsschema";
    const EIN: &'static str = "Ein Regionsschema";
    const DER: &'static str = "Das Regionsschema";
    fn lesen(c: &Connection, id: &str) -> Result<Option<Self>, Speicherfehler> {
        Ok(schemata_lesen(c, Some(id))?.into_iter().next())
    }
    fn schreiben(tx: &rusqlite::Transaction<'_>, neu: &Self) -> Result<(), Speicherfehler> {
        schema_schreiben(tx, neu)
    }
    id_und_version!();
}

/// Writes a category: a new one, or the fields of the stored one with this id.
fn kategorie_schreiben(tx: &rusqlite::Transaction<'_>, k: &Kategoriesatz) -> Result<(), Speicherfehler> {
    tx.prepare_cached(
        "INSERT INTO kategorien (id, bezeichnung, paragraph, symbol, farbe, gueltig_bis, version) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET bezeichnung = excluded.bezeichnung, \
         paragraph = excluded.paragraph, symbol = excluded.symbol, farbe = excluded.farbe, \
         gueltig_bis = excluded.gueltig_bis, version = excluded.version",
    )?
    .execute(params![k.id, k.bezeichnung, k.paragraph, k.symbol, k.farbe, k.gueltig_bis, k.version])?;
    Ok(())
}

/// Writes a region scheme with the region of every Kommune: a new one, or the stored one with
/// this id.
fn schema_schreiben(tx: &rusqlite::Transaction<'_>, s: &Schemasatz) -> Result<(), Speicherfehler> {
    tx.prepare_cached(
        "INSERT INTO regionsschemata (id, bezeichnung, stand, beispiel, hinweis, gueltig_bis, version) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET bezeichnung = excluded.bezeichnung, \
         stand = excluded.stand, beispiel = excluded.beispiel, hinweis = excluded.hinweis, \
         gueltig_bis = excluded.gueltig_bis, version = excluded.version",
    )?
    .execute(params![s.id, s.bezeichnung, s.stand, s.beispiel, s.hinweis, s.gueltig_bis, s.version])?;
    tx.execute("DELETE FROM regionszuordnungen WHERE schema = ?1", [&s.id])?;
    let mut st = tx.prepare_cached("INSERT INTO regionszuordnungen (schema, ags, region) VALUES (?1, ?2, ?3)")?;
    for (ags, region) in &s.zuordnung {
        st.execute(params![s.id, ags, region])?;
    }
    Ok(())
}

/// Records a change of any record in the history (before and after as JSON).
#[allow(clippy::too_many_arguments)]
fn eintragen<T: serde::Serialize>(
    tx: &rusqlite::Transaction<'_>,
    wer: &str,
    art: &str,
    objekt: &str,
    id: &str,
    vorher: Option<&T>,
    nachher: Option<&T>,
    kommentar: Option<&str>,
) -> Result<(), Speicherfehler> {
    let json = |a: Option<&T>| a.and_then(|a| serde_json::to_string(a).ok());
    tx.prepare_cached(
        "INSERT INTO aenderungen (zeit, wer, art, objekt, objekt_id, vorher, nachher, kommentar) \
         VALUES (strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![wer, art, objekt, id, json(vorher), json(nachher), kommentar])?;
    Ok(())
}

/// Categories (all, or the one with `id`), in the order they were added.
fn kategorien_lesen(c: &Connection, id: Option<&str>) -> Result<Vec<Kategoriesatz>, Speicherfehler> {
    let mut st = c.prepare_cached(
        "SELECT id, bezeichnung, paragraph, symbol, farbe, gueltig_bis, version FROM kategorien \
         WHERE ?1 IS NULL OR id = ?1 ORDER BY fid",
    )?;
    let z = st.query_map([id], |r| {
        Ok(Kategoriesatz {
            id: r.get(0)?,
            bezeichnung: r.get(1)?,
            paragraph: r.get(2)?,
            symbol: r.get(3)?,
            farbe: r.get(4)?,
            gueltig_bis: r.get(5)?,
            version: r.get(6)?,
        })
    })?;
    Ok(z.collect::<Result<Vec<_>, _>>()?)
}

/// Records a change of an offer in the history.
fn verlauf(
    tx: &rusqlite::Transaction<'_>,
    wer: &str,
    art: &str,
    id: &str,
    vorher: Option<&Angebotssatz>,
    nachher: Option<&Angebotssatz>,
    kommentar: Option<&str>,
) -> Result<(), Speicherfehler> {
    eintragen(tx, wer, art, "angebot", id, vorher, nachher, kommentar)
}

/// Offers (all, or the one with `id`), in the order they were added.
fn angebote_lesen(c: &Connection, id: Option<&str>) -> Result<Vec<Angebotssatz>, Speicherfehler> {
    const SPALTEN: &str = "SELECT id, kategorie, name, traeger, strasse, plz, ort, ags, geom, beispiel, quelle, \
                           merkmale, gueltig_ab, gueltig_bis, version FROM angebote";
    // One record by the unique index on `id`; all in the order they were added.
    let mut st = match id {
        Some(_) => c.prepare_cached(&format!("{SPALTEN} WHERE id = ?1"))?,
        None => c.prepare_cached(&format!("{SPALTEN} ORDER BY fid"))?,
    };
    let mut aus = Vec::new();
    let mut zeilen = match id {
        Some(id) => st.query([id])?,
        None => st.query([])?,
    };
    while let Some(r) = zeilen.next()? {
        let id: String = r.get(0)?;
        let inhalt = |grund: String| Speicherfehler::Inhalt { tabelle: "angebote", id: id.clone(), grund };
        let geom: Vec<u8> = r.get(8)?;
        let (lon, lat) = geopackage::punkt_lesen(&geom).map_err(inhalt)?;
        let merkmale: Option<String> = r.get(11)?;
        let merkmale = match merkmale {
            Some(t) => serde_json::from_str(&t).map_err(|e| inhalt(format!("Merkmale nicht lesbar: {e}")))?,
            None => BTreeMap::new(),
        };
        aus.push(Angebotssatz {
            kategorie: r.get(1)?,
            name: r.get(2)?,
            traeger: r.get(3)?,
            strasse: r.get(4)?,
            plz: r.get(5)?,
            ort: r.get(6)?,
            ags: r.get(7)?,
            lon,
            lat,
            beispiel: r.get(9)?,
            quelle: r.get(10)?,
            merkmale,
            gueltig_ab: r.get(12)?,
            gueltig_bis: r.get(13)?,
            version: r.get(14)?,
            id,
        });
    }
    Ok(aus)
}

/// What an import writes, as checked: new offers, changed ones (with the version the check saw)
/// and offers without a place to be placed later.
#[derive(Debug, Clone, Default)]
pub struct Importplan {
    /// The file's name (kept in the history).
    pub datei: String,
    /// New offers (version 1).
    pub neu: Vec<Angebotssatz>,
    /// Changed offers: the new record, the version it was based on, and the kind of change
    /// (`geaendert` or `geschlossen`).
    pub geaendert: Vec<(Angebotssatz, i64, &'static str)>,
    /// Rows without a place: where in the file, and the row's fields as JSON.
    pub ohne_lage: Vec<(String, serde_json::Value)>,
}

/// An imported offer without a place, waiting to be placed on the map.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct OffenesAngebot {
    /// Number of the entry (to place or drop it).
    pub nr: i64,
    /// When it was imported (UTC).
    pub zeit: String,
    /// By whom (the token's name).
    pub wer: String,
    /// From which file.
    pub datei: String,
    /// Where in the file.
    pub zeile: String,
    /// The row's fields.
    pub angaben: serde_json::Value,
}

impl Speicher {
    /// Writes an import as one transaction: every change is refused (nothing written) when a
    /// changed offer is no longer at the version the check saw, or a new id exists meanwhile.
    pub fn einspielen(&self, plan: &Importplan, wer: &str) -> Result<(), Speicherfehler> {
        self.mit(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let kommentar = format!("Import {}", plan.datei);
            for a in &plan.neu {
                if !angebote_lesen(&tx, Some(&a.id))?.is_empty() {
                    return Err(Speicherfehler::Vorhanden { objekt: "Ein Angebot", id: a.id.clone() });
                }
                let neu = Angebotssatz { version: 1, ..a.clone() };
                angebot_schreiben(&tx, &neu)?;
                verlauf(&tx, wer, "angelegt", &neu.id, None, Some(&neu), Some(&kommentar))?;
            }
            for (a, erwartet, art) in &plan.geaendert {
                let Some(alt) = angebote_lesen(&tx, Some(&a.id))?.into_iter().next() else {
                    return Err(Speicherfehler::NichtGefunden { objekt: "Ein Angebot", id: a.id.clone() });
                };
                if alt.version != *erwartet {
                    return Err(Speicherfehler::Veraltet {
                        objekt: "Das Angebot",
                        id: a.id.clone(),
                        erwartet: *erwartet,
                        aktuell: alt.version,
                    });
                }
                let neu = Angebotssatz { version: alt.version + 1, ..a.clone() };
                angebot_schreiben(&tx, &neu)?;
                verlauf(&tx, wer, art, &neu.id, Some(&alt), Some(&neu), Some(&kommentar))?;
            }
            for (zeile, angaben) in &plan.ohne_lage {
                tx.execute(
                    "INSERT INTO offene_angebote (zeit, wer, datei, zeile, angaben) \
                     VALUES (strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?1, ?2, ?3, ?4)",
                    params![wer, plan.datei, zeile, angaben.to_string()],
                )?;
            }
            let summe = format!(
                "{} neu, {} geändert oder geschlossen, {} ohne Lage zum Setzen auf der Karte",
                plan.neu.len(),
                plan.geaendert.len(),
                plan.ohne_lage.len()
            );
            tx.execute(
                "INSERT INTO aenderungen (zeit, wer, art, objekt, objekt_id, vorher, nachher, kommentar) \
                 VALUES (strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?1, 'importiert', 'import', ?2, NULL, ?3, ?4)",
                params![wer, plan.datei, serde_json::Value::String(summe).to_string(), kommentar],
            )?;
            geopackage::ausdehnung_setzen(&tx, "angebote")?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Imported offers waiting to be placed, oldest first.
    pub fn offene_angebote(&self) -> Result<Vec<OffenesAngebot>, Speicherfehler> {
        self.mit(|c| {
            let mut st = c.prepare("SELECT fid, zeit, wer, datei, zeile, angaben FROM offene_angebote ORDER BY fid")?;
            let z = st.query_map([], |r| {
                let angaben: String = r.get(5)?;
                Ok(OffenesAngebot {
                    nr: r.get(0)?,
                    zeit: r.get(1)?,
                    wer: r.get(2)?,
                    datei: r.get(3)?,
                    zeile: r.get(4)?,
                    angaben: serde_json::from_str(&angaben).unwrap_or(serde_json::Value::Null),
                })
            })?;
            Ok(z.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Places a waiting offer: adds `a` and removes entry `nr`, as one transaction.
    pub fn offenes_setzen(&self, nr: i64, a: &Angebotssatz, wer: &str) -> Result<Angebotssatz, Speicherfehler> {
        self.mit(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if tx.execute("DELETE FROM offene_angebote WHERE fid = ?1", [nr])? == 0 {
                return Err(Speicherfehler::NichtGefunden { objekt: "Ein offenes Angebot", id: nr.to_string() });
            }
            if !angebote_lesen(&tx, Some(&a.id))?.is_empty() {
                return Err(Speicherfehler::Vorhanden { objekt: "Ein Angebot", id: a.id.clone() });
            }
            let neu = Angebotssatz { version: 1, ..a.clone() };
            angebot_schreiben(&tx, &neu)?;
            verlauf(&tx, wer, "angelegt", &neu.id, None, Some(&neu), Some("aus dem Import auf der Karte gesetzt"))?;
            geopackage::ausdehnung_setzen(&tx, "angebote")?;
            tx.commit()?;
            Ok(neu)
        })
    }

    /// Drops a waiting offer (it will not be added).
    pub fn offenes_verwerfen(&self, nr: i64) -> Result<(), Speicherfehler> {
        self.mit(|c| {
            if c.execute("DELETE FROM offene_angebote WHERE fid = ?1", [nr])? == 0 {
                return Err(Speicherfehler::NichtGefunden { objekt: "Ein offenes Angebot", id: nr.to_string() });
            }
            Ok(())
        })
    }

    /// Fills the region schemes of the data set into a store that has none yet (one
    /// transaction); `false` when filled already.
    pub fn regionsschemata_befuellen(&self, schemata: &[Schemasatz], wer: &str) -> Result<bool, Speicherfehler> {
        self.nachtragen(REGIONSSCHEMATA, wer, |tx| {
            schemata_schreiben(tx, schemata)?;
            Ok(format!("{} Regionsschemata", schemata.len()))
        })
    }

    /// Whether the store holds what the data set gave it once under `schluessel`
    /// ([`INDIKATORWERTE`], [`REGIONSSCHEMATA`]).
    pub fn befuellt(&self, schluessel: &str) -> Result<bool, Speicherfehler> {
        self.mit(|c| {
            Ok(c.query_row("SELECT count(*) > 0 FROM sozialraum_meta WHERE schluessel = ?1", [schluessel], |r| {
                r.get(0)
            })?)
        })
    }

    /// Adds a part of the data set to a store that lacks it, as one transaction: `schreiben`
    /// writes it (and marks `schluessel`) and says what it wrote; `false` when another process
    /// added it meanwhile.
    fn nachtragen(
        &self,
        schluessel: &str,
        wer: &str,
        schreiben: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<String, Speicherfehler>,
    ) -> Result<bool, Speicherfehler> {
        self.mit(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let da: i64 =
                tx.query_row("SELECT count(*) FROM sozialraum_meta WHERE schluessel = ?1", [schluessel], |r| r.get(0))?;
            if da > 0 {
                return Ok(false);
            }
            let was = schreiben(&tx)?;
            let kommentar = format!("{was} aus dem Datensatz übernommen");
            eintragen(&tx, wer, "angelegt", "datensatz", "", None, Some(&was), Some(&kommentar))?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// The region schemes (in use and closed) in the order they were added.
    pub fn regionsschemata(&self) -> Result<Vec<Schemasatz>, Speicherfehler> {
        self.mit(|c| schemata_lesen(c, None))
    }

    /// The region schemes as seen inside a change (for its check).
    pub fn regionsschemata_in(c: &Connection) -> Result<Vec<Schemasatz>, Speicherfehler> {
        schemata_lesen(c, None)
    }

    /// Fills the indicator values of the data set into a store that has none yet (a new store,
    /// or one from before schema 3), as one transaction; `false` when filled already.
    pub fn indikatorwerte_befuellen(
        &self,
        werte: &[(String, i32, Wertzeile)],
        wer: &str,
    ) -> Result<bool, Speicherfehler> {
        self.nachtragen(INDIKATORWERTE, wer, |tx| {
            let jahre = werte_schreiben(tx, werte)?;
            Ok(format!("{} Indikatorwerte in {jahre} Indikatorjahren", werte.len()))
        })
    }

    /// Every indicator value: indicator, year, value; sorted by indicator, AGS and year.
    pub fn indikatorwerte(&self) -> Result<Vec<(String, i32, Wertzeile)>, Speicherfehler> {
        self.mit(|c| {
            let mut st = c.prepare_cached(
                "SELECT indikator, jahr, ags, wert, zaehler, nenner FROM indikatorwerte ORDER BY indikator, ags, jahr",
            )?;
            let z = st.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    Wertzeile { ags: r.get(2)?, wert: r.get(3)?, zaehler: r.get(4)?, nenner: r.get(5)? },
                ))
            })?;
            Ok(z.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// The version of the values of an indicator and year (`None`: no values yet).
    pub fn indikatorjahr(&self, indikator: &str, jahr: i32) -> Result<Option<i64>, Speicherfehler> {
        self.mit(|c| {
            Ok(c.query_row(
                "SELECT version FROM indikatorjahre WHERE indikator = ?1 AND jahr = ?2",
                params![indikator, jahr],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    /// Replaces the values of each indicator and year given, as one transaction (every year
    /// at its expected version, or nothing); the history keeps before and after. Returns the
    /// new versions.
    pub fn jahreswerte_ersetzen(
        &self,
        aenderungen: &[Jahreswerte],
        wer: &str,
        kommentar: Option<&str>,
    ) -> Result<Vec<i64>, Speicherfehler> {
        self.mit(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut versionen = Vec::new();
            for a in aenderungen {
                let id = format!("{}/{}", a.indikator, a.jahr);
                let alt: Option<i64> = tx
                    .query_row(
                        "SELECT version FROM indikatorjahre WHERE indikator = ?1 AND jahr = ?2",
                        params![a.indikator, a.jahr],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(e) = a.erwartet
                    && alt != Some(e) {
                        return Err(Speicherfehler::Veraltet {
                            objekt: "Das Indikatorjahr",
                            id,
                            erwartet: e,
                            aktuell: alt.unwrap_or(0),
                        });
                    }
                let vorher: Vec<Wertzeile> = {
                    let mut st = tx.prepare_cached(
                        "SELECT ags, wert, zaehler, nenner FROM indikatorwerte WHERE indikator = ?1 AND jahr = ?2 ORDER BY ags",
                    )?;
                    let z = st.query_map(params![a.indikator, a.jahr], |r| {
                        Ok(Wertzeile { ags: r.get(0)?, wert: r.get(1)?, zaehler: r.get(2)?, nenner: r.get(3)? })
                    })?;
                    z.collect::<Result<Vec<_>, _>>()?
                };
                tx.execute("DELETE FROM indikatorwerte WHERE indikator = ?1 AND jahr = ?2", params![a.indikator, a.jahr])?;
                for w in &a.werte {
                    wert_schreiben(&tx, &a.indikator, a.jahr, w)?;
                }
                let version = alt.map_or(1, |v| v + 1);
                tx.execute(
                    "INSERT OR REPLACE INTO indikatorjahre (indikator, jahr, version) VALUES (?1, ?2, ?3)",
                    params![a.indikator, a.jahr, version],
                )?;
                let art = if alt.is_some() { "geaendert" } else { "angelegt" };
                let vorher = alt.map(|_| vorher);
                eintragen(&tx, wer, art, "indikatorwerte", &id, vorher.as_ref(), Some(&a.werte), kommentar)?;
                versionen.push(version);
            }
            tx.commit()?;
            Ok(versionen)
        })
    }

    /// The number of recorded changes.
    pub fn anzahl_aenderungen(&self) -> Result<i64, Speicherfehler> {
        self.mit(|c| Ok(c.query_row("SELECT count(*) FROM aenderungen", [], |r| r.get(0))?))
    }

    /// Writes a consistent copy of the whole store to `ziel` (temporary name beside it, then
    /// renamed; an existing file is replaced only by a complete copy). Returns the number of
    /// offers in the copy.
    pub fn sichern(&self, ziel: &Path) -> Result<usize, Speicherfehler> {
        let datei = |grund: String| Speicherfehler::Datei { pfad: ziel.display().to_string(), grund };
        let dir = ziel.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(datei(format!("das Verzeichnis {} gibt es nicht", dir.display())));
        }
        let tmp = dir.join(format!(".sozialraum-sicherung-{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        self.mit(|c| Ok(c.execute("VACUUM INTO ?1", [tmp.to_string_lossy()])?))?;
        let n: i64 = Connection::open(&tmp)?.query_row("SELECT count(*) FROM angebote", [], |r| r.get(0))?;
        std::fs::rename(&tmp, ziel).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            datei(format!("kann nicht geschrieben werden ({e})"))
        })?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Recorded changes, newest first: of one record (`objekt_id`), of one kind (`art`), from
    /// `seit` to `bis` (days, inclusive), at most `limit`.
    pub fn aenderungen(&self, f: &Aenderungsfilter) -> Result<Vec<Aenderung>, Speicherfehler> {
        self.mit(|c| {
            let mut st = c.prepare(
                "SELECT zeit, wer, art, objekt, objekt_id, vorher, nachher, kommentar FROM aenderungen \
                 WHERE (?1 IS NULL OR objekt_id = ?1) AND (?2 IS NULL OR art = ?2) \
                 AND (?3 IS NULL OR substr(zeit, 1, 10) >= ?3) AND (?4 IS NULL OR substr(zeit, 1, 10) <= ?4) \
                 ORDER BY fid DESC LIMIT ?5",
            )?;
            let json = |t: Option<String>| t.and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
            let z = st.query_map(params![f.objekt_id, f.art, f.seit, f.bis, f.limit as i64], |r| {
                Ok(Aenderung {
                    zeit: r.get(0)?,
                    wer: r.get(1)?,
                    art: r.get(2)?,
                    objekt: r.get(3)?,
                    objekt_id: r.get(4)?,
                    vorher: json(r.get(5)?),
                    nachher: json(r.get(6)?),
                    kommentar: r.get(7)?,
                })
            })?;
            Ok(z.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// SQLite's own consistency check: `ok` or the problems found.
    pub fn pruefen(&self) -> Result<String, Speicherfehler> {
        self.mit(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))?))
    }
}

/// Writes the indicator values of the data set (version 1 of every indicator-year) and marks
/// the store as holding them; returns the number of indicator-years.
fn werte_schreiben(
    tx: &rusqlite::Transaction<'_>,
    werte: &[(String, i32, Wertzeile)],
) -> Result<usize, Speicherfehler> {
    let mut jahre = std::collections::BTreeSet::new();
    for (ind, jahr, w) in werte {
        wert_schreiben(tx, ind, *jahr, w)?;
        jahre.insert((ind.clone(), *jahr));
    }
    for (ind, jahr) in &jahre {
        tx.execute("INSERT INTO indikatorjahre (indikator, jahr, version) VALUES (?1, ?2, 1)", params![ind, jahr])?;
    }
    tx.execute("INSERT INTO sozialraum_meta VALUES (?1, 'datensatz')", [INDIKATORWERTE])?;
    Ok(jahre.len())
}

fn schemata_schreiben(tx: &rusqlite::Transaction<'_>, schemata: &[Schemasatz]) -> Result<(), Speicherfehler> {
    for s in schemata {
        schema_schreiben(tx, s)?;
    }
    tx.execute("INSERT OR REPLACE INTO sozialraum_meta VALUES (?1, 'datensatz')", [REGIONSSCHEMATA])?;
    Ok(())
}

/// Region schemes (all, or the one with `id`) with their assignments.
fn schemata_lesen(c: &Connection, id: Option<&str>) -> Result<Vec<Schemasatz>, Speicherfehler> {
    let mut st = c.prepare_cached(
        "SELECT id, bezeichnung, stand, beispiel, hinweis, gueltig_bis, version FROM regionsschemata \
         WHERE ?1 IS NULL OR id = ?1 ORDER BY fid",
    )?;
    let mut aus = st
        .query_map([id], |r| {
            Ok(Schemasatz {
                id: r.get(0)?,
                bezeichnung: r.get(1)?,
                stand: r.get(2)?,
                beispiel: r.get(3)?,
                hinweis: r.get(4)?,
                gueltig_bis: r.get(5)?,
                version: r.get(6)?,
                zuordnung: BTreeMap::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut z = c.prepare_cached("SELECT ags, region FROM regionszuordnungen WHERE schema = ?1")?;
    for s in &mut aus {
        s.zuordnung = z.query_map([&s.id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    }
    Ok(aus)
}

fn wert_schreiben(
    tx: &rusqlite::Transaction<'_>,
    indikator: &str,
    jahr: i32,
    w: &Wertzeile,
) -> Result<(), Speicherfehler> {
    tx.prepare_cached(
        "INSERT INTO indikatorwerte (indikator, ags, jahr, wert, zaehler, nenner) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![indikator, w.ags, jahr, w.wert, w.zaehler, w.nenner])?;
    Ok(())
}

/// Writes an offer: a new one, or the fields of the stored one with this id (its `fid`, the
/// order of the layer, stays).
fn angebot_schreiben(tx: &rusqlite::Transaction<'_>, a: &Angebotssatz) -> Result<(), Speicherfehler> {
    let merkmale = if a.merkmale.is_empty() { None } else { serde_json::to_string(&a.merkmale).ok() };
    tx.prepare_cached(
        "INSERT INTO angebote (geom, id, kategorie, name, traeger, strasse, plz, ort, ags, beispiel, quelle, merkmale, \
         gueltig_ab, gueltig_bis, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) \
         ON CONFLICT (id) DO UPDATE SET geom = excluded.geom, kategorie = excluded.kategorie, name = excluded.name, \
         traeger = excluded.traeger, strasse = excluded.strasse, plz = excluded.plz, ort = excluded.ort, \
         ags = excluded.ags, beispiel = excluded.beispiel, quelle = excluded.quelle, merkmale = excluded.merkmale, \
         gueltig_ab = excluded.gueltig_ab, gueltig_bis = excluded.gueltig_bis, version = excluded.version",
    )?
    .execute(params![
        geopackage::punkt(a.lon, a.lat),
        a.id,
        a.kategorie,
        a.name,
        a.traeger,
        a.strasse,
        a.plz,
        a.ort,
        a.ags,
        a.beispiel,
        a.quelle,
        merkmale,
        a.gueltig_ab,
        a.gueltig_bis,
        a.version
    ])?;
    Ok(())
}

/// The schema version of a file: `schema` in `sozialraum_meta`; files of the first releases kept
/// it in `PRAGMA user_version` (1 or 2), where the GeoPackage standard wants its own version;
/// 0 for an empty file.
fn schema_version(c: &Connection) -> Result<i64, Speicherfehler> {
    let meta: bool = c.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'sozialraum_meta'",
        [],
        |r| r.get(0),
    )?;
    let gespeichert: Option<String> = if meta {
        c.query_row("SELECT wert FROM sozialraum_meta WHERE schluessel = 'schema'", [], |r| r.get(0)).optional()?
    } else {
        None
    };
    match gespeichert {
        Some(v) => v.parse().map_err(|_| Speicherfehler::Inhalt {
            tabelle: "sozialraum_meta",
            id: "schema".into(),
            grund: format!("Schema-Version „{v}“ ist keine Zahl"),
        }),
        None => {
            let alt: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
            Ok(if meta && (1..=2).contains(&alt) { alt } else { 0 })
        }
    }
}

/// Brings a file from schema version `von` to [`SCHEMA_VERSION`].
fn migrieren(tx: &rusqlite::Transaction<'_>, von: i64) -> Result<(), Speicherfehler> {
    if von < 1 {
        geopackage::grundlage(tx)?;
        tx.execute_batch(
            "CREATE TABLE angebote (
                fid INTEGER PRIMARY KEY AUTOINCREMENT,
                geom POINT NOT NULL,
                id TEXT NOT NULL UNIQUE,
                kategorie TEXT NOT NULL REFERENCES kategorien(id),
                name TEXT NOT NULL,
                traeger TEXT NOT NULL DEFAULT '',
                strasse TEXT NOT NULL DEFAULT '',
                plz TEXT NOT NULL DEFAULT '',
                ort TEXT NOT NULL DEFAULT '',
                ags TEXT NOT NULL,
                beispiel BOOLEAN NOT NULL DEFAULT 0,
                quelle TEXT NOT NULL DEFAULT '',
                merkmale TEXT,
                gueltig_ab DATE,
                gueltig_bis DATE,
                version INTEGER NOT NULL DEFAULT 1
             );
             CREATE TABLE kategorien (
                fid INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                bezeichnung TEXT NOT NULL,
                paragraph TEXT NOT NULL DEFAULT '',
                symbol TEXT NOT NULL DEFAULT '',
                farbe TEXT NOT NULL,
                gueltig_bis DATE,
                version INTEGER NOT NULL DEFAULT 1
             );
             CREATE TABLE aenderungen (
                fid INTEGER PRIMARY KEY AUTOINCREMENT,
                zeit DATETIME NOT NULL,
                wer TEXT NOT NULL,
                art TEXT NOT NULL,
                objekt TEXT NOT NULL,
                objekt_id TEXT NOT NULL,
                vorher TEXT,
                nachher TEXT,
                kommentar TEXT
             );
             CREATE INDEX aenderungen_objekt ON aenderungen (objekt, objekt_id);
             CREATE TABLE sozialraum_meta (schluessel TEXT PRIMARY KEY, wert TEXT NOT NULL);",
        )?;
        geopackage::tabelle_eintragen(tx, "angebote", "features", "Angebote", Some(("geom", "POINT")))?;
        geopackage::tabelle_eintragen(tx, "kategorien", "attributes", "Angebotskategorien", None)?;
        geopackage::tabelle_eintragen(tx, "aenderungen", "attributes", "Änderungen (Verlauf)", None)?;
        geopackage::tabelle_eintragen(tx, "sozialraum_meta", "attributes", "Angaben zum Speicher", None)?;
    }
    if von < 2 {
        // Version 2: imported offers without a place, waiting to be placed on the map.
        tx.execute_batch(
            "CREATE TABLE offene_angebote (
                fid INTEGER PRIMARY KEY AUTOINCREMENT,
                zeit DATETIME NOT NULL,
                wer TEXT NOT NULL,
                datei TEXT NOT NULL,
                zeile TEXT NOT NULL,
                angaben TEXT NOT NULL
             );",
        )?;
        geopackage::tabelle_eintragen(tx, "offene_angebote", "attributes", "Importierte Angebote ohne Lage", None)?;
    }
    if von < 3 {
        // Version 3: indicator values, per indicator and year with a version (the ETag of a year).
        tx.execute_batch(
            "CREATE TABLE indikatorwerte (
                fid INTEGER PRIMARY KEY AUTOINCREMENT,
                indikator TEXT NOT NULL,
                ags TEXT NOT NULL,
                jahr INTEGER NOT NULL,
                wert REAL NOT NULL,
                zaehler REAL,
                nenner REAL,
                UNIQUE (indikator, ags, jahr)
             );
             CREATE TABLE indikatorjahre (
                indikator TEXT NOT NULL,
                jahr INTEGER NOT NULL,
                version INTEGER NOT NULL DEFAULT 1,
                PRIMARY KEY (indikator, jahr)
             );",
        )?;
        geopackage::tabelle_eintragen(tx, "indikatorwerte", "attributes", "Indikatorwerte je Kommune und Jahr", None)?;
        geopackage::tabelle_eintragen(
            tx,
            "indikatorjahre",
            "attributes",
            "Version der Werte je Indikator und Jahr",
            None,
        )?;
        // … and the region schemes with the region of every Kommune.
        tx.execute_batch(
            "CREATE TABLE regionsschemata (
                fid INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                bezeichnung TEXT NOT NULL,
                stand TEXT NOT NULL DEFAULT '',
                beispiel BOOLEAN NOT NULL DEFAULT 0,
                hinweis TEXT NOT NULL DEFAULT '',
                gueltig_bis DATE,
                version INTEGER NOT NULL DEFAULT 1
             );
             CREATE TABLE regionszuordnungen (
                schema TEXT NOT NULL REFERENCES regionsschemata(id),
                ags TEXT NOT NULL,
                region TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (schema, ags)
             );",
        )?;
        geopackage::tabelle_eintragen(tx, "regionsschemata", "attributes", "Regionsschemata", None)?;
        geopackage::tabelle_eintragen(tx, "regionszuordnungen", "attributes", "Region jeder Kommune je Schema", None)?;
    }
    if von < 4 {
        // Version 4: reported needs and the needs register.
        planung::tabellen_anlegen(tx)?;
    }
    if von < 5 {
        // Version 5: the path and road network.
        netz::tabelle_anlegen(tx)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_is_a_half_open_range_of_days() {
        let mut a = Angebotssatz::aus(&crate::model::Angebot {
            id: "x".into(),
            kategorie: "k".into(),
            name: "n".into(),
            traeger: String::new(),
            strasse: String::new(),
            plz: String::new(),
            ort: String::new(),
            ags: "06532001".parse().unwrap(),
            lage: crate::spatial::LonLat { lon: 8.3, lat: 50.6 },
            pos: crate::spatial::Utm32 { x: 0.0, y: 0.0 },
            beispiel: false,
            quelle: String::new(),
            merkmale: BTreeMap::new(),
        });
        assert!(a.gilt_am("1900-01-01"));
        a.gueltig_ab = Some("2025-03-01".into());
        a.gueltig_bis = Some("2026-01-01".into());
        assert!(
            !a.gilt_am("2025-02-28") && a.gilt_am("2025-03-01") && a.gilt_am("2025-12-31") && !a.gilt_am("2026-01-01")
        );
    }
}

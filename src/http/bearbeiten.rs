//! The editing routes of the records planners keep (offers, categories, region schemes, the
//! needs register): add, change with `If-Match`, close with a date – one generic handler each,
//! the kind of record decides what is called.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};

use super::planung::{Versioniert, aendern, gespeichert, json_koerper, version_aus};
use super::zugang::Bearbeiter;
use super::{ApiFehler, Zustand};
use crate::dienst::bearbeiten::{Angebotsangaben, Gespeichert, Schliessung};
use crate::dienst::bedarfe::{Bedarf, Bedarfsangaben};
use crate::dienst::kategorien::{Kategorieangaben, Kategoriesatz};
use crate::dienst::regionsschemata::{Schemaangaben, Schemasatz};
use crate::dienst::{Dienst, Ergebnis};

type Antwort = Result<axum::response::Response, ApiFehler>;

/// A kind of record the editing routes add, change and close.
pub trait Bearbeitbar: Send + 'static {
    /// The fields of a request.
    type Angaben: serde::de::DeserializeOwned + Send + 'static;
    /// The stored record (answer, with its version as ETag).
    type Satz: serde::Serialize + Versioniert + Send + 'static;
    /// Example of a new record, for messages.
    const NEU: &'static str;
    /// Example of a change, for messages.
    const AENDERUNG: &'static str;
    /// Adds one.
    fn anlegen(d: &Dienst, f: &Self::Angaben, wer: &str) -> Ergebnis<Self::Satz>;
    /// Changes one.
    fn aendern(d: &Dienst, id: &str, f: &Self::Angaben, version: Option<i64>, wer: &str) -> Ergebnis<Self::Satz>;
}

/// A kind of record that is closed with a date, never deleted.
pub trait Schliessbar: Bearbeitbar {
    /// Closes one from a date on.
    fn schliessen(d: &Dienst, id: &str, s: &Schliessung, version: Option<i64>, wer: &str) -> Ergebnis<Self::Satz>;
}

/// Offers (`/api/angebote`).
pub struct Angebote;
/// Offer categories (`/api/kategorien`).
pub struct Kategorien;
/// Region schemes (`/api/regionsschemata`).
pub struct Regionsschemata;
/// The needs register (`/api/bedarfe`).
pub struct Bedarfe;

impl Bearbeitbar for Angebote {
    type Angaben = Angebotsangaben;
    type Satz = Gespeichert;
    const NEU: &'static str = r#"{"kategorie":"familienzentrum","name":"Familienzentrum Nord","lon":8.3,"lat":50.6,"gueltig_ab":"2026-12-01"}"#;
    const AENDERUNG: &'static str = r#"{"name":"Familienzentrum am Markt"}"#;
    fn anlegen(d: &Dienst, f: &Self::Angaben, wer: &str) -> Ergebnis<Self::Satz> {
        d.angebot_anlegen(f, wer)
    }
    fn aendern(d: &Dienst, id: &str, f: &Self::Angaben, version: Option<i64>, wer: &str) -> Ergebnis<Self::Satz> {
        d.angebot_aendern(id, f, version, wer)
    }
}

impl Schliessbar for Angebote {
    fn schliessen(d: &Dienst, id: &str, s: &Schliessung, version: Option<i64>, wer: &str) -> Ergebnis<Self::Satz> {
        d.angebot_schliessen(id, s, version, wer)
    }
}

impl Bearbeitbar for Kategorien {
    type Angaben = Kategorieangaben;
    type Satz = Kategoriesatz;
    const NEU: &'static str =
        r##"{"id":"kita","bezeichnung":"Kindertageseinrichtung","farbe":"#1b9e77","symbol":"K"}"##;
    const AENDERUNG: &'static str = r#"{"bezeichnung":"Kindertagesstätte"}"#;
    fn anlegen(d: &Dienst, f: &Self::Angaben, wer: &str) -> Ergebnis<Self::Satz> {
        d.kategorie_anlegen(f, wer)
    }
    fn aendern(d: &Dienst, id: &str, f: &Self::Angaben, version: Option<i64>, wer: &str) -> Ergebnis<Self::Satz> {
        d.kategorie_aendern(id, f, version, wer)
    }
}

impl Schliessbar for Kategorien {
    fn schliessen(d: &Dienst, id: &str, s: &Schliessung, version: Option<i64>, wer: &str) -> Ergebnis<Self::Satz> {
        d.kategorie_schliessen(id, s, version, wer)
    }
}

impl Bearbeitbar for Regionsschemata {
    type Angaben = Schemaangaben;
    type Satz = Schemasatz;
    const NEU: &'static str =
        r#"{"id":"teams-2027","bezeichnung":"Regionalteams 2027","zuordnung":{"06532001":"Süd"}}"#;
    const AENDERUNG: &'static str = r#"{"zuordnung":{"06532001":"Nord"}}"#;
    fn anlegen(d: &Dienst, f: &Self::Angaben, wer: &str) -> Ergebnis<Self::Satz> {
        d.schema_anlegen(f, wer)
    }
    fn aendern(d: &Dienst, id: &str, f: &Self::Angaben, version: Option<i64>, wer: &str) -> Ergebnis<Self::Satz> {
        d.schema_aendern(id, f, version, wer)
    }
}

impl Schliessbar for Regionsschemata {
    fn schliessen(d: &Dienst, id: &str, s: &Schliessung, version: Option<i64>, wer: &str) -> Ergebnis<Self::Satz> {
        d.schema_schliessen(id, s, version, wer)
    }
}

impl Bearbeitbar for Bedarfe {
    type Angaben = Bedarfsangaben;
    type Satz = Bedarf;
    const NEU: &'static str = r#"{"titel":"Offener Treff für Alleinerziehende","gebiet":"06532012","kategorie":"familienzentrum","konferenz":"Sozialraumkonferenz Herborn","datum":"2026-11-12"}"#;
    const AENDERUNG: &'static str = r#"{"angebote":["fz-herborn"]}"#;
    fn anlegen(d: &Dienst, f: &Self::Angaben, wer: &str) -> Ergebnis<Self::Satz> {
        d.bedarf_anlegen(f, wer)
    }
    fn aendern(d: &Dienst, id: &str, f: &Self::Angaben, version: Option<i64>, wer: &str) -> Ergebnis<Self::Satz> {
        d.bedarf_aendern(id, f, version, wer)
    }
}

/// `POST /api/…`: adds a record (editing role); 201 with the record and its version as ETag.
pub async fn anlegen<B: Bearbeitbar>(
    State(z): State<Zustand>,
    Bearbeiter(wer): Bearbeiter,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    let f: B::Angaben = json_koerper(&kopf, &body, B::NEU)?;
    let s = aendern(&z, move |d| B::anlegen(d, &f, &wer)).await?;
    gespeichert(StatusCode::CREATED, &s)
}

/// `PATCH /api/…/{id}`: changes the fields given (editing role; `If-Match` = version).
pub async fn aendern_satz<B: Bearbeitbar>(
    State(z): State<Zustand>,
    Bearbeiter(wer): Bearbeiter,
    Path(id): Path<String>,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    let f: B::Angaben = json_koerper(&kopf, &body, B::AENDERUNG)?;
    let version = version_aus(&kopf)?;
    let s = aendern(&z, move |d| B::aendern(d, &id, &f, version, &wer)).await?;
    gespeichert(StatusCode::OK, &s)
}

/// `POST /api/…/{id}/schliessen`: closes a record from a date on (editing role).
pub async fn schliessen<B: Schliessbar>(
    State(z): State<Zustand>,
    Bearbeiter(wer): Bearbeiter,
    Path(id): Path<String>,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    let s: Schliessung = json_koerper(&kopf, &body, r#"{"datum":"2026-12-31","kommentar":"Träger gibt auf"}"#)?;
    let version = version_aus(&kopf)?;
    let r = aendern(&z, move |d| B::schliessen(d, &id, &s, version, &wer)).await?;
    gespeichert(StatusCode::OK, &r)
}

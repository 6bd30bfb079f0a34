//! Needs: reports from case planning (`/api/bedarfsmeldungen`, role `melden`) and their
//! import; the series by quarter and year (public, suppressed).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;

use super::antwort::json;
use super::import::{einspielen, name_aus_typ};
use super::planung::{aendern, json_koerper};
use super::zugang::Melder;
use super::{ApiFehler, Zugang, Zustand};
use crate::dienst::Parameter;
use crate::dienst::meldungen::Meldungsangaben;

type Antwort = Result<axum::response::Response, ApiFehler>;

/// `POST /api/bedarfsmeldungen`: adds reports to a cell Kommune × category × quarter.
pub async fn melden(
    State(z): State<Zustand>,
    Melder(wer): Melder,
    p: Parameter,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    p.nur(crate::dienst::parameter::KEINE)?;
    let m: Meldungsangaben = json_koerper(
        &kopf,
        &body,
        r#"{"ags":"06532012","kategorie":"familienzentrum","quartal":"2026-Q3","anzahl":2}"#,
    )?;
    let g = aendern(&z, move |d| d.bedarf_melden(&m, &wer)).await?;
    Ok((StatusCode::CREATED, axum::Json(g)).into_response())
}

/// `GET /api/bedarfsmeldungen`: reported needs by quarter and year for every unit.
pub async fn reihe(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    json(z.dienst().meldereihe(&p, zugang))
}

/// `GET /api/bedarfsmeldungen/quellen`: the sources and quarters stored (role `melden`).
pub async fn quellen(State(z): State<Zustand>, _m: Melder, p: Parameter) -> Antwort {
    p.nur(crate::dienst::parameter::KEINE)?;
    json(z.dienst().meldequellen())
}

/// `POST /api/import/bedarfsmeldungen?modus=pruefen|anwenden&quelle=…`: checks (and applies) an
/// export of the case software.
pub async fn importieren(
    State(z): State<Zustand>,
    Melder(wer): Melder,
    p: Parameter,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    let anwenden = p.text("modus") == Some("anwenden");
    let name = name_aus_typ(&kopf);
    einspielen(&z, anwenden, move |d| d.bedarfsmeldungen_importieren(&p, name, &body, &wer)).await
}

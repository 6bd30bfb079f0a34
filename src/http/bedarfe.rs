//! Needs: reports from case planning (`/api/bedarfsmeldungen`, role `melden`; their import is
//! with the other imports in `import.rs`); the series by quarter and year (public,
//! suppressed); the needs register of the Sozialraumkonferenzen (`/api/bedarfe`, public list,
//! editing role for changes).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;

use super::antwort::{geojson, json};
use super::planung::{aendern, gespeichert, json_koerper, version_aus};
use super::zugang::{Bearbeiter, Melder};
use super::{ApiFehler, Zugang, Zustand};
use crate::dienst::Parameter;
use crate::dienst::meldungen::Meldungsangaben;

type Antwort = Result<axum::response::Response, ApiFehler>;

/// `POST /api/bedarfsmeldungen`: adds reports to a cell Kommune × category × quarter.
pub async fn melden(State(z): State<Zustand>, _m: Melder, p: Parameter, kopf: HeaderMap, body: Bytes) -> Antwort {
    p.nur(crate::dienst::parameter::KEINE)?;
    let m: Meldungsangaben = json_koerper(
        &kopf,
        &body,
        r#"{"ags":"06532012","kategorie":"familienzentrum","quartal":"2026-Q3","anzahl":2}"#,
    )?;
    let g = aendern(&z, move |d| d.bedarf_melden(&m)).await?;
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

/// `GET /api/bedarfe`: the needs register (public).
pub async fn liste(State(z): State<Zustand>, p: Parameter) -> Antwort {
    json(z.dienst().bedarfsliste(&p))
}

/// `GET /api/bedarfe/karte`: every Kommune with its needs by status (public).
pub async fn karte(State(z): State<Zustand>, p: Parameter) -> Antwort {
    geojson(z.dienst().bedarfskarte(&p))
}

/// `GET /api/bedarfe/{id}`: one need (public), with its version as ETag.
pub async fn einer(State(z): State<Zustand>, Path(id): Path<String>, p: Parameter) -> Antwort {
    p.nur(crate::dienst::parameter::KEINE)?;
    gespeichert(StatusCode::OK, &z.dienst().bedarf_lesen(&id)?)
}

/// `POST /api/bedarfe/{id}/status`: the next step with day and reason (editing role;
/// `If-Match` = version).
pub async fn schritt(
    State(z): State<Zustand>,
    Bearbeiter(wer): Bearbeiter,
    Path(id): Path<String>,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    let s: crate::dienst::bedarfe::Statusangaben = json_koerper(
        &kopf,
        &body,
        r#"{"status":"geprueft","datum":"2026-12-01","grund":"Bedarf im Jugendhilfeausschuss bestätigt"}"#,
    )?;
    let version = version_aus(&kopf)?;
    let b = aendern(&z, move |d| d.bedarf_schritt(&id, &s, version, &wer)).await?;
    gespeichert(StatusCode::OK, &b)
}

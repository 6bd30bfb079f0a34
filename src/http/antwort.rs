//! Answers as HTTP responses: JSON and GeoJSON bodies with their media type.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::ApiFehler;
use crate::dienst::Ergebnis;

/// An answer as `application/json`.
pub fn json<T: Serialize>(t: Ergebnis<T>) -> Result<Response, ApiFehler> {
    mit_typ(t, "application/json")
}

/// An answer as `application/geo+json`.
pub fn geojson<T: Serialize>(t: Ergebnis<T>) -> Result<Response, ApiFehler> {
    mit_typ(t, "application/geo+json")
}

/// An answer with this media type.
pub fn mit_typ<T: Serialize>(t: Ergebnis<T>, typ: &'static str) -> Result<Response, ApiFehler> {
    let text = serde_json::to_string(&t?).map_err(ApiFehler::intern)?;
    Ok(([(header::CONTENT_TYPE, typ)], text).into_response())
}

/// A file to download.
pub fn datei(name: &str, typ: &str, inhalt: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, typ.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        inhalt,
    )
        .into_response()
}

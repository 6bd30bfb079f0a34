//! Errors as RFC 7807 `application/problem+json` with a German `detail`.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An API error: a status and a German explanation for the client.
#[derive(Debug, Clone)]
pub struct ApiFehler {
    status: StatusCode,
    titel: &'static str,
    detail: String,
}

impl ApiFehler {
    /// 400: the request is wrong; `detail` says which parameter and what is allowed.
    pub fn ungueltig(detail: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, titel: "Ungültige Anfrage", detail: detail.into() }
    }

    /// 404: the thing asked for does not exist.
    pub fn nicht_gefunden(detail: impl Into<String>) -> Self {
        Self { status: StatusCode::NOT_FOUND, titel: "Nicht gefunden", detail: detail.into() }
    }

    /// 401: credentials given but not accepted.
    pub fn nicht_berechtigt(detail: impl Into<String>) -> Self {
        Self { status: StatusCode::UNAUTHORIZED, titel: "Nicht berechtigt", detail: detail.into() }
    }

    /// 413/415 and similar: the body of the request is not acceptable.
    pub fn koerper(status: StatusCode, detail: impl Into<String>) -> Self {
        Self { status, titel: "Ungültiger Anfrageinhalt", detail: detail.into() }
    }

    /// 500: logged in full, the client gets a generic text.
    pub fn intern(grund: impl std::fmt::Display) -> Self {
        tracing::error!(%grund, "interner Fehler");
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            titel: "Interner Fehler",
            detail: "Die Anfrage konnte wegen eines internen Fehlers nicht beantwortet werden. Bitte später erneut versuchen \
                     oder die Betreuung des Dienstes informieren."
                .into(),
        }
    }
}

impl IntoResponse for ApiFehler {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "type": "about:blank",
            "title": self.titel,
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        let mut antwort =
            (self.status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            antwort.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        antwort
    }
}

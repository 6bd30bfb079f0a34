//! Errors as RFC 7807 `application/problem+json` with a German `detail`.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An API error: a status and a German explanation for the client.
#[derive(Debug, Clone)]
pub struct ApiFehler {
    status: StatusCode,
    titel: &'static str,
    detail: String,
    /// Seconds after which a retry may succeed (503).
    nochmal_nach: Option<u32>,
    /// A check report that explains the refusal (422 of an import), as member `pruefbericht`.
    pruefbericht: Option<Box<serde_json::Value>>,
}

impl ApiFehler {
    /// 400: the request is wrong; `detail` says which parameter and what is allowed.
    pub fn ungueltig(detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            titel: "Ungültige Anfrage",
            detail: detail.into(),
            nochmal_nach: None,
            pruefbericht: None,
        }
    }

    /// 404: the thing asked for does not exist.
    pub fn nicht_gefunden(detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            titel: "Nicht gefunden",
            detail: detail.into(),
            nochmal_nach: None,
            pruefbericht: None,
        }
    }

    /// 403: the token is valid, but its role does not allow this.
    pub fn verboten(detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::FORBIDDEN,
            titel: "Nicht erlaubt",
            detail: detail.into(),
            nochmal_nach: None,
            pruefbericht: None,
        }
    }

    /// 401: credentials given but not accepted.
    pub fn nicht_berechtigt(detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            titel: "Nicht berechtigt",
            detail: detail.into(),
            nochmal_nach: None,
            pruefbericht: None,
        }
    }

    /// 413/415 and similar: the body of the request is not acceptable.
    pub fn koerper(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            titel: "Ungültiger Anfrageinhalt",
            detail: detail.into(),
            nochmal_nach: None,
            pruefbericht: None,
        }
    }

    /// 503: the service is busy; the client may retry after `sekunden`.
    pub fn ueberlastet(detail: impl Into<String>, sekunden: u32) -> Self {
        Self {
            status: StatusCode::SERVICE_UNAVAILABLE,
            titel: "Dienst ausgelastet",
            detail: detail.into(),
            nochmal_nach: Some(sekunden),
            pruefbericht: None,
        }
    }

    /// 422: the content was read but cannot be applied; the check report says why, row by row.
    pub fn abgewiesen(detail: impl Into<String>, bericht: serde_json::Value) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            titel: "Nicht übernommen",
            detail: detail.into(),
            nochmal_nach: None,
            pruefbericht: Some(Box::new(bericht)),
        }
    }

    /// The German explanation.
    pub fn detail(&self) -> &str {
        &self.detail
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
            nochmal_nach: None,
            pruefbericht: None,
        }
    }
}

/// The body of an RFC 7807 problem.
#[derive(serde::Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    typ: &'static str,
    title: &'static str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pruefbericht: Option<&'a serde_json::Value>,
}

impl From<crate::dienst::Anfragefehler> for ApiFehler {
    fn from(e: crate::dienst::Anfragefehler) -> Self {
        use crate::dienst::Anfragefehler as F;
        match e {
            F::Ungueltig(t) => ApiFehler::ungueltig(t),
            F::NichtGefunden(t) => ApiFehler::nicht_gefunden(t),
            F::Konflikt(t) => ApiFehler {
                status: StatusCode::CONFLICT,
                titel: "Konflikt",
                detail: t,
                nochmal_nach: None,
                pruefbericht: None,
            },
            F::Veraltet(t) => ApiFehler {
                status: StatusCode::PRECONDITION_FAILED,
                titel: "Inzwischen geändert",
                detail: t,
                nochmal_nach: None,
                pruefbericht: None,
            },
            F::Ueberlastet { text, nochmal_nach_s } => ApiFehler::ueberlastet(text, nochmal_nach_s),
            F::Intern(t) => ApiFehler::intern(t),
        }
    }
}

impl IntoResponse for ApiFehler {
    fn into_response(self) -> Response {
        let body = Problem {
            typ: "about:blank",
            title: self.titel,
            status: self.status.as_u16(),
            detail: &self.detail,
            pruefbericht: self.pruefbericht.as_deref(),
        };
        let text = serde_json::to_string(&body).unwrap_or_default();
        let mut antwort = (self.status, [(header::CONTENT_TYPE, "application/problem+json")], text).into_response();
        if let Some(s) = self.nochmal_nach {
            antwort.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(s));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            antwort.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        antwort
    }
}

/// Longest accepted request target (path and query), bytes.
pub const MAX_URL: usize = 8 * 1024;
/// Largest accepted sum of header names and values, bytes.
pub const MAX_KOEPFE: usize = 32 * 1024;

/// Refuses requests whose URL or headers are too long (414/431) before any handler runs.
pub async fn grenzen(anfrage: axum::extract::Request, weiter: axum::middleware::Next) -> Response {
    let url = anfrage.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if url > MAX_URL {
        return ApiFehler {
            nochmal_nach: None,
            pruefbericht: None,
            status: StatusCode::URI_TOO_LONG,
            titel: "Adresse zu lang",
            detail: format!("Die Adresse der Anfrage ist {url} Bytes lang; erlaubt sind höchstens {MAX_URL} Bytes."),
        }
        .into_response();
    }
    let koepfe: usize = anfrage.headers().iter().map(|(k, v)| k.as_str().len() + v.len()).sum();
    if koepfe > MAX_KOEPFE {
        return ApiFehler {
            nochmal_nach: None,
            pruefbericht: None,
            status: StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            titel: "Kopfzeilen zu groß",
            detail: format!(
                "Die Kopfzeilen der Anfrage sind zusammen {koepfe} Bytes groß; erlaubt sind höchstens {MAX_KOEPFE} Bytes."
            ),
        }
        .into_response();
    }
    weiter.run(anfrage).await
}

/// Turns every error response that is not yet problem+json (the router's 404/405, the body
/// limit's 413, extractor rejections with English text) into a German problem+json. The
/// handlers' own problems pass unchanged.
pub async fn als_problem(antwort: Response) -> Response {
    let status = antwort.status();
    let problem = antwort
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/problem+json"));
    if !(status.is_client_error() || status.is_server_error()) || problem {
        return antwort;
    }
    let (titel, detail) = problemtext(status, antwort.headers().get(header::ALLOW));
    let allow = antwort.headers().get(header::ALLOW).cloned();
    let mut neu = ApiFehler { status, titel, detail, nochmal_nach: None, pruefbericht: None }.into_response();
    if let Some(a) = allow {
        neu.headers_mut().insert(header::ALLOW, a);
    }
    neu
}

/// Title and German explanation of an error answer the handlers did not make themselves.
fn problemtext(status: StatusCode, allow: Option<&header::HeaderValue>) -> (&'static str, String) {
    let (titel, text) = match status {
        StatusCode::NOT_FOUND => (
            "Nicht gefunden",
            "Unter dieser Adresse gibt es nichts. Die Schnittstellen beschreibt /api?f=html, die Kartenseite ist unter /.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => {
            let erlaubt = allow.and_then(|v| v.to_str().ok()).unwrap_or("GET");
            return (
                "Methode nicht erlaubt",
                format!("Diese Adresse unterstützt die Methode der Anfrage nicht; erlaubt: {erlaubt}."),
            );
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            return (
                "Anfrageinhalt zu groß",
                format!(
                    "Der Inhalt der Anfrage ist zu groß; erlaubt sind höchstens {} KiB (bei Importen {} MiB).",
                    super::MAX_KOERPER / 1024,
                    super::MAX_IMPORT / (1024 * 1024)
                ),
            );
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "Ungültiger Anfrageinhalt",
            "Der Inhalt der Anfrage hat einen nicht unterstützten Typ; erwartet: Content-Type: application/json.",
        ),
        StatusCode::REQUEST_TIMEOUT => {
            ("Zeitüberschreitung", "Die Anfrage wurde nicht rechtzeitig vollständig gesendet.")
        }
        s if s.is_server_error() => {
            ("Interner Fehler", "Die Anfrage konnte wegen eines internen Fehlers nicht beantwortet werden.")
        }
        _ => (
            "Ungültige Anfrage",
            "Die Anfrage ist ungültig: Adresse, Parameter und Inhalt prüfen (Pfade und Parameter in UTF-8, Beschreibung \
             unter /api?f=html).",
        ),
    };
    (titel, text.to_string())
}

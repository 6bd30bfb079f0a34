//! Public and internal access. Without credentials every answer is public (suppressed);
//! `Authorization: Bearer <token>` with the configured token unlocks the internal mode.
//! The token is compared in constant time.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use subtle::ConstantTimeEq;

use super::{ApiFehler, Zustand};

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zugang {
    /// Anyone: small numbers are suppressed.
    Oeffentlich,
    /// An authenticated planner: unsuppressed values, still flagged.
    Intern,
}

impl Zugang {
    /// True in internal mode.
    pub fn intern(self) -> bool {
        self == Zugang::Intern
    }

    /// The mode as said in answers.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Zugang::Oeffentlich => "oeffentlich",
            Zugang::Intern => "intern",
        }
    }
}

impl FromRequestParts<Zustand> for Zugang {
    type Rejection = ApiFehler;

    async fn from_request_parts(parts: &mut Parts, z: &Zustand) -> Result<Self, Self::Rejection> {
        let Some(kopf) = parts.headers.get(AUTHORIZATION) else {
            return Ok(Zugang::Oeffentlich);
        };
        let gegeben = kopf.to_str().ok().and_then(|t| t.strip_prefix("Bearer ")).map(str::trim).unwrap_or("");
        match &z.intern_token {
            None => Err(ApiFehler::nicht_berechtigt(
                "Der interne Zugang ist auf diesem Dienst nicht eingerichtet (kein Token konfiguriert); \
                 ohne Authorization-Kopf gibt es die öffentlichen Werte",
            )),
            Some(t) if bool::from(t.as_bytes().ct_eq(gegeben.as_bytes())) => Ok(Zugang::Intern),
            Some(_) => Err(ApiFehler::nicht_berechtigt(
                "Das Token ist ungültig. Erwartet: Authorization: Bearer <Token aus der Konfiguration>; \
                 ohne Authorization-Kopf gibt es die öffentlichen Werte",
            )),
        }
    }
}

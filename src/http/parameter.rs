//! The query parameters of a request as [`crate::dienst::Parameter`]; the application layer
//! reads and checks them.

use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;

use super::ApiFehler;
use crate::dienst::Parameter;

impl<S: Send + Sync> FromRequestParts<S> for Parameter {
    type Rejection = ApiFehler;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let RawQuery(q) = RawQuery::from_request_parts(parts, state).await.map_err(ApiFehler::intern)?;
        Ok(Parameter::aus_abfrage(q.as_deref().unwrap_or(""))?)
    }
}

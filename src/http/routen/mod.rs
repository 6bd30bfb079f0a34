//! The routes of the API, one file per subject.

mod angebote;
mod export;
mod gebiete;
mod indikatoren;
pub(super) mod karten;
mod seite;
pub(super) mod versorgung;

use axum::Router;
use axum::routing::{get, post};

pub(super) use gebiete::kommunen_geojson;

use super::Zustand;

/// Largest `k` of `/api/naechste`.
pub const MAX_K: usize = 100;
/// Default `k` of `/api/naechste`.
pub const STANDARD_K: usize = 5;
/// Largest radius of `/api/umkreis`, metres.
pub const MAX_RADIUS_M: f64 = 50_000.0;
/// Default radius of `/api/umkreis`, metres.
pub const STANDARD_RADIUS_M: f64 = 2_000.0;

/// The API routes.
pub fn api() -> Router<Zustand> {
    Router::new()
        .route("/api/health", get(gebiete::health))
        .route("/api/kommunen", get(gebiete::kommunen))
        .route("/api/regionen", get(gebiete::regionen))
        .route("/api/kategorien", get(angebote::kategorien))
        .route("/api/angebote", get(angebote::angebote))
        .route("/api/naechste", get(angebote::naechste))
        .route("/api/umkreis", get(angebote::umkreis))
        .route("/api/abdeckung", get(versorgung::abdeckung))
        .route("/api/entfernungen", get(versorgung::entfernungen_route))
        .route("/api/szenario", post(versorgung::szenario_route))
        .route("/api/bedarf-angebot", get(versorgung::bedarf_angebot_route))
        .route("/api/indikatoren", get(indikatoren::katalog))
        .route("/api/indikatoren/{id}", get(indikatoren::karte_route))
        .route("/api/konfiguration", get(seite::konfiguration))
        .route("/api/einheiten", get(seite::einheiten))
        .route("/api/profil/{ags}", get(seite::profil))
        .route("/api/export/{datei}", get(export::export))
        .route("/api/karten/{datei}", get(karten::karte))
}

//! Everything axum: application state, problem+json errors, query parameters and routes.
//! Handlers parse their parameters, make one call into [`crate::analysis`] or read the atlas,
//! and serialise.

mod ausgabe;
pub mod beschreibung;
mod fehler;
pub(crate) mod ogc;
mod parameter;
mod routen;
mod zugang;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

pub use fehler::ApiFehler;
pub use zugang::Zugang;

use crate::Atlas;
use crate::analysis::datenschutz::Datenschutz;

/// Largest request body (what-if scenarios), bytes.
pub const MAX_KOERPER: usize = 64 * 1024;

/// What a running service is configured with.
#[derive(Debug, Clone, Default)]
pub struct Einstellungen {
    /// The suppression rule of public output.
    pub datenschutz: Datenschutz,
    /// Bearer token of the internal mode (`None` = off).
    pub intern_token: Option<String>,
    /// Base map of the web page.
    pub kacheln: Option<crate::config::Kacheln>,
}

/// Shared state of all handlers.
#[derive(Clone)]
pub struct Zustand {
    /// The loaded data set.
    pub atlas: Arc<Atlas>,
    /// The suppression rule of public output.
    pub datenschutz: Datenschutz,
    /// Bearer token of the internal mode (`None` = off).
    intern_token: Option<Arc<str>>,
    /// Base map of the web page.
    pub kacheln: Option<crate::config::Kacheln>,
    /// `/api/kommunen`, serialised once at startup.
    kommunen_json: Arc<String>,
    /// GeoJSON geometry of every unit (indexed like `Atlas::einheiten`), built once.
    geometrien: Arc<Vec<serde_json::Value>>,
    /// The describing properties of every unit (id, name, kind, members …), built once.
    einheiten_json: Arc<Vec<serde_json::Map<String, serde_json::Value>>>,
    /// Directory of the web page.
    web: PathBuf,
    /// The OGC API collection descriptions, prepared once.
    sammlungen: Arc<Vec<ogc::Sammlungskopf>>,
}

impl Zustand {
    /// The state with the default suppression rule, no internal mode, no base map.
    pub fn neu(atlas: Arc<Atlas>) -> Self {
        Self::mit(atlas, Einstellungen::default())
    }

    /// Prepares the state (and the responses that never change) for an atlas.
    pub fn mit(atlas: Arc<Atlas>, e: Einstellungen) -> Self {
        let kommunen_json = Arc::new(routen::kommunen_geojson(&atlas).to_string());
        let geometrien = Arc::new(
            (0..atlas.einheiten.len())
                .map(|e| crate::io::geojson_aus::geometrie_wert(atlas.einheit_grenze(e)))
                .collect(),
        );
        let einheiten_json = Arc::new((0..atlas.einheiten.len()).map(|e| ausgabe::einheit(&atlas, e)).collect());
        let sammlungen = Arc::new(ogc::sammlungskoepfe(&atlas, &e.datenschutz));
        Self {
            atlas,
            datenschutz: e.datenschutz,
            intern_token: e.intern_token.map(Arc::from),
            kacheln: e.kacheln,
            kommunen_json,
            geometrien,
            einheiten_json,
            web: PathBuf::from("web"),
            sammlungen,
        }
    }
}

/// The application: API routes plus the web page from `web` at `/`.
pub fn app(zustand: Zustand, web: PathBuf) -> Router {
    let zustand = Zustand { web: web.clone(), ..zustand };
    routen::api()
        .route("/", get(ogc::landing))
        .route("/conformance", get(ogc::konformitaet))
        .route("/api", get(ogc::openapi))
        .route("/collections", get(ogc::sammlungen))
        .route("/collections/{collection}", get(ogc::sammlung_route))
        .route("/collections/{collection}/items", get(ogc::items))
        .route("/collections/{collection}/items/{feature}", get(ogc::item))
        .fallback_service(ServeDir::new(web).append_index_html_on_directories(true))
        .with_state(zustand)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_KOERPER))
        .layer(TraceLayer::new_for_http())
}

/// Answers one GET request in process (for the command line): status and body.
pub async fn einmal(zustand: Zustand, uri: &str) -> crate::Result<(u16, Vec<u8>)> {
    use tower::ServiceExt;
    let anfrage = axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .map_err(|e| crate::Error::Konfiguration(format!("Anfrage {uri}: {e}")))?;
    let antwort = app(zustand, PathBuf::from("web"))
        .oneshot(anfrage)
        .await
        .map_err(|e| crate::Error::Konfiguration(format!("Anfrage {uri}: {e}")))?;
    let status = antwort.status().as_u16();
    let bytes = axum::body::to_bytes(antwort.into_body(), usize::MAX)
        .await
        .map_err(|e| crate::Error::Konfiguration(format!("Antwort {uri}: {e}")))?;
    Ok((status, bytes.to_vec()))
}

/// Serves `app` on a bound listener until `stopp` completes (graceful shutdown).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    stopp: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app).with_graceful_shutdown(stopp).await
}

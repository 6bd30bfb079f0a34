//! Everything axum: application state, problem+json errors, query parameters and routes.
//! Handlers parse their parameters, make one call into [`crate::analysis`] or read the atlas,
//! and serialise.

mod fehler;
mod parameter;
mod routen;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

pub use fehler::ApiFehler;

use crate::Atlas;

/// Shared state of all handlers.
#[derive(Clone)]
pub struct Zustand {
    /// The loaded data set.
    pub atlas: Arc<Atlas>,
    /// `/api/kommunen`, serialised once at startup.
    kommunen_json: Arc<String>,
}

impl Zustand {
    /// Prepares the state (and the responses that never change) for an atlas.
    pub fn neu(atlas: Arc<Atlas>) -> Self {
        let kommunen_json = Arc::new(routen::kommunen_geojson(&atlas).to_string());
        Self { atlas, kommunen_json }
    }
}

/// The application: API routes plus the web page from `web` at `/`.
pub fn app(zustand: Zustand, web: PathBuf) -> Router {
    routen::api()
        .fallback_service(ServeDir::new(web).append_index_html_on_directories(true))
        .with_state(zustand)
        .layer(TraceLayer::new_for_http())
}

/// Serves `app` on a bound listener until `stopp` completes (graceful shutdown).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    stopp: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app).with_graceful_shutdown(stopp).await
}

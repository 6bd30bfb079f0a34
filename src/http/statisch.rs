//! The files of the map page: only the page's own assets (`index.html`, `app.js`, `style.css`,
//! `js/…`) and Leaflet's distribution. Nothing else under the web directory (test tools in
//! `node_modules`, tests, `package.json`, dotfiles) is served.

use std::path::Path;

use axum::Router;
use axum::http::Uri;
use tower_http::services::{ServeDir, ServeFile};

use super::{ApiFehler, Zustand};

/// File types the page consists of.
const ENDUNGEN: [&str; 5] = [".js", ".css", ".png", ".svg", ".html"];

/// The routes of the page's files below `web`.
pub fn dateien(web: &Path) -> Router<Zustand> {
    let leaflet = web.join("node_modules/leaflet/dist");
    Router::new()
        .route_service("/index.html", ServeFile::new(web.join("index.html")))
        .route_service("/app.js", ServeFile::new(web.join("app.js")))
        .route_service("/style.css", ServeFile::new(web.join("style.css")))
        .nest_service("/js", ServeDir::new(web.join("js")))
        .nest_service("/node_modules/leaflet/dist", ServeDir::new(leaflet))
        .layer(axum::middleware::from_fn(nur_seitendateien))
}

/// Lets only plain asset names through: no dotfile or dot directory, a known file type.
async fn nur_seitendateien(
    anfrage: axum::extract::Request,
    weiter: axum::middleware::Next,
) -> axum::response::Response {
    let pfad = anfrage.uri().path();
    let erlaubt = !pfad.split('/').any(|t| t.starts_with('.') || t.starts_with("%2e") || t.starts_with("%2E"))
        && ENDUNGEN.iter().any(|e| pfad.ends_with(e));
    if !erlaubt {
        return nicht_gefunden(anfrage.uri().clone()).await;
    }
    weiter.run(anfrage).await
}

/// 404 for every address the service does not have.
pub async fn nicht_gefunden(uri: Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    ApiFehler::nicht_gefunden(format!(
        "Unter „{}“ gibt es nichts. Die Kartenseite ist unter /, die Schnittstellen beschreibt /api?f=html.",
        uri.path()
    ))
    .into_response()
}

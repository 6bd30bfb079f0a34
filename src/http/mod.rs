//! Everything axum: application state, problem+json errors, extractors and the three APIs
//! (planning API, OGC API – Features, files). Handlers extract, make one call into
//! [`crate::dienst`], and serialise; the route table ([`beschreibung::routen`]) binds each path
//! to its handler, parameters and answer type, and the OpenAPI document is made from it.

mod antwort;
mod bearbeiten;
mod bedarfe;
pub mod beschreibung;
pub(crate) mod fehler;
mod import;
pub(crate) mod ogc;
mod parameter;
mod planung;
mod server;
mod statisch;
mod zugang;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tower_http::trace::TraceLayer;

pub use crate::config::{STANDARD_RENDERINGS, Servergrenzen};
pub use crate::dienst::Zugang;
pub use fehler::ApiFehler;
pub use server::serve;

use crate::Atlas;
use crate::config::Zugangstoken;
use crate::dienst::Datenschutz;
use crate::dienst::Dienst;

/// Snapshots of other days by day (`JJJJ-MM-TT`), oldest first.
type Staende = Vec<(String, Arc<Dienst>)>;

/// Snapshots of other days kept at once.
const MAX_STAENDE: usize = 8;

/// Largest request body (what-if scenarios), bytes.
pub const MAX_KOERPER: usize = 64 * 1024;
/// Largest file of an import, bytes.
pub const MAX_IMPORT: usize = 32 * 1024 * 1024;

/// What a running service is configured with.
#[derive(Debug, Clone)]
pub struct Einstellungen {
    /// The suppression rule of public output.
    pub datenschutz: Datenschutz,
    /// The tokens and their roles (none: public mode only).
    pub tokens: Vec<Zugangstoken>,
    /// Base map of the web page.
    pub kacheln: Option<crate::config::Kacheln>,
    /// Public base URL of links (`None` = from the request's `Host` header, checked).
    pub oeffentliche_url: Option<String>,
    /// CORS headers on GET responses.
    pub cors: bool,
    /// PNG maps rendered at once.
    pub max_renderings: usize,
    /// The address the service listens on, for links when a request's `Host` is unusable.
    pub eigene_adresse: Option<std::net::SocketAddr>,
}

impl Default for Einstellungen {
    fn default() -> Self {
        Self {
            datenschutz: Datenschutz::default(),
            tokens: Vec::new(),
            kacheln: None,
            oeffentliche_url: None,
            cors: true,
            max_renderings: STANDARD_RENDERINGS,
            eigene_adresse: None,
        }
    }
}

impl From<&crate::config::Konfiguration> for Einstellungen {
    fn from(k: &crate::config::Konfiguration) -> Self {
        Self {
            datenschutz: k.datenschutz,
            tokens: k.tokens.clone(),
            kacheln: k.kacheln.clone(),
            oeffentliche_url: k.oeffentliche_url.clone(),
            cors: k.cors,
            max_renderings: k.max_renderings,
            eigene_adresse: None,
        }
    }
}

/// Shared state of all handlers.
#[derive(Clone)]
pub struct Zustand {
    /// The application over the current data: swapped as a whole after a change, so a request
    /// finishes on the snapshot it started with.
    dienst: Arc<arc_swap::ArcSwap<Dienst>>,
    /// The tokens and their roles.
    tokens: Arc<[Zugangstoken]>,
    /// Recent wrong tokens per client address, to slow down guessing.
    fehlversuche: Arc<zugang::Fehlversuche>,
    /// Public base URL of links.
    oeffentliche_url: Option<Arc<str>>,
    /// The listening address, the base of links when `Host` is unusable.
    eigene_adresse: Option<std::net::SocketAddr>,
    /// CORS headers on GET responses.
    cors: bool,
    /// Permits for PNG renderings (bounded memory).
    renderings: Arc<tokio::sync::Semaphore>,
    /// Base map of the web page.
    pub kacheln: Option<crate::config::Kacheln>,
    /// Directory of the web page.
    web: PathBuf,
    /// Held while a change is written and its snapshot built and swapped in, so that the
    /// snapshots of two changes at once cannot be swapped in the wrong order.
    pub(crate) aenderung: Arc<tokio::sync::Mutex<()>>,
    /// Snapshots of other days (`stand`), built on demand, dropped when the data change.
    staende: Arc<std::sync::Mutex<Staende>>,
    /// The OpenAPI document of this data set, prepared once (the server URL is set per request).
    openapi: Arc<arc_swap::ArcSwap<serde_json::Value>>,
}

impl Zustand {
    /// The state with the default suppression rule, no internal mode, no base map.
    pub fn neu(atlas: Arc<Atlas>) -> Self {
        Self::mit(atlas, Einstellungen::default())
    }

    /// Prepares the state (and the answers that never change) for an atlas.
    pub fn mit(atlas: Arc<Atlas>, e: Einstellungen) -> Self {
        Self::mit_dienst(Dienst::neu(atlas, e.datenschutz), e)
    }

    /// The state around a prepared application (e.g. one with a store).
    pub fn mit_dienst(dienst: Dienst, e: Einstellungen) -> Self {
        let openapi = Arc::new(arc_swap::ArcSwap::from_pointee(beschreibung::openapi("", &dienst.verzeichnis)));
        Self {
            dienst: Arc::new(arc_swap::ArcSwap::new(Arc::new(dienst))),
            tokens: e.tokens.into(),
            fehlversuche: Arc::default(),
            oeffentliche_url: e.oeffentliche_url.map(Arc::from),
            eigene_adresse: e.eigene_adresse,
            cors: e.cors,
            renderings: Arc::new(tokio::sync::Semaphore::new(e.max_renderings.max(1))),
            kacheln: e.kacheln,
            web: PathBuf::from("web"),
            openapi,
            staende: Arc::default(),
            aenderung: Arc::default(),
        }
    }
}

impl Zustand {
    /// The current snapshot of the application. After midnight the snapshot of yesterday is
    /// rebuilt first (offers open and close by the day), and so is a snapshot whose store
    /// another process changed (an import on the command line, e.g. of a network) – unless a
    /// change is being written: that change puts a snapshot of the whole store in place anyway.
    pub fn dienst(&self) -> Arc<Dienst> {
        let d = self.dienst.load_full();
        if (d.veraltet() || d.von_aussen_geaendert())
            && let Ok(_reihe) = self.aenderung.try_lock()
        {
            match d.neu_aus_speicher() {
                Ok(neu) => {
                    tracing::info!(tag = ?neu.tag, "neuer Tag oder Änderung von außen: Speicher neu eingelesen");
                    self.tauschen(neu);
                    return self.dienst.load_full();
                }
                Err(e) => tracing::error!(fehler = %e, "Angebote des neuen Tags nicht lesbar"),
            }
        }
        d
    }

    /// Puts a new snapshot in place (after a change); requests in flight keep the old one.
    pub fn tauschen(&self, neu: Dienst) {
        // The document lists the data set's choices (categories, offers …): it changes with them.
        self.openapi.store(Arc::new(beschreibung::openapi("", &neu.verzeichnis)));
        self.dienst.store(Arc::new(neu));
        if let Ok(mut m) = self.staende.lock() {
            m.clear();
        }
    }

    /// The snapshot for the day a request asks for (`stand=JJJJ-MM-TT`, default today): the
    /// offers valid then. Snapshots of other days are built on demand (a few milliseconds) and a
    /// few are kept until the data change.
    pub fn dienst_am(&self, p: &crate::dienst::Parameter) -> Result<Arc<Dienst>, ApiFehler> {
        self.dienst_am_tag(p.text("stand"))
    }

    /// The snapshot for `tag` (`None`: today).
    pub fn dienst_am_tag(&self, tag: Option<&str>) -> Result<Arc<Dienst>, ApiFehler> {
        let jetzt = self.dienst();
        let Some(tag) = tag else {
            return Ok(jetzt);
        };
        let tag = crate::dienst::bestand::stand_pruefen(tag)?;
        if jetzt.tag.as_deref().is_none_or(|t| t == tag) {
            return Ok(jetzt);
        }
        if let Some(d) =
            self.staende.lock().ok().and_then(|m| m.iter().find(|(t, _)| *t == tag).map(|(_, d)| d.clone()))
        {
            return Ok(d);
        }
        let d = jetzt.am(&tag)?;
        if let Ok(mut m) = self.staende.lock() {
            if m.len() >= MAX_STAENDE {
                m.remove(0);
            }
            m.push((tag, d.clone()));
        }
        Ok(d)
    }

    /// The OpenAPI document of the current data (after taking in changes other processes made).
    pub fn openapi(&self) -> Arc<serde_json::Value> {
        self.dienst();
        self.openapi.load_full()
    }
}

/// The log span of a request: method and path, never the query (it may hold a place, e.g.
/// `lon`/`lat` of /api/naechste; a family's place must not end up in a log).
fn anfrage_span(r: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::debug_span!("anfrage", methode = %r.method(), pfad = %r.uri().path())
}

/// The application: API routes plus the web page from `web` at `/`.
pub fn app(zustand: Zustand, web: PathBuf) -> Router {
    let zustand = Zustand { web: web.clone(), ..zustand };
    let cors = zustand.cors.then(|| {
        use axum::http::{Method, header};
        tower_http::cors::CorsLayer::new()
            .allow_origin(tower_http::cors::Any)
            .allow_methods([Method::GET, Method::HEAD])
            .allow_headers([header::AUTHORIZATION, header::ACCEPT])
            .expose_headers([header::HeaderName::from_static("content-crs"), header::LINK])
    });
    let mut planung = Router::new();
    let mut ogc_api = Router::new();
    for r in beschreibung::routen() {
        match r.gruppe {
            beschreibung::OGC => ogc_api = ogc_api.route(r.pfad, r.dienst),
            _ => planung = planung.route(r.pfad, r.dienst),
        }
    }
    let innen = planung
        .merge(ogc_api)
        .merge(statisch::dateien(&web))
        .fallback(statisch::nicht_gefunden)
        .with_state(zustand)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_KOERPER));
    // `Router::layer` wraps each route on its own; the layers below must see every answer of
    // the whole router (the 405 with its Allow header included), so they wrap it as one service.
    Router::new()
        .fallback_service(innen)
        .layer(axum::middleware::map_response(fehler::als_problem))
        .layer(axum::middleware::from_fn(fehler::grenzen))
        .layer(tower::util::option_layer(cors))
        .layer(TraceLayer::new_for_http().make_span_with(anfrage_span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Geheimnis, Konfiguration, Konfigurationsdatei, Vorgaben};

    #[test]
    fn the_settings_of_a_running_service_never_show_the_token() {
        let geheim = "ein-sehr-geheimes-token-1234";
        let v = Vorgaben { intern_token: Some(Geheimnis::neu(geheim)), ..Default::default() };
        let k = Konfiguration::zusammenfuehren(v, Konfigurationsdatei::default()).unwrap();
        assert!(!format!("{:?}", Einstellungen::from(&k)).contains(geheim));
    }
}

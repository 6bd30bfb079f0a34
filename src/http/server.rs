//! The connection loop: HTTP/1.1 on a bound listener with a cap on open connections, a deadline
//! for request heads (which also closes idle keep-alive connections), and a graceful shutdown
//! that lets running requests finish.
//!
//! `axum::serve` has none of these limits: a client that sends half a request, or thousands of
//! idle connections, would hold file handles forever.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Limits of the connection loop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Servergrenzen {
    /// Most connections open at once; further clients wait in the listen queue.
    pub max_verbindungen: usize,
    /// Time a client has to send a complete request head, and the longest idle time of a
    /// keep-alive connection between two requests.
    pub kopf_zeitlimit: Duration,
    /// Time a client has to send the body of a request.
    pub koerper_zeitlimit: Duration,
    /// On shutdown: how long running requests may take before the service ends anyway.
    pub abschluss_zeitlimit: Duration,
}

impl Default for Servergrenzen {
    fn default() -> Self {
        Self {
            max_verbindungen: 512,
            kopf_zeitlimit: Duration::from_secs(10),
            koerper_zeitlimit: Duration::from_secs(30),
            abschluss_zeitlimit: Duration::from_secs(30),
        }
    }
}

/// Largest request head (request line and headers) the connection reads; longer URLs and
/// headers are answered by the application with 414/431 as problem+json (see `grenzen`).
const MAX_PUFFER: usize = 256 * 1024;

/// Serves `app` on `listener` until `stopp` completes, then stops accepting, lets running
/// requests finish (at most `abschluss_zeitlimit`) and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    grenzen: Servergrenzen,
    stopp: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(grenzen.koerper_zeitlimit));
    let plaetze = Arc::new(Semaphore::new(grenzen.max_verbindungen.max(1)));
    let abschluss = GracefulShutdown::new();
    tokio::pin!(stopp);
    loop {
        let platz = tokio::select! {
            p = plaetze.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut stopp => break,
        };
        let (strom, gegenueber) = tokio::select! {
            r = listener.accept() => match r {
                Ok(v) => v,
                Err(e) => {
                    // Out of file handles and the like: wait a moment instead of spinning.
                    tracing::warn!(fehler = %e, "Verbindung konnte nicht angenommen werden");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stopp => break,
        };
        let dienst = app.clone().map_request(move |mut anfrage: hyper::Request<hyper::body::Incoming>| {
            anfrage.extensions_mut().insert(ConnectInfo(gegenueber));
            anfrage
        });
        let verbindung = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(grenzen.kopf_zeitlimit)
            .max_buf_size(MAX_PUFFER)
            .serve_connection(TokioIo::new(strom), TowerToHyperService::new(dienst));
        let beobachtet = abschluss.watch(verbindung);
        tokio::spawn(async move {
            if let Err(e) = beobachtet.await {
                tracing::debug!(fehler = %e, %gegenueber, "Verbindung beendet");
            }
            drop(platz);
        });
    }
    drop(listener);
    tracing::info!(offen = abschluss.count(), "nimmt keine Verbindungen mehr an, laufende Anfragen werden beendet");
    tokio::select! {
        () = abschluss.shutdown() => tracing::info!("alle Anfragen beendet"),
        () = tokio::time::sleep(grenzen.abschluss_zeitlimit) => {
            tracing::warn!(sekunden = grenzen.abschluss_zeitlimit.as_secs(), "Anfragen nach dem Zeitlimit abgebrochen");
        }
    }
    Ok(())
}

/// The address of the client, where the connection loop recorded it.
pub fn gegenueber(anfrage: &axum::http::request::Parts) -> Option<SocketAddr> {
    anfrage.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)
}

//! The connection loop: HTTP/1.1 on a bound listener with a cap on open connections, a deadline
//! for request heads (which also closes idle keep-alive connections), and a graceful shutdown
//! that lets running requests finish.
//!
//! `axum::serve` has none of these limits: a client that sends half a request, or thousands of
//! idle connections, would hold file handles forever.

use crate::config::Servergrenzen;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::BTreeMap;
use std::sync::Mutex;
use tokio::net::TcpListener;

use tokio::sync::Notify;
use tower::ServiceExt;

/// Largest request head (request line and headers) the connection reads; longer URLs and
/// headers are answered by the application with 414/431 as problem+json (see `grenzen`).
const MAX_PUFFER: usize = 256 * 1024;

/// The open connections, oldest first, each with a signal that asks it to close. When all
/// places are taken, a new client does not wait behind idle connections: the oldest one is asked
/// to close (an idle connection closes at once, a busy one after its current answer).
#[derive(Default)]
struct Verbindungen {
    offen: Mutex<BTreeMap<u64, (Arc<Notify>, bool)>>,
    frei: Notify,
}

impl Verbindungen {
    fn offen(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, (Arc<Notify>, bool)>> {
        self.offen.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Makes room for one more connection: asks the oldest not yet asked to close; waits only
    /// when every open connection is already closing and the slack is used up.
    async fn platz_machen(&self, max: usize) {
        loop {
            // Registered before looking, so that a connection ending meanwhile is not missed.
            let frei = self.frei.notified();
            tokio::pin!(frei);
            frei.as_mut().enable();
            let warten = {
                let mut offen = self.offen();
                if offen.len() < max {
                    return;
                }
                match offen.values_mut().find(|(_, gebeten)| !*gebeten) {
                    Some((signal, gebeten)) => {
                        *gebeten = true;
                        signal.notify_one();
                        offen.len() > max + max / 8
                    }
                    None => true,
                }
            };
            if !warten {
                return;
            }
            frei.await;
        }
    }

    fn anmelden(&self, id: u64) -> Arc<Notify> {
        let signal = Arc::new(Notify::new());
        self.offen().insert(id, (signal.clone(), false));
        signal
    }

    fn abmelden(&self, id: u64) {
        self.offen().remove(&id);
        self.frei.notify_waiters();
    }

    /// Asks every connection to close (graceful shutdown).
    fn alle_schliessen(&self) {
        for (signal, gebeten) in self.offen().values_mut() {
            *gebeten = true;
            signal.notify_one();
        }
    }

    fn anzahl(&self) -> usize {
        self.offen().len()
    }
}

/// Serves `app` on `listener` until `stopp` completes, then stops accepting, lets running
/// requests finish (at most `abschluss_zeitlimit`) and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    grenzen: Servergrenzen,
    stopp: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(grenzen.koerper_zeitlimit));
    let max = grenzen.max_verbindungen.max(1);
    let verbindungen = Arc::new(Verbindungen::default());
    let mut naechste_id: u64 = 0;
    tokio::pin!(stopp);
    loop {
        tokio::select! {
            () = verbindungen.platz_machen(max) => {}
            () = &mut stopp => break,
        }
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
        naechste_id += 1;
        let id = naechste_id;
        let schliessen = verbindungen.anmelden(id);
        let alle = verbindungen.clone();
        tokio::spawn(async move {
            let mut verbindung = std::pin::pin!(verbindung);
            let ergebnis = tokio::select! {
                r = verbindung.as_mut() => r,
                () = schliessen.notified() => {
                    verbindung.as_mut().graceful_shutdown();
                    verbindung.await
                }
            };
            if let Err(e) = ergebnis {
                tracing::debug!(fehler = %e, %gegenueber, "Verbindung beendet");
            }
            alle.abmelden(id);
        });
    }
    drop(listener);
    tracing::info!(offen = verbindungen.anzahl(), "nimmt keine Verbindungen mehr an, laufende Anfragen werden beendet");
    verbindungen.alle_schliessen();
    let ende = tokio::time::Instant::now() + grenzen.abschluss_zeitlimit;
    loop {
        let frei = verbindungen.frei.notified();
        tokio::pin!(frei);
        frei.as_mut().enable();
        if verbindungen.anzahl() == 0 {
            break;
        }
        if tokio::time::timeout_at(ende, frei).await.is_err() {
            tracing::warn!(sekunden = grenzen.abschluss_zeitlimit.as_secs(), "Anfragen nach dem Zeitlimit abgebrochen");
            return Ok(());
        }
    }
    tracing::info!("alle Anfragen beendet");
    Ok(())
}

/// The address of the client, where the connection loop recorded it.
pub fn gegenueber(anfrage: &axum::http::request::Parts) -> Option<SocketAddr> {
    anfrage.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)
}

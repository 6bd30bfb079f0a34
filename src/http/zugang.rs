//! Public and internal access. Without credentials every answer is public (suppressed);
//! `Authorization: Bearer <token>` with the configured token unlocks the internal mode.
//! The token is compared in constant time; wrong tokens from one address are answered more
//! and more slowly (up to [`MAX_VERZOEGERUNG`]), so guessing gets nowhere.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use subtle::ConstantTimeEq;

use super::{ApiFehler, Zustand};
use crate::dienst::Zugang;

/// What a token given allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rolle {
    /// Read everything (internal mode).
    Intern,
    /// Read everything and change offers.
    Bearbeiten,
}

/// The token of the `Authorization: Bearer …` header and the role it has (`None`: no token of
/// this service). Both tokens are compared in constant time.
fn rolle(parts: &Parts, z: &Zustand) -> Option<Result<Rolle, ()>> {
    let kopf = parts.headers.get(AUTHORIZATION)?;
    let gegeben = kopf.to_str().ok().and_then(|t| t.strip_prefix("Bearer ")).map(str::trim).unwrap_or("");
    let passt = |t: &Option<crate::config::Geheimnis>| {
        t.as_ref().is_some_and(|t| bool::from(t.offenlegen().as_bytes().ct_eq(gegeben.as_bytes())))
    };
    Some(match (passt(&z.bearbeiten_token), passt(&z.intern_token)) {
        (true, _) => Ok(Rolle::Bearbeiten),
        (_, true) => Ok(Rolle::Intern),
        _ => Err(()),
    })
}

/// A wrong token: answered after a growing wait for its address.
async fn falsches_token(parts: &Parts, z: &Zustand) -> ApiFehler {
    let adresse = super::server::gegenueber(parts).map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip());
    tokio::time::sleep(z.fehlversuche.verzoegerung(adresse)).await;
    ApiFehler::nicht_berechtigt(
        "Das Token ist ungültig. Erwartet: Authorization: Bearer <Token aus der Konfiguration>; \
         ohne Authorization-Kopf gibt es die öffentlichen Werte",
    )
}

impl FromRequestParts<Zustand> for Zugang {
    type Rejection = ApiFehler;

    async fn from_request_parts(parts: &mut Parts, z: &Zustand) -> Result<Self, Self::Rejection> {
        if z.intern_token.is_none() && z.bearbeiten_token.is_none() && parts.headers.contains_key(AUTHORIZATION) {
            return Err(ApiFehler::nicht_berechtigt(
                "Der interne Zugang ist auf diesem Dienst nicht eingerichtet (kein Token konfiguriert); \
                 ohne Authorization-Kopf gibt es die öffentlichen Werte",
            ));
        }
        match rolle(parts, z) {
            None => Ok(Zugang::Oeffentlich),
            Some(Ok(_)) => Ok(Zugang::Intern),
            Some(Err(())) => Err(falsches_token(parts, z).await),
        }
    }
}

/// Someone with the editing role; the name is recorded with every change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bearbeiter(pub String);

/// The name changes by the editing token are recorded under.
pub const BEARBEITUNG: &str = "Bearbeitung";

impl FromRequestParts<Zustand> for Bearbeiter {
    type Rejection = ApiFehler;

    async fn from_request_parts(parts: &mut Parts, z: &Zustand) -> Result<Self, Self::Rejection> {
        if z.bearbeiten_token.is_none() {
            return Err(ApiFehler::verboten(
                "Die Bearbeitung ist auf diesem Dienst nicht eingerichtet (SOZIALRAUM_TOKEN_BEARBEITEN oder \
                 bearbeiten_token in der Konfiguration)",
            ));
        }
        match rolle(parts, z) {
            None => Err(ApiFehler::nicht_berechtigt(
                "Ändern braucht das Token der Bearbeitung: Authorization: Bearer <Token>",
            )),
            Some(Ok(Rolle::Bearbeiten)) => Ok(Bearbeiter(BEARBEITUNG.into())),
            Some(Ok(Rolle::Intern)) => Err(ApiFehler::verboten(
                "Dieses Token erlaubt das Lesen aller Werte, nicht das Ändern; dafür das Token der Bearbeitung verwenden",
            )),
            Some(Err(())) => Err(falsches_token(parts, z).await),
        }
    }
}

/// Longest wait before a wrong token is answered.
pub const MAX_VERZOEGERUNG: Duration = Duration::from_secs(5);
/// Wait after the first wrong token; it doubles with every further one.
const ERSTE_VERZOEGERUNG: Duration = Duration::from_millis(200);
/// After this long without a wrong token an address starts afresh.
const VERGESSEN_NACH: Duration = Duration::from_secs(15 * 60);
/// Most addresses remembered (older entries are dropped first when full).
const MAX_ADRESSEN: usize = 10_000;

/// Wrong tokens per client address.
#[derive(Debug, Default)]
pub struct Fehlversuche(Mutex<HashMap<IpAddr, (u32, Instant)>>);

impl Fehlversuche {
    /// Records a wrong token from `adresse` and returns how long to wait before answering.
    pub fn verzoegerung(&self, adresse: IpAddr) -> Duration {
        let jetzt = Instant::now();
        let Ok(mut m) = self.0.lock() else {
            return MAX_VERZOEGERUNG;
        };
        if m.len() >= MAX_ADRESSEN {
            m.retain(|_, (_, zuletzt)| jetzt.duration_since(*zuletzt) < VERGESSEN_NACH);
            if m.len() >= MAX_ADRESSEN {
                m.clear();
            }
        }
        let eintrag = m.entry(adresse).or_insert((0, jetzt));
        if jetzt.duration_since(eintrag.1) >= VERGESSEN_NACH {
            eintrag.0 = 0;
        }
        eintrag.0 = eintrag.0.saturating_add(1);
        eintrag.1 = jetzt;
        let faktor = 1u32 << (eintrag.0 - 1).min(10);
        ERSTE_VERZOEGERUNG.saturating_mul(faktor).min(MAX_VERZOEGERUNG)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_tokens_wait_longer_each_time_up_to_the_cap_per_address() {
        let f = Fehlversuche::default();
        let a = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
        let b = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3));
        let folge: Vec<u64> = (0..7).map(|_| f.verzoegerung(a).as_millis() as u64).collect();
        assert_eq!(folge, [200, 400, 800, 1600, 3200, 5000, 5000]);
        assert_eq!(f.verzoegerung(b), Duration::from_millis(200));
    }
}

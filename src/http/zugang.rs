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

use super::{ApiFehler, Zustand};
use crate::config::{Rolle, Zugangstoken};
use crate::dienst::Zugang;

/// The configured token of the `Authorization: Bearer …` header (`None`: no header; `Err`: a
/// token this service does not know).
fn token<'z>(parts: &Parts, z: &'z Zustand) -> Option<Result<&'z Zugangstoken, ()>> {
    let kopf = parts.headers.get(AUTHORIZATION)?;
    let gegeben = kopf.to_str().ok().and_then(|t| t.strip_prefix("Bearer ")).map(str::trim).unwrap_or("");
    Some(Zugangstoken::finden(&z.tokens, gegeben).ok_or(()))
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
        if z.tokens.is_empty() && parts.headers.contains_key(AUTHORIZATION) {
            return Err(ApiFehler::nicht_berechtigt(
                "Der interne Zugang ist auf diesem Dienst nicht eingerichtet (kein Token konfiguriert); \
                 ohne Authorization-Kopf gibt es die öffentlichen Werte",
            ));
        }
        match token(parts, z) {
            None => Ok(Zugang::Oeffentlich),
            Some(Ok(_)) => Ok(Zugang::Intern),
            Some(Err(())) => Err(falsches_token(parts, z).await),
        }
    }
}

/// Someone with the editing role; the token's name is recorded with every change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bearbeiter(pub String);

/// Someone who may report needs from case planning (role `melden` or higher); the token's name
/// is recorded with every report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Melder(pub String);

/// The name of the token of a request if it has at least the role `noetig`, else 401/403.
async fn mit_rolle(parts: &Parts, z: &Zustand, noetig: Rolle, wofuer: &str) -> Result<String, ApiFehler> {
    if !z.tokens.iter().any(|t| t.rolle >= noetig) {
        return Err(ApiFehler::verboten(format!(
            "{wofuer} ist auf diesem Dienst nicht eingerichtet: kein Token mit der Rolle „{}“ ([[token]] in der \
             Konfiguration oder SOZIALRAUM_TOKEN_BEARBEITEN)",
            noetig.name()
        )));
    }
    match token(parts, z) {
        None => Err(ApiFehler::nicht_berechtigt(format!(
            "{wofuer} braucht ein Token mit der Rolle „{}“: Authorization: Bearer <Token>",
            noetig.name()
        ))),
        Some(Ok(t)) if t.rolle >= noetig => Ok(t.name.clone()),
        Some(Ok(t)) => Err(ApiFehler::verboten(format!(
            "Das Token „{}“ hat die Rolle „{}“; {wofuer} braucht die Rolle „{}“",
            t.name,
            t.rolle.name(),
            noetig.name()
        ))),
        Some(Err(())) => Err(falsches_token(parts, z).await),
    }
}

/// Who a token is: its name and role (the page asks this after a sign-in).
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Anmeldung {
    /// The token's name (recorded with changes).
    pub name: String,
    /// intern, melden or bearbeiten.
    pub rolle: &'static str,
    /// May change offers and import.
    pub bearbeiten: bool,
    /// May report needs.
    pub melden: bool,
}

impl FromRequestParts<Zustand> for Anmeldung {
    type Rejection = ApiFehler;

    async fn from_request_parts(parts: &mut Parts, z: &Zustand) -> Result<Self, Self::Rejection> {
        match token(parts, z) {
            None => Err(ApiFehler::nicht_berechtigt("Anmelden braucht ein Token: Authorization: Bearer <Token>")),
            Some(Ok(t)) => Ok(Anmeldung {
                name: t.name.clone(),
                rolle: t.rolle.name(),
                bearbeiten: t.rolle >= Rolle::Bearbeiten,
                melden: t.rolle >= Rolle::Melden,
            }),
            Some(Err(())) => Err(falsches_token(parts, z).await),
        }
    }
}

impl FromRequestParts<Zustand> for Bearbeiter {
    type Rejection = ApiFehler;

    async fn from_request_parts(parts: &mut Parts, z: &Zustand) -> Result<Self, Self::Rejection> {
        mit_rolle(parts, z, Rolle::Bearbeiten, "Ändern").await.map(Bearbeiter)
    }
}

impl FromRequestParts<Zustand> for Melder {
    type Rejection = ApiFehler;

    async fn from_request_parts(parts: &mut Parts, z: &Zustand) -> Result<Self, Self::Rejection> {
        mit_rolle(parts, z, Rolle::Melden, "Bedarfe melden").await.map(Melder)
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

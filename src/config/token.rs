//! Access tokens: who may read everything, report needs or edit. A token is configured with a
//! name (recorded with every change: an office or role, a person only where the Kreis wants
//! that) and a role, and kept only as its SHA-256 hash; the token a request brings is hashed and
//! compared with every configured hash in constant time.

use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::Geheimnis;
use crate::error::{Error, Result};

/// Shortest accepted token.
pub const MIN_TOKEN_LAENGE: usize = 16;

/// What a token allows; each role includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rolle {
    /// Read everything (the internal mode: unsuppressed values, history).
    Intern,
    /// Also report needs from case planning.
    Melden,
    /// Also change offers, categories and indicator values, and import.
    Bearbeiten,
}

impl Rolle {
    /// The role's name as configured.
    pub fn name(self) -> &'static str {
        match self {
            Rolle::Intern => "intern",
            Rolle::Melden => "melden",
            Rolle::Bearbeiten => "bearbeiten",
        }
    }
}

/// A configured token: its name, its role and the hash of the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Zugangstoken {
    /// Recorded with every change made with it.
    pub name: String,
    /// What it allows.
    pub rolle: Rolle,
    hash: [u8; 32],
}

impl std::fmt::Debug for Zugangstoken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Zugangstoken").field("name", &self.name).field("rolle", &self.rolle).finish_non_exhaustive()
    }
}

/// A `[[token]]` entry of the configuration file: the token itself or its hash.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tokeneintrag {
    /// Name recorded with changes.
    pub name: String,
    /// `intern`, `melden` or `bearbeiten`.
    pub rolle: Rolle,
    /// The token (better: `hash`, so the file holds no secret).
    pub token: Option<Geheimnis>,
    /// `sha256:<64 hex digits>` of the token, as `sozialraum token` prints it.
    pub hash: Option<String>,
}

fn sha256(t: &str) -> [u8; 32] {
    Sha256::digest(t.as_bytes()).into()
}

/// The hash of a token as written in the configuration (`sha256:…`).
pub fn hash_text(token: &str) -> String {
    let h = sha256(token);
    format!("sha256:{}", h.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// A new random token (24 random bytes as 48 hex digits).
pub fn erzeugen() -> Result<String> {
    let mut b = [0u8; 24];
    getrandom::fill(&mut b).map_err(|e| Error::Konfiguration(format!("kein Zufall vom System: {e}")))?;
    Ok(b.iter().map(|b| format!("{b:02x}")).collect())
}

impl Zugangstoken {
    /// A token with its secret; `wofuer` names it in messages.
    pub fn neu(name: &str, rolle: Rolle, t: &Geheimnis, wofuer: &str) -> Result<Self> {
        let t = t.offenlegen().trim();
        if t.is_empty() {
            return Err(Error::Konfiguration(format!(
                "Das Token für {wofuer} ist gesetzt, aber leer. Ein Token eintragen (z. B. mit `sozialraum token` \
                 erzeugen) oder die Einstellung ganz entfernen."
            )));
        }
        if t.chars().count() < MIN_TOKEN_LAENGE {
            return Err(Error::Konfiguration(format!(
                "Das Token für {wofuer} ist zu kurz: mindestens {MIN_TOKEN_LAENGE} Zeichen (z. B. mit `sozialraum token` erzeugen)"
            )));
        }
        Ok(Self { name: name.to_string(), rolle, hash: sha256(t) })
    }

    /// A `[[token]]` entry (number `nr`, from 1) of the configuration file.
    pub fn aus_eintrag(nr: usize, e: Tokeneintrag) -> Result<Self> {
        let wo = format!("[[token]] Nr. {nr} („{}“)", e.name);
        let name = e.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(Error::Konfiguration(format!(
                "{wo}: „name“ muss 1 bis 100 Zeichen ohne Steuerzeichen haben (z. B. „Jugendhilfeplanung“)"
            )));
        }
        match (e.token, e.hash) {
            (Some(t), None) => Self::neu(name, e.rolle, &t, &wo),
            (None, Some(h)) => {
                let hex = h.trim().strip_prefix("sha256:").unwrap_or("");
                let bytes: Option<Vec<u8>> = (hex.len() == 64)
                    .then(|| (0..32).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).collect())
                    .flatten();
                let hash = bytes.and_then(|b| <[u8; 32]>::try_from(b).ok()).ok_or_else(|| {
                    Error::Konfiguration(format!(
                        "{wo}: „hash“ muss „sha256:“ und 64 Hexadezimalziffern sein, wie `sozialraum token` es ausgibt"
                    ))
                })?;
                Ok(Self { name: name.to_string(), rolle: e.rolle, hash })
            }
            _ => Err(Error::Konfiguration(format!("{wo}: genau eines von „token“ oder „hash“ angeben"))),
        }
    }

    /// The configured token a request's token matches (every hash is compared, in constant time).
    pub fn finden<'a>(tokens: &'a [Zugangstoken], gegeben: &str) -> Option<&'a Zugangstoken> {
        let h = sha256(gegeben);
        let mut treffer = None;
        for t in tokens {
            if bool::from(t.hash.ct_eq(&h)) {
                treffer = Some(t);
            }
        }
        treffer
    }
}

/// Checks that no two tokens share a secret or a name.
pub fn eindeutig(tokens: &[Zugangstoken]) -> Result<()> {
    for (i, a) in tokens.iter().enumerate() {
        for b in &tokens[..i] {
            if a.hash == b.hash {
                return Err(Error::Konfiguration(format!(
                    "Die Tokens „{}“ und „{}“ sind gleich; jedes Token muss ein anderes sein",
                    b.name, a.name
                )));
            }
            if a.name == b.name {
                return Err(Error::Konfiguration(format!(
                    "Zwei Tokens heißen „{}“; jeder Name nur einmal (er steht im Verlauf jeder Änderung)",
                    a.name
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_found_by_its_hash_and_only_by_it() {
        let a = Zugangstoken::neu("Planung", Rolle::Bearbeiten, &Geheimnis::neu("aaaaaaaaaaaaaaaaaaaa"), "x").unwrap();
        let e = Tokeneintrag {
            name: "ASD".into(),
            rolle: Rolle::Melden,
            token: None,
            hash: Some(hash_text("bbbbbbbbbbbbbbbbbbbb")),
        };
        let b = Zugangstoken::aus_eintrag(1, e).unwrap();
        let alle = [a, b];
        assert_eq!(Zugangstoken::finden(&alle, "aaaaaaaaaaaaaaaaaaaa").map(|t| t.rolle), Some(Rolle::Bearbeiten));
        assert_eq!(Zugangstoken::finden(&alle, "bbbbbbbbbbbbbbbbbbbb").map(|t| t.name.as_str()), Some("ASD"));
        assert!(Zugangstoken::finden(&alle, "bbbbbbbbbbbbbbbbbbb").is_none());
        assert!(Rolle::Intern < Rolle::Melden && Rolle::Melden < Rolle::Bearbeiten);
        // The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        assert_eq!(hash_text("abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn bad_entries_are_explained() {
        let e = |token: Option<&str>, hash: Option<&str>| Tokeneintrag {
            name: "X".into(),
            rolle: Rolle::Intern,
            token: token.map(Geheimnis::neu),
            hash: hash.map(String::from),
        };
        for (eintrag, text) in [
            (e(None, None), "genau eines"),
            (e(Some("aaaaaaaaaaaaaaaaaaaa"), Some("sha256:00")), "genau eines"),
            (e(None, Some("sha256:zz")), "64 Hexadezimalziffern"),
            (e(Some("kurz"), None), "zu kurz"),
        ] {
            let f = Zugangstoken::aus_eintrag(1, eintrag).unwrap_err().to_string();
            assert!(f.contains(text), "{f}");
        }
    }
}

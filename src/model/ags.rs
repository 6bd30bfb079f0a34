//! The Amtlicher Gemeindeschlüssel (AGS), the key of every Kommune.

use std::fmt;
use std::str::FromStr;

/// An 8-digit Amtlicher Gemeindeschlüssel such as `06532001` (Aßlar).
///
/// Digits 1–2 are the Land, 3 the Regierungsbezirk, 4–5 the Kreis, 6–8 the Gemeinde.
/// A Kreis-level key (Gemeinde part `000`, e.g. `06532000`) is also an `Ags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ags([u8; 8]);

/// Why a text is not an AGS.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgsFehler {
    /// Not exactly 8 characters.
    #[error(
        "AGS „{0}“ hat {1} Stellen, erwartet sind genau 8 Ziffern (z. B. 06532001){hinweis}",
        hinweis = if *.1 == 7 { "; fehlt die führende Null (Tabellenkalkulation)?" } else { "" }
    )]
    Laenge(String, usize),
    /// Contains something other than ASCII digits.
    #[error("AGS „{0}“ enthält andere Zeichen als Ziffern, erwartet sind genau 8 Ziffern (z. B. 06532001)")]
    Zeichen(String),
}

impl Ags {
    /// The 5-digit Kreis part, e.g. `06532`.
    pub fn kreis(&self) -> &str {
        &self.as_str()[..5]
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored (checked in `from_str`).
        std::str::from_utf8(&self.0).unwrap_or("????????")
    }

    /// True for a Kreis-level key (Gemeinde part `000`).
    pub fn ist_kreis(&self) -> bool {
        &self.0[5..] == b"000"
    }

    /// The Kreis-level key of this AGS (`06532001` → `06532000`).
    pub fn kreis_ags(&self) -> Ags {
        let mut k = self.0;
        k[5..].copy_from_slice(b"000");
        Ags(k)
    }
}

impl FromStr for Ags {
    type Err = AgsFehler;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AgsFehler::Zeichen(t.to_string()));
        }
        let bytes: [u8; 8] = t.as_bytes().try_into().map_err(|_| AgsFehler::Laenge(t.to_string(), t.len()))?;
        Ok(Ags(bytes))
    }
}

impl fmt::Display for Ags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Ags {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_eight_digit_key_parses_and_prints_unchanged() {
        let a: Ags = "06532001".parse().unwrap();
        assert_eq!(a.to_string(), "06532001");
        assert_eq!(a.kreis(), "06532");
        assert!(!a.ist_kreis());
        assert_eq!(a.kreis_ags().to_string(), "06532000");
        assert!(a.kreis_ags().ist_kreis());
    }

    #[test]
    fn surrounding_blanks_are_ignored() {
        assert_eq!(" 06532023 ".parse::<Ags>().unwrap().to_string(), "06532023");
    }

    #[test]
    fn a_key_that_lost_its_leading_zero_gets_a_hint() {
        let e = "6532001".parse::<Ags>().unwrap_err();
        assert_eq!(e, AgsFehler::Laenge("6532001".into(), 7));
        assert!(e.to_string().contains("führende Null"));
    }

    #[test]
    fn letters_and_too_long_keys_are_rejected() {
        assert!(matches!("0653200A".parse::<Ags>(), Err(AgsFehler::Zeichen(_))));
        assert!(matches!("065320011".parse::<Ags>(), Err(AgsFehler::Laenge(_, 9))));
        assert!(matches!("".parse::<Ags>(), Err(AgsFehler::Laenge(_, 0))));
        assert!(matches!("06532-01".parse::<Ags>(), Err(AgsFehler::Zeichen(_))));
    }

    #[test]
    fn keys_order_numerically() {
        let mut v: Vec<Ags> = ["06532023", "06532001", "06532010"].iter().map(|s| s.parse().unwrap()).collect();
        v.sort();
        let s: Vec<String> = v.iter().map(|a| a.to_string()).collect();
        assert_eq!(s, ["06532001", "06532010", "06532023"]);
    }
}

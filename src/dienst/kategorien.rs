//! Editing offer categories, for the editing role: add, change, close (a category is closed
//! with a date, never deleted, and only when no offer uses it any more from that day on).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::bearbeiten::{Schliessung, datum_pruefen};
use super::parameter::{kuerzen, text_pruefen};
use super::{Anfragefehler, Dienst, Ergebnis};
use crate::model::kennung_aus;
pub use crate::store::Kategoriesatz;
use crate::store::{Speicher, Speicherfehler};

/// The fields of a category in a request: a new one needs `id`, `bezeichnung` and `farbe`; a
/// change gives only what changes.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kategorieangaben {
    /// Id (new categories only): lower-case letters, digits, `-` and `_`, e.g. `kita`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// German label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bezeichnung: Option<String>,
    /// Legal basis, e.g. "§ 16 SGB VIII".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// Short symbol of the map markers (1 to 3 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// Marker colour `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub farbe: Option<String>,
    /// Why (kept in the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<String>,
}

/// Applies the fields given to a record, each checked.
fn anwenden(k: &mut Kategoriesatz, f: &Kategorieangaben) -> Ergebnis<()> {
    if let Some(b) = &f.bezeichnung {
        k.bezeichnung = text_pruefen("bezeichnung", b, 200)?;
        if k.bezeichnung.is_empty() {
            return Err(Anfragefehler::ungueltig("„bezeichnung“ darf nicht leer sein"));
        }
    }
    if let Some(p) = &f.paragraph {
        k.paragraph = text_pruefen("paragraph", p, 100)?;
    }
    if let Some(s) = &f.symbol {
        k.symbol = text_pruefen("symbol", s, 3)?;
    }
    if let Some(c) = &f.farbe {
        let c = c.trim();
        let hex = c.strip_prefix('#').filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        if hex.is_none() {
            return Err(Anfragefehler::ungueltig(format!(
                "„farbe“: „{}“ – erwartet eine Farbe #rrggbb, z. B. #1b9e77",
                kuerzen(c)
            )));
        }
        k.farbe = c.to_lowercase();
    }
    Ok(())
}

impl Dienst {
    /// Adds a category; `wer` is the token's name.
    pub fn kategorie_anlegen(&self, f: &Kategorieangaben, wer: &str) -> Ergebnis<Kategoriesatz> {
        let speicher = self.speicher()?;
        let (Some(id), Some(_), Some(_)) = (&f.id, &f.bezeichnung, &f.farbe) else {
            return Err(Anfragefehler::ungueltig(
                "Eine neue Kategorie braucht id, bezeichnung und farbe, z. B. {\"id\":\"kita\",\"bezeichnung\":\"Kindertageseinrichtung\",\"farbe\":\"#1b9e77\"}",
            ));
        };
        // Ids as in kategorien.csv (e.g. fruehe_hilfen): lower-case letters, digits, - and _.
        let gut =
            !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !gut {
            return Err(Anfragefehler::ungueltig(format!(
                "„id“: „{}“ – erlaubt sind Kleinbuchstaben, Ziffern, Bindestrich und Unterstrich, z. B. {}",
                kuerzen(id),
                kennung_aus(id)
            )));
        }
        let k = id.clone();
        let mut neu = Kategoriesatz {
            id: k,
            bezeichnung: String::new(),
            paragraph: String::new(),
            symbol: String::new(),
            farbe: String::new(),
            gueltig_bis: None,
            version: 1,
        };
        anwenden(&mut neu, f)?;
        if neu.symbol.is_empty() {
            neu.symbol = neu.bezeichnung.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
        }
        Ok(speicher.satz_anlegen(&neu, wer, f.kommentar.as_deref())?)
    }

    /// Changes the fields given; with `version`, only if the record is still that version.
    pub fn kategorie_aendern(
        &self,
        id: &str,
        f: &Kategorieangaben,
        version: Option<i64>,
        wer: &str,
    ) -> Ergebnis<Kategoriesatz> {
        if f.id.as_ref().is_some_and(|x| x != id) {
            return Err(Anfragefehler::ungueltig("„id“ einer Kategorie lässt sich nicht ändern"));
        }
        // Checked before the transaction: a refused field leaves the store as it was.
        let mut probe = Kategoriesatz {
            id: id.to_string(),
            bezeichnung: "x".into(),
            paragraph: String::new(),
            symbol: String::new(),
            farbe: "#000000".into(),
            gueltig_bis: None,
            version: 0,
        };
        anwenden(&mut probe, f)?;
        // The checks do not depend on the stored record: applied to it they pass as well.
        Ok(self.speicher()?.satz_aendern(
            id,
            version,
            "geaendert",
            wer,
            f.kommentar.as_deref(),
            |k| {
                let _ = anwenden(k, f);
            },
            |_, _| Ok(()),
        )?)
    }

    /// Closes a category from `datum` on; refused while offers of it are open on that day.
    pub fn kategorie_schliessen(
        &self,
        id: &str,
        s: &Schliessung,
        version: Option<i64>,
        wer: &str,
    ) -> Ergebnis<Kategoriesatz> {
        let datum = datum_pruefen("datum", s.datum.trim())?;
        let tag = datum.clone();
        let r = self.speicher()?.satz_aendern(
            id,
            version,
            "geschlossen",
            wer,
            s.kommentar.as_deref(),
            |k: &mut Kategoriesatz| k.gueltig_bis = Some(datum.clone()),
            |c, k| {
                let offen = Speicher::offene_angebote_der_kategorie(c, &k.id, &tag)?;
                if offen.is_empty() {
                    return Ok(());
                }
                Err(Speicherfehler::InGebrauch {
                    objekt: "Die Kategorie",
                    id: k.id.clone(),
                    grund: format!(
                        "{} Angebot(e) sind am {tag} noch offen (z. B. {}); erst diese schließen oder einer anderen Kategorie zuordnen",
                        offen.len(),
                        offen.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
                    ),
                })
            },
        );
        Ok(r?)
    }
}

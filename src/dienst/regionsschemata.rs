//! Editing region schemes, for the editing role: a scheme assigns every Kommune to a region (or
//! to none); it is added, changed (also single Kommunen) and closed with a date, never deleted,
//! while another scheme stays in use.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::bearbeiten::{Schliessung, datum_pruefen};
use super::parameter::{kuerzen, text_pruefen};
use super::{Anfragefehler, Dienst, Ergebnis};
use crate::model::kennung_aus;
pub use crate::store::Schemasatz;
use crate::store::Speicherfehler;

/// The fields of a region scheme in a request: a new one needs `id`, `bezeichnung` and the
/// region of every Kommune; a change gives only what changes (in `zuordnung` only the Kommunen
/// that move).
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schemaangaben {
    /// Id (new schemes only), e.g. `regionalteams-2027`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// German label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bezeichnung: Option<String>,
    /// Stand of the assignment (e.g. the date of the decision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stand: Option<String>,
    /// An example assignment, not the official one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beispiel: Option<bool>,
    /// Note shown with the scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hinweis: Option<String>,
    /// Region by AGS (empty: in no region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zuordnung: Option<BTreeMap<String, String>>,
    /// Why (kept in the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<String>,
}

impl Dienst {
    /// Applies the fields given to a scheme, each checked against the Kommunen of the Kreis.
    fn schema_anwenden(&self, s: &mut Schemasatz, f: &Schemaangaben) -> Ergebnis<()> {
        if let Some(b) = &f.bezeichnung {
            s.bezeichnung = text_pruefen("bezeichnung", b, 200)?;
            if s.bezeichnung.is_empty() {
                return Err(Anfragefehler::ungueltig("„bezeichnung“ darf nicht leer sein"));
            }
        }
        if let Some(t) = &f.stand {
            s.stand = text_pruefen("stand", t, 100)?;
        }
        if let Some(h) = &f.hinweis {
            s.hinweis = text_pruefen("hinweis", h, 1000)?;
        }
        if let Some(b) = f.beispiel {
            s.beispiel = b;
        }
        if let Some(z) = &f.zuordnung {
            for (ags, region) in z {
                let ags = ags.trim();
                if !self.atlas.kommunen.iter().any(|k| k.ags.to_string() == ags) {
                    return Err(Anfragefehler::ungueltig(format!(
                        "„zuordnung“: AGS „{}“ ist keine Kommune des Kreises {}",
                        kuerzen(ags),
                        self.atlas.kreis
                    )));
                }
                s.zuordnung.insert(ags.to_string(), text_pruefen("zuordnung", region, 100)?);
            }
        }
        Ok(())
    }

    /// Adds a region scheme; `wer` is the token's name.
    pub fn schema_anlegen(&self, f: &Schemaangaben, wer: &str) -> Ergebnis<Schemasatz> {
        let speicher = self.speicher()?;
        let (Some(id), Some(_), Some(_)) = (&f.id, &f.bezeichnung, &f.zuordnung) else {
            return Err(Anfragefehler::ungueltig(
                "Ein neues Regionsschema braucht id, bezeichnung und zuordnung (Region jeder Kommune nach AGS; leer = keiner Region)",
            ));
        };
        let k = kennung_aus(id);
        if k.is_empty() || k != *id {
            return Err(Anfragefehler::ungueltig(format!(
                "„id“: „{}“ – erlaubt sind Kleinbuchstaben, Ziffern und Bindestriche, z. B. {k}",
                kuerzen(id)
            )));
        }
        let mut s = Schemasatz {
            id: k,
            bezeichnung: String::new(),
            stand: super::bestand::heute(),
            beispiel: false,
            hinweis: String::new(),
            zuordnung: BTreeMap::new(),
            gueltig_bis: None,
            version: 1,
        };
        self.schema_anwenden(&mut s, f)?;
        let fehlend: Vec<&str> = self
            .atlas
            .kommunen
            .iter()
            .filter(|km| !s.zuordnung.contains_key(&km.ags.to_string()))
            .map(|km| km.name.as_str())
            .collect();
        if !fehlend.is_empty() {
            return Err(Anfragefehler::ungueltig(format!(
                "„zuordnung“: jede Kommune braucht einen Eintrag (Region leer = keiner Region); es fehlen {}",
                fehlend.join(", ")
            )));
        }
        Ok(speicher.satz_anlegen(&s, wer, f.kommentar.as_deref())?)
    }

    /// Changes the fields given (single Kommunen may move); with `version`, only if unchanged
    /// meanwhile.
    pub fn schema_aendern(&self, id: &str, f: &Schemaangaben, version: Option<i64>, wer: &str) -> Ergebnis<Schemasatz> {
        if f.id.as_ref().is_some_and(|x| x != id) {
            return Err(Anfragefehler::ungueltig("„id“ eines Regionsschemas lässt sich nicht ändern"));
        }
        // Checked before the transaction on a copy: the checks do not depend on the stored record.
        let mut probe = Schemasatz {
            id: id.into(),
            bezeichnung: "x".into(),
            stand: String::new(),
            beispiel: false,
            hinweis: String::new(),
            zuordnung: BTreeMap::new(),
            gueltig_bis: None,
            version: 0,
        };
        self.schema_anwenden(&mut probe, f)?;
        Ok(self.speicher()?.satz_aendern(
            id,
            version,
            "geaendert",
            wer,
            f.kommentar.as_deref(),
            |s| {
                let _ = self.schema_anwenden(s, f);
            },
            |_, _| Ok(()),
        )?)
    }

    /// Closes a scheme from `datum` on; refused when no other scheme would be in use then.
    pub fn schema_schliessen(
        &self,
        id: &str,
        s: &Schliessung,
        version: Option<i64>,
        wer: &str,
    ) -> Ergebnis<Schemasatz> {
        let datum = datum_pruefen("datum", s.datum.trim())?;
        let tag = datum.clone();
        Ok(self.speicher()?.satz_aendern(
            id,
            version,
            "geschlossen",
            wer,
            s.kommentar.as_deref(),
            |x: &mut Schemasatz| x.gueltig_bis = Some(datum.clone()),
            |c, neu| {
                if crate::store::Speicher::regionsschemata_in(c)?.iter().any(|x| x.id != neu.id && x.gilt_am(&tag)) {
                    return Ok(());
                }
                Err(Speicherfehler::InGebrauch {
                    objekt: "Das Regionsschema",
                    id: neu.id.clone(),
                    grund: format!("am {tag} gäbe es sonst kein Regionsschema; erst ein anderes anlegen"),
                })
            },
        )?)
    }
}

//! Editing offers, for people with the editing role: add, change, close (an offer is closed
//! with a date, never deleted). Every change is one transaction in the store with before and
//! after in its history; the version of the record is its ETag, and a change based on an older
//! version is refused (someone else changed it meanwhile).

use std::collections::BTreeMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::parameter::{Ganz, OHNE_STEUERZEICHEN, Param, Parameter, Text, Wahl, Werte, kuerzen};
use super::{Anfragefehler, Dienst, Ergebnis};
use crate::model::kennung_aus;
use crate::spatial::{lonlat_pruefen, utm32_von_lonlat};
use crate::store::{Angebotssatz, Speicher, Speicherfehler};

/// `objekt`: the id of a record.
pub const OBJEKT: Text = Text {
    name: "objekt",
    max_laenge: Some(200),
    muster: Some(OHNE_STEUERZEICHEN),
    format: None,
    text: "Nur Änderungen dieses Datensatzes (Kennung eines Angebots oder einer Kategorie, Datei eines Imports)",
};
/// The kinds of change the history records (one list for the reader and the description).
const ARTEN: &[&str] = &["angelegt", "geaendert", "geschlossen", "importiert", "ersetzt"];
/// `art`: the kind of change.
pub const ART: Wahl =
    Wahl { name: "art", werte: Werte::Fest(ARTEN), standard: None, pflicht: false, text: "Nur Änderungen dieser Art" };
/// `seit`: first day.
pub const SEIT: Text =
    Text { name: "seit", max_laenge: None, muster: None, format: Some("date"), text: "Ab diesem Tag (JJJJ-MM-TT)" };
/// `bis`: last day.
pub const BIS: Text =
    Text { name: "bis", max_laenge: None, muster: None, format: Some("date"), text: "Bis zu diesem Tag (JJJJ-MM-TT)" };
/// `limit`: most changes.
pub const GRENZE: Ganz = Ganz { name: "limit", min: 1, max: 1000, standard: 100, text: "Höchstzahl der Änderungen" };
/// The parameters of `/api/aenderungen`.
pub const VERLAUF_PARAMETER: &[Param] =
    &[Param::Text(&OBJEKT), Param::Wahl(&ART), Param::Text(&SEIT), Param::Text(&BIS), Param::Ganz(&GRENZE)];

/// The recorded changes, newest first.
#[derive(Debug, serde::Serialize, JsonSchema)]
pub struct Verlauf {
    /// Number of changes listed.
    pub anzahl: usize,
    /// The changes.
    pub aenderungen: Vec<crate::store::Aenderung>,
}

/// A stored offer as the editing answers give it (with its version, the ETag).
pub type Gespeichert = Angebotssatz;

/// Every stored offer, open and closed, with validity and version (for the data management).
#[derive(Debug, serde::Serialize, JsonSchema)]
pub struct Bestandsliste {
    /// How many.
    pub anzahl: usize,
    /// In the order they were added.
    pub angebote: Vec<Angebotssatz>,
}

/// Longest text of a field, characters.
const MAX_TEXT: usize = 200;

/// The fields of an offer in a request: for a new offer `kategorie`, `name`, `lon`, `lat` are
/// required; a change gives only what changes.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Angebotsangaben {
    /// Id (new offers only; generated from category and name when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Category id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kategorie: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traeger: Option<String>,
    /// Street and number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strasse: Option<String>,
    /// Postcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plz: Option<String>,
    /// Town.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ort: Option<String>,
    /// Longitude (WGS84).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Latitude (WGS84).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Example data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beispiel: Option<bool>,
    /// Source of the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quelle: Option<String>,
    /// Further attributes (as the further columns of angebote.csv).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merkmale: Option<BTreeMap<String, String>>,
    /// First day of validity, JJJJ-MM-TT (empty: from the beginning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gueltig_ab: Option<String>,
    /// Why (kept in the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<String>,
}

impl Angebotsangaben {
    /// These fields, each overridden by `f` where `f` gives it.
    pub fn ergaenzt_um(self, f: &Angebotsangaben) -> Angebotsangaben {
        Angebotsangaben {
            id: f.id.clone().or(self.id),
            kategorie: f.kategorie.clone().or(self.kategorie),
            name: f.name.clone().or(self.name),
            traeger: f.traeger.clone().or(self.traeger),
            strasse: f.strasse.clone().or(self.strasse),
            plz: f.plz.clone().or(self.plz),
            ort: f.ort.clone().or(self.ort),
            lon: f.lon.or(self.lon),
            lat: f.lat.or(self.lat),
            beispiel: f.beispiel.or(self.beispiel),
            quelle: f.quelle.clone().or(self.quelle),
            merkmale: f.merkmale.clone().or(self.merkmale),
            gueltig_ab: f.gueltig_ab.clone().or(self.gueltig_ab),
            kommentar: f.kommentar.clone().or(self.kommentar),
        }
    }
}

/// Closing an offer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schliessung {
    /// First day the offer no longer exists, JJJJ-MM-TT.
    pub datum: String,
    /// Why (kept in the history).
    #[serde(default)]
    pub kommentar: Option<String>,
}

/// Checks a calendar date `JJJJ-MM-TT` (years 1900 … 2100).
pub fn datum_pruefen(feld: &str, t: &str) -> Ergebnis<String> {
    if crate::model::kalender::kalendertag(t, 1900..=2100) {
        Ok(t.to_string())
    } else {
        Err(Anfragefehler::ungueltig(format!(
            "„{feld}“: „{}“ ist kein Datum; erwartet JJJJ-MM-TT, z. B. 2026-12-31",
            kuerzen(t)
        )))
    }
}

fn text(feld: &str, t: &str) -> Ergebnis<String> {
    super::parameter::text_pruefen(feld, t, MAX_TEXT)
}

impl From<Speicherfehler> for Anfragefehler {
    fn from(e: Speicherfehler) -> Self {
        match e {
            Speicherfehler::NichtGefunden { .. } => Anfragefehler::NichtGefunden(e.to_string()),
            Speicherfehler::Vorhanden { .. } | Speicherfehler::InGebrauch { .. } => {
                Anfragefehler::Konflikt(e.to_string())
            }
            Speicherfehler::Veraltet { .. } => Anfragefehler::Veraltet(e.to_string()),
            e => Anfragefehler::intern(e),
        }
    }
}

impl Dienst {
    pub(super) fn speicher(&self) -> Ergebnis<&Arc<Speicher>> {
        self.speicher
            .as_ref()
            .ok_or_else(|| Anfragefehler::ungueltig("Dieser Dienst läuft ohne Speicher; Änderungen sind nicht möglich"))
    }

    /// Applies the fields given to a record, checking each against the data set; the place
    /// decides the Kommune (AGS).
    pub(super) fn anwenden(&self, a: &mut Angebotssatz, f: &Angebotsangaben) -> Ergebnis<()> {
        let atlas = &self.atlas;
        if let Some(k) = &f.kategorie {
            super::parameter::kategorie_pruefen(atlas, k)?;
            a.kategorie = k.clone();
        }
        if let Some(n) = &f.name {
            a.name = text("name", n)?;
            if a.name.is_empty() {
                return Err(Anfragefehler::ungueltig("„name“ darf nicht leer sein"));
            }
        }
        for (feld, wert, ziel) in [
            ("traeger", &f.traeger, &mut a.traeger),
            ("strasse", &f.strasse, &mut a.strasse),
            ("plz", &f.plz, &mut a.plz),
            ("ort", &f.ort, &mut a.ort),
            ("quelle", &f.quelle, &mut a.quelle),
        ] {
            if let Some(w) = wert {
                *ziel = text(feld, w)?;
            }
        }
        if let Some(b) = f.beispiel {
            a.beispiel = b;
        }
        if let Some(m) = &f.merkmale {
            a.merkmale =
                m.iter().map(|(k, v)| Ok((text("merkmale", k)?, text("merkmale", v)?))).collect::<Ergebnis<_>>()?;
        }
        if let Some(g) = &f.gueltig_ab {
            a.gueltig_ab = if g.trim().is_empty() { None } else { Some(datum_pruefen("gueltig_ab", g.trim())?) };
        }
        match (f.lon, f.lat) {
            (None, None) => {}
            (Some(lon), Some(lat)) => {
                let lage =
                    lonlat_pruefen(lon, lat).map_err(|e| Anfragefehler::ungueltig(format!("„lon“/„lat“: {e}")))?;
                let pos = utm32_von_lonlat(lage).map_err(Anfragefehler::intern)?;
                let k = atlas.kommune_an(pos).ok_or_else(|| {
                    Anfragefehler::ungueltig(format!(
                        "„lon“/„lat“: {lon} / {lat} liegt außerhalb des Kreises (keine seiner Kommunen)"
                    ))
                })?;
                (a.lon, a.lat, a.ags) = (lon, lat, atlas.kommunen[k].ags.to_string());
            }
            _ => return Err(Anfragefehler::ungueltig("„lon“ und „lat“ nur zusammen angeben")),
        }
        Ok(())
    }

    /// Adds an offer; `wer` is the token's name.
    pub fn angebot_anlegen(&self, f: &Angebotsangaben, wer: &str) -> Ergebnis<Angebotssatz> {
        let a = self.neues_angebot(f)?;
        Ok(self.speicher()?.angebot_anlegen(&a, wer, f.kommentar.as_deref())?)
    }

    /// A new offer from the fields given, checked, with its id (given or generated).
    pub(super) fn neues_angebot(&self, f: &Angebotsangaben) -> Ergebnis<Angebotssatz> {
        let speicher = self.speicher()?;
        for (feld, fehlt) in [
            ("kategorie", f.kategorie.is_none()),
            ("name", f.name.is_none()),
            ("lon", f.lon.is_none()),
            ("lat", f.lat.is_none()),
        ] {
            if fehlt {
                return Err(Anfragefehler::ungueltig(format!(
                    "„{feld}“ fehlt; ein neues Angebot braucht kategorie, name, lon und lat"
                )));
            }
        }
        let mut a = Angebotssatz::leer();
        self.anwenden(&mut a, f)?;
        // A new offer starts today unless the request says otherwise.
        if a.gueltig_ab.is_none() {
            a.gueltig_ab = Some(super::bestand::heute());
        }
        a.id = match &f.id {
            Some(id) => {
                let k = kennung_aus(id);
                if k.is_empty() || k != *id {
                    return Err(Anfragefehler::ungueltig(format!(
                        "„id“: „{}“ – erlaubt sind Kleinbuchstaben, Ziffern und Bindestriche, z. B. {k}",
                        kuerzen(id)
                    )));
                }
                k
            }
            None => {
                let basis = format!("{}-{}", a.kategorie, kennung_aus(&a.name));
                let mut id = basis.clone();
                let mut n = 2;
                while speicher.angebot(&id)?.is_some() {
                    id = format!("{basis}-{n}");
                    n += 1;
                }
                id
            }
        };
        Ok(a)
    }

    /// Changes the fields given; with `version`, only if the record is still that version.
    pub fn angebot_aendern(
        &self,
        id: &str,
        f: &Angebotsangaben,
        version: Option<i64>,
        wer: &str,
    ) -> Ergebnis<Angebotssatz> {
        if f.id.as_ref().is_some_and(|x| x != id) {
            return Err(Anfragefehler::ungueltig("„id“ lässt sich nicht ändern (schließen und neu anlegen)"));
        }
        let speicher = self.speicher()?;
        let alt = speicher
            .angebot(id)?
            .ok_or_else(|| Anfragefehler::nicht_gefunden(format!("Ein Angebot „{}“ gibt es nicht", kuerzen(id))))?;
        // Every field is checked before anything is written; a refused field leaves the store
        // as it was. The write then applies to the version read (or the one the client names):
        // a change by someone else in between is refused, never overwritten.
        let mut neu = alt.clone();
        self.anwenden(&mut neu, f)?;
        Ok(speicher.angebot_aendern(
            id,
            version.or(Some(alt.version)),
            "geaendert",
            wer,
            f.kommentar.as_deref(),
            |a| {
                *a = neu;
            },
        )?)
    }

    /// Closes an offer from `datum` on (the first day it no longer exists).
    pub fn angebot_schliessen(
        &self,
        id: &str,
        s: &Schliessung,
        version: Option<i64>,
        wer: &str,
    ) -> Ergebnis<Angebotssatz> {
        let datum = datum_pruefen("datum", s.datum.trim())?;
        let speicher = self.speicher()?;
        let alt = speicher
            .angebot(id)?
            .ok_or_else(|| Anfragefehler::nicht_gefunden(format!("Ein Angebot „{}“ gibt es nicht", kuerzen(id))))?;
        if alt.gueltig_ab.as_deref().is_some_and(|ab| datum.as_str() <= ab) {
            return Err(Anfragefehler::ungueltig(format!(
                "„datum“: {datum} liegt nicht nach dem Beginn des Angebots ({})",
                alt.gueltig_ab.unwrap_or_default()
            )));
        }
        Ok(speicher.angebot_aendern(id, version, "geschlossen", wer, s.kommentar.as_deref(), |a| {
            a.gueltig_bis = Some(datum.clone());
        })?)
    }

    /// Every stored offer, open and closed (internal users only; the caller checks).
    pub fn bestandsliste(&self) -> Ergebnis<Bestandsliste> {
        let angebote = self.speicher()?.angebote()?;
        Ok(Bestandsliste { anzahl: angebote.len(), angebote })
    }

    /// The recorded changes the parameters ask for (internal users only; the caller checks).
    pub fn verlauf(&self, p: &Parameter) -> Ergebnis<Verlauf> {
        p.nur(VERLAUF_PARAMETER)?;
        let tag = |name: &str| p.text(name).map(|t| datum_pruefen(name, t.trim())).transpose();
        let f = crate::store::Aenderungsfilter {
            objekt_id: p.freitext(&OBJEKT)?.map(String::from),
            art: match p.text("art") {
                None => None,
                Some(a) if ARTEN.contains(&a) => Some(a.to_string()),
                Some(a) => {
                    return Err(Anfragefehler::ungueltig(format!(
                        "Parameter „art“: „{}“ ist unbekannt; erlaubt: {}",
                        kuerzen(a),
                        ARTEN.join(", ")
                    )));
                }
            },
            seit: tag("seit")?,
            bis: tag("bis")?,
            limit: p.ganz(&GRENZE)?,
        };
        let aenderungen = self.speicher()?.aenderungen(&f)?;
        Ok(Verlauf { anzahl: aenderungen.len(), aenderungen })
    }

    /// The application as it was on `tag` (the offers valid then); without a store (all offers
    /// always valid) the same.
    pub fn am(self: &Arc<Self>, tag: &str) -> Ergebnis<Arc<Dienst>> {
        let Some(speicher) = &self.speicher else {
            return Ok(self.clone());
        };
        let atlas = super::bestand::am_tag((*self.atlas).clone(), speicher, tag).map_err(Anfragefehler::intern)?;
        Ok(Arc::new(Dienst::neu(Arc::new(atlas), self.datenschutz).mit_speicher_am(speicher.clone(), tag)))
    }

    /// The application over the store's current offers (after a change), sharing everything else.
    pub fn neu_aus_speicher(&self) -> crate::Result<Dienst> {
        let speicher = self.speicher().map_err(|e| crate::Error::Konfiguration(e.to_string()))?.clone();
        let atlas = super::bestand::aktualisiert((*self.atlas).clone(), &speicher, &super::bestand::heute())?;
        Ok(Dienst::neu(Arc::new(atlas), self.datenschutz).mit_speicher(speicher))
    }
}

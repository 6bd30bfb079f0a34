//! Indicator values kept by the planners: the values of one indicator and year replaced at once
//! (`PUT /api/indikatoren/{id}/werte/{jahr}`), or uploaded as a table for a new year – long
//! (`indikator, ags, jahr, wert, zaehler, nenner`) or wide (one row per Kommune, one column per
//! indicator) – with a check report first, as for offer lists. Every indicator-year has a
//! version (its ETag); each change is kept in the history with before and after.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::angebotsimport::{Importproblem, schluessel, zahl};
use super::parameter::{Param, Parameter, Text, kuerzen};
use super::{Anfragefehler, Dienst, Ergebnis};
use crate::io::einlesen::{Eingelesen, einlesen};
use crate::model::{Ags, Indikator};
use crate::store::{Jahreswerte, Wertzeile};

/// The body of `PUT /api/indikatoren/{id}/werte/{jahr}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Jahresangaben {
    /// Every value of the year (Kommunen not listed have no value then).
    pub werte: Vec<Wertzeile>,
    /// Why (kept in the history).
    #[serde(default)]
    pub kommentar: Option<String>,
}

/// The values of an indicator and year as stored.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Jahresstand {
    /// Indicator id.
    pub indikator: String,
    /// Year.
    pub jahr: i32,
    /// Number of values.
    pub anzahl: usize,
    /// Kommunen without a value that year.
    pub fehlende: Vec<String>,
    /// Version (the ETag).
    pub version: i64,
}

/// What an upload does to one indicator and year.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Jahresbericht {
    /// Indicator id.
    pub indikator: String,
    /// Year.
    pub jahr: i32,
    /// `neu` (no values yet), `ersetzt` or `unveraendert`.
    pub status: String,
    /// Values in the file.
    pub werte: usize,
    /// Values that differ from the stored ones.
    pub geaendert: usize,
    /// Stored values the file does not have (they go).
    pub entfallen: usize,
    /// Kommunen without a value in the file.
    pub fehlende: Vec<String>,
}

/// The check report of an upload of indicator values.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Wertebericht {
    /// The file.
    pub datei: String,
    /// Its format as read.
    pub format: String,
    /// How the text was decoded (CSV).
    pub kodierung: Option<String>,
    /// `lang` (a row per value) or `breit` (a row per Kommune, a column per indicator).
    pub form: String,
    /// Whether it was applied.
    pub angewendet: bool,
    /// Per indicator and year.
    pub jahre: Vec<Jahresbericht>,
    /// Every problem; any problem means nothing is applied.
    pub probleme: Vec<Importproblem>,
    /// Notes that do not stop an upload (columns not read, Kommunen without a value).
    pub hinweise: Vec<String>,
}

/// `indikator`: the indicator of a file without that column.
pub const INDIKATOR: Text = Text {
    name: "indikator",
    max_laenge: Some(100),
    muster: Some(super::parameter::OHNE_STEUERZEICHEN),
    format: None,
    text: "Indikator, wenn die Datei keine Spalte „indikator“ hat",
};
/// `jahr`: the year of a file without that column.
pub const JAHR: Text = Text {
    name: "jahr",
    max_laenge: Some(4),
    muster: Some("^[0-9]{4}$"),
    format: None,
    text: "Jahr, wenn die Datei keine Spalte „jahr“ hat",
};
/// The parameters of an upload of indicator values.
pub const PARAMETER: &[Param] = &[
    Param::Wahl(&super::angebotsimport::MODUS),
    Param::Text(&super::angebotsimport::DATEI),
    Param::Text(&INDIKATOR),
    Param::Text(&JAHR),
];

/// Where a table holds the values of one indicator: the indicator (`None`: named per row),
/// the value column, the numerator and denominator columns.
type Wertspalten = (Option<usize>, String, Option<String>, Option<String>);

/// A value row read and checked.
struct Gelesen {
    indikator: usize,
    jahr: i32,
    zeile: Wertzeile,
}

impl Dienst {
    /// The indicator of the data set with this id, for changing its values.
    fn aenderbarer_indikator(&self, id: &str) -> Ergebnis<(usize, &Indikator)> {
        self.atlas.indikatoren.iter().enumerate().find(|(_, i)| i.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.atlas.indikatoren.iter().map(|i| i.id.as_str()).collect();
            Anfragefehler::nicht_gefunden(format!(
                "Einen Indikator „{}“ mit eigenen Werten gibt es nicht (abgeleitete Indikatoren berechnet der Dienst); vorhanden: {}",
                kuerzen(id),
                ids.join(", ")
            ))
        })
    }

    /// Checks one value: the area (a Kommune of the Kreis, or the Kreis), the counts and the
    /// rate against them; `Err` says what is wrong.
    fn wert_pruefen(&self, ind: &Indikator, w: &Wertzeile) -> Result<(), String> {
        let ags: Ags = w
            .ags
            .trim()
            .parse()
            .map_err(|_| format!("„{}“ ist kein 8-stelliger Gemeindeschlüssel", kuerzen(&w.ags)))?;
        let im_kreis =
            if ags.ist_kreis() { ags.kreis() == self.atlas.kreis } else { self.atlas.kommune_index(&ags).is_some() };
        if !im_kreis {
            return Err(format!("AGS {ags} ist keine Kommune des Kreises {} (und nicht der Kreis)", self.atlas.kreis));
        }
        if !w.wert.is_finite() {
            return Err("Wert ist keine Zahl".into());
        }
        if w.zaehler.is_some_and(|v| !(v >= 0.0 && v.is_finite()))
            || w.nenner.is_some_and(|v| !(v >= 0.0 && v.is_finite()))
        {
            return Err("Zähler und Nenner müssen Zahlen ≥ 0 sein".into());
        }
        match ind.quote_pruefen(w.wert, w.zaehler, w.nenner) {
            Some(p) => Err(p),
            None => Ok(()),
        }
    }

    /// The Kommunen without a value among `werte`.
    fn fehlende(&self, werte: &[Wertzeile]) -> Vec<String> {
        let da: BTreeSet<&str> = werte.iter().map(|w| w.ags.as_str()).collect();
        self.atlas
            .kommunen
            .iter()
            .filter(|k| !da.contains(k.ags.to_string().as_str()))
            .map(|k| k.name.clone())
            .collect()
    }

    /// Replaces the values of an indicator and year (editing role); with `version`, only if no
    /// one changed them meanwhile.
    pub fn jahreswerte_setzen(
        &self,
        id: &str,
        jahr: i32,
        a: &Jahresangaben,
        version: Option<i64>,
        wer: &str,
    ) -> Ergebnis<Jahresstand> {
        let (_, ind) = self.aenderbarer_indikator(id)?;
        if !crate::model::JAHRE.contains(&jahr) {
            return Err(Anfragefehler::ungueltig(format!("Jahr {jahr}: erwartet 1900 bis 2100")));
        }
        let mut gesehen = BTreeSet::new();
        let mut werte = Vec::new();
        for (i, w) in a.werte.iter().enumerate() {
            let w = Wertzeile { ags: w.ags.trim().to_string(), ..w.clone() };
            self.wert_pruefen(ind, &w)
                .map_err(|e| Anfragefehler::ungueltig(format!("„werte“[{i}] (AGS {}): {e}", kuerzen(&w.ags))))?;
            if !gesehen.insert(w.ags.clone()) {
                return Err(Anfragefehler::ungueltig(format!("„werte“[{i}]: AGS {} steht zweimal", w.ags)));
            }
            werte.push(w);
        }
        let aenderung = Jahreswerte { indikator: ind.id.clone(), jahr, werte, erwartet: version };
        let versionen =
            self.speicher()?.jahreswerte_ersetzen(std::slice::from_ref(&aenderung), wer, a.kommentar.as_deref())?;
        Ok(Jahresstand {
            indikator: ind.id.clone(),
            jahr,
            anzahl: aenderung.werte.len(),
            fehlende: self.fehlende(&aenderung.werte),
            version: versionen.first().copied().unwrap_or(1),
        })
    }

    /// Checks an upload of indicator values and, when asked and without problems, applies it.
    pub fn indikatorwerte_importieren(
        &self,
        p: &Parameter,
        standard_datei: &str,
        bytes: &[u8],
        wer: &str,
    ) -> Ergebnis<Wertebericht> {
        p.nur(PARAMETER)?;
        let anwenden = p.wahl_index(&super::angebotsimport::MODUS)? == 1;
        let datei = p.freitext(&super::angebotsimport::DATEI)?.unwrap_or(standard_datei).to_string();
        let jahr_vorgabe = match p.text("jahr") {
            Some(j) => Some(j.parse::<i32>().ok().filter(|j| crate::model::JAHRE.contains(j)).ok_or_else(|| {
                Anfragefehler::ungueltig(format!(
                    "Parameter „jahr“: „{}“ – erwartet ein Jahr 1900 bis 2100",
                    kuerzen(j)
                ))
            })?),
            None => None,
        };
        let indikator_vorgabe = match p.freitext(&INDIKATOR)? {
            Some(i) => Some(self.aenderbarer_indikator(i)?.0),
            None => None,
        };
        let e = einlesen(&datei, bytes).map_err(|pr| {
            Anfragefehler::ungueltig(match pr.ort {
                Some(o) => format!("{}, {o}: {}", pr.datei, pr.meldung),
                None => format!("{}: {}", pr.datei, pr.meldung),
            })
        })?;
        let mut bericht = Wertebericht {
            datei: datei.clone(),
            format: e.format.name().to_string(),
            kodierung: e.kodierung.map(String::from),
            form: String::new(),
            angewendet: false,
            jahre: Vec::new(),
            probleme: Vec::new(),
            hinweise: Vec::new(),
        };
        let gelesen = self.werte_lesen(&e, &datei, indikator_vorgabe, jahr_vorgabe, &mut bericht);
        // Grouped by indicator and year, compared with the store.
        let mut gruppen: BTreeMap<(usize, i32), Vec<Wertzeile>> = BTreeMap::new();
        for g in gelesen {
            gruppen.entry((g.indikator, g.jahr)).or_default().push(g.zeile);
        }
        let speicher = self.speicher()?;
        let mut aenderungen = Vec::new();
        for ((ii, jahr), werte) in gruppen {
            let ind = &self.atlas.indikatoren[ii];
            let alt: HashMap<String, Wertzeile> = ind
                .werte
                .iter()
                .filter(|w| w.jahr == jahr)
                .map(|w| {
                    (
                        w.ags.to_string(),
                        Wertzeile { ags: w.ags.to_string(), wert: w.wert, zaehler: w.zaehler, nenner: w.nenner },
                    )
                })
                .collect();
            let geaendert = werte.iter().filter(|w| alt.get(&w.ags) != Some(*w)).count();
            let entfallen = alt.keys().filter(|a| !werte.iter().any(|w| &w.ags == *a)).count();
            let status = if alt.is_empty() {
                "neu"
            } else if geaendert + entfallen == 0 {
                "unveraendert"
            } else {
                "ersetzt"
            };
            let fehlende = self.fehlende(&werte);
            if !fehlende.is_empty() {
                bericht.hinweise.push(format!(
                    "{} {jahr}: kein Wert für {} Kommune(n): {}",
                    ind.id,
                    fehlende.len(),
                    fehlende.join(", ")
                ));
            }
            bericht.jahre.push(Jahresbericht {
                indikator: ind.id.clone(),
                jahr,
                status: status.into(),
                werte: werte.len(),
                geaendert,
                entfallen,
                fehlende,
            });
            if status != "unveraendert" {
                let erwartet = speicher.indikatorjahr(&ind.id, jahr)?;
                aenderungen.push(Jahreswerte { indikator: ind.id.clone(), jahr, werte, erwartet });
            }
        }
        if bericht.jahre.is_empty() && bericht.probleme.is_empty() {
            bericht.probleme.push(Importproblem {
                datei: datei.clone(),
                zeile: None,
                spalte: None,
                grund: "Die Datei enthält keine Werte".into(),
            });
        }
        if anwenden && bericht.probleme.is_empty() && !aenderungen.is_empty() {
            speicher.jahreswerte_ersetzen(&aenderungen, wer, Some(&format!("Import {datei}")))?;
            bericht.angewendet = true;
        }
        Ok(bericht)
    }

    /// Reads the value rows of a long or wide table; problems go to the report.
    fn werte_lesen(
        &self,
        e: &Eingelesen,
        datei: &str,
        indikator_vorgabe: Option<usize>,
        jahr_vorgabe: Option<i32>,
        bericht: &mut Wertebericht,
    ) -> Vec<Gelesen> {
        let spalte = |name: &str| e.spalten.iter().find(|s| schluessel(s) == name).cloned();
        let mit_buchstabe = |s: &str| match e.buchstaben.get(s) {
            Some(b) => format!("{s} ({b})"),
            None => s.to_string(),
        };
        let problem = |b: &mut Wertebericht, zeile: &str, s: Option<&str>, grund: String| {
            b.probleme.push(Importproblem {
                datei: datei.to_string(),
                zeile: Some(zeile.to_string()),
                spalte: s.map(&mit_buchstabe),
                grund,
            })
        };
        let Some(ags_spalte) = spalte("ags").or_else(|| spalte("gemeindeschluessel")) else {
            bericht.probleme.push(Importproblem {
                datei: datei.to_string(),
                zeile: None,
                spalte: None,
                grund: format!("Die Spalte „ags“ fehlt; vorhanden: {}", e.spalten.join(", ")),
            });
            return Vec::new();
        };
        let jahr_spalte = spalte("jahr");
        if jahr_spalte.is_none() && jahr_vorgabe.is_none() {
            bericht.probleme.push(Importproblem {
                datei: datei.to_string(),
                zeile: None,
                spalte: None,
                grund: "Das Jahr fehlt: eine Spalte „jahr“ oder der Parameter jahr=…".into(),
            });
            return Vec::new();
        }
        // Long: a column `wert`; wide: a column per indicator (`<id>`, `<id>_zaehler`, `<id>_nenner`).
        let lang = spalte("wert").is_some();
        bericht.form = if lang { "lang" } else { "breit" }.into();
        let indikator_spalte = spalte("indikator");
        if lang && indikator_spalte.is_none() && indikator_vorgabe.is_none() {
            bericht.probleme.push(Importproblem {
                datei: datei.to_string(),
                zeile: None,
                spalte: None,
                grund: "Der Indikator fehlt: eine Spalte „indikator“ oder der Parameter indikator=…".into(),
            });
            return Vec::new();
        }
        let mut saetze: Vec<Wertspalten> = Vec::new();
        if lang {
            saetze.push((indikator_vorgabe, spalte("wert").unwrap_or_default(), spalte("zaehler"), spalte("nenner")));
        } else {
            let bekannt: BTreeSet<String> = ["ags", "gemeindeschluessel", "jahr", "name", "kommune", "gemeinde"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            for s in &e.spalten {
                let k = schluessel(s);
                if let Some((ii, i)) = self.atlas.indikatoren.iter().enumerate().find(|(_, i)| i.id == k) {
                    saetze.push((
                        Some(ii),
                        s.clone(),
                        spalte(&format!("{}_zaehler", i.id)),
                        spalte(&format!("{}_nenner", i.id)),
                    ));
                } else if !bekannt.contains(&k)
                    && !self
                        .atlas
                        .indikatoren
                        .iter()
                        .any(|i| k == format!("{}_zaehler", i.id) || k == format!("{}_nenner", i.id))
                    && !s.is_empty()
                {
                    bericht
                        .hinweise
                        .push(format!("Spalte „{}“ ist kein Indikator und wird nicht gelesen", mit_buchstabe(s)));
                }
            }
            if saetze.is_empty() {
                let ids: Vec<&str> = self.atlas.indikatoren.iter().map(|i| i.id.as_str()).collect();
                bericht.probleme.push(Importproblem {
                    datei: datei.to_string(),
                    zeile: None,
                    spalte: None,
                    grund: format!(
                        "Keine Spalte ist ein Indikator: breite Tabellen haben eine Spalte je Indikator ({}), lange eine Spalte „wert“",
                        ids.join(", ")
                    ),
                });
            }
        }
        let mut aus = Vec::new();
        let mut gesehen: HashMap<(usize, String, i32), String> = HashMap::new();
        for z in &e.zeilen {
            let feld = |s: &Option<String>| s.as_ref().and_then(|s| z.felder.get(s)).map(String::as_str);
            let Some(ags) = z.felder.get(&ags_spalte) else {
                problem(bericht, &z.ort, Some(&ags_spalte), "AGS fehlt".into());
                continue;
            };
            let jahr = match feld(&jahr_spalte) {
                Some(t) => match t.trim().parse::<i32>().ok().filter(|j| crate::model::JAHRE.contains(j)) {
                    Some(j) => j,
                    None => {
                        problem(
                            bericht,
                            &z.ort,
                            jahr_spalte.as_deref(),
                            format!("„{}“ ist kein Jahr (1900 bis 2100)", kuerzen(t)),
                        );
                        continue;
                    }
                },
                None => match jahr_vorgabe {
                    Some(j) => j,
                    None => {
                        problem(bericht, &z.ort, jahr_spalte.as_deref(), "Jahr fehlt".into());
                        continue;
                    }
                },
            };
            for (ind, wert_spalte, zaehler_spalte, nenner_spalte) in &saetze {
                let ii = match (ind, feld(&indikator_spalte)) {
                    (_, Some(name)) if lang => match self.atlas.indikatoren.iter().position(|i| i.id == name.trim()) {
                        Some(i) => i,
                        None => {
                            let ids: Vec<&str> = self.atlas.indikatoren.iter().map(|i| i.id.as_str()).collect();
                            problem(
                                bericht,
                                &z.ort,
                                indikator_spalte.as_deref(),
                                format!("unbekannter Indikator „{}“; vorhanden: {}", kuerzen(name), ids.join(", ")),
                            );
                            continue;
                        }
                    },
                    (Some(i), _) => *i,
                    (None, _) => {
                        problem(bericht, &z.ort, indikator_spalte.as_deref(), "Indikator fehlt".into());
                        continue;
                    }
                };
                let Some(t) = z.felder.get(wert_spalte) else {
                    continue; // no value for this Kommune (reported as missing)
                };
                let zahl_oder = |b: &mut Wertebericht, s: &Option<String>| -> Result<Option<f64>, ()> {
                    match feld(s) {
                        None => Ok(None),
                        Some(t) => zahl(t).map(Some).ok_or_else(|| {
                            problem(b, &z.ort, s.as_deref(), format!("„{}“ ist keine Zahl", kuerzen(t)));
                        }),
                    }
                };
                let Some(wert) = zahl(t) else {
                    problem(bericht, &z.ort, Some(wert_spalte), format!("„{}“ ist keine Zahl", kuerzen(t)));
                    continue;
                };
                let (Ok(zaehler), Ok(nenner)) = (zahl_oder(bericht, zaehler_spalte), zahl_oder(bericht, nenner_spalte))
                else {
                    continue;
                };
                let zeile = Wertzeile { ags: ags.trim().to_string(), wert, zaehler, nenner };
                let ind = &self.atlas.indikatoren[ii];
                if let Err(grund) = self.wert_pruefen(ind, &zeile) {
                    problem(
                        bericht,
                        &z.ort,
                        Some(if grund.contains("AGS") { &ags_spalte } else { wert_spalte }),
                        grund,
                    );
                    continue;
                }
                if let Some(erste) = gesehen.insert((ii, zeile.ags.clone(), jahr), z.ort.clone()) {
                    problem(
                        bericht,
                        &z.ort,
                        Some(&ags_spalte),
                        format!("Wert für {}, AGS {}, {jahr} steht schon in {erste}", ind.id, zeile.ags),
                    );
                    continue;
                }
                aus.push(Gelesen { indikator: ii, jahr, zeile });
            }
        }
        aus
    }
}

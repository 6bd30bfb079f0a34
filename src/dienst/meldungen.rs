//! Sozialraumfragen: needs reported from case planning. A social worker (role `melden`) adds
//! reports to a cell Kommune × category × quarter; the case software's export is imported per
//! source and quarter (a corrected quarter replaces the earlier import of that source). Nothing
//! else is taken: no case number, no day, no free text (§§ 61 ff. SGB VIII, data
//! minimisation). The counts are published as the indicator `bedarfsmeldungen` and as a
//! series by quarter and year, suppressed together.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::angebotsimport::{DATEI, Importproblem, MODUS, schluessel};
use super::parameter::{Param, Parameter, SCHEMA, Text, Wahl, Werte, kuerzen};
use super::teile::{Datenschutzangabe, Gebiet, gerundet};
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::analysis::datenschutz::Status;
use crate::analysis::indikatoren::quartalswerte;
use crate::io::einlesen::einlesen;
use crate::model::kalender::Quartal;
use crate::model::{Ags, Einheitsart, SONSTIGES};
use crate::store::{Meldezelle, Quartalsmeldungen};

/// The source of reports made with the form.
pub const FORMULAR: &str = "Formular";
/// The largest number of reports one request or row may add.
pub const MAX_ANZAHL: i64 = 10_000;
/// The earliest year of a report.
pub const ERSTES_JAHR: i32 = 2000;

/// `quelle`: the source of an import (a corrected file of the same source replaces its
/// quarters).
pub const QUELLE: Text = Text {
    name: "quelle",
    max_laenge: Some(80),
    muster: Some(super::parameter::OHNE_STEUERZEICHEN),
    format: None,
    text: "Quelle der Meldungen, z. B. der Name der Fachsoftware oder des Teams; ein erneuter Import derselben \
           Quelle ersetzt deren Quartale",
};
/// The parameters of an import of reports.
pub const IMPORTPARAMETER: &[Param] = &[Param::Wahl(&MODUS), Param::Text(&DATEI), Param::Text(&QUELLE)];
/// `kategorie` of the series: a category of the offers or `sonstiges` (internal users only).
pub const MELDEKATEGORIE: Wahl = Wahl {
    name: "kategorie",
    werte: Werte::Daten(|v| mit_sonstiges(&v.kategorien)),
    standard: None,
    pflicht: false,
    text: "nur Meldungen dieser Kategorie (nur angemeldet: öffentlich wird nur die Summe aller Kategorien \
           ausgewiesen)",
};
/// The parameters of the series.
pub const REIHENPARAMETER: &[Param] = &[Param::Wahl(&SCHEMA), Param::Wahl(&MELDEKATEGORIE)];

/// The categories of a report: the offer categories and `sonstiges`.
fn mit_sonstiges(kategorien: &[String]) -> Vec<String> {
    kategorien.iter().cloned().chain([SONSTIGES.to_string()]).collect()
}

fn eins() -> i64 {
    1
}

/// The body of `POST /api/bedarfsmeldungen`: nothing but the cell and a count.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meldungsangaben {
    /// AGS of the Kommune the family lives in.
    pub ags: String,
    /// Category id of the missing offer, or `sonstiges`.
    pub kategorie: String,
    /// Quarter, `JJJJ-Qn`.
    pub quartal: String,
    /// Number of reports (default 1).
    #[serde(default = "eins")]
    pub anzahl: i64,
}

/// A report as taken.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Gemeldet {
    /// Source (`Formular`).
    pub quelle: String,
    /// Quarter.
    pub quartal: String,
    /// AGS of the Kommune.
    pub ags: String,
    /// Its name.
    pub kommune: String,
    /// Category id.
    pub kategorie: String,
    /// Its name.
    pub kategoriename: String,
    /// Reports added.
    pub anzahl: i64,
    /// Reports of this source in the cell now.
    pub zelle: i64,
}

/// What an import does to one quarter of its source.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Quartalsbericht {
    /// Quarter.
    pub quartal: String,
    /// `neu`, `ersetzt` or `unveraendert`.
    pub status: String,
    /// Reports of the quarter in the file.
    pub meldungen: i64,
    /// Reports of the quarter stored for this source so far.
    pub bisher: i64,
}

/// The check report of an import of reports.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Meldebericht {
    /// The file.
    pub datei: String,
    /// Its format as read.
    pub format: String,
    /// How the text was decoded (CSV).
    pub kodierung: Option<String>,
    /// The source.
    pub quelle: String,
    /// Whether it was applied.
    pub angewendet: bool,
    /// Rows read.
    pub zeilen: usize,
    /// Per quarter.
    pub quartale: Vec<Quartalsbericht>,
    /// Every problem; any problem means nothing is applied.
    pub probleme: Vec<Importproblem>,
    /// Notes that do not stop an import (columns not taken, days cut to quarters).
    pub hinweise: Vec<String>,
}

/// A period of the series.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Meldewert {
    /// `JJJJ-Qn` or `JJJJ`.
    pub zeitraum: String,
    /// Reports (`null`: hidden or none).
    pub anzahl: Option<f64>,
    /// Per 1,000 under 18.
    pub je_1000: Option<f64>,
    /// ausgewiesen, nicht_ausgewiesen or keine_angabe.
    pub status: Status,
}

/// A unit with its series.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Meldeeinheit {
    /// The unit.
    #[serde(flatten)]
    pub gebiet: Gebiet,
    /// Persons under 18 (the denominator).
    pub unter18: Option<f64>,
    /// Every quarter, then every year.
    pub werte: Vec<Meldewert>,
}

/// Reported needs by quarter and year for every unit.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Meldereihe {
    /// Indicator id.
    pub indikator: String,
    /// Its name.
    pub name: String,
    /// The category (`null`: all).
    pub kategorie: Option<String>,
    /// The periods in order: quarters, then years.
    pub zeitraeume: Vec<String>,
    /// Kommunen, the regions of the scheme, the Kreis and the Jugendamt area.
    pub einheiten: Vec<Meldeeinheit>,
    /// Source.
    pub quelle: String,
    /// Stand.
    pub stand: String,
    /// The data-protection rule.
    pub datenschutz: Datenschutzangabe,
}

/// A source and quarter as stored (internal).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Meldequelle {
    /// Source.
    pub quelle: String,
    /// Quarter.
    pub quartal: String,
    /// Reports.
    pub meldungen: i64,
}

impl Dienst {
    /// The current quarter (reports for later ones are refused).
    fn aktuelles_quartal() -> Quartal {
        Quartal::von_tag(&super::bestand::heute()).unwrap_or(Quartal { jahr: 2100, nummer: 4 })
    }

    /// The Kommune of a report: an AGS (an Excel cell may have lost the leading 0) or its name.
    fn meldekommune(&self, t: &str) -> Result<usize, String> {
        let t = t.trim();
        let ags = if t.len() == 7 && t.bytes().all(|b| b.is_ascii_digit()) { format!("0{t}") } else { t.to_string() };
        let a = &self.atlas;
        ags.parse::<Ags>()
            .ok()
            .and_then(|x| a.kommune_index(&x))
            .or_else(|| a.kommunen.iter().position(|k| k.name.to_lowercase() == t.to_lowercase()))
            .ok_or_else(|| {
                format!(
                    "„{}“ ist keine Kommune des Kreises {}: erwartet der 8-stellige Gemeindeschlüssel (z. B. {}) oder der Name",
                    kuerzen(t),
                    a.kreis,
                    a.kommunen.first().map(|k| k.ags.to_string()).unwrap_or_default()
                )
            })
    }

    /// The category of a report: an id or name of an offer category, or `sonstiges`.
    pub(super) fn meldekategorie(&self, t: &str) -> Result<String, String> {
        let k = schluessel(t);
        if k == SONSTIGES {
            return Ok(SONSTIGES.into());
        }
        self.atlas
            .kategorien
            .iter()
            .find(|x| x.id == t.trim() || schluessel(&x.bezeichnung) == k)
            .map(|x| x.id.clone())
            .ok_or_else(|| {
                format!(
                    "„{}“ ist keine Angebotskategorie; erlaubt: {}",
                    kuerzen(t),
                    mit_sonstiges(&self.atlas.kategorien.iter().map(|k| k.id.clone()).collect::<Vec<_>>()).join(", ")
                )
            })
    }

    /// The quarter of a report: not before 2000, not after the current one.
    fn meldequartal(q: Quartal) -> Result<Quartal, String> {
        let jetzt = Self::aktuelles_quartal();
        if q > jetzt {
            return Err(format!("Quartal {q} liegt in der Zukunft (aktuell: {jetzt})"));
        }
        if q.jahr < ERSTES_JAHR {
            return Err(format!("Quartal {q} liegt vor {ERSTES_JAHR}"));
        }
        Ok(q)
    }

    /// Adds reports made with the form (role `melden`). Who reported is not recorded: the
    /// count of the cell is the only trace of a report.
    pub fn bedarf_melden(&self, m: &Meldungsangaben) -> Ergebnis<Gemeldet> {
        let feld = |name: &str, e: String| Anfragefehler::ungueltig(format!("Feld „{name}“: {e}"));
        let kommune = self.meldekommune(&m.ags).map_err(|e| feld("ags", e))?;
        let kategorie = self.meldekategorie(&m.kategorie).map_err(|e| feld("kategorie", e))?;
        let quartal =
            m.quartal.trim().parse::<Quartal>().and_then(Self::meldequartal).map_err(|e| feld("quartal", e))?;
        if !(1..=MAX_ANZAHL).contains(&m.anzahl) {
            return Err(feld("anzahl", format!("{} – erwartet eine ganze Zahl von 1 bis {MAX_ANZAHL}", m.anzahl)));
        }
        let k = &self.atlas.kommunen[kommune];
        let zelle = Meldezelle {
            quartal: quartal.to_string(),
            ags: k.ags.to_string(),
            kategorie: kategorie.clone(),
            anzahl: m.anzahl,
        };
        let neu = self.speicher()?.meldung_addieren(FORMULAR, &zelle)?;
        Ok(Gemeldet {
            quelle: FORMULAR.into(),
            quartal: zelle.quartal,
            ags: zelle.ags,
            kommune: k.name.clone(),
            kategoriename: crate::analysis::meldungen::kategoriename(&self.atlas, &kategorie),
            kategorie,
            anzahl: m.anzahl,
            zelle: neu,
        })
    }

    /// Checks an import of reports and, when asked and without problems, replaces the
    /// quarters of its source.
    pub fn bedarfsmeldungen_importieren(
        &self,
        p: &Parameter,
        standard_datei: &str,
        bytes: &[u8],
        wer: &str,
    ) -> Ergebnis<Meldebericht> {
        p.nur(IMPORTPARAMETER)?;
        let anwenden = p.wahl_index(&MODUS)? == 1;
        let datei = p.freitext(&DATEI)?.unwrap_or(standard_datei).to_string();
        let quelle = match p.freitext(&QUELLE)?.map(str::trim).filter(|q| !q.is_empty()) {
            Some(q) if q.to_lowercase() == FORMULAR.to_lowercase() => {
                return Err(Anfragefehler::ungueltig(format!(
                    "Parameter „quelle“: „{FORMULAR}“ steht für die Meldungen aus dem Formular; bitte einen anderen Namen wählen"
                )));
            }
            // A source already stored is the same source however it is capitalised.
            Some(q) => self
                .speicher()?
                .meldequellen()?
                .keys()
                .map(|(s, _)| s.clone())
                .find(|s| s.to_lowercase() == q.to_lowercase())
                .unwrap_or_else(|| q.to_string()),
            None => {
                return Err(Anfragefehler::ungueltig(
                    "Parameter „quelle“ fehlt: der Name der Quelle, z. B. quelle=Fachsoftware. Ein erneuter Import \
                     derselben Quelle ersetzt deren Quartale.",
                ));
            }
        };
        let e = einlesen(&datei, bytes).map_err(|pr| {
            Anfragefehler::ungueltig(match pr.ort {
                Some(o) => format!("{}, {o}: {}", pr.datei, pr.meldung),
                None => format!("{}: {}", pr.datei, pr.meldung),
            })
        })?;
        let mut bericht = Meldebericht {
            datei: datei.clone(),
            format: e.format.name().to_string(),
            kodierung: e.kodierung.map(String::from),
            quelle: quelle.clone(),
            angewendet: false,
            zeilen: e.zeilen.len(),
            quartale: Vec::new(),
            probleme: Vec::new(),
            hinweise: Vec::new(),
        };
        let problem = |b: &mut Meldebericht, zeile: Option<&str>, spalte: Option<&str>, grund: String| {
            let spalte = spalte.map(|s| match e.buchstaben.get(s) {
                Some(x) => format!("{s} ({x})"),
                None => s.to_string(),
            });
            b.probleme.push(Importproblem { datei: datei.clone(), zeile: zeile.map(String::from), spalte, grund });
        };
        let spalte = |namen: &[&str]| e.spalten.iter().find(|s| namen.contains(&schluessel(s).as_str())).cloned();
        let spalten = [
            spalte(&["ags", "gemeindeschluessel", "kommune", "gemeinde"]),
            spalte(&["kategorie"]),
            spalte(&["quartal", "datum"]),
        ];
        let anzahl_spalte = spalte(&["anzahl"]);
        if spalten.iter().any(Option::is_none) {
            let fehlend: Vec<&str> = ["ags", "kategorie", "quartal"]
                .iter()
                .zip(&spalten)
                .filter(|(_, s)| s.is_none())
                .map(|(n, _)| *n)
                .collect();
            problem(
                &mut bericht,
                None,
                None,
                format!(
                    "Spalte(n) fehlen: {}. Erwartet: ags (oder kommune), kategorie, quartal und optional anzahl; vorhanden: {}",
                    fehlend.join(", "),
                    e.spalten.join(", ")
                ),
            );
            return Ok(bericht);
        }
        let [Some(ags_s), Some(kat_s), Some(quartal_s)] = spalten else {
            return Ok(bericht);
        };
        let genutzt: BTreeSet<&String> =
            [&ags_s, &kat_s, &quartal_s].into_iter().chain(anzahl_spalte.as_ref()).collect();
        let uebrig: Vec<&str> =
            e.spalten.iter().filter(|s| !s.is_empty() && !genutzt.contains(s)).map(String::as_str).collect();
        if !uebrig.is_empty() {
            bericht.hinweise.push(format!(
                "Nicht übernommen (gespeichert werden nur Kommune, Kategorie, Quartal und Anzahl): Spalte(n) {}",
                uebrig.join(", ")
            ));
        }
        let mut zellen: BTreeMap<(Quartal, usize, String), i64> = BTreeMap::new();
        let mut gekuerzt = 0;
        for z in &e.zeilen {
            let feld = |s: &str| z.felder.get(s).map(String::as_str).unwrap_or("");
            let mut fehler = Vec::new();
            let kommune = self.meldekommune(feld(&ags_s)).map_err(|g| fehler.push((&ags_s, g))).ok();
            let kategorie = self.meldekategorie(feld(&kat_s)).map_err(|g| fehler.push((&kat_s, g))).ok();
            let quartal = match Quartal::lesen(feld(&quartal_s)) {
                Some((q, tag)) => {
                    gekuerzt += usize::from(tag);
                    Self::meldequartal(q).map_err(|g| fehler.push((&quartal_s, g))).ok()
                }
                None => {
                    fehler.push((
                        &quartal_s,
                        format!(
                            "„{}“ ist kein Quartal; erwartet z. B. 2026-Q3 oder Q3/2026",
                            kuerzen(feld(&quartal_s))
                        ),
                    ));
                    None
                }
            };
            let anzahl = match anzahl_spalte.as_ref().map(|s| feld(s)).filter(|t| !t.is_empty()) {
                None => Some(1),
                Some(t) => match t.trim().parse::<i64>() {
                    Ok(n) if (0..=MAX_ANZAHL).contains(&n) => Some(n),
                    _ => {
                        let s = anzahl_spalte.as_ref().unwrap_or(&ags_s);
                        fehler.push((s, format!("„{}“ ist keine ganze Zahl von 0 bis {MAX_ANZAHL}", kuerzen(t))));
                        None
                    }
                },
            };
            for (s, g) in fehler {
                problem(&mut bericht, Some(&z.ort), Some(s), g);
            }
            if let (Some(k), Some(kat), Some(q), Some(n)) = (kommune, kategorie, quartal, anzahl) {
                *zellen.entry((q, k, kat)).or_insert(0) += n;
            }
        }
        if gekuerzt > 0 {
            bericht
                .hinweise
                .push(format!("{gekuerzt} Datumsangabe(n) auf das Quartal gekürzt; gespeichert wird nur das Quartal"));
        }
        // Per quarter, compared with what this source has stored.
        let speicher = self.speicher()?;
        let mut quartale: BTreeMap<Quartal, Vec<Meldezelle>> = BTreeMap::new();
        for ((q, k, kategorie), anzahl) in zellen.into_iter().filter(|(_, n)| *n > 0) {
            let ags = self.atlas.kommunen[k].ags.to_string();
            quartale.entry(q).or_default().push(Meldezelle { quartal: q.to_string(), ags, kategorie, anzahl });
        }
        let bisherige = speicher.bedarfsmeldungen()?;
        let mut aenderungen = Vec::new();
        for (q, mut neu) in quartale {
            neu.sort();
            let mut alt: Vec<Meldezelle> = bisherige
                .iter()
                .filter(|(s, z)| *s == quelle && z.quartal == q.to_string())
                .map(|(_, z)| z.clone())
                .collect();
            alt.sort();
            let bisher = alt.iter().map(|z| z.anzahl).sum();
            let status = if alt.is_empty() {
                "neu"
            } else if alt == neu {
                "unveraendert"
            } else {
                "ersetzt"
            };
            bericht.quartale.push(Quartalsbericht {
                quartal: q.to_string(),
                status: status.into(),
                meldungen: neu.iter().map(|z| z.anzahl).sum(),
                bisher,
            });
            if status != "unveraendert" {
                aenderungen.push(Quartalsmeldungen { quartal: q.to_string(), zellen: neu });
            }
        }
        if bericht.quartale.is_empty() && bericht.probleme.is_empty() {
            problem(&mut bericht, None, None, "Die Datei enthält keine Meldungen".into());
        }
        if anwenden && bericht.probleme.is_empty() && !aenderungen.is_empty() {
            speicher.meldungen_ersetzen(&quelle, &aenderungen, wer, Some(&format!("Import {datei}")))?;
            bericht.angewendet = true;
        }
        Ok(bericht)
    }

    /// Reported needs by quarter and year for every unit; public answers suppressed (quarters
    /// and years together), the breakdown by category for internal users only.
    pub fn meldereihe(&self, p: &Parameter, zugang: Zugang) -> Ergebnis<Meldereihe> {
        p.nur(REIHENPARAMETER)?;
        let a = &self.atlas;
        let schema = p.schema(a)?;
        let kategorie = match p.text(MELDEKATEGORIE.name) {
            Some(k) => Some(
                self.meldekategorie(k).map_err(|e| Anfragefehler::ungueltig(format!("Parameter „kategorie“: {e}")))?,
            ),
            None => None,
        };
        if kategorie.is_some() && !zugang.intern() {
            return Err(Anfragefehler::ungueltig(
                "Parameter „kategorie“: die Aufschlüsselung nach Kategorie ist nur angemeldet zu sehen – neben der \
                 Summe aller Kategorien ließen sich sonst verborgene kleine Zahlen errechnen",
            ));
        }
        let einheiten: Vec<usize> = (0..a.einheiten.len())
            .filter(|&e| match a.einheiten[e].art {
                Einheitsart::Region { schema: s, .. } => s == schema,
                _ => true,
            })
            .collect();
        // All categories: the indicator the snapshot holds; one category: built for the question.
        let ind = match &kategorie {
            None => {
                a.indikatoren.iter().find(|i| i.id == crate::model::BEDARFSMELDUNGEN).map(std::borrow::Cow::Borrowed)
            }
            Some(k) => crate::analysis::meldungen::indikator(a, &a.meldungen, Some(k)).map(std::borrow::Cow::Owned),
        };
        let Some(ind) = ind else {
            // No report yet: every unit with an empty series.
            return Ok(Meldereihe {
                indikator: crate::model::BEDARFSMELDUNGEN.into(),
                name: crate::analysis::meldungen::NAME.into(),
                kategorie,
                zeitraeume: Vec::new(),
                einheiten: einheiten
                    .iter()
                    .map(|&e| Meldeeinheit { gebiet: self.gebiet(e, schema), unter18: None, werte: Vec::new() })
                    .collect(),
                quelle: "noch keine Bedarfsmeldungen".into(),
                stand: String::new(),
                datenschutz: Datenschutzangabe::von(&self.datenschutz, zugang),
            });
        };
        let letztes = ind.quartale.iter().map(|q| q.quartal).max().unwrap_or(Self::aktuelles_quartal());
        let jahre = ind.jahre();
        let mut zeitraeume = Vec::new();
        let mut reihen: Vec<Vec<Meldewert>> = einheiten.iter().map(|_| Vec::new()).collect();
        let wert = |zeitraum: String, w: &crate::analysis::indikatoren::Einheitswert| {
            let sichtbar = w.sichtbar(zugang.intern());
            Meldewert { zeitraum, anzahl: sichtbar.zaehler, je_1000: gerundet(sichtbar.wert, 3), status: w.status }
        };
        let mut jahreswerte = Vec::new();
        for &jahr in &jahre {
            let qw = quartalswerte(a, &ind, jahr, &self.datenschutz);
            for (qi, werte) in qw.quartale.iter().enumerate() {
                let q = Quartal { jahr, nummer: qi as u8 + 1 };
                if q > letztes {
                    continue;
                }
                zeitraeume.push(q.to_string());
                for (r, &e) in reihen.iter_mut().zip(&einheiten) {
                    r.push(wert(q.to_string(), &werte[e]));
                }
            }
            jahreswerte.push((jahr, qw.jahr));
        }
        for (jahr, werte) in &jahreswerte {
            zeitraeume.push(jahr.to_string());
            for (r, &e) in reihen.iter_mut().zip(&einheiten) {
                r.push(wert(jahr.to_string(), &werte[e]));
            }
        }
        let nenner = jahreswerte.last().map(|(_, w)| w.clone()).unwrap_or_default();
        Ok(Meldereihe {
            indikator: ind.id.clone(),
            name: ind.name.clone(),
            kategorie,
            zeitraeume,
            einheiten: einheiten
                .iter()
                .zip(reihen)
                .map(|(&e, werte)| Meldeeinheit {
                    gebiet: self.gebiet(e, schema),
                    unter18: nenner.get(e).and_then(|w| w.sichtbar(zugang.intern()).nenner),
                    werte,
                })
                .collect(),
            quelle: ind.quelle.clone(),
            stand: ind.stand.clone(),
            datenschutz: Datenschutzangabe::von(&self.datenschutz, zugang),
        })
    }

    /// The sources and quarters stored (internal).
    pub fn meldequellen(&self) -> Ergebnis<Vec<Meldequelle>> {
        Ok(self
            .speicher()?
            .meldequellen()?
            .into_iter()
            .map(|((quelle, quartal), meldungen)| Meldequelle { quelle, quartal, meldungen })
            .collect())
    }
}

//! Reports as files: the Steckbrief of a Kommune ([`steckbrief`]) and the statistical part of the
//! Kreis's Familienbericht ([`kreisbericht`]), as PDF. The figures come from the same calls as
//! the API's answers (profile, choropleths, coverage, distances, reported needs, the register) in
//! the caller's mode, so a report shows exactly what the API shows; these modules only select,
//! format in German and draw, and [`crate::bericht`] typesets.

mod kreisbericht;
mod steckbrief;

use serde::Serialize;

use super::indikatoren::index_kreis;
use super::messung::{MASS, MINUTEN};
use super::parameter::{KATEGORIE, Param, Parameter, SCHEMA, SCHWELLE, STAND, ZIELGRUPPE};
use super::versorgung::SCHWELLEN;
use super::versorgung::{Format, Versorgungsanfrage};
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::analysis::abdeckung::Abdeckungsfrage;
use crate::analysis::datenschutz::Status;
use crate::analysis::ebenen::Ebene;
/// A report ready to be typeset ([`Dokument::pdf`]).
pub use crate::bericht::Dokument;
use crate::model::deutsch::{prozent, zahl};
use crate::model::kennung_aus;
use crate::render::Eintrag;

/// The parameters of both reports.
pub const PARAMETER: &[Param] = &[
    Param::Text(&STAND),
    Param::Wahl(&SCHEMA),
    Param::Wahl(&KATEGORIE),
    Param::Wahl(&ZIELGRUPPE),
    Param::Zahl(&SCHWELLE),
    Param::Wahl(&MASS),
    Param::Zahlen(&MINUTEN),
];

/// The file name of the Kreis report.
pub const KREISBERICHT_DATEI: &str = "familienbericht.pdf";

/// How a hidden value is printed (the templates mark the page by this text).
pub const NICHT_AUSGEWIESEN: &str = "nicht ausgewiesen";
/// How a missing value is printed.
const KEINE_ANGABE: &str = "–";

/// What a report is asked for: the region scheme, the categories of the supply part, and the
/// coverage question (target group, thresholds: the data set's, or the one `schwelle`).
struct Berichtsfrage {
    schema: usize,
    kategorien: Vec<String>,
    frage: Abdeckungsfrage,
    /// The scheme as a parameter of the calls the report makes.
    basis: Parameter,
}

/// The head every report's data has.
#[derive(Debug, Serialize)]
struct Kopf {
    titel: String,
    untertitel: String,
    herausgeber: String,
    kopfzeile: String,
    fusszeile: String,
    datenschutz: String,
    intern: bool,
    beispiel: Option<String>,
    quellen: Vec<String>,
    stand: String,
    methoden: Vec<String>,
}

/// An indicator evaluated for every Kommune (the choropleth of the API in the caller's mode).
struct Auswertung {
    ind: crate::model::Indikator,
    jahr: i32,
    stellen: usize,
    /// Per Kommune: the value as the caller may see it, and its status.
    werte: Vec<(Option<f64>, Status)>,
    /// Per Kommune: fill colour.
    farben: Vec<String>,
    /// The Kreis reference: name and value.
    referenz: Option<(String, f64)>,
    /// The legend of the map (`farbe` none: hatched).
    legende: Vec<Eintrag>,
}

impl Auswertung {
    /// Rank of Kommune `k` among the Kommunen with a shown value (highest = 1).
    fn rang(&self, k: usize) -> Option<(usize, usize)> {
        let eigen = self.werte[k].0?;
        let gezeigt: Vec<f64> = self.werte.iter().filter_map(|w| w.0).collect();
        Some((1 + gezeigt.iter().filter(|&&v| v > eigen).count(), gezeigt.len()))
    }

    fn text(&self, k: usize) -> String {
        ausweisen(self.werte[k].0, self.werte[k].1, |v| zahl(v, self.stellen))
    }

    fn index(&self, k: usize) -> String {
        let index = index_kreis(self.werte[k].0, self.referenz.as_ref().map(|r| r.1));
        index.map_or_else(|| leer(self.werte[k].1), |i| zahl(i, 1))
    }

    fn rangtext(&self, k: usize) -> String {
        match self.rang(k) {
            Some((r, n)) => format!("{r} von {n}"),
            None => leer(self.werte[k].1),
        }
    }

    fn kreistext(&self) -> String {
        self.referenz.as_ref().map_or(KEINE_ANGABE.into(), |(_, r)| zahl(*r, self.stellen))
    }
}

/// A figure as printed by `format`; a hidden one as „nicht ausgewiesen“ (in internal mode the
/// figure with „*“); a missing one as a dash.
fn ausweisen(w: Option<f64>, status: Status, format: impl Fn(f64) -> String) -> String {
    match w {
        Some(v) if status.gesperrt() => format!("{} *", format(v)),
        Some(v) => format(v),
        None => leer(status),
    }
}

/// What stands where a figure is not given: „nicht ausgewiesen“ if hidden, else a dash.
fn leer(status: Status) -> String {
    if status.gesperrt() { NICHT_AUSGEWIESEN } else { KEINE_ANGABE }.into()
}

/// A share as printed (see [`ausweisen`]).
fn anteiltext(w: Option<f64>, status: Status) -> String {
    ausweisen(w, status, prozent)
}

/// Parameters from pairs (names and values are the report's own, always valid).
fn parameter(paare: &[(&str, &str)]) -> Ergebnis<Parameter> {
    Parameter::aus_paaren(paare.iter().map(|(n, w)| (n.to_string(), w.to_string())))
}

/// Coverage and distances of one category for every Kommune and the Kreis.
struct Kategorieauswertung {
    kategorie: String,
    name: String,
    /// Offers per Kommune.
    angebote: Vec<usize>,
    /// Per Kommune: shares per threshold, mean distance, status.
    kommunen: Vec<(Vec<Option<f64>>, Option<f64>, Status)>,
    /// The Kreis: shares per threshold, mean distance, status.
    kreis: (Vec<Option<f64>>, Option<f64>, Status),
}

impl Dienst {
    /// The file name of a Kommune's Steckbrief: `steckbrief-06532001-asslar.pdf`.
    pub fn steckbrief_dateiname(&self, ags: &str) -> String {
        match self.atlas.kommunen.iter().find(|k| k.ags.as_str() == ags) {
            Some(k) => format!("steckbrief-{ags}-{}.pdf", kennung_aus(&k.name)),
            None => format!("steckbrief-{}.pdf", kennung_aus(ags)),
        }
    }

    /// Reads what a report is asked for.
    fn berichtsfrage(&self, p: &Parameter) -> Ergebnis<Berichtsfrage> {
        p.nur(PARAMETER)?;
        let a = &self.atlas;
        let schema = p.schema(a)?;
        let mit_angeboten = |k: &str| a.angebote.iter().any(|o| o.kategorie == k);
        let kategorien = match p.kategorie(a)? {
            Some(k) => vec![k.to_string()],
            None => a.kategorien.iter().map(|k| k.id.clone()).filter(|k| mit_angeboten(k)).collect(),
        };
        let (schwellen, messung) = if p.text(MINUTEN.name).is_some() {
            p.schwellen_und_messung(a, &SCHWELLEN)?
        } else if p.text(SCHWELLE.name).is_some() {
            let (s, m) = p.schwelle_und_messung(a)?;
            (vec![s], m)
        } else {
            (a.vorgaben.schwellen_m.clone(), p.messung(a, false)?)
        };
        let frage = Abdeckungsfrage::neu(p.zielgruppe()?, schwellen, messung).map_err(Anfragefehler::ungueltig)?;
        let basis = match p.text(SCHEMA.name) {
            Some(s) => parameter(&[(SCHEMA.name, s)])?,
            None => Parameter::default(),
        };
        Ok(Berichtsfrage { schema, kategorien, frage, basis })
    }

    /// The indicators of the reports: the data set's (with the reported needs, once there are
    /// some) and the derived ones that need no choice (pupils per 1,000).
    fn berichtsindikatoren(&self, q: &Berichtsfrage, zugang: Zugang) -> Ergebnis<Vec<Auswertung>> {
        let mut ids: Vec<String> = self.atlas.indikatoren.iter().map(|i| i.id.clone()).collect();
        if crate::analysis::abgeleitet::indikator(&self.atlas, &crate::analysis::abgeleitet::Abgeleitet::SchuelerJe1000)
            .is_ok()
        {
            ids.push("schueler_je_1000".into());
        }
        ids.iter().map(|id| self.auswertung(id, &q.basis, zugang)).collect()
    }

    /// One indicator for every Kommune, from the choropleth the API answers.
    fn auswertung(&self, id: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Auswertung> {
        let c = self.choroplethe(id, p, zugang)?;
        let a = &self.atlas;
        let mut werte = vec![(None, Status::KeineAngabe); a.kommunen.len()];
        let mut farben = vec![crate::analysis::farben::FARBE_KEINE_ANGABE.to_string(); a.kommunen.len()];
        for w in &c.karte.werte {
            if w.einheit < a.kommunen.len() {
                werte[w.einheit] = (w.wert.wert, w.wert.status);
                farben[w.einheit] = w.farbe.clone();
            }
        }
        let legende = super::karte::legendeneintraege(&c.karte);
        Ok(Auswertung {
            referenz: c.referenz.and_then(|(e, w)| Some((a.einheiten[e].name.clone(), w.wert?))),
            // Decimals that tell the class limits apart, but at most two in a report's tables.
            stellen: c.karte.stellen.min(2),
            jahr: c.jahr,
            ind: c.ind,
            werte,
            farben,
            legende,
        })
    }

    /// Coverage and mean distance of each asked category, for every Kommune and the Kreis.
    fn kategorieauswertungen(&self, q: &Berichtsfrage, zugang: Zugang) -> Ergebnis<Vec<Kategorieauswertung>> {
        let a = &self.atlas;
        q.kategorien
            .iter()
            .map(|kat| {
                let anfrage = Versorgungsanfrage {
                    kategorie: kat.clone(),
                    frage: q.frage.clone(),
                    ebene: Ebene::Kommune,
                    schema: q.schema,
                    format: Format::Json,
                };
                let abdeckung = self.abdeckung(&anfrage, zugang)?;
                let entfernungen = self.entfernungen(&anfrage, zugang)?;
                let zeile =
                    |z: &super::versorgung::Zeile<super::teile::Kennzahlen>,
                     e: Option<&super::versorgung::Zeile<super::teile::Kennzahlen>>| {
                        (
                            q.frage
                                .schwellen
                                .iter()
                                .map(|s| z.werte.wert(&format!("anteil_{s}{}", q.frage.messung.nachsatz())))
                                .collect(),
                            e.and_then(|e| e.werte.wert(&format!("mittel_{}", q.frage.messung.einheit()))),
                            z.ausweis.status,
                        )
                    };
                let leer = Vec::new();
                let kommunen = abdeckung
                    .einheiten
                    .as_ref()
                    .unwrap_or(&leer)
                    .iter()
                    .zip(entfernungen.einheiten.as_ref().unwrap_or(&leer))
                    .map(|(z, e)| zeile(z, Some(e)))
                    .collect();
                let kreis = abdeckung.kreis.first().map(|z| zeile(z, entfernungen.kreis.first())).unwrap_or((
                    Vec::new(),
                    None,
                    Status::KeineAngabe,
                ));
                let angebote = a
                    .kommunen
                    .iter()
                    .map(|k| a.angebote.iter().filter(|o| o.kategorie == *kat && o.ags == k.ags).count())
                    .collect();
                let name = a.kategorie(kat).map_or(kat.clone(), |k| k.bezeichnung.clone());
                Ok(Kategorieauswertung { kategorie: kat.clone(), name, angebote, kommunen, kreis })
            })
            .collect()
    }

    /// The head of a report's data.
    fn kopf(
        &self,
        q: &Berichtsfrage,
        titel: String,
        untertitel: String,
        zugang: Zugang,
        beispiel: bool,
        mut quellen: Vec<String>,
    ) -> Kopf {
        let a = &self.atlas;
        if q.frage.messung.netzmass().is_some() {
            quellen.push(super::messung::OSM_QUELLE.to_string());
        }
        let kreis = a.einheiten[a.kreis_einheit()].name.clone();
        let tag = self.angebotsstand().unwrap_or_else(|| format!("Angebote: {}", a.quellen.stand("angebote")));
        let mut alle = vec![
            a.quellen.text("grenzen").to_string(),
            a.quellen.text("bevoelkerung").to_string(),
            a.quellen.text("angebote").to_string(),
        ];
        for q in quellen {
            if !q.is_empty() && !alle.contains(&q) {
                alle.push(q);
            }
        }
        alle.retain(|q| !q.is_empty());
        Kopf {
            titel,
            untertitel,
            herausgeber: format!("{kreis}, Jugendhilfeplanung"),
            kopfzeile: format!("{kreis} · {tag}"),
            fusszeile: format!(
                "sozialraum · {} · {}",
                if zugang.intern() { "interne Fassung" } else { "öffentliche Fassung" },
                tag
            ),
            datenschutz: format!(
                "{} Solche Werte stehen als „nicht ausgewiesen“, nie als 0.{}",
                self.datenschutz.beschreibung(),
                if zugang.intern() { " In dieser internen Fassung sind sie gezeigt und mit * markiert." } else { "" }
            ),
            intern: zugang.intern(),
            beispiel: beispiel.then(|| {
                "Dieser Bericht enthält Beispieldaten (als „Beispieldaten“ gekennzeichnet): synthetische Werte, die \
                 zeigen, wie der Bericht mit echten Daten aussieht. Sie sind keine amtlichen Zahlen."
                    .to_string()
            }),
            quellen: alle,
            stand: format!("{tag}. Jeder Indikator nennt seinen Stand bei seiner Quelle."),
            methoden: vec![
                "Indikatoren für Regionen und den Kreis sind Quoten der Summen (Σ Zähler / Σ Nenner), nie Mittelwerte \
                 der Kommunalwerte; wo nur Quoten bekannt sind, ist der Kreiswert die amtlich veröffentlichte Zahl."
                    .into(),
                format!("Datenschutz: {}", self.datenschutz.beschreibung()),
                format!(
                    "Entfernungen: {} vom Wohnort (Bevölkerungsfläche) zum nächsten Angebot; eine Person gilt als \
                     versorgt, wenn es höchstens so weit entfernt ist wie die Schwelle.{}",
                    q.frage.mass(),
                    if q.frage.messung.netzmass().is_some() {
                        " Im Netz gilt: Der Wohnort und das Angebot sind über ihren Lotpunkt auf dem nächsten Weg \
                         angeschlossen, die geraden Stücke dorthin zählen mit; wer kein Angebot erreichen kann, gilt \
                         als nicht versorgt."
                    } else {
                        ""
                    }
                ),
                format!("Bevölkerung: {}", a.quellen.text("bevoelkerungsbasis")),
                "Index: Wert der Kommune geteilt durch den Kreiswert mal 100 (Kreis = 100). Rang: Platz unter den \
                 Kommunen mit ausgewiesenem Wert, der höchste Wert hat Rang 1."
                    .into(),
            ],
        }
    }
}

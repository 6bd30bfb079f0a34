//! Reports as files: the Steckbrief of a Kommune and the statistical part of the Kreis's
//! Familienbericht, as PDF. The figures come from the same calls as the API's answers (profile,
//! choropleths, coverage, distances, reported needs, the register) in the caller's mode, so a
//! report shows exactly what the API shows; this module only selects, formats in German and
//! draws, and [`crate::bericht`] typesets.

use serde::Serialize;

use super::karte::kommune_flaeche;
use super::parameter::{KATEGORIE, Param, Parameter, SCHEMA, SCHWELLE, STAND, UMWEGFAKTOR, ZIELGRUPPE, kuerzen};
use super::versorgung::{Format, Versorgungsanfrage};
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::analysis::abdeckung::Abdeckungsfrage;
use crate::analysis::datenschutz::Status;
use crate::analysis::ebenen::Ebene;
/// A report ready to be typeset ([`Dokument::pdf`]).
pub use crate::bericht::Dokument;
use crate::bericht::Vorlage;
use crate::bericht::grafik::{self, Balken, Linie, Punkt};
use crate::model::deutsch::{meter, prozent, zahl};
use crate::model::{BEDARFSMELDUNGEN, Thema};
use crate::render::Kartengebiet;

/// The parameters of both reports.
pub const PARAMETER: &[Param] = &[
    Param::Text(&STAND),
    Param::Wahl(&SCHEMA),
    Param::Wahl(&KATEGORIE),
    Param::Wahl(&ZIELGRUPPE),
    Param::Zahl(&SCHWELLE),
];

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

/// A row name and value.
#[derive(Debug, Serialize)]
struct Eckdatum {
    name: String,
    wert: String,
}

/// A target group's population.
#[derive(Debug, Serialize)]
struct Zielgruppenzeile {
    name: &'static str,
    personen: String,
    anteil: String,
}

/// An indicator in the Steckbrief.
#[derive(Debug, Serialize)]
struct Indikatorzeile {
    name: String,
    einheit: String,
    jahr: String,
    wert: String,
    kreiswert: String,
    index: String,
    rang: String,
    beispiel: bool,
    grafik: Option<String>,
}

/// A category's coverage in the Steckbrief.
#[derive(Debug, Serialize)]
struct Versorgungszeile {
    kategorie: String,
    angebote: String,
    anteile: Vec<String>,
    kreis: Vec<String>,
    mittel: String,
}

/// The coverage part of the Steckbrief.
#[derive(Debug, Serialize)]
struct Versorgungsteil {
    frage: String,
    schwellen: Vec<String>,
    zeilen: Vec<Versorgungszeile>,
}

/// An offer in the Steckbrief.
#[derive(Debug, Serialize)]
struct Angebotszeile {
    kategorie: String,
    name: String,
    adresse: String,
}

/// A category on the Steckbrief's map.
#[derive(Debug, Serialize)]
struct Kartenlegende {
    farbe: String,
    name: String,
    anzahl: usize,
}

/// Reported needs of the Kommune and the Kreis.
#[derive(Debug, Serialize)]
struct Meldeteil {
    text: String,
    zeitraeume: Vec<String>,
    werte: Vec<String>,
    kreisname: String,
    kreis: Vec<String>,
}

/// A need of the register.
#[derive(Debug, Serialize)]
struct Bedarfszeile {
    titel: String,
    gebiet: String,
    status: String,
}

/// The data of the Steckbrief template.
#[derive(Debug, Serialize)]
struct Steckbrief {
    #[serde(flatten)]
    kopf: Kopf,
    kommune: String,
    eckdaten: Vec<Eckdatum>,
    zielgruppen: Vec<Zielgruppenzeile>,
    bevoelkerungsbasis: String,
    karte: String,
    kartenlegende: Vec<Kartenlegende>,
    indikatoren: Vec<Indikatorzeile>,
    versorgung: Versorgungsteil,
    angebote: Vec<Angebotszeile>,
    meldungen: Option<Meldeteil>,
    bedarfe: Vec<Bedarfszeile>,
}

/// A legend entry of a map in the Kreis report (`farbe` none: hatched).
#[derive(Debug, Serialize)]
struct Legendeneintrag {
    farbe: Option<String>,
    text: String,
}

/// A section of the Kreis report: text, map and chart, and a table of all Kommunen.
#[derive(Debug, Serialize)]
struct Abschnitt {
    titel: String,
    text: String,
    beispiel: bool,
    karte: Option<String>,
    legende: Vec<Legendeneintrag>,
    grafik: Option<String>,
    spalten: Vec<String>,
    zeilen: Vec<Vec<String>>,
    kreis: Vec<String>,
    fuss: Option<String>,
}

/// A chapter (topic) of the Kreis report.
#[derive(Debug, Serialize)]
struct Kapitel {
    titel: &'static str,
    einleitung: String,
    abschnitte: Vec<Abschnitt>,
}

/// The overview table of the Kreis report.
#[derive(Debug, Serialize)]
struct Uebersicht {
    text: String,
    spalten: Vec<String>,
    zeilen: Vec<Vec<String>>,
    kreis: Vec<String>,
}

/// The data of the Kreis report template.
#[derive(Debug, Serialize)]
struct Kreisbericht {
    #[serde(flatten)]
    kopf: Kopf,
    einleitung: String,
    uebersicht: Uebersicht,
    kapitel: Vec<Kapitel>,
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
    /// The legend of the map.
    legende: Vec<Legendeneintrag>,
}

impl Auswertung {
    /// Rank of Kommune `k` among the Kommunen with a shown value (highest = 1).
    fn rang(&self, k: usize) -> Option<(usize, usize)> {
        let eigen = self.werte[k].0?;
        let gezeigt: Vec<f64> = self.werte.iter().filter_map(|w| w.0).collect();
        Some((1 + gezeigt.iter().filter(|&&v| v > eigen).count(), gezeigt.len()))
    }

    fn text(&self, k: usize) -> String {
        werttext(self.werte[k].0, self.werte[k].1, self.stellen)
    }

    fn index(&self, k: usize) -> String {
        match (self.werte[k].0, &self.referenz) {
            (Some(v), Some((_, r))) if *r != 0.0 => zahl(v / r * 100.0, 1),
            (None, _) if self.werte[k].1.gesperrt() => NICHT_AUSGEWIESEN.into(),
            _ => KEINE_ANGABE.into(),
        }
    }

    fn rangtext(&self, k: usize) -> String {
        match self.rang(k) {
            Some((r, n)) => format!("{r} von {n}"),
            None if self.werte[k].1.gesperrt() => NICHT_AUSGEWIESEN.into(),
            None => KEINE_ANGABE.into(),
        }
    }

    fn kreistext(&self) -> String {
        self.referenz.as_ref().map_or(KEINE_ANGABE.into(), |(_, r)| zahl(*r, self.stellen))
    }
}

/// A value as printed: German number; a hidden value as „nicht ausgewiesen“ (in internal mode the
/// value with „*“); a missing one as a dash.
fn werttext(w: Option<f64>, status: Status, stellen: usize) -> String {
    match w {
        Some(v) if status.gesperrt() => format!("{} *", zahl(v, stellen)),
        Some(v) => zahl(v, stellen),
        None if status.gesperrt() => NICHT_AUSGEWIESEN.into(),
        None => KEINE_ANGABE.into(),
    }
}

/// A share as printed (see [`werttext`]).
fn anteiltext(w: Option<f64>, status: Status) -> String {
    match w {
        Some(v) if status.gesperrt() => format!("{} *", prozent(v)),
        Some(v) => prozent(v),
        None if status.gesperrt() => NICHT_AUSGEWIESEN.into(),
        None => KEINE_ANGABE.into(),
    }
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
        let schwellen = if p.text(SCHWELLE.name).is_some() {
            vec![p.zahl(&SCHWELLE, &a.vorgaben)?]
        } else {
            a.vorgaben.schwellen_m.clone()
        };
        let frage = Abdeckungsfrage::neu(p.zielgruppe()?, schwellen, p.zahl(&UMWEGFAKTOR, &a.vorgaben)?)
            .map_err(Anfragefehler::ungueltig)?;
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
        let mut legende: Vec<Legendeneintrag> = c
            .karte
            .klassen
            .iter()
            .map(|x| Legendeneintrag {
                farbe: Some(x.farbe.clone()),
                text: format!("{} ({})", x.bezeichnung, x.anzahl),
            })
            .collect();
        if c.karte.anzahl_datenschutz > 0 {
            legende.push(Legendeneintrag {
                farbe: None,
                text: format!("nicht ausgewiesen (Datenschutz) ({})", c.karte.anzahl_datenschutz),
            });
        }
        if c.karte.anzahl_keine_angabe > 0 {
            legende.push(Legendeneintrag {
                farbe: Some(crate::analysis::farben::FARBE_KEINE_ANGABE.into()),
                text: format!("keine Angabe ({})", c.karte.anzahl_keine_angabe),
            });
        }
        Ok(Auswertung {
            referenz: c.referenz.and_then(|(e, w)| Some((a.einheiten[e].name.clone(), w.wert?))),
            stellen: c.karte.stellen,
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
                            q.frage.schwellen_m.iter().map(|s| z.werte.wert(&format!("anteil_{s}"))).collect(),
                            e.and_then(|e| e.werte.wert("mittel_m")),
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
    fn kopf(&self, titel: String, untertitel: String, zugang: Zugang, beispiel: bool, quellen: Vec<String>) -> Kopf {
        let a = &self.atlas;
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
                "Entfernungen sind Luftlinie in Metern (ETRS89 / UTM 32N, EPSG:25832) vom Wohnort (Bevölkerungsfläche) \
                 zum nächsten Angebot; eine Person gilt als versorgt, wenn es höchstens so weit entfernt ist wie die \
                 Schwelle."
                    .into(),
                format!("Bevölkerung: {}", a.quellen.text("bevoelkerungsbasis")),
                "Index: Wert der Kommune geteilt durch den Kreiswert mal 100 (Kreis = 100). Rang: Platz unter den \
                 Kommunen mit ausgewiesenem Wert, der höchste Wert hat Rang 1."
                    .into(),
            ],
        }
    }

    /// The Steckbrief a request names as a file (`06532023.pdf`).
    pub fn steckbrief_datei(&self, datei: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Dokument> {
        let Some(ags) = datei.strip_suffix(".pdf") else {
            return Err(Anfragefehler::ungueltig(format!(
                "„{}“: erwartet AGS.pdf, z. B. 06532023.pdf (der Steckbrief ist ein PDF)",
                kuerzen(datei)
            )));
        };
        self.steckbrief(ags, p, zugang)
    }

    /// The Steckbrief of the Kommune with this AGS, ready to be typeset.
    pub fn steckbrief(&self, ags: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Dokument> {
        let q = self.berichtsfrage(p)?;
        let a = &self.atlas;
        let profil = self.profil(ags, &q.basis, zugang)?;
        let Some(k) = a.kommunen.iter().position(|x| x.ags.as_str() == ags) else {
            return Err(Anfragefehler::nicht_gefunden(format!(
                "Eine Kommune mit AGS „{}“ gibt es nicht",
                kuerzen(ags)
            )));
        };
        let kommune = &a.kommunen[k];
        let kreis = a.kreis_einheit();
        let auswertungen = self.berichtsindikatoren(&q, zugang)?;
        let mut bilder = Vec::new();
        let indikatoren = auswertungen
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let reihe = profil.indikatoren.iter().find(|r| r.id == x.ind.id).map(|r| &r.zeitreihe);
                let grafik = reihe.filter(|r| r.len() > 1).map(|r| {
                    let name = format!("reihe-{i}.svg");
                    let jahre: Vec<i32> = r.iter().map(|w| w.jahr).collect();
                    let linien = [
                        Linie {
                            name: kommune.name.clone(),
                            werte: r.iter().map(|w| w.wert).collect(),
                            farbe: grafik::EIGEN,
                            gestrichelt: false,
                        },
                        Linie {
                            name: x.referenz.as_ref().map_or("Kreis".into(), |r| r.0.clone()),
                            werte: r.iter().map(|w| w.kreiswert).collect(),
                            farbe: grafik::KREIS,
                            gestrichelt: true,
                        },
                    ];
                    let verborgen: Vec<bool> = r.iter().map(|w| w.wert.is_none() && w.status.gesperrt()).collect();
                    bilder.push((name.clone(), grafik::zeitreihe(&jahre, &linien, &verborgen, 84.0, 42.0)));
                    name
                });
                Indikatorzeile {
                    name: x.ind.name.clone(),
                    einheit: x.ind.masseinheit.clone(),
                    jahr: x.jahr.to_string(),
                    wert: x.text(k),
                    kreiswert: x.kreistext(),
                    index: x.index(k),
                    rang: x.rangtext(k),
                    beispiel: x.ind.beispiel,
                    grafik,
                }
            })
            .collect();
        let versorgung = self.kategorieauswertungen(&q, zugang)?;
        let versorgung = Versorgungsteil {
            frage: format!(
                "Anteil der Zielgruppe „{}“ mit einem Angebot im Umkreis (Luftlinie), darunter der Kreiswert; \
                 mittlere Entfernung zum nächsten Angebot.",
                q.frage.zielgruppe.bezeichnung()
            ),
            schwellen: q.frage.schwellen_m.iter().map(|s| meter(*s)).collect(),
            zeilen: versorgung
                .iter()
                .map(|v| Versorgungszeile {
                    kategorie: v.name.clone(),
                    angebote: v.angebote[k].to_string(),
                    anteile: v.kommunen[k].0.iter().map(|w| anteiltext(*w, v.kommunen[k].2)).collect(),
                    kreis: v.kreis.0.iter().map(|w| anteiltext(*w, v.kreis.2)).collect(),
                    mittel: match v.kommunen[k].1 {
                        Some(m) => meter(m),
                        None if v.kommunen[k].2.gesperrt() => NICHT_AUSGEWIESEN.into(),
                        None => KEINE_ANGABE.into(),
                    },
                })
                .collect(),
        };
        let angebote: Vec<Angebotszeile> = profil
            .angebote
            .iter()
            .filter(|o| q.kategorien.contains(&o.kategorie))
            .map(|o| Angebotszeile {
                kategorie: o.kategorie_bezeichnung.clone().unwrap_or_else(|| o.kategorie.clone()),
                name: if o.beispiel { format!("{} (Beispieldaten)", o.name) } else { o.name.clone() },
                adresse: [o.strasse.as_str(), &format!("{} {}", o.plz, o.ort)]
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect();
        let (karte, kartenlegende) = self.kommunenkarte(k, &q.kategorien);
        bilder.push(("karte.svg".into(), karte));
        let meldungen = self.meldeteil(k, &q, zugang)?;
        let bedarfe = self
            .bedarfsliste(&parameter(&[("ags", ags)])?)?
            .bedarfe
            .into_iter()
            .map(|b| Bedarfszeile { titel: b.titel, gebiet: b.gebiet.name, status: b.status_text.to_string() })
            .collect();
        let region = profil.kommune.gebiet.region.clone().flatten();
        let mut eckdaten = vec![
            Eckdatum { name: "Amtlicher Gemeindeschlüssel".into(), wert: ags.to_string() },
            Eckdatum { name: "Einwohner".into(), wert: zahl(kommune.einwohner as f64, 0) },
            Eckdatum { name: "Fläche".into(), wert: format!("{} km²", zahl(kommune.flaeche_km2, 1)) },
            Eckdatum {
                name: "Einwohner je km²".into(), wert: zahl(kommune.einwohner as f64 / kommune.flaeche_km2, 0)
            },
        ];
        if let (Some(r), Some(s)) = (region, a.regionsschemata.get(q.schema)) {
            eckdaten.push(Eckdatum { name: format!("Region ({})", s.bezeichnung), wert: r });
        }
        eckdaten.push(Eckdatum {
            name: "Jugendamt".into(),
            wert: if kommune.jugendamt == a.kreisjugendamt() {
                a.kreisjugendamt().to_string()
            } else {
                format!("eigenes ({})", kommune.jugendamt)
            },
        });
        let zielgruppen = profil
            .zielgruppen
            .iter()
            .map(|z| {
                let g = crate::model::Zielgruppe::von_id(z.id);
                let gesamt: f64 = g.map_or(0.0, |g| (0..a.kommunen.len()).map(|i| a.bevoelkerung.summe(g, i)).sum());
                Zielgruppenzeile {
                    name: z.bezeichnung,
                    personen: z.personen.map_or(KEINE_ANGABE.into(), |p| zahl(p, 0)),
                    anteil: match z.personen {
                        Some(p) if gesamt > 0.0 => prozent(p / gesamt),
                        _ => KEINE_ANGABE.into(),
                    },
                }
            })
            .collect();
        let beispiel = auswertungen.iter().any(|x| x.ind.beispiel)
            || profil.angebote.iter().any(|o| o.beispiel)
            || a.regionsschemata.get(q.schema).is_some_and(|s| s.beispiel);
        let quellen =
            auswertungen.iter().map(|x| format!("{} ({}): {}", x.ind.name, x.ind.stand, x.ind.quelle)).collect();
        let kopf = self.kopf(
            format!("Steckbrief {}", kommune.name),
            format!("{} im {} · Familienbericht, Kommunalprofil", kommune.bez, a.einheiten[kreis].name),
            zugang,
            beispiel,
            quellen,
        );
        let daten = Steckbrief {
            kopf,
            kommune: kommune.name.clone(),
            eckdaten,
            zielgruppen,
            bevoelkerungsbasis: profil.bevoelkerungsbasis.clone(),
            karte: "karte.svg".into(),
            kartenlegende,
            indikatoren,
            versorgung,
            angebote,
            meldungen,
            bedarfe,
        };
        Ok(Dokument {
            vorlage: Vorlage::Steckbrief,
            daten: serde_json::to_value(&daten).map_err(Anfragefehler::intern)?,
            bilder,
            kennung: format!("steckbrief-{ags}-{}", zugang.bezeichnung()),
        })
    }

    /// The map of a Kommune: its neighbours around it, the offers of the categories as dots.
    fn kommunenkarte(&self, k: usize, kategorien: &[String]) -> (String, Vec<Kartenlegende>) {
        let a = &self.atlas;
        let flaechen: Vec<Kartengebiet> = (0..a.kommunen.len())
            .map(|i| kommune_flaeche(self, i, if i == k { "#ffffff".into() } else { "#e4e4e4".into() }, false))
            .collect();
        let b = crate::render::huelle(std::iter::once(&a.kommunen[k].grenze));
        let rand = 0.08 * (b[2] - b[0]).max(b[3] - b[1]);
        let ausschnitt = [b[0] - rand, b[1] - rand, b[2] + rand, b[3] + rand];
        let farbe = |kat: &str| a.kategorie(kat).map_or("#555555".to_string(), |c| c.farbe.clone());
        let punkte: Vec<Punkt> = a
            .angebote
            .iter()
            .filter(|o| kategorien.contains(&o.kategorie))
            .filter(|o| {
                (ausschnitt[0]..=ausschnitt[2]).contains(&o.pos.x) && (ausschnitt[1]..=ausschnitt[3]).contains(&o.pos.y)
            })
            .map(|o| Punkt { x: o.pos.x, y: o.pos.y, farbe: farbe(&o.kategorie) })
            .collect();
        let legende = kategorien
            .iter()
            .filter_map(|kat| {
                let anzahl = a.angebote.iter().filter(|o| o.kategorie == *kat && o.ags == a.kommunen[k].ags).count();
                let c = a.kategorie(kat)?;
                (anzahl > 0).then(|| Kartenlegende { farbe: c.farbe.clone(), name: c.bezeichnung.clone(), anzahl })
            })
            .collect();
        (grafik::karte(&flaechen, &punkte, Some(ausschnitt), 84.0, 84.0), legende)
    }

    /// Reported needs of Kommune `k` and the Kreis: every year and the last four quarters, as the
    /// API's series shows them (`None` before the first report).
    fn meldeteil(&self, k: usize, q: &Berichtsfrage, zugang: Zugang) -> Ergebnis<Option<Meldeteil>> {
        let a = &self.atlas;
        if !a.indikatoren.iter().any(|i| i.id == BEDARFSMELDUNGEN) {
            return Ok(None);
        }
        let reihe = self.meldereihe(&q.basis, zugang)?;
        let quartale: Vec<usize> = (0..reihe.zeitraeume.len()).filter(|&i| reihe.zeitraeume[i].contains('Q')).collect();
        let jahre = (0..reihe.zeitraeume.len()).filter(|&i| !reihe.zeitraeume[i].contains('Q'));
        let spalten: Vec<usize> = jahre.chain(quartale.iter().rev().take(4).rev().copied()).collect();
        let werte = |id: &str| -> Vec<String> {
            reihe
                .einheiten
                .iter()
                .find(|e| e.gebiet.einheit.id == id)
                .map(|e| spalten.iter().map(|&i| werttext(e.werte[i].anzahl, e.werte[i].status, 0)).collect())
                .unwrap_or_default()
        };
        let kreis = &a.einheiten[a.kreis_einheit()];
        Ok(Some(Meldeteil {
            text: format!(
                "Anzahl der in der Hilfeplanung gemeldeten fehlenden Angebote nach Wohnort der Familie (Jahre und die \
                 letzten Quartale); {}.",
                reihe.quelle
            ),
            zeitraeume: spalten.iter().map(|&i| reihe.zeitraeume[i].replace("-Q", " Q")).collect(),
            werte: werte(a.kommunen[k].ags.as_str()),
            kreisname: kreis.name.clone(),
            kreis: werte(&kreis.id),
        }))
    }

    /// The statistical part of the Familienbericht, ready to be typeset.
    pub fn kreisbericht(&self, p: &Parameter, zugang: Zugang) -> Ergebnis<Dokument> {
        let q = self.berichtsfrage(p)?;
        let a = &self.atlas;
        let kreis = a.kreis_einheit();
        let kreisname = a.einheiten[kreis].name.clone();
        let auswertungen = self.berichtsindikatoren(&q, zugang)?;
        let versorgung = self.kategorieauswertungen(&q, zugang)?;
        let mut bilder = Vec::new();
        let mut kapitel = Vec::new();
        for thema in Thema::ALLE {
            let mut abschnitte: Vec<Abschnitt> = auswertungen
                .iter()
                .enumerate()
                .filter(|(_, x)| x.ind.thema == thema)
                .map(|(i, x)| self.indikatorabschnitt(i, x, &mut bilder))
                .collect();
            if thema == Thema::AngeboteVersorgung {
                abschnitte.extend(
                    versorgung.iter().enumerate().map(|(i, v)| self.versorgungsabschnitt(i, v, &q, &mut bilder)),
                );
            }
            if thema == Thema::Bedarfe {
                abschnitte.extend(self.registerabschnitt()?);
            }
            if abschnitte.is_empty() {
                continue;
            }
            kapitel.push(Kapitel { titel: thema.bezeichnung(), einleitung: einleitung(thema), abschnitte });
        }
        let uebersicht = self.uebersicht(&q, &versorgung);
        let beispiel = auswertungen.iter().any(|x| x.ind.beispiel)
            || a.angebote.iter().any(|o| o.beispiel && q.kategorien.contains(&o.kategorie));
        let quellen =
            auswertungen.iter().map(|x| format!("{} ({}): {}", x.ind.name, x.ind.stand, x.ind.quelle)).collect();
        let kopf = self.kopf(
            format!("Familienbericht {kreisname}"),
            "Statistischer Teil: Kommunen im Vergleich".into(),
            zugang,
            beispiel,
            quellen,
        );
        let daten = Kreisbericht {
            kopf,
            einleitung: format!(
                "Dieser Teil des Familienberichts zeigt die {} Kommunen des {} im Vergleich: Bevölkerung, soziale Lage, \
                 Betreuung und Bildung, Angebote und Versorgung sowie Bedarfe, jeweils als Karte, Grafik und Tabelle. \
                 Er wird von sozialraum aus den aktuellen Daten erzeugt; Methoden und Quellen stehen am Ende.",
                a.kommunen.len(),
                kreisname
            ),
            uebersicht,
            kapitel,
        };
        Ok(Dokument {
            vorlage: Vorlage::Kreisbericht,
            daten: serde_json::to_value(&daten).map_err(Anfragefehler::intern)?,
            bilder,
            kennung: format!("kreisbericht-{}", zugang.bezeichnung()),
        })
    }

    /// The overview of the Kommunen: population, area, offers.
    fn uebersicht(&self, q: &Berichtsfrage, versorgung: &[Kategorieauswertung]) -> Uebersicht {
        let a = &self.atlas;
        let g = q.frage.zielgruppe;
        let schema = a.regionsschemata.get(q.schema);
        let angebote = |k: usize| versorgung.iter().map(|v| v.angebote[k]).sum::<usize>();
        let zeilen = (0..a.kommunen.len())
            .map(|k| {
                let km = &a.kommunen[k];
                vec![
                    km.name.clone(),
                    schema.and_then(|s| s.zuordnung[k].map(|r| s.regionen[r].clone())).unwrap_or_else(|| "–".into()),
                    zahl(km.einwohner as f64, 0),
                    zahl(a.bevoelkerung.summe(g, k), 0),
                    zahl(km.flaeche_km2, 1),
                    zahl(km.einwohner as f64 / km.flaeche_km2, 0),
                    angebote(k).to_string(),
                ]
            })
            .collect();
        let einwohner: u64 = a.kommunen.iter().map(|k| k.einwohner).sum();
        let flaeche: f64 = a.kommunen.iter().map(|k| k.flaeche_km2).sum();
        Uebersicht {
            text: format!(
                "Einwohner laut Gemeindeverzeichnis, {} aus der Bevölkerungsfläche; Angebote der Kategorien dieses \
                 Berichts.",
                g.bezeichnung()
            ),
            spalten: vec![
                "Kommune".into(),
                schema.map_or("Region".into(), |s| format!("Region ({})", s.bezeichnung)),
                "Einwohner".into(),
                g.bezeichnung().into(),
                "Fläche km²".into(),
                "Einw. je km²".into(),
                "Angebote".into(),
            ],
            zeilen,
            kreis: vec![
                a.einheiten[a.kreis_einheit()].name.clone(),
                String::new(),
                zahl(einwohner as f64, 0),
                zahl((0..a.kommunen.len()).map(|k| a.bevoelkerung.summe(g, k)).sum(), 0),
                zahl(flaeche, 1),
                zahl(einwohner as f64 / flaeche, 0),
                (0..a.kommunen.len()).map(angebote).sum::<usize>().to_string(),
            ],
        }
    }

    /// An indicator's section: choropleth, ranking chart, table of all Kommunen.
    fn indikatorabschnitt(&self, i: usize, x: &Auswertung, bilder: &mut Vec<(String, String)>) -> Abschnitt {
        let a = &self.atlas;
        let flaechen: Vec<Kartengebiet> = (0..a.kommunen.len())
            .map(|k| {
                let (w, s) = x.werte[k];
                kommune_flaeche(self, k, x.farben[k].clone(), w.is_none() && s.gesperrt())
            })
            .collect();
        let karte = format!("karte-{i}.svg");
        bilder.push((karte.clone(), grafik::karte(&flaechen, &[], None, 80.0, 92.0)));
        let grafik = format!("rang-{i}.svg");
        bilder.push((grafik.clone(), rangfolge(&x.werte, a, |k| x.text(k), x.referenz.as_ref(), 92.0)));
        let zeilen = (0..a.kommunen.len())
            .map(|k| vec![a.kommunen[k].name.clone(), x.text(k), x.index(k), x.rangtext(k)])
            .collect();
        Abschnitt {
            titel: x.ind.name.clone(),
            text: format!(
                "{} Einheit: {}. Jahr {}. Quelle: {} (Stand {}).",
                satz(&x.ind.definition),
                x.ind.masseinheit,
                x.jahr,
                x.ind.quelle,
                x.ind.stand
            ),
            beispiel: x.ind.beispiel,
            karte: Some(karte),
            legende: x
                .legende
                .iter()
                .map(|l| Legendeneintrag { farbe: l.farbe.clone(), text: l.text.clone() })
                .collect(),
            grafik: Some(grafik),
            spalten: vec!["Kommune".into(), format!("Wert {}", x.jahr), "Index (Kreis = 100)".into(), "Rang".into()],
            zeilen,
            kreis: vec![
                x.referenz.as_ref().map_or("Kreis".into(), |r| r.0.clone()),
                x.kreistext(),
                "100,0".into(),
                String::new(),
            ],
            fuss: None,
        }
    }

    /// A category's section: ranking chart of the coverage at the middle threshold, table of all
    /// Kommunen with offers, shares and mean distance.
    fn versorgungsabschnitt(
        &self,
        i: usize,
        v: &Kategorieauswertung,
        q: &Berichtsfrage,
        bilder: &mut Vec<(String, String)>,
    ) -> Abschnitt {
        let a = &self.atlas;
        let mitte = q.frage.schwellen_m.len() / 2;
        let anteile: Vec<(Option<f64>, Status)> =
            v.kommunen.iter().map(|(w, _, s)| (w.get(mitte).copied().flatten().map(|x| x * 100.0), *s)).collect();
        let grafik = format!("versorgung-{i}.svg");
        let referenz =
            v.kreis.0.get(mitte).copied().flatten().map(|r| (a.einheiten[a.kreis_einheit()].name.clone(), r * 100.0));
        bilder.push((
            grafik.clone(),
            rangfolge(
                &anteile,
                a,
                |k| anteiltext(v.kommunen[k].0.get(mitte).copied().flatten(), v.kommunen[k].2),
                referenz.as_ref(),
                120.0,
            ),
        ));
        let mittel = |m: Option<f64>, s: Status| match m {
            Some(m) => meter(m),
            None if s.gesperrt() => NICHT_AUSGEWIESEN.into(),
            None => KEINE_ANGABE.into(),
        };
        let zeilen = (0..a.kommunen.len())
            .map(|k| {
                let (w, m, s) = &v.kommunen[k];
                let mut z = vec![a.kommunen[k].name.clone(), v.angebote[k].to_string()];
                z.extend(w.iter().map(|x| anteiltext(*x, *s)));
                z.push(mittel(*m, *s));
                z
            })
            .collect();
        let mut spalten = vec!["Kommune".to_string(), "Angebote".into()];
        spalten.extend(q.frage.schwellen_m.iter().map(|s| format!("bis {}", meter(*s))));
        spalten.push("Mittlere Entfernung".into());
        let mut kreis = vec![a.einheiten[a.kreis_einheit()].name.clone(), v.angebote.iter().sum::<usize>().to_string()];
        kreis.extend(v.kreis.0.iter().map(|x| anteiltext(*x, v.kreis.2)));
        kreis.push(mittel(v.kreis.1, v.kreis.2));
        let schwelle = q.frage.schwellen_m.get(mitte).map(|s| meter(*s)).unwrap_or_default();
        Abschnitt {
            titel: v.name.clone(),
            text: format!(
                "Anteil der Zielgruppe „{}“ mit einem Angebot „{}“ im Umkreis (Luftlinie) und mittlere Entfernung zum \
                 nächsten. Die Grafik zeigt den Anteil bis {schwelle}.",
                q.frage.zielgruppe.bezeichnung(),
                v.name
            ),
            beispiel: a.angebote.iter().any(|o| o.beispiel && o.kategorie == v.kategorie),
            karte: None,
            legende: Vec::new(),
            grafik: Some(grafik),
            spalten,
            zeilen,
            kreis,
            fuss: None,
        }
    }

    /// The register of the Sozialraumkonferenzen: needs per Kommune by status (none before the
    /// first need).
    fn registerabschnitt(&self) -> Ergebnis<Option<Abschnitt>> {
        let karte = self.bedarfskarte(&Parameter::default())?;
        if karte.features.iter().all(|f| f.properties.gesamt == 0) {
            return Ok(None);
        }
        let status: Vec<&'static str> = super::bedarfe::STATUS.to_vec();
        let zeilen = karte
            .features
            .iter()
            .map(|f| {
                let mut z = vec![f.properties.name.clone()];
                z.extend(status.iter().map(|s| f.properties.nach_status.get(s).copied().unwrap_or(0).to_string()));
                z.push(f.properties.gesamt.to_string());
                z
            })
            .collect();
        let mut spalten = vec!["Kommune".to_string()];
        spalten.extend(status.iter().map(|s| super::bedarfe::status_text(s).to_string()));
        spalten.push("gesamt".into());
        Ok(Some(Abschnitt {
            titel: "Bedarfe aus den Sozialraumkonferenzen".into(),
            text: "Im Bedarfsregister erfasste Bedarfe je Kommune nach ihrem Stand; ein Bedarf einer Region zählt in \
                   jeder ihrer Kommunen."
                .into(),
            beispiel: false,
            karte: None,
            legende: Vec::new(),
            grafik: None,
            spalten,
            zeilen,
            kreis: Vec::new(),
            fuss: None,
        }))
    }
}

/// A ranking chart of the Kommunen, highest first, hidden and missing values last as text.
fn rangfolge(
    werte: &[(Option<f64>, Status)],
    a: &crate::Atlas,
    text: impl Fn(usize) -> String,
    referenz: Option<&(String, f64)>,
    breite: f64,
) -> String {
    let mut folge: Vec<usize> = (0..werte.len()).collect();
    folge.sort_by(|&i, &j| match (werte[i].0, werte[j].0) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.kommunen[i].name.cmp(&a.kommunen[j].name),
    });
    let balken: Vec<Balken> = folge
        .into_iter()
        .map(|k| Balken { name: a.kommunen[k].name.clone(), wert: werte[k].0, text: text(k), hervorgehoben: false })
        .collect();
    grafik::rangfolge(&balken, referenz.map(|(n, r)| (n.as_str(), *r)), breite)
}

/// A definition as a sentence (with a full stop).
fn satz(t: &str) -> String {
    let t = t.trim();
    if t.is_empty() || t.ends_with('.') { t.to_string() } else { format!("{t}.") }
}

/// The introduction of a chapter.
fn einleitung(t: Thema) -> String {
    match t {
        Thema::Bevoelkerung => "Wie viele Menschen wo leben: die Grundlage jeder Quote und jeder Versorgungsrechnung.",
        Thema::SozialeLage => {
            "Indikatoren der sozialen Lage von Kindern und Familien: ein hoher Wert zeigt einen höheren Bedarf an \
             Unterstützung."
        }
        Thema::BetreuungBildung => "Betreuung und Bildung in den Kommunen.",
        Thema::AngeboteVersorgung => {
            "Welcher Anteil der Zielgruppe ein Angebot in erreichbarer Entfernung hat, je Kategorie und Kommune."
        }
        Thema::Bedarfe => {
            "Bedarfe, wie sie die Fachkräfte aus der Hilfeplanung melden und die Sozialraumkonferenzen festhalten, \
             und Hilfen zur Erziehung."
        }
    }
    .to_string()
}

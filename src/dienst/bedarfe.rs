//! The needs register of the Sozialraumkonferenzen: a need brought in by a conference (title,
//! Kommune or region, category, conference and day) goes through the steps `eingebracht →
//! geprüft → in Planung → umgesetzt | nicht umgesetzt`, each with a day and a reason, and may
//! name the offers or scenarios that answer it. Planners edit; everyone may read the list per
//! Kommune, so that a conference sees what became of its input. It holds no names of persons:
//! the page says so where the texts are written, and the list never shows who changed what.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::bearbeiten::datum_pruefen;
use super::parameter::{Param, Parameter, Text, Wahl, Werte, kuerzen, text_pruefen};
use super::teile::{Feature, GeojsonTyp};
use super::{Anfragefehler, Dienst, Ergebnis};
use crate::model::Einheitsart;
pub use crate::store::Bedarfssatz;
use crate::store::Statusschritt;

/// The steps of a need, in order (ids as in the API) …
pub const STATUS: &[&str] = &["eingebracht", "geprueft", "in_planung", "umgesetzt", "nicht_umgesetzt"];
/// … and their German names.
const STATUSTEXTE: [&str; 5] = ["eingebracht", "geprüft", "in Planung", "umgesetzt", "nicht umgesetzt"];

/// The steps that may follow a status.
fn naechste(status: &str) -> &'static [&'static str] {
    match status {
        "eingebracht" => &["geprueft", "nicht_umgesetzt"],
        "geprueft" => &["in_planung", "nicht_umgesetzt"],
        "in_planung" => &["umgesetzt", "nicht_umgesetzt"],
        _ => &[],
    }
}

/// The German name of a status.
pub fn status_text(id: &str) -> &'static str {
    STATUS.iter().position(|i| *i == id).map_or("unbekannt", |i| STATUSTEXTE[i])
}

/// Longest title.
const MAX_TITEL: usize = 200;
/// Longest reason, conference name.
const MAX_TEXT: usize = 2000;
/// Most offers or scenarios linked to a need.
const MAX_BEZUEGE: usize = 50;

/// `ags`: the needs concerning a Kommune (its own and those of regions it belongs to).
pub const AGS: Text = Text {
    name: "ags",
    max_laenge: Some(8),
    muster: Some("^[0-9]{8}$"),
    format: None,
    text: "nur Bedarfe, die diese Kommune betreffen (auch über ihre Region)",
};
/// `status`: the needs with this status.
pub const STATUSWAHL: Wahl = Wahl {
    name: "status",
    werte: Werte::Fest(STATUS),
    standard: None,
    pflicht: false,
    text: "nur Bedarfe mit diesem Stand",
};
/// The parameters of the list.
pub const PARAMETER: &[Param] = &[Param::Text(&AGS), Param::Wahl(&STATUSWAHL)];

/// The fields of a need in a request: a new one needs `titel`, `gebiet`, `kategorie`,
/// `konferenz` and `datum`; a change gives only what changes.
#[derive(Debug, Default, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bedarfsangaben {
    /// What is needed, in a few words (no names of persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub titel: Option<String>,
    /// AGS of a Kommune or id of a region (`beispiel-nord-ost`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gebiet: Option<String>,
    /// Category id of the offer it asks for, or `sonstiges`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kategorie: Option<String>,
    /// The conference that brought it in (e.g. "Sozialraumkonferenz Herborn").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub konferenz: Option<String>,
    /// Day of the conference, `JJJJ-MM-TT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datum: Option<String>,
    /// Note on the first step (new needs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grund: Option<String>,
    /// Ids of offers that answer it (all of them; replaces the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub angebote: Option<Vec<String>>,
    /// Links to scenarios of the page that answer it (all of them; replaces the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub szenarien: Option<Vec<String>>,
    /// Why (kept in the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<String>,
}

/// The next step of a need.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statusangaben {
    /// geprueft, in_planung, umgesetzt or nicht_umgesetzt.
    pub status: String,
    /// Day of the step, `JJJJ-MM-TT` (default today).
    #[serde(default)]
    pub datum: Option<String>,
    /// Why (required; shown in the public list – no names of persons).
    pub grund: String,
}

/// The area of a need.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Bedarfsgebiet {
    /// AGS or region id.
    pub id: String,
    /// Name.
    pub name: String,
    /// kommune or region.
    pub art: &'static str,
}

/// A step as shown.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Schritt {
    /// Status id.
    pub status: String,
    /// Its German name.
    pub status_text: &'static str,
    /// Day.
    pub datum: String,
    /// Reason.
    pub grund: String,
}

/// An offer that answers a need.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Angebotsbezug {
    /// Id.
    pub id: String,
    /// Name (empty when the offer is unknown).
    pub name: String,
    /// Open today.
    pub offen: bool,
}

/// A need of the register as answered.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Bedarf {
    /// Id.
    pub id: String,
    /// Title.
    pub titel: String,
    /// The area.
    pub gebiet: Bedarfsgebiet,
    /// Category id.
    pub kategorie: String,
    /// Its German name.
    pub kategoriename: String,
    /// The conference.
    pub konferenz: String,
    /// Day of the conference.
    pub datum: String,
    /// Current status.
    pub status: String,
    /// Its German name.
    pub status_text: &'static str,
    /// Every step.
    pub verlauf: Vec<Schritt>,
    /// The steps that may follow.
    pub naechste: Vec<&'static str>,
    /// Offers that answer it.
    pub angebote: Vec<Angebotsbezug>,
    /// Scenario links.
    pub szenarien: Vec<String>,
    /// Version (the ETag).
    pub version: i64,
}

/// The register (or a part of it).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Bedarfsliste {
    /// Number listed.
    pub anzahl: usize,
    /// The needs, newest first.
    pub bedarfe: Vec<Bedarf>,
    /// What the list is.
    pub hinweis: &'static str,
}

/// Needs of a Kommune by status (the map).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Bedarfszahlen {
    /// The Kommune's name.
    pub name: String,
    /// Needs by status id.
    pub nach_status: std::collections::BTreeMap<&'static str, usize>,
    /// Not yet decided (eingebracht, geprüft, in Planung).
    pub offen: usize,
    /// All.
    pub gesamt: usize,
}

/// The map of needs: every Kommune with its needs by status.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Bedarfskarte<'a> {
    /// `FeatureCollection`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// What is counted.
    pub hinweis: &'static str,
    /// The Kommunen.
    pub features: Vec<Feature<'a, Bedarfszahlen>>,
}

impl Dienst {
    /// The area of a need: a Kommune (AGS) or a region of any scheme (its id).
    fn bedarfsgebiet(&self, id: &str) -> Ergebnis<(usize, Bedarfsgebiet)> {
        let a = &self.atlas;
        a.einheiten
            .iter()
            .position(|e| e.id == id.trim() && matches!(e.art, Einheitsart::Kommune | Einheitsart::Region { .. }))
            .map(|e| {
                let x = &a.einheiten[e];
                let art = if x.art == Einheitsart::Kommune { "kommune" } else { "region" };
                (e, Bedarfsgebiet { id: x.id.clone(), name: x.name.clone(), art })
            })
            .ok_or_else(|| {
                Anfragefehler::ungueltig(format!(
                    "„gebiet“: „{}“ ist weder eine Kommune (8-stelliger Gemeindeschlüssel) noch eine Region (z. B. {})",
                    kuerzen(id),
                    a.einheiten
                        .iter()
                        .find(|e| matches!(e.art, Einheitsart::Region { .. }))
                        .map_or("beispiel-nord-ost", |e| e.id.as_str())
                ))
            })
    }

    /// A stored need as answered (`bestand`: the offers of the store, for the names of those
    /// it links).
    fn bedarf(&self, s: &Bedarfssatz, bestand: &[crate::store::Angebotssatz]) -> Bedarf {
        let gebiet = self.bedarfsgebiet(&s.gebiet).map(|(_, g)| g).unwrap_or_else(|_| Bedarfsgebiet {
            id: s.gebiet.clone(),
            name: s.gebiet.clone(),
            art: "kommune",
        });
        let status = s.verlauf.last().map(|x| x.status.clone()).unwrap_or_default();
        Bedarf {
            id: s.id.clone(),
            titel: s.titel.clone(),
            gebiet,
            kategoriename: crate::analysis::meldungen::kategoriename(&self.atlas, &s.kategorie),
            kategorie: s.kategorie.clone(),
            konferenz: s.konferenz.clone(),
            datum: s.datum.clone(),
            status_text: status_text(&status),
            naechste: naechste(&status).to_vec(),
            status,
            verlauf: s
                .verlauf
                .iter()
                .map(|x| Schritt {
                    status: x.status.clone(),
                    status_text: status_text(&x.status),
                    datum: x.datum.clone(),
                    grund: x.grund.clone(),
                })
                .collect(),
            angebote: s
                .angebote
                .iter()
                .map(|id| {
                    let o = bestand.iter().find(|o| &o.id == id);
                    Angebotsbezug {
                        id: id.clone(),
                        name: o.map(|o| o.name.clone()).unwrap_or_default(),
                        offen: self.atlas.angebote.iter().any(|x| &x.id == id),
                    }
                })
                .collect(),
            szenarien: s.szenarien.clone(),
            version: s.version,
        }
    }

    /// Applies the fields given to a need, each checked.
    fn bedarf_anwenden(&self, b: &mut Bedarfssatz, f: &Bedarfsangaben) -> Ergebnis<()> {
        if let Some(t) = &f.titel {
            b.titel = text_pruefen("titel", t, MAX_TITEL)?;
            if b.titel.is_empty() {
                return Err(Anfragefehler::ungueltig("„titel“ darf nicht leer sein"));
            }
        }
        if let Some(g) = &f.gebiet {
            b.gebiet = self.bedarfsgebiet(g)?.1.id;
        }
        if let Some(k) = &f.kategorie {
            b.kategorie = self.meldekategorie(k).map_err(|e| Anfragefehler::ungueltig(format!("„kategorie“: {e}")))?;
        }
        if let Some(k) = &f.konferenz {
            b.konferenz = text_pruefen("konferenz", k, MAX_TEXT)?;
            if b.konferenz.is_empty() {
                return Err(Anfragefehler::ungueltig("„konferenz“ darf nicht leer sein"));
            }
        }
        if let Some(d) = &f.datum {
            b.datum = datum_pruefen("datum", d.trim())?;
            if b.datum > super::bestand::heute() {
                return Err(Anfragefehler::ungueltig(format!("„datum“: {} liegt in der Zukunft", b.datum)));
            }
        }
        if let Some(ids) = &f.angebote {
            if ids.len() > MAX_BEZUEGE {
                return Err(Anfragefehler::ungueltig(format!("„angebote“: höchstens {MAX_BEZUEGE}")));
            }
            let bestand = self.speicher()?.angebote()?;
            for id in ids {
                if !bestand.iter().any(|o| &o.id == id) {
                    return Err(Anfragefehler::ungueltig(format!(
                        "„angebote“: ein Angebot „{}“ gibt es nicht",
                        kuerzen(id)
                    )));
                }
            }
            b.angebote = ids.clone();
        }
        if let Some(links) = &f.szenarien {
            if links.len() > MAX_BEZUEGE {
                return Err(Anfragefehler::ungueltig(format!("„szenarien“: höchstens {MAX_BEZUEGE}")));
            }
            b.szenarien = links
                .iter()
                .map(|l| {
                    let l = text_pruefen("szenarien", l, MAX_TEXT)?;
                    if l.starts_with('/') && !l.starts_with("//") || l.starts_with('#') || l.starts_with('?') {
                        Ok(l)
                    } else {
                        Err(Anfragefehler::ungueltig(format!(
                            "„szenarien“: „{}“ ist kein Verweis in diese Seite; erwartet z. B. /#ansicht=szenario&…",
                            kuerzen(&l)
                        )))
                    }
                })
                .collect::<Ergebnis<_>>()?;
        }
        Ok(())
    }

    /// Adds a need (status `eingebracht` on its conference's day).
    pub fn bedarf_anlegen(&self, f: &Bedarfsangaben, wer: &str) -> Ergebnis<Bedarf> {
        let speicher = self.speicher()?;
        if f.titel.is_none()
            || f.gebiet.is_none()
            || f.kategorie.is_none()
            || f.konferenz.is_none()
            || f.datum.is_none()
        {
            return Err(Anfragefehler::ungueltig(
                "Ein neuer Bedarf braucht titel, gebiet, kategorie, konferenz und datum, z. B. {\"titel\":\"Offener \
                 Treff für Alleinerziehende\",\"gebiet\":\"06532012\",\"kategorie\":\"familienzentrum\",\
                 \"konferenz\":\"Sozialraumkonferenz Herborn\",\"datum\":\"2026-11-12\"}",
            ));
        }
        let mut b = Bedarfssatz {
            id: speicher.naechste_bedarfsnummer()?,
            titel: String::new(),
            gebiet: String::new(),
            kategorie: String::new(),
            konferenz: String::new(),
            datum: String::new(),
            verlauf: Vec::new(),
            angebote: Vec::new(),
            szenarien: Vec::new(),
            version: 1,
        };
        self.bedarf_anwenden(&mut b, f)?;
        let grund = match &f.grund {
            Some(g) => text_pruefen("grund", g, MAX_TEXT)?,
            None => String::new(),
        };
        let grund = if grund.is_empty() { b.konferenz.clone() } else { grund };
        b.verlauf.push(Statusschritt { status: "eingebracht".into(), datum: b.datum.clone(), grund });
        let s = speicher.satz_anlegen(&b, wer, f.kommentar.as_deref())?;
        Ok(self.bedarf(&s, &speicher.angebote()?))
    }

    /// Changes the fields given; with `version`, only if the need is still that version.
    pub fn bedarf_aendern(&self, id: &str, f: &Bedarfsangaben, version: Option<i64>, wer: &str) -> Ergebnis<Bedarf> {
        if f.grund.is_some() {
            return Err(Anfragefehler::ungueltig(
                "„grund“ gehört zu einem Schritt: POST /api/bedarfe/{id}/status mit status, datum und grund",
            ));
        }
        let speicher = self.speicher()?;
        let Some(mut neu) = speicher.bedarf(id)? else {
            return Err(Anfragefehler::nicht_gefunden(format!("Einen Bedarf „{}“ gibt es nicht", kuerzen(id))));
        };
        // Checked before the transaction (the checks read the store); inside it only the
        // fields given are taken over, so that nothing changed meanwhile is lost.
        self.bedarf_anwenden(&mut neu, f)?;
        // The conference day is the day of the first step and cannot follow the second.
        if f.datum.is_some() {
            if let Some(zweiter) = neu.verlauf.get(1).filter(|x| x.datum < neu.datum) {
                return Err(Anfragefehler::ungueltig(format!(
                    "„datum“: {} liegt nach dem Schritt „{}“ am {}; der Tag der Konferenz muss davor liegen",
                    neu.datum,
                    status_text(&zweiter.status),
                    zweiter.datum
                )));
            }
            if let Some(erster) = neu.verlauf.first_mut() {
                erster.datum = neu.datum.clone();
            }
        }
        let uebernehmen = |b: &mut Bedarfssatz| {
            let x = neu.clone();
            let felder = [&f.titel, &f.gebiet, &f.kategorie, &f.konferenz, &f.datum].map(Option::is_some);
            if felder[0] {
                b.titel = x.titel;
            }
            if felder[1] {
                b.gebiet = x.gebiet;
            }
            if felder[2] {
                b.kategorie = x.kategorie;
            }
            if felder[3] {
                b.konferenz = x.konferenz;
            }
            if felder[4] {
                b.datum = x.datum;
                if let (Some(e), Some(n)) = (b.verlauf.first_mut(), x.verlauf.first()) {
                    e.datum = n.datum.clone();
                }
            }
            if f.angebote.is_some() {
                b.angebote = x.angebote;
            }
            if f.szenarien.is_some() {
                b.szenarien = x.szenarien;
            }
        };
        let s =
            speicher.satz_aendern(id, version, "geaendert", wer, f.kommentar.as_deref(), uebernehmen, |_, _| Ok(()))?;
        Ok(self.bedarf(&s, &speicher.angebote()?))
    }

    /// Takes the next step of a need, with day and reason.
    pub fn bedarf_schritt(&self, id: &str, s: &Statusangaben, version: Option<i64>, wer: &str) -> Ergebnis<Bedarf> {
        let speicher = self.speicher()?;
        let Some(alt) = speicher.bedarf(id)? else {
            return Err(Anfragefehler::nicht_gefunden(format!("Einen Bedarf „{}“ gibt es nicht", kuerzen(id))));
        };
        let jetzt = alt.verlauf.last().map(|x| x.status.as_str()).unwrap_or("eingebracht");
        if !STATUS.contains(&s.status.as_str()) {
            return Err(Anfragefehler::ungueltig(format!(
                "„status“: „{}“ ist unbekannt; die Schritte heißen {}",
                kuerzen(&s.status),
                STATUS.join(", ")
            )));
        }
        let erlaubt = naechste(jetzt);
        if !erlaubt.contains(&s.status.as_str()) {
            return Err(Anfragefehler::ungueltig(if erlaubt.is_empty() {
                format!("„status“: der Bedarf ist abgeschlossen ({})", status_text(jetzt))
            } else {
                format!(
                    "„status“: „{}“ kann nicht auf „{}“ folgen; möglich: {}",
                    kuerzen(&s.status),
                    status_text(jetzt),
                    erlaubt.join(", ")
                )
            }));
        }
        let datum = match &s.datum {
            Some(d) => datum_pruefen("datum", d.trim())?,
            None => super::bestand::heute(),
        };
        let vorher = alt.verlauf.last().map(|x| x.datum.clone()).unwrap_or_default();
        if datum < vorher || datum > super::bestand::heute() {
            return Err(Anfragefehler::ungueltig(format!(
                "„datum“: {datum} – erwartet ein Tag vom letzten Schritt ({vorher}) bis heute"
            )));
        }
        let grund = text_pruefen("grund", &s.grund, MAX_TEXT)?;
        if grund.chars().count() < 3 {
            return Err(Anfragefehler::ungueltig(if grund.is_empty() {
                "„grund“ fehlt: jeder Schritt braucht eine Begründung (sie steht in der öffentlichen Liste)".to_string()
            } else {
                format!(
                    "„grund“: „{grund}“ ist zu kurz – bitte in mindestens 3 Zeichen begründen (öffentlich, ohne Namen)"
                )
            }));
        }
        let kommentar = format!("Schritt: {}", status_text(&s.status));
        let schritt = Statusschritt { status: s.status.clone(), datum, grund };
        let neu = speicher.satz_aendern(
            id,
            version,
            "geaendert",
            wer,
            Some(&kommentar),
            |b: &mut Bedarfssatz| b.verlauf.push(schritt),
            |_, _| Ok(()),
        )?;
        Ok(self.bedarf(&neu, &speicher.angebote()?))
    }

    /// One need.
    pub fn bedarf_lesen(&self, id: &str) -> Ergebnis<Bedarf> {
        let (alle, bestand) = self.register()?;
        alle.iter()
            .find(|b| b.id == id)
            .map(|b| self.bedarf(b, &bestand))
            .ok_or_else(|| Anfragefehler::nicht_gefunden(format!("Einen Bedarf „{}“ gibt es nicht", kuerzen(id))))
    }

    /// The register, newest first: all, or those concerning a Kommune, or of one status.
    pub fn bedarfsliste(&self, p: &Parameter) -> Ergebnis<Bedarfsliste> {
        p.nur(PARAMETER)?;
        let kommune = match p.freitext(&AGS)? {
            Some(a) => {
                Some(self.atlas.einheiten.iter().position(|e| e.id == a && e.art == Einheitsart::Kommune).ok_or_else(
                    || Anfragefehler::nicht_gefunden(format!("Eine Kommune mit AGS „{}“ gibt es nicht", kuerzen(a))),
                )?)
            }
            None => None,
        };
        let status = p.text(STATUSWAHL.name).map(|_| p.wahl_index(&STATUSWAHL)).transpose()?.map(|i| STATUS[i]);
        let (alle, bestand) = self.register()?;
        let bedarfe: Vec<Bedarf> = alle
            .iter()
            .rev()
            .filter(|b| kommune.is_none_or(|k| self.betrifft(b, k)))
            .map(|b| self.bedarf(b, &bestand))
            .filter(|b| status.is_none_or(|s| b.status == s))
            .collect();
        Ok(Bedarfsliste {
            anzahl: bedarfe.len(),
            bedarfe,
            hinweis: "Bedarfe aus den Sozialraumkonferenzen und was aus ihnen wurde: Stand, Tag und Begründung jedes \
                      Schritts. Die Liste nennt keine Personen.",
        })
    }

    /// The needs and the offers of the store (none without a store: a service on the data set
    /// alone has an empty register).
    fn register(&self) -> Ergebnis<(Vec<Bedarfssatz>, Vec<crate::store::Angebotssatz>)> {
        match &self.speicher {
            Some(s) => Ok((s.bedarfe()?, s.angebote()?)),
            None => Ok((Vec::new(), Vec::new())),
        }
    }

    /// Whether a need concerns Kommune `k` (its own, or its region's).
    fn betrifft(&self, b: &Bedarfssatz, k: usize) -> bool {
        self.atlas.einheiten.iter().any(|e| e.id == b.gebiet && e.mitglieder.contains(&k))
    }

    /// Every Kommune with its needs by status (a region's need counts in each of its Kommunen).
    pub fn bedarfskarte(&self, p: &Parameter) -> Ergebnis<Bedarfskarte<'_>> {
        p.nur(super::parameter::KEINE)?;
        let (alle, _) = self.register()?;
        let features = (0..self.atlas.kommunen.len())
            .map(|k| {
                let mut nach_status: std::collections::BTreeMap<&'static str, usize> =
                    STATUS.iter().map(|s| (*s, 0)).collect();
                for b in alle.iter().filter(|b| self.betrifft(b, k)) {
                    let s = b.verlauf.last().map(|x| x.status.as_str()).unwrap_or("eingebracht");
                    if let Some(id) = STATUS.iter().find(|i| **i == s) {
                        *nach_status.entry(id).or_default() += 1;
                    }
                }
                let offen = ["eingebracht", "geprueft", "in_planung"].iter().map(|s| nach_status[s]).sum();
                let gesamt = nach_status.values().sum();
                let name = self.atlas.kommunen[k].name.clone();
                self.feature(k, Bedarfszahlen { name, nach_status, offen, gesamt })
            })
            .collect();
        Ok(Bedarfskarte {
            typ: GeojsonTyp::FeatureCollection,
            hinweis: "Bedarfe aus den Sozialraumkonferenzen je Kommune nach Stand; ein Bedarf einer Region zählt bei \
                      jeder ihrer Kommunen",
            features,
        })
    }
}

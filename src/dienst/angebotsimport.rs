//! Importing a list of offers (CSV as Excel writes it, XLSX, GeoJSON, GeoPackage, zipped
//! Shapefile): first a **Prüfbericht** – what would be added, changed, closed, which rows have
//! no place yet, and every problem with file, row, column and reason – then, when asked and only
//! without problems, all of it as one transaction.
//!
//! Rows are matched to stored offers by `id`; a row without `id` matches the one open offer of
//! the same category and name in the same Kommune (so re-importing a corrected list changes
//! offers instead of adding them twice). Columns not in the file leave the stored fields as
//! they are; further columns become attributes (`merkmale`).

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::Serialize;

use super::bearbeiten::Angebotsangaben;
use super::parameter::{Param, Parameter, Text, Wahl, Werte, kuerzen};
use super::{Anfragefehler, Dienst, Ergebnis};
use crate::io::einlesen::{Eingabezeile, Eingelesen, einlesen};
use crate::model::kennung_aus;
use crate::spatial::{LonLat, utm32_von_lonlat};
use crate::store::{Angebotssatz, Importplan};

/// `modus`: check only, or check and apply.
pub const MODUS: Wahl = Wahl {
    name: "modus",
    werte: Werte::Fest(&["pruefen", "anwenden"]),
    standard: Some("pruefen"),
    pflicht: false,
    text: "pruefen: nur den Prüfbericht; anwenden: prüfen und, wenn nichts zu beanstanden ist, alles übernehmen",
};
/// `fehlende`: what happens to open offers of the file's categories that the file lacks.
pub const FEHLENDE: Wahl = Wahl {
    name: "fehlende",
    werte: Werte::Fest(&["behalten", "schliessen"]),
    standard: Some("behalten"),
    pflicht: false,
    text: "Offene Angebote der Kategorien der Datei, die in der Datei fehlen: behalten oder schließen (die Datei ist dann die vollständige Liste)",
};
/// `datum`: the closing day of missing offers.
pub const DATUM: Text = Text {
    name: "datum",
    max_laenge: None,
    muster: None,
    format: Some("date"),
    text: "Erster Tag ohne die fehlenden Angebote bei fehlende=schliessen (JJJJ-MM-TT, Standard heute)",
};
/// `datei`: the file's name (its ending names the format).
pub const DATEI: Text = Text {
    name: "datei",
    max_laenge: Some(200),
    muster: Some(super::parameter::OHNE_STEUERZEICHEN),
    format: None,
    text: "Name der Datei; die Endung nennt das Format (.csv, .xlsx, .geojson, .gpkg, .zip mit Shapefile)",
};
/// The parameters of an import.
pub const PARAMETER: &[Param] =
    &[Param::Wahl(&MODUS), Param::Wahl(&FEHLENDE), Param::Text(&DATUM), Param::Text(&DATEI)];

/// How an import is run.
#[derive(Debug, Clone)]
pub struct Importauftrag {
    /// The file's name (format and messages).
    pub datei: String,
    /// Apply (not only check).
    pub anwenden: bool,
    /// Close open offers of the file's categories that the file lacks.
    pub fehlende_schliessen: bool,
    /// The closing day of missing offers (`JJJJ-MM-TT`).
    pub datum: String,
}

impl Importauftrag {
    /// The order from request parameters; `datei` defaults to `standard_datei`.
    pub fn aus(p: &Parameter, standard_datei: &str) -> Ergebnis<Self> {
        p.nur(PARAMETER)?;
        let datum = match p.text("datum") {
            Some(t) => super::bearbeiten::datum_pruefen("datum", t.trim())?,
            None => super::bestand::heute(),
        };
        Ok(Importauftrag {
            datei: p.freitext(&DATEI)?.unwrap_or(standard_datei).to_string(),
            anwenden: p.wahl_index(&MODUS)? == 1,
            fehlende_schliessen: p.wahl_index(&FEHLENDE)? == 1,
            datum,
        })
    }
}

/// A problem of a row (or of the whole file).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Importproblem {
    /// The file.
    pub datei: String,
    /// Where: „Zeile 5“, „Feature 3“ (`None`: the whole file).
    pub zeile: Option<String>,
    /// The column concerned, as named in the file (Excel: with its letter).
    pub spalte: Option<String>,
    /// What is wrong and what would be right.
    pub grund: String,
}

impl Importproblem {
    /// Where it is, for a report as text: „Zeile 5, Spalte Name (B)“ (empty: the whole file).
    pub fn ort(&self) -> String {
        [self.zeile.clone(), self.spalte.as_ref().map(|s| format!("Spalte {s}"))]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An offer the import adds (or holds until it is placed on the map).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Importneu {
    /// Where in the file.
    pub zeile: String,
    /// The id it gets (empty: given when placed).
    pub id: String,
    /// Name.
    pub name: String,
    /// Category.
    pub kategorie: String,
    /// AGS of its Kommune (empty without a place).
    pub ags: String,
}

/// A changed field.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Feldaenderung {
    /// Field.
    pub feld: String,
    /// Stored value.
    pub vorher: String,
    /// Value of the file.
    pub nachher: String,
}

/// An offer the import changes or closes.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Importaenderung {
    /// Where in the file (`None`: closed because the file lacks it).
    pub zeile: Option<String>,
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The fields that change.
    pub felder: Vec<Feldaenderung>,
}

/// How many of each.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Importzahlen {
    /// Rows read.
    pub zeilen: usize,
    /// New offers.
    pub neu: usize,
    /// Changed offers.
    pub geaendert: usize,
    /// Closed offers.
    pub geschlossen: usize,
    /// Rows equal to the stored offer.
    pub unveraendert: usize,
    /// New rows without a place (to be placed on the map).
    pub ohne_lage: usize,
    /// Problems.
    pub probleme: usize,
}

/// The check report of an import.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Pruefbericht {
    /// The file.
    pub datei: String,
    /// Its format as read.
    pub format: String,
    /// How the text was decoded (CSV).
    pub kodierung: Option<String>,
    /// Whether it was applied (`false`: only checked, or refused because of problems).
    pub angewendet: bool,
    /// Counts.
    pub anzahl: Importzahlen,
    /// Offers added.
    pub neu: Vec<Importneu>,
    /// Offers changed.
    pub geaendert: Vec<Importaenderung>,
    /// Offers closed.
    pub geschlossen: Vec<Importaenderung>,
    /// New rows without coordinates: kept to be placed on the map in the page.
    pub ohne_lage: Vec<Importneu>,
    /// Every problem; any problem means nothing is applied.
    pub probleme: Vec<Importproblem>,
}

/// Lower case, umlauts spelled out, separators as `_`: the form a column name is matched in.
pub(super) fn schluessel(s: &str) -> String {
    let mut aus = String::new();
    for c in s.trim().to_lowercase().chars() {
        match c {
            'ä' => aus.push_str("ae"),
            'ö' => aus.push_str("oe"),
            'ü' => aus.push_str("ue"),
            'ß' => aus.push_str("ss"),
            ' ' | '-' | '.' => aus.push('_'),
            c => aus.push(c),
        }
    }
    aus
}

/// The field a column stands for (`None`: a further attribute).
fn feld_der_spalte(spalte: &str) -> Option<&'static str> {
    Some(match schluessel(spalte).as_str() {
        "id" | "kennung" => "id",
        "kategorie" => "kategorie",
        "name" | "bezeichnung" => "name",
        "traeger" => "traeger",
        "strasse" | "anschrift" | "adresse" => "strasse",
        "plz" | "postleitzahl" => "plz",
        "ort" | "stadt" => "ort",
        "ags" | "gemeindeschluessel" => "ags",
        "lon" | "lng" | "laenge" | "laengengrad" | "longitude" => "lon",
        "lat" | "breite" | "breitengrad" | "latitude" => "lat",
        "beispiel" | "beispieldaten" => "beispiel",
        "quelle" => "quelle",
        "gueltig_ab" | "gueltig_von" | "beginn" => "gueltig_ab",
        "gueltig_bis" | "ende" => "gueltig_bis",
        _ => return None,
    })
}

/// A number as people write it: `8.2905`, `8,2905`, or with thousands points `1.234,5`.
pub(super) fn zahl(t: &str) -> Option<f64> {
    let t = t.trim();
    let t = match (t.contains(','), t.contains('.')) {
        (true, false) => t.replace(',', "."),
        (true, true) => t.replace('.', "").replace(',', "."),
        _ => t.to_string(),
    };
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A day as people write it: `2026-12-31` or `31.12.2026`.
fn tag(t: &str) -> Option<String> {
    let t = t.trim();
    let iso = match t.split('.').collect::<Vec<_>>()[..] {
        [d, m, j] if j.len() == 4 => format!("{j}-{:0>2}-{:0>2}", m.trim(), d.trim()),
        _ => t.chars().take(10).collect(),
    };
    crate::model::kalender::kalendertag(&iso, 1900..=2100).then_some(iso)
}

/// `ja`/`nein` as people write it.
fn ja_nein(t: &str) -> Option<bool> {
    match schluessel(t).as_str() {
        "ja" | "j" | "x" | "1" | "true" | "wahr" | "yes" => Some(true),
        "nein" | "n" | "0" | "false" | "falsch" | "no" => Some(false),
        _ => None,
    }
}

/// The fields of one row, read and checked; problems are collected, not returned at the first.
struct Zeilenleser<'a> {
    datei: &'a str,
    zeile: &'a Eingabezeile,
    spalten: &'a HashMap<&'static str, String>,
    buchstaben: &'a BTreeMap<String, String>,
    probleme: &'a mut Vec<Importproblem>,
}

impl Zeilenleser<'_> {
    fn spaltenname(&self, feld: &str) -> String {
        let s = self.spalten.get(feld).cloned().unwrap_or_else(|| feld.to_string());
        match self.buchstaben.get(&s) {
            Some(b) => format!("{s} ({b})"),
            None => s,
        }
    }

    fn problem(&mut self, feld: Option<&str>, grund: String) {
        let spalte = feld.map(|f| self.spaltenname(f));
        self.probleme.push(Importproblem {
            datei: self.datei.to_string(),
            zeile: Some(self.zeile.ort.clone()),
            spalte,
            grund,
        });
    }

    /// The text of a field: `None` when the file has no such column, `Some("")` when empty.
    fn text(&self, feld: &str) -> Option<String> {
        let spalte = self.spalten.get(feld)?;
        Some(self.zeile.felder.get(spalte).cloned().unwrap_or_default())
    }
}

/// What a row says, checked.
struct Zeilenangaben {
    angaben: Angebotsangaben,
    /// The file's columns (for "columns not in the file stay as stored").
    gueltig_bis: Option<Option<String>>,
    /// The AGS the row names (checked against the place).
    ags: Option<String>,
    /// The further columns: value, or `None` for an empty cell (removes the attribute).
    merkmale: Vec<(String, Option<String>)>,
}

/// Sets the attributes of the file's further columns; the others stay.
fn merkmale_setzen(a: &mut Angebotssatz, m: &[(String, Option<String>)]) {
    for (k, v) in m {
        match v {
            Some(v) => a.merkmale.insert(k.clone(), v.clone()),
            None => a.merkmale.remove(k),
        };
    }
}

impl Dienst {
    /// Checks the file `bytes` and, when asked and without problems, applies it (`wer`: the
    /// token's name). The answer is the check report; whether it was applied says `angewendet`.
    pub fn angebote_importieren(&self, auftrag: &Importauftrag, bytes: &[u8], wer: &str) -> Ergebnis<Pruefbericht> {
        let speicher = self.speicher()?;
        let datei = auftrag.datei.as_str();
        let eingelesen = einlesen(datei, bytes).map_err(|p| {
            Anfragefehler::ungueltig(match p.ort {
                Some(o) => format!("{}, {o}: {}", p.datei, p.meldung),
                None => format!("{}: {}", p.datei, p.meldung),
            })
        })?;
        let gespeichert = speicher.angebote()?;
        let (bericht, plan) = self.pruefen(auftrag, &eingelesen, &gespeichert, &speicher.offene_angebote()?);
        let mut bericht = bericht;
        if auftrag.anwenden && bericht.probleme.is_empty() && !plan_leer(&plan) {
            speicher.einspielen(&plan, wer)?;
            bericht.angewendet = true;
        }
        Ok(bericht)
    }

    /// The report and what applying would write.
    fn pruefen(
        &self,
        auftrag: &Importauftrag,
        e: &Eingelesen,
        gespeichert: &[Angebotssatz],
        wartend: &[crate::store::OffenesAngebot],
    ) -> (Pruefbericht, Importplan) {
        let mut offen_wartend: std::collections::HashSet<(String, String)> = wartend
            .iter()
            .map(|o| {
                let t = |f: &str| o.angaben.get(f).and_then(|v| v.as_str()).unwrap_or("").to_string();
                (t("kategorie"), schluessel(&t("name")))
            })
            .collect();
        let datei = auftrag.datei.as_str();
        let mut probleme = Vec::new();
        let mut spalten: HashMap<&'static str, String> = HashMap::new();
        let mut weitere = Vec::new();
        for s in e.spalten.iter().filter(|s| !s.is_empty()) {
            match feld_der_spalte(s) {
                Some(f) if spalten.contains_key(f) => probleme.push(Importproblem {
                    datei: datei.to_string(),
                    zeile: None,
                    spalte: Some(s.clone()),
                    grund: format!("Die Spalten „{}“ und „{s}“ meinen beide „{f}“; bitte eine entfernen", spalten[f]),
                }),
                Some(f) => {
                    spalten.insert(f, s.clone());
                }
                None => weitere.push(s.clone()),
            }
        }
        if !spalten.contains_key("id") {
            for pflicht in ["kategorie", "name"] {
                if !spalten.contains_key(pflicht) {
                    probleme.push(Importproblem {
                        datei: datei.to_string(),
                        zeile: None,
                        spalte: None,
                        grund: format!(
                            "Die Spalte „{pflicht}“ fehlt; ohne „id“ braucht jede Zeile kategorie und name. Vorhanden: {}",
                            e.spalten.join(", ")
                        ),
                    });
                }
            }
        }
        if e.zeilen.is_empty() {
            probleme.push(Importproblem {
                datei: datei.to_string(),
                zeile: None,
                spalte: None,
                grund: "Die Datei enthält keine Datensätze (nur die Kopfzeile)".into(),
            });
        }
        let nach_id: HashMap<&str, &Angebotssatz> = gespeichert.iter().map(|a| (a.id.as_str(), a)).collect();
        let offen = |a: &Angebotssatz| a.gueltig_bis.as_deref().is_none_or(|b| b > auftrag.datum.as_str());
        let mut nach_name: HashMap<(String, String, String), Vec<&Angebotssatz>> = HashMap::new();
        for a in gespeichert.iter().filter(|a| offen(a)) {
            nach_name.entry((a.kategorie.clone(), schluessel(&a.name), a.ags.clone())).or_default().push(a);
        }
        let mut bericht = Pruefbericht {
            datei: datei.to_string(),
            format: e.format.name().to_string(),
            kodierung: e.kodierung.map(String::from),
            angewendet: false,
            anzahl: Importzahlen { zeilen: e.zeilen.len(), ..Default::default() },
            neu: Vec::new(),
            geaendert: Vec::new(),
            geschlossen: Vec::new(),
            ohne_lage: Vec::new(),
            probleme: Vec::new(),
        };
        let mut plan = Importplan { datei: datei.to_string(), ..Default::default() };
        let mut ids_der_datei: HashMap<String, String> = HashMap::new();
        let mut getroffen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut kategorien_der_datei = std::collections::BTreeSet::new();
        let mut vergeben: std::collections::HashSet<String> = nach_id.keys().map(|s| s.to_string()).collect();
        for z in &e.zeilen {
            let mut l =
                Zeilenleser { datei, zeile: z, spalten: &spalten, buchstaben: &e.buchstaben, probleme: &mut probleme };
            let Some(angaben) = self.zeile_lesen(&mut l, &weitere) else {
                continue;
            };
            let vorher = l.probleme.len();
            let ort = z.ort.clone();
            // The stored offer this row is about.
            let id = angaben.angaben.id.clone();
            if let Some(id) = &id
                && let Some(erste) = ids_der_datei.insert(id.clone(), ort.clone())
            {
                l.problem(Some("id"), format!("Die Kennung „{id}“ steht schon in {erste}; jede Kennung nur einmal"));
                continue;
            }
            let bestehend: Option<&Angebotssatz> = match &id {
                Some(id) => nach_id.get(id.as_str()).copied(),
                None => {
                    let k = angaben.angaben.kategorie.clone().unwrap_or_default();
                    let n = schluessel(angaben.angaben.name.as_deref().unwrap_or(""));
                    // Without a place (and without an AGS) a row matches by category and name
                    // in any Kommune: an imported row placed on the map meanwhile is that offer.
                    let treffer = match angaben.ags.clone() {
                        Some(ags) => nach_name.get(&(k, n, ags)).cloned(),
                        None => {
                            let alle: Vec<&Angebotssatz> = nach_name
                                .iter()
                                .filter(|((kk, nn, _), _)| *kk == k && *nn == n)
                                .flat_map(|(_, v)| v.iter().copied())
                                .collect();
                            (!alle.is_empty()).then_some(alle)
                        }
                    };
                    match treffer.as_deref() {
                        Some([a]) => Some(*a),
                        Some([_, ..]) => {
                            l.problem(
                                Some("name"),
                                "Mehrere offene Angebote dieser Kategorie heißen in dieser Kommune so; bitte die Spalte „id“ angeben".into(),
                            );
                            continue;
                        }
                        _ => None,
                    }
                }
            };
            if let Some(k) = angaben.angaben.kategorie.clone().or(bestehend.map(|a| a.kategorie.clone())) {
                kategorien_der_datei.insert(k);
            }
            match bestehend {
                Some(alt) => {
                    if !getroffen.insert(alt.id.clone()) {
                        l.problem(None, format!("Das Angebot „{}“ steht schon in einer früheren Zeile", alt.id));
                        continue;
                    }
                    let mut neu = alt.clone();
                    let mut a = angaben.angaben;
                    a.id = None;
                    if let Err(f) = self.anwenden(&mut neu, &a) {
                        l.problem(None, f.to_string());
                        continue;
                    }
                    merkmale_setzen(&mut neu, &angaben.merkmale);
                    if let Some(bis) = angaben.gueltig_bis {
                        neu.gueltig_bis = bis;
                    }
                    if let (Some(ab), Some(bis)) = (&neu.gueltig_ab, &neu.gueltig_bis)
                        && bis <= ab
                    {
                        l.problem(Some("gueltig_bis"), format!("{bis} liegt nicht nach dem Beginn ({ab})"));
                        continue;
                    }
                    if l.probleme.len() > vorher {
                        continue;
                    }
                    let felder = unterschiede(alt, &neu);
                    if felder.is_empty() {
                        bericht.anzahl.unveraendert += 1;
                        continue;
                    }
                    let schliesst = alt.gueltig_bis.is_none() && neu.gueltig_bis.is_some();
                    let eintrag =
                        Importaenderung { zeile: Some(ort), id: alt.id.clone(), name: neu.name.clone(), felder };
                    if schliesst {
                        bericht.geschlossen.push(eintrag);
                    } else {
                        bericht.geaendert.push(eintrag);
                    }
                    plan.geaendert.push((neu, alt.version, if schliesst { "geschlossen" } else { "geaendert" }));
                }
                None => {
                    let a = &angaben.angaben;
                    for (feld, fehlt) in [("kategorie", a.kategorie.is_none()), ("name", a.name.is_none())] {
                        if fehlt {
                            l.problem(
                                Some(feld),
                                format!("„{feld}“ fehlt; ein neues Angebot braucht kategorie und name"),
                            );
                        }
                    }
                    if l.probleme.len() > vorher {
                        continue;
                    }
                    if a.lon.is_none() {
                        let mut a = angaben.angaben;
                        a.merkmale =
                            Some(angaben.merkmale.iter().filter_map(|(k, v)| Some((k.clone(), v.clone()?))).collect());
                        let schon =
                            (a.kategorie.clone().unwrap_or_default(), schluessel(a.name.as_deref().unwrap_or("")));
                        bericht.ohne_lage.push(Importneu {
                            zeile: ort.clone(),
                            id: id.clone().unwrap_or_default(),
                            name: a.name.clone().unwrap_or_default(),
                            kategorie: a.kategorie.clone().unwrap_or_default(),
                            ags: String::new(),
                        });
                        // A row waiting from an earlier import of the same list waits once.
                        if offen_wartend.insert(schon) {
                            plan.ohne_lage.push((ort, serde_json::to_value(&a).unwrap_or_default()));
                        }
                        continue;
                    }
                    let mut neu = Angebotssatz::leer();
                    if let Err(f) = self.anwenden(&mut neu, a) {
                        l.problem(None, f.to_string());
                        continue;
                    }
                    merkmale_setzen(&mut neu, &angaben.merkmale);
                    neu.gueltig_ab = neu.gueltig_ab.or_else(|| Some(super::bestand::heute()));
                    neu.gueltig_bis = angaben.gueltig_bis.flatten();
                    if let (Some(ab), Some(bis)) = (&neu.gueltig_ab, &neu.gueltig_bis)
                        && bis <= ab
                    {
                        l.problem(Some("gueltig_bis"), format!("{bis} liegt nicht nach dem Beginn ({ab})"));
                        continue;
                    }
                    neu.id = match id {
                        Some(id) => id,
                        None => freie_kennung(&format!("{}-{}", neu.kategorie, kennung_aus(&neu.name)), &vergeben),
                    };
                    vergeben.insert(neu.id.clone());
                    bericht.neu.push(Importneu {
                        zeile: ort,
                        id: neu.id.clone(),
                        name: neu.name.clone(),
                        kategorie: neu.kategorie.clone(),
                        ags: neu.ags.clone(),
                    });
                    plan.neu.push(neu);
                }
            }
        }
        if auftrag.fehlende_schliessen {
            for a in gespeichert.iter().filter(|a| offen(a) && kategorien_der_datei.contains(&a.kategorie)) {
                if getroffen.contains(&a.id) {
                    continue;
                }
                if a.gueltig_ab.as_deref().is_some_and(|ab| auftrag.datum.as_str() <= ab) {
                    probleme.push(Importproblem {
                        datei: datei.to_string(),
                        zeile: None,
                        spalte: None,
                        grund: format!(
                            "Das Angebot „{}“ fehlt in der Datei, beginnt aber erst {}; es lässt sich nicht zum {} schließen",
                            a.id,
                            a.gueltig_ab.as_deref().unwrap_or(""),
                            auftrag.datum
                        ),
                    });
                    continue;
                }
                let mut neu = a.clone();
                neu.gueltig_bis = Some(auftrag.datum.clone());
                bericht.geschlossen.push(Importaenderung {
                    zeile: None,
                    id: a.id.clone(),
                    name: a.name.clone(),
                    felder: unterschiede(a, &neu),
                });
                plan.geaendert.push((neu, a.version, "geschlossen"));
            }
        }
        bericht.probleme = probleme;
        bericht.anzahl.neu = bericht.neu.len();
        bericht.anzahl.geaendert = bericht.geaendert.len();
        bericht.anzahl.geschlossen = bericht.geschlossen.len();
        bericht.anzahl.ohne_lage = bericht.ohne_lage.len();
        bericht.anzahl.probleme = bericht.probleme.len();
        (bericht, plan)
    }

    /// Reads the fields of a row; `None` when a field is unreadable (the problem is recorded).
    fn zeile_lesen(&self, l: &mut Zeilenleser<'_>, weitere: &[String]) -> Option<Zeilenangaben> {
        let vorher = l.probleme.len();
        let mut a = Angebotsangaben::default();
        let leer_zu_none = |t: Option<String>| t.filter(|t| !t.is_empty());
        if let Some(id) = leer_zu_none(l.text("id")) {
            let k = kennung_aus(&id);
            if k.is_empty() || k != id {
                l.problem(
                    Some("id"),
                    format!("„{}“ ist keine gültige Kennung; erlaubt sind Kleinbuchstaben, Ziffern und Bindestriche, z. B. {k}", kuerzen(&id)),
                );
            }
            a.id = Some(id);
        }
        a.kategorie = leer_zu_none(l.text("kategorie"));
        if let Some(k) = &a.kategorie
            && self.atlas.kategorie(k).is_none()
        {
            let ids: Vec<&str> = self.atlas.kategorien.iter().map(|c| c.id.as_str()).collect();
            l.problem(
                Some("kategorie"),
                format!("unbekannte Kategorie „{}“; vorhanden: {}", kuerzen(k), ids.join(", ")),
            );
        }
        a.name = leer_zu_none(l.text("name"));
        a.traeger = l.text("traeger");
        a.strasse = l.text("strasse");
        a.plz = l.text("plz");
        a.ort = l.text("ort");
        a.quelle = l.text("quelle");
        if let Some(b) = leer_zu_none(l.text("beispiel")) {
            match ja_nein(&b) {
                Some(b) => a.beispiel = Some(b),
                None => l.problem(Some("beispiel"), format!("„{}“: erwartet ja oder nein", kuerzen(&b))),
            }
        }
        let mut tage = [None, None];
        for (i, feld) in ["gueltig_ab", "gueltig_bis"].into_iter().enumerate() {
            // An empty cell keeps the stored day (a new offer starts today, an open one stays
            // open): re-importing a list changes nothing.
            if let Some(t) = l.text(feld).filter(|t| !t.is_empty()) {
                match tag(&t) {
                    Some(d) => tage[i] = Some(Some(d)),
                    None => l.problem(
                        Some(feld),
                        format!("„{}“ ist kein Datum; erwartet 2026-12-31 oder 31.12.2026", kuerzen(&t)),
                    ),
                }
            }
        }
        a.gueltig_ab = tage[0].clone().map(Option::unwrap_or_default);
        let merkmale = weitere.iter().map(|s| (s.clone(), l.zeile.felder.get(s).cloned())).collect();
        // The place: from the geometry, else from lon/lat.
        let lage = match l.zeile.lage {
            Some(p) => Some(p),
            None => {
                let lon = leer_zu_none(l.text("lon"));
                let lat = leer_zu_none(l.text("lat"));
                match (lon, lat) {
                    (None, None) => None,
                    (Some(lon), Some(lat)) => match (zahl(&lon), zahl(&lat)) {
                        (Some(x), Some(y)) => Some((x, y)),
                        (x, _) => {
                            let (feld, t) = if x.is_none() { ("lon", lon) } else { ("lat", lat) };
                            l.problem(
                                Some(feld),
                                format!("„{}“ ist keine Zahl; erwartet z. B. 8,2905 oder 8.2905", kuerzen(&t)),
                            );
                            None
                        }
                    },
                    (lon, _) => {
                        let fehlt = if lon.is_none() { "lon" } else { "lat" };
                        l.problem(Some(fehlt), "Koordinate fehlt; lon und lat nur zusammen (oder beide leer lassen und die Lage später auf der Karte setzen)".into());
                        None
                    }
                }
            }
        };
        let ags_der_zeile = leer_zu_none(l.text("ags"));
        let mut ags = None;
        if let Some((lon, lat)) = lage {
            match self.lage_pruefen(lon, lat) {
                Ok(k) => {
                    let kommune = &self.atlas.kommunen[k];
                    ags = Some(kommune.ags.to_string());
                    if let Some(g) = &ags_der_zeile
                        && g != &kommune.ags.to_string()
                    {
                        let genannt = self.atlas.kommunen.iter().find(|k| k.ags.to_string() == *g);
                        l.problem(
                            Some("ags"),
                            match genannt {
                                Some(n) => format!(
                                    "AGS {g} ({}) passt nicht zur Lage: {lon} / {lat} liegt in {} (AGS {})",
                                    n.name, kommune.name, kommune.ags
                                ),
                                None => format!("AGS „{}“ ist keine Kommune des Kreises", kuerzen(g)),
                            },
                        );
                    }
                    (a.lon, a.lat) = (Some(lon), Some(lat));
                }
                Err(grund) => {
                    let feld = if l.zeile.lage.is_some() { None } else { Some("lon") };
                    l.problem(feld, grund);
                }
            }
        } else if let Some(g) = &ags_der_zeile {
            match self.atlas.kommunen.iter().find(|k| k.ags.to_string() == *g) {
                Some(_) => ags = Some(g.clone()),
                None => l.problem(Some("ags"), format!("AGS „{}“ ist keine Kommune des Kreises", kuerzen(g))),
            }
        }
        if l.probleme.len() > vorher {
            return None;
        }
        Some(Zeilenangaben { angaben: a, gueltig_bis: tage[1].clone(), ags, merkmale })
    }

    /// The Kommune of a place, or why the place is wrong (outside, swapped, metres).
    fn lage_pruefen(&self, lon: f64, lat: f64) -> Result<usize, String> {
        let kommune = |lon: f64, lat: f64| {
            crate::spatial::lonlat_pruefen(lon, lat)
                .ok()
                .and_then(|p: LonLat| utm32_von_lonlat(p).ok())
                .and_then(|p| self.atlas.kommune_an(p))
        };
        if lon.abs() > 180.0 || lat.abs() > 90.0 {
            return Err(format!(
                "{lon} / {lat} sind keine Längen- und Breitengrade (WGS84); Meterkoordinaten (z. B. EPSG:25832) bitte vorher umrechnen"
            ));
        }
        if let Some(k) = kommune(lon, lat) {
            return Ok(k);
        }
        if kommune(lat, lon).is_some() {
            return Err(format!(
                "lon {lon} und lat {lat} sind vertauscht: die Lage {lat} / {lon} läge im Kreis (lon ist die Länge, im Kreis um 8, lat die Breite, um 50)"
            ));
        }
        Err(format!("{lon} / {lat} liegt außerhalb des Kreises (keine seiner Kommunen)"))
    }
}

/// The imported offers waiting to be placed on the map.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OffeneAngebote {
    /// How many.
    pub anzahl: usize,
    /// Oldest first.
    pub angebote: Vec<crate::store::OffenesAngebot>,
}

impl Dienst {
    /// The imported offers without a place.
    pub fn offene_angebote(&self) -> Ergebnis<OffeneAngebote> {
        let angebote = self.speicher()?.offene_angebote()?;
        Ok(OffeneAngebote { anzahl: angebote.len(), angebote })
    }

    /// Places waiting offer `nr`: its imported fields, overridden by `f` (which must give
    /// `lon` and `lat`), become a new offer, and the entry goes – as one transaction.
    pub fn offenes_setzen(&self, nr: i64, f: &Angebotsangaben, wer: &str) -> Ergebnis<Angebotssatz> {
        let speicher = self.speicher()?;
        let eintrag = speicher
            .offene_angebote()?
            .into_iter()
            .find(|o| o.nr == nr)
            .ok_or_else(|| Anfragefehler::nicht_gefunden(format!("Ein offenes Angebot Nr. {nr} gibt es nicht")))?;
        let importiert: Angebotsangaben = serde_json::from_value(eintrag.angaben).map_err(Anfragefehler::intern)?;
        let a = self.neues_angebot(&importiert.ergaenzt_um(f))?;
        Ok(speicher.offenes_setzen(nr, &a, wer)?)
    }

    /// Drops waiting offer `nr`.
    pub fn offenes_verwerfen(&self, nr: i64) -> Ergebnis<()> {
        Ok(self.speicher()?.offenes_verwerfen(nr)?)
    }
}

fn plan_leer(p: &Importplan) -> bool {
    p.neu.is_empty() && p.geaendert.is_empty() && p.ohne_lage.is_empty()
}

/// `basis`, or `basis-2`, `basis-3` … whichever is free.
fn freie_kennung(basis: &str, vergeben: &std::collections::HashSet<String>) -> String {
    let mut id = basis.to_string();
    let mut n = 2;
    while vergeben.contains(&id) {
        id = format!("{basis}-{n}");
        n += 1;
    }
    id
}

/// The fields in which two records differ (places closer than about 1 cm count as equal).
fn unterschiede(alt: &Angebotssatz, neu: &Angebotssatz) -> Vec<Feldaenderung> {
    let mut aus = Vec::new();
    let mut feld = |name: &str, a: String, b: String| {
        if a != b {
            aus.push(Feldaenderung { feld: name.to_string(), vorher: a, nachher: b });
        }
    };
    feld("kategorie", alt.kategorie.clone(), neu.kategorie.clone());
    feld("name", alt.name.clone(), neu.name.clone());
    feld("traeger", alt.traeger.clone(), neu.traeger.clone());
    feld("strasse", alt.strasse.clone(), neu.strasse.clone());
    feld("plz", alt.plz.clone(), neu.plz.clone());
    feld("ort", alt.ort.clone(), neu.ort.clone());
    feld("ags", alt.ags.clone(), neu.ags.clone());
    if (alt.lon - neu.lon).abs() > 1e-7 || (alt.lat - neu.lat).abs() > 1e-7 {
        feld("lage", format!("{} / {}", alt.lon, alt.lat), format!("{} / {}", neu.lon, neu.lat));
    }
    let jn = |b: bool| if b { "ja" } else { "nein" }.to_string();
    feld("beispiel", jn(alt.beispiel), jn(neu.beispiel));
    feld("quelle", alt.quelle.clone(), neu.quelle.clone());
    let m = |m: &BTreeMap<String, String>| m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    feld("merkmale", m(&alt.merkmale), m(&neu.merkmale));
    feld("gueltig_ab", alt.gueltig_ab.clone().unwrap_or_default(), neu.gueltig_ab.clone().unwrap_or_default());
    feld("gueltig_bis", alt.gueltig_bis.clone().unwrap_or_default(), neu.gueltig_bis.clone().unwrap_or_default());
    aus
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_days_and_column_names_are_read_as_people_write_them() {
        assert_eq!(zahl("8,2905"), Some(8.2905));
        assert_eq!(zahl(" 50.75 "), Some(50.75));
        assert_eq!(zahl("8,2,1"), None);
        assert_eq!(zahl("1.234,5"), Some(1234.5));
        assert_eq!(tag("31.12.2025").as_deref(), Some("2025-12-31"));
        assert_eq!(tag("1.3.2026").as_deref(), Some("2026-03-01"));
        assert_eq!(tag("2026-02-30"), None);
        assert_eq!(feld_der_spalte("Träger"), Some("traeger"));
        assert_eq!(feld_der_spalte("Gültig ab"), Some("gueltig_ab"));
        assert_eq!(feld_der_spalte("Längengrad"), Some("lon"));
        assert_eq!(feld_der_spalte("Plätze"), None);
        assert_eq!(ja_nein("X"), Some(true));
    }
}

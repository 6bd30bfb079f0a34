//! Maps for committee papers: choropleths of indicators, need × supply and scenarios as
//! SVG pages (A4/A3), and as PNG at a chosen resolution.

use super::bedarf::{BEDARF_TEXT, VERSORGUNG_TEXT, prozent};
use super::indikatoren::{Choroplethe, KARTEN_PARAMETER, wert_text};
use super::parameter::{Ganz, OHNE_STEUERZEICHEN, Param, Parameter, Text, Wahl, Werte, kuerzen, unbekannte_kategorie};
use super::szenario::Szenariofrage;
use super::teile::zeigen;
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::analysis::ebenen::Ebene;
use crate::analysis::indikatoren::Herkunft;
use crate::model::Einheitsart;
use crate::render::{self, Eintrag, Kartengebiet, Karteninhalt, Ort, Papier, Seite};
use crate::spatial::multipolygon_nach_utm32;

/// The map of need × supply (parameters as `/api/bedarf-angebot`).
pub const BEDARF_ANSICHT: &str = "bedarf-angebot";
/// The map of a scenario (`plan`, `weg`, `darstellung` = nachher | differenz).
pub const SZENARIO_ANSICHT: &str = "szenario";

/// The area of a Kommune on a map.
pub(crate) fn kommune_flaeche(d: &Dienst, k: usize, farbe: String, gesperrt: bool) -> Kartengebiet {
    let km = &d.atlas.kommunen[k];
    Kartengebiet {
        grenze: km.grenze.clone(),
        name: km.name.clone(),
        farbe,
        gesperrt,
        eigenes_jugendamt: km.jugendamt != d.atlas.kreisjugendamt(),
    }
}

/// The legend of a choropleth: each class with its count, then the hatched class of hidden
/// values and "keine Angabe" where there are such units.
pub(crate) fn legendeneintraege(k: &crate::analysis::indikatoren::Karte) -> Vec<Eintrag> {
    let mut legende: Vec<Eintrag> = k
        .klassen
        .iter()
        .map(|x| Eintrag { farbe: Some(x.farbe.clone()), text: format!("{} ({})", x.bezeichnung, x.anzahl) })
        .collect();
    if k.anzahl_datenschutz > 0 {
        legende
            .push(Eintrag { farbe: None, text: format!("nicht ausgewiesen (Datenschutz) ({})", k.anzahl_datenschutz) });
    }
    if k.anzahl_keine_angabe > 0 {
        legende.push(Eintrag {
            farbe: Some(crate::analysis::farben::FARBE_KEINE_ANGABE.into()),
            text: format!("keine Angabe ({})", k.anzahl_keine_angabe),
        });
    }
    legende
}

/// Need × supply as a map page: the 3 × 3 classes, need high rows first.
fn bedarf_inhalt(d: &Dienst, p: &Parameter, zugang: Zugang) -> Result<(Karteninhalt, String, String), Anfragefehler> {
    let a = &d.atlas;
    let b = d.bedarf_versorgung(p, zugang)?;
    let farben = crate::analysis::farben::bivariat();
    let mut flaechen = Vec::new();
    for x in &b.klassen {
        let farbe = match (x.bedarf, x.versorgung) {
            (Some(bd), Some(v)) => farben[usize::from(bd - 1)][usize::from(v - 1)].clone(),
            _ => crate::analysis::farben::FARBE_KEINE_ANGABE.to_string(),
        };
        // Without a class the area is hatched, as its legend entry: plain grey would read like
        // the light "all good" cell.
        let ohne_klasse = x.bedarf.is_none() || x.versorgung.is_none();
        flaechen.push(kommune_flaeche(d, x.kommune, farbe, ohne_klasse));
    }
    let mut legende = Vec::new();
    for bd in (1..=3u8).rev() {
        for v in 1..=3u8 {
            let n = b.klassen.iter().filter(|x| x.bedarf == Some(bd) && x.versorgung == Some(v)).count();
            legende.push(Eintrag {
                farbe: Some(farben[usize::from(bd - 1)][usize::from(v - 1)].clone()),
                text: format!("{}, {} ({n})", BEDARF_TEXT[usize::from(bd - 1)], VERSORGUNG_TEXT[usize::from(v - 1)]),
            });
        }
    }
    let ohne = b.klassen.iter().filter(|x| x.bedarf.is_none() || x.versorgung.is_none()).count();
    if ohne > 0 {
        legende.push(Eintrag {
            farbe: None,
            text: format!("keine Einstufung: Wert fehlt oder nicht ausgewiesen ({ohne})"),
        });
    }
    let kategorie = a.kategorie(&b.kat).map(|k| k.bezeichnung.clone()).unwrap_or_default();
    let mut vorrang: Vec<&crate::analysis::bedarf::BedarfAngebot> =
        b.klassen.iter().filter(|x| x.rang.is_some()).collect();
    vorrang.sort_by_key(|x| x.rang);
    let bis = b.frage.messung.bis_text(b.schwelle);
    let mut hinweise = vec![
        format!(
            "Bedarf: Drittel der Kommunen nach „{}“ ({}), gleiche Werte in derselben Stufe. Versorgung: Anteil {} {bis} \
             zum nächsten Angebot „{kategorie}“ – unter {} gering, bis unter {} mittel, ab {} gut.",
            b.ind.name,
            b.jahr,
            b.zielgruppe.bezeichnung(),
            prozent(b.grenzen[0]),
            prozent(b.grenzen[1]),
            prozent(b.grenzen[1])
        ),
        format!(
            "Entfernung: {}. Farben nach J. Stevens (2015): dunkel = hoher Bedarf bei geringer Versorgung.",
            b.frage.mass()
        ),
    ];
    if !vorrang.is_empty() {
        hinweise.push(format!(
            "Vorrang: {}",
            vorrang
                .iter()
                .take(6)
                .map(|x| format!("{}. {}", x.rang.unwrap_or(0), a.kommunen[x.kommune].name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if zugang.intern() {
        hinweise.push("INTERN – enthält nicht ausgewiesene Werte, nicht veröffentlichen.".into());
    }
    let beispiel = b.ind.beispiel || a.angebote.iter().any(|o| o.kategorie == b.kat && o.beispiel);
    let orte = Vec::new();
    let inhalt = Karteninhalt {
        flaechen,
        orte,
        legendentitel: format!(
            "Bedarf ({}) × Versorgung ({kategorie}, {})",
            b.ind.name,
            b.frage.messung.schwelle_text(b.schwelle)
        ),
        legende,
        hinweise,
        quelle: super::messung::quelle_mit_netz(
            a.quellen.berechnet(&format!("Bedarf: {}; Versorgung berechnet von sozialraum", b.ind.quelle)),
            &b.frage.messung,
        ),
        stand: match d.angebotsstand() {
            Some(a) => format!("{}; {a}", b.ind.stand),
            None => b.ind.stand.clone(),
        },
        beispiel,
        datenschutz: d.datenschutz.beschreibung(),
    };
    let titel = format!("Bedarf × Versorgung: {} ({}) und {kategorie}", b.ind.name, b.jahr);
    Ok((inhalt, titel, format!("{}, Kommunen", a.einheiten[a.kreis_einheit()].name)))
}

/// Classes of a scenario map: the share after the scenario, or the change in percentage points.
const SZENARIO_ANTEIL_GRENZEN: [f64; 4] = [0.2, 0.4, 0.6, 0.8];
/// Diverging colours of the change (ColorBrewer RdBu): losses red, gains blue.
const DIFFERENZ_FARBEN: [&str; 5] = ["#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"];
const DIFFERENZ_TEXT: [&str; 5] = [
    "Abnahme um mehr als 5 Prozentpunkte",
    "Abnahme bis 5 Prozentpunkte",
    "keine Änderung",
    "Zunahme bis 5 Prozentpunkte",
    "Zunahme um mehr als 5 Prozentpunkte",
];

/// A scenario as a map page.
fn szenario_inhalt(d: &Dienst, p: &Parameter, zugang: Zugang) -> Result<(Karteninhalt, String, String), Anfragefehler> {
    let a = &d.atlas;
    let differenz = match p.text("darstellung") {
        None | Some("nachher") => false,
        Some("differenz") => true,
        Some(t) => {
            return Err(Anfragefehler::ungueltig(format!(
                "Parameter „darstellung“ = „{}“: erlaubt sind nachher und differenz",
                kuerzen(t)
            )));
        }
    };
    let Szenariofrage { szenario: s, frage, .. } = Szenariofrage::aus_parametern(a, p)?;
    let kommunen = crate::analysis::ebenen::einheiten_der_ebene(a, Ebene::Kommune, 0);
    let r = crate::analysis::szenario::auswerten(a, &s, &frage, &kommunen, &d.datenschutz)
        .ok_or_else(|| unbekannte_kategorie(a, &s.kategorie))?;
    let blau = crate::analysis::farben::Palette::von_id("blues").map(|x| x.farben(5)).unwrap_or_default();
    let mut anzahl = [0usize; 5];
    let mut gesperrt_n = 0;
    let mut flaechen = Vec::new();
    for &e in &kommunen {
        let k = a.einheiten[e].mitglieder[0];
        let (v, n) = (&r.abdeckung_vorher[e], &r.abdeckung_nachher[e]);
        let zeigen = zeigen(v.status, zugang) && zeigen(n.status, zugang);
        let klasse = match (zeigen, v.anteil(0), n.anteil(0)) {
            (true, Some(vor), Some(nach)) if differenz => {
                let d = ((nach - vor) * 1000.0).round() / 10.0;
                Some(if d < -5.0 {
                    0
                } else if d < 0.0 {
                    1
                } else if d == 0.0 {
                    2
                } else if d <= 5.0 {
                    3
                } else {
                    4
                })
            }
            (true, _, Some(nach)) => Some(SZENARIO_ANTEIL_GRENZEN.iter().position(|g| nach <= *g).unwrap_or(4)),
            _ => None,
        };
        let farbe = match klasse {
            Some(i) if differenz => DIFFERENZ_FARBEN[i].to_string(),
            Some(i) => blau.get(i).cloned().unwrap_or_default(),
            None => crate::analysis::farben::FARBE_KEINE_ANGABE.to_string(),
        };
        match klasse {
            Some(i) => anzahl[i] += 1,
            None => gesperrt_n += 1,
        }
        flaechen.push(kommune_flaeche(d, k, farbe, klasse.is_none() && !zeigen));
    }
    let mut legende: Vec<Eintrag> = (0..5)
        .map(|i| {
            let (farbe, text) = if differenz {
                (DIFFERENZ_FARBEN[i].to_string(), DIFFERENZ_TEXT[i].to_string())
            } else {
                let von = if i == 0 { 0.0 } else { SZENARIO_ANTEIL_GRENZEN[i - 1] };
                let bis = SZENARIO_ANTEIL_GRENZEN.get(i).copied().unwrap_or(1.0);
                (
                    blau.get(i).cloned().unwrap_or_default(),
                    format!("{}{} bis {}", if i == 0 { "" } else { "über " }, prozent(von), prozent(bis)),
                )
            };
            Eintrag { farbe: Some(farbe), text: format!("{text} ({})", anzahl[i]) }
        })
        .collect();
    if gesperrt_n > 0 {
        legende.push(Eintrag { farbe: None, text: format!("nicht ausgewiesen (Datenschutz) ({gesperrt_n})") });
    }
    let kategorie = a.kategorie(&s.kategorie).map(|k| k.bezeichnung.clone()).unwrap_or_default();
    let kreis = a.kreis_einheit();
    let mut hinweise = vec![format!(
        "{}: {} → {} {} ({}).",
        a.einheiten[kreis].name,
        r.abdeckung_vorher[kreis].anteil(0).map(prozent).unwrap_or_else(|| "–".into()),
        r.abdeckung_nachher[kreis].anteil(0).map(prozent).unwrap_or_else(|| "–".into()),
        frage.messung.bis_text(frage.schwellen[0]),
        frage.mass()
    )];
    for (i, h) in s.hinzu.iter().enumerate() {
        let wo =
            a.kommune_an(h.pos).map(|k| a.kommunen[k].name.clone()).unwrap_or_else(|| "außerhalb des Kreises".into());
        hinweise.push(format!(
            "S{}: geplantes Angebot bei {} / {} ({wo})",
            i + 1,
            crate::model::deutsch::zahl(h.lage.lon, 4),
            crate::model::deutsch::zahl(h.lage.lat, 4)
        ));
    }
    for (n, &i) in s.weg.iter().enumerate() {
        hinweise.push(format!("G{}: geschlossen: {}", n + 1, a.angebote[i].name));
    }
    if zugang.intern() {
        hinweise.push("INTERN – enthält nicht ausgewiesene Werte, nicht veröffentlichen.".into());
    }
    let was = if differenz { "Änderung durch das Szenario" } else { "Versorgungsgrad nach dem Szenario" };
    // Planned places (S1, S2 … as in the legend notes) and closed offers, marked on the map.
    let orte = s
        .hinzu
        .iter()
        .enumerate()
        .map(|(i, h)| Ort { x: h.pos.x, y: h.pos.y, text: format!("S{}", i + 1), geschlossen: false })
        .chain(s.weg.iter().enumerate().map(|(n, &i)| {
            let o = &a.angebote[i];
            Ort { x: o.pos.x, y: o.pos.y, text: format!("G{}", n + 1), geschlossen: true }
        }))
        .collect();
    let inhalt = Karteninhalt {
        flaechen,
        orte,
        legendentitel: format!(
            "{was}: {} {}",
            frage.zielgruppe.bezeichnung(),
            frage.messung.bis_text(frage.schwellen[0])
        ),
        legende,
        hinweise,
        quelle: super::messung::quelle_mit_netz(
            a.quellen.berechnet("Szenario (nicht Bestand), berechnet von sozialraum"),
            &frage.messung,
        ),
        stand: format!(
            "{} mit den Änderungen des Szenarios",
            d.angebotsstand().unwrap_or_else(|| crate::analysis::abgeleitet::ANGEBOTE_DATENSATZ.into())
        ),
        beispiel: a.angebote.iter().any(|o| o.kategorie == s.kategorie && o.beispiel),
        datenschutz: d.datenschutz.beschreibung(),
    };
    Ok((inhalt, format!("Szenario: {kategorie}"), format!("{was}, {}, Kommunen", a.einheiten[kreis].name)))
}

/// Longest title or subtitle, characters.
pub const MAX_TITEL: usize = 200;

/// Resolution of PNG maps unless `dpi` says otherwise.
pub const STANDARD_DPI: usize = 150;

fn inhalt(d: &Dienst, c: &Choroplethe, zugang: Zugang) -> Result<Karteninhalt, Anfragefehler> {
    let a = &d.atlas;
    let mut flaechen = Vec::new();
    for w in &c.karte.werte {
        let e = &a.einheiten[w.einheit];
        let grenze = if e.art == Einheitsart::Kommune {
            a.kommunen[e.mitglieder[0]].grenze.clone()
        } else {
            multipolygon_nach_utm32(a.einheit_grenze(w.einheit)).map_err(Anfragefehler::intern)?
        };
        flaechen.push(Kartengebiet {
            grenze,
            name: e.name.clone(),
            farbe: w.farbe.clone(),
            gesperrt: w.wert.status.gesperrt() && w.wert.wert.is_none(),
            eigenes_jugendamt: e.art == Einheitsart::Kommune
                && a.kommunen[e.mitglieder[0]].jugendamt != a.kreisjugendamt(),
        });
    }
    let k = &c.karte;
    let legende = legendeneintraege(k);
    let mut hinweise = Vec::new();
    if let Some((e, w)) = c.referenz {
        hinweise.push(format!(
            "Vergleichswert {}: {}",
            a.einheiten[e].name,
            wert_text(w.wert, k.stellen, &c.ind.masseinheit)
        ));
    }
    hinweise.push(format!(
        "Klassen: {}; Farben: {}{}",
        c.methode.bezeichnung(),
        c.palette.bezeichnung,
        if c.palette.farbenblind_geeignet { " (farbenblind-geeignet)" } else { "" }
    ));
    if c.ebene != Ebene::Kommune {
        let naeherung = k.werte.iter().any(|w| w.wert.herkunft == Herkunft::GewichtetesMittel);
        hinweise.push(
            if naeherung { Herkunft::GewichtetesMittel } else { Herkunft::QuoteDerSummen }
                .bezeichnung(c.ind.gewicht)
                .into(),
        );
    }
    hinweise.push("Gestrichelt umrandet: Kommune mit eigenem Jugendamt.".into());
    if zugang.intern() {
        hinweise.push("INTERN – enthält nicht ausgewiesene Werte, nicht veröffentlichen.".into());
    }
    let schema = a.regionsschemata.get(c.schema);
    Ok(Karteninhalt {
        flaechen,
        orte: Vec::new(),
        legendentitel: format!("{} ({})", c.ind.name, c.jahr),
        legende,
        hinweise,
        quelle: format!("{}; {}", c.ind.quelle, a.quellen.text("grenzen")),
        stand: c.ind.stand.clone(),
        beispiel: c.ind.beispiel || (c.ebene == Ebene::Region && schema.is_some_and(|s| s.beispiel)),
        datenschutz: d.datenschutz.beschreibung(),
    })
}

/// `format`: paper size.
pub const PAPIER: Wahl = Wahl {
    name: "format",
    werte: Werte::Fest(&["A4", "A3"]),
    standard: Some("A4"),
    pflicht: false,
    text: "Papierformat",
};
/// `ausrichtung`: landscape or portrait.
pub const AUSRICHTUNG: Wahl = Wahl {
    name: "ausrichtung",
    werte: Werte::Fest(&["quer", "hoch"]),
    standard: Some("quer"),
    pflicht: false,
    text: "Seitenausrichtung",
};
/// `dpi`: resolution of PNG maps.
pub const DPI: Ganz =
    Ganz {
        name: "dpi", min: 72, max: 300, standard: STANDARD_DPI, text: "Auflösung der PNG-Karte in Punkten je Zoll"
    };
/// `titel` of the page.
pub const TITEL: Text = Text {
    name: "titel",
    max_laenge: Some(MAX_TITEL),
    muster: Some(OHNE_STEUERZEICHEN),
    format: None,
    text: "Titel der Karte (ohne Steuerzeichen)",
};
/// `untertitel` of the page.
pub const UNTERTITEL: Text = Text {
    name: "untertitel",
    max_laenge: Some(MAX_TITEL),
    muster: Some(OHNE_STEUERZEICHEN),
    format: None,
    text: "Untertitel der Karte (ohne Steuerzeichen)",
};
/// `darstellung` of the scenario map.
pub const DARSTELLUNG: Wahl = Wahl {
    name: "darstellung",
    werte: Werte::Fest(&["nachher", "differenz"]),
    standard: Some("nachher"),
    pflicht: false,
    text: "Szenario-Karte: Versorgungsgrad nach dem Szenario oder Änderung",
};

/// The parameters of the page itself, for every kind of map.
pub const SEITEN_PARAMETER: [Param; 6] = [
    Param::Wahl(&PAPIER),
    Param::Wahl(&AUSRICHTUNG),
    Param::Ganz(&DPI),
    Param::Text(&TITEL),
    Param::Text(&UNTERTITEL),
    Param::Text(&super::parameter::STAND),
];

/// The parameters each kind of map takes besides those of the page.
pub fn ansicht_parameter(ansicht: &str) -> Vec<Param> {
    let eigene: &[Param] = match ansicht {
        BEDARF_ANSICHT => &super::bedarf::PARAMETER,
        SZENARIO_ANSICHT => &SZENARIO_PARAMETER,
        _ => &KARTEN_PARAMETER,
    };
    SEITEN_PARAMETER.iter().chain(eigene).copied().collect()
}

const SZENARIO_PARAMETER: [Param; 9] = {
    let s = super::szenario::KARTEN_PARAMETER;
    [s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], Param::Wahl(&DARSTELLUNG)]
};

const INDIKATOR_OPTIONAL: Wahl = Wahl { pflicht: false, ..super::bedarf::INDIKATOR };

/// Every parameter a map request may give (for the description of the route). What one kind
/// of map requires is optional for the route as a whole.
pub fn alle_parameter() -> Vec<Param> {
    let mut v: Vec<Param> = Vec::new();
    let optional = |p: Param| match p {
        Param::Wahl(w) if w.pflicht && w.name == "indikator" => Param::Wahl(&INDIKATOR_OPTIONAL),
        Param::Wahl(w) if w.pflicht && w.name == "kategorie" => Param::Wahl(&super::parameter::KATEGORIE),
        p => p,
    };
    for a in ["", BEDARF_ANSICHT, SZENARIO_ANSICHT] {
        for p in ansicht_parameter(a).into_iter().map(optional) {
            if !v.iter().any(|x| x.name() == p.name()) {
                v.push(p);
            }
        }
    }
    v
}

/// A map page, ready to be written as SVG or drawn as PNG.
#[derive(Debug, Clone)]
pub struct Kartenauftrag {
    /// The page as SVG.
    pub svg: String,
    /// Paper and titles.
    pub seite: Seite,
    /// Resolution of the PNG.
    pub dpi: usize,
    /// PNG asked for (else SVG).
    pub png: bool,
}

impl Kartenauftrag {
    /// The PNG of the page (CPU-heavy: seconds for A3 at 300 dpi; call outside async code).
    pub fn png(&self) -> Ergebnis<Vec<u8>> {
        let (b, h) = self.seite.pixel(self.dpi as f64);
        render::png(&self.svg, b, h, self.dpi).map_err(Anfragefehler::intern)
    }

    /// The media type of the file.
    pub fn medientyp(&self) -> &'static str {
        if self.png { "image/png" } else { "image/svg+xml; charset=utf-8" }
    }
}

impl Dienst {
    /// The map `datei` (`{ansicht}.svg` or `{ansicht}.png`) as a request asks for it.
    pub fn karte(&self, datei: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Kartenauftrag> {
        let (ansicht, png) = match (datei.strip_suffix(".svg"), datei.strip_suffix(".png")) {
            (Some(a), _) => (a, false),
            (_, Some(a)) => (a, true),
            _ => {
                return Err(Anfragefehler::ungueltig(format!(
                    "„{}“: erwartet Ansicht.svg oder Ansicht.png, z. B. kinderarmut.svg",
                    kuerzen(datei)
                )));
            }
        };
        p.nur(&ansicht_parameter(ansicht)).map_err(|e| e.mit_vorsatz(&format!("Karte „{}“: ", kuerzen(ansicht))))?;
        let papier: Papier = p.wahl_mit_standard(&PAPIER)?;
        let hoch = p.wahl_mit_standard::<Ausrichtung>(&AUSRICHTUNG)? == Ausrichtung::Hoch;
        let dpi = p.ganz(&DPI)?;
        let titel = p.freitext(&TITEL)?.map(String::from);
        let untertitel = p.freitext(&UNTERTITEL)?.map(String::from);
        let kreis = &self.atlas.einheiten[self.atlas.kreis_einheit()].name;
        let (karteninhalt, t, u) = match ansicht {
            BEDARF_ANSICHT => bedarf_inhalt(self, p, zugang)?,
            SZENARIO_ANSICHT => szenario_inhalt(self, p, zugang)?,
            _ => {
                if !self.verzeichnis.ansichten.iter().any(|x| x == ansicht) {
                    return Err(Anfragefehler::nicht_gefunden(format!(
                        "Eine Karte „{}“ gibt es nicht; vorhanden: {}, {BEDARF_ANSICHT}, {SZENARIO_ANSICHT}",
                        kuerzen(ansicht),
                        self.verzeichnis.ansichten.join(", ")
                    )));
                }
                let c = self.choroplethe(ansicht, p, zugang)?;
                let ebene = if c.ebene == Ebene::Region { "Regionen" } else { "Kommunen" };
                (inhalt(self, &c, zugang)?, format!("{} ({})", c.ind.name, c.jahr), format!("{kreis}, {ebene}"))
            }
        };
        let seite = Seite { papier, hoch, titel: titel.unwrap_or(t), untertitel: untertitel.unwrap_or(u) };
        let svg = render::svg(&karteninhalt, &seite);
        Ok(Kartenauftrag { svg, seite, dpi, png })
    }
}

/// Landscape or portrait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ausrichtung {
    Quer,
    Hoch,
}

impl std::str::FromStr for Ausrichtung {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "quer" => Ok(Ausrichtung::Quer),
            "hoch" => Ok(Ausrichtung::Hoch),
            t => Err(format!("„{}“: erlaubt sind quer und hoch", kuerzen(t))),
        }
    }
}

//! Standortvorschlag: "where should the next k offers of a category go so that most people of
//! the target group live within the threshold of one?" – the existing offers fixed, candidate
//! sites from the 100 m grid, the population points, the Kommune seats or a list. The sites
//! come in the order of their gains, each with what it adds after the ones before (the same
//! figure the scenario reports when it is added there), and the coverage curve shows how the
//! gains shrink.

use schemars::JsonSchema;
use serde::Serialize;

use super::indikatoren::{jahr_aus, kreiswert};
use super::messung::{MASS, MINUTE, Massangabe};
use super::parameter::{
    Ganz, KATEGORIE_PFLICHT, Param, Parameter, SCHWELLE, STAND, Text, UMWEGFAKTOR, Verzeichnis, Wahl, Werte,
    ZIELGRUPPE, kuerzen,
};
use super::teile::{Datenschutzangabe, Kategorieangabe, Zielgruppenangabe, gerundet, zeigen};
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::analysis::abdeckung::{Abdeckungsfrage, abdeckung};
use crate::analysis::indikatoren::einheitswerte;
use crate::analysis::standorte::{Bedarfspunkt, Deckung, deckt, greedy, vorschlagen};
use crate::model::Polaritaet;
use crate::spatial::{LonLat, Utm32, lonlat_pruefen, utm32_nach_lonlat, utm32_von_lonlat};

/// Most sites asked for.
pub const MAX_ANZAHL: usize = 20;
/// The curve reaches at least this many sites.
pub const KURVE_MINDESTENS: usize = 10;
/// Most sites of a given list.
pub const MAX_ORTE: usize = 2000;

/// `anzahl`: how many sites.
pub const ANZAHL: Ganz =
    Ganz { name: "anzahl", min: 1, max: MAX_ANZAHL, standard: 3, text: "Anzahl der vorgeschlagenen Standorte" };
/// The kinds of candidate sites.
const KANDIDATENARTEN: &[&str] = &["zellen", "bevoelkerung", "sitze", "orte"];
/// `kandidaten`: where sites may go.
pub const KANDIDATEN: Wahl = Wahl {
    name: "kandidaten",
    werte: Werte::Fest(KANDIDATENARTEN),
    standard: Some("zellen"),
    pflicht: false,
    text: "mögliche Standorte: zellen (Mittelpunkte der 100-m-Zellen im Kreis), bevoelkerung (Bevölkerungspunkte der \
           Zielgruppe), sitze (Sitze der Kommunen), orte (die Liste in orte=…)",
};
/// `orte`: a list of given sites.
pub const ORTE: Text = Text {
    name: "orte",
    max_laenge: None,
    muster: Some(r"^(-?\d+(\.\d+)?,-?\d+(\.\d+)?)(;-?\d+(\.\d+)?,-?\d+(\.\d+)?)*$"),
    format: None,
    text: "mögliche Standorte bei kandidaten=orte: Länge,Breite (WGS84), mehrere durch Semikolon getrennt",
};
fn bedarfsindikatoren(v: &Verzeichnis) -> Vec<String> {
    v.bedarfsindikatoren.clone()
}
/// `gewicht`: a need indicator weighting people by the need of their Kommune.
pub const GEWICHT: Wahl = Wahl {
    name: "gewicht",
    werte: Werte::Daten(bedarfsindikatoren),
    standard: None,
    pflicht: false,
    text: "Bedarfsindikator: Personen zählen mit dem Wert ihrer Kommune geteilt durch den Kreiswert (neuestes Jahr)",
};
/// The parameters of `/api/standortvorschlag`.
pub const PARAMETER: &[Param] = &[
    Param::Wahl(&KATEGORIE_PFLICHT),
    Param::Wahl(&ZIELGRUPPE),
    Param::Zahl(&SCHWELLE),
    Param::Ganz(&ANZAHL),
    Param::Wahl(&KANDIDATEN),
    Param::Text(&ORTE),
    Param::Wahl(&GEWICHT),
    Param::Wahl(&MASS),
    Param::Zahlen(&MINUTE),
    Param::Zahl(&UMWEGFAKTOR),
    Param::Text(&STAND),
];

/// Coverage of an area: persons within the threshold and their share.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct Stand {
    /// Persons of the target group within the threshold (population surface).
    pub versorgt: Option<f64>,
    /// Their share (0 … 1).
    pub anteil: Option<f64>,
}

/// A proposed site.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Standort {
    /// Rank (1 = largest gain).
    pub rang: usize,
    /// Longitude (WGS84).
    pub lon: f64,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Easting (EPSG:25832), metres.
    pub x_25832: f64,
    /// Northing (EPSG:25832), metres.
    pub y_25832: f64,
    /// AGS of its Kommune.
    pub ags: Option<String>,
    /// Name of its Kommune.
    pub kommune: Option<String>,
    /// Persons newly within the threshold when this site is added after the ones before.
    pub neu_versorgt: f64,
    /// The same weighted by need (with `gewicht`; else equal to `neu_versorgt`).
    pub gewinn: f64,
    /// Coverage of the Kreis with the sites up to this one.
    pub kreis: Stand,
    /// Coverage of the site's Kommune with the sites up to this one (`null` where hidden).
    pub kommune_versorgung: Stand,
}

/// A point of the coverage curve.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Kurvenpunkt {
    /// Number of new sites.
    pub anzahl: usize,
    /// Persons within the threshold in the Kreis.
    pub versorgt: f64,
    /// Their share.
    pub anteil: f64,
    /// What the last site added.
    pub zuwachs: f64,
}

/// The candidates used.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Kandidatenangabe {
    /// zellen, bevoelkerung, sitze or orte.
    pub art: &'static str,
    /// How many.
    pub anzahl: usize,
    /// What they are.
    pub beschreibung: &'static str,
}

/// The need weighting.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Gewichtsangabe {
    /// Indicator id.
    pub indikator: String,
    /// Its name.
    pub name: String,
    /// Year.
    pub jahr: i32,
    /// How persons are weighted.
    pub regel: String,
}

/// The answer of `/api/standortvorschlag`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Standortvorschlag {
    /// The category.
    pub kategorie: Kategorieangabe,
    /// The target group.
    pub zielgruppe: Zielgruppenangabe,
    /// Threshold in metres (a question in metres).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schwelle_m: Option<f64>,
    /// Threshold in minutes (a question in minutes on the network).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schwelle_min: Option<f64>,
    /// Factor on the straight-line distance (1 on the network).
    pub umwegfaktor: f64,
    /// How distance is measured.
    #[serde(flatten)]
    pub mass: Massangabe,
    /// The candidate sites.
    pub kandidaten: Kandidatenangabe,
    /// The need weighting (`null`: persons count alike).
    pub gewicht: Option<Gewichtsangabe>,
    /// Coverage of the Kreis with the existing offers.
    pub vorher: Stand,
    /// The proposed sites, largest gain first.
    pub standorte: Vec<Standort>,
    /// Coverage of the Kreis with 0, 1, 2 … new sites (the proposed ones, then further ones
    /// chosen greedily), to show the diminishing returns.
    pub kurve: Vec<Kurvenpunkt>,
    /// How the sites were found.
    pub verfahren: String,
    /// Fewer sites than asked: no further one would reach anyone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hinweis: Option<String>,
    /// The data-protection rule.
    pub datenschutz: Datenschutzangabe,
}

/// The candidate sites of a request, with their kind.
fn kandidaten(d: &Dienst, p: &Parameter, z: crate::model::Zielgruppe) -> Ergebnis<(Vec<Utm32>, Kandidatenangabe)> {
    let a = &d.atlas;
    let art = KANDIDATENARTEN[p.wahl_index(&KANDIDATEN)?];
    if p.text(ORTE.name).is_some() && art != "orte" {
        return Err(Anfragefehler::ungueltig("Parameter „orte“ gilt nur mit kandidaten=orte"));
    }
    let (orte, beschreibung): (Vec<Utm32>, &'static str) = match art {
        "zellen" => (
            a.zellenmitten().iter().map(|x| x.0).collect(),
            "Mittelpunkte der 100-m-Zellen (Raster in ETRS89 / UTM 32N) innerhalb des Kreises",
        ),
        "bevoelkerung" => {
            let mut v: Vec<Utm32> = a.punkte(z).iter().map(|p| p.pos).collect();
            v.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
            v.dedup();
            (v, "Bevölkerungspunkte der Zielgruppe (Teilstücke der Zensuszellen)")
        }
        "sitze" => (a.kommunen.iter().map(|k| k.sitz_utm).collect(), "Sitze der Kommunen (Rathaus bzw. Ortsmitte)"),
        _ => {
            let text = p.freitext(&ORTE)?.ok_or_else(|| {
                Anfragefehler::ungueltig("kandidaten=orte braucht orte=Länge,Breite;Länge,Breite (WGS84)")
            })?;
            let mut v = Vec::new();
            for (i, ort) in text.split(';').enumerate() {
                let z: Vec<f64> = ort.split(',').filter_map(|x| x.trim().parse().ok()).collect();
                let lage = match z.as_slice() {
                    [lon, lat] => lonlat_pruefen(*lon, *lat),
                    _ => Err("erwartet Länge,Breite".into()),
                }
                .map_err(|e| Anfragefehler::ungueltig(format!("Parameter „orte“, Ort {}: {e}", i + 1)))?;
                let pos = utm32_von_lonlat(lage).map_err(Anfragefehler::intern)?;
                if a.kommune_an(pos).is_none() {
                    return Err(Anfragefehler::ungueltig(format!(
                        "Parameter „orte“, Ort {} ({}, {}): liegt außerhalb des Kreises; vorgeschlagen werden Standorte im Kreis",
                        i + 1,
                        lage.lon,
                        lage.lat
                    )));
                }
                v.push(pos);
            }
            if v.len() > MAX_ORTE {
                return Err(Anfragefehler::ungueltig(format!("Parameter „orte“: höchstens {MAX_ORTE} Orte")));
            }
            (v, "die angegebenen Orte")
        }
    };
    let anzahl = orte.len();
    Ok((orte, Kandidatenangabe { art, anzahl, beschreibung }))
}

impl Dienst {
    /// The need factor of every Kommune: its value of indicator `id` (newest year, as this
    /// client may see it) over the Kreis value; 1 where there is none.
    fn bedarfsfaktoren(&self, id: &str, zugang: Zugang) -> Ergebnis<(Vec<f64>, Gewichtsangabe)> {
        let a = &self.atlas;
        let ind = self.indikator(id, &Parameter::default(), false).map_err(|e| match e {
            Anfragefehler::NichtGefunden(t) => Anfragefehler::ungueltig(format!("Parameter „gewicht“: {t}")),
            e => e,
        })?;
        if ind.polaritaet != Polaritaet::Bedarf {
            return Err(Anfragefehler::ungueltig(format!(
                "Parameter „gewicht“: „{}“ ist kein Bedarfsindikator (hoher Wert = hoher Bedarf)",
                kuerzen(id)
            )));
        }
        let jahr = jahr_aus(&ind, &Parameter::default())?;
        let werte = einheitswerte(a, &ind, jahr, &self.datenschutz);
        let kreis = kreiswert(a, &werte, zugang).and_then(|(_, w)| w.wert).filter(|w| *w > 0.0);
        let faktoren = (0..a.kommunen.len())
            .map(|k| match (werte[k].sichtbar(zugang.intern()).wert, kreis) {
                (Some(w), Some(r)) if w >= 0.0 => w / r,
                _ => 1.0,
            })
            .collect();
        let regel = format!(
            "Jede Person zählt mit dem Wert ihrer Kommune geteilt durch den Kreiswert ({} {}); Kommunen ohne \
             ausgewiesenen Wert zählen mit 1",
            ind.name, jahr
        );
        Ok((faktoren, Gewichtsangabe { indikator: ind.id.clone(), name: ind.name.clone(), jahr, regel }))
    }

    /// Proposes sites for the next offers of a category (`/api/standortvorschlag`).
    pub fn standortvorschlag(&self, p: &Parameter, zugang: Zugang) -> Ergebnis<Standortvorschlag> {
        p.nur(PARAMETER)?;
        let a = &self.atlas;
        let kat = p.kategorie_pflicht(a)?.to_string();
        let z = p.zielgruppe()?;
        let (schwelle, messung) = p.schwelle_und_messung(a)?;
        let f = messung.faktor();
        let k = p.ganz(&ANZAHL)?;
        let frage = Abdeckungsfrage::neu(z, vec![schwelle], messung).map_err(Anfragefehler::ungueltig)?;
        let naechste = messung.naechste(a, &kat, z).ok_or_else(|| super::parameter::unbekannte_kategorie(a, &kat))?;
        let (faktoren, gewicht) = match p.text(GEWICHT.name) {
            Some(id) => {
                let (f, g) = self.bedarfsfaktoren(id, zugang)?;
                (f, Some(g))
            }
            None => (vec![1.0; a.kommunen.len()], None),
        };
        let (orte, kandidatenangabe) = kandidaten(self, p, z)?;
        // Demand: the people not yet within the threshold.
        let punkte = a.punkte(z);
        let versorgt_vorher = |i: usize| naechste[i].abstand_m * f <= schwelle;
        let offen: Vec<usize> = (0..punkte.len()).filter(|&i| !versorgt_vorher(i) && punkte[i].gewicht > 0.0).collect();
        let bedarf: Vec<Bedarfspunkt> = offen
            .iter()
            .map(|&i| Bedarfspunkt {
                pos: punkte[i].pos,
                personen: punkte[i].gewicht,
                gewicht: punkte[i].gewicht * faktoren[punkte[i].kommune],
            })
            .collect();
        let gewichte: Vec<f64> = bedarf.iter().map(|b| b.gewicht).collect();
        let netz = messung.netzmass().and_then(|(pr, g)| a.netz().map(|n| (&n.netz, pr, g)));
        let deckung = match netz {
            None => Deckung::neu(&bedarf, &orte, schwelle, f),
            Some((n, pr, g)) => Deckung::im_netz(n, pr, g, schwelle / f, &bedarf, &orte),
        };
        let vorschlag = vorschlagen(&deckung, &gewichte, k);
        // The curve: the proposed sites, then further ones greedily.
        let mut zaehler = vec![0u32; bedarf.len()];
        for &(j, _) in &vorschlag.reihe {
            for &q in deckung.von(j) {
                zaehler[q as usize] += 1;
            }
        }
        let gewaehlt: Vec<usize> = vorschlag.reihe.iter().map(|x| x.0).collect();
        let weiter = greedy(&deckung, &gewichte, &mut zaehler, KURVE_MINDESTENS.saturating_sub(k), &gewaehlt);
        // Each site at the position a client gets (WGS84, as the scenario reads it back).
        let mut lagen: Vec<(f64, f64)> =
            gewaehlt.iter().chain(weiter.iter().map(|x| &x.0)).map(|&j| (orte[j].x, orte[j].y)).collect();
        utm32_nach_lonlat(&mut lagen).map_err(Anfragefehler::intern)?;
        let positionen: Vec<Utm32> = lagen
            .iter()
            .map(|&(lon, lat)| utm32_von_lonlat(LonLat { lon, lat }).map_err(Anfragefehler::intern))
            .collect::<Ergebnis<_>>()?;
        // Persons covered per Kommune, site by site, with the scenario's rule over all points.
        let abd = abdeckung(a, naechste, &frage, &self.datenschutz);
        let gesamt: f64 = punkte.iter().map(|q| q.gewicht).sum();
        let mut erreicht: Vec<bool> = (0..punkte.len()).map(versorgt_vorher).collect();
        let mut je_kommune = vec![0.0; a.kommunen.len()];
        for (q, _) in punkte.iter().zip(&erreicht).filter(|(_, e)| **e) {
            je_kommune[q.kommune] += q.gewicht;
        }
        let vorher_summe: f64 = je_kommune.iter().sum();
        let mut summe = vorher_summe;
        let mut standorte = Vec::new();
        let mut kurve =
            vec![Kurvenpunkt { anzahl: 0, versorgt: gerundet1(summe), anteil: anteil(summe, gesamt), zuwachs: 0.0 }];
        let gewaehlte: Vec<usize> = gewaehlt.iter().copied().chain(weiter.iter().map(|x| x.0)).collect();
        for (n, pos) in positionen.iter().enumerate() {
            let (mut neu, mut gewinn) = (0.0, 0.0);
            // On the network, the candidate's cover says whom it reaches (the position given
            // back is the same cell).
            let im_netz: Option<std::collections::HashSet<usize>> =
                netz.map(|_| deckung.von(gewaehlte[n]).iter().map(|&b| offen[b as usize]).collect());
            for (i, q) in punkte.iter().enumerate() {
                let gedeckt = match &im_netz {
                    Some(m) => m.contains(&i),
                    None => deckt(q.pos, *pos, schwelle, f),
                };
                if !erreicht[i] && gedeckt {
                    erreicht[i] = true;
                    neu += q.gewicht;
                    gewinn += q.gewicht * faktoren[q.kommune];
                    je_kommune[q.kommune] += q.gewicht;
                }
            }
            summe += neu;
            kurve.push(Kurvenpunkt {
                anzahl: n + 1,
                versorgt: gerundet1(summe),
                anteil: anteil(summe, gesamt),
                zuwachs: gerundet1(neu),
            });
            if n >= gewaehlt.len() {
                continue;
            }
            let kommune = a.kommune_an(*pos);
            let kommune_versorgung = match kommune {
                Some(i) if zeigen(abd[i].status, zugang) => Stand {
                    versorgt: Some(gerundet1(je_kommune[i])),
                    anteil: Some(anteil(je_kommune[i], abd[i].gewicht)),
                },
                _ => Stand { versorgt: None, anteil: None },
            };
            standorte.push(Standort {
                rang: n + 1,
                lon: lagen[n].0,
                lat: lagen[n].1,
                x_25832: gerundet(Some(pos.x), 2).unwrap_or(pos.x),
                y_25832: gerundet(Some(pos.y), 2).unwrap_or(pos.y),
                ags: kommune.map(|i| a.kommunen[i].ags.to_string()),
                kommune: kommune.map(|i| a.kommunen[i].name.clone()),
                neu_versorgt: gerundet1(neu),
                gewinn: gerundet1(gewinn),
                kreis: Stand { versorgt: Some(gerundet1(summe)), anteil: Some(anteil(summe, gesamt)) },
                kommune_versorgung,
            });
        }
        let hinweis = (standorte.len() < k).then(|| {
            format!(
                "Nur {} Standort(e): jeder weitere erreichte niemanden, der nicht schon im Umkreis ist",
                standorte.len()
            )
        });
        let verfahren = format!(
            "Maximal-Covering-Location-Problem (Church & ReVelle 1974) mit den bestehenden Angeboten: Greedy mit \
             verzögerter Prioritätswarteschlange, danach Tausch einzelner Standorte (1-opt) und von Paaren (2-opt) \
             bis keine Verbesserung; {} Tausch(e). Kandidaten: {} {} (gleich abdeckende zählen einmal). Abgedeckt \
             ist, wer höchstens {} ({}) entfernt wohnt.",
            vorschlag.tausche,
            kandidatenangabe.anzahl,
            kandidatenangabe.beschreibung,
            messung.schwelle_text(schwelle),
            frage.mass()
        );
        Ok(Standortvorschlag {
            kategorie: a
                .kategorie(&kat)
                .map(|x| Kategorieangabe::aus(a, x))
                .ok_or_else(|| Anfragefehler::intern("Kategorie"))?,
            zielgruppe: z.into(),
            schwelle_m: (!messung.minuten).then_some(schwelle),
            schwelle_min: messung.minuten.then_some(schwelle),
            umwegfaktor: messung.umwegfaktor,
            mass: Massangabe::von(a, &messung),
            kandidaten: kandidatenangabe,
            gewicht,
            vorher: Stand { versorgt: Some(gerundet1(vorher_summe)), anteil: Some(anteil(vorher_summe, gesamt)) },
            standorte,
            kurve,
            verfahren,
            hinweis,
            datenschutz: Datenschutzangabe::von(&self.datenschutz, zugang),
        })
    }
}

fn gerundet1(x: f64) -> f64 {
    gerundet(Some(x), 1).unwrap_or(x)
}

fn anteil(x: f64, von: f64) -> f64 {
    if von > 0.0 { gerundet(Some(x / von), 6).unwrap_or(0.0) } else { 0.0 }
}

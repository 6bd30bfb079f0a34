//! Need × supply per Kommune: need tercile of an indicator against coverage of an offer
//! category, the 3 × 3 classes with colours (J. Stevens), and the priority list.

use schemars::JsonSchema;
use serde::Serialize;

use super::indikatoren::jahr_aus;
use super::messung::{MASS, MINUTE, Massangabe};
use super::parameter::{
    JAHR, KATEGORIE_PFLICHT, Param, Parameter, SCHEMA, SCHWELLE, STAND, Verzeichnis, Wahl, Werte, ZIELGRUPPE, Zahlen,
    unbekannte_kategorie,
};
use super::teile::{
    Ausweis, Datenschutzangabe, Feature, GeojsonTyp, Kategorieangabe, Zielgruppenangabe, gerundet, zeigen,
};
use super::versorgung::Zeile;
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::analysis::abdeckung::{self, Abdeckungsfrage};
use crate::analysis::bedarf::{BedarfAngebot, STANDARD_VERSORGUNG_GRENZEN, bedarf_angebot};
use crate::analysis::farben::{FARBE_KEINE_ANGABE, bivariat};
use crate::analysis::indikatoren::einheitswerte;
use crate::model::{Indikator, Polaritaet, Zielgruppe};

/// Need classes 1…3 in words.
pub const BEDARF_TEXT: [&str; 3] = ["geringer Bedarf", "mittlerer Bedarf", "hoher Bedarf"];
/// Supply classes 1…3 in words.
pub const VERSORGUNG_TEXT: [&str; 3] = ["geringe Versorgung", "mittlere Versorgung", "gute Versorgung"];

fn indikatoren(v: &Verzeichnis) -> Vec<String> {
    v.indikatoren.clone()
}
/// `indikator`: the need indicator.
pub const INDIKATOR: Wahl = Wahl {
    name: "indikator",
    werte: Werte::Daten(indikatoren),
    standard: None,
    pflicht: true,
    text: "Bedarfsindikator (id aus /api/indikatoren)",
};
/// `versorgung_grenzen`: shares from which supply is medium and good, percent.
pub const VERSORGUNG_GRENZEN: Zahlen = Zahlen {
    name: "versorgung_grenzen",
    min: 0.0,
    max: 100.0,
    min_anzahl: 2,
    max_anzahl: 2,
    standard: None,
    beispiel: "25,50",
    einheit: " %",
    text: "Anteile der Zielgruppe im Umkreis in Prozent, ab denen die Versorgung mittel und gut ist, aufsteigend (Standard 25,50)",
};
/// The parameters of `/api/bedarf-angebot` (and of its map).
pub const PARAMETER: [Param; 10] = [
    Param::Wahl(&INDIKATOR),
    Param::Jahr(&JAHR),
    Param::Wahl(&KATEGORIE_PFLICHT),
    Param::Wahl(&ZIELGRUPPE),
    Param::Zahl(&SCHWELLE),
    Param::Wahl(&MASS),
    Param::Zahlen(&MINUTE),
    Param::Wahl(&SCHEMA),
    Param::Zahlen(&VERSORGUNG_GRENZEN),
    Param::Text(&STAND),
];

/// Need × supply of every Kommune as a request asks for it (the answer and the map share it).
#[derive(Debug)]
pub struct BedarfVersorgung {
    /// The need indicator.
    pub ind: Indikator,
    /// Its year.
    pub jahr: i32,
    /// The offer category of the supply side.
    pub kat: String,
    /// Target group.
    pub zielgruppe: Zielgruppe,
    /// Distance threshold in the measure's unit (metres or minutes).
    pub schwelle: f64,
    /// Region scheme (index).
    pub schema: usize,
    /// The coverage question.
    pub frage: Abdeckungsfrage,
    /// Coverage shares from which supply is medium and good.
    pub grenzen: [f64; 2],
    /// The class of every Kommune.
    pub klassen: Vec<BedarfAngebot>,
}

/// A share 0…1 as German percent text, e.g. "25 %".
pub fn prozent(anteil: f64) -> String {
    let p = anteil * 100.0;
    format!("{} %", crate::model::deutsch::zahl(p, if p.fract() == 0.0 { 0 } else { 1 }))
}

/// The colour and German label of a class (`None`: not classified).
pub fn klasse(bedarf: Option<u8>, versorgung: Option<u8>) -> (Option<String>, String, String) {
    match (bedarf, versorgung) {
        (Some(bd), Some(v)) => (
            Some(format!("{bd}-{v}")),
            bivariat()[usize::from(bd - 1)][usize::from(v - 1)].clone(),
            format!("{}, {}", BEDARF_TEXT[usize::from(bd - 1)], VERSORGUNG_TEXT[usize::from(v - 1)]),
        ),
        _ => (None, FARBE_KEINE_ANGABE.to_string(), "keine Einstufung (Wert fehlt oder nicht ausgewiesen)".into()),
    }
}

/// The need indicator as the answer describes it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Bedarfsindikator {
    /// Id.
    pub id: String,
    /// German name.
    pub name: String,
    /// Unit of measure.
    pub einheit: String,
    /// Need or resource.
    pub polaritaet: Polaritaet,
    /// Year.
    pub jahr: i32,
    /// Example data.
    pub beispiel: bool,
    /// Source.
    pub quelle: String,
}

/// The figures of a Kommune.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Bedarfswerte {
    /// Indicator value.
    pub wert: Option<f64>,
    /// Share of the target group within the threshold.
    pub anteil: Option<f64>,
    /// Need class 1…3.
    pub bedarf: Option<u8>,
    /// Supply class 1…3.
    pub versorgung: Option<u8>,
    /// Class "Bedarf-Versorgung".
    pub klasse: Option<String>,
    /// Fill colour.
    pub farbe: String,
    /// German label.
    pub bezeichnung: String,
    /// Rank in the priority list.
    pub rang: Option<usize>,
}

/// A Kommune of the priority list.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Prioritaet {
    /// Rank.
    pub rang: Option<usize>,
    /// AGS.
    pub ags: String,
    /// Name.
    pub name: String,
    /// Indicator value.
    pub wert: Option<f64>,
    /// Coverage share.
    pub anteil: Option<f64>,
    /// Need class.
    pub bedarf: Option<u8>,
    /// Supply class.
    pub versorgung: Option<u8>,
}

/// A legend cell.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Legendenfeld {
    /// Class "Bedarf-Versorgung".
    pub klasse: String,
    /// Need class.
    pub bedarf: u8,
    /// Supply class.
    pub versorgung: u8,
    /// Fill colour.
    pub farbe: String,
    /// German label.
    pub bezeichnung: String,
    /// Number of Kommunen.
    pub anzahl: usize,
}

/// Need × supply as GeoJSON.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BedarfAntwort<'a> {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// The need indicator.
    pub indikator: Bedarfsindikator,
    /// The offer category.
    pub kategorie: Option<Kategorieangabe>,
    /// The target group.
    pub zielgruppe: Zielgruppenangabe,
    /// Threshold in metres (a question in metres).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schwelle_m: Option<f64>,
    /// Threshold in minutes (a question in minutes on the network).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schwelle_min: Option<f64>,
    /// How distance is measured.
    #[serde(flatten)]
    pub mass: Massangabe,
    /// How the classes are formed.
    pub methode: String,
    /// Supply limits (shares 0…1).
    pub versorgung_grenzen: [f64; 2],
    /// The data-protection rule.
    pub datenschutz: Datenschutzangabe,
    /// The nine cells.
    pub legende: Vec<Legendenfeld>,
    /// Kommunen with more need than supply, largest gap first.
    pub prioritaeten: Vec<Prioritaet>,
    /// One feature per Kommune.
    pub features: Vec<Feature<'a, Zeile<Bedarfswerte>>>,
}

impl Dienst {
    /// Computes need × supply from the parameters of `/api/bedarf-angebot`.
    pub fn bedarf_versorgung(&self, p: &Parameter, zugang: Zugang) -> Ergebnis<BedarfVersorgung> {
        let a = &self.atlas;
        let id = p.text("indikator").ok_or_else(|| {
            Anfragefehler::ungueltig(
                "Parameter „indikator“ fehlt (Bedarfsindikator, z. B. kinderarmut; Liste unter /api/indikatoren)",
            )
        })?;
        let ind = self.indikator(id, p, false)?;
        let jahr = jahr_aus(&ind, p)?;
        let kat = p.kategorie_pflicht(a)?.to_string();
        let zielgruppe = p.zielgruppe()?;
        let (schwelle, messung) = p.schwelle_und_messung(a)?;
        let schema = p.schema(a)?;
        let frage = Abdeckungsfrage::neu(zielgruppe, vec![schwelle], messung).map_err(Anfragefehler::ungueltig)?;
        let naechste = messung.naechste(a, &kat, zielgruppe).ok_or_else(|| unbekannte_kategorie(a, &kat))?;
        let abd = abdeckung::abdeckung(a, naechste, &frage, &self.datenschutz);
        let werte = einheitswerte(a, &ind, jahr, &self.datenschutz);
        let kommunal: Vec<_> = (0..a.kommunen.len()).map(|k| werte[k].sichtbar(zugang.intern())).collect();
        let anteile: Vec<Option<f64>> = (0..a.kommunen.len())
            .map(|k| if zeigen(abd[k].status, zugang) { abd[k].anteil(0) } else { None })
            .collect();
        let grenzen = match p.zahlen(&VERSORGUNG_GRENZEN, &a.vorgaben)?.as_slice() {
            [a, b] if a < b => [a / 100.0, b / 100.0],
            [a, b] => {
                return Err(Anfragefehler::ungueltig(format!(
                    "Parameter „versorgung_grenzen“ = {a},{b}: die erste Grenze (ab der die Versorgung mittel ist) muss \
                     kleiner sein als die zweite (ab der sie gut ist), z. B. versorgung_grenzen=25,50"
                )));
            }
            _ => STANDARD_VERSORGUNG_GRENZEN,
        };
        let klassen = bedarf_angebot(&kommunal, ind.polaritaet, &anteile, grenzen);
        Ok(BedarfVersorgung { ind, jahr, kat, zielgruppe, schwelle, schema, frage, grenzen, klassen })
    }

    /// Need tercile × coverage class per Kommune, with legend and priority list.
    pub fn bedarf_angebot(&self, p: &Parameter, zugang: Zugang) -> Ergebnis<BedarfAntwort<'_>> {
        p.nur(&PARAMETER)?;
        let a = &self.atlas;
        let b = self.bedarf_versorgung(p, zugang)?;
        let features = b
            .klassen
            .iter()
            .map(|x| {
                let (klasse, farbe, bezeichnung) = klasse(x.bedarf, x.versorgung);
                let werte = Bedarfswerte {
                    wert: gerundet(x.wert, 2),
                    anteil: gerundet(x.anteil, 6),
                    bedarf: x.bedarf,
                    versorgung: x.versorgung,
                    klasse,
                    farbe,
                    bezeichnung,
                    rang: x.rang,
                };
                let zeile =
                    Zeile { gebiet: self.gebiet(x.kommune, b.schema), werte, ausweis: Ausweis::von(x.status, zugang) };
                self.feature(x.kommune, zeile)
            })
            .collect();
        let mut rangfolge: Vec<&BedarfAngebot> = b.klassen.iter().filter(|x| x.rang.is_some()).collect();
        rangfolge.sort_by_key(|x| x.rang);
        let prioritaeten = rangfolge
            .iter()
            .map(|x| Prioritaet {
                rang: x.rang,
                ags: a.kommunen[x.kommune].ags.to_string(),
                name: a.kommunen[x.kommune].name.clone(),
                wert: gerundet(x.wert, 2),
                anteil: gerundet(x.anteil, 6),
                bedarf: x.bedarf,
                versorgung: x.versorgung,
            })
            .collect();
        let legende = (1..=3u8)
            .flat_map(|bd| (1..=3u8).map(move |v| (bd, v)))
            .map(|(bd, v)| {
                let (_, farbe, bezeichnung) = klasse(Some(bd), Some(v));
                Legendenfeld {
                    klasse: format!("{bd}-{v}"),
                    bedarf: bd,
                    versorgung: v,
                    farbe,
                    bezeichnung,
                    anzahl: b.klassen.iter().filter(|x| x.bedarf == Some(bd) && x.versorgung == Some(v)).count(),
                }
            })
            .collect();
        let g = b.grenzen;
        Ok(BedarfAntwort {
            typ: GeojsonTyp::FeatureCollection,
            indikator: Bedarfsindikator {
                id: b.ind.id.clone(),
                name: b.ind.name.clone(),
                einheit: b.ind.masseinheit.clone(),
                polaritaet: b.ind.polaritaet,
                jahr: b.jahr,
                beispiel: b.ind.beispiel,
                quelle: b.ind.quelle.clone(),
            },
            kategorie: a.kategorie(&b.kat).map(|k| Kategorieangabe::aus(a, k)),
            zielgruppe: b.zielgruppe.into(),
            schwelle_m: (!b.frage.messung.minuten).then_some(b.schwelle),
            schwelle_min: b.frage.messung.minuten.then_some(b.schwelle),
            mass: Massangabe::von(a, &b.frage.messung),
            methode: format!(
                "Bedarf: Drittel der Kommunen nach dem Indikator (bis zum Wert beim ersten Drittel gering, bis zum zweiten mittel, \
                 darüber hoch; gleiche Werte immer in derselben Stufe; bei Ressourcen-Indikatoren umgekehrt). Versorgung: Anteil der \
                 Zielgruppe {} – unter {} gering, bis unter {} mittel, ab {} gut. Rangfolge: Kommunen mit höherer \
                 Bedarfs- als Versorgungsstufe, größter Abstand zuerst. Farben nach J. Stevens (2015).",
                b.frage.messung.bis_text(b.schwelle),
                prozent(g[0]),
                prozent(g[1]),
                prozent(g[1])
            ),
            versorgung_grenzen: g,
            datenschutz: Datenschutzangabe::von(&self.datenschutz, zugang),
            legende,
            prioritaeten,
            features,
        })
    }
}

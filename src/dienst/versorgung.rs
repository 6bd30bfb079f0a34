//! Coverage and distances per unit: which share of a target group lives within reach of an
//! offer, and how far the nearest offer is (weighted by the population surface).

use schemars::JsonSchema;
use serde::Serialize;

use super::messung::{EINHEIT, MASS, MINUTEN, Massangabe};
use super::parameter::{
    EBENE, KATEGORIE_PFLICHT, Param, Parameter, SCHEMA, STAND, UMWEGFAKTOR, Wahl, Werte, ZIELGRUPPE, Zahlen,
};
use super::teile::{
    Ausweis, Datenschutzangabe, Feature, Gebiet, GeojsonTyp, Kategorieangabe, Kennzahlen, Schemaangabe,
    Zielgruppenangabe, gerundet, zeigen,
};
use super::{Dienst, Ergebnis, Zugang};
use crate::analysis::abdeckung::{self, Abdeckung, Abdeckungsfrage, MAX_SCHWELLE_M, MAX_SCHWELLEN, Messung};
use crate::analysis::ebenen::{Ebene, einheiten_der_ebene};
use crate::analysis::entfernungen::{Entfernungsstatistik, entfernungen, sitz_naechste};
use crate::model::Zielgruppe;

/// Answer format of area-based answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A JSON object with a list of units.
    Json,
    /// A GeoJSON FeatureCollection with the unit boundaries (WGS84).
    Geojson,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "json" => Ok(Format::Json),
            "geojson" => Ok(Format::Geojson),
            _ => Err(format!("„{s}“ ist kein Format; erlaubt: json, geojson")),
        }
    }
}

/// `schwellen`: distance thresholds in metres.
pub const SCHWELLEN: Zahlen = Zahlen {
    name: "schwellen",
    min: 1.0,
    max: MAX_SCHWELLE_M,
    min_anzahl: 1,
    max_anzahl: MAX_SCHWELLEN,
    standard: Some(schwellen_m),
    beispiel: "1000,2000,5000",
    einheit: " m",
    text: "Entfernungsschwellen in Metern, durch Komma getrennt (Standard: Vorgabe des Datensatzes)",
};
fn schwellen_m(v: &crate::model::Vorgaben) -> Vec<f64> {
    v.schwellen_m.clone()
}

/// `format` of area answers.
pub const FORMAT: Wahl = Wahl {
    name: "format",
    werte: Werte::Fest(&["json", "geojson"]),
    standard: Some("json"),
    pflicht: false,
    text: "json (Liste) oder geojson (mit Gebietsflächen)",
};

/// The parameters of `/api/abdeckung`.
pub const ABDECKUNG_PARAMETER: &[Param] = &[
    Param::Wahl(&KATEGORIE_PFLICHT),
    Param::Zahlen(&SCHWELLEN),
    Param::Wahl(&MASS),
    Param::Zahlen(&MINUTEN),
    Param::Wahl(&ZIELGRUPPE),
    Param::Wahl(&EBENE),
    Param::Wahl(&SCHEMA),
    Param::Zahl(&UMWEGFAKTOR),
    Param::Wahl(&FORMAT),
    Param::Text(&STAND),
];
/// The parameters of `/api/entfernungen`.
pub const ENTFERNUNGEN_PARAMETER: &[Param] = &[
    Param::Wahl(&KATEGORIE_PFLICHT),
    Param::Wahl(&MASS),
    Param::Wahl(&EINHEIT),
    Param::Wahl(&ZIELGRUPPE),
    Param::Wahl(&EBENE),
    Param::Wahl(&SCHEMA),
    Param::Zahl(&UMWEGFAKTOR),
    Param::Wahl(&FORMAT),
    Param::Text(&STAND),
];

/// A coverage or distance question: category, target group, thresholds, level, scheme.
#[derive(Debug, Clone)]
pub struct Versorgungsanfrage {
    /// Offer category.
    pub kategorie: String,
    /// Target group, thresholds (none for distances), detour factor.
    pub frage: Abdeckungsfrage,
    /// Level of the rows.
    pub ebene: Ebene,
    /// Region scheme (index).
    pub schema: usize,
    /// JSON list or GeoJSON.
    pub format: Format,
}

impl Versorgungsanfrage {
    /// Reads a coverage question (`mit_schwellen`) or a distance question.
    pub fn lesen(d: &Dienst, p: &Parameter, mit_schwellen: bool) -> Ergebnis<Self> {
        p.nur(if mit_schwellen { ABDECKUNG_PARAMETER } else { ENTFERNUNGEN_PARAMETER })?;
        let a = &d.atlas;
        let kategorie = p.kategorie_pflicht(a)?.to_string();
        let zielgruppe: Zielgruppe = p.zielgruppe()?;
        let frage = if mit_schwellen {
            let (schwellen, messung) = p.schwellen_und_messung(a, &SCHWELLEN)?;
            Abdeckungsfrage::neu(zielgruppe, schwellen, messung).map_err(super::Anfragefehler::ungueltig)?
        } else {
            Abdeckungsfrage::ohne_schwellen(zielgruppe, p.messung_mit_einheit(a)?)
        };
        Ok(Versorgungsanfrage {
            kategorie,
            frage,
            ebene: p.wahl_mit_standard(&EBENE)?,
            schema: p.schema(a)?,
            format: p.wahl_mit_standard(&FORMAT)?,
        })
    }
}

/// What a coverage, distance or scenario answer says about its question.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Versorgungskopf {
    /// The category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kategorie: Option<Kategorieangabe>,
    /// The target group.
    pub zielgruppe: Zielgruppenangabe,
    /// The thresholds in metres (coverage in metres; not in distance answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schwellen_m: Option<Vec<f64>>,
    /// The thresholds in minutes (coverage in minutes on the network).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schwellen_min: Option<Vec<f64>>,
    /// Factor on the straight-line distance (1 on the network).
    pub umwegfaktor: f64,
    /// How distance is measured, in which unit, on which network.
    #[serde(flatten)]
    pub mass: Massangabe,
    /// How the population surface was made (from the data set's sources).
    pub bevoelkerungsbasis: String,
    /// Level of the rows.
    pub ebene: Ebene,
    /// Region scheme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regionsschema: Option<Schemaangabe>,
    /// The data-protection rule.
    pub datenschutz: Datenschutzangabe,
    /// How the figures are computed (distances).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub methode: Option<&'static str>,
}

/// A unit row of an area answer: the unit, its figures and their status.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Zeile<W> {
    /// The unit.
    #[serde(flatten)]
    pub gebiet: Gebiet,
    /// Its figures.
    #[serde(flatten)]
    pub werte: W,
    /// Whether they are shown.
    #[serde(flatten)]
    pub ausweis: Ausweis,
}

/// An area answer: the question, the Kreis rows, and a row per unit, as a JSON list
/// (`einheiten`) or GeoJSON (`features`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Flaechenantwort<'a, K, W> {
    /// `FeatureCollection` in GeoJSON form.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub typ: Option<GeojsonTyp>,
    /// The question.
    #[serde(flatten)]
    pub kopf: K,
    /// The Kreis (and the area of its youth office where the Kreis has more than one).
    pub kreis: Vec<Zeile<W>>,
    /// The units (JSON form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub einheiten: Option<Vec<Zeile<W>>>,
    /// The units (GeoJSON form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<Feature<'a, Zeile<W>>>>,
}

impl Dienst {
    /// A row of unit `e`.
    pub fn zeile<W>(
        &self,
        e: usize,
        schema: usize,
        werte: W,
        status: crate::analysis::datenschutz::Status,
        zugang: Zugang,
    ) -> Zeile<W> {
        Zeile { gebiet: self.gebiet(e, schema), werte, ausweis: Ausweis::von(status, zugang) }
    }

    /// Puts the rows into the form asked for.
    pub fn flaechenantwort<K, W>(
        &self,
        kopf: K,
        zeilen: Vec<(usize, Zeile<W>)>,
        kreis: Vec<Zeile<W>>,
        format: Format,
    ) -> Flaechenantwort<'_, K, W> {
        match format {
            Format::Json => Flaechenantwort {
                typ: None,
                kopf,
                kreis,
                einheiten: Some(zeilen.into_iter().map(|(_, z)| z).collect()),
                features: None,
            },
            Format::Geojson => Flaechenantwort {
                typ: Some(GeojsonTyp::FeatureCollection),
                kopf,
                kreis,
                einheiten: None,
                features: Some(zeilen.into_iter().map(|(e, z)| self.feature(e, z)).collect()),
            },
        }
    }

    /// The head of a coverage, distance or scenario answer.
    pub fn versorgungskopf(
        &self,
        kategorie: &str,
        frage: &Abdeckungsfrage,
        ebene: Ebene,
        schema: usize,
        zugang: Zugang,
    ) -> Versorgungskopf {
        let a = &self.atlas;
        Versorgungskopf {
            kategorie: a.kategorie(kategorie).map(|k| Kategorieangabe::aus(a, k)),
            zielgruppe: frage.zielgruppe.into(),
            schwellen_m: (!frage.messung.minuten).then(|| frage.schwellen.clone()),
            schwellen_min: frage.messung.minuten.then(|| frage.schwellen.clone()),
            umwegfaktor: frage.messung.umwegfaktor,
            mass: Massangabe::von(a, &frage.messung),
            bevoelkerungsbasis: a.quellen.text("bevoelkerungsbasis").to_string(),
            ebene,
            regionsschema: a.regionsschemata.get(schema).map(Schemaangabe::aus),
            datenschutz: Datenschutzangabe::von(&self.datenschutz, zugang),
            methode: None,
        }
    }

    /// Coverage per unit of the level and for the Kreis.
    pub fn abdeckung(
        &self,
        q: &Versorgungsanfrage,
        zugang: Zugang,
    ) -> Ergebnis<Flaechenantwort<'_, Versorgungskopf, Kennzahlen>> {
        let a = &self.atlas;
        let naechste = q
            .frage
            .messung
            .naechste(a, &q.kategorie, q.frage.zielgruppe)
            .ok_or_else(|| super::parameter::unbekannte_kategorie(a, &q.kategorie))?;
        let alle = abdeckung::abdeckung(a, naechste, &q.frage, &self.datenschutz);
        let zeile = |e: usize| {
            let x = &alle[e];
            self.zeile(e, q.schema, abdeckungswerte(x, &q.frage, zeigen(x.status, zugang)), x.status, zugang)
        };
        let zeilen = einheiten_der_ebene(a, q.ebene, q.schema).into_iter().map(|e| (e, zeile(e))).collect();
        let kreis = einheiten_der_ebene(a, Ebene::Kreis, q.schema).into_iter().map(zeile).collect();
        let kopf = self.versorgungskopf(&q.kategorie, &q.frage, q.ebene, q.schema, zugang);
        Ok(self.flaechenantwort(kopf, zeilen, kreis, q.format))
    }

    /// Weighted distance statistics to the nearest offer per unit of the level and for the Kreis.
    pub fn entfernungen(
        &self,
        q: &Versorgungsanfrage,
        zugang: Zugang,
    ) -> Ergebnis<Flaechenantwort<'_, Versorgungskopf, Kennzahlen>> {
        let a = &self.atlas;
        let unbekannt = || super::parameter::unbekannte_kategorie(a, &q.kategorie);
        let m = &q.frage.messung;
        let naechste = m.naechste(a, &q.kategorie, q.frage.zielgruppe).ok_or_else(unbekannt)?;
        let sitz = sitze(a, &q.kategorie, m).ok_or_else(unbekannt)?;
        let einheiten = einheiten_der_ebene(a, q.ebene, q.schema);
        let kreis_e = einheiten_der_ebene(a, Ebene::Kreis, q.schema);
        // One call for the level and the Kreis rows: the suppression pattern is computed once.
        let alle: Vec<usize> = einheiten.iter().chain(&kreis_e).copied().collect();
        let stat = entfernungen(a, naechste, &sitz, q.frage.zielgruppe, m.faktor(), &alle, &self.datenschutz);
        let zeile = |x: &Entfernungsstatistik| {
            self.zeile(x.einheit, q.schema, entfernungswerte(x, m, zugang), x.status, zugang)
        };
        let (ebene_stat, kreis_stat) = stat.split_at(einheiten.len());
        let zeilen = ebene_stat.iter().map(|x| (x.einheit, zeile(x))).collect();
        let kreis = kreis_stat.iter().map(zeile).collect();
        let mut kopf = self.versorgungskopf(&q.kategorie, &q.frage, q.ebene, q.schema, zugang);
        kopf.schwellen_m = None;
        kopf.schwellen_min = None;
        kopf.methode = Some(
            "Je Person die Entfernung zum nächsten Angebot; Mittel, Median und 90. Perzentil mit der Bevölkerungsfläche gewichtet \
             (Perzentil = kleinste Entfernung, bis zu der der Anteil der Personen erreicht ist); sitz = Entfernung vom Sitzpunkt der Kommune; \
             im Netz: nicht_erreichbar = Personen, von deren Wegenetz aus kein Angebot erreichbar ist (Mittel und Maximum ohne sie, \
             Median und Perzentil mit ihnen als unendlich weit)",
        );
        Ok(self.flaechenantwort(kopf, zeilen, kreis, q.format))
    }
}

/// The coverage figures of a unit: weight, share and persons within each threshold, persons
/// beyond all; `null` when hidden.
pub fn abdeckungswerte(x: &Abdeckung, frage: &Abdeckungsfrage, zeigen: bool) -> Kennzahlen {
    let mut k = Kennzahlen::default();
    k.neu("gewicht", if zeigen { gerundet(Some(x.gewicht), 1) } else { None });
    let n = frage.messung.nachsatz();
    for (i, s) in frage.schwellen.iter().enumerate() {
        let (anteil, versorgt) = if zeigen { (x.anteil(i), Some(x.versorgt[i])) } else { (None, None) };
        k.neu(format!("anteil_{s}{n}"), gerundet(anteil, 6));
        k.neu(format!("versorgt_{s}{n}"), gerundet(versorgt, 1));
    }
    k.neu("nicht_versorgt", if zeigen { gerundet(Some(x.nicht_versorgt()), 1) } else { None });
    k
}

/// The distance figures of a unit in the unit of `m` (`m`: whole metres, `min`: tenths of a
/// minute); `null` when hidden (the seat distance is public). On a network every row has
/// `nicht_erreichbar` (also when 0 or hidden: a column present only where some are cut off
/// would tell that of a hidden row).
pub fn entfernungswerte(x: &Entfernungsstatistik, m: &Messung, zugang: Zugang) -> Kennzahlen {
    let einheit = m.einheit();
    let z = zeigen(x.status, zugang);
    let st = if einheit == "m" { 0 } else { 1 };
    let w = |v: Option<f64>, st: i32| if z { gerundet(v, st) } else { None };
    let mut k = Kennzahlen::default();
    k.neu("gewicht", w(Some(x.gewicht), 1));
    k.neu(format!("mittel_{einheit}"), w(x.mittel_m, st));
    k.neu(format!("median_{einheit}"), w(x.median_m, st));
    k.neu(format!("p90_{einheit}"), w(x.p90_m, st));
    k.neu(format!("maximum_{einheit}"), w(x.maximum_m, st));
    k.neu(format!("sitz_{einheit}"), gerundet(x.sitz_m, st));
    if m.netzmass().is_some() {
        k.neu("nicht_erreichbar", w(Some(x.nicht_erreichbar), 1));
    }
    k
}

/// The nearest offer of the category from every Kommune's seat, in stored values (metres, or
/// the car's seconds). `None` for an unknown category.
pub fn sitze(a: &crate::Atlas, kategorie: &str, m: &Messung) -> Option<Vec<crate::atlas::Naechstes>> {
    match m.netzmass() {
        None => a.angebote_baum(Some(kategorie)).map(|b| sitz_naechste(a, b, |_| true)),
        Some((p, g)) => a.sitze_im_netz(kategorie, p, g).map(<[_]>::to_vec),
    }
}

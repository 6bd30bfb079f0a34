//! What if: coverage and distances before and after adding planned offers and closing
//! existing ones. Asked by a JSON body (`POST /api/szenario`) or, for the scenario map, by
//! query parameters (`plan`, `weg`).

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::parameter::{
    KATEGORIE_PFLICHT, Liste, OHNE_STEUERZEICHEN, Param, Parameter, SCHEMA, SCHWELLE, Text, Verzeichnis, Werte,
    ZIELGRUPPE, kuerzen, schema_index, unbekannte_kategorie,
};
use super::teile::{Ausweis, Kennzahlen, gerundet, zeigen};
use super::versorgung::{Flaechenantwort, Format, Versorgungskopf, abdeckungswerte, entfernungswerte};
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::Atlas;
use crate::analysis::abdeckung::{Abdeckungsfrage, MAX_SCHWELLE_M, MAX_SCHWELLEN, UMWEGFAKTOR};
use crate::analysis::ebenen::{Ebene, einheiten_der_ebene};
use crate::analysis::szenario::{self, GeplantesAngebot, MAX_HINZU, MAX_WEG, Szenario};
use crate::model::Zielgruppe;
use crate::spatial::{DEUTSCHLAND_LAT, DEUTSCHLAND_LON, lonlat_pruefen, utm32_von_lonlat};

/// Longest name of a planned offer (and of a map title), characters.
pub const MAX_NAME: usize = 200;

/// An optional member: left out is `None`; `null` is refused like any other wrong type (the
/// OpenAPI document says "leave it out", and one way to say nothing is enough).
fn ohne_null<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A planned offer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeuesAngebot {
    /// Longitude (WGS84).
    pub lon: f64,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Name (default "Geplantes Angebot n").
    #[serde(default, deserialize_with = "ohne_null")]
    pub name: Option<String>,
    /// Category (must be the scenario's).
    #[serde(default, deserialize_with = "ohne_null")]
    pub kategorie: Option<String>,
}

/// The body of `POST /api/szenario`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Szenarioanfrage {
    /// Offer category.
    pub kategorie: String,
    /// Target group (default under 18).
    #[serde(default, deserialize_with = "ohne_null")]
    pub zielgruppe: Option<String>,
    /// Thresholds, metres (default 1000, 2000, 5000).
    #[serde(default, deserialize_with = "ohne_null")]
    pub schwellen: Option<Vec<f64>>,
    /// Thresholds, minutes (instead of `schwellen`; on the network only).
    #[serde(default, deserialize_with = "ohne_null")]
    pub minuten: Option<Vec<f64>>,
    /// Distance measure: `luftlinie` (default), `fuss`, `rad`, `auto`.
    #[serde(default, deserialize_with = "ohne_null")]
    pub mass: Option<String>,
    /// Detour factor (default 1; Luftlinie only).
    #[serde(default, deserialize_with = "ohne_null")]
    pub umwegfaktor: Option<f64>,
    /// Level (default kommune).
    #[serde(default, deserialize_with = "ohne_null")]
    pub ebene: Option<String>,
    /// Region scheme (default the first).
    #[serde(default, deserialize_with = "ohne_null")]
    pub schema: Option<String>,
    /// Planned offers.
    #[serde(default)]
    pub hinzufuegen: Vec<NeuesAngebot>,
    /// Ids of closed offers.
    #[serde(default)]
    pub entfernen: Vec<String>,
    /// The day whose offers the scenario starts from (`JJJJ-MM-TT`, default today).
    #[serde(default, deserialize_with = "ohne_null")]
    pub stand: Option<String>,
}

const BEISPIEL: &str = r#"{"kategorie":"familienzentrum","zielgruppe":"unter18","schwellen":[1000,2000,5000],"hinzufuegen":[{"lon":8.30,"lat":50.70,"name":"Geplantes Familienzentrum"}],"entfernen":["fz-beispiel-03"]}"#;

impl Szenarioanfrage {
    /// Reads the JSON body.
    pub fn aus_json(body: &[u8]) -> Ergebnis<Self> {
        serde_json::from_slice(body).map_err(|e| {
            Anfragefehler::ungueltig(format!(
                "Das Szenario ist nicht lesbar: {}. Beispiel: {BEISPIEL}",
                super::fehler::json_fehler(&e)
            ))
        })
    }

    /// The JSON schema of the body for the choices of a data set (OpenAPI 3.0), from the same
    /// limits the checks use.
    pub fn schema(v: &Verzeichnis) -> Value {
        let zahl = |min: f64, max: f64| json!({"type": "number", "minimum": min, "maximum": max});
        let auswahl = |w: Vec<String>| json!({"type": "string", "enum": w});
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["kategorie"],
            "properties": {
                "kategorie": auswahl(v.kategorien.clone()),
                "zielgruppe": auswahl(Zielgruppe::ALLE.map(|z| z.id().to_string()).to_vec()),
                "schwellen": {"type": "array", "items": zahl(1.0, MAX_SCHWELLE_M), "minItems": 1, "maxItems": MAX_SCHWELLEN},
                "minuten": {"type": "array", "items": zahl(0.1, crate::model::MAX_SCHWELLE_MIN), "minItems": 1, "maxItems": MAX_SCHWELLEN},
                "mass": auswahl(v.masse.clone()),
                "umwegfaktor": zahl(*UMWEGFAKTOR.start(), *UMWEGFAKTOR.end()),
                "ebene": auswahl(["kommune", "region", "kreis"].map(String::from).to_vec()),
                "schema": auswahl(v.schemata.clone()),
                "hinzufuegen": {
                    "type": "array",
                    "maxItems": MAX_HINZU,
                    "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["lon", "lat"],
                        "properties": {
                            "lon": zahl(DEUTSCHLAND_LON.0, DEUTSCHLAND_LON.1),
                            "lat": zahl(DEUTSCHLAND_LAT.0, DEUTSCHLAND_LAT.1),
                            "name": {"type": "string", "maxLength": MAX_NAME, "pattern": OHNE_STEUERZEICHEN},
                            "kategorie": auswahl(v.kategorien.clone()),
                        },
                    },
                },
                "entfernen": {
                    "type": "array",
                    "maxItems": MAX_WEG,
                    "items": {"type": "string", "enum": v.angebote.clone(), "description": "Angebots-ID derselben Kategorie (aus /api/angebote)"},
                },
                "stand": {"type": "string", "format": "date", "description": "Angebote dieses Tages (JJJJ-MM-TT, Standard heute)"},
            },
        })
    }
}

/// A checked scenario with its question.
#[derive(Debug, Clone)]
pub struct Szenariofrage {
    /// The scenario.
    pub szenario: Szenario,
    /// Target group, thresholds, detour factor.
    pub frage: Abdeckungsfrage,
    /// Level of the rows.
    pub ebene: Ebene,
    /// Region scheme (index).
    pub schema: usize,
}

/// `plan`: planned places of the scenario map.
pub const PLAN: Text = Text {
    name: "plan",
    max_laenge: None,
    muster: Some(r"^(-?\d+(\.\d+)?,-?\d+(\.\d+)?)(;-?\d+(\.\d+)?,-?\d+(\.\d+)?)*$"),
    format: None,
    text: "Szenario-Karte: geplante Orte als Länge,Breite (WGS84, in Deutschland), mehrere durch Semikolon getrennt",
};
fn angebote(v: &Verzeichnis) -> Vec<String> {
    v.angebote.clone()
}
/// `weg`: closed offers of the scenario map.
pub const WEG: Liste = Liste {
    name: "weg",
    werte: Werte::Daten(angebote),
    max_anzahl: MAX_WEG,
    text: "Szenario-Karte: IDs geschlossener Angebote der Kategorie, durch Komma getrennt",
};
/// The parameters of a scenario given as query parameters (the scenario map).
pub const KARTEN_PARAMETER: [Param; 8] = [
    Param::Wahl(&KATEGORIE_PFLICHT),
    Param::Wahl(&ZIELGRUPPE),
    Param::Zahl(&SCHWELLE),
    Param::Wahl(&super::messung::MASS),
    Param::Zahlen(&super::messung::MINUTE),
    Param::Wahl(&SCHEMA),
    Param::Text(&PLAN),
    Param::Liste(&WEG),
];

impl Szenariofrage {
    /// The scenario of a map request: planned places in `plan` ("Länge,Breite;Länge,Breite",
    /// as the map page keeps them) and closed offers in `weg` ("id,id").
    pub fn aus_parametern(a: &Atlas, p: &Parameter) -> Ergebnis<Self> {
        let kategorie = p.kategorie_pflicht(a)?.to_string();
        let mut hinzufuegen = Vec::new();
        for (i, ort) in p.text("plan").unwrap_or("").split(';').map(str::trim).filter(|t| !t.is_empty()).enumerate() {
            let zahlen: Vec<f64> =
                ort.split(',').filter_map(|x| x.trim().parse::<f64>().ok()).filter(|x| x.is_finite()).collect();
            let [lon, lat] = zahlen.as_slice() else {
                return Err(Anfragefehler::ungueltig(format!(
                    "Parameter „plan“, Ort {}: „{}“ – erwartet Länge,Breite in WGS84, mehrere durch Semikolon getrennt, z. B. plan=8.38,50.6;8.3,50.7",
                    i + 1,
                    kuerzen(ort)
                )));
            };
            hinzufuegen.push(NeuesAngebot { lon: *lon, lat: *lat, name: None, kategorie: None });
        }
        let entfernen =
            p.text("weg").unwrap_or("").split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect();
        let anfrage = Szenarioanfrage {
            kategorie,
            zielgruppe: p.text("zielgruppe").map(String::from),
            schwellen: p
                .text("minuten")
                .is_none()
                .then(|| p.zahl(&SCHWELLE, &a.vorgaben))
                .transpose()?
                .map(|s| vec![s]),
            minuten: p.text("minuten").map(|_| p.zahlen(&super::messung::MINUTE, &a.vorgaben)).transpose()?,
            mass: p.text("mass").map(String::from),
            umwegfaktor: None,
            ebene: None,
            schema: p.text("schema").map(String::from),
            hinzufuegen,
            entfernen,
            stand: p.text("stand").map(String::from),
        };
        Self::pruefen(a, anfrage)
    }

    /// Checks a scenario request against the data set.
    pub fn pruefen(a: &Atlas, anfrage: Szenarioanfrage) -> Ergebnis<Self> {
        if a.kategorie(&anfrage.kategorie).is_none() {
            return Err(unbekannte_kategorie(a, &anfrage.kategorie));
        }
        if anfrage.hinzufuegen.len() > MAX_HINZU || anfrage.entfernen.len() > MAX_WEG {
            return Err(Anfragefehler::ungueltig(format!(
                "Szenario zu groß: höchstens {MAX_HINZU} neue und {MAX_WEG} entfernte Angebote je Anfrage"
            )));
        }
        let zielgruppe = match anfrage.zielgruppe.as_deref() {
            None => Zielgruppe::Unter18,
            Some(t) => Zielgruppe::von_id(t).ok_or_else(|| {
                Anfragefehler::ungueltig(format!(
                    "„zielgruppe“: „{}“ ist unbekannt; erlaubt: {}",
                    kuerzen(t),
                    Zielgruppe::ALLE.map(|z| z.id()).join(", ")
                ))
            })?,
        };
        if anfrage.schwellen.is_some() && anfrage.minuten.is_some() {
            return Err(Anfragefehler::ungueltig(
                "„schwellen“ (Meter) und „minuten“ schließen sich aus; bitte nur eines angeben",
            ));
        }
        let messung = super::messung::messung_aus(
            a,
            anfrage.mass.as_deref(),
            anfrage.minuten.is_some(),
            anfrage.umwegfaktor.unwrap_or(1.0),
        )?;
        let anfrage_minuten = anfrage.minuten.is_some();
        let schwellen = match (anfrage.minuten, anfrage.schwellen) {
            (Some(m), _) => m,
            (None, Some(s)) => s,
            (None, None) => a.vorgaben.schwellen_m.clone(),
        };
        let frage = Abdeckungsfrage::neu(zielgruppe, schwellen, messung).map_err(|e| {
            // Name the field the client sent (minutes, thresholds, or the detour factor).
            let feld = if e.starts_with("Umwegfaktor") {
                "umwegfaktor"
            } else if anfrage_minuten {
                "minuten"
            } else {
                "schwellen"
            };
            Anfragefehler::ungueltig(format!("„{feld}“: {e}"))
        })?;
        let ebene = match anfrage.ebene.as_deref() {
            None => Ebene::Kommune,
            Some(t) => t.parse().map_err(|e: String| Anfragefehler::ungueltig(format!("„ebene“: {e}")))?,
        };
        let schema = schema_index(a, anfrage.schema.as_deref())?;
        let mut hinzu = Vec::new();
        for (i, n) in anfrage.hinzufuegen.iter().enumerate() {
            let nr = i + 1;
            if let Some(k) = &n.kategorie
                && *k != anfrage.kategorie
            {
                return Err(Anfragefehler::ungueltig(format!(
                    "„hinzufuegen“, Angebot {nr}: Kategorie „{}“ passt nicht zur Kategorie des Szenarios „{}“",
                    kuerzen(k),
                    anfrage.kategorie
                )));
            }
            let lage = lonlat_pruefen(n.lon, n.lat)
                .map_err(|e| Anfragefehler::ungueltig(format!("„hinzufuegen“, Angebot {nr}: {e}")))?;
            let pos = utm32_von_lonlat(lage).map_err(Anfragefehler::intern)?;
            if let Some(name) = &n.name
                && (name.chars().count() > MAX_NAME || name.chars().any(char::is_control))
            {
                return Err(Anfragefehler::ungueltig(format!(
                    "„hinzufuegen“, Angebot {nr}: „name“ höchstens {MAX_NAME} Zeichen, ohne Steuerzeichen"
                )));
            }
            let name =
                n.name.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| format!("Geplantes Angebot {nr}"));
            hinzu.push(GeplantesAngebot { name, lage, pos });
        }
        let mut weg = BTreeSet::new();
        for id in &anfrage.entfernen {
            match a.angebote.iter().position(|o| o.id == *id) {
                Some(i) if a.angebote[i].kategorie == anfrage.kategorie => {
                    weg.insert(i);
                }
                Some(i) => {
                    return Err(Anfragefehler::ungueltig(format!(
                        "„entfernen“: Angebot „{}“ gehört zur Kategorie „{}“, nicht zu „{}“",
                        kuerzen(id),
                        a.angebote[i].kategorie,
                        anfrage.kategorie
                    )));
                }
                None => {
                    return Err(Anfragefehler::ungueltig(format!(
                        "„entfernen“: ein Angebot „{}“ gibt es nicht (IDs siehe /api/angebote)",
                        kuerzen(id)
                    )));
                }
            }
        }
        Ok(Szenariofrage { szenario: Szenario { kategorie: anfrage.kategorie, hinzu, weg }, frage, ebene, schema })
    }
}

/// The figures of a unit before and after, and their difference.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Vergleich {
    /// After minus before (figures shown on both sides only).
    pub differenz: Kennzahlen,
    /// Before the scenario.
    pub vorher: Kennzahlen,
    /// After the scenario.
    pub nachher: Kennzahlen,
}

/// A planned offer as the answer describes it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Geplant {
    /// Name.
    pub name: String,
    /// Longitude (WGS84).
    pub lon: f64,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Easting (EPSG:25832), metres.
    pub x_25832: Option<f64>,
    /// Northing (EPSG:25832), metres.
    pub y_25832: Option<f64>,
    /// AGS of the Kommune it lies in.
    pub ags: Option<String>,
    /// Name of that Kommune.
    pub kommune: Option<String>,
    /// Set when it lies outside the Kreis.
    pub hinweis: Option<&'static str>,
}

/// A closed offer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Geschlossen {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// What the scenario changes.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Aenderungen {
    /// Planned offers.
    pub hinzugefuegt: Vec<Geplant>,
    /// Closed offers.
    pub entfernt: Vec<Geschlossen>,
}

/// The head of a scenario answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Szenariokopf {
    /// The question.
    #[serde(flatten)]
    pub kopf: Versorgungskopf,
    /// The changes.
    pub szenario: Aenderungen,
}

/// The difference after − before of the figures given on both sides.
fn differenz(vorher: &Kennzahlen, nachher: &Kennzahlen) -> Kennzahlen {
    Kennzahlen(
        nachher
            .0
            .iter()
            .filter_map(|(k, n)| {
                let (v, n) = (vorher.wert(k)?, (*n)?);
                let st = if k.starts_with("anteil_") { 6 } else { 1 };
                Some((k.clone(), gerundet(Some(n - v), st)))
            })
            .collect(),
    )
}

impl Dienst {
    /// Coverage and distances before and after the scenario, per unit and for the Kreis.
    pub fn szenario(
        &self,
        q: &Szenariofrage,
        zugang: Zugang,
    ) -> Ergebnis<Flaechenantwort<'_, Szenariokopf, Vergleich>> {
        let a = &self.atlas;
        let s = &q.szenario;
        let einheiten = einheiten_der_ebene(a, q.ebene, q.schema);
        let kreis_e = einheiten_der_ebene(a, Ebene::Kreis, q.schema);
        let alle: Vec<usize> = einheiten.iter().chain(&kreis_e).copied().collect();
        let r = szenario::auswerten(a, s, &q.frage, &alle, &self.datenschutz)
            .ok_or_else(|| unbekannte_kategorie(a, &s.kategorie))?;
        let zeile = |i: usize, e: usize| {
            let (av, an) = (&r.abdeckung_vorher[e], &r.abdeckung_nachher[e]);
            let z = zeigen(av.status, zugang) && zeigen(an.status, zugang);
            let mut vorher = abdeckungswerte(av, &q.frage, z);
            let mut nachher = abdeckungswerte(an, &q.frage, z);
            let m = &q.frage.messung;
            vorher.0.extend(entfernungswerte(&r.entfernungen_vorher[i], m, zugang).0);
            nachher.0.extend(entfernungswerte(&r.entfernungen_nachher[i], m, zugang).0);
            super::versorgung::Zeile {
                gebiet: self.gebiet(e, q.schema),
                werte: Vergleich { differenz: differenz(&vorher, &nachher), vorher, nachher },
                ausweis: Ausweis::von(av.status, zugang),
            }
        };
        let zeilen = einheiten.iter().enumerate().map(|(i, &e)| (e, zeile(i, e))).collect();
        let kreis = kreis_e.iter().enumerate().map(|(i, &e)| zeile(einheiten.len() + i, e)).collect();
        let hinzugefuegt = s
            .hinzu
            .iter()
            .map(|h| {
                let kommune = a.kommune_an(h.pos).map(|i| &a.kommunen[i]);
                Geplant {
                    name: h.name.clone(),
                    lon: h.lage.lon,
                    lat: h.lage.lat,
                    x_25832: gerundet(Some(h.pos.x), 2),
                    y_25832: gerundet(Some(h.pos.y), 2),
                    ags: kommune.map(|k| k.ags.to_string()),
                    kommune: kommune.map(|k| k.name.clone()),
                    hinweis: kommune.is_none().then_some("liegt außerhalb des Kreises"),
                }
            })
            .collect();
        let entfernt = s
            .weg
            .iter()
            .map(|&i| Geschlossen { id: a.angebote[i].id.clone(), name: a.angebote[i].name.clone() })
            .collect();
        let kopf = Szenariokopf {
            kopf: self.versorgungskopf(&s.kategorie, &q.frage, q.ebene, q.schema, zugang),
            szenario: Aenderungen { hinzugefuegt, entfernt },
        };
        Ok(self.flaechenantwort(kopf, zeilen, kreis, Format::Json))
    }
}

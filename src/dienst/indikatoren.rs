//! Indicators: the catalogue, and choropleths of an indicator (of the data set or derived)
//! with classes, colours, legend and the Kreis reference ("Kreis = 100").

use schemars::JsonSchema;
use serde::Serialize;

use super::messung::{MASS, MINUTE};
use super::parameter::{
    EBENE, Ganz, JAHR, KATEGORIE, Param, Parameter, SCHEMA, SCHWELLE, STAND, UMWEGFAKTOR, Verzeichnis, Wahl, Werte,
    ZIELGRUPPE, Zahlen, unbekannte_kategorie,
};
use super::teile::{Ausweis, Datenschutzangabe, Feature, GeojsonTyp, Schemaangabe, gerundet};
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::Atlas;
use crate::analysis::abgeleitet::{self, Abgeleitet, KATALOG};
use crate::analysis::ebenen::{Ebene, einheiten_der_ebene};
use crate::analysis::farben::{self, FARBE_DATENSCHUTZ, FARBE_KEINE_ANGABE, PALETTEN, Palette, Palettenangabe};
use crate::analysis::indikatoren::{Einheitswert, Herkunft, Karte, Kartenfrage, Legendenklasse, einheitswerte, karte};
use crate::analysis::klassen::{MAX_KLASSEN, MIN_KLASSEN, Methode, STANDARD_KLASSEN};
use crate::model::deutsch::zahl;
use crate::model::{Aggregation, Einheitsart, Indikator};

/// The parameters each derived indicator takes.
pub const ABGELEITET_PARAMETER: [(&str, &[Param]); 3] = [
    ("angebote_je_1000", &[Param::Wahl(&KATEGORIE), Param::Wahl(&ZIELGRUPPE)]),
    (
        "abdeckung",
        &[
            Param::Wahl(&KATEGORIE),
            Param::Wahl(&ZIELGRUPPE),
            Param::Zahl(&SCHWELLE),
            Param::Wahl(&MASS),
            Param::Zahlen(&MINUTE),
            Param::Zahl(&UMWEGFAKTOR),
        ],
    ),
    ("schueler_je_1000", &[]),
];

fn methoden(_: &Verzeichnis) -> Vec<String> {
    ["quantile", "gleich", "jenks", "manuell"].map(String::from).to_vec()
}
fn paletten(_: &Verzeichnis) -> Vec<String> {
    PALETTEN.iter().map(|p| p.id.to_string()).collect()
}
/// `methode`: the classification.
pub const METHODE: Wahl = Wahl {
    name: "methode",
    werte: Werte::Daten(methoden),
    standard: Some("quantile"),
    pflicht: false,
    text: "Klassifikation (manuell braucht grenzen)",
};
/// `klassen`: number of classes.
pub const KLASSEN: Ganz = Ganz {
    name: "klassen",
    min: MIN_KLASSEN,
    max: MAX_KLASSEN,
    standard: STANDARD_KLASSEN,
    text: "Anzahl der Klassen",
};
/// `grenzen`: class limits of `methode=manuell`.
pub const GRENZEN: Zahlen = Zahlen {
    name: "grenzen",
    min: f64::MIN,
    max: f64::MAX,
    min_anzahl: 1,
    max_anzahl: MAX_KLASSEN - 1,
    standard: None,
    beispiel: "10,5; 15; 20",
    einheit: "",
    text: "Klassengrenzen für methode=manuell, aufsteigend, durch Komma getrennt (oder mit Dezimalkomma durch Semikolon: 10,5; 15)",
};
/// `palette`: the colour scheme (default by polarity).
pub const PALETTE: Wahl = Wahl {
    name: "palette",
    werte: Werte::Daten(paletten),
    standard: None,
    pflicht: false,
    text: "Farbschema (id aus /api/indikatoren)",
};

/// The parameters of a choropleth (`/api/indikatoren/{id}`, and the indicator maps).
pub const KARTEN_PARAMETER: [Param; 14] = [
    Param::Wahl(&EBENE),
    Param::Wahl(&SCHEMA),
    Param::Jahr(&JAHR),
    Param::Wahl(&METHODE),
    Param::Ganz(&KLASSEN),
    Param::Zahlen(&GRENZEN),
    Param::Wahl(&PALETTE),
    Param::Wahl(&KATEGORIE),
    Param::Wahl(&ZIELGRUPPE),
    Param::Zahl(&SCHWELLE),
    Param::Wahl(&MASS),
    Param::Zahlen(&MINUTE),
    Param::Zahl(&UMWEGFAKTOR),
    Param::Text(&STAND),
];

/// The metadata of an indicator, with its years.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Indikatorangabe<'a> {
    /// The indicator's metadata (borrowed from the data set, or a derived one).
    #[serde(flatten)]
    pub indikator: std::borrow::Cow<'a, Indikator>,
    /// The aggregation rule in German.
    pub aggregation_bezeichnung: &'static str,
    /// Years with values.
    pub jahre: Vec<i32>,
    /// Years with values per Kommune.
    pub jahre_kommunen: Vec<i32>,
}

impl<'a> Indikatorangabe<'a> {
    /// The metadata of `i`.
    pub fn aus(i: std::borrow::Cow<'a, Indikator>) -> Self {
        Indikatorangabe {
            aggregation_bezeichnung: match i.aggregation {
                Aggregation::QuoteDerSummen => "Quote der Summen (Σ Zähler / Σ Nenner)",
                Aggregation::GewichtetesMittel => "gewichtetes Mittel der Kommunalwerte (Näherung)",
            },
            jahre: i.jahre(),
            jahre_kommunen: i.jahre_kommunen(),
            indikator: i,
        }
    }
}

/// A derived indicator in the catalogue.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Abgeleitetangabe {
    /// Id.
    pub id: &'static str,
    /// German name.
    pub name: &'static str,
    /// The parameters it takes.
    pub parameter: Vec<&'static str>,
    /// Years with values (the year of the population figures).
    pub jahre: Vec<i32>,
}

/// A classification method.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Methodenangabe {
    /// Id.
    pub id: Methode,
    /// German name.
    pub bezeichnung: &'static str,
}

/// Bounds of the number of classes.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Klassengrenzen {
    /// Fewest.
    pub min: usize,
    /// Most.
    pub max: usize,
    /// Default.
    pub standard: usize,
}

/// The indicator catalogue.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Katalog<'a> {
    /// Indicators of the data set.
    pub indikatoren: Vec<Indikatorangabe<'a>>,
    /// Indicators computed by the service.
    pub abgeleitet: Vec<Abgeleitetangabe>,
    /// Colour schemes.
    pub paletten: Vec<Palettenangabe>,
    /// Classification methods.
    pub methoden: Vec<Methodenangabe>,
    /// Number of classes.
    pub klassen: Klassengrenzen,
}

/// The indicator with this id: one of the data set, or a derived one built from the
/// parameters `kategorie`, `zielgruppe`, `schwelle` (or `minuten`), `mass`, `umwegfaktor`. With
/// `strikt`, those
/// parameters are refused for an indicator of the data set (where they would be ignored).
pub fn indikator_aus(a: &Atlas, id: &str, p: &Parameter, strikt: bool) -> Ergebnis<Indikator> {
    if let Some(i) = a.indikatoren.iter().find(|i| i.id == id) {
        let abgeleitete = ABGELEITET_PARAMETER.iter().flat_map(|(_, ps)| ps.iter().map(Param::name));
        if let Some(x) = abgeleitete.clone().find(|x| strikt && p.text(x).is_some()) {
            return Err(Anfragefehler::ungueltig(format!(
                "Parameter „{x}“ gilt nur für abgeleitete Indikatoren, nicht für „{id}“"
            )));
        }
        return Ok(i.clone());
    }
    let kategorie = || -> Ergebnis<String> {
        match p.text("kategorie") {
            Some(k) if a.kategorie(k).is_some() => Ok(k.to_string()),
            Some(k) => Err(unbekannte_kategorie(a, k)),
            None => Err(Anfragefehler::ungueltig(format!(
                "Parameter „kategorie“ fehlt: „{id}“ braucht eine Angebotskategorie"
            ))),
        }
    };
    let x = match id {
        "angebote_je_1000" => Abgeleitet::AngeboteJe1000 { kategorie: kategorie()?, zielgruppe: p.zielgruppe()? },
        "abdeckung" => {
            let (schwelle, messung) = p.schwelle_und_messung(a)?;
            Abgeleitet::Abdeckung { kategorie: kategorie()?, zielgruppe: p.zielgruppe()?, schwelle, messung }
        }
        "schueler_je_1000" => Abgeleitet::SchuelerJe1000,
        _ => {
            let mut ids: Vec<&str> = a.indikatoren.iter().map(|i| i.id.as_str()).collect();
            ids.extend(KATALOG.iter().map(|(id, _)| *id));
            return Err(Anfragefehler::nicht_gefunden(format!(
                "Einen Indikator „{}“ gibt es nicht; vorhanden: {}",
                super::parameter::kuerzen(id),
                ids.join(", ")
            )));
        }
    };
    abgeleitet::indikator(a, &x).map_err(Anfragefehler::ungueltig)
}

/// The year asked for (`jahr`), default the latest with values.
pub fn jahr_aus(i: &Indikator, p: &Parameter) -> Ergebnis<i32> {
    let jahre = i.jahre();
    let Some(&letztes) = jahre.last() else {
        return Err(Anfragefehler::nicht_gefunden(format!("Der Indikator „{}“ hat keine Werte", i.id)));
    };
    match p.jahr()? {
        None => Ok(letztes),
        Some(j) if jahre.contains(&j) => Ok(j),
        // A plausible year without values: that map does not exist.
        Some(j) => Err(Anfragefehler::nicht_gefunden(format!(
            "Für „{}“ gibt es im Jahr {j} keine Werte; vorhanden: {}",
            i.id,
            jahre.iter().map(|j| j.to_string()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// The Kreis reference: the Kreis value, or where it cannot be formed (a member without
/// value, e.g. Wetzlar with its own Jugendamt), the area of the Kreis's youth office.
pub fn kreiswert(a: &Atlas, werte: &[Einheitswert], zugang: Zugang) -> Option<(usize, Einheitswert)> {
    let amt = a.einheiten.iter().position(|e| e.art == Einheitsart::Jugendamt);
    [Some(a.kreis_einheit()), amt]
        .into_iter()
        .flatten()
        .map(|e| (e, werte[e].sichtbar(zugang.intern())))
        .find(|(_, w)| w.wert.is_some())
}

/// The index of a value against the Kreis (Kreis = 100).
pub fn index_kreis(wert: Option<f64>, kreis: Option<f64>) -> Option<f64> {
    match (wert, kreis) {
        (Some(x), Some(r)) if r != 0.0 => Some(x / r * 100.0),
        _ => None,
    }
}

/// The German text of a value with unit, "keine Angabe" without.
pub fn wert_text(x: Option<f64>, stellen: usize, einheit: &str) -> String {
    match x {
        Some(v) => format!("{} {einheit}", zahl(v, stellen)).trim_end().to_string(),
        None => "keine Angabe".into(),
    }
}

/// A computed choropleth with everything its answers (GeoJSON, maps) need.
#[derive(Debug)]
pub struct Choroplethe {
    /// The indicator (of the data set or derived).
    pub ind: Indikator,
    /// Year shown.
    pub jahr: i32,
    /// Level.
    pub ebene: Ebene,
    /// Region scheme (index).
    pub schema: usize,
    /// Values, classes, colours.
    pub karte: Karte,
    /// The reference unit and its value.
    pub referenz: Option<(usize, Einheitswert)>,
    /// Colour scheme.
    pub palette: &'static Palette,
    /// Classification.
    pub methode: Methode,
}

/// The properties of a unit on a choropleth.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Kartenwerte {
    /// The value (`null`: missing or hidden).
    pub wert: Option<f64>,
    /// The value in German with unit.
    pub wert_text: String,
    /// Numerator.
    pub zaehler: Option<f64>,
    /// Denominator.
    pub nenner: Option<f64>,
    /// Where the value comes from.
    pub herkunft: Herkunft,
    /// An approximation (weighted mean).
    pub naeherung: bool,
    /// Kreis = 100.
    pub index_kreis: Option<f64>,
    /// Class (0 = lowest).
    pub klasse: Option<usize>,
    /// Fill colour.
    pub farbe: String,
    /// Example data.
    pub beispiel: bool,
}

/// The legend entry of hidden values.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Sonderklasse {
    /// Number of units.
    pub anzahl: usize,
    /// German label.
    pub bezeichnung: &'static str,
    /// Fill colour.
    pub farbe: &'static str,
    /// Fill pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub muster: Option<&'static str>,
}

/// The Kreis reference in the legend.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Kreiswert {
    /// Unit id.
    pub id: String,
    /// Unit name.
    pub name: String,
    /// Value.
    pub wert: Option<f64>,
    /// Where it comes from.
    pub herkunft: Herkunft,
    /// German label.
    pub bezeichnung: String,
}

/// The legend of a choropleth.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Legende {
    /// Title: "Name (Jahr)".
    pub titel: String,
    /// Decimals that tell the class limits apart.
    pub stellen: usize,
    /// Unit of measure.
    pub einheit: String,
    /// Classification.
    pub methode: Methode,
    /// The same in German.
    pub methode_bezeichnung: &'static str,
    /// Classes.
    pub klassen: Vec<Legendenklasse>,
    /// Upper class limits.
    pub grenzen: Option<Vec<f64>>,
    /// Hidden values.
    pub datenschutz: Sonderklasse,
    /// Missing values.
    pub keine_angabe: Sonderklasse,
    /// Colour scheme.
    pub palette: Palettenangabe,
    /// The Kreis reference.
    pub kreiswert: Option<Kreiswert>,
    /// Source.
    pub quelle: String,
    /// Date of the data.
    pub stand: String,
    /// Shows example data.
    pub beispiel: bool,
    /// How regions and the Kreis are formed (not on the Kommune level).
    pub aggregation: Option<&'static str>,
}

/// A choropleth as GeoJSON with legend.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Choroplethenkarte<'a> {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub typ: GeojsonTyp,
    /// The indicator.
    pub indikator: Indikatorangabe<'a>,
    /// Year.
    pub jahr: i32,
    /// Level.
    pub ebene: Ebene,
    /// Region scheme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regionsschema: Option<Schemaangabe>,
    /// The data-protection rule.
    pub datenschutz: Datenschutzangabe,
    /// Legend.
    pub legende: Legende,
    /// One feature per unit.
    pub features: Vec<Feature<'a, super::versorgung::Zeile<Kartenwerte>>>,
}

impl Dienst {
    /// The indicator catalogue.
    pub fn katalog(&self) -> Katalog<'_> {
        Katalog {
            indikatoren: self
                .atlas
                .indikatoren
                .iter()
                .map(|i| Indikatorangabe::aus(std::borrow::Cow::Borrowed(i)))
                .collect(),
            abgeleitet: KATALOG
                .iter()
                .map(|(id, name)| Abgeleitetangabe {
                    id,
                    name,
                    parameter: ABGELEITET_PARAMETER
                        .iter()
                        .find(|(i, _)| i == id)
                        .map(|(_, ps)| ps.iter().map(Param::name).collect())
                        .unwrap_or_default(),
                    jahre: vec![self.atlas.vorgaben.bevoelkerungsjahr],
                })
                .collect(),
            paletten: PALETTEN.iter().map(Palette::beschreibung).collect(),
            methoden: [Methode::Quantile, Methode::Gleich, Methode::Jenks, Methode::Manuell]
                .map(|m| Methodenangabe { id: m, bezeichnung: m.bezeichnung() })
                .into(),
            klassen: Klassengrenzen { min: MIN_KLASSEN, max: MAX_KLASSEN, standard: STANDARD_KLASSEN },
        }
    }

    /// The indicator with this id (see [`indikator_aus`]); a derived one that counts offers
    /// names the day of the offers in its `stand`.
    pub fn indikator(&self, id: &str, p: &Parameter, strikt: bool) -> Ergebnis<Indikator> {
        let mut ind = indikator_aus(&self.atlas, id, p, strikt)?;
        if matches!(id, "angebote_je_1000" | "abdeckung")
            && let Some(stand) = self.angebotsstand()
        {
            ind.stand = ind.stand.replace(crate::analysis::abgeleitet::ANGEBOTE_DATENSATZ, &stand);
        }
        Ok(ind)
    }

    /// Computes the choropleth a request asks for (parameters as in `/api/indikatoren/{id}`).
    pub fn choroplethe(&self, id: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Choroplethe> {
        let a = &self.atlas;
        let ind = self.indikator(id, p, true)?;
        let jahr = jahr_aus(&ind, p)?;
        let ebene = p.wahl_mit_standard(&EBENE)?;
        let schema = p.schema(a)?;
        let methode: Methode = p.wahl_mit_standard(&METHODE)?;
        let klassen = p.ganz(&KLASSEN)?;
        let grenzen = if methode == Methode::Manuell {
            if p.text("grenzen").is_none() {
                return Err(Anfragefehler::ungueltig(
                    "Parameter „grenzen“ fehlt: für methode=manuell die Klassengrenzen angeben, z. B. grenzen=10,15,20",
                ));
            }
            p.zahlen(&GRENZEN, &a.vorgaben)?
        } else {
            Vec::new()
        };
        let palette = match p.text("palette") {
            None => farben::standard(ind.polaritaet),
            Some(t) => Palette::von_id(t).ok_or_else(|| {
                Anfragefehler::ungueltig(format!(
                    "Parameter „palette“: „{}“ ist unbekannt; erlaubt: {}",
                    super::parameter::kuerzen(t),
                    PALETTEN.iter().map(|p| p.id).collect::<Vec<_>>().join(", ")
                ))
            })?,
        };
        let werte = einheitswerte(a, &ind, jahr, &self.datenschutz);
        let einheiten = einheiten_der_ebene(a, ebene, schema);
        let frage = Kartenfrage { methode, klassen, grenzen, palette, intern: zugang.intern() };
        let karte = karte(&werte, &einheiten, &ind.masseinheit, &frage).map_err(Anfragefehler::ungueltig)?;
        let referenz = kreiswert(a, &werte, zugang);
        Ok(Choroplethe { ind, jahr, ebene, schema, karte, referenz, palette, methode })
    }

    /// The choropleth of an indicator as GeoJSON with legend.
    pub fn choroplethenkarte(&self, id: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Choroplethenkarte<'_>> {
        p.nur(&KARTEN_PARAMETER)?;
        let a = &self.atlas;
        let Choroplethe { ind, jahr, ebene, schema, karte: k, referenz, palette, methode } =
            self.choroplethe(id, p, zugang)?;
        let stellen = k.stellen;
        let features = k
            .werte
            .iter()
            .map(|w| {
                let werte = Kartenwerte {
                    wert: gerundet(w.wert.wert, 4),
                    wert_text: if w.wert.wert.is_none() && w.wert.status.gesperrt() {
                        w.wert.status.bezeichnung().to_string()
                    } else {
                        wert_text(w.wert.wert, stellen, &ind.masseinheit)
                    },
                    zaehler: gerundet(w.wert.zaehler, 2),
                    nenner: gerundet(w.wert.nenner, 2),
                    herkunft: w.wert.herkunft,
                    naeherung: w.wert.herkunft == Herkunft::GewichtetesMittel,
                    index_kreis: gerundet(index_kreis(w.wert.wert, referenz.and_then(|r| r.1.wert)), 1),
                    klasse: w.klasse,
                    farbe: w.farbe.clone(),
                    beispiel: ind.beispiel,
                };
                let zeile = super::versorgung::Zeile {
                    gebiet: self.gebiet(w.einheit, schema),
                    werte,
                    ausweis: Ausweis::von(w.wert.status, zugang),
                };
                self.feature(w.einheit, zeile)
            })
            .collect();
        let naeherung = k.werte.iter().any(|w| w.wert.herkunft == Herkunft::GewichtetesMittel);
        let legende = Legende {
            titel: format!("{} ({jahr})", ind.name),
            stellen,
            einheit: ind.masseinheit.clone(),
            methode,
            methode_bezeichnung: methode.bezeichnung(),
            klassen: k.klassen.clone(),
            grenzen: k.klassierung.as_ref().map(|x| x.obergrenzen.clone()),
            datenschutz: Sonderklasse {
                anzahl: k.anzahl_datenschutz,
                bezeichnung: "nicht ausgewiesen (Datenschutz)",
                farbe: FARBE_DATENSCHUTZ,
                muster: Some("schraffiert"),
            },
            keine_angabe: Sonderklasse {
                anzahl: k.anzahl_keine_angabe,
                bezeichnung: "keine Angabe",
                farbe: FARBE_KEINE_ANGABE,
                muster: None,
            },
            palette: palette.beschreibung(),
            kreiswert: referenz.map(|(e, w)| Kreiswert {
                id: a.einheiten[e].id.clone(),
                name: a.einheiten[e].name.clone(),
                wert: gerundet(w.wert, 4),
                herkunft: w.herkunft,
                bezeichnung: format!("{}: {}", a.einheiten[e].name, wert_text(w.wert, stellen, &ind.masseinheit)),
            }),
            quelle: ind.quelle.clone(),
            stand: ind.stand.clone(),
            beispiel: ind.beispiel
                || (ebene == Ebene::Region && a.regionsschemata.get(schema).is_some_and(|s| s.beispiel)),
            aggregation: match (ebene, naeherung) {
                (Ebene::Kommune, _) => None,
                (_, true) => Some(Herkunft::GewichtetesMittel.bezeichnung(ind.gewicht)),
                (_, false) => Some(Herkunft::QuoteDerSummen.bezeichnung(ind.gewicht)),
            },
        };
        Ok(Choroplethenkarte {
            typ: GeojsonTyp::FeatureCollection,
            indikator: Indikatorangabe::aus(std::borrow::Cow::Owned(ind)),
            jahr,
            ebene,
            regionsschema: a.regionsschemata.get(schema).map(Schemaangabe::aus),
            datenschutz: Datenschutzangabe::von(&self.datenschutz, zugang),
            legende,
            features,
        })
    }
}

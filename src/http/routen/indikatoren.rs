//! Indicators: the catalogue and choropleth maps with legend.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::versorgung::{STANDARD_SCHWELLE_BEDARF, STANDARD_ZIELGRUPPE};
use crate::Atlas;
use crate::analysis::abdeckung::{MAX_SCHWELLE_M, UMWEGFAKTOR};
use crate::analysis::abgeleitet::{self, Abgeleitet, KATALOG};
use crate::analysis::einheiten::{Ebene, einheiten_der_ebene};
use crate::analysis::farben::{self, FARBE_DATENSCHUTZ, FARBE_KEINE_ANGABE, PALETTEN, Palette};
use crate::analysis::indikatoren::{Einheitswert, Herkunft, Kartenfrage, einheitswerte, karte};
use crate::analysis::klassen::{MAX_KLASSEN, MIN_KLASSEN, Methode, STANDARD_KLASSEN};
use crate::http::ausgabe::{self, gerundet};
use crate::http::beschreibung::parameter_von;
use crate::http::parameter::{Parameter, unbekannte_kategorie};
use crate::http::{ApiFehler, Zugang, Zustand};
use crate::model::deutsch::zahl;
use crate::model::{Einheitsart, Indikator};

/// Parameters only derived indicators take.
const ABGELEITET_PARAMETER: [&str; 4] = ["kategorie", "zielgruppe", "schwelle", "umwegfaktor"];

fn metadaten(i: &Indikator) -> Value {
    json!({
        "id": i.id,
        "name": i.name,
        "definition": i.definition,
        "einheit": i.einheit,
        "polaritaet": i.polaritaet,
        "aggregation": i.aggregation,
        "aggregation_bezeichnung": match i.aggregation {
            crate::model::Aggregation::QuoteDerSummen => "Quote der Summen (Σ Zähler / Σ Nenner)",
            crate::model::Aggregation::GewichtetesMittel => "gewichtetes Mittel der Kommunalwerte (Näherung)",
        },
        "gewicht": i.gewicht,
        "zaehler": i.zaehler,
        "nenner": i.nenner,
        "multiplikator": i.multiplikator,
        "datenschutz": i.datenschutz,
        "stand": i.stand,
        "quelle": i.quelle,
        "beispiel": i.beispiel,
        "jahre": i.jahre(),
        "jahre_kommunen": i.jahre_kommunen(),
    })
}

/// `GET /api/indikatoren`: every indicator with its metadata, the derived ones with their
/// parameters, the colour schemes and classification methods.
pub async fn katalog(State(z): State<Zustand>, p: Parameter) -> Result<Json<Value>, ApiFehler> {
    p.nur(parameter_von("/api/indikatoren"))?;
    let a = &z.atlas;
    let methoden = [Methode::Quantile, Methode::Gleich, Methode::Jenks, Methode::Manuell]
        .map(|m| json!({"id": m, "bezeichnung": m.bezeichnung()}));
    Ok(Json(json!({
        "indikatoren": a.indikatoren.iter().map(metadaten).collect::<Vec<_>>(),
        "abgeleitet": KATALOG.iter().map(|(id, name, par)| json!({"id": id, "name": name, "parameter": par})).collect::<Vec<_>>(),
        "paletten": PALETTEN.iter().map(Palette::beschreibung).collect::<Vec<_>>(),
        "methoden": methoden,
        "klassen": {"min": MIN_KLASSEN, "max": MAX_KLASSEN, "standard": STANDARD_KLASSEN},
    })))
}

/// The indicator with this id: one of the data set, or a derived one built from the
/// parameters `kategorie`, `zielgruppe`, `schwelle`. With `strikt`, those parameters are
/// refused for an indicator of the data set (where they would be silently ignored).
pub fn indikator_aus(a: &Atlas, id: &str, p: &Parameter, strikt: bool) -> Result<Indikator, ApiFehler> {
    if let Some(i) = a.indikatoren.iter().find(|i| i.id == id) {
        if let Some(x) = ABGELEITET_PARAMETER.iter().find(|x| strikt && p.text(x).is_some()) {
            return Err(ApiFehler::ungueltig(format!(
                "Parameter „{x}“ gilt nur für abgeleitete Indikatoren, nicht für „{id}“"
            )));
        }
        return Ok(i.clone());
    }
    let kategorie = || -> Result<String, ApiFehler> {
        match p.text("kategorie") {
            Some(k) if a.kategorie(k).is_some() => Ok(k.to_string()),
            Some(k) => Err(unbekannte_kategorie(a, k)),
            None => {
                Err(ApiFehler::ungueltig(format!("Parameter „kategorie“ fehlt: „{id}“ braucht eine Angebotskategorie")))
            }
        }
    };
    let x = match id {
        "angebote_je_1000" => {
            Abgeleitet::AngeboteJe1000 { kategorie: kategorie()?, zielgruppe: p.zielgruppe(STANDARD_ZIELGRUPPE)? }
        }
        "abdeckung" => Abgeleitet::Abdeckung {
            kategorie: kategorie()?,
            zielgruppe: p.zielgruppe(STANDARD_ZIELGRUPPE)?,
            schwelle_m: p.zahl("schwelle", 1.0..=MAX_SCHWELLE_M, Some(STANDARD_SCHWELLE_BEDARF), " m")?,
            umwegfaktor: p.zahl("umwegfaktor", UMWEGFAKTOR, Some(1.0), "")?,
        },
        "schueler_je_1000" => Abgeleitet::SchuelerJe1000,
        _ => {
            let mut ids: Vec<&str> = a.indikatoren.iter().map(|i| i.id.as_str()).collect();
            ids.extend(KATALOG.iter().map(|(id, ..)| *id));
            return Err(ApiFehler::nicht_gefunden(format!(
                "Einen Indikator „{id}“ gibt es nicht; vorhanden: {}",
                ids.join(", ")
            )));
        }
    };
    abgeleitet::indikator(a, &x).map_err(ApiFehler::ungueltig)
}

/// The year asked for (`jahr`), default the latest with values.
pub fn jahr_aus(i: &Indikator, p: &Parameter) -> Result<i32, ApiFehler> {
    let jahre = i.jahre();
    let Some(&letztes) = jahre.last() else {
        return Err(ApiFehler::nicht_gefunden(format!("Der Indikator „{}“ hat keine Werte", i.id)));
    };
    let vorhanden = || jahre.iter().map(|j| j.to_string()).collect::<Vec<_>>().join(", ");
    match p.jahr()? {
        None => Ok(letztes),
        Some(j) if jahre.contains(&j) => Ok(j),
        // A plausible year without values: that map does not exist.
        Some(j) => Err(ApiFehler::nicht_gefunden(format!(
            "Für „{}“ gibt es im Jahr {j} keine Werte; vorhanden: {}",
            i.id,
            vorhanden()
        ))),
    }
}

/// The Kreis reference: the Kreis value, or where it cannot be formed (a member without
/// value, e.g. Wetzlar with its own Jugendamt), the area of the Kreis's youth office.
fn kreiswert(a: &Atlas, werte: &[Einheitswert], zugang: Zugang) -> Option<(usize, Einheitswert)> {
    let kreis = a.kreis_einheit();
    let amt = a.einheiten.iter().position(|e| e.art == Einheitsart::Jugendamt);
    [Some(kreis), amt]
        .into_iter()
        .flatten()
        .map(|e| (e, werte[e].sichtbar(zugang.intern())))
        .find(|(_, w)| w.wert.is_some())
}

/// A computed choropleth with everything its answers need.
pub(super) struct Choroplethe {
    /// The indicator (of the data set or derived).
    pub ind: Indikator,
    /// Year shown.
    pub jahr: i32,
    /// Level.
    pub ebene: Ebene,
    /// Region scheme (index).
    pub schema: usize,
    /// Values, classes, colours.
    pub karte: crate::analysis::indikatoren::Karte,
    /// The reference unit and its value.
    pub referenz: Option<(usize, Einheitswert)>,
    /// Colour scheme.
    pub palette: &'static Palette,
    /// Classification.
    pub methode: Methode,
}

/// Computes the choropleth a request asks for (parameters as in `/api/indikatoren/{id}`).
pub(super) fn choroplethe(z: &Zustand, id: &str, p: &Parameter, zugang: Zugang) -> Result<Choroplethe, ApiFehler> {
    let a = &z.atlas;
    let ind = indikator_aus(a, id, p, true)?;
    let jahr = jahr_aus(&ind, p)?;
    let ebene = p.auswahl("ebene", Ebene::Kommune)?;
    let schema = p.schema(a)?;
    let methode = p.auswahl("methode", Methode::Quantile)?;
    let klassen = p.ganzzahl("klassen", MIN_KLASSEN..=MAX_KLASSEN, STANDARD_KLASSEN)?;
    let grenzen = if methode == Methode::Manuell {
        if p.text("grenzen").is_none() {
            return Err(ApiFehler::ungueltig(
                "Parameter „grenzen“ fehlt: für methode=manuell die Klassengrenzen angeben, z. B. grenzen=10,15,20",
            ));
        }
        p.zahlen("grenzen", f64::MIN..=f64::MAX, &[], MAX_KLASSEN - 1, "")?
    } else {
        Vec::new()
    };
    let palette = match p.text("palette") {
        None => farben::standard(ind.polaritaet),
        Some(t) => Palette::von_id(t).ok_or_else(|| {
            ApiFehler::ungueltig(format!(
                "Parameter „palette“: „{t}“ ist unbekannt; erlaubt: {}",
                PALETTEN.iter().map(|p| p.id).collect::<Vec<_>>().join(", ")
            ))
        })?,
    };
    let werte = einheitswerte(a, &ind, jahr, &z.datenschutz);
    let einheiten = einheiten_der_ebene(a, ebene, schema);
    let frage = Kartenfrage { methode, klassen, grenzen, palette, intern: zugang.intern() };
    let karte = karte(&werte, &einheiten, &ind.einheit, &frage).map_err(ApiFehler::ungueltig)?;
    let referenz = kreiswert(a, &werte, zugang);
    Ok(Choroplethe { ind, jahr, ebene, schema, karte, referenz, palette, methode })
}

/// The German text of a value with unit, "keine Angabe" without.
pub(super) fn wert_text(x: Option<f64>, stellen: usize, einheit: &str) -> String {
    match x {
        Some(v) => format!("{} {einheit}", zahl(v, stellen)).trim_end().to_string(),
        None => "keine Angabe".into(),
    }
}

/// `GET /api/indikatoren/{id}`: the choropleth of an indicator as GeoJSON with legend.
pub async fn karte_route(
    State(z): State<Zustand>,
    zugang: Zugang,
    Path(id): Path<String>,
    p: Parameter,
) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/api/indikatoren/{id}"))?;
    let a = &z.atlas;
    let Choroplethe { ind, jahr, ebene, schema, karte: k, referenz, palette, methode } =
        choroplethe(&z, &id, &p, zugang)?;
    let stellen = k.stellen;

    let features: Vec<Value> = k
        .werte
        .iter()
        .map(|w| {
            let mut m = super::versorgung::einheit_mit_region(&z, w.einheit, schema);
            m.insert("wert".into(), gerundet(w.wert.wert, 4));
            m.insert("wert_text".into(), wert_text(w.wert.wert, stellen, &ind.einheit).into());
            m.insert("zaehler".into(), gerundet(w.wert.zaehler, 2));
            m.insert("nenner".into(), gerundet(w.wert.nenner, 2));
            m.insert("herkunft".into(), json!(w.wert.herkunft));
            m.insert("naeherung".into(), (w.wert.herkunft == Herkunft::GewichtetesMittel).into());
            let index = match (w.wert.wert, referenz.map(|r| r.1.wert)) {
                (Some(x), Some(Some(r))) if r != 0.0 => Some(x / r * 100.0),
                _ => None,
            };
            m.insert("index_kreis".into(), gerundet(index, 1));
            m.insert("klasse".into(), json!(w.klasse));
            m.insert("farbe".into(), w.farbe.clone().into());
            m.insert("beispiel".into(), ind.beispiel.into());
            ausgabe::status(&mut m, w.wert.status, zugang);
            ausgabe::feature(&z, w.einheit, m)
        })
        .collect();
    let naeherung = k.werte.iter().any(|w| w.wert.herkunft == Herkunft::GewichtetesMittel);
    let mut legende = Map::new();
    legende.insert("titel".into(), format!("{} ({jahr})", ind.name).into());
    legende.insert("stellen".into(), json!(stellen));
    legende.insert("einheit".into(), ind.einheit.clone().into());
    legende.insert("methode".into(), json!(methode));
    legende.insert("methode_bezeichnung".into(), methode.bezeichnung().into());
    legende.insert("klassen".into(), serde_json::to_value(&k.klassen).unwrap_or(Value::Null));
    legende.insert("grenzen".into(), json!(k.klassierung.as_ref().map(|x| x.obergrenzen.clone())));
    legende.insert(
        "datenschutz".into(),
        json!({"anzahl": k.anzahl_datenschutz, "bezeichnung": "nicht ausgewiesen (Datenschutz)", "farbe": FARBE_DATENSCHUTZ, "muster": "schraffiert"}),
    );
    legende.insert(
        "keine_angabe".into(),
        json!({"anzahl": k.anzahl_keine_angabe, "bezeichnung": "keine Angabe", "farbe": FARBE_KEINE_ANGABE}),
    );
    legende.insert("palette".into(), palette.beschreibung());
    legende.insert(
        "kreiswert".into(),
        match referenz {
            Some((e, w)) => json!({
                "id": a.einheiten[e].id, "name": a.einheiten[e].name, "wert": gerundet(w.wert, 4), "herkunft": w.herkunft,
                "bezeichnung": format!("{}: {}", a.einheiten[e].name, wert_text(w.wert, stellen, &ind.einheit)),
            }),
            None => Value::Null,
        },
    );
    legende.insert("quelle".into(), ind.quelle.clone().into());
    legende.insert("stand".into(), ind.stand.clone().into());
    legende.insert(
        "beispiel".into(),
        (ind.beispiel || (ebene == Ebene::Region && a.regionsschemata.get(schema).is_some_and(|s| s.beispiel))).into(),
    );
    legende.insert(
        "aggregation".into(),
        match (ebene, naeherung) {
            (Ebene::Kommune, _) => Value::Null,
            (_, true) => Herkunft::GewichtetesMittel.bezeichnung(ind.gewicht).into(),
            (_, false) => Herkunft::QuoteDerSummen.bezeichnung(ind.gewicht).into(),
        },
    );
    let mut body = Map::new();
    body.insert("type".into(), "FeatureCollection".into());
    body.insert("indikator".into(), metadaten(&ind));
    body.insert("jahr".into(), jahr.into());
    body.insert("ebene".into(), json!(ebene));
    if let Some(s) = a.regionsschemata.get(schema) {
        body.insert(
            "regionsschema".into(),
            json!({"id": s.id, "bezeichnung": s.bezeichnung, "stand": s.stand, "beispiel": s.beispiel}),
        );
    }
    body.insert("datenschutz".into(), ausgabe::datenschutz(&z.datenschutz, zugang));
    body.insert("legende".into(), Value::Object(legende));
    body.insert("features".into(), features.into());
    Ok(ausgabe::geojson(Value::Object(body)))
}

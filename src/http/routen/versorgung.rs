//! Coverage, distances, what-if scenarios and need × supply.

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::Atlas;
use crate::analysis::abdeckung::{self, Abdeckung, Abdeckungsfrage, MAX_SCHWELLE_M, MAX_SCHWELLEN, UMWEGFAKTOR};
use crate::analysis::bedarf::{STANDARD_VERSORGUNG_GRENZEN, bedarf_angebot};
use crate::analysis::einheiten::{Ebene, einheiten_der_ebene};
use crate::analysis::entfernungen::{Entfernungsstatistik, entfernungen, sitz_naechste};
use crate::analysis::farben::bivariat;
use crate::analysis::indikatoren::einheitswerte;
use crate::analysis::szenario::{self, GeplantesAngebot, MAX_HINZU, MAX_WEG, Szenario};
use crate::http::ausgabe::{self, BEVOELKERUNGSBASIS, gerundet};
use crate::http::beschreibung::parameter_von;
use crate::http::parameter::{Parameter, schema_index, unbekannte_kategorie};
use crate::http::routen::indikatoren::{indikator_aus, jahr_aus};
use crate::http::{ApiFehler, Zugang, Zustand};
use crate::model::Zielgruppe;
use crate::spatial::{lonlat_pruefen, utm32_von_lonlat};

/// Default thresholds of coverage questions, metres.
pub const STANDARD_SCHWELLEN: [f64; 3] = [1000.0, 2000.0, 5000.0];
/// Default target group of coverage questions.
pub const STANDARD_ZIELGRUPPE: Zielgruppe = Zielgruppe::Unter18;
/// Default threshold of the need × supply map, metres.
pub const STANDARD_SCHWELLE_BEDARF: f64 = 2000.0;

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

/// A unit's description plus the region it belongs to in the chosen scheme.
pub(super) fn einheit_mit_region(z: &Zustand, e: usize, schema: usize) -> Map<String, Value> {
    let a = &z.atlas;
    let mut m = z.einheiten_json[e].clone();
    if e < a.kommunen.len() {
        if let Some(s) = a.regionsschemata.get(schema) {
            m.insert("region".into(), s.zuordnung[e].map(|r| s.regionen[r].clone()).into());
        }
    }
    m
}

fn schwellenname(s: f64) -> String {
    format!("{s}")
}

fn abdeckung_werte(x: &Abdeckung, frage: &Abdeckungsfrage, m: &mut Map<String, Value>, zeigen: bool) {
    m.insert("gewicht".into(), if zeigen { gerundet(Some(x.gewicht), 1) } else { Value::Null });
    for (i, s) in frage.schwellen_m.iter().enumerate() {
        let (anteil, versorgt) = if zeigen { (x.anteil(i), Some(x.versorgt[i])) } else { (None, None) };
        let name = schwellenname(*s);
        m.insert(format!("anteil_{name}"), gerundet(anteil, 6));
        m.insert(format!("versorgt_{name}"), gerundet(versorgt, 1));
    }
    m.insert("nicht_versorgt".into(), if zeigen { gerundet(Some(x.nicht_versorgt()), 1) } else { Value::Null });
}

fn abdeckung_zeile(
    z: &Zustand,
    x: &Abdeckung,
    frage: &Abdeckungsfrage,
    schema: usize,
    zugang: Zugang,
) -> Map<String, Value> {
    let mut m = einheit_mit_region(z, x.einheit, schema);
    abdeckung_werte(x, frage, &mut m, ausgabe::zeigen(x.status, zugang));
    ausgabe::status(&mut m, x.status, zugang);
    m
}

fn frage_aus(p: &Parameter) -> Result<Abdeckungsfrage, ApiFehler> {
    let z = p.zielgruppe(STANDARD_ZIELGRUPPE)?;
    let schwellen = p.zahlen("schwellen", 1.0..=MAX_SCHWELLE_M, &STANDARD_SCHWELLEN, MAX_SCHWELLEN, " m")?;
    let f = p.zahl("umwegfaktor", UMWEGFAKTOR, Some(1.0), "")?;
    Abdeckungsfrage::neu(z, schwellen, f).map_err(ApiFehler::ungueltig)
}

fn kopf(
    a: &Atlas,
    kategorie: &str,
    frage: &Abdeckungsfrage,
    ebene: Ebene,
    schema: usize,
    z: &Zustand,
    zugang: Zugang,
) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(k) = a.kategorie(kategorie) {
        m.insert("kategorie".into(), ausgabe::kategorie(a, k));
    }
    m.insert("zielgruppe".into(), json!({"id": frage.zielgruppe.id(), "bezeichnung": frage.zielgruppe.bezeichnung()}));
    m.insert("schwellen_m".into(), json!(frage.schwellen_m));
    m.insert("umwegfaktor".into(), json!(frage.umwegfaktor));
    m.insert("entfernungsmass".into(), frage.mass().into());
    m.insert("einheit".into(), "m".into());
    m.insert("bevoelkerungsbasis".into(), BEVOELKERUNGSBASIS.into());
    m.insert("ebene".into(), json!(ebene));
    if let Some(s) = a.regionsschemata.get(schema) {
        m.insert(
            "regionsschema".into(),
            json!({"id": s.id, "bezeichnung": s.bezeichnung, "stand": s.stand, "beispiel": s.beispiel}),
        );
    }
    m.insert("datenschutz".into(), ausgabe::datenschutz(&z.datenschutz, zugang));
    m
}

/// Puts unit rows into the answer: a list under `einheiten` (JSON) or features (GeoJSON).
fn antwort(
    z: &Zustand,
    mut kopf: Map<String, Value>,
    zeilen: Vec<(usize, Map<String, Value>)>,
    kreis: Vec<Map<String, Value>>,
    format: Format,
) -> Response {
    kopf.insert("kreis".into(), kreis.into_iter().map(Value::Object).collect());
    match format {
        Format::Json => {
            kopf.insert("einheiten".into(), zeilen.into_iter().map(|(_, m)| Value::Object(m)).collect());
            axum::response::IntoResponse::into_response(axum::Json(Value::Object(kopf)))
        }
        Format::Geojson => {
            let mut fc = Map::new();
            fc.insert("type".into(), "FeatureCollection".into());
            fc.extend(kopf);
            fc.insert("features".into(), zeilen.into_iter().map(|(e, m)| ausgabe::feature(z, e, m)).collect());
            ausgabe::geojson(Value::Object(fc))
        }
    }
}

/// `GET /api/abdeckung`: coverage per Kommune, region or Kreis.
pub async fn abdeckung(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/api/abdeckung"))?;
    let a = &z.atlas;
    let kat = p.kategorie_pflicht(a)?;
    let frage = frage_aus(&p)?;
    let ebene = p.auswahl("ebene", Ebene::Kommune)?;
    let schema = p.schema(a)?;
    let format = p.auswahl("format", Format::Json)?;
    let naechste = a.naechste_angebote(kat, frage.zielgruppe).ok_or_else(|| unbekannte_kategorie(a, kat))?;
    let alle = abdeckung::abdeckung(a, naechste, &frage, &z.datenschutz);
    let zeilen = einheiten_der_ebene(a, ebene, schema)
        .into_iter()
        .map(|e| (e, abdeckung_zeile(&z, &alle[e], &frage, schema, zugang)))
        .collect();
    let kreis = einheiten_der_ebene(a, Ebene::Kreis, schema)
        .into_iter()
        .map(|e| abdeckung_zeile(&z, &alle[e], &frage, schema, zugang))
        .collect();
    Ok(antwort(&z, kopf(a, kat, &frage, ebene, schema, &z, zugang), zeilen, kreis, format))
}

fn entfernung_werte(x: &Entfernungsstatistik, m: &mut Map<String, Value>, zugang: Zugang) {
    let zeigen = ausgabe::zeigen(x.status, zugang);
    let w = |v: Option<f64>, st: i32| if zeigen { gerundet(v, st) } else { Value::Null };
    m.insert("gewicht".into(), w(Some(x.gewicht), 1));
    m.insert("mittel_m".into(), w(x.mittel_m, 0));
    m.insert("median_m".into(), w(x.median_m, 0));
    m.insert("p90_m".into(), w(x.p90_m, 0));
    m.insert("maximum_m".into(), w(x.maximum_m, 0));
    m.insert("sitz_m".into(), gerundet(x.sitz_m, 0));
}

fn entfernung_zeile(z: &Zustand, x: &Entfernungsstatistik, schema: usize, zugang: Zugang) -> Map<String, Value> {
    let mut m = einheit_mit_region(z, x.einheit, schema);
    entfernung_werte(x, &mut m, zugang);
    ausgabe::status(&mut m, x.status, zugang);
    m
}

/// `GET /api/entfernungen`: weighted distance statistics to the nearest offer per unit.
pub async fn entfernungen_route(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/api/entfernungen"))?;
    let a = &z.atlas;
    let kat = p.kategorie_pflicht(a)?;
    let zielgruppe = p.zielgruppe(STANDARD_ZIELGRUPPE)?;
    let f = p.zahl("umwegfaktor", UMWEGFAKTOR, Some(1.0), "")?;
    let ebene = p.auswahl("ebene", Ebene::Kommune)?;
    let schema = p.schema(a)?;
    let format = p.auswahl("format", Format::Json)?;
    let naechste = a.naechste_angebote(kat, zielgruppe).ok_or_else(|| unbekannte_kategorie(a, kat))?;
    let baum = a.angebote_baum(Some(kat)).ok_or_else(|| unbekannte_kategorie(a, kat))?;
    let sitz = sitz_naechste(a, baum, |_| true);
    let einheiten = einheiten_der_ebene(a, ebene, schema);
    let kreis_e = einheiten_der_ebene(a, Ebene::Kreis, schema);
    // One call for the level and the Kreis rows: the suppression pattern is computed once.
    let alle: Vec<usize> = einheiten.iter().chain(&kreis_e).copied().collect();
    let stat = entfernungen(a, naechste, &sitz, zielgruppe, f, &alle, &z.datenschutz);
    let (ebene_stat, kreis_stat) = stat.split_at(einheiten.len());
    let zeilen = ebene_stat.iter().map(|x| (x.einheit, entfernung_zeile(&z, x, schema, zugang))).collect();
    let kreis = kreis_stat.iter().map(|x| entfernung_zeile(&z, x, schema, zugang)).collect();
    let frage = Abdeckungsfrage { zielgruppe, schwellen_m: Vec::new(), umwegfaktor: f };
    let mut k = kopf(a, kat, &frage, ebene, schema, &z, zugang);
    k.remove("schwellen_m");
    k.insert(
        "methode".into(),
        "Je Person die Entfernung zum nächsten Angebot; Mittel, Median und 90. Perzentil mit der Bevölkerungsfläche gewichtet \
         (Perzentil = kleinste Entfernung, bis zu der der Anteil der Personen erreicht ist); sitz_m = Entfernung vom Sitzpunkt der Kommune"
            .into(),
    );
    Ok(antwort(&z, k, zeilen, kreis, format))
}

/// A planned offer in a scenario request.
/// An optional member: left out is `None`; `null` is refused like any other wrong type (the
/// OpenAPI document says "leave it out", and one way to say nothing is enough).
fn ohne_null<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NeuesAngebot {
    lon: f64,
    lat: f64,
    #[serde(default, deserialize_with = "ohne_null")]
    name: Option<String>,
    #[serde(default, deserialize_with = "ohne_null")]
    kategorie: Option<String>,
}

/// The body of `POST /api/szenario`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Szenarioanfrage {
    kategorie: String,
    #[serde(default, deserialize_with = "ohne_null")]
    zielgruppe: Option<String>,
    #[serde(default, deserialize_with = "ohne_null")]
    schwellen: Option<Vec<f64>>,
    #[serde(default, deserialize_with = "ohne_null")]
    umwegfaktor: Option<f64>,
    #[serde(default, deserialize_with = "ohne_null")]
    ebene: Option<String>,
    #[serde(default, deserialize_with = "ohne_null")]
    schema: Option<String>,
    #[serde(default)]
    hinzufuegen: Vec<NeuesAngebot>,
    #[serde(default)]
    entfernen: Vec<String>,
}

const SZENARIO_BEISPIEL: &str = r#"{"kategorie":"familienzentrum","zielgruppe":"unter18","schwellen":[1000,2000,5000],"hinzufuegen":[{"lon":8.30,"lat":50.70,"name":"Geplantes Familienzentrum"}],"entfernen":["fz-beispiel-03"]}"#;

fn szenario_lesen(
    a: &Atlas,
    kopf: &HeaderMap,
    body: &[u8],
) -> Result<(Szenario, Abdeckungsfrage, Ebene, usize), ApiFehler> {
    let typ = kopf.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !typ.starts_with("application/json") {
        return Err(ApiFehler::koerper(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Der Inhalt muss JSON sein (Content-Type: application/json), z. B. {SZENARIO_BEISPIEL}"),
        ));
    }
    let anfrage: Szenarioanfrage = serde_json::from_slice(body).map_err(|e| {
        ApiFehler::ungueltig(format!(
            "Das Szenario ist nicht lesbar: {}. Beispiel: {SZENARIO_BEISPIEL}",
            crate::http::fehler::json_fehler(&e)
        ))
    })?;
    szenario_pruefen(a, anfrage)
}

/// The scenario of a map request: `kategorie`, `zielgruppe`, `schwelle`, planned places in
/// `plan` ("Länge,Breite;Länge,Breite", as the map page keeps them) and closed offers in `weg`
/// ("id,id").
pub(super) fn szenario_aus_parametern(a: &Atlas, p: &Parameter) -> Result<(Szenario, Abdeckungsfrage), ApiFehler> {
    let kategorie = p.kategorie_pflicht(a)?.to_string();
    let mut hinzufuegen = Vec::new();
    for (i, ort) in p.text("plan").unwrap_or("").split(';').map(str::trim).filter(|t| !t.is_empty()).enumerate() {
        let zahlen: Vec<f64> =
            ort.split(',').filter_map(|x| x.trim().parse::<f64>().ok()).filter(|x| x.is_finite()).collect();
        let [lon, lat] = zahlen.as_slice() else {
            return Err(ApiFehler::ungueltig(format!(
                "Parameter „plan“, Ort {}: „{}“ – erwartet Länge,Breite in WGS84, mehrere durch Semikolon getrennt, z. B. plan=8.38,50.6;8.3,50.7",
                i + 1,
                crate::http::parameter::kuerzen(ort)
            )));
        };
        hinzufuegen.push(NeuesAngebot { lon: *lon, lat: *lat, name: None, kategorie: None });
    }
    let entfernen: Vec<String> =
        p.text("weg").unwrap_or("").split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect();
    let anfrage = Szenarioanfrage {
        kategorie,
        zielgruppe: p.text("zielgruppe").map(String::from),
        schwellen: Some(vec![p.zahl("schwelle", 1.0..=MAX_SCHWELLE_M, Some(STANDARD_SCHWELLE_BEDARF), " m")?]),
        umwegfaktor: None,
        ebene: None,
        schema: p.text("schema").map(String::from),
        hinzufuegen,
        entfernen,
    };
    let (s, frage, ..) = szenario_pruefen(a, anfrage)?;
    Ok((s, frage))
}

/// Checks a scenario request against the data set.
fn szenario_pruefen(
    a: &Atlas,
    anfrage: Szenarioanfrage,
) -> Result<(Szenario, Abdeckungsfrage, Ebene, usize), ApiFehler> {
    if a.kategorie(&anfrage.kategorie).is_none() {
        return Err(unbekannte_kategorie(a, &anfrage.kategorie));
    }
    if anfrage.hinzufuegen.len() > MAX_HINZU || anfrage.entfernen.len() > MAX_WEG {
        return Err(ApiFehler::ungueltig(format!(
            "Szenario zu groß: höchstens {MAX_HINZU} neue und {MAX_WEG} entfernte Angebote je Anfrage"
        )));
    }
    let zielgruppe = match anfrage.zielgruppe.as_deref() {
        None => STANDARD_ZIELGRUPPE,
        Some(t) => Zielgruppe::von_id(t).ok_or_else(|| {
            ApiFehler::ungueltig(format!(
                "„zielgruppe“: „{t}“ ist unbekannt; erlaubt: {}",
                Zielgruppe::ALLE.map(|z| z.id()).join(", ")
            ))
        })?,
    };
    let frage = Abdeckungsfrage::neu(
        zielgruppe,
        anfrage.schwellen.unwrap_or_else(|| STANDARD_SCHWELLEN.to_vec()),
        anfrage.umwegfaktor.unwrap_or(1.0),
    )
    .map_err(|e| ApiFehler::ungueltig(format!("„schwellen“/„umwegfaktor“: {e}")))?;
    let ebene = match anfrage.ebene.as_deref() {
        None => Ebene::Kommune,
        Some(t) => t.parse().map_err(|e: String| ApiFehler::ungueltig(format!("„ebene“: {e}")))?,
    };
    let schema = schema_index(a, anfrage.schema.as_deref())?;
    let mut hinzu = Vec::new();
    for (i, n) in anfrage.hinzufuegen.iter().enumerate() {
        let nr = i + 1;
        if let Some(k) = &n.kategorie {
            if *k != anfrage.kategorie {
                return Err(ApiFehler::ungueltig(format!(
                    "„hinzufuegen“, Angebot {nr}: Kategorie „{k}“ passt nicht zur Kategorie des Szenarios „{}“",
                    anfrage.kategorie
                )));
            }
        }
        let lage = lonlat_pruefen(n.lon, n.lat)
            .map_err(|e| ApiFehler::ungueltig(format!("„hinzufuegen“, Angebot {nr}: {e}")))?;
        let pos = utm32_von_lonlat(lage).map_err(ApiFehler::intern)?;
        if let Some(name) = &n.name {
            if name.chars().count() > super::karten::MAX_TITEL || name.chars().any(char::is_control) {
                return Err(ApiFehler::ungueltig(format!(
                    "„hinzufuegen“, Angebot {nr}: „name“ höchstens {} Zeichen, ohne Steuerzeichen",
                    super::karten::MAX_TITEL
                )));
            }
        }
        let name = n.name.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| format!("Geplantes Angebot {nr}"));
        hinzu.push(GeplantesAngebot { name, lage, pos });
    }
    let mut weg = BTreeSet::new();
    for id in &anfrage.entfernen {
        match a.angebote.iter().position(|o| o.id == *id) {
            Some(i) if a.angebote[i].kategorie == anfrage.kategorie => {
                weg.insert(i);
            }
            Some(i) => {
                return Err(ApiFehler::ungueltig(format!(
                    "„entfernen“: Angebot „{id}“ gehört zur Kategorie „{}“, nicht zu „{}“",
                    a.angebote[i].kategorie, anfrage.kategorie
                )));
            }
            None => {
                return Err(ApiFehler::ungueltig(format!(
                    "„entfernen“: ein Angebot „{id}“ gibt es nicht (IDs siehe /api/angebote)"
                )));
            }
        }
    }
    Ok((Szenario { kategorie: anfrage.kategorie, hinzu, weg }, frage, ebene, schema))
}

fn differenz(vorher: &Map<String, Value>, nachher: &Map<String, Value>) -> Map<String, Value> {
    nachher
        .iter()
        .filter_map(|(k, n)| {
            let (Some(v), Some(n)) = (vorher.get(k).and_then(Value::as_f64), n.as_f64()) else {
                return None;
            };
            let st = if k.starts_with("anteil_") { 6 } else { 1 };
            Some((k.clone(), gerundet(Some(n - v), st)))
        })
        .collect()
}

/// `POST /api/szenario`: coverage and distances before and after adding planned offers
/// and switching existing ones off.
pub async fn szenario_route(
    State(z): State<Zustand>,
    zugang: Zugang,
    anfragekopf: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiFehler> {
    let a = &z.atlas;
    let (s, frage, ebene, schema) = szenario_lesen(a, &anfragekopf, &body)?;
    let einheiten = einheiten_der_ebene(a, ebene, schema);
    let kreis_e = einheiten_der_ebene(a, Ebene::Kreis, schema);
    let alle: Vec<usize> = einheiten.iter().chain(&kreis_e).copied().collect();
    let r = szenario::auswerten(a, &s, &frage, &alle, &z.datenschutz)
        .ok_or_else(|| unbekannte_kategorie(a, &s.kategorie))?;
    let zeile = |i: usize, e: usize| {
        let mut m = einheit_mit_region(&z, e, schema);
        let mut vorher = Map::new();
        let mut nachher = Map::new();
        let (av, an) = (&r.abdeckung_vorher[e], &r.abdeckung_nachher[e]);
        let zeigen = ausgabe::zeigen(av.status, zugang) && ausgabe::zeigen(an.status, zugang);
        abdeckung_werte(av, &frage, &mut vorher, zeigen);
        abdeckung_werte(an, &frage, &mut nachher, zeigen);
        entfernung_werte(&r.entfernungen_vorher[i], &mut vorher, zugang);
        entfernung_werte(&r.entfernungen_nachher[i], &mut nachher, zugang);
        m.insert("differenz".into(), Value::Object(differenz(&vorher, &nachher)));
        m.insert("vorher".into(), Value::Object(vorher));
        m.insert("nachher".into(), Value::Object(nachher));
        ausgabe::status(&mut m, av.status, zugang);
        m
    };
    let zeilen: Vec<(usize, Map<String, Value>)> =
        einheiten.iter().enumerate().map(|(i, &e)| (e, zeile(i, e))).collect();
    let kreis: Vec<Map<String, Value>> =
        kreis_e.iter().enumerate().map(|(i, &e)| zeile(einheiten.len() + i, e)).collect();
    let mut k = kopf(a, &s.kategorie, &frage, ebene, schema, &z, zugang);
    let hinzu: Vec<Value> = s
        .hinzu
        .iter()
        .map(|h| {
            let kommune = a.kommune_an(h.pos).map(|i| &a.kommunen[i]);
            json!({
                "name": h.name, "lon": h.lage.lon, "lat": h.lage.lat,
                "x_25832": gerundet(Some(h.pos.x), 2), "y_25832": gerundet(Some(h.pos.y), 2),
                "ags": kommune.map(|k| k.ags.to_string()), "kommune": kommune.map(|k| k.name.clone()),
                "hinweis": if kommune.is_none() { Some("liegt außerhalb des Kreises") } else { None },
            })
        })
        .collect();
    let weg: Vec<Value> = s.weg.iter().map(|&i| json!({"id": a.angebote[i].id, "name": a.angebote[i].name})).collect();
    k.insert("szenario".into(), json!({"hinzugefuegt": hinzu, "entfernt": weg}));
    Ok(antwort(&z, k, zeilen, kreis, Format::Json))
}

/// Need classes 1…3 in words.
pub(super) const BEDARF_TEXT: [&str; 3] = ["geringer Bedarf", "mittlerer Bedarf", "hoher Bedarf"];
/// Supply classes 1…3 in words.
pub(super) const VERSORGUNG_TEXT: [&str; 3] = ["geringe Versorgung", "mittlere Versorgung", "gute Versorgung"];

/// Need × supply of every Kommune as a request asks for it (the answer and the map share it).
pub(super) struct BedarfVersorgung {
    /// The need indicator.
    pub ind: crate::model::Indikator,
    /// Its year.
    pub jahr: i32,
    /// The offer category of the supply side.
    pub kat: String,
    /// Target group.
    pub zielgruppe: Zielgruppe,
    /// Distance threshold, metres.
    pub schwelle: f64,
    /// Region scheme (index).
    pub schema: usize,
    /// The coverage question.
    pub frage: Abdeckungsfrage,
    /// Coverage shares from which supply is medium and good.
    pub grenzen: [f64; 2],
    /// The class of every Kommune.
    pub klassen: Vec<crate::analysis::bedarf::BedarfAngebot>,
}

/// Computes need × supply from the parameters of `/api/bedarf-angebot`.
pub(super) fn bedarf_versorgung(z: &Zustand, p: &Parameter, zugang: Zugang) -> Result<BedarfVersorgung, ApiFehler> {
    let a = &z.atlas;
    let id = p.text("indikator").ok_or_else(|| {
        ApiFehler::ungueltig(
            "Parameter „indikator“ fehlt (Bedarfsindikator, z. B. kinderarmut; Liste unter /api/indikatoren)",
        )
    })?;
    let ind = indikator_aus(a, id, p, false)?;
    let jahr = jahr_aus(&ind, p)?;
    let kat = p.kategorie_pflicht(a)?.to_string();
    let zielgruppe = p.zielgruppe(STANDARD_ZIELGRUPPE)?;
    let schwelle = p.zahl("schwelle", 1.0..=MAX_SCHWELLE_M, Some(STANDARD_SCHWELLE_BEDARF), " m")?;
    let schema = p.schema(a)?;
    let frage = Abdeckungsfrage::neu(zielgruppe, vec![schwelle], 1.0).map_err(ApiFehler::ungueltig)?;
    let naechste = a.naechste_angebote(&kat, zielgruppe).ok_or_else(|| unbekannte_kategorie(a, &kat))?;
    let abd = abdeckung::abdeckung(a, naechste, &frage, &z.datenschutz);
    let werte = einheitswerte(a, &ind, jahr, &z.datenschutz);
    let kommunal: Vec<_> = (0..a.kommunen.len()).map(|k| werte[k].sichtbar(zugang.intern())).collect();
    let anteile: Vec<Option<f64>> = (0..a.kommunen.len())
        .map(|k| if ausgabe::zeigen(abd[k].status, zugang) { abd[k].anteil(0) } else { None })
        .collect();
    let grenzen = match p.zahlen("versorgung_grenzen", 0.0..=100.0, &[], 2, " %")?.as_slice() {
        [] => STANDARD_VERSORGUNG_GRENZEN,
        [a, b] => [a.min(*b) / 100.0, a.max(*b) / 100.0],
        _ => {
            return Err(ApiFehler::ungueltig(
                "Parameter „versorgung_grenzen“: zwei Anteile in Prozent angeben, ab denen die Versorgung mittel und gut ist, z. B. 25,50",
            ));
        }
    };
    let klassen = bedarf_angebot(&kommunal, ind.polaritaet, &anteile, grenzen);
    Ok(BedarfVersorgung { ind, jahr, kat, zielgruppe, schwelle, schema, frage, grenzen, klassen })
}

/// A share 0…1 as German percent text, e.g. "25 %".
pub(super) fn prozent(anteil: f64) -> String {
    format!("{} %", crate::model::deutsch::zahl(anteil * 100.0, if (anteil * 100.0).fract() == 0.0 { 0 } else { 1 }))
}

/// `GET /api/bedarf-angebot`: need tercile × coverage tercile per Kommune and the priority list.
pub async fn bedarf_angebot_route(
    State(z): State<Zustand>,
    zugang: Zugang,
    p: Parameter,
) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/api/bedarf-angebot"))?;
    let a = &z.atlas;
    let BedarfVersorgung { ind, jahr, kat, zielgruppe, schwelle, schema, frage, grenzen, klassen } =
        bedarf_versorgung(&z, &p, zugang)?;
    let kat = kat.as_str();
    let farben = bivariat();
    let (bedarf_text, versorgung_text) = (BEDARF_TEXT, VERSORGUNG_TEXT);
    let features: Vec<Value> = klassen
        .iter()
        .map(|b| {
            let mut m = einheit_mit_region(&z, b.kommune, schema);
            m.insert("wert".into(), gerundet(b.wert, 2));
            ausgabe::status(&mut m, b.status, zugang);
            m.insert("anteil".into(), gerundet(b.anteil, 6));
            m.insert("bedarf".into(), json!(b.bedarf));
            m.insert("versorgung".into(), json!(b.versorgung));
            let (klasse, farbe, text) = match (b.bedarf, b.versorgung) {
                (Some(bd), Some(v)) => (
                    Some(format!("{bd}-{v}")),
                    farben[usize::from(bd - 1)][usize::from(v - 1)].clone(),
                    format!("{}, {}", bedarf_text[usize::from(bd - 1)], versorgung_text[usize::from(v - 1)]),
                ),
                _ => (
                    None,
                    crate::analysis::farben::FARBE_KEINE_ANGABE.to_string(),
                    "keine Einstufung (Wert fehlt oder nicht ausgewiesen)".into(),
                ),
            };
            m.insert("klasse".into(), json!(klasse));
            m.insert("farbe".into(), farbe.into());
            m.insert("bezeichnung".into(), text.into());
            m.insert("rang".into(), json!(b.rang));
            ausgabe::feature(&z, b.kommune, m)
        })
        .collect();
    let mut rangfolge: Vec<&crate::analysis::bedarf::BedarfAngebot> =
        klassen.iter().filter(|b| b.rang.is_some()).collect();
    rangfolge.sort_by_key(|b| b.rang);
    let prioritaeten: Vec<Value> = rangfolge
        .iter()
        .map(|b| {
            json!({
                "rang": b.rang, "ags": a.kommunen[b.kommune].ags.to_string(), "name": a.kommunen[b.kommune].name,
                "wert": gerundet(b.wert, 2), "anteil": gerundet(b.anteil, 6), "bedarf": b.bedarf, "versorgung": b.versorgung,
            })
        })
        .collect();
    let legende: Vec<Value> = (1..=3u8)
        .flat_map(|bd| (1..=3u8).map(move |v| (bd, v)))
        .map(|(bd, v)| {
            json!({
                "klasse": format!("{bd}-{v}"), "bedarf": bd, "versorgung": v,
                "farbe": farben[usize::from(bd - 1)][usize::from(v - 1)],
                "bezeichnung": format!("{}, {}", bedarf_text[usize::from(bd - 1)], versorgung_text[usize::from(v - 1)]),
                "anzahl": klassen.iter().filter(|b| b.bedarf == Some(bd) && b.versorgung == Some(v)).count(),
            })
        })
        .collect();
    let body = json!({
        "type": "FeatureCollection",
        "indikator": {"id": ind.id, "name": ind.name, "einheit": ind.einheit, "polaritaet": ind.polaritaet, "jahr": jahr, "beispiel": ind.beispiel, "quelle": ind.quelle},
        "kategorie": a.kategorie(kat).map(|k| ausgabe::kategorie(a, k)),
        "zielgruppe": {"id": zielgruppe.id(), "bezeichnung": zielgruppe.bezeichnung()},
        "schwelle_m": schwelle,
        "entfernungsmass": frage.mass(),
        "methode": format!(
            "Bedarf: Drittel der Kommunen nach dem Indikator (bis zum Wert beim ersten Drittel gering, bis zum zweiten mittel, \
             darüber hoch; gleiche Werte immer in derselben Stufe; bei Ressourcen-Indikatoren umgekehrt). Versorgung: Anteil der \
             Zielgruppe im Umkreis von {} – unter {} gering, bis unter {} mittel, ab {} gut. Rangfolge: Kommunen mit höherer \
             Bedarfs- als Versorgungsstufe, größter Abstand zuerst. Farben nach J. Stevens (2015).",
            crate::model::deutsch::zahl(schwelle, 0) + " m",
            prozent(grenzen[0]),
            prozent(grenzen[1]),
            prozent(grenzen[1])
        ),
        "versorgung_grenzen": [grenzen[0], grenzen[1]],
        "datenschutz": ausgabe::datenschutz(&z.datenschutz, zugang),
        "legende": legende,
        "prioritaeten": prioritaeten,
        "features": features,
    });
    Ok(ausgabe::geojson(body))
}

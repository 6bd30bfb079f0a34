//! Offers: categories, listing, nearest and radius search.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};

use super::{MAX_K, MAX_RADIUS_M, STANDARD_K, STANDARD_RADIUS_M};
use crate::Atlas;
use crate::analysis::{self, ENTFERNUNGSMASS, Treffer};
use crate::http::beschreibung::parameter_von;
use crate::http::parameter::{BboxAchsen, Parameter};
use crate::http::{ApiFehler, Zustand};
use crate::spatial::{LonLat, Utm32, utm32_von_lonlat};

/// `GET /api/kategorien`: the categories with the number of offers in each.
pub async fn kategorien(State(z): State<Zustand>, p: Parameter) -> Result<Json<Value>, ApiFehler> {
    p.nur(parameter_von("/api/kategorien"))?;
    let a = &z.atlas;
    let liste: Vec<Value> = a
        .kategorien
        .iter()
        .map(|k| {
            let mut v = serde_json::to_value(k).unwrap_or(Value::Null);
            if let Value::Object(o) = &mut v {
                o.insert("anzahl".into(), a.angebote.iter().filter(|x| x.kategorie == k.id).count().into());
                o.insert("beispiel".into(), a.angebote.iter().any(|x| x.kategorie == k.id && x.beispiel).into());
            }
            v
        })
        .collect();
    Ok(Json(Value::Array(liste)))
}

pub(super) fn angebot_feature(a: &Atlas, i: usize, entfernung_m: Option<f64>) -> Value {
    let x = &a.angebote[i];
    let kommune = a.kommune_index(&x.ags).map(|k| a.kommunen[k].name.as_str()).unwrap_or("");
    let mut props = Map::new();
    props.insert("id".into(), x.id.clone().into());
    props.insert("name".into(), x.name.clone().into());
    props.insert("kategorie".into(), x.kategorie.clone().into());
    props.insert("kategorie_bezeichnung".into(), a.kategorie(&x.kategorie).map(|k| k.bezeichnung.clone()).into());
    props.insert("traeger".into(), x.traeger.clone().into());
    props.insert("strasse".into(), x.strasse.clone().into());
    props.insert("plz".into(), x.plz.clone().into());
    props.insert("ort".into(), x.ort.clone().into());
    props.insert("ags".into(), x.ags.to_string().into());
    props.insert("kommune".into(), kommune.into());
    props.insert("beispiel".into(), x.beispiel.into());
    props.insert("quelle".into(), x.quelle.clone().into());
    for (k, v) in &x.merkmale {
        props.entry(k.clone()).or_insert_with(|| v.clone().into());
    }
    if let Some(d) = entfernung_m {
        props.insert("entfernung_m".into(), ((d * 10.0).round() / 10.0).into());
    }
    json!({
        "type": "Feature",
        "id": x.id,
        "properties": props,
        "geometry": {"type": "Point", "coordinates": [x.lage.lon, x.lage.lat]},
    })
}

fn geojson(body: Value) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/geo+json")], body.to_string())
}

/// `GET /api/angebote?kategorie=…&bbox=…`: offers as GeoJSON points.
pub async fn angebote(State(z): State<Zustand>, p: Parameter) -> Result<impl IntoResponse, ApiFehler> {
    p.nur(parameter_von("/api/angebote"))?;
    let a = &z.atlas;
    let kat = p.kategorie(a)?;
    let bb = p.bbox(BboxAchsen::LonLat)?;
    let features: Vec<Value> = a
        .angebote
        .iter()
        .enumerate()
        .filter(|(_, x)| kat.is_none_or(|k| x.kategorie == k))
        .filter(|(_, x)| bb.as_ref().is_none_or(|b| b.enthaelt(x.lage)))
        .map(|(i, _)| angebot_feature(a, i, None))
        .collect();
    Ok(geojson(json!({"type": "FeatureCollection", "anzahl": features.len(), "features": features})))
}

fn abfragepunkt(p: &Parameter) -> Result<(LonLat, Utm32), ApiFehler> {
    let ll = p.lonlat()?;
    let u = utm32_von_lonlat(ll).map_err(ApiFehler::intern)?;
    Ok((ll, u))
}

/// `GET /api/naechste?lon=…&lat=…&kategorie=…&k=…`: the k nearest offers with distances.
pub async fn naechste(State(z): State<Zustand>, p: Parameter) -> Result<impl IntoResponse, ApiFehler> {
    p.nur(parameter_von("/api/naechste"))?;
    let a = &z.atlas;
    let (ll, u) = abfragepunkt(&p)?;
    let kat = p.kategorie(a)?;
    let k = p.ganzzahl("k", 1..=MAX_K, STANDARD_K)?;
    let treffer = analysis::naechste(a, u, kat, k).ok_or_else(|| ApiFehler::intern("Kategorie ohne Index"))?;
    Ok(geojson(json!({
        "type": "FeatureCollection",
        "abfrage": {"lon": ll.lon, "lat": ll.lat, "x_25832": u.x, "y_25832": u.y, "kategorie": kat, "k": k},
        "entfernungsmass": ENTFERNUNGSMASS,
        "einheit": "m",
        "features": treffer.iter().map(|t| angebot_feature(a, t.angebot, Some(t.entfernung_m))).collect::<Vec<_>>(),
    })))
}

/// `GET /api/umkreis?lon=…&lat=…&radius=…&kategorie=…`: offers within a radius, grouped by
/// category (the Ressourcenkarte of Hilfeplanung).
pub async fn umkreis(State(z): State<Zustand>, p: Parameter) -> Result<Json<Value>, ApiFehler> {
    p.nur(parameter_von("/api/umkreis"))?;
    let a = &z.atlas;
    let (ll, u) = abfragepunkt(&p)?;
    let kat = p.kategorie(a)?;
    let radius = p.zahl("radius", 1.0..=MAX_RADIUS_M, Some(STANDARD_RADIUS_M), " m")?;
    let treffer = analysis::umkreis(a, u, radius, kat).ok_or_else(|| ApiFehler::intern("Kategorie ohne Index"))?;
    let gruppen: Vec<Value> = a
        .kategorien
        .iter()
        .filter_map(|k| {
            let hier: Vec<&Treffer> = treffer.iter().filter(|t| a.angebote[t.angebot].kategorie == k.id).collect();
            (!hier.is_empty()).then(|| {
                json!({
                    "kategorie": k.id,
                    "bezeichnung": k.bezeichnung,
                    "anzahl": hier.len(),
                    "angebote": hier.iter().map(|t| angebot_feature(a, t.angebot, Some(t.entfernung_m))).collect::<Vec<_>>(),
                })
            })
        })
        .collect();
    Ok(Json(json!({
        "abfrage": {"lon": ll.lon, "lat": ll.lat, "x_25832": u.x, "y_25832": u.y, "radius_m": radius, "kategorie": kat},
        "entfernungsmass": ENTFERNUNGSMASS,
        "einheit": "m",
        "anzahl": treffer.len(),
        "gruppen": gruppen,
    })))
}

//! Areas: health, Kommunen and regions.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::Atlas;
use crate::http::beschreibung::parameter_von;
use crate::http::parameter::Parameter;
use crate::http::{ApiFehler, Zustand};
use crate::io::geojson_aus::geometrie_wert;

/// `GET /api/health`: the service runs and what it has loaded.
pub async fn health(State(z): State<Zustand>, p: Parameter) -> Result<Json<Value>, ApiFehler> {
    p.nur(parameter_von("/api/health"))?;
    let a = &z.atlas;
    Ok(Json(json!({
        "status": "ok",
        "daten": a.quelle.beschreibung(),
        "kommunen": a.kommunen.len(),
        "einwohner": a.einwohner_gesamt(),
        "angebote": a.angebote.len(),
        "kategorien": a.kategorien.len(),
        "regionsschemata": a.regionsschemata.len(),
        "indikatoren": a.indikatoren.len(),
    })))
}

/// The Kommunen as a GeoJSON FeatureCollection (WGS84), region after the default scheme.
pub fn kommunen_geojson(a: &Atlas) -> Value {
    let schema = a.regionsschema(None);
    let features: Vec<Value> = a
        .kommunen
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let region = schema.and_then(|s| s.zuordnung[i].map(|r| s.regionen[r].clone()));
            json!({
                "type": "Feature",
                "id": k.ags,
                "properties": {
                    "ags": k.ags,
                    "name": k.name,
                    "bez": k.bez,
                    "einwohner": k.einwohner,
                    "flaeche_km2": (k.flaeche_km2 * 100.0).round() / 100.0,
                    "region": region,
                    "jugendamt": k.jugendamt,
                },
                "geometry": geometrie_wert(&k.grenze_wgs84),
            })
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "regionsschema": schema.map(|s| &s.id),
        "features": features,
    })
}

/// `GET /api/kommunen`: the 23 Kommunen as GeoJSON.
pub async fn kommunen(State(z): State<Zustand>, p: Parameter) -> Result<impl IntoResponse, ApiFehler> {
    p.nur(parameter_von("/api/kommunen"))?;
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], z.kommunen_json.as_ref().clone()))
}

/// `GET /api/regionen?schema=…`: dissolved region polygons with members and population.
pub async fn regionen(State(z): State<Zustand>, p: Parameter) -> Result<impl IntoResponse, ApiFehler> {
    p.nur(parameter_von("/api/regionen"))?;
    let a = &z.atlas;
    let s = &a.regionsschemata[p.schema(a)?];
    let features: Vec<Value> = s
        .regionen
        .iter()
        .enumerate()
        .map(|(ri, name)| {
            let mitglieder: Vec<usize> = (0..a.kommunen.len()).filter(|&i| s.zuordnung[i] == Some(ri)).collect();
            json!({
                "type": "Feature",
                "id": name,
                "properties": {
                    "region": name,
                    "schema": s.id,
                    "mitglieder": mitglieder.iter().map(|&i| a.kommunen[i].ags).collect::<Vec<_>>(),
                    "mitglieder_namen": mitglieder.iter().map(|&i| &a.kommunen[i].name).collect::<Vec<_>>(),
                    "einwohner": mitglieder.iter().map(|&i| a.kommunen[i].einwohner).sum::<u64>(),
                    "flaeche_km2": (mitglieder.iter().map(|&i| a.kommunen[i].flaeche_km2).sum::<f64>() * 100.0).round() / 100.0,
                },
                "geometry": geometrie_wert(&s.grenzen_wgs84[ri]),
            })
        })
        .collect();
    let ohne: Vec<Value> = (0..a.kommunen.len())
        .filter(|&i| s.zuordnung[i].is_none())
        .map(|i| json!({"ags": a.kommunen[i].ags, "name": a.kommunen[i].name, "jugendamt": a.kommunen[i].jugendamt}))
        .collect();
    let body = json!({
        "type": "FeatureCollection",
        "schema": {"id": s.id, "bezeichnung": s.bezeichnung, "stand": s.stand, "beispiel": s.beispiel, "hinweis": s.hinweis},
        "ohne_region": ohne,
        "features": features,
    });
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body.to_string()))
}

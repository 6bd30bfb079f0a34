//! What the web page needs beyond the analyses: its settings, the units of a level with
//! their boundaries, and the profile of one Kommune.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Value, json};

use super::versorgung::{STANDARD_SCHWELLEN, einheit_mit_region};
use crate::analysis::abdeckung::{Abdeckungsfrage, abdeckung};
use crate::analysis::einheiten::{Ebene, einheiten_der_ebene};
use crate::analysis::indikatoren::einheitswerte;
use crate::http::ausgabe::{self, gerundet};
use crate::http::beschreibung::parameter_von;
use crate::http::parameter::Parameter;
use crate::http::{ApiFehler, Zugang, Zustand};
use crate::model::{Einheitsart, Zielgruppe};

/// `GET /api/konfiguration`: title, base map (if configured), attribution lines, defaults.
pub async fn konfiguration(State(z): State<Zustand>, p: Parameter) -> Result<Json<Value>, ApiFehler> {
    p.nur(parameter_von("/api/konfiguration"))?;
    let a = &z.atlas;
    let kreis = &a.einheiten[a.kreis_einheit()];
    Ok(Json(json!({
        "titel": format!("Sozialraumkarte {}", kreis.name),
        "kreis": {"id": kreis.id, "name": kreis.name},
        "kreisjugendamt": a.kreisjugendamt(),
        "kacheln": z.kacheln,
        "quellen": [
            "Verwaltungsgrenzen: © GeoBasis-DE / BKG (2017)",
            "Einwohner: Zensus 2022 und Zensus 2011 (Gitter), Statistische Ämter des Bundes und der Länder, dl-de/by-2-0",
            "Schulen: HSL via JedeSchule.de (CC0), Lage © OpenStreetMap-Mitwirkende (ODbL)",
            "Indikatoren: INKAR, BBSR Bonn, dl-de/by-2-0",
        ],
        "beispieldaten": "Familienzentren, Regionszuordnung und HzE-Beispielindikator sind Beispieldaten, nicht amtlich.",
        "regionsschemata": a.regionsschemata.iter().map(|s| json!({"id": s.id, "bezeichnung": s.bezeichnung, "stand": s.stand, "beispiel": s.beispiel, "hinweis": s.hinweis})).collect::<Vec<_>>(),
        "zielgruppen": Zielgruppe::ALLE.map(|g| json!({"id": g.id(), "bezeichnung": g.bezeichnung()})),
        "schwellen_m": STANDARD_SCHWELLEN,
        "datenschutz": ausgabe::datenschutz(&z.datenschutz, Zugang::Oeffentlich),
    })))
}

/// `GET /api/einheiten?ebene=…&schema=…`: the units of a level as GeoJSON (WGS84).
pub async fn einheiten(State(z): State<Zustand>, p: Parameter) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/api/einheiten"))?;
    let a = &z.atlas;
    let ebene = p.auswahl("ebene", Ebene::Kommune)?;
    let schema = p.schema(a)?;
    let features: Vec<Value> = einheiten_der_ebene(a, ebene, schema)
        .into_iter()
        .map(|e| ausgabe::feature(&z, e, einheit_mit_region(&z, e, schema)))
        .collect();
    Ok(ausgabe::geojson(json!({"type": "FeatureCollection", "ebene": ebene, "features": features})))
}

/// `GET /api/profil/{ags}`: everything about one Kommune — population, indicators against the
/// Kreis with their time series, offers, coverage.
pub async fn profil(
    State(z): State<Zustand>,
    zugang: Zugang,
    Path(ags): Path<String>,
    p: Parameter,
) -> Result<Json<Value>, ApiFehler> {
    p.nur(parameter_von("/api/profil/{ags}"))?;
    let a = &z.atlas;
    let schema = p.schema(a)?;
    let Some(k) = a.kommunen.iter().position(|k| k.ags.as_str() == ags) else {
        return Err(ApiFehler::nicht_gefunden(format!(
            "Eine Kommune mit AGS „{ags}“ gibt es nicht; gültig sind {} … {}",
            a.kommunen.first().map(|k| k.ags.to_string()).unwrap_or_default(),
            a.kommunen.last().map(|k| k.ags.to_string()).unwrap_or_default()
        )));
    };
    let kommune = &a.kommunen[k];
    let kreis = a.kreis_einheit();
    let amt = a.einheiten.iter().position(|e| e.art == Einheitsart::Jugendamt);
    let mut beschreibung = einheit_mit_region(&z, k, schema);
    beschreibung.insert("bez".into(), kommune.bez.clone().into());
    beschreibung.insert("flaeche_km2".into(), gerundet(Some(kommune.flaeche_km2), 2));
    beschreibung.insert("dichte".into(), gerundet(Some(kommune.einwohner as f64 / kommune.flaeche_km2), 0));

    let zielgruppen: Vec<Value> = Zielgruppe::ALLE
        .iter()
        .map(|g| json!({"id": g.id(), "bezeichnung": g.bezeichnung(), "personen": gerundet(Some(a.bevoelkerung.summe(*g, k)), 0)}))
        .collect();

    let indikatoren: Vec<Value> = a
        .indikatoren
        .iter()
        .map(|i| {
            let reihe: Vec<Value> = i
                .jahre()
                .into_iter()
                .map(|jahr| {
                    let w = einheitswerte(a, i, jahr, &z.datenschutz);
                    let eigen = w[k].sichtbar(zugang.intern());
                    let referenz = [Some(kreis), amt].into_iter().flatten().map(|e| (e, w[e].sichtbar(zugang.intern()))).find(|(_, x)| x.wert.is_some());
                    json!({
                        "jahr": jahr,
                        "wert": gerundet(eigen.wert, 4),
                        "status": eigen.status,
                        "kreiswert": gerundet(referenz.and_then(|r| r.1.wert), 4),
                        "kreis_id": referenz.map(|r| a.einheiten[r.0].id.clone()),
                    })
                })
                .collect();
            let letzte = reihe.iter().rev().find(|r| !r["wert"].is_null() || r["status"] != "keine_angabe").cloned().unwrap_or(Value::Null);
            let index = match (letzte["wert"].as_f64(), letzte["kreiswert"].as_f64()) {
                (Some(w), Some(r)) if r != 0.0 => Some(w / r * 100.0),
                _ => None,
            };
            json!({
                "id": i.id, "name": i.name, "einheit": i.einheit, "polaritaet": i.polaritaet, "beispiel": i.beispiel,
                "quelle": i.quelle, "stand": i.stand, "aktuell": letzte, "index_kreis": gerundet(index, 1), "zeitreihe": reihe,
            })
        })
        .collect();

    let angebote: Vec<Value> = a
        .angebote
        .iter()
        .enumerate()
        .filter(|(_, o)| o.ags == kommune.ags)
        .map(|(i, _)| super::angebote::angebot_feature(a, i, None)["properties"].clone())
        .collect();

    let frage =
        Abdeckungsfrage::neu(Zielgruppe::Unter18, STANDARD_SCHWELLEN.to_vec(), 1.0).map_err(ApiFehler::intern)?;
    let versorgung: Vec<Value> = a
        .kategorien
        .iter()
        .filter(|c| a.angebote.iter().any(|o| o.kategorie == c.id))
        .filter_map(|c| {
            let n = a.naechste_angebote(&c.id, frage.zielgruppe)?;
            let x = abdeckung(a, n, &frage, &z.datenschutz);
            let zeigen = |e: usize| ausgabe::zeigen(x[e].status, zugang);
            let anteile = |e: usize| -> Value {
                frage
                    .schwellen_m
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        (format!("anteil_{s}"), if zeigen(e) { gerundet(x[e].anteil(i), 6) } else { Value::Null })
                    })
                    .collect::<serde_json::Map<_, _>>()
                    .into()
            };
            Some(json!({
                "kategorie": ausgabe::kategorie(a, c),
                "zielgruppe": frage.zielgruppe.id(),
                "kommune": anteile(k),
                "kreis": anteile(kreis),
                "status": x[k].status,
            }))
        })
        .collect();

    Ok(Json(json!({
        "kommune": beschreibung,
        "zielgruppen": zielgruppen,
        "indikatoren": indikatoren,
        "angebote": angebote,
        "versorgung": versorgung,
        "entfernungsmass": frage.mass(),
        "bevoelkerungsbasis": ausgabe::BEVOELKERUNGSBASIS,
        "datenschutz": ausgabe::datenschutz(&z.datenschutz, zugang),
    })))
}

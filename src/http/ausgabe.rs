//! Pieces every answer is built of: units, categories, the data-protection note, rounded
//! numbers, GeoJSON responses.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::{Zugang, Zustand};
use crate::Atlas;
use crate::analysis::datenschutz::{Datenschutz, Status};
use crate::model::{Einheitsart, Kategorie};

/// `x` rounded to `stellen` decimals, `null` when missing or not finite.
pub fn gerundet(x: Option<f64>, stellen: i32) -> Value {
    match x {
        Some(v) if v.is_finite() => {
            let f = 10f64.powi(stellen);
            json!((v * f).round() / f)
        }
        _ => Value::Null,
    }
}

/// The properties that describe a unit: id, name, kind, members, population, Jugendamt.
pub fn einheit(a: &Atlas, e: usize) -> Map<String, Value> {
    let x = &a.einheiten[e];
    let mut m = Map::new();
    m.insert("id".into(), x.id.clone().into());
    m.insert("name".into(), x.name.clone().into());
    let art = match x.art {
        Einheitsart::Kommune => "kommune",
        Einheitsart::Region { .. } => "region",
        Einheitsart::Kreis => "kreis",
        Einheitsart::Jugendamt => "jugendamt",
    };
    m.insert("art".into(), art.into());
    m.insert("einwohner".into(), x.mitglieder.iter().map(|&k| a.kommunen[k].einwohner).sum::<u64>().into());
    match x.art {
        Einheitsart::Kommune => {
            let k = &a.kommunen[x.mitglieder[0]];
            m.insert("jugendamt".into(), k.jugendamt.clone().into());
            m.insert("eigenes_jugendamt".into(), (k.jugendamt != a.kreisjugendamt()).into());
        }
        Einheitsart::Region { schema, .. } => {
            m.insert("schema".into(), a.regionsschemata[schema].id.clone().into());
            m.insert("beispiel".into(), a.regionsschemata[schema].beispiel.into());
        }
        Einheitsart::Kreis | Einheitsart::Jugendamt => {}
    }
    if x.art != Einheitsart::Kommune {
        m.insert(
            "mitglieder".into(),
            x.mitglieder.iter().map(|&k| Value::from(a.kommunen[k].ags.to_string())).collect(),
        );
    }
    m
}

/// A category with its number of offers and whether any of them is example data.
pub fn kategorie(a: &Atlas, k: &Kategorie) -> Value {
    json!({
        "id": k.id,
        "bezeichnung": k.bezeichnung,
        "paragraph": k.paragraph,
        "anzahl": a.angebote.iter().filter(|x| x.kategorie == k.id).count(),
        "beispiel": a.angebote.iter().any(|x| x.kategorie == k.id && x.beispiel),
    })
}

/// The data-protection note of an answer.
pub fn datenschutz(schutz: &Datenschutz, zugang: Zugang) -> Value {
    json!({
        "modus": zugang.bezeichnung(),
        "min_anzahl": schutz.min_anzahl,
        "min_nenner": schutz.min_nenner,
        "regel": schutz.beschreibung(),
        "hinweis": match zugang {
            Zugang::Oeffentlich => "Nicht ausgewiesene Werte sind leer (null) und mit status „nicht_ausgewiesen“ markiert (ein Zeichen für primäre und sekundäre Geheimhaltung, wie der Punkt der amtlichen Statistik).",
            Zugang::Intern => "Interner Modus: alle Werte werden gezeigt; was öffentlich nicht ausgewiesen würde, ist mit status markiert. Nicht veröffentlichen.",
        },
    })
}

/// Adds the status of a unit's figures and whether they are shown.
pub fn status(m: &mut Map<String, Value>, s: Status, zugang: Zugang) {
    m.insert("status".into(), serde_json::to_value(s).unwrap_or(Value::Null));
    m.insert("ausgewiesen".into(), (!s.gesperrt() || zugang.intern()).into());
    if s.gesperrt() {
        m.insert("hinweis".into(), s.bezeichnung().into());
    }
}

/// True when the figures of a unit with this status may be shown to this client.
pub fn zeigen(s: Status, zugang: Zugang) -> bool {
    !s.gesperrt() || zugang.intern()
}

/// A GeoJSON feature of a unit with the given properties.
pub fn feature(z: &Zustand, e: usize, eigenschaften: Map<String, Value>) -> Value {
    json!({
        "type": "Feature",
        "id": z.atlas.einheiten[e].id,
        "properties": eigenschaften,
        "geometry": z.geometrien[e],
    })
}

/// A JSON body as `application/geo+json`.
pub fn geojson(body: Value) -> Response {
    ([(header::CONTENT_TYPE, "application/geo+json")], body.to_string()).into_response()
}

/// How the population surface was made, said with every coverage and distance answer.
pub const BEVOELKERUNGSBASIS: &str = "Bevölkerungsfläche aus dem Zensus 2011 (1-km- und 100-m-Gitter), je Kommune \
     hochgerechnet auf die Einwohnerzahl des Zensus 2022; Statistische Ämter des Bundes und der Länder, dl-de/by-2-0";

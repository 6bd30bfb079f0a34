//! Exports of the published layers through GDAL's own writers: GeoJSON, GeoPackage, zipped
//! Shapefile, CSV, KML and FlatGeobuf, in WGS84 or ETRS89 / UTM 32N.
//!
//! Every feature carries the layer's `quelle` and `stand` as fields. GeoPackage and Shapefile
//! also get a side table `metadaten` (source, Stand, data protection rule, example data …); the
//! Shapefile archive holds `felder.csv` with the mapping of the German field names to the
//! 10 characters dBASE allows, and a `.cpg` declaring UTF-8.

use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use gdal::DriverManager;
use gdal::spatial_ref::{AxisMappingStrategy, SpatialRef};
use gdal::vector::{Feature, FieldDefn, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType, ToGdal};

use crate::error::{Error, Result};
use crate::model::schicht::{Feldtyp, Geometrie, Schicht, Wert};
use crate::spatial::{Crs, gerundet_gueltig, multipolygon_nach_utm32, utm32_von_lonlat};
use geo::MultiPolygon;

/// A file format of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exportformat {
    /// GeoJSON (RFC 7946 in WGS84).
    GeoJson,
    /// OGC GeoPackage.
    Gpkg,
    /// ESRI Shapefile, zipped.
    ShpZip,
    /// CSV with the geometry as WKT (areas) or X/Y columns (points).
    Csv,
    /// The CSV zipped with its `.csvt` (field types, so QGIS keeps `ags` as text: 06532001)
    /// and `.prj` (the CRS).
    CsvZip,
    /// KML (always WGS84).
    Kml,
    /// FlatGeobuf.
    Fgb,
}

impl Exportformat {
    /// All formats with their file suffix.
    pub const ALLE: [(Exportformat, &'static str); 7] = [
        (Exportformat::ShpZip, "shp.zip"),
        (Exportformat::CsvZip, "csv.zip"),
        (Exportformat::GeoJson, "geojson"),
        (Exportformat::Gpkg, "gpkg"),
        (Exportformat::Csv, "csv"),
        (Exportformat::Kml, "kml"),
        (Exportformat::Fgb, "fgb"),
    ];

    /// The file suffix.
    pub fn endung(self) -> &'static str {
        Self::ALLE.iter().find(|(f, _)| *f == self).map(|(_, e)| *e).unwrap_or("")
    }

    /// The media type of the file.
    pub fn medientyp(self) -> &'static str {
        match self {
            Exportformat::GeoJson => "application/geo+json",
            Exportformat::Gpkg => "application/geopackage+sqlite3",
            Exportformat::ShpZip | Exportformat::CsvZip => "application/zip",
            Exportformat::Csv => "text/csv; charset=utf-8",
            Exportformat::Kml => "application/vnd.google-earth.kml+xml",
            Exportformat::Fgb => "application/flatgeobuf",
        }
    }

    /// Splits `kommunen.shp.zip` into layer id and format.
    pub fn aus_dateiname(datei: &str) -> std::result::Result<(&str, Exportformat), String> {
        Self::ALLE
            .iter()
            .find_map(|(f, e)| datei.strip_suffix(e).and_then(|s| s.strip_suffix('.')).map(|s| (s, *f)))
            .filter(|(s, _)| !s.is_empty())
            .ok_or_else(|| {
                format!(
                    "„{datei}“: erwartet Layer.Format, z. B. kommunen.gpkg; Formate: {}",
                    Self::ALLE.iter().map(|(_, e)| *e).collect::<Vec<_>>().join(", ")
                )
            })
    }
}

impl FromStr for Exportformat {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Self::ALLE.iter().find(|(_, e)| *e == s || (s == "shp" && *e == "shp.zip")).map(|(f, _)| *f).ok_or_else(|| {
            format!(
                "Format „{s}“ unbekannt; möglich: {}",
                Self::ALLE.iter().map(|(_, e)| *e).collect::<Vec<_>>().join(", ")
            )
        })
    }
}

/// Shapefile (dBASE) field names: at most 10 characters, unique. Longer names are cut; a
/// name that would then repeat one before it ends in a running number.
pub fn kurznamen(namen: &[String]) -> Vec<String> {
    let mut aus: Vec<String> = Vec::new();
    for n in namen {
        let mut k: String = n.chars().take(10).collect();
        let mut i = 1;
        while aus.contains(&k) {
            k = format!("{}{i:02}", n.chars().take(8).collect::<String>());
            i += 1;
        }
        aus.push(k);
    }
    aus
}

fn gdal_fehler(e: impl std::fmt::Display) -> Error {
    Error::Import { quelle: "Export (GDAL)".into(), grund: e.to_string() }
}

/// Decimals GDAL's GeoJSON writer keeps (RFC 7946 in WGS84; centimetres in EPSG:25832).
const GEOJSON_STELLEN_WGS84: i32 = 7;
const GEOJSON_STELLEN_UTM32: i32 = 2;

/// The geometry for GDAL. For GeoJSON, which GDAL writes rounded, areas are rounded here first
/// so that rings rounding would make touch are split and every feature stays valid.
fn geometrie_in(g: &Geometrie, crs: Crs, format: Exportformat) -> Result<gdal::vector::Geometry> {
    let stellen = if crs.metrisch() { GEOJSON_STELLEN_UTM32 } else { GEOJSON_STELLEN_WGS84 };
    let runden = |mp: MultiPolygon<f64>| {
        if format == Exportformat::GeoJson {
            let f = 10f64.powi(stellen);
            gerundet_gueltig(&mp, |v| (v * f).round() / f)
        } else {
            mp
        }
    };
    // Files keep longitude before latitude (what GIS programs expect of EPSG:4326 files).
    match (g, crs.metrisch()) {
        (Geometrie::Punkt(p), false) => geo::Point::new(p.lon, p.lat).to_gdal().map_err(gdal_fehler),
        (Geometrie::Punkt(p), true) => {
            let u = utm32_von_lonlat(*p)?;
            geo::Point::new(u.x, u.y).to_gdal().map_err(gdal_fehler)
        }
        (Geometrie::Flaeche(mp), false) => runden(mp.clone()).to_gdal().map_err(gdal_fehler),
        (Geometrie::Flaeche(mp), true) => runden(multipolygon_nach_utm32(mp)?).to_gdal().map_err(gdal_fehler),
    }
}

/// Writes the layer into `verzeichnis` with the GDAL driver of the format; returns the path of
/// the main file.
fn schreiben(s: &Schicht, format: Exportformat, crs: Crs, verzeichnis: &Path) -> Result<std::path::PathBuf> {
    let (treiber, datei) = match format {
        Exportformat::GeoJson => ("GeoJSON", format!("{}.geojson", s.id)),
        Exportformat::Gpkg => ("GPKG", format!("{}.gpkg", s.id)),
        Exportformat::ShpZip => ("ESRI Shapefile", format!("{}.shp", s.id)),
        Exportformat::Csv | Exportformat::CsvZip => ("CSV", format!("{}.csv", s.id)),
        Exportformat::Kml => ("LIBKML", format!("{}.kml", s.id)),
        Exportformat::Fgb => ("FlatGeobuf", format!("{}.fgb", s.id)),
    };
    let pfad = verzeichnis.join(&datei);
    let driver = DriverManager::get_driver_by_name(treiber).map_err(gdal_fehler)?;
    let mut ds = driver.create_vector_only(&pfad).map_err(gdal_fehler)?;
    let mut srs = SpatialRef::from_epsg(if crs.metrisch() { 25832 } else { 4326 }).map_err(gdal_fehler)?;
    srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let punkte = s.objekte.first().is_some_and(|o| matches!(o.geometrie, Geometrie::Punkt(_)));
    let optionen: Vec<&str> = match format {
        Exportformat::ShpZip => vec!["ENCODING=UTF-8"],
        Exportformat::Csv | Exportformat::CsvZip if punkte => vec!["GEOMETRY=AS_XY", "CREATE_CSVT=YES"],
        Exportformat::Csv | Exportformat::CsvZip => vec!["GEOMETRY=AS_WKT", "CREATE_CSVT=YES"],
        Exportformat::GeoJson if !crs.metrisch() => vec!["RFC7946=YES", "WRITE_NAME=NO"],
        Exportformat::GeoJson => vec!["WRITE_NAME=NO", "COORDINATE_PRECISION=2"],
        _ => Vec::new(),
    };
    let ty = if punkte { OGRwkbGeometryType::wkbPoint } else { OGRwkbGeometryType::wkbMultiPolygon };
    let mut felder: Vec<(String, Feldtyp)> = s.felder.iter().map(|f| (f.name.clone(), f.typ)).collect();
    // Source and Stand of the layer on every feature, unless the layer has such a field of its
    // own (offers carry the source of each record).
    let zusatz: Vec<(&str, String)> = [("quelle", s.meta("quelle")), ("stand", s.meta("stand"))]
        .into_iter()
        .filter(|(n, _)| !s.felder.iter().any(|f| f.name == *n))
        .map(|(n, v)| (n, v.unwrap_or("").to_string()))
        .collect();
    felder.extend(zusatz.iter().map(|(n, _)| (n.to_string(), Feldtyp::Text)));
    let namen: Vec<String> = felder.iter().map(|f| f.0.clone()).collect();
    let namen = if format == Exportformat::ShpZip { kurznamen(&namen) } else { namen };
    {
        let layer = ds
            .create_layer(LayerOptions { name: &s.id, srs: Some(&srs), ty, options: Some(&optionen) })
            .map_err(gdal_fehler)?;
        for ((_, typ), name) in felder.iter().zip(&namen) {
            let t = match typ {
                Feldtyp::Text => OGRFieldType::OFTString,
                Feldtyp::Zahl => OGRFieldType::OFTReal,
                Feldtyp::Ganzzahl if format == Exportformat::Kml => OGRFieldType::OFTInteger,
                Feldtyp::Ganzzahl => OGRFieldType::OFTInteger64,
                Feldtyp::Wahrheitswert => OGRFieldType::OFTInteger,
            };
            let fd = FieldDefn::new(name, t).map_err(gdal_fehler)?;
            if format == Exportformat::ShpZip && t == OGRFieldType::OFTString {
                fd.set_width(254);
            }
            fd.add_to_layer(&layer).map_err(gdal_fehler)?;
        }
        for o in &s.objekte {
            let mut f = Feature::new(layer.defn()).map_err(gdal_fehler)?;
            let werte = o.werte.iter().cloned().chain(zusatz.iter().map(|(_, v)| Wert::Text(Some(v.clone()))));
            for (i, w) in werte.enumerate() {
                match w {
                    Wert::Text(Some(t)) => f.set_field_string(i, &t),
                    Wert::Zahl(Some(x)) if x.is_finite() => f.set_field_double(i, x),
                    Wert::Ganzzahl(Some(x)) if format == Exportformat::Kml => {
                        f.set_field_integer(i, i32::try_from(x).unwrap_or(i32::MAX))
                    }
                    Wert::Ganzzahl(Some(x)) => f.set_field_integer64(i, x),
                    Wert::Wahrheitswert(b) => f.set_field_integer(i, i32::from(b)),
                    _ => f.set_field_null(i),
                }
                .map_err(gdal_fehler)?;
            }
            f.set_geometry(geometrie_in(&o.geometrie, crs, format)?).map_err(gdal_fehler)?;
            f.create(&layer).map_err(gdal_fehler)?;
        }
    }
    if format == Exportformat::Gpkg {
        let layer = ds
            .create_layer(LayerOptions { name: "metadaten", srs: None, ty: OGRwkbGeometryType::wkbNone, options: None })
            .map_err(gdal_fehler)?;
        layer
            .create_defn_fields(&[("schluessel", OGRFieldType::OFTString), ("wert", OGRFieldType::OFTString)])
            .map_err(gdal_fehler)?;
        for (k, v) in metadaten(s) {
            let mut f = Feature::new(layer.defn()).map_err(gdal_fehler)?;
            f.set_field_string(0, &k).map_err(gdal_fehler)?;
            f.set_field_string(1, &v).map_err(gdal_fehler)?;
            f.create(&layer).map_err(gdal_fehler)?;
        }
    }
    ds.close().map_err(gdal_fehler)?;
    if format == Exportformat::ShpZip {
        let mut t = String::from("feld,name,beschreibung\n");
        for ((f, _), kurz) in felder.iter().zip(&namen) {
            let beschreibung =
                s.felder.iter().find(|x| &x.name == f).map(|x| x.beschreibung.as_str()).unwrap_or(match f.as_str() {
                    "quelle" => "Quelle der Daten",
                    _ => "Stand der Daten",
                });
            t.push_str(&format!("{kurz},{f},\"{}\"\n", beschreibung.replace('"', "\"\"")));
        }
        std::fs::write(verzeichnis.join("felder.csv"), t).map_err(gdal_fehler)?;
        let mut m = String::from("schluessel,wert\n");
        for (k, v) in metadaten(s) {
            m.push_str(&format!("{k},\"{}\"\n", v.replace('"', "\"\"")));
        }
        std::fs::write(verzeichnis.join("metadaten.csv"), m).map_err(gdal_fehler)?;
    }
    Ok(pfad)
}

fn metadaten(s: &Schicht) -> Vec<(String, String)> {
    let mut v = vec![
        ("layer".to_string(), s.id.clone()),
        ("titel".to_string(), s.titel.clone()),
        ("beschreibung".into(), s.beschreibung.clone()),
    ];
    v.extend(s.metadaten.iter().cloned());
    v
}

/// The layer as the bytes of a file of the format.
pub fn exportieren(s: &Schicht, format: Exportformat, crs: Crs) -> Result<Vec<u8>> {
    if format == Exportformat::Kml && crs.metrisch() {
        return Err(Error::Konfiguration(
            "KML ist immer WGS84 (EPSG:4326); für EPSG:25832 bitte GeoPackage, Shapefile oder FlatGeobuf wählen".into(),
        ));
    }
    let dir = tempfile::tempdir().map_err(gdal_fehler)?;
    let haupt = schreiben(s, format, crs, dir.path())?;
    if format == Exportformat::CsvZip {
        // GDAL writes no .prj beside a CSV; the zip carries one so the CRS travels with it.
        let mut srs = SpatialRef::from_epsg(if crs.metrisch() { 25832 } else { 4326 }).map_err(gdal_fehler)?;
        srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
        std::fs::write(haupt.with_extension("prj"), srs.to_wkt().map_err(gdal_fehler)?).map_err(gdal_fehler)?;
    }
    if !matches!(format, Exportformat::ShpZip | Exportformat::CsvZip) {
        return std::fs::read(&haupt).map_err(gdal_fehler);
    }
    let mut dateien: Vec<std::path::PathBuf> =
        std::fs::read_dir(dir.path()).map_err(gdal_fehler)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    dateien.sort();
    let mut puffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut puffer);
        // A fixed time stamp: the same request gives the same bytes.
        let optionen = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for d in dateien {
            let name = d.file_name().and_then(|n| n.to_str()).unwrap_or("datei").to_string();
            zip.start_file(name, optionen).map_err(gdal_fehler)?;
            zip.write_all(&std::fs::read(&d).map_err(gdal_fehler)?).map_err(gdal_fehler)?;
        }
        zip.finish().map_err(gdal_fehler)?;
    }
    Ok(puffer.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_field_names_are_cut_to_ten_unique_characters() {
        let n: Vec<String> = [
            "flaeche_km2",
            "kategorie_bezeichnung",
            "kategorie",
            "anteil_1000",
            "anteil_2000",
            "abcdefghijXX",
            "abcdefghijYY",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            kurznamen(&n),
            ["flaeche_km", "kategorie_", "kategorie", "anteil_100", "anteil_200", "abcdefghij", "abcdefgh01"]
        );
    }

    #[test]
    fn file_names_split_into_layer_and_format() {
        assert_eq!(Exportformat::aus_dateiname("kommunen.shp.zip"), Ok(("kommunen", Exportformat::ShpZip)));
        assert_eq!(
            Exportformat::aus_dateiname("indikator-kinderarmut.gpkg"),
            Ok(("indikator-kinderarmut", Exportformat::Gpkg))
        );
        assert!(Exportformat::aus_dateiname("kommunen.xlsx").unwrap_err().contains("gpkg"));
        assert!(Exportformat::aus_dateiname(".csv").is_err());
    }
}

//! Polygon sources through GDAL, shared by the importer and the batch pipeline: open a layer,
//! name its CRS, turn a feature's geometry into a multipolygon (reprojected if asked).

use gdal::Dataset;
use gdal::vector::{Feature, Layer, LayerAccess};
use geo::MultiPolygon;

use crate::error::{Error, Result};
use crate::spatial::Transformation;

/// An import error of `quelle`.
pub fn gdal_fehler(quelle: &str, e: impl std::fmt::Display) -> Error {
    Error::Import { quelle: quelle.to_string(), grund: e.to_string() }
}

/// Opens a data source.
pub fn oeffnen(pfad: &std::path::Path) -> Result<Dataset> {
    Dataset::open(pfad)
        .map_err(|e| gdal_fehler(&pfad.display().to_string(), format!("GDAL kann die Quelle nicht öffnen: {e}")))
}

/// The named layer, or the first; an unknown name lists the layers there are.
pub fn layer<'d>(ds: &'d Dataset, name: Option<&str>, quelle: &str) -> Result<Layer<'d>> {
    match name {
        Some(n) => ds.layer_by_name(n).map_err(|_| {
            let namen: Vec<String> = ds.layers().map(|l| l.name()).collect();
            gdal_fehler(quelle, format!("Layer „{n}“ gibt es nicht; vorhanden: {}", namen.join(", ")))
        }),
        None => ds.layer(0).map_err(|e| gdal_fehler(quelle, format!("kein Layer lesbar: {e}"))),
    }
}

/// The layer's CRS as `AUTHORITY:CODE` (or WKT); `None` when the source has none.
pub fn crs(layer: &Layer<'_>, quelle: &str) -> Result<Option<String>> {
    match layer.spatial_ref() {
        Some(srs) => match (srs.auth_name(), srs.auth_code()) {
            (Some(a), Ok(c)) => Ok(Some(format!("{a}:{c}"))),
            _ => srs.to_wkt().map(Some).map_err(|e| gdal_fehler(quelle, e)),
        },
        None => Ok(None),
    }
}

/// A feature's area as multipolygon, transformed with `umrechnung`; `Err` says what is wrong.
pub fn flaeche(f: &Feature<'_>, umrechnung: Option<&Transformation>) -> std::result::Result<MultiPolygon<f64>, String> {
    let grenze = match f.geometry().map(|g| g.to_geo()) {
        Some(Ok(geo::Geometry::Polygon(p))) => MultiPolygon(vec![p]),
        Some(Ok(geo::Geometry::MultiPolygon(mp))) => mp,
        Some(Ok(_)) => return Err("Geometrie ist keine Fläche (Polygon/MultiPolygon)".into()),
        Some(Err(e)) => return Err(format!("Geometrie nicht lesbar: {e}")),
        None => return Err("Feature ohne Geometrie".into()),
    };
    match umrechnung {
        Some(t) => t.multipolygon(&grenze).map_err(|e| e.to_string()),
        None => Ok(grenze),
    }
}

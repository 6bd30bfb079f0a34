//! `GET /api/export/{layer}.{format}`: a layer as a file, written by GDAL.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::http::beschreibung::parameter_von;
use crate::http::ogc::{frage_aus, schicht_laden};
use crate::http::parameter::Parameter;
use crate::http::{ApiFehler, Zugang, Zustand};
use crate::io::export::{Exportcrs, Exportformat, exportieren};

/// The CRS of an export when none is asked for: WGS84 for GeoJSON (RFC 7946) and KML,
/// ETRS89 / UTM 32N for the formats GIS staff open in QGIS.
pub fn standard_crs(format: Exportformat) -> Exportcrs {
    match format {
        Exportformat::GeoJson | Exportformat::Kml => Exportcrs::Wgs84,
        _ => Exportcrs::Utm32,
    }
}

/// `GET /api/export/{datei}`.
pub async fn export(
    State(z): State<Zustand>,
    zugang: Zugang,
    Path(datei): Path<String>,
    p: Parameter,
) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/api/export/{datei}"))?;
    let (layer, format) = Exportformat::aus_dateiname(&datei).map_err(ApiFehler::ungueltig)?;
    let crs = match p.text("crs") {
        Some(c) => c.parse::<Exportcrs>().map_err(|e| ApiFehler::ungueltig(format!("Parameter „crs“: {e}")))?,
        None => standard_crs(format),
    };
    let s = schicht_laden(&z, layer, &frage_aus(&z.atlas, &p, zugang)?)?;
    let name = format!("{}.{}", s.id, format.endung());
    let bytes = tokio::task::spawn_blocking(move || exportieren(&s, format, crs))
        .await
        .map_err(ApiFehler::intern)?
        .map_err(|e| match e {
            crate::Error::Konfiguration(t) => ApiFehler::ungueltig(t),
            e => ApiFehler::intern(e),
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, format.medientyp().to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}

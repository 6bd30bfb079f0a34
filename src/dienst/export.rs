//! A published layer as a file (GDAL): GeoJSON, GeoPackage, Shapefile, CSV, KML, FlatGeobuf,
//! in WGS84 or ETRS89 / UTM 32N. The command line and the HTTP route write the same bytes.

use super::parameter::{
    JAHR, KATEGORIE, Param, Parameter, STAND, Verzeichnis, Wahl, Werte, ZIELGRUPPE_SCHICHT, kuerzen,
};
use super::schichten::Schichtfrage;
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::io::export::{Exportformat, exportieren};
use crate::spatial::Crs;

fn dateien(v: &Verzeichnis) -> Vec<String> {
    v.sammlungen.iter().flat_map(|s| Exportformat::ALLE.iter().map(move |(_, e)| format!("{s}.{e}"))).collect()
}

/// The file names `{layer}.{format}` of a data set (the path parameter of the route).
pub const DATEI: Wahl = Wahl {
    name: "datei",
    werte: Werte::Daten(dateien),
    standard: None,
    pflicht: true,
    text: "Layer und Format, z. B. kommunen.gpkg",
};
/// `crs` of a file.
pub const CRS: Wahl = Wahl {
    name: "crs",
    werte: Werte::Fest(&["EPSG:25832", "EPSG:4326"]),
    standard: None,
    pflicht: false,
    text: "Koordinatensystem der Datei (Standard EPSG:25832; GeoJSON und KML: EPSG:4326, KML nur EPSG:4326)",
};
/// The parameters of an export.
pub const PARAMETER: &[Param] = &[
    Param::Wahl(&CRS),
    Param::Wahl(&KATEGORIE),
    Param::Jahr(&JAHR),
    Param::Wahl(&ZIELGRUPPE_SCHICHT),
    Param::Wahl(&super::messung::MASS),
    Param::Text(&STAND),
];

/// The CRS of an export when none is asked for: WGS84 for GeoJSON (RFC 7946) and KML,
/// ETRS89 / UTM 32N for the formats GIS staff open in QGIS.
pub fn standard_crs(format: Exportformat) -> Crs {
    match format {
        Exportformat::GeoJson | Exportformat::Kml => Crs::Crs84,
        _ => Crs::Epsg25832,
    }
}

/// Reads the `crs` of a file: EPSG:4326 (files keep longitude first, as GIS programs expect)
/// or EPSG:25832.
fn crs_lesen(t: &str) -> Ergebnis<Crs> {
    match t.trim() {
        "EPSG:4326" | "4326" | "WGS84" => Ok(Crs::Crs84),
        "EPSG:25832" | "25832" => Ok(Crs::Epsg25832),
        o => Err(Anfragefehler::ungueltig(format!(
            "Parameter „crs“: Koordinatensystem „{}“ unbekannt; möglich: EPSG:25832, EPSG:4326",
            kuerzen(o)
        ))),
    }
}

/// An export file.
#[derive(Debug, Clone)]
pub struct Exportdatei {
    /// File name.
    pub name: String,
    /// Media type.
    pub medientyp: &'static str,
    /// Content.
    pub inhalt: Vec<u8>,
}

impl Dienst {
    /// The file `datei` (`{layer}.{format}`); GDAL writes it, which blocks for a while.
    pub fn export(&self, datei: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Exportdatei> {
        p.nur(PARAMETER)?;
        let (layer, format) = Exportformat::aus_dateiname(datei).map_err(Anfragefehler::ungueltig)?;
        let crs = p.text("crs").map(crs_lesen).transpose()?.unwrap_or_else(|| standard_crs(format));
        if format == Exportformat::Kml && crs.metrisch() {
            return Err(Anfragefehler::ungueltig(
                "KML ist immer WGS84 (EPSG:4326); für EPSG:25832 bitte GeoPackage, Shapefile oder FlatGeobuf wählen",
            ));
        }
        let s = self.schicht(layer, &Schichtfrage::lesen(&self.atlas, p, zugang)?)?;
        let inhalt = exportieren(&s, format, crs).map_err(Anfragefehler::intern)?;
        Ok(Exportdatei { name: format!("{}.{}", s.id, format.endung()), medientyp: format.medientyp(), inhalt })
    }
}

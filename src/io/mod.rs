//! Reading and writing files: the data directory (embedded or on disk), CSV tables with line
//! numbers, GeoJSON, GDAL sources, and the importers for official formats. Only this module
//! talks to GDAL.

mod datei;
pub mod einlesen;
pub mod export;
mod gdal_flaechen;
pub mod geojson_aus;
pub mod import;
pub mod osm;
mod quelle;
pub mod stapel;
mod tabelle;
mod text;

pub use datei::atomar_schreiben;
pub use quelle::{DATEIEN, Datenquelle};
pub use tabelle::{Tabelle, Zeile};
pub use text::{steuerzeichen, utf8_text};

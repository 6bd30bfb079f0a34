//! # sozialraum
//!
//! Geodata service for *Sozialraumorientierung* in youth-welfare planning, built first for the
//! Lahn-Dill-Kreis. The flow through the modules:
//!
//! - [`model`]: the domain nouns (Kommune, Angebot, Kategorie, Regionsschema, Indikator, …).
//! - [`spatial`]: WGS84 and EPSG:25832 coordinates and PROJ transformations.
//! - [`io`]: the data directory (embedded or on disk), CSV/GeoJSON/GDAL reading, importers.
//! - [`atlas`]: the loaded, validated, indexed data set, built once at startup.
//! - [`analysis`]: pure queries over the atlas (nearest offers, radius search, …).
//! - [`schichten`]: the published layers (features with German attributes) behind the OGC API
//!   and the exports; [`render`]: maps as SVG and PNG for committee papers.
//! - [`http`]: the axum API, including OGC API – Features.
//! - [`config`] and [`cli`]: configuration and the command line.

pub mod analysis;
pub mod atlas;
pub mod bericht;
pub mod cli;
pub mod config;
pub mod dienst;
pub mod error;
pub mod http;
pub mod io;
pub mod model;
pub mod netz;
pub mod render;

pub mod spatial;
pub mod store;

pub use atlas::Atlas;
pub use error::{Error, Problem, Probleme, Result};

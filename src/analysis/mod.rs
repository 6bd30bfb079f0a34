//! Analyses: pure functions over the [`crate::Atlas`], no I/O and no HTTP. Distances are
//! Euclidean metres in EPSG:25832 ("Luftlinie"), optionally times a detour factor.
//!
//! - [`naechste`]: nearest offers and offers within a radius of a place.
//! - [`abdeckung`] and [`entfernungen`]: coverage and distance statistics per unit.
//! - [`szenario`]: what-if with planned and closed offers.
//! - [`indikatoren`], [`klassen`], [`farben`]: indicator values per unit (ratio of sums),
//!   choropleth classes and colours; [`abgeleitet`]: indicators computed from the atlas.
//! - [`datenschutz`]: primary and secondary small-number suppression.
//! - [`meldungen`]: needs reported from case planning as an indicator counted by quarter.
//! - [`bedarf`]: need × supply.
//! - [`ebenen`]: which units a level (Kommune, Region, Kreis) stands for.
//! - [`standorte`]: where the next offers serve most (maximal covering location problem).
//! - [`stapel`]: the batch coverage pipeline for arbitrary areas, points and offers.

pub mod abdeckung;
pub mod abgeleitet;
pub mod bedarf;
pub mod datenschutz;
pub mod ebenen;
pub mod entfernungen;
pub mod farben;
pub mod indikatoren;
pub mod klassen;
pub mod mass;
pub mod meldungen;
mod naechste;
pub mod standorte;
pub mod stapel;
pub mod szenario;

pub use naechste::{Treffer, naechste, umkreis};

/// How distances are measured, said with every answer.
pub const ENTFERNUNGSMASS: &str = "Luftlinie (euklidische Entfernung in ETRS89 / UTM 32N, EPSG:25832)";

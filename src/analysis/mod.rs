//! Analyses: pure functions over the [`crate::Atlas`], no I/O and no HTTP. Distances are
//! Euclidean metres in EPSG:25832 ("Luftlinie").

mod naechste;

pub use naechste::{Treffer, naechste, umkreis};

/// How distances are measured, said with every answer.
pub const ENTFERNUNGSMASS: &str = "Luftlinie (euklidische Entfernung in ETRS89 / UTM 32N, EPSG:25832)";

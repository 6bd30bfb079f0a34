//! Where a data set comes from: the Lahn-Dill data compiled into the binary, or a directory.

use std::path::PathBuf;

use crate::error::Problem;

macro_rules! dateien {
    ($($name:literal),* $(,)?) => {
        /// The files of a data set. Every file is required.
        pub const DATEIEN: &[&str] = &[$($name),*];

        /// The Lahn-Dill data set compiled into the binary, file by file.
        const EINGEBETTET: &[(&str, &[u8])] = &[
            $(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/geodata/lahn-dill/", $name)))),*
        ];
    };
}

dateien!(
    "kommunen.geojson",
    "kommunen.csv",
    "kategorien.csv",
    "angebote.csv",
    "regionsschemata.csv",
    "regionen.csv",
    "indikatoren.csv",
    "indikatorwerte.csv",
    "zensus2011_1km.csv",
    "zensus2011_100m_unter10.csv",
    "quellen.csv",
    "vorgaben.csv",
);

/// A data set: the embedded Lahn-Dill data or a directory with the same files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Datenquelle {
    /// The Lahn-Dill data set compiled into the binary (`geodata/lahn-dill/`).
    Eingebettet,
    /// A directory holding the files listed in [`DATEIEN`].
    Verzeichnis(PathBuf),
}

impl Datenquelle {
    /// Reads one file of the data set.
    pub fn lesen(&self, name: &str) -> Result<Vec<u8>, Problem> {
        match self {
            Datenquelle::Eingebettet => EINGEBETTET
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, b)| b.to_vec())
                .ok_or_else(|| Problem::datei(name, "ist nicht im eingebetteten Datensatz enthalten")),
            Datenquelle::Verzeichnis(dir) => {
                let pfad = dir.join(name);
                std::fs::read(&pfad).map_err(|e| {
                    let grund = match e.kind() {
                        std::io::ErrorKind::NotFound => {
                            format!("Datei fehlt in {} (erforderlich)", dir.display())
                        }
                        _ => format!("nicht lesbar: {e}"),
                    };
                    Problem::datei(name, grund)
                })
            }
        }
    }

    /// A human-readable description ("eingebetteter Datensatz Lahn-Dill-Kreis" or the path).
    pub fn beschreibung(&self) -> String {
        match self {
            Datenquelle::Eingebettet => "eingebetteter Datensatz Lahn-Dill-Kreis".into(),
            Datenquelle::Verzeichnis(d) => d.display().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_required_file_is_embedded() {
        for name in DATEIEN {
            assert!(!Datenquelle::Eingebettet.lesen(name).unwrap().is_empty(), "{name}");
        }
        assert_eq!(EINGEBETTET.len(), DATEIEN.len());
    }

    #[test]
    fn a_missing_file_in_a_directory_is_named() {
        let d = Datenquelle::Verzeichnis("/nonexistent-sozialraum".into());
        let p = d.lesen("kommunen.csv").unwrap_err();
        assert_eq!(p.datei, "kommunen.csv");
        assert!(p.meldung.contains("fehlt"));
    }
}

//! Error types of the library.
//!
//! Data problems are collected, not thrown: loading a data directory reports **every**
//! [`Problem`] it finds (file, place, reason) so that a planner can fix them all in one go.
//! [`Error`] is the domain error of everything else (CRS set-up, I/O, import).

use std::fmt;

/// One problem found in the input data: which file, where in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name relative to the data directory (or the path given by the user).
    pub datei: String,
    /// Where in the file: "Zeile 5", "Feature 3 (AGS 06532001)", … ; `None` for the whole file.
    pub ort: Option<String>,
    /// What is wrong and, where possible, what would be right (German, for planners).
    pub meldung: String,
}

impl Problem {
    /// A problem concerning a whole file.
    pub fn datei(datei: impl Into<String>, meldung: impl Into<String>) -> Self {
        Self { datei: datei.into(), ort: None, meldung: meldung.into() }
    }

    /// A problem at a place inside a file.
    pub fn an(datei: impl Into<String>, ort: impl Into<String>, meldung: impl Into<String>) -> Self {
        Self { datei: datei.into(), ort: Some(ort.into()), meldung: meldung.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.ort {
            Some(ort) => write!(f, "{}, {}: {}", self.datei, ort, self.meldung),
            None => write!(f, "{}: {}", self.datei, self.meldung),
        }
    }
}

/// All problems of a data set, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Probleme(pub Vec<Problem>);

impl Probleme {
    /// Records a problem.
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl fmt::Display for Probleme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{} Problem{} in den Daten gefunden:", n, if n == 1 { "" } else { "e" })?;
        for p in &self.0 {
            writeln!(f, "  - {p}")?;
        }
        Ok(())
    }
}

/// The domain error of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data set has problems (all of them are listed).
    #[error("{0}")]
    Daten(Probleme),
    /// A coordinate transformation could not be set up or failed.
    #[error("Koordinatentransformation {von} → {nach}: {grund}")]
    Crs {
        /// Source CRS.
        von: String,
        /// Target CRS.
        nach: String,
        /// What PROJ or GDAL said.
        grund: String,
    },
    /// A file could not be read or written.
    #[error("{pfad}: {grund}")]
    Datei {
        /// The path concerned.
        pfad: String,
        /// Why.
        grund: String,
    },
    /// A source could not be imported (GDAL or format problem).
    #[error("Import aus {quelle}: {grund}")]
    Import {
        /// The source that was being imported.
        quelle: String,
        /// Why.
        grund: String,
    },
    /// Configuration is invalid.
    #[error("Konfiguration: {0}")]
    Konfiguration(String),
    /// A request of the command line was refused; the text says why (German).
    #[error("{0}")]
    Anfrage(String),
    /// A report could not be typeset (a fault of the template or the fonts, not of a request).
    #[error("Bericht: {0}")]
    Bericht(String),
}

impl From<Probleme> for Error {
    fn from(p: Probleme) -> Self {
        Error::Daten(p)
    }
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a file could not be read, in German (the system's own text only as a last resort).
pub fn lesegrund(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "diese Datei gibt es nicht".into(),
        std::io::ErrorKind::PermissionDenied => "keine Berechtigung, die Datei zu lesen".into(),
        std::io::ErrorKind::IsADirectory => "das ist ein Ordner, keine Datei".into(),
        _ => format!("nicht lesbar (Meldung des Systems: {e})"),
    }
}

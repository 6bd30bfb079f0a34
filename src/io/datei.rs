//! Writing result files safely: into a temporary file beside the target, flushed to disk, then
//! renamed over it. A full disk or a crash leaves the previous file as it was, never half of
//! the new one.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `inhalt` to `ziel` atomically (temporary file in the same directory, then rename).
pub fn atomar_schreiben(ziel: &Path, inhalt: &[u8]) -> Result<()> {
    let fehler = |e: std::io::Error| Error::Datei { pfad: ziel.display().to_string(), grund: e.to_string() };
    let verzeichnis = match ziel.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp =
        tempfile::Builder::new().prefix(".sozialraum-").suffix(".tmp").tempfile_in(verzeichnis).map_err(fehler)?;
    tmp.write_all(inhalt).map_err(fehler)?;
    tmp.as_file().sync_all().map_err(fehler)?;
    tmp.persist(ziel).map_err(|e| fehler(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_replaced_whole_and_no_temporary_file_stays() {
        let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let ziel = d.path().join("karte.svg");
        std::fs::write(&ziel, "alt").unwrap_or_else(|e| panic!("{e}"));
        atomar_schreiben(&ziel, b"neu").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read_to_string(&ziel).unwrap_or_default(), "neu");
        assert_eq!(std::fs::read_dir(d.path()).map(|r| r.count()).unwrap_or(0), 1);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_file() {
        let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let ziel = d.path().join("fehlt").join("karte.svg");
        assert!(atomar_schreiben(&ziel, b"neu").is_err());
    }
}

//! Writing result files safely: into a temporary file beside the target, flushed to disk, then
//! renamed over it. A full disk or a crash leaves the previous file as it was, never half of
//! the new one.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `inhalt` to `ziel` atomically (temporary file in the same directory, then rename).
/// The file is readable by others, as files written by other programs are (`rw-r--r--`).
pub fn atomar_schreiben(ziel: &Path, inhalt: &[u8]) -> Result<()> {
    let verzeichnis = match ziel.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // German reasons that name the target, never the temporary file beside it.
    let fehler = |e: std::io::Error| {
        let grund = match e.kind() {
            std::io::ErrorKind::NotFound => format!("das Verzeichnis {} gibt es nicht", verzeichnis.display()),
            std::io::ErrorKind::PermissionDenied => {
                format!("keine Schreibberechtigung im Verzeichnis {}", verzeichnis.display())
            }
            std::io::ErrorKind::StorageFull => "der Datenträger ist voll".into(),
            _ => format!("kann nicht geschrieben werden ({e})"),
        };
        Error::Datei { pfad: ziel.display().to_string(), grund }
    };
    let mut tmp =
        tempfile::Builder::new().prefix(".sozialraum-").suffix(".tmp").tempfile_in(verzeichnis).map_err(fehler)?;
    tmp.write_all(inhalt).map_err(fehler)?;
    tmp.as_file().sync_all().map_err(fehler)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644)).map_err(fehler)?;
    }
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
        let e = atomar_schreiben(&ziel, b"neu").unwrap_err().to_string();
        assert!(e.contains("karte.svg") && e.contains("gibt es nicht") && !e.contains(".sozialraum-"), "{e}");
    }
}

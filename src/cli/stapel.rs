//! `sozialraum abdeckung`: the batch coverage pipeline ([`crate::dienst::stapel`]) from files
//! to a CSV, with progress on a terminal and the time of every step.

use super::AbdeckungArgs;
use crate::dienst::stapel::{Stapelauftrag, ausfuehren as rechnen, schwellen_lesen};
use crate::error::Result;

/// Runs the pipeline and writes its CSV (to a temporary name, then renamed; `-` = stdout).
pub fn ausfuehren(a: AbdeckungArgs) -> Result<()> {
    let melden = a.fortschritt || std::io::IsTerminal::is_terminal(&std::io::stderr());
    let sagen = |t: String| {
        // Hints are always said; progress only on a terminal or when asked for.
        if melden || t.starts_with("Hinweis") {
            eprintln!("{}{t}", if t.starts_with("Hinweis") { "" } else { "sozialraum abdeckung: " });
        }
    };
    let auftrag = Stapelauftrag {
        schwellen: schwellen_lesen(&a.schwellen)?,
        gebiete: a.gebiete,
        layer: a.layer,
        id_feld: a.id_feld,
        punkte: a.punkte,
        gewicht_feld: a.gewicht_feld,
        angebote: a.angebote,
        kategorie: a.kategorie,
        kategorie_feld: a.kategorie_feld,
        crs: a.crs,
    };
    let e = rechnen(&auftrag, sagen)?;
    if a.aus.as_os_str() == "-" {
        print!("{}", e.csv);
    } else {
        crate::io::atomar_schreiben(&a.aus, e.csv.as_bytes())?;
        sagen(format!("{} Gebiete nach {} geschrieben", e.gebiete, a.aus.display()));
    }
    if a.zeiten {
        eprintln!("{}", serde_json::to_string(&e.zeiten).unwrap_or_default());
    }
    Ok(())
}

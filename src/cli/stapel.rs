//! `sozialraum abdeckung`: the batch coverage pipeline ([`crate::dienst::stapel`]) from files
//! to a CSV, with progress on a terminal and the time of every step.

use super::AbdeckungArgs;
use crate::dienst::stapel::{Stapelauftrag, Stapelnetz, ausfuehren as rechnen, minuten_lesen, schwellen_lesen};
use crate::error::{Error, Result};

/// Runs the pipeline and writes its CSV (to a temporary name, then renamed; `-` = stdout).
pub fn ausfuehren(a: AbdeckungArgs) -> Result<()> {
    let melden = a.fortschritt || std::io::IsTerminal::is_terminal(&std::io::stderr());
    let sagen = |t: String| {
        // Hints are always said; progress only on a terminal or when asked for.
        if melden || t.starts_with("Hinweis") {
            eprintln!("{}{t}", if t.starts_with("Hinweis") { "" } else { "sozialraum abdeckung: " });
        }
    };
    let netz = match (&a.netz, &a.profil, &a.minuten) {
        (Some(datei), profil, minuten) => Some(Stapelnetz {
            datei: datei.clone(),
            profil: crate::netz::Profil::aus_id(profil.as_deref().unwrap_or("fuss")).ok_or_else(|| {
                Error::Anfrage(format!("--profil „{}“: erwartet fuss, rad oder auto", profil.as_deref().unwrap_or("")))
            })?,
            minuten: minuten.is_some(),
        }),
        (None, None, None) => None,
        (None, _, _) => {
            return Err(Error::Anfrage(
                "--profil und --minuten gelten für Entfernungen im Netz: dazu --netz DATEI angeben (eine \
                 Netzdatei von `import netz --aus` oder einen OSM-Auszug .osm.pbf)"
                    .into(),
            ));
        }
    };
    let schwellen = match &a.minuten {
        Some(m) => minuten_lesen(m)?,
        None => schwellen_lesen(&a.schwellen)?,
    };
    let auftrag = Stapelauftrag {
        schwellen,
        netz,
        je_punkt: a.je_punkt.is_some(),
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
    if let (Some(pfad), Some(csv)) = (&a.je_punkt, &e.punkte_csv) {
        crate::io::atomar_schreiben(pfad, csv.as_bytes())?;
        sagen(format!("Entfernung jedes Punktes nach {} geschrieben", pfad.display()));
    }
    if a.zeiten {
        eprintln!("{}", serde_json::to_string(&e.zeiten).unwrap_or_default());
    }
    Ok(())
}

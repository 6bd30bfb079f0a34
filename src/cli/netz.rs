//! `sozialraum import netz`: an OpenStreetMap extract as the Kreis's path and road network,
//! into the store (the service takes it at its next request) or into a file.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::Atlas;
use crate::dienst::netz::{
    Netzauftrag, Netzgebiet, STANDARD_PUFFER_M, importieren, luecken, luecken_text, zusammenfassung,
};
use crate::error::{Error, Result};
use crate::io::Datenquelle;

/// Flags of `import netz`.
#[derive(Debug, clap::Args)]
pub struct NetzArgs {
    /// OSM-Auszug im Format .osm.pbf (z. B. Hessen von download.geofabrik.de, mit `osmium extract` auf den Kreis zugeschnitten).
    #[arg(long)]
    pub von: PathBuf,
    /// Auf diesen Kreis zuschneiden (5 Ziffern, muss der des Datensatzes sein; Standard: der Kreis des Datensatzes).
    #[arg(long, conflicts_with = "gebiete")]
    pub kreis: Option<String>,
    /// Statt des Kreises auf die Flächen dieser Datei zuschneiden (GeoJSON, GeoPackage, Shapefile).
    #[arg(long)]
    pub gebiete: Option<PathBuf>,
    /// Layer der Gebietsdatei (Standard: der erste).
    #[arg(long, requires = "gebiete")]
    pub layer: Option<String>,
    /// Meter um das Gebiet, die mitgenommen werden (Wege über die Grenze).
    #[arg(long, default_value_t = STANDARD_PUFFER_M, allow_negative_numbers = true)]
    pub puffer: f64,
    /// Das Netz in diese Datei schreiben statt in den Speicher (für `abdeckung --netz` oder einen anderen Rechner).
    #[arg(long)]
    pub aus: Option<PathBuf>,
    /// Name, unter dem die Übernahme im Verlauf steht.
    #[arg(long, default_value = "Kommandozeile")]
    pub wer: String,
    /// Datenverzeichnis (Standard: der eingebettete Lahn-Dill-Datensatz).
    #[arg(long, env = "SOZIALRAUM_DATEN")]
    pub daten: Option<PathBuf>,
    /// Der Speicher (Standard wie bei serve).
    #[arg(long, env = "SOZIALRAUM_SPEICHER")]
    pub speicher: Option<PathBuf>,
    /// Konfigurationsdatei (für den Ort des Speichers).
    #[arg(long, env = "SOZIALRAUM_KONFIG")]
    pub konfig: Option<PathBuf>,
}

/// Where an imported network goes.
enum Ziel {
    /// A network file (`--aus`).
    Datei(PathBuf),
    /// The store, checked and opened before the import, with its path.
    Speicher(crate::dienst::netz::Netzspeicher, PathBuf),
}

/// Runs `import netz`.
pub fn netz(a: NetzArgs) -> Result<()> {
    if let Some(k) = &a.kreis
        && (k.len() != 5 || !k.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Error::Anfrage(format!("--kreis „{k}“: erwartet 5 Ziffern, z. B. 06532")));
    }
    if let Some(aus) = &a.aus {
        aus_pruefen(aus)?;
    }
    let terminal = std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    let sagen = |s: &str| {
        if terminal {
            eprint!("\r\x1b[Knetz: {s} …");
        } else {
            eprintln!("netz: {s} …");
        }
    };
    let quelle = a.daten.clone().map(Datenquelle::Verzeichnis).unwrap_or(Datenquelle::Eingebettet);
    let atlas = Atlas::laden(quelle)?;
    // The store is checked before the long work: it must belong to the data set's Kreis.
    let ziel = match &a.aus {
        Some(datei) => Ziel::Datei(datei.clone()),
        None => {
            let pfad = super::einspielen::speicherpfad(a.speicher.clone(), a.konfig.as_deref())?;
            Ziel::Speicher(crate::dienst::netz::speicher_fuer(&atlas, &pfad)?, pfad)
        }
    };
    let gebiet = match (&a.kreis, &a.gebiete) {
        (Some(k), _) => Netzgebiet::Kreis(k.clone()),
        (None, Some(d)) => Netzgebiet::Gebiete { datei: d.clone(), layer: a.layer.clone() },
        (None, None) => Netzgebiet::Datensatz,
    };
    let netz = importieren(&atlas, &Netzauftrag { von: a.von.clone(), gebiet, puffer_m: a.puffer }, &sagen)?;
    if terminal {
        eprint!("\r\x1b[K");
    }
    eprintln!("{}", zusammenfassung(&netz));
    sagen("prüfen, ob alle Einwohner am Netz liegen");
    let sn = crate::netz::Strassennetz::neu(netz);
    let luecken = luecken(&atlas, &sn);
    if terminal {
        eprint!("\r\x1b[K");
    }
    eprintln!("{}", luecken_text(&luecken));
    let netz = sn.netz;
    match ziel {
        Ziel::Datei(pfad) => {
            let bytes = netz.kodieren()?;
            crate::io::atomar_schreiben(&pfad, &bytes)?;
            eprintln!(
                "Netz nach {} geschrieben ({} MB, {} s).",
                pfad.display(),
                crate::model::deutsch::zahl(bytes.len() as f64 / 1e6, 1),
                crate::model::deutsch::zahl(start.elapsed().as_secs_f64(), 1)
            );
        }
        Ziel::Speicher(speicher, pfad) => {
            let bytes = crate::dienst::netz::speichern(&speicher, &netz, &a.wer)?;
            eprintln!(
                "Netz in den Speicher {} übernommen ({} MB, {} s); ein laufender Dienst rechnet ab der nächsten \
                 Anfrage damit.",
                pfad.display(),
                crate::model::deutsch::zahl(bytes as f64 / 1e6, 1),
                crate::model::deutsch::zahl(start.elapsed().as_secs_f64(), 1)
            );
        }
    }
    Ok(())
}

/// A network file's name and folder, checked before the import: the ending `.netz` (a network
/// under the name of an extract or a GeoJSON file would mislead), and a folder that exists.
fn aus_pruefen(aus: &std::path::Path) -> Result<()> {
    if aus.extension().is_none_or(|e| e != "netz") {
        return Err(Error::Anfrage(format!(
            "--aus {}: eine Netzdatei bekommt die Endung .netz (z. B. --aus kreis.netz)",
            aus.display()
        )));
    }
    let ordner = aus.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    if !ordner.is_dir() {
        return Err(Error::Anfrage(format!(
            "--aus {}: den Ordner {} gibt es nicht; erst anlegen oder einen anderen wählen",
            aus.display(),
            ordner.display()
        )));
    }
    Ok(())
}

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
    #[arg(long, default_value_t = STANDARD_PUFFER_M)]
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

/// Runs `import netz`.
pub fn netz(a: NetzArgs) -> Result<()> {
    if let Some(k) = &a.kreis
        && (k.len() != 5 || !k.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Error::Anfrage(format!("--kreis „{k}“: erwartet 5 Ziffern, z. B. 06532")));
    }
    if let Some(aus) = &a.aus
        && aus.extension().is_some_and(|e| e == "pbf")
    {
        return Err(Error::Anfrage(format!(
            "--aus {}: das ist der Name eines OSM-Auszugs; die Netzdatei bekommt z. B. die Endung .netz",
            aus.display()
        )));
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
    match &a.aus {
        Some(pfad) => {
            let bytes = netz.kodieren()?;
            crate::io::atomar_schreiben(pfad, &bytes)?;
            eprintln!(
                "Netz nach {} geschrieben ({} MB, {} s).",
                pfad.display(),
                crate::model::deutsch::zahl(bytes.len() as f64 / 1e6, 1),
                crate::model::deutsch::zahl(start.elapsed().as_secs_f64(), 1)
            );
        }
        None => {
            let pfad = super::einspielen::speicherpfad(a.speicher.clone(), a.konfig.as_deref())?;
            let bytes = crate::dienst::netz::speichern(&pfad, &netz, &a.wer)?;
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

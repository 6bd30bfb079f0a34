//! `sozialraum import angebote` and `import bedarfsmeldungen`: the same check and import as
//! `POST /api/import/angebote` and `POST /api/import/bedarfsmeldungen`, on the store of the
//! configuration, with the check report as text (or JSON).

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Konfigurationsdatei;
use crate::dienst::angebotsimport::{Importauftrag, Pruefbericht};
use crate::dienst::{Dienst, Parameter};
use crate::error::{Error, Result};
use crate::io::Datenquelle;

/// Flags of `import angebote`.
#[derive(Debug, clap::Args)]
pub struct AngeboteArgs {
    /// Die Datei: CSV (wie Excel sie speichert), XLSX, GeoJSON, GeoPackage oder Shapefile als ZIP.
    pub datei: PathBuf,
    /// Übernehmen (ohne: nur prüfen). Übernommen wird nur, wenn der Prüfbericht kein Problem nennt – dann alles in einem Schritt.
    #[arg(long)]
    pub anwenden: bool,
    /// Offene Angebote der Kategorien der Datei, die in der Datei fehlen: behalten oder schliessen.
    #[arg(long, default_value = "behalten", value_parser = ["behalten", "schliessen"])]
    pub fehlende: String,
    /// Erster Tag ohne die fehlenden Angebote (JJJJ-MM-TT; Standard heute).
    #[arg(long)]
    pub datum: Option<String>,
    /// Wer, wie ausgeben, welcher Speicher.
    #[command(flatten)]
    pub ort: Einspielort,
}

/// What every import command shares: who is recorded, the report as JSON, the data set and
/// the store.
#[derive(Debug, clap::Args)]
pub struct Einspielort {
    /// Name, unter dem die Änderungen im Verlauf stehen.
    #[arg(long, default_value = "Kommandozeile")]
    pub wer: String,
    /// Den Prüfbericht als JSON ausgeben (wie die API).
    #[arg(long)]
    pub json: bool,
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

/// The store of `--speicher`, else of the configuration file, else the default place.
pub fn speicherpfad(speicher: Option<PathBuf>, konfig: Option<&std::path::Path>) -> Result<PathBuf> {
    let datei = Konfigurationsdatei::lesen(konfig)?;
    Ok(speicher
        .or_else(|| datei.speicher.as_ref().map(|s| datei.verzeichnis.clone().unwrap_or_default().join(s)))
        .unwrap_or_else(|| crate::config::standard_speicher(datei.verzeichnis.as_deref())))
}

/// The bytes and name of the file to import.
fn datei_lesen(datei: &std::path::Path) -> Result<(String, Vec<u8>)> {
    let name = datei.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = std::fs::read(datei)
        .map_err(|e| Error::Datei { pfad: datei.display().to_string(), grund: crate::error::lesegrund(&e) })?;
    Ok((name, bytes))
}

/// The application on the data set and the store of the flags.
fn dienst_oeffnen(o: &Einspielort) -> Result<(Dienst, PathBuf)> {
    let pfad = speicherpfad(o.speicher.clone(), o.konfig.as_deref())?;
    let quelle = o.daten.clone().map(Datenquelle::Verzeichnis).unwrap_or(Datenquelle::Eingebettet);
    let atlas = crate::Atlas::laden(quelle)?;
    let (atlas, speicher) = crate::dienst::bestand::aus_speicher(atlas, &pfad)?;
    Ok((Dienst::neu(Arc::new(atlas), Default::default()).mit_speicher(speicher), pfad))
}

/// Runs `import angebote`.
pub fn angebote(a: AngeboteArgs) -> Result<()> {
    let (name, bytes) = datei_lesen(&a.datei)?;
    let mut paare = vec![
        ("datei".to_string(), name.clone()),
        ("modus".to_string(), if a.anwenden { "anwenden" } else { "pruefen" }.to_string()),
        ("fehlende".to_string(), a.fehlende.clone()),
    ];
    if let Some(d) = &a.datum {
        paare.push(("datum".to_string(), d.clone()));
    }
    let auftrag = Importauftrag::aus(&Parameter::aus_paaren(paare)?, &name)?;
    let (dienst, pfad) = dienst_oeffnen(&a.ort)?;
    eprintln!("Prüfe {} gegen den Speicher {} …", a.datei.display(), pfad.display());
    let b = dienst.angebote_importieren(&auftrag, &bytes, &a.ort.wer)?;
    if a.ort.json {
        println!("{}", serde_json::to_string_pretty(&b).map_err(|e| Error::Konfiguration(e.to_string()))?);
    } else {
        print!("{}", als_text(&b));
    }
    if !b.probleme.is_empty() {
        return Err(Error::Anfrage(format!(
            "{} Problem(e) in {}; nichts übernommen",
            b.probleme.len(),
            a.datei.display()
        )));
    }
    if b.angewendet {
        eprintln!("Übernommen. Ein laufender Dienst zeigt die Änderungen nach seinem nächsten Start.");
    } else if a.anwenden {
        eprintln!("Nichts zu übernehmen: der Speicher entspricht schon der Datei.");
    } else {
        eprintln!("Nur geprüft; mit --anwenden übernehmen.");
    }
    Ok(())
}

/// Flags of `import bedarfsmeldungen`.
#[derive(Debug, clap::Args)]
pub struct MeldungenArgs {
    /// Die Datei: CSV (wie Excel sie speichert) oder XLSX mit den Spalten ags (oder kommune), kategorie, quartal und optional anzahl.
    pub datei: PathBuf,
    /// Die Quelle der Meldungen (z. B. der Name der Fachsoftware); ein erneuter Import derselben Quelle ersetzt deren Quartale.
    #[arg(long)]
    pub quelle: String,
    /// Übernehmen (ohne: nur prüfen). Übernommen wird nur, wenn der Prüfbericht kein Problem nennt.
    #[arg(long)]
    pub anwenden: bool,
    /// Wer, wie ausgeben, welcher Speicher.
    #[command(flatten)]
    pub ort: Einspielort,
}

/// Runs `import bedarfsmeldungen`.
pub fn bedarfsmeldungen(a: MeldungenArgs) -> Result<()> {
    let (name, bytes) = datei_lesen(&a.datei)?;
    let p = Parameter::aus_paaren([
        ("datei".to_string(), name.clone()),
        ("modus".to_string(), if a.anwenden { "anwenden" } else { "pruefen" }.to_string()),
        ("quelle".to_string(), a.quelle.clone()),
    ])?;
    let (dienst, pfad) = dienst_oeffnen(&a.ort)?;
    eprintln!("Prüfe {} gegen den Speicher {} …", a.datei.display(), pfad.display());
    let b = dienst.bedarfsmeldungen_importieren(&p, &name, &bytes, &a.ort.wer)?;
    if a.ort.json {
        println!("{}", serde_json::to_string_pretty(&b).map_err(|e| Error::Konfiguration(e.to_string()))?);
    } else {
        println!(
            "Prüfbericht {} ({}), Quelle „{}“: {} Zeilen, {} Probleme",
            b.datei,
            b.format,
            b.quelle,
            b.zeilen,
            b.probleme.len()
        );
        for q in &b.quartale {
            let wort = if q.meldungen == 1 { "Meldung" } else { "Meldungen" };
            println!("  {}: {} {wort} ({}, bisher {})", q.quartal, q.meldungen, q.status, q.bisher);
        }
        for p in &b.probleme {
            println!("  Problem {}: {}", p.ort(), p.grund);
        }
        for h in &b.hinweise {
            println!("  Hinweis: {h}");
        }
    }
    if !b.probleme.is_empty() {
        return Err(Error::Anfrage(format!(
            "{} Problem(e) in {}; nichts übernommen",
            b.probleme.len(),
            a.datei.display()
        )));
    }
    eprintln!(
        "{}",
        if b.angewendet {
            "Übernommen. Ein laufender Dienst zeigt die Meldungen nach seinem nächsten Start."
        } else if a.anwenden {
            "Nichts zu übernehmen: der Speicher entspricht schon der Datei."
        } else {
            "Nur geprüft; mit --anwenden übernehmen."
        }
    );
    Ok(())
}

/// The report as text for a terminal.
pub fn als_text(b: &Pruefbericht) -> String {
    use std::fmt::Write;
    let mut t = String::new();
    let n = &b.anzahl;
    let _ = writeln!(
        t,
        "Prüfbericht {} ({}{}): {} Zeilen – {} neu, {} geändert, {} geschlossen, {} unverändert, {} ohne Lage, {} Probleme",
        b.datei,
        b.format,
        b.kodierung.as_deref().map(|k| format!(", {k}")).unwrap_or_default(),
        n.zeilen,
        n.neu,
        n.geaendert,
        n.geschlossen,
        n.unveraendert,
        n.ohne_lage,
        n.probleme
    );
    for p in &b.probleme {
        let wo = p.ort();
        let _ = writeln!(
            t,
            "  Problem {}{}: {}",
            p.datei,
            if wo.is_empty() { String::new() } else { format!(", {wo}") },
            p.grund
        );
    }
    for a in &b.neu {
        let _ = writeln!(t, "  neu        {}: {} ({}, {})", a.zeile, a.id, a.name, a.kategorie);
    }
    for (art, liste) in [("geändert  ", &b.geaendert), ("geschlossen", &b.geschlossen)] {
        for a in liste {
            let felder: Vec<String> =
                a.felder.iter().map(|f| format!("{}: „{}“ → „{}“", f.feld, f.vorher, f.nachher)).collect();
            let _ = writeln!(
                t,
                "  {art} {}: {} – {}",
                a.zeile.as_deref().unwrap_or("fehlt in der Datei"),
                a.id,
                felder.join("; ")
            );
        }
    }
    for a in &b.ohne_lage {
        let _ = writeln!(t, "  ohne Lage  {}: {} ({}) – auf der Karte setzen", a.zeile, a.name, a.kategorie);
    }
    t
}

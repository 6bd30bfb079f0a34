//! `sozialraum bericht`: the Steckbrief of a Kommune, the Kreis report, or all of them as PDF
//! files (the same bytes as the API's answers), with progress on the terminal.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Subcommand};
use rayon::prelude::*;

use crate::dienst::{Dienst, Parameter, Zugang};
use crate::error::{Error, Result};

/// Where the data come from, and how the reports are asked for.
#[derive(Debug, Args)]
pub struct Berichtsquelle {
    /// Interne Fassung mit allen Werten (nicht ausgewiesene mit * markiert; nicht veröffentlichen).
    #[arg(long)]
    pub intern: bool,
    /// Daten, Speicher und Parameter (stand, schema, kategorie, zielgruppe, schwelle).
    #[command(flatten)]
    pub ort: super::Datenort,
}

/// Which report.
#[derive(Debug, Subcommand)]
pub enum Berichtsart {
    /// Steckbrief einer Kommune (AGS, z. B. 06532023).
    Kommune {
        /// Amtlicher Gemeindeschlüssel, 8 Ziffern.
        ags: String,
        /// Zieldatei (Standard: steckbrief-AGS.pdf im Arbeitsverzeichnis).
        #[arg(long)]
        aus: Option<PathBuf>,
        #[command(flatten)]
        quelle: Berichtsquelle,
    },
    /// Familienbericht des Kreises, statistischer Teil.
    Kreis {
        /// Zieldatei (Standard: familienbericht.pdf im Arbeitsverzeichnis).
        #[arg(long)]
        aus: Option<PathBuf>,
        #[command(flatten)]
        quelle: Berichtsquelle,
    },
    /// Alle Steckbriefe und der Familienbericht in ein Verzeichnis.
    Alle {
        /// Zielverzeichnis (wird angelegt).
        #[arg(long)]
        aus: PathBuf,
        #[command(flatten)]
        quelle: Berichtsquelle,
    },
}

/// A report to make: file name and how to make it.
type Auftrag<'a> = (String, Box<dyn Fn() -> Result<crate::dienst::berichte::Dokument> + Send + Sync + 'a>);

/// Runs `sozialraum bericht …`.
pub fn ausfuehren(was: Berichtsart) -> Result<()> {
    match was {
        Berichtsart::Kommune { ags, aus, quelle } => {
            pdf_endung(aus.as_deref())?;
            let (d, p, zugang) = laden(&quelle)?;
            let dokument = d.steckbrief(&ags, &p, zugang)?;
            let ziel = aus.unwrap_or_else(|| PathBuf::from(d.steckbrief_dateiname(&ags)));
            schreiben(&ziel, &dokument.pdf()?)
        }
        Berichtsart::Kreis { aus, quelle } => {
            pdf_endung(aus.as_deref())?;
            let (d, p, zugang) = laden(&quelle)?;
            let ziel = aus.unwrap_or_else(|| PathBuf::from(crate::dienst::berichte::KREISBERICHT_DATEI));
            schreiben(&ziel, &d.kreisbericht(&p, zugang)?.pdf()?)
        }
        Berichtsart::Alle { aus, quelle } => alle(&aus, &quelle),
    }
}

fn laden(q: &Berichtsquelle) -> Result<(std::sync::Arc<Dienst>, Parameter, Zugang)> {
    let (d, p) = super::dienst_aus(&q.ort)?;
    // Refuse a wrong parameter before anything is made.
    p.nur(crate::dienst::berichte::PARAMETER)?;
    Ok((d, p, if q.intern { Zugang::Intern } else { Zugang::Oeffentlich }))
}

/// A report file must end in .pdf (a .docx name would make a word processor fail to open it).
fn pdf_endung(aus: Option<&Path>) -> Result<()> {
    match aus {
        Some(a) if !a.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) => Err(Error::Anfrage(format!(
            "--aus {}: Berichte sind PDF-Dateien; bitte einen Namen auf .pdf angeben, z. B. --aus steckbrief.pdf",
            a.display()
        ))),
        _ => Ok(()),
    }
}

fn schreiben(ziel: &Path, pdf: &[u8]) -> Result<()> {
    crate::io::atomar_schreiben(ziel, pdf)?;
    eprintln!("{} geschrieben ({} KB).", ziel.display(), pdf.len().div_ceil(1024));
    Ok(())
}

/// Every Steckbrief and the Kreis report into `aus`, two at a time per core.
fn alle(aus: &Path, q: &Berichtsquelle) -> Result<()> {
    let (d, p, zugang) = laden(q)?;
    if aus.exists() && !aus.is_dir() {
        return Err(Error::Anfrage(format!(
            "--aus {}: das ist eine Datei; bitte ein Verzeichnis angeben (es wird angelegt, wenn es fehlt)",
            aus.display()
        )));
    }
    std::fs::create_dir_all(aus).map_err(|e| Error::Datei {
        pfad: aus.display().to_string(),
        grund: format!("Verzeichnis nicht anlegbar ({})", e.kind()),
    })?;
    let mut auftraege: Vec<Auftrag<'_>> = d
        .atlas
        .kommunen
        .iter()
        .map(|k| {
            let ags = k.ags.to_string();
            let (d, p) = (&d, &p);
            let name = d.steckbrief_dateiname(&ags);
            (name, Box::new(move || Ok(d.steckbrief(&ags, p, zugang)?)) as Box<_>)
        })
        .collect();
    auftraege.push((crate::dienst::berichte::KREISBERICHT_DATEI.into(), Box::new(|| Ok(d.kreisbericht(&p, zugang)?))));
    let start = Instant::now();
    let n = auftraege.len();
    let fertig = std::sync::atomic::AtomicUsize::new(0);
    let terminal = std::io::stderr().is_terminal();
    auftraege.par_iter().try_for_each(|(name, machen)| -> Result<()> {
        let pdf = machen()?.pdf()?;
        crate::io::atomar_schreiben(&aus.join(name), &pdf)?;
        let i = fertig.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if terminal {
            eprint!("\r\x1b[K[{i:>2}/{n}] {name}");
        } else {
            eprintln!("[{i:>2}/{n}] {name}");
        }
        Ok(())
    })?;
    if terminal {
        eprintln!();
    }
    eprintln!(
        "{n} Berichte nach {} geschrieben in {} s.",
        aus.display(),
        crate::model::deutsch::zahl(start.elapsed().as_secs_f64(), 1)
    );
    Ok(())
}

//! Reports as PDF files, typeset in process by Typst: the Steckbrief of a Kommune and the
//! statistical part of the Kreis's Familienbericht.
//!
//! A report is a template (Typst, in `vorlagen/`, part of the binary), its data as JSON
//! (already formatted in German by [`crate::dienst::berichte`]) and its pictures as SVG (maps and
//! charts from [`grafik`]). The output is deterministic: no clock, no random document id, the
//! same fonts from fixed files, so the same request gives the same bytes.

pub mod grafik;
mod welt;

use typst_layout::PagedDocument;

use crate::error::{Error, Result};

/// The shared definitions every template imports.
const GEMEINSAM: &str = include_str!("vorlagen/gemeinsam.typ");

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vorlage {
    /// The Steckbrief of one Kommune.
    Steckbrief,
    /// The statistical part of the Familienbericht for the Kreis.
    Kreisbericht,
}

impl Vorlage {
    fn quelle(self) -> (&'static str, &'static str) {
        match self {
            Vorlage::Steckbrief => ("steckbrief.typ", include_str!("vorlagen/steckbrief.typ")),
            Vorlage::Kreisbericht => ("kreisbericht.typ", include_str!("vorlagen/kreisbericht.typ")),
        }
    }
}

/// A report ready to be typeset.
#[derive(Debug, Clone)]
pub struct Dokument {
    /// The template.
    pub vorlage: Vorlage,
    /// Its data (`daten.json`).
    pub daten: serde_json::Value,
    /// Its pictures by file name (`karte.svg` …), SVG text.
    pub bilder: Vec<(String, String)>,
    /// A stable identity of the document (e.g. "steckbrief-06532023"), hashed into the PDF's id.
    pub kennung: String,
}

impl Dokument {
    /// The PDF (CPU-bound: tens to hundreds of milliseconds; call outside async code).
    pub fn pdf(&self) -> Result<Vec<u8>> {
        let mut dateien = vec![(
            "daten.json".to_string(),
            serde_json::to_vec(&self.daten).map_err(|e| Error::Bericht(e.to_string()))?,
        )];
        dateien.extend(self.bilder.iter().map(|(n, s)| (n.clone(), s.as_bytes().to_vec())));
        let welt = welt::Welt::neu(self.vorlage.quelle(), &[("gemeinsam.typ", GEMEINSAM)], dateien)?;
        let ergebnis = typst::compile::<PagedDocument>(&welt).output;
        let optionen = typst_pdf::PdfOptions {
            ident: typst::foundations::Smart::Custom(self.kennung.clone()),
            creator: typst::foundations::Smart::Custom(Some("sozialraum".into())),
            ..Default::default()
        };
        let pdf = ergebnis
            .and_then(|dokument| typst_pdf::pdf(&dokument, &optionen))
            .map_err(|fehler| Error::Bericht(meldungen(&welt, &fehler)));
        // Typst keeps the results of earlier compilations for reuse; drop what the last runs did
        // not use, so memory stays bounded however many reports are made.
        comemo::evict(2);
        pdf
    }
}

/// Typst's diagnostics as one line each, with the place in the template.
fn meldungen(welt: &welt::Welt, fehler: &[typst::diag::SourceDiagnostic]) -> String {
    use typst::World as _;
    use typst::WorldExt as _;
    fehler
        .iter()
        .map(|d| {
            let ort = d
                .span
                .id()
                .and_then(|id| {
                    let q = welt.source(id).ok()?;
                    let r = welt.range(d.span)?;
                    let zeile = q.lines().byte_to_line(r.start)? + 1;
                    Some(format!("{}:{zeile}: ", id.vpath().get_without_slash()))
                })
                .unwrap_or_default();
            format!("{ort}{}", d.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

//! The Typst world of a report: the template, its data and pictures as in-memory files, the
//! DejaVu fonts of the Debian package `fonts-dejavu-core`, no packages, no clock.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::error::{Error, Result};

/// The font files a report uses (regular, bold, oblique, bold oblique).
const SCHRIFTEN: [&str; 4] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf",
];

/// What every report shares: the standard library and the fonts, read once per process.
struct Grundlage {
    bibliothek: LazyHash<Library>,
    buch: LazyHash<FontBook>,
    schriften: Vec<Font>,
}

fn grundlage() -> Result<&'static Grundlage> {
    static G: OnceLock<std::result::Result<Grundlage, String>> = OnceLock::new();
    G.get_or_init(|| {
        let mut schriften = Vec::new();
        for f in SCHRIFTEN {
            let daten = std::fs::read(f)
                .map_err(|e| format!("Schrift {f} fehlt ({e}); Debian-Paket fonts-dejavu-core installieren"))?;
            schriften.extend(Font::iter(Bytes::new(daten)));
        }
        Ok(Grundlage {
            bibliothek: LazyHash::new(Library::default()),
            buch: LazyHash::new(FontBook::from_fonts(&schriften)),
            schriften,
        })
    })
    .as_ref()
    .map_err(|e| Error::Bericht(e.clone()))
}

/// The id of an in-memory file (`/name`). Names come from the templates and the report code
/// (a fixed, small set), so the ids Typst interns for the process stay few.
pub fn datei_id(name: &str) -> Result<FileId> {
    let pfad = VirtualPath::new(format!("/{name}")).map_err(|e| Error::Bericht(format!("Dateiname {name}: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, pfad).intern())
}

/// One compilation: the main source and the files it may read.
pub struct Welt {
    grundlage: &'static Grundlage,
    haupt: Source,
    quellen: HashMap<FileId, Source>,
    dateien: HashMap<FileId, Bytes>,
}

impl Welt {
    /// A world whose main file is `haupt` (name, Typst text), with further sources (modules it
    /// imports) and data files (JSON, SVG).
    pub fn neu(haupt: (&str, &str), module: &[(&str, &str)], dateien: Vec<(String, Vec<u8>)>) -> Result<Self> {
        let haupt = Source::new(datei_id(haupt.0)?, haupt.1.to_string());
        let mut quellen = HashMap::new();
        for (name, text) in module {
            let id = datei_id(name)?;
            quellen.insert(id, Source::new(id, (*text).to_string()));
        }
        let mut d = HashMap::new();
        for (name, inhalt) in dateien {
            d.insert(datei_id(&name)?, Bytes::new(inhalt));
        }
        Ok(Self { grundlage: grundlage()?, haupt, quellen, dateien: d })
    }
}

fn fehlt(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}

impl World for Welt {
    fn library(&self) -> &LazyHash<Library> {
        &self.grundlage.bibliothek
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.grundlage.buch
    }

    fn main(&self) -> FileId {
        self.haupt.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.haupt.id() {
            return Ok(self.haupt.clone());
        }
        self.quellen.get(&id).cloned().ok_or_else(|| fehlt(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(s) = self.quellen.get(&id).or((id == self.haupt.id()).then_some(&self.haupt)) {
            return Ok(Bytes::from_string(s.clone()));
        }
        self.dateien.get(&id).cloned().ok_or_else(|| fehlt(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.grundlage.schriften.get(index).cloned()
    }

    /// No clock: a report says the day of its data, never the day it was made, so the same
    /// request gives the same bytes.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

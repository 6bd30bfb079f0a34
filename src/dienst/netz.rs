//! The path and road network of the Kreis: importing an OpenStreetMap extract (cut to the
//! Kreis or other areas plus a buffer) into the store or a file, and reading it back.

use std::path::PathBuf;

use crate::Atlas;
use crate::error::{Error, Result};
use crate::io::osm::{Netzbereich, netz_lesen};
use crate::model::Zielgruppe;
use crate::netz::{MAX_ANSCHLUSS_M, Netz, Profil, Strassennetz};

/// The buffer kept around the area by default, metres.
pub const STANDARD_PUFFER_M: f64 = 3000.0;
/// The largest buffer accepted, metres.
pub const MAX_PUFFER_M: f64 = 50_000.0;

/// Which area the network is cut to.
#[derive(Debug, Clone, PartialEq)]
pub enum Netzgebiet {
    /// The Kommunen of the data set (its Kreis).
    Datensatz,
    /// The Kreis with this key; it must be the data set's.
    Kreis(String),
    /// The polygons of a file (any GDAL source).
    Gebiete {
        /// The file.
        datei: PathBuf,
        /// Its layer (default the first).
        layer: Option<String>,
    },
}

/// What an import reads and keeps.
#[derive(Debug, Clone)]
pub struct Netzauftrag {
    /// The OSM extract (`.osm.pbf`).
    pub von: PathBuf,
    /// The area.
    pub gebiet: Netzgebiet,
    /// Metres kept around the area.
    pub puffer_m: f64,
}

/// The network of an extract, cut as asked (a network file written by `--aus` is taken as it
/// is). `atlas` gives the Kreis's boundaries.
pub fn importieren(atlas: &Atlas, a: &Netzauftrag, sagen: &dyn Fn(&str)) -> Result<Netz> {
    if crate::netz::ist_netzdatei_pfad(&a.von) {
        sagen("Netzdatei lesen");
        let bytes = std::fs::read(&a.von)
            .map_err(|e| Error::Datei { pfad: a.von.display().to_string(), grund: crate::error::lesegrund(&e) })?;
        return Netz::dekodieren(&bytes, &a.von.display().to_string());
    }
    if !(0.0..=MAX_PUFFER_M).contains(&a.puffer_m) {
        return Err(Error::Anfrage(format!(
            "--puffer {}: erwartet 0 bis {MAX_PUFFER_M} Meter (Standard {STANDARD_PUFFER_M})",
            a.puffer_m
        )));
    }
    let puffer = crate::model::deutsch::zahl(a.puffer_m, 0);
    let bereich = match &a.gebiet {
        Netzgebiet::Datensatz => kreisbereich(atlas, a.puffer_m, &puffer),
        Netzgebiet::Kreis(k) if *k == atlas.kreis => kreisbereich(atlas, a.puffer_m, &puffer),
        Netzgebiet::Kreis(k) => {
            return Err(Error::Anfrage(format!(
                "--kreis {k}: der Datensatz gehört zum Kreis {}; für einen anderen Kreis dessen Datenverzeichnis \
                 mit --daten angeben oder die Fläche mit --gebiete",
                atlas.kreis
            )));
        }
        Netzgebiet::Gebiete { datei, layer } => {
            let g = crate::io::stapel::flaechen_lesen(datei, layer.as_deref(), None)?;
            Netzbereich {
                beschreibung: format!(
                    "die Flächen aus {} und {puffer} m darum",
                    datei.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                ),
                flaechen: g.into_iter().map(|g| g.grenze).collect(),
                puffer_m: a.puffer_m,
            }
        }
    };
    netz_lesen(&a.von, &bereich, &crate::dienst::bestand::heute(), sagen)
}

fn kreisbereich(atlas: &Atlas, puffer_m: f64, puffer: &str) -> Netzbereich {
    Netzbereich {
        flaechen: atlas.kommunen.iter().map(|k| k.grenze.clone()).collect(),
        puffer_m,
        beschreibung: format!(
            "die {} Kommunen des Datensatzes (Kreis {}) und {puffer} m darum",
            atlas.kommunen.len(),
            atlas.kreis
        ),
    }
}

/// Opens the store at `pfad` for a network of `atlas`'s Kreis, before the import's long work:
/// a new store is filled from the data set first (so it belongs to that Kreis), a store of
/// another Kreis is refused (its service would find none of its inhabitants on the network).
pub fn speicher_fuer(atlas: &Atlas, pfad: &std::path::Path) -> Result<Netzspeicher> {
    let speicher = crate::store::Speicher::oeffnen(pfad)?;
    super::bestand::vorbereiten(atlas, &speicher)?;
    Ok(Netzspeicher(speicher))
}

/// A store checked for a network import ([`speicher_fuer`]).
pub struct Netzspeicher(crate::store::Speicher);

/// Puts a network into `speicher` in place of the one before (one transaction, recorded in the
/// history under `wer`); returns its size in bytes.
pub fn speichern(Netzspeicher(speicher): &Netzspeicher, netz: &Netz, wer: &str) -> Result<usize> {
    let bytes = netz.kodieren()?;
    let angabe =
        crate::store::Netzangabe { datei: netz.herkunft.datei.clone(), kanten: netz.kanten.len(), bytes: bytes.len() };
    speicher.netz_setzen(&angabe, &bytes, wer)?;
    Ok(bytes.len())
}

/// A network in one line per profile, for the command line.
pub fn zusammenfassung(n: &Netz) -> String {
    let km =
        |p: Profil| n.kanten.iter().filter(|k| k.richtungen(p).irgendeine()).map(|k| k.laenge_m).sum::<f64>() / 1000.0;
    let mut s = format!(
        "{} Wege, {} Knoten, {} Kanten aus {} (zugeschnitten auf {})",
        crate::model::deutsch::zahl(n.herkunft.wege as f64, 0),
        crate::model::deutsch::zahl(n.knoten.len() as f64, 0),
        crate::model::deutsch::zahl(n.kanten.len() as f64, 0),
        n.herkunft.datei,
        n.herkunft.bereich
    );
    for p in Profil::ALLE {
        s.push_str(&format!(
            "\n  {:<13} {:>9} Kanten, {:>8} km",
            p.bezeichnung(),
            crate::model::deutsch::zahl(n.kanten_von(p) as f64, 0),
            crate::model::deutsch::zahl(km(p), 1)
        ));
    }
    s
}

/// A Kommune of the data set whose inhabitants lie in part outside the network: farther than
/// [`MAX_ANSCHLUSS_M`] from every way on foot (then they reach no offer on the network).
#[derive(Debug, Clone, PartialEq)]
pub struct Netzluecke {
    /// The Kommune's name.
    pub kommune: String,
    /// Inhabitants outside (population grid, fractional).
    pub einwohner: f64,
    /// Their share of the Kommune's inhabitants, 0 to 1.
    pub anteil: f64,
}

/// The Kommunen of `atlas` with inhabitants outside the network `sn` (at least one when
/// rounded), the largest share first.
/// An extract that does not cover the whole Kreis shows here (nothing else would tell: those
/// inhabitants simply reach no offer on the network).
pub fn luecken(atlas: &Atlas, sn: &Strassennetz) -> Vec<Netzluecke> {
    let mut draussen = vec![0.0; atlas.kommunen.len()];
    for p in atlas.bevoelkerung.punkte(Zielgruppe::Einwohner) {
        if sn.anschluss([p.pos.x, p.pos.y], Profil::Fuss).is_none() {
            draussen[p.kommune] += p.gewicht;
        }
    }
    let mut l: Vec<Netzluecke> = draussen
        .iter()
        .enumerate()
        // Fractions of a person (the grid's weights) that round to nobody are not reported.
        .filter(|&(_, &e)| e >= 0.5)
        .map(|(i, &e)| Netzluecke {
            kommune: atlas.kommunen[i].name.clone(),
            einwohner: e,
            anteil: e / atlas.bevoelkerung.summe(Zielgruppe::Einwohner, i).max(e),
        })
        .collect();
    l.sort_by(|a, b| b.anteil.total_cmp(&a.anteil).then_with(|| a.kommune.cmp(&b.kommune)));
    l
}

/// The gaps as lines for the command line (empty: every inhabitant joins the network).
pub fn luecken_text(l: &[Netzluecke]) -> String {
    use crate::model::deutsch::zahl;
    if l.is_empty() {
        return format!(
            "Alle Einwohner des Datensatzes wohnen höchstens {} m von einem Fußweg des Netzes.",
            zahl(MAX_ANSCHLUSS_M, 0)
        );
    }
    let mut s = format!(
        "Achtung: in {} {} wohnen Einwohner mehr als {} m von jedem Fußweg des Netzes; sie erreichen im Netz kein \
         Angebot. Deckt der Auszug mit seinem Zuschnitt alle Kommunen des Datensatzes ab?",
        l.len(),
        if l.len() == 1 { "Kommune" } else { "Kommunen" },
        zahl(MAX_ANSCHLUSS_M, 0)
    );
    for x in l {
        s.push_str(&format!(
            "\n  {:<28} {:>8} Einwohner ({} %)",
            x.kommune,
            zahl(x.einwohner.round(), 0),
            zahl(x.anteil * 100.0, 1)
        ));
    }
    s
}

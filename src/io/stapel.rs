//! Inputs of the batch pipeline (`sozialraum abdeckung`): areas from any GDAL polygon source
//! and points from CSV, everything brought to EPSG:25832 metres.
//!
//! Point files can hold millions of rows, so they are parsed in parallel: the file is cut
//! into pieces at line breaks and each piece is read by its own CSV reader (a file with
//! quoted fields is read in one piece, as a quoted field may span lines). Every problem names
//! the file, the line and what would be right.

use std::path::Path;

use gdal::vector::LayerAccess;
use geo::MultiPolygon;
use rayon::prelude::*;

use super::gdal_flaechen::{self, gdal_fehler};
use crate::error::{Error, Problem, Probleme, Result};
use crate::spatial::{Transformation, UTM32, punkte_umrechnen};

/// An area read for the batch pipeline.
#[derive(Debug, Clone)]
pub struct Gebiet {
    /// Value of the id field, as text.
    pub id: String,
    /// Boundary in EPSG:25832 metres.
    pub grenze: MultiPolygon<f64>,
}

/// Reads the polygons of a GDAL source with their id field and reprojects them to
/// EPSG:25832 from the source's CRS.
pub fn gebiete_lesen(pfad: &Path, layer: Option<&str>, id_feld: &str) -> Result<Vec<Gebiet>> {
    flaechen_lesen(pfad, layer, Some(id_feld))
}

/// Reads the polygons of a GDAL source in EPSG:25832; with `id_feld` each needs a value there,
/// without it the feature number is the id.
pub fn flaechen_lesen(pfad: &Path, layer: Option<&str>, id_feld: Option<&str>) -> Result<Vec<Gebiet>> {
    let quelle = pfad.display().to_string();
    let ds = gdal_flaechen::oeffnen(pfad)?;
    let mut lyr = gdal_flaechen::layer(&ds, layer, &quelle)?;
    let felder: Vec<String> = lyr.defn().fields().map(|f| f.name()).collect();
    if let Some(id_feld) = id_feld
        && !felder.iter().any(|f| f == id_feld)
    {
        return Err(gdal_fehler(
            &quelle,
            format!("Kennungsfeld „{id_feld}“ fehlt (--id-feld); vorhandene Felder: {}", felder.join(", ")),
        ));
    }
    let crs = gdal_flaechen::crs(&lyr, &quelle)?.unwrap_or_else(|| UTM32.to_string());
    let umrechnung = if crs == UTM32 {
        None
    } else {
        Some(Transformation::neu(if crs == "EPSG:4326" { "OGC:CRS84" } else { &crs }, UTM32)?)
    };
    let mut probleme = Probleme::default();
    let mut aus = Vec::new();
    for (i, f) in lyr.features().enumerate() {
        let ort = format!("Feature {}", i + 1);
        let (id, ort) = match id_feld {
            Some(id_feld) => {
                let id = f
                    .field_index(id_feld)
                    .ok()
                    .and_then(|idx| f.field_as_string(idx).ok().flatten())
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default();
                if id.is_empty() {
                    probleme.push(Problem::an(&quelle, ort, format!("Kennungsfeld „{id_feld}“ ist leer")));
                    continue;
                }
                let ort = format!("{ort} ({id_feld} {id})");
                (id, ort)
            }
            None => ((i + 1).to_string(), ort),
        };
        let grenze = match gdal_flaechen::flaeche(&f, umrechnung.as_ref()) {
            Ok(g) => g,
            Err(e) => {
                probleme.push(Problem::an(&quelle, ort, e));
                continue;
            }
        };
        aus.push(Gebiet { id, grenze });
    }
    if aus.is_empty() && probleme.is_empty() {
        probleme.push(Problem::datei(&quelle, "enthält keine Flächen"));
    }
    if probleme.is_empty() { Ok(aus) } else { Err(Error::Daten(probleme)) }
}

/// How a point file is read.
#[derive(Debug, Clone, Default)]
pub struct Punktoptionen {
    /// CRS of the coordinates (`None` = EPSG:25832 in columns `x`, `y`). For a geographic CRS
    /// such as EPSG:4326 the columns `lon`, `lat` are used if present, else `x`, `y`.
    pub crs: Option<String>,
    /// Column with the weight of each point (`None` = no weight column).
    pub gewicht_feld: Option<String>,
    /// Keep only rows whose column (first) holds the value (second), e.g. `("category", "kita")`.
    pub filter: Option<(String, String)>,
}

/// Points read from a CSV file, in EPSG:25832 metres.
#[derive(Debug, Clone, Default)]
pub struct Punkte {
    /// Coordinates.
    pub xy: Vec<[f64; 2]>,
    /// Weights (empty without a weight column).
    pub gewicht: Vec<f64>,
}

struct Spalten {
    x: usize,
    y: usize,
    gewicht: Option<usize>,
    filter: Option<(usize, Vec<u8>)>,
    namen: (String, String),
}

fn spalten(datei: &str, kopf: &csv::ByteRecord, opt: &Punktoptionen) -> Result<Spalten> {
    let namen: Vec<String> = kopf.iter().map(|f| String::from_utf8_lossy(f).trim().to_string()).collect();
    let pos = |n: &str| namen.iter().position(|k| k == n);
    let geographisch = opt.crs.as_deref().is_some_and(|c| matches!(c, "EPSG:4326" | "OGC:CRS84" | "EPSG:4258"));
    let (xn, yn) =
        if geographisch && pos("lon").is_some() && pos("lat").is_some() { ("lon", "lat") } else { ("x", "y") };
    let fehlt = |was: &str| {
        Error::Daten(Probleme(vec![Problem::an(
            datei,
            "Zeile 1",
            format!("Spalte „{was}“ fehlt; vorhanden: {} (Trennzeichen muss ein Komma sein)", namen.join(", ")),
        )]))
    };
    let x = pos(xn).ok_or_else(|| fehlt(xn))?;
    let y = pos(yn).ok_or_else(|| fehlt(yn))?;
    let gewicht = match &opt.gewicht_feld {
        Some(g) => Some(pos(g).ok_or_else(|| fehlt(g))?),
        None => None,
    };
    let filter = match &opt.filter {
        Some((feld, wert)) => Some((pos(feld).ok_or_else(|| fehlt(feld))?, wert.as_bytes().to_vec())),
        None => None,
    };
    Ok(Spalten { x, y, gewicht, filter, namen: (xn.to_string(), yn.to_string()) })
}

fn zahl(feld: &[u8]) -> Option<f64> {
    std::str::from_utf8(feld).ok()?.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parses one piece of a point file; `erste_zeile` is the file line of its first record.
fn stueck_lesen(
    datei: &str,
    text: &[u8],
    erste_zeile: u64,
    s: &Spalten,
    felder: usize,
) -> std::result::Result<Punkte, Problem> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text);
    let mut aus = Punkte::default();
    let mut rec = csv::ByteRecord::new();
    loop {
        let zeile = erste_zeile + r.position().line().saturating_sub(1);
        match r.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(Problem::an(datei, format!("Zeile {zeile}"), format!("CSV nicht lesbar: {e}"))),
        }
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank line
        }
        let ort = || format!("Zeile {zeile}");
        if rec.len() != felder {
            return Err(Problem::an(
                datei,
                ort(),
                format!("Zeile hat {} Felder, die Kopfzeile {felder} – fehlt oder steht ein Komma zu viel?", rec.len()),
            ));
        }
        if let Some((i, wert)) = &s.filter
            && rec.get(*i).map(<[u8]>::trim_ascii) != Some(wert.as_slice())
        {
            continue;
        }
        let feld = |i: usize, name: &str| -> std::result::Result<f64, Problem> {
            let roh = rec.get(i).unwrap_or(b"");
            zahl(roh).ok_or_else(|| {
                let t = String::from_utf8_lossy(roh);
                let hinweis = if t.contains(',') { " – Dezimalkomma? Bitte Dezimalpunkt verwenden" } else { "" };
                Problem::an(datei, ort(), format!("Spalte „{name}“: „{t}“ ist keine Zahl{hinweis}"))
            })
        };
        let x = feld(s.x, &s.namen.0)?;
        let y = feld(s.y, &s.namen.1)?;
        if let Some(g) = s.gewicht {
            let w = feld(g, "Gewicht")?;
            if w < 0.0 {
                return Err(Problem::an(datei, ort(), format!("Gewicht {w} ist negativ; erwartet eine Zahl ≥ 0")));
            }
            aus.gewicht.push(w);
        }
        aus.xy.push([x, y]);
    }
    Ok(aus)
}

/// Reads a point CSV and returns the points in EPSG:25832.
pub fn punkte_lesen(pfad: &Path, opt: &Punktoptionen) -> Result<Punkte> {
    let datei = pfad.display().to_string();
    let bytes = std::fs::read(pfad).map_err(|e| Error::Datei { pfad: datei.clone(), grund: e.to_string() })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let kopf_ende = bytes.iter().position(|&b| b == b'\n').map(|i| i + 1).unwrap_or(bytes.len());
    let mut kr = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..kopf_ende]);
    let mut kopf = csv::ByteRecord::new();
    if !kr.read_byte_record(&mut kopf).unwrap_or(false) {
        return Err(Error::Daten(Probleme(vec![Problem::datei(&datei, "Datei ist leer")])));
    }
    let s = spalten(&datei, &kopf, opt)?;
    let rest = &bytes[kopf_ende..];
    let stuecke = stuecke(rest);
    let ergebnisse: Vec<std::result::Result<Punkte, Problem>> = stuecke
        .par_iter()
        .map(|&(von, bis, zeile)| stueck_lesen(&datei, &rest[von..bis], zeile + 2, &s, kopf.len()))
        .collect();
    let mut aus = Punkte::default();
    for e in ergebnisse {
        let t = e.map_err(|p| Error::Daten(Probleme(vec![p])))?;
        aus.xy.extend(t.xy);
        aus.gewicht.extend(t.gewicht);
    }
    match opt.crs.as_deref() {
        None | Some(UTM32) => {
            if let Some(p) = aus.xy.first().filter(|p| p[0].abs() <= 180.0 && p[1].abs() <= 90.0) {
                return Err(Error::Daten(Probleme(vec![Problem::an(
                    &datei,
                    "Zeile 2",
                    format!(
                        "Koordinate ({}, {}) sieht nach Längen- und Breitengraden aus, erwartet sind Meter in EPSG:25832 \
                         (x ≈ 460000, y ≈ 5600000); für WGS84 bitte --crs EPSG:4326 angeben",
                        p[0], p[1]
                    ),
                )])));
            }
        }
        Some(c) => {
            let von = if matches!(c, "EPSG:4326" | "EPSG:4258") { "OGC:CRS84" } else { c };
            punkte_umrechnen(von, UTM32, &mut aus.xy)?;
        }
    }
    Ok(aus)
}

/// Cuts `text` into pieces at line breaks: `(start, end, lines before start)`. One piece when
/// the text has quotes (a quoted field may hold a line break) or is small.
fn stuecke(text: &[u8]) -> Vec<(usize, usize, u64)> {
    const MIN_STUECK: usize = 1 << 20;
    let teile = (text.len() / MIN_STUECK).clamp(1, 4 * rayon::current_num_threads());
    if teile == 1 || text.contains(&b'"') {
        return vec![(0, text.len(), 0)];
    }
    let mut grenzen = vec![0];
    for i in 1..teile {
        let ziel = text.len() * i / teile;
        let nach = text[ziel..].iter().position(|&b| b == b'\n').map(|p| ziel + p + 1).unwrap_or(text.len());
        if nach > *grenzen.last().unwrap_or(&0) && nach < text.len() {
            grenzen.push(nach);
        }
    }
    grenzen.push(text.len());
    let zeilen: Vec<u64> = grenzen
        .windows(2)
        .collect::<Vec<_>>()
        .par_iter()
        .map(|w| text[w[0]..w[1]].iter().filter(|&&b| b == b'\n').count() as u64)
        .collect();
    let mut vorher = 0;
    grenzen
        .windows(2)
        .zip(zeilen)
        .map(|(w, n)| {
            let s = (w[0], w[1], vorher);
            vorher += n;
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_text_and_count_lines_before_them() {
        let zeile = b"123456.5,5600000.25,1.5\n";
        let text: Vec<u8> = zeile.iter().copied().cycle().take(zeile.len() * 200_000).collect();
        let s = stuecke(&text);
        assert_eq!(s.first().map(|x| x.0), Some(0));
        assert_eq!(s.last().map(|x| x.1), Some(text.len()));
        for w in s.windows(2) {
            assert_eq!(w[0].1, w[1].0);
            assert_eq!(w[1].2, w[1].0 as u64 / zeile.len() as u64);
        }
    }
}

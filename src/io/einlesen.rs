//! Reading a user's file of records as people make them: CSV as Excel writes it (semicolon or
//! comma, Windows-1252 or UTF-8 with byte-order mark, CRLF), Excel workbooks (XLSX, the first
//! sheet), and GeoJSON, GeoPackage and zipped Shapefiles through GDAL (the point geometry becomes
//! `lon`/`lat` in WGS84). Every record keeps where it came from (the line or row in the file, the
//! feature number), so that a check report can point at it.

use std::collections::BTreeMap;
use std::path::Path;

use gdal::vector::LayerAccess;

use crate::error::Problem;
use crate::spatial::Transformation;

/// The formats a file of records may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eingabeformat {
    /// CSV (any of the usual separators and encodings).
    Csv,
    /// Excel workbook.
    Xlsx,
    /// GeoJSON.
    GeoJson,
    /// GeoPackage.
    GeoPackage,
    /// Shapefile in a zip archive.
    ShapefileZip,
}

impl Eingabeformat {
    /// The format of a file by its name, else by its first bytes.
    pub fn erkennen(name: &str, bytes: &[u8]) -> Result<Self, String> {
        let klein = name.to_lowercase();
        let endung = klein.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        Ok(match endung {
            "csv" | "txt" => Eingabeformat::Csv,
            "xlsx" => Eingabeformat::Xlsx,
            "geojson" | "json" => Eingabeformat::GeoJson,
            "gpkg" => Eingabeformat::GeoPackage,
            "zip" => Eingabeformat::ShapefileZip,
            "xls" | "ods" => {
                return Err(format!(
                    "„{name}“: dieses Tabellenformat wird nicht gelesen – bitte in Excel als „Excel-Arbeitsmappe (*.xlsx)“ \
                     oder „CSV (Trennzeichen-getrennt)“ speichern"
                ));
            }
            _ if bytes.starts_with(b"SQLite format 3\0") => Eingabeformat::GeoPackage,
            _ if bytes.starts_with(b"PK\x03\x04") => {
                if bytes.windows(4).any(|w| w.eq_ignore_ascii_case(b".shp")) {
                    Eingabeformat::ShapefileZip
                } else {
                    Eingabeformat::Xlsx
                }
            }
            _ if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') => Eingabeformat::GeoJson,
            _ => Eingabeformat::Csv,
        })
    }

    /// German name of the format.
    pub fn name(self) -> &'static str {
        match self {
            Eingabeformat::Csv => "CSV",
            Eingabeformat::Xlsx => "Excel (XLSX)",
            Eingabeformat::GeoJson => "GeoJSON",
            Eingabeformat::GeoPackage => "GeoPackage",
            Eingabeformat::ShapefileZip => "Shapefile (ZIP)",
        }
    }
}

/// One record of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Eingabezeile {
    /// Where it is: „Zeile 5“ (CSV: line; Excel: row), „Feature 3“.
    pub ort: String,
    /// Its fields by column name (trimmed; empty cells absent).
    pub felder: BTreeMap<String, String>,
    /// The point geometry in WGS84 (GIS formats), `None` without one.
    pub lage: Option<(f64, f64)>,
}

/// The records of a file.
#[derive(Debug, Clone)]
pub struct Eingelesen {
    /// The format read.
    pub format: Eingabeformat,
    /// Column names as in the file, in order.
    pub spalten: Vec<String>,
    /// Excel column letters by name (Excel only), for messages.
    pub buchstaben: BTreeMap<String, String>,
    /// The records.
    pub zeilen: Vec<Eingabezeile>,
    /// How the text was decoded (CSV), for the report.
    pub kodierung: Option<&'static str>,
}

/// Reads the records of file `name` (bytes `bytes`).
pub fn einlesen(name: &str, bytes: &[u8]) -> Result<Eingelesen, Problem> {
    if bytes.is_empty() {
        return Err(Problem::datei(name, "Datei ist leer"));
    }
    let format = Eingabeformat::erkennen(name, bytes).map_err(|m| Problem::datei(name, m))?;
    match format {
        Eingabeformat::Csv => csv_lesen(name, bytes),
        Eingabeformat::Xlsx => xlsx_lesen(name, bytes),
        _ => gdal_lesen(name, bytes, format),
    }
}

/// Text of a CSV file: UTF-8 (with or without byte-order mark), else Windows-1252 (what Excel
/// writes as „CSV (Trennzeichen-getrennt)“ on German Windows).
fn dekodieren(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8 mit BOM");
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => (t.to_string(), "UTF-8"),
        Err(_) => {
            let (t, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (t.into_owned(), "Windows-1252")
        }
    }
}

/// The separator of a CSV file: the one of `;`, `,` and tab that the header line has most of.
fn trennzeichen(kopf: &str) -> u8 {
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|&t| (kopf.bytes().filter(|&b| b == t).count(), t == b';'))
        .unwrap_or(b';')
}

fn csv_lesen(name: &str, bytes: &[u8]) -> Result<Eingelesen, Problem> {
    let (text, kodierung) = dekodieren(bytes);
    if text.trim().is_empty() {
        return Err(Problem::datei(name, "Datei ist leer"));
    }
    let kopfzeile = text.lines().next().unwrap_or("");
    let mut leser = csv::ReaderBuilder::new()
        .delimiter(trennzeichen(kopfzeile))
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let spalten: Vec<String> = leser
        .headers()
        .map_err(|e| Problem::an(name, "Zeile 1", format!("Kopfzeile nicht lesbar: {e}")))?
        .iter()
        .map(|s| s.trim().to_string())
        .collect();
    spalten_pruefen(name, &spalten)?;
    let zeilen_von = super::text::Zeilen::neu(&text);
    let mut zeilen = Vec::new();
    for rec in leser.records() {
        let rec = rec.map_err(|e| {
            let zeile = e.position().map_or(0, |p| zeilen_von.an(p.byte()));
            Problem::an(name, format!("Zeile {zeile}"), format!("CSV nicht lesbar: {e}"))
        })?;
        let zeile = rec.position().map_or(0, |p| zeilen_von.an(p.byte()));
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() > spalten.len() {
            return Err(Problem::an(
                name,
                format!("Zeile {zeile}"),
                format!(
                    "Zeile hat {} Felder, die Kopfzeile {} – steht ein Trennzeichen zu viel, oder fehlen Anführungszeichen um einen Text mit Trennzeichen?",
                    rec.len(),
                    spalten.len()
                ),
            ));
        }
        let felder = spalten
            .iter()
            .zip(rec.iter())
            .filter(|(s, w)| !s.is_empty() && !w.trim().is_empty())
            .map(|(s, w)| (s.clone(), w.trim().to_string()))
            .collect();
        zeilen.push(Eingabezeile { ort: format!("Zeile {zeile}"), felder, lage: None });
    }
    Ok(Eingelesen {
        format: Eingabeformat::Csv,
        spalten,
        buchstaben: BTreeMap::new(),
        zeilen,
        kodierung: Some(kodierung),
    })
}

/// Refuses a header without names or with a name twice.
fn spalten_pruefen(name: &str, spalten: &[String]) -> Result<(), Problem> {
    if spalten.iter().all(String::is_empty) {
        return Err(Problem::an(name, "Zeile 1", "Die Kopfzeile hat keine Spaltennamen"));
    }
    for (i, s) in spalten.iter().enumerate() {
        if !s.is_empty() && spalten[..i].iter().any(|t| t.eq_ignore_ascii_case(s)) {
            return Err(Problem::an(name, "Zeile 1", format!("Die Spalte „{s}“ steht zweimal in der Kopfzeile")));
        }
    }
    Ok(())
}

/// The Excel letters of column `i` (0 → A, 26 → AA).
fn buchstabe(mut i: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.iter().rev().map(|&b| b as char).collect()
}

/// A cell as text as a planner sees it (numbers without trailing zeros, days as `JJJJ-MM-TT`).
fn zelle(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Bool(b) => if *b { "ja" } else { "nein" }.to_string(),
        Data::DateTime(t) => crate::model::kalender::datum_aus_tabellentag(t.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
        Data::Empty => String::new(),
    }
}

fn xlsx_lesen(name: &str, bytes: &[u8]) -> Result<Eingelesen, Problem> {
    use calamine::Reader;
    let mut mappe: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| Problem::datei(name, format!("ist keine lesbare Excel-Arbeitsmappe (XLSX): {e}")))?;
    let blatt = mappe
        .worksheet_range_at(0)
        .ok_or_else(|| Problem::datei(name, "Die Arbeitsmappe hat kein Tabellenblatt"))?
        .map_err(|e| Problem::datei(name, format!("Das erste Tabellenblatt ist nicht lesbar: {e}")))?;
    let (zeile0, spalte0) = blatt.start().unwrap_or((0, 0));
    // The header is the first row with at least two names: a title above it is skipped.
    let gefuellt = |r: &[calamine::Data]| r.iter().filter(|c| !zelle(c).is_empty()).count();
    let mut reihen = blatt.rows().enumerate().skip_while(|(_, r)| gefuellt(r) < 2);
    let Some((k, kopf)) = reihen.next() else {
        return Err(Problem::datei(
            name,
            "Das erste Tabellenblatt hat keine Kopfzeile (eine Zeile mit mindestens zwei Spaltennamen)",
        ));
    };
    let reihen = reihen.filter(|(_, r)| gefuellt(r) > 0);
    let spalten: Vec<String> = kopf.iter().map(zelle).collect();
    let kopfzeile = zeile0 as usize + k + 1;
    spalten_pruefen(name, &spalten).map_err(|p| Problem { ort: Some(format!("Zeile {kopfzeile}")), ..p })?;
    let buchstaben = spalten.iter().enumerate().map(|(i, s)| (s.clone(), buchstabe(spalte0 + i as u32))).collect();
    let zeilen = reihen
        .map(|(i, r)| Eingabezeile {
            ort: format!("Zeile {}", zeile0 as usize + i + 1),
            felder: spalten
                .iter()
                .zip(r.iter().map(zelle))
                .filter(|(s, w)| !s.is_empty() && !w.is_empty())
                .map(|(s, w)| (s.clone(), w))
                .collect(),
            lage: None,
        })
        .collect();
    Ok(Eingelesen { format: Eingabeformat::Xlsx, spalten, buchstaben, zeilen, kodierung: None })
}

fn gdal_lesen(name: &str, bytes: &[u8], format: Eingabeformat) -> Result<Eingelesen, Problem> {
    // GDAL reads files: the bytes go to a temporary file with the right ending.
    let endung = match format {
        Eingabeformat::GeoJson => "geojson",
        Eingabeformat::GeoPackage => "gpkg",
        _ => "zip",
    };
    let dir = tempfile::tempdir().map_err(|e| Problem::datei(name, format!("Zwischendatei: {e}")))?;
    let pfad = dir.path().join(format!("eingabe.{endung}"));
    std::fs::write(&pfad, bytes).map_err(|e| Problem::datei(name, format!("Zwischendatei: {e}")))?;
    let quelle = if format == Eingabeformat::ShapefileZip {
        format!("/vsizip/{}", pfad.display())
    } else {
        pfad.display().to_string()
    };
    gdal_datei_lesen(name, Path::new(&quelle), format)
}

fn gdal_datei_lesen(name: &str, pfad: &Path, format: Eingabeformat) -> Result<Eingelesen, Problem> {
    let ds = gdal::Dataset::open(pfad)
        .map_err(|_| Problem::datei(name, format!("ist keine lesbare {}-Datei", format.name())))?;
    if ds.layer_count() == 0 {
        return Err(Problem::datei(name, "enthält keinen Layer"));
    }
    let mut lyr = ds.layer(0).map_err(|e| Problem::datei(name, format!("kein Layer lesbar: {e}")))?;
    let spalten: Vec<String> = lyr.defn().fields().map(|f| f.name()).collect();
    let crs = super::gdal_flaechen::crs(&lyr, name).map_err(|e| Problem::datei(name, e.to_string()))?;
    let umrechnung = match crs.as_deref() {
        None | Some("EPSG:4326") | Some("OGC:CRS84") => None,
        Some(c) => Some(Transformation::neu(c, "OGC:CRS84").map_err(|e| Problem::datei(name, e.to_string()))?),
    };
    let mut zeilen = Vec::new();
    for (i, f) in lyr.features().enumerate() {
        let ort = format!("Feature {}", i + 1);
        let mut felder = BTreeMap::new();
        for (j, s) in spalten.iter().enumerate() {
            if let Ok(Some(w)) = f.field_as_string(j)
                && !w.trim().is_empty()
            {
                felder.insert(s.clone(), w.trim().to_string());
            }
        }
        let lage = match f.geometry().map(|g| g.to_geo()) {
            None => None,
            Some(Ok(geo::Geometry::Point(p))) => {
                let (x, y) = match &umrechnung {
                    Some(t) => t.punkt(p.x(), p.y()).map_err(|e| Problem::an(name, &ort, e.to_string()))?,
                    None => (p.x(), p.y()),
                };
                Some((x, y))
            }
            Some(Ok(_)) => {
                return Err(Problem::an(name, ort, "Geometrie ist kein Punkt; Angebote brauchen Punkte"));
            }
            Some(Err(e)) => return Err(Problem::an(name, ort, format!("Geometrie nicht lesbar: {e}"))),
        };
        zeilen.push(Eingabezeile { ort, felder, lage });
    }
    Ok(Eingelesen { format, spalten, buchstaben: BTreeMap::new(), zeilen, kodierung: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_csv_in_windows_1252_with_semicolons_and_crlf_is_read() {
        // „Träger“ in Windows-1252: ä = 0xE4.
        let bytes = b"name;tr\xE4ger;lon\r\nKita S\xFCd;Stadt;8,25\r\n\r\n\"A; B\";;8,3\r\n";
        let e = einlesen("liste.csv", bytes).unwrap();
        assert_eq!(e.kodierung, Some("Windows-1252"));
        assert_eq!(e.spalten, ["name", "träger", "lon"]);
        assert_eq!(e.zeilen.len(), 2);
        assert_eq!(e.zeilen[0].felder["name"], "Kita Süd");
        assert_eq!(e.zeilen[0].felder["lon"], "8,25");
        assert_eq!(e.zeilen[1].ort, "Zeile 4");
        assert_eq!(e.zeilen[1].felder["name"], "A; B");
        assert!(!e.zeilen[1].felder.contains_key("träger"));
        let bom = einlesen("x.csv", "\u{feff}a,b\n1,2\n".as_bytes()).unwrap();
        assert_eq!(bom.kodierung, Some("UTF-8 mit BOM"));
        assert_eq!(bom.spalten, ["a", "b"]);
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(
            (buchstabe(0), buchstabe(25), buchstabe(26), buchstabe(27 * 26)),
            ("A".into(), "Z".into(), "AA".into(), "AAA".into())
        );
    }

    #[test]
    fn old_formats_and_doubled_columns_are_refused_with_a_way_out() {
        assert!(einlesen("a.xls", b"x").unwrap_err().meldung.contains("*.xlsx"));
        assert!(einlesen("a.csv", b"name;Name\nx;y\n").unwrap_err().meldung.contains("zweimal"));
    }
}

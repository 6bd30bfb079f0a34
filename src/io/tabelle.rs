//! CSV tables with line numbers, required columns and typed field access that records
//! problems instead of failing on the first one.

use std::str::FromStr;

use crate::error::{Problem, Probleme};

use super::text::utf8_text;

/// A CSV table read from one file: header and records with their line numbers.
pub struct Tabelle {
    datei: String,
    kopf: Vec<String>,
    zeilen: Vec<(u64, csv::StringRecord)>,
}

impl Tabelle {
    /// Reads a comma-separated table with a header line.
    ///
    /// Reports (and returns `None` for) a non-UTF-8 or empty file and missing required
    /// columns; records with a wrong number of fields are reported and skipped, so that every
    /// problem of the file shows up in one run.
    pub fn lesen(datei: &str, bytes: &[u8], pflicht: &[&str], probleme: &mut Probleme) -> Option<Tabelle> {
        let text = match utf8_text(datei, bytes) {
            Ok(t) => t,
            Err(p) => {
                probleme.push(p);
                return None;
            }
        };
        let mut leser = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
        let kopf: Vec<String> = match leser.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
            Err(e) => {
                probleme.push(Problem::an(datei, "Zeile 1", format!("Kopfzeile nicht lesbar: {e}")));
                return None;
            }
        };
        let fehlend: Vec<&str> = pflicht.iter().copied().filter(|p| !kopf.iter().any(|k| k == p)).collect();
        if !fehlend.is_empty() {
            probleme.push(Problem::an(
                datei,
                "Zeile 1",
                format!(
                    "Pflichtspalte(n) fehlen: {}; vorhanden sind: {} (Trennzeichen muss ein Komma sein)",
                    fehlend.join(", "),
                    kopf.join(", ")
                ),
            ));
            return None;
        }
        let zeilen_von = super::text::Zeilen::neu(text);
        let zeile_an = |byte: u64| zeilen_von.an(byte);
        let mut zeilen = Vec::new();
        for rec in leser.records() {
            match rec {
                Ok(r) => {
                    let zeile = r.position().map(|p| zeile_an(p.byte())).unwrap_or(0);
                    zeilen.push((zeile, r));
                }
                Err(e) => {
                    let ort = e
                        .position()
                        .map(|p| format!("Zeile {}", zeile_an(p.byte())))
                        .unwrap_or_else(|| "unbekannte Zeile".into());
                    let meldung = match e.kind() {
                        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
                            "Zeile hat {}, die Kopfzeile {expected_len} – fehlt oder steht ein Komma zu viel \
                             (Texte mit Komma in Anführungszeichen setzen)?",
                            if *len == 1 { "1 Feld".to_string() } else { format!("{len} Felder") }
                        ),
                        _ => format!("Zeile nicht lesbar: {e}"),
                    };
                    probleme.push(Problem::an(datei, ort, meldung));
                }
            }
        }
        if zeilen.is_empty() && probleme.0.iter().all(|p| p.datei != datei) {
            probleme.push(Problem::datei(datei, "Datei enthält nur die Kopfzeile, keine Datensätze"));
        }
        Some(Tabelle { datei: datei.to_string(), kopf, zeilen })
    }

    /// The column names.
    pub fn kopf(&self) -> &[String] {
        &self.kopf
    }

    /// The records.
    pub fn zeilen(&self) -> impl Iterator<Item = Zeile<'_>> {
        self.zeilen.iter().map(move |(nr, rec)| Zeile { tabelle: self, nr: *nr, rec })
    }
}

/// One record of a [`Tabelle`].
pub struct Zeile<'a> {
    tabelle: &'a Tabelle,
    nr: u64,
    rec: &'a csv::StringRecord,
}

impl<'a> Zeile<'a> {
    /// Line number in the file (1 = header).
    pub fn nr(&self) -> u64 {
        self.nr
    }

    /// "Zeile N", for problem reports.
    pub fn ort(&self) -> String {
        format!("Zeile {}", self.nr)
    }

    /// A problem at this record.
    pub fn problem(&self, meldung: impl Into<String>) -> Problem {
        Problem::an(&self.tabelle.datei, self.ort(), meldung)
    }

    /// The trimmed text of a column ("" for a column the file does not have).
    pub fn text(&self, spalte: &str) -> &'a str {
        self.tabelle.kopf.iter().position(|k| k == spalte).and_then(|i| self.rec.get(i)).map(str::trim).unwrap_or("")
    }

    /// A required, non-empty text column.
    pub fn pflicht(&self, spalte: &str, probleme: &mut Probleme) -> Option<&'a str> {
        let t = self.text(spalte);
        if t.is_empty() {
            probleme.push(self.problem(format!("Spalte „{spalte}“ ist leer, ein Wert ist erforderlich")));
            None
        } else {
            Some(t)
        }
    }

    /// A required column parsed with `FromStr`; `erwartet` says what would be right.
    pub fn wert<T: FromStr>(&self, spalte: &str, erwartet: &str, probleme: &mut Probleme) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        let t = self.pflicht(spalte, probleme)?;
        self.parse(spalte, t, erwartet, probleme)
    }

    /// A decimal number (a decimal comma is reported with a hint).
    pub fn zahl(&self, spalte: &str, probleme: &mut Probleme) -> Option<f64> {
        let t = self.pflicht(spalte, probleme)?;
        self.zahl_aus(spalte, t, probleme)
    }

    /// An optional decimal number (empty = `None`).
    pub fn zahl_optional(&self, spalte: &str, probleme: &mut Probleme) -> Option<Option<f64>> {
        let t = self.text(spalte);
        if t.is_empty() {
            return Some(None);
        }
        self.zahl_aus(spalte, t, probleme).map(Some)
    }

    /// A yes/no column: `ja`/`nein` (also `true`/`false`, `1`/`0`); empty = no.
    pub fn ja_nein(&self, spalte: &str, probleme: &mut Probleme) -> Option<bool> {
        match self.text(spalte).to_lowercase().as_str() {
            "ja" | "true" | "1" | "wahr" => Some(true),
            "nein" | "false" | "0" | "falsch" | "" => Some(false),
            other => {
                probleme.push(
                    self.problem(format!(
                        "Spalte „{spalte}“: „{other}“ ist kein Ja/Nein-Wert (erwartet: ja oder nein)"
                    )),
                );
                None
            }
        }
    }

    fn zahl_aus(&self, spalte: &str, t: &str, probleme: &mut Probleme) -> Option<f64> {
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                let hinweis = if t.contains(',') {
                    " – Dezimalkomma? Bitte Dezimalpunkt verwenden (8.5 statt 8,5)"
                } else {
                    ""
                };
                probleme.push(self.problem(format!("Spalte „{spalte}“: „{t}“ ist keine Zahl{hinweis}")));
                None
            }
        }
    }

    fn parse<T: FromStr>(&self, spalte: &str, t: &str, erwartet: &str, probleme: &mut Probleme) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        match t.parse::<T>() {
            Ok(v) => Some(v),
            Err(e) => {
                let e = e.to_string();
                let grund = if e.contains(t) { e } else { format!("„{t}“ ist ungültig, erwartet: {erwartet}") };
                probleme.push(self.problem(format!("Spalte „{spalte}“: {grund}")));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_their_line_numbers_and_bad_rows_are_reported() {
        let mut p = Probleme::default();
        let t = Tabelle::lesen("t.csv", b"a,b\n1,2\n3\n4,5\n", &["a", "b"], &mut p).unwrap();
        let nrs: Vec<u64> = t.zeilen().map(|z| z.nr()).collect();
        assert_eq!(nrs, [2, 4]);
        assert_eq!(p.len(), 1);
        assert_eq!(p.0[0].ort.as_deref(), Some("Zeile 3"));
    }

    #[test]
    fn line_numbers_stay_right_after_a_long_header() {
        let kopf = (0..40).map(|i| format!("spalte_mit_langem_namen_{i}")).collect::<Vec<_>>().join(",");
        let zeile = (0..40).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let text = format!(
            "{kopf}\n{zeile}\n{zeile}\n\"a\nb\",{}\n{zeile}\n",
            (1..40).map(|i| i.to_string()).collect::<Vec<_>>().join(",")
        );
        let mut p = Probleme::default();
        let t = Tabelle::lesen("t.csv", text.as_bytes(), &[], &mut p).unwrap();
        let nrs: Vec<u64> = t.zeilen().map(|z| z.nr()).collect();
        assert_eq!(nrs, [2, 3, 4, 6]);
    }

    #[test]
    fn a_missing_required_column_names_what_is_there() {
        let mut p = Probleme::default();
        assert!(Tabelle::lesen("t.csv", b"a;b\n1;2\n", &["a", "b"], &mut p).is_none());
        assert!(p.0[0].meldung.contains("a, b"));
        assert!(p.0[0].meldung.contains("a;b"));
    }

    #[test]
    fn a_decimal_comma_gets_a_hint() {
        let mut p = Probleme::default();
        let t = Tabelle::lesen("t.csv", b"x\n\"8,5\"\n", &["x"], &mut p).unwrap();
        let z = t.zeilen().next().unwrap();
        assert_eq!(z.zahl("x", &mut p), None);
        assert!(p.0[0].meldung.contains("Dezimalpunkt"));
    }

    #[test]
    fn a_header_only_file_is_reported() {
        let mut p = Probleme::default();
        Tabelle::lesen("t.csv", b"a,b\n", &["a"], &mut p);
        assert!(p.0[0].meldung.contains("nur die Kopfzeile"));
    }
}

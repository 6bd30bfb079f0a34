//! Turning file bytes into text with an error a planner understands.

use crate::error::Problem;

/// Checks that `bytes` are UTF-8 text (a leading byte-order mark is dropped) and not empty.
///
/// A file saved as Latin-1 / Windows-1252 (the default of older spreadsheet programs) is
/// reported with the line of the first byte that is not UTF-8.
pub fn utf8_text<'a>(datei: &str, bytes: &'a [u8]) -> Result<&'a str, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let gut = &bytes[..e.valid_up_to()];
        let zeile = gut.iter().filter(|&&b| b == b'\n').count() + 1;
        let byte = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
        Problem::an(
            datei,
            format!("Zeile {zeile}"),
            format!(
                "Datei ist nicht UTF-8-kodiert (Byte 0x{byte:02X}; vermutlich Latin-1/Windows-1252, \
                 z. B. bei Umlauten) – bitte als „CSV UTF-8“ bzw. UTF-8 speichern"
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err(Problem::datei(datei, "Datei ist leer"));
    }
    if let Some((zeile, spalte, c)) = steuerzeichen(text) {
        return Err(Problem::an(
            datei,
            format!("Zeile {zeile}, Spalte {spalte}"),
            format!(
                "Steuerzeichen U+{:04X} im Text (unsichtbar, z. B. aus einer Kopie aus einem anderen Programm) – \
                 bitte entfernen; erlaubt sind nur Zeilenumbrüche und Tabulatoren",
                c as u32
            ),
        ));
    }
    Ok(text)
}

/// The first control character other than line breaks and tabs: line, column (1-based), char.
pub fn steuerzeichen(text: &str) -> Option<(usize, usize, char)> {
    text.lines().enumerate().find_map(|(z, l)| {
        l.chars().enumerate().find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\r')).map(|(s, c)| (z + 1, s + 1, c))
    })
}

/// Line numbers of byte offsets in a text (from 1), for CSV records: derived from the offsets,
/// because the csv crate's own line count can lag one line behind.
pub struct Zeilen<'a> {
    roh: &'a [u8],
    anfaenge: Vec<usize>,
}

impl<'a> Zeilen<'a> {
    /// Indexes the line starts of `text`.
    pub fn neu(text: &'a str) -> Self {
        let anfaenge = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1))
            .collect();
        Self { roh: text.as_bytes(), anfaenge }
    }

    /// The line of the record starting at `byte` (the csv crate may report a record's start at
    /// the line break before it).
    pub fn an(&self, byte: u64) -> u64 {
        let mut b = byte as usize;
        while b < self.roh.len() && (self.roh[b] == b'\n' || self.roh[b] == b'\r') {
            b += 1;
        }
        self.anfaenge.partition_point(|&a| a <= b) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_umlaut_is_reported_with_its_line() {
        let p = utf8_text("x.csv", b"a,b\nA\xdflar,1\n").unwrap_err();
        assert_eq!(p.ort.as_deref(), Some("Zeile 2"));
        assert!(p.meldung.contains("Latin-1"));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(utf8_text("x.csv", b"\xEF\xBB\xBFa,b\n").unwrap(), "a,b\n");
    }

    #[test]
    fn blank_files_are_empty() {
        assert_eq!(utf8_text("x.csv", b" \n\n").unwrap_err().meldung, "Datei ist leer");
        let p = utf8_text("x.csv", "ags,name\n06532001,A\u{1}lar\n".as_bytes()).unwrap_err();
        assert_eq!(p.ort.as_deref(), Some("Zeile 2, Spalte 11"));
        assert!(p.meldung.contains("U+0001"));
    }
}

//! Why a question cannot be answered. The variant, not the text, decides how a transport
//! reports it (HTTP status, exit code); the text is German and says what was wrong and what
//! would be right.

/// A request the application layer cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Anfragefehler {
    /// The request is wrong: a parameter is missing, out of range or unknown.
    #[error("{0}")]
    Ungueltig(String),
    /// The thing asked for does not exist (an unknown layer, Kommune, indicator or year).
    #[error("{0}")]
    NichtGefunden(String),
    /// The request conflicts with the stored data (e.g. an id that exists already).
    #[error("{0}")]
    Konflikt(String),
    /// The change was based on an older version of the record (someone else changed it).
    #[error("{0}")]
    Veraltet(String),
    /// The service is busy; a retry after `nochmal_nach_s` seconds may succeed.
    #[error("{text}")]
    Ueberlastet {
        /// German explanation.
        text: String,
        /// Seconds after which a retry may succeed.
        nochmal_nach_s: u32,
    },
    /// Something failed inside the service (not the client's fault); the text is for the log.
    #[error("interner Fehler: {0}")]
    Intern(String),
}

impl Anfragefehler {
    /// A wrong request.
    pub fn ungueltig(text: impl Into<String>) -> Self {
        Anfragefehler::Ungueltig(text.into())
    }

    /// Something that does not exist.
    pub fn nicht_gefunden(text: impl Into<String>) -> Self {
        Anfragefehler::NichtGefunden(text.into())
    }

    /// An internal failure, with its cause for the log.
    pub fn intern(grund: impl std::fmt::Display) -> Self {
        Anfragefehler::Intern(grund.to_string())
    }

    /// The same error with `vorne` put before its text (e.g. which map it concerns).
    pub fn mit_vorsatz(self, vorne: &str) -> Self {
        match self {
            Anfragefehler::Ungueltig(t) => Anfragefehler::Ungueltig(format!("{vorne}{t}")),
            Anfragefehler::NichtGefunden(t) => Anfragefehler::NichtGefunden(format!("{vorne}{t}")),
            e => e,
        }
    }
}

impl From<Anfragefehler> for crate::Error {
    fn from(e: Anfragefehler) -> Self {
        match e {
            Anfragefehler::Intern(t) => crate::Error::Konfiguration(t),
            e => crate::Error::Anfrage(e.to_string()),
        }
    }
}

/// Result of a question to the application layer.
pub type Ergebnis<T> = Result<T, Anfragefehler>;

/// A German description of why a JSON body could not be read, with line and column; serde's
/// English text is translated for the cases a client meets, never passed through.
pub fn json_fehler(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let wo = format!("Zeile {}, Spalte {}", e.line(), e.column());
    let text = e.to_string();
    let in_zeichen =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(|t| format!("„{t}“")).collect() };
    match e.classify() {
        Category::Eof => format!("der JSON-Text endet vorzeitig ({wo})"),
        Category::Syntax => format!("kein gültiges JSON ({wo})"),
        Category::Io => "der Inhalt konnte nicht gelesen werden".into(),
        Category::Data => {
            let namen = in_zeichen(&text);
            let was = if text.starts_with("unknown field") {
                match namen.split_first() {
                    Some((f, rest)) if !rest.is_empty() => {
                        format!("unbekanntes Feld {f}; erlaubt: {}", rest.join(", "))
                    }
                    Some((f, _)) => format!("unbekanntes Feld {f}"),
                    None => "unbekanntes Feld".into(),
                }
            } else if text.starts_with("missing field") {
                format!("Feld {} fehlt", namen.first().map_or("", String::as_str))
            } else if text.starts_with("invalid type") || text.starts_with("invalid value") {
                let erwartet = text.split("expected ").nth(1).unwrap_or("").split(" at line").next().unwrap_or("");
                let erwartet = match erwartet {
                    e if e.contains("f64") || e.contains("u32") || e.contains("usize") || e.contains("i64") => {
                        "eine Zahl"
                    }
                    e if e.contains("sequence") => "eine Liste [ … ]",
                    e if e.contains("string") => "ein Text in Anführungszeichen",
                    e if e.contains("struct") || e.contains("map") => "ein Objekt { … }",
                    e if e.contains("bool") => "true oder false",
                    _ => "ein anderer Wert",
                };
                format!("ein Wert hat den falschen Typ, erwartet ist {erwartet}")
            } else {
                "ein Wert hat nicht die erwartete Form".into()
            };
            format!("{was} ({wo})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        kategorie: String,
        schwellen: Option<Vec<f64>>,
    }

    fn lesen(t: &str) -> String {
        json_fehler(&serde_json::from_str::<Probe>(t).unwrap_err())
    }

    #[test]
    fn json_errors_are_told_in_german_with_their_place() {
        assert_eq!(
            lesen(r#"{"kategorie":"a","schwelen":[1]}"#),
            "unbekanntes Feld „schwelen“; erlaubt: „kategorie“, „schwellen“ (Zeile 1, Spalte 27)"
        );
        assert_eq!(lesen(r#"{"schwellen":[1]}"#), "Feld „kategorie“ fehlt (Zeile 1, Spalte 17)");
        assert_eq!(
            lesen(r#"{"kategorie":"a","schwellen":["x"]}"#),
            "ein Wert hat den falschen Typ, erwartet ist eine Zahl (Zeile 1, Spalte 33)"
        );
        assert_eq!(
            lesen(r#"{"kategorie":5}"#),
            "ein Wert hat den falschen Typ, erwartet ist ein Text in Anführungszeichen (Zeile 1, Spalte 14)"
        );
        assert_eq!(lesen(r#"{"kategorie":"#), "der JSON-Text endet vorzeitig (Zeile 1, Spalte 13)");
        assert_eq!(lesen("{kategorie}"), "kein gültiges JSON (Zeile 1, Spalte 2)");
    }
}

//! Query parameters: each one is a constant that says its name, bounds, default and German
//! description. The same constant reads a request ([`Parameter`]) and describes the parameter
//! in the OpenAPI document, so the two cannot drift apart. Messages name the parameter and
//! the allowed range; unknown parameters are refused, so a typo never goes unnoticed.

use std::collections::BTreeMap;

use super::fehler::{Anfragefehler, Ergebnis};
use crate::Atlas;
use crate::model::{JAHRE, Vorgaben, Zielgruppe};
use crate::spatial::{Ausschnitt, Crs, LonLat, MAX_BBOX_BETRAG};

/// A number within bounds.
#[derive(Debug)]
pub struct Zahl {
    /// Name.
    pub name: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// Value when not given.
    pub standard: Standard,
    /// Unit as written after the number in messages (e.g. " m").
    pub einheit: &'static str,
    /// German description.
    pub text: &'static str,
}

/// The default of a number.
#[derive(Debug, Clone, Copy)]
pub enum Standard {
    /// None: the parameter is required.
    Keiner,
    /// None, and the parameter is optional (read with [`Parameter::zahl_wenn`]).
    Frei,
    /// A fixed value.
    Fest(f64),
    /// A default of the data set (`vorgaben.csv`).
    Vorgabe(fn(&Vorgaben) -> f64),
}

impl Standard {
    /// The value for a data set (`None`: required).
    pub fn wert(self, v: &Vorgaben) -> Option<f64> {
        match self {
            Standard::Keiner | Standard::Frei => None,
            Standard::Fest(x) => Some(x),
            Standard::Vorgabe(f) => Some(f(v)),
        }
    }
}

/// A whole number within bounds.
#[derive(Debug)]
pub struct Ganz {
    /// Name.
    pub name: &'static str,
    /// Smallest allowed value.
    pub min: usize,
    /// Largest allowed value.
    pub max: usize,
    /// Value when not given.
    pub standard: usize,
    /// German description.
    pub text: &'static str,
}

/// A list of numbers: `10.5,15` or, with the German decimal comma, `10,5; 15`.
#[derive(Debug)]
pub struct Zahlen {
    /// Name.
    pub name: &'static str,
    /// Smallest allowed value (`f64::MIN`: unbounded).
    pub min: f64,
    /// Largest allowed value (`f64::MAX`: unbounded).
    pub max: f64,
    /// Fewest numbers.
    pub min_anzahl: usize,
    /// Most numbers.
    pub max_anzahl: usize,
    /// Values when not given (`None`: none), from the data set's defaults.
    pub standard: Option<fn(&Vorgaben) -> Vec<f64>>,
    /// An example value for messages when there is no default (e.g. `25,50`).
    pub beispiel: &'static str,
    /// Unit as written after the numbers in messages.
    pub einheit: &'static str,
    /// German description.
    pub text: &'static str,
}

/// Where the allowed values of a choice come from.
#[derive(Debug, Clone, Copy)]
pub enum Werte {
    /// A fixed list.
    Fest(&'static [&'static str]),
    /// The ids the loaded data set offers (categories, schemes, indicators, …).
    Daten(fn(&Verzeichnis) -> Vec<String>),
}

/// One of named values.
#[derive(Debug)]
pub struct Wahl {
    /// Name.
    pub name: &'static str,
    /// The allowed values.
    pub werte: Werte,
    /// Value when not given (`None`: optional without default, or required with `pflicht`).
    pub standard: Option<&'static str>,
    /// The request must give it.
    pub pflicht: bool,
    /// German description.
    pub text: &'static str,
}

/// A list of named values, separated by commas.
#[derive(Debug)]
pub struct Liste {
    /// Name.
    pub name: &'static str,
    /// The allowed values.
    pub werte: Werte,
    /// Most values.
    pub max_anzahl: usize,
    /// German description.
    pub text: &'static str,
}

/// Free text.
#[derive(Debug)]
pub struct Text {
    /// Name.
    pub name: &'static str,
    /// Most characters.
    pub max_laenge: Option<usize>,
    /// Regular expression of the allowed form (for the description; the reader checks it).
    pub muster: Option<&'static str>,
    /// OpenAPI format (e.g. `date`).
    pub format: Option<&'static str>,
    /// German description.
    pub text: &'static str,
}

/// A year from [`JAHRE`]; without it, the latest with values.
#[derive(Debug)]
pub struct Jahr {
    /// German description.
    pub text: &'static str,
}

/// A window `bbox` of four numbers (or six, with a height axis).
#[derive(Debug)]
pub struct Bbox {
    /// Six numbers allowed (OGC API).
    pub mit_hoehe: bool,
    /// German description.
    pub text: &'static str,
}

/// A parameter of a question, for the list a route accepts.
#[derive(Debug, Clone, Copy)]
pub enum Param {
    /// A number.
    Zahl(&'static Zahl),
    /// A whole number.
    Ganz(&'static Ganz),
    /// A list of numbers.
    Zahlen(&'static Zahlen),
    /// A choice.
    Wahl(&'static Wahl),
    /// A list of choices.
    Liste(&'static Liste),
    /// Text.
    Text(&'static Text),
    /// A year.
    Jahr(&'static Jahr),
    /// A window.
    Bbox(&'static Bbox),
}

impl Param {
    /// The name of the parameter.
    pub fn name(&self) -> &'static str {
        match self {
            Param::Zahl(p) => p.name,
            Param::Ganz(p) => p.name,
            Param::Zahlen(p) => p.name,
            Param::Wahl(p) => p.name,
            Param::Liste(p) => p.name,
            Param::Text(p) => p.name,
            Param::Jahr(_) => "jahr",
            Param::Bbox(_) => "bbox",
        }
    }

    /// Whether a request must give it.
    pub fn pflicht(&self) -> bool {
        match self {
            Param::Zahl(p) => matches!(p.standard, Standard::Keiner),
            Param::Wahl(p) => p.pflicht,
            _ => false,
        }
    }

    /// The German description.
    pub fn text(&self) -> &'static str {
        match self {
            Param::Zahl(p) => p.text,
            Param::Ganz(p) => p.text,
            Param::Zahlen(p) => p.text,
            Param::Wahl(p) => p.text,
            Param::Liste(p) => p.text,
            Param::Text(p) => p.text,
            Param::Jahr(p) => p.text,
            Param::Bbox(p) => p.text,
        }
    }
}

/// What the data set offers for choices: ids of categories, region schemes, indicators,
/// layers and Kommunen, so descriptions list exactly the values the readers accept.
#[derive(Debug, Clone, Default)]
pub struct Verzeichnis {
    /// Offer categories.
    pub kategorien: Vec<String>,
    /// Region schemes.
    pub schemata: Vec<String>,
    /// Indicators of the data set.
    pub indikatoren: Vec<String>,
    /// Those of them whose high values mean need.
    pub bedarfsindikatoren: Vec<String>,
    /// Indicator maps: the data set's and the derived ones.
    pub ansichten: Vec<String>,
    /// Published layers (OGC collections, exports).
    pub sammlungen: Vec<String>,
    /// AGS of the Kommunen.
    pub kommunen: Vec<String>,
    /// Ids of the offers.
    pub angebote: Vec<String>,
    /// The data set's defaults (`None`: none known, e.g. in unit tests).
    pub vorgaben: Option<Vorgaben>,
    /// Distance measures: `luftlinie`, and the profiles when a network is loaded.
    pub masse: Vec<String>,
}

impl Verzeichnis {
    /// The choices of a loaded data set with its published layers.
    pub fn aus(a: &Atlas, sammlungen: Vec<String>) -> Self {
        let indikatoren: Vec<String> = a.indikatoren.iter().map(|i| i.id.clone()).collect();
        let ansichten = indikatoren
            .iter()
            .cloned()
            .chain(crate::analysis::abgeleitet::KATALOG.iter().map(|x| x.0.to_string()))
            .collect();
        Self {
            kategorien: a.kategorien.iter().map(|k| k.id.clone()).collect(),
            schemata: a.regionsschemata.iter().map(|s| s.id.clone()).collect(),
            bedarfsindikatoren: a
                .indikatoren
                .iter()
                .filter(|i| i.polaritaet == crate::model::Polaritaet::Bedarf)
                .map(|i| i.id.clone())
                .collect(),
            indikatoren,
            ansichten,
            sammlungen,
            kommunen: a.kommunen.iter().map(|k| k.ags.to_string()).collect(),
            angebote: a.angebote.iter().map(|o| o.id.clone()).collect(),
            vorgaben: Some(a.vorgaben.clone()),
            masse: angebotene_masse(a),
        }
    }
}

/// The distance measures a data set offers: Luftlinie, and the profiles when it has a network.
pub fn angebotene_masse(a: &Atlas) -> Vec<String> {
    let mut m = vec![crate::analysis::mass::Mass::Luftlinie.id().to_string()];
    if a.netz().is_some() {
        m.extend(crate::analysis::mass::Mass::ALLE[1..].iter().map(|x| x.id().to_string()));
    }
    m
}

/// The query parameters of a request, as given (each name once).
#[derive(Debug, Clone, Default)]
pub struct Parameter(BTreeMap<String, String>);

impl Parameter {
    /// Reads name–value pairs: control characters are refused, and so is one name with two
    /// different values. The same value twice is harmless (clients such as GDAL append their
    /// own parameters to links that already carry them).
    pub fn aus_paaren(paare: impl IntoIterator<Item = (String, String)>) -> Ergebnis<Self> {
        let mut m = BTreeMap::new();
        for (k, v) in paare {
            if let Some(c) = k.chars().chain(v.chars()).find(|c| c.is_control()) {
                return Err(Anfragefehler::ungueltig(format!(
                    "Parameter „{}“ enthält ein Steuerzeichen (U+{:04X}); erlaubt ist gewöhnlicher Text ohne \
                     Zeilenumbrüche und Steuerzeichen",
                    kuerzen(&k.replace(|c: char| c.is_control(), "�")),
                    c as u32
                )));
            }
            if let Some(alt) = m.insert(k.clone(), v.clone())
                && alt != v
            {
                return Err(Anfragefehler::ungueltig(format!(
                    "Parameter „{k}“ ist mehrfach mit verschiedenen Werten angegeben („{alt}“, „{v}“)"
                )));
            }
        }
        Ok(Parameter(m))
    }

    /// Reads a URL query string (`a=1&b=2`).
    pub fn aus_abfrage(abfrage: &str) -> Ergebnis<Self> {
        let paare: Vec<(String, String)> = serde_urlencoded::from_str(abfrage)
            .map_err(|_| Anfragefehler::ungueltig("Die Abfrageparameter sind nicht lesbar (URL-Kodierung prüfen)"))?;
        Self::aus_paaren(paare)
    }

    /// Refuses parameters not in `erlaubt`. A parameter with an empty value counts as not
    /// given (as everywhere).
    pub fn nur(&self, erlaubt: &[Param]) -> Ergebnis<()> {
        let namen: Vec<&str> = erlaubt.iter().map(Param::name).collect();
        match self.0.iter().find(|(k, v)| !v.trim().is_empty() && !namen.contains(&k.as_str())).map(|(k, _)| k) {
            Some(k) => Err(Anfragefehler::ungueltig(format!(
                "unbekannter Parameter „{k}“; erlaubt sind: {}",
                if namen.is_empty() { "keine".to_string() } else { namen.join(", ") }
            ))),
            None => Ok(()),
        }
    }

    /// All parameters as given, sorted by name.
    pub fn paare(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// An optional text parameter (empty counts as missing).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    /// A text parameter within its length.
    pub fn freitext(&self, p: &Text) -> Ergebnis<Option<&str>> {
        match (self.text(p.name), p.max_laenge) {
            (Some(t), Some(max)) if t.chars().count() > max => {
                Err(Anfragefehler::ungueltig(format!("Parameter „{}“ ist zu lang: höchstens {max} Zeichen", p.name)))
            }
            (t, _) => Ok(t),
        }
    }

    /// An optional number within its bounds (`None` when missing and without default).
    pub fn zahl_wenn(&self, p: &Zahl, v: &Vorgaben) -> Ergebnis<Option<f64>> {
        if self.text(p.name).is_none() && p.standard.wert(v).is_none() {
            return Ok(None);
        }
        self.zahl(p, v).map(Some)
    }

    /// A number within its bounds; its default when missing.
    pub fn zahl(&self, p: &Zahl, v: &Vorgaben) -> Ergebnis<f64> {
        let (name, einheit) = (p.name, p.einheit);
        let Some(t) = self.text(name) else {
            return p.standard.wert(v).ok_or_else(|| {
                Anfragefehler::ungueltig(format!(
                    "Parameter „{name}“ fehlt (Zahl von {} bis {}{einheit})",
                    p.min, p.max
                ))
            });
        };
        let keine_zahl = || {
            Anfragefehler::ungueltig(format!(
                "Parameter „{name}“ = „{}“ ist keine Zahl (erwartet {} bis {}{einheit}, Dezimalpunkt)",
                kuerzen(t),
                p.min,
                p.max
            ))
        };
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() && (p.min..=p.max).contains(&v) => Ok(v),
            Ok(v) if v.is_nan() => Err(keine_zahl()),
            Ok(v) => Err(Anfragefehler::ungueltig(format!(
                "Parameter „{name}“ = {v} liegt außerhalb des erlaubten Bereichs {} bis {}{einheit}",
                p.min, p.max
            ))),
            Err(_) => Err(keine_zahl()),
        }
    }

    /// A whole number within its bounds, its default when missing.
    pub fn ganz(&self, p: &Ganz) -> Ergebnis<usize> {
        let Some(t) = self.text(p.name) else {
            return Ok(p.standard);
        };
        match t.parse::<usize>() {
            Ok(v) if (p.min..=p.max).contains(&v) => Ok(v),
            _ => Err(Anfragefehler::ungueltig(format!(
                "Parameter „{}“ = „{}“ ist ungültig, erlaubt ist eine ganze Zahl von {} bis {}",
                p.name,
                kuerzen(t),
                p.min,
                p.max
            ))),
        }
    }

    /// `bbox` as a window: four numbers (or six, with a height axis whose values are ignored)
    /// in the axis order of `achsen`. Every finite value up to ±10⁷ is accepted: boxes beyond
    /// the world are clipped, a west edge east of the east edge crosses the antimeridian, a
    /// south edge north of the north edge gives an empty window.
    pub fn bbox(&self, p: &Bbox, achsen: Crs) -> Ergebnis<Option<Ausschnitt>> {
        let Some(t) = self.text("bbox") else {
            return Ok(None);
        };
        let fehler = |was: &str| {
            Anfragefehler::ungueltig(format!(
                "Parameter „bbox“ = „{}“: {was}; erwartet vier Zahlen (bis ±{MAX_BBOX_BETRAG}), durch Komma getrennt: {}",
                kuerzen(t),
                achsen.reihenfolge()
            ))
        };
        let mut v = Vec::new();
        for teil in t.split(',').map(str::trim) {
            match teil.parse::<f64>() {
                Ok(x) if x.is_finite() && x.abs() <= MAX_BBOX_BETRAG => v.push(x),
                Ok(x) if x.is_finite() => return Err(fehler(&format!("{x} ist zu groß"))),
                _ => return Err(fehler(&format!("„{}“ ist keine Zahl", kuerzen(teil)))),
            }
        }
        let [a, b, c, d] = match v.as_slice() {
            [a, b, c, d] => [*a, *b, *c, *d],
            [a, b, _, d, e, _] if p.mit_hoehe => [*a, *b, *d, *e],
            _ => return Err(fehler(&format!("{} Zahlen angegeben", v.len()))),
        };
        Ok(Some(match achsen {
            Crs::Crs84 => Ausschnitt::lonlat(a, b, c, d),
            Crs::Epsg4326 => Ausschnitt::lonlat(b, a, d, c),
            Crs::Epsg25832 => Ausschnitt::utm32(a, b, c, d).map_err(Anfragefehler::intern)?,
        }))
    }

    /// `jahr`: a year from [`JAHRE`], `None` when not given.
    pub fn jahr(&self) -> Ergebnis<Option<i32>> {
        match self.text("jahr") {
            None => Ok(None),
            Some(t) => match t.parse::<i32>() {
                Ok(j) if JAHRE.contains(&j) => Ok(Some(j)),
                _ => Err(Anfragefehler::ungueltig(format!(
                    "Parameter „jahr“ = „{}“ ist keine Jahreszahl von {} bis {}",
                    kuerzen(t),
                    JAHRE.start(),
                    JAHRE.end()
                ))),
            },
        }
    }

    /// `lon` and `lat` (WGS84 degrees), bounded to Germany.
    pub fn lonlat(&self) -> Ergebnis<LonLat> {
        let ohne = Vorgaben { schwellen_m: Vec::new(), schwelle_m: 0.0, radius_m: 0.0, bevoelkerungsjahr: 0 };
        Ok(LonLat { lon: self.zahl(&LON, &ohne)?, lat: self.zahl(&LAT, &ohne)? })
    }

    /// A list of numbers within its bounds: separated by commas (`10.5,15`), or by semicolons
    /// with the German decimal comma (`10,5; 15`). Its default when missing.
    pub fn zahlen(&self, p: &Zahlen, v: &Vorgaben) -> Ergebnis<Vec<f64>> {
        let (name, einheit, max) = (p.name, p.einheit, p.max_anzahl);
        let standard = p.standard.map(|f| f(v)).unwrap_or_default();
        let Some(t) = self.text(name) else {
            return Ok(standard);
        };
        let unbegrenzt = p.min <= f64::MIN && p.max >= f64::MAX;
        let fehler = |was: String| {
            let anzahl = if p.min_anzahl == max { format!("{max}") } else { format!("{} bis {max}", p.min_anzahl) };
            let zahlen = if max == 1 { "Zahl" } else { "Zahlen" };
            let z = |x: f64| crate::model::deutsch::zahl(x, if x.fract() == 0.0 { 0 } else { 1 });
            let erwartet = if unbegrenzt {
                format!("{anzahl} {zahlen}")
            } else {
                format!("{anzahl} {zahlen} von {} bis {}{einheit}", z(p.min), z(p.max))
            };
            let beispiel = if standard.is_empty() {
                p.beispiel.to_string()
            } else {
                standard.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")
            };
            Anfragefehler::ungueltig(format!(
                "Parameter „{name}“ = „{}“: {was}; erwartet {erwartet}, durch Komma getrennt mit Dezimalpunkt \
                 oder durch Semikolon getrennt mit Dezimalkomma (z. B. {name}={beispiel})",
                kuerzen(t)
            ))
        };
        let (trenner, dezimalkomma) = if t.contains(';') { (';', true) } else { (',', false) };
        let mut v = Vec::new();
        for teil in t.split(trenner).map(str::trim) {
            if teil.is_empty() {
                return Err(fehler("ein Wert ist leer".into()));
            }
            let zahl = if dezimalkomma { teil.replace(',', ".") } else { teil.to_string() };
            match zahl.parse::<f64>() {
                Ok(x) if x.is_finite() && (p.min..=p.max).contains(&x) => v.push(x),
                Ok(x) if x.is_finite() => return Err(fehler(format!("{x} liegt außerhalb des erlaubten Bereichs"))),
                _ => return Err(fehler(format!("„{}“ ist keine Zahl", kuerzen(teil)))),
            }
        }
        if v.len() > max || v.len() < p.min_anzahl {
            return Err(fehler(if v.len() == 1 {
                "1 Wert angegeben".into()
            } else {
                format!("{} Werte angegeben", v.len())
            }));
        }
        Ok(v)
    }

    /// A choice read by `FromStr` (which gives the German message); its default when missing.
    pub fn wahl<T: std::str::FromStr<Err = String>>(&self, p: &Wahl) -> Ergebnis<Option<T>> {
        match self.text(p.name).or(p.standard) {
            None if p.pflicht => Err(Anfragefehler::ungueltig(format!("Parameter „{}“ fehlt ({})", p.name, p.text))),
            None => Ok(None),
            Some(t) => t
                .parse()
                .map(Some)
                .map_err(|e: String| Anfragefehler::ungueltig(format!("Parameter „{}“: {e}", p.name))),
        }
    }

    /// A choice among fixed values (or its default): the index of the value in the list.
    pub fn wahl_index(&self, p: &Wahl) -> Ergebnis<usize> {
        let Werte::Fest(werte) = p.werte else {
            return Err(Anfragefehler::intern(format!("Parameter „{}“ hat keine festen Werte", p.name)));
        };
        let t = self
            .text(p.name)
            .or(p.standard)
            .ok_or_else(|| Anfragefehler::ungueltig(format!("Parameter „{}“ fehlt ({})", p.name, p.text)))?;
        werte.iter().position(|w| *w == t).ok_or_else(|| {
            Anfragefehler::ungueltig(format!(
                "Parameter „{}“: „{}“; erlaubt sind {}",
                p.name,
                kuerzen(t),
                werte.join(", ")
            ))
        })
    }

    /// A choice that has a default (or is required): always a value.
    pub fn wahl_mit_standard<T: std::str::FromStr<Err = String>>(&self, p: &Wahl) -> Ergebnis<T> {
        self.wahl(p)?.ok_or_else(|| Anfragefehler::intern(format!("Parameter „{}“ ohne Standardwert", p.name)))
    }

    /// The target group (`zielgruppe`), default under 18.
    pub fn zielgruppe(&self) -> Ergebnis<Zielgruppe> {
        self.wahl_mit_standard(&ZIELGRUPPE)
    }

    /// The offer category (`kategorie`) of the data set; `None` when not given.
    pub fn kategorie<'a>(&'a self, a: &Atlas) -> Ergebnis<Option<&'a str>> {
        match self.text("kategorie") {
            None => Ok(None),
            Some(k) => kategorie_pruefen(a, k).map(|_| Some(k)),
        }
    }

    /// The offer category, required.
    pub fn kategorie_pflicht<'a>(&'a self, a: &Atlas) -> Ergebnis<&'a str> {
        self.kategorie(a)?.ok_or_else(|| {
            Anfragefehler::ungueltig(format!(
                "Parameter „kategorie“ fehlt; vorhanden: {}",
                a.kategorien.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
            ))
        })
    }

    /// The region scheme (`schema`) as index; the first scheme when not given.
    pub fn schema(&self, a: &Atlas) -> Ergebnis<usize> {
        schema_index(a, self.text("schema"))
    }
}

/// The index of a region scheme by id (`None` = the default scheme).
pub fn schema_index(a: &Atlas, id: Option<&str>) -> Ergebnis<usize> {
    let ids = || a.regionsschemata.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ");
    match id {
        None if a.regionsschemata.is_empty() => {
            Err(Anfragefehler::ungueltig("Der Datensatz enthält kein Regionsschema"))
        }
        None => Ok(0),
        Some(id) => a.regionsschemata.iter().position(|s| s.id == id).ok_or_else(|| {
            Anfragefehler::ungueltig(format!(
                "Parameter „schema“: unbekanntes Regionsschema „{}“; vorhanden: {}",
                kuerzen(id),
                ids()
            ))
        }),
    }
}

/// A user's text for a message: at most 60 characters, so a huge input never floods the answer.
pub fn kuerzen(t: &str) -> String {
    const MAX: usize = 60;
    if t.chars().count() <= MAX { t.to_string() } else { format!("{}…", t.chars().take(MAX).collect::<String>()) }
}

/// Checks that the data set has the offer category `k`.
pub fn kategorie_pruefen(a: &Atlas, k: &str) -> Ergebnis<()> {
    if a.kategorie(k).is_some() { Ok(()) } else { Err(unbekannte_kategorie(a, k)) }
}

/// A text field of a record: trimmed, at most `max` characters, no control characters.
pub fn text_pruefen(feld: &str, t: &str, max: usize) -> Ergebnis<String> {
    let t = t.trim();
    if t.chars().count() > max || t.chars().any(char::is_control) {
        return Err(Anfragefehler::ungueltig(format!("„{feld}“: höchstens {max} Zeichen ohne Steuerzeichen")));
    }
    Ok(t.to_string())
}

/// The error for an unknown category, listing the known ones.
pub fn unbekannte_kategorie(a: &Atlas, k: &str) -> Anfragefehler {
    let ids: Vec<&str> = a.kategorien.iter().map(|c| c.id.as_str()).collect();
    Anfragefehler::ungueltig(format!(
        "Parameter „kategorie“: unbekannte Kategorie „{}“; vorhanden: {}",
        kuerzen(k),
        ids.join(", ")
    ))
}

// ---------------------------------------------------------------------------------------------
// The parameters shared by several questions. Parameters of one question live in its module.

/// Text without control characters (which every parameter refuses).
pub const OHNE_STEUERZEICHEN: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";

fn kategorien(v: &Verzeichnis) -> Vec<String> {
    v.kategorien.clone()
}
fn schemata(v: &Verzeichnis) -> Vec<String> {
    v.schemata.clone()
}
fn schwelle_m(v: &Vorgaben) -> f64 {
    v.schwelle_m
}
fn zielgruppen(_: &Verzeichnis) -> Vec<String> {
    Zielgruppe::ALLE.map(|z| z.id().to_string()).to_vec()
}

/// No query parameters (the route table and the handlers of such routes share it).
pub const KEINE: &[Param] = &[];

/// `kategorie`, optional: an offer category of the data set.
pub const KATEGORIE: Wahl = Wahl {
    name: "kategorie",
    werte: Werte::Daten(kategorien),
    standard: None,
    pflicht: false,
    text: "Angebotskategorie (id aus /api/kategorien)",
};
/// `kategorie`, required.
pub const KATEGORIE_PFLICHT: Wahl = Wahl { pflicht: true, ..KATEGORIE };
/// `schema`: a region scheme of the data set.
pub const SCHEMA: Wahl = Wahl {
    name: "schema",
    werte: Werte::Daten(schemata),
    standard: None,
    pflicht: false,
    text: "Regionsschema (Standard: das erste)",
};
/// `zielgruppe`: the target group of the population.
pub const ZIELGRUPPE: Wahl = Wahl {
    name: "zielgruppe",
    werte: Werte::Daten(zielgruppen),
    standard: Some("unter18"),
    pflicht: false,
    text: "Zielgruppe der Bevölkerung",
};
/// `zielgruppe` of layers: without it, each layer's own default.
pub const ZIELGRUPPE_SCHICHT: Wahl = Wahl { standard: None, ..ZIELGRUPPE };
/// `ebene`: Kommunen, regions or the Kreis.
pub const EBENE: Wahl = Wahl {
    name: "ebene",
    werte: Werte::Fest(&["kommune", "region", "kreis"]),
    standard: Some("kommune"),
    pflicht: false,
    text: "Ebene der Gebiete",
};
/// `jahr`.
pub const JAHR: Jahr = Jahr { text: "Jahr (Standard: das letzte mit Werten; ein Jahr ohne Werte ergibt 404)" };
/// `stand`: the day an answer is for (offers valid then).
pub const STAND: Text = Text {
    name: "stand",
    max_laenge: None,
    muster: None,
    format: Some("date"),
    text: "Tag, für den geantwortet wird (JJJJ-MM-TT, Standard: heute): die Angebote, die an diesem Tag galten",
};

/// `lon`: WGS84 longitude in Germany.
pub const LON: Zahl = Zahl {
    name: "lon",
    min: crate::spatial::DEUTSCHLAND_LON.0,
    max: crate::spatial::DEUTSCHLAND_LON.1,
    standard: Standard::Keiner,
    einheit: "° östl. Länge (WGS84)",
    text: "Länge in Grad (WGS84), in Deutschland",
};
/// `lat`: WGS84 latitude in Germany.
pub const LAT: Zahl = Zahl {
    name: "lat",
    min: crate::spatial::DEUTSCHLAND_LAT.0,
    max: crate::spatial::DEUTSCHLAND_LAT.1,
    standard: Standard::Keiner,
    einheit: "° nördl. Breite (WGS84)",
    text: "Breite in Grad (WGS84), in Deutschland",
};
/// `umwegfaktor`: a factor on the straight-line distance.
pub const UMWEGFAKTOR: Zahl = Zahl {
    name: "umwegfaktor",
    min: *crate::analysis::abdeckung::UMWEGFAKTOR.start(),
    max: *crate::analysis::abdeckung::UMWEGFAKTOR.end(),
    standard: Standard::Fest(1.0),
    einheit: "",
    text: "Faktor auf die Luftlinie (1 = Luftlinie, z. B. 1,3 als Schätzung der Wegstrecke)",
};
/// `schwelle`: one distance threshold in metres.
pub const SCHWELLE: Zahl = Zahl {
    name: "schwelle",
    min: 1.0,
    max: crate::analysis::abdeckung::MAX_SCHWELLE_M,
    standard: Standard::Vorgabe(schwelle_m),
    einheit: " m",
    text: "Entfernungsschwelle in Metern (Standard: Vorgabe des Datensatzes)",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Parameter {
        Parameter::aus_abfrage(q).unwrap()
    }

    #[test]
    fn numbers_take_the_decimal_comma_after_semicolons_and_refuse_what_is_out_of_range() {
        let z = Zahlen {
            name: "x",
            min: 0.0,
            max: 100.0,
            min_anzahl: 1,
            max_anzahl: 3,
            standard: Some(|_| vec![1.0]),
            beispiel: "",
            einheit: "",
            text: "",
        };
        let v = Vorgaben { schwellen_m: vec![], schwelle_m: 1.0, radius_m: 1.0, bevoelkerungsjahr: 2022 };
        assert_eq!(p("x=10.5,15").zahlen(&z, &v).unwrap(), [10.5, 15.0]);
        assert_eq!(p("x=10,5;15").zahlen(&z, &v).unwrap(), [10.5, 15.0]);
        assert_eq!(p("").zahlen(&z, &v).unwrap(), [1.0]);
        assert!(p("x=101").zahlen(&z, &v).is_err());
        assert!(p("x=1,2,3,4").zahlen(&z, &v).is_err());
    }

    #[test]
    fn two_values_of_one_name_are_refused_unless_equal() {
        assert!(Parameter::aus_abfrage("a=1&a=1").is_ok());
        assert!(matches!(Parameter::aus_abfrage("a=1&a=2"), Err(Anfragefehler::Ungueltig(_))));
        assert!(Parameter::aus_abfrage("a=%0A").is_err());
    }
}

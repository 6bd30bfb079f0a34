//! Colour schemes for maps: ColorBrewer ramps and viridis/cividis from the `colorous` crate.
//! Sequential schemes for levels, diverging ones only for deviation from the Kreis value.
//! Whether a scheme is safe for colour-blind readers follows ColorBrewer's own rating (all
//! sequential schemes; among the diverging ones BrBG, PiYG, PRGn, PuOr, RdBu and RdYlBu) and
//! the design goal of viridis and cividis.

use colorous::Gradient;

/// Whether a scheme is for levels or for deviations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Palettenart {
    /// Light to dark, for levels.
    Sequentiell,
    /// Two hues around a neutral middle, for deviations (e.g. from the Kreis value).
    Divergierend,
}

/// A colour scheme.
#[derive(Clone, Copy)]
pub struct Palette {
    /// Id used in URLs (ColorBrewer's name in lower case).
    pub id: &'static str,
    /// German label.
    pub bezeichnung: &'static str,
    /// Sequential or diverging.
    pub art: Palettenart,
    /// Readable for the common forms of colour blindness.
    pub farbenblind_geeignet: bool,
    verlauf: Gradient,
}

macro_rules! palette {
    ($id:literal, $name:literal, $art:ident, $sicher:literal, $g:ident) => {
        Palette {
            id: $id,
            bezeichnung: $name,
            art: Palettenart::$art,
            farbenblind_geeignet: $sicher,
            verlauf: colorous::$g,
        }
    };
}

/// Every scheme offered.
pub const PALETTEN: &[Palette] = &[
    palette!("orrd", "Orange–Rot (OrRd)", Sequentiell, true, ORANGE_RED),
    palette!("ylorrd", "Gelb–Orange–Rot (YlOrRd)", Sequentiell, true, YELLOW_ORANGE_RED),
    palette!("reds", "Rottöne (Reds)", Sequentiell, true, REDS),
    palette!("purples", "Violetttöne (Purples)", Sequentiell, true, PURPLES),
    palette!("blues", "Blautöne (Blues)", Sequentiell, true, BLUES),
    palette!("ylgnbu", "Gelb–Grün–Blau (YlGnBu)", Sequentiell, true, YELLOW_GREEN_BLUE),
    palette!("pubu", "Violett–Blau (PuBu)", Sequentiell, true, PURPLE_BLUE),
    palette!("bugn", "Blau–Grün (BuGn)", Sequentiell, true, BLUE_GREEN),
    palette!("greens", "Grüntöne (Greens)", Sequentiell, true, GREENS),
    palette!("greys", "Grautöne (Greys)", Sequentiell, true, GREYS),
    palette!("viridis", "Viridis", Sequentiell, true, VIRIDIS),
    palette!("cividis", "Cividis", Sequentiell, true, CIVIDIS),
    palette!("rdbu", "Rot–Blau (RdBu)", Divergierend, true, RED_BLUE),
    palette!("puor", "Violett–Orange (PuOr)", Divergierend, true, PURPLE_ORANGE),
    palette!("brbg", "Braun–Blaugrün (BrBG)", Divergierend, true, BROWN_GREEN),
    palette!("rdylbu", "Rot–Gelb–Blau (RdYlBu)", Divergierend, true, RED_YELLOW_BLUE),
    palette!("rdylgn", "Rot–Gelb–Grün (RdYlGn, nicht farbenblind-geeignet)", Divergierend, false, RED_YELLOW_GREEN),
    palette!("spectral", "Spektral (nicht farbenblind-geeignet)", Divergierend, false, SPECTRAL),
];

/// Colour of units without a value.
pub const FARBE_KEINE_ANGABE: &str = "#d9d9d9";
/// Base colour of units hidden for data protection (shown hatched).
pub const FARBE_DATENSCHUTZ: &str = "#f0f0f0";

impl std::fmt::Debug for Palette {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Palette({})", self.id)
    }
}

impl Palette {
    /// The scheme with this id.
    pub fn von_id(id: &str) -> Option<&'static Palette> {
        PALETTEN.iter().find(|p| p.id == id)
    }

    /// `n` colours `#rrggbb`, light to dark (sequential) or end to end (diverging). The
    /// palest end of sequential ramps is left out: it would not stand out from the page.
    pub fn farben(&self, n: usize) -> Vec<String> {
        let (von, bis) = match self.art {
            Palettenart::Sequentiell if matches!(self.id, "viridis" | "cividis") => (0.0, 1.0),
            Palettenart::Sequentiell => (0.12, 0.95),
            Palettenart::Divergierend => (0.05, 0.95),
        };
        (0..n)
            .map(|i| {
                let t = if n <= 1 { (von + bis) / 2.0 } else { von + (bis - von) * i as f64 / (n - 1) as f64 };
                format!("#{:x}", self.verlauf.eval_continuous(t))
            })
            .collect()
    }

    /// `(id, label, kind, colour-blind safe)` for catalogues.
    pub fn beschreibung(&self) -> Palettenangabe {
        Palettenangabe {
            id: self.id,
            bezeichnung: self.bezeichnung,
            art: self.art,
            farbenblind_geeignet: self.farbenblind_geeignet,
        }
    }
}

/// What answers say about a colour scheme.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Palettenangabe {
    /// Id used in URLs.
    pub id: &'static str,
    /// German label.
    pub bezeichnung: &'static str,
    /// Sequential or diverging.
    pub art: Palettenart,
    /// Readable for the common forms of colour blindness.
    pub farbenblind_geeignet: bool,
}

/// The default scheme for an indicator: reds for needs, blues for resources, purples otherwise.
pub fn standard(polaritaet: crate::model::Polaritaet) -> &'static Palette {
    let id = match polaritaet {
        crate::model::Polaritaet::Bedarf => "orrd",
        crate::model::Polaritaet::Ressource => "blues",
        crate::model::Polaritaet::Neutral => "purples",
    };
    Palette::von_id(id).unwrap_or(&PALETTEN[0])
}

/// The 3 × 3 colours of the need × supply map, `[bedarf][versorgung]` with class 0 = low need
/// and low supply. The scheme is J. Stevens' red–blue bivariate scheme (2015) over need and
/// supply *gap*: low need with good supply is the lightest grey, high need with low supply
/// the darkest cell, so the problem stands out and dark never means "all good".
pub fn bivariat() -> [[String; 3]; 3] {
    // Rows: need low → high; columns: supply gap low → high (supply good → low).
    const STEVENS: [[&str; 3]; 3] =
        [["#e8e8e8", "#e4acac", "#c85a5a"], ["#b0d5df", "#ad9ea5", "#985356"], ["#64acbe", "#627f8c", "#574249"]];
    [0, 1, 2].map(|b| [0, 1, 2].map(|v| STEVENS[b][2 - v].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scheme_gives_distinct_colours_for_seven_classes() {
        for p in PALETTEN {
            let f = p.farben(7);
            assert_eq!(f.len(), 7);
            let mut u = f.clone();
            u.dedup();
            assert_eq!(u.len(), 7, "{}", p.id);
            assert!(f.iter().all(|c| c.len() == 7 && c.starts_with('#')));
        }
    }

    #[test]
    fn sequential_schemes_get_darker() {
        let hell = |c: &str| {
            let v = u32::from_str_radix(&c[1..], 16).unwrap();
            ((v >> 16) & 255) + ((v >> 8) & 255) + (v & 255)
        };
        let f = Palette::von_id("orrd").unwrap().farben(5);
        assert!(f.windows(2).all(|w| hell(&w[0]) > hell(&w[1])), "{f:?}");
    }

    #[test]
    fn the_problem_cell_is_the_darkest_and_all_good_the_lightest() {
        let b = bivariat();
        let hell = |c: &str| {
            let v = u32::from_str_radix(&c[1..], 16).unwrap_or(0);
            ((v >> 16) & 255) + ((v >> 8) & 255) + (v & 255)
        };
        let alle: Vec<u32> = b.iter().flatten().map(|c| hell(c)).collect();
        // High need (2) with low supply (0) is darkest; low need with good supply lightest.
        assert_eq!(hell(&b[2][0]), *alle.iter().min().unwrap_or(&0));
        assert_eq!(hell(&b[0][2]), *alle.iter().max().unwrap_or(&0));
    }
}

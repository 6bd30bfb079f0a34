//! What a data set says about itself: its source lines (`quellen.csv`) and the defaults of its
//! planning questions (`vorgaben.csv`). Answers, maps, exports and the page take them from
//! here, so a data set of another Kreis carries its own sources.

/// Largest number of distance thresholds in one question.
pub const MAX_SCHWELLEN: usize = 8;
/// Largest distance threshold, metres.
pub const MAX_SCHWELLE_M: f64 = 50_000.0;
/// Largest threshold in minutes (on a network).
pub const MAX_SCHWELLE_MIN: f64 = 120.0;

/// A source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quelle {
    /// Id (`grenzen`, `bevoelkerung`, …).
    pub id: String,
    /// The German line as printed (publisher, licence).
    pub text: String,
    /// Date of the data.
    pub stand: String,
    /// Shown in the page's list of sources.
    pub liste: bool,
}

/// The source lines of a data set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quellen(pub Vec<Quelle>);

impl Quellen {
    /// Ids every data set must have: what the service prints under computed results.
    pub const PFLICHT: [&'static str; 5] =
        ["grenzen", "grenzen_kurz", "bevoelkerung", "bevoelkerungsbasis", "angebote"];

    /// The line with this id ("" when the data set has none).
    pub fn text(&self, id: &str) -> &str {
        self.0.iter().find(|q| q.id == id).map_or("", |q| q.text.as_str())
    }

    /// The date of the line with this id ("" when the data set has none).
    pub fn stand(&self, id: &str) -> &str {
        self.0.iter().find(|q| q.id == id).map_or("", |q| q.stand.as_str())
    }

    /// The lines of the page's list of sources.
    pub fn liste(&self) -> Vec<String> {
        self.0.iter().filter(|q| q.liste).map(|q| q.text.clone()).collect()
    }

    /// The line under results the service computes from population and boundaries.
    pub fn berechnet(&self, was: &str) -> String {
        format!("{was}; {}; {}", self.text("bevoelkerung"), self.text("grenzen"))
    }
}

/// Defaults of the planning questions of a data set.
#[derive(Debug, Clone, PartialEq)]
pub struct Vorgaben {
    /// Distance thresholds of coverage questions, metres.
    pub schwellen_m: Vec<f64>,
    /// The one threshold of need × supply and the scenario map, metres.
    pub schwelle_m: f64,
    /// Radius of "near a place", metres.
    pub radius_m: f64,
    /// The year of the population figures: the year of the indicators the service computes.
    pub bevoelkerungsjahr: i32,
}

//! Indicators derived from the atlas itself: offers of a category per 1,000 of a target group,
//! coverage share at a threshold, pupils per 1,000 inhabitants. Each is built as an ordinary
//! [`Indikator`] with numerator and denominator per Kommune, so that maps, aggregation (ratio
//! of sums) and suppression treat it like any other.

use super::abdeckung::{Abdeckungsfrage, kommunensummen};
use crate::Atlas;
use crate::model::{Aggregation, Gewicht, Indikator, Indikatorwert, Polaritaet, Thema, Zielgruppe};

/// Column of `angebote.csv` holding the number of pupils of a school.
pub const SCHUELER_MERKMAL: &str = "schueler";

/// A derived indicator with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Abgeleitet {
    /// Offers of a category per 1,000 persons of a target group.
    AngeboteJe1000 {
        /// Category id.
        kategorie: String,
        /// Target group.
        zielgruppe: Zielgruppe,
    },
    /// Share (%) of a target group within a distance of the nearest offer of a category.
    Abdeckung {
        /// Category id.
        kategorie: String,
        /// Target group.
        zielgruppe: Zielgruppe,
        /// Threshold in the measure's unit (metres or minutes).
        schwelle: f64,
        /// How distance is measured.
        messung: super::mass::Messung,
    },
    /// Pupils of the schools in a Kommune per 1,000 inhabitants.
    SchuelerJe1000,
}

/// The Stand of the offers of a derived indicator without a store (the application names the
/// day of the store's offers instead).
pub const ANGEBOTE_DATENSATZ: &str = "Angebote: Stand des Datensatzes";

/// Ids of the derived indicators with their German name (the parameters each takes are
/// described where requests are read, in `dienst::indikatoren`).
pub const KATALOG: &[(&str, &str)] = &[
    ("angebote_je_1000", "Angebote je 1.000 der Zielgruppe"),
    ("abdeckung", "Versorgungsgrad: Anteil der Zielgruppe im Umkreis eines Angebots"),
    ("schueler_je_1000", "Schülerinnen und Schüler je 1.000 Einwohner"),
];

#[allow(clippy::too_many_arguments)]
fn neu(
    a: &Atlas,
    id: String,
    name: String,
    definition: String,
    masseinheit: &str,
    zaehler: String,
    nenner: String,
    multiplikator: f64,
) -> Indikator {
    Indikator {
        id,
        name,
        definition,
        masseinheit: masseinheit.into(),
        polaritaet: Polaritaet::Ressource,
        thema: Thema::AngeboteVersorgung,
        aggregation: Aggregation::QuoteDerSummen,
        gewicht: Gewicht::Einwohner,
        zaehler,
        nenner,
        multiplikator: Some(multiplikator),
        datenschutz: false,
        stand: format!("{ANGEBOTE_DATENSATZ}; Bevölkerung: {}", a.quellen.stand("bevoelkerung")),
        quelle: format!(
            "berechnet von sozialraum aus den Angeboten des Datensatzes und der Bevölkerungsfläche ({})",
            a.quellen.text("bevoelkerungsbasis")
        ),
        beispiel: false,
        werte: Vec::new(),
        quartale: Vec::new(),
        vollstaendig: true,
    }
}

/// Builds the indicator; `Err` names an unknown category.
pub fn indikator(a: &Atlas, x: &Abgeleitet) -> Result<Indikator, String> {
    let kat = |id: &str| a.kategorie(id).ok_or_else(|| format!("unbekannte Kategorie „{id}“"));
    let (mut ind, paare): (Indikator, Vec<(f64, f64)>) = match x {
        Abgeleitet::AngeboteJe1000 { kategorie, zielgruppe } => {
            let k = kat(kategorie)?;
            let mut anzahl = vec![0.0; a.kommunen.len()];
            let mut beispiel = false;
            for o in a.angebote.iter().filter(|o| o.kategorie == k.id) {
                if let Some(i) = a.kommune_index(&o.ags) {
                    anzahl[i] += 1.0;
                    beispiel |= o.beispiel;
                }
            }
            let mut ind = neu(
                a,
                format!("angebote_je_1000-{}-{}", k.id, zielgruppe.id()),
                format!("{} je 1.000 {}", k.bezeichnung, zielgruppe.bezeichnung()),
                format!("Anzahl der Angebote „{}“ in der Kommune je 1.000 {}", k.bezeichnung, zielgruppe.bezeichnung()),
                "je 1.000",
                format!("Angebote „{}“", k.bezeichnung),
                zielgruppe.bezeichnung().into(),
                1000.0,
            );
            ind.beispiel = beispiel;
            let nenner = (0..a.kommunen.len()).map(|i| a.bevoelkerung.summe(*zielgruppe, i));
            (ind, anzahl.into_iter().zip(nenner).collect())
        }
        Abgeleitet::Abdeckung { kategorie, zielgruppe, schwelle, messung } => {
            let k = kat(kategorie)?;
            let naechste = messung.naechste(a, &k.id, *zielgruppe).ok_or("Kategorie ohne Index oder kein Netz")?;
            let frage = Abdeckungsfrage::neu(*zielgruppe, vec![*schwelle], *messung)?;
            let summen = kommunensummen(a, naechste, &frage);
            let st = match messung.mass {
                super::mass::Mass::Luftlinie => messung.schwelle_text(*schwelle),
                _ => format!("{} {}", messung.schwelle_text(*schwelle), messung.kurz()),
            };
            let netz = match messung.mass {
                super::mass::Mass::Luftlinie => String::new(),
                m => format!("-{}", m.id()),
            };
            let mut ind = neu(
                a,
                format!("abdeckung-{}-{}-{}{}{netz}", k.id, zielgruppe.id(), schwelle, messung.einheit()),
                format!("Versorgungsgrad {} ({st}, {})", k.bezeichnung, zielgruppe.bezeichnung()),
                format!(
                    "Anteil der {} mit höchstens {st} zum nächsten Angebot „{}“; Entfernung: {}",
                    zielgruppe.bezeichnung(),
                    k.bezeichnung,
                    frage.mass()
                ),
                "%",
                format!("{} {}", zielgruppe.bezeichnung(), messung.bis_text(*schwelle)),
                zielgruppe.bezeichnung().into(),
                100.0,
            );
            ind.beispiel = a.angebote.iter().any(|o| o.kategorie == k.id && o.beispiel);
            if messung.mass != super::mass::Mass::Luftlinie {
                ind.quelle.push_str("; Wegenetz: © OpenStreetMap-Mitwirkende (ODbL)");
            }
            (ind, summen.into_iter().map(|(g, v)| (v[0], g)).collect())
        }
        Abgeleitet::SchuelerJe1000 => {
            let mut schueler = vec![0.0; a.kommunen.len()];
            for o in &a.angebote {
                if let (Some(i), Some(n)) =
                    (a.kommune_index(&o.ags), o.merkmale.get(SCHUELER_MERKMAL).and_then(|s| s.parse::<f64>().ok()))
                {
                    schueler[i] += n;
                }
            }
            let mut ind = neu(
                a,
                "schueler_je_1000".into(),
                "Schülerinnen und Schüler je 1.000 Einwohner".into(),
                "Schülerinnen und Schüler der allgemeinbildenden Schulen in der Kommune (Schulort) je 1.000 Einwohner"
                    .into(),
                "je 1.000 Einw.",
                "Schülerinnen und Schüler (Schulverzeichnis)".into(),
                format!("Einwohner ({})", a.quellen.stand("bevoelkerung")),
                1000.0,
            );
            ind.polaritaet = Polaritaet::Neutral;
            ind.thema = Thema::BetreuungBildung;
            ind.quelle = format!(
                "berechnet von sozialraum: Schülerzahlen der Angebote ({}) je Einwohner ({})",
                a.quellen.text("schulen"),
                a.quellen.text("bevoelkerung")
            );
            let nenner = a.kommunen.iter().map(|k| k.einwohner as f64);
            (ind, schueler.into_iter().zip(nenner).collect())
        }
    };
    let m = ind.multiplikator.unwrap_or(1.0);
    ind.werte = a
        .kommunen
        .iter()
        .zip(paare)
        .filter(|(_, (_, n))| *n > 0.0)
        .map(|(k, (z, n))| Indikatorwert {
            ags: k.ags,
            jahr: a.vorgaben.bevoelkerungsjahr,
            wert: z / n * m,
            zaehler: Some(z),
            nenner: Some(n),
        })
        .collect();
    Ok(ind)
}

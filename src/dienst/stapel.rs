//! The batch coverage question for GIS staff: any areas, points and offers from files; per
//! area the share of the points' weight whose nearest offer is within each threshold
//! (Luftlinie in EPSG:25832, or along a network), as CSV, with the time of every step.

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use crate::analysis::abdeckung::MAX_SCHWELLE_M;
use crate::analysis::stapel::{self, Gebietsabdeckung};
use crate::error::{Error, Result};
use crate::io::stapel::{Gebiet, Punktoptionen, gebiete_lesen, punkte_lesen};
use crate::netz::{Netz, Profil, Strassennetz};
use crate::spatial::{Flaechenindex, Punktraster};

/// What the batch reads and asks.
#[derive(Debug, Clone)]
pub struct Stapelauftrag {
    /// Areas (any GDAL vector source).
    pub gebiete: PathBuf,
    /// Layer of the areas' source (default the first).
    pub layer: Option<String>,
    /// Id field of the areas.
    pub id_feld: String,
    /// Weighted points (e.g. population).
    pub punkte: PathBuf,
    /// Weight field of the points.
    pub gewicht_feld: String,
    /// Offers.
    pub angebote: PathBuf,
    /// Only offers of this category.
    pub kategorie: Option<String>,
    /// Category field of the offers.
    pub kategorie_feld: String,
    /// Thresholds, metres.
    pub schwellen: Vec<f64>,
    /// CRS of sources that name none.
    pub crs: Option<String>,
    /// Distances on a network instead of Luftlinie.
    pub netz: Option<Stapelnetz>,
    /// Also give the distance of every point (in input order).
    pub je_punkt: bool,
}

/// The network of a batch run and how it measures.
#[derive(Debug, Clone)]
pub struct Stapelnetz {
    /// A network file of `import netz --aus` or an OSM extract (`.osm.pbf`, cut to the areas
    /// and 3 km around them).
    pub datei: PathBuf,
    /// The profile.
    pub profil: Profil,
    /// Thresholds and distances in minutes instead of metres.
    pub minuten: bool,
}

/// The seconds each step took.
#[derive(Debug, Clone, Serialize)]
pub struct Zeiten {
    /// Reading the files.
    pub laden: f64,
    /// Building the indices.
    pub index: f64,
    /// Assigning points to areas.
    pub zuordnung: f64,
    /// Finding nearest offers.
    pub naechste: f64,
    /// Summing coverage.
    pub abdeckung: f64,
}

/// The result of a batch run.
#[derive(Debug, Clone)]
pub struct Stapelergebnis {
    /// The CSV text.
    pub csv: String,
    /// Number of areas.
    pub gebiete: usize,
    /// Points in no area (not counted).
    pub ausserhalb: usize,
    /// Time of every step.
    pub zeiten: Zeiten,
    /// With `je_punkt`: one row per point in input order (`nr,x,y,abstand,einheit`).
    pub punkte_csv: Option<String>,
}

/// Reads `--schwellen`: metres, separated by commas.
pub fn schwellen_lesen(t: &str) -> Result<Vec<f64>> {
    let fehler = || {
        Error::Anfrage(format!(
            "--schwellen „{t}“: erwartet Meter von 1 bis {MAX_SCHWELLE_M}, durch Komma getrennt, z. B. 1000,2000,5000"
        ))
    };
    zahlen_lesen(t, 1.0..=MAX_SCHWELLE_M).ok_or_else(fehler)
}

/// Reads `--minuten`: minutes, separated by commas.
pub fn minuten_lesen(t: &str) -> Result<Vec<f64>> {
    zahlen_lesen(t, 0.1..=crate::model::MAX_SCHWELLE_MIN).ok_or_else(|| {
        Error::Anfrage(format!(
            "--minuten „{t}“: erwartet Minuten von 0,1 bis {}, durch Komma getrennt, z. B. 5,10,15",
            crate::model::MAX_SCHWELLE_MIN
        ))
    })
}

fn zahlen_lesen(t: &str, bereich: std::ops::RangeInclusive<f64>) -> Option<Vec<f64>> {
    let v: Vec<f64> = t.split(',').map(|s| s.trim().parse::<f64>()).collect::<std::result::Result<_, _>>().ok()?;
    (!v.is_empty() && v.iter().all(|s| bereich.contains(s))).then_some(v)
}

/// The network of a batch run: a network file as written, or an OSM extract cut to the areas.
fn netz_oeffnen(datei: &std::path::Path, gebiete: &[Gebiet], sagen: &impl Fn(String)) -> Result<Netz> {
    let bytes = std::fs::read(datei)
        .map_err(|e| Error::Datei { pfad: datei.display().to_string(), grund: crate::error::lesegrund(&e) })?;
    if crate::netz::ist_netzdatei(&bytes) {
        return Netz::dekodieren(&bytes, &datei.display().to_string());
    }
    let bereich = crate::io::osm::Netzbereich {
        flaechen: gebiete.iter().map(|g| g.grenze.clone()).collect(),
        puffer_m: crate::dienst::netz::STANDARD_PUFFER_M,
        beschreibung: "die Gebiete und 3.000 m darum".into(),
    };
    crate::io::osm::netz_lesen(datei, &bereich, &crate::dienst::bestand::heute(), &|s| sagen(format!("Netz: {s} …")))
        .map_err(|e| match e {
            // Read for a batch run, not imported: the file and its fault, without "Import aus".
            Error::Import { quelle, grund } => Error::Datei { pfad: quelle, grund },
            e => e,
        })
}

/// The distance from every point to its nearest offer on the network (metres or minutes;
/// infinite where none is reachable).
fn naechste_im_netz(n: &Strassennetz, s: &Stapelnetz, angebote: &[[f64; 2]], punkte: &[[f64; 2]]) -> Vec<f64> {
    use rayon::prelude::*;
    let (gewicht, faktor) = crate::netz::gewichtung(s.profil, s.minuten);
    let feld = n.feld(s.profil, gewicht, &n.ziele(angebote, s.profil));
    punkte
        .par_iter()
        .map(|p| n.anschluss(*p, s.profil).map_or(f64::INFINITY, |a| n.zum_ziel(&feld, &a).0 * faktor))
        .collect()
}

/// One row per point: its number (1 = first row of the file), position, distance (empty
/// where no offer is reachable) and its unit (`m` or `min`).
fn punkte_csv(xy: &[[f64; 2]], abstand: &[f64], einheit: &str) -> String {
    let mut aus = String::from("nr,x,y,abstand,einheit\n");
    for (i, (p, d)) in xy.iter().zip(abstand).enumerate() {
        let d = if d.is_finite() { format!("{d:.4}") } else { String::new() };
        aus.push_str(&format!("{},{:.3},{:.3},{d},{einheit}\n", i + 1, p[0], p[1]));
    }
    aus
}

/// The result as CSV text: one row per area, sorted by id, 10 decimals; an area without
/// points has weight 0 and empty shares. Column `anteil_1000` for 1000 m, `anteil_10min` for
/// 10 minutes.
pub fn ergebnis_csv(
    gebiete: &[Gebiet],
    reihenfolge: &[usize],
    abdeckung: &[Gebietsabdeckung],
    schwellen: &[f64],
    minuten: bool,
) -> String {
    let mut aus = String::from("id,gewicht");
    for s in schwellen {
        aus.push_str(&format!(",anteil_{s}{}", if minuten { "min" } else { "" }));
    }
    aus.push('\n');
    for (pos, &g) in reihenfolge.iter().enumerate() {
        let id = &gebiete[g].id;
        let feld = if id.contains([',', '"', '\n']) { format!("\"{}\"", id.replace('"', "\"\"")) } else { id.clone() };
        let a = &abdeckung[pos];
        aus.push_str(&format!("{feld},{:.10}", a.gewicht));
        for i in 0..schwellen.len() {
            match a.anteil(i) {
                Some(x) => aus.push_str(&format!(",{x:.10}")),
                None => aus.push(','),
            }
        }
        aus.push('\n');
    }
    aus
}

/// Runs the pipeline; `sagen` gets a German line at every step (progress on a terminal).
pub fn ausfuehren(a: &Stapelauftrag, sagen: impl Fn(String)) -> Result<Stapelergebnis> {
    let t0 = Instant::now();
    sagen(format!("lese Gebiete aus {} …", a.gebiete.display()));
    let gebiete = gebiete_lesen(&a.gebiete, a.layer.as_deref(), &a.id_feld)?;
    let ids: Vec<String> = gebiete.iter().map(|g| g.id.clone()).collect();
    let reihenfolge = stapel::id_reihenfolge(&ids);
    if let Some(w) = reihenfolge.windows(2).find(|w| ids[w[0]] == ids[w[1]]) {
        return Err(Error::Import {
            quelle: a.gebiete.display().to_string(),
            grund: format!(
                "Kennung „{}“ ({}) kommt mehrfach vor – jedes Gebiet braucht eine eigene Kennung",
                ids[w[0]], a.id_feld
            ),
        });
    }
    sagen(format!("{} Gebiete; lese Punkte aus {} …", gebiete.len(), a.punkte.display()));
    let punkte = punkte_lesen(
        &a.punkte,
        &Punktoptionen { crs: a.crs.clone(), gewicht_feld: Some(a.gewicht_feld.clone()), filter: None },
    )?;
    sagen(format!("{} Punkte; lese Angebote aus {} …", punkte.xy.len(), a.angebote.display()));
    let filter = a.kategorie.clone().map(|k| (a.kategorie_feld.clone(), k));
    let angebote = punkte_lesen(&a.angebote, &Punktoptionen { crs: a.crs.clone(), gewicht_feld: None, filter })?;
    if angebote.xy.is_empty() {
        sagen(format!(
            "Hinweis: keine Angebote{} – alle Anteile sind 0",
            a.kategorie.as_deref().map(|k| format!(" der Kategorie „{k}“")).unwrap_or_default()
        ));
    }
    let netz = match &a.netz {
        Some(s) => {
            sagen(format!("lese Netz aus {} (Profil {}) …", s.datei.display(), s.profil.bezeichnung()));
            Some(netz_oeffnen(&s.datei, &gebiete, &sagen)?)
        }
        None => None,
    };
    let laden = t0.elapsed().as_secs_f64();

    sagen(format!("{} Angebote; baue Indizes …", angebote.xy.len()));
    let t = Instant::now();
    let sortiert: Vec<geo::MultiPolygon<f64>> = reihenfolge.iter().map(|&i| gebiete[i].grenze.clone()).collect();
    let (flaechen, (raster, netz)) = rayon::join(
        || Flaechenindex::neu(&sortiert),
        || rayon::join(|| Punktraster::neu(&angebote.xy), || netz.map(Strassennetz::neu)),
    );
    let index = t.elapsed().as_secs_f64();

    sagen("ordne Punkte den Gebieten zu …".into());
    let t = Instant::now();
    let (xy, gewicht) = stapel::raeumlich_ordnen(&punkte.xy, &punkte.gewicht);
    let zuordnung = stapel::zuordnen(&flaechen, &xy);
    let zuordnung_s = t.elapsed().as_secs_f64();

    sagen("suche nächste Angebote …".into());
    let t = Instant::now();
    let abstand = match (&netz, &a.netz) {
        (Some(n), Some(s)) => naechste_im_netz(n, s, &angebote.xy, &xy),
        _ => stapel::naechste(&raster, &xy),
    };
    let naechste_s = t.elapsed().as_secs_f64();
    let punkte_csv = a.je_punkt.then(|| {
        let d = match (&netz, &a.netz) {
            (Some(n), Some(s)) => naechste_im_netz(n, s, &angebote.xy, &punkte.xy),
            _ => stapel::naechste(&raster, &punkte.xy),
        };
        punkte_csv(&punkte.xy, &d, if a.netz.as_ref().is_some_and(|s| s.minuten) { "min" } else { "m" })
    });

    let t = Instant::now();
    let abdeckung = stapel::abdeckung(&zuordnung, &abstand, &gewicht, sortiert.len(), &a.schwellen);
    let abdeckung_s = t.elapsed().as_secs_f64();

    let ausserhalb = zuordnung.iter().filter(|&&z| z == stapel::KEINE).count();
    sagen(format!("{ausserhalb} von {} Punkten liegen in keinem Gebiet (nicht gezählt)", punkte.xy.len()));
    Ok(Stapelergebnis {
        csv: ergebnis_csv(&gebiete, &reihenfolge, &abdeckung, &a.schwellen, a.netz.as_ref().is_some_and(|n| n.minuten)),
        punkte_csv,
        gebiete: gebiete.len(),
        ausserhalb,
        zeiten: Zeiten { laden, index, zuordnung: zuordnung_s, naechste: naechste_s, abdeckung: abdeckung_s },
    })
}

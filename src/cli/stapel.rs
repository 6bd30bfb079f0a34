//! `sozialraum abdeckung`: the batch coverage pipeline from files to a CSV, with the time of
//! every step.

use std::time::Instant;

use serde_json::json;

use super::AbdeckungArgs;
use crate::analysis::abdeckung::MAX_SCHWELLE_M;
use crate::analysis::stapel::{self, Gebietsabdeckung};
use crate::error::{Error, Result};
use crate::io::stapel::{Gebiet, Punktoptionen, gebiete_lesen, punkte_lesen};
use crate::spatial::{Flaechenindex, Punktraster};

fn schwellen_lesen(t: &str) -> Result<Vec<f64>> {
    let fehler = || {
        Error::Konfiguration(format!(
            "--schwellen „{t}“: erwartet Meter von 1 bis {MAX_SCHWELLE_M}, durch Komma getrennt, z. B. 1000,2000,5000"
        ))
    };
    let v: Vec<f64> =
        t.split(',').map(|s| s.trim().parse::<f64>()).collect::<std::result::Result<_, _>>().map_err(|_| fehler())?;
    if v.is_empty() || v.iter().any(|s| !(1.0..=MAX_SCHWELLE_M).contains(s)) {
        return Err(fehler());
    }
    Ok(v)
}

/// The column name of a threshold: `anteil_1000` for 1000 m, `anteil_1500.5` for 1500.5 m.
fn spaltenname(s: f64) -> String {
    format!("anteil_{s}")
}

/// The result as CSV text: one row per area, sorted by id, 10 decimals; an area without
/// points has weight 0 and empty shares.
pub fn ergebnis_csv(
    gebiete: &[Gebiet],
    reihenfolge: &[usize],
    abdeckung: &[Gebietsabdeckung],
    schwellen: &[f64],
) -> String {
    let mut aus = String::from("id,gewicht");
    for s in schwellen {
        aus.push(',');
        aus.push_str(&spaltenname(*s));
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

/// Runs the pipeline.
pub fn ausfuehren(a: AbdeckungArgs) -> Result<()> {
    let melden = a.fortschritt || std::io::IsTerminal::is_terminal(&std::io::stderr());
    let sagen = |t: String| {
        if melden {
            eprintln!("sozialraum abdeckung: {t}");
        }
    };
    let schwellen = schwellen_lesen(&a.schwellen)?;
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
    let angebote = punkte_lesen(
        &a.angebote,
        &Punktoptionen {
            crs: a.crs.clone(),
            gewicht_feld: None,
            filter: a.kategorie.clone().map(|k| (a.kategorie_feld.clone(), k)),
        },
    )?;
    if angebote.xy.is_empty() {
        eprintln!(
            "Hinweis: keine Angebote{} – alle Anteile sind 0",
            a.kategorie.as_deref().map(|k| format!(" der Kategorie „{k}“")).unwrap_or_default()
        );
    }
    let laden = t0.elapsed().as_secs_f64();

    sagen(format!("{} Angebote; baue Indizes …", angebote.xy.len()));
    let t = Instant::now();
    let sortiert: Vec<geo::MultiPolygon<f64>> = reihenfolge.iter().map(|&i| gebiete[i].grenze.clone()).collect();
    let (flaechen, raster) = rayon::join(|| Flaechenindex::neu(&sortiert), || Punktraster::neu(&angebote.xy));
    let index = t.elapsed().as_secs_f64();

    sagen("ordne Punkte den Gebieten zu …".into());
    let t = Instant::now();
    let (xy, gewicht) = stapel::raeumlich_ordnen(&punkte.xy, &punkte.gewicht);
    let zuordnung = stapel::zuordnen(&flaechen, &xy);
    let zuordnung_s = t.elapsed().as_secs_f64();

    sagen("suche nächste Angebote …".into());
    let t = Instant::now();
    let abstand = stapel::naechste(&raster, &xy);
    let naechste_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let abdeckung = stapel::abdeckung(&zuordnung, &abstand, &gewicht, sortiert.len(), &schwellen);
    let abdeckung_s = t.elapsed().as_secs_f64();

    let ausserhalb = zuordnung.iter().filter(|&&z| z == stapel::KEINE).count();
    sagen(format!("{ausserhalb} von {} Punkten liegen in keinem Gebiet (nicht gezählt)", punkte.xy.len()));
    let text = ergebnis_csv(&gebiete, &reihenfolge, &abdeckung, &schwellen);
    if a.aus.as_os_str() == "-" {
        print!("{text}");
    } else {
        crate::io::atomar_schreiben(&a.aus, text.as_bytes())?;
        sagen(format!("{} Gebiete nach {} geschrieben", gebiete.len(), a.aus.display()));
    }
    if a.zeiten {
        let z = json!({"laden": laden, "index": index, "zuordnung": zuordnung_s, "naechste": naechste_s, "abdeckung": abdeckung_s});
        eprintln!("{z}");
    }
    Ok(())
}

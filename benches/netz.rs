//! The path and road network: import, nearest offers, scenario, catchment, batch. Run with
//! `cargo bench --bench netz` (in `make bench`).
//!
//! Data, generated once into `target/bench-daten/` by `tools/netzkacheln.py` (the Python
//! environment of `make test`) from the OSM test extract north of Bayreuth:
//! - the test extract itself, cut to the test area and 3 km (≈ 3,100 edges);
//! - `netz-kreis.osm.pbf`: its roads and paths 30 times over the Lahn-Dill-Kreis (5 × 6 tiles,
//!   cut to the Kreis and 3 km: ≈ 73,000 edges, 11,000 km of ways), with the real population
//!   surface and offers of the embedded data set;
//! - `netz-1mio.osm.pbf`: 17 × 17 tiles, not cut (≈ 1.03 million edges).
//!
//! Medians of several runs after one warm-up; this machine, release build.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use geo::{MultiPolygon, Polygon, Rect};
use sozialraum::Atlas;
use sozialraum::dienst::parameter::Parameter;
use sozialraum::dienst::stapel::{Stapelauftrag, Stapelnetz, ausfuehren};
use sozialraum::dienst::szenario::{Szenarioanfrage, Szenariofrage};
use sozialraum::dienst::{Dienst, Zugang};
use sozialraum::io::Datenquelle;
use sozialraum::io::osm::{Netzbereich, netz_lesen};
use sozialraum::model::Zielgruppe;
use sozialraum::netz::{Gewicht, Netz, Profil, Strassennetz};

fn wurzel() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs `f` once to warm up, then `n` times; the median in milliseconds and the last result.
fn messen<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut r = f();
    let mut ms = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        r = f();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    (median(ms), r)
}

/// The tiled extract `name`, made when missing.
fn kacheln(name: &str, argumente: &[&str]) -> PathBuf {
    let ziel = wurzel().join("target/bench-daten").join(name);
    if !ziel.exists() {
        std::fs::create_dir_all(ziel.parent().unwrap()).unwrap();
        let python = wurzel().join(".cache/netz-venv/bin/python");
        assert!(python.exists(), "{} fehlt: make bench richtet es ein", python.display());
        let o = Command::new(python)
            .arg(wurzel().join("tools/netzkacheln.py"))
            .arg(wurzel().join("geodata/testgebiet-bayreuth/north-bayreuth.osm.pbf"))
            .arg(&ziel)
            .args(argumente)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    ziel
}

fn kreisbereich(a: &Atlas) -> Netzbereich {
    Netzbereich {
        flaechen: a.kommunen.iter().map(|k| k.grenze.clone()).collect(),
        puffer_m: 3000.0,
        beschreibung: format!("dem Kreis {} und 3.000 m darum", a.kreis),
    }
}

fn importieren(pbf: &Path, bereich: &Netzbereich) -> Netz {
    netz_lesen(pbf, bereich, "2026-12-06", &|_| {}).unwrap()
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    // 1. Import of the test extract.
    let test = Atlas::laden(Datenquelle::Verzeichnis(wurzel().join("geodata/testgebiet-bayreuth"))).unwrap();
    let pbf = wurzel().join("geodata/testgebiet-bayreuth/north-bayreuth.osm.pbf");
    let (ms, n) = messen(5, || importieren(&pbf, &kreisbereich(&test)));
    println!("Import Testauszug (712 KB, {} Kanten): {ms:.0} ms (Median aus 5)", n.kanten.len());

    // 2. Import of about a million edges (not cut: the area is a rectangle around it all).
    let mio = kacheln("netz-1mio.osm.pbf", &["17", "17", "8.0", "50.0", "0.29", "0.22"]);
    let alles = Netzbereich {
        flaechen: vec![MultiPolygon(vec![Polygon::from(Rect::new((0.0, 5_000_000.0), (2_000_000.0, 7_000_000.0)))])],
        puffer_m: 0.0,
        beschreibung: "allem".into(),
    };
    let (ms, n) = messen(3, || importieren(&mio, &alles));
    let mb = std::fs::metadata(&mio).unwrap().len() as f64 / 1e6;
    println!(
        "Import {mb:.0} MB, {} Kanten, {} Knoten: {:.2} s (Median aus 3)",
        n.kanten.len(),
        n.knoten.len(),
        ms / 1000.0
    );

    // 3. The Lahn-Dill-Kreis with a network of Kreis size.
    let kreis_pbf = kacheln("netz-kreis.osm.pbf", &["5", "6", "8.08", "50.42", "0.1246", "0.0749"]);
    let atlas = Atlas::laden(Datenquelle::Eingebettet).unwrap();
    let netz = importieren(&kreis_pbf, &kreisbereich(&atlas));
    let kanten = netz.kanten.len();
    let datei = wurzel().join("target/bench-daten/netz-kreis.netz");
    std::fs::write(&datei, netz.kodieren().unwrap()).unwrap();
    let t = Instant::now();
    let atlas = atlas.mit_netz(Some((Strassennetz::neu(netz), "bench".into())));
    println!(
        "Kreisnetz {kanten} Kanten: einlesen, Punkte anschließen und nächste Angebote aller {} Kategorien × 4 Maße: {:.0} ms",
        atlas.kategorien.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let lage = atlas.netz().unwrap();
    let ziele: Vec<sozialraum::netz::Ziel> = atlas
        .angebote
        .iter()
        .enumerate()
        .filter(|(_, o)| o.kategorie == "familienzentrum")
        .filter_map(|(i, o)| {
            lage.netz
                .anschluss(o.pos.xy(), Profil::Fuss)
                .map(|anschluss| sozialraum::netz::Ziel { nr: i as u32, anschluss })
        })
        .collect();
    for z in Zielgruppe::ALLE {
        let punkte = lage.anschluesse(Profil::Fuss, z);
        let (ms, erreicht) = messen(21, || {
            let feld = lage.netz.feld(Profil::Fuss, Gewicht::Laenge, &ziele);
            punkte.iter().flatten().filter(|a| lage.netz.zum_ziel(&feld, a).0.is_finite()).count()
        });
        println!(
            "Nächstes Familienzentrum zu Fuß für {} Bevölkerungspunkte ({}): {ms:.1} ms (Median aus 21; {erreicht} erreichen eines)",
            punkte.len(),
            z.id()
        );
    }
    let dienst = Dienst::neu(Arc::new(atlas), Default::default());
    let anfrage = || Szenarioanfrage {
        kategorie: "familienzentrum".into(),
        zielgruppe: Some("unter18".into()),
        schwellen: Some(vec![1000.0, 2000.0, 5000.0]),
        minuten: None,
        mass: Some("fuss".into()),
        umwegfaktor: None,
        ebene: None,
        schema: None,
        hinzufuegen: serde_json::from_str(r#"[{"lon": 8.30, "lat": 50.70}]"#).unwrap(),
        entfernen: vec![dienst.atlas.angebote.iter().find(|o| o.kategorie == "familienzentrum").unwrap().id.clone()],
        stand: None,
    };
    let (ms, _) = messen(21, || {
        let q = Szenariofrage::pruefen(&dienst.atlas, anfrage()).unwrap();
        dienst.szenario(&q, Zugang::Oeffentlich).unwrap();
    });
    println!("Szenario zu Fuß (1 neues, 1 geschlossenes Familienzentrum, alle Kommunen): {ms:.1} ms (Median aus 21)");
    let fz = dienst.atlas.angebote.iter().find(|o| o.kategorie == "familienzentrum").unwrap().id.clone();
    for mass in ["fuss", "rad", "auto"] {
        let p = Parameter::aus_abfrage(&format!("angebot={fz}&mass={mass}&minuten=5,10,15")).unwrap();
        let (ms, v) = messen(11, || dienst.isochronen(&p, Zugang::Oeffentlich).unwrap());
        println!(
            "Einzugsbereich {mass} 5/10/15 min: {ms:.0} ms (Median aus 11; 15 min: {} km Wege, {} km²)",
            v.features[0].properties.wege_km, v.features[0].properties.flaeche_km2
        );
    }
    let p =
        Parameter::aus_abfrage("kategorie=familienzentrum&mass=fuss&schwelle=1000&anzahl=3&kandidaten=bevoelkerung")
            .unwrap();
    let (ms, _) = messen(3, || dienst.standortvorschlag(&p, Zugang::Oeffentlich).unwrap());
    println!("Standortvorschlag zu Fuß, 1 km, k = 3, Bevölkerungspunkte als Kandidaten: {ms:.0} ms (Median aus 3)");

    // 4. Batch: 100,000 points and 1,000 offers on the Kreis network (from its file).
    let (punkte, angebote) = stapeldaten(&dienst.atlas);
    let auftrag = Stapelauftrag {
        gebiete: wurzel().join("geodata/lahn-dill/kommunen.geojson"),
        layer: None,
        id_feld: "ags".into(),
        punkte,
        gewicht_feld: "weight".into(),
        angebote,
        kategorie: None,
        kategorie_feld: "category".into(),
        schwellen: vec![500.0, 1000.0, 2000.0],
        crs: None,
        netz: Some(Stapelnetz { datei, profil: Profil::Fuss, minuten: false }),
        je_punkt: false,
    };
    let mut zeiten = Vec::new();
    let (ms, _) = messen(3, || {
        let e = ausfuehren(&auftrag, |_| {}).unwrap();
        zeiten.push(e.zeiten.clone());
    });
    let z = zeiten.last().unwrap();
    println!(
        "Stapel 100.000 Punkte, 1.000 Angebote, zu Fuß: gesamt {ms:.0} ms (Median aus 3); davon laden {:.0} ms \
         (Netzdatei, Gebiete, Punkte), Index {:.0} ms, Zuordnung {:.0} ms, nächste Angebote im Netz {:.0} ms, Abdeckung {:.0} ms",
        z.laden * 1000.0,
        z.index * 1000.0,
        z.zuordnung * 1000.0,
        z.naechste * 1000.0,
        z.abdeckung * 1000.0
    );
}

/// 100,000 points (the Kreis's population points, each spread out 20 times) and 1,000 offers
/// (at random population points), as CSV in EPSG:25832.
fn stapeldaten(a: &Atlas) -> (PathBuf, PathBuf) {
    let dir = wurzel().join("target/bench-daten");
    let (punkte, angebote) = (dir.join("netz-punkte.csv"), dir.join("netz-angebote.csv"));
    let quelle = a.punkte(Zielgruppe::Unter10);
    let mut s = 0x2026_1206u64;
    let mut zufall = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut t = String::from("x,y,weight\n");
    for i in 0..100_000 {
        let p = &quelle[i % quelle.len()];
        t.push_str(&format!("{},{},1\n", p.pos.x + (zufall() - 0.5) * 400.0, p.pos.y + (zufall() - 0.5) * 400.0));
    }
    std::fs::write(&punkte, t).unwrap();
    let mut t = String::from("x,y\n");
    for _ in 0..1000 {
        let p = &quelle[(zufall() * quelle.len() as f64) as usize % quelle.len()];
        t.push_str(&format!("{},{}\n", p.pos.x, p.pos.y));
    }
    std::fs::write(&angebote, t).unwrap();
    (punkte, angebote)
}

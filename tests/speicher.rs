//! The store: a GeoPackage file created from the data set on the first start, read by GDAL with
//! its CRS, consistent (`PRAGMA integrity_check`), bound to its Kreis, and the source of the
//! offers on later starts, with their validity (`gueltig_ab`, `gueltig_bis`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use sozialraum::dienst::bestand::mit_speicher;
use sozialraum::store::Speicher;

const TAG: &str = "2026-12-02";

fn neu() -> sozialraum::Atlas {
    sozialraum::Atlas::laden(sozialraum::io::Datenquelle::Eingebettet).unwrap()
}

#[test]
fn the_first_start_creates_a_geopackage_gdal_reads_with_every_offer() {
    let d = tempfile::tempdir().unwrap();
    let pfad = d.path().join("unter/ordner/sozialraum.gpkg");
    let speicher = Speicher::oeffnen(&pfad).unwrap();
    let atlas = mit_speicher(neu(), &speicher, TAG).unwrap();
    assert_eq!(atlas.angebote.len(), 100);
    assert_eq!(speicher.pruefen().unwrap(), "ok");
    assert_eq!(speicher.kreis().unwrap().as_deref(), Some("06532"));
    assert_eq!(speicher.anzahl_aenderungen().unwrap(), 1, "die Erstbefüllung steht im Verlauf");
    drop(speicher);
    let o = Command::new("ogrinfo").args(["-ro", "-so", "-al"]).arg(&pfad).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(text.contains("Layer name: angebote") && text.contains("Geometry: Point"), "{text}");
    assert!(text.contains("Feature Count: 100"), "{text}");
    assert!(text.contains("WGS 84") && text.contains("4326"), "{text}");
    // GDAL reads the same place for an offer as the data set has.
    let o = Command::new("ogrinfo")
        .args([
            "-ro",
            "-q",
            "-sql",
            "SELECT id, ST_X(geom) AS x, ST_Y(geom) AS y FROM angebote WHERE id = 'fz-beispiel-03'",
        ])
        .arg(&pfad)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    let a = common::atlas();
    let fz = a.angebote.iter().find(|x| x.id == "fz-beispiel-03").unwrap();
    assert!(
        text.contains(&format!("x (Real) = {}", fz.lage.lon)) || text.contains(&format!("{:.6}", fz.lage.lon)),
        "{text}"
    );
}

#[test]
fn later_starts_take_the_offers_from_the_store_as_valid_on_the_day() {
    let d = tempfile::tempdir().unwrap();
    let pfad = d.path().join("sozialraum.gpkg");
    {
        let speicher = Speicher::oeffnen(&pfad).unwrap();
        mit_speicher(neu(), &speicher, TAG).unwrap();
    }
    // A planner's changes, as they will arrive through the editing API: one offer closed at the
    // end of 2025, one opening in 2027.
    let c = rusqlite::Connection::open(&pfad).unwrap();
    c.execute("UPDATE angebote SET gueltig_bis = '2026-01-01' WHERE id = 'fz-beispiel-03'", []).unwrap();
    c.execute("UPDATE angebote SET gueltig_ab = '2027-01-01' WHERE id = 'fz-beispiel-04'", []).unwrap();
    drop(c);
    let speicher = Speicher::oeffnen(&pfad).unwrap();
    let heute = mit_speicher(neu(), &speicher, TAG).unwrap();
    let ids: Vec<&str> = heute.angebote.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids.len(), 98);
    assert!(!ids.contains(&"fz-beispiel-03") && !ids.contains(&"fz-beispiel-04"));
    let frueher = mit_speicher(neu(), &speicher, "2025-06-30").unwrap();
    assert!(frueher.angebote.iter().any(|o| o.id == "fz-beispiel-03"));
    assert_eq!(frueher.angebote.len(), 99);
    // The derived figures follow: one Familienzentrum fewer today.
    let fz = |a: &sozialraum::Atlas| a.angebote.iter().filter(|o| o.kategorie == "familienzentrum").count();
    assert_eq!((fz(&frueher), fz(&heute)), (11, 10));
    assert_eq!(speicher.anzahl_aenderungen().unwrap(), 1, "keine zweite Befüllung");
}

#[test]
fn a_store_of_another_kreis_or_a_newer_program_is_refused_with_a_clear_message() {
    let d = tempfile::tempdir().unwrap();
    let pfad = d.path().join("sozialraum.gpkg");
    {
        let speicher = Speicher::oeffnen(&pfad).unwrap();
        mit_speicher(neu(), &speicher, TAG).unwrap();
    }
    let c = rusqlite::Connection::open(&pfad).unwrap();
    c.execute("UPDATE sozialraum_meta SET wert = '06533' WHERE schluessel = 'kreis'", []).unwrap();
    drop(c);
    let speicher = Speicher::oeffnen(&pfad).unwrap();
    let Err(e) = mit_speicher(neu(), &speicher, TAG) else { panic!("angenommen") };
    assert!(e.to_string().contains("gehört zum Kreis 06533, der Datensatz zum Kreis 06532"), "{e}");
    drop(speicher);
    let c = rusqlite::Connection::open(&pfad).unwrap();
    // The schema version is kept in sozialraum_meta (user_version holds the GeoPackage version).
    assert_eq!(c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).unwrap(), 10_201);
    c.execute("UPDATE sozialraum_meta SET wert = '99' WHERE schluessel = 'schema'", []).unwrap();
    drop(c);
    let e = Speicher::oeffnen(&pfad).unwrap_err().to_string();
    assert!(e.contains("Schema-Version 99 ist neuer"), "{e}");
}

#[test]
fn a_store_of_the_first_schema_is_migrated_when_opened() {
    let ordner = tempfile::tempdir().unwrap();
    let pfad = ordner.path().join("sozialraum.gpkg");
    {
        let speicher = Speicher::oeffnen(&pfad).unwrap();
        mit_speicher(neu(), &speicher, TAG).unwrap();
    }
    // Turn the file back into what the first release wrote (schema 1 in user_version, no
    // table of waiting imports).
    let c = rusqlite::Connection::open(&pfad).unwrap();
    c.execute_batch(
        "DROP TABLE offene_angebote; DROP TABLE indikatorwerte; DROP TABLE indikatorjahre;
         DROP TABLE regionszuordnungen; DROP TABLE regionsschemata;
         DROP TABLE bedarfsmeldungen; DROP TABLE bedarfe; DROP TABLE netz;
         DELETE FROM gpkg_contents WHERE table_name IN
            ('offene_angebote', 'indikatorwerte', 'indikatorjahre', 'regionsschemata', 'regionszuordnungen',
             'bedarfsmeldungen', 'bedarfe', 'netz');
         DELETE FROM sozialraum_meta WHERE schluessel IN ('schema', 'indikatorwerte', 'regionsschemata');
         PRAGMA user_version = 1;",
    )
    .unwrap();
    let angebote: i64 = c.query_row("SELECT count(*) FROM angebote", [], |r| r.get(0)).unwrap();
    drop(c);
    let speicher = Speicher::oeffnen(&pfad).unwrap();
    assert_eq!(speicher.offene_angebote().unwrap().len(), 0);
    assert_eq!(speicher.angebote().unwrap().len() as i64, angebote);
    // The indicator values come from the data set at the next start: every row of
    // indikatorwerte.csv (counted here from the file).
    assert!(speicher.indikatorwerte().unwrap().is_empty());
    mit_speicher(neu(), &speicher, TAG).unwrap();
    let zeilen = std::fs::read_to_string(common::wurzel().join("geodata/lahn-dill/indikatorwerte.csv")).unwrap();
    assert_eq!(speicher.indikatorwerte().unwrap().len(), zeilen.lines().filter(|z| !z.trim().is_empty()).count() - 1);
    // … and the region schemes, every Kommune assigned as in regionen.csv.
    let regionen = common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/regionen.csv"));
    let schemata = speicher.regionsschemata().unwrap();
    assert_eq!(schemata.len(), 1);
    for z in &regionen {
        assert_eq!(schemata[0].zuordnung[&z["ags"]], z["region"], "{}", z["ags"]);
    }
    drop(speicher);
    let c = rusqlite::Connection::open(&pfad).unwrap();
    let schema: String =
        c.query_row("SELECT wert FROM sozialraum_meta WHERE schluessel = 'schema'", [], |r| r.get(0)).unwrap();
    assert_eq!(schema, sozialraum::store::SCHEMA_VERSION.to_string());
    assert_eq!(c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).unwrap(), 10_201);
    // GDAL reads every layer of the migrated file without a warning.
    let aus = Command::new("ogrinfo").args(["-so", "-al"]).arg(&pfad).output().unwrap();
    assert!(aus.status.success());
    let fehler = String::from_utf8_lossy(&aus.stderr);
    assert!(!fehler.contains("Warning"), "{fehler}");
    assert!(String::from_utf8_lossy(&aus.stdout).contains("Layer name: offene_angebote"));
    assert!(String::from_utf8_lossy(&aus.stdout).contains("Layer name: netz"));
}

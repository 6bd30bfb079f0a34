//! Provenance and defaults belong to the data set: a copy with other source lines
//! (`quellen.csv`) and other defaults (`vorgaben.csv`) shows them in API answers, maps,
//! OGC API metadata and exports, and none of the Lahn-Dill lines.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use sozialraum::Atlas;
use sozialraum::io::Datenquelle;

const GRENZEN: &str = "Verwaltungsgrenzen: © Testamt für Geodäsie (2099)";
const KURZ: &str = "Grenzen © Testamt";
const BEVOELKERUNG: &str = "Einwohner: Teststatistik 2099, Lizenz X";
const BASIS: &str = "Bevölkerungsfläche aus dem Testgitter";
const ANGEBOTE: &str = "Angebote: Testverzeichnis";

fn app_mit_eigenen_quellen() -> axum::Router {
    let d = common::datenkopie();
    common::schreiben(
        d.path(),
        "quellen.csv",
        format!(
            "id,text,stand,liste\n\
             grenzen,{GRENZEN},2099,ja\n\
             grenzen_kurz,{KURZ},2099,nein\n\
             bevoelkerung,\"{BEVOELKERUNG}\",Teststand 2099,ja\n\
             bevoelkerungsbasis,{BASIS},2099,nein\n\
             angebote,{ANGEBOTE},2098,nein\n"
        ),
    );
    common::schreiben(
        d.path(),
        "vorgaben.csv",
        "name,wert\nschwellen_m,500;1500\nschwelle_m,1500\nradius_m,750\nbevoelkerungsjahr,2022\n",
    );
    let atlas = Atlas::laden(Datenquelle::Verzeichnis(d.path().to_path_buf())).unwrap();
    sozialraum::http::app(sozialraum::http::Zustand::neu(Arc::new(atlas)), common::wurzel().join("web"))
}

async fn text(app: &axum::Router, uri: &str) -> String {
    let (s, _, v) = common::senden(app.clone(), Request::get(uri).body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK, "{uri}: {v}");
    match v {
        serde_json::Value::String(t) => t,
        v => v.to_string(),
    }
}

#[tokio::test]
async fn another_data_set_shows_its_own_sources_and_defaults_everywhere() {
    let app = app_mit_eigenen_quellen();
    let k: serde_json::Value = serde_json::from_str(&text(&app, "/api/konfiguration").await).unwrap();
    assert_eq!(k["quellen"], serde_json::json!([GRENZEN, BEVOELKERUNG]));
    assert_eq!(k["quelle_grenzen"], KURZ);
    assert_eq!(k["stand_bevoelkerung"], "Teststand 2099");
    assert_eq!(k["schwellen_m"], serde_json::json!([500.0, 1500.0]));
    assert_eq!((k["schwelle_m"].as_f64(), k["radius_m"].as_f64()), (Some(1500.0), Some(750.0)));

    // Answers: coverage takes the data set's thresholds and says its population base.
    let a: serde_json::Value = serde_json::from_str(&text(&app, "/api/abdeckung?kategorie=schule").await).unwrap();
    assert_eq!(a["schwellen_m"], serde_json::json!([500.0, 1500.0]));
    assert_eq!(a["bevoelkerungsbasis"], BASIS);
    assert!(a["kreis"][0]["anteil_500"].is_number() && a["kreis"][0].get("anteil_1000").is_none());
    let u: serde_json::Value = serde_json::from_str(&text(&app, "/api/umkreis?lon=8.5&lat=50.55").await).unwrap();
    assert_eq!(u["abfrage"]["radius_m"], 750.0);

    // Maps, OGC API metadata, exports and the OpenAPI defaults.
    let karte = text(&app, "/api/karten/kinderarmut.svg").await;
    assert!(karte.contains("Testamt für Geodäsie"), "Kartenquelle fehlt");
    let bedarf = text(&app, "/api/karten/bedarf-angebot.svg?indikator=kinderarmut&kategorie=schule").await;
    assert!(bedarf.contains("Teststatistik 2099"), "Bevölkerungsquelle fehlt in der Karte");
    let sammlung = text(&app, "/collections/kommunen").await;
    assert!(sammlung.contains(GRENZEN) && sammlung.contains(BEVOELKERUNG));
    assert!(text(&app, "/collections/angebote").await.contains(ANGEBOTE));
    let export = text(&app, "/api/export/kommunen.geojson").await;
    assert!(export.contains("Testamt für Geodäsie"), "Quelle fehlt im Export");
    let api = text(&app, "/api").await;
    assert!(api.contains(r#""default":[500.0,1500.0]"#), "Vorgabe fehlt im OpenAPI-Dokument");

    // None of the Lahn-Dill lines is left in what the service prints.
    for t in [&karte, &bedarf, &sammlung, &export, &k.to_string(), &a.to_string()] {
        assert!(!t.contains("BKG") && !t.contains("Zensus"), "Lahn-Dill-Quelle übrig");
    }
}

#[test]
fn a_data_set_without_a_required_source_line_is_refused_with_the_line_named() {
    let d = common::datenkopie();
    let alt = common::lesen(d.path(), "quellen.csv");
    let ohne: String = alt.lines().filter(|l| !l.starts_with("grenzen_kurz,")).map(|l| format!("{l}\n")).collect();
    common::schreiben(d.path(), "quellen.csv", ohne);
    common::schreiben(d.path(), "vorgaben.csv", "name,wert\nschwellen_m,500;x\nschwelle_m,2000\n");
    let Err(e) = Atlas::laden(Datenquelle::Verzeichnis(d.path().to_path_buf())) else { panic!("geladen") };
    let e = e.to_string();
    assert!(e.contains("quellen.csv") && e.contains("„grenzen_kurz“ fehlt"), "{e}");
    assert!(e.contains("vorgaben.csv") && e.contains("„x“ ist keine Entfernung"), "{e}");
    assert!(e.contains("„radius_m“ fehlt"), "{e}");
}

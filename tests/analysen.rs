//! The analyses through the HTTP API, each against a computation made here independently:
//! brute-force scans of every population point and offer, sums by hand from the data files,
//! quantiles computed here, and an exact rational-arithmetic proof that no suppressed count
//! can be recovered from the published ones.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{abrufen, ok, senden};
use serde_json::{Value, json};
use sozialraum::Atlas;
use sozialraum::analysis::datenschutz::Datenschutz;
use sozialraum::http::{Einstellungen, Zustand, app};
use sozialraum::io::Datenquelle;
use sozialraum::model::Zielgruppe;
use sozialraum::spatial::{Transformation, UTM32, Utm32, WGS84};

const TOKEN: &str = "test-token-0123456789abcdef";

fn intern_token(t: &str) -> sozialraum::config::Zugangstoken {
    use sozialraum::config::{Geheimnis, INTERN, Rolle, Zugangstoken};
    Zugangstoken::neu(INTERN, Rolle::Intern, &Geheimnis::neu(t), "Test").unwrap()
}

fn app_mit(atlas: Arc<Atlas>, schutz: Datenschutz, token: Option<&str>) -> axum::Router {
    let e = Einstellungen {
        datenschutz: schutz,
        tokens: token.map(intern_token).into_iter().collect(),
        ..Default::default()
    };
    app(Zustand::mit(atlas, e), common::wurzel().join("web"))
}

async fn get_mit(app: axum::Router, uri: &str, token: Option<&str>) -> (StatusCode, Value) {
    let mut r = Request::get(uri);
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    let (s, _, v) = senden(app, r.body(Body::empty()).unwrap()).await;
    (s, v)
}

async fn post(uri: &str, body: Value) -> (StatusCode, Value) {
    let r = Request::post(uri).header("content-type", "application/json").body(Body::from(body.to_string())).unwrap();
    let (s, _, v) = senden(common::app(), r).await;
    (s, v)
}

/// Brute force: the distance from every point of a target group to the nearest of `angebote`.
fn abstaende(a: &Atlas, z: Zielgruppe, angebote: &[Utm32]) -> Vec<f64> {
    a.punkte(z).iter().map(|p| angebote.iter().map(|o| p.pos.abstand(*o)).fold(f64::INFINITY, f64::min)).collect()
}

fn positionen(a: &Atlas, kategorie: &str) -> Vec<Utm32> {
    a.angebote.iter().filter(|o| o.kategorie == kategorie).map(|o| o.pos).collect()
}

/// Brute force: per Kommune (Σ weight, Σ weight within each threshold).
fn summen(a: &Atlas, z: Zielgruppe, d: &[f64], schwellen: &[f64], faktor: f64) -> Vec<(f64, Vec<f64>)> {
    let mut s = vec![(0.0, vec![0.0; schwellen.len()]); a.kommunen.len()];
    for (p, d) in a.punkte(z).iter().zip(d) {
        s[p.kommune].0 += p.gewicht;
        for (i, t) in schwellen.iter().enumerate() {
            if d * faktor <= *t {
                s[p.kommune].1[i] += p.gewicht;
            }
        }
    }
    s
}

fn einheiten(v: &Value) -> Vec<Value> {
    v.get("einheiten")
        .or(v.get("features"))
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.get("properties").unwrap_or(e).clone())
        .collect()
}

fn nach_id(v: &Value) -> BTreeMap<String, Value> {
    einheiten(v)
        .into_iter()
        .chain(v["kreis"].as_array().cloned().unwrap_or_default())
        .map(|e| (e["id"].as_str().unwrap().to_string(), e))
        .collect()
}

#[tokio::test]
async fn coverage_matches_a_brute_force_scan_of_every_point_and_offer() {
    let a = common::atlas();
    let schwellen = [1000.0, 2000.0, 5000.0];
    for kategorie in ["familienzentrum", "schule"] {
        for z in Zielgruppe::ALLE {
            for faktor in [1.0, 1.3] {
                let d = abstaende(&a, z, &positionen(&a, kategorie));
                let s = summen(&a, z, &d, &schwellen, faktor);
                let v = ok(&format!(
                    "/api/abdeckung?kategorie={kategorie}&zielgruppe={}&schwellen=1000,2000,5000&umwegfaktor={faktor}",
                    z.id()
                ))
                .await;
                let zeilen = nach_id(&v);
                for (k, (gewicht, versorgt)) in a.kommunen.iter().zip(&s) {
                    let e = &zeilen[k.ags.as_str()];
                    assert!((e["gewicht"].as_f64().unwrap() - gewicht).abs() < 0.06, "{} {}", k.name, e);
                    for (i, t) in schwellen.iter().enumerate() {
                        let erwartet = versorgt[i] / gewicht;
                        let api = e[format!("anteil_{t}")].as_f64().unwrap();
                        assert!(
                            (api - erwartet).abs() < 1e-6,
                            "{kategorie} {} {} {t}: {api} ≠ {erwartet}",
                            z.id(),
                            k.name
                        );
                    }
                }
                // The Kreis and the Kreis without Wetzlar as ratios of sums.
                let kreis = &zeilen["06532000"];
                let ohne_wetzlar = &zeilen["jugendamt-lahn-dill-kreis"];
                let (mut g, mut v5, mut g22, mut v22) = (0.0, 0.0, 0.0, 0.0);
                for (k, (gewicht, versorgt)) in a.kommunen.iter().zip(&s) {
                    g += gewicht;
                    v5 += versorgt[2];
                    if k.ags.as_str() != "06532023" {
                        g22 += gewicht;
                        v22 += versorgt[2];
                    }
                }
                assert!((kreis["anteil_5000"].as_f64().unwrap() - v5 / g).abs() < 1e-6);
                assert!((ohne_wetzlar["anteil_5000"].as_f64().unwrap() - v22 / g22).abs() < 1e-6);
                assert!((kreis["nicht_versorgt"].as_f64().unwrap() - (g - v5)).abs() < 0.1);
            }
        }
    }
}

#[tokio::test]
async fn region_coverage_is_the_ratio_of_the_member_sums() {
    let a = common::atlas();
    let d = abstaende(&a, Zielgruppe::Unter18, &positionen(&a, "familienzentrum"));
    let s = summen(&a, Zielgruppe::Unter18, &d, &[2000.0], 1.0);
    let v = ok("/api/abdeckung?kategorie=familienzentrum&schwellen=2000&ebene=region&format=geojson").await;
    assert_eq!(v["type"], "FeatureCollection");
    let zeilen = nach_id(&v);
    // Nord-West by the example scheme: Haiger, Dietzhölztal, Eschenburg, Dillenburg, Breitscheid.
    let nw = ["06532011", "06532005", "06532009", "06532006", "06532004"];
    let (g, c) = a
        .kommunen
        .iter()
        .zip(&s)
        .filter(|(k, _)| nw.contains(&k.ags.as_str()))
        .fold((0.0, 0.0), |(g, c), (_, x)| (g + x.0, c + x.1[0]));
    assert!((zeilen["beispiel-nord-west"]["anteil_2000"].as_f64().unwrap() - c / g).abs() < 1e-6);
    // Wetzlar belongs to no region and is listed as a Kommune of its own.
    assert_eq!(zeilen["06532023"]["art"], "kommune");
    assert_eq!(zeilen["06532023"]["eigenes_jugendamt"], true);
    assert_eq!(v["features"].as_array().unwrap().len(), 5);
}

/// A copy of the data set whose `kita` offers are the given ones (lon, lat, AGS).
fn mit_kitas(kitas: &[(f64, f64, String)]) -> tempfile::TempDir {
    let d = common::datenkopie();
    let mut text = common::lesen(d.path(), "angebote.csv");
    for (i, (lon, lat, ags)) in kitas.iter().enumerate() {
        text.push_str(&format!("kita-test-{i},kita,Test-Kita {i},,,,,{ags},{lon:.9},{lat:.9},ja,,,Test\n"));
    }
    common::schreiben(d.path(), "angebote.csv", text);
    d
}

#[tokio::test]
async fn coverage_of_a_kommune_without_offers_is_zero_and_with_an_offer_at_every_point_is_one() {
    let a = common::atlas();
    let nach_wgs84 = Transformation::neu(UTM32, WGS84).unwrap();
    // One kita at the seat of Haiger, in the far north-west: Hüttenberg in the south-east has
    // no kita within 5 km.
    let haiger = a.kommunen.iter().find(|k| k.name == "Haiger").unwrap();
    let d = mit_kitas(&[(haiger.sitz.lon, haiger.sitz.lat, haiger.ags.to_string())]);
    let atlas = Arc::new(Atlas::laden(Datenquelle::Verzeichnis(d.path().into())).unwrap());
    let (s, v) =
        get_mit(app_mit(atlas, Datenschutz::default(), None), "/api/abdeckung?kategorie=kita&schwellen=5000", None)
            .await;
    assert_eq!(s, StatusCode::OK);
    let h = &nach_id(&v)["06532014"];
    assert_eq!(h["name"], "Hüttenberg");
    assert_eq!(h["anteil_5000"].as_f64(), Some(0.0));
    assert!(h["gewicht"].as_f64().unwrap() > 1000.0);

    // A kita at every inhabitant point (in the Kommune that contains it): everyone is covered.
    let kitas: Vec<(f64, f64, String)> = a
        .punkte(Zielgruppe::Einwohner)
        .iter()
        .map(|p| {
            let (lon, lat) = nach_wgs84.punkt(p.pos.x, p.pos.y).unwrap();
            let k = a.kommune_an(p.pos).expect("every point of the surface lies in a Kommune");
            (lon, lat, a.kommunen[k].ags.to_string())
        })
        .collect();
    let d = mit_kitas(&kitas);
    let atlas = Arc::new(Atlas::laden(Datenquelle::Verzeichnis(d.path().into())).unwrap());
    let (_, v) = get_mit(
        app_mit(atlas, Datenschutz::default(), None),
        "/api/abdeckung?kategorie=kita&zielgruppe=einwohner&schwellen=1",
        None,
    )
    .await;
    for e in einheiten(&v) {
        assert!((e["anteil_1"].as_f64().unwrap() - 1.0).abs() < 1e-9, "{e}");
        assert_eq!(e["nicht_versorgt"].as_f64(), Some(0.0));
    }
}

#[tokio::test]
async fn distance_statistics_match_a_weighted_brute_force() {
    let a = common::atlas();
    let fz = positionen(&a, "familienzentrum");
    let d = abstaende(&a, Zielgruppe::Unter10, &fz);
    let v = ok("/api/entfernungen?kategorie=familienzentrum&zielgruppe=unter10").await;
    let zeilen = nach_id(&v);
    for (ki, k) in a.kommunen.iter().enumerate() {
        let mut paare: Vec<(f64, f64)> = a
            .punkte(Zielgruppe::Unter10)
            .iter()
            .zip(&d)
            .filter(|(p, _)| p.kommune == ki)
            .map(|(p, d)| (*d, p.gewicht))
            .collect();
        paare.sort_by(|x, y| x.0.total_cmp(&y.0));
        let g: f64 = paare.iter().map(|x| x.1).sum();
        let mittel = paare.iter().map(|(d, w)| d * w).sum::<f64>() / g;
        // Weighted quantile: the first distance at which the cumulated weight reaches q·Σ.
        let quantil = |q: f64| {
            let mut c = 0.0;
            paare
                .iter()
                .find(|(_, w)| {
                    c += w;
                    c >= q * g - 1e-9
                })
                .unwrap()
                .0
        };
        let e = &zeilen[k.ags.as_str()];
        assert!((e["mittel_m"].as_f64().unwrap() - mittel).abs() <= 0.5, "{}", k.name);
        assert!((e["median_m"].as_f64().unwrap() - quantil(0.5)).abs() <= 0.5, "{}", k.name);
        assert!((e["p90_m"].as_f64().unwrap() - quantil(0.9)).abs() <= 0.5, "{}", k.name);
        assert!((e["maximum_m"].as_f64().unwrap() - paare.last().unwrap().0).abs() <= 0.5);
        let sitz = fz.iter().map(|o| k.sitz_utm.abstand(*o)).fold(f64::INFINITY, f64::min);
        assert!((e["sitz_m"].as_f64().unwrap() - sitz).abs() <= 0.5, "{}", k.name);
    }
    assert!(v["entfernungsmass"].as_str().unwrap().contains("Luftlinie"));
}

#[tokio::test]
async fn a_planned_offer_and_a_closed_one_change_coverage_like_a_brute_force_says() {
    let a = common::atlas();
    // Plan a Familienzentrum at the seat of Leun (which has none) and close the one of Dillenburg.
    let leun = a.kommunen.iter().find(|k| k.name == "Leun").unwrap();
    let weg = a.angebote.iter().find(|o| o.kategorie == "familienzentrum" && o.ags.as_str() == "06532006").unwrap();
    let (s, v) = post(
        "/api/szenario",
        json!({
            "kategorie": "familienzentrum", "zielgruppe": "unter18", "schwellen": [1000, 2000, 5000],
            "hinzufuegen": [{"lon": leun.sitz.lon, "lat": leun.sitz.lat, "name": "Geplantes FZ Leun"}],
            "entfernen": [weg.id],
        }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["szenario"]["hinzugefuegt"][0]["kommune"], "Leun");
    let mut nachher: Vec<Utm32> =
        a.angebote.iter().filter(|o| o.kategorie == "familienzentrum" && o.id != weg.id).map(|o| o.pos).collect();
    nachher.push(leun.sitz_utm);
    let schwellen = [1000.0, 2000.0, 5000.0];
    let vor = summen(
        &a,
        Zielgruppe::Unter18,
        &abstaende(&a, Zielgruppe::Unter18, &positionen(&a, "familienzentrum")),
        &schwellen,
        1.0,
    );
    let nach = summen(&a, Zielgruppe::Unter18, &abstaende(&a, Zielgruppe::Unter18, &nachher), &schwellen, 1.0);
    let zeilen = nach_id(&v);
    for (k, (x, y)) in a.kommunen.iter().zip(vor.iter().zip(&nach)) {
        let e = &zeilen[k.ags.as_str()];
        for (i, t) in schwellen.iter().enumerate() {
            let key = format!("anteil_{t}");
            assert!((e["vorher"][&key].as_f64().unwrap() - x.1[i] / x.0).abs() < 1e-6, "{} vorher {t}", k.name);
            assert!((e["nachher"][&key].as_f64().unwrap() - y.1[i] / y.0).abs() < 1e-6, "{} nachher {t}", k.name);
            assert!((e["differenz"][&key].as_f64().unwrap() - (y.1[i] / y.0 - x.1[i] / x.0)).abs() < 2e-6);
        }
    }
    assert!(zeilen["06532016"]["differenz"]["anteil_2000"].as_f64().unwrap() > 0.1, "Leun gains");
    assert!(zeilen["06532006"]["differenz"]["anteil_1000"].as_f64().unwrap() < -0.1, "Dillenburg loses");
    // The "before" figures are those of /api/abdeckung.
    let jetzt = nach_id(&ok("/api/abdeckung?kategorie=familienzentrum").await);
    assert_eq!(zeilen["06532012"]["vorher"]["anteil_2000"], jetzt["06532012"]["anteil_2000"]);
}

#[tokio::test]
async fn bad_scenarios_get_a_german_400_that_names_the_problem() {
    let faelle = [
        (json!({"kategorie": "familienzentrum", "entfernen": ["gibt-es-nicht"]}), "gibt-es-nicht"),
        (json!({"kategorie": "familienzentrum", "entfernen": ["schule-3550"]}), "Kategorie"),
        (json!({"kategorie": "familienzentrum", "hinzufuegen": [{"lon": 50.6, "lat": 8.4}]}), "vertauscht"),
        (json!({"kategorie": "zirkus"}), "unbekannte Kategorie"),
        (json!({"kategorie": "familienzentrum", "schwellen": [0]}), "Schwelle"),
        (
            json!({"kategorie": "familienzentrum", "hinzufuegen": (0..51).map(|_| json!({"lon": 8.4, "lat": 50.6})).collect::<Vec<_>>()}),
            "zu groß",
        ),
        (json!({"kategorie": "familienzentrum", "hinzufugen": []}), "hinzufugen"),
    ];
    for (body, text) in faelle {
        let (s, v) = post("/api/szenario", body.clone()).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
        assert!(v["detail"].as_str().unwrap().contains(text), "{body}: {v}");
    }
    let r = Request::post("/api/szenario").header("content-type", "text/plain").body(Body::from("x")).unwrap();
    let (s, _, v) = senden(common::app(), r).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(v["detail"].as_str().unwrap().contains("application/json"));
}

#[tokio::test]
async fn bad_parameters_of_the_analyses_name_the_parameter_and_what_is_allowed() {
    let faelle = [
        ("/api/abdeckung", "„kategorie“ fehlt"),
        ("/api/abdeckung?kategorie=schule&zielgruppe=senioren", "unter18"),
        ("/api/abdeckung?kategorie=schule&schwellen=1000,x", "keine Zahl"),
        ("/api/abdeckung?kategorie=schule&schwellen=60000", "außerhalb"),
        ("/api/abdeckung?kategorie=schule&umwegfaktor=3", "umwegfaktor"),
        ("/api/abdeckung?kategorie=schule&ebene=land", "kommune, region, kreis"),
        ("/api/abdeckung?kategorie=schule&radius=3", "unbekannter Parameter"),
        ("/api/indikatoren/kinderarmut?jahr=1800", "1900 bis 2100"),
        ("/api/indikatoren/kinderarmut?methode=manuell", "grenzen"),
        ("/api/indikatoren/kinderarmut?methode=manuell&grenzen=20,10", "aufsteigend"),
        ("/api/indikatoren/kinderarmut?palette=regenbogen", "orrd"),
        ("/api/indikatoren/kinderarmut?klassen=12", "2 bis 9"),
        ("/api/indikatoren/angebote_je_1000", "kategorie"),
        ("/api/bedarf-angebot?kategorie=schule", "indikator"),
    ];
    for (uri, text) in faelle {
        let (s, typ, v) = abrufen(uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert_eq!(typ, "application/problem+json");
        assert!(v["detail"].as_str().unwrap().contains(text), "{uri}: {v}");
    }
    let (s, _, _) = abrufen("/api/indikatoren/gibt_es_nicht").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // A plausible year without values: that map does not exist; the answer lists the years.
    let (s, _, v) = abrufen("/api/indikatoren/kinderarmut?jahr=1990").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(v["detail"].as_str().unwrap().contains("2016, 2017"), "{v}");
}

/// The HZE example rows of the data set: (AGS, year) → (numerator, denominator).
fn hze_zeilen() -> BTreeMap<(String, i32), (f64, f64)> {
    common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/indikatorwerte.csv"))
        .into_iter()
        .filter(|z| z["indikator"] == "hze_beispiel")
        .map(|z| {
            (
                (z["ags"].clone(), z["jahr"].parse().unwrap()),
                (z["zaehler"].parse().unwrap(), z["nenner"].parse().unwrap()),
            )
        })
        .collect()
}

#[tokio::test]
async fn region_rates_are_ratios_of_sums_computed_by_hand() {
    let rows = hze_zeilen();
    let v = ok("/api/indikatoren/hze_beispiel?jahr=2024&ebene=region").await;
    let zeilen = nach_id(&v);
    // Süd-Ost: Aßlar, Hohenahr, Hüttenberg, Lahnau.
    let (z, n) = ["06532001", "06532013", "06532014", "06532015"]
        .iter()
        .map(|a| rows[&(a.to_string(), 2024)])
        .fold((0.0, 0.0), |(z, n), (a, b)| (z + a, n + b));
    let so = &zeilen["beispiel-sued-ost"];
    assert_eq!(so["zaehler"].as_f64(), Some(z));
    assert_eq!(so["nenner"].as_f64(), Some(n));
    assert!((so["wert"].as_f64().unwrap() - z / n * 1000.0).abs() < 1e-4);
    assert_eq!(so["herkunft"], "quote_der_summen");
    // Not the mean of the Kommune rates.
    let mittel: f64 = ["06532001", "06532013", "06532014", "06532015"]
        .iter()
        .map(|a| {
            let (z, n) = rows[&(a.to_string(), 2024)];
            z / n * 1000.0
        })
        .sum::<f64>()
        / 4.0;
    assert!((so["wert"].as_f64().unwrap() - mittel).abs() > 0.01);
    // Wetzlar has no HzE figures in the Kreis youth office's data: the Kreis value cannot be
    // formed, the legend refers to the Kreis youth office's area instead.
    assert_eq!(zeilen["06532023"]["status"], "keine_angabe");
    assert_eq!(v["legende"]["kreiswert"]["id"], "jugendamt-lahn-dill-kreis");
}

#[tokio::test]
async fn rates_only_known_as_rates_are_aggregated_as_a_labelled_weighted_mean() {
    let a = common::atlas();
    let v = ok("/api/indikatoren/kinderarmut?jahr=2022&ebene=region").await;
    let kommunal = nach_id(&ok("/api/indikatoren/kinderarmut?jahr=2022").await);
    let zeilen = nach_id(&v);
    let nw = ["06532011", "06532005", "06532009", "06532006", "06532004"];
    let (s, g) = nw.iter().fold((0.0, 0.0), |(s, g), ags| {
        let e = a.kommunen.iter().find(|k| k.ags.as_str() == *ags).unwrap().einwohner as f64;
        (s + e * kommunal[*ags]["wert"].as_f64().unwrap(), g + e)
    });
    let r = &zeilen["beispiel-nord-west"];
    assert!((r["wert"].as_f64().unwrap() - s / g).abs() < 1e-3);
    assert_eq!(r["naeherung"], true);
    assert!(v["legende"]["aggregation"].as_str().unwrap().starts_with("Näherung"));
    // The Kreis value is the one INKAR publishes for the Kreis.
    let kreis = common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/indikatorwerte.csv"))
        .into_iter()
        .find(|z| z["indikator"] == "kinderarmut" && z["ags"] == "06532000" && z["jahr"] == "2022")
        .unwrap();
    assert_eq!(v["legende"]["kreiswert"]["wert"].as_f64(), Some(kreis["wert"].parse().unwrap()));
}

#[tokio::test]
async fn a_region_with_exactly_one_suppressed_kommune_also_hides_a_second_value() {
    let rows = hze_zeilen();
    let v = ok("/api/indikatoren/hze_beispiel?jahr=2024").await;
    let zeilen = nach_id(&v);
    // Siegbach (Nord-Ost) has 2 cases in 2024: primary suppression.
    assert_eq!(rows[&("06532019".to_string(), 2024)].0, 2.0);
    let siegbach = &zeilen["06532019"];
    assert_eq!(siegbach["status"], "nicht_ausgewiesen");
    assert_eq!(siegbach["wert"], Value::Null);
    assert_eq!(siegbach["zaehler"], Value::Null);
    assert_eq!(siegbach["hinweis"], "nicht ausgewiesen (Datenschutz)");
    // Exactly one more Nord-Ost Kommune is hidden, so that Nord-Ost minus the others does not
    // give Siegbach; the other regions are untouched.
    let nord_ost = ["06532002", "06532007", "06532010", "06532012", "06532017", "06532020"];
    let sekundaer: Vec<&str> =
        nord_ost.iter().copied().filter(|a| zeilen[*a]["status"] == "nicht_ausgewiesen").collect();
    assert_eq!(sekundaer.len(), 1, "{sekundaer:?}");
    let gesperrt = zeilen.values().filter(|e| e["status"] == "nicht_ausgewiesen").count();
    assert_eq!(gesperrt, 2);
    assert_eq!(v["legende"]["datenschutz"]["anzahl"], 2);
    let region = nach_id(&ok("/api/indikatoren/hze_beispiel?jahr=2024&ebene=region").await);
    assert_eq!(region["beispiel-nord-ost"]["status"], "ausgewiesen");
}

#[tokio::test]
async fn the_internal_mode_shows_hidden_values_only_with_the_right_token() {
    let a = common::atlas();
    let uri = "/api/indikatoren/hze_beispiel?jahr=2024";
    let (s, v) = get_mit(app_mit(a.clone(), Datenschutz::default(), Some(TOKEN)), uri, Some(TOKEN)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["datenschutz"]["modus"], "intern");
    let siegbach = &nach_id(&v)["06532019"];
    assert_eq!(siegbach["zaehler"].as_f64(), Some(2.0));
    assert_eq!(siegbach["status"], "nicht_ausgewiesen", "still flagged");
    let (s, v) =
        get_mit(app_mit(a.clone(), Datenschutz::default(), Some(TOKEN)), uri, Some("falsches-token-0123456789")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(v["detail"].as_str().unwrap().contains("ungültig"));
    let (s, _) = get_mit(app_mit(a.clone(), Datenschutz::default(), None), uri, Some(TOKEN)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, v) = get_mit(app_mit(a, Datenschutz::default(), Some(TOKEN)), uri, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["datenschutz"]["modus"], "oeffentlich");
    assert_eq!(nach_id(&v)["06532019"]["zaehler"], Value::Null);
}

/// Exact fractions for the proof below.
#[derive(Clone, Copy, PartialEq)]
struct Bruch(i128, i128);

impl Bruch {
    fn neu(z: i128, n: i128) -> Bruch {
        fn ggt(a: i128, b: i128) -> i128 {
            if b == 0 { a.abs().max(1) } else { ggt(b, a % b) }
        }
        let g = ggt(z, n) * n.signum();
        Bruch(z / g, n / g)
    }
    fn null(self) -> bool {
        self.0 == 0
    }
    fn minus_mal(self, f: Bruch, x: Bruch) -> Bruch {
        // self − f·x
        Bruch::neu(self.0 * f.1 * x.1 - f.0 * x.0 * self.1, self.1 * f.1 * x.1)
    }
    fn durch(self, o: Bruch) -> Bruch {
        Bruch::neu(self.0 * o.1, self.1 * o.0)
    }
}

/// Whether `ziel` is a linear combination of `zeilen` (exact Gaussian elimination).
fn im_spann(zeilen: &[Vec<i128>], ziel: &[i128]) -> bool {
    let n = ziel.len();
    let mut basis: Vec<(usize, Vec<Bruch>)> = Vec::new();
    let reduzieren = |basis: &[(usize, Vec<Bruch>)], v: &[i128]| {
        let mut v: Vec<Bruch> = v.iter().map(|&x| Bruch(x, 1)).collect();
        for (p, b) in basis {
            let f = v[*p];
            if !f.null() {
                for j in 0..n {
                    v[j] = v[j].minus_mal(f, b[j]);
                }
            }
        }
        v
    };
    for z in zeilen {
        let r = reduzieren(&basis, z);
        if let Some(p) = r.iter().position(|x| !x.null()) {
            let piv = r[p];
            basis.push((p, r.into_iter().map(|x| x.durch(piv)).collect()));
        }
    }
    reduzieren(&basis, ziel).iter().all(|x| x.null())
}

/// Every unit of every level of an answer family, with its member vector and status.
async fn alle_einheiten(
    app: &axum::Router,
    pfad: &str,
    token: Option<&str>,
) -> Vec<(String, Vec<i128>, String, Value)> {
    let a = common::atlas();
    let mut aus = BTreeMap::new();
    for ebene in ["kommune", "region", "kreis"] {
        let trenner = if pfad.contains('?') { '&' } else { '?' };
        let (s, v) = get_mit(app.clone(), &format!("{pfad}{trenner}ebene={ebene}"), token).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        for e in einheiten(&v).into_iter().chain(v["kreis"].as_array().cloned().unwrap_or_default()) {
            let mitglieder: Vec<String> = match e["mitglieder"].as_array() {
                Some(m) => m.iter().map(|x| x.as_str().unwrap().to_string()).collect(),
                None => vec![e["id"].as_str().unwrap().to_string()],
            };
            let vektor: Vec<i128> =
                a.kommunen.iter().map(|k| i128::from(mitglieder.contains(&k.ags.to_string()))).collect();
            aus.insert(e["id"].as_str().unwrap().to_string(), (vektor, e["status"].as_str().unwrap().to_string(), e));
        }
    }
    aus.into_iter().map(|(id, (v, s, e))| (id, v, s, e)).collect()
}

fn beweisen(einheiten: &[(String, Vec<i128>, String, Value)], was: &str) -> usize {
    let sichtbar: Vec<Vec<i128>> = einheiten.iter().filter(|e| e.2 == "ausgewiesen").map(|e| e.1.clone()).collect();
    let gesperrt: Vec<&(String, Vec<i128>, String, Value)> =
        einheiten.iter().filter(|e| e.2 == "nicht_ausgewiesen").collect();
    for g in &gesperrt {
        assert!(!im_spann(&sichtbar, &g.1), "{was}: {} ließe sich aus den gezeigten Werten errechnen", g.0);
        // The plain subtraction a planner would try: any published aggregate minus its
        // published members.
        for agg in einheiten.iter().filter(|e| e.2 == "ausgewiesen" && e.1.iter().sum::<i128>() > 1) {
            if (0..g.1.len()).all(|i| g.1[i] <= agg.1[i]) {
                let rest: Vec<i128> = (0..g.1.len()).map(|i| agg.1[i] - g.1[i]).collect();
                assert!(!im_spann(&sichtbar, &rest), "{was}: {} = {} − Rest", g.0, agg.0);
            }
        }
    }
    gesperrt.len()
}

#[tokio::test]
async fn no_suppressed_count_can_be_derived_from_the_published_ones_in_any_year() {
    let app = common::app();
    let mut gesamt = 0;
    for jahr in [2021, 2022, 2023, 2024] {
        let e = alle_einheiten(&app, &format!("/api/indikatoren/hze_beispiel?jahr={jahr}"), None).await;
        gesamt += beweisen(&e, &format!("HzE {jahr}"));
        // Published numerators are what the data say; hidden ones are empty.
        for (_, _, status, x) in &e {
            if status == "nicht_ausgewiesen" {
                assert_eq!(x["zaehler"], Value::Null);
            }
        }
    }
    assert!(gesamt >= 4, "suppression must actually happen in the example data ({gesamt})");
}

#[tokio::test]
async fn coverage_of_small_target_groups_is_suppressed_consistently_and_safely() {
    // With a minimum denominator of 300 children under 10, the smallest Kommunen are hidden.
    let schutz = Datenschutz { min_anzahl: 3.0, min_nenner: 300.0 };
    let app = app_mit(common::atlas(), schutz, None);
    let e = alle_einheiten(&app, "/api/abdeckung?kategorie=familienzentrum&zielgruppe=unter10", None).await;
    let n = beweisen(&e, "Abdeckung unter 10");
    assert!(n >= 2, "{n}");
    let a = common::atlas();
    for (id, v, status, x) in &e {
        if v.iter().sum::<i128>() == 1
            && a.bevoelkerung.summe(Zielgruppe::Unter10, v.iter().position(|&b| b == 1).unwrap()) < 300.0
        {
            assert_eq!(status, "nicht_ausgewiesen", "{id}");
            assert_eq!(x["anteil_1000"], Value::Null);
        }
    }
    // The same rule hides the same Kommunen in the derived coverage indicator.
    let (_, karte) = get_mit(
        app.clone(),
        "/api/indikatoren/abdeckung?kategorie=familienzentrum&zielgruppe=unter10&schwelle=1000",
        None,
    )
    .await;
    let karte = nach_id(&karte);
    for (id, _, status, x) in &e {
        if x["art"] == "kommune" {
            assert_eq!(&karte[id]["status"].as_str().unwrap(), status, "{id}");
        }
    }
}

/// Quantile with linear interpolation, computed here from scratch.
fn quantil(v: &[f64], q: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let h = (s.len() - 1) as f64 * q;
    let u = h.floor() as usize;
    let o = (u + 1).min(s.len() - 1);
    s[u] + (h - u as f64) * (s[o] - s[u])
}

#[tokio::test]
async fn map_classes_legend_and_colours_follow_the_chosen_method() {
    let basis = ok("/api/indikatoren/kinderarmut?jahr=2022").await;
    let werte: Vec<f64> = einheiten(&basis).iter().filter_map(|e| e["wert"].as_f64()).collect();
    assert_eq!(werte.len(), 23);
    let (min, max) = werte.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let faelle: Vec<(String, Vec<f64>)> = vec![
        ("methode=quantile&klassen=4".into(), (1..=4).map(|i| quantil(&werte, i as f64 / 4.0)).collect()),
        ("methode=gleich&klassen=5".into(), (1..=5).map(|i| min + (max - min) * i as f64 / 5.0).collect()),
        ("methode=manuell&grenzen=8,12,16".into(), vec![8.0, 12.0, 16.0, max.max(16.0)]),
        // The German decimal comma, with semicolons between the limits (as planners type them).
        ("methode=manuell&grenzen=8,5%3B%2012%3B16".into(), vec![8.5, 12.0, 16.0, max.max(16.0)]),
    ];
    for (q, erwartet) in faelle {
        let v = ok(&format!("/api/indikatoren/kinderarmut?jahr=2022&{q}")).await;
        let grenzen: Vec<f64> =
            v["legende"]["grenzen"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
        assert_eq!(grenzen.len(), erwartet.len(), "{q}");
        for (g, e) in grenzen.iter().zip(&erwartet) {
            assert!((g - e).abs() < 1e-6, "{q}: {grenzen:?} ≠ {erwartet:?}");
        }
        let klassen = v["legende"]["klassen"].as_array().unwrap();
        for e in einheiten(&v) {
            let w = e["wert"].as_f64().unwrap();
            let k = grenzen.iter().position(|g| w <= g + 1e-9).unwrap();
            assert_eq!(e["klasse"].as_u64(), Some(k as u64), "{q}: {e}");
            assert_eq!(e["farbe"], klassen[k]["farbe"]);
        }
        let summe: u64 = klassen.iter().map(|k| k["anzahl"].as_u64().unwrap()).sum();
        assert_eq!(summe, 23);
        assert!(klassen[0]["bezeichnung"].as_str().unwrap().ends_with("je 100 Einw. unter 15"));
    }
    // Natural breaks: the optimal split into 3 classes (least within-class sum of squares),
    // found here by trying every split of the sorted values.
    let mut s = werte.clone();
    s.sort_by(f64::total_cmp);
    let sse = |t: &[f64]| {
        let m = t.iter().sum::<f64>() / t.len() as f64;
        t.iter().map(|x| (x - m) * (x - m)).sum::<f64>()
    };
    let mut best = (f64::INFINITY, 0, 0);
    for i in 1..s.len() - 1 {
        for j in i + 1..s.len() {
            let kosten = sse(&s[..i]) + sse(&s[i..j]) + sse(&s[j..]);
            if kosten < best.0 - 1e-12 {
                best = (kosten, i, j);
            }
        }
    }
    let erwartet = [s[best.1 - 1], s[best.2 - 1], s[s.len() - 1]];
    let v = ok("/api/indikatoren/kinderarmut?jahr=2022&methode=jenks&klassen=3").await;
    let grenzen: Vec<f64> = v["legende"]["grenzen"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
    assert_eq!(grenzen, erwartet.to_vec());
    assert_eq!(v["legende"]["palette"]["farbenblind_geeignet"], true);
    assert!(v["legende"]["quelle"].as_str().unwrap().contains("INKAR"));
}

#[tokio::test]
async fn offers_per_1000_are_counted_by_hand() {
    let a = common::atlas();
    let v = ok("/api/indikatoren/angebote_je_1000?kategorie=familienzentrum&zielgruppe=unter18").await;
    let zeilen = nach_id(&v);
    for (i, k) in a.kommunen.iter().enumerate() {
        let anzahl = a.angebote.iter().filter(|o| o.kategorie == "familienzentrum" && o.ags == k.ags).count() as f64;
        let u18: f64 = a.punkte(Zielgruppe::Unter18).iter().filter(|p| p.kommune == i).map(|p| p.gewicht).sum();
        let e = &zeilen[k.ags.as_str()];
        assert_eq!(e["zaehler"].as_f64(), Some(anzahl));
        assert!((e["wert"].as_f64().unwrap() - anzahl / u18 * 1000.0).abs() < 1e-3, "{}", k.name);
    }
    assert_eq!(v["legende"]["beispiel"], true, "the Familienzentren are example data");
    let s = ok("/api/indikatoren/schueler_je_1000?ebene=kreis").await;
    let schueler: f64 =
        a.angebote.iter().filter_map(|o| o.merkmale.get("schueler")).map(|s| s.parse::<f64>().unwrap()).sum();
    let kreis = &nach_id(&s)["06532000"];
    assert!((kreis["wert"].as_f64().unwrap() - schueler / 251_972.0 * 1000.0).abs() < 1e-3);
}

#[tokio::test]
async fn need_classes_are_tie_respecting_terciles_and_supply_classes_absolute_thresholds() {
    let v = ok("/api/bedarf-angebot?indikator=kinderarmut&jahr=2022&kategorie=familienzentrum&schwelle=2000").await;
    let abd = nach_id(&ok("/api/abdeckung?kategorie=familienzentrum&schwellen=2000").await);
    let f: Vec<Value> = einheiten(&v);
    let werte: Vec<f64> = f.iter().map(|e| e["wert"].as_f64().unwrap()).collect();
    let anteile: Vec<f64> = f.iter().map(|e| abd[e["id"].as_str().unwrap()]["anteil_2000"].as_f64().unwrap()).collect();
    let terzil = |v: &[f64], x: f64| {
        let (t1, t2) = (quantil(v, 1.0 / 3.0), quantil(v, 2.0 / 3.0));
        if x <= t1 {
            1
        } else if x <= t2 {
            2
        } else {
            3
        }
    };
    // Supply: below 25 % low, below 50 % medium, from 50 % good (the defaults).
    let stufe = |a: f64| {
        if a < 0.25 {
            1
        } else if a < 0.5 {
            2
        } else {
            3
        }
    };
    for (i, e) in f.iter().enumerate() {
        assert_eq!(e["bedarf"].as_u64(), Some(terzil(&werte, werte[i])), "{e}");
        assert_eq!(e["versorgung"].as_u64(), Some(stufe(anteile[i])), "{e}");
    }
    // Equal need values share their class.
    for x in f.iter() {
        for y in f.iter() {
            if x["wert"] == y["wert"] {
                assert_eq!(x["bedarf"], y["bedarf"]);
            }
        }
    }
    // The Kommunen the review found in "medium" beside Dillenburg are low now.
    let nach_name: BTreeMap<&str, &Value> = f.iter().map(|e| (e["name"].as_str().unwrap(), e)).collect();
    for name in ["Wetzlar", "Dietzhölztal", "Sinn"] {
        assert_eq!(nach_name[name]["versorgung"], 1, "{name}: {}", nach_name[name]);
    }
    // Own thresholds: with 5 % and 30 %, Sinn (8.7 %) is medium.
    let eigen = ok("/api/bedarf-angebot?indikator=kinderarmut&jahr=2022&kategorie=familienzentrum&schwelle=2000&versorgung_grenzen=5,30").await;
    let sinn = einheiten(&eigen).into_iter().find(|e| e["name"] == "Sinn").unwrap();
    assert_eq!(sinn["versorgung"], 2, "{sinn}");
    // The priority list holds exactly the Kommunen whose need class is above their supply class.
    let prio: Vec<&str> = v["prioritaeten"].as_array().unwrap().iter().map(|p| p["ags"].as_str().unwrap()).collect();
    let erwartet = f.iter().filter(|e| e["bedarf"].as_u64() > e["versorgung"].as_u64()).count();
    assert_eq!(prio.len(), erwartet);
    assert_eq!(v["legende"].as_array().unwrap().len(), 9);
}

#[tokio::test]
async fn the_indicator_catalogue_lists_metadata_and_colour_blind_safety() {
    let v = ok("/api/indikatoren").await;
    let ind = v["indikatoren"].as_array().unwrap();
    let hze = ind.iter().find(|i| i["id"] == "hze_beispiel").unwrap();
    assert_eq!(hze["beispiel"], true);
    assert_eq!(hze["datenschutz"], true);
    assert_eq!(hze["multiplikator"].as_f64(), Some(1000.0));
    assert_eq!(hze["jahre"], json!([2021, 2022, 2023, 2024]));
    let ka = ind.iter().find(|i| i["id"] == "kinderarmut").unwrap();
    assert_eq!(ka["polaritaet"], "bedarf");
    assert!(ka["quelle"].as_str().unwrap().contains("dl-de/by-2-0"));
    let paletten = v["paletten"].as_array().unwrap();
    assert!(paletten.iter().any(|p| p["id"] == "spectral" && p["farbenblind_geeignet"] == false));
    assert!(paletten.iter().any(|p| p["id"] == "viridis" && p["farbenblind_geeignet"] == true));
    assert_eq!(v["abgeleitet"].as_array().unwrap().len(), 3);
}

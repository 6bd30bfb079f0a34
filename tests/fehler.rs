//! Every error path answers German `application/problem+json`: unknown routes, wrong methods,
//! too large bodies, broken paths, malformed JSON, control characters, bad numbers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{abrufen, senden};
use serde_json::Value;

fn ist_deutsches_problem(typ: &str, v: &Value) {
    assert_eq!(typ, "application/problem+json", "{v}");
    let detail = v["detail"].as_str().unwrap_or_else(|| panic!("kein detail: {v}"));
    for englisch in ["Failed to", "expected", "invalid", "unknown field", "missing", "Not Found", "Method Not Allowed"]
    {
        assert!(!detail.contains(englisch), "Englisch in „{detail}“");
    }
    assert!(v["title"].is_string() && v["status"].is_u64(), "{v}");
}

#[tokio::test]
async fn unknown_routes_and_files_get_a_german_404() {
    for uri in ["/gibt/es/nicht", "/api/gibtsnicht", "/package.json", "/collections/kommunen/items/123/x"] {
        let (s, typ, v) = abrufen(uri).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{uri}");
        ist_deutsches_problem(&typ, &v);
    }
}

#[tokio::test]
async fn a_wrong_method_gets_a_german_405_with_the_allowed_ones() {
    let r = Request::post("/api/kommunen").body(Body::empty()).unwrap();
    let antwort = tower::ServiceExt::oneshot(common::app(), r).await.unwrap();
    assert_eq!(antwort.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = antwort.headers()["allow"].to_str().unwrap().to_string();
    assert!(allow.contains("GET"), "{allow}");
    let r = Request::delete("/api/szenario").body(Body::empty()).unwrap();
    let (s, typ, v) = senden(common::app(), r).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
    ist_deutsches_problem(&typ, &v);
    assert!(v["detail"].as_str().unwrap().contains("POST"), "{v}");
}

#[tokio::test]
async fn a_too_large_body_gets_a_german_413() {
    let gross = format!("{{\"kategorie\":\"familienzentrum\",\"x\":\"{}\"}}", "a".repeat(100_000));
    let r = Request::post("/api/szenario").header("content-type", "application/json").body(Body::from(gross)).unwrap();
    let (s, typ, v) = senden(common::app(), r).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    ist_deutsches_problem(&typ, &v);
    assert!(v["detail"].as_str().unwrap().contains("64 KiB"), "{v}");
}

#[tokio::test]
async fn invalid_utf8_in_a_path_gets_a_german_400() {
    for uri in ["/api/profil/%FF%FE", "/api/indikatoren/%C3%28", "/collections/%FF/items"] {
        let (s, typ, v) = abrufen(uri).await;
        assert!(s == StatusCode::BAD_REQUEST || s == StatusCode::NOT_FOUND, "{uri}: {s}");
        ist_deutsches_problem(&typ, &v);
    }
}

#[tokio::test]
async fn malformed_scenarios_are_explained_in_german() {
    for body in
        [r#"{"kategorie":5}"#, r#"{"kategorie":"familienzentrum","schwellen":["x"]}"#, "{kaputt", r#"{"kategorie":"#]
    {
        let r =
            Request::post("/api/szenario").header("content-type", "application/json").body(Body::from(body)).unwrap();
        let (s, typ, v) = senden(common::app(), r).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
        ist_deutsches_problem(&typ, &v);
        assert!(v["detail"].as_str().unwrap().contains("Zeile 1"), "{v}");
    }
}

#[tokio::test]
async fn control_characters_in_parameters_are_refused_not_rendered() {
    for uri in [
        "/api/karten/kinderarmut.png?titel=Kinder%01armut",
        "/api/karten/kinderarmut.svg?titel=Kinder%01armut",
        "/api/karten/kinderarmut.svg?untertitel=a%0Ab",
        "/api/abdeckung?kategorie=schule%00",
    ] {
        let (s, typ, v) = abrufen(uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}");
        ist_deutsches_problem(&typ, &v);
        assert!(v["detail"].as_str().unwrap().contains("Steuerzeichen"), "{v}");
    }
}

#[tokio::test]
async fn a_bad_class_limit_never_prints_a_giant_number() {
    for (q, text) in
        [("abc", "„abc“ ist keine Zahl"), ("1e400", "keine Zahl"), ("NaN", "keine Zahl"), ("10%3B%3B20", "leer")]
    {
        let (s, typ, v) = abrufen(&format!("/api/indikatoren/kinderarmut?methode=manuell&grenzen={q}")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{q}");
        ist_deutsches_problem(&typ, &v);
        let d = v["detail"].as_str().unwrap();
        assert!(d.contains(text), "{q}: {d}");
        assert!(d.len() < 400, "{d}");
        assert!(!d.contains("17976931348623157"), "{d}");
    }
}

#[tokio::test]
async fn png_maps_carry_their_resolution_for_word_processors() {
    for dpi in [150u32, 300] {
        let r = Request::get(format!("/api/karten/kinderarmut.png?dpi={dpi}")).body(Body::empty()).unwrap();
        let antwort = tower::ServiceExt::oneshot(common::app(), r).await.unwrap();
        let bytes = http_body_util::BodyExt::collect(antwort.into_body()).await.unwrap().to_bytes();
        // Walk the PNG chunks to pHYs: pixels per metre in x and y, unit 1 = metre.
        let mut i = 8;
        let mut phys = None;
        while i + 8 <= bytes.len() {
            let n = u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
            if &bytes[i + 4..i + 8] == b"pHYs" {
                let d = &bytes[i + 8..i + 8 + n];
                phys = Some((
                    u32::from_be_bytes(d[0..4].try_into().unwrap()),
                    u32::from_be_bytes(d[4..8].try_into().unwrap()),
                    d[8],
                ));
            }
            i += 12 + n;
        }
        let erwartet = (dpi as f64 / 0.0254).round() as u32;
        assert_eq!(phys, Some((erwartet, erwartet, 1)), "{dpi} dpi");
    }
}

#[tokio::test]
async fn repeated_wrong_tokens_are_answered_more_slowly() {
    let app = sozialraum::http::app(
        sozialraum::http::Zustand::mit(
            common::atlas(),
            sozialraum::http::Einstellungen {
                tokens: vec![
                    sozialraum::config::Zugangstoken::neu(
                        "Intern",
                        sozialraum::config::Rolle::Intern,
                        &sozialraum::config::Geheimnis::neu("richtiges-token-0123456789"),
                        "Test",
                    )
                    .unwrap(),
                ],
                ..Default::default()
            },
        ),
        common::wurzel().join("web"),
    );
    let mut dauer = Vec::new();
    for _ in 0..3 {
        let r = Request::get("/api/abdeckung?kategorie=schule")
            .header("authorization", "Bearer falsch-geraten")
            .body(Body::empty())
            .unwrap();
        let start = std::time::Instant::now();
        let (s, typ, v) = senden(app.clone(), r).await;
        dauer.push(start.elapsed().as_millis());
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        ist_deutsches_problem(&typ, &v);
    }
    assert!(dauer[0] >= 190 && dauer[1] >= 390 && dauer[2] >= 790, "{dauer:?}");
}

#[tokio::test]
async fn supply_limits_in_the_wrong_order_and_unknown_maps_are_explained() {
    let basis = "/api/bedarf-angebot?indikator=kinderarmut&kategorie=familienzentrum";
    for (grenzen, text) in [("60,20", "muss kleiner sein"), ("20,20", "muss kleiner sein"), ("10", "1 Wert angegeben")]
    {
        let (s, typ, v) = abrufen(&format!("{basis}&versorgung_grenzen={grenzen}")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{grenzen}");
        ist_deutsches_problem(&typ, &v);
        let detail = v["detail"].as_str().unwrap();
        assert!(detail.contains(text) && detail.contains("25,50"), "{detail}");
    }
    let (s, typ, v) = abrufen("/api/karten/gibtsnicht.svg").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    ist_deutsches_problem(&typ, &v);
    let detail = v["detail"].as_str().unwrap();
    assert!(
        detail.contains("kinderarmut") && detail.contains("bedarf-angebot") && detail.contains("szenario"),
        "{detail}"
    );
}

#[test]
fn command_lines_that_cannot_be_read_get_a_german_message_and_exit_code_2() {
    for (args, erwartet) in [
        (&["gibtsnicht"][..], "unbekannter Befehl „gibtsnicht“"),
        (&["check", "--gibtsnicht"][..], "unbekannter Schalter „--gibtsnicht“"),
        (&["import", "netz"][..], "es fehlt: --von <VON>"),
        (
            &["import", "netz", "--von", "a.osm.pbf", "--kreis", "06532", "--gebiete", "a.geojson"][..],
            "„--kreis <KREIS>“ und „--gebiete <GEBIETE>“ schließen sich aus",
        ),
        (&["import", "netz", "--von", "a.osm.pbf", "--von", "b.osm.pbf"][..], "„--von <VON>“ steht mehrfach im Aufruf"),
        (&["import", "netz", "--von", "a.osm.pbf", "--puffer", "viel"][..], "ungültiger Wert „viel“ für --puffer"),
    ] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_sozialraum")).args(args).output().unwrap();
        let text = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {text}");
        assert!(text.starts_with("Fehler: ") && text.contains(erwartet), "{args:?}: {text}");
        for englisch in ["error:", "cannot be used", "unexpected argument", "required", "invalid value"] {
            assert!(!text.contains(englisch), "{args:?}: Englisch in {text}");
        }
    }
}

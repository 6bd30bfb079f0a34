//! Editing offers through the API with the editing token: add, change with optimistic
//! concurrency (ETag / If-Match → 412), close with a date; every answer reflects a change at
//! once (no restart), the store keeps it across a restart, and roles are enforced (401/403).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;
use std::process::Command;

use serde_json::{Value, json};

const INTERN: &str = "internes-token-fuer-den-test-0123";
const BEARBEITEN: &str = "bearbeiten-token-fuer-den-test-4567";

use common::anfrage as senden;

fn anzahl(d: &common::Dienst, kategorie: &str) -> u64 {
    let (s, b) = d.get(&format!("/api/angebote?kategorie={kategorie}"));
    assert_eq!(s, 200);
    serde_json::from_slice::<Value>(&b).unwrap()["anzahl"].as_u64().unwrap()
}

#[test]
fn offers_are_added_changed_and_closed_live_with_roles_versions_and_history() {
    let ordner = tempfile::tempdir().unwrap();
    let speicher = ordner.path().join("sozialraum.gpkg");
    let toml = format!("intern_token = \"{INTERN}\"\nbearbeiten_token = \"{BEARBEITEN}\"\n");
    let d = common::Dienst::mit_speicher(&toml, &speicher, tempfile::tempdir().unwrap());
    let u = d.url.clone();
    assert_eq!(anzahl(&d, "familienzentrum"), 12);
    let neu = json!({"kategorie": "familienzentrum", "name": "Familienzentrum Nord", "traeger": "Test e. V.", "lon": 8.2905, "lat": 50.7503, "gueltig_ab": "2025-06-01"});

    // Roles: nobody without a token, not with the reading token.
    let (s, _, v) = senden(&u, "POST", "/api/angebote", None, &[], Some(neu.clone()));
    assert_eq!(s, 401, "{v}");
    let (s, _, v) = senden(&u, "POST", "/api/angebote", Some(INTERN), &[], Some(neu.clone()));
    assert_eq!(s, 403, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("braucht die Rolle „bearbeiten“"), "{v}");

    // Added: 201 with version 1; the Kommune follows from the place.
    let (s, etag, a) = senden(&u, "POST", "/api/angebote", Some(BEARBEITEN), &[], Some(neu.clone()));
    assert_eq!(s, 201, "{a}");
    assert_eq!(etag, "\"1\"");
    // The Kommune of the place as GDAL finds it in the boundary file.
    assert_eq!(a["ags"].as_str(), common::kommune_an(8.2905, 50.7503).as_deref());
    let id = a["id"].as_str().unwrap().to_string();
    assert_eq!(id, "familienzentrum-familienzentrum-nord");
    // Visible at once, without a restart: the list and the coverage.
    assert_eq!(anzahl(&d, "familienzentrum"), 13);
    // The OpenAPI document lists the data set's offers (closing choices): the new one too.
    assert!(String::from_utf8(d.get("/api").1).unwrap().contains(&format!("\"{id}\"")), "neues Angebot fehlt in /api");
    let (s, _, v) = senden(
        &u,
        "POST",
        "/api/angebote",
        Some(BEARBEITEN),
        &[],
        Some(json!({"id": id, "kategorie": "familienzentrum", "name": "X", "lon": 8.29, "lat": 50.75})),
    );
    assert_eq!(s, 409, "{v}");

    // Changed with the right version; a second change on the old version is refused.
    let pfad = format!("/api/angebote/{id}");
    let (s, etag, a) = senden(
        &u,
        "PATCH",
        &pfad,
        Some(BEARBEITEN),
        &["If-Match: \"1\""],
        Some(json!({"name": "Familienzentrum am Markt"})),
    );
    assert_eq!((s, etag.as_str(), a["name"].as_str()), (200, "\"2\"", Some("Familienzentrum am Markt")), "{a}");
    let (s, _, v) = senden(&u, "PATCH", &pfad, Some(BEARBEITEN), &["If-Match: \"1\""], Some(json!({"name": "Alt"})));
    assert_eq!(s, 412, "{v}");
    // A change that changes nothing keeps the version (and writes no history).
    let (s, etag, _) = senden(
        &u,
        "PATCH",
        &pfad,
        Some(BEARBEITEN),
        &["If-Match: \"2\""],
        Some(json!({"name": "Familienzentrum am Markt"})),
    );
    assert_eq!((s, etag.as_str()), (200, "\"2\""));
    assert!(v["detail"].as_str().unwrap().contains("inzwischen geändert"), "{v}");

    // Bad input: outside the Kreis, an unknown category, a wrong date – 400, store unchanged.
    for (body, text) in [
        (json!({"lon": 9.9, "lat": 48.1}), "außerhalb des Kreises"),
        (json!({"kategorie": "gibtsnicht"}), "unbekannte Kategorie"),
        (json!({"gueltig_ab": "2026-02-30"}), "kein Datum"),
    ] {
        let (s, _, v) = senden(&u, "PATCH", &pfad, Some(BEARBEITEN), &[], Some(body));
        assert_eq!(s, 400, "{v}");
        assert!(v["detail"].as_str().unwrap().contains(text), "{v}");
    }

    // Closed in the past: gone from today's answers, but kept in the store.
    let (s, etag, a) = senden(
        &u,
        "POST",
        &format!("{pfad}/schliessen"),
        Some(BEARBEITEN),
        &["If-Match: \"2\""],
        Some(json!({"datum": "2026-01-01", "kommentar": "Test"})),
    );
    assert_eq!((s, etag.as_str()), (200, "\"3\""), "{a}");
    assert_eq!(a["gueltig_bis"], "2026-01-01");
    assert_eq!(anzahl(&d, "familienzentrum"), 12);
    // As of a day: the offers valid then (opened 2025-06-01, closed from 2026-01-01).
    for (stand, n) in [("2025-05-31", 12), ("2025-06-01", 13), ("2025-12-31", 13), ("2026-01-01", 12)] {
        assert_eq!(anzahl(&d, &format!("familienzentrum&stand={stand}")), n, "{stand}");
    }
    // A scenario starts from the offers of its day: closing the new offer is possible on a day
    // it existed, not today.
    let szenario = |stand: Option<&str>| {
        let mut b = json!({"kategorie": "familienzentrum", "entfernen": [id]});
        if let Some(t) = stand {
            b["stand"] = json!(t);
        }
        senden(&u, "POST", "/api/szenario", None, &[], Some(b))
    };
    let (s, _, v) = szenario(Some("2025-12-31"));
    assert_eq!(s, 200, "{v}");
    let (s, _, v) = szenario(None);
    assert_eq!(s, 400, "{v}");
    // Maps that count offers name their day.
    let (s, svg) = d.get("/api/karten/abdeckung.svg?kategorie=familienzentrum&stand=2025-12-31");
    assert_eq!(s, 200);
    assert!(String::from_utf8_lossy(&svg).contains("Angebote: Stand 31.12.2025"));
    let (s, b) = d.get("/api/angebote?stand=2025-02-30");
    assert_eq!(s, 400, "{}", String::from_utf8_lossy(&b));
    drop(d);

    // After a restart on the same store: the closed offer stays closed; the history has the
    // first filling and the three changes with before and after.
    let d = common::Dienst::mit_speicher(&toml, &speicher, tempfile::tempdir().unwrap());
    assert_eq!(anzahl(&d, "familienzentrum"), 12);
    // The history through the API: internal users only, newest first, filterable.
    let (s, _, v) = senden(&d.url, "GET", "/api/aenderungen", None, &[], None);
    assert_eq!(s, 401, "{v}");
    let (s, _, v) = senden(&d.url, "GET", &format!("/api/aenderungen?objekt={id}"), Some(INTERN), &[], None);
    assert_eq!(s, 200, "{v}");
    let arten: Vec<&str> = v["aenderungen"].as_array().unwrap().iter().map(|a| a["art"].as_str().unwrap()).collect();
    assert_eq!(arten, ["geschlossen", "geaendert", "angelegt"]);
    let (_, _, v) = senden(&d.url, "GET", "/api/aenderungen?art=geaendert", Some(INTERN), &[], None);
    assert_eq!(v["anzahl"], 1);
    assert_eq!(v["aenderungen"][0]["vorher"]["name"], "Familienzentrum Nord");
    assert_eq!(v["aenderungen"][0]["nachher"]["name"], "Familienzentrum am Markt");
    let (s, _, _) = senden(&d.url, "GET", "/api/aenderungen?seit=2099-01-01", Some(INTERN), &[], None);
    assert_eq!(s, 200);
    let (s, _, v) = senden(&d.url, "GET", "/api/aenderungen?seit=gestern", Some(INTERN), &[], None);
    assert_eq!(s, 400, "{v}");
    drop(d);
    let c = rusqlite::Connection::open(&speicher).unwrap();
    let arten: Vec<String> = c
        .prepare("SELECT art FROM aenderungen WHERE objekt_id = ?1 ORDER BY fid")
        .unwrap()
        .query_map([&id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(arten, ["angelegt", "geaendert", "geschlossen"]);
    let (vorher, nachher): (String, String) = c
        .query_row("SELECT vorher, nachher FROM aenderungen WHERE objekt_id = ?1 AND art = 'geaendert'", [&id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(vorher.contains("Familienzentrum Nord") && nachher.contains("Familienzentrum am Markt"));
    let wer: String =
        c.query_row("SELECT wer FROM aenderungen WHERE objekt_id = ?1 LIMIT 1", [&id], |r| r.get(0)).unwrap();
    assert_eq!(wer, "Bearbeitung");
    assert_eq!(c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
}

#[test]
fn a_backup_taken_while_the_service_runs_reproduces_every_answer_byte_for_byte() {
    let ordner = tempfile::tempdir().unwrap();
    let speicher = ordner.path().join("sozialraum.gpkg");
    let toml = format!("bearbeiten_token = \"{BEARBEITEN}\"\n");
    let d = common::Dienst::mit_speicher(&toml, &speicher, tempfile::tempdir().unwrap());
    let neu = json!({"kategorie": "familienzentrum", "name": "Familienzentrum Süd", "lon": 8.47, "lat": 50.52, "gueltig_ab": "2024-01-01"});
    let (s, _, a) = senden(&d.url, "POST", "/api/angebote", Some(BEARBEITEN), &[], Some(neu));
    assert_eq!(s, 201, "{a}");
    let sicherung = ordner.path().join("sicherung.gpkg");
    let o = Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["sicherung", "--speicher"])
        .arg(&speicher)
        .arg("--aus")
        .arg(&sicherung)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("101 Angebote"), "{}", String::from_utf8_lossy(&o.stderr));
    let pfade = [
        "/api/angebote",
        "/api/abdeckung?kategorie=familienzentrum",
        "/api/entfernungen?kategorie=familienzentrum&stand=2023-12-31",
        "/api/karten/szenario.svg?kategorie=familienzentrum&plan=8.3,50.6",
        // (OGC items carry links with the address of the service, which differs here.)
        "/api/export/angebote.geojson",
    ];
    let vorher: Vec<(u16, Vec<u8>)> = pfade.iter().map(|p| d.get(p)).collect();
    // The download of the whole store (internal users): the same records as the backup.
    assert_eq!(d.get("/api/speicher.gpkg").0, 401);
    let herunter = ordner.path().join("herunter.gpkg");
    let st = Command::new("curl")
        .args(["-s", "-f", "-H", &format!("Authorization: Bearer {BEARBEITEN}"), "-o"])
        .arg(&herunter)
        .arg(format!("{}/api/speicher.gpkg", d.url))
        .status()
        .unwrap();
    assert!(st.success());
    let inhalt = |p: &std::path::Path| -> Vec<(String, i64)> {
        let c = rusqlite::Connection::open(p).unwrap();
        assert_eq!(c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
        c.prepare("SELECT id, version FROM angebote ORDER BY fid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(inhalt(&herunter), inhalt(&sicherung));
    drop(d);
    let d = common::Dienst::mit_speicher(&toml, &sicherung, tempfile::tempdir().unwrap());
    for (p, v) in pfade.iter().zip(&vorher) {
        assert_eq!(v.0, 200, "{p}");
        assert!(d.get(p) == *v, "{p}: die Sicherung antwortet anders");
    }
    let c = rusqlite::Connection::open(&sicherung).unwrap();
    assert_eq!(c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
}

/// SHA-256 of a text by the system's `sha256sum` (an implementation other than the service's).
fn sha256sum(t: &str) -> String {
    use std::io::Write;
    let mut p = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    p.stdin.take().unwrap().write_all(t.as_bytes()).unwrap();
    let aus = String::from_utf8(p.wait_with_output().unwrap().stdout).unwrap();
    aus.split_whitespace().next().unwrap().to_string()
}

#[test]
fn named_tokens_from_the_configuration_have_their_role_and_their_name_in_the_history() {
    let ordner = tempfile::tempdir().unwrap();
    let speicher = ordner.path().join("sozialraum.gpkg");
    let melden = "token-des-asd-nord-0123456789";
    let planung = "token-der-planung-9876543210";
    let toml = format!(
        "[[token]]\nname = \"ASD Nord\"\nrolle = \"melden\"\nhash = \"sha256:{}\"\n\n\
         [[token]]\nname = \"Jugendhilfeplanung\"\nrolle = \"bearbeiten\"\nhash = \"sha256:{}\"\n",
        sha256sum(melden),
        sha256sum(planung)
    );
    let d = common::Dienst::mit_speicher(&toml, &speicher, tempfile::tempdir().unwrap());
    let u = d.url.clone();
    // Both read the internal values (the history needs the internal mode).
    for t in [melden, planung] {
        let (s, _, v) = senden(&u, "GET", "/api/aenderungen?limit=1", Some(t), &[], None);
        assert_eq!(s, 200, "{v}");
    }
    let neu = json!({"kategorie": "erziehungsberatung", "name": "Beratung Test", "lon": 8.2905, "lat": 50.7503});
    let (s, _, v) = senden(&u, "POST", "/api/angebote", Some(melden), &[], Some(neu.clone()));
    assert_eq!(s, 403, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("„ASD Nord“ hat die Rolle „melden“"), "{v}");
    let (s, _, a) = senden(&u, "POST", "/api/angebote", Some(planung), &[], Some(neu));
    assert_eq!(s, 201, "{a}");
    let (_, _, v) =
        senden(&u, "GET", &format!("/api/aenderungen?objekt={}", a["id"].as_str().unwrap()), Some(planung), &[], None);
    assert_eq!(v["aenderungen"][0]["wer"], "Jugendhilfeplanung", "{v}");
    // A token that is not configured: 401, never the role of another.
    let (s, _, _) = senden(&u, "GET", "/api/aenderungen", Some("token-des-asd-nord-012345678"), &[], None);
    assert_eq!(s, 401);
}

#[test]
fn categories_are_added_changed_and_closed_only_when_no_offer_uses_them() {
    let ordner = tempfile::tempdir().unwrap();
    let toml = format!("bearbeiten_token = \"{BEARBEITEN}\"\n");
    let d = common::Dienst::mit_speicher(&toml, &ordner.path().join("s.gpkg"), tempfile::tempdir().unwrap());
    let u = d.url.clone();
    let neu = json!({"id": "mehrgenerationenhaus", "bezeichnung": "Mehrgenerationenhaus", "farbe": "#12AB9f"});
    let (s, _, _) = senden(&u, "POST", "/api/kategorien", None, &[], Some(neu.clone()));
    assert_eq!(s, 401);
    let (s, etag, k) = senden(&u, "POST", "/api/kategorien", Some(BEARBEITEN), &[], Some(neu.clone()));
    assert_eq!((s, etag.as_str()), (201, "\"1\""), "{k}");
    assert_eq!((k["farbe"].as_str(), k["symbol"].as_str()), (Some("#12ab9f"), Some("M")));
    let (s, _, _) = senden(&u, "POST", "/api/kategorien", Some(BEARBEITEN), &[], Some(neu));
    assert_eq!(s, 409);
    // Listed at once, and offers may use it.
    let (_, b) = d.get("/api/kategorien");
    let liste: Value = serde_json::from_slice(&b).unwrap();
    assert!(liste.as_array().unwrap().iter().any(|k| k["id"] == "mehrgenerationenhaus" && k["anzahl"] == 0), "{liste}");
    let (s, _, a) = senden(
        &u,
        "POST",
        "/api/angebote",
        Some(BEARBEITEN),
        &[],
        Some(
            json!({"kategorie": "mehrgenerationenhaus", "name": "MGH Herborn", "lon": 8.3, "lat": 50.68, "gueltig_ab": "2020-01-01"}),
        ),
    );
    assert_eq!(s, 201, "{a}");
    // Changes are checked and versioned.
    let (s, _, v) = senden(
        &u,
        "PATCH",
        "/api/kategorien/mehrgenerationenhaus",
        Some(BEARBEITEN),
        &[],
        Some(json!({"farbe": "grün"})),
    );
    assert_eq!(s, 400, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("#rrggbb"));
    let (s, etag, _) = senden(
        &u,
        "PATCH",
        "/api/kategorien/mehrgenerationenhaus",
        Some(BEARBEITEN),
        &["If-Match: \"1\""],
        Some(json!({"bezeichnung": "Mehrgenerationenhaus (MGH)"})),
    );
    assert_eq!((s, etag.as_str()), (200, "\"2\""));
    // Not closed while its offer is open on that day; closed once the offer is.
    let zu = json!({"datum": "2027-01-01"});
    let (s, _, v) =
        senden(&u, "POST", "/api/kategorien/mehrgenerationenhaus/schliessen", Some(BEARBEITEN), &[], Some(zu.clone()));
    assert_eq!(s, 409, "{v}");
    assert!(v["detail"].as_str().unwrap().contains(a["id"].as_str().unwrap()), "{v}");
    let pfad = format!("/api/angebote/{}/schliessen", a["id"].as_str().unwrap());
    let (s, _, _) = senden(&u, "POST", &pfad, Some(BEARBEITEN), &[], Some(zu.clone()));
    assert_eq!(s, 200);
    let (s, etag, k) =
        senden(&u, "POST", "/api/kategorien/mehrgenerationenhaus/schliessen", Some(BEARBEITEN), &[], Some(zu));
    assert_eq!((s, etag.as_str(), k["gueltig_bis"].as_str()), (200, "\"3\"", Some("2027-01-01")), "{k}");
    // Today it still exists; from 2027 on it does not.
    assert_eq!(d.get("/api/angebote?kategorie=mehrgenerationenhaus").0, 200);
    assert_eq!(d.get("/api/angebote?kategorie=mehrgenerationenhaus&stand=2027-01-01").0, 400);
    let (_, _, h) = senden(&u, "GET", "/api/aenderungen?objekt=mehrgenerationenhaus", Some(BEARBEITEN), &[], None);
    let arten: Vec<&str> = h["aenderungen"].as_array().unwrap().iter().map(|a| a["art"].as_str().unwrap()).collect();
    assert_eq!(arten, ["geschlossen", "geaendert", "angelegt"], "{h}");
    assert_eq!(h["aenderungen"][0]["objekt"], "kategorie");
}

#[test]
fn region_schemes_are_added_changed_and_closed_and_regions_follow_them() {
    let ordner = tempfile::tempdir().unwrap();
    let toml = format!("bearbeiten_token = \"{BEARBEITEN}\"\n");
    let d = common::Dienst::mit_speicher(&toml, &ordner.path().join("s.gpkg"), tempfile::tempdir().unwrap());
    let u = d.url.clone();
    let kommunen = common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/kommunen.csv"));
    // North: AGS up to …012, south the rest, Wetzlar (own youth office) in none.
    let region = |ags: &str| match ags {
        "06532023" => "",
        a if a <= "06532012" => "Nord",
        _ => "Süd",
    };
    let zuordnung: serde_json::Map<String, Value> =
        kommunen.iter().map(|k| (k["ags"].clone(), json!(region(&k["ags"])))).collect();
    let mut ohne_eine = zuordnung.clone();
    ohne_eine.remove("06532005");
    let (s, _, v) = senden(
        &u,
        "POST",
        "/api/regionsschemata",
        Some(BEARBEITEN),
        &[],
        Some(json!({"id": "zwei-haelften", "bezeichnung": "Zwei Hälften", "zuordnung": ohne_eine})),
    );
    assert_eq!(s, 400, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("es fehlen Dietzhölztal"), "{v}");
    let (s, etag, v) = senden(
        &u,
        "POST",
        "/api/regionsschemata",
        Some(BEARBEITEN),
        &[],
        Some(json!({"id": "zwei-haelften", "bezeichnung": "Zwei Hälften", "zuordnung": zuordnung})),
    );
    assert_eq!((s, etag.as_str()), (201, "\"1\""), "{v}");
    // The regions and their members, at once.
    let mitglieder = |schema: &str| -> Vec<(String, Vec<String>)> {
        let (s, b) = d.get(&format!("/api/regionen?schema={schema}"));
        assert_eq!(s, 200);
        let v: Value = serde_json::from_slice(&b).unwrap();
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let m =
                    f["properties"]["mitglieder"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string());
                (f["properties"]["region"].as_str().unwrap().to_string(), m.collect())
            })
            .collect()
    };
    let erwartet = |r: &dyn Fn(&str) -> &'static str| -> Vec<(String, Vec<String>)> {
        ["Nord", "Süd"]
            .iter()
            .map(|n| {
                (n.to_string(), kommunen.iter().filter(|k| r(&k["ags"]) == *n).map(|k| k["ags"].clone()).collect())
            })
            .collect()
    };
    assert_eq!(mitglieder("zwei-haelften"), erwartet(&region));
    // A region's value of an indicator: the mean weighted by inhabitants, from the files.
    let werte: HashMap<String, f64> =
        common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/indikatorwerte.csv"))
            .into_iter()
            .filter(|z| z["indikator"] == "kinderarmut" && z["jahr"] == "2022")
            .map(|z| (z["ags"].clone(), z["wert"].parse().unwrap()))
            .collect();
    let (_, b) = d.get("/api/indikatoren/kinderarmut?jahr=2022&ebene=region&schema=zwei-haelften");
    let karte: Value = serde_json::from_slice(&b).unwrap();
    for name in ["Nord", "Süd"] {
        let (mut summe, mut gewicht) = (0.0, 0.0);
        for k in kommunen.iter().filter(|k| region(&k["ags"]) == name) {
            let ew: f64 = k["einwohner"].parse().unwrap();
            summe += werte[&k["ags"]] * ew;
            gewicht += ew;
        }
        let f = karte["features"].as_array().unwrap().iter().find(|f| f["properties"]["name"] == name).unwrap();
        assert!((f["properties"]["wert"].as_f64().unwrap() - summe / gewicht).abs() < 1e-3, "{name}");
    }
    // One Kommune moves (Sinn, 06532019, to the north).
    let (s, etag, _) = senden(
        &u,
        "PATCH",
        "/api/regionsschemata/zwei-haelften",
        Some(BEARBEITEN),
        &["If-Match: \"1\""],
        Some(json!({"zuordnung": {"06532019": "Nord"}})),
    );
    assert_eq!((s, etag.as_str()), (200, "\"2\""));
    let verschoben = |a: &str| if a == "06532019" { "Nord" } else { region(a) };
    assert_eq!(mitglieder("zwei-haelften"), erwartet(&verschoben));
    let (s, _, _) = senden(
        &u,
        "PATCH",
        "/api/regionsschemata/zwei-haelften",
        Some(BEARBEITEN),
        &[],
        Some(json!({"zuordnung": {"06531001": "Nord"}})),
    );
    assert_eq!(s, 400);
    // Closed while another scheme is in use; the last one in use is not closed.
    let zu = json!({"datum": "2027-01-01"});
    let (s, _, _) =
        senden(&u, "POST", "/api/regionsschemata/zwei-haelften/schliessen", Some(BEARBEITEN), &[], Some(zu.clone()));
    assert_eq!(s, 200);
    let (s, _, v) = senden(&u, "POST", "/api/regionsschemata/beispiel/schliessen", Some(BEARBEITEN), &[], Some(zu));
    assert_eq!(s, 409, "{v}");
    // From that day on the scheme is gone from the answers (maps of that day).
    let pfad = "/api/indikatoren/kinderarmut?jahr=2022&ebene=region&schema=zwei-haelften";
    assert_eq!(d.get(pfad).0, 200);
    let (s, b) = d.get(&format!("{pfad}&stand=2027-01-01"));
    assert_eq!(s, 400);
    assert!(String::from_utf8_lossy(&b).contains("zwei-haelften"), "{}", String::from_utf8_lossy(&b));
}

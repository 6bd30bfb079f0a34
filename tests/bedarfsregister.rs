//! The needs register of the Sozialraumkonferenzen: planners enter needs and take them through
//! their steps (each with a day and a reason); everyone reads the list per Kommune and the map
//! by status. Which Kommunen a region's need concerns is read here from regionen.csv.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::anfrage as senden;
use serde_json::{Value, json};

const BEARBEITEN: &str = "bearbeiten-token-register-2468";
const MELDEN: &str = "melden-token-register-1357";

fn dienst() -> common::Dienst {
    common::Dienst::mit_konfiguration(&format!(
        "bearbeiten_token = \"{BEARBEITEN}\"\n\n[[token]]\nname = \"ASD Süd\"\nrolle = \"melden\"\ntoken = \"{MELDEN}\"\n"
    ))
}

fn region(name: &str) -> Vec<String> {
    common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/regionen.csv"))
        .into_iter()
        .filter(|z| z["schema"] == "beispiel" && z["region"] == name)
        .map(|z| z["ags"].clone())
        .collect()
}

fn neu(titel: &str, gebiet: &str) -> Value {
    json!({"titel": titel, "gebiet": gebiet, "kategorie": "familienzentrum", "konferenz": "Sozialraumkonferenz Herborn", "datum": "2025-11-12"})
}

#[test]
fn a_need_goes_through_its_steps_with_day_and_reason() {
    let d = dienst();
    let u = &d.url;
    assert_eq!(senden(u, "POST", "/api/bedarfe", None, &[], Some(neu("Treff", "06532012"))).0, 401);
    assert_eq!(senden(u, "POST", "/api/bedarfe", Some(MELDEN), &[], Some(neu("Treff", "06532012"))).0, 403);
    for (feld, wert, teil) in [
        ("gebiet", json!("06532099"), "weder eine Kommune"),
        ("kategorie", json!("bolzplatz"), "keine Angebotskategorie"),
        ("datum", json!("2099-01-01"), "Zukunft"),
        ("titel", json!(""), "nicht leer"),
    ] {
        let mut b = neu("Treff", "06532012");
        b[feld] = wert;
        let (s, _, v) = senden(u, "POST", "/api/bedarfe", Some(BEARBEITEN), &[], Some(b));
        assert_eq!(s, 400, "{feld}: {v}");
        assert!(v["detail"].as_str().unwrap().contains(teil), "{feld}: {v}");
    }
    let (s, _, v) = senden(u, "POST", "/api/bedarfe", Some(BEARBEITEN), &[], Some(json!({"titel": "Treff"})));
    assert_eq!(s, 400);
    assert!(v["detail"].as_str().unwrap().contains("gebiet, kategorie, konferenz und datum"), "{v}");
    let (s, etag, b) = senden(
        u,
        "POST",
        "/api/bedarfe",
        Some(BEARBEITEN),
        &[],
        Some(neu("Offener Treff für Alleinerziehende", "06532012")),
    );
    assert_eq!((s, etag.as_str()), (201, "\"1\""), "{b}");
    assert_eq!(
        (b["status"].as_str(), b["naechste"].clone()),
        (Some("eingebracht"), json!(["geprueft", "nicht_umgesetzt"]))
    );
    let id = b["id"].as_str().unwrap().to_string();
    let pfad = format!("/api/bedarfe/{id}/status");
    let schritt = |status: &str, datum: &str, grund: &str, version: &str| {
        let k = format!("If-Match: \"{version}\"");
        senden(
            u,
            "POST",
            &pfad,
            Some(BEARBEITEN),
            &[k.as_str()],
            Some(json!({"status": status, "datum": datum, "grund": grund})),
        )
    };
    // Steps follow their order, each with a reason and a day not before the last one.
    let (s, _, v) = schritt("in_planung", "2025-11-20", "Haushalt 2026", "1");
    assert_eq!(s, 400, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("möglich: geprueft, nicht_umgesetzt"), "{v}");
    assert_eq!(schritt("geprueft", "2025-11-20", "", "1").0, 400);
    let (s, _, v) = schritt("geprueft", "2025-11-20", "ok", "1");
    assert!(s == 400 && v["detail"].as_str().unwrap().contains("zu kurz"), "{v}");
    let (s, _, v) = schritt("erledigt", "2025-11-20", "Im JHA bestätigt", "1");
    assert!(s == 400 && v["detail"].as_str().unwrap().contains("unbekannt"), "{v}");
    assert_eq!(schritt("geprueft", "2025-11-01", "Im JHA bestätigt", "1").0, 400);
    assert_eq!(schritt("geprueft", "2025-11-20", "Im JHA bestätigt", "7").0, 412);
    let (s, etag, v) = schritt("geprueft", "2025-11-20", "Im Jugendhilfeausschuss bestätigt", "1");
    assert_eq!((s, etag.as_str(), v["status_text"].as_str()), (200, "\"2\"", Some("geprüft")), "{v}");
    let (s, _, _) = schritt("in_planung", "2025-12-01", "Mittel im Haushalt 2026 eingeplant", "2");
    assert_eq!(s, 200);
    // The conference day cannot move behind a later step; moved before it, the first step
    // moves along.
    let (s, _, v) =
        senden(u, "PATCH", &format!("/api/bedarfe/{id}"), Some(BEARBEITEN), &[], Some(json!({"datum": "2025-11-25"})));
    assert!(s == 400 && v["detail"].as_str().unwrap().contains("geprüft"), "{v}");
    let (s, _, v) =
        senden(u, "PATCH", &format!("/api/bedarfe/{id}"), Some(BEARBEITEN), &[], Some(json!({"datum": "2025-11-10"})));
    assert_eq!((s, v["verlauf"][0]["datum"].as_str()), (200, Some("2025-11-10")), "{v}");
    // The offer that answers it is linked; an unknown one is refused.
    let (s, _, v) = senden(
        u,
        "PATCH",
        &format!("/api/bedarfe/{id}"),
        Some(BEARBEITEN),
        &[],
        Some(json!({"angebote": ["gibt-es-nicht"]})),
    );
    assert_eq!(s, 400, "{v}");
    let angebote = common::csv_zeilen(&common::wurzel().join("geodata/lahn-dill/angebote.csv"));
    let fz = angebote.iter().find(|a| a["kategorie"] == "familienzentrum").unwrap();
    let (s, etag, v) = senden(
        u,
        "PATCH",
        &format!("/api/bedarfe/{id}"),
        Some(BEARBEITEN),
        &["If-Match: \"4\""],
        Some(json!({"angebote": [fz["id"]], "szenarien": ["/#ansicht=szenario"]})),
    );
    assert_eq!((s, etag.as_str()), (200, "\"5\""), "{v}");
    assert_eq!(v["angebote"][0]["name"].as_str(), Some(fz["name"].as_str()));
    assert_eq!(
        senden(
            u,
            "PATCH",
            &format!("/api/bedarfe/{id}"),
            Some(BEARBEITEN),
            &[],
            Some(json!({"szenarien": ["https://example.org"]}))
        )
        .0,
        400
    );
    let (s, _, v) = schritt("umgesetzt", "2025-12-15", "Familienzentrum eröffnet", "5");
    assert_eq!((s, v["verlauf"].as_array().unwrap().len()), (200, 4), "{v}");
    let (s, _, v) = schritt("nicht_umgesetzt", "2025-12-16", "doch nicht", "6");
    assert_eq!(s, 400);
    assert!(v["detail"].as_str().unwrap().contains("abgeschlossen"), "{v}");
    // The public record: every step with day and reason, and nobody's name.
    let (s, _, v) = senden(u, "GET", &format!("/api/bedarfe/{id}"), None, &[], None);
    assert_eq!(s, 200);
    let tage: Vec<&str> = v["verlauf"].as_array().unwrap().iter().map(|x| x["datum"].as_str().unwrap()).collect();
    assert_eq!(tage, ["2025-11-10", "2025-11-20", "2025-12-01", "2025-12-15"]);
    assert!(!v.to_string().contains("Bearbeitung"), "{v}");
    // The history keeps who did each change (internal).
    let (_, _, h) = senden(u, "GET", &format!("/api/aenderungen?objekt={id}"), Some(BEARBEITEN), &[], None);
    let e = h["aenderungen"].as_array().unwrap();
    assert_eq!(e.len(), 6, "{h}");
    assert!(e.iter().all(|x| x["wer"] == "Bearbeitung" && x["objekt"] == "bedarf"));
    assert_eq!(e[0]["kommentar"], "Schritt: umgesetzt");
}

#[test]
fn the_list_per_kommune_and_the_map_count_a_regions_need_in_each_of_its_kommunen() {
    let d = dienst();
    let u = &d.url;
    let nordost = region("Nord-Ost");
    assert!(nordost.len() > 2);
    let herborn = "06532012";
    for (titel, gebiet) in [
        ("Treff Herborn", herborn),
        ("Hebammensprechstunde", "beispiel-nord-ost"),
        ("Spielgruppe", nordost[0].as_str()),
    ] {
        let (s, _, v) = senden(u, "POST", "/api/bedarfe", Some(BEARBEITEN), &[], Some(neu(titel, gebiet)));
        assert_eq!(s, 201, "{v}");
    }
    let (_, _, v) = senden(
        u,
        "POST",
        "/api/bedarfe/b-3/status",
        Some(BEARBEITEN),
        &[],
        Some(
            json!({"status": "nicht_umgesetzt", "datum": "2025-12-01", "grund": "Angebot der Kirchengemeinde deckt den Bedarf"}),
        ),
    );
    assert_eq!(v["status"], "nicht_umgesetzt");
    let liste = |ags: &str| {
        let (s, _, v) = senden(u, "GET", &format!("/api/bedarfe?ags={ags}"), None, &[], None);
        assert_eq!(s, 200, "{v}");
        v["bedarfe"].as_array().unwrap().iter().map(|b| b["titel"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    let (_, _, karte) = senden(u, "GET", "/api/bedarfe/karte", None, &[], None);
    let features = karte["features"].as_array().unwrap();
    assert_eq!(features.len(), 23);
    for f in features {
        let ags = f["id"].as_str().unwrap();
        let mut soll: Vec<&str> = Vec::new();
        if nordost.iter().any(|a| a == ags) {
            soll.push("Hebammensprechstunde");
        }
        if ags == herborn {
            soll.push("Treff Herborn");
        }
        if ags == nordost[0] {
            soll.push("Spielgruppe");
        }
        let mut ist = liste(ags);
        ist.sort();
        soll.sort();
        assert_eq!(ist, soll, "{ags}");
        let p = &f["properties"];
        let abgelehnt = usize::from(ags == nordost[0]);
        assert_eq!(p["gesamt"].as_u64(), Some(soll.len() as u64), "{ags}");
        assert_eq!(p["nach_status"]["nicht_umgesetzt"].as_u64(), Some(abgelehnt as u64), "{ags}");
        assert_eq!(p["offen"].as_u64(), Some((soll.len() - abgelehnt) as u64), "{ags}");
    }
    let (s, _, v) = senden(u, "GET", "/api/bedarfe?status=nicht_umgesetzt", None, &[], None);
    assert_eq!((s, v["anzahl"].as_u64()), (200, Some(1)), "{v}");
    assert_eq!(senden(u, "GET", "/api/bedarfe?ags=06532099", None, &[], None).0, 404);
    assert_eq!(senden(u, "GET", "/api/bedarfe/b-99", None, &[], None).0, 404);
}

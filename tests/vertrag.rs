//! The OpenAPI document at `/api` as a contract: Schemathesis (from PyPI) generates requests
//! from it — valid ones, which must be answered with success (or 404 for a year without
//! values), and invalid ones, which must be refused — and checks every answer's status code,
//! media type and headers against the document. Rules between parameters that OpenAPI 3.0
//! cannot state are in `tests/vertrag/regeln.py`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

#[test]
fn the_service_keeps_its_openapi_contract_with_zero_failures() {
    pruefen(&common::Dienst::starten(), 32, 50);
}

/// The same on the test area north of Bayreuth with a path and road network: the network's
/// parameters (mass, minuten, einheit) and the catchment areas.
#[test]
fn the_service_on_a_network_keeps_its_openapi_contract_with_zero_failures() {
    let gebiet = common::wurzel().join("geodata/testgebiet-bayreuth");
    let d = common::Dienst::mit_konfiguration(&format!("daten = {:?}\n", gebiet.display().to_string()));
    let o = Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["import", "netz", "--von"])
        .arg(gebiet.join("north-bayreuth.osm.pbf"))
        .arg("--daten")
        .arg(&gebiet)
        .arg("--speicher")
        .arg(&d.speicher)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    pruefen(&d, 33, 25);
}

/// Runs Schemathesis against the service: every operation (`operationen`), no failure.
fn pruefen(d: &common::Dienst, operationen: usize, beispiele: usize) {
    let st = common::wurzel().join(".cache/schemathesis-venv/bin/st");
    assert!(st.exists(), "{} fehlt – make test richtet die Schemathesis-Umgebung ein", st.display());
    let arbeit = tempfile::tempdir().unwrap();
    let o = Command::new(&st)
        .arg("--config-file")
        .arg(common::wurzel().join("tests/vertrag/schemathesis.toml"))
        .args(["run", &format!("{}/api", d.url), "--checks", "all", "--max-examples", &beispiele.to_string()])
        .args(["--generation-deterministic", "--request-timeout", "120", "--no-color"])
        // The hooks drop cases that break rules between parameters (regeln.py); for the maps,
        // with 21 optional parameters of which each kind of map takes a third, that is most of
        // them, by design.
        .args(["--suppress-health-check", "filter_too_much"])
        // Editing and reporting change the store and the history needs a token: their routes
        // have their own tests (tests/bearbeiten.rs, tests/bedarfsmeldungen.rs, …).
        .args(["--exclude-tag", "Bearbeiten", "--exclude-tag", "Melden", "--exclude-tag", "Verlauf"])
        .env("SCHEMATHESIS_HOOKS", "regeln")
        .env("PYTHONPATH", common::wurzel().join("tests/vertrag"))
        .env("SOZIALRAUM_URL", &d.url)
        .current_dir(arbeit.path())
        .output()
        .unwrap();
    let ausgabe = String::from_utf8_lossy(&o.stdout);
    let zusammenfassung: Vec<&str> =
        ausgabe.lines().filter(|z| z.contains("generated") || z.contains("passed")).collect();
    eprintln!("Schemathesis: {}", zusammenfassung.join(" | "));
    assert!(o.status.success(), "Schemathesis meldet Fehler:\n{ausgabe}\n{}", String::from_utf8_lossy(&o.stderr));
    // It really tested: every operation, and thousands of requests.
    assert!(ausgabe.contains(&format!("Tested: {operationen}")), "{ausgabe}");
    let erzeugt: usize = ausgabe
        .lines()
        .find_map(|z| z.trim().strip_suffix("passed").and_then(|r| r.split_whitespace().next()?.parse().ok()))
        .unwrap_or(0);
    assert!(erzeugt > 1000, "nur {erzeugt} Anfragen: {ausgabe}");
}

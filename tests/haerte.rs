//! The real service under hostile and careless traffic: half-sent requests, floods of idle
//! connections, many large renderings at once, shutdown with requests in flight, files that are
//! not part of the page, forged `Host` headers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::Dienst;

fn status(roh: &[u8]) -> u16 {
    String::from_utf8_lossy(roh).split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

fn kopfzeile(roh: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(roh);
    let kopf = text.split("\r\n\r\n").next().unwrap_or("");
    kopf.lines()
        .find(|z| z.to_ascii_lowercase().starts_with(&format!("{}:", name.to_ascii_lowercase())))
        .map(|z| z.split_once(':').unwrap().1.trim().to_string())
}

fn koerper(roh: &[u8]) -> Vec<u8> {
    let ende = roh.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    roh[ende + 4..].to_vec()
}

/// A GET on a thread of its own; the raw answer when the server closes.
fn im_hintergrund(adresse: &str, pfad: &str) -> std::thread::JoinHandle<Vec<u8>> {
    let (a, pfad) = (adresse.to_string(), pfad.to_string());
    std::thread::spawn(move || {
        let mut s = TcpStream::connect(&a).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(180))).unwrap();
        write!(s, "GET {pfad} HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n").unwrap();
        let mut roh = Vec::new();
        s.read_to_end(&mut roh).unwrap();
        roh
    })
}

#[test]
fn a_half_sent_request_is_closed_after_the_header_deadline() {
    let d = Dienst::mit_konfiguration("[server]\nkopf_sekunden = 1\n");
    let mut s = TcpStream::connect(d.adresse()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Langsam: ").unwrap();
    let start = Instant::now();
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    let dauer = start.elapsed();
    eprintln!("halb gesendete Anfrage nach {dauer:?} geschlossen (Kopf-Zeitlimit 1 s)");
    assert!(dauer < Duration::from_secs(5), "Verbindung erst nach {dauer:?} geschlossen");
    assert!(dauer >= Duration::from_millis(900), "zu früh geschlossen: {dauer:?}");
}

#[test]
fn a_flood_of_idle_connections_neither_exhausts_file_handles_nor_blocks_the_health_check() {
    // The header deadline is long: the idle connections would hold their places for 30 s each.
    let d = Dienst::mit_konfiguration("[server]\nmax_verbindungen = 20\nkopf_sekunden = 30\n");
    let vorher = d.offene_dateien();
    let leerlauf: Vec<TcpStream> = (0..300).map(|_| TcpStream::connect(d.adresse()).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let waehrend = d.offene_dateien();
    // At most the places plus the slack of connections asked to close (an eighth).
    assert!(
        waehrend <= vorher + 20 + 2 + 3,
        "{waehrend} offene Dateien bei 300 Leerlaufverbindungen (vorher {vorher})"
    );
    let start = Instant::now();
    let (s, body) = d.get("/api/health");
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&body));
    eprintln!(
        "300 Leerlaufverbindungen: {waehrend} offene Dateien (vorher {vorher}, Grenze 20 Verbindungen, Kopf-Zeitlimit 30 s); /api/health nach {:?}",
        start.elapsed()
    );
    // A new client makes the oldest idle connection close instead of queueing behind 280 others.
    assert!(start.elapsed() < Duration::from_secs(2), "Gesundheitsprüfung dauerte {:?}", start.elapsed());
    drop(leerlauf);
}

#[test]
fn sigterm_lets_running_requests_finish_and_the_service_ends_cleanly() {
    let mut d = Dienst::starten();
    let laeufer: Vec<_> = (0..8).map(|_| im_hintergrund(d.adresse(), "/api/karten/kinderarmut.png?dpi=200")).collect();
    std::thread::sleep(Duration::from_millis(400));
    let ende = d.beenden();
    assert!(ende.success(), "Dienst endete mit {ende}");
    for l in laeufer {
        let roh = l.join().unwrap();
        assert_eq!(status(&roh), 200, "{}", String::from_utf8_lossy(&roh[..roh.len().min(300)]));
        let png = koerper(&roh);
        assert_eq!(&png[1..4], b"PNG");
        assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND", "PNG abgeschnitten ({} Bytes)", png.len());
    }
}

#[test]
fn many_large_renderings_at_once_stay_within_bounded_memory() {
    let d = Dienst::starten();
    let laeufer: Vec<_> =
        (0..8).map(|_| im_hintergrund(d.adresse(), "/api/karten/kinderarmut.png?format=A3&dpi=300")).collect();
    let mut fertig = 0;
    for l in laeufer {
        let roh = l.join().unwrap();
        match status(&roh) {
            200 => fertig += 1,
            503 => assert!(kopfzeile(&roh, "retry-after").is_some(), "503 ohne Retry-After"),
            s => panic!("Status {s}: {}", String::from_utf8_lossy(&roh[..roh.len().min(400)])),
        }
    }
    assert!(fertig >= 2, "nur {fertig} von 8 Karten gezeichnet");
    // One A3 page at 300 dpi is 4961 × 3508 pixels (70 MB); 8 at once would pass 800 MB.
    let spitze_mb = d.speicher_kb("VmHWM") / 1024;
    eprintln!("8 gleichzeitige A3-Karten mit 300 dpi: {fertig} gezeichnet, Spitzenspeicher {spitze_mb} MB");
    assert!(spitze_mb < 600, "Spitzenspeicher {spitze_mb} MB");
}

#[test]
fn only_the_pages_own_files_are_served() {
    let d = Dienst::starten();
    for ok in [
        "/app.js",
        "/style.css",
        "/js/api.js",
        "/node_modules/leaflet/dist/leaflet.js",
        "/node_modules/leaflet/dist/leaflet.css",
    ] {
        assert_eq!(d.get(ok).0, 200, "{ok}");
    }
    for verboten in [
        "/package.json",
        "/package-lock.json",
        "/tests/seite.test.mjs",
        "/tests/hilfen.mjs",
        "/node_modules/playwright-core/package.json",
        "/node_modules/leaflet/package.json",
        "/node_modules/.package-lock.json",
        "/js/../package.json",
        "/js/%2e%2e/package.json",
        "/.gitignore",
        "/js/.hidden.js",
    ] {
        let (s, body) = d.get(verboten);
        assert_eq!(s, 404, "{verboten}");
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["title"], "Nicht gefunden", "{verboten}");
    }
}

#[test]
fn a_forged_host_header_never_reaches_links_or_the_html_page() {
    let d = Dienst::starten();
    let boese = "evil.example\"><script>alert(1)</script>";
    let roh = d.roh(format!("GET /?f=html HTTP/1.1\r\nHost: {boese}\r\nConnection: close\r\n\r\n").as_bytes());
    assert_eq!(status(&roh), 200);
    let html = String::from_utf8_lossy(&koerper(&roh)).to_string();
    assert!(!html.contains("<script>alert"), "{html}");
    let roh = d.roh(format!("GET /?f=json HTTP/1.1\r\nHost: {boese}\r\nConnection: close\r\n\r\n").as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&koerper(&roh)).unwrap();
    // Links fall back to the address the service listens on (with its port).
    for l in v["links"].as_array().unwrap() {
        assert!(l["href"].as_str().unwrap().starts_with(&format!("{}/", d.url)), "{l}");
    }
}

#[test]
fn links_use_the_configured_public_url() {
    let d = Dienst::mit_konfiguration("oeffentliche_url = \"https://karten.example.de/sozialraum\"\n");
    let (_, body) = d.get("/collections/kommunen/items?limit=5");
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let links = v["links"].as_array().unwrap();
    assert!(!links.is_empty());
    for l in links {
        assert!(
            l["href"].as_str().unwrap().starts_with("https://karten.example.de/sozialraum/collections/kommunen"),
            "{l}"
        );
    }
}

#[test]
fn get_answers_carry_cors_headers_unless_switched_off() {
    let an = Dienst::starten();
    let roh = an.roh(
        format!(
            "GET /api/kommunen HTTP/1.1\r\nHost: {}\r\nOrigin: https://gis.example.de\r\nConnection: close\r\n\r\n",
            an.adresse()
        )
        .as_bytes(),
    );
    assert_eq!(kopfzeile(&roh, "access-control-allow-origin").as_deref(), Some("*"));
    let aus = Dienst::mit_konfiguration("cors = false\n");
    let roh = aus.roh(
        format!(
            "GET /api/kommunen HTTP/1.1\r\nHost: {}\r\nOrigin: https://gis.example.de\r\nConnection: close\r\n\r\n",
            aus.adresse()
        )
        .as_bytes(),
    );
    assert_eq!(status(&roh), 200);
    assert_eq!(kopfzeile(&roh, "access-control-allow-origin"), None);
}

#[test]
fn overlong_urls_and_headers_get_german_problems() {
    let d = Dienst::starten();
    let lang = "a".repeat(20_000);
    let roh = d.roh(format!("GET /api/kommunen?x={lang} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").as_bytes());
    assert_eq!(status(&roh), 414);
    assert_eq!(kopfzeile(&roh, "content-type").as_deref(), Some("application/problem+json"));
    assert!(String::from_utf8_lossy(&koerper(&roh)).contains("Adresse der Anfrage"));
    let roh = d.roh(
        format!(
            "GET /api/kommunen HTTP/1.1\r\nHost: h\r\nX-Gross: {}\r\nConnection: close\r\n\r\n",
            "b".repeat(40_000)
        )
        .as_bytes(),
    );
    assert_eq!(status(&roh), 431);
    assert!(String::from_utf8_lossy(&koerper(&roh)).contains("Kopfzeilen"));
}

#[test]
fn a_blank_token_stops_the_start_with_a_clear_message() {
    let aus = std::process::Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["serve", "--adresse", "127.0.0.1:0"])
        .env("SOZIALRAUM_TOKEN", "  ")
        .output()
        .unwrap();
    assert!(!aus.status.success());
    let text = String::from_utf8_lossy(&aus.stderr);
    assert!(text.contains("gesetzt, aber leer"), "{text}");
}

#[test]
fn the_token_never_appears_in_the_log() {
    use std::io::BufRead;
    let geheim = "geheimes-token-fuer-den-test-4711";
    let mut kind = std::process::Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["serve", "--adresse", "127.0.0.1:0", "--web"])
        .arg(common::wurzel().join("web"))
        .env("SOZIALRAUM_SPEICHER", std::env::temp_dir().join(format!("sozialraum-haerte-{}.gpkg", std::process::id())))
        .env("SOZIALRAUM_TOKEN", geheim)
        .env("RUST_LOG", "trace")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut zeilen = std::io::BufReader::new(kind.stderr.take().unwrap()).lines();
    let mut log = Vec::new();
    let url = loop {
        let z = zeilen.next().unwrap().unwrap();
        log.push(z.clone());
        if let Some(i) = z.find("läuft auf http://") {
            break z[i + "läuft auf http://".len()..].split_whitespace().next().unwrap().to_string();
        }
    };
    let mut s = TcpStream::connect(&url).unwrap();
    write!(s, "GET /api/health HTTP/1.1\r\nHost: {url}\r\nAuthorization: Bearer {geheim}\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut roh = Vec::new();
    s.read_to_end(&mut roh).unwrap();
    assert_eq!(status(&roh), 200);
    let _ = std::process::Command::new("kill").args(["-TERM", &kind.id().to_string()]).status();
    for z in zeilen {
        log.push(z.unwrap());
    }
    let _ = kind.wait();
    assert!(log.len() > 3);
    assert!(!log.iter().any(|z| z.contains(geheim)), "Token im Log");
}

#[test]
fn a_full_disk_never_destroys_the_previous_export() {
    // A real full disk: a 256 KiB tmpfs (needs root, as on the project's machines and CI).
    let ich = std::process::Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&ich.stdout).trim() != "0" {
        eprintln!("übersprungen: tmpfs einhängen braucht root");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(d.path())
        .status()
        .unwrap();
    assert!(ok.success(), "tmpfs nicht einhängbar");
    let ziel = d.path().join("karte.png");
    std::fs::write(&ziel, b"die Karte der letzten Sitzung").unwrap();
    let speicherordner = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["karte", "kinderarmut.png", "-p", "dpi=300", "-p", "format=A3", "--aus"])
        .arg(&ziel)
        .arg("--speicher")
        .arg(speicherordner.path().join("s.gpkg"))
        .output()
        .unwrap();
    let vorher = std::fs::read(&ziel).unwrap();
    let dateien: Vec<_> = std::fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    let _ = std::process::Command::new("umount").arg(d.path()).status();
    assert!(!o.status.success(), "eine A3-Karte mit 300 dpi passt nicht auf 256 KiB");
    let meldung = String::from_utf8_lossy(&o.stderr);
    assert!(meldung.contains("karte.png"), "{meldung}");
    assert_eq!(vorher, b"die Karte der letzten Sitzung");
    assert_eq!(dateien.len(), 1, "übrig: {dateien:?}");
}

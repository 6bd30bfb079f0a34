//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use sozialraum::Atlas;
use sozialraum::io::{DATEIEN, Datenquelle};
use tower::ServiceExt;

/// The embedded Lahn-Dill atlas, loaded once per test binary.
pub fn atlas() -> Arc<Atlas> {
    static A: OnceLock<Arc<Atlas>> = OnceLock::new();
    A.get_or_init(|| Arc::new(Atlas::laden(Datenquelle::Eingebettet).expect("embedded data loads"))).clone()
}

/// The repository root.
pub fn wurzel() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The raw open data the embedded data set is built from (`geodata/raw`, in the repository).
pub fn rohdaten() -> PathBuf {
    let p = wurzel().join("geodata/raw");
    assert!(p.is_dir(), "geodata/raw fehlt im Projekt: {}", p.display());
    p
}

/// A temporary copy of the embedded data set, to be broken by a test.
pub fn datenkopie() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for name in DATEIEN {
        std::fs::copy(wurzel().join("geodata/lahn-dill").join(name), d.path().join(name)).unwrap();
    }
    d
}

/// Reads a file of a data directory as text.
pub fn lesen(d: &Path, name: &str) -> String {
    std::fs::read_to_string(d.join(name)).unwrap()
}

/// Writes a file of a data directory.
pub fn schreiben(d: &Path, name: &str, inhalt: impl AsRef<[u8]>) {
    std::fs::write(d.join(name), inhalt).unwrap();
}

/// Replaces `alt` (which must occur) by `neu` in a file of a data directory.
pub fn ersetzen(d: &Path, name: &str, alt: &str, neu: &str) {
    let t = lesen(d, name);
    assert!(t.contains(alt), "{alt:?} not in {name}");
    schreiben(d, name, t.replacen(alt, neu, 1));
}

/// Parses a simple CSV (no quoted commas needed by the callers) into header-keyed rows.
pub fn csv_zeilen(pfad: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(pfad).unwrap();
    let kopf: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records().map(|rec| kopf.iter().cloned().zip(rec.unwrap().iter().map(String::from)).collect()).collect()
}

/// Runs PROJ's command-line tool `cs2cs` on one point; returns the first two output numbers.
pub fn cs2cs(von: &str, nach: &str, a: f64, b: f64) -> (f64, f64) {
    let mut kind = std::process::Command::new("cs2cs")
        .args(["-f", "%.6f", von, nach])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("cs2cs (proj-bin) ist installiert – make test richtet es ein");
    use std::io::Write;
    writeln!(kind.stdin.take().unwrap(), "{a} {b}").unwrap();
    let aus = kind.wait_with_output().unwrap();
    let text = String::from_utf8(aus.stdout).unwrap();
    let v: Vec<f64> = text.split_whitespace().take(2).map(|s| s.parse().unwrap()).collect();
    (v[0], v[1])
}

/// Sends one request to an app and returns status, content type and the body as JSON (a
/// non-JSON body becomes a JSON string).
pub async fn senden(app: axum::Router, anfrage: Request<Body>) -> (StatusCode, String, Value) {
    let antwort = app.oneshot(anfrage).await.unwrap();
    let status = antwort.status();
    let typ = antwort.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = antwort.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, typ, json)
}

/// The app on the embedded atlas with default settings (the state is prepared once).
pub fn app() -> axum::Router {
    static Z: OnceLock<sozialraum::http::Zustand> = OnceLock::new();
    let z = Z.get_or_init(|| sozialraum::http::Zustand::neu(atlas())).clone();
    sozialraum::http::app(z, wurzel().join("web"))
}

/// GET on the default app.
pub async fn abrufen(uri: &str) -> (StatusCode, String, Value) {
    senden(app(), Request::get(uri).body(Body::empty()).unwrap()).await
}

/// GET on the default app that must answer 200.
pub async fn ok(uri: &str) -> Value {
    let (s, _, v) = abrufen(uri).await;
    assert_eq!(s, StatusCode::OK, "{uri}: {v}");
    v
}

/// The real service (`sozialraum serve`) on a loopback port the OS picks; stopped on drop.
pub struct Dienst {
    kind: std::process::Child,
    /// The service's own store, removed with it.
    _speicher: tempfile::TempDir,
    /// The file of the store.
    pub speicher: PathBuf,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Every line the service wrote to its log (stderr).
    protokoll: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Dienst {
    pub fn starten() -> Dienst {
        Self::mit_konfiguration("")
    }

    /// The service with a configuration file of the given TOML text.
    pub fn mit_konfiguration(toml: &str) -> Dienst {
        let speicher = tempfile::tempdir().unwrap();
        let pfad = speicher.path().join("sozialraum.gpkg");
        Self::mit_speicher(toml, &pfad, speicher)
    }

    /// The service with a configuration and the store `pfad` (kept by `halter`).
    pub fn mit_speicher(toml: &str, pfad: &std::path::Path, halter: tempfile::TempDir) -> Dienst {
        Self::mit_protokoll(toml, pfad, halter, "info")
    }

    /// The service logging at `rust_log` (e.g. `trace`: everything any layer logs).
    pub fn mit_protokoll(toml: &str, pfad: &std::path::Path, halter: tempfile::TempDir, rust_log: &str) -> Dienst {
        use std::io::BufRead;
        let konfig = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(konfig.path(), toml).unwrap();
        let speicher = halter;
        let mut kind = std::process::Command::new(env!("CARGO_BIN_EXE_sozialraum"))
            .args(["serve", "--adresse", "127.0.0.1:0"])
            .arg("--web")
            .arg(wurzel().join("web"))
            .arg("--konfig")
            .arg(konfig.path())
            .arg("--speicher")
            .arg(pfad)
            .env("RUST_LOG", rust_log)
            .env_remove("SOZIALRAUM_TOKEN")
            .env_remove("SOZIALRAUM_TOKEN_BEARBEITEN")
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stderr = kind.stderr.take().unwrap();
        let mut zeilen = std::io::BufReader::new(stderr).lines();
        let protokoll = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let url = loop {
            let z = zeilen.next().expect("Dienst beendet sich vor dem Start").unwrap();
            protokoll.lock().unwrap().push(z.clone());
            if let Some(i) = z.find("läuft auf http://") {
                break z[i + "läuft auf ".len()..].split_whitespace().next().unwrap().to_string();
            }
        };
        // Keep reading the log so the pipe never fills up.
        let p = protokoll.clone();
        std::thread::spawn(move || {
            for z in zeilen.map_while(Result::ok) {
                p.lock().unwrap().push(z);
            }
        });
        Dienst { kind, url, _speicher: speicher, speicher: pfad.to_path_buf(), protokoll }
    }

    /// What the service has logged so far.
    #[allow(dead_code)]
    pub fn protokoll(&self) -> String {
        self.protokoll.lock().unwrap().join("\n")
    }

    /// The process id of the service.
    pub fn pid(&self) -> u32 {
        self.kind.id()
    }

    /// A line of `/proc/PID/status` in kB (e.g. `VmHWM`, the peak resident memory).
    pub fn speicher_kb(&self, feld: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        let zeile = status.lines().find(|z| z.starts_with(&format!("{feld}:"))).unwrap();
        zeile.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// Open file handles of the service.
    pub fn offene_dateien(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid())).unwrap().count()
    }

    /// Sends SIGTERM and waits for the process; its exit status.
    pub fn beenden(&mut self) -> std::process::ExitStatus {
        let ok = std::process::Command::new("kill").args(["-TERM", &self.pid().to_string()]).status().unwrap();
        assert!(ok.success());
        self.kind.wait().unwrap()
    }

    /// `host:port`.
    pub fn adresse(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// Sends raw bytes as a request and returns the raw answer (until the server closes).
    pub fn roh(&self, anfrage: &[u8]) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(self.adresse()).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
        s.write_all(anfrage).unwrap();
        let mut roh = Vec::new();
        let _ = s.read_to_end(&mut roh);
        roh
    }

    /// GET a path of the service over plain HTTP/1.1; status and body.
    pub fn get(&self, pfad: &str) -> (u16, Vec<u8>) {
        use std::io::{Read, Write};
        let adresse = self.url.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(adresse).unwrap();
        write!(s, "GET {pfad} HTTP/1.1\r\nHost: {adresse}\r\nAccept: */*\r\nConnection: close\r\n\r\n").unwrap();
        let mut roh = Vec::new();
        s.read_to_end(&mut roh).unwrap();
        let ende = roh.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let kopf = String::from_utf8_lossy(&roh[..ende]).to_string();
        let status: u16 = kopf.split_whitespace().nth(1).unwrap().parse().unwrap();
        let mut body = roh[ende + 4..].to_vec();
        if kopf.to_ascii_lowercase().contains("transfer-encoding: chunked") {
            let mut aus = Vec::new();
            let mut rest = &body[..];
            loop {
                let z = rest.windows(2).position(|w| w == b"\r\n").unwrap();
                let n = usize::from_str_radix(String::from_utf8_lossy(&rest[..z]).trim(), 16).unwrap();
                if n == 0 {
                    break;
                }
                aus.extend_from_slice(&rest[z + 2..z + 2 + n]);
                rest = &rest[z + 4 + n..];
            }
            body = aus;
        }
        (status, body)
    }
}

impl Drop for Dienst {
    fn drop(&mut self) {
        let _ = self.kind.kill();
        let _ = self.kind.wait();
    }
}

/// A request with curl: status, ETag and JSON body.
pub fn anfrage(
    url: &str,
    methode: &str,
    pfad: &str,
    token: Option<&str>,
    koepfe: &[&str],
    body: Option<Value>,
) -> (u16, String, Value) {
    let datei = body.map(|b| {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), b.to_string()).unwrap();
        f
    });
    let mut k: Vec<&str> = koepfe.to_vec();
    if datei.is_some() {
        k.push("Content-Type: application/json");
    }
    curl(url, methode, pfad, token, &k, datei.as_ref().map(|f| f.path()))
}

/// A request with curl whose body is the file `datei`: status, ETag and JSON body.
pub fn curl(
    url: &str,
    methode: &str,
    pfad: &str,
    token: Option<&str>,
    koepfe: &[&str],
    datei: Option<&Path>,
) -> (u16, String, Value) {
    let mut c = std::process::Command::new("curl");
    c.args(["-s", "-X", methode, "-D", "-", "-o", "/dev/stdout"]).arg(format!("{url}{pfad}"));
    if let Some(t) = token {
        c.args(["-H", &format!("Authorization: Bearer {t}")]);
    }
    for k in koepfe {
        c.args(["-H", k]);
    }
    if let Some(d) = datei {
        c.arg("--data-binary").arg(format!("@{}", d.display()));
    }
    let aus = String::from_utf8(c.output().unwrap().stdout).unwrap();
    // After a `100 Continue` comes the real answer.
    let aus = aus.strip_prefix("HTTP/1.1 100 Continue\r\n\r\n").unwrap_or(&aus);
    let (kopf, koerper) = aus.split_once("\r\n\r\n").unwrap();
    let status: u16 = kopf.split_whitespace().nth(1).unwrap().parse().unwrap();
    let etag = kopf
        .lines()
        .find_map(|z| z.to_ascii_lowercase().starts_with("etag:").then(|| z[5..].trim().to_string()))
        .unwrap_or_default();
    (status, etag, serde_json::from_str(koerper).unwrap_or(Value::Null))
}

/// The AGS of the Kommune at a place, as GDAL's SQLite dialect finds it in the boundary file
/// (not through the service's own index); `None` outside the Kreis.
#[allow(dead_code)]
pub fn kommune_an(lon: f64, lat: f64) -> Option<String> {
    let o = std::process::Command::new("ogrinfo")
        .args(["-q", "-dialect", "SQLite", "-sql"])
        .arg(format!("SELECT ags FROM kommunen WHERE ST_Intersects(geometry, MakePoint({lon}, {lat}, 4326))"))
        .arg(wurzel().join("geodata/lahn-dill/kommunen.geojson"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    text.lines().find_map(|z| z.trim().strip_prefix("ags (String) = ")).map(String::from)
}

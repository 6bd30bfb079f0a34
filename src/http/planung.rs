//! The planning API (`/api/…`): each handler extracts, asks [`crate::dienst`] and serialises.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::antwort::{datei, geojson, json};
use super::zugang::Bearbeiter;
use super::{ApiFehler, Zugang, Zustand};
use crate::dienst::parameter::{KEINE, Param};
use crate::dienst::szenario::{Szenarioanfrage, Szenariofrage};
use crate::dienst::versorgung::{Format, Versorgungsanfrage};
use crate::dienst::{Ergebnis, Parameter};

type Antwort = Result<Response, ApiFehler>;

/// How long a PNG request waits for a free rendering slot before it gets 503.
const WARTEN_AUF_RENDERING: std::time::Duration = std::time::Duration::from_secs(20);
/// `Retry-After` of that 503, seconds.
const NOCHMAL_NACH_S: u32 = 5;

fn ohne(p: &Parameter, erlaubt: &[Param]) -> Result<(), ApiFehler> {
    Ok(p.nur(erlaubt)?)
}

fn nach_format<T: serde::Serialize>(t: Ergebnis<T>, format: Format) -> Antwort {
    match format {
        Format::Json => json(t),
        Format::Geojson => geojson(t),
    }
}

/// `GET /api/standortvorschlag`: where the next offers of a category serve most.
pub async fn standortvorschlag(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    let d = z.dienst_am(&p)?;
    json(tokio::task::spawn_blocking(move || d.standortvorschlag(&p, zugang)).await.map_err(ApiFehler::intern)?)
}

/// `POST /api/ressourcenkarte`: the offers near a place, for the Ressourcenkarte. The place is
/// in the body, so no URL (and no log line) holds it.
pub async fn ressourcenkarte(State(z): State<Zustand>, p: Parameter, kopf: HeaderMap, body: Bytes) -> Antwort {
    ohne(&p, KEINE)?;
    let f: crate::dienst::ressourcen::Ressourcenfrage =
        json_koerper(&kopf, &body, r#"{"lon":8.3,"lat":50.6,"radius":3000}"#)?;
    json(z.dienst_am_tag(f.stand.as_deref())?.ressourcenkarte(&f))
}

/// `GET /api/health`.
pub async fn health(State(z): State<Zustand>, p: Parameter) -> Antwort {
    ohne(&p, KEINE)?;
    json(Ok(z.dienst().gesundheit()))
}

/// `GET /api/konfiguration`.
pub async fn konfiguration(State(z): State<Zustand>, p: Parameter) -> Antwort {
    ohne(&p, KEINE)?;
    json(Ok(z.dienst().seitenkonfiguration(z.kacheln.as_ref())))
}

/// `GET /api/kommunen` (prepared once).
pub async fn kommunen(State(z): State<Zustand>, p: Parameter) -> Antwort {
    ohne(&p, KEINE)?;
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], z.dienst().kommunen_json().to_string()).into_response())
}

/// `GET /api/regionen`.
pub async fn regionen(State(z): State<Zustand>, p: Parameter) -> Antwort {
    geojson(z.dienst().regionen(&p))
}

/// `GET /api/einheiten`.
pub async fn einheiten(State(z): State<Zustand>, p: Parameter) -> Antwort {
    geojson(z.dienst().einheiten(&p))
}

/// `GET /api/profil/{ags}`.
pub async fn profil(State(z): State<Zustand>, zugang: Zugang, Path(ags): Path<String>, p: Parameter) -> Antwort {
    json(z.dienst_am(&p)?.profil(&ags, &p, zugang))
}

/// `GET /api/kategorien`.
pub async fn kategorien(State(z): State<Zustand>, p: Parameter) -> Antwort {
    ohne(&p, KEINE)?;
    json(Ok(z.dienst().kategorien()))
}

/// `GET /api/angebote`.
pub async fn angebote(State(z): State<Zustand>, p: Parameter) -> Antwort {
    geojson(z.dienst_am(&p)?.angebote(&p))
}

/// `GET /api/naechste`.
pub async fn naechste(State(z): State<Zustand>, p: Parameter) -> Antwort {
    geojson(z.dienst_am(&p)?.naechste(&p))
}

/// `GET /api/isochronen`.
pub async fn isochronen(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    geojson(z.dienst_am(&p)?.isochronen(&p, zugang))
}

/// `GET /api/umkreis`.
pub async fn umkreis(State(z): State<Zustand>, p: Parameter) -> Antwort {
    json(z.dienst_am(&p)?.umkreis(&p))
}

/// `GET /api/abdeckung`.
pub async fn abdeckung(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    let d = z.dienst_am(&p)?;
    let q = Versorgungsanfrage::lesen(&d, &p, true)?;
    nach_format(d.abdeckung(&q, zugang), q.format)
}

/// `GET /api/entfernungen`.
pub async fn entfernungen(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    let d = z.dienst_am(&p)?;
    let q = Versorgungsanfrage::lesen(&d, &p, false)?;
    nach_format(d.entfernungen(&q, zugang), q.format)
}

/// `POST /api/szenario` with a JSON body.
pub async fn szenario(State(z): State<Zustand>, zugang: Zugang, kopf: HeaderMap, body: Bytes) -> Antwort {
    ist_json(&kopf, r#"{"kategorie":"familienzentrum"}"#)?;
    let anfrage = Szenarioanfrage::aus_json(&body)?;
    let d = z.dienst_am_tag(anfrage.stand.as_deref())?;
    let q = Szenariofrage::pruefen(&d.atlas, anfrage)?;
    json(d.szenario(&q, zugang))
}

/// `GET /api/bedarf-angebot`.
pub async fn bedarf_angebot(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    geojson(z.dienst_am(&p)?.bedarf_angebot(&p, zugang))
}

/// `GET /api/indikatoren`.
pub async fn indikatoren(State(z): State<Zustand>, p: Parameter) -> Antwort {
    ohne(&p, KEINE)?;
    json(Ok(z.dienst().katalog()))
}

/// `GET /api/indikatoren/{id}`.
pub async fn indikator(State(z): State<Zustand>, zugang: Zugang, Path(id): Path<String>, p: Parameter) -> Antwort {
    geojson(z.dienst_am(&p)?.choroplethenkarte(&id, &p, zugang))
}

/// `GET /api/export/{datei}`: GDAL writes outside the async executor.
pub async fn export(State(z): State<Zustand>, zugang: Zugang, Path(d): Path<String>, p: Parameter) -> Antwort {
    let dienst = z.dienst_am(&p)?;
    let f = tokio::task::spawn_blocking(move || dienst.export(&d, &p, zugang)).await.map_err(ApiFehler::intern)??;
    Ok(datei(&f.name, f.medientyp, f.inhalt))
}

/// `GET /api/karten/{datei}`: SVG at once; PNG with a rendering slot (each holds a page of
/// pixels, A3 at 300 dpi 70 MB), outside the async executor.
pub async fn karte(State(z): State<Zustand>, zugang: Zugang, Path(d): Path<String>, p: Parameter) -> Antwort {
    let k = z.dienst_am(&p)?.karte(&d, &p, zugang)?;
    if !k.png {
        return Ok(([(header::CONTENT_TYPE, k.medientyp())], k.svg).into_response());
    }
    let Ok(Ok(platz)) = tokio::time::timeout(WARTEN_AUF_RENDERING, z.renderings.clone().acquire_owned()).await else {
        return Err(ApiFehler::ueberlastet(
            "Gerade werden zu viele Karten gleichzeitig gezeichnet. Bitte in einigen Sekunden erneut versuchen \
             (oder die Karte als SVG abrufen).",
            NOCHMAL_NACH_S,
        ));
    };
    let bild = tokio::task::spawn_blocking(move || (k.png(), drop(platz)).0).await.map_err(ApiFehler::intern)??;
    Ok(([(header::CONTENT_TYPE, "image/png")], bild).into_response())
}

/// `GET /api/berichte/kommunen/{ags}.pdf`: the Steckbrief of a Kommune.
pub async fn steckbrief(State(z): State<Zustand>, zugang: Zugang, Path(d): Path<String>, p: Parameter) -> Antwort {
    let dienst = z.dienst_am(&p)?;
    let name = dienst.steckbrief_dateiname(d.strip_suffix(".pdf").unwrap_or(&d));
    pdf(&z, name, move || dienst.steckbrief_datei(&d, &p, zugang)).await
}

/// `GET /api/berichte/kreis.pdf`: the statistical part of the Familienbericht.
pub async fn kreisbericht(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    let dienst = z.dienst_am(&p)?;
    pdf(&z, crate::dienst::berichte::KREISBERICHT_DATEI.into(), move || dienst.kreisbericht(&p, zugang)).await
}

/// A report as PDF: made and typeset outside the async threads, under the same limit of
/// concurrent renderings as PNG maps (bounded memory).
async fn pdf(
    z: &Zustand,
    dateiname: String,
    dokument: impl FnOnce() -> Ergebnis<crate::dienst::berichte::Dokument> + Send + 'static,
) -> Antwort {
    let Ok(Ok(platz)) = tokio::time::timeout(WARTEN_AUF_RENDERING, z.renderings.clone().acquire_owned()).await else {
        return Err(ApiFehler::ueberlastet(
            "Gerade werden zu viele Karten und Berichte gleichzeitig erzeugt. Bitte in einigen Sekunden erneut versuchen.",
            NOCHMAL_NACH_S,
        ));
    };
    let inhalt = tokio::task::spawn_blocking(move || {
        let pdf = dokument().and_then(|d| d.pdf().map_err(crate::dienst::Anfragefehler::intern));
        drop(platz);
        pdf
    })
    .await
    .map_err(ApiFehler::intern)??;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{dateiname}\"")),
        ],
        inhalt,
    )
        .into_response())
}

/// A JSON body, read with German messages (line and column) into `T`.
pub(super) fn json_koerper<T: serde::de::DeserializeOwned>(
    kopf: &HeaderMap,
    body: &[u8],
    beispiel: &str,
) -> Result<T, ApiFehler> {
    ist_json(kopf, beispiel)?;
    serde_json::from_slice(body).map_err(|e| {
        ApiFehler::ungueltig(format!(
            "Der Inhalt ist nicht lesbar: {}. Beispiel: {beispiel}",
            crate::dienst::fehler::json_fehler(&e)
        ))
    })
}

/// Refuses a body that is not declared as JSON (415), with an example of what is expected.
fn ist_json(kopf: &HeaderMap, beispiel: &str) -> Result<(), ApiFehler> {
    let typ = kopf.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if typ.starts_with("application/json") {
        return Ok(());
    }
    Err(ApiFehler::koerper(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("Der Inhalt muss JSON sein (Content-Type: application/json), z. B. {beispiel}"),
    ))
}

/// The version a change is based on (`If-Match: "3"`), `None` without the header or with `*`.
pub(super) fn version_aus(kopf: &HeaderMap) -> Result<Option<i64>, ApiFehler> {
    let Some(v) = kopf.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let t = v.to_str().unwrap_or("").trim();
    if t == "*" {
        return Ok(None);
    }
    t.trim_start_matches("W/").trim_matches('"').parse::<i64>().map(Some).map_err(|_| {
        ApiFehler::ungueltig(format!(
            "If-Match „{}“: erwartet die Version aus dem ETag der letzten Antwort, z. B. If-Match: \"3\"",
            crate::dienst::parameter::kuerzen(t)
        ))
    })
}

/// A stored record as answer, with its version as ETag.
pub(super) fn gespeichert<T: serde::Serialize + Versioniert>(status: StatusCode, a: &T) -> Antwort {
    let text = serde_json::to_string(a).map_err(ApiFehler::intern)?;
    let etag = header::HeaderValue::from_str(&format!("\"{}\"", a.version())).map_err(ApiFehler::intern)?;
    Ok((
        status,
        [(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json")), (header::ETAG, etag)],
        text,
    )
        .into_response())
}

/// A record with a version (its ETag).
pub(super) trait Versioniert {
    fn version(&self) -> i64;
}

impl Versioniert for crate::dienst::bearbeiten::Gespeichert {
    fn version(&self) -> i64 {
        self.version
    }
}

impl Versioniert for crate::dienst::regionsschemata::Schemasatz {
    fn version(&self) -> i64 {
        self.version
    }
}

impl Versioniert for crate::dienst::indikatorwerte::Jahresstand {
    fn version(&self) -> i64 {
        self.version
    }
}

impl Versioniert for crate::dienst::bedarfe::Bedarf {
    fn version(&self) -> i64 {
        self.version
    }
}

impl Versioniert for crate::dienst::kategorien::Kategoriesatz {
    fn version(&self) -> i64 {
        self.version
    }
}

/// Runs a change in the store outside the async executor, then puts the new snapshot in place.
pub(super) async fn aendern<T: Send + 'static>(
    z: &Zustand,
    f: impl FnOnce(&crate::dienst::Dienst) -> Ergebnis<T> + Send + 'static,
) -> Result<T, ApiFehler> {
    let _reihe = z.aenderung.lock().await;
    let d = z.dienst();
    let (a, neu) = tokio::task::spawn_blocking(move || {
        let a = f(&d)?;
        let neu = d.neu_aus_speicher().map_err(crate::dienst::Anfragefehler::intern)?;
        Ok::<_, crate::dienst::Anfragefehler>((a, neu))
    })
    .await
    .map_err(ApiFehler::intern)??;
    z.tauschen(neu);
    Ok(a)
}

/// `GET /api/aenderungen`: the history of changes (internal users only: it shows who changed
/// what, and unpublished states).
pub async fn aenderungen(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    if !zugang.intern() {
        return Err(ApiFehler::nicht_berechtigt(
            "Der Verlauf der Änderungen ist nur mit Token zu sehen (Authorization: Bearer <Token>)",
        ));
    }
    json(z.dienst().verlauf(&p))
}

/// `GET /api/speicher.gpkg`: the whole store as one consistent GeoPackage (internal users).
pub async fn speicher(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    ohne(&p, KEINE)?;
    if !zugang.intern() {
        return Err(ApiFehler::nicht_berechtigt(
            "Den ganzen Speicher gibt es nur mit Token (Authorization: Bearer <Token>)",
        ));
    }
    let d = z.dienst();
    let (name, inhalt) =
        tokio::task::spawn_blocking(move || d.speicher_herunterladen()).await.map_err(ApiFehler::intern)??;
    Ok(datei(&name, "application/geopackage+sqlite3", inhalt))
}

/// `GET /api/zugang`: the name and role of the token given (401 without or with a wrong one).
pub async fn zugang(a: super::zugang::Anmeldung, p: Parameter) -> Antwort {
    ohne(&p, KEINE)?;
    json(Ok(a))
}

/// `GET /api/speicher/angebote`: every stored offer with validity and version (internal users).
pub async fn bestandsliste(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    ohne(&p, KEINE)?;
    if !zugang.intern() {
        return Err(ApiFehler::nicht_berechtigt(
            "Die gespeicherten Angebote mit Verlauf gibt es nur mit Token (Authorization: Bearer <Token>)",
        ));
    }
    json(z.dienst().bestandsliste())
}

/// `PUT /api/indikatoren/{id}/werte/{jahr}`: replaces the values of a year (editing role;
/// `If-Match` = version of that year).
pub async fn jahreswerte(
    State(z): State<Zustand>,
    Bearbeiter(wer): Bearbeiter,
    Path((id, jahr)): Path<(String, String)>,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    let jahr: i32 = jahr.parse().map_err(|_| {
        ApiFehler::ungueltig(format!(
            "Jahr „{}“: erwartet eine Jahreszahl wie 2025",
            crate::dienst::parameter::kuerzen(&jahr)
        ))
    })?;
    let a: crate::dienst::indikatorwerte::Jahresangaben =
        json_koerper(&kopf, &body, r#"{"werte":[{"ags":"06532001","wert":12.5}],"kommentar":"Werte 2025"}"#)?;
    let version = version_aus(&kopf)?;
    let st = aendern(&z, move |d| d.jahreswerte_setzen(&id, jahr, &a, version, &wer)).await?;
    gespeichert(StatusCode::OK, &st)
}

//! Imports through the API: a file of offers is checked (Prüfbericht) and, when asked and
//! without problems, applied as one transaction; imported offers without a place wait to be
//! placed on the map.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;

use super::antwort::json;
use super::planung::{aendern, json_koerper};
use super::zugang::{Bearbeiter, Melder};
use super::{ApiFehler, Zustand};
use crate::dienst::Parameter;
use crate::dienst::angebotsimport::{Importauftrag, Pruefbericht};
use crate::dienst::bearbeiten::Angebotsangaben;

type Antwort = Result<axum::response::Response, ApiFehler>;

/// A file name for a body without `datei=`: its ending from the content type (the format is
/// then recognised by the file's first bytes when the type says nothing).
fn name_aus_typ(kopf: &HeaderMap) -> &'static str {
    let typ = kopf.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    match typ.split(';').next().unwrap_or("").trim() {
        "text/csv" => "hochgeladen.csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "hochgeladen.xlsx",
        "application/geo+json" => "hochgeladen.geojson",
        "application/geopackage+sqlite3" => "hochgeladen.gpkg",
        "application/zip" => "hochgeladen.zip",
        _ => "hochgeladen",
    }
}

/// A check report: how many problems it lists, and whether it was applied.
trait Bericht: serde::Serialize + Send + 'static {
    fn probleme(&self) -> usize;
    fn angewendet(&self) -> bool;
}

impl Bericht for Pruefbericht {
    fn probleme(&self) -> usize {
        self.probleme.len()
    }
    fn angewendet(&self) -> bool {
        self.angewendet
    }
}

impl Bericht for crate::dienst::meldungen::Meldebericht {
    fn probleme(&self) -> usize {
        self.probleme.len()
    }
    fn angewendet(&self) -> bool {
        self.angewendet
    }
}

impl Bericht for crate::dienst::indikatorwerte::Wertebericht {
    fn probleme(&self) -> usize {
        self.probleme.len()
    }
    fn angewendet(&self) -> bool {
        self.angewendet
    }
}

/// Checks a file outside the async executor, or checks and applies it as a change (then the
/// new snapshot is put in place); the report as answer: 200, or 422 with the report when
/// applying was asked but refused.
async fn einspielen<B: Bericht>(
    z: &Zustand,
    anwenden: bool,
    f: impl FnOnce(&crate::dienst::Dienst) -> crate::dienst::Ergebnis<B> + Send + 'static,
) -> Antwort {
    let b = if anwenden {
        aendern(z, f).await?
    } else {
        let d = z.dienst();
        tokio::task::spawn_blocking(move || f(&d)).await.map_err(ApiFehler::intern)??
    };
    let n = b.probleme();
    if anwenden && !b.angewendet() && n > 0 {
        let text = format!(
            "Die Datei hat {n} Problem{}; nichts wurde übernommen. Der Prüfbericht nennt jedes mit Zeile, Spalte und Grund.",
            if n == 1 { "" } else { "e" }
        );
        return Err(ApiFehler::abgewiesen(text, serde_json::to_value(&b).map_err(ApiFehler::intern)?));
    }
    json(Ok(b))
}

/// `POST /api/import/angebote?modus=pruefen|anwenden`: checks (and applies) a file of offers.
pub async fn angebote(
    State(z): State<Zustand>,
    Bearbeiter(wer): Bearbeiter,
    p: Parameter,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    let auftrag = Importauftrag::aus(&p, name_aus_typ(&kopf))?;
    einspielen(&z, auftrag.anwenden, move |d| d.angebote_importieren(&auftrag, &body, &wer)).await
}

/// `GET /api/import/offen`: imported offers waiting to be placed on the map.
pub async fn offen(State(z): State<Zustand>, _b: Bearbeiter, p: Parameter) -> Antwort {
    p.nur(crate::dienst::parameter::KEINE)?;
    json(z.dienst().offene_angebote())
}

/// `POST /api/import/offen/{nr}/setzen`: places a waiting offer (`lon`, `lat`, other fields
/// to correct).
pub async fn setzen(
    State(z): State<Zustand>,
    Bearbeiter(wer): Bearbeiter,
    Path(nr): Path<i64>,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    let f: Angebotsangaben = json_koerper(&kopf, &body, r#"{"lon":8.3,"lat":50.6}"#)?;
    let a = aendern(&z, move |d| d.offenes_setzen(nr, &f, &wer)).await?;
    Ok((axum::http::StatusCode::CREATED, axum::Json(a)).into_response())
}

/// `POST /api/import/offen/{nr}/verwerfen`: drops a waiting offer; the answer lists the rest.
pub async fn verwerfen(State(z): State<Zustand>, _b: Bearbeiter, Path(nr): Path<i64>) -> Antwort {
    let d = z.dienst();
    d.offenes_verwerfen(nr)?;
    json(d.offene_angebote())
}

/// `POST /api/import/indikatorwerte?modus=pruefen|anwenden`: checks (and applies) a table of
/// indicator values.
pub async fn indikatorwerte(
    State(z): State<Zustand>,
    Bearbeiter(wer): Bearbeiter,
    p: Parameter,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    let anwenden = p.text("modus") == Some("anwenden");
    let name = name_aus_typ(&kopf);
    einspielen(&z, anwenden, move |d| d.indikatorwerte_importieren(&p, name, &body, &wer)).await
}

/// `POST /api/import/bedarfsmeldungen?modus=pruefen|anwenden&quelle=…`: checks (and applies) an
/// export of the case software (role `melden`).
pub async fn bedarfsmeldungen(
    State(z): State<Zustand>,
    Melder(wer): Melder,
    p: Parameter,
    kopf: HeaderMap,
    body: Bytes,
) -> Antwort {
    let anwenden = p.text("modus") == Some("anwenden");
    let name = name_aus_typ(&kopf);
    einspielen(&z, anwenden, move |d| d.bedarfsmeldungen_importieren(&p, name, &body, &wer)).await
}

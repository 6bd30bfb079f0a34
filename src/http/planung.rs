//! The planning API (`/api/…`): each handler extracts, asks [`crate::dienst`] and serialises.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::antwort::{datei, geojson, json};
use super::{ApiFehler, Zugang, Zustand};
use crate::dienst::parameter::Param;
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

/// `GET /api/health`.
pub async fn health(State(z): State<Zustand>, p: Parameter) -> Antwort {
    ohne(&p, &[])?;
    json(Ok(z.dienst().gesundheit()))
}

/// `GET /api/konfiguration`.
pub async fn konfiguration(State(z): State<Zustand>, p: Parameter) -> Antwort {
    ohne(&p, &[])?;
    json(Ok(z.dienst().seitenkonfiguration(z.kacheln.as_ref())))
}

/// `GET /api/kommunen` (prepared once).
pub async fn kommunen(State(z): State<Zustand>, p: Parameter) -> Antwort {
    ohne(&p, &[])?;
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
    json(z.dienst().profil(&ags, &p, zugang))
}

/// `GET /api/kategorien`.
pub async fn kategorien(State(z): State<Zustand>, p: Parameter) -> Antwort {
    ohne(&p, &[])?;
    json(Ok(z.dienst().kategorien()))
}

/// `GET /api/angebote`.
pub async fn angebote(State(z): State<Zustand>, p: Parameter) -> Antwort {
    geojson(z.dienst().angebote(&p))
}

/// `GET /api/naechste`.
pub async fn naechste(State(z): State<Zustand>, p: Parameter) -> Antwort {
    geojson(z.dienst().naechste(&p))
}

/// `GET /api/umkreis`.
pub async fn umkreis(State(z): State<Zustand>, p: Parameter) -> Antwort {
    json(z.dienst().umkreis(&p))
}

/// `GET /api/abdeckung`.
pub async fn abdeckung(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    let d = z.dienst();
    let q = Versorgungsanfrage::lesen(&d, &p, true)?;
    nach_format(d.abdeckung(&q, zugang), q.format)
}

/// `GET /api/entfernungen`.
pub async fn entfernungen(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    let d = z.dienst();
    let q = Versorgungsanfrage::lesen(&d, &p, false)?;
    nach_format(d.entfernungen(&q, zugang), q.format)
}

/// `POST /api/szenario` with a JSON body.
pub async fn szenario(State(z): State<Zustand>, zugang: Zugang, kopf: HeaderMap, body: Bytes) -> Antwort {
    let typ = kopf.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !typ.starts_with("application/json") {
        return Err(ApiFehler::koerper(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Der Inhalt muss JSON sein (Content-Type: application/json), z. B. {\"kategorie\":\"familienzentrum\"}",
        ));
    }
    let d = z.dienst();
    let q = Szenariofrage::pruefen(&d.atlas, Szenarioanfrage::aus_json(&body)?)?;
    json(d.szenario(&q, zugang))
}

/// `GET /api/bedarf-angebot`.
pub async fn bedarf_angebot(State(z): State<Zustand>, zugang: Zugang, p: Parameter) -> Antwort {
    geojson(z.dienst().bedarf_angebot(&p, zugang))
}

/// `GET /api/indikatoren`.
pub async fn indikatoren(State(z): State<Zustand>, p: Parameter) -> Antwort {
    ohne(&p, &[])?;
    json(Ok(z.dienst().katalog()))
}

/// `GET /api/indikatoren/{id}`.
pub async fn indikator(State(z): State<Zustand>, zugang: Zugang, Path(id): Path<String>, p: Parameter) -> Antwort {
    geojson(z.dienst().choroplethenkarte(&id, &p, zugang))
}

/// `GET /api/export/{datei}`: GDAL writes outside the async executor.
pub async fn export(State(z): State<Zustand>, zugang: Zugang, Path(d): Path<String>, p: Parameter) -> Antwort {
    let dienst = z.dienst();
    let f = tokio::task::spawn_blocking(move || dienst.export(&d, &p, zugang)).await.map_err(ApiFehler::intern)??;
    Ok(datei(&f.name, f.medientyp, f.inhalt))
}

/// `GET /api/karten/{datei}`: SVG at once; PNG with a rendering slot (each holds a page of
/// pixels, A3 at 300 dpi 70 MB), outside the async executor.
pub async fn karte(State(z): State<Zustand>, zugang: Zugang, Path(d): Path<String>, p: Parameter) -> Antwort {
    let k = z.dienst().karte(&d, &p, zugang)?;
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

//! `GET /api/karten/{ansicht}.svg|png`: choropleth maps for committee papers, rendered on the
//! server (same parameters as `/api/indikatoren/{id}`, plus page settings).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::indikatoren::{Choroplethe, choroplethe, wert_text};
use crate::analysis::einheiten::Ebene;
use crate::analysis::indikatoren::Herkunft;
use crate::http::beschreibung::parameter_von;
use crate::http::parameter::Parameter;
use crate::http::{ApiFehler, Zugang, Zustand};
use crate::model::Einheitsart;
use crate::render::{self, Eintrag, Flaeche, Karteninhalt, Papier, Seite};
use crate::spatial::multipolygon_nach_utm32;

/// How long a PNG request waits for a free rendering slot before it gets 503.
const WARTEN_AUF_RENDERING: std::time::Duration = std::time::Duration::from_secs(20);
/// `Retry-After` of that 503, seconds.
const NOCHMAL_NACH_S: u32 = 5;

/// Longest title or subtitle, characters.
pub const MAX_TITEL: usize = 200;

/// Resolution of PNG maps unless `dpi` says otherwise.
pub const STANDARD_DPI: usize = 150;

fn inhalt(z: &Zustand, c: &Choroplethe, zugang: Zugang) -> Result<Karteninhalt, ApiFehler> {
    let a = &z.atlas;
    let mut flaechen = Vec::new();
    for w in &c.karte.werte {
        let e = &a.einheiten[w.einheit];
        let grenze = if e.art == Einheitsart::Kommune {
            a.kommunen[e.mitglieder[0]].grenze.clone()
        } else {
            multipolygon_nach_utm32(a.einheit_grenze(w.einheit)).map_err(ApiFehler::intern)?
        };
        flaechen.push(Flaeche {
            grenze,
            name: e.name.clone(),
            farbe: w.farbe.clone(),
            gesperrt: w.wert.status.gesperrt() && w.wert.wert.is_none(),
            eigenes_jugendamt: e.art == Einheitsart::Kommune
                && a.kommunen[e.mitglieder[0]].jugendamt != a.kreisjugendamt(),
        });
    }
    let k = &c.karte;
    let mut legende: Vec<Eintrag> = k
        .klassen
        .iter()
        .map(|x| Eintrag { farbe: Some(x.farbe.clone()), text: format!("{} ({})", x.bezeichnung, x.anzahl) })
        .collect();
    if k.anzahl_datenschutz > 0 {
        legende
            .push(Eintrag { farbe: None, text: format!("nicht ausgewiesen (Datenschutz) ({})", k.anzahl_datenschutz) });
    }
    if k.anzahl_keine_angabe > 0 {
        legende.push(Eintrag {
            farbe: Some(crate::analysis::farben::FARBE_KEINE_ANGABE.into()),
            text: format!("keine Angabe ({})", k.anzahl_keine_angabe),
        });
    }
    let mut hinweise = Vec::new();
    if let Some((e, w)) = c.referenz {
        hinweise.push(format!(
            "Vergleichswert {}: {}",
            a.einheiten[e].name,
            wert_text(w.wert, k.stellen, &c.ind.einheit)
        ));
    }
    hinweise.push(format!(
        "Klassen: {}; Farben: {}{}",
        c.methode.bezeichnung(),
        c.palette.bezeichnung,
        if c.palette.farbenblind_geeignet { " (farbenblind-geeignet)" } else { "" }
    ));
    if c.ebene != Ebene::Kommune {
        let naeherung = k.werte.iter().any(|w| w.wert.herkunft == Herkunft::GewichtetesMittel);
        hinweise.push(
            if naeherung { Herkunft::GewichtetesMittel } else { Herkunft::QuoteDerSummen }
                .bezeichnung(c.ind.gewicht)
                .into(),
        );
    }
    hinweise.push("Gestrichelt umrandet: Kommune mit eigenem Jugendamt.".into());
    if zugang.intern() {
        hinweise.push("INTERN – enthält nicht ausgewiesene Werte, nicht veröffentlichen.".into());
    }
    let schema = a.regionsschemata.get(c.schema);
    Ok(Karteninhalt {
        flaechen,
        legendentitel: format!("{} ({})", c.ind.name, c.jahr),
        legende,
        hinweise,
        quelle: format!("{}; Verwaltungsgrenzen © GeoBasis-DE / BKG (2017)", c.ind.quelle),
        stand: c.ind.stand.clone(),
        beispiel: c.ind.beispiel || (c.ebene == Ebene::Region && schema.is_some_and(|s| s.beispiel)),
        datenschutz: z.datenschutz.beschreibung(),
    })
}

/// `GET /api/karten/{datei}`.
pub async fn karte(
    State(z): State<Zustand>,
    zugang: Zugang,
    Path(datei): Path<String>,
    p: Parameter,
) -> Result<Response, ApiFehler> {
    p.nur(parameter_von("/api/karten/{datei}"))?;
    let (ansicht, png) = match (datei.strip_suffix(".svg"), datei.strip_suffix(".png")) {
        (Some(a), _) => (a, false),
        (_, Some(a)) => (a, true),
        _ => {
            return Err(ApiFehler::ungueltig(format!(
                "„{datei}“: erwartet Ansicht.svg oder Ansicht.png, z. B. kinderarmut.svg"
            )));
        }
    };
    let papier: Papier = p.auswahl("format", Papier::A4)?;
    let hoch = match p.text("ausrichtung") {
        None | Some("quer") => false,
        Some("hoch") => true,
        Some(t) => {
            return Err(ApiFehler::ungueltig(format!("Parameter „ausrichtung“ = „{t}“: erlaubt sind quer und hoch")));
        }
    };
    let dpi = p.ganzzahl("dpi", 72..=300, STANDARD_DPI)?;
    for feld in ["titel", "untertitel"] {
        if p.text(feld).is_some_and(|t| t.chars().count() > MAX_TITEL) {
            return Err(ApiFehler::ungueltig(format!("Parameter „{feld}“ ist zu lang: höchstens {MAX_TITEL} Zeichen")));
        }
    }
    let c = choroplethe(&z, ansicht, &p, zugang)?;
    let kreis = &z.atlas.einheiten[z.atlas.kreis_einheit()].name;
    let ebene = if c.ebene == Ebene::Region { "Regionen" } else { "Kommunen" };
    let seite = Seite {
        papier,
        hoch,
        titel: p.text("titel").map(String::from).unwrap_or_else(|| format!("{} ({})", c.ind.name, c.jahr)),
        untertitel: p.text("untertitel").map(String::from).unwrap_or_else(|| format!("{kreis}, {ebene}")),
    };
    let svg = render::svg(&inhalt(&z, &c, zugang)?, &seite);
    if !png {
        return Ok(([(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")], svg).into_response());
    }
    let (b, h) = seite.pixel(dpi as f64);
    // Each rendering holds a full page of pixels (A3 at 300 dpi: 70 MB): only a few at once.
    let platz = match tokio::time::timeout(WARTEN_AUF_RENDERING, z.renderings.clone().acquire_owned()).await {
        Ok(Ok(p)) => p,
        _ => {
            return Err(ApiFehler::ueberlastet(
                "Gerade werden zu viele Karten gleichzeitig gezeichnet. Bitte in einigen Sekunden erneut versuchen \
                 (oder die Karte als SVG abrufen).",
                NOCHMAL_NACH_S,
            ));
        }
    };
    let bild = tokio::task::spawn_blocking(move || {
        let bild = render::png(&svg, b, h, dpi);
        drop(platz);
        bild
    })
    .await
    .map_err(ApiFehler::intern)?
    .map_err(ApiFehler::intern)?;
    Ok(([(header::CONTENT_TYPE, "image/png")], bild).into_response())
}

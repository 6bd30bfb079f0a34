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

/// The parameters of the page itself, for every kind of map.
const SEITEN_PARAMETER: [&str; 5] = ["format", "ausrichtung", "dpi", "titel", "untertitel"];

/// The map of need × supply (parameters as `/api/bedarf-angebot`).
pub const BEDARF_ANSICHT: &str = "bedarf-angebot";
/// The map of a scenario (`plan`, `weg`, `darstellung` = nachher | differenz).
pub const SZENARIO_ANSICHT: &str = "szenario";

/// The area of a Kommune on a map.
fn kommune_flaeche(z: &Zustand, k: usize, farbe: String, gesperrt: bool) -> Flaeche {
    let km = &z.atlas.kommunen[k];
    Flaeche {
        grenze: km.grenze.clone(),
        name: km.name.clone(),
        farbe,
        gesperrt,
        eigenes_jugendamt: km.jugendamt != z.atlas.kreisjugendamt(),
    }
}

/// Source line of maps the service computes itself.
fn eigene_quelle(was: &str) -> String {
    format!(
        "{was}; Bevölkerung: Zensus 2011/2022, Statistische Ämter des Bundes und der Länder (dl-de/by-2-0); \
         Verwaltungsgrenzen © GeoBasis-DE / BKG (2017)"
    )
}

/// Need × supply as a map page: the 3 × 3 classes, need high rows first.
fn bedarf_inhalt(z: &Zustand, p: &Parameter, zugang: Zugang) -> Result<(Karteninhalt, String, String), ApiFehler> {
    use super::versorgung::{BEDARF_TEXT, VERSORGUNG_TEXT, bedarf_versorgung, prozent};
    let a = &z.atlas;
    let b = bedarf_versorgung(z, p, zugang)?;
    let farben = crate::analysis::farben::bivariat();
    let mut flaechen = Vec::new();
    for x in &b.klassen {
        let farbe = match (x.bedarf, x.versorgung) {
            (Some(bd), Some(v)) => farben[usize::from(bd - 1)][usize::from(v - 1)].clone(),
            _ => crate::analysis::farben::FARBE_KEINE_ANGABE.to_string(),
        };
        // Without a class the area is hatched, as its legend entry: plain grey would read like
        // the light "all good" cell.
        let ohne_klasse = x.bedarf.is_none() || x.versorgung.is_none();
        flaechen.push(kommune_flaeche(z, x.kommune, farbe, ohne_klasse));
    }
    let mut legende = Vec::new();
    for bd in (1..=3u8).rev() {
        for v in 1..=3u8 {
            let n = b.klassen.iter().filter(|x| x.bedarf == Some(bd) && x.versorgung == Some(v)).count();
            legende.push(Eintrag {
                farbe: Some(farben[usize::from(bd - 1)][usize::from(v - 1)].clone()),
                text: format!("{}, {} ({n})", BEDARF_TEXT[usize::from(bd - 1)], VERSORGUNG_TEXT[usize::from(v - 1)]),
            });
        }
    }
    let ohne = b.klassen.iter().filter(|x| x.bedarf.is_none() || x.versorgung.is_none()).count();
    if ohne > 0 {
        legende.push(Eintrag {
            farbe: None,
            text: format!("keine Einstufung: Wert fehlt oder nicht ausgewiesen ({ohne})"),
        });
    }
    let kategorie = a.kategorie(&b.kat).map(|k| k.bezeichnung.clone()).unwrap_or_default();
    let mut vorrang: Vec<&crate::analysis::bedarf::BedarfAngebot> =
        b.klassen.iter().filter(|x| x.rang.is_some()).collect();
    vorrang.sort_by_key(|x| x.rang);
    let schwelle = format!("{} m", crate::model::deutsch::zahl(b.schwelle, 0));
    let mut hinweise = vec![
        format!(
            "Bedarf: Drittel der Kommunen nach „{}“ ({}), gleiche Werte in derselben Stufe. Versorgung: Anteil {} im Umkreis von {schwelle} \
             zum nächsten Angebot „{kategorie}“ – unter {} gering, bis unter {} mittel, ab {} gut.",
            b.ind.name,
            b.jahr,
            b.zielgruppe.bezeichnung(),
            prozent(b.grenzen[0]),
            prozent(b.grenzen[1]),
            prozent(b.grenzen[1])
        ),
        format!(
            "Entfernung: {}. Farben nach J. Stevens (2015): dunkel = hoher Bedarf bei geringer Versorgung.",
            b.frage.mass()
        ),
    ];
    if !vorrang.is_empty() {
        hinweise.push(format!(
            "Vorrang: {}",
            vorrang
                .iter()
                .take(6)
                .map(|x| format!("{}. {}", x.rang.unwrap_or(0), a.kommunen[x.kommune].name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if zugang.intern() {
        hinweise.push("INTERN – enthält nicht ausgewiesene Werte, nicht veröffentlichen.".into());
    }
    let beispiel = b.ind.beispiel || a.angebote.iter().any(|o| o.kategorie == b.kat && o.beispiel);
    let inhalt = Karteninhalt {
        flaechen,
        legendentitel: format!("Bedarf ({}) × Versorgung ({kategorie}, {schwelle})", b.ind.name),
        legende,
        hinweise,
        quelle: eigene_quelle(&format!("Bedarf: {}; Versorgung berechnet von sozialraum", b.ind.quelle)),
        stand: b.ind.stand.clone(),
        beispiel,
        datenschutz: z.datenschutz.beschreibung(),
    };
    let titel = format!("Bedarf × Versorgung: {} ({}) und {kategorie}", b.ind.name, b.jahr);
    Ok((inhalt, titel, format!("{}, Kommunen", a.einheiten[a.kreis_einheit()].name)))
}

/// Classes of a scenario map: the share after the scenario, or the change in percentage points.
const SZENARIO_ANTEIL_GRENZEN: [f64; 4] = [0.2, 0.4, 0.6, 0.8];
/// Diverging colours of the change (ColorBrewer RdBu): losses red, gains blue.
const DIFFERENZ_FARBEN: [&str; 5] = ["#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"];
const DIFFERENZ_TEXT: [&str; 5] = [
    "Abnahme um mehr als 5 Prozentpunkte",
    "Abnahme bis 5 Prozentpunkte",
    "keine Änderung",
    "Zunahme bis 5 Prozentpunkte",
    "Zunahme um mehr als 5 Prozentpunkte",
];

/// A scenario as a map page.
fn szenario_inhalt(z: &Zustand, p: &Parameter, zugang: Zugang) -> Result<(Karteninhalt, String, String), ApiFehler> {
    use super::versorgung::{prozent, szenario_aus_parametern};
    let a = &z.atlas;
    let differenz = match p.text("darstellung") {
        None | Some("nachher") => false,
        Some("differenz") => true,
        Some(t) => {
            return Err(ApiFehler::ungueltig(format!(
                "Parameter „darstellung“ = „{}“: erlaubt sind nachher und differenz",
                crate::http::parameter::kuerzen(t)
            )));
        }
    };
    let (s, frage) = szenario_aus_parametern(a, p)?;
    let kommunen = crate::analysis::einheiten::einheiten_der_ebene(a, Ebene::Kommune, 0);
    let r = crate::analysis::szenario::auswerten(a, &s, &frage, &kommunen, &z.datenschutz)
        .ok_or_else(|| crate::http::parameter::unbekannte_kategorie(a, &s.kategorie))?;
    let blau = crate::analysis::farben::Palette::von_id("blues").map(|x| x.farben(5)).unwrap_or_default();
    let mut anzahl = [0usize; 5];
    let mut gesperrt_n = 0;
    let mut flaechen = Vec::new();
    for &e in &kommunen {
        let k = a.einheiten[e].mitglieder[0];
        let (v, n) = (&r.abdeckung_vorher[e], &r.abdeckung_nachher[e]);
        let zeigen = crate::http::ausgabe::zeigen(v.status, zugang) && crate::http::ausgabe::zeigen(n.status, zugang);
        let klasse = match (zeigen, v.anteil(0), n.anteil(0)) {
            (true, Some(vor), Some(nach)) if differenz => {
                let d = ((nach - vor) * 1000.0).round() / 10.0;
                Some(if d < -5.0 {
                    0
                } else if d < 0.0 {
                    1
                } else if d == 0.0 {
                    2
                } else if d <= 5.0 {
                    3
                } else {
                    4
                })
            }
            (true, _, Some(nach)) => Some(SZENARIO_ANTEIL_GRENZEN.iter().position(|g| nach <= *g).unwrap_or(4)),
            _ => None,
        };
        let farbe = match klasse {
            Some(i) if differenz => DIFFERENZ_FARBEN[i].to_string(),
            Some(i) => blau.get(i).cloned().unwrap_or_default(),
            None => crate::analysis::farben::FARBE_KEINE_ANGABE.to_string(),
        };
        match klasse {
            Some(i) => anzahl[i] += 1,
            None => gesperrt_n += 1,
        }
        flaechen.push(kommune_flaeche(z, k, farbe, klasse.is_none() && !zeigen));
    }
    let mut legende: Vec<Eintrag> = (0..5)
        .map(|i| {
            let (farbe, text) = if differenz {
                (DIFFERENZ_FARBEN[i].to_string(), DIFFERENZ_TEXT[i].to_string())
            } else {
                let von = if i == 0 { 0.0 } else { SZENARIO_ANTEIL_GRENZEN[i - 1] };
                let bis = SZENARIO_ANTEIL_GRENZEN.get(i).copied().unwrap_or(1.0);
                (
                    blau.get(i).cloned().unwrap_or_default(),
                    format!("{}{} bis {}", if i == 0 { "" } else { "über " }, prozent(von), prozent(bis)),
                )
            };
            Eintrag { farbe: Some(farbe), text: format!("{text} ({})", anzahl[i]) }
        })
        .collect();
    if gesperrt_n > 0 {
        legende.push(Eintrag { farbe: None, text: format!("nicht ausgewiesen (Datenschutz) ({gesperrt_n})") });
    }
    let kategorie = a.kategorie(&s.kategorie).map(|k| k.bezeichnung.clone()).unwrap_or_default();
    let schwelle = format!("{} m", crate::model::deutsch::zahl(frage.schwellen_m[0], 0));
    let kreis = a.kreis_einheit();
    let mut hinweise = vec![format!(
        "{}: {} → {} im Umkreis von {schwelle} ({}).",
        a.einheiten[kreis].name,
        r.abdeckung_vorher[kreis].anteil(0).map(prozent).unwrap_or_else(|| "–".into()),
        r.abdeckung_nachher[kreis].anteil(0).map(prozent).unwrap_or_else(|| "–".into()),
        frage.mass()
    )];
    for (i, h) in s.hinzu.iter().enumerate() {
        let wo =
            a.kommune_an(h.pos).map(|k| a.kommunen[k].name.clone()).unwrap_or_else(|| "außerhalb des Kreises".into());
        hinweise.push(format!(
            "S{}: geplantes Angebot bei {} / {} ({wo})",
            i + 1,
            crate::model::deutsch::zahl(h.lage.lon, 4),
            crate::model::deutsch::zahl(h.lage.lat, 4)
        ));
    }
    for &i in &s.weg {
        hinweise.push(format!("geschlossen: {}", a.angebote[i].name));
    }
    if zugang.intern() {
        hinweise.push("INTERN – enthält nicht ausgewiesene Werte, nicht veröffentlichen.".into());
    }
    let was = if differenz { "Änderung durch das Szenario" } else { "Versorgungsgrad nach dem Szenario" };
    let inhalt = Karteninhalt {
        flaechen,
        legendentitel: format!("{was}: {} im Umkreis von {schwelle}", frage.zielgruppe.bezeichnung()),
        legende,
        hinweise,
        quelle: eigene_quelle("Szenario (nicht Bestand), berechnet von sozialraum"),
        stand: "Angebote: Stand des Datensatzes mit den Änderungen des Szenarios".into(),
        beispiel: a.angebote.iter().any(|o| o.kategorie == s.kategorie && o.beispiel),
        datenschutz: z.datenschutz.beschreibung(),
    };
    Ok((inhalt, format!("Szenario: {kategorie}"), format!("{was}, {}, Kommunen", a.einheiten[kreis].name)))
}

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
    // Each kind of map takes its own parameters besides those of the page.
    let eigene: &[&str] = match ansicht {
        BEDARF_ANSICHT => &["indikator", "jahr", "kategorie", "zielgruppe", "schwelle", "schema", "versorgung_grenzen"],
        SZENARIO_ANSICHT => &["kategorie", "zielgruppe", "schwelle", "schema", "plan", "weg", "darstellung"],
        _ => &[
            "jahr",
            "ebene",
            "schema",
            "methode",
            "klassen",
            "grenzen",
            "palette",
            "kategorie",
            "zielgruppe",
            "schwelle",
            "umwegfaktor",
        ],
    };
    let erlaubt: Vec<&str> = SEITEN_PARAMETER.iter().chain(eigene).copied().collect();
    p.nur(&erlaubt).map_err(|e| ApiFehler::ungueltig(format!("Karte „{ansicht}“: {}", e.detail())))?;
    let kreis = &z.atlas.einheiten[z.atlas.kreis_einheit()].name;
    let (karteninhalt, titel, untertitel) = match ansicht {
        BEDARF_ANSICHT => bedarf_inhalt(&z, &p, zugang)?,
        SZENARIO_ANSICHT => szenario_inhalt(&z, &p, zugang)?,
        _ => {
            let c = choroplethe(&z, ansicht, &p, zugang)?;
            let ebene = if c.ebene == Ebene::Region { "Regionen" } else { "Kommunen" };
            (inhalt(&z, &c, zugang)?, format!("{} ({})", c.ind.name, c.jahr), format!("{kreis}, {ebene}"))
        }
    };
    let seite = Seite {
        papier,
        hoch,
        titel: p.text("titel").map(String::from).unwrap_or(titel),
        untertitel: p.text("untertitel").map(String::from).unwrap_or(untertitel),
    };
    let svg = render::svg(&karteninhalt, &seite);
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

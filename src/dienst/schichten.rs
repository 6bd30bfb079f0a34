//! The published layers: Kommunen, regions of each scheme, offers, indicator values and
//! coverage per Kommune, as features with German attribute names and WGS84 geometry. The OGC
//! API collections, the file exports and the server-rendered maps all read them from here,
//! so suppression applies to every one of them in the same way.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;

use super::parameter::{Bbox, Ganz, JAHR, KATEGORIE, Param, Parameter, STAND, Text, Wahl, Werte, ZIELGRUPPE_SCHICHT};
use super::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::Atlas;
use crate::analysis::abdeckung::{Abdeckungsfrage, Messung, abdeckung};
use crate::analysis::datenschutz::{Datenschutz, Status};
use crate::analysis::ebenen::{Ebene, einheiten_der_ebene};
use crate::analysis::indikatoren::{Herkunft, einheitswerte};
use crate::model::schicht::{Feld, Feldtyp, Geometrie, Objekt, Schicht, Wert};
use crate::model::{Einheitsart, Zielgruppe};
use crate::spatial::Crs;

fn feld(name: &str, typ: Feldtyp, beschreibung: &str) -> Feld {
    Feld { name: name.into(), typ, beschreibung: beschreibung.into() }
}

/// Thresholds of the coverage layers, metres.
pub const SCHWELLEN_M: [f64; 3] = [1000.0, 2000.0, 5000.0];

/// What a layer is asked with (parameters of some layers).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Schichtfrage {
    /// Offer category (`angebote`).
    pub kategorie: Option<String>,
    /// Year (`indikator-…`), default the latest.
    pub jahr: Option<i32>,
    /// Target group (`abdeckung-…`), default under 18.
    pub zielgruppe: Option<Zielgruppe>,
    /// Distance measure of `abdeckung-…` (metres along it).
    pub mass: crate::analysis::mass::Mass,
    /// Internal mode: hidden values are given (and still flagged).
    pub intern: bool,
}

/// A layer the service offers: id, title, description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schichtkopf {
    /// Id.
    pub id: String,
    /// German title.
    pub titel: String,
    /// German description.
    pub beschreibung: String,
    /// Areas (true) or points (false).
    pub flaechen: bool,
}

/// Every layer of the atlas.
pub fn katalog(a: &Atlas) -> Vec<Schichtkopf> {
    let mut v = vec![Schichtkopf {
        id: "kommunen".into(),
        titel: "Kommunen".into(),
        beschreibung: "Die Kommunen mit Einwohnerzahl, Fläche, Region und zuständigem Jugendamt".into(),
        flaechen: true,
    }];
    for s in a.regionsschemata.iter() {
        v.push(Schichtkopf {
            id: format!("regionen-{}", s.id),
            titel: format!("Regionen: {}", s.bezeichnung),
            beschreibung: format!(
                "Aufgelöste Regionsflächen, Stand {}{}",
                s.stand,
                if s.beispiel { " (Beispiel-Zuordnung)" } else { "" }
            ),
            flaechen: true,
        });
    }
    v.push(Schichtkopf {
        id: "angebote".into(),
        titel: "Angebote".into(),
        beschreibung: "Angebote für Kinder, Jugendliche und Familien als Punkte; Parameter kategorie filtert".into(),
        flaechen: false,
    });
    for i in a.indikatoren.iter() {
        v.push(Schichtkopf {
            id: format!("indikator-{}", i.id),
            titel: format!("Indikator: {}", i.name),
            beschreibung: format!("{} ({}) je Kommune; Parameter jahr", i.definition, i.masseinheit),
            flaechen: true,
        });
    }
    for k in a.kategorien.iter().filter(|k| a.angebote.iter().any(|o| o.kategorie == k.id)) {
        v.push(Schichtkopf {
            id: format!("abdeckung-{}", k.id),
            titel: format!("Versorgung: {}", k.bezeichnung),
            beschreibung:
                "Anteil der Zielgruppe je Kommune mit höchstens 1, 2 und 5 km zum nächsten Angebot (Luftlinie, \
                           mit mass=fuss, rad oder auto im Wegenetz); Parameter zielgruppe, mass"
                    .into(),
            flaechen: true,
        });
    }
    v
}

fn status_text(s: Status) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// Why a layer cannot be given; the variant decides the HTTP status, the text is German.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Schichtfehler {
    /// No layer with this id.
    #[error("{0}")]
    Unbekannt(String),
    /// The layer exists, but has nothing for the year asked for.
    #[error("{0}")]
    OhneWerte(String),
    /// A parameter is wrong.
    #[error("{0}")]
    Ungueltig(String),
}

/// The layer with this id.
pub fn schicht(a: &Atlas, id: &str, f: &Schichtfrage, schutz: &Datenschutz) -> Result<Schicht, Schichtfehler> {
    let kopf = katalog(a).into_iter().find(|k| k.id == id).ok_or_else(|| {
        Schichtfehler::Unbekannt(format!(
            "Eine Sammlung „{id}“ gibt es nicht; vorhanden: {}",
            katalog(a).iter().map(|k| k.id.as_str()).collect::<Vec<_>>().join(", ")
        ))
    })?;
    let mut s = Schicht {
        id: kopf.id.clone(),
        titel: kopf.titel,
        beschreibung: kopf.beschreibung,
        felder: Vec::new(),
        objekte: Vec::new(),
        metadaten: vec![("datenschutz".into(), schutz.beschreibung())],
    };
    if id == "kommunen" {
        kommunen(a, &mut s);
    } else if let Some(schema) = id.strip_prefix("regionen-") {
        regionen(a, schema, &mut s);
    } else if id == "angebote" {
        angebote(a, f, &mut s)?;
    } else if let Some(ind) = id.strip_prefix("indikator-") {
        indikator(a, ind, f, schutz, &mut s)?;
    } else if let Some(kat) = id.strip_prefix("abdeckung-") {
        versorgung(a, kat, f, schutz, &mut s)?;
    }
    Ok(s)
}

fn kommunen(a: &Atlas, s: &mut Schicht) {
    let schema = a.regionsschemata.first();
    s.felder = vec![
        feld("ags", Feldtyp::Text, "Amtlicher Gemeindeschlüssel"),
        feld("name", Feldtyp::Text, "Name"),
        feld("bez", Feldtyp::Text, "Bezeichnung (Stadt/Gemeinde)"),
        feld("einwohner", Feldtyp::Ganzzahl, "Einwohner (Quelle und Stand siehe quelle, stand)"),
        feld("flaeche_km2", Feldtyp::Zahl, "Fläche in km² (aus den Grenzen, EPSG:25832)"),
        feld("region", Feldtyp::Text, "Region im ersten Regionsschema"),
        feld("jugendamt", Feldtyp::Text, "zuständiges Jugendamt"),
    ];
    s.objekte = a
        .kommunen
        .iter()
        .enumerate()
        .map(|(i, k)| Objekt {
            id: k.ags.to_string(),
            werte: vec![
                Wert::text(k.ags.to_string()),
                Wert::text(&k.name),
                Wert::text(&k.bez),
                Wert::Ganzzahl(Some(k.einwohner as i64)),
                Wert::Zahl(Some((k.flaeche_km2 * 100.0).round() / 100.0)),
                Wert::Text(schema.and_then(|sc| sc.zuordnung[i].map(|r| sc.regionen[r].clone()))),
                Wert::text(&k.jugendamt),
            ],
            geometrie: Geometrie::Flaeche(k.grenze_wgs84.clone()),
        })
        .collect();
    s.metadaten.push(("quelle".into(), format!("{}; {}", a.quellen.text("grenzen"), a.quellen.text("bevoelkerung"))));
    s.metadaten.push((
        "stand".into(),
        format!("Grenzen {}, Einwohner {}", a.quellen.stand("grenzen"), a.quellen.stand("bevoelkerung")),
    ));
}

fn regionen(a: &Atlas, schema: &str, s: &mut Schicht) {
    let Some(si) = a.regionsschemata.iter().position(|x| x.id == schema) else { return };
    let sc = &a.regionsschemata[si];
    s.felder = vec![
        feld("id", Feldtyp::Text, "Kennung der Region"),
        feld("name", Feldtyp::Text, "Name der Region"),
        feld("schema", Feldtyp::Text, "Regionsschema"),
        feld("einwohner", Feldtyp::Ganzzahl, "Einwohner (Quelle und Stand siehe quelle, stand)"),
        feld("mitglieder", Feldtyp::Text, "AGS der Mitgliedskommunen, durch Komma getrennt"),
        feld("beispiel", Feldtyp::Wahrheitswert, "Beispiel-Zuordnung, nicht amtlich"),
    ];
    for (e, x) in a.einheiten.iter().enumerate() {
        if !matches!(x.art, Einheitsart::Region { schema, .. } if schema == si) {
            continue;
        }
        s.objekte.push(Objekt {
            id: x.id.clone(),
            werte: vec![
                Wert::text(&x.id),
                Wert::text(&x.name),
                Wert::text(&sc.id),
                Wert::Ganzzahl(Some(x.mitglieder.iter().map(|&k| a.kommunen[k].einwohner as i64).sum())),
                Wert::text(x.mitglieder.iter().map(|&k| a.kommunen[k].ags.to_string()).collect::<Vec<_>>().join(",")),
                Wert::Wahrheitswert(sc.beispiel),
            ],
            geometrie: Geometrie::Flaeche(a.einheit_grenze(e).clone()),
        });
    }
    s.metadaten.push(("quelle".into(), format!("{}; Zuordnung: {}", a.quellen.text("grenzen"), sc.bezeichnung)));
    s.metadaten.push(("stand".into(), sc.stand.clone()));
    s.metadaten.push(("beispiel".into(), if sc.beispiel { "ja".into() } else { "nein".into() }));
    if !sc.hinweis.is_empty() {
        s.metadaten.push(("hinweis".into(), sc.hinweis.clone()));
    }
}

fn angebote(a: &Atlas, f: &Schichtfrage, s: &mut Schicht) -> Result<(), Schichtfehler> {
    if let Some(k) = &f.kategorie
        && a.kategorie(k).is_none()
    {
        return Err(Schichtfehler::Ungueltig(format!(
            "Parameter „kategorie“: unbekannte Kategorie „{k}“; vorhanden: {}",
            a.kategorien.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
        )));
    }
    s.felder = vec![
        feld("id", Feldtyp::Text, "Kennung"),
        feld("name", Feldtyp::Text, "Name"),
        feld("kategorie", Feldtyp::Text, "Kategorie (Kennung)"),
        feld("kategorie_bezeichnung", Feldtyp::Text, "Kategorie"),
        feld("paragraph", Feldtyp::Text, "Rechtsgrundlage"),
        feld("traeger", Feldtyp::Text, "Träger"),
        feld("strasse", Feldtyp::Text, "Straße"),
        feld("plz", Feldtyp::Text, "Postleitzahl"),
        feld("ort", Feldtyp::Text, "Ort"),
        feld("ags", Feldtyp::Text, "AGS der Kommune"),
        feld("beispiel", Feldtyp::Wahrheitswert, "Beispieldaten, nicht amtlich"),
        feld("quelle", Feldtyp::Text, "Quelle des Eintrags"),
    ];
    // Further columns of angebote.csv (e.g. schulformen, schueler) go along, the same for every
    // request: a number column where every value given is a number.
    let feste: Vec<String> = s.felder.iter().map(|x| x.name.clone()).collect();
    let mut merkmale: std::collections::BTreeMap<&str, bool> = std::collections::BTreeMap::new();
    for (k, v) in a.angebote.iter().flat_map(|o| &o.merkmale).filter(|(k, _)| !feste.contains(k)) {
        let zahl = v.trim().is_empty() || v.trim().parse::<f64>().is_ok_and(f64::is_finite);
        *merkmale.entry(k.as_str()).or_insert(true) &= zahl;
    }
    for (k, zahl) in &merkmale {
        let typ = if *zahl { Feldtyp::Zahl } else { Feldtyp::Text };
        s.felder.push(feld(k, typ, &format!("Merkmal „{k}“ aus angebote.csv")));
    }
    for o in a.angebote.iter().filter(|o| f.kategorie.as_ref().is_none_or(|k| &o.kategorie == k)) {
        let kat = a.kategorie(&o.kategorie);
        let leer_oder = |t: &str| Wert::Text((!t.is_empty()).then(|| t.to_string()));
        s.objekte.push(Objekt {
            id: o.id.clone(),
            werte: vec![
                Wert::text(&o.id),
                Wert::text(&o.name),
                Wert::text(&o.kategorie),
                Wert::Text(kat.map(|k| k.bezeichnung.clone())),
                Wert::Text(kat.map(|k| k.paragraph.clone()).filter(|p| !p.is_empty())),
                leer_oder(&o.traeger),
                leer_oder(&o.strasse),
                leer_oder(&o.plz),
                leer_oder(&o.ort),
                Wert::text(o.ags.to_string()),
                Wert::Wahrheitswert(o.beispiel),
                leer_oder(&o.quelle),
            ]
            .into_iter()
            .chain(merkmale.iter().map(|(k, zahl)| {
                let v = o.merkmale.get(*k).map(|v| v.trim()).filter(|v| !v.is_empty());
                if *zahl { Wert::Zahl(v.and_then(|v| v.parse().ok())) } else { Wert::Text(v.map(String::from)) }
            }))
            .collect(),
            geometrie: Geometrie::Punkt(o.lage),
        });
    }
    s.metadaten.push(("quelle".into(), a.quellen.text("angebote").into()));
    s.metadaten.push(("stand".into(), a.quellen.stand("angebote").into()));
    Ok(())
}

fn indikator(
    a: &Atlas,
    id: &str,
    f: &Schichtfrage,
    schutz: &Datenschutz,
    s: &mut Schicht,
) -> Result<(), Schichtfehler> {
    let i = a
        .indikatoren
        .iter()
        .find(|i| i.id == id)
        .ok_or_else(|| Schichtfehler::Unbekannt(format!("unbekannter Indikator „{id}“")))?;
    let jahre = i.jahre();
    let jahr = match f.jahr {
        Some(j) if jahre.contains(&j) => j,
        Some(j) => {
            return Err(Schichtfehler::OhneWerte(format!(
                "Für „{id}“ gibt es im Jahr {j} keine Werte; vorhanden: {}",
                jahre.iter().map(|j| j.to_string()).collect::<Vec<_>>().join(", ")
            )));
        }
        None => *jahre.last().ok_or_else(|| Schichtfehler::OhneWerte(format!("„{id}“ hat keine Werte")))?,
    };
    let w = einheitswerte(a, i, jahr, schutz);
    s.felder = vec![
        feld("ags", Feldtyp::Text, "Amtlicher Gemeindeschlüssel"),
        feld("name", Feldtyp::Text, "Kommune"),
        feld("jahr", Feldtyp::Ganzzahl, "Jahr"),
        feld("wert", Feldtyp::Zahl, &format!("{} ({})", i.name, i.masseinheit)),
        feld("zaehler", Feldtyp::Zahl, &format!("Zähler: {}", i.zaehler)),
        feld("nenner", Feldtyp::Zahl, &format!("Nenner: {}", i.nenner)),
        feld("status", Feldtyp::Text, "ausgewiesen, nicht_ausgewiesen (Datenschutz) oder keine_angabe"),
        feld("einheit", Feldtyp::Text, "Einheit"),
        feld("beispiel", Feldtyp::Wahrheitswert, "Beispieldaten, nicht amtlich"),
    ];
    for (k, km) in a.kommunen.iter().enumerate() {
        let x = w[k].sichtbar(f.intern);
        s.objekte.push(Objekt {
            id: km.ags.to_string(),
            werte: vec![
                Wert::text(km.ags.to_string()),
                Wert::text(&km.name),
                Wert::Ganzzahl(Some(i64::from(jahr))),
                Wert::Zahl(x.wert),
                Wert::Zahl(x.zaehler),
                Wert::Zahl(x.nenner),
                Wert::text(status_text(x.status)),
                Wert::text(&i.masseinheit),
                Wert::Wahrheitswert(i.beispiel),
            ],
            geometrie: Geometrie::Flaeche(km.grenze_wgs84.clone()),
        });
    }
    let kreis = w[a.kreis_einheit()];
    if kreis.herkunft != Herkunft::Fehlt && (!kreis.status.gesperrt() || f.intern) {
        s.metadaten.push(("kreiswert".into(), kreis.wert.map(|v| format!("{v:.4}")).unwrap_or_default()));
    }
    s.metadaten.push(("indikator".into(), i.name.clone()));
    s.metadaten.push(("jahr".into(), jahr.to_string()));
    s.metadaten.push(("einheit".into(), i.masseinheit.clone()));
    s.metadaten.push(("quelle".into(), i.quelle.clone()));
    s.metadaten.push(("stand".into(), i.stand.clone()));
    s.metadaten.push(("beispiel".into(), if i.beispiel { "ja".into() } else { "nein".into() }));
    Ok(())
}

fn versorgung(
    a: &Atlas,
    kat: &str,
    f: &Schichtfrage,
    schutz: &Datenschutz,
    s: &mut Schicht,
) -> Result<(), Schichtfehler> {
    let k = a.kategorie(kat).ok_or_else(|| Schichtfehler::Unbekannt(format!("unbekannte Kategorie „{kat}“")))?;
    let z = f.zielgruppe.unwrap_or(Zielgruppe::Unter18);
    let messung = Messung { mass: f.mass, ..Messung::LUFTLINIE };
    let frage = Abdeckungsfrage::neu(z, SCHWELLEN_M.to_vec(), messung).map_err(Schichtfehler::Ungueltig)?;
    let n = messung
        .naechste(a, kat, z)
        .ok_or_else(|| Schichtfehler::Unbekannt(format!("unbekannte Kategorie „{kat}“ oder kein Netz")))?;
    let wie = messung.kurz();
    let x = abdeckung(a, n, &frage, schutz);
    s.felder = vec![
        feld("ags", Feldtyp::Text, "Amtlicher Gemeindeschlüssel"),
        feld("name", Feldtyp::Text, "Kommune"),
        feld("zielgruppe", Feldtyp::Text, z.bezeichnung()),
        feld("personen", Feldtyp::Zahl, "Personen der Zielgruppe (Bevölkerungsfläche)"),
        feld("anteil_1000", Feldtyp::Zahl, &format!("Anteil mit höchstens 1 km ({wie}) zum nächsten Angebot")),
        feld("anteil_2000", Feldtyp::Zahl, "Anteil mit höchstens 2 km"),
        feld("anteil_5000", Feldtyp::Zahl, "Anteil mit höchstens 5 km"),
        feld("status", Feldtyp::Text, "ausgewiesen oder nicht_ausgewiesen (Datenschutz)"),
    ];
    for e in einheiten_der_ebene(a, Ebene::Kommune, 0) {
        let km = &a.kommunen[e];
        let zeigen = !x[e].status.gesperrt() || f.intern;
        let anteil = |i: usize| Wert::Zahl(if zeigen { x[e].anteil(i).map(|v| (v * 1e6).round() / 1e6) } else { None });
        s.objekte.push(Objekt {
            id: km.ags.to_string(),
            werte: vec![
                Wert::text(km.ags.to_string()),
                Wert::text(&km.name),
                Wert::text(z.id()),
                Wert::Zahl(zeigen.then(|| (x[e].gewicht * 10.0).round() / 10.0)),
                anteil(0),
                anteil(1),
                anteil(2),
                Wert::text(status_text(x[e].status)),
            ],
            geometrie: Geometrie::Flaeche(km.grenze_wgs84.clone()),
        });
    }
    let beispiel = a.angebote.iter().any(|o| o.kategorie == kat && o.beispiel);
    s.metadaten.push(("kategorie".into(), k.bezeichnung.clone()));
    s.metadaten.push(("entfernungsmass".into(), frage.mass()));
    let quelle = format!("berechnet von sozialraum; {}", a.quellen.text("bevoelkerung"));
    s.metadaten.push(("quelle".into(), super::messung::quelle_mit_netz(quelle, &messung)));
    s.metadaten.push(("stand".into(), format!("Bevölkerung: {}", a.quellen.stand("bevoelkerung"))));
    s.metadaten.push(("beispiel".into(), if beispiel { "ja".into() } else { "nein".into() }));
    Ok(())
}

impl From<Schichtfehler> for Anfragefehler {
    fn from(e: Schichtfehler) -> Self {
        match e {
            Schichtfehler::Unbekannt(t) | Schichtfehler::OhneWerte(t) => Anfragefehler::NichtGefunden(t),
            Schichtfehler::Ungueltig(t) => Anfragefehler::Ungueltig(t),
        }
    }
}

impl Schichtfrage {
    /// The layer parameters `kategorie`, `jahr`, `zielgruppe`, `mass` of a request.
    pub fn lesen(a: &Atlas, p: &Parameter, zugang: Zugang) -> Ergebnis<Self> {
        Ok(Schichtfrage {
            kategorie: p.kategorie(a)?.map(String::from),
            jahr: p.jahr()?,
            zielgruppe: p.wahl(&ZIELGRUPPE_SCHICHT)?,
            mass: p.messung(a, false)?.mass,
            intern: zugang.intern(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The OGC API – Features view of the layers.

fn crs_uris(_: &super::Verzeichnis) -> Vec<String> {
    Crs::ALLE.iter().map(|c| c.uri().to_string()).collect()
}
/// `f`: JSON or HTML (otherwise by the `Accept` header).
pub const F: Wahl = Wahl {
    name: "f",
    werte: Werte::Fest(&["json", "html"]),
    standard: None,
    pflicht: false,
    text: "Format der Antwort (sonst nach Accept-Kopf)",
};
/// `crs`: the output CRS of OGC resources.
pub const CRS: Wahl = Wahl {
    name: "crs",
    werte: Werte::Daten(crs_uris),
    standard: None,
    pflicht: false,
    text: "Koordinatenreferenzsystem der Antwort als URI: OGC CRS84 (Standard), EPSG 4326 (Breite, Länge) oder EPSG 25832",
};
/// `bbox-crs`: the CRS of `bbox`.
pub const BBOX_CRS: Wahl = Wahl {
    name: "bbox-crs",
    werte: Werte::Daten(crs_uris),
    standard: None,
    pflicht: false,
    text: "Koordinatenreferenzsystem von bbox als URI (Standard CRS84)",
};
/// `bbox` of OGC items (four or six numbers).
pub const BBOX: Bbox = Bbox {
    mit_hoehe: true,
    text: "Ausschnitt: vier Zahlen West, Süd, Ost, Nord (WGS84 bzw. in der Achsfolge von bbox-crs) oder sechs mit Höhe; \
           Features, deren Geometrie den Ausschnitt schneidet. West > Ost: über den 180. Längengrad; Süd > Nord: leer",
};
/// Default page size of items.
pub const STANDARD_LIMIT: usize = 100;
/// Largest page size of items (larger values are cut to it).
pub const MAX_LIMIT: usize = 1000;
/// `limit`: page size.
pub const LIMIT: Ganz = Ganz {
    name: "limit",
    min: 1,
    max: u32::MAX as usize,
    standard: STANDARD_LIMIT,
    text: "Höchstzahl der Features je Seite (größere Werte werden auf 1000 begrenzt)",
};
/// `offset`: features skipped.
pub const OFFSET: Ganz =
    Ganz { name: "offset", min: 0, max: u32::MAX as usize, standard: 0, text: "Anzahl der übersprungenen Features" };
/// `datetime`: an instant or interval (every feature is valid at every time).
pub const DATETIME: Text = Text {
    name: "datetime",
    max_laenge: None,
    muster: Some(DATETIME_MUSTER),
    format: None,
    text: "Zeitpunkt oder Zeitraum nach RFC 3339 (2026-12-01, 2026-01-01/.., ../2026-12-31); die Sammlungen beschreiben den \
           aktuellen Stand ohne eigene Zeitangabe, jedes Feature gilt daher zu jeder Zeit",
};
/// An RFC 3339 date or date-time, or an interval of them with an open end (`..` or empty).
pub const DATETIME_MUSTER: &str = r"^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?/(\.\.)?|(\.\.)?/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?)$";

/// The parameters every OGC resource takes (clients append `crs` to every request).
pub const OGC_PARAMETER: &[Param] = &[Param::Wahl(&F), Param::Wahl(&CRS)];
/// The parameters of a layer's items.
pub const ITEMS_PARAMETER: &[Param] = &[
    Param::Wahl(&F),
    Param::Wahl(&CRS),
    Param::Ganz(&LIMIT),
    Param::Ganz(&OFFSET),
    Param::Bbox(&BBOX),
    Param::Wahl(&BBOX_CRS),
    Param::Text(&DATETIME),
    Param::Wahl(&KATEGORIE),
    Param::Jahr(&JAHR),
    Param::Wahl(&ZIELGRUPPE_SCHICHT),
    Param::Wahl(&super::messung::MASS),
    Param::Text(&STAND),
];
/// The parameters of one feature.
pub const ITEM_PARAMETER: &[Param] = &[
    Param::Wahl(&F),
    Param::Wahl(&CRS),
    Param::Wahl(&KATEGORIE),
    Param::Jahr(&JAHR),
    Param::Wahl(&ZIELGRUPPE_SCHICHT),
    Param::Wahl(&super::messung::MASS),
    Param::Text(&STAND),
];

/// The output CRS asked for (`crs`), CRS84 by default.
pub fn crs_aus(p: &Parameter, name: &str) -> Ergebnis<Crs> {
    match p.text(name) {
        None => Ok(Crs::Crs84),
        Some(t) => Crs::lesen(t).map_err(|e| Anfragefehler::ungueltig(format!("Parameter „{name}“ = {e}"))),
    }
}

/// An attribute as OGC API describes it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Eigenschaft {
    /// Name.
    pub name: String,
    /// text, zahl, ganzzahl or wahrheitswert.
    #[serde(rename = "type")]
    pub typ: String,
    /// German description.
    pub description: String,
}

/// What the collection resources say about a layer, prepared once at startup.
#[derive(Debug, Clone)]
pub struct Sammlung {
    /// Id.
    pub id: String,
    /// German title.
    pub titel: String,
    /// German description.
    pub beschreibung: String,
    /// Extent (lon/lat).
    pub bbox: Option<[f64; 4]>,
    /// Number of features (default parameters).
    pub anzahl: usize,
    /// Attributes.
    pub felder: Vec<Eigenschaft>,
    /// Source, Stand, data protection … as (key, value).
    pub metadaten: Vec<(String, String)>,
}

/// Bounding box (lon/lat) of a geometry.
fn huelle(g: &Geometrie) -> Option<[f64; 4]> {
    use geo::BoundingRect;
    match g {
        Geometrie::Flaeche(mp) => mp.bounding_rect().map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]),
        Geometrie::Punkt(p) => Some([p.lon, p.lat, p.lon, p.lat]),
    }
}

/// The collection descriptions of every layer (default parameters, public mode).
pub fn sammlungen(a: &Atlas, schutz: &Datenschutz) -> Vec<Sammlung> {
    katalog(a)
        .iter()
        .filter_map(|k| schicht(a, &k.id, &Schichtfrage::default(), schutz).ok())
        .map(|s| Sammlung {
            bbox: s
                .objekte
                .iter()
                .filter_map(|o| huelle(&o.geometrie))
                .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
                .map(|h| h.map(|x| (x * 1e6).round() / 1e6)),
            anzahl: s.objekte.len(),
            felder: s
                .felder
                .iter()
                .map(|f| Eigenschaft {
                    name: f.name.clone(),
                    typ: serde_json::to_value(f.typ)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                    description: f.beschreibung.clone(),
                })
                .collect(),
            metadaten: s.metadaten,
            id: s.id,
            titel: s.titel,
            beschreibung: s.beschreibung,
        })
        .collect()
}

/// A page of a layer's features.
#[derive(Debug)]
pub struct Featureseite {
    /// The layer.
    pub schicht: Arc<Schicht>,
    /// Indices of every feature matching `bbox`.
    pub treffer: Vec<usize>,
    /// Indices of the features of this page.
    pub seite: Vec<usize>,
    /// Output CRS.
    pub crs: Crs,
    /// Page size.
    pub limit: usize,
    /// Features skipped.
    pub offset: usize,
}

impl Dienst {
    /// The prepared descriptions of every layer.
    pub fn sammlungen(&self) -> &[Sammlung] {
        &self.sammlungen
    }

    /// The description of one layer.
    pub fn sammlung(&self, id: &str) -> Ergebnis<&Sammlung> {
        self.sammlungen.iter().find(|s| s.id == id).ok_or_else(|| {
            Anfragefehler::nicht_gefunden(format!(
                "Eine Sammlung „{}“ gibt es nicht; vorhanden: {}",
                super::parameter::kuerzen(id),
                self.sammlungen.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
            ))
        })
    }

    /// A layer as asked for; built once per set of parameters and then kept.
    pub fn schicht(&self, id: &str, f: &Schichtfrage) -> Ergebnis<Arc<Schicht>> {
        let schluessel = (id.to_string(), f.clone());
        if let Some(s) = self.schichten.lock().ok().and_then(|m| m.get(&schluessel).cloned()) {
            return Ok(s);
        }
        let s = Arc::new(schicht(&self.atlas, id, f, &self.datenschutz)?);
        if let Ok(mut m) = self.schichten.lock() {
            m.insert(schluessel, s.clone());
        }
        Ok(s)
    }

    /// A page of the features of a layer.
    pub fn features(&self, id: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Featureseite> {
        p.nur(ITEMS_PARAMETER)?;
        let crs = crs_aus(p, "crs")?;
        // Larger pages than the maximum are cut to it (OGC API – Features, Part 1, 7.15.3).
        let limit = p.ganz(&LIMIT)?.min(MAX_LIMIT);
        let offset = p.ganz(&OFFSET)?;
        // Without a bbox, a bbox-crs has nothing to act on and is only checked.
        let bbox = p.bbox(&BBOX, crs_aus(p, "bbox-crs")?)?;
        datetime_pruefen(p)?;
        let schicht = self.schicht(id, &Schichtfrage::lesen(&self.atlas, p, zugang)?)?;
        let treffer: Vec<usize> = (0..schicht.objekte.len())
            .filter(|&i| match (&bbox, &schicht.objekte[i].geometrie) {
                (None, _) => true,
                (Some(b), Geometrie::Flaeche(mp)) => b.schneidet(mp),
                (Some(b), Geometrie::Punkt(p)) => b.enthaelt(*p),
            })
            .collect();
        let seite = treffer.iter().skip(offset).take(limit).copied().collect();
        Ok(Featureseite { schicht, treffer, seite, crs, limit, offset })
    }

    /// One feature of a layer: the layer and the feature's index.
    pub fn feature_von(
        &self,
        id: &str,
        fid: &str,
        p: &Parameter,
        zugang: Zugang,
    ) -> Ergebnis<(Arc<Schicht>, usize, Crs)> {
        p.nur(ITEM_PARAMETER)?;
        let crs = crs_aus(p, "crs")?;
        let s = self.schicht(id, &Schichtfrage::lesen(&self.atlas, p, zugang)?)?;
        let i = s.objekte.iter().position(|o| o.id == fid).ok_or_else(|| {
            Anfragefehler::nicht_gefunden(format!(
                "In der Sammlung „{id}“ gibt es kein Feature „{}“",
                super::parameter::kuerzen(fid)
            ))
        })?;
        Ok((s, i, crs))
    }
}

/// An open end of a `datetime` interval: empty or `..`.
fn offen(s: &str) -> bool {
    s.is_empty() || s == ".."
}

/// The form of an RFC 3339 date or date-time: `JJJJ-MM-TT`, optionally `Thh:mm:ss`, a decimal
/// fraction and `Z` or `±hh:mm` (the grammar of [`DATETIME_MUSTER`]).
fn zeitpunkt(s: &str) -> bool {
    let form = |s: &str, muster: &str| {
        s.len() == muster.len()
            && s.bytes().zip(muster.bytes()).all(|(c, m)| if m == b'9' { c.is_ascii_digit() } else { c == m })
    };
    if s.len() < 10 || !s.is_char_boundary(10) || !form(&s[..10], "9999-99-99") {
        return false;
    }
    let rest = &s[10..];
    if rest.is_empty() {
        return true;
    }
    let Some(zeit) = rest.strip_prefix('T') else {
        return false;
    };
    if zeit.len() < 8 || !zeit.is_char_boundary(8) || !form(&zeit[..8], "99:99:99") {
        return false;
    }
    let mut rest = &zeit[8..];
    if let Some(bruch) = rest.strip_prefix('.') {
        let n = bruch.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &bruch[n..];
    }
    rest == "Z"
        || ((rest.starts_with('+') || rest.starts_with('-')) && rest.is_char_boundary(1) && form(&rest[1..], "99:99"))
}

/// Checks `datetime` (RFC 3339 instant, date, or interval with `..` for an open end). The
/// layers describe the present state and carry no time of their own, so every feature is
/// valid at every time and the filter keeps all of them (OGC API – Features, Part 1, 7.15.4).
fn datetime_pruefen(p: &Parameter) -> Ergebnis<()> {
    let Some(t) = p.text("datetime") else {
        return Ok(());
    };
    let gut = match t.split('/').collect::<Vec<_>>().as_slice() {
        [x] => zeitpunkt(x),
        [a, b] => (offen(a) && zeitpunkt(b)) || (zeitpunkt(a) && (offen(b) || zeitpunkt(b))),
        _ => false,
    };
    if gut {
        Ok(())
    } else {
        Err(Anfragefehler::ungueltig(format!(
            "Parameter „datetime“ = „{}“: erwartet ein Datum oder einen Zeitpunkt nach RFC 3339 (2026-12-01, \
             2026-12-01T10:00:00Z) oder einen Zeitraum (2026-01-01/2026-12-31, ../2026-12-31)",
            super::parameter::kuerzen(t)
        )))
    }
}

/// A link of an OGC API resource.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Link {
    /// Target.
    pub href: String,
    /// Relation (self, alternate, next …).
    pub rel: &'static str,
    /// Media type.
    #[serde(rename = "type")]
    pub typ: &'static str,
    /// German title.
    pub title: &'static str,
}

/// A GeoJSON geometry in the output CRS.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "type")]
pub enum Ausgabegeometrie {
    /// A point.
    Point {
        /// The two coordinates in the axis order of the CRS.
        coordinates: [f64; 2],
    },
    /// Areas: polygons of rings of positions.
    MultiPolygon {
        /// Polygons, each outer ring first.
        coordinates: Vec<Vec<Vec<[f64; 2]>>>,
    },
}

/// A geometry (WGS84) in `crs`, rounded as sent (centimetres, or 1e-7°) and still valid (rings
/// that rounding made touch are split).
pub fn ausgabegeometrie(g: &Geometrie, crs: Crs) -> Ergebnis<Ausgabegeometrie> {
    let runden = |x: f64| if crs.metrisch() { (x * 100.0).round() / 100.0 } else { (x * 1e7).round() / 1e7 };
    match g {
        Geometrie::Punkt(p) => {
            let mut v = [(p.lon, p.lat)];
            crs.von_lonlat(&mut v).map_err(Anfragefehler::intern)?;
            Ok(Ausgabegeometrie::Point { coordinates: [runden(v[0].0), runden(v[0].1)] })
        }
        Geometrie::Flaeche(mp) => {
            let ring_um = |ls: &geo::LineString<f64>| -> Ergebnis<geo::LineString<f64>> {
                let mut v: Vec<(f64, f64)> = ls.0.iter().map(|c| (c.x, c.y)).collect();
                crs.von_lonlat(&mut v).map_err(Anfragefehler::intern)?;
                Ok(geo::LineString(v.into_iter().map(|(x, y)| geo::Coord { x, y }).collect()))
            };
            let mut teile = Vec::with_capacity(mp.0.len());
            for poly in &mp.0 {
                let innen = poly.interiors().iter().map(ring_um).collect::<Ergebnis<Vec<_>>>()?;
                teile.push(geo::Polygon::new(ring_um(poly.exterior())?, innen));
            }
            let g = crate::spatial::gerundet_gueltig(&geo::MultiPolygon(teile), runden);
            let ring = |ls: &geo::LineString<f64>| ls.0.iter().map(|c| [c.x, c.y]).collect::<Vec<_>>();
            Ok(Ausgabegeometrie::MultiPolygon {
                coordinates: g
                    .0
                    .iter()
                    .map(|p| std::iter::once(p.exterior()).chain(p.interiors()).map(ring).collect())
                    .collect(),
            })
        }
    }
}

/// The attributes of a feature, as a JSON object in the order of the layer's fields.
#[derive(Debug, Clone)]
pub struct Eigenschaften<'a> {
    felder: &'a [Feld],
    werte: &'a [Wert],
}

impl Serialize for Eigenschaften<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.felder.len()))?;
        for (f, w) in self.felder.iter().zip(self.werte) {
            m.serialize_entry(&f.name, w)?;
        }
        m.end()
    }
}

impl JsonSchema for Eigenschaften<'_> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Eigenschaften".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "object", "description": "Die Felder der Sammlung (siehe ihre Beschreibung)"})
    }
}

/// A feature of a layer in the output CRS.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Schichtfeature<'a> {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub typ: super::teile::GeojsonTyp,
    /// Id.
    pub id: &'a str,
    /// Attributes.
    pub properties: Eigenschaften<'a>,
    /// Geometry in the output CRS.
    pub geometry: Ausgabegeometrie,
    /// Links (a single feature).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
}

/// Feature `i` of layer `s` in `crs`.
pub fn schichtfeature(s: &Schicht, i: usize, crs: Crs) -> Ergebnis<Schichtfeature<'_>> {
    let o = &s.objekte[i];
    Ok(Schichtfeature {
        typ: super::teile::GeojsonTyp::Feature,
        id: &o.id,
        properties: Eigenschaften { felder: &s.felder, werte: &o.werte },
        geometry: ausgabegeometrie(&o.geometrie, crs)?,
        links: None,
    })
}

/// A page of features as GeoJSON.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Schichtseite<'a> {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub typ: super::teile::GeojsonTyp,
    /// Features matching the filters.
    #[serde(rename = "numberMatched")]
    pub number_matched: usize,
    /// Features on this page.
    #[serde(rename = "numberReturned")]
    pub number_returned: usize,
    /// Links (self, alternate, collection, next, prev).
    pub links: Vec<Link>,
    /// The features.
    pub features: Vec<Schichtfeature<'a>>,
}

impl Featureseite {
    /// The page as GeoJSON, with the links of the transport.
    pub fn geojson(&self, links: Vec<Link>) -> Ergebnis<Schichtseite<'_>> {
        let features =
            self.seite.iter().map(|&i| schichtfeature(&self.schicht, i, self.crs)).collect::<Ergebnis<Vec<_>>>()?;
        Ok(Schichtseite {
            typ: super::teile::GeojsonTyp::FeatureCollection,
            number_matched: self.treffer.len(),
            number_returned: features.len(),
            links,
            features,
        })
    }
}

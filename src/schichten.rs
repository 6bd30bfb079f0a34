//! The published layers: Kommunen, regions of each scheme, offers, indicator values and
//! coverage per Kommune, as features with German attribute names and WGS84 geometry. The OGC
//! API collections, the file exports and the server-rendered maps all read them from here,
//! so suppression applies to every one of them in the same way.

use geo::MultiPolygon;

use crate::Atlas;
use crate::analysis::abdeckung::{Abdeckungsfrage, abdeckung};
use crate::analysis::datenschutz::{Datenschutz, Status};
use crate::analysis::einheiten::{Ebene, einheiten_der_ebene};
use crate::analysis::indikatoren::{Herkunft, einheitswerte};
use crate::model::{Einheitsart, Zielgruppe};
use crate::spatial::LonLat;

/// Thresholds of the coverage layers, metres.
pub const SCHWELLEN_M: [f64; 3] = [1000.0, 2000.0, 5000.0];

/// The type of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Feldtyp {
    /// Text.
    Text,
    /// Floating-point number.
    Zahl,
    /// Whole number.
    Ganzzahl,
    /// Yes/no.
    Wahrheitswert,
}

/// An attribute of a layer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Feld {
    /// Name (German, lower case, as in the API).
    pub name: String,
    /// Type.
    pub typ: Feldtyp,
    /// German description.
    pub beschreibung: String,
}

fn feld(name: &str, typ: Feldtyp, beschreibung: &str) -> Feld {
    Feld { name: name.into(), typ, beschreibung: beschreibung.into() }
}

/// A value of an attribute; `None` = empty (no value or hidden for data protection).
#[derive(Debug, Clone, PartialEq)]
pub enum Wert {
    /// Text.
    Text(Option<String>),
    /// Number.
    Zahl(Option<f64>),
    /// Whole number.
    Ganzzahl(Option<i64>),
    /// Yes/no.
    Wahrheitswert(bool),
}

impl Wert {
    fn text(s: impl Into<String>) -> Wert {
        Wert::Text(Some(s.into()))
    }

    /// As JSON.
    pub fn json(&self) -> serde_json::Value {
        match self {
            Wert::Text(t) => t.clone().map(Into::into).unwrap_or(serde_json::Value::Null),
            Wert::Zahl(z) => z.filter(|x| x.is_finite()).map(Into::into).unwrap_or(serde_json::Value::Null),
            Wert::Ganzzahl(z) => z.map(Into::into).unwrap_or(serde_json::Value::Null),
            Wert::Wahrheitswert(b) => (*b).into(),
        }
    }
}

/// The geometry of a feature, WGS84 (longitude, latitude).
#[derive(Debug, Clone, PartialEq)]
pub enum Geometrie {
    /// An area.
    Flaeche(MultiPolygon<f64>),
    /// A point.
    Punkt(LonLat),
}

/// A feature of a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Objekt {
    /// Id (AGS, offer id, unit id).
    pub id: String,
    /// Values in the order of [`Schicht::felder`].
    pub werte: Vec<Wert>,
    /// Geometry, WGS84.
    pub geometrie: Geometrie,
}

/// A layer: attributes, features and the metadata that belong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Schicht {
    /// Id (`kommunen`, `angebote`, `regionen-beispiel`, `indikator-kinderarmut`, `abdeckung-schule`).
    pub id: String,
    /// German title.
    pub titel: String,
    /// German description.
    pub beschreibung: String,
    /// Attributes.
    pub felder: Vec<Feld>,
    /// Features.
    pub objekte: Vec<Objekt>,
    /// Source, Stand, data protection note, example data … as (key, value).
    pub metadaten: Vec<(String, String)>,
}

impl Schicht {
    /// The metadata value of a key.
    pub fn meta(&self, schluessel: &str) -> Option<&str> {
        self.metadaten.iter().find(|(k, _)| k == schluessel).map(|(_, v)| v.as_str())
    }
}

/// What a layer is asked with (parameters of some layers).
#[derive(Debug, Clone, Default)]
pub struct Schichtfrage {
    /// Offer category (`angebote`).
    pub kategorie: Option<String>,
    /// Year (`indikator-…`), default the latest.
    pub jahr: Option<i32>,
    /// Target group (`abdeckung-…`), default under 18.
    pub zielgruppe: Option<Zielgruppe>,
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

const QUELLE_GRENZEN: &str = "Verwaltungsgrenzen: © GeoBasis-DE / BKG (2017)";
const QUELLE_BEVOELKERUNG: &str =
    "Einwohner: Zensus 2022 und Zensus 2011 (Gitter), Statistische Ämter des Bundes und der Länder, dl-de/by-2-0";

/// Every layer of the atlas.
pub fn katalog(a: &Atlas) -> Vec<Schichtkopf> {
    let mut v = vec![Schichtkopf {
        id: "kommunen".into(),
        titel: "Kommunen".into(),
        beschreibung: "Die Kommunen mit Einwohnerzahl (Zensus 2022), Fläche, Region und zuständigem Jugendamt".into(),
        flaechen: true,
    }];
    for s in &a.regionsschemata {
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
    for i in &a.indikatoren {
        v.push(Schichtkopf {
            id: format!("indikator-{}", i.id),
            titel: format!("Indikator: {}", i.name),
            beschreibung: format!("{} ({}) je Kommune; Parameter jahr", i.definition, i.einheit),
            flaechen: true,
        });
    }
    for k in a.kategorien.iter().filter(|k| a.angebote.iter().any(|o| o.kategorie == k.id)) {
        v.push(Schichtkopf {
            id: format!("abdeckung-{}", k.id),
            titel: format!("Versorgung: {}", k.bezeichnung),
            beschreibung: "Anteil der Zielgruppe je Kommune mit höchstens 1, 2 und 5 km Luftlinie zum nächsten Angebot; Parameter zielgruppe".into(),
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
        feld("einwohner", Feldtyp::Ganzzahl, "Einwohner, Zensus 2022"),
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
    s.metadaten.push(("quelle".into(), format!("{QUELLE_GRENZEN}; {QUELLE_BEVOELKERUNG}")));
    s.metadaten.push(("stand".into(), "Grenzen 2017, Einwohner 15.05.2022".into()));
}

fn regionen(a: &Atlas, schema: &str, s: &mut Schicht) {
    let Some(si) = a.regionsschemata.iter().position(|x| x.id == schema) else { return };
    let sc = &a.regionsschemata[si];
    s.felder = vec![
        feld("id", Feldtyp::Text, "Kennung der Region"),
        feld("name", Feldtyp::Text, "Name der Region"),
        feld("schema", Feldtyp::Text, "Regionsschema"),
        feld("einwohner", Feldtyp::Ganzzahl, "Einwohner, Zensus 2022"),
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
    s.metadaten.push(("quelle".into(), format!("{QUELLE_GRENZEN}; Zuordnung: {}", sc.bezeichnung)));
    s.metadaten.push(("stand".into(), sc.stand.clone()));
    s.metadaten.push(("beispiel".into(), if sc.beispiel { "ja".into() } else { "nein".into() }));
    if !sc.hinweis.is_empty() {
        s.metadaten.push(("hinweis".into(), sc.hinweis.clone()));
    }
}

fn angebote(a: &Atlas, f: &Schichtfrage, s: &mut Schicht) -> Result<(), Schichtfehler> {
    if let Some(k) = &f.kategorie {
        if a.kategorie(k).is_none() {
            return Err(Schichtfehler::Ungueltig(format!(
                "Parameter „kategorie“: unbekannte Kategorie „{k}“; vorhanden: {}",
                a.kategorien.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
            )));
        }
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
            ],
            geometrie: Geometrie::Punkt(o.lage),
        });
    }
    s.metadaten.push((
        "quelle".into(),
        "Schulen: HSL via JedeSchule.de (CC0), Lage © OpenStreetMap-Mitwirkende (ODbL); Familienzentren: Beispieldaten"
            .into(),
    ));
    s.metadaten.push(("stand".into(), "Schulen ≈ 2016/17; Beispieldaten 25.11.2026".into()));
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
        feld("wert", Feldtyp::Zahl, &format!("{} ({})", i.name, i.einheit)),
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
                Wert::text(&i.einheit),
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
    s.metadaten.push(("einheit".into(), i.einheit.clone()));
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
    let frage = Abdeckungsfrage::neu(z, SCHWELLEN_M.to_vec(), 1.0).map_err(Schichtfehler::Ungueltig)?;
    let n =
        a.naechste_angebote(kat, z).ok_or_else(|| Schichtfehler::Unbekannt(format!("unbekannte Kategorie „{kat}“")))?;
    let x = abdeckung(a, n, &frage, schutz);
    s.felder = vec![
        feld("ags", Feldtyp::Text, "Amtlicher Gemeindeschlüssel"),
        feld("name", Feldtyp::Text, "Kommune"),
        feld("zielgruppe", Feldtyp::Text, z.bezeichnung()),
        feld("personen", Feldtyp::Zahl, "Personen der Zielgruppe (Bevölkerungsfläche)"),
        feld("anteil_1000", Feldtyp::Zahl, "Anteil mit höchstens 1 km Luftlinie zum nächsten Angebot"),
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
    s.metadaten.push(("quelle".into(), format!("berechnet von sozialraum; {QUELLE_BEVOELKERUNG}")));
    s.metadaten.push(("stand".into(), "Bevölkerung Zensus 2022 (Verteilung Zensus 2011)".into()));
    s.metadaten.push(("beispiel".into(), if beispiel { "ja".into() } else { "nein".into() }));
    Ok(())
}

//! Loading a data set: read every file, report every problem (file, line/feature, reason),
//! reproject to EPSG:25832, then assemble the atlas.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use geo::{Area, MultiPolygon};

use super::einheiten::{self, aufloesen};
use super::flaeche::{self, Zelle1km, Zelle100m};
use super::{Atlas, angebote_baeume, kommune_an, kommunen_baum, naechste_berechnen};
use crate::error::{Error, Problem, Probleme, Result};
use crate::io::geojson_aus::{features_lesen, multipolygon_wgs84};
use crate::io::{Datenquelle, Tabelle, Zeile, utf8_text};
use crate::model::{
    Aggregation, Ags, Angebot, Gewicht, Indikator, Indikatorwert, JAHRE, Kategorie, Kommune, MAX_SCHWELLE_M,
    MAX_SCHWELLEN, Polaritaet, Quelle, Quellen, Regionsschema, Thema, Vorgaben,
};
use crate::spatial::{LonLat, Transformation, UTM32, Utm32, WGS84, lonlat_pruefen};

/// Reads, validates and indexes a data set.
pub(super) fn laden(quelle: Datenquelle) -> Result<Atlas> {
    if let Datenquelle::Verzeichnis(d) = &quelle
        && !d.is_dir()
    {
        return Err(Error::Datei {
            pfad: d.display().to_string(),
            grund: "dieses Datenverzeichnis gibt es nicht (oder es ist keine Ordner); erwartet ein Ordner mit \
                        kommunen.geojson, kommunen.csv, angebote.csv … (siehe README, „Der Datensatz“)"
                .into(),
        });
    }
    let mut p = Probleme::default();
    let lesen = |name: &str, p: &mut Probleme| match quelle.lesen(name) {
        Ok(b) => Some(b),
        Err(e) => {
            p.push(e);
            None
        }
    };
    let nach_utm = Transformation::neu(WGS84, UTM32)?;

    // Kommunen: boundaries, then their attributes.
    let grenzen = lesen("kommunen.geojson", &mut p).and_then(|b| grenzen_lesen(&b, &mut p)).unwrap_or_default();
    let kreis = kreis_bestimmen(&grenzen, &mut p);
    let kommunen = match lesen("kommunen.csv", &mut p) {
        Some(b) => kommunen_lesen(&b, grenzen, &nach_utm, &mut p),
        None => Vec::new(),
    };
    let baum = kommunen_baum(&kommunen);
    let ags_index: BTreeMap<Ags, usize> = kommunen.iter().enumerate().map(|(i, k)| (k.ags, i)).collect();
    let kontext =
        Kontext { kommunen: &kommunen, ags_index: &ags_index, baum: &baum, nach_utm: &nach_utm, kreis: &kreis };

    let (kategorien, genannte_kategorien) =
        lesen("kategorien.csv", &mut p).map(|b| kategorien_lesen(&b, &mut p)).unwrap_or_default();
    let angebote = lesen("angebote.csv", &mut p)
        .map(|b| angebote_lesen(&b, &kategorien, &genannte_kategorien, &kontext, &mut p))
        .unwrap_or_default();
    let regionsschemata = match (lesen("regionsschemata.csv", &mut p), lesen("regionen.csv", &mut p)) {
        (Some(s), Some(r)) => regionen_lesen(&s, &r, &kontext, &mut p),
        _ => Vec::new(),
    };
    let indikatoren = match (lesen("indikatoren.csv", &mut p), lesen("indikatorwerte.csv", &mut p)) {
        (Some(m), Some(w)) => indikatoren_lesen(&m, &w, &kontext, &mut p),
        _ => Vec::new(),
    };
    let zellen = lesen("zensus2011_1km.csv", &mut p).map(|b| raster_1km_lesen(&b, &mut p)).unwrap_or_default();
    let zellen100 = lesen("zensus2011_100m_unter10.csv", &mut p)
        .map(|b| raster_100m_lesen(&b, &kontext, &mut p))
        .unwrap_or_default();

    let quellen = lesen("quellen.csv", &mut p).map(|b| quellen_lesen(&b, &mut p)).unwrap_or_default();
    let vorgaben = lesen("vorgaben.csv", &mut p).and_then(|b| vorgaben_lesen(&b, &mut p));

    if !p.is_empty() {
        return Err(Error::Daten(p));
    }
    let Some(vorgaben) = vorgaben else {
        return Err(Error::Daten(Probleme(vec![Problem::datei("vorgaben.csv", "nicht lesbar")])));
    };
    let bevoelkerung = flaeche::aufbauen(&kommunen, &baum, &zellen, &zellen100, "zensus2011_1km.csv")?;
    let (angebote_baum, angebote_je_kategorie) = angebote_baeume(&angebote, &kategorien);
    let (einheiten, einheit_grenzen) = einheiten::aufbauen(&kreis, &kommunen, &regionsschemata);
    let naechste = naechste_berechnen(&bevoelkerung, &kategorien, &angebote_je_kategorie);
    let kreisjugendamt = einheiten::kreisjugendamt(&kommunen);
    Ok(Atlas {
        quelle,
        quellen,
        vorgaben,
        kreis,
        kommunen: std::sync::Arc::new(kommunen),
        kategorien,
        angebote,
        regionsschemata: std::sync::Arc::new(regionsschemata),
        indikatoren: std::sync::Arc::new(indikatoren),
        bevoelkerung: std::sync::Arc::new(bevoelkerung),
        meldungen: Default::default(),
        zellen100: Default::default(),
        einheiten: std::sync::Arc::new(einheiten),
        einheit_grenzen: std::sync::Arc::new(einheit_grenzen),
        naechste,
        netz: None,
        netz_naechste: Vec::new(),
        kreisjugendamt,
        kommunen_baum: std::sync::Arc::new(baum),
        angebote_baum,
        angebote_je_kategorie,
    })
}

/// What the later files are checked against.
struct Kontext<'a> {
    kommunen: &'a [Kommune],
    ags_index: &'a BTreeMap<Ags, usize>,
    baum: &'a rstar::RTree<rstar::primitives::GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>>,
    nach_utm: &'a Transformation,
    kreis: &'a str,
}

impl Kontext<'_> {
    /// Parses an AGS column and resolves it to a Kommune index, reporting malformed and
    /// unknown keys.
    fn kommune(&self, z: &Zeile<'_>, spalte: &str, p: &mut Probleme) -> Option<usize> {
        let ags = z.wert::<Ags>(spalte, "8-stelliger Gemeindeschlüssel", p)?;
        self.kommune_von(ags, z, p)
    }

    fn kommune_von(&self, ags: Ags, z: &Zeile<'_>, p: &mut Probleme) -> Option<usize> {
        match self.ags_index.get(&ags) {
            Some(&i) => Some(i),
            None if self.kommunen.is_empty() => None,
            None => {
                p.push(z.problem(format!(
                    "unbekannte AGS {ags}: keine Kommune des Datensatzes (gültig: {}001 … {}, siehe kommunen.csv)",
                    self.kreis,
                    self.kommunen.last().map(|k| k.ags.to_string()).unwrap_or_default()
                )));
                None
            }
        }
    }
}

struct Grenze {
    nr: usize,
    ags: Ags,
    name: String,
    bez: String,
    grenze: MultiPolygon<f64>,
}

fn grenzen_lesen(bytes: &[u8], p: &mut Probleme) -> Option<Vec<Grenze>> {
    const DATEI: &str = "kommunen.geojson";
    let text = utf8_text(DATEI, bytes).map_err(|e| p.push(e)).ok()?;
    let features = features_lesen(text).map_err(|e| p.push(Problem::datei(DATEI, e))).ok()?;
    let mut aus: Vec<Grenze> = Vec::new();
    let mut gesehen = HashSet::new();
    for f in features {
        let text_von =
            |k: &str| f.eigenschaften.get(k).and_then(|v| v.as_str()).map(str::trim).unwrap_or("").to_string();
        let ags_text = text_von("ags");
        let ort = if ags_text.is_empty() {
            format!("Feature {}", f.nr)
        } else {
            format!("Feature {} (AGS {ags_text})", f.nr)
        };
        let ags = match ags_text.parse::<Ags>() {
            Ok(a) => a,
            Err(_) if ags_text.is_empty() => {
                p.push(Problem::an(DATEI, ort, "Eigenschaft „ags“ fehlt (8-stelliger Gemeindeschlüssel als Text)"));
                continue;
            }
            Err(e) => {
                p.push(Problem::an(DATEI, ort, e.to_string()));
                continue;
            }
        };
        if !gesehen.insert(ags) {
            p.push(Problem::an(DATEI, ort, format!("AGS {ags} kommt mehrfach vor")));
            continue;
        }
        let name = text_von("name");
        if name.is_empty() {
            p.push(Problem::an(DATEI, &ort, "Eigenschaft „name“ fehlt"));
        }
        if let Some((_, _, c)) = ["name", "bez"].iter().find_map(|k| crate::io::steuerzeichen(&text_von(k))) {
            p.push(Problem::an(
                DATEI,
                &ort,
                format!("Name oder Bezeichnung enthält das Steuerzeichen U+{:04X} – bitte entfernen", c as u32),
            ));
        }
        let grenze = match f.geometrie.as_ref().map(multipolygon_wgs84) {
            Some(Ok(g)) => g,
            Some(Err(e)) => {
                // The Kommune stays known (with an empty area), so that the rows of other files
                // that name it do not each report an "unknown AGS": one broken polygon, one message.
                p.push(Problem::an(DATEI, ort, e));
                aus.push(Grenze { nr: f.nr, ags, name, bez: text_von("bez"), grenze: MultiPolygon(Vec::new()) });
                continue;
            }
            None => {
                p.push(Problem::an(DATEI, ort, "Feature ohne Geometrie"));
                continue;
            }
        };
        aus.push(Grenze { nr: f.nr, ags, name, bez: text_von("bez"), grenze });
    }
    aus.sort_by_key(|g| g.ags);
    Some(aus)
}

fn kreis_bestimmen(grenzen: &[Grenze], p: &mut Probleme) -> String {
    let mut zaehler: BTreeMap<&str, usize> = BTreeMap::new();
    for g in grenzen {
        *zaehler.entry(g.ags.kreis()).or_default() += 1;
    }
    let kreis = zaehler.iter().max_by_key(|(_, n)| **n).map(|(k, _)| k.to_string()).unwrap_or_default();
    for g in grenzen.iter().filter(|g| g.ags.kreis() != kreis) {
        p.push(Problem::an(
            "kommunen.geojson",
            format!("Feature {} (AGS {})", g.nr, g.ags),
            format!("AGS gehört nicht zum Kreis {kreis} wie die übrigen Kommunen"),
        ));
    }
    kreis
}

fn kommunen_lesen(bytes: &[u8], grenzen: Vec<Grenze>, nach_utm: &Transformation, p: &mut Probleme) -> Vec<Kommune> {
    const DATEI: &str = "kommunen.csv";
    let Some(t) = Tabelle::lesen(DATEI, bytes, &["ags", "name", "einwohner", "jugendamt", "sitz_lon", "sitz_lat"], p)
    else {
        return Vec::new();
    };
    let mut zeilen: BTreeMap<Ags, (u64, String, u64, String, LonLat)> = BTreeMap::new();
    for z in t.zeilen() {
        let ags = z.wert::<Ags>("ags", "8-stelliger Gemeindeschlüssel", p);
        let name = z.pflicht("name", p);
        let einwohner = z.wert::<u64>("einwohner", "ganze Zahl ≥ 0", p);
        let jugendamt = z.pflicht("jugendamt", p);
        let sitz = match (z.zahl("sitz_lon", p), z.zahl("sitz_lat", p)) {
            (Some(lon), Some(lat)) => {
                lonlat_pruefen(lon, lat).map_err(|e| p.push(z.problem(format!("Sitzpunkt: {e}")))).ok()
            }
            _ => None,
        };
        let (Some(ags), Some(name), Some(einwohner), Some(jugendamt), Some(sitz)) =
            (ags, name, einwohner, jugendamt, sitz)
        else {
            continue;
        };
        if !grenzen.iter().any(|g| g.ags == ags) {
            p.push(z.problem(format!("unbekannte AGS {ags}: keine Grenze dafür in kommunen.geojson")));
        } else if let Some((zeile, ..)) = zeilen.get(&ags) {
            p.push(z.problem(format!("AGS {ags} kommt mehrfach vor (schon in Zeile {zeile})")));
        } else {
            zeilen.insert(ags, (z.nr(), name.to_string(), einwohner, jugendamt.to_string(), sitz));
        }
    }
    let mut kommunen = Vec::with_capacity(grenzen.len());
    for g in grenzen {
        let Some((zeile, name, einwohner, jugendamt, sitz)) = zeilen.remove(&g.ags) else {
            p.push(Problem::datei(DATEI, format!("keine Zeile für AGS {} ({}) aus kommunen.geojson", g.ags, g.name)));
            continue;
        };
        let ort = format!("Zeile {zeile}");
        if name != g.name {
            p.push(Problem::an(DATEI, &ort, format!("Name „{name}“ passt nicht zu „{}“ in kommunen.geojson", g.name)));
        }
        let (grenze, sitz_utm) = match (nach_utm.multipolygon(&g.grenze), nach_utm.punkt(sitz.lon, sitz.lat)) {
            (Ok(m), Ok((x, y))) => (m, Utm32 { x, y }),
            (Err(e), _) | (_, Err(e)) => {
                p.push(Problem::an(DATEI, ort, e.to_string()));
                continue;
            }
        };
        let flaeche_km2 = grenze.unsigned_area() / 1.0e6;
        kommunen.push(Kommune {
            ags: g.ags,
            name,
            bez: g.bez,
            einwohner,
            jugendamt,
            sitz,
            sitz_utm,
            grenze_wgs84: g.grenze,
            grenze,
            flaeche_km2,
        });
    }
    kommunen
}

fn ist_kennung(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn kennung(z: &Zeile<'_>, spalte: &str, p: &mut Probleme) -> Option<String> {
    let id = z.pflicht(spalte, p)?;
    if ist_kennung(id) {
        Some(id.to_string())
    } else {
        p.push(z.problem(format!(
            "Spalte „{spalte}“: „{id}“ ist als Kennung ungeeignet – erlaubt sind Kleinbuchstaben a–z, Ziffern, _ und - \
             (z. B. familienzentrum)"
        )));
        None
    }
}

/// The source lines; the ones the service prints under its own results must be there.
fn quellen_lesen(bytes: &[u8], p: &mut Probleme) -> Quellen {
    let Some(t) = Tabelle::lesen("quellen.csv", bytes, &["id", "text", "stand", "liste"], p) else {
        return Quellen::default();
    };
    let mut aus: Vec<Quelle> = Vec::new();
    for z in t.zeilen() {
        let (Some(id), Some(text), Some(liste)) = (kennung(&z, "id", p), z.pflicht("text", p), z.ja_nein("liste", p))
        else {
            continue;
        };
        if aus.iter().any(|q| q.id == id) {
            p.push(z.problem(format!("Quelle „{id}“ kommt mehrfach vor")));
            continue;
        }
        aus.push(Quelle { id, text: text.to_string(), stand: z.text("stand").to_string(), liste });
    }
    for id in Quellen::PFLICHT {
        if !aus.iter().any(|q| q.id == id) {
            p.push(Problem::datei(
                "quellen.csv",
                format!(
                    "die Zeile „{id}“ fehlt; erforderlich sind {} (sie stehen unter Ergebnissen, Karten und Exporten)",
                    Quellen::PFLICHT.join(", ")
                ),
            ));
        }
    }
    Quellen(aus)
}

/// The defaults of the planning questions: every name once, each a valid distance.
fn vorgaben_lesen(bytes: &[u8], p: &mut Probleme) -> Option<Vorgaben> {
    let t = Tabelle::lesen("vorgaben.csv", bytes, &["name", "wert"], p)?;
    let (mut schwellen, mut schwelle, mut radius, mut jahr) = (None, None, None, None);
    let distanz = |z: &Zeile<'_>, t: &str, p: &mut Probleme| match t.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && (1.0..=MAX_SCHWELLE_M).contains(&x) => Some(x),
        _ => {
            p.push(z.problem(format!(
                "Spalte „wert“: „{t}“ ist keine Entfernung in Metern von 1 bis {MAX_SCHWELLE_M} (Dezimalpunkt)"
            )));
            None
        }
    };
    let mut genannt = std::collections::BTreeSet::new();
    for z in t.zeilen() {
        let wert = z.text("wert");
        genannt.insert(z.text("name").to_string());
        match z.text("name") {
            "schwellen_m" => {
                let v: Option<Vec<f64>> = wert.split(';').map(|x| distanz(&z, x, p)).collect();
                match v {
                    Some(v) if !v.is_empty() && v.len() <= MAX_SCHWELLEN => schwellen = Some(v),
                    Some(_) => p.push(z.problem(format!(
                        "„schwellen_m“: 1 bis {MAX_SCHWELLEN} Entfernungen, durch Semikolon getrennt"
                    ))),
                    None => {}
                }
            }
            "schwelle_m" => schwelle = distanz(&z, wert, p),
            "radius_m" => radius = distanz(&z, wert, p),
            "bevoelkerungsjahr" => match wert.trim().parse::<i32>() {
                Ok(j) if JAHRE.contains(&j) => jahr = Some(j),
                _ => p.push(z.problem(format!(
                    "Spalte „wert“: „{wert}“ ist keine Jahreszahl von {} bis {}",
                    JAHRE.start(),
                    JAHRE.end()
                ))),
            },
            n => p.push(z.problem(format!(
                "unbekannte Vorgabe „{n}“; möglich: schwellen_m, schwelle_m, radius_m, bevoelkerungsjahr"
            ))),
        }
    }
    let fehlt = [
        ("schwellen_m", schwellen.is_none()),
        ("schwelle_m", schwelle.is_none()),
        ("radius_m", radius.is_none()),
        ("bevoelkerungsjahr", jahr.is_none()),
    ];
    // A name given with a wrong value has its message already.
    for (n, _) in fehlt.iter().filter(|(n, f)| *f && !genannt.contains(*n)) {
        p.push(Problem::datei("vorgaben.csv", format!("die Vorgabe „{n}“ fehlt (Zeile name={n}, wert=…)")));
    }
    Some(Vorgaben { schwellen_m: schwellen?, schwelle_m: schwelle?, radius_m: radius?, bevoelkerungsjahr: jahr? })
}

/// The valid categories, and every id the file names (also in rows with problems), so that
/// one bad row does not make every offer of its category "unknown" as well.
fn kategorien_lesen(bytes: &[u8], p: &mut Probleme) -> (Vec<Kategorie>, BTreeSet<String>) {
    let Some(t) = Tabelle::lesen("kategorien.csv", bytes, &["id", "bezeichnung", "paragraph", "symbol", "farbe"], p)
    else {
        return (Vec::new(), BTreeSet::new());
    };
    let mut aus: Vec<Kategorie> = Vec::new();
    let mut genannt = BTreeSet::new();
    for z in t.zeilen() {
        genannt.insert(z.text("id").to_string());
        let (Some(id), Some(bezeichnung)) = (kennung(&z, "id", p), z.pflicht("bezeichnung", p)) else {
            continue;
        };
        let farbe = z.text("farbe");
        let farbe_ok = farbe.len() == 7 && farbe.starts_with('#') && farbe[1..].bytes().all(|b| b.is_ascii_hexdigit());
        if !farbe_ok {
            p.push(z.problem(format!("Spalte „farbe“: „{farbe}“ ist keine Farbe, erwartet #rrggbb (z. B. #d95f02)")));
            continue;
        }
        if aus.iter().any(|k| k.id == id) {
            p.push(z.problem(format!("Kategorie „{id}“ kommt mehrfach vor")));
            continue;
        }
        aus.push(Kategorie {
            id,
            bezeichnung: bezeichnung.to_string(),
            paragraph: z.text("paragraph").to_string(),
            symbol: z.text("symbol").to_string(),
            farbe: farbe.to_lowercase(),
        });
    }
    (aus, genannt)
}

const ANGEBOT_SPALTEN: [&str; 12] =
    ["id", "kategorie", "name", "traeger", "strasse", "plz", "ort", "ags", "lon", "lat", "beispiel", "quelle"];

fn angebote_lesen(
    bytes: &[u8],
    kategorien: &[Kategorie],
    genannt: &BTreeSet<String>,
    k: &Kontext<'_>,
    p: &mut Probleme,
) -> Vec<Angebot> {
    let Some(t) =
        Tabelle::lesen("angebote.csv", bytes, &["id", "kategorie", "name", "ags", "lon", "lat", "beispiel"], p)
    else {
        return Vec::new();
    };
    let extra: Vec<String> = t.kopf().iter().filter(|h| !ANGEBOT_SPALTEN.contains(&h.as_str())).cloned().collect();
    let mut ids: BTreeMap<String, u64> = BTreeMap::new();
    let mut aus = Vec::new();
    for z in t.zeilen() {
        let id = z.pflicht("id", p);
        let kategorie = z.pflicht("kategorie", p);
        let name = z.pflicht("name", p);
        let kommune = k.kommune(&z, "ags", p);
        let beispiel = z.ja_nein("beispiel", p);
        let lage = match (z.zahl("lon", p), z.zahl("lat", p)) {
            (Some(lon), Some(lat)) => lonlat_pruefen(lon, lat).map_err(|e| p.push(z.problem(e))).ok(),
            _ => None,
        };
        if let Some(kat) = kategorie
            && !genannt.is_empty()
            && !genannt.contains(kat)
        {
            let ids: Vec<&str> = kategorien.iter().map(|c| c.id.as_str()).collect();
            p.push(z.problem(format!(
                "unbekannte Kategorie „{kat}“ (bekannt: {}; neue in kategorien.csv anlegen)",
                ids.join(", ")
            )));
            continue;
        }
        if let Some(id) = id {
            if let Some(erste) = ids.get(id) {
                p.push(z.problem(format!("Angebots-ID „{id}“ kommt mehrfach vor (schon in Zeile {erste})")));
                continue;
            }
            ids.insert(id.to_string(), z.nr());
        }
        let (Some(id), Some(kategorie), Some(name), Some(kommune), Some(beispiel), Some(lage)) =
            (id, kategorie, name, kommune, beispiel, lage)
        else {
            continue;
        };
        let pos = match k.nach_utm.punkt(lage.lon, lage.lat) {
            Ok((x, y)) => Utm32 { x, y },
            Err(e) => {
                p.push(z.problem(e.to_string()));
                continue;
            }
        };
        match kommune_an(k.baum, k.kommunen, pos) {
            // The named Kommune's boundary is broken (reported once with the boundary).
            None if k.kommunen[kommune].grenze.0.is_empty() => continue,
            None => {
                p.push(z.problem(format!(
                    "Lage (Länge {}, Breite {}) liegt außerhalb des Kreises – keine Kommune des Datensatzes enthält den Punkt",
                    lage.lon, lage.lat
                )));
                continue;
            }
            Some(i) if i != kommune => {
                p.push(z.problem(format!(
                    "Lage liegt in {} ({}), der Datensatz nennt aber AGS {} ({}) – Koordinaten oder AGS prüfen",
                    k.kommunen[i].name, k.kommunen[i].ags, k.kommunen[kommune].ags, k.kommunen[kommune].name
                )));
                continue;
            }
            Some(_) => {}
        }
        let merkmale =
            extra.iter().filter(|h| !z.text(h).is_empty()).map(|h| (h.clone(), z.text(h).to_string())).collect();
        aus.push(Angebot {
            id: id.to_string(),
            kategorie: kategorie.to_string(),
            name: name.to_string(),
            traeger: z.text("traeger").to_string(),
            strasse: z.text("strasse").to_string(),
            plz: z.text("plz").to_string(),
            ort: z.text("ort").to_string(),
            ags: k.kommunen[kommune].ags,
            lage,
            pos,
            beispiel,
            quelle: z.text("quelle").to_string(),
            merkmale,
        });
    }
    aus
}

fn regionen_lesen(schemata: &[u8], regionen: &[u8], k: &Kontext<'_>, p: &mut Probleme) -> Vec<Regionsschema> {
    let Some(ts) = Tabelle::lesen("regionsschemata.csv", schemata, &["id", "bezeichnung", "stand", "beispiel"], p)
    else {
        return Vec::new();
    };
    let mut aus: Vec<Regionsschema> = Vec::new();
    for z in ts.zeilen() {
        let (Some(id), Some(bezeichnung), Some(stand), Some(beispiel)) =
            (kennung(&z, "id", p), z.pflicht("bezeichnung", p), z.pflicht("stand", p), z.ja_nein("beispiel", p))
        else {
            continue;
        };
        if aus.iter().any(|s| s.id == id) {
            p.push(z.problem(format!("Regionsschema „{id}“ kommt mehrfach vor")));
            continue;
        }
        aus.push(Regionsschema {
            id,
            bezeichnung: bezeichnung.to_string(),
            stand: stand.to_string(),
            beispiel,
            hinweis: z.text("hinweis").to_string(),
            regionen: Vec::new(),
            zuordnung: vec![None; k.kommunen.len()],
            grenzen_wgs84: Vec::new(),
        });
    }
    let Some(tr) = Tabelle::lesen("regionen.csv", regionen, &["schema", "ags", "region"], p) else {
        return aus;
    };
    let mut gesehen: BTreeMap<(String, usize), u64> = BTreeMap::new();
    for z in tr.zeilen() {
        let Some(schema) = z.pflicht("schema", p) else {
            continue;
        };
        let Some(si) = aus.iter().position(|s| s.id == schema) else {
            p.push(z.problem(format!("unbekanntes Regionsschema „{schema}“ (in regionsschemata.csv anlegen)")));
            continue;
        };
        let Some(ki) = k.kommune(&z, "ags", p) else {
            continue;
        };
        if let Some(erste) = gesehen.insert((schema.to_string(), ki), z.nr()) {
            p.push(z.problem(format!(
                "AGS {} ist im Schema „{schema}“ schon in Zeile {erste} zugeordnet",
                k.kommunen[ki].ags
            )));
            continue;
        }
        let region = z.text("region");
        if region.is_empty() {
            continue; // explicitly in no region (e.g. Wetzlar with its own Jugendamt)
        }
        let s = &mut aus[si];
        let ri = match s.regionen.iter().position(|r| r == region) {
            Some(i) => i,
            None => {
                s.regionen.push(region.to_string());
                s.regionen.len() - 1
            }
        };
        s.zuordnung[ki] = Some(ri);
    }
    for s in &mut aus {
        let fehlend: Vec<String> = k
            .kommunen
            .iter()
            .enumerate()
            .filter(|(i, _)| !gesehen.contains_key(&(s.id.clone(), *i)))
            .map(|(_, km)| format!("{} {}", km.ags, km.name))
            .collect();
        if !fehlend.is_empty() {
            p.push(Problem::datei(
                "regionen.csv",
                format!(
                    "Schema „{}“: keine Zeile für {} – jede Kommune braucht eine Zeile (Region leer lassen = keiner Region zugeordnet)",
                    s.id,
                    fehlend.join(", ")
                ),
            ));
        }
        s.grenzen_wgs84 = (0..s.regionen.len())
            .map(|ri| {
                aufloesen(
                    k.kommunen
                        .iter()
                        .zip(&s.zuordnung)
                        .filter(|(_, r)| **r == Some(ri))
                        .map(|(km, _)| &km.grenze_wgs84),
                )
            })
            .collect();
    }
    aus
}

fn polaritaet(z: &Zeile<'_>, p: &mut Probleme) -> Option<Polaritaet> {
    match z.text("polaritaet") {
        "bedarf" => Some(Polaritaet::Bedarf),
        "ressource" => Some(Polaritaet::Ressource),
        "neutral" | "" => Some(Polaritaet::Neutral),
        o => {
            p.push(
                z.problem(format!("Spalte „polaritaet“: „{o}“ ist ungültig, erwartet bedarf, ressource oder neutral")),
            );
            None
        }
    }
}

fn indikatoren_lesen(meta: &[u8], werte: &[u8], k: &Kontext<'_>, p: &mut Probleme) -> Vec<Indikator> {
    let Some(tm) = Tabelle::lesen("indikatoren.csv", meta, &["id", "name", "einheit", "aggregation", "quelle"], p)
    else {
        return Vec::new();
    };
    let mut aus: Vec<Indikator> = Vec::new();
    for z in tm.zeilen() {
        let aggregation = match z.text("aggregation") {
            "quote_der_summen" => Some(Aggregation::QuoteDerSummen),
            "gewichtetes_mittel" => Some(Aggregation::GewichtetesMittel),
            o => {
                p.push(z.problem(format!(
                    "Spalte „aggregation“: „{o}“ ist ungültig, erwartet quote_der_summen (Zähler und Nenner bekannt) \
                     oder gewichtetes_mittel (nur Quoten bekannt)"
                )));
                None
            }
        };
        let gewicht = match z.text("gewicht") {
            "einwohner" | "" => Some(Gewicht::Einwohner),
            "flaeche" => Some(Gewicht::Flaeche),
            o => {
                p.push(z.problem(format!("Spalte „gewicht“: „{o}“ ist ungültig, erwartet einwohner oder flaeche")));
                None
            }
        };
        let thema = match z.text("thema") {
            "" => Some(None),
            t => match Thema::ALLE.into_iter().find(|x| x.id() == t) {
                Some(x) => Some(Some(x)),
                None => {
                    p.push(z.problem(format!(
                        "Spalte „thema“: „{t}“ ist unbekannt, erwartet {} (oder leer)",
                        Thema::ALLE.map(Thema::id).join(", ")
                    )));
                    None
                }
            },
        };
        let multiplikator = z.zahl_optional("multiplikator", p).filter(|m| match m {
            Some(v) if *v <= 0.0 => {
                p.push(z.problem(format!("Spalte „multiplikator“: {v} ist ungültig, erwartet z. B. 100 oder 1000")));
                false
            }
            None if aggregation == Some(Aggregation::QuoteDerSummen) => {
                p.push(z.problem(
                    "Spalte „multiplikator“ fehlt: für quote_der_summen nötig (Quote = Zähler / Nenner × Multiplikator, \
                     z. B. 100 für Prozent, 1000 für je 1.000)",
                ));
                false
            }
            _ => true,
        });
        let (
            Some(id),
            Some(name),
            Some(quelle),
            Some(aggregation),
            Some(gewicht),
            Some(polaritaet),
            Some(beispiel),
            Some(datenschutz),
            Some(multiplikator),
            Some(thema),
        ) = (
            kennung(&z, "id", p),
            z.pflicht("name", p),
            z.pflicht("quelle", p),
            aggregation,
            gewicht,
            polaritaet(&z, p),
            z.ja_nein("beispiel", p),
            z.ja_nein("datenschutz", p),
            multiplikator,
            thema,
        )
        else {
            continue;
        };
        if aus.iter().any(|i| i.id == id) {
            p.push(z.problem(format!("Indikator „{id}“ kommt mehrfach vor")));
            continue;
        }
        aus.push(Indikator {
            id,
            name: name.to_string(),
            definition: z.text("definition").to_string(),
            masseinheit: z.text("einheit").to_string(),
            polaritaet,
            thema: thema.unwrap_or(Thema::nach_polaritaet(polaritaet)),
            aggregation,
            gewicht,
            zaehler: z.text("zaehler").to_string(),
            nenner: z.text("nenner").to_string(),
            multiplikator,
            datenschutz,
            stand: z.text("stand").to_string(),
            quelle: quelle.to_string(),
            beispiel,
            werte: Vec::new(),
            quartale: Vec::new(),
            vollstaendig: false,
        });
    }
    let Some(tw) = Tabelle::lesen("indikatorwerte.csv", werte, &["indikator", "ags", "jahr", "wert"], p) else {
        return aus;
    };
    let mut gesehen: BTreeMap<(usize, Ags, i32), u64> = BTreeMap::new();
    for z in tw.zeilen() {
        let Some(name) = z.pflicht("indikator", p) else {
            continue;
        };
        let Some(ii) = aus.iter().position(|i| i.id == name) else {
            p.push(z.problem(format!("unbekannter Indikator „{name}“ (in indikatoren.csv anlegen)")));
            continue;
        };
        let ags = z.wert::<Ags>("ags", "8-stelliger Gemeindeschlüssel", p);
        let ags = ags.filter(|a| a.ist_kreis() && a.kreis() == k.kreis || k.kommune_von(*a, &z, p).is_some());
        let jahr = z.wert::<i32>("jahr", "Jahreszahl wie 2022", p).filter(|j| {
            let ok = crate::model::JAHRE.contains(j);
            if !ok {
                p.push(z.problem(format!("Spalte „jahr“: {j} ist keine plausible Jahreszahl (1900–2100)")));
            }
            ok
        });
        let wert = z.zahl("wert", p);
        let zaehler = z.zahl_optional("zaehler", p);
        let nenner = z.zahl_optional("nenner", p);
        let (Some(ags), Some(jahr), Some(wert), Some(zaehler), Some(nenner)) = (ags, jahr, wert, zaehler, nenner)
        else {
            continue;
        };
        if zaehler.is_some_and(|v| v < 0.0) || nenner.is_some_and(|v| v < 0.0) {
            p.push(z.problem("Zähler und Nenner dürfen nicht negativ sein"));
            continue;
        }
        if let Some(erste) = gesehen.insert((ii, ags, jahr), z.nr()) {
            p.push(z.problem(format!("Wert für {name}, AGS {ags}, {jahr} steht schon in Zeile {erste}")));
            continue;
        }
        if let Some(problem) = aus[ii].quote_pruefen(wert, zaehler, nenner) {
            p.push(z.problem(problem));
            continue;
        }
        aus[ii].werte.push(Indikatorwert { ags, jahr, wert, zaehler, nenner });
    }
    for i in &mut aus {
        i.werte.sort_by_key(|w| (w.ags, w.jahr));
    }
    aus
}

/// Most inhabitants a 1 km census cell may have (four times the densest German cells).
const MAX_EINWOHNER_1KM: f64 = 100_000.0;
/// Most children under 10 a 100 m census cell may have.
const MAX_UNTER10_100M: f64 = 5_000.0;

fn rastermitte(z: &Zeile<'_>, p: &mut Probleme) -> Option<(f64, f64)> {
    let (x, y) = (z.zahl("x_mp_3035", p)?, z.zahl("y_mp_3035", p)?);
    // INSPIRE grid in ETRS89-LAEA: Germany lies roughly within x 4.0–4.7 Mio, y 2.6–3.6 Mio.
    if !(3_500_000.0..=5_000_000.0).contains(&x) || !(2_500_000.0..=3_700_000.0).contains(&y) {
        p.push(z.problem(format!("Zellenmitte ({x}, {y}) ist keine EPSG:3035-Koordinate in Deutschland")));
        return None;
    }
    Some((x, y))
}

/// Reads a census value where −1 (suppressed) and −9 (not available) mean "no value".
fn rasterwert(z: &Zeile<'_>, spalte: &str, p: &mut Probleme) -> Option<Option<f64>> {
    let v = z.zahl(spalte, p)?;
    if v == -1.0 || v == -9.0 {
        Some(None)
    } else if v < 0.0 {
        p.push(z.problem(format!(
            "Spalte „{spalte}“: {v} ist ungültig (erlaubt: Wert ≥ 0, −1 für geheimgehalten oder −9 für nicht verfügbar)"
        )));
        None
    } else {
        Some(Some(v))
    }
}

/// The records of a grid table whose `grid_id` is present and not seen before (duplicates
/// and missing ids are reported).
fn zellen_eindeutig<'t>(t: &'t Tabelle, p: &mut Probleme) -> Vec<Zeile<'t>> {
    let mut ids = BTreeSet::new();
    t.zeilen()
        .filter(|z| match z.pflicht("grid_id", p) {
            Some(id) if ids.insert(id.to_string()) => true,
            Some(id) => {
                p.push(z.problem(format!("Rasterzelle {id} kommt mehrfach vor")));
                false
            }
            None => false,
        })
        .collect()
}

fn raster_1km_lesen(bytes: &[u8], p: &mut Probleme) -> Vec<Zelle1km> {
    let Some(t) = Tabelle::lesen(
        "zensus2011_1km.csv",
        bytes,
        &["grid_id", "x_mp_3035", "y_mp_3035", "Einwohner", "unter18_A"],
        p,
    ) else {
        return Vec::new();
    };
    let mut aus = Vec::new();
    for z in zellen_eindeutig(&t, p) {
        let (Some(mitte), Some(einwohner), Some(u18)) =
            (rastermitte(&z, p), rasterwert(&z, "Einwohner", p), rasterwert(&z, "unter18_A", p))
        else {
            continue;
        };
        if u18.is_some_and(|v| v > 100.0) {
            p.push(z.problem("Spalte „unter18_A“: Anteil über 100 %"));
            continue;
        }
        if einwohner.is_some_and(|v| v > MAX_EINWOHNER_1KM) {
            p.push(z.problem(format!(
                "Spalte „Einwohner“: {} Einwohner in einer 1-km²-Zelle sind nicht plausibel (höchstens {} – \
                 die dichtesten Zellen in Deutschland haben etwa 25.000)",
                einwohner.unwrap_or_default(),
                MAX_EINWOHNER_1KM
            )));
            continue;
        }
        aus.push(Zelle1km { zeile: z.nr(), mitte, einwohner, unter18_prozent: u18 });
    }
    aus
}

fn raster_100m_lesen(bytes: &[u8], k: &Kontext<'_>, p: &mut Probleme) -> Vec<Zelle100m> {
    let Some(t) = Tabelle::lesen(
        "zensus2011_100m_unter10.csv",
        bytes,
        &["grid_id", "x_mp_3035", "y_mp_3035", "ags", "age_under_10"],
        p,
    ) else {
        return Vec::new();
    };
    let mut aus = Vec::new();
    for z in zellen_eindeutig(&t, p) {
        let (Some(mitte), Some(kommune), Some(unter10)) =
            (rastermitte(&z, p), k.kommune(&z, "ags", p), z.wert::<u32>("age_under_10", "ganze Zahl ≥ 0", p))
        else {
            continue;
        };
        if f64::from(unter10) > MAX_UNTER10_100M {
            p.push(z.problem(format!(
                "Spalte „age_under_10“: {unter10} Kinder unter 10 in einer 100-m-Zelle sind nicht plausibel (höchstens {MAX_UNTER10_100M})"
            )));
            continue;
        }
        aus.push(Zelle100m { mitte, kommune, unter10: f64::from(unter10) });
    }
    aus
}

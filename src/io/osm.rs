//! Reading an OpenStreetMap extract (`.osm.pbf`) into a network: the ways some profile may use,
//! their nodes projected to EPSG:25832, cut to an area plus a buffer.
//!
//! Two passes over the file, each decoded in parallel: the ways first (tags decide what each
//! profile may use), then only the nodes those ways need.

use std::path::Path;

use geo::{BoundingRect, MultiPolygon};
use osmpbf::{BlobDecode, BlobReader, Element, ElementReader};
use rayon::prelude::*;
use rstar::RTree;
use rstar::primitives::GeomWithData;

use crate::error::{Error, Result};
use crate::netz::aufbau::{Rohknoten, Rohweg, bauen};
use crate::netz::{Netz, Netzherkunft, profil};
use crate::spatial::{Flaechenindex, UTM32, WGS84, punkte_umrechnen};

/// The area a network is cut to: polygons in EPSG:25832 and a buffer in metres around them.
pub struct Netzbereich {
    /// The area (e.g. the Kommunen of the Kreis).
    pub flaechen: Vec<MultiPolygon<f64>>,
    /// Metres around the area that are kept as well (people cross borders).
    pub puffer_m: f64,
    /// The area in words, for the network's origin.
    pub beschreibung: String,
}

impl Netzbereich {
    /// Whether each point lies in an area or at most `puffer_m` from one.
    fn enthaelt(&self, punkte: &[[f64; 2]]) -> Vec<bool> {
        let index = Flaechenindex::neu(&self.flaechen);
        let mut raender = Vec::new();
        for mp in &self.flaechen {
            for poly in &mp.0 {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                    for l in ring.lines() {
                        raender.push(GeomWithData::new(l, ()));
                    }
                }
            }
        }
        let baum = RTree::bulk_load(raender);
        let grenze2 = self.puffer_m * self.puffer_m;
        let rahmen = self.flaechen.iter().filter_map(|f| f.bounding_rect()).reduce(|a, b| {
            geo::Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        });
        punkte
            .par_iter()
            .map(|p| {
                let Some(r) = rahmen else { return false };
                if p[0] < r.min().x - self.puffer_m
                    || p[0] > r.max().x + self.puffer_m
                    || p[1] < r.min().y - self.puffer_m
                    || p[1] > r.max().y + self.puffer_m
                {
                    return false;
                }
                index.flaeche(p[0], p[1]).is_some()
                    || baum
                        .nearest_neighbor_iter_with_distance_2(&geo::Point::new(p[0], p[1]))
                        .next()
                        .is_some_and(|(_, d2)| d2 <= grenze2)
            })
            .collect()
    }
}

/// What a network source should be, for the messages.
const ERWARTET: &str = "; erwartet ein Auszug im Format .osm.pbf (z. B. von download.geofabrik.de, mit `osmium \
                        extract` auf den Kreis zugeschnitten) oder eine Netzdatei von `import netz --aus`";

fn pbf_fehler(pfad: &Path, e: osmpbf::Error) -> Error {
    let grund = match e.kind() {
        osmpbf::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => format!(
            "keine lesbare OSM-PBF-Datei: sie bricht mitten ab (unvollständig heruntergeladen oder kopiert?){}",
            ERWARTET
        ),
        osmpbf::ErrorKind::Io(io) => crate::error::lesegrund(io),
        _ => format!("weder eine lesbare OSM-PBF-Datei noch eine Netzdatei (Meldung des PBF-Lesers: {e}){}", ERWARTET),
    };
    Error::Import { quelle: pfad.display().to_string(), grund }
}

/// The replication time stamp of the file's header as `JJJJ-MM-TT`, if it has one.
fn osm_stand(pfad: &Path) -> Option<String> {
    let mut r = BlobReader::from_path(pfad).ok()?;
    let blob = r.next()?.ok()?;
    let BlobDecode::OsmHeader(h) = blob.decode().ok()? else {
        return None;
    };
    let s = h.osmosis_replication_timestamp()?;
    Some(crate::model::kalender::datum_aus_tagen(s.div_euclid(86_400)))
}

/// Reads the network of `pfad` cut to `bereich`. `sagen` hears each step (for progress).
pub fn netz_lesen(pfad: &Path, bereich: &Netzbereich, heute: &str, sagen: &dyn Fn(&str)) -> Result<Netz> {
    let datei = pfad.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if std::fs::metadata(pfad).is_ok_and(|m| m.len() == 0) {
        return Err(Error::Import {
            quelle: pfad.display().to_string(),
            grund: format!("die Datei ist leer{ERWARTET}"),
        });
    }
    sagen("Wege lesen");
    let wege: Vec<Rohweg> = ElementReader::from_path(pfad)
        .map_err(|e| pbf_fehler(pfad, e))?
        .par_map_reduce(
            |el| match el {
                Element::Way(w) => {
                    let tags: Vec<(&str, &str)> = w.tags().collect();
                    if !tags.iter().any(|(k, _)| *k == "highway") {
                        return Vec::new();
                    }
                    let z = profil::zulassung(|k| tags.iter().find(|(kk, _)| *kk == k).map(|(_, v)| *v));
                    if !z.routbar() {
                        return Vec::new();
                    }
                    vec![Rohweg { id: w.id(), knoten: w.refs().collect(), zulassung: z }]
                }
                _ => Vec::new(),
            },
            Vec::new,
            anhaengen,
        )
        .map_err(|e| pbf_fehler(pfad, e))?;
    if wege.is_empty() {
        return Err(Error::Import {
            quelle: pfad.display().to_string(),
            grund: "die Datei enthält keinen Weg, den Fußgänger, Radfahrer oder Autos nutzen dürfen \
                    (keine highway-Linien); ist es ein OSM-Auszug mit Straßen?"
                .into(),
        });
    }
    let mut ids: Vec<i64> = wege.iter().flat_map(|w| w.knoten.iter().copied()).collect();
    ids.par_sort_unstable();
    ids.dedup();

    sagen(&format!("{} Wege; Knoten lesen", crate::model::deutsch::zahl(wege.len() as f64, 0)));
    let gebraucht = |id: i64| ids.binary_search(&id).is_ok();
    let mut knoten: Vec<(i64, [f64; 2])> = ElementReader::from_path(pfad)
        .map_err(|e| pbf_fehler(pfad, e))?
        .par_map_reduce(
            |el| match el {
                Element::DenseNode(n) if gebraucht(n.id()) => {
                    vec![(n.id(), lonlat(n.decimicro_lon(), n.decimicro_lat()))]
                }
                Element::Node(n) if gebraucht(n.id()) => vec![(n.id(), lonlat(n.decimicro_lon(), n.decimicro_lat()))],
                _ => Vec::new(),
            },
            Vec::new,
            anhaengen,
        )
        .map_err(|e| pbf_fehler(pfad, e))?;
    knoten.par_sort_unstable_by_key(|k| k.0);
    knoten.dedup_by_key(|k| k.0);

    sagen(&format!("{} Knoten nach EPSG:25832 umrechnen", crate::model::deutsch::zahl(knoten.len() as f64, 0)));
    let mut xy: Vec<[f64; 2]> = knoten.iter().map(|k| k.1).collect();
    punkte_umrechnen(WGS84, UTM32, &mut xy)?;
    sagen(&format!("zuschneiden auf {}", bereich.beschreibung));
    let drin = bereich.enthaelt(&xy);
    let roh = Rohknoten { ids: knoten.iter().map(|k| k.0).collect(), xy, drin };
    let anzahl = wege.len();
    sagen("Netz bilden");
    let netz = bauen(
        wege,
        &roh,
        Netzherkunft {
            datei,
            importiert: heute.to_string(),
            bereich: bereich.beschreibung.clone(),
            osm_stand: osm_stand(pfad),
            wege: anzahl,
        },
    );
    if netz.kanten.is_empty() {
        return Err(Error::Import {
            quelle: pfad.display().to_string(),
            grund: format!(
                "kein nutzbarer Weg im zugeschnittenen Gebiet ({}); der Auszug deckt ein anderes \
                 Gebiet ab – passen Auszug und Gebiet zusammen?",
                bereich.beschreibung
            ),
        });
    }
    Ok(netz)
}

/// Two parts of a parallel read as one (the shorter appended to the longer).
fn anhaengen<T>(mut a: Vec<T>, mut b: Vec<T>) -> Vec<T> {
    if a.len() < b.len() {
        std::mem::swap(&mut a, &mut b);
    }
    a.extend(b);
    a
}

/// OSM's fixed-point degrees (1e-7) as (lon, lat) in degrees.
fn lonlat(lon: i32, lat: i32) -> [f64; 2] {
    [f64::from(lon) / 1e7, f64::from(lat) / 1e7]
}

//! The atlas: the whole data set loaded, validated, reprojected to EPSG:25832 and indexed,
//! built once at startup and shared read-only (`Arc<Atlas>`) by every request.

mod flaeche;
mod laden;

use std::collections::BTreeMap;

use geo::{BoundingRect, Intersects, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

pub use flaeche::{Bevoelkerungsflaeche, Flaechenbilanz};

use crate::io::Datenquelle;
use crate::model::{Ags, Angebot, Indikator, Kategorie, Kommune, Regionsschema, Zielgruppe};
use crate::spatial::Utm32;

/// An R-tree entry: a point in EPSG:25832 and the index of what it stands for.
pub type Punkteintrag = GeomWithData<[f64; 2], usize>;

/// The loaded data set. Everything in EPSG:25832 is in metres.
pub struct Atlas {
    /// Where the data came from.
    pub quelle: Datenquelle,
    /// The 5-digit Kreis key all Kommunen share, e.g. `06532`.
    pub kreis: String,
    /// The Kommunen, sorted by AGS.
    pub kommunen: Vec<Kommune>,
    /// Offer categories in file order.
    pub kategorien: Vec<Kategorie>,
    /// Offers in file order.
    pub angebote: Vec<Angebot>,
    /// Region schemes in file order; the first is the default.
    pub regionsschemata: Vec<Regionsschema>,
    /// Indicators in file order.
    pub indikatoren: Vec<Indikator>,
    /// The population surface (rescaled census grid).
    pub bevoelkerung: Bevoelkerungsflaeche,
    kommunen_baum: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    angebote_baum: RTree<Punkteintrag>,
    angebote_je_kategorie: BTreeMap<String, RTree<Punkteintrag>>,
}

impl Atlas {
    /// Loads and validates a data set; on problems returns all of them.
    pub fn laden(quelle: Datenquelle) -> crate::Result<Atlas> {
        laden::laden(quelle)
    }

    /// Index of the Kommune with this AGS.
    pub fn kommune_index(&self, ags: &Ags) -> Option<usize> {
        self.kommunen.binary_search_by(|k| k.ags.cmp(ags)).ok()
    }

    /// Index of the Kommune whose area contains the point (boundary included; on a shared
    /// boundary the smaller AGS wins), `None` outside the Kreis.
    pub fn kommune_an(&self, p: Utm32) -> Option<usize> {
        kommune_an(&self.kommunen_baum, &self.kommunen, p)
    }

    /// The category with this id.
    pub fn kategorie(&self, id: &str) -> Option<&Kategorie> {
        self.kategorien.iter().find(|k| k.id == id)
    }

    /// The R-tree of the offers of one category (`None` = all offers). `None` for an unknown
    /// category.
    pub fn angebote_baum(&self, kategorie: Option<&str>) -> Option<&RTree<Punkteintrag>> {
        match kategorie {
            None => Some(&self.angebote_baum),
            Some(k) => self.angebote_je_kategorie.get(k),
        }
    }

    /// The region scheme with this id (`None` = the default scheme).
    pub fn regionsschema(&self, id: Option<&str>) -> Option<&Regionsschema> {
        match id {
            None => self.regionsschemata.first(),
            Some(id) => self.regionsschemata.iter().find(|s| s.id == id),
        }
    }

    /// Sum of the official inhabitants of all Kommunen.
    pub fn einwohner_gesamt(&self) -> u64 {
        self.kommunen.iter().map(|k| k.einwohner).sum()
    }

    /// The population points of a target group.
    pub fn punkte(&self, z: Zielgruppe) -> &[crate::model::Bevoelkerungspunkt] {
        self.bevoelkerung.punkte(z)
    }
}

/// The R-tree of all offers and one per category (every category gets one, maybe empty).
fn angebote_baeume(
    angebote: &[Angebot],
    kategorien: &[Kategorie],
) -> (RTree<Punkteintrag>, BTreeMap<String, RTree<Punkteintrag>>) {
    let alle = RTree::bulk_load(angebote.iter().enumerate().map(|(i, a)| Punkteintrag::new(a.pos.xy(), i)).collect());
    let mut je: BTreeMap<String, Vec<Punkteintrag>> = kategorien.iter().map(|k| (k.id.clone(), Vec::new())).collect();
    for (i, a) in angebote.iter().enumerate() {
        je.entry(a.kategorie.clone()).or_default().push(Punkteintrag::new(a.pos.xy(), i));
    }
    (alle, je.into_iter().map(|(k, v)| (k, RTree::bulk_load(v))).collect())
}

fn kommunen_baum(kommunen: &[Kommune]) -> RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> {
    RTree::bulk_load(
        kommunen
            .iter()
            .enumerate()
            .filter_map(|(i, k)| {
                let r = k.grenze.bounding_rect()?;
                Some(GeomWithData::new(Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]), i))
            })
            .collect(),
    )
}

fn kommune_an(baum: &RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>, kommunen: &[Kommune], p: Utm32) -> Option<usize> {
    let punkt = Point::new(p.x, p.y);
    baum.locate_in_envelope_intersecting(&AABB::from_point(p.xy()))
        .map(|e| e.data)
        .filter(|&i| kommunen[i].grenze.intersects(&punkt))
        .min()
}

//! Nearest offers and offers within a radius, answered from the R-trees.

use rstar::RTree;

use crate::atlas::{Atlas, Punkteintrag};
use crate::spatial::Utm32;

/// An offer found by a query: its index in `Atlas::angebote` and its distance in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Treffer {
    /// Index in `Atlas::angebote`.
    pub angebot: usize,
    /// Euclidean distance in metres (EPSG:25832).
    pub entfernung_m: f64,
}

fn sortieren(v: &mut [Treffer]) {
    v.sort_by(|a, b| a.entfernung_m.total_cmp(&b.entfernung_m).then(a.angebot.cmp(&b.angebot)));
}

/// The `k` offers nearest to `p` (of one category, or of all with `None`), nearest first;
/// ties are broken by file order. `None` for an unknown category.
pub fn naechste(atlas: &Atlas, p: Utm32, kategorie: Option<&str>, k: usize) -> Option<Vec<Treffer>> {
    let baum: &RTree<Punkteintrag> = atlas.angebote_baum(kategorie)?;
    let mut aus: Vec<Treffer> = Vec::with_capacity(k);
    for (e, d2) in baum.nearest_neighbor_iter_with_distance_2(&p.xy()) {
        let d = d2.sqrt();
        // Keep going past k only while the distance ties with the k-th, so ties are stable.
        if aus.len() >= k && aus.last().is_some_and(|l| d > l.entfernung_m) {
            break;
        }
        aus.push(Treffer { angebot: e.data, entfernung_m: d });
    }
    sortieren(&mut aus);
    aus.truncate(k);
    Some(aus)
}

/// All offers within `radius_m` metres of `p` (inclusive), nearest first. `None` for an
/// unknown category.
pub fn umkreis(atlas: &Atlas, p: Utm32, radius_m: f64, kategorie: Option<&str>) -> Option<Vec<Treffer>> {
    let baum = atlas.angebote_baum(kategorie)?;
    let mut aus: Vec<Treffer> = baum
        .locate_within_distance(p.xy(), radius_m * radius_m)
        .map(|e| Treffer { angebot: e.data, entfernung_m: p.abstand(Utm32 { x: e.geom()[0], y: e.geom()[1] }) })
        .collect();
    sortieren(&mut aus);
    Some(aus)
}

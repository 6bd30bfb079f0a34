//! The population surface: weighted points in EPSG:25832 for each target group, built from
//! the Zensus 2011 grid and rescaled to the current official Kommune totals.
//!
//! Method (also in the README):
//! 1. Every inhabited 1 km cell is cut with the Kommune boundaries; each piece gets the cell's
//!    inhabitants times its area share and sits at the piece's centroid (or, where the
//!    centroid of a concave piece lies outside it, at a point inside the piece). Cells with a
//!    suppressed count (−1) get no weight; so does the part of a cell outside the Kreis.
//! 2. Persons under 18 of a piece = its inhabitants × the cell's share under 18. Where the
//!    share is not available (−1/−9) but the count is, the Kommune's mean share of the
//!    pieces with a known share is used instead, so that no inhabitant silently drops out.
//! 3. Persons under 10 come from the 100 m cells (cell centre, Kommune of the record).
//! 4. Per Kommune k, factor f_k = official inhabitants / Σ inhabitant weights of k. All three
//!    target groups of k are multiplied by f_k, so the inhabitant weights sum to the official
//!    figure exactly.

use geo::{
    Area, BooleanOps, BoundingRect, Centroid, Contains, Coord, InteriorPoint, LineString, MultiPolygon, Polygon,
};
use rstar::AABB;
use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};

use crate::error::{Problem, Probleme};
use crate::model::{Bevoelkerungspunkt, Kommune, Zielgruppe};
use crate::spatial::{Transformation, UTM32, Utm32};

/// EPSG code of the INSPIRE grid (ETRS89-LAEA).
pub const LAEA: &str = "EPSG:3035";

/// A parsed 1 km census cell.
#[derive(Debug, Clone)]
pub(super) struct Zelle1km {
    /// Line in the file, for problem reports.
    pub zeile: u64,
    /// Centre in EPSG:3035 metres.
    pub mitte: (f64, f64),
    /// Inhabitants; `None` = suppressed.
    pub einwohner: Option<f64>,
    /// Share under 18 in percent; `None` = suppressed.
    pub unter18_prozent: Option<f64>,
}

/// A parsed 100 m census cell with persons under 10.
#[derive(Debug, Clone)]
pub(super) struct Zelle100m {
    /// Centre in EPSG:3035 metres.
    pub mitte: (f64, f64),
    /// Kommune index.
    pub kommune: usize,
    /// Persons under 10.
    pub unter10: f64,
}

/// What went into the surface of one Kommune, for reports and checks.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Flaechenbilanz {
    /// Σ inhabitants of the 2011 grid pieces in the Kommune (before rescaling).
    pub raster_einwohner: f64,
    /// Σ under-18s of the grid pieces (before rescaling).
    pub raster_unter18: f64,
    /// Σ under-10s of the 100 m cells (before rescaling).
    pub raster_unter10: f64,
    /// Rescaling factor official / grid inhabitants.
    pub faktor: f64,
}

/// Weighted population points per target group (EPSG:25832).
#[derive(Debug, Clone, Default)]
pub struct Bevoelkerungsflaeche {
    einwohner: Vec<Bevoelkerungspunkt>,
    unter18: Vec<Bevoelkerungspunkt>,
    unter10: Vec<Bevoelkerungspunkt>,
    /// Per Kommune (indexed like `Atlas::kommunen`): grid sums and factor.
    pub bilanz: Vec<Flaechenbilanz>,
    /// 1 km cells with a suppressed inhabitant count (no weight).
    pub zellen_geheim: usize,
    /// 1 km cells with inhabitants.
    pub zellen_bewohnt: usize,
    /// Inhabited 1 km cells whose share under 18 is not available (Kommune mean used).
    pub zellen_ohne_u18_anteil: usize,
}

impl Bevoelkerungsflaeche {
    /// The points of a target group.
    pub fn punkte(&self, z: Zielgruppe) -> &[Bevoelkerungspunkt] {
        match z {
            Zielgruppe::Einwohner => &self.einwohner,
            Zielgruppe::Unter18 => &self.unter18,
            Zielgruppe::Unter10 => &self.unter10,
        }
    }

    /// Total weight of a target group in one Kommune.
    pub fn summe(&self, z: Zielgruppe, kommune: usize) -> f64 {
        self.punkte(z).iter().filter(|p| p.kommune == kommune).map(|p| p.gewicht).sum()
    }
}

/// Square of a cell in EPSG:3035, edges densified so that the reprojected shape is exact to
/// well below a metre.
fn zellenquadrat(mitte: (f64, f64), halb: f64) -> LineString<f64> {
    const TEILE: usize = 4;
    let (x0, y0, x1, y1) = (mitte.0 - halb, mitte.1 - halb, mitte.0 + halb, mitte.1 + halb);
    let ecken = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
    let mut cs = Vec::with_capacity(4 * TEILE + 1);
    for w in ecken.windows(2) {
        for i in 0..TEILE {
            let t = i as f64 / TEILE as f64;
            cs.push(Coord { x: w[0].0 + t * (w[1].0 - w[0].0), y: w[0].1 + t * (w[1].1 - w[0].1) });
        }
    }
    cs.push(cs[0]);
    LineString(cs)
}

type Kommunenbaum = RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>;

/// Builds the surface. Problems (a Kommune without any grid population, a failed
/// transformation) are reported with file and line.
pub(super) fn aufbauen(
    kommunen: &[Kommune],
    baum: &Kommunenbaum,
    zellen: &[Zelle1km],
    zellen100: &[Zelle100m],
    datei_1km: &str,
) -> Result<Bevoelkerungsflaeche, Probleme> {
    let mut probleme = Probleme::default();
    let t = match Transformation::neu(LAEA, UTM32) {
        Ok(t) => t,
        Err(e) => return Err(Probleme(vec![Problem::datei(datei_1km, e.to_string())])),
    };
    // Inhabitants of the pieces with a known share under 18, per Kommune.
    let mut bekannt_ew = vec![0.0; kommunen.len()];
    let mut f = Bevoelkerungsflaeche {
        bilanz: vec![
            Flaechenbilanz { raster_einwohner: 0.0, raster_unter18: 0.0, raster_unter10: 0.0, faktor: 1.0 };
            kommunen.len()
        ],
        ..Default::default()
    };

    // Pieces whose share under 18 is unknown: (position, Kommune, inhabitants).
    let mut ohne_anteil: Vec<(Utm32, usize, f64)> = Vec::new();
    for z in zellen {
        let Some(ew) = z.einwohner else {
            f.zellen_geheim += 1;
            continue;
        };
        if ew <= 0.0 {
            continue;
        }
        f.zellen_bewohnt += 1;
        if z.unter18_prozent.is_none() {
            f.zellen_ohne_u18_anteil += 1;
        }
        let quadrat = MultiPolygon(vec![Polygon::new(zellenquadrat(z.mitte, 500.0), vec![])]);
        let zelle = match t.multipolygon(&quadrat) {
            Ok(m) => m,
            Err(e) => {
                probleme.push(Problem::an(datei_1km, format!("Zeile {}", z.zeile), e.to_string()));
                continue;
            }
        };
        let flaeche = zelle.unsigned_area();
        let Some(r) = zelle.bounding_rect() else {
            continue;
        };
        let huelle = AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
        let mut kandidaten: Vec<usize> = baum.locate_in_envelope_intersecting(&huelle).map(|e| e.data).collect();
        kandidaten.sort_unstable();
        for k in kandidaten {
            let stueck = zelle.intersection(&kommunen[k].grenze);
            let anteil = stueck.unsigned_area() / flaeche;
            if anteil <= 1e-9 {
                continue;
            }
            // The centroid of a concave piece (along the Kreis border) may lie outside it;
            // then a point inside the piece stands for it.
            let Some(c) = stueck.centroid().filter(|c| stueck.contains(c)).or_else(|| stueck.interior_point()) else {
                continue;
            };
            let pos = Utm32 { x: c.x(), y: c.y() };
            let gewicht = ew * anteil;
            f.bilanz[k].raster_einwohner += gewicht;
            f.einwohner.push(Bevoelkerungspunkt { pos, kommune: k, gewicht });
            match z.unter18_prozent {
                Some(p) => {
                    let u18 = gewicht * p / 100.0;
                    f.bilanz[k].raster_unter18 += u18;
                    bekannt_ew[k] += gewicht;
                    if u18 > 0.0 {
                        f.unter18.push(Bevoelkerungspunkt { pos, kommune: k, gewicht: u18 });
                    }
                }
                None => ohne_anteil.push((pos, k, gewicht)),
            }
        }
    }
    for (pos, k, gewicht) in ohne_anteil {
        let anteil = if bekannt_ew[k] > 0.0 { f.bilanz[k].raster_unter18 / bekannt_ew[k] } else { 0.0 };
        let u18 = gewicht * anteil;
        if u18 > 0.0 {
            f.unter18.push(Bevoelkerungspunkt { pos, kommune: k, gewicht: u18 });
        }
    }
    for (k, b) in f.bilanz.iter_mut().enumerate() {
        if bekannt_ew[k] > 0.0 {
            b.raster_unter18 *= b.raster_einwohner / bekannt_ew[k];
        }
    }
    for z in zellen100 {
        match t.punkt(z.mitte.0, z.mitte.1) {
            Ok((x, y)) => {
                f.bilanz[z.kommune].raster_unter10 += z.unter10;
                f.unter10.push(Bevoelkerungspunkt { pos: Utm32 { x, y }, kommune: z.kommune, gewicht: z.unter10 });
            }
            Err(e) => probleme.push(Problem::datei("zensus2011_100m_unter10.csv", e.to_string())),
        }
    }
    for (k, b) in f.bilanz.iter_mut().enumerate() {
        if b.raster_einwohner <= 0.0 {
            probleme.push(Problem::datei(
                datei_1km,
                format!(
                    "Kommune {} ({}) hat im Zensusraster keine Einwohner – die Hochrechnung auf die amtliche Zahl ist nicht möglich",
                    kommunen[k].ags, kommunen[k].name
                ),
            ));
            continue;
        }
        b.faktor = kommunen[k].einwohner as f64 / b.raster_einwohner;
    }
    if !probleme.is_empty() {
        return Err(probleme);
    }
    for p in f.einwohner.iter_mut().chain(f.unter18.iter_mut()).chain(f.unter10.iter_mut()) {
        p.gewicht *= f.bilanz[p.kommune].faktor;
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_square_is_closed_and_has_the_cell_area() {
        let q = zellenquadrat((4_000_500.0, 3_000_500.0), 500.0);
        assert_eq!(q.0.first(), q.0.last());
        assert_eq!(q.0.len(), 17);
        let p = Polygon::new(q, vec![]);
        assert!((p.unsigned_area() - 1.0e6).abs() < 1e-6);
    }
}

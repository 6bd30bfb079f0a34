//! A query window (bounding box) in WGS84, tested against geometries by true intersection, not
//! by their envelopes: a Kommune whose bounding rectangle meets the box but whose area does not
//! is not a hit.

use geo::{Coord, Intersects, LineString, MultiPolygon, Polygon, Rect};

use super::{LonLat, utm32_nach_lonlat};
use crate::error::Result;

/// Projected extent of EPSG:25832 that is transformed (well beyond its area of use, 6°–12° E):
/// a box reaching further is clipped there, which cannot drop anything in Germany.
const UTM32_X: (f64, f64) = (-500_000.0, 1_500_000.0);
const UTM32_Y: (f64, f64) = (0.0, 9_300_000.0);
/// Points per edge when a projected box is brought to WGS84 (its edges become curves).
const PUNKTE_JE_KANTE: usize = 16;

/// Largest absolute value of a window coordinate (10⁷: every EPSG:25832 coordinate, and degrees).
pub const MAX_BBOX_BETRAG: f64 = 1.0e7;

/// A window in WGS84 longitude/latitude: one polygon, two where it crosses the antimeridian,
/// none where it is empty (south edge north of the north edge).
#[derive(Debug, Clone, PartialEq)]
pub struct Ausschnitt {
    teile: Vec<Polygon<f64>>,
}

impl Ausschnitt {
    /// A box of WGS84 degrees: west, south, east, north. Values beyond ±180°/±90° are clipped;
    /// west east of east crosses the antimeridian (OGC API – Features); south north of north
    /// is empty.
    pub fn lonlat(west: f64, sued: f64, ost: f64, nord: f64) -> Ausschnitt {
        let lon = |v: f64| v.clamp(-180.0, 180.0);
        let lat = |v: f64| v.clamp(-90.0, 90.0);
        let (w, s, o, n) = (lon(west), lat(sued), lon(ost), lat(nord));
        let rechteck = |w: f64, o: f64| Rect::new(Coord { x: w, y: s }, Coord { x: o, y: n }).to_polygon();
        let teile = if s > n {
            Vec::new()
        } else if w <= o {
            vec![rechteck(w, o)]
        } else {
            vec![rechteck(w, 180.0), rechteck(-180.0, o)]
        };
        Ausschnitt { teile }
    }

    /// A box in ETRS89 / UTM 32N metres (min x, min y, max x, max y), as the area it covers in
    /// WGS84 (edges densified, so the curved outline is followed). A box with min above max is
    /// empty.
    pub fn utm32(x0: f64, y0: f64, x1: f64, y1: f64) -> Result<Ausschnitt> {
        if x0 > x1 || y0 > y1 {
            return Ok(Ausschnitt { teile: Vec::new() });
        }
        let cx = |v: f64| v.clamp(UTM32_X.0, UTM32_X.1);
        let cy = |v: f64| v.clamp(UTM32_Y.0, UTM32_Y.1);
        let (x0, y0, x1, y1) = (cx(x0), cy(y0), cx(x1), cy(y1));
        let ecken = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
        let mut rand: Vec<(f64, f64)> = Vec::with_capacity(4 * PUNKTE_JE_KANTE + 1);
        for k in 0..4 {
            let (a, b) = (ecken[k], ecken[(k + 1) % 4]);
            for i in 0..PUNKTE_JE_KANTE {
                let t = i as f64 / PUNKTE_JE_KANTE as f64;
                rand.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
            }
        }
        rand.push(rand[0]);
        utm32_nach_lonlat(&mut rand)?;
        let ring = LineString(rand.into_iter().map(|(x, y)| Coord { x, y }).collect());
        Ok(Ausschnitt { teile: vec![Polygon::new(ring, Vec::new())] })
    }

    /// Whether the point lies in the window (the edge included).
    pub fn enthaelt(&self, p: LonLat) -> bool {
        let p = geo::Point::new(p.lon, p.lat);
        self.teile.iter().any(|t| t.intersects(&p))
    }

    /// Whether the area and the window share at least one point.
    pub fn schneidet(&self, mp: &MultiPolygon<f64>) -> bool {
        self.teile.iter().any(|t| t.intersects(mp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dreieck() -> MultiPolygon<f64> {
        // Its envelope is the square 0..2 × 0..2; the area is the lower-left half.
        MultiPolygon(vec![Polygon::new(LineString::from(vec![(0.0, 0.0), (2.0, 0.0), (0.0, 2.0), (0.0, 0.0)]), vec![])])
    }

    #[test]
    fn a_box_in_the_envelope_but_outside_the_area_is_no_hit() {
        assert!(!Ausschnitt::lonlat(1.5, 1.5, 1.9, 1.9).schneidet(&dreieck()));
        assert!(Ausschnitt::lonlat(0.5, 0.5, 0.6, 0.6).schneidet(&dreieck()));
        assert!(Ausschnitt::lonlat(-1.0, -1.0, 3.0, 3.0).schneidet(&dreieck()));
        // Touching at the edge counts.
        assert!(Ausschnitt::lonlat(1.0, 1.0, 1.5, 1.5).schneidet(&dreieck()));
    }

    #[test]
    fn antimeridian_clipping_and_empty_boxes() {
        let a = Ausschnitt::lonlat(170.0, -10.0, -170.0, 10.0);
        assert!(a.enthaelt(LonLat { lon: 175.0, lat: 0.0 }) && a.enthaelt(LonLat { lon: -175.0, lat: 0.0 }));
        assert!(!a.enthaelt(LonLat { lon: 0.0, lat: 0.0 }));
        assert!(!Ausschnitt::lonlat(0.0, 10.0, 1.0, 5.0).enthaelt(LonLat { lon: 0.5, lat: 7.0 }));
        assert!(Ausschnitt::lonlat(-1e9, -1e9, 1e9, 1e9).enthaelt(LonLat { lon: 8.4, lat: 50.6 }));
    }

    #[test]
    fn a_projected_box_covers_what_it_covers_in_metres() {
        // Wetzlar's old town is about (466 500, 5 603 500) in EPSG:25832.
        let a = Ausschnitt::utm32(466_000.0, 5_603_000.0, 467_000.0, 5_604_000.0).unwrap_or_else(|e| panic!("{e}"));
        let mut p = [(466_500.0, 5_603_500.0)];
        utm32_nach_lonlat(&mut p).unwrap_or_else(|e| panic!("{e}"));
        assert!(a.enthaelt(LonLat { lon: p[0].0, lat: p[0].1 }));
        let mut q = [(467_100.0, 5_603_500.0)];
        utm32_nach_lonlat(&mut q).unwrap_or_else(|e| panic!("{e}"));
        assert!(!a.enthaelt(LonLat { lon: q[0].0, lat: q[0].1 }));
        let riesig = Ausschnitt::utm32(0.0, 0.0, 1e7, 1e7).unwrap_or_else(|e| panic!("{e}"));
        assert!(riesig.enthaelt(LonLat { lon: 8.4, lat: 50.6 }));
    }
}

//! Grid indices for the batch pipeline, where millions of points meet thousands of areas and
//! offers (all in metres, EPSG:25832).
//!
//! - [`Flaechenindex`] answers "which area's interior contains this point?". A regular grid
//!   over all areas marks every cell that an edge passes through as a boundary cell with the
//!   list of candidate areas; every other cell lies wholly inside one area (or none) and is
//!   resolved once at build time by a scanline fill. A point in an interior cell needs no test
//!   at all; in a boundary cell only the candidates are tested, each against the edges of one
//!   horizontal band of its own.
//! - [`Punktraster`] answers "how far is the nearest offer?" by searching grid cells in rings
//!   around the point until no unvisited cell can hold anything nearer.
//!
//! Both are immutable after construction and shared by all threads.

use geo::MultiPolygon;
use rayon::prelude::*;

/// A cell without any area.
const AUSSEN: u32 = 0;
/// Flag of a boundary cell; the other bits index the candidate lists.
const RAND: u32 = 1 << 31;
/// Relative widening of edge rasterisation, so that an edge on a cell border marks both cells.
const EPS: f64 = 1e-9;

/// The edges of one area, sorted into horizontal bands for point-in-polygon tests.
#[derive(Debug, Clone)]
struct Kantenbaender {
    y0: f64,
    hoehe: f64,
    anzahl: usize,
    start: Vec<u32>,
    kanten: Vec<[f64; 4]>,
}

impl Kantenbaender {
    fn neu(mp: &MultiPolygon<f64>) -> Self {
        let kanten: Vec<[f64; 4]> = ringe(mp)
            .flat_map(|r| r.windows(2).map(|w| [w[0].x, w[0].y, w[1].x, w[1].y]))
            .filter(|k| k[0] != k[2] || k[1] != k[3])
            .collect();
        let (ymin, ymax) = kanten
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), k| (a.min(k[1]).min(k[3]), b.max(k[1]).max(k[3])));
        if kanten.is_empty() {
            return Self { y0: 0.0, hoehe: 1.0, anzahl: 1, start: vec![0, 0], kanten: Vec::new() };
        }
        let anzahl = (kanten.len() / 4).clamp(1, 8192);
        let hoehe = ((ymax - ymin) / anzahl as f64).max(f64::MIN_POSITIVE);
        let band = |y: f64| (((y - ymin) / hoehe) as usize).min(anzahl - 1);
        let mut zaehler = vec![0u32; anzahl + 1];
        for k in &kanten {
            for b in band(k[1].min(k[3]))..=band(k[1].max(k[3])) {
                zaehler[b + 1] += 1;
            }
        }
        for i in 1..zaehler.len() {
            zaehler[i] += zaehler[i - 1];
        }
        let mut pos = zaehler.clone();
        let mut sortiert = vec![[0.0; 4]; zaehler[anzahl] as usize];
        for k in &kanten {
            for b in band(k[1].min(k[3]))..=band(k[1].max(k[3])) {
                sortiert[pos[b] as usize] = *k;
                pos[b] += 1;
            }
        }
        Self { y0: ymin, hoehe, anzahl, start: zaehler, kanten: sortiert }
    }

    fn band(&self, y: f64) -> &[[f64; 4]] {
        if self.kanten.is_empty() || y < self.y0 || y > self.y0 + self.hoehe * self.anzahl as f64 {
            return &[];
        }
        let b = (((y - self.y0) / self.hoehe) as usize).min(self.anzahl - 1);
        &self.kanten[self.start[b] as usize..self.start[b + 1] as usize]
    }

    /// True when (x, y) lies in the interior (points on an edge or vertex are not inside).
    fn innen(&self, x: f64, y: f64) -> bool {
        let mut innen = false;
        for &[x1, y1, x2, y2] in self.band(y) {
            if (x1 == x && y1 == y) || (x2 == x && y2 == y) {
                return false;
            }
            if (y1 > y) != (y2 > y) {
                let kreuz = (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1);
                if kreuz == 0.0 {
                    return false;
                }
                if (kreuz > 0.0) == (y2 > y1) {
                    innen = !innen;
                }
            } else if y1 == y && y2 == y && x >= x1.min(x2) && x <= x1.max(x2) {
                return false;
            }
        }
        innen
    }

    /// The x positions where the horizontal line at `y` crosses the edges, ascending.
    fn schnitte(&self, y: f64) -> Vec<f64> {
        let mut xs: Vec<f64> = self
            .band(y)
            .iter()
            .filter(|k| (k[1] > y) != (k[3] > y))
            .map(|&[x1, y1, x2, y2]| x1 + (y - y1) * (x2 - x1) / (y2 - y1))
            .collect();
        xs.sort_by(f64::total_cmp);
        xs
    }
}

fn ringe(mp: &MultiPolygon<f64>) -> impl Iterator<Item = &[geo::Coord<f64>]> {
    mp.0.iter().flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors())).map(|r| r.0.as_slice())
}

/// Which area contains a point: grid, candidate lists and per-area edge bands.
#[derive(Debug, Clone)]
pub struct Flaechenindex {
    x0: f64,
    y0: f64,
    zelle: f64,
    nx: usize,
    ny: usize,
    zellen: Vec<u32>,
    kandidaten_start: Vec<u32>,
    /// `area << 1 | 1` when the area covers the whole cell, `area << 1` when it must be tested.
    kandidaten: Vec<u32>,
    baender: Vec<Kantenbaender>,
}

impl Flaechenindex {
    /// Builds the index. Areas are identified by their position in `flaechen`; where areas
    /// overlap, the one with the smaller position wins.
    pub fn neu(flaechen: &[MultiPolygon<f64>]) -> Self {
        let baender: Vec<Kantenbaender> = flaechen.par_iter().map(Kantenbaender::neu).collect();
        let (mut xmin, mut ymin, mut xmax, mut ymax) =
            (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
        let mut kanten = 0usize;
        for mp in flaechen {
            for r in ringe(mp) {
                kanten += r.len();
                for c in r {
                    xmin = xmin.min(c.x);
                    ymin = ymin.min(c.y);
                    xmax = xmax.max(c.x);
                    ymax = ymax.max(c.y);
                }
            }
        }
        if kanten == 0 {
            return Self {
                x0: 0.0,
                y0: 0.0,
                zelle: 1.0,
                nx: 0,
                ny: 0,
                zellen: Vec::new(),
                kandidaten_start: vec![0],
                kandidaten: Vec::new(),
                baender,
            };
        }
        let ziel = (2 * kanten).clamp(4096, 1 << 24) as f64;
        let zelle =
            (((xmax - xmin) * (ymax - ymin)) / ziel).sqrt().max((xmax - xmin).max(ymax - ymin) / 4096.0).max(1e-6);
        let nx = ((xmax - xmin) / zelle).floor() as usize + 1;
        let ny = ((ymax - ymin) / zelle).floor() as usize + 1;
        let mut ix = Self {
            x0: xmin,
            y0: ymin,
            zelle,
            nx,
            ny,
            zellen: vec![AUSSEN; nx * ny],
            kandidaten_start: Vec::new(),
            kandidaten: Vec::new(),
            baender,
        };

        // 1. Boundary cells: every cell an edge passes through, with the area it belongs to.
        let mut rand: Vec<u64> = flaechen
            .par_iter()
            .enumerate()
            .flat_map_iter(|(f, mp)| {
                let mut v: Vec<u64> = Vec::new();
                for r in ringe(mp) {
                    for w in r.windows(2) {
                        ix.kante_rastern(w[0].x, w[0].y, w[1].x, w[1].y, |z| {
                            v.push(((z as u64) << 32) | ((f as u64) << 1))
                        });
                    }
                }
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        rand.par_sort_unstable();
        rand.dedup();
        ix.kandidaten_setzen(&rand);

        // 2. Interior cells by scanline fill; boundary cells wholly inside an area without an
        //    edge in them get that area as a candidate that needs no test.
        let fuellungen: Vec<Vec<(usize, usize, usize)>> =
            (0..flaechen.len()).into_par_iter().map(|f| ix.innenzeilen(f)).collect();
        let mut ganz: Vec<u64> = Vec::new();
        for (f, zeilen) in fuellungen.iter().enumerate() {
            for &(zeile, von, bis) in zeilen {
                for spalte in von..=bis {
                    let z = zeile * ix.nx + spalte;
                    let v = ix.zellen[z];
                    if v == AUSSEN {
                        ix.zellen[z] = f as u32 + 1;
                    } else if v & RAND != 0 && !ix.kandidaten_von(v).iter().any(|&k| k >> 1 == f as u32) {
                        ganz.push(((z as u64) << 32) | ((f as u64) << 1) | 1);
                    }
                }
            }
        }
        if !ganz.is_empty() {
            rand.extend(ganz);
            rand.par_sort_unstable();
            // Keep the ordering by area within a cell (bit 0 only marks "whole cell").
            ix.kandidaten_setzen(&rand);
        }
        ix
    }

    fn kandidaten_von(&self, v: u32) -> &[u32] {
        let k = (v & !RAND) as usize;
        &self.kandidaten[self.kandidaten_start[k] as usize..self.kandidaten_start[k + 1] as usize]
    }

    /// Builds the candidate lists from sorted `cell << 32 | area << 1 | whole` keys.
    fn kandidaten_setzen(&mut self, schluessel: &[u64]) {
        self.kandidaten_start.clear();
        self.kandidaten.clear();
        let mut letzte: Option<usize> = None;
        for &s in schluessel {
            let z = (s >> 32) as usize;
            if letzte != Some(z) {
                self.zellen[z] = RAND | self.kandidaten_start.len() as u32;
                self.kandidaten_start.push(self.kandidaten.len() as u32);
                letzte = Some(z);
            }
            self.kandidaten.push(s as u32);
        }
        self.kandidaten_start.push(self.kandidaten.len() as u32);
    }

    /// Calls `zelle` for every cell the segment touches (conservatively widened).
    fn kante_rastern(&self, x1: f64, y1: f64, x2: f64, y2: f64, mut zelle: impl FnMut(usize)) {
        let c = self.zelle;
        let e = EPS * c.max(1.0);
        let zeile = |y: f64| ((y - self.y0) / c).floor().clamp(0.0, (self.ny - 1) as f64) as usize;
        let spalte = |x: f64| ((x - self.x0) / c).floor().clamp(0.0, (self.nx - 1) as f64) as usize;
        let (ya, yb) = (y1.min(y2), y1.max(y2));
        for r in zeile(ya - e)..=zeile(yb + e) {
            let (zy0, zy1) = (self.y0 + r as f64 * c - e, self.y0 + (r + 1) as f64 * c + e);
            let (xa, xb) = if y1 == y2 {
                (x1.min(x2), x1.max(x2))
            } else {
                let t0 = ((zy0.max(ya) - y1) / (y2 - y1)).clamp(0.0, 1.0);
                let t1 = ((zy1.min(yb) - y1) / (y2 - y1)).clamp(0.0, 1.0);
                let (xa, xb) = (x1 + t0 * (x2 - x1), x1 + t1 * (x2 - x1));
                (xa.min(xb), xa.max(xb))
            };
            for s in spalte(xa - e)..=spalte(xb + e) {
                zelle(r * self.nx + s);
            }
        }
    }

    /// The runs of cells whose centre lies inside area `f`: `(row, first column, last column)`.
    fn innenzeilen(&self, f: usize) -> Vec<(usize, usize, usize)> {
        let b = &self.baender[f];
        if b.kanten.is_empty() {
            return Vec::new();
        }
        let c = self.zelle;
        let r0 = ((b.y0 - self.y0) / c).floor().max(0.0) as usize;
        let r1 = (((b.y0 + b.hoehe * b.anzahl as f64 - self.y0) / c).floor() as usize).min(self.ny - 1);
        let mut aus = Vec::new();
        for r in r0..=r1 {
            let yc = self.y0 + (r as f64 + 0.5) * c;
            let xs = b.schnitte(yc);
            for paar in xs.chunks_exact(2) {
                let von = ((paar[0] - self.x0) / c - 0.5).ceil().max(0.0);
                let bis = ((paar[1] - self.x0) / c - 0.5).floor().min((self.nx - 1) as f64);
                if von <= bis {
                    aus.push((r, von as usize, bis as usize));
                }
            }
        }
        aus
    }

    /// The area whose interior contains (x, y): its position in the build input, the smallest
    /// where several do; `None` when none does (outside, or exactly on a boundary).
    pub fn flaeche(&self, x: f64, y: f64) -> Option<usize> {
        let sx = (x - self.x0) / self.zelle;
        let sy = (y - self.y0) / self.zelle;
        if !(sx >= 0.0 && sy >= 0.0 && (sx as usize) < self.nx && (sy as usize) < self.ny) {
            return None;
        }
        let v = self.zellen[sy as usize * self.nx + sx as usize];
        if v == AUSSEN {
            return None;
        }
        if v & RAND == 0 {
            return Some(v as usize - 1);
        }
        self.kandidaten_von(v)
            .iter()
            .find(|&&k| k & 1 == 1 || self.baender[(k >> 1) as usize].innen(x, y))
            .map(|&k| (k >> 1) as usize)
    }

    /// Number of grid cells and of boundary cells, for reports.
    pub fn zellen(&self) -> (usize, usize) {
        (self.zellen.len(), self.kandidaten_start.len().saturating_sub(1))
    }
}

/// Offers in a regular grid, for nearest-distance queries.
#[derive(Debug, Clone)]
pub struct Punktraster {
    x0: f64,
    y0: f64,
    zelle: f64,
    nx: usize,
    ny: usize,
    start: Vec<u32>,
    punkte: Vec<[f64; 2]>,
}

impl Punktraster {
    /// Builds the grid. The cell size suits the density where the points are (the median over
    /// the points of the density of their surroundings, about two points per cell there), so
    /// that clustered offers in towns do not fill cells with hundreds of points.
    pub fn neu(punkte: &[[f64; 2]]) -> Self {
        let (mut xmin, mut ymin, mut xmax, mut ymax) =
            (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
        for p in punkte {
            xmin = xmin.min(p[0]);
            ymin = ymin.min(p[1]);
            xmax = xmax.max(p[0]);
            ymax = ymax.max(p[1]);
        }
        if punkte.is_empty() {
            return Self { x0: 0.0, y0: 0.0, zelle: 1.0, nx: 0, ny: 0, start: vec![0], punkte: Vec::new() };
        }
        let (breite, hoehe) = ((xmax - xmin).max(1.0), (ymax - ymin).max(1.0));
        // Density around each point, from a coarse 64 × 64 histogram.
        const GROB: usize = 256;
        let grob = |p: &[f64; 2]| {
            let sx = (((p[0] - xmin) / breite * GROB as f64) as usize).min(GROB - 1);
            let sy = (((p[1] - ymin) / hoehe * GROB as f64) as usize).min(GROB - 1);
            sy * GROB + sx
        };
        let mut zahl = vec![0usize; GROB * GROB];
        for p in punkte {
            zahl[grob(p)] += 1;
        }
        let mut dichten: Vec<usize> = punkte.iter().map(|p| zahl[grob(p)]).collect();
        let mitte = dichten.len() / 2;
        let typisch = *dichten.select_nth_unstable(mitte).1 as f64;
        let grobflaeche = breite * hoehe / (GROB * GROB) as f64;
        let zelle = (2.0 * grobflaeche / typisch).sqrt().max((breite * hoehe / (1u64 << 22) as f64).sqrt()).max(1.0);
        let nx = (breite / zelle).floor() as usize + 1;
        let ny = (hoehe / zelle).floor() as usize + 1;
        let zelle_von = |p: &[f64; 2]| {
            let sx = (((p[0] - xmin) / zelle) as usize).min(nx - 1);
            let sy = (((p[1] - ymin) / zelle) as usize).min(ny - 1);
            sy * nx + sx
        };
        let mut start = vec![0u32; nx * ny + 1];
        for p in punkte {
            start[zelle_von(p) + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut pos = start.clone();
        let mut sortiert = vec![[0.0; 2]; punkte.len()];
        for p in punkte {
            let z = zelle_von(p);
            sortiert[pos[z] as usize] = *p;
            pos[z] += 1;
        }
        Self { x0: xmin, y0: ymin, zelle, nx, ny, start, punkte: sortiert }
    }

    fn zelle_pruefen(&self, sx: usize, sy: usize, x: f64, y: f64, best: &mut f64) {
        let z = sy * self.nx + sx;
        if self.start[z] == self.start[z + 1] {
            return;
        }
        // Skip a cell that cannot hold anything nearer than the best so far.
        let (zx0, zy0) = (self.x0 + sx as f64 * self.zelle, self.y0 + sy as f64 * self.zelle);
        let dx = (zx0 - x).max(0.0).max(x - zx0 - self.zelle);
        let dy = (zy0 - y).max(0.0).max(y - zy0 - self.zelle);
        if dx * dx + dy * dy >= *best {
            return;
        }
        // Branch-free minimum: which point is nearer is unpredictable for the CPU.
        let mut b = *best;
        for p in &self.punkte[self.start[z] as usize..self.start[z + 1] as usize] {
            b = b.min((p[0] - x) * (p[0] - x) + (p[1] - y) * (p[1] - y));
        }
        *best = b;
    }

    /// Euclidean distance from (x, y) to the nearest point; infinite without points.
    pub fn naechster_abstand(&self, x: f64, y: f64) -> f64 {
        if self.punkte.is_empty() {
            return f64::INFINITY;
        }
        let c = self.zelle;
        let cx = (((x - self.x0) / c).floor().max(0.0) as usize).min(self.nx - 1) as isize;
        let cy = (((y - self.y0) / c).floor().max(0.0) as usize).min(self.ny - 1) as isize;
        let (nx, ny) = (self.nx as isize, self.ny as isize);
        let mut best = f64::INFINITY;
        let mut r: isize = 0;
        loop {
            let (x_lo, x_hi, y_lo, y_hi) = (cx - r, cx + r, cy - r, cy + r);
            for sy in y_lo.max(0)..=y_hi.min(ny - 1) {
                let ganze_zeile = sy == y_lo || sy == y_hi;
                if ganze_zeile {
                    for sx in x_lo.max(0)..=x_hi.min(nx - 1) {
                        self.zelle_pruefen(sx as usize, sy as usize, x, y, &mut best);
                    }
                } else {
                    for sx in [x_lo, x_hi] {
                        if (0..nx).contains(&sx) {
                            self.zelle_pruefen(sx as usize, sy as usize, x, y, &mut best);
                        }
                    }
                }
            }
            if x_lo <= 0 && y_lo <= 0 && x_hi >= nx - 1 && y_hi >= ny - 1 {
                break;
            }
            // Everything not yet visited lies outside the block of rings 0..=r.
            let rand = [
                x - (self.x0 + x_lo as f64 * c),
                self.x0 + (x_hi + 1) as f64 * c - x,
                y - (self.y0 + y_lo as f64 * c),
                self.y0 + (y_hi + 1) as f64 * c - y,
            ];
            let frei = rand.into_iter().fold(f64::INFINITY, f64::min);
            if frei > 0.0 && best <= frei * frei {
                break;
            }
            r += 1;
        }
        best.sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, Point, polygon};

    fn quadrat(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s), (x: x, y: y)],
        ])
    }

    #[test]
    fn points_inside_on_and_outside_a_square() {
        let ix = Flaechenindex::neu(&[quadrat(0.0, 0.0, 10.0)]);
        assert_eq!(ix.flaeche(5.0, 5.0), Some(0));
        assert_eq!(ix.flaeche(10.0, 5.0), None, "on the edge is not inside");
        assert_eq!(ix.flaeche(0.0, 0.0), None, "a corner is not inside");
        assert_eq!(ix.flaeche(10.5, 5.0), None);
        assert_eq!(ix.flaeche(-1e9, 5.0), None);
    }

    #[test]
    fn a_hole_belongs_to_the_area_inside_it_and_overlaps_go_to_the_first() {
        let aussen = geo::Polygon::new(
            quadrat(0.0, 0.0, 100.0).0[0].exterior().clone(),
            vec![quadrat(40.0, 40.0, 20.0).0[0].exterior().clone()],
        );
        let flaechen = vec![MultiPolygon(vec![aussen]), quadrat(45.0, 45.0, 10.0), quadrat(0.0, 0.0, 30.0)];
        let ix = Flaechenindex::neu(&flaechen);
        assert_eq!(ix.flaeche(50.0, 50.0), Some(1), "inside the small square in the hole");
        assert_eq!(ix.flaeche(42.0, 42.0), None, "in the hole, outside the small square");
        assert_eq!(ix.flaeche(10.0, 10.0), Some(0), "overlap of 0 and 2: the first wins");
        assert_eq!(ix.flaeche(90.0, 90.0), Some(0));
    }

    #[test]
    fn the_grid_agrees_with_geo_on_a_jagged_polygon_everywhere() {
        // A star with 40 spikes and many grid cells: compare with geo's own `contains`.
        let mut ring: Vec<(f64, f64)> = (0..80)
            .map(|i| {
                let w = i as f64 * std::f64::consts::PI / 40.0;
                let r = if i % 2 == 0 { 1000.0 } else { 430.0 };
                (r * w.cos(), r * w.sin())
            })
            .collect();
        ring.push(ring[0]);
        let mp = MultiPolygon(vec![geo::Polygon::new(ring.into(), vec![])]);
        let ix = Flaechenindex::neu(std::slice::from_ref(&mp));
        let mut s: u64 = 7;
        for _ in 0..20_000 {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let x = ((s >> 11) as f64 / (1u64 << 53) as f64) * 2400.0 - 1200.0;
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let y = ((s >> 11) as f64 / (1u64 << 53) as f64) * 2400.0 - 1200.0;
            let erwartet = mp.contains(&Point::new(x, y)).then_some(0);
            assert_eq!(ix.flaeche(x, y), erwartet, "({x}, {y})");
        }
    }

    #[test]
    fn nearest_distance_matches_a_scan_of_all_points() {
        let mut s: u64 = 11;
        let mut zufall = || {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let punkte: Vec<[f64; 2]> = (0..500).map(|_| [zufall() * 10_000.0, zufall() * 3_000.0]).collect();
        let raster = Punktraster::neu(&punkte);
        for _ in 0..2_000 {
            let (x, y) = (zufall() * 16_000.0 - 3_000.0, zufall() * 9_000.0 - 3_000.0);
            let erwartet = punkte.iter().map(|p| (p[0] - x).hypot(p[1] - y)).fold(f64::INFINITY, f64::min);
            let d = raster.naechster_abstand(x, y);
            assert!((d - erwartet).abs() < 1e-9, "({x}, {y}): {d} ≠ {erwartet}");
        }
        assert_eq!(Punktraster::neu(&[]).naechster_abstand(0.0, 0.0), f64::INFINITY);
    }
}

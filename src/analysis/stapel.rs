//! The batch coverage pipeline for any areas, points and offers (EPSG:25832 metres):
//!
//! 1. **Zuordnung**: a point belongs to the area whose interior contains it; where several
//!    do, to the one with the smallest id; points in no area are left out.
//! 2. **Nächste**: the Euclidean distance from each point to its nearest offer.
//! 3. **Abdeckung**: per area, Σ weight of its points and, per threshold, the share of that
//!    weight whose distance is at most the threshold.
//!
//! Work is spread over all cores in fixed chunks and the partial sums are added in chunk
//! order, so the result does not depend on the number of threads.

use rayon::prelude::*;

use crate::spatial::{Flaechenindex, Punktraster};

/// Points per chunk of parallel work.
const STUECK: usize = 1 << 16;
/// Marks a point that lies in no area.
pub const KEINE: u32 = u32::MAX;

/// The order of area ids: numeric when every id is an integer, otherwise by text.
/// Returns the positions of `ids` in that order.
pub fn id_reihenfolge(ids: &[String]) -> Vec<usize> {
    let mut r: Vec<usize> = (0..ids.len()).collect();
    let zahlen: Option<Vec<i64>> = ids.iter().map(|i| i.parse::<i64>().ok()).collect();
    match zahlen {
        Some(z) => r.sort_by(|&a, &b| z[a].cmp(&z[b]).then(a.cmp(&b))),
        None => r.sort_by(|&a, &b| ids[a].cmp(&ids[b]).then(a.cmp(&b))),
    }
    r
}

/// Side length of the coarse grid that orders points spatially.
const ORDNUNG_SEITE: usize = 16;

/// The points and their weights in a spatial order: by the cells of a coarse 64 × 64 grid
/// (row by row), in input order within a cell. Queries in this order touch neighbouring index
/// cells one after the other instead of jumping across memory, which makes them several times
/// faster for points that come in random order. Deterministic.
pub fn raeumlich_ordnen(punkte: &[[f64; 2]], gewichte: &[f64]) -> (Vec<[f64; 2]>, Vec<f64>) {
    let (mut xmin, mut ymin, mut xmax, mut ymax) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for p in punkte {
        xmin = xmin.min(p[0]);
        ymin = ymin.min(p[1]);
        xmax = xmax.max(p[0]);
        ymax = ymax.max(p[1]);
    }
    let n = ORDNUNG_SEITE;
    let (bx, by) = (((xmax - xmin) / n as f64).max(1e-9), ((ymax - ymin) / n as f64).max(1e-9));
    let schluessel: Vec<u16> = punkte
        .par_iter()
        .map(|p| {
            let sx = (((p[0] - xmin) / bx) as usize).min(n - 1);
            let sy = (((p[1] - ymin) / by) as usize).min(n - 1);
            (sy * n + sx) as u16
        })
        .collect();
    let mut start = vec![0usize; n * n + 1];
    for &k in &schluessel {
        start[usize::from(k) + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut xy = vec![[0.0; 2]; punkte.len()];
    let mut w = vec![0.0; gewichte.len()];
    for (i, &k) in schluessel.iter().enumerate() {
        let z = &mut start[usize::from(k)];
        xy[*z] = punkte[i];
        if let Some(g) = gewichte.get(i) {
            w[*z] = *g;
        }
        *z += 1;
    }
    (xy, w)
}

/// The area (position in the index) of every point, [`KEINE`] for points in no area.
pub fn zuordnen(index: &Flaechenindex, punkte: &[[f64; 2]]) -> Vec<u32> {
    let mut aus = vec![KEINE; punkte.len()];
    aus.par_chunks_mut(STUECK).zip(punkte.par_chunks(STUECK)).for_each(|(a, p)| {
        for (z, q) in a.iter_mut().zip(p) {
            *z = index.flaeche(q[0], q[1]).map_or(KEINE, |f| f as u32);
        }
    });
    aus
}

/// The distance in metres from every point to its nearest offer (infinite without offers).
pub fn naechste(angebote: &Punktraster, punkte: &[[f64; 2]]) -> Vec<f64> {
    let mut aus = vec![f64::INFINITY; punkte.len()];
    aus.par_chunks_mut(STUECK).zip(punkte.par_chunks(STUECK)).for_each(|(a, p)| {
        for (d, q) in a.iter_mut().zip(p) {
            *d = angebote.naechster_abstand(q[0], q[1]);
        }
    });
    aus
}

/// Coverage of one area.
#[derive(Debug, Clone, PartialEq)]
pub struct Gebietsabdeckung {
    /// Σ weight of the area's points.
    pub gewicht: f64,
    /// Σ weight of the points within each threshold.
    pub versorgt: Vec<f64>,
}

impl Gebietsabdeckung {
    /// Share within threshold `i`; `None` for an area without weight.
    pub fn anteil(&self, i: usize) -> Option<f64> {
        (self.gewicht > 0.0).then(|| self.versorgt[i] / self.gewicht)
    }
}

/// Sums weights per area and threshold (inclusive: distance ≤ threshold).
pub fn abdeckung(
    zuordnung: &[u32],
    abstand: &[f64],
    gewicht: &[f64],
    gebiete: usize,
    schwellen: &[f64],
) -> Vec<Gebietsabdeckung> {
    let leer = || vec![Gebietsabdeckung { gewicht: 0.0, versorgt: vec![0.0; schwellen.len()] }; gebiete];
    let teile: Vec<Vec<Gebietsabdeckung>> = zuordnung
        .par_chunks(STUECK)
        .zip(abstand.par_chunks(STUECK))
        .zip(gewicht.par_chunks(STUECK))
        .map(|((z, d), w)| {
            let mut s = leer();
            for ((&g, &d), &w) in z.iter().zip(d).zip(w) {
                if g == KEINE {
                    continue;
                }
                let a = &mut s[g as usize];
                a.gewicht += w;
                for (v, t) in a.versorgt.iter_mut().zip(schwellen) {
                    if d <= *t {
                        *v += w;
                    }
                }
            }
            s
        })
        .collect();
    let mut summe = leer();
    for t in teile {
        for (s, x) in summe.iter_mut().zip(t) {
            s.gewicht += x.gewicht;
            for (a, b) in s.versorgt.iter_mut().zip(x.versorgt) {
                *a += b;
            }
        }
    }
    summe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_ids_sort_as_numbers_and_others_as_text() {
        let ids: Vec<String> = ["10", "9", "100"].map(String::from).to_vec();
        assert_eq!(id_reihenfolge(&ids), vec![1, 0, 2]);
        let ids: Vec<String> = ["b", "a10", "a9"].map(String::from).to_vec();
        assert_eq!(id_reihenfolge(&ids), vec![1, 2, 0]);
    }

    #[test]
    fn thresholds_are_inclusive_and_points_outside_are_left_out() {
        let s = abdeckung(&[0, 0, 1, KEINE], &[1000.0, 1000.1, 5.0, 0.0], &[1.0, 3.0, 2.0, 9.0], 2, &[1000.0]);
        assert_eq!(s[0], Gebietsabdeckung { gewicht: 4.0, versorgt: vec![1.0] });
        assert_eq!(s[1].anteil(0), Some(1.0));
    }
}

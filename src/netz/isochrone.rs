//! Catchment areas (isochrones): the part of the network from which a place is reached within
//! a time, and a band around it as an area.
//!
//! Method: one search from the place over the reversed edges (so one-way streets count in the
//! direction towards the place) gives the cost of every junction. On each edge the stretch
//! from which the place is still reached in time is cut exactly (the remaining time divided by
//! the cost per metre), on the place's own edge from the place outwards. The stretches are
//! widened by [`BAND_M`] metres on each side and merged into one area. So the area is the
//! street space that is reached, not a hull around it: a field between two roads is not in
//! it, a house more than [`BAND_M`] metres from a reached road neither.

use geo::{BooleanOps, Buffer, LineString, MultiLineString, MultiPolygon, SimplifyVwPreserve};

use super::{Anschluss, Feld, Gewicht, Profil, Strassennetz};

/// Half the width of the band around the reached stretches, metres.
pub const BAND_M: f64 = 50.0;

/// The stretches of the network from which the place joined at `ort` is reached within each
/// cost of `grenzen` (ascending; metres, or seconds for `Gewicht::Fahrzeit`), one
/// multi-line per limit (EPSG:25832). `feld` is the search towards the place (one target,
/// at least as far as the largest limit).
pub fn stuecke(
    n: &Strassennetz,
    p: Profil,
    g: Gewicht,
    feld: &Feld,
    ort: &Anschluss,
    grenzen: &[f64],
) -> Vec<MultiLineString<f64>> {
    grenzen
        .iter()
        .map(|&t| {
            let mut linien = Vec::new();
            for (e, k) in n.netz.kanten.iter().enumerate() {
                let r = k.richtungen(p);
                if !r.irgendeine() {
                    continue;
                }
                let s = n.kosten_je_meter(e, p, g);
                let mut teile: Vec<(f64, f64)> = Vec::new();
                // From a point x of the edge along it to its end node, then on.
                let (kv, kn) = (feld.kosten[k.von as usize], feld.kosten[k.nach as usize]);
                if r.vor && kn <= t {
                    teile.push(((k.laenge_m - (t - kn) / s).max(0.0), k.laenge_m));
                }
                if r.rueck && kv <= t {
                    teile.push((0.0, ((t - kv) / s).min(k.laenge_m)));
                }
                if e as u32 == ort.kante {
                    let rest = t - ort.bein_m * s;
                    if rest >= 0.0 {
                        if r.vor {
                            teile.push(((ort.ab_m - rest / s).max(0.0), ort.ab_m));
                        }
                        if r.rueck {
                            teile.push((ort.ab_m, (ort.ab_m + rest / s).min(k.laenge_m)));
                        }
                    }
                }
                for (a, b) in vereinigen(teile) {
                    if let Some(l) = abschnitt(n, e, a, b) {
                        linien.push(l);
                    }
                }
            }
            MultiLineString(linien)
        })
        .collect()
}

/// The union of intervals, sorted.
fn vereinigen(mut teile: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    teile.retain(|(a, b)| b >= a);
    teile.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut aus: Vec<(f64, f64)> = Vec::new();
    for (a, b) in teile {
        match aus.last_mut() {
            Some(l) if a <= l.1 => l.1 = l.1.max(b),
            _ => aus.push((a, b)),
        }
    }
    aus
}

/// The part of edge `e` from `a` to `b` metres from its start, as a line.
fn abschnitt(n: &Strassennetz, e: usize, a: f64, b: f64) -> Option<LineString<f64>> {
    let geo = n.netz.geometrie(e);
    let ab = n.abschnitte(e);
    let punkt = |m: f64| -> [f64; 2] {
        let i = ab.partition_point(|&x| x < m).clamp(1, ab.len() - 1);
        let (l0, l1) = (ab[i - 1], ab[i]);
        let t = if l1 > l0 { ((m - l0) / (l1 - l0)).clamp(0.0, 1.0) } else { 0.0 };
        [geo[i - 1][0] + t * (geo[i][0] - geo[i - 1][0]), geo[i - 1][1] + t * (geo[i][1] - geo[i - 1][1])]
    };
    let mut v = vec![punkt(a)];
    v.extend(ab.iter().zip(geo).filter(|(m, _)| **m > a && **m < b).map(|(_, q)| *q));
    v.push(punkt(b));
    v.dedup();
    (v.len() >= 2).then(|| LineString::from(v.into_iter().map(|q| (q[0], q[1])).collect::<Vec<_>>()))
}

/// The band of [`BAND_M`] metres around reached stretches, as one area (EPSG:25832); its
/// outline is simplified (Visvalingam–Whyatt, keeping it valid) by dropping points whose
/// triangle is under [`GLAETTUNG_M2`] (the round ends of the band have many points).
pub fn flaeche(stuecke: &MultiLineString<f64>) -> MultiPolygon<f64> {
    if stuecke.0.is_empty() {
        return MultiPolygon(Vec::new());
    }
    stuecke.buffer(BAND_M).simplify_vw_preserve(GLAETTUNG_M2)
}

/// The areas of nested stretches (ascending limits, as [`stuecke`] gives them), each joined
/// with the one before: the band and its simplification are made per limit, so without the
/// union a smaller area could stick out of a larger one by a sliver.
pub fn flaechen(stuecke: &[MultiLineString<f64>]) -> Vec<MultiPolygon<f64>> {
    let mut aus: Vec<MultiPolygon<f64>> = Vec::with_capacity(stuecke.len());
    for s in stuecke {
        let f = flaeche(s);
        let f = match aus.last() {
            Some(kleiner) if !kleiner.0.is_empty() => f.union(kleiner),
            _ => f,
        };
        aus.push(f);
    }
    aus
}

/// Area in m² below which a point of the outline is dropped.
pub const GLAETTUNG_M2: f64 = 1.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netz::aufbau::{Rohknoten, Rohweg, bauen};
    use crate::netz::profil::{Richtungen, Zulassung};
    use geo::{Area, Euclidean, Length};

    /// A straight way of 1 km (nodes every 100 m), walkable both ways.
    fn gerade() -> Strassennetz {
        let beide = Richtungen { vor: true, rueck: true };
        let k = Rohknoten {
            ids: (0..=10).collect(),
            xy: (0..=10).map(|i| [i as f64 * 100.0, 0.0]).collect(),
            drin: vec![true; 11],
        };
        let wege = vec![Rohweg {
            id: 1,
            knoten: (0..=10).collect(),
            zulassung: Zulassung { richtungen: [beide, Richtungen::default(), Richtungen::default()], auto_kmh: 0.0 },
        }];
        Strassennetz::neu(bauen(wege, &k, Default::default()))
    }

    #[test]
    fn the_reached_stretch_is_the_time_left_after_the_leg_on_both_sides() {
        let n = gerade();
        let ort = n.anschluss([430.0, 20.0], Profil::Fuss).unwrap();
        // 300 m of walking: 20 m leg, then 280 m each way from x = 430.
        let feld = n.feld(Profil::Fuss, Gewicht::Laenge, &[crate::netz::Ziel { nr: 0, anschluss: ort }]);
        let s = stuecke(&n, Profil::Fuss, Gewicht::Laenge, &feld, &ort, &[300.0, 1000.0]);
        assert!((Euclidean.length(&s[0]) - 560.0).abs() < 1e-9, "{}", Euclidean.length(&s[0]));
        // 1000 m reach the whole way (430 m to one end, 570 m to the other).
        assert!((Euclidean.length(&s[1]) - 1000.0).abs() < 1e-9);
        // The band: 560 m × 100 m plus two half discs of 50 m.
        let f = flaeche(&s[0]);
        let soll = 560.0 * 100.0 + std::f64::consts::PI * 50.0 * 50.0;
        assert!((f.unsigned_area() - soll).abs() / soll < 0.01, "{}", f.unsigned_area());
    }
}

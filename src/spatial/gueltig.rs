//! Rounding polygons for output without breaking them.
//!
//! A dissolved region boundary can pass twice, a few nanometres apart, through the same border
//! point of two Kommunen. Rounded to 6 or 7 decimals (as GeoJSON is sent) the two passes meet in
//! one vertex and the ring touches itself, which the OGC simple-features rules forbid. Such a
//! ring is split at the shared vertex into simple rings; each becomes a polygon of its own, or
//! a hole where it lies inside another. The result is valid and covers the same area.

use std::collections::HashMap;

use geo::{Contains, Coord, LineString, MultiPolygon, Orient, Polygon, orient::Direction};

/// Rounds every coordinate with `runden`, drops vertices that rounding made repeat, drops rings
/// that collapse, and splits rings that touch themselves (see the module docs). Exteriors come
/// out counter-clockwise, holes clockwise (RFC 7946).
pub fn gerundet_gueltig(mp: &MultiPolygon<f64>, runden: impl Fn(f64) -> f64) -> MultiPolygon<f64> {
    let r = |ls: &LineString<f64>| -> Vec<Coord<f64>> {
        let mut cs: Vec<Coord<f64>> = Vec::with_capacity(ls.0.len());
        for c in &ls.0 {
            let c = Coord { x: runden(c.x), y: runden(c.y) };
            if cs.last() != Some(&c) {
                cs.push(c);
            }
        }
        cs
    };
    let mut aussen: Vec<Polygon<f64>> = Vec::new();
    let mut loecher: Vec<LineString<f64>> = Vec::new();
    for p in &mp.0 {
        let teile = zerlegen(r(p.exterior()));
        // A piece inside another piece of the same ring is a hole of it.
        for (i, t) in teile.iter().enumerate() {
            let innen = teile.iter().enumerate().any(|(j, u)| i != j && liegt_in(t, u));
            if innen {
                loecher.push(t.clone());
            } else {
                aussen.push(Polygon::new(t.clone(), Vec::new()));
            }
        }
        for h in p.interiors() {
            loecher.extend(zerlegen(r(h)));
        }
    }
    for h in loecher {
        // The smallest exterior that holds the hole (there is one: the hole lay inside its ring).
        let ziel = aussen
            .iter()
            .enumerate()
            .filter(|(_, a)| liegt_in(&h, a.exterior()))
            .min_by(|(_, a), (_, b)| flaeche(a.exterior()).total_cmp(&flaeche(b.exterior())))
            .map(|(i, _)| i);
        if let Some(i) = ziel {
            aussen[i].interiors_push(h);
        }
    }
    MultiPolygon(aussen).orient(Direction::Default)
}

/// Splits a closed ring at every vertex it passes twice into simple closed rings; pieces with
/// fewer than three distinct vertices (spikes) are dropped.
fn zerlegen(mut ring: Vec<Coord<f64>>) -> Vec<LineString<f64>> {
    if ring.first() == ring.last() {
        ring.pop();
    }
    let schluessel = |c: &Coord<f64>| (c.x.to_bits(), c.y.to_bits());
    let mut pfad: Vec<Coord<f64>> = Vec::with_capacity(ring.len());
    let mut wo: HashMap<(u64, u64), usize> = HashMap::with_capacity(ring.len());
    let mut aus = Vec::new();
    let schliessen = |mut s: Vec<Coord<f64>>, aus: &mut Vec<LineString<f64>>| {
        if s.len() >= 3 {
            s.push(s[0]);
            aus.push(LineString(s));
        }
    };
    for c in ring {
        match wo.get(&schluessel(&c)).copied() {
            Some(pos) => {
                let schleife = pfad.split_off(pos);
                for s in &schleife {
                    wo.remove(&schluessel(s));
                }
                schliessen(schleife, &mut aus);
                wo.insert(schluessel(&c), pfad.len());
                pfad.push(c);
            }
            None => {
                wo.insert(schluessel(&c), pfad.len());
                pfad.push(c);
            }
        }
    }
    schliessen(pfad, &mut aus);
    aus
}

/// Whether ring `a` lies inside ring `b`: the midpoint of one of `a`'s edges that is not an
/// edge of `b` lies in `b`'s area.
fn liegt_in(a: &LineString<f64>, b: &LineString<f64>) -> bool {
    let flaeche_b = Polygon::new(b.clone(), Vec::new());
    a.lines()
        .map(|l| geo::Point::new((l.start.x + l.end.x) / 2.0, (l.start.y + l.end.y) / 2.0))
        .find(|m| !b.lines().any(|k| geo::Intersects::intersects(&k, m)))
        .is_some_and(|m| flaeche_b.contains(&m))
}

fn flaeche(ring: &LineString<f64>) -> f64 {
    geo::Area::unsigned_area(&Polygon::new(ring.clone(), Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Validation};

    fn ring(p: &[(f64, f64)]) -> LineString<f64> {
        LineString(p.iter().map(|&(x, y)| Coord { x, y }).collect())
    }

    #[test]
    fn two_lobes_that_meet_after_rounding_become_two_valid_polygons() {
        // Two unit squares meeting at (1, 1): the ring passes that corner twice, a nanometre
        // apart each time. Valid before rounding, touching itself after.
        let acht = ring(&[
            (0.0, 0.0),
            (1.0, 0.0),
            (1.000_000_000_4, 1.0),
            (2.0, 1.0),
            (2.0, 2.0),
            (1.0, 2.0),
            (0.999_999_999_6, 1.0),
            (0.0, 1.0),
            (0.0, 0.0),
        ]);
        let mp = MultiPolygon(vec![Polygon::new(acht, Vec::new())]);
        let runden = |v: f64| (v * 1e6).round() / 1e6;
        let bloss: MultiPolygon<f64> = MultiPolygon(vec![Polygon::new(
            LineString(mp.0[0].exterior().0.iter().map(|c| Coord { x: runden(c.x), y: runden(c.y) }).collect()),
            Vec::new(),
        )]);
        assert!(!bloss.is_valid(), "plain rounding must break it for the test to mean anything");
        let g = gerundet_gueltig(&mp, runden);
        assert!(g.is_valid(), "{:?}", g.validation_errors());
        assert_eq!(g.0.len(), 2);
        assert!((g.unsigned_area() - 2.0).abs() < 1e-6);
    }

    #[test]
    fn a_lobe_inside_becomes_a_hole() {
        // The ring runs around the outer square and, through a shared vertex, around an
        // inner one: an inverted hole.
        let r = ring(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (2.0, 4.0),
            (2.0, 3.0),
            (3.0, 3.0),
            (3.0, 1.0),
            (1.0, 1.0),
            (1.0, 3.0),
            (2.0, 3.0),
            (2.0, 4.0),
            (0.0, 4.0),
            (0.0, 0.0),
        ]);
        let g = gerundet_gueltig(&MultiPolygon(vec![Polygon::new(r, Vec::new())]), |v| v);
        assert!(g.is_valid(), "{:?}", g.validation_errors());
        assert_eq!(g.0.len(), 1);
        assert_eq!(g.0[0].interiors().len(), 1);
        assert!((g.unsigned_area() - 12.0).abs() < 1e-9);
    }

    #[test]
    fn spikes_made_by_rounding_are_dropped() {
        let r = ring(&[
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (1.0, 2.0),
            (1.0, 3.000_000_1),
            (1.000_000_01, 2.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]);
        let g = gerundet_gueltig(&MultiPolygon(vec![Polygon::new(r, Vec::new())]), |v| (v * 1e6).round() / 1e6);
        assert!(g.is_valid(), "{:?}", g.validation_errors());
        assert!((g.unsigned_area() - 4.0).abs() < 1e-6);
    }
}

//! Searches on the network: joining a point to it, the nearest target of every node (one
//! multi-source Dijkstra on the reversed edges), and the cost from one point to every node.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use geo::{Line, Point};
use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::{Kante, Netz, Profil};

/// What a search adds up along the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gewicht {
    /// Metres.
    Laenge,
    /// Seconds at the profile's speed (the car: the edge's speed).
    Fahrzeit,
}

/// Where a point joins the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anschluss {
    /// The edge.
    pub kante: u32,
    /// Metres along the edge from its start node to the projection (exactly 0 or the edge's
    /// length when the projection is a node).
    pub ab_m: f64,
    /// Straight leg in metres from the point to its projection.
    pub bein_m: f64,
    /// The projection (EPSG:25832).
    pub fusspunkt: [f64; 2],
}

/// A target of a search (an offer): its number and where it joins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ziel {
    /// The caller's number (e.g. the offer's index).
    pub nr: u32,
    /// Where it joins the network.
    pub anschluss: Anschluss,
}

/// The nearest target of every node: the cost to reach it and its number.
#[derive(Debug, Clone)]
pub struct Feld {
    /// The profile searched.
    pub profil: Profil,
    /// What was added up.
    pub gewicht: Gewicht,
    /// Per node the cost to the nearest target (infinite: none reachable).
    pub kosten: Vec<f64>,
    /// Per node the number of that target (`u32::MAX`: none).
    pub ziel: Vec<u32>,
    /// Targets joining each edge: (metres from its start, cost of the target's leg, number).
    auf_kante: HashMap<u32, Vec<(f64, f64, u32)>>,
}

/// Edges into and out of every node for one profile (compressed rows).
#[derive(Debug, Clone, Default)]
struct Graph {
    ein_ab: Vec<u32>,
    /// (node the edge comes from, edge).
    ein: Vec<(u32, u32)>,
    aus_ab: Vec<u32>,
    /// (node the edge leads to, edge).
    aus: Vec<(u32, u32)>,
}

type Segment = GeomWithData<Line<f64>, (u32, u32)>;

/// The longest straight leg from a point to the network, metres: a point farther from every
/// way of its profile is outside the network (its offers unreachable, itself not covered).
pub const MAX_ANSCHLUSS_M: f64 = 1000.0;

/// A loaded network with its indexes, ready for searches.
pub struct Strassennetz {
    /// The network.
    pub netz: Netz,
    /// Metres from the edge's start to every geometry point (indexed like `netz.punkte`).
    ab: Vec<f64>,
    /// Every segment with (edge, index of its first point).
    baum: RTree<Segment>,
    graphen: [Graph; 3],
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Eintrag(Reverse<u64>, u32);

/// A non-negative cost as a key that orders like the number.
fn schluessel(c: f64) -> Reverse<u64> {
    Reverse(c.to_bits())
}

impl Strassennetz {
    /// Indexes a network.
    pub fn neu(netz: Netz) -> Self {
        let mut ab = vec![0.0; netz.punkte.len()];
        let mut segmente = Vec::with_capacity(netz.punkte.len());
        for (e, k) in netz.kanten.iter().enumerate() {
            let s = k.erster_punkt as usize;
            let mut l = 0.0;
            for (i, ab_i) in ab.iter_mut().enumerate().skip(s).take(k.punkte as usize) {
                if i > s {
                    let (a, b) = (netz.punkte[i - 1], netz.punkte[i]);
                    l += (b[0] - a[0]).hypot(b[1] - a[1]);
                    segmente.push(Segment::new(
                        Line::new(geo::coord! { x: a[0], y: a[1] }, geo::coord! { x: b[0], y: b[1] }),
                        (e as u32, (i - 1) as u32),
                    ));
                }
                *ab_i = l;
            }
        }
        let graphen = Profil::ALLE.map(|p| graph(&netz, p));
        Self { ab, baum: RTree::bulk_load(segmente), graphen, netz }
    }

    /// Cost per metre on edge `k` for profile `p`.
    fn satz(k: &Kante, p: Profil, g: Gewicht) -> f64 {
        match g {
            Gewicht::Laenge => 1.0,
            Gewicht::Fahrzeit => 3.6 / k.kmh(p),
        }
    }

    /// Where `punkt` (EPSG:25832) joins the network of profile `p`: the projection onto the
    /// nearest segment of an edge `p` may use (on equal distance the smaller edge, then segment).
    /// `None` when no such edge lies within [`MAX_ANSCHLUSS_M`].
    pub fn anschluss(&self, punkt: [f64; 2], p: Profil) -> Option<Anschluss> {
        let q = Point::new(punkt[0], punkt[1]);
        let mut best: Option<(f64, (u32, u32))> = None;
        for (s, d2) in self.baum.nearest_neighbor_iter_with_distance_2(&q) {
            if best.is_some_and(|(bd, _)| d2 > bd) || d2 > MAX_ANSCHLUSS_M * MAX_ANSCHLUSS_M {
                break;
            }
            if !self.netz.kanten[s.data.0 as usize].richtungen(p).irgendeine() {
                continue;
            }
            if best.is_none_or(|(_, bk)| s.data < bk) {
                best = Some((d2, s.data));
            }
        }
        let (_, (e, i)) = best?;
        let k = &self.netz.kanten[e as usize];
        let (a, b) = (self.netz.punkte[i as usize], self.netz.punkte[i as usize + 1]);
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let l2 = dx * dx + dy * dy;
        let t = if l2 > 0.0 { (((punkt[0] - a[0]) * dx + (punkt[1] - a[1]) * dy) / l2).clamp(0.0, 1.0) } else { 0.0 };
        let fusspunkt = [a[0] + t * dx, a[1] + t * dy];
        let ab_m = if t == 0.0 && i == k.erster_punkt {
            0.0
        } else if t == 1.0 && i + 2 == k.erster_punkt + k.punkte {
            k.laenge_m
        } else {
            self.ab[i as usize] + t * dx.hypot(dy)
        };
        Some(Anschluss { kante: e, ab_m, bein_m: (punkt[0] - fusspunkt[0]).hypot(punkt[1] - fusspunkt[1]), fusspunkt })
    }

    /// Where each point joins the network of profile `p` (in parallel).
    pub fn anschluesse(&self, punkte: &[[f64; 2]], p: Profil) -> Vec<Option<Anschluss>> {
        use rayon::prelude::*;
        punkte.par_iter().map(|q| self.anschluss(*q, p)).collect()
    }

    /// The targets of points (numbered by their position) that join the network of `p`.
    pub fn ziele(&self, punkte: &[[f64; 2]], p: Profil) -> Vec<Ziel> {
        self.anschluesse(punkte, p)
            .into_iter()
            .enumerate()
            .filter_map(|(i, a)| a.map(|anschluss| Ziel { nr: i as u32, anschluss }))
            .collect()
    }

    /// The nearest target of every node for profile `p` (one Dijkstra from all targets over
    /// the reversed edges). Equal costs go to the smaller target number.
    pub fn feld(&self, p: Profil, g: Gewicht, ziele: &[Ziel]) -> Feld {
        self.feld_bis(p, g, ziele, f64::INFINITY)
    }

    /// As [`Strassennetz::feld`], searched only up to the cost `grenze` (nodes beyond stay
    /// infinite).
    pub fn feld_bis(&self, p: Profil, g: Gewicht, ziele: &[Ziel], grenze: f64) -> Feld {
        let n = self.netz.knoten.len();
        let mut f = Feld {
            profil: p,
            gewicht: g,
            kosten: vec![f64::INFINITY; n],
            ziel: vec![u32::MAX; n],
            auf_kante: HashMap::new(),
        };
        let mut haufen = BinaryHeap::new();
        let setzen = |f: &mut Feld, haufen: &mut BinaryHeap<Eintrag>, x: u32, c: f64, nr: u32| {
            let (alt, alt_nr) = (f.kosten[x as usize], f.ziel[x as usize]);
            if c <= grenze && (c < alt || (c == alt && nr < alt_nr)) {
                f.kosten[x as usize] = c;
                f.ziel[x as usize] = nr;
                haufen.push(Eintrag(schluessel(c), x));
            }
        };
        for z in ziele {
            let a = &z.anschluss;
            let k = &self.netz.kanten[a.kante as usize];
            let (r, s) = (k.richtungen(p), Self::satz(k, p, g));
            let bein = a.bein_m * s;
            if r.vor || a.ab_m == 0.0 {
                setzen(&mut f, &mut haufen, k.von, bein + a.ab_m * s, z.nr);
            }
            if r.rueck || a.ab_m == k.laenge_m {
                setzen(&mut f, &mut haufen, k.nach, bein + (k.laenge_m - a.ab_m) * s, z.nr);
            }
            f.auf_kante.entry(a.kante).or_default().push((a.ab_m, bein, z.nr));
        }
        let gr = &self.graphen[p.index()];
        while let Some(Eintrag(Reverse(bits), x)) = haufen.pop() {
            let c = f64::from_bits(bits);
            if c > f.kosten[x as usize] {
                continue;
            }
            let nr = f.ziel[x as usize];
            for &(y, e) in &gr.ein[gr.ein_ab[x as usize] as usize..gr.ein_ab[x as usize + 1] as usize] {
                let k = &self.netz.kanten[e as usize];
                setzen(&mut f, &mut haufen, y, c + k.laenge_m * Self::satz(k, p, g), nr);
            }
        }
        f
    }

    /// The cost from a joined point to its nearest target of `feld`, and that target's number
    /// (infinite and `None` when none is reachable). The point's own leg is included.
    pub fn zum_ziel(&self, feld: &Feld, a: &Anschluss) -> (f64, Option<u32>) {
        let (p, g) = (feld.profil, feld.gewicht);
        let k = &self.netz.kanten[a.kante as usize];
        let (r, s) = (k.richtungen(p), Self::satz(k, p, g));
        let bein = a.bein_m * s;
        let mut best = (f64::INFINITY, u32::MAX);
        let mut nehmen = |c: f64, nr: u32| {
            if nr != u32::MAX && (c < best.0 || (c == best.0 && nr < best.1)) {
                best = (c, nr);
            }
        };
        if r.vor || a.ab_m == k.laenge_m {
            nehmen(bein + (k.laenge_m - a.ab_m) * s + feld.kosten[k.nach as usize], feld.ziel[k.nach as usize]);
        }
        if r.rueck || a.ab_m == 0.0 {
            nehmen(bein + a.ab_m * s + feld.kosten[k.von as usize], feld.ziel[k.von as usize]);
        }
        for &(ab, c_z, nr) in feld.auf_kante.get(&a.kante).map(Vec::as_slice).unwrap_or_default() {
            if ab >= a.ab_m && (r.vor || ab == a.ab_m) {
                nehmen(bein + (ab - a.ab_m) * s + c_z, nr);
            }
            if ab <= a.ab_m && (r.rueck || ab == a.ab_m) {
                nehmen(bein + (a.ab_m - ab) * s + c_z, nr);
            }
        }
        (best.0, (best.1 != u32::MAX).then_some(best.1))
    }

    /// The nodes reached from a joined point (forward) within `grenze`, with their cost: a
    /// search that touches only its neighbourhood (for many small searches).
    pub fn umkreis(&self, p: Profil, g: Gewicht, a: &Anschluss, grenze: f64) -> HashMap<u32, f64> {
        let mut kosten: HashMap<u32, f64> = HashMap::new();
        let mut haufen = BinaryHeap::new();
        let setzen = |kosten: &mut HashMap<u32, f64>, haufen: &mut BinaryHeap<Eintrag>, x: u32, c: f64| {
            if c <= grenze && kosten.get(&x).is_none_or(|&alt| c < alt) {
                kosten.insert(x, c);
                haufen.push(Eintrag(schluessel(c), x));
            }
        };
        let k = &self.netz.kanten[a.kante as usize];
        let (r, s) = (k.richtungen(p), Self::satz(k, p, g));
        if r.vor || a.ab_m == k.laenge_m {
            setzen(&mut kosten, &mut haufen, k.nach, (a.bein_m + k.laenge_m - a.ab_m) * s);
        }
        if r.rueck || a.ab_m == 0.0 {
            setzen(&mut kosten, &mut haufen, k.von, (a.bein_m + a.ab_m) * s);
        }
        while let Some(Eintrag(Reverse(bits), x)) = haufen.pop() {
            let c = f64::from_bits(bits);
            if kosten.get(&x).is_some_and(|&alt| c > alt) {
                continue;
            }
            for &(y, e) in self.aus(p, x) {
                let k = &self.netz.kanten[e as usize];
                setzen(&mut kosten, &mut haufen, y, c + k.laenge_m * Self::satz(k, p, g));
            }
        }
        kosten
    }

    /// The cost from a point searched by [`Strassennetz::umkreis`] (node costs `kosten`,
    /// infinite where not reached; joined at `start`) to a target joined at `ziel`, the target's
    /// leg included.
    pub fn bis_mit(
        &self,
        p: Profil,
        g: Gewicht,
        kosten: impl Fn(u32) -> f64,
        start: &Anschluss,
        ziel: &Anschluss,
    ) -> f64 {
        let k = &self.netz.kanten[ziel.kante as usize];
        let (r, s) = (k.richtungen(p), Self::satz(k, p, g));
        let bein = ziel.bein_m * s;
        let mut best = f64::INFINITY;
        if r.vor || ziel.ab_m == 0.0 {
            best = best.min(kosten(k.von) + ziel.ab_m * s + bein);
        }
        if r.rueck || ziel.ab_m == k.laenge_m {
            best = best.min(kosten(k.nach) + (k.laenge_m - ziel.ab_m) * s + bein);
        }
        if start.kante == ziel.kante {
            let direkt = (start.bein_m + (ziel.ab_m - start.ab_m).abs()) * s + bein;
            let erlaubt = if ziel.ab_m >= start.ab_m { r.vor } else { r.rueck } || ziel.ab_m == start.ab_m;
            if erlaubt {
                best = best.min(direkt);
            }
        }
        best
    }

    /// The profile's edges out of node `x`: (node reached, edge).
    pub fn aus(&self, p: Profil, x: u32) -> &[(u32, u32)] {
        let gr = &self.graphen[p.index()];
        &gr.aus[gr.aus_ab[x as usize] as usize..gr.aus_ab[x as usize + 1] as usize]
    }

    /// The profile's edges into node `x`: (node they come from, edge).
    pub fn ein(&self, p: Profil, x: u32) -> &[(u32, u32)] {
        let gr = &self.graphen[p.index()];
        &gr.ein[gr.ein_ab[x as usize] as usize..gr.ein_ab[x as usize + 1] as usize]
    }

    /// Metres from edge start to each geometry point of edge `e`.
    pub fn abschnitte(&self, e: usize) -> &[f64] {
        let k = &self.netz.kanten[e];
        &self.ab[k.erster_punkt as usize..(k.erster_punkt + k.punkte) as usize]
    }

    /// Cost per metre on edge `e` (public for isochrones).
    pub fn kosten_je_meter(&self, e: usize, p: Profil, g: Gewicht) -> f64 {
        Self::satz(&self.netz.kanten[e], p, g)
    }
}

fn graph(netz: &Netz, p: Profil) -> Graph {
    let n = netz.knoten.len();
    let (mut ein_ab, mut aus_ab) = (vec![0u32; n + 1], vec![0u32; n + 1]);
    for k in &netz.kanten {
        let r = k.richtungen(p);
        if r.vor {
            aus_ab[k.von as usize + 1] += 1;
            ein_ab[k.nach as usize + 1] += 1;
        }
        if r.rueck {
            aus_ab[k.nach as usize + 1] += 1;
            ein_ab[k.von as usize + 1] += 1;
        }
    }
    for i in 1..=n {
        ein_ab[i] += ein_ab[i - 1];
        aus_ab[i] += aus_ab[i - 1];
    }
    let (mut ein, mut aus) = (vec![(0, 0); ein_ab[n] as usize], vec![(0, 0); aus_ab[n] as usize]);
    let (mut ei, mut ai) = (ein_ab.clone(), aus_ab.clone());
    let mut eintragen = |von: u32, nach: u32, e: u32| {
        aus[ai[von as usize] as usize] = (nach, e);
        ai[von as usize] += 1;
        ein[ei[nach as usize] as usize] = (von, e);
        ei[nach as usize] += 1;
    };
    for (e, k) in netz.kanten.iter().enumerate() {
        let r = k.richtungen(p);
        if r.vor {
            eintragen(k.von, k.nach, e as u32);
        }
        if r.rueck {
            eintragen(k.nach, k.von, e as u32);
        }
    }
    Graph { ein_ab, ein, aus_ab, aus }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netz::aufbau::{Rohknoten, Rohweg, bauen};
    use crate::netz::profil::{Richtungen, Zulassung};

    /// A square 0-1-2-3 of 100 m sides (way 1, closed, both directions on foot) and a one-way
    /// street for cars from 1 to 3 across it (way 2, 141.4 m, 50 km/h).
    fn netz() -> Strassennetz {
        let beide = Richtungen { vor: true, rueck: true };
        let vor = Richtungen { vor: true, rueck: false };
        let k = Rohknoten {
            ids: vec![0, 1, 2, 3],
            xy: vec![[0.0, 0.0], [100.0, 0.0], [100.0, 100.0], [0.0, 100.0]],
            drin: vec![true; 4],
        };
        let wege = vec![
            Rohweg {
                id: 1,
                knoten: vec![0, 1, 2, 3, 0],
                zulassung: Zulassung { richtungen: [beide, beide, Richtungen::default()], auto_kmh: 0.0 },
            },
            Rohweg {
                id: 2,
                knoten: vec![1, 3],
                zulassung: Zulassung { richtungen: [beide, beide, vor], auto_kmh: 50.0 },
            },
        ];
        Strassennetz::neu(bauen(wege, &k, Default::default()))
    }

    #[test]
    fn a_point_joins_at_its_projection_with_the_leg_to_it() {
        let n = netz();
        let a = n.anschluss([30.0, -20.0], Profil::Fuss).unwrap();
        assert_eq!(a.bein_m, 20.0);
        assert_eq!(a.fusspunkt, [30.0, 0.0]);
        // The car may only use the diagonal.
        let a = n.anschluss([30.0, -20.0], Profil::Auto).unwrap();
        assert_eq!(n.netz.kanten[a.kante as usize].weg, 2);
    }

    #[test]
    fn the_nearest_target_counts_legs_and_the_way_round_the_square() {
        let n = netz();
        // Target near node 2 (100, 100), 10 m off the side 1-2 at y = 90.
        let z = Ziel { nr: 7, anschluss: n.anschluss([110.0, 90.0], Profil::Fuss).unwrap() };
        let f = n.feld(Profil::Fuss, Gewicht::Laenge, &[z]);
        // From (50, -5): leg 5, 50 m to node 1, then 90 m up the side 1-2, leg 10.
        let a = n.anschluss([50.0, -5.0], Profil::Fuss).unwrap();
        let (c, nr) = n.zum_ziel(&f, &a);
        assert!((c - (5.0 + 50.0 + 90.0 + 10.0)).abs() < 1e-9, "{c}");
        assert_eq!(nr, Some(7));
        // The same from the other direction, searched forward.
        let k = n.umkreis(Profil::Fuss, Gewicht::Laenge, &a, f64::INFINITY);
        let kosten = |x: u32| k.get(&x).copied().unwrap_or(f64::INFINITY);
        assert!((n.bis_mit(Profil::Fuss, Gewicht::Laenge, kosten, &a, &z.anschluss) - c).abs() < 1e-9);
    }

    #[test]
    fn one_way_streets_make_the_way_back_unreachable_for_cars() {
        let n = netz();
        let bei_3 = n.anschluss([-1.0, 101.0], Profil::Auto).unwrap();
        let bei_1 = n.anschluss([101.0, -1.0], Profil::Auto).unwrap();
        let hin = n.feld(Profil::Auto, Gewicht::Fahrzeit, &[Ziel { nr: 0, anschluss: bei_3 }]);
        let (c, _) = n.zum_ziel(&hin, &bei_1);
        let diagonale = 100.0 * 2f64.sqrt();
        assert!((c - (diagonale + 2.0 * 2f64.sqrt()) * 3.6 / 50.0).abs() < 1e-9, "{c}");
        let zurueck = n.feld(Profil::Auto, Gewicht::Fahrzeit, &[Ziel { nr: 0, anschluss: bei_1 }]);
        assert_eq!(n.zum_ziel(&zurueck, &bei_3), (f64::INFINITY, None));
    }

    #[test]
    fn a_target_on_the_same_edge_is_reached_along_it() {
        let n = netz();
        let z = Ziel { nr: 1, anschluss: n.anschluss([60.0, 3.0], Profil::Fuss).unwrap() };
        let f = n.feld(Profil::Fuss, Gewicht::Laenge, &[z]);
        let a = n.anschluss([20.0, -4.0], Profil::Fuss).unwrap();
        assert!((n.zum_ziel(&f, &a).0 - (4.0 + 40.0 + 3.0)).abs() < 1e-9);
    }
}

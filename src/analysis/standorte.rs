//! Standortvorschlag: where the next k offers of a category serve most people – the maximal
//! covering location problem (MCLP, Church & ReVelle 1974) with the existing offers fixed.
//!
//! Demand is the people of a target group not yet within the threshold of an offer (each
//! population point with its persons and, optionally, a weight for the need of its Kommune).
//! A candidate site covers a demand point when `Luftlinie × Umwegfaktor ≤ Schwelle` – or, on
//! the network, when the way from the person to the site is within the threshold – the same
//! rule as coverage and scenarios. The sites are chosen
//! 1. greedily, with a lazy priority queue (a site's gain can only shrink as others are
//!    chosen, so a stale gain is an upper bound and is recomputed only when it comes to the
//!    top), then
//! 2. improved by swaps: each chosen site is replaced by the candidate that covers most
//!    together with the others (1-opt), and each pair of chosen sites by the best pair of
//!    candidates (2-opt, searched exhaustively with a bound), until no swap gains.
//!
//! Candidates with the same cover are one candidate (the first); that changes no optimum and
//! makes the search over the 100 m cells of a Kreis (about 100,000, but a few thousand
//! different covers) fast.
//!
//! The answer orders the chosen sites by their marginal gain, so that each site's gain is what
//! it adds after the ones before it.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::netz::{Gewicht, Profil, Strassennetz};
use crate::spatial::Utm32;

/// A demand point: people not yet covered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bedarfspunkt {
    /// Position, EPSG:25832.
    pub pos: Utm32,
    /// Persons of the target group.
    pub personen: f64,
    /// Weight in the objective (persons × need factor; = persons without a need weight).
    pub gewicht: f64,
}

/// Whether a site at `b` covers a person at `a`.
pub fn deckt(a: Utm32, b: Utm32, schwelle_m: f64, umwegfaktor: f64) -> bool {
    a.abstand(b) * umwegfaktor <= schwelle_m
}

/// Which demand points each candidate covers (rows of indices, compressed).
#[derive(Debug, Clone, Default)]
pub struct Deckung {
    anfang: Vec<usize>,
    punkte: Vec<u32>,
    /// Position of every candidate (empty for covers given as lists) …
    lagen: Vec<Utm32>,
    /// … and the reach: covers of candidates farther apart than twice the reach are disjoint.
    reichweite: f64,
}

impl Deckung {
    /// The cover of every candidate. The demand points are put into square buckets as wide as
    /// the reach, so that a candidate looks only at the 3 × 3 buckets around it; every cover
    /// lists its points in the same global order (bucket by bucket), so equal covers are equal
    /// lists.
    pub fn neu(bedarf: &[Bedarfspunkt], kandidaten: &[Utm32], schwelle_m: f64, umwegfaktor: f64) -> Deckung {
        // A little wider than the threshold; the exact rule decides.
        let r = schwelle_m / umwegfaktor + 1e-6;
        let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
        for b in bedarf {
            (x0, y0, x1, y1) = (x0.min(b.pos.x), y0.min(b.pos.y), x1.max(b.pos.x), y1.max(b.pos.y));
        }
        let leer = || Deckung {
            anfang: vec![0; kandidaten.len() + 1],
            punkte: Vec::new(),
            lagen: kandidaten.to_vec(),
            reichweite: r,
        };
        if bedarf.is_empty() || !(r.is_finite() && r > 0.0) {
            return leer();
        }
        // At most about 4 million buckets; wider ones only cost more distance tests.
        let weite = r.max(((x1 - x0) * (y1 - y0) / 4.0e6).sqrt());
        let nx = ((x1 - x0) / weite) as usize + 1;
        let ny = ((y1 - y0) / weite) as usize + 1;
        let fach =
            |x: f64, y: f64| (((x - x0) / weite) as usize).min(nx - 1) + nx * (((y - y0) / weite) as usize).min(ny - 1);
        let mut start = vec![0usize; nx * ny + 1];
        for b in bedarf {
            start[fach(b.pos.x, b.pos.y) + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut reihe = vec![0u32; bedarf.len()];
        let mut frei = start.clone();
        for (i, b) in bedarf.iter().enumerate() {
            let f = fach(b.pos.x, b.pos.y);
            reihe[frei[f]] = i as u32;
            frei[f] += 1;
        }
        let innen2 = (schwelle_m / umwegfaktor * (1.0 - 1e-9)).powi(2);
        let zeilen: Vec<Vec<u32>> = kandidaten
            .par_iter()
            .map(|k| {
                let cx = ((k.x - x0) / weite).floor() as i64;
                let cy = ((k.y - y0) / weite).floor() as i64;
                let mut z = Vec::new();
                for fy in (cy - 1).max(0)..=(cy + 1).min(ny as i64 - 1) {
                    for fx in (cx - 1).max(0)..=(cx + 1).min(nx as i64 - 1) {
                        let f = fx as usize + nx * fy as usize;
                        z.extend(reihe[start[f]..start[f + 1]].iter().filter(|&&i| {
                            // Clearly inside or outside by the squared distance; the exact rule
                            // (with its rounding) decides near the edge.
                            let p = bedarf[i as usize].pos;
                            let q = (p.x - k.x).powi(2) + (p.y - k.y).powi(2);
                            q <= innen2 || (q <= r * r && deckt(p, *k, schwelle_m, umwegfaktor))
                        }));
                    }
                }
                z
            })
            .collect();
        Deckung { lagen: kandidaten.to_vec(), reichweite: r, ..Deckung::aus_zeilen(zeilen) }
    }

    /// Covers given as lists: row `j` lists the demand points (ascending) candidate `j` covers.
    pub fn aus_zeilen(zeilen: Vec<Vec<u32>>) -> Deckung {
        let mut anfang = Vec::with_capacity(zeilen.len() + 1);
        let mut punkte = Vec::with_capacity(zeilen.iter().map(Vec::len).sum());
        anfang.push(0);
        for z in zeilen {
            punkte.extend(z);
            anfang.push(punkte.len());
        }
        Deckung { anfang, punkte, lagen: Vec::new(), reichweite: f64::INFINITY }
    }

    /// The cover of every candidate on the network of `p`: a candidate covers a person when
    /// the way from the person to it, both legs included, costs at most `grenze` (metres, or
    /// the car's seconds). One small search from every demand point, only as far as `grenze`.
    pub fn im_netz(
        n: &Strassennetz,
        p: Profil,
        g: Gewicht,
        grenze: f64,
        bedarf: &[Bedarfspunkt],
        kandidaten: &[Utm32],
    ) -> Deckung {
        let xy: Vec<[f64; 2]> = kandidaten.iter().map(|k| k.xy()).collect();
        let anschluesse = n.anschluesse(&xy, p);
        let mut auf_kante: HashMap<u32, Vec<u32>> = HashMap::new();
        for (j, a) in anschluesse.iter().enumerate() {
            if let Some(a) = a {
                auf_kante.entry(a.kante).or_default().push(j as u32);
            }
        }
        let je_punkt: Vec<Vec<u32>> = bedarf
            .par_iter()
            .map(|b| {
                let Some(start) = n.anschluss(b.pos.xy(), p) else {
                    return Vec::new();
                };
                let erreicht = n.umkreis(p, g, &start, grenze);
                let kosten = |x: u32| erreicht.get(&x).copied().unwrap_or(f64::INFINITY);
                let mut kanten: Vec<u32> = vec![start.kante];
                for &x in erreicht.keys() {
                    kanten.extend(n.aus(p, x).iter().chain(n.ein(p, x)).map(|&(_, e)| e));
                }
                kanten.sort_unstable();
                kanten.dedup();
                let mut gedeckt: Vec<u32> = kanten
                    .iter()
                    .flat_map(|e| auf_kante.get(e).map(Vec::as_slice).unwrap_or_default())
                    .copied()
                    .filter(|&j| {
                        anschluesse[j as usize].as_ref().is_some_and(|a| n.bis_mit(p, g, kosten, &start, a) <= grenze)
                    })
                    .collect();
                gedeckt.sort_unstable();
                gedeckt.dedup();
                gedeckt
            })
            .collect();
        let mut zeilen = vec![Vec::new(); kandidaten.len()];
        for (i, ks) in je_punkt.iter().enumerate() {
            for &j in ks {
                zeilen[j as usize].push(i as u32);
            }
        }
        Deckung::aus_zeilen(zeilen)
    }

    /// Whether the covers of `x` and `y` cannot share a point (known from their positions).
    fn getrennt(&self, x: usize, y: usize) -> bool {
        self.lagen.len() == self.len() && self.lagen[x].abstand(self.lagen[y]) > 2.0 * self.reichweite
    }

    /// The demand points candidate `j` covers.
    pub fn von(&self, j: usize) -> &[u32] {
        &self.punkte[self.anfang[j]..self.anfang[j + 1]]
    }

    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.anfang.len().saturating_sub(1)
    }

    /// No candidates.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The candidates with a cover of their own: the first of each group with the same
    /// non-empty cover, as a smaller `Deckung` and the original index of each of its rows.
    pub fn ohne_doppelte(&self) -> (Deckung, Vec<usize>) {
        // Grouped by a fingerprint of the list (FNV-1a), compared in full within a group.
        let fingerabdruck = |z: &[u32]| {
            z.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3))
        };
        let mut gesehen: std::collections::HashMap<(u64, usize), Vec<usize>> = std::collections::HashMap::new();
        let mut aus = Deckung { anfang: vec![0], punkte: Vec::new(), lagen: Vec::new(), reichweite: self.reichweite };
        let mut herkunft = Vec::new();
        for j in 0..self.len() {
            let z = self.von(j);
            if z.is_empty() {
                continue;
            }
            let gruppe = gesehen.entry((fingerabdruck(z), z.len())).or_default();
            if gruppe.iter().any(|&i| self.von(i) == z) {
                continue;
            }
            gruppe.push(j);
            aus.punkte.extend_from_slice(z);
            aus.anfang.push(aus.punkte.len());
            if let Some(l) = self.lagen.get(j) {
                aus.lagen.push(*l);
            }
            herkunft.push(j);
        }
        (aus, herkunft)
    }

    /// The weight candidate `j` adds to what `zaehler` covers (points with count 0).
    fn gewinn(&self, j: usize, zaehler: &[u32], gewicht: &[f64]) -> f64 {
        self.von(j).iter().filter(|&&p| zaehler[p as usize] == 0).map(|&p| gewicht[p as usize]).fold(0.0, |s, x| s + x)
    }

    fn setzen(&self, j: usize, zaehler: &mut [u32]) {
        for &p in self.von(j) {
            zaehler[p as usize] += 1;
        }
    }

    fn entfernen(&self, j: usize, zaehler: &mut [u32]) {
        for &p in self.von(j) {
            zaehler[p as usize] -= 1;
        }
    }
}

/// A candidate in the priority queue: its gain as of round `runde`.
#[derive(Debug, Clone, Copy)]
struct Eintrag {
    gewinn: f64,
    j: usize,
    runde: usize,
}

impl PartialEq for Eintrag {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Eintrag {}
impl PartialOrd for Eintrag {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Eintrag {
    /// Larger gain first; on equal gains the lower index (deterministic).
    fn cmp(&self, o: &Self) -> Ordering {
        self.gewinn.total_cmp(&o.gewinn).then_with(|| o.j.cmp(&self.j))
    }
}

/// Adds up to `k` sites greedily to those already counted in `zaehler` (a site is taken only
/// while it gains something); returns them in order with their gains.
pub fn greedy(d: &Deckung, gewicht: &[f64], zaehler: &mut [u32], k: usize, aus: &[usize]) -> Vec<(usize, f64)> {
    let mut heap: BinaryHeap<Eintrag> = (0..d.len())
        .filter(|j| !aus.contains(j))
        .map(|j| Eintrag { gewinn: d.gewinn(j, zaehler, gewicht), j, runde: 0 })
        .filter(|e| e.gewinn > 0.0)
        .collect();
    let mut gewaehlt = Vec::new();
    while gewaehlt.len() < k {
        let Some(e) = heap.pop() else { break };
        if e.runde == gewaehlt.len() {
            d.setzen(e.j, zaehler);
            gewaehlt.push((e.j, e.gewinn));
            continue;
        }
        let gewinn = d.gewinn(e.j, zaehler, gewicht);
        if gewinn > 0.0 {
            heap.push(Eintrag { gewinn, j: e.j, runde: gewaehlt.len() });
        }
    }
    gewaehlt
}

/// Improves a choice by swaps: each chosen site in turn is replaced by the candidate that adds
/// most to the others, when that is more than the site itself adds. Repeats until a round
/// swaps nothing (at most `max_runden`); returns the number of swaps. `zaehler` counts the
/// choice (and whatever was covered before) and is kept up to date.
pub fn tauschen(d: &Deckung, gewicht: &[f64], zaehler: &mut [u32], wahl: &mut [usize], max_runden: usize) -> usize {
    // The weight of a candidate's whole cover bounds what it can add.
    let oben: Vec<f64> =
        (0..d.len()).map(|j| d.von(j).iter().map(|&p| gewicht[p as usize]).fold(0.0, |s, x| s + x)).collect();
    let mut tausche = 0;
    for _ in 0..max_runden {
        let mut getauscht = false;
        for i in 0..wahl.len() {
            let s = wahl[i];
            d.entfernen(s, zaehler);
            let eigen = d.gewinn(s, zaehler, gewicht);
            let mut best = (eigen, s);
            // A gain must beat the site's own by more than rounding, or the swaps could cycle.
            let schwelle = |g: f64| g * (1.0 + 1e-12) + 1e-9;
            for (j, &o) in oben.iter().enumerate() {
                if o <= schwelle(best.0) || wahl.contains(&j) {
                    continue;
                }
                let g = d.gewinn(j, zaehler, gewicht);
                if g > schwelle(best.0) {
                    best = (g, j);
                }
            }
            wahl[i] = best.1;
            d.setzen(best.1, zaehler);
            if best.1 != s {
                tausche += 1;
                getauscht = true;
            }
        }
        if !getauscht {
            break;
        }
    }
    tausche
}

/// The best pair of candidates to add to what `zaehler` counts, if it adds more than
/// `mindestens`: every pair, heaviest first, except those whose own gains together cannot beat
/// the best pair found (and, beyond [`MAX_ARBEIT`], the rest).
fn bestes_paar(d: &Deckung, gewicht: &[f64], zaehler: &[u32], mindestens: f64) -> Option<(usize, usize, f64)> {
    let mut g: Vec<(f64, usize)> =
        (0..d.len()).map(|j| (d.gewinn(j, zaehler, gewicht), j)).filter(|x| x.0 > 0.0).collect();
    g.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let besser = |x: f64, than: f64| x > than * (1.0 + 1e-12) + 1e-9;
    let mut best = mindestens;
    let mut paar = None;
    // The weight each point still adds (0 when covered, or covered by the first of the pair).
    let mut frei: Vec<f64> = gewicht.iter().zip(zaehler).map(|(&w, &z)| if z == 0 { w } else { 0.0 }).collect();
    let mut arbeit = 0usize;
    for xi in 0..g.len() {
        let (gx, x) = g[xi];
        if g.get(xi + 1).is_none_or(|n| !besser(gx + n.0, best)) || arbeit > MAX_ARBEIT {
            break;
        }
        let gemerkt: Vec<f64> = d.von(x).iter().map(|&p| std::mem::take(&mut frei[p as usize])).collect();
        for &(gy, y) in &g[xi + 1..] {
            if !besser(gx + gy, best) {
                break;
            }
            let dazu = if d.getrennt(x, y) {
                gy
            } else {
                arbeit += d.von(y).len();
                d.von(y).iter().map(|&p| frei[p as usize]).fold(0.0, |s, w| s + w)
            };
            if besser(gx + dazu, best) {
                best = gx + dazu;
                paar = Some((x, y, best));
            }
            // No later candidate gains more than this one did alone.
            if dazu >= gy {
                break;
            }
        }
        for (&p, w) in d.von(x).iter().zip(gemerkt) {
            frei[p as usize] = w;
        }
    }
    paar
}

/// The most points a pair search looks at (a bound on its time where thousands of candidates
/// cover nearly the same points; far above what a Kreis needs).
const MAX_ARBEIT: usize = 200_000_000;

/// Improves a choice by replacing pairs of chosen sites with the best pair of candidates given
/// the others (2-opt); returns the number of pairs replaced. `zaehler` counts the choice.
pub fn paartauschen(d: &Deckung, gewicht: &[f64], zaehler: &mut [u32], wahl: &mut [usize]) -> usize {
    let mut tausche = 0;
    for a in 0..wahl.len() {
        for b in a + 1..wahl.len() {
            let (sa, sb) = (wahl[a], wahl[b]);
            d.entfernen(sa, zaehler);
            d.entfernen(sb, zaehler);
            let mut z = zaehler.to_vec();
            let eigen = d.gewinn(sa, &z, gewicht) + {
                d.setzen(sa, &mut z);
                d.gewinn(sb, &z, gewicht)
            };
            let andere: Vec<usize> = wahl.iter().copied().filter(|&j| j != sa && j != sb).collect();
            // Another chosen site is never a better partner (it covers nothing new).
            let paar = bestes_paar(d, gewicht, zaehler, eigen);
            if let Some((x, y, _)) = paar.filter(|(x, y, _)| !andere.contains(x) && !andere.contains(y)) {
                (wahl[a], wahl[b]) = (x, y);
                tausche += 1;
            }
            d.setzen(wahl[a], zaehler);
            d.setzen(wahl[b], zaehler);
        }
    }
    tausche
}

/// The sites of a choice in the order of their marginal gains (each the largest after the ones
/// before), with those gains; `zaehler` counts what was covered before the choice and holds the
/// choice afterwards.
pub fn ordnen(d: &Deckung, gewicht: &[f64], zaehler: &mut [u32], wahl: &[usize]) -> Vec<(usize, f64)> {
    let mut rest = wahl.to_vec();
    let mut aus = Vec::new();
    while !rest.is_empty() {
        let (i, g) = rest
            .iter()
            .enumerate()
            .map(|(i, &j)| (i, d.gewinn(j, zaehler, gewicht)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| rest[b.0].cmp(&rest[a.0])))
            .unwrap_or((0, 0.0));
        let j = rest.remove(i);
        d.setzen(j, zaehler);
        aus.push((j, g));
    }
    aus
}

/// The weight a set of sites covers together (with what `zaehler` counts already).
pub fn wert(d: &Deckung, gewicht: &[f64], zaehler: &[u32], wahl: &[usize]) -> f64 {
    let mut z = zaehler.to_vec();
    wahl.iter()
        .map(|&j| {
            let g = d.gewinn(j, &z, gewicht);
            d.setzen(j, &mut z);
            g
        })
        .fold(0.0, |s, x| s + x)
}

/// The sites that cover most: greedy, then swaps of single sites and of pairs until neither
/// gains; in the order of their marginal gains (indices of `d`).
pub fn vorschlagen(d: &Deckung, gewicht: &[f64], k: usize) -> Vorschlag {
    let n = gewicht.len();
    let (r, herkunft) = d.ohne_doppelte();
    let mut zaehler = vec![0u32; n];
    let erst = greedy(&r, gewicht, &mut zaehler, k, &[]);
    let greedy_wert = erst.iter().map(|x| x.1).fold(0.0, |s, x| s + x);
    let mut wahl: Vec<usize> = erst.iter().map(|x| x.0).collect();
    let mut tausche = 0;
    for _ in 0..MAX_RUNDEN {
        let einzeln = tauschen(&r, gewicht, &mut zaehler, &mut wahl, MAX_RUNDEN);
        let paare = paartauschen(&r, gewicht, &mut zaehler, &mut wahl);
        tausche += einzeln + paare;
        if paare == 0 {
            break;
        }
    }
    let mut leer = vec![0u32; n];
    let reihe = ordnen(&r, gewicht, &mut leer, &wahl).into_iter().map(|(j, g)| (herkunft[j], g)).collect();
    Vorschlag { reihe, greedy_wert, tausche }
}

/// Most rounds of swaps.
const MAX_RUNDEN: usize = 20;

/// The result of [`vorschlagen`].
#[derive(Debug, Clone)]
pub struct Vorschlag {
    /// Candidate index and marginal gain (weight), in order.
    pub reihe: Vec<(usize, f64)>,
    /// What the greedy choice alone covered (weight).
    pub greedy_wert: f64,
    /// Swaps made.
    pub tausche: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Utm32 {
        Utm32 { x, y }
    }

    /// Points on a line at 0, 1, …; weights given.
    fn bedarf(gewichte: &[f64]) -> Vec<Bedarfspunkt> {
        gewichte
            .iter()
            .enumerate()
            .map(|(i, &g)| Bedarfspunkt { pos: p(i as f64 * 1000.0, 0.0), personen: g, gewicht: g })
            .collect()
    }

    #[test]
    fn the_threshold_is_inclusive_and_the_detour_factor_shrinks_it() {
        let b = bedarf(&[1.0, 1.0, 1.0]);
        let d = Deckung::neu(&b, &[p(1000.0, 0.0)], 1000.0, 1.0);
        assert_eq!(d.von(0), [0, 1, 2]);
        let d = Deckung::neu(&b, &[p(1000.0, 0.0)], 1000.0, 1.25);
        assert_eq!(d.von(0), [1]);
    }

    #[test]
    fn greedy_takes_the_biggest_gain_first_and_swaps_repair_its_classic_trap() {
        // Points a(0) 10, b(1000) 10, c(2000) 10, d(3000) 10 – a candidate in the middle of
        // b and c covers 20 with 600 m; one at a and b covers 20; greedy with k = 2 first takes
        // the middle one (tie broken by index: listed first), then only 10 more.
        let b = bedarf(&[10.0, 10.0, 10.0, 10.0]);
        let kandidaten = [p(1500.0, 0.0), p(500.0, 0.0), p(2500.0, 0.0)];
        let d = Deckung::neu(&b, &kandidaten, 600.0, 1.0);
        let g: Vec<f64> = b.iter().map(|x| x.gewicht).collect();
        let mut z = vec![0; 4];
        let erst = greedy(&d, &g, &mut z, 2, &[]);
        assert_eq!(erst.iter().map(|x| x.1).sum::<f64>(), 30.0);
        let v = vorschlagen(&d, &g, 2);
        let mut wahl: Vec<usize> = v.reihe.iter().map(|x| x.0).collect();
        wahl.sort();
        assert_eq!((wahl, v.tausche > 0, v.greedy_wert), (vec![1, 2], true, 30.0));
        assert_eq!(v.reihe.iter().map(|x| x.1).sum::<f64>(), 40.0);
    }

    fn aus_listen(listen: &[&[u32]]) -> Deckung {
        let mut d = Deckung { anfang: vec![0], punkte: Vec::new(), lagen: Vec::new(), reichweite: f64::INFINITY };
        for l in listen {
            d.punkte.extend_from_slice(l);
            d.anfang.push(d.punkte.len());
        }
        d
    }

    #[test]
    fn pair_swaps_leave_the_local_optimum_of_single_swaps() {
        // Weights 3, 4, 1, 5, 1; covers {0}, {0,2,3}, {1,2,4}, {1,2,3}. Greedy takes {1,2,3}
        // (10), then {0} (+3) = 13; no single swap gains, but {0,2,3} + {1,2,4} = 14.
        let d = aus_listen(&[&[0], &[0, 2, 3], &[1, 2, 4], &[1, 2, 3]]);
        let g = [3.0, 4.0, 1.0, 5.0, 1.0];
        let mut z = vec![0; 5];
        let mut wahl: Vec<usize> = greedy(&d, &g, &mut z, 2, &[]).iter().map(|x| x.0).collect();
        assert_eq!(wahl, [3, 0]);
        assert_eq!(tauschen(&d, &g, &mut z, &mut wahl, 20), 0);
        assert_eq!(paartauschen(&d, &g, &mut z, &mut wahl), 1);
        assert_eq!(wert(&d, &g, &[0; 5], &wahl), 14.0);
        let v = vorschlagen(&d, &g, 2);
        assert_eq!((v.greedy_wert, v.reihe.iter().map(|x| x.1).sum::<f64>()), (13.0, 14.0));
    }

    #[test]
    fn no_site_is_proposed_that_gains_nothing() {
        let b = bedarf(&[5.0]);
        let d = Deckung::neu(&b, &[p(0.0, 0.0), p(0.0, 10.0)], 100.0, 1.0);
        let g = [5.0];
        let v = vorschlagen(&d, &g, 3);
        assert_eq!(v.reihe, vec![(0, 5.0)]);
    }
}

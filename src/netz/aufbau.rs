//! From OpenStreetMap ways to the compact network: ways are cut where they leave the area,
//! split at every node that more than one way (or one way twice) uses, and each piece between
//! two such nodes becomes one edge with its geometry, its length in EPSG:25832 and what its
//! way allows.

use super::profil::{Profil, Zulassung};
use super::{Kante, Netz, Netzherkunft};

/// A routable way as read from the file.
#[derive(Debug, Clone)]
pub struct Rohweg {
    /// OSM way id.
    pub id: i64,
    /// OSM node ids in way order.
    pub knoten: Vec<i64>,
    /// What its tags allow.
    pub zulassung: Zulassung,
}

/// The nodes the ways use: ids ascending, their EPSG:25832 position and whether they lie in the
/// area (Kreis plus buffer).
#[derive(Debug, Clone, Default)]
pub struct Rohknoten {
    /// OSM node ids, ascending, unique.
    pub ids: Vec<i64>,
    /// Position in EPSG:25832 metres, same order.
    pub xy: Vec<[f64; 2]>,
    /// Inside the area, same order.
    pub drin: Vec<bool>,
}

impl Rohknoten {
    fn stelle(&self, id: i64) -> Option<usize> {
        self.ids.binary_search(&id).ok().filter(|&i| self.drin[i])
    }
}

/// Builds the network. Ways are taken in id order, so the result does not depend on the order
/// of the file. A way is cut at nodes outside the area or missing from the file; pieces of one
/// node are dropped.
pub fn bauen(mut wege: Vec<Rohweg>, k: &Rohknoten, herkunft: Netzherkunft) -> Netz {
    wege.sort_by_key(|w| w.id);
    let mut laeufe: Vec<(usize, Vec<usize>)> = Vec::new();
    for (wi, w) in wege.iter().enumerate() {
        let mut lauf: Vec<usize> = Vec::new();
        for &id in &w.knoten {
            match k.stelle(id) {
                Some(i) if lauf.last() == Some(&i) => {}
                Some(i) => lauf.push(i),
                None => {
                    if lauf.len() >= 2 {
                        laeufe.push((wi, std::mem::take(&mut lauf)));
                    } else {
                        lauf.clear();
                    }
                }
            }
        }
        if lauf.len() >= 2 {
            laeufe.push((wi, lauf));
        }
    }
    let mut nutzung = vec![0u8; k.ids.len()];
    for (_, l) in &laeufe {
        for &i in l {
            nutzung[i] = nutzung[i].saturating_add(1);
        }
    }
    let mut nummer = vec![u32::MAX; k.ids.len()];
    let mut netz = Netz { herkunft, ..Netz::default() };
    let mut knoten_nr = |i: usize, netz: &mut Netz| -> u32 {
        if nummer[i] == u32::MAX {
            nummer[i] = netz.knoten.len() as u32;
            netz.knoten.push(k.xy[i]);
        }
        nummer[i]
    };
    for (wi, l) in &laeufe {
        let w = &wege[*wi];
        let mut start = 0;
        for j in 1..l.len() {
            if j + 1 < l.len() && nutzung[l[j]] < 2 {
                continue;
            }
            let von = knoten_nr(l[start], &mut netz);
            let nach = knoten_nr(l[j], &mut netz);
            let erster_punkt = netz.punkte.len() as u32;
            let mut laenge_m = 0.0;
            for t in start..=j {
                if t > start {
                    let (a, b) = (k.xy[l[t - 1]], k.xy[l[t]]);
                    laenge_m += (b[0] - a[0]).hypot(b[1] - a[1]);
                }
                netz.punkte.push(k.xy[l[t]]);
            }
            let mut richtungen = 0u8;
            for p in Profil::ALLE {
                let r = w.zulassung.richtungen[p.index()];
                richtungen |= (u8::from(r.vor) | u8::from(r.rueck) << 1) << (2 * p.index());
            }
            netz.kanten.push(Kante {
                von,
                nach,
                laenge_m,
                erster_punkt,
                punkte: (j - start + 1) as u32,
                richtungen,
                auto_kmh: w.zulassung.auto_kmh,
                weg: w.id,
            });
            start = j;
        }
    }
    netz
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netz::profil::Richtungen;

    fn fuss() -> Zulassung {
        let beide = Richtungen { vor: true, rueck: true };
        Zulassung { richtungen: [beide, Richtungen::default(), Richtungen::default()], auto_kmh: 0.0 }
    }

    /// Nodes 1…5 on a line 100 m apart; node 6 north of 3. Way 10: 1-2-3-4-5, way 11: 3-6.
    fn knoten(drin: [bool; 6]) -> Rohknoten {
        Rohknoten {
            ids: (1..=6).collect(),
            xy: vec![[0.0, 0.0], [100.0, 0.0], [200.0, 0.0], [300.0, 0.0], [400.0, 0.0], [200.0, 50.0]],
            drin: drin.to_vec(),
        }
    }

    #[test]
    fn ways_are_split_at_shared_nodes_and_keep_their_shape_points() {
        let wege = vec![
            Rohweg { id: 11, knoten: vec![3, 6], zulassung: fuss() },
            Rohweg { id: 10, knoten: vec![1, 2, 3, 4, 5], zulassung: fuss() },
        ];
        let n = bauen(wege, &knoten([true; 6]), Netzherkunft::default());
        // Way 10 first (id order): 1-2-3 and 3-4-5; then 3-6.
        assert_eq!(n.kanten.len(), 3);
        assert_eq!(n.kanten.iter().map(|k| k.laenge_m).collect::<Vec<_>>(), vec![200.0, 200.0, 50.0]);
        assert_eq!(n.kanten[0].punkte, 3);
        assert_eq!(n.knoten.len(), 4);
        assert_eq!(n.kanten[0].nach, n.kanten[1].von);
        assert_eq!(n.kanten[2].von, n.kanten[0].nach);
    }

    #[test]
    fn a_way_leaving_the_area_is_cut_there() {
        let wege = vec![Rohweg { id: 10, knoten: vec![1, 2, 3, 4, 5], zulassung: fuss() }];
        let n = bauen(wege, &knoten([true, true, false, true, true, true]), Netzherkunft::default());
        assert_eq!(n.kanten.iter().map(|k| k.laenge_m).collect::<Vec<_>>(), vec![100.0, 100.0]);
        assert_eq!(n.knoten.len(), 4);
    }
}

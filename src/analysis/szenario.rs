//! What-if scenarios: add planned offers, switch existing ones off, and compare coverage and
//! distances before and after. Answered from the nearest offers computed at load time: only
//! points whose nearest offer is switched off are searched again, and the planned offers are
//! compared with every point directly. Nothing of the atlas is rebuilt.

use std::collections::BTreeSet;

use super::abdeckung::{Abdeckung, Abdeckungsfrage, abdeckung};
use super::datenschutz::Datenschutz;
use super::entfernungen::{Entfernungsstatistik, entfernungen, sitz_naechste};
use crate::Atlas;
use crate::atlas::{Naechstes, naechstes_angebot};
use crate::spatial::{LonLat, Utm32};

/// Largest number of planned offers in one scenario.
pub const MAX_HINZU: usize = 50;
/// Largest number of offers switched off in one scenario.
pub const MAX_WEG: usize = 200;

/// A planned offer.
#[derive(Debug, Clone, PartialEq)]
pub struct GeplantesAngebot {
    /// Name given by the planner.
    pub name: String,
    /// Position, WGS84.
    pub lage: LonLat,
    /// Position, EPSG:25832.
    pub pos: Utm32,
}

/// A scenario for one category.
#[derive(Debug, Clone, PartialEq)]
pub struct Szenario {
    /// Category id.
    pub kategorie: String,
    /// Planned offers; in results they have the indices `atlas.angebote.len() + i`.
    pub hinzu: Vec<GeplantesAngebot>,
    /// Indices in `Atlas::angebote` of the offers switched off.
    pub weg: BTreeSet<usize>,
}

impl Szenario {
    /// The nearest offer of `p` in the scenario, given its nearest offer without it.
    fn naechstes(
        &self,
        a: &Atlas,
        baum: &rstar::RTree<crate::atlas::Punkteintrag>,
        p: Utm32,
        vorher: Naechstes,
    ) -> Naechstes {
        let mut n = match vorher.angebot {
            Some(i) if self.weg.contains(&i) => naechstes_angebot(baum, p, |j| !self.weg.contains(&j)),
            _ => vorher,
        };
        for (i, h) in self.hinzu.iter().enumerate() {
            let d = p.abstand(h.pos);
            if d < n.abstand_m {
                n = Naechstes { angebot: Some(a.angebote.len() + i), abstand_m: d };
            }
        }
        n
    }
}

/// Results before and after a scenario.
#[derive(Debug, Clone)]
pub struct Szenarioergebnis {
    /// Coverage of every unit without the scenario (indexed like `Atlas::einheiten`).
    pub abdeckung_vorher: Vec<Abdeckung>,
    /// Coverage with the scenario.
    pub abdeckung_nachher: Vec<Abdeckung>,
    /// Distances of the asked units without the scenario.
    pub entfernungen_vorher: Vec<Entfernungsstatistik>,
    /// Distances with the scenario.
    pub entfernungen_nachher: Vec<Entfernungsstatistik>,
}

/// Evaluates a scenario for the asked units. `None` for an unknown category.
pub fn auswerten(
    a: &Atlas,
    s: &Szenario,
    frage: &Abdeckungsfrage,
    einheiten: &[usize],
    schutz: &Datenschutz,
) -> Option<Szenarioergebnis> {
    let z = frage.zielgruppe;
    let vorher = frage.messung.naechste(a, &s.kategorie, z)?;
    let baum = a.angebote_baum(Some(&s.kategorie))?;
    let (sitz_vorher, nachher, sitz_nachher) = match frage.messung.netzmass() {
        None => {
            let nachher: Vec<Naechstes> =
                a.punkte(z).iter().zip(vorher).map(|(p, n)| s.naechstes(a, baum, p.pos, *n)).collect();
            let sitz_vorher = sitz_naechste(a, baum, |_| true);
            let sitz_nachher: Vec<Naechstes> =
                a.kommunen.iter().zip(&sitz_vorher).map(|(k, n)| s.naechstes(a, baum, k.sitz_utm, *n)).collect();
            (sitz_vorher, nachher, sitz_nachher)
        }
        Some((p, g)) => {
            // On the network every point is searched again: one Dijkstra from the offers kept
            // and the planned ones.
            let angebote: Vec<(usize, Utm32)> = a
                .angebote
                .iter()
                .enumerate()
                .filter(|(i, o)| o.kategorie == s.kategorie && !s.weg.contains(i))
                .map(|(i, o)| (i, o.pos))
                .chain(s.hinzu.iter().enumerate().map(|(i, h)| (a.angebote.len() + i, h.pos)))
                .collect();
            let (nachher, sitz_nachher) = a.naechste_im_netz_mit(z, p, g, &angebote)?;
            (a.sitze_im_netz(&s.kategorie, p, g)?.to_vec(), nachher, sitz_nachher)
        }
    };
    let f = frage.messung.faktor();
    Some(Szenarioergebnis {
        abdeckung_vorher: abdeckung(a, vorher, frage, schutz),
        abdeckung_nachher: abdeckung(a, &nachher, frage, schutz),
        entfernungen_vorher: entfernungen(a, vorher, &sitz_vorher, z, f, einheiten, schutz),
        entfernungen_nachher: entfernungen(a, &nachher, &sitz_nachher, z, f, einheiten, schutz),
    })
}

//! The atlas on the path and road network: where every population point and Kommune seat joins
//! the network of each profile (once per network), and per category the nearest offer of every
//! point on the network (one multi-source Dijkstra per category and measure, redone only for
//! categories whose offers changed).

use std::sync::Arc;

use rayon::prelude::*;

use super::{Atlas, Naechstes};
use crate::model::Zielgruppe;
use crate::netz::{Anschluss, Gewicht, Profil, Strassennetz, Ziel};

/// The measures precomputed on a network: the length for every profile, and the car's time.
pub const NETZMASSE: [(Profil, Gewicht); 4] = [
    (Profil::Fuss, Gewicht::Laenge),
    (Profil::Rad, Gewicht::Laenge),
    (Profil::Auto, Gewicht::Laenge),
    (Profil::Auto, Gewicht::Fahrzeit),
];

fn mass_index(p: Profil, g: Gewicht) -> usize {
    NETZMASSE.iter().position(|m| *m == (p, g)).unwrap_or(p.index())
}

/// A loaded network and where the atlas's points join it.
pub struct Netzlage {
    /// The network with its indexes.
    pub netz: Strassennetz,
    /// When the store got this network (to notice a new import).
    pub stand: String,
    /// Per profile and target group: where each population point joins (`None`: the profile
    /// has no edge at all).
    punkte: [[Vec<Option<Anschluss>>; 3]; 3],
    /// Per profile: where each Kommune's seat joins.
    sitze: [Vec<Option<Anschluss>>; 3],
}

impl Netzlage {
    /// Where the points of every target group and the seats join the network.
    pub fn neu(netz: Strassennetz, stand: String, a: &Atlas) -> Self {
        let sitze_xy: Vec<[f64; 2]> = a.kommunen.iter().map(|k| k.sitz_utm.xy()).collect();
        let punkte = Profil::ALLE.map(|p| {
            Zielgruppe::ALLE.map(|z| {
                let xy: Vec<[f64; 2]> = a.punkte(z).iter().map(|q| q.pos.xy()).collect();
                netz.anschluesse(&xy, p)
            })
        });
        let sitze = Profil::ALLE.map(|p| netz.anschluesse(&sitze_xy, p));
        Netzlage { netz, stand, punkte, sitze }
    }

    /// Where the points of a target group join the network of `p`.
    pub fn anschluesse(&self, p: Profil, z: Zielgruppe) -> &[Option<Anschluss>] {
        &self.punkte[p.index()][z.index()]
    }
}

/// The nearest offers of one category on the network.
pub struct Netznaechste {
    /// The offers (indices into `Atlas::angebote`) and their positions they were computed for.
    angebote: Vec<usize>,
    positionen: Vec<[f64; 2]>,
    /// Per measure of [`NETZMASSE`]: per target group the nearest offer of every point, and of
    /// every Kommune's seat. Values in metres, or seconds for the car's time.
    je_mass: Vec<([Vec<Naechstes>; 3], Vec<Naechstes>)>,
}

fn naechste(n: &Strassennetz, feld: &crate::netz::Feld, a: &[Option<Anschluss>]) -> Vec<Naechstes> {
    a.iter()
        .map(|a| match a {
            Some(a) => {
                let (c, nr) = n.zum_ziel(feld, a);
                Naechstes { angebot: nr.map(|x| x as usize), abstand_m: c }
            }
            None => Naechstes::KEINES,
        })
        .collect()
}

/// The nearest offers of the category with the offers `angebote` (indices into
/// `Atlas::angebote`).
fn berechnen(lage: &Netzlage, a: &Atlas, angebote: &[usize]) -> Netznaechste {
    let positionen: Vec<[f64; 2]> = angebote.iter().map(|&i| a.angebote[i].pos.xy()).collect();
    let ziele: Vec<Vec<Ziel>> = Profil::ALLE
        .iter()
        .map(|&p| {
            lage.netz
                .ziele(&positionen, p)
                .into_iter()
                .map(|z| Ziel { nr: angebote[z.nr as usize] as u32, anschluss: z.anschluss })
                .collect()
        })
        .collect();
    let je_mass = NETZMASSE
        .par_iter()
        .map(|&(p, g)| {
            let feld = lage.netz.feld(p, g, &ziele[p.index()]);
            let punkte = Zielgruppe::ALLE.map(|z| naechste(&lage.netz, &feld, lage.anschluesse(p, z)));
            (punkte, naechste(&lage.netz, &feld, &lage.sitze[p.index()]))
        })
        .collect();
    Netznaechste { angebote: angebote.to_vec(), positionen, je_mass }
}

impl Atlas {
    /// The atlas on a network (`None`: without one, distances are Luftlinie only). The nearest
    /// offers on it are computed for every category.
    pub fn mit_netz(mut self, netz: Option<(Strassennetz, String)>) -> Atlas {
        self.netz = netz.map(|(n, stand)| Arc::new(Netzlage::neu(n, stand, &self)));
        self.netz_naechste = Vec::new();
        self.netz_naechste = self.netz_naechste_berechnen();
        self
    }

    /// The network's nearest offers of every category; a category whose offers sit where they
    /// sat keeps its results.
    pub(super) fn netz_naechste_berechnen(&self) -> Vec<Arc<Netznaechste>> {
        let Some(lage) = &self.netz else {
            return Vec::new();
        };
        self.kategorien
            .par_iter()
            .map(|k| {
                let angebote: Vec<usize> =
                    self.angebote.iter().enumerate().filter(|(_, o)| o.kategorie == k.id).map(|(i, _)| i).collect();
                let positionen: Vec<[f64; 2]> = angebote.iter().map(|&i| self.angebote[i].pos.xy()).collect();
                let alt = self.netz_naechste.iter().find(|n| n.angebote == angebote && n.positionen == positionen);
                match alt {
                    Some(n) => n.clone(),
                    None => Arc::new(berechnen(lage, self, &angebote)),
                }
            })
            .collect()
    }

    /// The network with the atlas's points on it (`None`: no network loaded).
    pub fn netz(&self) -> Option<&Netzlage> {
        self.netz.as_deref()
    }

    /// The nearest offer of the category on the network for every point of the target group
    /// (indexed like [`Atlas::punkte`]): metres, or seconds for `Gewicht::Fahrzeit`. `None`
    /// without a network or for an unknown category.
    pub fn naechste_im_netz(&self, kategorie: &str, z: Zielgruppe, p: Profil, g: Gewicht) -> Option<&[Naechstes]> {
        let k = self.kategorie_index(kategorie)?;
        Some(self.netz_naechste.get(k)?.je_mass[mass_index(p, g)].0[z.index()].as_slice())
    }

    /// The nearest of the given offers (number, position) on the network for every point of the
    /// target group and every Kommune's seat (one search; for what-if scenarios). `None` without
    /// a network.
    pub fn naechste_im_netz_mit(
        &self,
        z: Zielgruppe,
        p: Profil,
        g: Gewicht,
        angebote: &[(usize, crate::spatial::Utm32)],
    ) -> Option<(Vec<Naechstes>, Vec<Naechstes>)> {
        let lage = self.netz()?;
        let ziele: Vec<Ziel> = angebote
            .iter()
            .filter_map(|(nr, pos)| {
                lage.netz.anschluss(pos.xy(), p).map(|anschluss| Ziel { nr: *nr as u32, anschluss })
            })
            .collect();
        let feld = lage.netz.feld(p, g, &ziele);
        let (punkte, sitze) = rayon::join(
            || naechste(&lage.netz, &feld, lage.anschluesse(p, z)),
            || naechste(&lage.netz, &feld, &lage.sitze[p.index()]),
        );
        Some((punkte, sitze))
    }

    /// The nearest offer of the category on the network from every Kommune's seat.
    pub fn sitze_im_netz(&self, kategorie: &str, p: Profil, g: Gewicht) -> Option<&[Naechstes]> {
        let k = self.kategorie_index(kategorie)?;
        Some(self.netz_naechste.get(k)?.je_mass[mass_index(p, g)].1.as_slice())
    }
}

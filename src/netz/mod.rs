//! The path and road network: ways of an OpenStreetMap extract as a compact graph in
//! EPSG:25832 metres, the three travel profiles ([`Profil`]) and the searches on it (nearest
//! offer of many points at once, distances from one point, areas reached in a time).
//!
//! A network is built once by `sozialraum import netz` ([`aufbau::bauen`] over the ways that
//! `io::osm` reads), stored as bytes ([`Netz::kodieren`]) and, when the service loads it, indexed
//! once ([`Strassennetz`]): a search tree of the segments and per profile the edges that lead
//! into and out of every node.
//!
//! Distance on the network: a point joins the network at its projection onto the nearest
//! segment of an edge the profile may use; the straight legs from the point to that projection
//! (at the start and at the offer) are added to the way along the edges. A point more than
//! [`MAX_ANSCHLUSS_M`] from every such edge lies outside the network.

pub mod aufbau;
pub mod isochrone;
pub mod profil;
mod suche;

use serde::{Deserialize, Serialize};

pub use profil::{Profil, Richtungen};
pub use suche::{Anschluss, Feld, Gewicht, MAX_ANSCHLUSS_M, Strassennetz, Ziel};

/// Where a network came from, shown with every answer on it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Netzherkunft {
    /// File name of the OSM extract.
    pub datei: String,
    /// Day of the import (`JJJJ-MM-TT`).
    pub importiert: String,
    /// The area kept, in words ("Kreis 06532 und 3000 m darum").
    pub bereich: String,
    /// The replication time stamp of the extract, when its header has one.
    pub osm_stand: Option<String>,
    /// Routable ways read.
    pub wege: usize,
}

/// One edge: a piece of one OSM way between two junctions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Kante {
    /// Start node (the way's node order runs from `von` to `nach`).
    pub von: u32,
    /// End node.
    pub nach: u32,
    /// Length in EPSG:25832 metres (sum of its segments).
    pub laenge_m: f64,
    /// First point of its geometry in [`Netz::punkte`].
    pub erster_punkt: u32,
    /// Number of geometry points (at least 2: both nodes and the shape points between).
    pub punkte: u32,
    /// Per profile two bits: along (bit 2p) and against (bit 2p+1) the node order.
    pub richtungen: u8,
    /// Speed of a car in km/h (0 where cars may not go).
    pub auto_kmh: f64,
    /// OSM way id.
    pub weg: i64,
}

impl Kante {
    /// The directions profile `p` may use.
    pub fn richtungen(&self, p: Profil) -> Richtungen {
        let b = self.richtungen >> (2 * p.index());
        Richtungen { vor: b & 1 != 0, rueck: b & 2 != 0 }
    }

    /// Speed in km/h of profile `p` on this edge.
    pub fn kmh(&self, p: Profil) -> f64 {
        p.kmh().unwrap_or(self.auto_kmh)
    }
}

/// The compact network as stored: junction nodes, edges and their geometry, all EPSG:25832.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Netz {
    /// Where it came from.
    pub herkunft: Netzherkunft,
    /// Junction nodes (x, y).
    pub knoten: Vec<[f64; 2]>,
    /// Edges.
    pub kanten: Vec<Kante>,
    /// Geometry points of all edges, edge after edge.
    pub punkte: Vec<[f64; 2]>,
}

/// What a search adds up for a measure in metres or minutes, and the factor that turns its
/// result into that unit (walking and cycling: minutes are metres at the fixed speed).
pub fn gewichtung(p: Profil, minuten: bool) -> (Gewicht, f64) {
    match (p.kmh(), minuten) {
        (_, false) => (Gewicht::Laenge, 1.0),
        (Some(kmh), true) => (Gewicht::Laenge, 60.0 / (kmh * 1000.0)),
        (None, true) => (Gewicht::Fahrzeit, 1.0 / 60.0),
    }
}

/// Whether bytes are a stored network (and not, say, an OSM extract).
pub fn ist_netzdatei(bytes: &[u8]) -> bool {
    bytes.starts_with(KENNUNG)
}

/// Whether the file at `pfad` is a stored network (reads its first bytes only).
pub fn ist_netzdatei_pfad(pfad: &std::path::Path) -> bool {
    use std::io::Read;
    let mut kopf = [0u8; 8];
    std::fs::File::open(pfad).and_then(|mut f| f.read_exact(&mut kopf)).is_ok() && kopf == *KENNUNG
}

/// First bytes of a stored network (name and format version).
const KENNUNG: &[u8; 8] = b"SZNETZ01";

impl Netz {
    /// The network as bytes (format version, then the network; little-endian, compact).
    pub fn kodieren(&self) -> crate::Result<Vec<u8>> {
        let mut aus = KENNUNG.to_vec();
        postcard::to_io(self, &mut aus).map_err(|e| crate::Error::Anfrage(format!("Netz nicht speicherbar: {e}")))?;
        Ok(aus)
    }

    /// A network from bytes written by [`Netz::kodieren`]; `quelle` names them in errors.
    pub fn dekodieren(bytes: &[u8], quelle: &str) -> crate::Result<Netz> {
        let fehler = |grund: String| crate::Error::Datei { pfad: quelle.to_string(), grund };
        let rest = bytes.strip_prefix(KENNUNG.as_slice()).ok_or_else(|| {
            fehler("keine Netzdatei von sozialraum (erwartet: mit `sozialraum import netz --aus …` geschrieben)".into())
        })?;
        let netz: Netz = postcard::from_bytes(rest).map_err(|e| fehler(format!("Netzdatei beschädigt: {e}")))?;
        netz.pruefen().map_err(fehler)?;
        Ok(netz)
    }

    /// Checks that every index points inside the network.
    fn pruefen(&self) -> Result<(), String> {
        let (n, p) = (self.knoten.len() as u64, self.punkte.len() as u64);
        for (i, k) in self.kanten.iter().enumerate() {
            let ende = u64::from(k.erster_punkt) + u64::from(k.punkte);
            if u64::from(k.von) >= n || u64::from(k.nach) >= n || k.punkte < 2 || ende > p || !k.laenge_m.is_finite() {
                return Err(format!("Kante {i} verweist außerhalb des Netzes (Datei beschädigt)"));
            }
        }
        Ok(())
    }

    /// The geometry points of edge `e`.
    pub fn geometrie(&self, e: usize) -> &[[f64; 2]] {
        let k = &self.kanten[e];
        &self.punkte[k.erster_punkt as usize..(k.erster_punkt + k.punkte) as usize]
    }

    /// Number of edges profile `p` may use.
    pub fn kanten_von(&self, p: Profil) -> usize {
        self.kanten.iter().filter(|k| k.richtungen(p).irgendeine()).count()
    }
}

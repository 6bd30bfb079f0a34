//! The atlas: the whole data set loaded, validated, reprojected to EPSG:25832 and indexed,
//! built once at startup and shared read-only (`Arc<Atlas>`) by every request.

mod einheiten;
mod flaeche;
mod laden;
mod netzlage;

use std::collections::BTreeMap;
use std::sync::Arc;

use geo::{BoundingRect, Intersects, MultiPolygon, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

pub use flaeche::{Bevoelkerungsflaeche, Flaechenbilanz};
pub use netzlage::{NETZMASSE, Netzlage, Netznaechste};

use crate::io::Datenquelle;
use crate::model::{Ags, Angebot, Einheit, Einheitsart, Indikator, Kategorie, Kommune, Regionsschema, Zielgruppe};
use crate::spatial::Utm32;

/// An R-tree entry: a point in EPSG:25832 and the index of what it stands for.
pub type Punkteintrag = GeomWithData<[f64; 2], usize>;

static KEINE_GRENZE: MultiPolygon<f64> = MultiPolygon(Vec::new());

/// The nearest offer of a population point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Naechstes {
    /// Index in `Atlas::angebote` (in a what-if scenario, indices from `angebote.len()` on are
    /// the added offers); `None` when there is no offer at all.
    pub angebot: Option<usize>,
    /// Euclidean distance in metres (EPSG:25832); infinite without an offer.
    pub abstand_m: f64,
}

impl Naechstes {
    /// No offer reachable.
    pub const KEINES: Naechstes = Naechstes { angebot: None, abstand_m: f64::INFINITY };
}

/// The offer of `baum` nearest to `p` among those `erlaubt` admits; on equal distance the
/// smaller index wins, so results do not depend on the tree's layout.
pub fn naechstes_angebot(baum: &RTree<Punkteintrag>, p: Utm32, erlaubt: impl Fn(usize) -> bool) -> Naechstes {
    let mut best = Naechstes::KEINES;
    let mut best_d2 = f64::INFINITY;
    for (e, d2) in baum.nearest_neighbor_iter_with_distance_2(&p.xy()) {
        if d2 > best_d2 {
            break;
        }
        if erlaubt(e.data) && best.angebot.is_none_or(|b| e.data < b) {
            best = Naechstes { angebot: Some(e.data), abstand_m: d2.sqrt() };
            best_d2 = d2;
        }
    }
    best
}

/// A region scheme as the store keeps it: its fields and the region of every Kommune (indexed
/// like `Atlas::kommunen`; `None`: in no region).
#[derive(Debug, Clone)]
pub struct Schemaangabe {
    /// Id.
    pub id: String,
    /// German label.
    pub bezeichnung: String,
    /// Stand of the assignment.
    pub stand: String,
    /// Example assignment.
    pub beispiel: bool,
    /// Note shown with it.
    pub hinweis: String,
    /// Region name of every Kommune.
    pub zuordnung: Vec<Option<String>>,
}

/// The loaded data set. Everything in EPSG:25832 is in metres. Cloning is cheap: the parts
/// that never change (boundaries, population, indicators) are shared; a clone with other offers
/// ([`Atlas::mit_bestand`]) rebuilds only what depends on offers.
#[derive(Clone)]
pub struct Atlas {
    /// The source lines of the data set (`quellen.csv`).
    pub quellen: crate::model::Quellen,
    /// The defaults of its planning questions (`vorgaben.csv`).
    pub vorgaben: crate::model::Vorgaben,
    /// Where the data came from.
    pub quelle: Datenquelle,
    /// The 5-digit Kreis key all Kommunen share, e.g. `06532`.
    pub kreis: String,
    /// The Kommunen, sorted by AGS.
    pub kommunen: Arc<Vec<Kommune>>,
    /// Offer categories in file order.
    pub kategorien: Vec<Kategorie>,
    /// Offers in file order.
    pub angebote: Vec<Angebot>,
    /// Region schemes in file order; the first is the default.
    pub regionsschemata: Arc<Vec<Regionsschema>>,
    /// Indicators in file order.
    pub indikatoren: Arc<Vec<Indikator>>,
    /// The population surface (rescaled census grid).
    pub bevoelkerung: Arc<Bevoelkerungsflaeche>,
    /// Needs reported from case planning (from the store; none in a data set alone).
    pub meldungen: Arc<Vec<crate::model::Meldung>>,
    /// Centres of the 100 m cells (EPSG:25832 grid) inside the Kreis with their Kommune, made
    /// at the first siting question.
    zellen100: Arc<std::sync::OnceLock<Vec<(Utm32, usize)>>>,
    /// The published units: the Kommunen first (same index as in `kommunen`), then the regions
    /// of every scheme, the Kreis and the Jugendamt areas.
    pub einheiten: Arc<Vec<Einheit>>,
    /// Dissolved boundaries (WGS84) of the Kreis and Jugendamt units, indexed like `einheiten`.
    einheit_grenzen: Arc<Vec<Option<MultiPolygon<f64>>>>,
    /// Per category (index in `kategorien`) and target group: the nearest offer of every
    /// population point, indexed like `bevoelkerung.punkte(z)`.
    naechste: Vec<[Vec<Naechstes>; 3]>,
    /// The path and road network with the points on it (`None`: Luftlinie only).
    netz: Option<Arc<Netzlage>>,
    /// Per category (index in `kategorien`): its nearest offers on the network.
    netz_naechste: Vec<Arc<Netznaechste>>,
    kreisjugendamt: String,
    kommunen_baum: Arc<RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>>,
    angebote_baum: RTree<Punkteintrag>,
    angebote_je_kategorie: BTreeMap<String, RTree<Punkteintrag>>,
}

impl Atlas {
    /// Loads and validates a data set; on problems returns all of them.
    pub fn laden(quelle: Datenquelle) -> crate::Result<Atlas> {
        laden::laden(quelle)
    }

    /// Index of the Kommune with this AGS.
    pub fn kommune_index(&self, ags: &Ags) -> Option<usize> {
        self.kommunen.binary_search_by(|k| k.ags.cmp(ags)).ok()
    }

    /// Index of the Kommune whose area contains the point (boundary included; on a shared
    /// boundary the smaller AGS wins), `None` outside the Kreis.
    pub fn kommune_an(&self, p: Utm32) -> Option<usize> {
        kommune_an(&self.kommunen_baum, &self.kommunen, p)
    }

    /// The category with this id.
    pub fn kategorie(&self, id: &str) -> Option<&Kategorie> {
        self.kategorien.iter().find(|k| k.id == id)
    }

    /// The R-tree of the offers of one category (`None` = all offers). `None` for an unknown
    /// category.
    pub fn angebote_baum(&self, kategorie: Option<&str>) -> Option<&RTree<Punkteintrag>> {
        match kategorie {
            None => Some(&self.angebote_baum),
            Some(k) => self.angebote_je_kategorie.get(k),
        }
    }

    /// The region scheme with this id (`None` = the default scheme).
    pub fn regionsschema(&self, id: Option<&str>) -> Option<&Regionsschema> {
        match id {
            None => self.regionsschemata.first(),
            Some(id) => self.regionsschemata.iter().find(|s| s.id == id),
        }
    }

    /// Index of the category with this id.
    pub fn kategorie_index(&self, id: &str) -> Option<usize> {
        self.kategorien.iter().position(|k| k.id == id)
    }

    /// The nearest offer of the category for every point of the target group (indexed like
    /// [`Atlas::punkte`]), computed at load time. `None` for an unknown category.
    pub fn naechste_angebote(&self, kategorie: &str, z: Zielgruppe) -> Option<&[Naechstes]> {
        self.kategorie_index(kategorie).map(|k| self.naechste[k][z.index()].as_slice())
    }

    /// The unit with this id.
    pub fn einheit_index(&self, id: &str) -> Option<usize> {
        self.einheiten.iter().position(|e| e.id == id)
    }

    /// The boundary of a unit in WGS84 (dissolved for regions, Kreis and Jugendamt areas).
    pub fn einheit_grenze(&self, e: usize) -> &MultiPolygon<f64> {
        match (self.einheiten[e].art, &self.einheit_grenzen[e]) {
            (Einheitsart::Kommune, _) => &self.kommunen[e].grenze_wgs84,
            (Einheitsart::Region { schema, region }, _) => &self.regionsschemata[schema].grenzen_wgs84[region],
            (_, Some(g)) => g,
            (_, None) => &KEINE_GRENZE,
        }
    }

    /// The youth office responsible for most Kommunen: the Kreis's own (Kommunen with
    /// another one, like Wetzlar, have their "eigenes Jugendamt").
    pub fn kreisjugendamt(&self) -> &str {
        &self.kreisjugendamt
    }

    /// The index of the Kreis unit.
    pub fn kreis_einheit(&self) -> usize {
        self.einheiten.iter().position(|e| e.art == Einheitsart::Kreis).unwrap_or(0)
    }

    /// Sum of the official inhabitants of all Kommunen.
    pub fn einwohner_gesamt(&self) -> u64 {
        self.kommunen.iter().map(|k| k.einwohner).sum()
    }

    /// The centres of the 100 m cells of the EPSG:25832 grid (x and y multiples of 100 m plus
    /// 50) that lie inside a Kommune, with its index; computed once per data set.
    pub fn zellenmitten(&self) -> &[(Utm32, usize)] {
        self.zellen100.get_or_init(|| {
            const WEITE: f64 = 100.0;
            let grenzen: Vec<MultiPolygon<f64>> = self.kommunen.iter().map(|k| k.grenze.clone()).collect();
            let index = crate::spatial::Flaechenindex::neu(&grenzen);
            let Some(r) = MultiPolygon(grenzen.iter().flat_map(|g| g.0.iter().cloned()).collect()).bounding_rect()
            else {
                return Vec::new();
            };
            let (x0, y0) = ((r.min().x / WEITE).floor() as i64, (r.min().y / WEITE).floor() as i64);
            let (x1, y1) = ((r.max().x / WEITE).ceil() as i64, (r.max().y / WEITE).ceil() as i64);
            let mut aus = Vec::new();
            for iy in y0..y1 {
                for ix in x0..x1 {
                    let (x, y) = (ix as f64 * WEITE + WEITE / 2.0, iy as f64 * WEITE + WEITE / 2.0);
                    if let Some(k) = index.flaeche(x, y) {
                        aus.push((Utm32 { x, y }, k));
                    }
                }
            }
            aus
        })
    }

    /// The population points of a target group.
    pub fn punkte(&self, z: Zielgruppe) -> &[crate::model::Bevoelkerungspunkt] {
        self.bevoelkerung.punkte(z)
    }
}

impl Atlas {
    /// The atlas with the region schemes of the store. Unchanged schemes keep everything; a
    /// changed one rebuilds the regions' boundaries and the published units.
    pub fn mit_regionsschemata(mut self, schemata: Vec<Schemaangabe>) -> Atlas {
        let gleich = schemata.len() == self.regionsschemata.len()
            && schemata.iter().zip(self.regionsschemata.iter()).all(|(n, a)| {
                n.id == a.id
                    && n.bezeichnung == a.bezeichnung
                    && n.stand == a.stand
                    && n.beispiel == a.beispiel
                    && n.hinweis == a.hinweis
                    && n.zuordnung.len() == a.zuordnung.len()
                    && n.zuordnung
                        .iter()
                        .zip(&a.zuordnung)
                        .all(|(x, y)| x.as_deref() == y.map(|i| a.regionen[i].as_str()))
            });
        if gleich {
            return self;
        }
        let neu: Vec<Regionsschema> = schemata
            .into_iter()
            .map(|s| {
                let mut regionen: Vec<String> = Vec::new();
                let zuordnung: Vec<Option<usize>> = s
                    .zuordnung
                    .iter()
                    .map(|r| {
                        r.as_ref().map(|name| match regionen.iter().position(|x| x == name) {
                            Some(i) => i,
                            None => {
                                regionen.push(name.clone());
                                regionen.len() - 1
                            }
                        })
                    })
                    .collect();
                let grenzen_wgs84 = (0..regionen.len())
                    .map(|ri| {
                        einheiten::aufloesen(
                            self.kommunen
                                .iter()
                                .zip(&zuordnung)
                                .filter(|(_, r)| **r == Some(ri))
                                .map(|(k, _)| &k.grenze_wgs84),
                        )
                    })
                    .collect();
                Regionsschema {
                    id: s.id,
                    bezeichnung: s.bezeichnung,
                    stand: s.stand,
                    beispiel: s.beispiel,
                    hinweis: s.hinweis,
                    regionen,
                    zuordnung,
                    grenzen_wgs84,
                }
            })
            .collect();
        let (einheiten, grenzen) = einheiten::aufbauen(&self.kreis, &self.kommunen, &neu);
        self.regionsschemata = Arc::new(neu);
        self.einheiten = Arc::new(einheiten);
        self.einheit_grenzen = Arc::new(grenzen);
        self
    }

    /// The atlas with the indicator values of the store (the indicators' metadata stay those
    /// of the data set).
    pub fn mit_indikatorwerten(mut self, mut werte: BTreeMap<String, Vec<crate::model::Indikatorwert>>) -> Atlas {
        let neu = self
            .indikatoren
            .iter()
            .map(|i| {
                let mut w = werte.remove(&i.id).unwrap_or_default();
                w.sort_by_key(|x| (x.ags, x.jahr));
                crate::model::Indikator { werte: w, ..i.clone() }
            })
            .collect();
        self.indikatoren = Arc::new(neu);
        self
    }

    /// The atlas with the needs reported from case planning and the indicator built from them
    /// (`None`: no reports, no such indicator).
    pub fn mit_meldungen(mut self, meldungen: Vec<crate::model::Meldung>, indikator: Option<Indikator>) -> Atlas {
        let mut neu: Vec<Indikator> =
            self.indikatoren.iter().filter(|i| i.id != crate::model::BEDARFSMELDUNGEN).cloned().collect();
        neu.extend(indikator);
        self.indikatoren = Arc::new(neu);
        self.meldungen = Arc::new(meldungen);
        self
    }

    /// The same data set with other categories and offers (from the store): the indexes that
    /// depend on offers (R-trees, the nearest offer of every population point) are rebuilt;
    /// boundaries, population and indicators stay.
    pub fn mit_bestand(mut self, kategorien: Vec<Kategorie>, angebote: Vec<Angebot>) -> Atlas {
        let (baum, je_kategorie) = angebote_baeume(&angebote, &kategorien);
        self.naechste = naechste_berechnen(&self.bevoelkerung, &kategorien, &je_kategorie);
        self.angebote_baum = baum;
        self.angebote_je_kategorie = je_kategorie;
        self.kategorien = kategorien;
        self.angebote = angebote;
        self.netz_naechste = self.netz_naechste_berechnen();
        self
    }
}

/// The R-tree of all offers and one per category (every category gets one, maybe empty).
fn angebote_baeume(
    angebote: &[Angebot],
    kategorien: &[Kategorie],
) -> (RTree<Punkteintrag>, BTreeMap<String, RTree<Punkteintrag>>) {
    let alle = RTree::bulk_load(angebote.iter().enumerate().map(|(i, a)| Punkteintrag::new(a.pos.xy(), i)).collect());
    let mut je: BTreeMap<String, Vec<Punkteintrag>> = kategorien.iter().map(|k| (k.id.clone(), Vec::new())).collect();
    for (i, a) in angebote.iter().enumerate() {
        je.entry(a.kategorie.clone()).or_default().push(Punkteintrag::new(a.pos.xy(), i));
    }
    (alle, je.into_iter().map(|(k, v)| (k, RTree::bulk_load(v))).collect())
}

/// The nearest offer of every population point, per category and target group.
fn naechste_berechnen(
    bevoelkerung: &Bevoelkerungsflaeche,
    kategorien: &[Kategorie],
    je_kategorie: &BTreeMap<String, RTree<Punkteintrag>>,
) -> Vec<[Vec<Naechstes>; 3]> {
    kategorien
        .iter()
        .map(|k| {
            Zielgruppe::ALLE.map(|z| {
                let punkte = bevoelkerung.punkte(z);
                match je_kategorie.get(&k.id) {
                    Some(baum) if baum.size() > 0 => {
                        punkte.iter().map(|p| naechstes_angebot(baum, p.pos, |_| true)).collect()
                    }
                    _ => vec![Naechstes::KEINES; punkte.len()],
                }
            })
        })
        .collect()
}

fn kommunen_baum(kommunen: &[Kommune]) -> RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> {
    RTree::bulk_load(
        kommunen
            .iter()
            .enumerate()
            .filter_map(|(i, k)| {
                let r = k.grenze.bounding_rect()?;
                Some(GeomWithData::new(Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]), i))
            })
            .collect(),
    )
}

fn kommune_an(baum: &RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>, kommunen: &[Kommune], p: Utm32) -> Option<usize> {
    let punkt = Point::new(p.x, p.y);
    baum.locate_in_envelope_intersecting(&AABB::from_point(p.xy()))
        .map(|e| e.data)
        .filter(|&i| kommunen[i].grenze.intersects(&punkt))
        .min()
}

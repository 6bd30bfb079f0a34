//! The Steckbrief of a Kommune: key figures, population, map, every indicator against the Kreis
//! with index, rank and time series, offers, coverage, reported needs and the register.

use serde::Serialize;

use super::{Berichtsfrage, KEINE_ANGABE, Kopf, anteiltext, ausweisen, leer, parameter};
use crate::bericht::Vorlage;
use crate::bericht::grafik::{self, Linie, Punkt};
use crate::dienst::karte::kommune_flaeche;
use crate::dienst::parameter::{Parameter, kuerzen};
use crate::dienst::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::model::BEDARFSMELDUNGEN;
use crate::model::deutsch::{prozent, zahl};
use crate::render::Kartengebiet;

use super::Dokument;

/// A row name and value.
#[derive(Debug, Serialize)]
struct Eckdatum {
    name: String,
    wert: String,
}

/// A target group's population.
#[derive(Debug, Serialize)]
struct Zielgruppenzeile {
    name: &'static str,
    personen: String,
    anteil: String,
}

/// An indicator in the Steckbrief.
#[derive(Debug, Serialize)]
struct Indikatorzeile {
    name: String,
    einheit: String,
    jahr: String,
    wert: String,
    kreiswert: String,
    index: String,
    rang: String,
    beispiel: bool,
    grafik: Option<String>,
    /// The note under a time series with years hidden in public output.
    hinweis: Option<&'static str>,
}

/// A category's coverage in the Steckbrief.
#[derive(Debug, Serialize)]
struct Versorgungszeile {
    kategorie: String,
    angebote: String,
    anteile: Vec<String>,
    kreis: Vec<String>,
    mittel: String,
}

/// The coverage part of the Steckbrief.
#[derive(Debug, Serialize)]
struct Versorgungsteil {
    frage: String,
    schwellen: Vec<String>,
    zeilen: Vec<Versorgungszeile>,
}

/// An offer in the Steckbrief.
#[derive(Debug, Serialize)]
struct Angebotszeile {
    kategorie: String,
    name: String,
    adresse: String,
}

/// A category on the Steckbrief's map.
#[derive(Debug, Serialize)]
struct Kartenlegende {
    farbe: String,
    name: String,
    /// Offers of the category in the Kommune.
    anzahl: usize,
    /// Example data among the dots of the category.
    beispiel: bool,
}

/// Reported needs of the Kommune and the Kreis.
#[derive(Debug, Serialize)]
struct Meldeteil {
    text: String,
    zeitraeume: Vec<String>,
    werte: Vec<String>,
    kreisname: String,
    kreis: Vec<String>,
}

/// A need of the register.
#[derive(Debug, Serialize)]
struct Bedarfszeile {
    titel: String,
    gebiet: String,
    status: String,
}

/// The data of the Steckbrief template.
#[derive(Debug, Serialize)]
struct Steckbrief {
    #[serde(flatten)]
    kopf: Kopf,
    kommune: String,
    eckdaten: Vec<Eckdatum>,
    zielgruppen: Vec<Zielgruppenzeile>,
    bevoelkerungsbasis: String,
    karte: String,
    kartenlegende: Vec<Kartenlegende>,
    indikatoren: Vec<Indikatorzeile>,
    versorgung: Versorgungsteil,
    angebote: Vec<Angebotszeile>,
    meldungen: Option<Meldeteil>,
    bedarfe: Vec<Bedarfszeile>,
}

impl Dienst {
    /// The Steckbrief a request names as a file (`06532023.pdf`).
    pub fn steckbrief_datei(&self, datei: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Dokument> {
        let Some(ags) = datei.strip_suffix(".pdf") else {
            return Err(Anfragefehler::ungueltig(format!(
                "„{}“: erwartet AGS.pdf, z. B. 06532023.pdf (der Steckbrief ist ein PDF)",
                kuerzen(datei)
            )));
        };
        self.steckbrief(ags, p, zugang)
    }

    /// The Steckbrief of the Kommune with this AGS, ready to be typeset.
    pub fn steckbrief(&self, ags: &str, p: &Parameter, zugang: Zugang) -> Ergebnis<Dokument> {
        let q = self.berichtsfrage(p)?;
        let a = &self.atlas;
        let profil = self.profil(ags, &q.basis, zugang)?;
        let Some(k) = a.kommunen.iter().position(|x| x.ags.as_str() == ags) else {
            return Err(Anfragefehler::nicht_gefunden(format!(
                "Eine Kommune mit AGS „{}“ gibt es nicht",
                kuerzen(ags)
            )));
        };
        let kommune = &a.kommunen[k];
        let kreis = a.kreis_einheit();
        let auswertungen = self.berichtsindikatoren(&q, zugang)?;
        let mut bilder = Vec::new();
        let indikatoren = auswertungen
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let reihe = profil.indikatoren.iter().find(|r| r.id == x.ind.id).map(|r| &r.zeitreihe);
                let gesperrt = reihe.map(|r| r.iter().filter(|w| w.status.gesperrt()).collect::<Vec<_>>());
                let hinweis = match gesperrt.as_deref() {
                    None | Some([]) => None,
                    Some(g) if g.iter().any(|w| w.wert.is_none()) => Some("n. a. = nicht ausgewiesen (Datenschutz)"),
                    Some(_) => Some("enthält Werte, die öffentlich nicht ausgewiesen werden"),
                };
                let grafik = reihe.filter(|r| r.len() > 1).map(|r| {
                    let name = format!("reihe-{i}.svg");
                    let jahre: Vec<i32> = r.iter().map(|w| w.jahr).collect();
                    let linien = [
                        Linie {
                            name: kommune.name.clone(),
                            werte: r.iter().map(|w| w.wert).collect(),
                            farbe: grafik::EIGEN,
                            gestrichelt: false,
                        },
                        Linie {
                            name: x.referenz.as_ref().map_or("Kreis".into(), |r| r.0.clone()),
                            werte: r.iter().map(|w| w.kreiswert).collect(),
                            farbe: grafik::KREIS,
                            gestrichelt: true,
                        },
                    ];
                    let verborgen: Vec<bool> = r.iter().map(|w| w.wert.is_none() && w.status.gesperrt()).collect();
                    bilder.push((name.clone(), grafik::zeitreihe(&jahre, &linien, &verborgen, 84.0, 42.0)));
                    name
                });
                Indikatorzeile {
                    name: x.ind.name.clone(),
                    einheit: x.ind.masseinheit.clone(),
                    jahr: x.jahr.to_string(),
                    wert: x.text(k),
                    kreiswert: x.kreistext(),
                    index: x.index(k),
                    rang: x.rangtext(k),
                    beispiel: x.ind.beispiel,
                    grafik,
                    hinweis,
                }
            })
            .collect();
        let versorgung = self.kategorieauswertungen(&q, zugang)?;
        let versorgung = Versorgungsteil {
            frage: format!(
                "Anteil der Zielgruppe „{}“ mit einem Angebot im Umkreis ({}), darunter der Kreiswert; \
                 mittlere Entfernung zum nächsten Angebot.",
                q.frage.zielgruppe.bezeichnung(),
                q.frage.messung.kurz()
            ),
            schwellen: q.frage.schwellen.iter().map(|s| q.frage.messung.wert_text(*s)).collect(),
            zeilen: versorgung
                .iter()
                .map(|v| Versorgungszeile {
                    kategorie: v.name.clone(),
                    angebote: v.angebote[k].to_string(),
                    anteile: v.kommunen[k].0.iter().map(|w| anteiltext(*w, v.kommunen[k].2)).collect(),
                    kreis: v.kreis.0.iter().map(|w| anteiltext(*w, v.kreis.2)).collect(),
                    mittel: v.kommunen[k].1.map_or_else(|| leer(v.kommunen[k].2), |m| q.frage.messung.wert_text(m)),
                })
                .collect(),
        };
        let angebote: Vec<Angebotszeile> = profil
            .angebote
            .iter()
            .filter(|o| q.kategorien.contains(&o.kategorie))
            .map(|o| Angebotszeile {
                kategorie: o.kategorie_bezeichnung.clone().unwrap_or_else(|| o.kategorie.clone()),
                name: if o.beispiel { format!("{} (Beispieldaten)", o.name) } else { o.name.clone() },
                adresse: [o.strasse.as_str(), &format!("{} {}", o.plz, o.ort)]
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect();
        let (karte, kartenlegende) = self.kommunenkarte(k, &q.kategorien);
        bilder.push(("karte.svg".into(), karte));
        let meldungen = self.meldeteil(k, &q, zugang)?;
        let bedarfe = self
            .bedarfsliste(&parameter(&[("ags", ags)])?)?
            .bedarfe
            .into_iter()
            .map(|b| Bedarfszeile { titel: b.titel, gebiet: b.gebiet.name, status: b.status_text.to_string() })
            .collect();
        let region = profil.kommune.gebiet.region.clone().flatten();
        let mut eckdaten = vec![
            Eckdatum { name: "Amtlicher Gemeindeschlüssel".into(), wert: ags.to_string() },
            Eckdatum { name: "Einwohner (Gemeindeverzeichnis)".into(), wert: zahl(kommune.einwohner as f64, 0) },
            Eckdatum { name: "Fläche".into(), wert: format!("{} km²", zahl(kommune.flaeche_km2, 1)) },
            Eckdatum {
                name: "Einwohner je km²".into(), wert: zahl(kommune.einwohner as f64 / kommune.flaeche_km2, 0)
            },
        ];
        if let (Some(r), Some(s)) = (region, a.regionsschemata.get(q.schema)) {
            eckdaten.push(Eckdatum { name: format!("Region ({})", s.bezeichnung), wert: r });
        }
        eckdaten.push(Eckdatum {
            name: "Jugendamt".into(),
            wert: if kommune.jugendamt == a.kreisjugendamt() {
                a.kreisjugendamt().to_string()
            } else {
                format!("eigenes ({})", kommune.jugendamt)
            },
        });
        let zielgruppen = profil
            .zielgruppen
            .iter()
            .map(|z| {
                let g = crate::model::Zielgruppe::von_id(z.id);
                let gesamt: f64 = g.map_or(0.0, |g| (0..a.kommunen.len()).map(|i| a.bevoelkerung.summe(g, i)).sum());
                Zielgruppenzeile {
                    name: z.bezeichnung,
                    personen: z.personen.map_or(KEINE_ANGABE.into(), |p| zahl(p, 0)),
                    anteil: match z.personen {
                        Some(p) if gesamt > 0.0 => prozent(p / gesamt),
                        _ => KEINE_ANGABE.into(),
                    },
                }
            })
            .collect();
        let beispiel = auswertungen.iter().any(|x| x.ind.beispiel)
            || profil.angebote.iter().any(|o| o.beispiel)
            || a.regionsschemata.get(q.schema).is_some_and(|s| s.beispiel);
        let quellen =
            auswertungen.iter().map(|x| format!("{} ({}): {}", x.ind.name, x.ind.stand, x.ind.quelle)).collect();
        let kopf = self.kopf(
            &q,
            format!("Steckbrief {}", kommune.name),
            format!("{} im {} · Familienbericht, Kommunalprofil", kommune.bez, a.einheiten[kreis].name),
            zugang,
            beispiel,
            quellen,
        );
        let daten = Steckbrief {
            kopf,
            kommune: kommune.name.clone(),
            eckdaten,
            zielgruppen,
            bevoelkerungsbasis: profil.bevoelkerungsbasis.clone(),
            karte: "karte.svg".into(),
            kartenlegende,
            indikatoren,
            versorgung,
            angebote,
            meldungen,
            bedarfe,
        };
        Ok(Dokument {
            vorlage: Vorlage::Steckbrief,
            daten: serde_json::to_value(&daten).map_err(Anfragefehler::intern)?,
            bilder,
            kennung: format!("steckbrief-{ags}-{}", zugang.bezeichnung()),
        })
    }

    /// The map of a Kommune: its neighbours around it, the offers of the categories as dots.
    fn kommunenkarte(&self, k: usize, kategorien: &[String]) -> (String, Vec<Kartenlegende>) {
        let a = &self.atlas;
        let flaechen: Vec<Kartengebiet> = (0..a.kommunen.len())
            .map(|i| kommune_flaeche(self, i, if i == k { "#ffffff".into() } else { "#e4e4e4".into() }, false))
            .collect();
        let b = crate::render::huelle(std::iter::once(&a.kommunen[k].grenze));
        let rand = 0.08 * (b[2] - b[0]).max(b[3] - b[1]);
        let ausschnitt = [b[0] - rand, b[1] - rand, b[2] + rand, b[3] + rand];
        let farbe = |kat: &str| a.kategorie(kat).map_or("#555555".to_string(), |c| c.farbe.clone());
        let im_bild: Vec<&crate::model::Angebot> = a
            .angebote
            .iter()
            .filter(|o| kategorien.contains(&o.kategorie))
            .filter(|o| {
                (ausschnitt[0]..=ausschnitt[2]).contains(&o.pos.x) && (ausschnitt[1]..=ausschnitt[3]).contains(&o.pos.y)
            })
            .collect();
        let punkte: Vec<Punkt> =
            im_bild.iter().map(|o| Punkt { x: o.pos.x, y: o.pos.y, farbe: farbe(&o.kategorie) }).collect();
        // Every category with a dot on the map, with its number in the Kommune.
        let legende = kategorien
            .iter()
            .filter_map(|kat| {
                let gezeigt: Vec<&&crate::model::Angebot> = im_bild.iter().filter(|o| o.kategorie == *kat).collect();
                let c = a.kategorie(kat)?;
                (!gezeigt.is_empty()).then(|| Kartenlegende {
                    farbe: c.farbe.clone(),
                    name: c.bezeichnung.clone(),
                    anzahl: gezeigt.iter().filter(|o| o.ags == a.kommunen[k].ags).count(),
                    beispiel: gezeigt.iter().any(|o| o.beispiel),
                })
            })
            .collect();
        (grafik::karte(&flaechen, &punkte, Some(ausschnitt), 84.0, 84.0), legende)
    }

    /// Reported needs of Kommune `k` and the Kreis: every year and the last four quarters, as the
    /// API's series shows them (`None` before the first report).
    fn meldeteil(&self, k: usize, q: &Berichtsfrage, zugang: Zugang) -> Ergebnis<Option<Meldeteil>> {
        let a = &self.atlas;
        if !a.indikatoren.iter().any(|i| i.id == BEDARFSMELDUNGEN) {
            return Ok(None);
        }
        let reihe = self.meldereihe(&q.basis, zugang)?;
        let quartale: Vec<usize> = (0..reihe.zeitraeume.len()).filter(|&i| reihe.zeitraeume[i].contains('Q')).collect();
        let jahre = (0..reihe.zeitraeume.len()).filter(|&i| !reihe.zeitraeume[i].contains('Q'));
        let spalten: Vec<usize> = jahre.chain(quartale.iter().rev().take(4).rev().copied()).collect();
        let werte = |id: &str| -> Vec<String> {
            reihe
                .einheiten
                .iter()
                .find(|e| e.gebiet.einheit.id == id)
                .map(|e| {
                    spalten.iter().map(|&i| ausweisen(e.werte[i].anzahl, e.werte[i].status, |v| zahl(v, 0))).collect()
                })
                .unwrap_or_default()
        };
        let kreis = &a.einheiten[a.kreis_einheit()];
        Ok(Some(Meldeteil {
            text: format!(
                "Anzahl der in der Hilfeplanung gemeldeten fehlenden Angebote nach Wohnort der Familie (Jahre und die \
                 letzten Quartale); {}.",
                reihe.quelle
            ),
            zeitraeume: spalten.iter().map(|&i| reihe.zeitraeume[i].replace("-Q", " Q")).collect(),
            werte: werte(a.kommunen[k].ags.as_str()),
            kreisname: kreis.name.clone(),
            kreis: werte(&kreis.id),
        }))
    }
}

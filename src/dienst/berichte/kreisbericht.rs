//! The statistical part of the Familienbericht: an overview of the Kommunen, a chapter per topic
//! with map, ranking and table of every indicator and category, the register, methods, sources.

use serde::Serialize;

use super::{Auswertung, Berichtsfrage, Kategorieauswertung, Kopf, anteiltext, leer};
use crate::analysis::datenschutz::Status;
use crate::bericht::Vorlage;
use crate::bericht::grafik::{self, Balken, Referenz};
use crate::dienst::karte::kommune_flaeche;
use crate::dienst::parameter::Parameter;
use crate::dienst::{Anfragefehler, Dienst, Ergebnis, Zugang};
use crate::model::Thema;
use crate::model::deutsch::{prozent, zahl};
use crate::render::{Eintrag, Kartengebiet};

use super::Dokument;

/// A section of the Kreis report: text, map and chart, and a table of all Kommunen.
#[derive(Debug, Serialize)]
struct Abschnitt {
    titel: String,
    text: String,
    beispiel: bool,
    karte: Option<String>,
    legende: Vec<Eintrag>,
    grafik: Option<String>,
    spalten: Vec<String>,
    zeilen: Vec<Vec<String>>,
    kreis: Vec<String>,
    fuss: Option<String>,
}

/// A chapter (topic) of the Kreis report.
#[derive(Debug, Serialize)]
struct Kapitel {
    titel: &'static str,
    einleitung: String,
    abschnitte: Vec<Abschnitt>,
}

/// The overview table of the Kreis report.
#[derive(Debug, Serialize)]
struct Uebersicht {
    text: String,
    spalten: Vec<String>,
    zeilen: Vec<Vec<String>>,
    kreis: Vec<String>,
}

/// The data of the Kreis report template.
#[derive(Debug, Serialize)]
struct Kreisbericht {
    #[serde(flatten)]
    kopf: Kopf,
    einleitung: String,
    uebersicht: Uebersicht,
    kapitel: Vec<Kapitel>,
}

impl Dienst {
    /// The statistical part of the Familienbericht, ready to be typeset.
    pub fn kreisbericht(&self, p: &Parameter, zugang: Zugang) -> Ergebnis<Dokument> {
        let q = self.berichtsfrage(p)?;
        let a = &self.atlas;
        let kreis = a.kreis_einheit();
        let kreisname = a.einheiten[kreis].name.clone();
        let auswertungen = self.berichtsindikatoren(&q, zugang)?;
        let versorgung = self.kategorieauswertungen(&q, zugang)?;
        let mut bilder = Vec::new();
        let mut kapitel = Vec::new();
        for thema in Thema::ALLE {
            let mut abschnitte: Vec<Abschnitt> = auswertungen
                .iter()
                .enumerate()
                .filter(|(_, x)| x.ind.thema == thema)
                .map(|(i, x)| self.indikatorabschnitt(i, x, &mut bilder))
                .collect();
            if thema == Thema::AngeboteVersorgung {
                abschnitte.extend(
                    versorgung.iter().enumerate().map(|(i, v)| self.versorgungsabschnitt(i, v, &q, &mut bilder)),
                );
            }
            if thema == Thema::Bedarfe {
                abschnitte.extend(self.registerabschnitt()?);
            }
            if abschnitte.is_empty() {
                continue;
            }
            kapitel.push(Kapitel { titel: thema.bezeichnung(), einleitung: einleitung(thema), abschnitte });
        }
        let uebersicht = self.uebersicht(&q, &versorgung);
        let beispiel = auswertungen.iter().any(|x| x.ind.beispiel)
            || a.angebote.iter().any(|o| o.beispiel && q.kategorien.contains(&o.kategorie))
            || a.regionsschemata.get(q.schema).is_some_and(|s| s.beispiel);
        let quellen =
            auswertungen.iter().map(|x| format!("{} ({}): {}", x.ind.name, x.ind.stand, x.ind.quelle)).collect();
        let kopf = self.kopf(
            &q,
            format!("Familienbericht {kreisname}"),
            "Statistischer Teil: Kommunen im Vergleich".into(),
            zugang,
            beispiel,
            quellen,
        );
        let daten = Kreisbericht {
            kopf,
            einleitung: format!(
                "Dieser Teil des Familienberichts zeigt die {} Kommunen im {} im Vergleich: Bevölkerung, soziale Lage, \
                 Betreuung und Bildung, Angebote und Versorgung sowie Bedarfe, jeweils als Karte, Grafik und Tabelle. \
                 Er wird von sozialraum aus den aktuellen Daten erzeugt; Methoden und Quellen stehen am Ende.",
                a.kommunen.len(),
                kreisname
            ),
            uebersicht,
            kapitel,
        };
        Ok(Dokument {
            vorlage: Vorlage::Kreisbericht,
            daten: serde_json::to_value(&daten).map_err(Anfragefehler::intern)?,
            bilder,
            kennung: format!("kreisbericht-{}", zugang.bezeichnung()),
        })
    }

    /// The overview of the Kommunen: population, area, offers.
    fn uebersicht(&self, q: &Berichtsfrage, versorgung: &[Kategorieauswertung]) -> Uebersicht {
        let a = &self.atlas;
        let g = q.frage.zielgruppe;
        let schema = a.regionsschemata.get(q.schema);
        let angebote = |k: usize| versorgung.iter().map(|v| v.angebote[k]).sum::<usize>();
        let zeilen = (0..a.kommunen.len())
            .map(|k| {
                let km = &a.kommunen[k];
                vec![
                    km.name.clone(),
                    schema.and_then(|s| s.zuordnung[k].map(|r| s.regionen[r].clone())).unwrap_or_else(|| "–".into()),
                    zahl(km.einwohner as f64, 0),
                    zahl(a.bevoelkerung.summe(g, k), 0),
                    zahl(km.flaeche_km2, 1),
                    zahl(km.einwohner as f64 / km.flaeche_km2, 0),
                    angebote(k).to_string(),
                ]
            })
            .collect();
        let einwohner: u64 = a.kommunen.iter().map(|k| k.einwohner).sum();
        let flaeche: f64 = a.kommunen.iter().map(|k| k.flaeche_km2).sum();
        Uebersicht {
            text: format!(
                "Einwohner laut Gemeindeverzeichnis, {} aus der Bevölkerungsfläche; Angebote der Kategorien dieses \
                 Berichts.",
                g.bezeichnung()
            ),
            spalten: vec![
                "Kommune".into(),
                schema.map_or("Region".into(), |s| format!("Region ({})", s.bezeichnung)),
                "Einwohner".into(),
                g.bezeichnung().into(),
                "Fläche km²".into(),
                "Einw. je km²".into(),
                "Angebote".into(),
            ],
            zeilen,
            kreis: vec![
                a.einheiten[a.kreis_einheit()].name.clone(),
                String::new(),
                zahl(einwohner as f64, 0),
                zahl((0..a.kommunen.len()).map(|k| a.bevoelkerung.summe(g, k)).sum(), 0),
                zahl(flaeche, 1),
                zahl(einwohner as f64 / flaeche, 0),
                (0..a.kommunen.len()).map(angebote).sum::<usize>().to_string(),
            ],
        }
    }

    /// An indicator's section: choropleth, ranking chart, table of all Kommunen.
    fn indikatorabschnitt(&self, i: usize, x: &Auswertung, bilder: &mut Vec<(String, String)>) -> Abschnitt {
        let a = &self.atlas;
        let flaechen: Vec<Kartengebiet> = (0..a.kommunen.len())
            .map(|k| {
                let (w, s) = x.werte[k];
                kommune_flaeche(self, k, x.farben[k].clone(), w.is_none() && s.gesperrt())
            })
            .collect();
        let karte = format!("karte-{i}.svg");
        bilder.push((karte.clone(), grafik::karte(&flaechen, &[], None, 80.0, 92.0)));
        let grafik = format!("rang-{i}.svg");
        let referenz = x.referenz.as_ref().map(|(n, r)| Referenz { name: n.clone(), wert: *r, text: x.kreistext() });
        bilder.push((grafik.clone(), rangfolge(&x.werte, a, |k| x.text(k), referenz.as_ref(), 92.0)));
        let zeilen = (0..a.kommunen.len())
            .map(|k| vec![a.kommunen[k].name.clone(), x.text(k), x.index(k), x.rangtext(k)])
            .collect();
        Abschnitt {
            titel: x.ind.name.clone(),
            text: format!(
                "{} Einheit: {}. Jahr {}. Quelle: {} (Stand {}).",
                satz(&x.ind.definition),
                x.ind.masseinheit,
                x.jahr,
                x.ind.quelle,
                x.ind.stand
            ),
            beispiel: x.ind.beispiel,
            karte: Some(karte),
            legende: x.legende.clone(),
            grafik: Some(grafik),
            spalten: vec!["Kommune".into(), format!("Wert {}", x.jahr), "Index (Kreis = 100)".into(), "Rang".into()],
            zeilen,
            kreis: vec![
                x.referenz.as_ref().map_or("Kreis".into(), |r| r.0.clone()),
                x.kreistext(),
                "100,0".into(),
                String::new(),
            ],
            fuss: None,
        }
    }

    /// A category's section: ranking chart of the coverage at the middle threshold, table of all
    /// Kommunen with offers, shares and mean distance.
    fn versorgungsabschnitt(
        &self,
        i: usize,
        v: &Kategorieauswertung,
        q: &Berichtsfrage,
        bilder: &mut Vec<(String, String)>,
    ) -> Abschnitt {
        let a = &self.atlas;
        let mitte = q.frage.schwellen.len() / 2;
        let anteile: Vec<(Option<f64>, Status)> =
            v.kommunen.iter().map(|(w, _, s)| (w.get(mitte).copied().flatten().map(|x| x * 100.0), *s)).collect();
        let grafik = format!("versorgung-{i}.svg");
        let referenz = v.kreis.0.get(mitte).copied().flatten().map(|r| Referenz {
            name: a.einheiten[a.kreis_einheit()].name.clone(),
            wert: r * 100.0,
            text: prozent(r),
        });
        bilder.push((
            grafik.clone(),
            rangfolge(
                &anteile,
                a,
                |k| anteiltext(v.kommunen[k].0.get(mitte).copied().flatten(), v.kommunen[k].2),
                referenz.as_ref(),
                120.0,
            ),
        ));
        let mittel = |m: Option<f64>, s: Status| m.map_or_else(|| leer(s), |m| q.frage.messung.wert_text(m));
        let zeilen = (0..a.kommunen.len())
            .map(|k| {
                let (w, m, s) = &v.kommunen[k];
                let mut z = vec![a.kommunen[k].name.clone(), v.angebote[k].to_string()];
                z.extend(w.iter().map(|x| anteiltext(*x, *s)));
                z.push(mittel(*m, *s));
                z
            })
            .collect();
        let mut spalten = vec!["Kommune".to_string(), "Angebote".into()];
        spalten.extend(q.frage.schwellen.iter().map(|s| format!("bis {}", q.frage.messung.wert_text(*s))));
        spalten.push("Mittlere Entfernung".into());
        let mut kreis = vec![a.einheiten[a.kreis_einheit()].name.clone(), v.angebote.iter().sum::<usize>().to_string()];
        kreis.extend(v.kreis.0.iter().map(|x| anteiltext(*x, v.kreis.2)));
        kreis.push(mittel(v.kreis.1, v.kreis.2));
        let schwelle = q.frage.schwellen.get(mitte).map(|s| q.frage.messung.wert_text(*s)).unwrap_or_default();
        let keine = if v.angebote.iter().sum::<usize>() == 0 {
            " Im Datensatz ist kein Angebot dieser Kategorie erfasst: 0 % heißt hier „nicht erfasst“, nicht \
             unbedingt „nicht vorhanden“."
        } else {
            ""
        };
        Abschnitt {
            titel: v.name.clone(),
            text: format!(
                "Anteil der Zielgruppe „{}“ mit einem Angebot „{}“ im Umkreis ({}) und mittlere Entfernung zum \
                 nächsten. Die Grafik zeigt den Anteil bis {schwelle}.{keine}",
                q.frage.zielgruppe.bezeichnung(),
                v.name,
                q.frage.messung.kurz()
            ),
            beispiel: a.angebote.iter().any(|o| o.beispiel && o.kategorie == v.kategorie),
            karte: None,
            legende: Vec::new(),
            grafik: Some(grafik),
            spalten,
            zeilen,
            kreis,
            fuss: None,
        }
    }

    /// The register of the Sozialraumkonferenzen: needs per Kommune by status (none before the
    /// first need).
    fn registerabschnitt(&self) -> Ergebnis<Option<Abschnitt>> {
        let karte = self.bedarfskarte(&Parameter::default())?;
        if karte.features.iter().all(|f| f.properties.gesamt == 0) {
            return Ok(None);
        }
        let status: Vec<&'static str> = crate::dienst::bedarfe::STATUS.to_vec();
        let zeilen = karte
            .features
            .iter()
            .map(|f| {
                let mut z = vec![f.properties.name.clone()];
                z.extend(status.iter().map(|s| f.properties.nach_status.get(s).copied().unwrap_or(0).to_string()));
                z.push(f.properties.gesamt.to_string());
                z
            })
            .collect();
        let mut spalten = vec!["Kommune".to_string()];
        spalten.extend(status.iter().map(|s| crate::dienst::bedarfe::status_text(s).to_string()));
        spalten.push("gesamt".into());
        Ok(Some(Abschnitt {
            titel: "Bedarfe aus den Sozialraumkonferenzen".into(),
            text: "Im Bedarfsregister erfasste Bedarfe je Kommune nach ihrem Stand; ein Bedarf einer Region zählt in \
                   jeder ihrer Kommunen."
                .into(),
            beispiel: false,
            karte: None,
            legende: Vec::new(),
            grafik: None,
            spalten,
            zeilen,
            kreis: Vec::new(),
            fuss: None,
        }))
    }
}

/// A ranking chart of the Kommunen, highest first, hidden and missing values last as text.
fn rangfolge(
    werte: &[(Option<f64>, Status)],
    a: &crate::Atlas,
    text: impl Fn(usize) -> String,
    referenz: Option<&Referenz>,
    breite: f64,
) -> String {
    let mut folge: Vec<usize> = (0..werte.len()).collect();
    folge.sort_by(|&i, &j| match (werte[i].0, werte[j].0) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.kommunen[i].name.cmp(&a.kommunen[j].name),
    });
    let balken: Vec<Balken> = folge
        .into_iter()
        .map(|k| Balken { name: a.kommunen[k].name.clone(), wert: werte[k].0, text: text(k), hervorgehoben: false })
        .collect();
    grafik::rangfolge(&balken, referenz, breite)
}

/// A definition as a sentence (with a full stop).
fn satz(t: &str) -> String {
    let t = t.trim();
    if t.is_empty() || t.ends_with('.') { t.to_string() } else { format!("{t}.") }
}

/// The introduction of a chapter.
fn einleitung(t: Thema) -> String {
    match t {
        Thema::Bevoelkerung => "Wie viele Menschen wo leben: die Grundlage jeder Quote und jeder Versorgungsrechnung.",
        Thema::SozialeLage => {
            "Indikatoren der sozialen Lage von Kindern und Familien: ein hoher Wert zeigt einen höheren Bedarf an \
             Unterstützung."
        }
        Thema::BetreuungBildung => "Betreuung und Bildung in den Kommunen.",
        Thema::AngeboteVersorgung => {
            "Welcher Anteil der Zielgruppe ein Angebot in erreichbarer Entfernung hat, je Kategorie und Kommune."
        }
        Thema::Bedarfe => {
            "Bedarfe, wie sie die Fachkräfte aus der Hilfeplanung melden und die Sozialraumkonferenzen festhalten, \
             und Hilfen zur Erziehung."
        }
    }
    .to_string()
}

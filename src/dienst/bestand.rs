//! The offers and categories the planners keep in the store, brought into the atlas: on the
//! first start the store is filled from the data set; afterwards the store is the source of
//! offers and categories, and an answer shows the offers valid on its day (`stand`).

use super::{Anfragefehler, Ergebnis};
use crate::Atlas;
use crate::model::{Ags, Angebot};
use crate::spatial::{LonLat, utm32_von_lonlat};
use crate::store::{Angebotssatz, Speicher};

/// Who the first filling of a store is recorded as.
pub const ERSTBEFUELLUNG: &str = "Datensatz (erster Start)";

/// Today as `JJJJ-MM-TT` (UTC).
pub fn heute() -> String {
    let tage =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() / 86_400).unwrap_or(0)
            as i64;
    crate::model::kalender::datum_aus_tagen(tage)
}

/// Opens (or creates) the store at `pfad` and takes the offers valid today from it.
pub fn aus_speicher(atlas: Atlas, pfad: &std::path::Path) -> crate::Result<(Atlas, std::sync::Arc<Speicher>)> {
    let speicher = std::sync::Arc::new(Speicher::oeffnen(pfad)?);
    Ok((mit_speicher(atlas, &speicher, &heute())?, speicher))
}

/// Copies the store at `quelle` to `ziel` while services may be writing to it: one consistent
/// state (SQLite's `VACUUM INTO`), written under a temporary name and renamed. Returns the
/// number of offers saved.
pub fn sichern(quelle: &std::path::Path, ziel: &std::path::Path) -> crate::Result<usize> {
    if !quelle.is_file() {
        return Err(crate::Error::Datei {
            pfad: quelle.display().to_string(),
            grund: "diesen Speicher gibt es nicht (Ort mit --speicher angeben)".into(),
        });
    }
    let speicher = Speicher::oeffnen(quelle)?;
    Ok(speicher.sichern(ziel)?)
}

impl super::Dienst {
    /// A consistent copy of the whole store as the bytes of a GeoPackage file (internal users
    /// only; the caller checks), with its file name `sozialraum-JJJJ-MM-TT.gpkg`.
    pub fn speicher_herunterladen(&self) -> super::Ergebnis<(String, Vec<u8>)> {
        let speicher = self.speicher()?;
        let ordner = tempfile::tempdir().map_err(super::Anfragefehler::intern)?;
        let ziel = ordner.path().join("kopie.gpkg");
        speicher.sichern(&ziel)?;
        let bytes = std::fs::read(&ziel).map_err(super::Anfragefehler::intern)?;
        Ok((format!("sozialraum-{}.gpkg", heute()), bytes))
    }
}

/// The region schemes of the data set, as the store keeps them.
fn schemata_des_datensatzes(atlas: &Atlas) -> Vec<crate::store::Schemasatz> {
    atlas
        .regionsschemata
        .iter()
        .map(|s| crate::store::Schemasatz {
            id: s.id.clone(),
            bezeichnung: s.bezeichnung.clone(),
            stand: s.stand.clone(),
            beispiel: s.beispiel,
            hinweis: s.hinweis.clone(),
            zuordnung: atlas
                .kommunen
                .iter()
                .zip(&s.zuordnung)
                .map(|(k, r)| (k.ags.to_string(), r.map(|i| s.regionen[i].clone()).unwrap_or_default()))
                .collect(),
            gueltig_bis: None,
            version: 1,
        })
        .collect()
}

/// The indicator values of the data set, as the store keeps them.
fn indikatorwerte_des_datensatzes(atlas: &Atlas) -> Vec<(String, i32, crate::store::Wertzeile)> {
    atlas
        .indikatoren
        .iter()
        .flat_map(|i| {
            i.werte.iter().map(|w| {
                let z = crate::store::Wertzeile {
                    ags: w.ags.to_string(),
                    wert: w.wert,
                    zaehler: w.zaehler,
                    nenner: w.nenner,
                };
                (i.id.clone(), w.jahr, z)
            })
        })
        .collect()
}

use crate::model::kalender::kalendertag;

/// Checks a day `stand` (JJJJ-MM-TT, any calendar date of the years 1 … 9999).
pub fn stand_pruefen(t: &str) -> Ergebnis<String> {
    if kalendertag(t.trim(), 1..=9999) {
        return Ok(t.trim().to_string());
    }
    Err(Anfragefehler::ungueltig(format!(
        "Parameter „stand“ = „{}“ ist kein Datum; erwartet JJJJ-MM-TT, z. B. stand=2025-12-31",
        super::parameter::kuerzen(t)
    )))
}

/// An offer of the store as the atlas holds it.
fn angebot(s: &Angebotssatz) -> Ergebnis<Angebot> {
    let ags: Ags = s
        .ags
        .parse()
        .map_err(|_| Anfragefehler::intern(format!("Speicher: Angebot {} hat die ungültige AGS „{}“", s.id, s.ags)))?;
    let lage = LonLat { lon: s.lon, lat: s.lat };
    Ok(Angebot {
        id: s.id.clone(),
        kategorie: s.kategorie.clone(),
        name: s.name.clone(),
        traeger: s.traeger.clone(),
        strasse: s.strasse.clone(),
        plz: s.plz.clone(),
        ort: s.ort.clone(),
        ags,
        lage,
        pos: utm32_von_lonlat(lage).map_err(Anfragefehler::intern)?,
        beispiel: s.beispiel,
        quelle: s.quelle.clone(),
        merkmale: s.merkmale.clone(),
    })
}

/// The atlas of the data set with what the store holds, as valid on `tag`. A new store is
/// filled from the data set first (one transaction); an older one gets what it lacks
/// (indicator values, region schemes); a store of another Kreis is refused.
pub fn mit_speicher(atlas: Atlas, speicher: &Speicher, tag: &str) -> crate::Result<Atlas> {
    vorbereiten(&atlas, speicher)?;
    aktualisiert(atlas, speicher, tag)
}

/// Fills a new store from the data set, or adds what a store of an earlier version lacks; a
/// store of another Kreis is refused.
pub(crate) fn vorbereiten(atlas: &Atlas, speicher: &Speicher) -> crate::Result<()> {
    match speicher.kreis()? {
        None => {
            let werte = indikatorwerte_des_datensatzes(atlas);
            let schemata = schemata_des_datensatzes(atlas);
            speicher.befuellen(&atlas.kreis, &atlas.kategorien, &atlas.angebote, &werte, &schemata, ERSTBEFUELLUNG)?;
        }
        Some(k) if k != atlas.kreis => {
            return Err(crate::Error::Konfiguration(format!(
                "Der Speicher {} gehört zum Kreis {k}, der Datensatz zum Kreis {}. Für diesen Datensatz einen \
                 anderen Speicher wählen (--speicher DATEI oder SOZIALRAUM_SPEICHER).",
                speicher.pfad().display(),
                atlas.kreis
            )));
        }
        Some(_) => {}
    }
    // Stores from before schema 3 get the indicator values and region schemes of the data set.
    if !speicher.befuellt(crate::store::INDIKATORWERTE)? {
        speicher.indikatorwerte_befuellen(&indikatorwerte_des_datensatzes(atlas), ERSTBEFUELLUNG)?;
    }
    if !speicher.befuellt(crate::store::REGIONSSCHEMATA)? {
        speicher.regionsschemata_befuellen(&schemata_des_datensatzes(atlas), ERSTBEFUELLUNG)?;
    }
    Ok(())
}

/// The atlas with the store's indicator values and its parts as valid on `tag` (after a
/// change: everything the store holds is read again).
pub fn aktualisiert(atlas: Atlas, speicher: &Speicher, tag: &str) -> crate::Result<Atlas> {
    let mut werte: std::collections::BTreeMap<String, Vec<crate::model::Indikatorwert>> = Default::default();
    for (ind, jahr, w) in speicher.indikatorwerte()? {
        let ags = w.ags.parse().map_err(|e: crate::model::AgsFehler| {
            crate::Error::Konfiguration(format!("Speicher, Indikatorwert {ind}/{jahr}: {e}"))
        })?;
        werte.entry(ind).or_default().push(crate::model::Indikatorwert {
            ags,
            jahr,
            wert: w.wert,
            zaehler: w.zaehler,
            nenner: w.nenner,
        });
    }
    let atlas = atlas.mit_indikatorwerten(werte);
    let meldungen = meldungen(&atlas, speicher)?;
    let indikator = crate::analysis::meldungen::indikator(&atlas, &meldungen, None);
    am_tag(atlas.mit_meldungen(meldungen, indikator), speicher, tag)
}

/// The needs reported from case planning, summed over the sources.
fn meldungen(atlas: &Atlas, speicher: &Speicher) -> crate::Result<Vec<crate::model::Meldung>> {
    let mut summen: std::collections::BTreeMap<(usize, String, crate::model::kalender::Quartal), f64> =
        Default::default();
    for (quelle, z) in speicher.bedarfsmeldungen()? {
        let fehler = |grund: String| {
            crate::Error::Konfiguration(format!("Speicher, Bedarfsmeldung {quelle}/{}: {grund}", z.quartal))
        };
        let kommune = z
            .ags
            .parse::<Ags>()
            .ok()
            .and_then(|a| atlas.kommune_index(&a))
            .ok_or_else(|| fehler(format!("unbekannte AGS {}", z.ags)))?;
        let quartal = z.quartal.parse().map_err(fehler)?;
        *summen.entry((kommune, z.kategorie, quartal)).or_default() += z.anzahl as f64;
    }
    Ok(summen
        .into_iter()
        .map(|((kommune, kategorie, quartal), anzahl)| crate::model::Meldung { kommune, kategorie, quartal, anzahl })
        .collect())
}

/// The atlas with the parts of the store that depend on the day: region schemes, categories
/// and offers valid on `tag` (indicator values have their years and stay).
pub fn am_tag(atlas: Atlas, speicher: &Speicher, tag: &str) -> crate::Result<Atlas> {
    let schemata = speicher
        .regionsschemata()?
        .into_iter()
        .filter(|s| s.gilt_am(tag))
        .map(|s| crate::atlas::Schemaangabe {
            zuordnung: atlas
                .kommunen
                .iter()
                .map(|k| s.zuordnung.get(&k.ags.to_string()).filter(|r| !r.is_empty()).cloned())
                .collect(),
            id: s.id,
            bezeichnung: s.bezeichnung,
            stand: s.stand,
            beispiel: s.beispiel,
            hinweis: s.hinweis,
        })
        .collect();
    let atlas = atlas.mit_regionsschemata(schemata);
    let kategorien =
        speicher.kategorien()?.iter().filter(|k| k.gilt_am(tag)).map(crate::store::Kategoriesatz::kategorie).collect();
    let angebote = speicher
        .angebote()?
        .iter()
        .filter(|s| s.gilt_am(tag))
        .map(angebot)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| crate::Error::Konfiguration(e.to_string()))?;
    netz_abgleichen(atlas.mit_bestand(kategorien, angebote), speicher)
}

/// The atlas on the store's network: unchanged while the store holds the same network, else
/// read, indexed and put in place (or removed).
fn netz_abgleichen(atlas: Atlas, speicher: &Speicher) -> crate::Result<Atlas> {
    let stand = speicher.netz_stand()?;
    if atlas.netz().map(|n| &n.stand) == stand.as_ref() {
        return Ok(atlas);
    }
    let netz = match speicher.netz()? {
        Some((stand, bytes)) => {
            let quelle = format!("{}, Tabelle netz", speicher.pfad().display());
            let netz = crate::netz::Netz::dekodieren(&bytes, &quelle)?;
            Some((crate::netz::Strassennetz::neu(netz), stand))
        }
        None => None,
    };
    Ok(atlas.mit_netz(netz))
}

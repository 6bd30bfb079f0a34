//! What the planning tools keep: needs reported from case planning as counts per source,
//! quarter, Kommune and category (nothing else: no case, no person, no day), and the needs
//! register of the Sozialraumkonferenzen.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Satz, Speicher, Speicherfehler, eintragen};

/// A cell of reported needs: how many needs of a category were reported for a Kommune in a
/// quarter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Meldezelle {
    /// Quarter, `JJJJ-Qn`.
    pub quartal: String,
    /// AGS of the Kommune.
    pub ags: String,
    /// Category id of the missing offer, or `sonstiges`.
    pub kategorie: String,
    /// Number of reports.
    pub anzahl: i64,
}

/// The cells of one source and quarter, as an import replaces them.
#[derive(Debug, Clone)]
pub struct Quartalsmeldungen {
    /// Quarter, `JJJJ-Qn`.
    pub quartal: String,
    /// Every cell of the quarter (those not given go).
    pub zellen: Vec<Meldezelle>,
}

/// One step of a need in the register: the status it reached, when, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Statusschritt {
    /// `eingebracht`, `geprueft`, `in_planung`, `umgesetzt` or `nicht_umgesetzt`.
    pub status: String,
    /// Day, `JJJJ-MM-TT`.
    pub datum: String,
    /// Reason or note (no names of persons).
    pub grund: String,
}

/// A need brought in by a Sozialraumkonferenz, as the register keeps it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Bedarfssatz {
    /// Id (`b-…`).
    pub id: String,
    /// What is needed, in a few words.
    pub titel: String,
    /// The area: AGS of a Kommune or id of a region (`schema-region`).
    pub gebiet: String,
    /// Category id of the offer it asks for, or `sonstiges`.
    pub kategorie: String,
    /// Which conference brought it in.
    pub konferenz: String,
    /// Day of the conference, `JJJJ-MM-TT`.
    pub datum: String,
    /// Every step so far, the first `eingebracht`, the last the current status.
    pub verlauf: Vec<Statusschritt>,
    /// Offers that answer it (ids).
    pub angebote: Vec<String>,
    /// Scenarios that answer it (links into the page's scenario view).
    pub szenarien: Vec<String>,
    /// Version, raised by every change (the ETag).
    pub version: i64,
}

impl Satz for Bedarfssatz {
    const OBJEKT: &'static str = "bedarf";
    const EIN: &'static str = "Ein Bedarf";
    const DER: &'static str = "Der Bedarf";
    fn lesen(c: &Connection, id: &str) -> Result<Option<Self>, Speicherfehler> {
        Ok(bedarfe_lesen(c, Some(id))?.into_iter().next())
    }
    fn schreiben(tx: &rusqlite::Transaction<'_>, b: &Self) -> Result<(), Speicherfehler> {
        tx.prepare_cached(
            "INSERT INTO bedarfe (id, titel, gebiet, kategorie, konferenz, datum, status, verlauf, angebote, \
             szenarien, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO UPDATE \
             SET titel = excluded.titel, gebiet = excluded.gebiet, kategorie = excluded.kategorie, \
             konferenz = excluded.konferenz, datum = excluded.datum, status = excluded.status, \
             verlauf = excluded.verlauf, angebote = excluded.angebote, szenarien = excluded.szenarien, \
             version = excluded.version",
        )?
        .execute(params![
            b.id,
            b.titel,
            b.gebiet,
            b.kategorie,
            b.konferenz,
            b.datum,
            b.verlauf.last().map(|s| s.status.as_str()).unwrap_or(""),
            json(&b.verlauf),
            json(&b.angebote),
            json(&b.szenarien),
            b.version
        ])?;
        Ok(())
    }
    id_und_version!();
}

/// A list kept as a JSON text column.
fn json<T: serde::Serialize>(x: &[T]) -> String {
    serde_json::to_string(x).unwrap_or_else(|_| "[]".into())
}

/// Needs of the register (all, or the one with `id`), in the order they were added.
fn bedarfe_lesen(c: &Connection, id: Option<&str>) -> Result<Vec<Bedarfssatz>, Speicherfehler> {
    let mut st = c.prepare_cached(
        "SELECT id, titel, gebiet, kategorie, konferenz, datum, verlauf, angebote, szenarien, version FROM bedarfe \
         WHERE ?1 IS NULL OR id = ?1 ORDER BY fid",
    )?;
    let z = st.query_map([id], |r| {
        Ok((
            Bedarfssatz {
                id: r.get(0)?,
                titel: r.get(1)?,
                gebiet: r.get(2)?,
                kategorie: r.get(3)?,
                konferenz: r.get(4)?,
                datum: r.get(5)?,
                verlauf: Vec::new(),
                angebote: Vec::new(),
                szenarien: Vec::new(),
                version: r.get(9)?,
            },
            [r.get::<_, String>(6)?, r.get(7)?, r.get(8)?],
        ))
    })?;
    let mut aus = Vec::new();
    for x in z {
        let (mut b, [verlauf, angebote, szenarien]) = x?;
        let inhalt = |grund: serde_json::Error| Speicherfehler::Inhalt {
            tabelle: "bedarfe",
            id: b.id.clone(),
            grund: grund.to_string(),
        };
        b.verlauf = serde_json::from_str(&verlauf).map_err(inhalt)?;
        b.angebote = serde_json::from_str(&angebote).map_err(inhalt)?;
        b.szenarien = serde_json::from_str(&szenarien).map_err(inhalt)?;
        aus.push(b);
    }
    Ok(aus)
}

/// The cells of a source and quarter, sorted.
fn zellen_lesen(c: &Connection, quelle: &str, quartal: &str) -> Result<Vec<Meldezelle>, Speicherfehler> {
    let mut st = c.prepare_cached(
        "SELECT quartal, ags, kategorie, anzahl FROM bedarfsmeldungen WHERE quelle = ?1 AND quartal = ?2 \
         ORDER BY ags, kategorie",
    )?;
    let z = st.query_map(params![quelle, quartal], |r| {
        Ok(Meldezelle { quartal: r.get(0)?, ags: r.get(1)?, kategorie: r.get(2)?, anzahl: r.get(3)? })
    })?;
    Ok(z.collect::<Result<Vec<_>, _>>()?)
}

/// The id of a source and quarter in the history.
fn quartals_id(quelle: &str, quartal: &str) -> String {
    format!("{quelle}/{quartal}")
}

impl Speicher {
    /// Adds `zelle.anzahl` reports to the cell of `quelle` (one transaction); returns the
    /// cell's new count. Deliberately without a history entry: a timed entry per report (who,
    /// when to the millisecond, Kommune, category, count 1) would be the dated single case the
    /// quarter-only rule keeps out; the cell count is the only record.
    pub fn meldung_addieren(&self, quelle: &str, zelle: &Meldezelle) -> Result<i64, Speicherfehler> {
        self.mit(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let alt: Option<i64> = tx
                .query_row(
                    "SELECT anzahl FROM bedarfsmeldungen WHERE quelle = ?1 AND quartal = ?2 AND ags = ?3 AND kategorie = ?4",
                    params![quelle, zelle.quartal, zelle.ags, zelle.kategorie],
                    |r| r.get(0),
                )
                .optional()?;
            let neu = alt.unwrap_or(0) + zelle.anzahl;
            tx.execute(
                "INSERT OR REPLACE INTO bedarfsmeldungen (quelle, quartal, ags, kategorie, anzahl) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![quelle, zelle.quartal, zelle.ags, zelle.kategorie, neu],
            )?;
            tx.commit()?;
            Ok(neu)
        })
    }

    /// Replaces the cells of `quelle` in each quarter given (one transaction); a quarter whose
    /// cells are those stored is left alone. The history keeps before and after of each
    /// quarter replaced. Returns the quarters changed.
    pub fn meldungen_ersetzen(
        &self,
        quelle: &str,
        quartale: &[Quartalsmeldungen],
        wer: &str,
        kommentar: Option<&str>,
    ) -> Result<Vec<String>, Speicherfehler> {
        self.mit(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut geaendert = Vec::new();
            for q in quartale {
                let vorher = zellen_lesen(&tx, quelle, &q.quartal)?;
                let mut nachher = q.zellen.clone();
                nachher.sort();
                if vorher == nachher {
                    continue;
                }
                tx.execute("DELETE FROM bedarfsmeldungen WHERE quelle = ?1 AND quartal = ?2", params![quelle, q.quartal])?;
                let mut st = tx.prepare_cached(
                    "INSERT INTO bedarfsmeldungen (quelle, quartal, ags, kategorie, anzahl) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?;
                for z in &nachher {
                    st.execute(params![quelle, z.quartal, z.ags, z.kategorie, z.anzahl])?;
                }
                let art = if vorher.is_empty() { "angelegt" } else { "ersetzt" };
                let vorher = (!vorher.is_empty()).then_some(vorher);
                let id = quartals_id(quelle, &q.quartal);
                eintragen(&tx, wer, art, "bedarfsmeldungen", &id, vorher.as_ref(), Some(&nachher), kommentar)?;
                geaendert.push(q.quartal.clone());
            }
            tx.commit()?;
            Ok(geaendert)
        })
    }

    /// Every cell with its source.
    pub fn bedarfsmeldungen(&self) -> Result<Vec<(String, Meldezelle)>, Speicherfehler> {
        self.mit(|c| {
            let mut st = c.prepare_cached(
                "SELECT quelle, quartal, ags, kategorie, anzahl FROM bedarfsmeldungen ORDER BY quelle, quartal, ags, kategorie",
            )?;
            let z = st.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    Meldezelle { quartal: r.get(1)?, ags: r.get(2)?, kategorie: r.get(3)?, anzahl: r.get(4)? },
                ))
            })?;
            Ok(z.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// The sums of each source and quarter stored.
    pub fn meldequellen(&self) -> Result<BTreeMap<(String, String), i64>, Speicherfehler> {
        let mut aus = BTreeMap::new();
        for (quelle, z) in self.bedarfsmeldungen()? {
            *aus.entry((quelle, z.quartal)).or_insert(0) += z.anzahl;
        }
        Ok(aus)
    }

    /// The needs of the register.
    pub fn bedarfe(&self) -> Result<Vec<Bedarfssatz>, Speicherfehler> {
        self.mit(|c| bedarfe_lesen(c, None))
    }

    /// The need with this id.
    pub fn bedarf(&self, id: &str) -> Result<Option<Bedarfssatz>, Speicherfehler> {
        self.mit(|c| Bedarfssatz::lesen(c, id))
    }

    /// The next free id of the register (`b-1`, `b-2` …).
    pub fn naechste_bedarfsnummer(&self) -> Result<String, Speicherfehler> {
        self.mit(|c| {
            let n: i64 = c.query_row("SELECT coalesce(max(fid), 0) + 1 FROM bedarfe", [], |r| r.get(0))?;
            Ok(format!("b-{n}"))
        })
    }
}

/// Schema version 4: the tables of the planning tools.
pub(super) fn tabellen_anlegen(tx: &rusqlite::Transaction<'_>) -> Result<(), Speicherfehler> {
    tx.execute_batch(
        "CREATE TABLE bedarfsmeldungen (
            quelle TEXT NOT NULL,
            quartal TEXT NOT NULL,
            ags TEXT NOT NULL,
            kategorie TEXT NOT NULL,
            anzahl INTEGER NOT NULL CHECK (anzahl > 0),
            PRIMARY KEY (quelle, quartal, ags, kategorie)
         );
         CREATE TABLE bedarfe (
            fid INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            titel TEXT NOT NULL,
            gebiet TEXT NOT NULL,
            kategorie TEXT NOT NULL,
            konferenz TEXT NOT NULL,
            datum DATE NOT NULL,
            status TEXT NOT NULL,
            verlauf TEXT NOT NULL,
            angebote TEXT NOT NULL DEFAULT '[]',
            szenarien TEXT NOT NULL DEFAULT '[]',
            version INTEGER NOT NULL DEFAULT 1
         );",
    )?;
    super::geopackage::tabelle_eintragen(
        tx,
        "bedarfsmeldungen",
        "attributes",
        "Bedarfsmeldungen aus der Hilfeplanung (Anzahlen je Quelle, Quartal, Kommune und Kategorie)",
        None,
    )?;
    super::geopackage::tabelle_eintragen(
        tx,
        "bedarfe",
        "attributes",
        "Bedarfsregister der Sozialraumkonferenzen",
        None,
    )?;
    Ok(())
}

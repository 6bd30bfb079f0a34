//! The path and road network of the Kreis as the store keeps it: the bytes of the compact
//! network (one at a time; a new import replaces the old in one transaction) and a line in
//! the history naming the extract.

use rusqlite::{OptionalExtension, params};

use super::{Speicher, Speicherfehler, eintragen};

/// What the history records of a network import.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Netzangabe {
    /// File name of the extract.
    pub datei: String,
    /// Edges of the network.
    pub kanten: usize,
    /// Size in bytes.
    pub bytes: usize,
}

/// Creates the table (schema version 5).
pub(super) fn tabelle_anlegen(tx: &rusqlite::Transaction<'_>) -> Result<(), Speicherfehler> {
    tx.execute_batch(
        "CREATE TABLE netz (
            nr INTEGER PRIMARY KEY CHECK (nr = 1),
            zeit DATETIME NOT NULL,
            datei TEXT NOT NULL,
            kanten INTEGER NOT NULL,
            daten BLOB NOT NULL
         );",
    )?;
    super::geopackage::tabelle_eintragen(tx, "netz", "attributes", "Wege- und Straßennetz (kompakt)", None)?;
    Ok(())
}

impl Speicher {
    /// Puts a network in place of the one before, recorded in the history under `wer`.
    pub fn netz_setzen(&self, angabe: &Netzangabe, daten: &[u8], wer: &str) -> Result<(), Speicherfehler> {
        self.mit(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let vorher: Option<(String, i64)> =
                tx.query_row("SELECT datei, kanten FROM netz", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
            tx.execute(
                "INSERT OR REPLACE INTO netz (nr, zeit, datei, kanten, daten) \
                 VALUES (1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?1, ?2, ?3)",
                params![angabe.datei, angabe.kanten as i64, daten],
            )?;
            let vorher = vorher.map(|(datei, kanten)| Netzangabe { datei, kanten: kanten as usize, bytes: 0 });
            eintragen(&tx, wer, "import", "netz", &angabe.datei, vorher.as_ref(), Some(angabe), None)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// When the stored network was imported (`None`: no network).
    pub fn netz_stand(&self) -> Result<Option<String>, Speicherfehler> {
        self.mit(|c| Ok(c.query_row("SELECT zeit FROM netz WHERE nr = 1", [], |r| r.get(0)).optional()?))
    }

    /// The stored network: when it was imported, and its bytes (`None`: no network).
    pub fn netz(&self) -> Result<Option<(String, Vec<u8>)>, Speicherfehler> {
        self.mit(|c| {
            Ok(c.query_row("SELECT zeit, daten FROM netz WHERE nr = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })
    }

    /// Removes the network (the service then measures Luftlinie only); `false` when there was
    /// none.
    pub fn netz_entfernen(&self, wer: &str) -> Result<bool, Speicherfehler> {
        self.mit(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let vorher: Option<(String, i64)> =
                tx.query_row("SELECT datei, kanten FROM netz", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
            let Some((datei, kanten)) = vorher else {
                return Ok(false);
            };
            tx.execute("DELETE FROM netz", [])?;
            let vorher = Netzangabe { datei: datei.clone(), kanten: kanten as usize, bytes: 0 };
            eintragen(&tx, wer, "entfernen", "netz", &datei, Some(&vorher), None, None)?;
            tx.commit()?;
            Ok(true)
        })
    }
}

//! The parts of the GeoPackage standard (OGC 12-128r18) the store needs: the required
//! metadata tables, the registration of tables, and the geometry encoding of points.

use rusqlite::{Transaction, params};

/// WGS84 as the GeoPackage standard registers it (Table 21, with the OGC WKT of EPSG:4326).
const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

/// The application id of a GeoPackage file (`GPKG`).
const ANWENDUNG: i32 = 0x4750_4B47;
/// The GeoPackage version in `PRAGMA user_version` (1.2.1 → 10201; GDAL warns on other values).
pub const GPKG_VERSION: i64 = 10_201;

/// Creates the required tables and rows of an empty GeoPackage.
pub fn grundlage(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.pragma_update(None, "application_id", ANWENDUNG)?;
    tx.pragma_update(None, "user_version", GPKG_VERSION)?;
    tx.execute_batch(
        "CREATE TABLE gpkg_spatial_ref_sys (
            srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
            organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
         CREATE TABLE gpkg_contents (
            table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
            description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
            CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
         CREATE TABLE gpkg_geometry_columns (
            table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
            srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));",
    )?;
    let srs = "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    tx.execute(
        srs,
        params![
            "Undefined cartesian SRS",
            -1,
            "NONE",
            -1,
            "undefined",
            "undefined cartesian coordinate reference system"
        ],
    )?;
    tx.execute(
        srs,
        params![
            "Undefined geographic SRS",
            0,
            "NONE",
            0,
            "undefined",
            "undefined geographic coordinate reference system"
        ],
    )?;
    tx.execute(
        srs,
        params![
            "WGS 84 geodetic",
            4326,
            "EPSG",
            4326,
            WGS84_WKT,
            "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"
        ],
    )?;
    Ok(())
}

/// Registers a table in `gpkg_contents` (and its geometry column, in EPSG:4326).
pub fn tabelle_eintragen(
    tx: &Transaction<'_>,
    name: &str,
    art: &str,
    beschreibung: &str,
    geometrie: Option<(&str, &str)>,
) -> rusqlite::Result<()> {
    let srs = geometrie.map(|_| 4326);
    tx.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?1, ?2, ?1, ?3, ?4)",
        params![name, art, beschreibung, srs],
    )?;
    if let Some((spalte, typ)) = geometrie {
        tx.execute("INSERT INTO gpkg_geometry_columns VALUES (?1, ?2, ?3, 4326, 0, 0)", params![name, spalte, typ])?;
    }
    Ok(())
}

/// Records the extent of a point table and the time of its last change in `gpkg_contents`.
pub fn ausdehnung_setzen(tx: &Transaction<'_>, tabelle: &str) -> rusqlite::Result<()> {
    let mut st = tx.prepare(&format!("SELECT geom FROM \"{tabelle}\""))?;
    let mut h: Option<[f64; 4]> = None;
    let mut zeilen = st.query([])?;
    while let Some(r) = zeilen.next()? {
        let g: Vec<u8> = r.get(0)?;
        if let Ok((x, y)) = punkt_lesen(&g) {
            h = Some(match h {
                None => [x, y, x, y],
                Some(b) => [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)],
            });
        }
    }
    let [a, b, c, d] = h.map(|x| x.map(Some)).unwrap_or([None; 4]);
    tx.execute(
        "UPDATE gpkg_contents SET min_x = ?2, min_y = ?3, max_x = ?4, max_y = ?5, \
         last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?1",
        params![tabelle, a, b, c, d],
    )?;
    Ok(())
}

/// A point as GeoPackage geometry: header `GP`, version 0, flags (little endian, no envelope),
/// SRS id 4326, then the WKB point (little endian).
pub fn punkt(x: f64, y: f64) -> Vec<u8> {
    let mut b = Vec::with_capacity(29);
    b.extend_from_slice(b"GP");
    b.push(0);
    b.push(0b0000_0001);
    b.extend_from_slice(&4326i32.to_le_bytes());
    b.push(1);
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&x.to_le_bytes());
    b.extend_from_slice(&y.to_le_bytes());
    b
}

/// Reads a GeoPackage point (any byte order, with or without envelope).
pub fn punkt_lesen(b: &[u8]) -> Result<(f64, f64), String> {
    if b.len() < 8 || &b[..2] != b"GP" {
        return Err("keine GeoPackage-Geometrie".into());
    }
    let flags = b[3];
    let umschlag = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return Err("unbekannte Hüllenart".into()),
    };
    let wkb = b.get(8 + umschlag..).ok_or("Geometrie zu kurz")?;
    if wkb.len() < 21 {
        return Err("Punkt zu kurz".into());
    }
    let le = wkb[0] == 1;
    let u32_aus = |s: &[u8]| {
        let a = [s[0], s[1], s[2], s[3]];
        if le { u32::from_le_bytes(a) } else { u32::from_be_bytes(a) }
    };
    let f64_aus = |s: &[u8]| {
        let mut a = [0u8; 8];
        a.copy_from_slice(&s[..8]);
        if le { f64::from_le_bytes(a) } else { f64::from_be_bytes(a) }
    };
    if u32_aus(&wkb[1..5]) != 1 {
        return Err("keine Punktgeometrie".into());
    }
    Ok((f64_aus(&wkb[5..13]), f64_aus(&wkb[13..21])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_reads_back_as_written() {
        let b = punkt(8.3512, 50.6021);
        assert_eq!(b.len(), 29);
        assert_eq!(punkt_lesen(&b), Ok((8.3512, 50.6021)));
        assert!(punkt_lesen(b"XY").is_err());
    }
}

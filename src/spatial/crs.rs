//! PROJ-backed coordinate transformations.
//!
//! `proj::Proj` is neither `Send` nor `Sync`, so a [`Transformation`] lives on one thread. The
//! hot path (WGS84 → EPSG:25832 for query points) uses one cached transformation per thread.

use std::cell::RefCell;

use geo::MultiPolygon;
use proj::Proj;

use super::{LonLat, UTM32, Utm32, WGS84};
use crate::error::{Error, Result};

/// A transformation between two CRSs, with axis order normalised to (easting/longitude,
/// northing/latitude) whatever the CRS definitions say.
pub struct Transformation {
    proj: Proj,
    von: String,
    nach: String,
}

impl Transformation {
    /// Sets up a transformation, e.g. `Transformation::neu("EPSG:31467", "EPSG:25832")`.
    pub fn neu(von: &str, nach: &str) -> Result<Self> {
        let proj = Proj::new_known_crs(von, nach, None).map_err(|e| Error::Crs {
            von: von.into(),
            nach: nach.into(),
            grund: e.to_string(),
        })?;
        Ok(Self { proj, von: von.into(), nach: nach.into() })
    }

    /// Transforms one coordinate pair (x = easting/longitude, y = northing/latitude).
    pub fn punkt(&self, x: f64, y: f64) -> Result<(f64, f64)> {
        let (tx, ty) = self.proj.convert((x, y)).map_err(|e| self.fehler(e.to_string()))?;
        if tx.is_finite() && ty.is_finite() {
            Ok((tx, ty))
        } else {
            Err(self.fehler(format!("Punkt ({x}, {y}) liegt außerhalb des Gültigkeitsbereichs")))
        }
    }

    /// Transforms many coordinate pairs in place with one call into PROJ.
    pub fn punkte(&self, p: &mut [(f64, f64)]) -> Result<()> {
        self.proj.convert_array(p).map_err(|e| self.fehler(e.to_string()))?;
        match p.iter().find(|(x, y)| !x.is_finite() || !y.is_finite()) {
            Some(_) => Err(self.fehler("mindestens ein Punkt liegt außerhalb des Gültigkeitsbereichs".into())),
            None => Ok(()),
        }
    }

    /// Transforms every vertex of a multipolygon (ring by ring, one PROJ call per ring).
    pub fn multipolygon(&self, mp: &MultiPolygon<f64>) -> Result<MultiPolygon<f64>> {
        let ring = |r: &geo::LineString<f64>| -> Result<geo::LineString<f64>> {
            let mut v: Vec<(f64, f64)> = r.0.iter().map(|c| (c.x, c.y)).collect();
            self.punkte(&mut v)?;
            Ok(geo::LineString(v.into_iter().map(|(x, y)| geo::coord! { x: x, y: y }).collect()))
        };
        mp.0.iter()
            .map(|p| Ok(geo::Polygon::new(ring(p.exterior())?, p.interiors().iter().map(ring).collect::<Result<_>>()?)))
            .collect::<Result<Vec<_>>>()
            .map(MultiPolygon)
    }

    fn fehler(&self, grund: String) -> Error {
        Error::Crs { von: self.von.clone(), nach: self.nach.clone(), grund }
    }
}

/// Transforms points `von` → `nach` in place, in parallel (one PROJ context per chunk, as
/// PROJ objects may not cross threads).
pub fn punkte_umrechnen(von: &str, nach: &str, punkte: &mut [[f64; 2]]) -> Result<()> {
    use rayon::prelude::*;
    Transformation::neu(von, nach)?;
    punkte.par_chunks_mut(1 << 16).try_for_each(|teil| {
        let t = Transformation::neu(von, nach)?;
        let mut v: Vec<(f64, f64)> = teil.iter().map(|p| (p[0], p[1])).collect();
        t.punkte(&mut v)?;
        for (p, (x, y)) in teil.iter_mut().zip(v) {
            *p = [x, y];
        }
        Ok(())
    })
}

thread_local! {
    static WGS84_NACH_UTM32: RefCell<Option<Transformation>> = const { RefCell::new(None) };
    static UTM32_NACH_WGS84: RefCell<Option<Transformation>> = const { RefCell::new(None) };
}

/// Transforms (lon, lat) pairs to EPSG:25832 in place, with a transformation cached per thread.
pub fn lonlat_nach_utm32(punkte: &mut [(f64, f64)]) -> Result<()> {
    mit_transformation(&WGS84_NACH_UTM32, WGS84, UTM32, |t| t.punkte(punkte))
}

/// A WGS84 (lon, lat) multipolygon in EPSG:25832, with a transformation cached per thread.
pub fn multipolygon_nach_utm32(mp: &MultiPolygon<f64>) -> Result<MultiPolygon<f64>> {
    mit_transformation(&WGS84_NACH_UTM32, WGS84, UTM32, |t| t.multipolygon(mp))
}

/// Transforms EPSG:25832 pairs to (lon, lat) in place, with a transformation cached per thread.
pub fn utm32_nach_lonlat(punkte: &mut [(f64, f64)]) -> Result<()> {
    mit_transformation(&UTM32_NACH_WGS84, UTM32, WGS84, |t| t.punkte(punkte))
}

fn mit_transformation<T>(
    zelle: &'static std::thread::LocalKey<RefCell<Option<Transformation>>>,
    von: &str,
    nach: &str,
    f: impl FnOnce(&Transformation) -> Result<T>,
) -> Result<T> {
    zelle.with(|z| {
        let mut z = z.borrow_mut();
        if z.is_none() {
            *z = Some(Transformation::neu(von, nach)?);
        }
        match z.as_ref() {
            Some(t) => f(t),
            None => Err(Error::Crs { von: von.into(), nach: nach.into(), grund: "nicht eingerichtet".into() }),
        }
    })
}

/// WGS84 lon/lat → EPSG:25832, with a transformation cached per thread.
pub fn utm32_von_lonlat(p: LonLat) -> Result<Utm32> {
    mit_transformation(&WGS84_NACH_UTM32, WGS84, UTM32, |t| t.punkt(p.lon, p.lat).map(|(x, y)| Utm32 { x, y }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference values from PROJ 9.1.1's command line tool, run independently:
    /// `echo "50.55 8.5" | cs2cs -f %.4f EPSG:4326 EPSG:25832` → `464577.0059 5599904.4792`.
    #[test]
    fn a_point_near_wetzlar_matches_cs2cs_within_a_centimetre() {
        let u = utm32_von_lonlat(LonLat { lon: 8.5, lat: 50.55 }).unwrap();
        assert!((u.x - 464_577.005_9).abs() < 0.01, "x = {}", u.x);
        assert!((u.y - 5_599_904.479_2).abs() < 0.01, "y = {}", u.y);
    }

    #[test]
    fn an_unknown_crs_is_an_error_not_a_panic() {
        let e = Transformation::neu("EPSG:999999", UTM32).err().unwrap();
        assert!(e.to_string().contains("EPSG:999999"));
    }
}

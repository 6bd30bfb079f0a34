//! The coordinate reference systems of output and query windows, one vocabulary for the OGC
//! API, the exports and `bbox`: WGS84 longitude/latitude (OGC CRS84), WGS84 latitude/longitude
//! (EPSG:4326 in the axis order of its definition) and ETRS89 / UTM 32N (EPSG:25832, metres).

use super::lonlat_nach_utm32;
use crate::error::Result;

const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const EPSG4326: &str = "http://www.opengis.net/def/crs/EPSG/0/4326";
const EPSG25832: &str = "http://www.opengis.net/def/crs/EPSG/0/25832";

/// An output or window CRS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crs {
    /// WGS84 longitude, latitude (degrees).
    Crs84,
    /// WGS84 latitude, longitude (degrees).
    Epsg4326,
    /// ETRS89 / UTM 32N easting, northing (metres).
    Epsg25832,
}

impl Crs {
    /// Every CRS, in the order documents list them.
    pub const ALLE: [Crs; 3] = [Crs::Crs84, Crs::Epsg4326, Crs::Epsg25832];

    /// The URI of the CRS.
    pub fn uri(self) -> &'static str {
        match self {
            Crs::Crs84 => CRS84,
            Crs::Epsg4326 => EPSG4326,
            Crs::Epsg25832 => EPSG25832,
        }
    }

    /// Reads a CRS URI (`http` or `https`) or short form (`EPSG:25832`, `OGC:CRS84`, `CRS84`);
    /// the German message lists what is possible.
    pub fn lesen(t: &str) -> std::result::Result<Crs, String> {
        let t = t.trim().replace("https://", "http://");
        match t.as_str() {
            CRS84 | "OGC:CRS84" | "CRS84" => Ok(Crs::Crs84),
            EPSG4326 | "EPSG:4326" => Ok(Crs::Epsg4326),
            EPSG25832 | "EPSG:25832" => Ok(Crs::Epsg25832),
            _ => Err(format!("„{t}“ wird nicht unterstützt; möglich: {CRS84}, {EPSG4326}, {EPSG25832}")),
        }
    }

    /// True for a projected CRS (metres).
    pub fn metrisch(self) -> bool {
        self == Crs::Epsg25832
    }

    /// The order of the four numbers of a window, in German, for messages.
    pub fn reihenfolge(self) -> &'static str {
        match self {
            Crs::Crs84 => "westl. Länge, südl. Breite, östl. Länge, nördl. Breite (WGS84), z. B. 8.3,50.5,8.6,50.7",
            Crs::Epsg4326 => "südl. Breite, westl. Länge, nördl. Breite, östl. Länge (EPSG:4326)",
            Crs::Epsg25832 => "Rechtswert min, Hochwert min, Rechtswert max, Hochwert max in Metern (EPSG:25832)",
        }
    }

    /// (lon, lat) pairs into this CRS, in place.
    pub fn von_lonlat(self, punkte: &mut [(f64, f64)]) -> Result<()> {
        match self {
            Crs::Crs84 => Ok(()),
            Crs::Epsg4326 => {
                for p in punkte.iter_mut() {
                    *p = (p.1, p.0);
                }
                Ok(())
            }
            Crs::Epsg25832 => lonlat_nach_utm32(punkte),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_and_https_uris_name_the_same_crs() {
        assert_eq!(Crs::lesen("EPSG:25832"), Ok(Crs::Epsg25832));
        assert_eq!(Crs::lesen("https://www.opengis.net/def/crs/OGC/1.3/CRS84"), Ok(Crs::Crs84));
        assert!(Crs::lesen("EPSG:3857").is_err());
        let mut p = [(8.5, 50.6)];
        Crs::Epsg4326.von_lonlat(&mut p).unwrap();
        assert_eq!(p, [(50.6, 8.5)]);
    }
}

//! Coordinate spaces and transformations.
//!
//! Two spaces flow through the service: WGS84 longitude/latitude ([`LonLat`], what browsers and
//! GeoJSON speak) and ETRS89 / UTM zone 32N, EPSG:25832 ([`Utm32`], metres, where every
//! distance and area is computed). Only this module talks to PROJ. [`Flaechenindex`] and
//! [`Punktraster`] are the grid indices of the batch pipeline.

mod ausschnitt;
mod bezug;
mod crs;
mod gueltig;
mod raster;

pub use ausschnitt::{Ausschnitt, MAX_BBOX_BETRAG};
pub use bezug::Crs;
pub use crs::{
    Transformation, lonlat_nach_utm32, multipolygon_nach_utm32, punkte_umrechnen, utm32_nach_lonlat, utm32_von_lonlat,
};
pub use gueltig::gerundet_gueltig;
pub use raster::{Flaechenindex, Punktraster};

/// EPSG code of the metric working CRS.
pub const UTM32: &str = "EPSG:25832";
/// EPSG code of geographic WGS84 (used with lon, lat axis order here).
pub const WGS84: &str = "EPSG:4326";

/// A WGS84 position, longitude and latitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LonLat {
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}

/// A position in ETRS89 / UTM 32N (EPSG:25832): easting and northing in metres.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Utm32 {
    /// Easting, metres.
    pub x: f64,
    /// Northing, metres.
    pub y: f64,
}

impl Utm32 {
    /// Euclidean distance in metres.
    pub fn abstand(self, o: Utm32) -> f64 {
        (self.x - o.x).hypot(self.y - o.y)
    }

    /// As an array, the point type of the R-trees.
    pub fn xy(self) -> [f64; 2] {
        [self.x, self.y]
    }
}

/// Rough bounding box of Germany in WGS84, used to recognise swapped or projected coordinates.
pub const DEUTSCHLAND_LON: (f64, f64) = (5.5, 15.5);
/// See [`DEUTSCHLAND_LON`].
pub const DEUTSCHLAND_LAT: (f64, f64) = (47.0, 55.5);

/// What is wrong with a coordinate pair that should be WGS84 lon/lat in Germany.
pub fn lonlat_pruefen(lon: f64, lat: f64) -> Result<LonLat, String> {
    let in_de = |lon: f64, lat: f64| {
        (DEUTSCHLAND_LON.0..=DEUTSCHLAND_LON.1).contains(&lon) && (DEUTSCHLAND_LAT.0..=DEUTSCHLAND_LAT.1).contains(&lat)
    };
    if !lon.is_finite() || !lat.is_finite() {
        return Err("Koordinate ist keine endliche Zahl".into());
    }
    if lon.abs() > 180.0 || lat.abs() > 90.0 {
        return Err(format!(
            "Koordinate ({lon}, {lat}) liegt außerhalb des Wertebereichs von WGS84 (Länge ±180°, Breite ±90°); \
             sieht nach projizierten Koordinaten (z. B. EPSG:25832 in Metern) aus – erwartet sind Längen- und \
             Breitengrade (EPSG:4326)"
        ));
    }
    if in_de(lon, lat) {
        return Ok(LonLat { lon, lat });
    }
    if in_de(lat, lon) {
        return Err(format!(
            "Koordinate ({lon}, {lat}) sieht vertauscht aus: Länge und Breite wurden wohl verwechselt \
             (erwartet: Länge ≈ 8,4, Breite ≈ 50,6 für den Lahn-Dill-Kreis)"
        ));
    }
    Err(format!("Koordinate (Länge {lon}, Breite {lat}) liegt nicht in Deutschland"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_in_wetzlar_is_accepted() {
        assert_eq!(lonlat_pruefen(8.5, 50.55), Ok(LonLat { lon: 8.5, lat: 50.55 }));
    }

    #[test]
    fn swapped_lat_lon_is_recognised() {
        assert!(lonlat_pruefen(50.55, 8.5).unwrap_err().contains("vertauscht"));
    }

    #[test]
    fn projected_metres_are_recognised() {
        assert!(lonlat_pruefen(464577.0, 5599904.0).unwrap_err().contains("projizierten"));
    }

    #[test]
    fn a_point_far_away_is_named_as_such() {
        assert!(lonlat_pruefen(-74.0, 40.7).unwrap_err().contains("nicht in Deutschland"));
        assert!(lonlat_pruefen(f64::NAN, 50.0).is_err());
    }

    #[test]
    fn distance_is_euclidean_metres() {
        let a = Utm32 { x: 0.0, y: 0.0 };
        assert_eq!(a.abstand(Utm32 { x: 3.0, y: 4.0 }), 5.0);
    }
}

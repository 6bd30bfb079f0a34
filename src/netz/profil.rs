//! The travel profiles and the OpenStreetMap tag rules that decide which way each may use, in
//! which direction and how fast. The README states the same rules; the network tests check
//! them against an independent implementation.

use serde::{Deserialize, Serialize};

/// How people travel on the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profil {
    /// On foot, 4.5 km/h, every allowed way in both directions.
    Fuss,
    /// By bicycle, 15 km/h, one-way streets respected unless open to bicycles.
    Rad,
    /// By car, at the speed limit or the speed of the road class.
    Auto,
}

impl Profil {
    /// All profiles in the order of their bits.
    pub const ALLE: [Profil; 3] = [Profil::Fuss, Profil::Rad, Profil::Auto];

    /// The id used in parameters (`fuss`, `rad`, `auto`).
    pub fn id(self) -> &'static str {
        match self {
            Profil::Fuss => "fuss",
            Profil::Rad => "rad",
            Profil::Auto => "auto",
        }
    }

    /// German name.
    pub fn bezeichnung(self) -> &'static str {
        match self {
            Profil::Fuss => "zu Fuß",
            Profil::Rad => "mit dem Rad",
            Profil::Auto => "mit dem Auto",
        }
    }

    /// The profile with this id.
    pub fn aus_id(id: &str) -> Option<Profil> {
        Profil::ALLE.into_iter().find(|p| p.id() == id)
    }

    /// Position (0, 1, 2).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The fixed speed in km/h of walking and cycling; `None` for the car (speed per way).
    pub fn kmh(self) -> Option<f64> {
        match self {
            Profil::Fuss => Some(FUSS_KMH),
            Profil::Rad => Some(RAD_KMH),
            Profil::Auto => None,
        }
    }
}

/// Walking speed in km/h.
pub const FUSS_KMH: f64 = 4.5;
/// Cycling speed in km/h.
pub const RAD_KMH: f64 = 15.0;

/// Way classes (`highway=*`) open to walking; cycling uses the same without `steps` and
/// `footway` (unless `bicycle=yes|designated`).
pub const FUSS_KLASSEN: [&str; 18] = [
    "primary",
    "primary_link",
    "secondary",
    "secondary_link",
    "tertiary",
    "tertiary_link",
    "unclassified",
    "residential",
    "living_street",
    "service",
    "track",
    "path",
    "footway",
    "pedestrian",
    "steps",
    "cycleway",
    "bridleway",
    "road",
];

/// Way classes open to cars with the speed (km/h) used where `maxspeed` gives none.
pub const AUTO_KLASSEN: [(&str, f64); 14] = [
    ("motorway", 120.0),
    ("motorway_link", 60.0),
    ("trunk", 100.0),
    ("trunk_link", 60.0),
    ("primary", 80.0),
    ("primary_link", 60.0),
    ("secondary", 70.0),
    ("secondary_link", 50.0),
    ("tertiary", 60.0),
    ("tertiary_link", 40.0),
    ("unclassified", 50.0),
    ("residential", 30.0),
    ("living_street", 7.0),
    ("service", 15.0),
];

/// Which directions of a way a profile may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Richtungen {
    /// Along the way's node order.
    pub vor: bool,
    /// Against it.
    pub rueck: bool,
}

impl Richtungen {
    const BEIDE: Richtungen = Richtungen { vor: true, rueck: true };
    const KEINE: Richtungen = Richtungen { vor: false, rueck: false };

    /// True when the way is usable at all.
    pub fn irgendeine(self) -> bool {
        self.vor || self.rueck
    }
}

/// What the tags of one way allow: per profile the directions, and the car's speed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Zulassung {
    /// Indexed by [`Profil::index`].
    pub richtungen: [Richtungen; 3],
    /// Speed of a car in km/h (0 where cars may not go).
    pub auto_kmh: f64,
}

impl Zulassung {
    /// True when at least one profile may use the way.
    pub fn routbar(&self) -> bool {
        self.richtungen.iter().any(|r| r.irgendeine())
    }
}

fn eins_von(wert: Option<&str>, werte: &[&str]) -> bool {
    wert.is_some_and(|w| werte.contains(&w))
}

/// The directions a one-way rule leaves (`oneway=yes|true|1`: along; `-1|reverse`: against;
/// without the tag, roundabouts and motorways are one-way along).
fn einbahn<'a>(tag: &impl Fn(&str) -> Option<&'a str>, highway: &str) -> Richtungen {
    match tag("oneway") {
        Some("yes" | "true" | "1") => Richtungen { vor: true, rueck: false },
        Some("-1" | "reverse") => Richtungen { vor: false, rueck: true },
        Some(_) => Richtungen::BEIDE,
        None if eins_von(tag("junction"), &["roundabout", "circular"])
            || highway == "motorway"
            || highway == "motorway_link" =>
        {
            Richtungen { vor: true, rueck: false }
        }
        None => Richtungen::BEIDE,
    }
}

/// The speed limit in km/h from `maxspeed` (numbers, `… mph`, the German zone and road-type
/// values); `None` where it gives no usable number.
pub fn hoechstgeschwindigkeit(wert: &str) -> Option<f64> {
    let w = wert.trim();
    let zahl = match w {
        "DE:urban" => Some(50.0),
        "DE:rural" => Some(100.0),
        "DE:motorway" | "none" => Some(130.0),
        "DE:living_street" | "walk" => Some(7.0),
        _ => {
            let rest = w.strip_prefix("DE:zone:").or_else(|| w.strip_prefix("DE:zone")).unwrap_or(w);
            match rest.strip_suffix("mph") {
                Some(m) => m.trim().parse::<f64>().ok().map(|v| v * 1.609_344),
                None => rest.trim().parse::<f64>().ok(),
            }
        }
    };
    zahl.filter(|v| v.is_finite() && *v > 0.0)
}

/// What a way with these tags allows (`tag(key)` gives the value of a key).
///
/// - **fuss**: `highway` in [`FUSS_KLASSEN`]; not where `foot=no|private`, nor where
///   `access=no|private` unless `foot=yes|designated|permissive`; both directions.
/// - **rad**: the same classes without `steps` and `footway` unless `bicycle=yes|designated`;
///   not where `bicycle=no|private`, nor where `access=no|private` unless
///   `bicycle=yes|designated|permissive`; one-way rules unless `oneway:bicycle=no`.
/// - **auto**: the classes of [`AUTO_KLASSEN`]; not where `motor_vehicle=no|private` (or
///   `motorcar`), nor where `access=no|private` unless `motor_vehicle`/`motorcar` is
///   `yes|designated|permissive|destination`; one-way rules; speed from `maxspeed`, else the
///   class's speed.
pub fn zulassung<'a>(tag: impl Fn(&str) -> Option<&'a str>) -> Zulassung {
    let Some(highway) = tag("highway") else {
        return Zulassung::default();
    };
    let access_zu = eins_von(tag("access"), &["no", "private"]);
    let mut z = Zulassung::default();

    let foot = tag("foot");
    if FUSS_KLASSEN.contains(&highway)
        && !eins_von(foot, &["no", "private"])
        && (!access_zu || eins_von(foot, &["yes", "designated", "permissive"]))
    {
        z.richtungen[Profil::Fuss.index()] = Richtungen::BEIDE;
    }

    let bicycle = tag("bicycle");
    let rad_klasse = FUSS_KLASSEN.contains(&highway)
        && (!matches!(highway, "steps" | "footway") || eins_von(bicycle, &["yes", "designated"]));
    if rad_klasse
        && !eins_von(bicycle, &["no", "private"])
        && (!access_zu || eins_von(bicycle, &["yes", "designated", "permissive"]))
    {
        z.richtungen[Profil::Rad.index()] =
            if tag("oneway:bicycle") == Some("no") { Richtungen::BEIDE } else { einbahn(&tag, highway) };
    }

    if let Some((_, klasse_kmh)) = AUTO_KLASSEN.iter().find(|(k, _)| *k == highway) {
        let kfz = tag("motor_vehicle").or_else(|| tag("motorcar"));
        if !eins_von(kfz, &["no", "private"])
            && (!access_zu || eins_von(kfz, &["yes", "designated", "permissive", "destination"]))
        {
            let r = einbahn(&tag, highway);
            if r != Richtungen::KEINE {
                z.richtungen[Profil::Auto.index()] = r;
                z.auto_kmh = tag("maxspeed").and_then(hoechstgeschwindigkeit).unwrap_or(*klasse_kmh);
            }
        }
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mit<'a>(tags: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> {
        move |k| tags.iter().find(|(kk, _)| *kk == k).map(|(_, v)| *v)
    }

    #[test]
    fn a_footway_is_for_walking_only_unless_bicycles_are_allowed() {
        let z = zulassung(mit(&[("highway", "footway")]));
        assert_eq!(z.richtungen, [Richtungen::BEIDE, Richtungen::KEINE, Richtungen::KEINE]);
        let z = zulassung(mit(&[("highway", "footway"), ("bicycle", "designated")]));
        assert_eq!(z.richtungen[1], Richtungen::BEIDE);
    }

    #[test]
    fn private_access_is_closed_unless_the_profile_is_allowed() {
        let z = zulassung(mit(&[("highway", "service"), ("access", "private")]));
        assert!(!z.routbar());
        let z = zulassung(mit(&[("highway", "service"), ("access", "private"), ("foot", "yes")]));
        assert_eq!(z.richtungen, [Richtungen::BEIDE, Richtungen::KEINE, Richtungen::KEINE]);
    }

    #[test]
    fn one_way_streets_bind_cars_and_bicycles_but_not_walkers() {
        let z = zulassung(mit(&[("highway", "residential"), ("oneway", "yes")]));
        let vor = Richtungen { vor: true, rueck: false };
        assert_eq!(z.richtungen, [Richtungen::BEIDE, vor, vor]);
        assert_eq!(z.auto_kmh, 30.0);
        let z = zulassung(mit(&[("highway", "residential"), ("oneway", "-1"), ("oneway:bicycle", "no")]));
        assert_eq!(z.richtungen[1], Richtungen::BEIDE);
        assert_eq!(z.richtungen[2], Richtungen { vor: false, rueck: true });
    }

    #[test]
    fn tracks_are_not_for_cars_and_motorways_not_for_walkers() {
        let z = zulassung(mit(&[("highway", "track")]));
        assert!(z.richtungen[0].irgendeine() && !z.richtungen[2].irgendeine());
        let z = zulassung(mit(&[("highway", "motorway"), ("maxspeed", "none")]));
        assert_eq!(z.richtungen, [Richtungen::KEINE, Richtungen::KEINE, Richtungen { vor: true, rueck: false }]);
        assert_eq!(z.auto_kmh, 130.0);
    }

    #[test]
    fn speed_limits_are_read_in_their_common_forms() {
        assert_eq!(hoechstgeschwindigkeit("70"), Some(70.0));
        assert_eq!(hoechstgeschwindigkeit("DE:zone:30"), Some(30.0));
        assert_eq!(hoechstgeschwindigkeit("DE:zone30"), Some(30.0));
        assert_eq!(hoechstgeschwindigkeit("DE:rural"), Some(100.0));
        assert!((hoechstgeschwindigkeit("30 mph").unwrap() - 48.280_32).abs() < 1e-9);
        assert_eq!(hoechstgeschwindigkeit("signals"), None);
        assert_eq!(hoechstgeschwindigkeit("0"), None);
    }
}

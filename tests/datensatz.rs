//! The embedded Lahn-Dill data set, checked against independent sources: the raw open data
//! in geodata/raw, PROJ's cs2cs, and brute-force scans.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use common::{atlas, cs2cs, csv_zeilen, rohdaten};
use sozialraum::model::{Ags, Zielgruppe};
use sozialraum::spatial::{LonLat, Transformation, utm32_von_lonlat};

#[test]
fn the_kreis_has_23_kommunen_with_251972_inhabitants() {
    let a = atlas();
    assert_eq!(a.kommunen.len(), 23);
    assert_eq!(a.einwohner_gesamt(), 251_972);
    assert_eq!(a.kreis, "06532");
}

#[test]
fn every_kommune_has_the_zensus_2022_figure_of_the_raw_table() {
    let a = atlas();
    let roh = csv_zeilen(&rohdaten().join("zensus2022-gemeinden/lahn-dill_zensus2022_bevoelkerung.csv"));
    assert_eq!(roh.len(), 23);
    for z in roh {
        let ags: Ags = z["ags"].parse().unwrap();
        let k = &a.kommunen[a.kommune_index(&ags).unwrap()];
        assert_eq!(k.einwohner, z["population_2022_05_15"].parse::<u64>().unwrap(), "{}", k.name);
    }
}

#[test]
fn wetzlar_has_its_own_jugendamt_and_no_region() {
    let a = atlas();
    let wetzlar = a.kommune_index(&"06532023".parse().unwrap()).unwrap();
    assert!(a.kommunen[wetzlar].jugendamt.contains("Wetzlar"));
    let andere = a.kommunen.iter().filter(|k| k.jugendamt == a.kommunen[0].jugendamt).count();
    assert_eq!(andere, 22);
    let s = a.regionsschema(None).unwrap();
    assert!(s.beispiel);
    assert_eq!(s.zuordnung[wetzlar], None);
}

#[test]
fn the_example_regions_are_those_of_the_domain_notes() {
    let a = atlas();
    let s = a.regionsschema(Some("beispiel")).unwrap();
    let erwartet = [
        ("Nord-West", "Haiger, Dietzhölztal, Eschenburg, Dillenburg, Breitscheid"),
        ("Nord-Ost", "Herborn, Siegbach, Mittenaar, Bischoffen, Sinn, Driedorf, Greifenstein"),
        ("Süd-West", "Ehringshausen, Leun, Solms, Braunfels, Schöffengrund, Waldsolms"),
        ("Süd-Ost", "Aßlar, Hohenahr, Lahnau, Hüttenberg"),
    ];
    assert_eq!(s.regionen.len(), 4);
    for (region, namen) in erwartet {
        let ri = s.regionen.iter().position(|r| r == region).unwrap();
        let mut ist: Vec<&str> = a
            .kommunen
            .iter()
            .zip(&s.zuordnung)
            .filter(|(_, r)| **r == Some(ri))
            .map(|(k, _)| k.name.as_str())
            .collect();
        let mut soll: Vec<&str> = namen.split(", ").collect();
        ist.sort_unstable();
        soll.sort_unstable();
        assert_eq!(ist, soll, "{region}");
    }
}

#[test]
fn kommune_areas_add_up_to_the_kreis_area_of_about_1066_km2() {
    let a = atlas();
    let summe: f64 = a.kommunen.iter().map(|k| k.flaeche_km2).sum();
    // Destatis GV-ISys gives 1,066.3 km² for the Kreis; the generalised BKG boundaries differ slightly.
    let roh = csv_zeilen(&rohdaten().join("destatis-gemeindeverzeichnis-2019/lahn-dill_gv100_31122019.csv"));
    let amtlich: f64 = roh.iter().map(|z| z["area_km2"].parse::<f64>().unwrap()).sum();
    assert!((summe - amtlich).abs() / amtlich < 0.01, "{summe} vs {amtlich}");
}

#[test]
fn every_school_lies_in_the_kommune_its_record_names() {
    let a = atlas();
    let roh = csv_zeilen(&rohdaten().join("jedeschule-hessen-schulen/lahn-dill_schulen.csv"));
    let mit_lage: Vec<_> = roh.iter().filter(|z| !z["lon"].is_empty()).collect();
    assert_eq!(mit_lage.len(), 88);
    for z in mit_lage {
        let lon: f64 = z["lon"].parse().unwrap();
        let lat: f64 = z["lat"].parse().unwrap();
        let p = utm32_von_lonlat(LonLat { lon, lat }).unwrap();
        let k = a.kommune_an(p).unwrap_or_else(|| panic!("{} liegt außerhalb", z["name"]));
        assert_eq!(a.kommunen[k].ags.to_string(), z["ags"], "{}", z["name"]);
    }
    assert_eq!(a.angebote.iter().filter(|x| x.kategorie == "schule").count(), 88);
}

#[test]
fn every_seat_point_lies_in_its_own_kommune() {
    let a = atlas();
    for (i, k) in a.kommunen.iter().enumerate() {
        assert_eq!(a.kommune_an(k.sitz_utm), Some(i), "{}", k.name);
    }
}

#[test]
fn the_example_familienzentren_are_flagged_and_sit_in_twelve_different_kommunen() {
    let a = atlas();
    let fz: Vec<_> = a.angebote.iter().filter(|x| x.kategorie == "familienzentrum").collect();
    assert_eq!(fz.len(), 12);
    assert!(fz.iter().all(|x| x.beispiel));
    let mut ags: Vec<Ags> = fz.iter().map(|x| x.ags).collect();
    ags.dedup();
    assert_eq!(ags.len(), 12);
    assert!(a.angebote.iter().filter(|x| x.kategorie == "schule").all(|x| !x.beispiel));
}

#[test]
fn a_wgs84_point_is_reprojected_like_cs2cs_does_within_a_centimetre() {
    for (lon, lat) in [(8.5, 50.55), (8.18, 50.75), (8.66, 50.42)] {
        let ours = utm32_von_lonlat(LonLat { lon, lat }).unwrap();
        // cs2cs with EPSG:4326 expects latitude first.
        let (x, y) = cs2cs("EPSG:4326", "EPSG:25832", lat, lon);
        assert!((ours.x - x).abs() < 0.01 && (ours.y - y).abs() < 0.01, "{ours:?} vs ({x}, {y})");
    }
}

#[test]
fn a_gauss_krueger_point_is_reprojected_like_cs2cs_does() {
    let t = Transformation::neu("EPSG:31467", "EPSG:25832").unwrap();
    // Easting 3,460,000, northing 5,600,000 (near Wetzlar); EPSG:31467 lists northing first for cs2cs.
    let (x, y) = t.punkt(3_460_000.0, 5_600_000.0).unwrap();
    let (cx, cy) = cs2cs("EPSG:31467", "EPSG:25832", 5_600_000.0, 3_460_000.0);
    assert!((x - cx).abs() < 0.01 && (y - cy).abs() < 0.01, "({x}, {y}) vs ({cx}, {cy})");
    // Sanity: DHDN → ETRS89 shifts by about 100 m, not kilometres.
    assert!((x - 460_000.0).abs() < 200.0 && (y - 5_598_200.0).abs() < 200.0);
}

#[test]
fn the_rescaled_surface_sums_to_each_kommunes_population() {
    let a = atlas();
    for (i, k) in a.kommunen.iter().enumerate() {
        let s = a.bevoelkerung.summe(Zielgruppe::Einwohner, i);
        assert!((s - k.einwohner as f64).abs() < 1e-6 * k.einwohner as f64, "{}: {s}", k.name);
        // Under-18s and under-10s are scaled by the same factor as all inhabitants.
        let b = &a.bevoelkerung.bilanz[i];
        let u18 = a.bevoelkerung.summe(Zielgruppe::Unter18, i);
        let u10 = a.bevoelkerung.summe(Zielgruppe::Unter10, i);
        assert!((u18 - b.raster_unter18 * b.faktor).abs() < 1e-6 * u18, "{}", k.name);
        assert!((u10 - b.raster_unter10 * b.faktor).abs() < 1e-6 * u10.max(1.0), "{}", k.name);
        assert!(u18 < s && u10 < u18, "{}", k.name);
    }
}

#[test]
fn the_grid_split_by_area_matches_the_share_in_kreis_of_the_raw_data() {
    // The raw file carries each 1 km cell's share inside the Kreis, computed by its
    // publisher with other tools; Σ inhabitants × share must match our area split.
    let a = atlas();
    let roh = csv_zeilen(&rohdaten().join("zensus2011-grid/lahn-dill_zensus2011_1km.csv"));
    let erwartet: f64 = roh
        .iter()
        .map(|z| (z["Einwohner"].parse::<f64>().unwrap(), z["share_in_kreis"].parse::<f64>().unwrap()))
        .filter(|(e, _)| *e > 0.0)
        .map(|(e, s)| e * s)
        .sum();
    let ours: f64 = a.bevoelkerung.bilanz.iter().map(|b| b.raster_einwohner).sum();
    assert!((ours - erwartet).abs() / erwartet < 0.002, "{ours} vs {erwartet}");
}

#[test]
fn under_ten_cells_sum_per_kommune_like_the_raw_file() {
    let a = atlas();
    let roh = csv_zeilen(&rohdaten().join("zensus2011-grid/lahn-dill_zensus2011_100m_unter10.csv"));
    let mut summe: BTreeMap<String, f64> = BTreeMap::new();
    for z in &roh {
        *summe.entry(z["ags"].clone()).or_default() += z["age_under_10"].parse::<f64>().unwrap();
    }
    for (i, k) in a.kommunen.iter().enumerate() {
        assert_eq!(a.bevoelkerung.bilanz[i].raster_unter10, summe[&k.ags.to_string()], "{}", k.name);
    }
}

#[test]
fn indicators_carry_every_year_of_the_raw_inkar_file() {
    let a = atlas();
    let roh = csv_zeilen(&rohdaten().join("inkar-bbsr/lahn-dill_inkar_long.csv"));
    for (id, kuerzel) in [
        ("kinderarmut", "q_newfBGu15_bev"),
        ("bg_mit_kindern", "a_BGKind"),
        ("alleinerziehende", "a_ewfBG_allein"),
        ("bevoelkerungsdichte", "q_bev_fl"),
    ] {
        let i = a.indikatoren.iter().find(|i| i.id == id).unwrap();
        let roh_i: Vec<_> = roh.iter().filter(|z| z["kuerzel"] == kuerzel).collect();
        assert_eq!(i.werte.len(), roh_i.len(), "{id}");
        for z in roh_i {
            let w = i
                .werte
                .iter()
                .find(|w| w.ags.to_string() == z["kennziffer"] && w.jahr.to_string() == z["zeitbezug"])
                .unwrap();
            assert_eq!(w.wert, z["value"].parse::<f64>().unwrap());
        }
        assert!(!i.quelle.is_empty() && !i.masseinheit.is_empty() && !i.definition.is_empty());
    }
}

/// Every file of the project that a user's clone has (sources, tests, tools, build files, docs),
/// without build output, caches and installed packages.
fn projektdateien(dir: &std::path::Path, aus: &mut Vec<std::path::PathBuf>) {
    for eintrag in std::fs::read_dir(dir).unwrap() {
        let p = eintrag.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if ["target", ".cache", "node_modules", ".git", "test-artefakte"].contains(&name.as_str()) {
            continue;
        }
        if p.is_dir() {
            projektdateien(&p, aus);
        } else {
            aus.push(p);
        }
    }
}

#[test]
fn the_repository_stands_on_its_own_and_reads_nothing_beside_it() {
    let wurzel = common::wurzel();
    // Every raw file the data set and the tests are built from is in the repository.
    for ordner in [
        "zensus2022-gemeinden",
        "destatis-gemeindeverzeichnis-2019",
        "zensus2011-grid",
        "jedeschule-hessen-schulen",
        "inkar-bbsr",
    ] {
        let quelle = rohdaten().join(ordner).join("SOURCE.md");
        assert!(quelle.is_file(), "{} fehlt", quelle.display());
        let verweis = format!("raw/{ordner}/SOURCE.md");
        let quellen = std::fs::read_to_string(wurzel.join("geodata/SOURCES.md")).unwrap();
        assert!(quellen.contains(&verweis), "geodata/SOURCES.md verweist nicht auf {verweis}");
    }
    // No file refers to the sibling folder a developer machine happens to have.
    let verboten = format!("../{}", "shared");
    let mut dateien = Vec::new();
    projektdateien(&wurzel, &mut dateien);
    assert!(dateien.len() > 50, "zu wenige Dateien gefunden: {}", dateien.len());
    let treffer: Vec<_> = dateien
        .iter()
        .filter(|p| std::fs::read(p).map(|b| String::from_utf8_lossy(&b).contains(&verboten)).unwrap_or(false))
        .collect();
    assert!(treffer.is_empty(), "Dateien verweisen auf {verboten}: {treffer:?}");
}

//! GIS interoperability with real clients against the real service on 127.0.0.1: GDAL's OGC
//! API client (`ogrinfo`, `ogr2ogr` with the OAPIF driver), OWSLib from PyPI (in the virtual
//! environment `make test` sets up), every export format read back with GDAL, and the
//! server-rendered maps checked as XML and PNG.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::Dienst;
use gdal::Dataset;
use gdal::vector::LayerAccess;
use serde_json::Value;

/// The service for one test; stopped when the test ends (a shared static one would outlive
/// the test process, since statics are never dropped).
fn dienst() -> Dienst {
    Dienst::starten()
}

fn text(f: &gdal::vector::Feature<'_>, name: &str) -> Option<String> {
    let i = f.field_index(name).ok()?;
    f.field_as_string(i).ok().flatten()
}

fn zahl(f: &gdal::vector::Feature<'_>, name: &str) -> Option<f64> {
    let i = f.field_index(name).ok()?;
    f.field_as_double(i).ok().flatten()
}

fn werkzeug(name: &str, args: &[&str]) -> String {
    let o =
        Command::new(name).args(args).env("GDAL_HTTP_TIMEOUT", "30").output().unwrap_or_else(|e| panic!("{name}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(o.status.success(), "{name} {args:?}: {text}");
    text
}

/// The first vertex of every Kommune, by AGS, from a GDAL data source.
fn erste_punkte(pfad: &Path, layer: &str) -> Vec<(String, f64, f64)> {
    let ds = Dataset::open(pfad).unwrap();
    let mut l = ds.layer_by_name(layer).unwrap();
    let mut v: Vec<(String, f64, f64)> = l
        .features()
        .map(|f| {
            let ags = text(&f, "ags").unwrap();
            let g = f.geometry().unwrap().to_geo().unwrap();
            let geo::Geometry::MultiPolygon(mp) = g else { panic!("keine Fläche") };
            let c = mp.0[0].exterior().0[0];
            (ags, c.x, c.y)
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn gdal_lists_the_collections_and_copies_kommunen_in_crs84_and_in_utm32() {
    let d = dienst();
    let liste = werkzeug("ogrinfo", &["-ro", "-q", &format!("OAPIF:{}", d.url)]);
    for c in [
        "kommunen",
        "regionen-beispiel",
        "angebote",
        "indikator-kinderarmut",
        "indikator-hze_beispiel",
        "abdeckung-familienzentrum",
    ] {
        assert!(liste.contains(&format!(": {c} (")), "{c} fehlt in {liste}");
    }
    let dir = tempfile::tempdir().unwrap();
    let wgs = dir.path().join("kommunen_crs84.gpkg");
    werkzeug("ogr2ogr", &["-f", "GPKG", wgs.to_str().unwrap(), &format!("OAPIF:{}", d.url), "kommunen"]);
    // GDAL 3.6 (Debian 12) does not know Part 2: the CRS goes in as a parameter of the URL, which
    // GDAL appends to every request, and the layer is declared EPSG:25832 with -a_srs.
    let utm = dir.path().join("kommunen_25832.gpkg");
    let url = format!("OAPIF:{}/collections/kommunen?crs=http://www.opengis.net/def/crs/EPSG/0/25832", d.url);
    werkzeug("ogr2ogr", &["-f", "GPKG", "-a_srs", "EPSG:25832", "-nln", "kommunen", utm.to_str().unwrap(), &url]);
    for pfad in [&wgs, &utm] {
        let ds = Dataset::open(pfad).unwrap();
        assert_eq!(ds.layer_by_name("kommunen").unwrap().feature_count(), 23, "{}", pfad.display());
    }
    let a = erste_punkte(&wgs, "kommunen");
    let b = erste_punkte(&utm, "kommunen");
    assert_eq!(a.len(), 23);
    for ((ags, lon, lat), (ags2, x, y)) in a.iter().zip(&b) {
        assert_eq!(ags, ags2);
        // Reference: PROJ's own command-line tool, independent of the service.
        let (cx, cy) = common::cs2cs("EPSG:4326", "EPSG:25832", *lat, *lon);
        assert!((cx - x).abs() < 0.02 && (cy - y).abs() < 0.02, "{ags}: ({x}, {y}) ≠ cs2cs ({cx}, {cy})");
    }
    // The Kommune boundaries arrive as the data set has them.
    let atlas = common::atlas();
    let asslar = atlas.kommunen.iter().find(|k| k.ags.as_str() == a[0].0).unwrap();
    let c = asslar.grenze_wgs84.0[0].exterior().0[0];
    assert!((c.x - a[0].1).abs() < 1e-6 && (c.y - a[0].2).abs() < 1e-6);
}

#[test]
fn gdal_with_a_page_size_above_the_maximum_gets_every_feature() {
    let d = dienst();
    let info =
        werkzeug("ogrinfo", &["-ro", "-al", "-so", "-oo", "PAGE_SIZE=5000", &format!("OAPIF:{}", d.url), "angebote"]);
    assert!(info.contains("Feature Count: 100"), "{info}");
}

/// Every feature of a GDAL source: (id or ags, valid by GEOS).
fn gueltigkeit(pfad: &str) -> Vec<(String, bool)> {
    let ds = Dataset::open(pfad).unwrap_or_else(|e| panic!("{pfad}: {e}"));
    let mut aus = Vec::new();
    for mut l in ds.layers() {
        for f in l.features() {
            let id = text(&f, "ags").or_else(|| text(&f, "id")).unwrap_or_default();
            if let Some(g) = f.geometry() {
                aus.push((id, g.is_valid()));
            }
        }
    }
    aus
}

#[test]
fn every_published_area_is_valid_as_sent() {
    // GEOS (through GDAL) judges every area as the client receives it: rounded GeoJSON of the
    // API and the OGC API, and the exports. Two dissolved regions touched themselves after
    // rounding before.
    let d = dienst();
    let dir = tempfile::tempdir().unwrap();
    let adressen = [
        "/api/kommunen",
        "/api/regionen",
        "/api/einheiten?ebene=region",
        "/api/einheiten?ebene=kreis",
        "/api/abdeckung?kategorie=familienzentrum&format=geojson&ebene=region",
        "/api/indikatoren/kinderarmut?ebene=region",
        "/collections/regionen-beispiel/items",
        "/collections/regionen-beispiel/items?crs=http://www.opengis.net/def/crs/EPSG/0/25832",
        "/collections/regionen-beispiel/items?crs=http://www.opengis.net/def/crs/EPSG/0/4326",
        "/collections/kommunen/items",
        "/api/export/regionen-beispiel.geojson",
        "/api/export/regionen-beispiel.geojson?crs=EPSG:25832",
        "/api/export/regionen-beispiel.gpkg",
        "/api/export/regionen-beispiel.fgb",
        "/api/export/regionen-beispiel.kml",
        "/api/export/kommunen.geojson",
    ];
    let mut geprueft = 0;
    for (i, a) in adressen.iter().enumerate() {
        let (s, body) = d.get(a);
        assert_eq!(s, 200, "{a}");
        let endung = if a.contains(".gpkg") {
            "gpkg"
        } else if a.contains(".fgb") {
            "fgb"
        } else if a.contains(".kml") {
            "kml"
        } else {
            "geojson"
        };
        let p = dir.path().join(format!("{i}.{endung}"));
        std::fs::write(&p, body).unwrap();
        for (id, gueltig) in gueltigkeit(p.to_str().unwrap()) {
            assert!(gueltig, "{a}: {id} ist nach GEOS ungültig");
            geprueft += 1;
        }
    }
    assert!(geprueft > 100, "{geprueft}");
}

#[test]
fn the_zipped_csv_keeps_the_ags_as_text_and_carries_its_crs() {
    let d = dienst();
    let dir = tempfile::tempdir().unwrap();
    let zip = herunterladen(&d, "kommunen.csv.zip", dir.path());
    let csv = herunterladen(&d, "kommunen.csv", dir.path());
    // With type detection on, as QGIS does it: the plain CSV turns 06532001 into a number,
    // the zip's .csvt keeps it text, and its .prj gives the CRS.
    let oeffnen = |pfad: &str| {
        gdal::Dataset::open_ex(
            pfad,
            gdal::DatasetOptions { open_options: Some(&["AUTODETECT_TYPE=YES"]), ..Default::default() },
        )
        .unwrap()
    };
    let ohne = oeffnen(csv.to_str().unwrap());
    let mut l = ohne.layer(0).unwrap();
    let f = l.features().next().unwrap();
    assert_eq!(text(&f, "ags").as_deref(), Some("6532001"), "the plain CSV shows why the .csvt is needed");
    let mit = oeffnen(&format!("/vsizip/{}/kommunen.csv", zip.display()));
    let mut l = mit.layer(0).unwrap();
    assert_eq!(l.feature_count(), 23);
    let werte: Vec<String> = l.features().map(|f| text(&f, "ags").unwrap()).collect();
    assert!(werte.contains(&"06532001".to_string()) && werte.contains(&"06532023".to_string()), "{werte:?}");
    let srs = l.spatial_ref().expect("CRS aus der .prj");
    assert_eq!(srs.auth_code().ok(), Some(25832));
}

#[test]
fn gdal_follows_the_paging_links_through_all_offers() {
    let d = dienst();
    let info =
        werkzeug("ogrinfo", &["-ro", "-al", "-so", "-oo", "PAGE_SIZE=7", &format!("OAPIF:{}", d.url), "angebote"]);
    assert!(info.contains("Feature Count: 100"), "{info}");
    let dir = tempfile::tempdir().unwrap();
    let ziel = dir.path().join("angebote.gpkg");
    werkzeug(
        "ogr2ogr",
        &["-f", "GPKG", "-oo", "PAGE_SIZE=7", ziel.to_str().unwrap(), &format!("OAPIF:{}", d.url), "angebote"],
    );
    let ds = Dataset::open(&ziel).unwrap();
    let mut l = ds.layer_by_name("angebote").unwrap();
    assert_eq!(l.feature_count(), 100);
    let namen: Vec<String> = l.features().map(|f| text(&f, "name").unwrap()).collect();
    assert!(namen.iter().any(|n| n == "Beispiel-Familienzentrum Haiger"));
    assert!(namen.iter().any(|n| n.contains("ß") || n.contains("ü") || n.contains("ö")), "Umlaute");
}

#[test]
fn owslib_reads_collections_and_pages_through_items() {
    let d = dienst();
    let python = common::wurzel().join(".cache/owslib-venv/bin/python");
    assert!(python.exists(), "{} fehlt – make test richtet die OWSLib-Umgebung ein", python.display());
    let skript = r#"
import json, sys
from owslib.ogcapi.features import Features
w = Features(sys.argv[1])
ids = [c["id"] for c in w.collections()["collections"]]
seite1 = w.collection_items("angebote", limit=30)
seite4 = w.collection_items("angebote", limit=30, offset=90)
eine = w.collection_item("kommunen", "06532023")
print(json.dumps({"ids": ids, "conformance": w.conformance()["conformsTo"],
                  "s1": [seite1["numberMatched"], seite1["numberReturned"], [l["rel"] for l in seite1["links"]]],
                  "s4": [seite4["numberReturned"], [l["rel"] for l in seite4["links"]]],
                  "wetzlar": eine["properties"]}))
"#;
    let o = Command::new(&python).arg("-c").arg(skript).arg(&d.url).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["ids"].as_array().unwrap().iter().any(|i| i == "kommunen"));
    assert!(
        v["conformance"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs")
    );
    assert_eq!(v["s1"][0], 100);
    assert_eq!(v["s1"][1], 30);
    assert!(v["s1"][2].as_array().unwrap().iter().any(|r| r == "next"));
    assert_eq!(v["s4"][0], 10);
    let rels = v["s4"][1].as_array().unwrap();
    assert!(rels.iter().any(|r| r == "prev") && !rels.iter().any(|r| r == "next"));
    assert_eq!(v["wetzlar"]["name"], "Wetzlar");
    assert_eq!(v["wetzlar"]["einwohner"], 53_116);
}

fn herunterladen(d: &Dienst, datei: &str, dir: &Path) -> std::path::PathBuf {
    let (s, b) = d.get(&format!("/api/export/{}", datei));
    assert_eq!(s, 200, "{datei}: {}", String::from_utf8_lossy(&b));
    let name = datei.split('?').next().unwrap().replace('/', "_");
    let p = dir.join(name);
    std::fs::write(&p, b).unwrap();
    p
}

fn epsg(ds: &Dataset, layer: &str) -> Option<i32> {
    let l = ds.layer_by_name(layer).unwrap();
    l.spatial_ref().and_then(|s| s.auth_code().ok())
}

#[test]
fn every_export_format_opens_in_gdal_with_crs_values_and_umlauts() {
    let d = dienst();
    let dir = tempfile::tempdir().unwrap();
    let faelle = [
        ("kommunen.gpkg", "kommunen", Some(25832)),
        ("kommunen.gpkg?crs=EPSG:4326", "kommunen", Some(4326)),
        ("kommunen.geojson", "kommunen", Some(4326)),
        ("kommunen.fgb", "kommunen", Some(25832)),
        ("kommunen.kml", "kommunen", Some(4326)),
        ("kommunen.csv", "kommunen", None),
    ];
    for (i, (datei, layer, crs)) in faelle.iter().enumerate() {
        let p = herunterladen(&d, datei, dir.path());
        let p2 = dir.path().join(format!("{i}-{}", p.file_name().unwrap().to_str().unwrap()));
        std::fs::rename(&p, &p2).unwrap();
        let ds = Dataset::open(&p2).unwrap_or_else(|e| panic!("{datei}: {e}"));
        let mut l = ds.layer_by_name(layer).unwrap_or_else(|_| ds.layer(0).unwrap());
        assert_eq!(l.feature_count(), 23, "{datei}");
        if let Some(c) = crs {
            assert_eq!(epsg(&ds, &l.name()), Some(*c), "{datei}");
        }
        let asslar = l.features().find(|f| text(f, "ags").as_deref() == Some("06532001")).unwrap();
        assert_eq!(text(&asslar, "name").as_deref(), Some("Aßlar"), "{datei}");
        assert_eq!(text(&asslar, "einwohner").as_deref(), Some("14288"), "{datei}");
        assert_eq!(text(&asslar, "region").as_deref(), Some("Süd-Ost"), "{datei}");
    }
    // GeoPackage: the side table with source, Stand and the data-protection rule.
    let p = herunterladen(&d, "indikator-hze_beispiel.gpkg?jahr=2024", dir.path());
    let ds = Dataset::open(&p).unwrap();
    let mut meta = ds.layer_by_name("metadaten").unwrap();
    let eintraege: Vec<(String, String)> = meta
        .features()
        .map(|f| (f.field_as_string(0).unwrap().unwrap(), f.field_as_string(1).unwrap().unwrap()))
        .collect();
    assert!(eintraege.iter().any(|(k, v)| k == "datenschutz" && v.contains("nicht ausgewiesen")));
    assert!(eintraege.iter().any(|(k, v)| k == "beispiel" && v == "ja"));
    let mut l = ds.layer_by_name("indikator-hze_beispiel").unwrap();
    let siegbach = l.features().find(|f| text(f, "ags").as_deref() == Some("06532019")).unwrap();
    assert_eq!(text(&siegbach, "status").as_deref(), Some("nicht_ausgewiesen"));
    assert_eq!(text(&siegbach, "zaehler"), None, "hidden in the export too");
}

#[test]
fn the_zipped_shapefile_has_utf8_cpg_prj_and_the_field_name_mapping() {
    let d = dienst();
    let dir = tempfile::tempdir().unwrap();
    let p = herunterladen(&d, "abdeckung-familienzentrum.shp.zip", dir.path());
    let pfad = format!("/vsizip/{}/abdeckung-familienzentrum.shp", p.display());
    let ds = Dataset::open(&pfad).unwrap();
    let mut l = ds.layer(0).unwrap();
    assert_eq!(l.feature_count(), 23);
    assert_eq!(l.spatial_ref().unwrap().auth_code().unwrap(), 25832);
    let felder: Vec<String> = l.defn().fields().map(|f| f.name()).collect();
    assert!(felder.contains(&"anteil_100".to_string()) && felder.iter().all(|f| f.chars().count() <= 10), "{felder:?}");
    let huett = l.features().find(|f| text(f, "name").as_deref() == Some("Hüttenberg")).unwrap();
    let api: Value =
        serde_json::from_slice(&d.get("/api/abdeckung?kategorie=familienzentrum&zielgruppe=unter18").1).unwrap();
    let e = api["einheiten"].as_array().unwrap().iter().find(|e| e["id"] == "06532014").unwrap().clone();
    let x = zahl(&huett, "anteil_200").unwrap();
    assert!((x - e["anteil_2000"].as_f64().unwrap()).abs() < 1e-6);
    // The archive itself.
    let datei = std::fs::File::open(&p).unwrap();
    let mut z = zip::ZipArchive::new(datei).unwrap();
    let mut namen: Vec<String> = (0..z.len()).map(|i| z.by_index(i).unwrap().name().to_string()).collect();
    namen.sort();
    for n in ["abdeckung-familienzentrum.cpg", "abdeckung-familienzentrum.prj", "felder.csv", "metadaten.csv"] {
        assert!(namen.contains(&n.to_string()), "{n} fehlt: {namen:?}");
    }
    let mut cpg = String::new();
    std::io::Read::read_to_string(&mut z.by_name("abdeckung-familienzentrum.cpg").unwrap(), &mut cpg).unwrap();
    assert_eq!(cpg.trim(), "UTF-8");
    let mut felder_csv = String::new();
    std::io::Read::read_to_string(&mut z.by_name("felder.csv").unwrap(), &mut felder_csv).unwrap();
    assert!(felder_csv.contains("anteil_100,anteil_1000,"), "{felder_csv}");
}

#[test]
fn the_svg_map_is_well_formed_and_carries_the_legend_and_notes() {
    let d = dienst();
    let (s, b) = d.get("/api/karten/hze_beispiel.svg?jahr=2024");
    assert_eq!(s, 200);
    let text = String::from_utf8(b.clone()).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    assert_eq!(doc.root_element().attribute("width"), Some("297mm"));
    let texte: Vec<String> =
        doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text().map(String::from)).collect();
    let legende: Value = serde_json::from_slice(&d.get("/api/indikatoren/hze_beispiel?jahr=2024").1).unwrap();
    for k in legende["legende"]["klassen"].as_array().unwrap() {
        let t = format!("{} ({})", k["bezeichnung"].as_str().unwrap(), k["anzahl"]);
        assert!(texte.contains(&t), "Legendeneintrag {t} fehlt");
    }
    for muss in ["nicht ausgewiesen (Datenschutz) (2)", "Beispieldaten", "N", "Siegbach"] {
        assert!(texte.iter().any(|x| x == muss), "{muss} fehlt");
    }
    assert!(texte.iter().any(|x| x.starts_with("Quelle: ")) && texte.iter().any(|x| x.starts_with("Stand: ")));
    assert!(texte.iter().any(|x| x.ends_with(" km")), "Maßstab");
    let flaechen = doc.descendants().filter(|n| n.has_tag_name("path")).count();
    assert_eq!(flaechen, 23);
    // Same request, same bytes.
    assert_eq!(d.get("/api/karten/hze_beispiel.svg?jahr=2024").1, b);
}

/// The y coordinates of the texts in a group of an SVG page.
fn text_y(doc: &roxmltree::Document<'_>, gruppe: &str) -> Vec<f64> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(gruppe))
        .unwrap_or_else(|| panic!("Gruppe {gruppe} fehlt"))
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.attribute("y").unwrap().parse().unwrap())
        .collect()
}

#[test]
fn legend_notes_and_footer_never_overlap_on_any_page() {
    let d = dienst();
    for format in ["A4", "A3"] {
        for ausrichtung in ["quer", "hoch"] {
            let (s, b) =
                d.get(&format!("/api/karten/hze_beispiel.svg?jahr=2024&format={format}&ausrichtung={ausrichtung}"));
            assert_eq!(s, 200);
            let text = String::from_utf8(b).unwrap();
            let doc = roxmltree::Document::parse(&text).unwrap();
            let hoehe: f64 =
                doc.root_element().attribute("viewBox").unwrap().split(' ').nth(3).unwrap().parse().unwrap();
            let rahmen =
                doc.descendants().find(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#fbfbfb")).unwrap();
            let rahmen_unten: f64 = rahmen.attribute("y").unwrap().parse::<f64>().unwrap()
                + rahmen.attribute("height").unwrap().parse::<f64>().unwrap();
            let legende = text_y(&doc, "legende");
            let fuss = text_y(&doc, "quelle");
            let fuss_oben = fuss.iter().cloned().fold(f64::INFINITY, f64::min) - 2.6;
            let was = format!("{format} {ausrichtung}");
            assert!(fuss_oben > rahmen_unten, "{was}: Fußzeile {fuss_oben} überlappt die Karte bis {rahmen_unten}");
            assert!(fuss_oben > legende.iter().cloned().fold(0.0, f64::max), "{was}: Fußzeile überlappt die Legende");
            assert!(fuss.iter().all(|y| *y <= hoehe - 5.0), "{was}: Fußzeile außerhalb der Seite");
            if ausrichtung == "hoch" {
                assert!(legende.iter().all(|y| *y > rahmen_unten), "{was}: Legende auf der Karte");
            }
            // The title says the year apart from the unit ("unter 21 (2024)", not "unter 21 2024").
            assert!(text.contains("unter 21 (2024)"), "{was}");
        }
    }
}

fn png_groesse(b: &[u8]) -> (u32, u32) {
    assert_eq!(&b[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&b[12..16], b"IHDR");
    (u32::from_be_bytes(b[16..20].try_into().unwrap()), u32::from_be_bytes(b[20..24].try_into().unwrap()))
}

#[test]
fn png_maps_have_the_requested_size_and_are_deterministic() {
    let d = dienst();
    let (s, a4) = d.get("/api/karten/kinderarmut.png?jahr=2022");
    assert_eq!(s, 200);
    // A4 landscape at 150 dpi: 297 mm / 25.4 × 150 = 1754 px, 210 mm → 1240 px.
    assert_eq!(png_groesse(&a4), (1754, 1240));
    let (_, a3) = d.get("/api/karten/kinderarmut.png?jahr=2022&format=A3&ausrichtung=hoch&dpi=100&titel=Ausschuss");
    // A3 portrait at 100 dpi: 297 mm → 1169 px wide, 420 mm → 1654 px high.
    assert_eq!(png_groesse(&a3), (1169, 1654));
    assert_eq!(d.get("/api/karten/kinderarmut.png?jahr=2022").1, a4);
    let (s, b) = d.get("/api/karten/kinderarmut.tif");
    assert_eq!(s, 400, "{}", String::from_utf8_lossy(&b));
}

#[test]
fn the_command_line_exports_and_draws_like_the_interface() {
    let dir = tempfile::tempdir().unwrap();
    let ziel = dir.path().join("angebote.fgb");
    // The commands read the store of the service they are compared with.
    let d = dienst();
    let o = Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["export", "angebote.fgb", "-p", "kategorie=schule", "--speicher"])
        .arg(&d.speicher)
        .arg("--aus")
        .arg(&ziel)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ds = Dataset::open(&ziel).unwrap();
    assert_eq!(ds.layer(0).unwrap().feature_count(), 88);
    let svg = dir.path().join("karte.svg");
    let o = Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["karte", "hze_beispiel.svg", "-p", "jahr=2024", "--speicher"])
        .arg(&d.speicher)
        .arg("--aus")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&svg).unwrap(), d.get("/api/karten/hze_beispiel.svg?jahr=2024").1);
    // Files of the command line and answers of the service are the same bytes: both come from
    // one call into the application layer.
    for (datei, parameter, uri) in [
        ("kinderarmut.png", vec!["dpi=80", "titel=Ausschuss"], "/api/karten/kinderarmut.png?dpi=80&titel=Ausschuss"),
        (
            "bedarf-angebot.svg",
            vec!["indikator=kinderarmut", "kategorie=familienzentrum"],
            "/api/karten/bedarf-angebot.svg?indikator=kinderarmut&kategorie=familienzentrum",
        ),
        ("kommunen.geojson", vec![], "/api/export/kommunen.geojson"),
        ("angebote.csv.zip", vec!["kategorie=schule"], "/api/export/angebote.csv.zip?kategorie=schule"),
        ("indikator-kinderarmut.shp.zip", vec!["jahr=2022"], "/api/export/indikator-kinderarmut.shp.zip?jahr=2022"),
    ] {
        let befehl = if uri.starts_with("/api/karten") { "karte" } else { "export" };
        let ziel = dir.path().join(datei);
        let mut c = Command::new(env!("CARGO_BIN_EXE_sozialraum"));
        c.args([befehl, datei, "--speicher"]).arg(&d.speicher).arg("--aus").arg(&ziel);
        for p in &parameter {
            c.args(["-p", p]);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{datei}: {}", String::from_utf8_lossy(&o.stderr));
        let (status, http) = d.get(uri);
        assert_eq!(status, 200, "{uri}");
        assert!(std::fs::read(&ziel).unwrap() == http, "{datei}: Befehl und Dienst liefern verschiedene Bytes");
        // Written files are readable by others, like those of other programs.
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&ziel).unwrap().permissions().mode() & 0o777, 0o644, "{datei}");
    }
    // The further columns of angebote.csv go into the export, numbers as numbers.
    let (_, bytes) = d.get("/api/export/angebote.geojson?kategorie=schule");
    let fc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let p = &fc["features"][0]["properties"];
    assert!(p["schueler"].is_number() && p["schulformen"].is_string(), "{p}");
    let o = Command::new(env!("CARGO_BIN_EXE_sozialraum"))
        .args(["export", "kommunen.kml", "-p", "crs=EPSG:25832", "--speicher"])
        .arg(&d.speicher)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("KML ist immer WGS84"));
}

#[test]
fn the_scenario_map_marks_planned_places_in_their_kommune_and_closed_offers() {
    let (s, b) = dienst().get("/api/karten/szenario.svg?kategorie=familienzentrum&plan=8.25,50.62&weg=fz-beispiel-03");
    assert_eq!(s, 200);
    let text = String::from_utf8(b).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let orte = doc.descendants().find(|n| n.attribute("id") == Some("orte")).expect("Gruppe orte");
    let kreis = orte.descendants().find(|n| n.has_tag_name("circle")).expect("Kreis für S1");
    let (cx, cy): (f64, f64) =
        (kreis.attribute("cx").unwrap().parse().unwrap(), kreis.attribute("cy").unwrap().parse().unwrap());
    let texte: Vec<&str> = orte.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    assert_eq!(texte, ["S1", "G1"]);
    assert_eq!(orte.descendants().filter(|n| n.has_tag_name("path")).count(), 1, "ein Kreuz für G1");
    // 8.25° E / 50.62° N lies in Greifenstein: the mark is inside the outline of its area.
    let flaeche = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("path") && n.children().any(|c| c.has_tag_name("title") && c.text() == Some("Greifenstein"))
        })
        .expect("Fläche Greifenstein");
    let zahlen: Vec<f64> = flaeche
        .attribute("d")
        .unwrap()
        .split(|c: char| c.is_ascii_alphabetic() || c.is_whitespace() || c == ',')
        .filter_map(|t| t.parse().ok())
        .collect();
    let (xs, ys): (Vec<f64>, Vec<f64>) = zahlen.chunks(2).map(|p| (p[0], p[1])).unzip();
    let innen = |v: f64, w: &[f64]| {
        w.iter().cloned().fold(f64::MAX, f64::min) < v && v < w.iter().cloned().fold(f64::MIN, f64::max)
    };
    assert!(innen(cx, &xs) && innen(cy, &ys), "S1 bei {cx}/{cy} nicht in Greifenstein");
}

//! The shape of the code: every module of `src/` imports only the layers below it (no import
//! upwards, so no cycle between layers), and the files inside a layer do not import each other
//! in a circle. Read from the source text (`crate::x` and `super::x` paths, comments left out).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod common;

/// What each top-level module may import (besides itself), from the architecture in the README.
const ERLAUBT: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("model", &["spatial", "error"]),
    ("spatial", &["error"]),
    ("netz", &["error", "spatial"]),
    ("io", &["error", "model", "netz", "spatial"]),
    ("atlas", &["error", "io", "model", "netz", "spatial"]),
    ("analysis", &["atlas", "error", "model", "netz", "spatial"]),
    ("render", &["error", "model", "spatial"]),
    ("bericht", &["error", "model", "render", "spatial"]),
    ("store", &["error", "model", "spatial"]),
    ("dienst", &["analysis", "atlas", "bericht", "error", "io", "model", "netz", "render", "spatial", "store"]),
    ("config", &["analysis", "dienst", "error", "io", "model"]),
    ("http", &["atlas", "config", "dienst", "error", "model", "spatial"]),
    ("cli", &["config", "dienst", "error", "http", "io", "model", "netz", "atlas"]),
];

/// The source of a file without comments (doc links name other modules without importing them).
fn code(pfad: &Path) -> String {
    std::fs::read_to_string(pfad)
        .unwrap()
        .lines()
        .filter(|z| !z.trim_start().starts_with("//"))
        .map(|z| format!("{z}\n"))
        .collect()
}

/// The names that follow `praefix` in `text` (`crate::analysis::…` gives `analysis`).
fn namen(text: &str, praefix: &str) -> BTreeSet<String> {
    text.match_indices(praefix)
        .map(|(i, _)| text[i + praefix.len()..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect())
        .filter(|n: &String| !n.is_empty())
        .collect()
}

fn dateien(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(dateien(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            v.push(p);
        }
    }
    v
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let src = common::wurzel().join("src");
    let mut falsch = Vec::new();
    for (modul, erlaubt) in ERLAUBT {
        let mut pfade: Vec<_> = vec![src.join(format!("{modul}.rs"))];
        if src.join(modul).is_dir() {
            pfade.extend(dateien(&src.join(modul)));
        }
        for p in pfade.iter().filter(|p| p.exists()) {
            let mut genutzt = namen(&code(p), "crate::");
            // `crate::Atlas`, `crate::Error` … are re-exports of atlas and error.
            if code(p).contains("crate::Atlas") {
                genutzt.insert("atlas".into());
            }
            for n in genutzt {
                if n != *modul && !erlaubt.contains(&n.as_str()) {
                    falsch.push(format!("{} → {n}", p.strip_prefix(&src).unwrap().display()));
                }
            }
        }
    }
    assert!(falsch.is_empty(), "Importe gegen die Schichtung: {falsch:#?}");
}

#[test]
fn the_files_of_a_layer_do_not_import_each_other_in_a_circle() {
    let src = common::wurzel().join("src");
    for (modul, _) in ERLAUBT {
        let dir = src.join(modul);
        if !dir.is_dir() {
            continue;
        }
        let mut kanten: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for p in dateien(&dir).into_iter().filter(|p| p.parent() == Some(dir.as_path())) {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            if name == "mod" {
                continue;
            }
            let text = code(&p);
            let mut ziele = namen(&text, "super::");
            ziele.extend(namen(&text, &format!("crate::{modul}::")));
            ziele.remove(&name);
            kanten.insert(name, ziele);
        }
        let geschwister: BTreeSet<String> = kanten.keys().cloned().collect();
        // Depth-first search for a path that comes back to where it started.
        fn suchen(
            k: &BTreeMap<String, BTreeSet<String>>,
            g: &BTreeSet<String>,
            pfad: &mut Vec<String>,
        ) -> Option<Vec<String>> {
            let letzter = pfad.last().cloned().unwrap();
            for z in k.get(&letzter).into_iter().flatten().filter(|z| g.contains(*z)) {
                if z == &pfad[0] {
                    return Some(pfad.clone());
                }
                if !pfad.contains(z) {
                    pfad.push(z.clone());
                    if let Some(kreis) = suchen(k, g, pfad) {
                        return Some(kreis);
                    }
                    pfad.pop();
                }
            }
            None
        }
        for start in &geschwister {
            let kreis = suchen(&kanten, &geschwister, &mut vec![start.clone()]);
            assert!(kreis.is_none(), "Kreis in src/{modul}: {:?}", kreis.unwrap());
        }
    }
}

#[test]
fn the_check_finds_an_upward_import() {
    // The check itself can fail: an analysis file that reached for the HTTP layer is caught.
    let text = "use crate::http::Zustand;\n// crate::cli in a comment is fine\nfn f() {}";
    let n = namen(&code_aus(text), "crate::");
    assert_eq!(n, BTreeSet::from(["http".to_string()]));
}

fn code_aus(text: &str) -> String {
    text.lines().filter(|z| !z.trim_start().starts_with("//")).map(|z| format!("{z}\n")).collect()
}

//! Levels of aggregation: which units a question about Kommunen, regions or the Kreis is
//! answered for.

use std::str::FromStr;

use crate::Atlas;
use crate::model::Einheitsart;

/// The level of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Ebene {
    /// Every Kommune.
    Kommune,
    /// The regions of one scheme, and the Kommunen that belong to none (e.g. Wetzlar).
    Region,
    /// The Kreis and the areas of its Jugendämter (with and without Wetzlar).
    Kreis,
}

impl FromStr for Ebene {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "kommune" => Ok(Ebene::Kommune),
            "region" => Ok(Ebene::Region),
            "kreis" => Ok(Ebene::Kreis),
            _ => Err(format!("„{s}“ ist keine Ebene; erlaubt: kommune, region, kreis")),
        }
    }
}

/// The units (indices in `Atlas::einheiten`) of a level; `schema` is the index of the region
/// scheme used at region level.
pub fn einheiten_der_ebene(a: &Atlas, ebene: Ebene, schema: usize) -> Vec<usize> {
    match ebene {
        Ebene::Kommune => (0..a.kommunen.len()).collect(),
        Ebene::Region => {
            let regionen = a
                .einheiten
                .iter()
                .enumerate()
                .filter(|(_, e)| matches!(e.art, Einheitsart::Region { schema: s, .. } if s == schema))
                .map(|(i, _)| i);
            let ohne = (0..a.kommunen.len())
                .filter(|&k| a.regionsschemata.get(schema).is_some_and(|s| s.zuordnung[k].is_none()));
            regionen.chain(ohne).collect()
        }
        Ebene::Kreis => a
            .einheiten
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.art, Einheitsart::Kreis | Einheitsart::Jugendamt))
            .map(|(i, _)| i)
            .collect(),
    }
}

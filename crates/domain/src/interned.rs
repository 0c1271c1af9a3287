//! Names the program writes as `&'static str` (message keys, indicator
//! and breakdown names) read back from stored JSON: each distinct name is
//! kept once per process, so reading many stored versions keeps one copy
//! of each. Used with serde's `with`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

/// The one copy of a name in this process.
pub fn intern(s: String) -> &'static str {
    static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = names.get(s.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(s.into_boxed_str());
    names.insert(leaked);
    leaked
}

/// A name as a string (serde `with`).
pub mod name {
    use super::*;

    /// Writes the name.
    pub fn serialize<S: Serializer>(name: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(name)
    }

    /// Reads a name back, interned.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        String::deserialize(d).map(intern)
    }
}

/// Pairs of a name and a value (serde `with`).
pub mod named {
    use super::*;

    /// Writes the pairs as a list of two-element lists.
    pub fn serialize<S: Serializer, T: Serialize>(
        pairs: &[(&'static str, T)],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(pairs.iter().map(|(k, v)| (*k, v)))
    }

    /// Reads the pairs back, their names interned.
    pub fn deserialize<'de, D: Deserializer<'de>, T: DeserializeOwned>(
        d: D,
    ) -> Result<Vec<(&'static str, T)>, D::Error> {
        let pairs: Vec<(String, T)> = Vec::deserialize(d)?;
        Ok(pairs.into_iter().map(|(k, v)| (intern(k), v)).collect())
    }
}

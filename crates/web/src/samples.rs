//! Samples of a source's export, uploaded to make a mapping: kept in the
//! server's memory only (never in the database or a log, since a sample
//! may hold names and BSNs the mapping is about to leave out), for the one
//! user who uploaded it, for an hour, and no more than a few (and a few
//! hundred megabytes) at a time.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a sample is kept after it was last used.
const KEPT: Duration = Duration::from_secs(60 * 60);
/// How many samples the server keeps at most (the oldest goes first).
const AT_MOST: usize = 16;
/// How many bytes of samples the server keeps at most (the oldest go
/// first; a single larger sample is kept alone).
const BYTES_AT_MOST: usize = 256 * 1024 * 1024;

/// One uploaded sample.
#[derive(Debug, Clone)]
pub struct Sample {
    /// The organisation it was uploaded for.
    pub organisation: String,
    /// Who uploaded it: only they use it.
    pub actor: String,
    /// The file's name.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    used: Instant,
}

/// The samples the server keeps.
#[derive(Debug, Default)]
pub struct Samples(Mutex<HashMap<String, Sample>>);

impl Samples {
    /// Keeps a sample under `token`.
    pub fn keep(
        &self,
        token: String,
        organisation: &str,
        actor: &str,
        name: String,
        bytes: Vec<u8>,
    ) {
        let Ok(mut samples) = self.0.lock() else {
            return;
        };
        samples.retain(|_, s| s.used.elapsed() < KEPT);
        let held = |samples: &HashMap<String, Sample>| -> usize {
            samples.values().map(|s| s.bytes.len()).sum()
        };
        while !samples.is_empty()
            && (samples.len() >= AT_MOST || held(&samples) + bytes.len() > BYTES_AT_MOST)
        {
            let oldest = samples
                .iter()
                .min_by_key(|(_, s)| s.used)
                .map(|(t, _)| t.clone());
            match oldest {
                Some(t) => samples.remove(&t),
                None => break,
            };
        }
        let sample = Sample {
            organisation: organisation.to_string(),
            actor: actor.to_string(),
            name,
            bytes,
            used: Instant::now(),
        };
        samples.insert(token, sample);
    }

    /// The sample `token`, when `actor` of `organisation` uploaded it and
    /// it is still kept.
    pub fn get(&self, token: &str, organisation: &str, actor: &str) -> Option<Sample> {
        let mut samples = self.0.lock().ok()?;
        let sample = samples.get_mut(token).filter(|s| {
            s.organisation == organisation && s.actor == actor && s.used.elapsed() < KEPT
        })?;
        sample.used = Instant::now();
        Some(sample.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_is_its_uploaders_only() {
        let samples = Samples::default();
        samples.keep(
            "t".into(),
            "deschans",
            "jan",
            "x.csv".into(),
            b"a;b".to_vec(),
        );
        assert!(samples.get("t", "deschans", "jan").is_some());
        assert!(samples.get("t", "deschans", "piet").is_none());
        assert!(samples.get("t", "sedna", "jan").is_none());
        for n in 0..AT_MOST {
            samples.keep(format!("t{n}"), "deschans", "jan", "x.csv".into(), vec![]);
        }
        assert!(
            samples.get("t", "deschans", "jan").is_none(),
            "the oldest went"
        );
    }
}

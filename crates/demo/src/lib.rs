//! The demo data set: interchange v1 files, generated deterministically
//! from a seed, for the four cases of DEMO-FIGURES.md — De Schans in
//! Westerkwartier 2022 (A) and its surveys of 2020 (B), Sedna in Emmen 2021
//! (C), and the planned neighbourhood team of Bergen with its area
//! profiles (D).
//!
//! The published figures are built in as exact quotas (so many adult
//! trajectories with a goal reached, so many referred to second-line care),
//! and everything around them is drawn from the seed: areas, dates, ages,
//! clients, PG choices, other scores. Any seed reproduces the figures; the
//! same seed reproduces the same bytes. The generator writes files, never
//! rows: the demo enters the database through the importer like a user's
//! data.

mod collective;
mod deschans;
mod dice;
mod fixed;
mod individual;
mod sedna;
mod sheet;
mod survey;

pub use sheet::Sheet;
use std::path::Path;

/// The seed the demo uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 2022;

/// One generated file: its name and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoFile {
    /// The file name, e.g. `registrations.csv`.
    pub name: &'static str,
    /// The CSV bytes.
    pub bytes: Vec<u8>,
    /// Its number of data rows.
    pub rows: usize,
}

/// Generates every file of the demo from `seed`.
pub fn generate(seed: u64) -> Vec<DemoFile> {
    let mut dice = dice::Dice::new(seed);
    let (mut registrations, mut scores) = individual::sheets();
    let schans = deschans::registrations(&mut dice);
    individual::write(
        deschans::CODE,
        "DS",
        &schans,
        &mut registrations,
        &mut scores,
    );
    let emmen = sedna::registrations(&mut dice);
    individual::write(sedna::CODE, "SE", &emmen, &mut registrations, &mut scores);
    let generated = [
        registrations,
        scores,
        collective::collective(&mut dice, deschans::AREAS),
        sedna::reach_plan(),
        survey::surveys(),
        survey::answers(&mut dice),
    ];
    let fixed = fixed::FILES.iter().map(|(name, text)| DemoFile {
        name,
        bytes: text.as_bytes().to_vec(),
        rows: fixed::rows(name, text),
    });
    let generated = generated.into_iter().map(|s| DemoFile {
        name: s.name,
        rows: s.len(),
        bytes: s.bytes(),
    });
    fixed.chain(generated).collect()
}

/// Writes the files into `dir` (created when missing), each whole or not
/// at all; returns their paths.
pub fn write(dir: &Path, files: &[DemoFile]) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    files
        .iter()
        .map(|f| {
            let path = dir.join(f.name);
            let temporary = path.with_extension("partial-write");
            std::fs::write(&temporary, &f.bytes)?;
            std::fs::rename(&temporary, &path)?;
            Ok(path)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
        let a = generate(7);
        assert_eq!(a, generate(7));
        let b = generate(8);
        let registrations = |files: &[DemoFile]| {
            files
                .iter()
                .find(|f| f.name == "registrations.csv")
                .cloned()
                .unwrap()
        };
        assert_ne!(registrations(&a).bytes, registrations(&b).bytes);
        assert_eq!(registrations(&a).rows, registrations(&b).rows);
    }
}

//! A source's files, checked through their mapping, kept for the
//! confirmation as the interchange files they translate to: pseudonyms
//! instead of BSNs and client numbers, birth years instead of birth dates,
//! no name, address or phone — so that what waits in the database between
//! check and confirmation holds nothing that identifies a person.

use crate::known::Known;
use crate::pipeline::InputFile;
use domain::OrganisationCode;
use interchange::{Limits, Lookup, Mapping, Pseudonymiser};
use store::Store;

/// The interchange CSV files `files` translate to by `mapping`, under
/// their own names (the kind is the mapping's); `Err` says why one cannot
/// be translated (the check said so before).
pub async fn translated_files(
    store: &Store,
    pseudonymiser: Pseudonymiser,
    limits: &Limits,
    organisation: &OrganisationCode,
    mapping: &Mapping,
    files: &[InputFile],
) -> Result<Vec<InputFile>, String> {
    let known = Known::of_organisation(store, pseudonymiser, limits.clone(), organisation)
        .await
        .map_err(|e| e.to_string())?;
    let org = known
        .organisation(organisation)
        .ok_or_else(|| format!("unknown organisation {organisation}"))?;
    files
        .iter()
        .map(|file| {
            let bytes = file
                .read()
                .map_err(|e| format!("cannot read {}: {e}", file.name))?;
            let source = mapping.read(&bytes, limits).map_err(|p| p.to_string())?;
            let translated = mapping
                .translate(&source.table, org, &known)
                .map_err(|p| p.to_string())?;
            let mut writer = csv::Writer::from_writer(Vec::new());
            let table = &translated.table;
            writer
                .write_record(&table.header)
                .map_err(|e| e.to_string())?;
            for row in table.rows(0..table.len()) {
                writer.write_record(&row.cells).map_err(|e| e.to_string())?;
            }
            let bytes = writer.into_inner().map_err(|e| e.to_string())?;
            Ok(InputFile::new(file.name.clone(), bytes))
        })
        .collect()
}

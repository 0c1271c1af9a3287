//! `impactmonitor mapping`: an organisation's saved mappings of its
//! sources' exports — listed, written to a readable TOML file to share
//! with another organisation that uses the same system, read from such a
//! file (checked before it is saved), removed.

use crate::commands::{emit, fail, open, required_organisation, Outcome};
use crate::{Cli, Format};
use domain::OrganisationCode;
use interchange::Mapping;
use serde_json::json;
use std::path::PathBuf;
use store::Store;

/// What `mapping` was asked.
#[derive(Debug, clap::Subcommand)]
pub enum MappingCommand {
    /// List the organisation's mappings.
    List {
        /// The organisation (its code).
        #[arg(long)]
        organisation: String,
    },
    /// Write a mapping as a TOML file (to share it).
    Export {
        /// The mapping's name.
        name: String,
        /// The organisation (its code).
        #[arg(long)]
        organisation: String,
        /// The file to write (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Read a mapping from a TOML or JSON file and save it for the
    /// organisation (over one of the same name).
    Import {
        /// The mapping file.
        file: PathBuf,
        /// The organisation (its code).
        #[arg(long)]
        organisation: String,
        /// Save it under this name instead of the file's.
        #[arg(long)]
        name: Option<String>,
    },
    /// Remove a mapping.
    Delete {
        /// The mapping's name.
        name: String,
        /// The organisation (its code).
        #[arg(long)]
        organisation: String,
    },
}

/// The organisation's mapping `name`, read from the store; `Err` says why
/// there is none to use.
pub async fn load(
    store: &Store,
    organisation: &OrganisationCode,
    name: &str,
) -> Result<Mapping, String> {
    let stored = store
        .mapping(organisation, name)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!("{organisation} has no mapping named {name:?} (impactmonitor mapping list)")
        })?;
    serde_json::from_str(&stored.json).map_err(|e| format!("mapping {name:?} cannot be read: {e}"))
}

/// Runs `mapping`.
pub async fn run(cli: &Cli, command: &MappingCommand) -> Outcome {
    let organisation = match command {
        MappingCommand::List { organisation }
        | MappingCommand::Export { organisation, .. }
        | MappingCommand::Import { organisation, .. }
        | MappingCommand::Delete { organisation, .. } => organisation,
    };
    let organisation = match required_organisation(cli, organisation) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let store = match open(cli, false).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let outcome = match command {
        MappingCommand::List { .. } => list(cli, &store, &organisation).await,
        MappingCommand::Export { name, out, .. } => {
            export(cli, &store, &organisation, name, out.as_ref()).await
        }
        MappingCommand::Import { file, name, .. } => {
            import(cli, &store, &organisation, file, name.as_deref()).await
        }
        MappingCommand::Delete { name, .. } => delete(cli, &store, &organisation, name).await,
    };
    store.close().await;
    outcome
}

async fn list(cli: &Cli, store: &Store, organisation: &OrganisationCode) -> Outcome {
    let mappings = match store.mappings(organisation).await {
        Ok(m) => m,
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    match cli.format {
        Format::Json => {
            let list: Vec<_> = mappings
                .iter()
                .map(|m| json!({"name": m.name, "kind": m.kind, "changed_at": m.changed_at, "changed_by": m.changed_by}))
                .collect();
            emit(format!("{}\n", json!({ "mappings": list })));
        }
        Format::Text if mappings.is_empty() => emit(format!("{organisation} has no mappings\n")),
        Format::Text => {
            let lines: Vec<String> = mappings
                .iter()
                .map(|m| {
                    format!(
                        "{}\t{}\t{} by {}\n",
                        m.name, m.kind, m.changed_at, m.changed_by
                    )
                })
                .collect();
            emit(lines.concat());
        }
    }
    Outcome::Done
}

async fn export(
    cli: &Cli,
    store: &Store,
    organisation: &OrganisationCode,
    name: &str,
    out: Option<&PathBuf>,
) -> Outcome {
    let mapping = match load(store, organisation, name).await {
        Ok(m) => m,
        Err(e) => return fail(cli, Outcome::Refused, &e),
    };
    let text = mapping.to_toml();
    match out {
        None => emit(text),
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                return fail(
                    cli,
                    Outcome::Internal,
                    &format!("cannot write {}: {e}", path.display()),
                );
            }
        }
    }
    Outcome::Done
}

async fn import(
    cli: &Cli,
    store: &Store,
    organisation: &OrganisationCode,
    file: &PathBuf,
    name: Option<&str>,
) -> Outcome {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return fail(cli, Outcome::Refused, &format!("{}: {e}", file.display())),
    };
    let mut mapping = match Mapping::from_file(&text) {
        Ok(m) => m,
        Err(e) => {
            return fail(
                cli,
                Outcome::Refused,
                &format!("{}: not a mapping: {e}", file.display()),
            )
        }
    };
    if let Some(name) = name {
        mapping.name = name.to_string();
    }
    let problems = mapping.check();
    if !problems.is_empty() {
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return fail(
            cli,
            Outcome::Refused,
            &format!("{}: {}", file.display(), said.join("; ")),
        );
    }
    match save(store, organisation, &mapping, &crate::commands::actor()).await {
        Ok(()) => {
            match cli.format {
                Format::Json => emit(format!(
                    "{}\n",
                    json!({"saved": mapping.name, "kind": mapping.kind})
                )),
                Format::Text => emit(format!(
                    "saved mapping {} ({}) for {organisation}\n",
                    mapping.name, mapping.kind
                )),
            }
            Outcome::Done
        }
        Err(e) => fail(cli, Outcome::Internal, &e),
    }
}

/// Saves a checked mapping for the organisation.
async fn save(
    store: &Store,
    organisation: &OrganisationCode,
    mapping: &Mapping,
    actor: &str,
) -> Result<(), String> {
    let json = serde_json::to_string(mapping).map_err(|e| e.to_string())?;
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    tx.save_mapping(organisation, &mapping.name, &mapping.kind, &json, actor)
        .await
        .map_err(|e| e.to_string())?;
    tx.commit().await.map(|_| ()).map_err(|e| e.to_string())
}

async fn delete(cli: &Cli, store: &Store, organisation: &OrganisationCode, name: &str) -> Outcome {
    let deleted = async {
        let mut tx = store.begin().await?;
        let deleted = tx
            .delete_mapping(organisation, name, &crate::commands::actor())
            .await?;
        tx.commit().await?;
        Ok::<bool, store::StoreError>(deleted)
    };
    match deleted.await {
        Ok(true) => Outcome::Done,
        Ok(false) => fail(
            cli,
            Outcome::Refused,
            &format!("{organisation} has no mapping named {name:?}"),
        ),
        Err(e) => fail(cli, Outcome::Internal, &e.to_string()),
    }
}

//! `impactmonitor user`: the accounts of the people who sign in. A new
//! password is read from standard input, never from the command line.

use crate::commands::{actor, emit, fail, open, Outcome};
use crate::{Cli, Format};
use domain::account::NewPassword;
use domain::{Account, Coded, MunicipalityCode, OrganisationCode, Role, Username};
use serde_json::json;
use std::io::Read;
use store::Store;

/// The user commands.
#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add an account; the password (12 characters or more) is read from
    /// standard input.
    Add {
        /// The user name: a-z, 0-9, '.', '_' or '-'.
        username: String,
        /// registrant, coordinator, researcher, municipality or admin.
        #[arg(long)]
        role: String,
        /// The organisation (registrant, coordinator), or each organisation
        /// granted (researcher); may be repeated.
        #[arg(long)]
        organisation: Vec<String>,
        /// The municipality a municipality viewer reads for (GMxxxx).
        #[arg(long)]
        municipality: Option<String>,
    },
    /// Set a new password, read from standard input.
    Password {
        /// The user name.
        username: String,
    },
    /// Remove an account.
    Remove {
        /// The user name.
        username: String,
    },
    /// List the accounts (never their password hashes).
    List,
    /// Let a user sign in again at once: forgets the failed attempts that
    /// made sign-ins to this user name wait (from every address).
    Unlock {
        /// The user name.
        username: String,
    },
    /// Tokens for machine clients of the JSON API.
    #[command(subcommand)]
    Token(TokenCommand),
}

/// The token commands.
#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Make a token for a user: it reads the API with the user's role and
    /// organisations. The token is printed once; only its hash is kept.
    Create {
        /// The user name.
        username: String,
        /// What the token is for, e.g. "dashboard gemeente".
        #[arg(long)]
        label: String,
    },
    /// List the tokens (their ids, never the tokens).
    List,
    /// Revoke a token by its id.
    Revoke {
        /// The token's id (shown when it was made, and by `token list`).
        id: String,
    },
}

/// Runs a user command.
pub async fn run(cli: &Cli, command: &UserCommand) -> Outcome {
    let store = match open(cli, false).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let outcome = match command {
        UserCommand::Add {
            username,
            role,
            organisation,
            municipality,
        } => {
            add(
                cli,
                &store,
                username,
                role,
                organisation,
                municipality.as_deref(),
            )
            .await
        }
        UserCommand::Password { username } => password(cli, &store, username).await,
        UserCommand::Remove { username } => remove(cli, &store, username).await,
        UserCommand::List => list(cli, &store).await,
        UserCommand::Unlock { username } => unlock(cli, &store, username).await,
        UserCommand::Token(TokenCommand::Create { username, label }) => {
            create_token(cli, &store, username, label).await
        }
        UserCommand::Token(TokenCommand::List) => list_tokens(cli, &store).await,
        UserCommand::Token(TokenCommand::Revoke { id }) => revoke_token(cli, &store, id).await,
    };
    store.close().await;
    outcome
}

fn refused(cli: &Cli, message: String) -> Outcome {
    fail(cli, Outcome::Refused, &message)
}

fn read_password(cli: &Cli) -> Result<NewPassword, Outcome> {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        return Err(fail(
            cli,
            Outcome::Internal,
            &format!("cannot read the password: {e}"),
        ));
    }
    let first = input.lines().next().unwrap_or("");
    NewPassword::parse(first).map_err(|e| refused(cli, format!("password: {e}")))
}

/// The argon2id hash of a new password read from standard input.
fn new_hash(cli: &Cli) -> Result<String, Outcome> {
    let password = read_password(cli)?;
    password.hash().map_err(|e| {
        let message = format!("cannot hash the password: {e}");
        fail(cli, Outcome::Internal, &message)
    })
}

fn username(cli: &Cli, raw: &str) -> Result<Username, Outcome> {
    Username::parse(raw).map_err(|e| refused(cli, format!("user name {raw:?}: {e}")))
}

/// The account from the options, checked against the stored organisations.
async fn account_of(
    cli: &Cli,
    store: &Store,
    name: Username,
    role: &str,
    organisations: &[String],
    municipality: Option<&str>,
) -> Result<Account, Outcome> {
    let role = Role::parse(role).map_err(|_| {
        let roles: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        fail(
            cli,
            Outcome::Usage,
            &format!("--role {role:?}: one of {}", roles.join(", ")),
        )
    })?;
    let known = store
        .organisation_codes()
        .await
        .map_err(|e| fail(cli, Outcome::Internal, &e.to_string()))?;
    let mut codes = Vec::new();
    for raw in organisations {
        let code = OrganisationCode::parse(raw)
            .ok()
            .filter(|c| known.contains(c))
            .ok_or_else(|| refused(cli, format!("unknown organisation {raw}")))?;
        codes.push(code);
    }
    let municipality = municipality
        .map(|m| {
            MunicipalityCode::parse(m)
                .map_err(|e| refused(cli, format!("--municipality {m:?}: {e}")))
        })
        .transpose()?;
    let account = Account {
        username: name,
        role,
        organisations: codes,
        municipality,
        password_hash: String::new(),
    };
    account.check().map_err(|(field, problem)| {
        let name = match field {
            domain::Field::Named(name) => name,
            domain::Field::Record => "account",
        };
        refused(cli, format!("--{name}: {problem}"))
    })?;
    Ok(account)
}

async fn add(
    cli: &Cli,
    store: &Store,
    raw: &str,
    role: &str,
    organisations: &[String],
    municipality: Option<&str>,
) -> Outcome {
    let name = match username(cli, raw) {
        Ok(n) => n,
        Err(o) => return o,
    };
    match store.account(&name).await {
        Ok(Some(_)) => return refused(cli, format!("user {} exists", name.as_str())),
        Ok(None) => {}
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    }
    let mut account = match account_of(cli, store, name, role, organisations, municipality).await {
        Ok(a) => a,
        Err(o) => return o,
    };
    account.password_hash = match new_hash(cli) {
        Ok(h) => h,
        Err(o) => return o,
    };
    save(cli, store, &account, None, "added").await
}

async fn save(
    cli: &Cli,
    store: &Store,
    account: &Account,
    before: Option<&Account>,
    done: &str,
) -> Outcome {
    let saved = async {
        let mut tx = store.begin().await?;
        tx.save_account(account, before, &actor()).await?;
        tx.commit().await
    };
    match saved.await {
        Ok(_) => {
            match cli.format {
                Format::Text => emit(format!("user {done}: {}\n", store::described(account))),
                Format::Json => emit(format!(
                    "{}\n",
                    json!({"user": account.username.as_str(), "done": done})
                )),
            }
            Outcome::Done
        }
        Err(e) => fail(cli, Outcome::Internal, &e.to_string()),
    }
}

async fn stored(cli: &Cli, store: &Store, raw: &str) -> Result<Account, Outcome> {
    let name = username(cli, raw)?;
    match store.account(&name).await {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(refused(cli, format!("no user {}", name.as_str()))),
        Err(e) => Err(fail(cli, Outcome::Internal, &e.to_string())),
    }
}

async fn password(cli: &Cli, store: &Store, raw: &str) -> Outcome {
    let before = match stored(cli, store, raw).await {
        Ok(a) => a,
        Err(o) => return o,
    };
    let mut account = before.clone();
    account.password_hash = match new_hash(cli) {
        Ok(h) => h,
        Err(o) => return o,
    };
    save(cli, store, &account, Some(&before), "password changed").await
}

async fn remove(cli: &Cli, store: &Store, raw: &str) -> Outcome {
    let before = match stored(cli, store, raw).await {
        Ok(a) => a,
        Err(o) => return o,
    };
    let removed = async {
        let mut tx = store.begin().await?;
        tx.remove_account(&before.username, &before, &actor())
            .await?;
        tx.commit().await
    };
    match removed.await {
        Ok(_) => {
            match cli.format {
                Format::Text => emit(format!("user removed: {}\n", before.username.as_str())),
                Format::Json => emit(format!(
                    "{}\n",
                    json!({"user": before.username.as_str(), "done": "removed"})
                )),
            }
            Outcome::Done
        }
        Err(e) => fail(cli, Outcome::Internal, &e.to_string()),
    }
}

async fn unlock(cli: &Cli, store: &Store, raw: &str) -> Outcome {
    let account = match stored(cli, store, raw).await {
        Ok(a) => a,
        Err(o) => return o,
    };
    let name = account.username.as_str();
    let unlocked = async {
        let forgotten = store
            .forget_attempts(&web::throttle::account_key(name))
            .await?;
        let mut tx = store.begin().await?;
        tx.audit(&actor(), "unlock_user", name).await?;
        tx.commit().await?;
        Ok::<u64, store::StoreError>(forgotten)
    };
    match unlocked.await {
        Ok(forgotten) => {
            match cli.format {
                Format::Text => emit(format!(
                    "user unlocked: {name} ({forgotten} throttle entries forgotten)\n"
                )),
                Format::Json => emit(format!(
                    "{}\n",
                    json!({"user": name, "done": "unlocked", "forgotten": forgotten})
                )),
            }
            Outcome::Done
        }
        Err(e) => fail(cli, Outcome::Internal, &e.to_string()),
    }
}

async fn list(cli: &Cli, store: &Store) -> Outcome {
    let accounts = match store.accounts().await {
        Ok(a) => a,
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    match cli.format {
        Format::Text => {
            let lines: String = accounts
                .iter()
                .map(|a| format!("{}\n", store::described(a)))
                .collect();
            emit(lines);
        }
        Format::Json => {
            let users: Vec<_> = accounts
                .iter()
                .map(|a| {
                    json!({"user": a.username.as_str(), "role": a.role.code(),
                           "organisations": a.organisations.iter().map(|o| o.as_str()).collect::<Vec<_>>(),
                           "municipality": a.municipality.as_ref().map(|m| m.as_str())})
                })
                .collect();
            emit(format!("{}\n", json!({ "users": users })));
        }
    }
    Outcome::Done
}

async fn create_token(cli: &Cli, store: &Store, raw: &str, label: &str) -> Outcome {
    let account = match stored(cli, store, raw).await {
        Ok(a) => a,
        Err(o) => return o,
    };
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 100 {
        return refused(cli, "--label: 1 to 100 characters".to_string());
    }
    let (id, token, hash) = web::access::api_token();
    let created = async {
        let mut tx = store.begin().await?;
        tx.create_api_token(&id, &hash, &account.username, label, &actor())
            .await?;
        tx.commit().await
    };
    if let Err(e) = created.await {
        return fail(cli, Outcome::Internal, &e.to_string());
    }
    match cli.format {
        Format::Text => emit(format!(
            "token {id} for {} (shown once, keep it safe):\n{token}\n",
            account.username.as_str()
        )),
        Format::Json => emit(format!(
            "{}\n",
            json!({"id": id, "user": account.username.as_str(), "token": token})
        )),
    }
    Outcome::Done
}

async fn list_tokens(cli: &Cli, store: &Store) -> Outcome {
    let tokens = match store.api_tokens().await {
        Ok(t) => t,
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    match cli.format {
        Format::Text => emit(
            tokens
                .iter()
                .map(|t| {
                    let state = t
                        .revoked_at
                        .as_ref()
                        .map_or_else(|| "active".to_string(), |at| format!("revoked {at}"));
                    format!(
                        "{} {} \"{}\" made {} by {}, {state}\n",
                        t.id, t.username, t.label, t.created_at, t.created_by
                    )
                })
                .collect(),
        ),
        Format::Json => {
            let list: Vec<_> = tokens
                .iter()
                .map(|t| {
                    json!({"id": t.id, "user": t.username, "label": t.label,
                           "created_at": t.created_at, "created_by": t.created_by,
                           "revoked_at": t.revoked_at})
                })
                .collect();
            emit(format!("{}\n", json!({ "tokens": list })));
        }
    }
    Outcome::Done
}

async fn revoke_token(cli: &Cli, store: &Store, id: &str) -> Outcome {
    let revoked = async {
        let mut tx = store.begin().await?;
        let done = tx.revoke_api_token(id, &actor()).await?;
        tx.commit().await?;
        Ok::<bool, store::StoreError>(done)
    };
    match revoked.await {
        Ok(true) => {
            match cli.format {
                Format::Text => emit(format!("token revoked: {id}\n")),
                Format::Json => emit(format!("{}\n", json!({"id": id, "done": "revoked"}))),
            }
            Outcome::Done
        }
        Ok(false) => refused(cli, format!("no active token {id}")),
        Err(e) => fail(cli, Outcome::Internal, &e.to_string()),
    }
}

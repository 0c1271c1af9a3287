//! `impactmonitor serve`: the web application on a real database, and the
//! demo's accounts and server.

use crate::commands::{fail, initialise, Outcome};
use crate::limits::LimitArgs;
use crate::Cli;
use domain::account::NewPassword;
use domain::{Account, MunicipalityCode, OrganisationCode, Role, Username};
use interchange::limits::MIB;
use publish::Threshold;
use std::net::SocketAddr;
use std::time::Duration;
use store::Store;
use web::{AppState, Settings};

/// Where and how to serve.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// k of small-cell suppression: counts from 1 to k − 1 are not published (2 to 100).
    #[arg(long, default_value = "5", value_parser = crate::commands::threshold)]
    pub suppression_k: Threshold,
    /// Send the session cookie over plain HTTP too. Only for a server that
    /// is reached on this machine; behind HTTPS leave it off.
    #[arg(long)]
    pub cookie_insecure: bool,
    /// The largest upload of the import page, in MB.
    #[arg(long, env = "IMPACTMONITOR_MAX_UPLOAD_MB", default_value_t = Settings::default().upload_bytes as u64 / MIB)]
    pub max_upload_mb: u64,
    /// How many imports run at once; the next waits for one to finish.
    #[arg(long, env = "IMPACTMONITOR_IMPORTS_AT_ONCE", default_value_t = Settings::default().imports_at_once)]
    pub imports_at_once: usize,
    /// How many imports may wait for their turn (their files on disk); a
    /// further upload is refused until one has started.
    #[arg(long, env = "IMPACTMONITOR_IMPORTS_WAITING", default_value_t = Settings::default().imports_waiting)]
    pub imports_waiting: usize,
    /// Seconds a client may take to send a request's header.
    #[arg(long, env = "IMPACTMONITOR_HEADER_TIMEOUT", default_value_t = Settings::default().header_timeout.as_secs())]
    pub header_timeout: u64,
    /// Seconds a request may take, upload and answer included.
    #[arg(long, env = "IMPACTMONITOR_REQUEST_TIMEOUT", default_value_t = Settings::default().request_timeout.as_secs())]
    pub request_timeout: u64,
    /// How many sign-ins to one user name from one address have their
    /// password checked before the next must wait (2 s, then doubling); a
    /// user name or an address alone gets four times as many.
    #[arg(long, env = "IMPACTMONITOR_SIGN_IN_ATTEMPTS", default_value_t = Settings::default().sign_in_attempts)]
    pub sign_in_attempts: i64,
    /// The longest wait of a throttled sign-in, in seconds.
    #[arg(long, env = "IMPACTMONITOR_SIGN_IN_LONGEST_WAIT", default_value_t = Settings::default().sign_in_window_seconds)]
    pub sign_in_longest_wait: i64,
    /// How many passwords are checked at once (19 MiB of memory each);
    /// further sign-ins wait their turn. Default: the number of cores.
    #[arg(long, env = "IMPACTMONITOR_SIGN_IN_AT_ONCE", default_value_t = Settings::default().sign_in_at_once)]
    pub sign_in_at_once: usize,
    /// The header in which a reverse proxy in front of this server passes
    /// the client's address (e.g. X-Forwarded-For); its last address is
    /// the one sign-ins are throttled by. Without it: the peer address.
    #[arg(long, env = "IMPACTMONITOR_CLIENT_ADDRESS_HEADER")]
    pub client_address_header: Option<String>,
    /// How large an imported file may be, and the dates it may give.
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Where the data-quality check draws its lines.
    #[command(flatten)]
    pub quality: crate::check::QualityArgs,
}

impl ServeArgs {
    fn settings(&self) -> Settings {
        Settings {
            threshold: self.suppression_k,
            secure_cookies: !self.cookie_insecure,
            limits: self.limits.limits(),
            upload_bytes: usize::try_from(self.max_upload_mb.saturating_mul(MIB))
                .unwrap_or(usize::MAX),
            imports_at_once: self.imports_at_once,
            imports_waiting: self.imports_waiting.max(1),
            header_timeout: Duration::from_secs(self.header_timeout.max(1)),
            request_timeout: Duration::from_secs(self.request_timeout.max(1)),
            quality: self.quality.thresholds(),
            sign_in_attempts: self.sign_in_attempts.max(1),
            sign_in_window_seconds: self.sign_in_longest_wait.max(1),
            sign_in_at_once: self.sign_in_at_once.max(1),
            client_address_header: self.client_address_header.clone(),
            ..Settings::default()
        }
    }
}

/// Writes log lines (errors with their ids) to standard error.
pub fn start_logging() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .try_init();
}

/// Serves until stopped.
pub async fn serve_store(
    cli: &Cli,
    store: Store,
    pseudonymiser: interchange::Pseudonymiser,
    args: &ServeArgs,
) -> Outcome {
    start_logging();
    let state = AppState::new(store, args.settings(), pseudonymiser);
    eprintln!("impactmonitor serves on http://{}", args.listen);
    match web::serve(state, args.listen).await {
        Ok(()) => Outcome::Done,
        Err(e) => fail(
            cli,
            Outcome::Internal,
            &format!("cannot serve on {}: {e}", args.listen),
        ),
    }
}

/// Runs `serve`.
pub async fn run(cli: &Cli, args: &ServeArgs) -> Outcome {
    let (store, secret, _) = match initialise(cli, &cli.database).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    serve_store(cli, store, secret.pseudonymiser(), args).await
}

/// A demo account: user name, role, organisations, municipality.
type DemoAccount = (
    &'static str,
    Role,
    &'static [&'static str],
    Option<&'static str>,
);

/// One account per role, for the demo's organisations; the researcher
/// works for all three (Bergen's neighbourhood team too), and Bergen's
/// municipality reads its area profiles as Westerkwartier reads De
/// Schans's pages.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    ("medewerker", Role::Registrant, &["deschans"], None),
    ("coordinator", Role::Coordinator, &["deschans"], None),
    (
        "onderzoeker",
        Role::Researcher,
        &["deschans", "sedna", "wijkteam_bergen"],
        None,
    ),
    ("gemeente", Role::MunicipalityViewer, &[], Some("GM1969")),
    (
        "gemeente-bergen",
        Role::MunicipalityViewer,
        &[],
        Some("GM0373"),
    ),
    ("beheerder", Role::Admin, &[], None),
];

/// How many registrations the demo's social worker has registered herself.
const DEMO_CASELOAD: i64 = 45;

/// A password of 4 groups of 5 lower-case letters (about 94 bits).
fn fresh_password() -> String {
    let mut bytes = [0u8; 20];
    getrandom::getrandom(&mut bytes).expect("the operating system's random source works");
    let letters: Vec<char> = bytes.iter().map(|b| (b'a' + b % 26) as char).collect();
    letters
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Creates the demo accounts with fresh passwords; returns them with their
/// passwords, to be printed.
pub async fn demo_accounts(store: &Store) -> Result<Vec<(Account, String)>, String> {
    let mut made = Vec::new();
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    for (name, role, organisations, municipality) in DEMO_ACCOUNTS {
        let password = fresh_password();
        let account = Account {
            username: Username::parse(name).map_err(|e| e.to_string())?,
            role: *role,
            organisations: organisations
                .iter()
                .map(|o| OrganisationCode::parse(o).map_err(|e| e.to_string()))
                .collect::<Result<_, _>>()?,
            municipality: municipality
                .map(MunicipalityCode::parse)
                .transpose()
                .map_err(|e| e.to_string())?,
            password_hash: NewPassword::parse(&password)
                .map_err(|e| e.to_string())?
                .hash()?,
        };
        tx.save_account(&account, None, "demo")
            .await
            .map_err(|e| e.to_string())?;
        made.push((account, password));
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    // The social worker arrives with a caseload: the organisation's most
    // recently started registrations are hers in "Mijn registraties".
    for (account, _) in made.iter().filter(|(a, _)| a.role == Role::Registrant) {
        for organisation in &account.organisations {
            store
                .note_caseload(organisation, account.username.as_str(), DEMO_CASELOAD)
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(made)
}

/// Publishes every page of every organisation for the municipality (the
/// demo's researcher did): factsheets and monitors of every year, the
/// dashboard, the area pages of every year and the survey results, each as
/// its first frozen version; a page without data is left unpublished.
pub async fn publish_demo_pages(store: &Store, k: publish::Threshold) -> Result<usize, String> {
    let mut published = 0;
    for organisation in store.organisations().await.map_err(|e| e.to_string())? {
        let outcomes = web::publishing::publish_everything(store, &organisation.code, k, "demo")
            .await
            .map_err(|e| format!("{e:?}"))?;
        published += outcomes
            .iter()
            .filter(|(_, o)| matches!(o, web::publishing::Outcome::Published(_)))
            .count();
    }
    Ok(published)
}

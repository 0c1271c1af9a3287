//! What every request shares: the store, the installation's settings and
//! the figure cache.

use crate::figures::FigureCache;
use crate::imports::Jobs;
use crate::throttle::Throttle;
use domain::account::PasswordChecker;
use interchange::{Limits, Pseudonymiser};
use publish::Threshold;
use std::sync::Arc;
use std::time::Duration;
use store::Store;

/// The installation's settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// k of small-cell suppression (default 5).
    pub threshold: Threshold,
    /// Whether cookies are sent over HTTPS only. On by default; off only
    /// for a server on this machine (the demo on 127.0.0.1).
    pub secure_cookies: bool,
    /// How many attempts to sign in to one user name from one source
    /// address are checked before the next must wait (a wait that doubles
    /// from two seconds on); a user name or an address alone gets four
    /// times as many (see [`crate::throttle`]).
    pub sign_in_attempts: i64,
    /// The longest wait of the sign-in throttle, in seconds.
    pub sign_in_window_seconds: i64,
    /// How many passwords are checked at once (each check takes 19 MiB of
    /// argon2 memory, allocated once); further sign-ins wait their turn.
    pub sign_in_at_once: usize,
    /// The header a reverse proxy in front of the server writes the
    /// client's address into (`X-Forwarded-For`, `X-Real-IP`): its last
    /// address is the source of a sign-in. Without it, the connection's
    /// peer address.
    pub client_address_header: Option<String>,
    /// How long a session lasts without activity, in minutes.
    pub session_minutes: i64,
    /// How large an imported file may be, and the dates it may give.
    pub limits: Limits,
    /// The largest upload of the import page, in bytes.
    pub upload_bytes: usize,
    /// How many imports run at once; the next waits for one to finish.
    pub imports_at_once: usize,
    /// How many imports may wait for their turn (their files on disk); a
    /// further upload is refused until one has started.
    pub imports_waiting: usize,
    /// How long a client may take to send a request's header.
    pub header_timeout: Duration,
    /// How long a request may take, body and answer included.
    pub request_timeout: Duration,
    /// Where the data-quality check draws its lines.
    pub quality: quality::Thresholds,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            threshold: Threshold::default(),
            secure_cookies: true,
            sign_in_attempts: 5,
            sign_in_window_seconds: 15 * 60,
            sign_in_at_once: std::thread::available_parallelism().map_or(2, |n| n.get()),
            client_address_header: None,
            session_minutes: 8 * 60,
            limits: Limits::default(),
            upload_bytes: 64 * 1024 * 1024,
            imports_at_once: 2,
            imports_waiting: 8,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
            quality: quality::Thresholds::default(),
        }
    }
}

/// The state of the application, cloned into every request.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The settings.
    pub settings: Arc<Settings>,
    /// Figures per organisation, kept while the data version holds.
    pub cache: Arc<FigureCache>,
    /// Turns the client codes typed into forms into pseudonyms.
    pub pseudonymiser: Pseudonymiser,
    /// The imports started from the web.
    pub jobs: Arc<Jobs>,
    /// Checks sign-in passwords, a bounded number at once.
    pub passwords: Arc<Passwords>,
    /// Counts sign-in attempts before their passwords are checked.
    pub throttle: Throttle,
    /// Samples uploaded to make a mapping, in memory only.
    pub samples: Arc<crate::samples::Samples>,
}

/// The password checks of sign-in: a turn of [`Settings::sign_in_at_once`]
/// and an argon2 memory per turn.
#[derive(Debug)]
pub struct Passwords {
    /// A turn to check a password.
    pub turns: tokio::sync::Semaphore,
    /// The argon2 memories, one per turn.
    pub checker: PasswordChecker,
}

impl AppState {
    /// The state over a store with these settings.
    pub fn new(store: Store, settings: Settings, pseudonymiser: Pseudonymiser) -> Self {
        domain::account::prepare_sign_in();
        let at_once = settings.sign_in_at_once.max(1);
        Self {
            store,
            pseudonymiser,
            jobs: Arc::new(Jobs::new(
                settings.imports_at_once,
                settings.imports_waiting,
            )),
            passwords: Arc::new(Passwords {
                turns: tokio::sync::Semaphore::new(at_once),
                checker: PasswordChecker::new(at_once),
            }),
            throttle: Throttle::new(settings.sign_in_attempts, settings.sign_in_window_seconds),
            settings: Arc::new(settings),
            cache: Arc::new(FigureCache::default()),
            samples: Arc::default(),
        }
    }
}

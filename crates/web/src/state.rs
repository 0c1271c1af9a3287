//! What every request shares: the store, the installation's settings and
//! the figure cache.

use crate::figures::FigureCache;
use interchange::Pseudonymiser;
use publish::Threshold;
use std::sync::Arc;
use store::Store;

/// The installation's settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// k of small-cell suppression (default 5).
    pub threshold: Threshold,
    /// Whether cookies are sent over HTTPS only. On by default; off only
    /// for a server on this machine (the demo on 127.0.0.1).
    pub secure_cookies: bool,
    /// How many failed sign-ins of one user name within
    /// `sign_in_window_seconds` lock further attempts.
    pub sign_in_attempts: i64,
    /// The window of the sign-in limit, in seconds.
    pub sign_in_window_seconds: i64,
    /// How long a session lasts without activity, in minutes.
    pub session_minutes: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            threshold: Threshold::default(),
            secure_cookies: true,
            sign_in_attempts: 5,
            sign_in_window_seconds: 15 * 60,
            session_minutes: 8 * 60,
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
}

impl AppState {
    /// The state over a store with these settings.
    pub fn new(store: Store, settings: Settings, pseudonymiser: Pseudonymiser) -> Self {
        Self {
            store,
            pseudonymiser,
            settings: Arc::new(settings),
            cache: Arc::new(FigureCache::default()),
        }
    }
}

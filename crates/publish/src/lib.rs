//! Publishing figures (DOMAIN.md §5 and §6). Everything a municipality
//! viewer or the public can reach passes through here, in three passes
//! that run one way:
//!
//! 1. **Lay out.** A page's builder ([`factsheet`], [`monitor`], [`area`],
//!    [`surveys`], the dashboard) lays out a [`Layout`] from computed
//!    figures: each count a [`Counted`] with its key in the page's
//!    [`ledger`] and its true value; shares, sentences and bars say which
//!    counts they rest on. A builder knows nothing of protection.
//! 2. **Protect.** [`protection::protect`] decides over the merged ledgers
//!    of everything one audience can see which cells to hide;
//!    [`protected`] applies that decision to a laid-out page and gives a
//!    [`Publication`] publication. [`audit`] checks the decision as an
//!    attacker would.
//! 3. **Render.** The web page ([`html`], [`view`]), the PDF ([`pdf`]),
//!    XLSX and CSV ([`export`]) and the API's figures ([`figures`]) read
//!    only a [`Publication`] publication.

pub mod area;
pub mod audit;
pub mod changes;
pub mod chart;
pub mod comparison;
pub mod context;
pub mod din;
pub mod export;
pub mod factsheet;
pub mod figures;
pub mod frozen;
pub mod html;
pub mod ledger;
pub mod map;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod monitor;
pub mod pdf;
mod plan;
pub mod protected;
pub mod protection;
pub mod reach;
pub mod support;
pub mod suppression;
pub mod surveys;
mod tables;
mod theme;
mod trends;
pub mod view;
mod xml;

pub use area::{area, AreaInput};
pub use comparison::{comparison, Compared};
pub use factsheet::{blocks_of_goal, factsheet};
pub use ledger::{CellKey, Counted, Ledger};
pub use messages::{Lang, Messages};
pub use model::{Audience, Layout};
pub use monitor::{dashboard, monitor, DashboardInput, MonitorInput, ThemeFigures};
pub use protected::Publication;
pub use protection::{protect, Protection};
pub use suppression::{Entry, Mark, Share, Threshold};
pub use surveys::{surveys, SurveysInput};
pub use theme::FactsheetInput;

//! Publishing figures (DOMAIN.md §5 and §6): the publication model, built
//! from computed figures and already suppressed for its audience, with its
//! renderers. Everything a municipality viewer or the public can reach
//! passes through here; suppression lives in one place: each publication
//! writes its counts to a [`ledger`], [`protection`] decides over the
//! ledgers of everything one audience can see which cells to hide, and
//! [`audit`] checks that decision as an attacker would.

pub mod area;
pub mod audit;
pub mod changes;
pub mod chart;
pub mod din;
pub mod export;
pub mod factsheet;
pub mod figures;
pub mod frozen;
pub mod html;
pub mod ledger;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod monitor;
pub mod pdf;
mod plan;
pub mod protection;
pub mod reach;
pub mod support;
pub mod suppression;
pub mod surveys;
mod tables;
mod trends;
pub mod view;

pub use area::{area, AreaInput};
pub use factsheet::{blocks_of_goal, factsheet, FactsheetInput};
pub use ledger::{CellKey, Ledger, Reader};
pub use messages::{Lang, Messages};
pub use model::{Audience, Publication};
pub use monitor::{dashboard, monitor, DashboardInput, MonitorInput, ThemeFigures};
pub use protection::{protect, Protection};
pub use suppression::{Entry, Mark, Share, Threshold};
pub use surveys::{surveys, SurveysInput};

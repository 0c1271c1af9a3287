//! Publishing figures (DOMAIN.md §5 and §6): the publication model, built
//! from computed figures and already suppressed for its audience, with its
//! renderers. Everything a municipality viewer or the public can reach
//! passes through here; suppression lives in one place: [`suppression`].

pub mod area;
pub mod chart;
pub mod din;
pub mod export;
pub mod factsheet;
pub mod figures;
pub mod html;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod monitor;
pub mod pdf;
pub mod reach;
pub mod suppression;
pub mod surveys;
mod tables;
pub mod view;

pub use area::{area, AreaInput};
pub use factsheet::{factsheet, FactsheetInput};
pub use messages::{Lang, Messages};
pub use model::{Audience, Publication};
pub use monitor::{dashboard, monitor, DashboardInput, MonitorInput, ThemeFigures};
pub use suppression::{suppress, CountTable, Entry, SuppressedTable, Threshold};
pub use surveys::{surveys, SurveysInput};

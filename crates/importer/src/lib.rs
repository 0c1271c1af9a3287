//! The import pipeline every door uses (command line, web import page):
//! files are read and parsed by `interchange`, checked against what the
//! store holds, and stored in one transaction — all or nothing, or with
//! `partial` the valid rows only. Also the export, and the installation
//! secret that turns client codes into pseudonyms.

mod apply;
pub mod backup;
pub mod cbs;
mod export;
mod ids;
mod known;
mod mapped;
mod pipeline;
pub mod secret;

pub use export::export;
pub use known::Known;
pub use mapped::translated_files;
pub use pipeline::{
    import, publish_din_version, FileReport, ImportOptions, ImportReport, InputFile, Progress,
    WINDOWS_1252,
};
pub use secret::{Secret, SecretError};

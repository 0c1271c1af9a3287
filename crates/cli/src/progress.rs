//! A progress bar on standard error for long imports, shown only when
//! standard error is a terminal.

use importer::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;

/// Rows from which a file gets a bar.
const BAR_FROM_ROWS: u64 = 2_000;

/// Shows a bar per large file on a terminal; silent otherwise.
#[derive(Default)]
pub struct TerminalProgress {
    bar: Mutex<Option<ProgressBar>>,
}

impl Progress for TerminalProgress {
    fn start(&self, label: &str, rows: u64) {
        if rows < BAR_FROM_ROWS || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::new(rows);
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} rows ({elapsed})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label.to_string());
        *self.bar.lock().expect("progress lock") = Some(bar);
    }
    fn advance(&self, rows: u64) {
        if let Some(bar) = self.bar.lock().expect("progress lock").as_ref() {
            bar.inc(rows);
        }
    }
    fn storing(&self) {
        if let Some(bar) = self.bar.lock().expect("progress lock").as_ref() {
            let label = bar.message();
            bar.set_message(format!("{label}: storing"));
        }
    }
    fn finish(&self) {
        if let Some(bar) = self.bar.lock().expect("progress lock").take() {
            bar.finish_and_clear();
        }
    }
}

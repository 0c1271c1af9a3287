//! Imports from the web as jobs beside the pages: an upload starts a job
//! and its page shows the progress and, when done, the report. At most
//! [`Settings::imports_at_once`](crate::Settings::imports_at_once) run at
//! once; the next waits for one to finish, its files on disk, and at most
//! [`Settings::imports_waiting`](crate::Settings::imports_waiting) wait
//! (a further upload is refused before it is read). The importer does its reading
//! and checking off the threads that serve pages, so pages keep answering
//! while an import runs. Jobs live in memory: a restarted server forgets
//! them (an unconfirmed check is then uploaded again; nothing is half
//! stored, an import is one transaction).

use importer::{ImportReport, Progress};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// How long a finished job's report stays readable.
const KEPT: Duration = Duration::from_secs(60 * 60);

/// What a job does when its import is done well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Check only: the files are kept for a confirmation.
    Check,
    /// Import: the files are stored.
    Import,
}

/// Where a job is.
#[derive(Debug, Clone)]
pub enum Stage {
    /// Waiting for one of the running imports to finish.
    Waiting,
    /// Reading and checking rows (the progress says how far).
    Running,
    /// Done: the report, and the id of the kept upload to confirm.
    Done {
        /// What the import said.
        report: ImportReport,
        /// The kept upload, when a check passed.
        confirm: Option<String>,
    },
    /// The database failed; the message for the log's id.
    Failed(String),
}

/// How far a running job is, counted by the importer.
#[derive(Debug, Default)]
pub struct Counter {
    label: Mutex<String>,
    rows: AtomicU64,
    done: AtomicU64,
    storing: AtomicBool,
}

impl Progress for Counter {
    fn start(&self, label: &str, rows: u64) {
        if let Ok(mut l) = self.label.lock() {
            *l = label.to_string();
        }
        self.rows.store(rows, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
        self.storing.store(false, Ordering::Relaxed);
    }
    fn advance(&self, rows: u64) {
        self.done.fetch_add(rows, Ordering::Relaxed);
    }
    fn storing(&self) {
        self.storing.store(true, Ordering::Relaxed);
    }
    fn finish(&self) {}
}

/// A job's progress as a page shows it.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    /// The file (and kind) being read.
    pub label: String,
    /// Rows read and checked.
    pub done: u64,
    /// Rows in the file.
    pub rows: u64,
    /// Whether the rows are being stored.
    pub storing: bool,
}

/// One import started from the web.
#[derive(Debug)]
pub struct Job {
    /// Who it is for and what it does.
    pub owner: Owner,
    stage: Mutex<Stage>,
    counter: Arc<Counter>,
    finished: Mutex<Option<Instant>>,
}

impl Job {
    /// Where the job is.
    pub fn stage(&self) -> Stage {
        self.stage
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// How far it is.
    pub fn shown(&self) -> Shown {
        Shown {
            label: self
                .counter
                .label
                .lock()
                .map(|l| l.clone())
                .unwrap_or_default(),
            done: self.counter.done.load(Ordering::Relaxed),
            rows: self.counter.rows.load(Ordering::Relaxed),
            storing: self.counter.storing.load(Ordering::Relaxed),
        }
    }

    fn set(&self, stage: Stage) {
        let done = matches!(stage, Stage::Done { .. } | Stage::Failed(_));
        if let Ok(mut s) = self.stage.lock() {
            *s = stage;
        }
        if done {
            if let Ok(mut f) = self.finished.lock() {
                *f = Some(Instant::now());
            }
        }
    }

    fn expired(&self) -> bool {
        self.finished
            .lock()
            .ok()
            .and_then(|f| *f)
            .is_some_and(|at| at.elapsed() > KEPT)
    }
}

/// Uploaded files kept on disk in files without a name (gone when the
/// job ends, or the server does) until their import runs, so that an
/// upload waiting for its turn holds no memory.
#[derive(Debug, Default)]
pub struct Spooled(Vec<(String, std::fs::File)>);

impl Spooled {
    /// A new file of the upload, to write its bytes into.
    pub fn add(&mut self, name: String) -> std::io::Result<&mut std::fs::File> {
        self.0.push((name, tempfile::tempfile()?));
        Ok(&mut self.0.last_mut().expect("just added").1)
    }

    /// Keeps files that are in memory (a confirmed upload) on disk.
    pub fn of(files: Vec<importer::InputFile>) -> std::io::Result<Self> {
        use std::io::Write;
        let mut spooled = Self::default();
        for file in files {
            let bytes = file.read()?;
            spooled.add(file.name.clone())?.write_all(&bytes)?;
        }
        Ok(spooled)
    }

    /// Whether no file has any bytes.
    pub fn is_empty(&self) -> bool {
        self.0
            .iter()
            .all(|(_, f)| f.metadata().is_ok_and(|m| m.len() == 0))
    }

    /// The files, without the empty ones, for their import: read from
    /// their files when the import reaches them, one at a time. Files
    /// uploaded together are read as a folder given whole (a CBS download
    /// folder's files chosen at once): a JSON file among them that holds
    /// no CBS table, such as its `index.json`, is passed over with a
    /// notice, as the command line does for a folder.
    pub fn read(self) -> std::io::Result<Vec<importer::InputFile>> {
        let together = self.0.len() > 1;
        let mut files = Vec::new();
        for (name, file) in self.0 {
            if file.metadata()?.len() > 0 {
                let file = importer::InputFile::open(name, file);
                files.push(if together { file.in_folder() } else { file });
            }
        }
        Ok(files)
    }
}

/// The installation's import jobs.
#[derive(Debug)]
pub struct Jobs {
    slots: Arc<Semaphore>,
    jobs: Mutex<HashMap<String, Arc<Job>>>,
    waiting_at_most: usize,
}

/// Who a job is for and what it does.
#[derive(Debug, Clone)]
pub struct Owner {
    /// The organisation it imports for.
    pub organisation: String,
    /// Who started it: only they see it.
    pub actor: String,
    /// Check or import.
    pub purpose: Purpose,
}

impl Jobs {
    /// Room for `at_once` imports at a time (at least one), and at most
    /// `waiting_at_most` more waiting for their turn.
    pub fn new(at_once: usize, waiting_at_most: usize) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(at_once.max(1))),
            jobs: Mutex::default(),
            waiting_at_most,
        }
    }

    /// Whether another import may start now or wait for its turn: fewer
    /// than the most that may wait are waiting.
    pub fn has_room(&self) -> bool {
        self.jobs.lock().is_ok_and(|jobs| {
            jobs.values()
                .filter(|j| matches!(j.stage(), Stage::Waiting))
                .count()
                < self.waiting_at_most.max(1)
        })
    }

    /// The job `id`, when `actor` of `organisation` started it.
    pub fn get(&self, id: &str, organisation: &str, actor: &str) -> Option<Arc<Job>> {
        let jobs = self.jobs.lock().ok()?;
        jobs.get(id)
            .filter(|j| j.owner.organisation == organisation && j.owner.actor == actor)
            .cloned()
    }

    /// How many jobs run or wait now.
    pub fn busy(&self) -> usize {
        self.jobs.lock().map_or(0, |jobs| {
            jobs.values()
                .filter(|j| matches!(j.stage(), Stage::Waiting | Stage::Running))
                .count()
        })
    }

    /// Starts a job: it waits for a slot, then runs the future `make`
    /// gives with the job's counter; the stage the future ends in is the
    /// job's.
    pub fn start<F, Fut>(self: &Arc<Self>, id: String, owner: Owner, make: F)
    where
        F: FnOnce(Arc<Counter>) -> Fut,
        Fut: Future<Output = Stage> + Send + 'static,
    {
        let counter = Arc::new(Counter::default());
        let job = Arc::new(Job {
            owner,
            stage: Mutex::new(Stage::Waiting),
            counter: counter.clone(),
            finished: Mutex::default(),
        });
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.retain(|_, j| !j.expired());
            jobs.insert(id, job.clone());
        }
        let work = make(counter);
        let slots = self.slots.clone();
        tokio::spawn(async move {
            let Ok(_slot) = slots.acquire_owned().await else {
                return;
            };
            job.set(Stage::Running);
            job.set(work.await);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(actor: &str) -> Owner {
        Owner {
            organisation: "deschans".into(),
            actor: actor.into(),
            purpose: Purpose::Import,
        }
    }

    async fn until(job: &Job, done: impl Fn(&Stage) -> bool) {
        for _ in 0..200 {
            if done(&job.stage()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the job did not get there: {:?}", job.stage());
    }

    #[tokio::test]
    async fn the_next_import_waits_for_a_slot_and_only_its_owner_sees_it() {
        let jobs = Arc::new(Jobs::new(1, 1));
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        jobs.start("first".into(), owner("jan"), |_| async move {
            let _ = released.await;
            Stage::Failed("first done".into())
        });
        jobs.start("second".into(), owner("jan"), |_| async {
            Stage::Failed("second done".into())
        });
        let first = jobs.get("first", "deschans", "jan").expect("jan's job");
        let second = jobs.get("second", "deschans", "jan").expect("jan's job");
        until(&first, |s| matches!(s, Stage::Running)).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(matches!(second.stage(), Stage::Waiting), "one at a time");
        assert!(!jobs.has_room(), "one may wait, and one does");
        assert_eq!(jobs.busy(), 2);
        assert!(
            jobs.get("first", "deschans", "piet").is_none(),
            "not another user's"
        );
        assert!(
            jobs.get("first", "sedna", "jan").is_none(),
            "not another tenant's"
        );
        release.send(()).expect("the first job waits");
        until(
            &second,
            |s| matches!(s, Stage::Failed(m) if m == "second done"),
        )
        .await;
        assert_eq!(jobs.busy(), 0);
        assert!(jobs.has_room());
    }
}

//! Test support: one fresh database per test on every backend, and the
//! real `impactmonitor` binary run against it.
//!
//! SQLite always; PostgreSQL too when `IMPACTMONITOR_TEST_DATABASE_URL`
//! names a server (each test gets its own schema, dropped afterwards).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use store::testing::{databases, TestDatabase};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_impactmonitor");

/// The small, complete fixture set (every file kind).
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small")
}

/// The content of a fixture file.
pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).expect("fixture exists")
}

/// One database for one test, with the binary to run against it.
pub struct Db {
    /// "sqlite" or "postgres", for messages.
    pub label: &'static str,
    /// The database URL.
    pub url: String,
    /// The working folder of the commands (secret file, input files).
    pub dir: tempfile::TempDir,
    _database: TestDatabase,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Db {
    fn new(database: TestDatabase) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        Self {
            label: database.label,
            url: database.url.clone(),
            dir,
            _database: database,
        }
    }
    /// Writes the demo's files for a seed (`demo --generate`); their paths,
    /// sorted.
    pub fn generate_demo(&self, seed: &str) -> Vec<String> {
        let dir = self.dir.path().join(format!("demo-{seed}"));
        let dir = dir.display().to_string();
        self.run(&["demo", "--generate", &dir, "--seed", seed]).ok();
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("demo folder")
            .map(|e| e.expect("entry").path().display().to_string())
            .collect();
        files.sort();
        files
    }

    /// A fresh database holding the demo's files of a seed, imported.
    pub fn import_demo(&self, seed: &str) {
        self.init();
        let files = self.generate_demo(seed);
        let mut args = vec!["import"];
        args.extend(files.iter().map(String::as_str));
        self.run(&args).ok();
    }

    /// Runs the binary with these arguments against this database.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(BIN)
            .args(args)
            .current_dir(self.dir.path())
            .env("IMPACTMONITOR_DATABASE", &self.url)
            .env_remove("IMPACTMONITOR_SECRET")
            .output()
            .expect("the binary runs");
        Run::new(self.label, output)
    }

    /// Runs the binary with these arguments; with the run, its peak
    /// resident memory in bytes (the kernel's count for this one process,
    /// from `wait4`).
    // The child is reaped by wait4, which std's Child does not see.
    #[allow(clippy::zombie_processes)]
    pub fn run_measured(&self, args: &[&str]) -> (Run, u64) {
        use std::os::unix::process::ExitStatusExt;
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let out = self.dir.path().join(format!("out{n}"));
        let err = self.dir.path().join(format!("err{n}"));
        let child = Command::new(BIN)
            .args(args)
            .current_dir(self.dir.path())
            .env("IMPACTMONITOR_DATABASE", &self.url)
            .env_remove("IMPACTMONITOR_SECRET")
            .stdout(std::fs::File::create(&out).expect("a file"))
            .stderr(std::fs::File::create(&err).expect("a file"))
            .spawn()
            .expect("the binary runs");
        let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
        // SAFETY: waits for our own child, writing into the two locals.
        let waited = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
        assert_eq!(waited, child.id() as i32, "the child is waited for");
        let output = Output {
            status: std::process::ExitStatus::from_raw(status),
            stdout: std::fs::read(&out).expect("stdout"),
            stderr: std::fs::read(&err).expect("stderr"),
        };
        // ru_maxrss is in kilobytes on Linux.
        (Run::new(self.label, output), usage.ru_maxrss as u64 * 1024)
    }

    /// Runs the binary with these arguments and this standard input.
    pub fn run_with_input(&self, args: &[&str], input: &str) -> Run {
        use std::io::Write;
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(self.dir.path())
            .env("IMPACTMONITOR_DATABASE", &self.url)
            .env_remove("IMPACTMONITOR_SECRET")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the binary runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("input written");
        Run::new(self.label, child.wait_with_output().expect("it ends"))
    }

    /// The file of this database's installation secret.
    pub fn secret_file(&self) -> PathBuf {
        let path = importer::secret::secret_path(&self.url);
        match path.is_relative() {
            true => self.dir.path().join(path),
            false => path,
        }
    }

    /// Puts `source`'s installation secret where this database's belongs,
    /// as an administrator copies it before restoring its backup.
    pub fn take_secret_of(&self, source: &Db) {
        std::fs::copy(source.secret_file(), self.secret_file()).expect("the secret is copied");
    }

    /// `impactmonitor init`, which must succeed.
    pub fn init(&self) {
        self.run(&["init"]).ok();
    }

    /// Writes files into a fresh folder and returns their paths.
    pub fn write(&self, files: &[(&str, &[u8])]) -> Vec<String> {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let folder = self.dir.path().join(format!("in{n}"));
        std::fs::create_dir_all(&folder).expect("folder");
        files
            .iter()
            .map(|(name, content)| {
                let path = folder.join(name);
                std::fs::write(&path, content).expect("write input");
                path.display().to_string()
            })
            .collect()
    }

    /// Imports files given as (name, content), with extra arguments.
    pub fn import(&self, files: &[(&str, &str)], extra: &[&str]) -> Run {
        let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (*n, c.as_bytes())).collect();
        self.import_bytes(&bytes, extra)
    }

    /// Imports files given as (name, bytes), with extra arguments.
    pub fn import_bytes(&self, files: &[(&str, &[u8])], extra: &[&str]) -> Run {
        let paths = self.write(files);
        let mut args = vec!["import"];
        args.extend(paths.iter().map(String::as_str));
        args.extend(extra);
        self.run(&args)
    }

    /// The files of the organisation and its DIN, in the fixtures.
    pub const DIN: &'static [&'static str] = &[
        "organisations.csv",
        "partners.csv",
        "themes.csv",
        "goals.csv",
        "efforts.csv",
    ];

    /// Imports fixture files by name, with extra arguments.
    pub fn import_fixtures(&self, names: &[&str], extra: &[&str]) -> Run {
        let paths: Vec<String> = names
            .iter()
            .map(|n| fixtures().join(n).display().to_string())
            .collect();
        let mut args = vec!["import"];
        args.extend(paths.iter().map(String::as_str));
        args.extend(extra);
        self.run(&args)
    }

    /// `init`, then the organisation and its DIN from the fixtures.
    pub fn with_din(self) -> Self {
        self.init();
        self.import_fixtures(Self::DIN, &[]).ok();
        self
    }

    /// The export of a kind of the `deschans` organisation.
    pub fn export(&self, kind: &str) -> String {
        let run = self.run(&["export", "--kind", kind, "--organisation", "deschans"]);
        run.ok();
        run.stdout
    }

    /// How many records of a kind `deschans` has stored.
    pub fn count(&self, kind: &str) -> usize {
        let out = self.dir.path().join(format!("count-{kind}.csv"));
        let out = out.display().to_string();
        let run = self.run(&[
            "--format",
            "json",
            "export",
            "--kind",
            kind,
            "--organisation",
            "deschans",
            "--out",
            &out,
        ]);
        run.ok();
        run.json()["rows"].as_u64().expect("rows") as usize
    }
}

/// A fresh database on every backend under test.
pub fn backends() -> Vec<Db> {
    databases().into_iter().map(Db::new).collect()
}

/// What a run of the binary printed and how it exited.
pub struct Run {
    /// The backend, for messages.
    pub label: &'static str,
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    fn new(label: &'static str, output: Output) -> Self {
        Self {
            label,
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    fn describe(&self) -> String {
        format!(
            "[{}] exit {}\nstdout:\n{}\nstderr:\n{}",
            self.label, self.code, self.stdout, self.stderr
        )
    }

    /// Asserts exit code 0.
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success: {}", self.describe());
        self
    }

    /// Asserts exit code 1 and that nothing was stored.
    pub fn refused(&self) -> &Self {
        assert_eq!(self.code, 1, "expected refusal: {}", self.describe());
        self
    }

    /// Asserts the exit code.
    pub fn exit(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "expected exit {code}: {}", self.describe());
        self
    }

    /// Asserts that standard output has exactly this line (trimmed, and
    /// with the folder of an input file left out).
    pub fn has_line(&self, line: &str) -> &Self {
        let without_folder = |l: &str| -> String {
            let l = l.trim();
            match l.split_once(' ') {
                Some((path, rest)) if path.starts_with('/') => {
                    format!("{} {rest}", path.rsplit('/').next().unwrap_or(path))
                }
                _ => l.to_string(),
            }
        };
        assert!(
            self.stdout.lines().any(|l| without_folder(l) == line),
            "expected the line\n  {line}\n{}",
            self.describe()
        );
        self
    }

    /// Asserts that standard output or error mentions this text.
    pub fn says(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text) || self.stderr.contains(text),
            "expected {text:?} in {}",
            self.describe()
        );
        self
    }

    /// Standard output as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.describe()))
    }
}

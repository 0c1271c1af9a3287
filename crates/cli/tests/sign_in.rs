//! Sign-in against the real server process: a crowd of sign-ins with
//! random user names keeps its memory within a bound (each password check
//! takes 19 MiB of argon2 memory; a bounded number run at once, in memory
//! allocated once), and a password set on the command line with space
//! around it is the one the web signs in with; weak passwords are refused.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{backends, Db, BIN};

/// `impactmonitor serve` on a free port of this machine, stopped when
/// dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(db: &Db, extra: &[&str]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let address = format!("127.0.0.1:{port}");
        let child = Command::new(BIN)
            .args(["serve", "--listen", &address, "--cookie-insecure"])
            .args(extra)
            .current_dir(db.dir.path())
            .env("IMPACTMONITOR_DATABASE", &db.url)
            .env_remove("IMPACTMONITOR_SECRET")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        let server = Self { child, address };
        let started = Instant::now();
        while request(&server.address, "GET /sign-in HTTP/1.1\r\n", "").is_none() {
            assert!(started.elapsed() < Duration::from_secs(60), "serve answers");
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    /// A line of `/proc/PID/status` in kB (`VmHWM`: peak resident memory).
    fn status_kb(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server's status");
        status
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("the field")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a request (start line and headers given, `Host` and
/// `Connection: close` added) and reads the whole answer.
fn request(address: &str, head: &str, body: &str) -> Option<String> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .ok()?;
    let text = format!(
        "{head}Host: test\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(text.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    Some(answer)
}

/// The sign-in form's cookie and CSRF token, as a browser gets them.
fn form(address: &str) -> (String, String) {
    let page = request(address, "GET /sign-in HTTP/1.1\r\n", "").expect("the form");
    let cookie = page
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a cookie")
        .to_string();
    let at = page.find("name=\"csrf\" value=\"").expect("a token") + 19;
    let token = page[at..].chars().take_while(|c| *c != '"').collect();
    (cookie, token)
}

/// Posts the sign-in form; the status.
fn sign_in(address: &str, cookie: &str, token: &str, user: &str, password: &str) -> u16 {
    let body = format!("csrf={token}&username={user}&password={password}");
    let head = format!(
        "POST /sign-in HTTP/1.1\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    );
    request(address, &head, &body)
        .and_then(|a| a.split_whitespace().nth(1).and_then(|s| s.parse().ok()))
        .unwrap_or(0)
}

/// The peak memory the server may reach under the crowd: its own memory
/// at rest, the argon2 memories of two checks at once (2 × 19 MiB), and
/// room for 150 connections. Before the checks were bounded it reached
/// 2.9 GB.
const BOUND_KB: u64 = 160 * 1024;

#[test]
fn a_crowd_of_sign_ins_keeps_the_server_within_its_memory() {
    for db in backends() {
        db.init();
        let server = Server::start(
            &db,
            &["--sign-in-attempts", "1000", "--sign-in-at-once", "2"],
        );
        let (cookie, token) = form(&server.address);
        let statuses: Vec<u16> = std::thread::scope(|scope| {
            let crowd: Vec<_> = (0..150)
                .map(|i| {
                    let (address, cookie, token) = (&server.address, &cookie, &token);
                    scope.spawn(move || {
                        let user = format!("nobody-{i}-{}", std::process::id());
                        sign_in(address, cookie, token, &user, "not the password at all")
                    })
                })
                .collect();
            crowd
                .into_iter()
                .map(|t| t.join().expect("a status"))
                .collect()
        });
        let checked = statuses.iter().filter(|s| **s == 401).count();
        assert_eq!(
            checked, 150,
            "{}: every password checked: {statuses:?}",
            db.label
        );
        let peak = server.status_kb("VmHWM");
        assert!(
            peak < BOUND_KB,
            "{}: peak {peak} kB over the bound {BOUND_KB} kB",
            db.label
        );
        eprintln!("{}: peak resident memory {} MB", db.label, peak / 1024);
    }
}

#[test]
fn a_password_is_set_and_signed_in_with_the_same_rule_for_space() {
    for db in backends() {
        db.init();
        for weak in [
            "aaaaaaaaaaaa\n",
            "            \n",
            "qwerty123456\n",
            "kort\n",
        ] {
            db.run_with_input(&["user", "add", "zwak", "--role", "admin"], weak)
                .refused();
        }
        db.run_with_input(
            &["user", "add", "jan", "--role", "admin"],
            "  Tulpen in Leek 2022  \n",
        )
        .ok();
        let server = Server::start(&db, &[]);
        // Signed in without the space, and with it.
        for typed in ["Tulpen+in+Leek+2022", "+Tulpen+in+Leek+2022+"] {
            let (cookie, token) = form(&server.address);
            let status = sign_in(&server.address, &cookie, &token, "jan", typed);
            assert_eq!(status, 303, "{}: {typed}", db.label);
        }
    }
}

#[test]
fn an_administrator_unlocks_a_user_who_must_wait() {
    for db in backends() {
        db.init();
        db.run_with_input(
            &["user", "add", "jan", "--role", "admin"],
            "Tulpen in Leek 2022\n",
        )
        .ok();
        let server = Server::start(&db, &["--sign-in-attempts", "3"]);
        let attempt = |password: &str| {
            let (cookie, token) = form(&server.address);
            sign_in(&server.address, &cookie, &token, "jan", password)
        };
        for _ in 0..3 {
            assert_eq!(attempt("verkeerd wachtwoord"), 401, "{}", db.label);
        }
        assert_eq!(attempt("Tulpen+in+Leek+2022"), 429, "{}: waits", db.label);
        db.run(&["user", "unlock", "jan"])
            .ok()
            .says("user unlocked: jan");
        assert_eq!(
            attempt("Tulpen+in+Leek+2022"),
            303,
            "{}: unlocked",
            db.label
        );
        db.run(&["user", "unlock", "niemand"]).refused();
    }
}

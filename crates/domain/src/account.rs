//! The people who sign in (DOMAIN.md §1, §6): their role, and which
//! organisations (tenants) or municipality they may see. No names, no
//! e-mail addresses: a user name of the installation's choosing.

use crate::coded::Coded;
use crate::codes::{MunicipalityCode, OrganisationCode};
use crate::problem::{Field, Problem};
use serde::{Deserialize, Serialize};

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Medewerker: registers support and activities for one organisation.
    Registrant,
    /// Coordinator: keeps the DIN and imports data for one organisation.
    Coordinator,
    /// Onderzoeker: analyses and publishes for the organisations granted.
    Researcher,
    /// Gemeente: reads published figures of organisations working for one
    /// municipality.
    MunicipalityViewer,
    /// Admin: users, organisations, backups.
    Admin,
}

impl Coded for Role {
    const ALL: &'static [Self] = &[
        Self::Registrant,
        Self::Coordinator,
        Self::Researcher,
        Self::MunicipalityViewer,
        Self::Admin,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Registrant => "registrant",
            Self::Coordinator => "coordinator",
            Self::Researcher => "researcher",
            Self::MunicipalityViewer => "municipality",
            Self::Admin => "admin",
        }
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Registrant => &["medewerker"],
            Self::Researcher => &["onderzoeker"],
            Self::MunicipalityViewer => &["gemeente", "municipality_viewer"],
            _ => &[],
        }
    }
}

/// A user name: 2 to 64 characters of lower-case letters, digits and
/// `.`, `_`, `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    /// Parses a user name (lower-cased).
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = raw.trim().to_lowercase();
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
        if (2..=64).contains(&s.len()) && s.chars().all(allowed) {
            Ok(Self(s))
        } else {
            Err(Problem::BadForm {
                expected: "2 to 64 characters: a-z, 0-9, '.', '_' or '-'",
            })
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A user: name, role, where they may look, and the argon2id hash of their
/// password (never the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The user name.
    pub username: Username,
    /// The role.
    pub role: Role,
    /// Registrant and coordinator: their one organisation; researcher: the
    /// organisations granted; otherwise none.
    pub organisations: Vec<OrganisationCode>,
    /// Municipality viewer: the municipality.
    pub municipality: Option<MunicipalityCode>,
    /// The password hash in PHC form (`$argon2id$…`).
    pub password_hash: String,
}

impl Account {
    /// Checks that the role has the tenants it needs: one organisation for
    /// a registrant or coordinator, at least one for a researcher, a
    /// municipality (and no organisation) for a municipality viewer,
    /// neither for an admin.
    pub fn check(&self) -> Result<(), (Field, Problem)> {
        let organisations = self.organisations.len();
        let wrong = |field: &'static str, expected: &'static str| {
            Err((Field::Named(field), Problem::BadForm { expected }))
        };
        match self.role {
            Role::Registrant | Role::Coordinator if organisations != 1 => {
                wrong("organisation", "exactly one organisation for this role")
            }
            Role::Researcher if organisations == 0 => wrong(
                "organisation",
                "at least one organisation granted to a researcher",
            ),
            Role::MunicipalityViewer if self.municipality.is_none() => wrong(
                "municipality",
                "the municipality a municipality viewer reads for",
            ),
            Role::MunicipalityViewer | Role::Admin if organisations > 0 => {
                wrong("organisation", "no organisation for this role")
            }
            Role::Registrant | Role::Coordinator | Role::Researcher | Role::Admin
                if self.municipality.is_some() =>
            {
                wrong(
                    "municipality",
                    "a municipality only for a municipality viewer",
                )
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(role: Role, organisations: &[&str], municipality: Option<&str>) -> Account {
        Account {
            username: Username::parse("Jan.Jansen").unwrap(),
            role,
            organisations: organisations
                .iter()
                .map(|o| OrganisationCode::parse(o).unwrap())
                .collect(),
            municipality: municipality.map(|m| MunicipalityCode::parse(m).unwrap()),
            password_hash: "$argon2id$".into(),
        }
    }

    #[test]
    fn each_role_has_its_tenants() {
        assert!(account(Role::Registrant, &["deschans"], None)
            .check()
            .is_ok());
        assert!(account(Role::Registrant, &[], None).check().is_err());
        assert!(account(Role::Coordinator, &["deschans", "sedna"], None)
            .check()
            .is_err());
        assert!(account(Role::Researcher, &["deschans", "sedna"], None)
            .check()
            .is_ok());
        assert!(account(Role::Researcher, &[], None).check().is_err());
        assert!(account(Role::MunicipalityViewer, &[], Some("GM1969"))
            .check()
            .is_ok());
        assert!(account(Role::MunicipalityViewer, &[], None)
            .check()
            .is_err());
        assert!(
            account(Role::MunicipalityViewer, &["deschans"], Some("GM1969"))
                .check()
                .is_err()
        );
        assert!(account(Role::Admin, &[], None).check().is_ok());
        assert!(account(Role::Admin, &[], Some("GM1969")).check().is_err());
    }

    #[test]
    fn user_names() {
        assert_eq!(
            Username::parse(" Jan.Jansen ").unwrap().as_str(),
            "jan.jansen"
        );
        for bad in ["j", "jan jansen", "jan@x.nl", ""] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }
}

/// A new password: at least 12 characters, not one character or a short
/// pattern repeated, not on the list of common passwords shipped with the
/// program; hashed with argon2id (default parameters of the `argon2`
/// crate: 19 MiB, 2 passes, 1 lane) and a random salt.
pub struct NewPassword(String);

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 12;

/// Common passwords of [`MIN_PASSWORD`] characters or more, lower-cased
/// (data/common-passwords.txt names their sources and licences).
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// A password as it counts, from what was typed or read: surrounding
/// white space (a line break from standard input, a space typed before or
/// after it) is not part of it. The same rule when the password is set
/// (command line, web) and when it is checked at sign-in.
pub fn typed_password(raw: &str) -> &str {
    raw.trim()
}

/// Whether the password is one pattern of up to four characters repeated
/// (`aaaaaaaaaaaa`, `abcabcabcabc`, `121212121212`).
fn repeats_a_pattern(password: &[char]) -> bool {
    (1..=4).any(|n| {
        password.len() > n
            && password.len().is_multiple_of(n)
            && password.chunks(n).all(|c| c == &password[..n])
    })
}

/// Whether the password is on the shipped list of common passwords
/// (compared without regard to case).
fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON_PASSWORDS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == lower)
}

impl NewPassword {
    /// A password as typed (see [`typed_password`]) that holds the rules:
    /// at least [`MIN_PASSWORD`] characters, not a repeated pattern, not a
    /// common password.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let password = typed_password(raw);
        let chars: Vec<char> = password.chars().collect();
        if chars.len() < MIN_PASSWORD {
            return Err(Problem::BadForm {
                expected: "a password of at least 12 characters",
            });
        }
        if repeats_a_pattern(&chars) {
            return Err(Problem::BadForm {
                expected: "a password that is not one character or a short pattern repeated",
            });
        }
        if is_common(password) {
            return Err(Problem::BadForm {
                expected: "a password that is not on the list of common passwords",
            });
        }
        Ok(Self(password.to_string()))
    }

    /// The PHC string of the argon2id hash (`$argon2id$v=19$…`).
    pub fn hash(&self) -> Result<String, String> {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let mut random = [0u8; 16];
        getrandom::getrandom(&mut random).map_err(|e| e.to_string())?;
        let salt = SaltString::encode_b64(&random).map_err(|e| e.to_string())?;
        argon2::Argon2::default()
            .hash_password(self.0.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    }
}

/// A hash of a random password nobody knows, made once with the same
/// parameters as every account's.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let mut bytes = [0u8; 24];
        // Without a random source the hash is still one nobody signs in with.
        let _ = getrandom::getrandom(&mut bytes);
        let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        NewPassword::parse(&secret)
            .ok()
            .and_then(|p| p.hash().ok())
            .unwrap_or_default()
    })
}

/// Makes the hash [`PasswordChecker::sign_in_matches`] checks unknown user
/// names against, so that the first sign-in does not take longer (a server
/// calls it at start).
pub fn prepare_sign_in() {
    dummy_hash();
}

/// The most argon2 memory one verification may ask for (a stored hash
/// with a larger `m` is refused rather than allocated): 256 MiB.
const MAX_MEMORY_BLOCKS: usize = 256 * 1024;

/// Checks passwords against stored argon2 hashes with a fixed set of
/// argon2 memories, allocated once and used again: however many sign-ins
/// arrive, the memory they take is at most `memories` × the memory of one
/// hash (19 MiB with the default parameters). Whoever holds a checker
/// lets at most `memories` verifications run at once; one more waits for
/// a memory to come back.
#[derive(Debug)]
pub struct PasswordChecker {
    free: std::sync::Mutex<Vec<Vec<argon2::Block>>>,
    returned: std::sync::Condvar,
}

impl PasswordChecker {
    /// A checker with `memories` argon2 memories (at least one).
    pub fn new(memories: usize) -> Self {
        Self {
            free: std::sync::Mutex::new((0..memories.max(1)).map(|_| Vec::new()).collect()),
            returned: std::sync::Condvar::new(),
        }
    }

    /// Whether `password` (as typed) is the password of the account with
    /// stored `hash`. For no account (an unknown user name) the same work
    /// is done against a hash nobody's password matches and the answer is
    /// no: a wrong password and an unknown user take the same time, so
    /// user names cannot be told from the time a sign-in takes. Blocks
    /// while every memory is in use.
    pub fn sign_in_matches(&self, password: &str, hash: Option<&str>) -> bool {
        let password = typed_password(password);
        match hash {
            Some(hash) => self.matches(password, hash),
            None => {
                let _ = self.matches(password, dummy_hash());
                false
            }
        }
    }

    /// Whether a password matches a stored argon2 hash, computed in one of
    /// the checker's memories.
    pub fn matches(&self, password: &str, hash: &str) -> bool {
        let mut memory = self.take();
        let good = matches_in(password, hash, &mut memory);
        self.give_back(memory);
        good
    }

    fn take(&self) -> Vec<argon2::Block> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(memory) = free.pop() {
                return memory;
            }
            free = self.returned.wait(free).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn give_back(&self, memory: Vec<argon2::Block>) {
        self.free
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(memory);
        self.returned.notify_one();
    }
}

/// The argon2 verification of `password` against the PHC string `hash`,
/// in `memory` (grown to the hash's memory cost the first time).
fn matches_in(password: &str, hash: &str, memory: &mut Vec<argon2::Block>) -> bool {
    use argon2::password_hash::{Output, PasswordHash};
    use argon2::{Algorithm, Argon2, Params, Version};
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    if blocks > MAX_MEMORY_BLOCKS {
        return false;
    }
    if memory.len() < blocks {
        memory.resize(blocks, argon2::Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut memory[..blocks])
        .is_ok()
        && Output::new(&out).is_ok_and(|o| o == expected)
}

/// Whether a password matches a stored argon2 hash (one verification with
/// memory of its own; a server checks sign-ins with a [`PasswordChecker`]).
pub fn password_matches(password: &str, hash: &str) -> bool {
    matches_in(password, hash, &mut Vec::new())
}

#[cfg(test)]
mod password_tests {
    use super::*;

    #[test]
    fn an_unknown_user_never_matches_yet_does_the_work() {
        let checker = PasswordChecker::new(1);
        assert!(!checker.sign_in_matches("", None));
        assert!(!checker.sign_in_matches("anything at all", None));
        assert!(dummy_hash().starts_with("$argon2id$v=19$"));
        let hash = NewPassword::parse("correct horse battery")
            .unwrap()
            .hash()
            .unwrap();
        assert!(checker.sign_in_matches("correct horse battery", Some(&hash)));
    }

    #[test]
    fn hashed_with_argon2id_and_verified_in_a_memory_used_again() {
        let hash = NewPassword::parse("correct horse battery\n")
            .unwrap()
            .hash()
            .unwrap();
        assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
        let checker = PasswordChecker::new(1);
        for _ in 0..2 {
            assert!(checker.matches("correct horse battery", &hash));
            assert!(!checker.matches("correct horse batterY", &hash));
        }
        assert!(!checker.matches("correct horse battery", "not a hash"));
        assert!(password_matches("correct horse battery", &hash));
        assert!(NewPassword::parse("short").is_err());
    }

    #[test]
    fn the_checker_agrees_with_the_argon2_crate() {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let hash = NewPassword::parse("Tulpen in de Bergen 2022")
            .unwrap()
            .hash()
            .unwrap();
        for attempt in ["Tulpen in de Bergen 2022", "tulpen in de bergen 2022", ""] {
            let theirs = argon2::Argon2::default()
                .verify_password(attempt.as_bytes(), &PasswordHash::new(&hash).unwrap())
                .is_ok();
            assert_eq!(password_matches(attempt, &hash), theirs, "{attempt}");
        }
    }

    #[test]
    fn weak_passwords_are_refused() {
        for weak in [
            "aaaaaaaaaaaa",
            "            ",
            "abcabcabcabc",
            "121212121212",
            "QWERTY123456",
            "  123qweasdzxc  ",
            "kort",
        ] {
            assert!(NewPassword::parse(weak).is_err(), "{weak:?}");
        }
        assert!(NewPassword::parse("Schans-Leek-2022!").is_ok());
    }

    #[test]
    fn surrounding_space_is_not_part_of_a_password_when_set_or_checked() {
        let hash = NewPassword::parse("  ruim twaalf tekens \n")
            .unwrap()
            .hash()
            .unwrap();
        let checker = PasswordChecker::new(1);
        assert!(checker.sign_in_matches("ruim twaalf tekens", Some(&hash)));
        assert!(checker.sign_in_matches(" ruim twaalf tekens ", Some(&hash)));
        assert!(!checker.sign_in_matches("ruim  twaalf tekens", Some(&hash)));
    }
}

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

/// A new password: at least 12 characters, hashed with argon2id (default
/// parameters of the `argon2` crate: 19 MiB, 2 passes) and a random salt.
pub struct NewPassword(String);

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 12;

impl NewPassword {
    /// A password of at least [`MIN_PASSWORD`] characters (a trailing
    /// line break, as from standard input, is not part of it).
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let password = raw.trim_end_matches(['\r', '\n']);
        if password.chars().count() < MIN_PASSWORD {
            return Err(Problem::BadForm {
                expected: "a password of at least 12 characters",
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

/// Makes the hash [`sign_in_matches`] checks unknown user names against, so
/// that the first sign-in does not take longer (a server calls it at start).
pub fn prepare_sign_in() {
    dummy_hash();
}

/// Whether `password` is the password of the account with stored `hash`.
/// For no account (an unknown user name) the same work is done against a
/// hash nobody's password matches and the answer is no: a wrong password
/// and an unknown user take the same time, so user names cannot be told
/// from the time a sign-in takes.
pub fn sign_in_matches(password: &str, hash: Option<&str>) -> bool {
    match hash {
        Some(hash) => password_matches(password, hash),
        None => {
            let _ = password_matches(password, dummy_hash());
            false
        }
    }
}

/// Whether a password matches a stored argon2 hash.
pub fn password_matches(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod password_tests {
    use super::*;

    #[test]
    fn an_unknown_user_never_matches_yet_does_the_work() {
        assert!(!sign_in_matches("", None));
        assert!(!sign_in_matches("anything at all", None));
        assert!(dummy_hash().starts_with("$argon2id$v=19$"));
        let hash = NewPassword::parse("correct horse battery")
            .unwrap()
            .hash()
            .unwrap();
        assert!(sign_in_matches("correct horse battery", Some(&hash)));
    }

    #[test]
    fn hashed_with_argon2id_and_verified() {
        let hash = NewPassword::parse("correct horse battery\n")
            .unwrap()
            .hash()
            .unwrap();
        assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
        assert!(password_matches("correct horse battery", &hash));
        assert!(!password_matches("correct horse batterY", &hash));
        assert!(!password_matches("correct horse battery", "not a hash"));
        assert!(NewPassword::parse("short").is_err());
    }
}

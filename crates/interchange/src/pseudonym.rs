//! Client codes become pseudonyms: a keyed hash with the installation's
//! secret, so the code itself is never stored.

use domain::ClientPseudonym;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Turns client codes into pseudonyms with the installation secret
/// (HMAC-SHA256). The same code always gives the same pseudonym; without
/// the secret a pseudonym cannot be traced back to a code.
#[derive(Clone)]
pub struct Pseudonymiser {
    key: Vec<u8>,
}

impl std::fmt::Debug for Pseudonymiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymiser { key: [redacted] }")
    }
}

impl Pseudonymiser {
    /// A pseudonymiser with the installation secret as key.
    pub fn new(secret: &[u8]) -> Self {
        Self {
            key: secret.to_vec(),
        }
    }

    fn mac(&self, message: &[u8]) -> String {
        // HMAC takes a key of any length.
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC accepts any key length");
        mac.update(message);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The pseudonym of a client code (surrounding spaces ignored).
    pub fn pseudonym(&self, client_code: &str) -> ClientPseudonym {
        ClientPseudonym::parse(&self.mac(client_code.trim().as_bytes()))
            .expect("an HMAC-SHA256 is 64 hex digits")
    }

    /// A fingerprint of the secret, stored in the database so that a wrong
    /// secret is noticed before it makes pseudonyms that match nobody.
    pub fn fingerprint(&self) -> String {
        self.mac(b"impactmonitor secret fingerprint v1")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_code_same_pseudonym_other_secret_other_pseudonym() {
        let a = Pseudonymiser::new(b"secret one");
        assert_eq!(a.pseudonym("C-123"), a.pseudonym(" C-123 "));
        assert_ne!(a.pseudonym("C-123"), a.pseudonym("C-124"));
        assert_ne!(
            a.pseudonym("C-123"),
            Pseudonymiser::new(b"secret two").pseudonym("C-123")
        );
        assert!(!a.pseudonym("C-123").as_str().contains("123"));
    }

    #[test]
    fn matches_the_rfc_4231_test_vector() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        let p = Pseudonymiser::new(b"Jefe");
        assert_eq!(
            p.pseudonym("what do ya want for nothing?").as_str(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}

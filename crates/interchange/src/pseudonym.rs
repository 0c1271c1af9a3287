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
    /// HMAC-SHA256 with the secret taken in: each code starts from a copy
    /// of it, instead of hashing the key again.
    keyed: Hmac<Sha256>,
}

impl std::fmt::Debug for Pseudonymiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymiser { key: [redacted] }")
    }
}

impl Pseudonymiser {
    /// A pseudonymiser with the installation secret as key.
    pub fn new(secret: &[u8]) -> Self {
        // HMAC takes a key of any length.
        let keyed = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts any key length");
        Self { keyed }
    }

    /// The HMAC of `message`, as 64 lowercase hex digits.
    fn mac(&self, message: &[u8]) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut mac = self.keyed.clone();
        mac.update(message);
        let bytes = mac.finalize().into_bytes();
        let mut hex = String::with_capacity(2 * bytes.len());
        for b in bytes {
            hex.push(HEX[usize::from(b >> 4)] as char);
            hex.push(HEX[usize::from(b & 0xf)] as char);
        }
        hex
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

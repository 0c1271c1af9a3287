//! The sign-in throttle: how many password checks a source address, a
//! user name and the two together may have before the next must wait,
//! with a wait that doubles with every further attempt (docs/reliability.md).
//!
//! An attempt is counted *before* its password is checked, in one
//! statement that only succeeds if nobody counted in between
//! ([`store::Store::replace_attempts`]): of attempts sent together at most
//! the limit are checked. A good password takes the attempt back. The
//! pair (user name, source address) has the strict limit, so that whoever
//! tries one account from one place waits without keeping its owner, who
//! signs in from elsewhere, out; the user name and the source address
//! alone have a wider limit against attacks from many places or on many
//! accounts. Keys are SHA-256 digests: what was typed is never stored.

use crate::access::digest;
use store::{Attempts, Store, StoreError};

/// How many attempts one key may have before waiting, and how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Attempts counted before the first wait (of two seconds).
    pub limit: i64,
    /// The longest wait, in seconds (the doubling stops there).
    pub longest_wait: i64,
    /// After this many seconds without an attempt the count starts again.
    pub forget_after: i64,
}

impl Rule {
    /// What an attempt at `now` makes of what was `seen` of its key: the
    /// attempts to store when it may be checked, or else the seconds it
    /// must wait. The `n`-th attempt from the limit on makes the next wait
    /// `2^(n − limit + 1)` seconds, at most [`Rule::longest_wait`]: times
    /// are whole seconds, so the first wait lasts at least one.
    pub fn admit(&self, seen: Option<&Attempts>, now: i64) -> Result<Attempts, i64> {
        let (failures, blocked_until) = match seen {
            Some(s) if now - s.last_at <= self.forget_after => (s.failures, s.blocked_until),
            _ => (0, 0),
        };
        if blocked_until > now {
            return Err(blocked_until - now);
        }
        let failures = failures + 1;
        let wait = match failures - self.limit {
            over if over < 0 => 0,
            over => (2i64 << over.min(40)).min(self.longest_wait),
        };
        Ok(Attempts {
            failures,
            blocked_until: if wait > 0 { now + wait } else { 0 },
            last_at: now,
        })
    }
}

/// The key of a user name (as typed, lower-cased) in the throttle; the
/// keys of its pairs with source addresses begin with it, so that
/// forgetting it (an administrator's unlock) forgets those too.
pub fn account_key(username: &str) -> String {
    format!("a:{}", digest(&username.to_lowercase()))
}

fn pair_key(username: &str, source: &str) -> String {
    format!("{}:{}", account_key(username), digest(source))
}

fn source_key(source: &str) -> String {
    format!("s:{}", digest(source))
}

/// The throttle's rules: the pair's limit is the installation's sign-in
/// attempts; a user name or a source alone gets four times as many.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pair: Rule,
    wide: Rule,
}

impl Throttle {
    /// The throttle with `attempts` per user name and source address
    /// before waiting, waits of at most `longest_wait` seconds.
    pub fn new(attempts: i64, longest_wait: i64) -> Self {
        let pair = Rule {
            limit: attempts.max(1),
            longest_wait: longest_wait.max(1),
            forget_after: 2 * longest_wait.max(1),
        };
        Self {
            pair,
            wide: Rule {
                limit: 4 * pair.limit,
                ..pair
            },
        }
    }

    /// Counts an attempt of `username` from `source` against the source,
    /// the pair and the user name, in that order: `Ok` when its password
    /// may be checked, else the seconds to wait.
    pub async fn count(
        &self,
        store: &Store,
        username: &str,
        source: &str,
        now: i64,
    ) -> Result<Result<(), i64>, StoreError> {
        let keys = [
            (source_key(source), self.wide),
            (pair_key(username, source), self.pair),
            (account_key(username), self.wide),
        ];
        for (key, rule) in keys {
            if let Err(wait) = take(store, &key, rule, now).await? {
                return Ok(Err(wait));
            }
        }
        Ok(Ok(()))
    }

    /// After a good password: the user name's attempts (from every source)
    /// are forgotten, the source's own is taken back.
    pub async fn passed(
        &self,
        store: &Store,
        username: &str,
        source: &str,
    ) -> Result<(), StoreError> {
        store.forget_attempts(&account_key(username)).await?;
        store.take_back_attempt(&source_key(source)).await
    }
}

/// Counts one attempt of `key` under `rule`, trying again while other
/// attempts change the key in between.
async fn take(
    store: &Store,
    key: &str,
    rule: Rule,
    now: i64,
) -> Result<Result<(), i64>, StoreError> {
    loop {
        let seen = store.attempts(key).await?;
        let next = match rule.admit(seen.as_ref(), now) {
            Ok(next) => next,
            Err(wait) => return Ok(Err(wait)),
        };
        if store.replace_attempts(key, seen.as_ref(), &next).await? {
            return Ok(Ok(()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        limit: 5,
        longest_wait: 900,
        forget_after: 1800,
    };

    #[test]
    fn the_wait_doubles_from_the_limit_on_up_to_the_longest() {
        let mut seen: Option<Attempts> = None;
        let mut now = 1_000;
        let mut waits = Vec::new();
        for _ in 0..16 {
            let next = RULE
                .admit(seen.as_ref(), now)
                .expect("admitted once waited");
            waits.push((next.blocked_until - now).max(0));
            now = next.blocked_until.max(now);
            seen = Some(next);
        }
        assert_eq!(
            waits,
            [0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]
        );
    }

    #[test]
    fn an_attempt_within_the_wait_is_refused_with_the_rest_of_it() {
        let seen = Attempts {
            failures: 7,
            blocked_until: 1_008,
            last_at: 1_000,
        };
        assert_eq!(RULE.admit(Some(&seen), 1_003), Err(5));
        assert!(RULE.admit(Some(&seen), 1_008).is_ok());
    }

    #[test]
    fn the_count_starts_again_after_a_quiet_while() {
        let seen = Attempts {
            failures: 12,
            blocked_until: 1_900,
            last_at: 1_000,
        };
        let next = RULE.admit(Some(&seen), 2_801).expect("forgotten");
        assert_eq!((next.failures, next.blocked_until), (1, 0));
    }
}

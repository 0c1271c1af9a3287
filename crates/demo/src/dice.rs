//! The demo's randomness: a ChaCha8 stream from the seed, so the same seed
//! gives the same files on every machine.

use chrono::{Days, NaiveDate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The random source of one generation.
pub struct Dice(ChaCha8Rng);

impl Dice {
    /// A stream from a seed.
    pub fn new(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A whole number from `low` to `high`, both included.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        self.0.gen_range(low..=high)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.0.gen_bool(p.clamp(0.0, 1.0))
    }

    /// One of the items, uniformly.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.0.gen_range(0..items.len())]
    }

    /// A day from `first` to `last`, both included.
    pub fn day(&mut self, first: NaiveDate, last: NaiveDate) -> NaiveDate {
        let span = (last - first).num_days().max(0);
        first + Days::new(self.between(0, span) as u64)
    }

    /// Shuffles in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        items.shuffle(&mut self.0);
    }

    /// `n` items drawn by weight so that each item's count is exact: the
    /// counts are the largest-remainder apportionment of `n` by the
    /// weights, and the order is shuffled.
    pub fn exactly<T: Copy>(&mut self, n: usize, weighted: &[(T, u32)]) -> Vec<T> {
        let counts = apportion(n, &weighted.iter().map(|w| w.1).collect::<Vec<_>>());
        let mut items: Vec<T> = weighted
            .iter()
            .zip(counts)
            .flat_map(|((item, _), count)| std::iter::repeat_n(*item, count))
            .collect();
        self.shuffle(&mut items);
        items
    }

    /// `n` scores from 1 to 5 whose sum is exactly `sum` (so their mean is
    /// `sum / n`), spread around the mean.
    pub fn scores_with_sum(&mut self, n: usize, sum: u32) -> Vec<u8> {
        assert!(
            n > 0 && sum as usize >= n && sum as usize <= 5 * n,
            "{sum} over {n}"
        );
        let base = (sum as usize / n) as u8;
        let extra = sum as usize % n;
        let mut scores: Vec<u8> = (0..n).map(|i| base + u8::from(i < extra)).collect();
        for _ in 0..n {
            let (i, j) = (self.0.gen_range(0..n), self.0.gen_range(0..n));
            if i != j && scores[i] < 5 && scores[j] > 1 {
                scores[i] += 1;
                scores[j] -= 1;
            }
        }
        self.shuffle(&mut scores);
        scores
    }
}

/// Splits `n` by `weights` with the largest-remainder method: the counts
/// add up to `n` exactly; ties go to the earlier weight.
pub fn apportion(n: usize, weights: &[u32]) -> Vec<usize> {
    let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
    if total == 0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<(usize, u64)> = weights
        .iter()
        .map(|w| {
            let share = n as u64 * u64::from(*w);
            ((share / total) as usize, share % total)
        })
        .collect();
    let mut counts: Vec<usize> = exact.iter().map(|e| e.0).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| exact[*b].1.cmp(&exact[*a].1).then(a.cmp(b)));
    let missing = n - counts.iter().sum::<usize>();
    for i in order.into_iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up() {
        assert_eq!(apportion(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(apportion(304, &[15, 50, 20, 15]), vec![46, 152, 61, 45]);
        assert_eq!(apportion(0, &[1, 2]), vec![0, 0]);
    }

    #[test]
    fn scores_have_the_asked_sum() {
        let mut dice = Dice::new(7);
        for (n, sum) in [(64, 176), (64, 221), (11, 39), (8, 25), (1, 5)] {
            let s = dice.scores_with_sum(n, sum);
            assert_eq!(s.iter().map(|v| u32::from(*v)).sum::<u32>(), sum);
            assert!(s.iter().all(|v| (1..=5).contains(v)));
        }
    }
}

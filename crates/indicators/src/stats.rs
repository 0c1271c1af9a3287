//! Statistics as pure functions over numbers and slices, each with the
//! formula's source.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The z value of a two-sided 95 % interval (the 0.975 quantile of the
/// standard normal distribution), as DOMAIN.md §4.2 fixes it.
pub const Z95: f64 = 1.959964;

/// A closed interval `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// The Wilson score interval of a share `successes / n` at `z`.
///
/// Source: E. B. Wilson, "Probable inference, the law of succession, and
/// statistical inference", JASA 22 (1927) 209–212; in the form
/// (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), p = successes / n.
/// `None` when `n` is 0 or `successes > n`.
pub fn wilson(successes: u64, n: u64, z: f64) -> Option<Interval> {
    if n == 0 || successes > n {
        return None;
    }
    let (k, n) = (successes as f64, n as f64);
    let p = k / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let margin = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    Some(Interval {
        low: (centre - margin).max(0.0),
        high: (centre + margin).min(1.0),
    })
}

/// The arithmetic mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The sample standard deviation (n − 1 in the denominator); `None` for
/// fewer than two values.
pub fn sample_sd(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let m = mean(values)?;
    let squares: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
    Some((squares / (values.len() - 1) as f64).sqrt())
}

/// The 95 % t-interval of a mean: mean ± t(0.975; n − 1) · s / √n, with s
/// the sample standard deviation. For a paired change, pass the differences
/// (end − start). `None` when n < 2 (DOMAIN.md §4.3: no interval then).
///
/// Source: the one-sample Student t interval, e.g. NIST/SEMATECH
/// e-Handbook of Statistical Methods, §7.2.2.1.
///
/// The values are summed in ascending order, so the interval does not
/// depend on the order the records come in (SQLite and PostgreSQL return
/// scores in different orders; floating-point sums depend on order).
pub fn t_interval95(values: &[f64]) -> Option<Interval> {
    let n = values.len();
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (m, s) = (mean(&sorted)?, sample_sd(&sorted)?);
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64)
        .ok()?
        .inverse_cdf(0.975);
    let half = t * s / (n as f64).sqrt();
    Some(Interval {
        low: m - half,
        high: m + half,
    })
}

/// The median of values sorted ascending: the middle value, or the mean of
/// the two middle values when n is even (DOMAIN.md §4.7). `None` for none.
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The nearest-rank percentile of values sorted ascending: the ⌈q·n⌉-th
/// smallest value (DOMAIN.md §4.7 uses q = 0.9). `None` for none or q
/// outside (0, 1].
///
/// Source: the nearest-rank method, e.g. NIST e-Handbook §7.2.6.2 (the
/// definition without interpolation).
pub fn nearest_rank(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() || !(q > 0.0 && q <= 1.0) {
        return None;
    }
    // Guard against 0.9 · 10 = 9.000000000000002 rounding up to 10.
    let rank = ((q * sorted.len() as f64) - 1e-9).ceil().max(1.0) as usize;
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn wilson_for_174_of_274_is_the_published_interval() {
        // PRODUCT.md §4's example: goal realisation 174 of 274, ci95 [0.577, 0.690].
        // By hand: p = 0.635036, z² = 3.841459, centre 0.633166, margin 0.056638.
        let i = wilson(174, 274, Z95).unwrap();
        assert!(
            close(i.low, 0.576528, 1e-5) && close(i.high, 0.689804, 1e-5),
            "{i:?}"
        );
    }

    #[test]
    fn wilson_matches_the_textbook_examples() {
        // Newcombe (1998), Statistics in Medicine 17, 857–872, table I:
        // 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/20 → 0–0.1611.
        let a = wilson(81, 263, Z95).unwrap();
        assert!(
            close(a.low, 0.2553, 5e-5) && close(a.high, 0.3662, 5e-5),
            "{a:?}"
        );
        let b = wilson(15, 148, Z95).unwrap();
        assert!(
            close(b.low, 0.0624, 5e-5) && close(b.high, 0.1605, 5e-5),
            "{b:?}"
        );
        let c = wilson(0, 20, Z95).unwrap();
        assert!(
            close(c.low, 0.0, 1e-12) && close(c.high, 0.1611, 5e-5),
            "{c:?}"
        );
        assert_eq!(wilson(0, 0, Z95), None);
        assert_eq!(wilson(3, 2, Z95), None);
    }

    #[test]
    fn t_interval_uses_n_minus_one_degrees_of_freedom() {
        // Differences 1, 2, 3, 4, 5: mean 3, s = 1.581139, t(0.975; 4) = 2.776445,
        // half width 2.776445 · 1.581139 / √5 = 1.963243 → [1.036757, 4.963243].
        let i = t_interval95(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert!(
            close(i.low, 1.036757, 1e-5) && close(i.high, 4.963243, 1e-5),
            "{i:?}"
        );
        assert_eq!(t_interval95(&[2.0]), None);
        assert_eq!(t_interval95(&[]), None);
    }

    #[test]
    fn median_and_nearest_rank_percentile() {
        assert_eq!(median(&[1.0, 2.0, 3.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 3.0, 10.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        // ⌈0.9 · 10⌉ = 9 → the 9th smallest; ⌈0.9 · 11⌉ = 10 → the 10th.
        assert_eq!(nearest_rank(&ten, 0.9), Some(9.0));
        let eleven: Vec<f64> = (1..=11).map(f64::from).collect();
        assert_eq!(nearest_rank(&eleven, 0.9), Some(10.0));
        assert_eq!(nearest_rank(&[7.0], 0.9), Some(7.0));
        assert_eq!(nearest_rank(&[], 0.9), None);
    }

    proptest::proptest! {
        #[test]
        fn wilson_holds_the_share_and_stays_in_zero_one(n in 1u64..5000, k in 0u64..5000) {
            let k = k % (n + 1);
            let i = wilson(k, n, Z95).unwrap();
            let p = k as f64 / n as f64;
            proptest::prop_assert!(0.0 <= i.low && i.low <= p + 1e-12 && p <= i.high + 1e-12 && i.high <= 1.0);
        }

        #[test]
        fn percentiles_are_values_of_the_data(mut values in proptest::collection::vec(0u32..1000, 1..200)) {
            values.sort_unstable();
            let sorted: Vec<f64> = values.iter().map(|v| f64::from(*v)).collect();
            let p90 = nearest_rank(&sorted, 0.9).unwrap();
            proptest::prop_assert!(sorted.contains(&p90));
            let m = median(&sorted).unwrap();
            proptest::prop_assert!(sorted[0] <= m && m <= sorted[sorted.len() - 1]);
        }
    }
}

//! Linked cell suppression against the attacker's linear system
//! (`publish::audit`): area pages of registrations per main domain, a
//! factsheet of main domain × form with its margins, a theme over some of
//! the domains, and registrations without an area. Publication one page at a
//! time, a hidden cell of an area page follows from the factsheet minus
//! the other areas; protected together, for random counts and k = 3, 5
//! and 10, no primary cell's range holds fewer than k − 1 values.

use proptest::prelude::*;
use publish::audit::audit;
use publish::ledger::{CellKey, Ledger, Scope};
use publish::{protect, Mark, Threshold};
use std::collections::BTreeMap;

fn domain_key(d: usize) -> CellKey {
    CellKey::of(2022, "reach", &[("domain", &format!("d{d}"))], "n")
}

fn area_key(a: usize, d: usize) -> CellKey {
    domain_key(d).within(Scope::Area(format!("a{a}")))
}

fn area_total(a: usize) -> CellKey {
    CellKey::of(2022, "reach", &[("domains", "all")], "n").within(Scope::Area(format!("a{a}")))
}

/// The page of area `a`: its count per domain and its total, each domain a
/// part of the organisation's.
fn area_page(areas: &[Vec<u64>], a: usize) -> Ledger {
    let mut ledger = Ledger::default();
    for (d, n) in areas[a].iter().enumerate() {
        ledger.shown(area_key(a, d), *n);
        ledger.part_of(domain_key(d), "area".into(), area_key(a, d));
    }
    ledger.shown(area_total(a), areas[a].iter().sum());
    ledger.sum(
        area_total(a),
        (0..areas[a].len()).map(|d| area_key(a, d)).collect(),
    );
    ledger
}

/// The factsheet: domain × form with row, column and grand totals, and a
/// theme's total over the first two domains.
fn factsheet(by_form: &[Vec<u64>]) -> Ledger {
    let mut ledger = Ledger::default();
    let cell = |d: usize, f: usize| {
        CellKey::of(
            2022,
            "reach",
            &[("domain", &format!("d{d}")), ("form", &format!("f{f}"))],
            "n",
        )
    };
    let column = |f: usize| {
        CellKey::of(
            2022,
            "reach",
            &[("domains", "all"), ("form", &format!("f{f}"))],
            "n",
        )
    };
    let all = CellKey::of(2022, "reach", &[("domains", "all")], "n");
    let forms = by_form[0].len();
    for (d, row) in by_form.iter().enumerate() {
        for (f, n) in row.iter().enumerate() {
            ledger.shown(cell(d, f), *n);
        }
        ledger.shown(domain_key(d), row.iter().sum());
        ledger.sum(domain_key(d), (0..forms).map(|f| cell(d, f)).collect());
    }
    for f in 0..forms {
        ledger.shown(column(f), by_form.iter().map(|r| r[f]).sum());
        ledger.sum(column(f), (0..by_form.len()).map(|d| cell(d, f)).collect());
    }
    ledger.shown(all.clone(), by_form.iter().flatten().sum());
    ledger.sum(all.clone(), (0..by_form.len()).map(domain_key).collect());
    ledger.sum(all, (0..forms).map(column).collect());
    let theme = CellKey::of(2022, "reach", &[("domains", "d0+d1")], "n");
    ledger.shown(theme.clone(), by_form[..2].iter().flatten().sum());
    ledger.sum(theme, vec![domain_key(0), domain_key(1)]);
    ledger
}

/// Every page of the organisation, merged.
fn everything(areas: &[Vec<u64>], by_form: &[Vec<u64>]) -> (Vec<Ledger>, Ledger) {
    let mut pages: Vec<Ledger> = (0..areas.len()).map(|a| area_page(areas, a)).collect();
    pages.push(factsheet(by_form));
    let mut all = Ledger::default();
    for p in &pages {
        all.merge(p);
    }
    (pages, all)
}

#[test]
fn each_page_protected_alone_gives_a_hidden_count_away_and_together_it_holds() {
    // Area a0: 2 registrations on d0 (primary) and 20 on d1; area a1: 30
    // and 40. The factsheet shows d0 = 32: 32 − 30 = 2.
    let areas = vec![vec![2, 20], vec![30, 40]];
    let by_form = vec![vec![12, 20], vec![25, 35]];
    let k = Threshold::default();
    let (pages, all) = everything(&areas, &by_form);
    let mut alone: BTreeMap<CellKey, Mark> = BTreeMap::new();
    for page in &pages {
        alone.extend(protect(page, k).hidden().clone());
    }
    let attacked = audit(&all, &alone);
    let cell = attacked
        .iter()
        .find(|r| r.key == area_key(0, 0))
        .expect("the small cell is primary");
    assert_eq!((cell.min, cell.max), (2, Some(2)), "{attacked:#?}");
    assert!(!cell.holds(k.get()));

    let together = protect(&all, k);
    let ranges = audit(&all, together.hidden());
    assert!(ranges.iter().all(|r| r.holds(k.get())), "{ranges:#?}");
    assert!(ranges.iter().any(|r| r.key == area_key(0, 0)));
}

fn counts(rows: usize, columns: usize) -> impl Strategy<Value = Vec<Vec<u64>>> {
    proptest::collection::vec(proptest::collection::vec(0u64..14, columns), rows)
}

/// Areas (2 to 3) × domains (3), domain × form (3 × 2), and registrations
/// without an area (0 to 3 per domain): the factsheet's domain totals are
/// the areas' plus those.
fn tables() -> impl Strategy<Value = (Vec<Vec<u64>>, Vec<Vec<u64>>)> {
    (
        2usize..4,
        counts(3, 2),
        proptest::collection::vec(0u64..4, 3),
    )
        .prop_flat_map(|(areas, by_form, outside)| {
            let totals: Vec<u64> = by_form
                .iter()
                .zip(&outside)
                .map(|(r, o)| r.iter().sum::<u64>().saturating_sub(*o))
                .collect();
            // Split each domain's registrations (less those outside every
            // area) over the areas.
            let splits: Vec<BoxedStrategy<Vec<u64>>> =
                totals.iter().map(|t| split(*t, areas).boxed()).collect();
            (splits, Just(by_form)).prop_map(move |(per_domain, by_form)| {
                let areas: Vec<Vec<u64>> = (0..per_domain[0].len())
                    .map(|a| per_domain.iter().map(|d| d[a]).collect())
                    .collect();
                (areas, by_form)
            })
        })
}

/// `total` split into `parts` non-negative counts.
fn split(total: u64, parts: usize) -> impl Strategy<Value = Vec<u64>> {
    proptest::collection::vec(0..=total, parts - 1).prop_map(move |mut cuts| {
        cuts.sort_unstable();
        let mut out = Vec::new();
        let mut last = 0;
        for c in cuts {
            out.push(c - last);
            last = c;
        }
        out.push(total - last);
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_primary_cell_can_be_narrowed_when_everything_is_protected_together(
        (areas, by_form) in tables(),
        k in prop::sample::select(vec![3u64, 5, 10]),
    ) {
        let k = Threshold::new(k).expect("a k");
        let (_, all) = everything(&areas, &by_form);
        let protection = protect(&all, k);
        for (key, tally) in &all.counts {
            if tally.shown && k.is_small(tally.value.unwrap_or(0)) {
                prop_assert_eq!(protection.hidden().get(key), Some(&Mark::Primary));
            }
        }
        let ranges = audit(&all, protection.hidden());
        for r in &ranges {
            prop_assert!(r.holds(k.get()), "{:?} for k = {}", r, k.get());
        }
    }
}

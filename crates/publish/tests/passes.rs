//! The three passes of `publish` run one way (lay out → protect →
//! render): no module of the crate uses a module that uses it back, by any
//! path, and the page builders never name the protection. Read from the
//! sources, so a new `use` that closes a circle fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The page builders: they lay out a page from figures and know nothing
/// of which counts are hidden. (`comparison` is none: it puts together
/// dashboards already protected, after the second pass.)
const BUILDERS: [&str; 12] = [
    "area",
    "context",
    "factsheet",
    "monitor",
    "plan",
    "reach",
    "support",
    "surveys",
    "tables",
    "theme",
    "trends",
    "din",
];

/// Every module of the crate with the modules it names (`crate::x`, in
/// code, doc links and tests alike).
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = BTreeMap::new();
    for entry in std::fs::read_dir(&src).expect("the sources") {
        let path = entry.expect("a source file").path();
        let Some(module) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a readable source");
        let named: BTreeSet<String> = text
            .match_indices("crate::")
            .flat_map(|(at, _)| named_after(&text[at + 7..]))
            .filter(|m| !m.is_empty() && m != module && m.chars().all(|c| !c.is_uppercase()))
            .collect();
        graph.insert(module.to_string(), named);
    }
    graph
}

/// The modules named right after `crate::`: one (`crate::model::Cell`),
/// or each of a group (`crate::{model::Cell, ledger}`).
fn named_after(rest: &str) -> Vec<String> {
    let first = |path: &str| -> String {
        path.trim()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    match rest.strip_prefix('{') {
        Some(group) => group
            .split('}')
            .next()
            .unwrap_or_default()
            .split(',')
            .map(first)
            .collect(),
        None => vec![first(rest)],
    }
}

/// A circle of modules through `from`, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![(from.to_string(), vec![from.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((module, path)) = stack.pop() {
        for next in graph.get(&module).into_iter().flatten() {
            if next == from {
                let mut found = path.clone();
                found.push(from.to_string());
                return Some(found);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_module_of_publish_uses_a_module_that_uses_it_back() {
    let graph = uses();
    assert!(graph.contains_key("protected") && graph.contains_key("model"));
    for module in graph.keys() {
        if let Some(found) = circle(&graph, module) {
            panic!("a circle of modules: {}", found.join(" → "));
        }
    }
}

#[test]
fn the_page_builders_do_not_name_the_protection() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for builder in BUILDERS {
        let text = std::fs::read_to_string(src.join(format!("{builder}.rs"))).expect("a builder");
        for name in ["Protection", "crate::protection", "crate::protected"] {
            let code: String = text
                .lines()
                .take_while(|l| !l.starts_with("#[cfg(test)]"))
                .collect::<Vec<_>>()
                .join("\n");
            assert!(!code.contains(name), "{builder}.rs names {name}");
        }
    }
}

#[test]
fn modules_are_read_one_at_a_time_and_in_groups() {
    assert_eq!(named_after("model::Cell;"), vec!["model"]);
    assert_eq!(
        named_after("{model::Cell, ledger};"),
        vec!["model", "ledger"]
    );
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(m, uses)| (m.to_string(), uses.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(
        circle(&graph, "a"),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(circle(&graph, "d"), None);
}

//! Every text a user reads comes from the message files: both languages
//! have the same keys, every key the code and templates name exists, and
//! every code of every list shown has its label.

use domain::{
    AgeGroup, AreaProfileSection, Coded, CollectiveStatus, EffortCategory, GoalType,
    NarrativeSection, Nature, PartnerLine, PartnerSector, Role, SupportForm, SurveyKind,
};

use publish::Lang;
use std::path::Path;

/// The literal keys after each of these openings in the sources.
const OPENINGS: &[&str] = &[
    "Text::Key(\"",
    "Text::Filled(\"",
    "chrome.t(\"",
    "m.get(\"",
    "access.chrome.t(\"",
];

fn sources(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
            out.push(std::fs::read_to_string(&path).expect("a source file"));
        }
    }
}

fn used_keys() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for dir in ["src", "templates", "../publish/src"] {
        sources(&root.join(dir), &mut texts);
    }
    let mut keys = Vec::new();
    for text in &texts {
        for opening in OPENINGS {
            for (at, _) in text.match_indices(opening) {
                let key: String = text[at + opening.len()..]
                    .chars()
                    .take_while(|c| *c != '"')
                    .collect();
                if key.contains('.') {
                    keys.push(key);
                }
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

fn labels<T: Coded>(list: &str) -> Vec<String> {
    T::ALL
        .iter()
        .map(|c| format!("{list}.{}", c.code()))
        .collect()
}

#[test]
fn both_languages_have_the_same_keys() {
    let mut nl: Vec<&str> = Lang::Nl.messages().keys().collect();
    let mut en: Vec<&str> = Lang::En.messages().keys().collect();
    nl.sort();
    en.sort();
    let only_nl: Vec<_> = nl.iter().filter(|k| !en.contains(k)).collect();
    let only_en: Vec<_> = en.iter().filter(|k| !nl.contains(k)).collect();
    assert!(
        only_nl.is_empty() && only_en.is_empty(),
        "only Dutch: {only_nl:?}; only English: {only_en:?}"
    );
    assert!(nl.len() > 100, "{} keys", nl.len());
}

#[test]
fn every_key_used_and_every_label_exists() {
    let mut wanted = used_keys();
    assert!(
        wanted.len() > 50,
        "the scan found only {} keys",
        wanted.len()
    );
    wanted.extend(labels::<GoalType>("goal_type"));
    wanted.extend(labels::<EffortCategory>("category"));
    wanted.extend(labels::<PartnerSector>("sector"));
    wanted.extend(labels::<SupportForm>("form"));
    wanted.extend(labels::<AgeGroup>("age"));
    wanted.extend(labels::<Nature>("nature"));
    wanted.extend(labels::<SurveyKind>("survey"));
    wanted.extend(labels::<AreaProfileSection>("area_section"));
    wanted.extend(labels::<Role>("role"));
    wanted.extend(labels::<PartnerLine>("line"));
    wanted.extend(labels::<CollectiveStatus>("collective_status"));
    wanted.extend(labels::<NarrativeSection>("narrative_section"));
    for group in ["din", "collective", "plan", "texts"] {
        wanted.extend([format!("records.{group}"), format!("records_intro.{group}")]);
    }
    for kind in [
        "themes",
        "goals",
        "efforts",
        "partners",
        "collective",
        "reach_plan",
        "narrative",
        "area_profiles",
    ] {
        wanted.extend([
            format!("kind.{kind}"),
            format!("new.{kind}"),
            format!("edit.{kind}"),
        ]);
        let file = interchange::FileKind::ALL
            .iter()
            .find(|k| k.code() == kind)
            .copied();
        for column in file.map(|k| k.columns()).unwrap_or_default() {
            wanted.push(format!("field.{}", column.name));
        }
    }
    wanted.extend(["no_data", "not_available", "planned"].map(|s| format!("state.{s}")));
    let problems = [
        domain::Problem::Missing,
        domain::Problem::NoSuchDate,
        domain::Problem::NotADate,
        domain::Problem::NotAWholeNumber,
        domain::Problem::NotANumber,
        domain::Problem::Negative,
        domain::Problem::ScoreOutOfRange,
        domain::Problem::BadBirthYear,
        domain::Problem::UnknownCode {
            allowed: String::new(),
        },
        domain::Problem::Unknown { what: "area" },
        domain::Problem::BadForm { expected: "" },
        domain::Problem::BeforeStart {
            start: "start_date",
        },
        domain::Problem::GoalScoreForMinor,
        domain::Problem::EndScoreWithoutEndDate,
        domain::Problem::NeitherGiven {
            other: "birth_year",
        },
        domain::Problem::AgeMismatch,
        domain::Problem::Duplicate { first_line: 2 },
        domain::Problem::RequiresOther { other: "stopped" },
        domain::Problem::Conflict {
            detail: String::new(),
        },
    ];
    wanted.extend(problems.iter().map(|p| format!("problem.{}", p.code())));
    use interchange::FileProblem as F;
    let file_problems = [
        F::Empty,
        F::NotCsvOrXlsx {
            found: interchange::OtherFormat::Xls,
        },
        F::NotCsvOrXlsx {
            found: interchange::OtherFormat::Pdf,
        },
        F::NotCsvOrXlsx {
            found: interchange::OtherFormat::Zip,
        },
        F::NotCsvOrXlsx {
            found: interchange::OtherFormat::UnreadableCsv(String::new()),
        },
        F::NotUtf8 {
            line: 1,
            byte: Some(0xEB),
        },
        F::NotUtf8 {
            line: 1,
            byte: None,
        },
        F::NoHeader,
        F::MissingColumns {
            kind: String::new(),
            columns: vec![],
        },
        F::DuplicateColumn {
            column: String::new(),
        },
        F::UnknownKind,
        F::UnknownZrmColumn {
            column: String::new(),
        },
        F::MappedColumnsMissing { columns: vec![] },
        F::UnknownValues {
            mapping: String::new(),
            values: vec![],
        },
        F::PrivateColumn {
            column: String::new(),
            private: String::new(),
        },
        F::Other {
            detail: String::new(),
        },
    ];
    wanted.extend(
        file_problems
            .iter()
            .map(|p| format!("file_problem.{}", p.code())),
    );
    let kind = interchange::FileKind::Registrations;
    let mapping_problems = [
        interchange::mapping::MappingProblem::UnknownKind(String::new()),
        interchange::mapping::MappingProblem::NoName,
        interchange::mapping::MappingProblem::UnknownColumn {
            source: String::new(),
            column: String::new(),
        },
        interchange::mapping::MappingProblem::TwiceMapped {
            column: String::new(),
            sources: vec![],
        },
        interchange::mapping::MappingProblem::RequiredUnmapped {
            column: String::new(),
        },
        interchange::mapping::MappingProblem::PrivateMapped {
            source: String::new(),
            private: interchange::mapping::Private::Name,
            column: String::new(),
        },
        interchange::mapping::MappingProblem::SourceTwice {
            source: String::new(),
        },
        interchange::mapping::MappingProblem::OneOfUnmapped { columns: vec![] },
    ];
    wanted.extend(
        mapping_problems
            .iter()
            .map(|p| format!("mapping_problem.{}", p.code())),
    );
    wanted.extend(
        interchange::mapping::Private::ALL
            .iter()
            .map(|p| format!("private.{}", p.code())),
    );
    wanted.extend(
        interchange::mapping::DateFormat::ALL
            .iter()
            .map(|f| format!("dates.{}", f.code())),
    );
    wanted.extend(kind.columns().iter().map(|c| format!("field.{}", c.name)));
    for error in [
        "not_found",
        "forbidden",
        "bad_token",
        "too_many",
        "internal",
    ] {
        wanted.extend([
            format!("error.{error}.title"),
            format!("error.{error}.text"),
        ]);
    }
    for lang in Lang::ALL {
        let m = lang.messages();
        let missing: Vec<&String> = wanted.iter().filter(|k| !m.has(k)).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
    }
}

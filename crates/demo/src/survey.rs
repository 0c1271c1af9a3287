//! De Schans's surveys of 2020 (DEMO-FIGURES.md B): client satisfaction and
//! the network partners' survey, answers as respondents gave them; and the
//! impact measurement of 2022 that asked the visitors of Walk en Talk to
//! rate three statements on 1–10 (fixed counts, no draws, so that the
//! other demo figures stay as they are).

use crate::dice::Dice;
use crate::sheet::Sheet;

/// Network partners: question and the number of the 100 respondents who
/// agree or fully agree.
const PARTNER_QUESTIONS: &[(&str, usize)] = &[
    ("medewerkers zijn innovatief", 54),
    ("medewerkers zijn ondernemend", 72),
    ("medewerkers zijn professioneel", 81),
    ("medewerkers zijn verbindend", 69),
    ("medewerkers zijn resultaatgericht", 55),
    ("tevreden over de inhoudelijke bijdrage", 74),
    ("tevreden over de toegevoegde waarde", 75),
    ("voldoende geïnformeerd over het aanbod", 66),
];

/// surveys.csv: who was asked and how many responded.
pub fn surveys() -> Sheet {
    let mut s = Sheet::new(
        "surveys.csv",
        &[
            "organisation",
            "survey",
            "kind",
            "year",
            "asked",
            "responses",
            "activity",
        ],
    );
    s.row([
        "deschans",
        "inwoners2020",
        "inwoners",
        "2020",
        "324",
        "67",
        "",
    ]);
    s.row([
        "deschans",
        "netwerk2020",
        "netwerkpartners",
        "2020",
        "394",
        "100",
        "",
    ]);
    s.row([
        "deschans",
        "impact2022",
        "impactmeting",
        "2022",
        "41",
        "34",
        "walk_en_talk",
    ]);
    s
}

/// The impact measurement of Walk en Talk in 2022: per statement, the
/// count of each score of the 34 visitors who answered.
const WALK_AND_TALK: &[(&str, &[(&str, &str)])] = &[
    (
        "ik heb nieuwe mensen leren kennen",
        &[("6", "3"), ("7", "8"), ("8", "12"), ("9", "7"), ("10", "4")],
    ),
    (
        "ik voel me minder alleen",
        &[
            ("5", "2"),
            ("6", "5"),
            ("7", "10"),
            ("8", "9"),
            ("9", "4"),
            ("10", "2"),
            ("nvt", "2"),
        ],
    ),
    (
        "ik beweeg meer dan voorheen",
        &[
            ("4", "1"),
            ("5", "3"),
            ("6", "6"),
            ("7", "8"),
            ("8", "5"),
            ("9", "2"),
            ("nvt", "9"),
        ],
    ),
];

/// survey.csv: one row per partner's answer (100 partners, eight
/// statements), and the clients' answers as aggregated counts.
pub fn answers(dice: &mut Dice) -> Sheet {
    let mut s = Sheet::new(
        "survey.csv",
        &[
            "organisation",
            "survey",
            "kind",
            "year",
            "question",
            "answer",
            "count",
        ],
    );
    for (question, agree) in PARTNER_QUESTIONS {
        let fully = dice.between(0, *agree as i64 / 3) as usize;
        let mut answers = vec!["helemaal eens"; fully];
        answers.extend(vec!["eens"; agree - fully]);
        let rest = 100 - agree;
        answers.extend(dice.exactly(
            rest,
            &[("neutraal", 6), ("oneens", 3), ("helemaal oneens", 1)],
        ));
        dice.shuffle(&mut answers);
        for answer in answers {
            s.row([
                "deschans",
                "netwerk2020",
                "netwerkpartners",
                "2020",
                question,
                answer,
                "",
            ]);
        }
    }
    let overall: &[(&str, &str)] = &[
        ("10", "9"),
        ("9", "14"),
        ("8", "25"),
        ("7", "12"),
        ("6", "4"),
        ("5", "2"),
        ("nvt", "1"),
    ];
    for (answer, count) in overall {
        s.row([
            "deschans",
            "inwoners2020",
            "inwoners",
            "2020",
            "rapportcijfer ondersteuning",
            answer,
            count,
        ]);
    }
    let helped: &[(&str, &str)] = &[
        ("zeer tevreden", "24"),
        ("tevreden", "31"),
        ("neutraal", "8"),
        ("ontevreden", "3"),
        ("nvt", "1"),
    ];
    for (answer, count) in helped {
        s.row([
            "deschans",
            "inwoners2020",
            "inwoners",
            "2020",
            "tevreden over de hulp",
            answer,
            count,
        ]);
    }
    for (statement, scores) in WALK_AND_TALK {
        for (answer, count) in *scores {
            s.row([
                "deschans",
                "impact2022",
                "impactmeting",
                "2022",
                statement,
                answer,
                count,
            ]);
        }
    }
    s
}

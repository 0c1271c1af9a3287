//! De Schans's surveys of 2020 (DEMO-FIGURES.md B): client satisfaction and
//! the network partners' survey, answers as respondents gave them.

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
        ],
    );
    s.row(["deschans", "inwoners2020", "inwoners", "2020", "324", "67"]);
    s.row([
        "deschans",
        "netwerk2020",
        "netwerkpartners",
        "2020",
        "394",
        "100",
    ]);
    s
}

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
    s
}

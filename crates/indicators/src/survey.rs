//! Surveys (DOMAIN.md §4.10): response rates, answer distributions, the
//! share (very) satisfied or agreeing, and mean ratings.

use crate::figure::Figure;
use crate::selection::Selection;
use crate::stats::mean;
use domain::{Coded, Survey, SurveyAnswer};
use std::collections::BTreeMap;

/// Below this many respondents a figure carries the warning `n_below_30`.
pub const SMALL_N: u64 = 30;

/// Answers that say "not applicable"; they are left out of shares and means.
const NOT_APPLICABLE: &[&str] = &["nvt", "niet_van_toepassing", "weet_niet"];

/// Answers that count as (very) satisfied or (fully) agreeing.
const POSITIVE: &[&str] = &[
    "eens",
    "helemaal_eens",
    "zeer_eens",
    "tevreden",
    "zeer_tevreden",
    "ja",
    "goed",
    "zeer_goed",
];

/// Answers that count as a verbal answer that is not positive.
const OTHER_VERBAL: &[&str] = &[
    "oneens",
    "helemaal_oneens",
    "zeer_oneens",
    "neutraal",
    "niet_eens_niet_oneens",
    "ontevreden",
    "zeer_ontevreden",
    "nee",
    "slecht",
    "zeer_slecht",
    "matig",
];

/// Whether an answer counts as applicable (not `nvt` or `weet niet`): the
/// answers the positive share and the mean are computed over.
pub fn is_applicable(answer: &str) -> bool {
    !NOT_APPLICABLE.contains(&folded(answer).as_str())
}

/// Whether an answer is a positive one (the numerator of the share
/// (very) satisfied or agreeing).
pub fn is_positive(answer: &str) -> bool {
    POSITIVE.contains(&folded(answer).as_str())
}

/// The verbal scales from low to high, each answer's place on its scale.
const SCALES: &[&[&str]] = &[
    &[
        "helemaal_oneens|zeer_oneens",
        "oneens",
        "neutraal|niet_eens_niet_oneens",
        "eens",
        "helemaal_eens|zeer_eens",
    ],
    &[
        "zeer_ontevreden",
        "ontevreden",
        "neutraal",
        "tevreden",
        "zeer_tevreden",
    ],
    &["zeer_slecht", "slecht", "matig", "goed", "zeer_goed"],
    &["nee", "ja"],
];

/// Where an answer stands on its question's scale, for showing the answers
/// in order: a number by its value (1 to 10), a verbal answer by its place
/// on its scale (from the lowest), and "not applicable" and unknown
/// answers after them.
pub fn scale_position(answer: &str) -> f64 {
    let folded = folded(answer);
    if let Ok(v) = folded.replace(',', ".").parse::<f64>() {
        return v;
    }
    if !is_applicable(answer) {
        return 2000.0;
    }
    for scale in SCALES {
        if let Some(i) = scale
            .iter()
            .position(|step| step.split('|').any(|a| a == folded))
        {
            return i as f64;
        }
    }
    1000.0
}

/// An answer as compared: lower case, without dots, spaces and hyphens as
/// `_` (`N.v.t.` → `nvt`, `Helemaal eens` → `helemaal_eens`).
pub fn folded(answer: &str) -> String {
    answer
        .trim()
        .to_lowercase()
        .replace('.', "")
        .replace([' ', '-'], "_")
}

fn warn(figure: Figure) -> Figure {
    if figure.n < SMALL_N {
        figure.with_text("warning", "n_below_30")
    } else {
        figure
    }
}

/// The organisation's surveys held in a year within the selection's period.
pub fn selected<'a>(surveys: &'a [Survey], selection: &Selection) -> Vec<&'a Survey> {
    surveys
        .iter()
        .filter(|s| s.organisation == selection.organisation)
        .filter(|s| selection.period.covers_year(s.year))
        .collect()
}

/// Survey response (`survey_response`, §4.10), per survey (key `survey`):
/// `numerator` the responses, `denominator` the population asked, `value`
/// the response rate; `n` the responses; `kind` and `year`. No data when
/// the population or the responses are not known. `warning` `n_below_30`
/// when fewer than 30 responded.
pub fn survey_response(surveys: &[&Survey]) -> Vec<Figure> {
    surveys
        .iter()
        .map(|s| {
            let keys = vec![("survey", s.id.as_str().to_string())];
            let mut figure = match (s.responses, s.asked) {
                (Some(r), Some(a)) => Figure::share("survey_response", keys, r.into(), a.into()),
                _ => Figure {
                    state: Some(crate::State::NoData),
                    ..Figure::new("survey_response", keys)
                },
            };
            figure.n = s.responses.map_or(0, u64::from);
            warn(
                figure
                    .with_text("kind", s.kind.code())
                    .with_number("year", f64::from(s.year)),
            )
        })
        .collect()
}

/// The answers to one question, as counts per answer as written.
type Question<'a> = BTreeMap<&'a str, u64>;

/// Survey answers (`survey_answer`, §4.10), per survey and question (keys
/// `survey`, `question`, and `answer` or `statistic`):
/// - `answer` = each answer as written: `numerator` its count,
///   `denominator` all answers to the question (not applicable included),
///   `value` its share: the distribution;
/// - `statistic` = `positive`, when the question is answered on a verbal
///   scale: answers `eens`, `helemaal eens`, `zeer eens`, `tevreden`,
///   `zeer tevreden`, `ja`, `goed`, `zeer goed` (in any case) divided by
///   the answers other than not applicable (`nvt`, `n.v.t.`, `niet van
///   toepassing`, `weet niet`): the share (very) satisfied or agreeing;
/// - `statistic` = `mean`, when every answer other than not applicable is
///   a whole number from 1 to 10: their mean (a rating).
///
/// `n` is the number of answers the figure is computed over; `warning`
/// `n_below_30` when it is below 30. Raw answers and aggregated counts are
/// the same here: the store keeps counts.
pub fn survey_answer(surveys: &[&Survey], answers: &[SurveyAnswer]) -> Vec<Figure> {
    let mut questions: BTreeMap<(&str, &str), Question> = BTreeMap::new();
    for a in answers {
        let held = surveys
            .iter()
            .any(|s| s.organisation == a.organisation && s.id == a.survey);
        if held {
            *questions
                .entry((a.survey.as_str(), a.question.as_str()))
                .or_default()
                .entry(a.answer.as_str())
                .or_default() += u64::from(a.count);
        }
    }
    let mut figures = Vec::new();
    for ((survey, question), counts) in &questions {
        let keys = |k: &'static str, v: &str| {
            vec![
                ("survey", survey.to_string()),
                ("question", question.to_string()),
                (k, v.to_string()),
            ]
        };
        let all: u64 = counts.values().sum();
        for (answer, count) in counts {
            figures.push(warn(Figure::share(
                "survey_answer",
                keys("answer", answer),
                *count,
                all,
            )));
        }
        let applicable: Vec<(String, u64)> = counts
            .iter()
            .map(|(a, c)| (folded(a), *c))
            .filter(|(a, _)| !NOT_APPLICABLE.contains(&a.as_str()))
            .collect();
        let rated: Option<Vec<f64>> = applicable
            .iter()
            .map(|(a, c)| {
                let v: u8 = a.parse().ok().filter(|v| (1..=10).contains(v))?;
                Some(std::iter::repeat_n(f64::from(v), *c as usize))
            })
            .collect::<Option<Vec<_>>>()
            .map(|v| v.into_iter().flatten().collect());
        let verbal = applicable
            .iter()
            .all(|(a, _)| POSITIVE.contains(&a.as_str()) || OTHER_VERBAL.contains(&a.as_str()));
        let answered: u64 = applicable.iter().map(|(_, c)| c).sum();
        if answered > 0 && verbal {
            let positive = applicable
                .iter()
                .filter(|(a, _)| POSITIVE.contains(&a.as_str()))
                .map(|(_, c)| c)
                .sum();
            figures.push(warn(Figure::share(
                "survey_answer",
                keys("statistic", "positive"),
                positive,
                answered,
            )));
        } else if let Some(ratings) = rated.filter(|r| !r.is_empty()) {
            figures.push(warn(Figure {
                n: ratings.len() as u64,
                value: mean(&ratings),
                ..Figure::new("survey_answer", keys("statistic", "mean"))
            }));
        }
    }
    figures
}

#[cfg(test)]
mod scale_tests {
    use super::scale_position;

    #[test]
    fn answers_stand_in_their_scale_s_order() {
        let mut answers = vec!["10", "5", "6", "nvt", "1"];
        answers.sort_by(|a, b| scale_position(a).total_cmp(&scale_position(b)));
        assert_eq!(answers, ["1", "5", "6", "10", "nvt"]);
        let mut verbal = vec!["neutraal", "nvt", "ontevreden", "zeer tevreden", "Tevreden"];
        verbal.sort_by(|a, b| scale_position(a).total_cmp(&scale_position(b)));
        assert_eq!(
            verbal,
            ["ontevreden", "neutraal", "Tevreden", "zeer tevreden", "nvt"]
        );
        let mut agree = vec![
            "eens",
            "Helemaal oneens",
            "neutraal",
            "helemaal eens",
            "oneens",
        ];
        agree.sort_by(|a, b| scale_position(a).total_cmp(&scale_position(b)));
        assert_eq!(
            agree,
            [
                "Helemaal oneens",
                "oneens",
                "neutraal",
                "eens",
                "helemaal eens"
            ]
        );
    }
}

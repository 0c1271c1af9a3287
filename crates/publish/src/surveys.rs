//! The survey results of a year (DOMAIN.md §4.10): per survey its
//! response, the share of positive answers or the mean rating per
//! question, and each question's answers. Answer counts are people:
//! suppressed for a public audience like every count.

use crate::model::{
    Audience, Bar, Block, Cell, Chart, How, Publication, Row, Section, Table, Text,
};
use crate::suppression::{CountTable, Entry};
use crate::tables::{count_table, entry_text, suppressed, threshold};
use domain::{Coded, Organisation, Survey};
use indicators::Figure;

/// Everything the survey page of a year is made of.
#[derive(Debug, Clone, Copy)]
pub struct SurveysInput<'a> {
    /// The organisation.
    pub organisation: &'a Organisation,
    /// The year.
    pub year: i32,
    /// The organisation's surveys (the year's are picked).
    pub surveys: &'a [Survey],
    /// The figures of the whole year.
    pub figures: &'a [Figure],
    /// The data version.
    pub data_version: i64,
}

fn of_survey<'a>(
    input: &'a SurveysInput,
    survey: &'a str,
) -> impl Iterator<Item = &'a Figure> + 'a {
    input
        .figures
        .iter()
        .filter(move |f| f.indicator == "survey_answer" && f.key("survey") == Some(survey))
}

/// The survey results of a year.
pub fn surveys(input: &SurveysInput, audience: Audience) -> Publication {
    let sections = input
        .surveys
        .iter()
        .filter(|s| s.year == input.year)
        .map(|s| survey(input, s, audience))
        .collect();
    Publication {
        title: Text::Filled("surveys.title", vec![("year", input.year.to_string())]),
        facts: crate::model::facts(&input.organisation.name, None, Some(input.year)),
        sections,
        audience,
        data_version: input.data_version,
    }
}

fn survey(input: &SurveysInput, s: &Survey, audience: Audience) -> Section {
    let id = s.id.as_str();
    let k = threshold(audience);
    let mut blocks = Vec::new();
    if let Some(f) = input
        .figures
        .iter()
        .find(|f| f.indicator == "survey_response" && f.key("survey") == Some(id))
    {
        let (asked, responded, share) = crate::tables::response(f, audience);
        blocks.push(Block::Text(Text::Filled(
            "surveys.response",
            vec![
                ("asked", entry_text(asked, k)),
                ("responded", entry_text(responded, k)),
                (
                    "share",
                    share.map_or_else(|| "–".to_string(), |v| format!("{}%", (v * 100.0).round())),
                ),
            ],
        )));
    }
    let mut questions: Vec<&str> = of_survey(input, id)
        .filter_map(|f| f.key("question"))
        .collect();
    questions.dedup();
    let statistic = |q: &str, name: &str| {
        of_survey(input, id)
            .find(|f| f.key("question") == Some(q) && f.key("statistic") == Some(name))
    };
    let published = |f: &Figure| !(audience.suppresses() && k.is_small(f.n));
    let positive: Vec<(&str, &Figure)> = questions
        .iter()
        .filter_map(|q| statistic(q, "positive").map(|f| (*q, f)))
        .collect();
    if !positive.is_empty() {
        let shown = |f: &Figure| if published(f) { f.value } else { None };
        let chart = Chart {
            title: Text::Key("surveys.positive_chart"),
            bars: positive
                .iter()
                .map(|(q, f)| Bar {
                    label: q.to_string(),
                    value: shown(f),
                    shown: Cell::Share(shown(f)),
                    unit: String::new(),
                    series: 0,
                })
                .collect(),
            shares: true,
        };
        let table = statistic_table(
            format!("{id}-positive"),
            "surveys.positive_table",
            "column.positive",
            &positive,
            &published,
            |f| Cell::Share(shown(f)),
        );
        blocks.push(Block::Chart(chart, table));
    }
    let means: Vec<(&str, &Figure)> = questions
        .iter()
        .filter_map(|q| statistic(q, "mean").map(|f| (*q, f)))
        .collect();
    if !means.is_empty() {
        blocks.push(Block::Table(statistic_table(
            format!("{id}-mean"),
            "surveys.mean_table",
            "column.mean",
            &means,
            &published,
            |f| match (published(f), f.value) {
                (true, Some(v)) => Cell::Number(v, 1),
                _ => Cell::Empty,
            },
        )));
    }
    for (i, q) in questions.iter().enumerate() {
        let answers: Vec<&Figure> = of_survey(input, id)
            .filter(|f| f.key("question") == Some(q) && f.key("answer").is_some())
            .collect();
        if answers.is_empty() {
            continue;
        }
        let table = CountTable {
            rows: answers
                .iter()
                .map(|f| f.key("answer").unwrap_or_default().to_string())
                .collect(),
            columns: vec!["count".into()],
            cells: answers
                .iter()
                .map(|f| vec![f.numerator.unwrap_or(0)])
                .collect(),
        };
        let done = suppressed(&[table], audience).remove(0);
        let how = How {
            indicator: "survey_answer",
            selection: Text::Filled(
                "selection.survey",
                vec![("survey", id.to_string()), ("year", input.year.to_string())],
            ),
            n: Some(done.total),
            data_version: input.data_version,
        };
        let labels = answers
            .iter()
            .map(|f| Text::Plain(f.key("answer").unwrap_or_default().to_string()))
            .collect();
        let mut t = count_table(
            &format!("{id}-q{i}"),
            Text::Plain(q.to_string()),
            labels,
            vec![
                Text::Key("column.answer"),
                Text::Key("column.count"),
                Text::Key("column.total"),
            ],
            &done,
            how,
        );
        // One column: the row total repeats the count; show the count once.
        t.columns.pop();
        for row in &mut t.rows {
            row.cells.truncate(1);
        }
        blocks.push(Block::Table(t));
    }
    if blocks.is_empty() {
        blocks.push(Block::Text(Text::Key("surveys.no_answers")));
    }
    Section {
        id: id.to_string(),
        heading: Text::Label("survey", s.kind.code().to_string()),
        blocks,
    }
}

/// A table of one statistic per question: the question, its number of
/// answers (suppressed when small) and the statistic as `value` shows it.
fn statistic_table(
    id: String,
    caption: &'static str,
    column: &'static str,
    questions: &[(&str, &Figure)],
    published: &dyn Fn(&Figure) -> bool,
    value: impl Fn(&Figure) -> Cell,
) -> Table {
    Table {
        id,
        caption: Text::Key(caption),
        columns: vec![
            Text::Key("column.question"),
            Text::Key("column.answers"),
            Text::Key(column),
        ],
        rows: questions
            .iter()
            .map(|(q, f)| Row {
                label: Text::Plain(q.to_string()),
                cells: vec![
                    Cell::Count(if published(f) {
                        Entry::Count(f.n)
                    } else {
                        Entry::Suppressed
                    }),
                    value(f),
                ],
                total: false,
            })
            .collect(),
        how: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suppression::Threshold;
    use domain::{Id, OrganisationCode, SurveyKind};

    #[test]
    fn a_small_response_is_suppressed_for_the_public_only() {
        let org = OrganisationCode::parse("o").unwrap();
        let survey = Survey {
            organisation: org.clone(),
            id: Id::parse("s").unwrap(),
            kind: SurveyKind::Residents,
            year: 2022,
            asked: Some(40),
            responses: Some(3),
        };
        let figures = indicators::survey::survey_response(&[&survey]);
        let organisation = Organisation {
            code: org,
            name: "O".into(),
            municipalities: vec![],
            areas: vec![],
        };
        let input = SurveysInput {
            organisation: &organisation,
            year: 2022,
            surveys: std::slice::from_ref(&survey),
            figures: &figures,
            data_version: 1,
        };
        let said = |audience| {
            let p = surveys(&input, audience);
            match &p.sections[0].blocks[0] {
                Block::Text(t) => crate::Lang::En.messages().text(t),
                other => panic!("{other:?}"),
            }
        };
        let public = said(Audience::Public(Threshold::default()));
        assert!(
            public.contains("Respondents: < 5") && public.contains("(response –)"),
            "{public}"
        );
        let staff = said(Audience::Staff);
        assert!(
            staff.contains("Respondents: 3") && staff.contains("8%"),
            "{staff}"
        );
    }
}

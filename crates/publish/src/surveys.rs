//! The survey results of a year (DOMAIN.md §4.10): per survey its
//! response, the share of positive answers or the mean rating per
//! question, and each question's answers. Answer counts are people:
//! suppressed for a public audience like every count.

use crate::ledger::{CellKey, Counted, Counts};
use crate::model::{
    Audience, Bar, Block, Cell, Chart, How, Layout, Row, Section, Source, Table, Text, Value,
};
use crate::suppression::Share;
use crate::tables::Grid;
use domain::{Coded, Effort, Organisation, Survey};
use indicators::survey::{is_applicable, is_positive, scale_position};
use indicators::Figure;

/// A survey's response: asked, responded and whether the share of the
/// two is known. Both counts are people.
pub(crate) fn response(f: &Figure, year: i32, counts: &mut Counts) -> (Counted, Counted, bool) {
    let survey = f.key("survey").unwrap_or_default();
    let key = |field| CellKey::of(year, "survey_response", &[("survey", survey)], field);
    let asked = counts.shown(key("denominator"), f.denominator.unwrap_or(0));
    let responded = counts.shown(key("numerator"), f.numerator.unwrap_or(0));
    let known = f.denominator.is_some() && f.numerator.is_some();
    (asked, responded, known)
}

/// The response rate's cell: the share of the two counts, "–" when it is
/// not known.
pub(crate) fn response_share((asked, responded, known): &(Counted, Counted, bool)) -> Cell {
    match known {
        true => Cell::ratio(responded, asked),
        false => Cell::Share(Share::None),
    }
}

/// Everything the survey page of a year is made of.
#[derive(Debug, Clone, Copy)]
pub struct SurveysInput<'a> {
    /// The organisation.
    pub organisation: &'a Organisation,
    /// The year.
    pub year: i32,
    /// The organisation's surveys (the year's are picked).
    pub surveys: &'a [Survey],
    /// The organisation's efforts: the names of the activities a survey
    /// asked about.
    pub efforts: &'a [Effort],
    /// The figures of the whole year.
    pub figures: &'a [Figure],
    /// The data version.
    pub data_version: i64,
}

fn of_survey<'a>(figures: &'a [Figure], survey: &'a str) -> impl Iterator<Item = &'a Figure> + 'a {
    figures
        .iter()
        .filter(move |f| f.indicator == "survey_answer" && f.key("survey") == Some(survey))
}

/// The questions of a survey in the figures' order, each with its answers
/// in the order of their scale.
fn questions<'a>(figures: &'a [Figure], survey: &'a str, year: i32) -> Vec<Question<'a>> {
    let mut questions: Vec<&str> = of_survey(figures, survey)
        .filter_map(|f| f.key("question"))
        .collect();
    questions.dedup();
    questions
        .into_iter()
        .map(|q| {
            let mut answers: Vec<(&str, u64)> = of_survey(figures, survey)
                .filter(|f| f.key("question") == Some(q))
                .filter_map(|f| Some((f.key("answer")?, f.numerator.unwrap_or(0))))
                .collect();
            answers.sort_by(|a, b| scale_position(a.0).total_cmp(&scale_position(b.0)));
            Question {
                survey,
                question: q,
                answers,
                year,
            }
        })
        .collect()
}

/// A question's statistic figure (`positive` or `mean`).
fn statistic<'a>(
    figures: &'a [Figure],
    survey: &'a str,
    question: &str,
    name: &str,
) -> Option<&'a Figure> {
    of_survey(figures, survey)
        .find(|f| f.key("question") == Some(question) && f.key("statistic") == Some(name))
}

/// A mean rests on its applicable answers: shown with them, hidden with
/// their mark.
fn mean_cell(n: &Counted, mean: &Figure) -> Cell {
    let value = mean.value.map_or(Cell::Empty, |v| Cell::Number(v, 1));
    Cell::resting([n], value)
}

/// The statements (1–10) of a survey that asked about a collective
/// activity, for that activity on the factsheet: each statement with its
/// applicable answers (the survey page's own cells) and its mean score,
/// and the warning for statements with fewer than 30 answers. Nothing when
/// no statement has a mean.
pub(crate) fn statements(
    figures: &[Figure],
    survey: &Survey,
    activity: &str,
    year: i32,
    counts: &mut Counts,
) -> Vec<Block> {
    let id = survey.id.as_str();
    let mut few = Vec::new();
    let rows: Vec<(&str, Counted, Cell)> = questions(figures, id, year)
        .iter()
        .filter_map(|q| {
            let mean = statistic(figures, id, q.question, "mean")?;
            if mean.text("warning") == Some("n_below_30") {
                few.push(sentence(q.question));
            }
            let (n, _) = q.statistic(counts);
            let cell = mean_cell(&n, mean);
            Some((q.question, n, cell))
        })
        .collect();
    if rows.is_empty() {
        return vec![];
    }
    let mut table = statistic_table(
        format!("{id}-statements"),
        "surveys.mean_table",
        "column.mean",
        rows,
    );
    table.caption = Text::Filled(
        "surveys.statements_table",
        vec![("activity", activity.to_string())],
    );
    table.columns[0] = Text::Key("column.statement");
    let mut blocks = vec![Block::Table(table)];
    if !few.is_empty() {
        blocks.push(Block::Text(Text::Filled(
            "surveys.small_n",
            vec![("questions", few.join("; "))],
        )));
    }
    blocks
}

/// The survey results of a year, laid out for an audience.
pub fn surveys(input: &SurveysInput, audience: Audience) -> Layout {
    let mut counts = Counts::new(audience);
    let sections = input
        .surveys
        .iter()
        .filter(|s| s.year == input.year)
        .map(|s| survey(input, s, &mut counts))
        .collect();
    Layout {
        title: Text::Filled("surveys.title", vec![("year", input.year.to_string())]),
        facts: crate::model::facts(&input.organisation.name, None, Some(input.year)),
        sections,
        audience,
        data_version: input.data_version,
        ledger: counts.ledger,
    }
}

/// The counts of one question: each answer, all answers, the applicable
/// ones (the n of its statistic) and the positive ones, written to
/// `counts` with their sums. Gives the answers' entries, the total's, and
/// the applicable and positive entries.
struct Question<'a> {
    survey: &'a str,
    question: &'a str,
    answers: Vec<(&'a str, u64)>,
    year: i32,
}

/// A group of answers a coarser answer table shows: its key, its label's
/// message key, and which answers belong to it.
type AnswerGroup = (&'static str, &'static str, fn(&str) -> bool);

/// The ledger key of a count of a survey's question: its answers in all,
/// or those of one more breakdown (`answer`, `statistic`).
pub(crate) fn question_key(
    year: i32,
    (survey, question): (&str, &str),
    last: Option<(&'static str, &str)>,
    field: &'static str,
) -> CellKey {
    let mut keys = vec![("survey", survey), ("question", question)];
    keys.extend(last);
    CellKey::of(year, "survey_answer", &keys, field)
}

impl Question<'_> {
    fn key(&self, last: Option<(&'static str, &str)>, field: &'static str) -> CellKey {
        question_key(self.year, (self.survey, self.question), last, field)
    }

    fn answer_key(&self, answer: &str) -> CellKey {
        self.key(Some(("answer", answer)), "numerator")
    }

    /// The applicable answers (the statistic's n) and the positive ones,
    /// each with their sum of answers.
    fn statistic(&self, counts: &mut Counts) -> (Counted, Counted) {
        let of = |keep: &dyn Fn(&str) -> bool| -> (Vec<CellKey>, u64) {
            let kept: Vec<&(&str, u64)> = self.answers.iter().filter(|(a, _)| keep(a)).collect();
            (
                kept.iter().map(|(a, _)| self.answer_key(a)).collect(),
                kept.iter().map(|(_, n)| n).sum(),
            )
        };
        let (applicable_parts, applicable) = of(&|a| is_applicable(a));
        let (positive_parts, positive) = of(&|a| is_applicable(a) && is_positive(a));
        let applicable_key = self.key(Some(("statistic", "applicable")), "n");
        let positive_key = self.key(Some(("statistic", "positive")), "numerator");
        counts.ledger.sum(applicable_key.clone(), applicable_parts);
        counts.ledger.sum(positive_key.clone(), positive_parts);
        for (a, n) in &self.answers {
            counts.ledger.link(self.answer_key(a), Some(*n));
        }
        (
            counts.shown(applicable_key, applicable),
            counts.shown(positive_key, positive),
        )
    }

    /// The answers merged into positive, not positive and not applicable,
    /// with their labels: the coarser table of a question whose answers
    /// protection would mostly hide. The positive count is the statistic's
    /// own cell; each group is tied to the answers it merges. `None` when
    /// the question's answers have no positive one (a scale without a
    /// "satisfied" side).
    fn groups(&self, counts: &mut Counts) -> Option<(Grid, Vec<Text>)> {
        let groups: [AnswerGroup; 3] = [
            ("positive", "surveys.answers_positive", |a| {
                is_applicable(a) && is_positive(a)
            }),
            ("other", "surveys.answers_other", |a| {
                is_applicable(a) && !is_positive(a)
            }),
            ("not_applicable", "surveys.answers_not_applicable", |a| {
                !is_applicable(a)
            }),
        ];
        if !self.answers.iter().any(|(a, _)| groups[0].2(a)) {
            return None;
        }
        let mut cells = Vec::new();
        let mut labels = Vec::new();
        for (group, label, belongs) in groups {
            let answers: Vec<&(&str, u64)> =
                self.answers.iter().filter(|(a, _)| belongs(a)).collect();
            if answers.is_empty() {
                continue;
            }
            let key = self.key(Some(("statistic", group)), "numerator");
            for (a, n) in &answers {
                counts.ledger.link(self.answer_key(a), Some(*n));
            }
            let parts = answers.iter().map(|(a, _)| self.answer_key(a)).collect();
            counts.ledger.sum(key.clone(), parts);
            cells.push((key, answers.iter().map(|(_, n)| n).sum::<u64>()));
            labels.push(Text::Key(label));
        }
        let total: u64 = self.answers.iter().map(|(_, n)| n).sum();
        let total = (self.key(None, "denominator"), total);
        let grid = Grid {
            cells: cells.iter().map(|c| vec![c.clone()]).collect(),
            row_totals: cells,
            column_totals: vec![total.clone()],
            total,
        };
        Some((grid, labels))
    }

    /// The answers with their total, as a one-column grid.
    fn grid(&self) -> Grid {
        let total: u64 = self.answers.iter().map(|(_, n)| n).sum();
        let total = (self.key(None, "denominator"), total);
        Grid {
            cells: self
                .answers
                .iter()
                .map(|(a, n)| vec![(self.answer_key(a), *n)])
                .collect(),
            row_totals: self
                .answers
                .iter()
                .map(|(a, n)| (self.answer_key(a), *n))
                .collect(),
            column_totals: vec![total.clone()],
            total,
        }
    }
}

fn survey(input: &SurveysInput, s: &Survey, counts: &mut Counts) -> Section {
    let id = s.id.as_str();
    let mut blocks = Vec::new();
    if let Some(activity) = &s.activity {
        let name = input
            .efforts
            .iter()
            .find(|e| e.id == *activity)
            .map_or_else(|| activity.to_string(), |e| e.name.clone());
        blocks.push(Block::Text(Text::Filled(
            "surveys.about_activity",
            vec![("activity", name)],
        )));
    }
    if let Some(f) = input
        .figures
        .iter()
        .find(|f| f.indicator == "survey_response" && f.key("survey") == Some(id))
    {
        let (asked, responded, known) = response(f, input.year, counts);
        let share = match known {
            true => Value::Ratio(responded.clone(), asked.clone(), 0),
            false => Value::Text("–".to_string()),
        };
        blocks.push(Block::Text(Text::Worded(
            "surveys.response",
            vec![
                ("asked", Value::Counted(asked.clone())),
                ("responded", Value::Counted(responded.clone())),
                ("share", share),
            ],
        )));
        blocks.push(Block::SecondaryNote(vec![asked, responded]));
    }
    let questions = questions(input.figures, id, input.year);
    let statistic = |q: &str, name: &str| statistic(input.figures, id, q, name);
    let mut positive_rows = Vec::new();
    let mut mean_rows = Vec::new();
    let mut few = Vec::new();
    for q in &questions {
        let positive = statistic(q.question, "positive");
        let mean = statistic(q.question, "mean");
        if positive.is_none() && mean.is_none() {
            continue;
        }
        if positive.or(mean).and_then(|f| f.text("warning")) == Some("n_below_30") {
            few.push(sentence(q.question));
        }
        let (n, positive_count) = q.statistic(counts);
        if positive.is_some() {
            positive_rows.push((q.question, n.clone(), positive_count));
        }
        if let Some(f) = mean {
            let cell = mean_cell(&n, f);
            mean_rows.push((q.question, n, cell));
        }
    }
    if !positive_rows.is_empty() {
        let chart = Chart {
            outlines: Vec::new(),
            title: Text::Key("surveys.positive_chart"),
            bars: positive_rows
                .iter()
                .map(|(q, n, positive)| Bar::ratio(sentence(q), positive, n))
                .collect(),
            shares: true,
            source: Source::Surveys,
        };
        let rows = positive_rows
            .iter()
            .map(|(q, n, positive)| (*q, n.clone(), Cell::ratio(positive, n)))
            .collect::<Vec<_>>();
        let table = statistic_table(
            format!("{id}-positive"),
            "surveys.positive_table",
            "column.positive",
            rows,
        );
        blocks.push(Block::Chart(chart, table));
    }
    if !mean_rows.is_empty() {
        blocks.push(Block::Table(statistic_table(
            format!("{id}-mean"),
            "surveys.mean_table",
            "column.mean",
            mean_rows,
        )));
    }
    if !few.is_empty() {
        blocks.push(Block::Text(Text::Filled(
            "surveys.small_n",
            vec![("questions", few.join("; "))],
        )));
    }
    for (i, q) in questions.iter().enumerate() {
        if q.answers.is_empty() {
            continue;
        }
        let fine = q.grid();
        let coarse = match fine.too_fine(counts.audience().threshold()) {
            true => q.groups(counts),
            false => None,
        };
        let caption = match coarse {
            Some(_) => Text::Filled(
                "surveys.answers_merged",
                vec![("question", sentence(q.question))],
            ),
            None => Text::Plain(sentence(q.question)),
        };
        let (grid, labels) = coarse.unwrap_or_else(|| {
            let labels = q
                .answers
                .iter()
                .map(|(a, _)| Text::Plain(a.to_string()))
                .collect();
            (fine, labels)
        });
        let done = grid.publish(counts);
        let selection = Text::Filled("selection.survey", vec![("year", input.year.to_string())]);
        let how = How::new("survey_answer", selection, input.data_version).counting(&done.total);
        let mut t = crate::tables::count_table(
            &format!("{id}-q{i}"),
            caption.clone(),
            labels.clone(),
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
        let chart = Chart {
            outlines: Vec::new(),
            title: caption,
            bars: labels
                .iter()
                .zip(&done.row_totals)
                .map(|(label, e)| Bar::count(label.clone(), e))
                .collect(),
            shares: false,
            source: Source::Surveys,
        };
        blocks.push(Block::Chart(chart, t));
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

/// A question as a reader reads it: its text with a capital.
fn sentence(question: &str) -> String {
    let mut chars = question.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A table of one statistic per question: the question, its number of
/// applicable answers and the statistic.
fn statistic_table(
    id: String,
    caption: &'static str,
    column: &'static str,
    questions: Vec<(&str, Counted, Cell)>,
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
            .into_iter()
            .map(|(q, n, value)| Row {
                label: Text::Plain(sentence(q)),
                cells: vec![Cell::counted(&n), value],
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
            activity: None,
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
            efforts: &[],
            figures: &figures,
            data_version: 1,
        };
        let said = |public: bool| {
            let audience = match public {
                true => Audience::Public(Threshold::default()),
                false => Audience::Staff,
            };
            let p = crate::protected::alone(surveys(&input, audience));
            match &p.sections[0].blocks[0] {
                Block::Text(t) => crate::Lang::En.messages().text(t),
                other => panic!("{other:?}"),
            }
        };
        let public = said(true);
        assert!(
            public.contains("Respondents: < 5") && public.contains("(response –)"),
            "{public}"
        );
        let staff = said(false);
        assert!(
            staff.contains("Respondents: 3") && staff.contains("8%"),
            "{staff}"
        );
    }
}

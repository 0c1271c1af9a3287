//! Writing records back as interchange files: canonical columns, `,`,
//! UTF-8 without BOM, `\n`, ISO dates, `|` lists. Importing what this
//! writes changes nothing, and exporting it again gives the same bytes.

use crate::kind::FileKind;
use crate::record::Record;
use domain::date::format_date;
use domain::{Coded, Date};

fn join<T>(items: &[T], f: impl Fn(&T) -> &str) -> String {
    items.iter().map(f).collect::<Vec<_>>().join("|")
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(T::to_string).unwrap_or_default()
}

fn date(value: &Option<Date>) -> String {
    value.map(format_date).unwrap_or_default()
}

fn code<T: Coded>(value: Option<T>) -> String {
    value.map(|v| v.code().to_string()).unwrap_or_default()
}

/// The columns the exporter writes for a kind: every column of the kind but
/// `client_code`, which is never stored (its pseudonym is written instead).
pub fn export_columns(kind: FileKind) -> Vec<&'static str> {
    kind.columns()
        .iter()
        .map(|c| c.name)
        .filter(|n| *n != "client_code")
        .collect()
}

/// The cells of a record in the order of [`export_columns`]; `None` when
/// the record is not of that kind.
pub fn cells(kind: FileKind, record: &Record) -> Option<Vec<String>> {
    let cells = match (kind, record) {
        (FileKind::Organisations, Record::Organisation(o)) => vec![
            o.code.to_string(),
            o.name.clone(),
            join(&o.municipalities, |m| m.as_str()),
            join(&o.areas, |a| a.as_str()),
        ],
        (FileKind::Partners, Record::Partner(p)) => vec![
            p.organisation.to_string(),
            p.id.to_string(),
            p.name.clone(),
            p.sector.code().into(),
            p.line.code().into(),
            join(&p.areas, |a| a.as_str()),
        ],
        (FileKind::Themes, Record::Theme(t)) => vec![
            t.organisation.to_string(),
            t.code.to_string(),
            t.name.clone(),
            t.year.to_string(),
            join(&t.zrm_domains, |d| d.as_str()),
            opt(&t.societal_task),
            join(&t.context_indicators, |i| i.as_str()),
            t.continues
                .as_ref()
                .map_or_else(String::new, ToString::to_string),
        ],
        (FileKind::Goals, Record::Goal(g)) => vec![
            g.organisation.to_string(),
            g.id.to_string(),
            g.theme.to_string(),
            g.goal_type.code().into(),
            g.text_operational.clone(),
            opt(&g.text_original),
            join(&g.pg_dimensions, |d| d.as_str()),
            opt(&g.target.indicator),
            opt(&g.target.baseline),
            opt(&g.target.value),
            date(&g.target.date),
            join(&g.key_figures, |f| f.as_str()),
        ],
        (FileKind::Efforts, Record::Effort(e)) => vec![
            e.organisation.to_string(),
            e.id.to_string(),
            e.name.clone(),
            e.category.code().into(),
            opt(&e.description),
            join(&e.goals, |g| g.as_str()),
            join(&e.themes, |t| t.as_str()),
            join(&e.pg_dimensions, |d| d.as_str()),
            code(e.nature),
            join(&e.partners, |p| p.as_str()),
            date(&e.started),
            date(&e.stopped),
            opt(&e.stop_reason),
        ],
        (
            FileKind::Registrations,
            Record::Registration {
                registration: r, ..
            },
        ) => vec![
            r.id.to_string(),
            r.organisation.to_string(),
            r.area
                .as_ref()
                .map(|a| a.as_str().to_string())
                .unwrap_or_default(),
            r.form.code().into(),
            format_date(r.start_date),
            date(&r.end_date),
            date(&r.first_contact_date),
            date(&r.waiting_since),
            r.client
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            code(r.age_group),
            r.birth_year
                .map(|b| b.get().to_string())
                .unwrap_or_default(),
            r.main_domain.as_str().into(),
            opt(&r.service),
            join(&r.pg_dimensions, |d| d.as_str()),
            opt(&r.referred_by),
            join(&r.referred_to, |p| p.as_str()),
        ],
        (FileKind::ZrmScores, Record::ZrmScores(s)) => vec![
            s.organisation.to_string(),
            s.registration.to_string(),
            s.domain.as_str().into(),
            s.start.map(|v| v.get().to_string()).unwrap_or_default(),
            s.goal.map(|v| v.get().to_string()).unwrap_or_default(),
            s.end.map(|v| v.get().to_string()).unwrap_or_default(),
        ],
        (FileKind::Collective, Record::Collective(c)) => vec![
            c.organisation.to_string(),
            c.activity.to_string(),
            c.area
                .as_ref()
                .map(|a| a.as_str().to_string())
                .unwrap_or_default(),
            opt(&c.group),
            format_date(c.period_start),
            format_date(c.period_end),
            opt(&c.meetings),
            opt(&c.participants_total),
            opt(&c.participants_avg),
            code(c.nature),
            join(&c.pg_dimensions, |d| d.as_str()),
            c.strength_start
                .map(|v| v.get().to_string())
                .unwrap_or_default(),
            c.strength_end
                .map(|v| v.get().to_string())
                .unwrap_or_default(),
            c.status.code().into(),
        ],
        (FileKind::ReachPlan, Record::ReachPlan(p)) => vec![
            p.organisation.to_string(),
            p.year.to_string(),
            p.societal_task.clone(),
            opt(&p.service),
            p.planned.to_string(),
            opt(&p.achieved),
        ],
        (FileKind::Surveys, Record::Survey(s)) => vec![
            s.organisation.to_string(),
            s.id.to_string(),
            s.kind.code().into(),
            s.year.to_string(),
            opt(&s.asked),
            opt(&s.responses),
            opt(&s.activity),
        ],
        (FileKind::Survey, Record::SurveyAnswer { survey, answer, .. }) => vec![
            answer.organisation.to_string(),
            answer.survey.to_string(),
            survey.kind.code().into(),
            survey.year.to_string(),
            answer.question.clone(),
            answer.answer.clone(),
            answer.count.to_string(),
        ],
        (FileKind::Indicators, Record::Indicator(d)) => vec![
            d.organisation.to_string(),
            d.indicator.to_string(),
            d.name.clone(),
            opt(&d.unit),
            opt(&d.source),
            opt(&d.table_id),
            opt(&d.measure),
        ],
        (FileKind::Context, Record::Context(c)) => vec![
            c.organisation.to_string(),
            c.indicator.to_string(),
            c.region.as_str().into(),
            opt(&c.region_name),
            c.period.to_string(),
            opt(&c.value),
            opt(&c.unit),
            opt(&c.source),
            opt(&c.table_id),
        ],
        (FileKind::Narrative, Record::Narrative(n)) => vec![
            n.organisation.to_string(),
            opt(&n.theme),
            n.year.to_string(),
            n.section.code().into(),
            opt(&n.goal),
            n.text.clone(),
        ],
        (FileKind::AreaProfiles, Record::AreaProfile(p)) => vec![
            p.organisation.to_string(),
            p.area.as_str().into(),
            p.municipality.as_str().into(),
            p.year.to_string(),
            p.section.code().into(),
            p.text.clone(),
        ],
        _ => return None,
    };
    Some(cells)
}

/// Writes records of one kind as a CSV file, sorted by their key so that
/// the same data always gives the same bytes. Records of another kind are
/// left out.
pub fn write_csv(kind: FileKind, records: &[Record]) -> Vec<u8> {
    let mut rows: Vec<(String, Vec<String>)> = records
        .iter()
        .filter_map(|r| cells(kind, r).map(|c| (r.key(), c)))
        .collect();
    rows.sort();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(export_columns(kind));
    for (_, row) in rows {
        let _ = writer.write_record(row.iter().map(|c| domain::formula::guard(c).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

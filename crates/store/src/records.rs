//! Where each record kind is stored: its table and how it becomes a row.
//! Lists are stored as `|`-joined text (ids cannot hold `|`), dates as
//! `YYYY-MM-DD`, decimals as their canonical text; optional parts of a key
//! as `''`.

use crate::table::{Stored, TableSpec, Ty, Value};
use domain::collective::CollectiveFields;
use domain::date::format_date;
use domain::din::EffortFields;
use domain::*;

/// Reads a row's values in column order.
struct Cols(std::vec::IntoIter<Value>);

impl Cols {
    fn new(row: Vec<Value>) -> Self {
        Self(row.into_iter())
    }
    fn opt_text(&mut self) -> Result<Option<String>, String> {
        match self.0.next() {
            Some(Value::Text(v)) => Ok(v),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
    fn text(&mut self) -> Result<String, String> {
        self.opt_text()?
            .ok_or_else(|| "unexpected NULL".to_string())
    }
    /// An optional part of a key, stored as `''` when absent.
    fn key_part(&mut self) -> Result<Option<String>, String> {
        self.text().map(|s| (!s.is_empty()).then_some(s))
    }
    fn opt_int(&mut self) -> Result<Option<i64>, String> {
        match self.0.next() {
            Some(Value::Int(v)) => Ok(v),
            other => Err(format!("expected an integer, found {other:?}")),
        }
    }
    fn int(&mut self) -> Result<i64, String> {
        self.opt_int()?.ok_or_else(|| "unexpected NULL".to_string())
    }
    fn parse<T>(&mut self, f: impl Fn(&str) -> Result<T, Problem>) -> Result<T, String> {
        let s = self.text()?;
        f(&s).map_err(|p| format!("{s:?}: {p}"))
    }
    fn opt_parse<T>(
        &mut self,
        f: impl Fn(&str) -> Result<T, Problem>,
    ) -> Result<Option<T>, String> {
        match self.opt_text()? {
            None => Ok(None),
            Some(s) => f(&s).map(Some).map_err(|p| format!("{s:?}: {p}")),
        }
    }
    /// A `|`-separated list; NULL (a column added to stored rows by a
    /// later migration) is the empty list.
    fn list<T>(&mut self, f: impl Fn(&str) -> Result<T, Problem>) -> Result<Vec<T>, String> {
        let s = self.opt_text()?.unwrap_or_default();
        s.split('|')
            .filter(|p| !p.is_empty())
            .map(|p| f(p).map_err(|e| format!("{p:?}: {e}")))
            .collect()
    }
    fn year(&mut self) -> Result<i32, String> {
        i32::try_from(self.int()?).map_err(|e| e.to_string())
    }
    fn count(&mut self) -> Result<Option<u32>, String> {
        self.opt_int()?
            .map(|n| u32::try_from(n).map_err(|e| e.to_string()))
            .transpose()
    }
}

fn join<T>(items: &[T], f: impl Fn(&T) -> &str) -> Value {
    Value::text(items.iter().map(f).collect::<Vec<_>>().join("|"))
}

fn date(d: Option<Date>) -> Value {
    Value::opt_text(d.map(format_date))
}

fn org(code: &OrganisationCode) -> Value {
    Value::text(code.as_str())
}

fn zrm(s: &str) -> Result<ZrmDomain, Problem> {
    Ok(ZrmDomain::known(s))
}

fn pg(s: &str) -> Result<PgDimension, Problem> {
    Ok(PgDimension::known(s))
}

fn score(n: Option<i64>) -> Result<Option<ZrmScore>, String> {
    n.map(|n| ZrmScore::new(n).map_err(|e| e.to_string()))
        .transpose()
}

fn strength(n: Option<i64>) -> Result<Option<GroupStrength>, String> {
    n.map(|n| GroupStrength::parse(&n.to_string()).map_err(|e| e.to_string()))
        .transpose()
}

use Ty::{Int, Text};

impl Stored for Organisation {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "organisations",
        columns: &[
            ("code", Text),
            ("name", Text),
            ("municipalities", Text),
            ("areas", Text),
        ],
        key: 1,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.code),
            Value::text(&self.name),
            join(&self.municipalities, |m| m.as_str()),
            join(&self.areas, |a| a.as_str()),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            code: c.parse(OrganisationCode::parse)?,
            name: c.text()?,
            municipalities: c.list(MunicipalityCode::parse)?,
            areas: c.list(AreaName::parse)?,
        })
    }
}

impl Stored for Partner {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "partners",
        columns: &[
            ("organisation", Text),
            ("id", Text),
            ("name", Text),
            ("sector", Text),
            ("line", Text),
            ("areas", Text),
        ],
        key: 2,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.id.as_str()),
            Value::text(&self.name),
            Value::text(self.sector.code()),
            Value::text(self.line.code()),
            join(&self.areas, |a| a.as_str()),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            id: c.parse(Id::parse)?,
            name: c.text()?,
            sector: c.parse(PartnerSector::parse)?,
            line: c.parse(PartnerLine::parse)?,
            areas: c.list(AreaName::parse)?,
        })
    }
}

impl Stored for Theme {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "themes",
        columns: &[
            ("organisation", Text),
            ("code", Text),
            ("year", Int),
            ("name", Text),
            ("zrm_domains", Text),
            ("societal_task", Text),
            ("context_indicators", Text),
            ("continues", Text),
        ],
        key: 3,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.code.as_str()),
            Value::int(self.year),
            Value::text(&self.name),
            join(&self.zrm_domains, |d| d.as_str()),
            Value::opt_text(self.societal_task.clone()),
            join(&self.context_indicators, |i| i.as_str()),
            Value::opt_text(self.continues.as_ref().map(|c| c.as_str().to_string())),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            code: c.parse(Id::parse)?,
            year: c.year()?,
            name: c.text()?,
            zrm_domains: c.list(zrm)?,
            societal_task: c.opt_text()?,
            context_indicators: c.list(Id::parse)?,
            continues: c
                .opt_text()?
                .map(|c| Id::parse(&c))
                .transpose()
                .map_err(|e| e.to_string())?,
        })
    }
}

impl Stored for Goal {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "goals",
        columns: &[
            ("organisation", Text),
            ("id", Text),
            ("theme", Text),
            ("goal_type", Text),
            ("text_operational", Text),
            ("text_original", Text),
            ("pg_dimensions", Text),
            ("target_indicator", Text),
            ("target_baseline", Text),
            ("target_value", Text),
            ("target_date", Text),
            ("key_figures", Text),
        ],
        key: 2,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.id.as_str()),
            Value::text(self.theme.as_str()),
            Value::text(self.goal_type.code()),
            Value::text(&self.text_operational),
            Value::opt_text(self.text_original.clone()),
            join(&self.pg_dimensions, |d| d.as_str()),
            Value::opt_text(self.target.indicator.clone()),
            Value::opt_text(self.target.baseline.clone()),
            Value::opt_text(self.target.value.clone()),
            date(self.target.date),
            join(&self.key_figures, |f| f.as_str()),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            id: c.parse(Id::parse)?,
            theme: c.parse(Id::parse)?,
            goal_type: c.parse(GoalType::parse)?,
            text_operational: c.text()?,
            text_original: c.opt_text()?,
            pg_dimensions: c.list(pg)?,
            target: Target {
                indicator: c.opt_text()?,
                baseline: c.opt_text()?,
                value: c.opt_text()?,
                date: c.opt_parse(parse_date)?,
            },
            key_figures: c.list(|s| Ok(s.to_string()))?,
        })
    }
}

impl Stored for Effort {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "efforts",
        columns: &[
            ("organisation", Text),
            ("id", Text),
            ("name", Text),
            ("category", Text),
            ("description", Text),
            ("goals", Text),
            ("themes", Text),
            ("pg_dimensions", Text),
            ("nature", Text),
            ("partners", Text),
            ("started", Text),
            ("stopped", Text),
            ("stop_reason", Text),
        ],
        key: 2,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.id.as_str()),
            Value::text(&self.name),
            Value::text(self.category.code()),
            Value::opt_text(self.description.clone()),
            join(&self.goals, |g| g.as_str()),
            join(&self.themes, |t| t.as_str()),
            join(&self.pg_dimensions, |d| d.as_str()),
            Value::opt_text(self.nature.map(Coded::code)),
            join(&self.partners, |p| p.as_str()),
            date(self.started),
            date(self.stopped),
            Value::opt_text(self.stop_reason.clone()),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        let fields = EffortFields {
            organisation: c.parse(OrganisationCode::parse)?,
            id: c.parse(Id::parse)?,
            name: c.text()?,
            category: c.parse(EffortCategory::parse)?,
            description: c.opt_text()?,
            goals: c.list(Id::parse)?,
            themes: c.list(Id::parse)?,
            pg_dimensions: c.list(pg)?,
            nature: c.opt_parse(Nature::parse)?,
            partners: c.list(Id::parse)?,
            started: c.opt_parse(parse_date)?,
            stopped: c.opt_parse(parse_date)?,
            stop_reason: c.opt_text()?,
        };
        Effort::new(fields).map_err(|p| format!("{p:?}"))
    }
}

impl Stored for Registration {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "registrations",
        columns: &[
            ("organisation", Text),
            ("id", Text),
            ("area", Text),
            ("form", Text),
            ("start_date", Text),
            ("end_date", Text),
            ("first_contact_date", Text),
            ("client", Text),
            ("age_group", Text),
            ("birth_year", Int),
            ("main_domain", Text),
            ("service", Text),
            ("pg_dimensions", Text),
            ("referred_by", Text),
            ("referred_to", Text),
            ("waiting_since", Text),
        ],
        key: 2,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.id.as_str()),
            Value::opt_text(self.area.as_ref().map(|a| a.as_str())),
            Value::text(self.form.code()),
            Value::text(format_date(self.start_date)),
            date(self.end_date),
            date(self.first_contact_date),
            Value::opt_text(self.client.as_ref().map(|c| c.as_str())),
            Value::opt_text(self.age_group.map(Coded::code)),
            Value::opt_int(self.birth_year.map(|b| b.get())),
            Value::text(self.main_domain.as_str()),
            Value::opt_text(self.service.clone()),
            join(&self.pg_dimensions, |d| d.as_str()),
            Value::opt_text(self.referred_by.as_ref().map(|p| p.as_str())),
            join(&self.referred_to, |p| p.as_str()),
            date(self.waiting_since),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        let fields = RegistrationFields {
            organisation: c.parse(OrganisationCode::parse)?,
            id: c.parse(Id::parse)?,
            area: c.opt_parse(AreaName::parse)?,
            form: c.parse(SupportForm::parse)?,
            start_date: c.parse(parse_date)?,
            end_date: c.opt_parse(parse_date)?,
            first_contact_date: c.opt_parse(parse_date)?,
            client: c.opt_parse(ClientPseudonym::parse)?,
            age_group: c.opt_parse(AgeGroup::parse)?,
            birth_year: c
                .opt_int()?
                .map(|y| BirthYear::parse(&y.to_string()).map_err(|e| e.to_string()))
                .transpose()?,
            main_domain: c.parse(zrm)?,
            service: c.opt_text()?,
            pg_dimensions: c.list(pg)?,
            referred_by: c.opt_parse(Id::parse)?,
            referred_to: c.list(Id::parse)?,
            // Read last: the column came with migration 0006.
            waiting_since: c.opt_parse(parse_date)?,
        };
        Registration::new(fields).map_err(|p| format!("{p:?}"))
    }
}

impl Stored for DomainScores {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "zrm_scores",
        columns: &[
            ("organisation", Text),
            ("registration_id", Text),
            ("domain", Text),
            ("start_score", Int),
            ("goal_score", Int),
            ("end_score", Int),
        ],
        key: 3,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        let n = |s: Option<ZrmScore>| Value::opt_int(s.map(|s| i64::from(s.get())));
        vec![
            org(&self.organisation),
            Value::text(self.registration.as_str()),
            Value::text(self.domain.as_str()),
            n(self.start),
            n(self.goal),
            n(self.end),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            registration: c.parse(Id::parse)?,
            domain: c.parse(zrm)?,
            start: score(c.opt_int()?)?,
            goal: score(c.opt_int()?)?,
            end: score(c.opt_int()?)?,
        })
    }
}

impl Stored for CollectivePeriod {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "collective_periods",
        columns: &[
            ("organisation", Text),
            ("activity", Text),
            ("area", Text),
            ("grp", Text),
            ("period_start", Text),
            ("period_end", Text),
            ("meetings", Int),
            ("participants_total", Int),
            ("participants_avg", Text),
            ("nature", Text),
            ("pg_dimensions", Text),
            ("strength_start", Int),
            ("strength_end", Int),
            ("status", Text),
        ],
        key: 5,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        let strength = |s: Option<GroupStrength>| Value::opt_int(s.map(|s| i64::from(s.get())));
        vec![
            org(&self.organisation),
            Value::text(self.activity.as_str()),
            Value::text(self.area.as_ref().map_or("", |a| a.as_str())),
            Value::text(self.group.clone().unwrap_or_default()),
            Value::text(format_date(self.period_start)),
            Value::text(format_date(self.period_end)),
            Value::opt_int(self.meetings),
            Value::opt_int(self.participants_total),
            Value::opt_text(self.participants_avg.as_ref().map(ToString::to_string)),
            Value::opt_text(self.nature.map(Coded::code)),
            join(&self.pg_dimensions, |d| d.as_str()),
            strength(self.strength_start),
            strength(self.strength_end),
            Value::text(self.status.code()),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        let fields = CollectiveFields {
            organisation: c.parse(OrganisationCode::parse)?,
            activity: c.parse(Id::parse)?,
            area: c
                .key_part()?
                .map(|a| AreaName::parse(&a).map_err(|e| e.to_string()))
                .transpose()?,
            group: c.key_part()?,
            period_start: c.parse(parse_date)?,
            period_end: c.parse(parse_date)?,
            meetings: c.count()?,
            participants_total: c.count()?,
            participants_avg: c.opt_parse(Participants::parse)?,
            nature: c.opt_parse(Nature::parse)?,
            pg_dimensions: c.list(pg)?,
            strength_start: strength(c.opt_int()?)?,
            strength_end: strength(c.opt_int()?)?,
            status: c.parse(CollectiveStatus::parse)?,
        };
        CollectivePeriod::new(fields).map_err(|p| format!("{p:?}"))
    }
}

impl Stored for ReachPlan {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "reach_plans",
        columns: &[
            ("organisation", Text),
            ("year", Int),
            ("societal_task", Text),
            ("service", Text),
            ("planned", Int),
            ("achieved", Int),
        ],
        key: 4,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::int(self.year),
            Value::text(&self.societal_task),
            Value::text(self.service.clone().unwrap_or_default()),
            Value::int(self.planned),
            Value::opt_int(self.achieved),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            year: c.year()?,
            societal_task: c.text()?,
            service: c.key_part()?,
            planned: c.count()?.ok_or("planned is NULL")?,
            achieved: c.count()?,
        })
    }
}

impl Stored for Survey {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "surveys",
        columns: &[
            ("organisation", Text),
            ("id", Text),
            ("kind", Text),
            ("year", Int),
            ("asked", Int),
            ("responses", Int),
            ("activity", Text),
        ],
        key: 2,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.id.as_str()),
            Value::text(self.kind.code()),
            Value::int(self.year),
            Value::opt_int(self.asked),
            Value::opt_int(self.responses),
            Value::opt_text(self.activity.as_ref().map(|a| a.to_string())),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            id: c.parse(Id::parse)?,
            kind: c.parse(SurveyKind::parse)?,
            year: c.year()?,
            asked: c.count()?,
            responses: c.count()?,
            activity: c.opt_parse(Id::parse)?,
        })
    }
}

impl Stored for SurveyAnswer {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "survey_answers",
        columns: &[
            ("organisation", Text),
            ("survey", Text),
            ("question", Text),
            ("answer", Text),
            ("count", Int),
        ],
        key: 4,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.survey.as_str()),
            Value::text(&self.question),
            Value::text(&self.answer),
            Value::int(self.count),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            survey: c.parse(Id::parse)?,
            question: c.text()?,
            answer: c.text()?,
            count: c.count()?.ok_or("count is NULL")?,
        })
    }
}

impl Stored for ContextValue {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "context_values",
        columns: &[
            ("organisation", Text),
            ("indicator", Text),
            ("region", Text),
            ("period", Text),
            ("region_name", Text),
            ("value", Text),
            ("unit", Text),
            ("source", Text),
            ("table_id", Text),
        ],
        key: 4,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.indicator.as_str()),
            Value::text(self.region.as_str()),
            Value::text(self.period.to_string()),
            Value::opt_text(self.region_name.clone()),
            Value::opt_text(self.value.as_ref().map(|v| v.as_str())),
            Value::opt_text(self.unit.clone()),
            Value::opt_text(self.source.clone()),
            Value::opt_text(self.table_id.clone()),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            indicator: c.parse(Id::parse)?,
            region: c.parse(|s| {
                RegionCode::parse_cbs(s)
                    .map_or_else(|| AreaName::parse(s).map(|a| RegionCode::area(&a)), Ok)
            })?,
            period: c.parse(Period::parse)?,
            region_name: c.opt_text()?,
            value: c.opt_parse(Decimal::parse)?,
            unit: c.opt_text()?,
            source: c.opt_text()?,
            table_id: c.opt_text()?,
        })
    }
}

impl Stored for Narrative {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "narratives",
        columns: &[
            ("organisation", Text),
            ("theme", Text),
            ("year", Int),
            ("section", Text),
            ("goal", Text),
            ("text", Text),
        ],
        key: 5,
        history: true,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.theme.as_ref().map_or("", |t| t.as_str())),
            Value::int(self.year),
            Value::text(self.section.code()),
            Value::text(self.goal.as_ref().map_or("", |g| g.as_str())),
            Value::text(&self.text),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            theme: c
                .key_part()?
                .map(|t| Id::parse(&t).map_err(|e| e.to_string()))
                .transpose()?,
            year: c.year()?,
            section: c.parse(NarrativeSection::parse)?,
            goal: c
                .key_part()?
                .map(|g| Id::parse(&g).map_err(|e| e.to_string()))
                .transpose()?,
            text: c.text()?,
        })
    }
}

impl Stored for AreaProfile {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "area_profiles",
        columns: &[
            ("organisation", Text),
            ("area", Text),
            ("municipality", Text),
            ("year", Int),
            ("section", Text),
            ("text", Text),
        ],
        key: 5,
        history: true,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.area.as_str()),
            Value::text(self.municipality.as_str()),
            Value::int(self.year),
            Value::text(self.section.code()),
            Value::text(&self.text),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            area: c.parse(AreaName::parse)?,
            municipality: c.parse(MunicipalityCode::parse)?,
            year: c.year()?,
            section: c.parse(AreaProfileSection::parse)?,
            text: c.text()?,
        })
    }
}

impl Stored for Region {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "regions",
        columns: &[
            ("organisation", Text),
            ("code", Text),
            ("year", Int),
            ("name", Text),
            ("parent", Text),
            ("boundary", Text),
        ],
        key: 3,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.code.as_str()),
            Value::int(self.year),
            Value::opt_text(self.name.clone()),
            Value::opt_text(self.parent.as_ref().map(|p| p.as_str())),
            Value::opt_text(self.boundary.as_ref().map(boundary_json)),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        let cbs = |s: &str| {
            RegionCode::parse_cbs(s).ok_or(Problem::BadForm {
                expected: "a CBS region code",
            })
        };
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            code: c.parse(cbs)?,
            year: c.year()?,
            name: c.opt_text()?,
            parent: c.opt_parse(cbs)?,
            boundary: c.opt_parse(|s: &str| {
                serde_json::from_str(s).map_err(|_| Problem::BadForm {
                    expected: "an outline of rings of points",
                })
            })?,
        })
    }
}

/// An outline as stored: its rings as JSON.
fn boundary_json(boundary: &domain::Boundary) -> String {
    serde_json::to_string(boundary).expect("an outline is always JSON")
}

impl Stored for IndicatorDefinition {
    const TABLE: &'static TableSpec = &TableSpec {
        name: "indicator_definitions",
        columns: &[
            ("organisation", Text),
            ("indicator", Text),
            ("name", Text),
            ("unit", Text),
            ("source", Text),
            ("table_id", Text),
            ("measure", Text),
        ],
        key: 2,
        history: false,
    };
    fn to_row(&self) -> Vec<Value> {
        vec![
            org(&self.organisation),
            Value::text(self.indicator.as_str()),
            Value::text(self.name.clone()),
            Value::opt_text(self.unit.clone()),
            Value::opt_text(self.source.clone()),
            Value::opt_text(self.table_id.clone()),
            Value::opt_text(self.measure.clone()),
        ]
    }
    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut c = Cols::new(row);
        Ok(Self {
            organisation: c.parse(OrganisationCode::parse)?,
            indicator: c.parse(Id::parse)?,
            name: c.text()?,
            unit: c.opt_text()?,
            source: c.opt_text()?,
            table_id: c.opt_text()?,
            measure: c.opt_text()?,
        })
    }
}

//! The file kinds of interchange v1 and their columns.

use domain::fold::fold;
use domain::Coded;

/// A kind of interchange file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// organisations.csv
    Organisations,
    /// partners.csv (DIN)
    Partners,
    /// themes.csv (DIN)
    Themes,
    /// goals.csv (DIN)
    Goals,
    /// efforts.csv (DIN)
    Efforts,
    /// registrations.csv
    Registrations,
    /// zrm_scores.csv
    ZrmScores,
    /// collective.csv
    Collective,
    /// reach_plan.csv
    ReachPlan,
    /// surveys.csv: the surveys and the population asked
    Surveys,
    /// survey.csv: the answers
    Survey,
    /// indicators.csv: context indicator definitions and CBS measure mappings
    Indicators,
    /// context.csv
    Context,
    /// narrative.csv
    Narrative,
    /// area_profiles.csv
    AreaProfiles,
}

impl Coded for FileKind {
    /// In the order an import applies them: what a file refers to comes first.
    const ALL: &'static [Self] = &[
        Self::Organisations,
        Self::Partners,
        Self::Themes,
        Self::Goals,
        Self::Efforts,
        Self::Registrations,
        Self::ZrmScores,
        Self::Collective,
        Self::ReachPlan,
        Self::Surveys,
        Self::Survey,
        Self::Indicators,
        Self::Context,
        Self::Narrative,
        Self::AreaProfiles,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Organisations => "organisations",
            Self::Partners => "partners",
            Self::Themes => "themes",
            Self::Goals => "goals",
            Self::Efforts => "efforts",
            Self::Registrations => "registrations",
            Self::ZrmScores => "zrm_scores",
            Self::Collective => "collective",
            Self::ReachPlan => "reach_plan",
            Self::Surveys => "surveys",
            Self::Survey => "survey",
            Self::Indicators => "indicators",
            Self::Context => "context",
            Self::Narrative => "narrative",
            Self::AreaProfiles => "area_profiles",
        }
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Organisations => &["organisaties"],
            Self::Partners => &["netwerkpartners"],
            Self::Themes => &["themas"],
            Self::Goals => &["doelen"],
            Self::Efforts => &["inspanningen"],
            Self::Registrations => &["registraties"],
            Self::ZrmScores => &["zrm", "zrm_scores"],
            Self::Collective => &["collectief", "collectieve_activiteiten"],
            Self::ReachPlan => &["bereik", "gepland_bereik"],
            Self::Surveys => &["onderzoeken"],
            Self::Survey => &["enquete", "antwoorden"],
            Self::Indicators => &["indicatoren", "indicator_definities"],
            Self::Context => &["contextcijfers"],
            Self::Narrative => &["teksten", "duiding"],
            Self::AreaProfiles => &["gebiedsprofielen"],
        }
    }
}

/// A column of a file kind: its canonical name, Dutch aliases, and whether
/// it must be present.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The canonical (English) name, written by the exporter.
    pub name: &'static str,
    /// Other accepted names.
    pub aliases: &'static [&'static str],
    /// Whether the header must have it.
    pub required: bool,
}

const fn req(name: &'static str, aliases: &'static [&'static str]) -> Column {
    Column {
        name,
        aliases,
        required: true,
    }
}

const fn opt(name: &'static str, aliases: &'static [&'static str]) -> Column {
    Column {
        name,
        aliases,
        required: false,
    }
}

const ORGANISATION: Column = opt("organisation", &["organisatie"]);

impl FileKind {
    /// Whether a file of this kind without an organisation column, imported
    /// for no organisation, holds the installation's public statistics
    /// (a GGD Gezondheidsmonitor or Leefbarometer table as `context.csv`,
    /// its indicators' names as `indicators.csv`), which every
    /// organisation working for a region reads.
    pub fn may_be_public(self) -> bool {
        matches!(self, Self::Context | Self::Indicators)
    }

    /// The columns of this kind, in the order the exporter writes them.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Self::Organisations => {
                const COLUMNS: &[Column] = &[
                    req("organisation", &["organisatie"]),
                    req("name", &["naam"]),
                    req("municipalities", &["gemeenten"]),
                    opt("areas", &["gebieden"]),
                ];
                COLUMNS
            }
            Self::Partners => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("partner_id", &[]),
                    req("name", &["naam"]),
                    req("sector", &[]),
                    req("line", &["lijn"]),
                    opt("areas", &["gebieden"]),
                ];
                COLUMNS
            }
            Self::Themes => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("theme", &["thema"]),
                    req("name", &["naam"]),
                    req("year", &["jaar"]),
                    opt("zrm_domains", &["zrm_domeinen"]),
                    opt("societal_task", &["maatschappelijke_opgave"]),
                    opt("context_indicators", &["contextindicatoren"]),
                    opt("continues", &["vervolg_op"]),
                ];
                COLUMNS
            }
            Self::Goals => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("goal_id", &["doel_id"]),
                    req("theme", &["thema"]),
                    req("type", &["soort"]),
                    req("text_operational", &["tekst_onderzoek"]),
                    opt("text_original", &["tekst_opdracht"]),
                    opt("pg_dimensions", &["pg_dimensies"]),
                    opt("target_indicator", &["doel_indicator"]),
                    opt("target_baseline", &["doel_nulmeting"]),
                    opt("target_value", &["doel_waarde"]),
                    opt("target_date", &["doel_datum"]),
                    opt("key_figures", &["kerncijfers"]),
                ];
                COLUMNS
            }
            Self::Efforts => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("effort_id", &["inspanning_id"]),
                    req("name", &["naam"]),
                    req("category", &["categorie"]),
                    opt("description", &["omschrijving"]),
                    opt("goals", &["doelen"]),
                    opt("themes", &["themas"]),
                    opt("pg_dimensions", &["pg_dimensies"]),
                    opt("nature", &["aard"]),
                    opt("partners", &[]),
                    opt("started", &["gestart"]),
                    opt("stopped", &["gestopt"]),
                    opt("stop_reason", &["reden_gestopt"]),
                ];
                COLUMNS
            }
            Self::Registrations => {
                const COLUMNS: &[Column] = &[
                    req("registration_id", &["registratie_id"]),
                    ORGANISATION,
                    opt("area", &["gebied"]),
                    req("form", &["vorm"]),
                    req("start_date", &["startdatum"]),
                    opt("end_date", &["einddatum"]),
                    opt("first_contact_date", &["eerste_contact"]),
                    opt("waiting_since", &["wachtlijst_sinds"]),
                    opt("client_code", &[]),
                    opt("client_pseudonym", &["client_pseudoniem"]),
                    opt("age_group", &["leeftijdsgroep"]),
                    opt("birth_year", &["geboortejaar"]),
                    req("main_domain", &["hoofddomein"]),
                    opt("service", &["dienst"]),
                    opt("pg_dimensions", &["pg_dimensies"]),
                    opt("referred_by", &["aangemeld_door"]),
                    opt("referred_to", &["verwezen_naar"]),
                ];
                COLUMNS
            }
            Self::ZrmScores => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("registration_id", &["registratie_id"]),
                    req("domain", &["domein"]),
                    opt("start_score", &["startscore"]),
                    opt("goal_score", &["doelscore"]),
                    opt("end_score", &["eindscore"]),
                ];
                COLUMNS
            }
            Self::Collective => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("activity", &["activiteit"]),
                    opt("area", &["gebied"]),
                    opt("group", &["groep"]),
                    req("period_start", &["periode_start"]),
                    req("period_end", &["periode_eind"]),
                    opt("meetings", &["bijeenkomsten"]),
                    opt("participants_total", &["deelnemers_totaal"]),
                    opt("participants_avg", &["deelnemers_gemiddeld"]),
                    opt("nature", &["aard"]),
                    opt("pg_dimensions", &["pg_dimensies"]),
                    opt("group_strength_start", &["kracht_start"]),
                    opt("group_strength_end", &["kracht_eind"]),
                    opt("status", &[]),
                ];
                COLUMNS
            }
            Self::ReachPlan => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("year", &["jaar"]),
                    req("societal_task", &["maatschappelijke_opgave"]),
                    opt("service", &["dienst"]),
                    req("planned", &["gepland"]),
                    opt("achieved", &["behaald"]),
                ];
                COLUMNS
            }
            Self::Surveys => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("survey", &["onderzoek"]),
                    req("kind", &["soort"]),
                    req("year", &["jaar"]),
                    req("asked", &["gevraagd"]),
                    opt("responses", &["respons"]),
                    opt("activity", &["activiteit"]),
                ];
                COLUMNS
            }
            Self::Survey => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("survey", &["onderzoek"]),
                    req("kind", &["soort"]),
                    req("year", &["jaar"]),
                    req("question", &["vraag"]),
                    req("answer", &["antwoord"]),
                    opt("count", &["aantal"]),
                ];
                COLUMNS
            }
            Self::Indicators => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("indicator", &[]),
                    req("name", &["naam"]),
                    opt("unit", &["eenheid"]),
                    opt("source", &["bron"]),
                    opt("table_id", &["tabel_id"]),
                    opt("measure", &["meetwaarde", "cbs_key"]),
                ];
                COLUMNS
            }
            Self::Context => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("indicator", &[]),
                    req("region_code", &["regiocode"]),
                    opt("region_name", &["regionaam"]),
                    req("period", &["periode"]),
                    req("value", &["waarde"]),
                    opt("unit", &["eenheid"]),
                    opt("source", &["bron"]),
                    opt("table_id", &["tabel_id"]),
                ];
                COLUMNS
            }
            Self::Narrative => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    opt("theme", &["thema"]),
                    req("year", &["jaar"]),
                    req("section", &["sectie"]),
                    opt("goal", &["doel"]),
                    req("text", &["tekst"]),
                ];
                COLUMNS
            }
            Self::AreaProfiles => {
                const COLUMNS: &[Column] = &[
                    ORGANISATION,
                    req("area", &["gebied"]),
                    req("municipality", &["gemeente"]),
                    req("year", &["jaar"]),
                    req("section", &["sectie"]),
                    req("text", &["tekst"]),
                ];
                COLUMNS
            }
        }
    }

    /// The column a header cell names, if any.
    pub fn column(self, header_cell: &str) -> Option<&'static Column> {
        let folded = fold(header_cell);
        self.columns()
            .iter()
            .find(|c| fold(c.name) == folded || c.aliases.iter().any(|a| fold(a) == folded))
    }

    /// The kind a file name says (`registrations.csv`, `Registraties 2022.xlsx`
    /// → registrations), or a sheet name.
    pub fn from_name(name: &str) -> Option<Self> {
        let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        let folded = fold(stem);
        // Longest match first, so that `surveys` is not taken for `survey`.
        let mut names: Vec<(Self, String)> = Self::ALL
            .iter()
            .flat_map(|k| {
                std::iter::once(k.code())
                    .chain(k.aliases().iter().copied())
                    .map(|n| (*k, fold(n)))
            })
            .collect();
        names.sort_by_key(|(_, n)| std::cmp::Reverse(n.len()));
        names
            .into_iter()
            .find(|(_, n)| {
                folded == *n
                    || folded
                        .strip_prefix(n.as_str())
                        .is_some_and(|r| r.starts_with('_'))
            })
            .map(|(k, _)| k)
    }

    /// The kind a header fits: every required column present, the most
    /// columns known; `None` when no kind or several fit equally.
    pub fn from_header(header: &[String]) -> Option<Self> {
        let mut best: Vec<(usize, Self)> = Self::ALL
            .iter()
            .filter(|k| {
                k.columns().iter().filter(|c| c.required).all(|c| {
                    header
                        .iter()
                        .any(|h| k.column(h).is_some_and(|hc| hc.name == c.name))
                })
            })
            .map(|k| (header.iter().filter(|h| k.column(h).is_some()).count(), *k))
            .collect();
        best.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
        match best.as_slice() {
            [(n, k), rest @ ..] if rest.first().is_none_or(|(m, _)| m < n) => Some(*k),
            _ => None,
        }
    }

    /// Whether the file belongs to the goals–efforts network.
    pub fn is_din(self) -> bool {
        matches!(
            self,
            Self::Partners | Self::Themes | Self::Goals | Self::Efforts
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_from_file_or_sheet_name() {
        assert_eq!(
            FileKind::from_name("data/registrations.csv"),
            Some(FileKind::Registrations)
        );
        assert_eq!(
            FileKind::from_name("Registraties 2022.xlsx"),
            Some(FileKind::Registrations)
        );
        assert_eq!(FileKind::from_name("surveys.csv"), Some(FileKind::Surveys));
        assert_eq!(FileKind::from_name("survey.csv"), Some(FileKind::Survey));
        assert_eq!(
            FileKind::from_name("zrm_scores.csv"),
            Some(FileKind::ZrmScores)
        );
        assert_eq!(FileKind::from_name("export.csv"), None);
    }

    #[test]
    fn kind_from_header() {
        let header = |cols: &[&str]| cols.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(
            FileKind::from_header(&header(&["registratie_id", "domein", "startscore"])),
            Some(FileKind::ZrmScores)
        );
        assert_eq!(
            FileKind::from_header(&header(&["onderzoek", "soort", "jaar", "gevraagd"])),
            Some(FileKind::Surveys)
        );
        assert_eq!(FileKind::from_header(&header(&["x", "y"])), None);
    }
}

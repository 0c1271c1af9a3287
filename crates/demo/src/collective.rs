//! De Schans's collective activities of 2022 (DEMO-FIGURES.md A): per
//! activity and group, meetings, participants, nature and group strength.

use crate::dice::Dice;
use crate::sheet::{opt, Sheet};

/// One group period: activity, group, meetings, average participants as
/// written, strength start and end, status.
struct Group {
    activity: &'static str,
    group: &'static str,
    meetings: Option<u32>,
    average: Option<&'static str>,
    strength: Option<(u8, u8)>,
    status: &'static str,
}

const fn active(
    activity: &'static str,
    group: &'static str,
    meetings: u32,
    average: &'static str,
    strength: Option<(u8, u8)>,
) -> Group {
    Group {
        activity,
        group,
        meetings: Some(meetings),
        average: Some(average),
        strength,
        status: "actief",
    }
}

const GROUPS_2022: &[Group] = &[
    active("walk_en_talk", "", 1, "27", Some((2, 3))),
    active(
        "buurtbakkies_kwetsbaar",
        "koffiekar noord",
        31,
        "15",
        Some((4, 5)),
    ),
    active("buurtbakkies_kwetsbaar", "koffiekar zuid", 31, "15", None),
    active("lotgenoten_rouw", "", 5, "5", Some((2, 2))),
    active("grip_en_glans", "", 13, "4", None),
    active("weerbaarheid", "groep 1", 32, "10", Some((2, 3))),
    active("weerbaarheid", "groep 2", 32, "10", Some((2, 3))),
    active("weerbaarheid", "groep 3", 32, "10", Some((2, 3))),
    active("weerbaarheid", "groep 4", 32, "10", Some((2, 3))),
    active("meidenwerk", "", 17, "4", None),
    active("dappere_dinos", "", 29, "4-5", Some((1, 5))),
    active("jes_training", "", 7, "3", Some((1, 2))),
    active("positief_budget", "", 6, "6", Some((2, 4))),
    active("buurtbakkies_armoede", "", 69, "13", None),
    active("ieder_kind_telt_mee", "", 7, "31", Some((3, 3))),
    active("route_rubicon", "", 7, "52", Some((3, 1))),
    active("jongerenwerk_outreach", "", 51, "5", None),
    Group {
        activity: "voorlichting_middelen",
        group: "",
        meetings: None,
        average: None,
        strength: None,
        status: "niet_beschikbaar",
    },
];

/// collective.csv: the groups of 2022 (each in an area drawn at random;
/// nature and PG dimensions left to the DIN's efforts), the planned
/// ScheidingsATLAS, and Walk en Talk of 2021.
pub fn collective(dice: &mut Dice, areas: &[&'static str]) -> Sheet {
    let mut s = Sheet::new(
        "collective.csv",
        &[
            "organisation",
            "activity",
            "area",
            "group",
            "period_start",
            "period_end",
            "meetings",
            "participants_total",
            "participants_avg",
            "nature",
            "pg_dimensions",
            "group_strength_start",
            "group_strength_end",
            "status",
        ],
    );
    for g in GROUPS_2022 {
        // Some registration systems give the total too; where they do not,
        // the indicator derives it from meetings × average.
        let total = match (g.meetings, g.average.and_then(|a| a.parse::<u32>().ok())) {
            (Some(m), Some(avg)) if dice.chance(0.5) => Some(m * avg),
            _ => None,
        };
        s.row([
            "deschans".to_string(),
            g.activity.to_string(),
            dice.pick(areas).to_string(),
            g.group.to_string(),
            "2022-01-01".to_string(),
            "2022-12-31".to_string(),
            opt(g.meetings),
            opt(total),
            opt(g.average),
            String::new(),
            String::new(),
            opt(g.strength.map(|s| s.0)),
            opt(g.strength.map(|s| s.1)),
            g.status.to_string(),
        ]);
    }
    s.row([
        "deschans",
        "scheidingsatlas",
        "",
        "",
        "2022-10-01",
        "2023-12-31",
        "",
        "",
        "",
        "beide",
        "mentaal_welbevinden",
        "",
        "",
        "gepland",
    ]);
    s.row([
        "deschans",
        "walk_en_talk",
        "Marum",
        "",
        "2021-01-01",
        "2021-12-31",
        "3",
        "54",
        "18",
        "beide",
        "meedoen",
        "2",
        "2",
        "actief",
    ]);
    s
}

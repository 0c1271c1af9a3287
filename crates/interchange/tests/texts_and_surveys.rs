//! narrative.csv's texts of the annual monitor (no theme) and surveys.csv's
//! activity: what is taken and what is refused, with the column named.

use interchange::testing::Fixed;
use interchange::{parse_table, read_tables, FileKind, Limits, ParsedFile, Record, Table};

fn parse(kind: FileKind, text: &str) -> ParsedFile {
    let table: Table = read_tables(text.as_bytes(), &Limits::default())
        .unwrap()
        .remove(0);
    let organisation = domain::OrganisationCode::parse("deschans").unwrap();
    parse_table(kind, &table, Some(&organisation), &Fixed::default()).unwrap()
}

/// The columns refused, line by line.
fn refused(parsed: &ParsedFile) -> Vec<(usize, String)> {
    parsed
        .errors
        .iter()
        .map(|e| (e.line, e.column.clone()))
        .collect()
}

#[test]
fn a_monitor_text_has_no_theme_and_a_theme_text_has_one() {
    let parsed = parse(
        FileKind::Narrative,
        "theme,year,section,goal,text\n\
         ,2022,vraagstelling,,Wat is de impact?\n\
         ,2022,werkwijze,,De organisatie werkt vanuit Positieve Gezondheid.\n\
         armoede,2022,werkwijze,,Het thema.\n\
         armoede,2022,beperkingen,,Een thema mag hier niet.\n\
         ,2022,duiding,g1,Een duiding zonder thema.\n\
         ,2022,citaat,,Een citaat zonder thema.\n",
    );
    let themes: Vec<Option<String>> = parsed
        .records
        .iter()
        .map(|(_, r)| match r {
            Record::Narrative(n) => n.theme.as_ref().map(|t| t.to_string()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(themes, [None, None, Some("armoede".to_string())]);
    assert_eq!(
        refused(&parsed),
        [
            (5, "theme".into()),
            (6, "theme".into()),
            (7, "theme".into())
        ]
    );
}

#[test]
fn a_survey_names_a_collective_activity_of_the_din() {
    let parsed = parse(
        FileKind::Surveys,
        "survey,kind,year,asked,responses,activity\n\
         s1,impactmeting,2022,40,34,walk\n\
         s2,inwoners,2022,300,60,\n\
         s3,impactmeting,2022,40,30,onbekend\n",
    );
    let activities: Vec<Option<String>> = parsed
        .records
        .iter()
        .map(|(_, r)| match r {
            Record::Survey(s) => s.activity.as_ref().map(|a| a.to_string()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(activities, [Some("walk".to_string()), None]);
    assert_eq!(refused(&parsed), [(4, "activity".into())]);
}

#[test]
fn a_goal_s_key_figures_are_figures_the_product_knows() {
    let parsed = parse(
        FileKind::Goals,
        "goal_id,theme,type,text_operational,key_figures\n\
         g1,armoede,prestatiedoel,Minder escalatie,escalation_rate|goal_realisation:Financiën|laag_inkomen\n\
         g2,armoede,prestatiedoel,Een domein dat niet bestaat,goal_realisation:financen\n\
         g3,armoede,prestatiedoel,Een figuur dat niet bestaat,doelbereik:financien\n",
    );
    let figures: Vec<Vec<String>> = parsed
        .records
        .iter()
        .map(|(_, r)| match r {
            Record::Goal(g) => g.key_figures.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        figures,
        [[
            "escalation_rate",
            "goal_realisation:financien",
            "laag_inkomen"
        ]]
    );
    assert_eq!(
        refused(&parsed),
        [(3, "key_figures".into()), (4, "key_figures".into())]
    );
}

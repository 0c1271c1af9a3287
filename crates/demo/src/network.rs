//! The organisations and their goals–efforts networks (DIN): partners,
//! themes per monitor year, goals and efforts.

use crate::sheet::Sheet;

/// organisations.csv.
pub fn organisations() -> Sheet {
    let mut s = Sheet::new(
        "organisations.csv",
        &["organisation", "name", "municipalities", "areas"],
    );
    s.row([
        "deschans",
        "Sociaal Werk De Schans",
        "GM1969",
        "Leek|Marum|Grootegast|Zuidhorn",
    ]);
    s.row([
        "sedna",
        "Sedna, welzijn en maatschappelijk werk Emmen",
        "GM0114",
        "Emmen Centrum|Emmen Oost|Klazienaveen|Nieuw-Amsterdam",
    ]);
    s.row([
        "wijkteam_bergen",
        "Sociaal wijkteam Bergen (in oprichting)",
        "GM0373",
        "Bergen|Schoorl|Egmond",
    ]);
    s
}

/// partners.csv: id, name, sector, line, areas.
const PARTNERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "deschans",
        "huisarts",
        "Huisartsen Westerkwartier",
        "zorg",
        "voorliggend",
        "",
    ),
    (
        "deschans",
        "gemeente",
        "Gemeente Westerkwartier, sociaal domein",
        "overheid",
        "voorliggend",
        "",
    ),
    (
        "deschans",
        "mgj",
        "Mens en Gezin Jeugd",
        "overheid",
        "voorliggend",
        "",
    ),
    (
        "deschans",
        "ggd",
        "GGD Groningen",
        "zorg",
        "voorliggend",
        "",
    ),
    (
        "deschans",
        "school",
        "Basis- en voortgezet onderwijs",
        "onderwijs",
        "voorliggend",
        "",
    ),
    (
        "deschans",
        "woningcorporatie",
        "Woningcorporaties Westerkwartier",
        "wonen",
        "voorliggend",
        "",
    ),
    (
        "deschans",
        "politie",
        "Politie, wijkagenten",
        "overheid",
        "voorliggend",
        "",
    ),
    (
        "deschans",
        "schuldhulp",
        "Schuldhulpverlening gemeente",
        "overheid",
        "voorliggend",
        "",
    ),
    (
        "deschans",
        "voedselbank",
        "Voedselbank Westerkwartier",
        "vrijwilligers",
        "voorliggend",
        "Leek|Zuidhorn",
    ),
    (
        "deschans",
        "humanitas",
        "Humanitas",
        "vrijwilligers",
        "voorliggend",
        "",
    ),
    (
        "deschans",
        "ggz",
        "GGZ (specialistische geestelijke gezondheidszorg)",
        "professionele_hulp",
        "geindiceerd",
        "",
    ),
    (
        "deschans",
        "vnn",
        "Verslavingszorg Noord Nederland",
        "professionele_hulp",
        "geindiceerd",
        "",
    ),
    (
        "deschans",
        "veilig_thuis",
        "Veilig Thuis Groningen",
        "professionele_hulp",
        "geindiceerd",
        "",
    ),
    (
        "sedna",
        "huisarts",
        "Huisartsen Emmen",
        "zorg",
        "voorliggend",
        "",
    ),
    (
        "sedna",
        "ggd_jgz",
        "GGD Drenthe, jeugdgezondheidszorg",
        "zorg",
        "voorliggend",
        "",
    ),
    (
        "sedna",
        "school",
        "Scholen primair en voortgezet onderwijs",
        "onderwijs",
        "voorliggend",
        "",
    ),
    (
        "sedna",
        "jongerenwerk",
        "Jongerenwerk Sedna",
        "maatschappelijk",
        "voorliggend",
        "",
    ),
    (
        "sedna",
        "kredietbank",
        "Kredietbank Emmen",
        "overheid",
        "voorliggend",
        "",
    ),
    (
        "sedna",
        "woningcorporatie",
        "Woningcorporaties Emmen",
        "wonen",
        "voorliggend",
        "",
    ),
    (
        "sedna",
        "vrijwilligers",
        "Vrijwilligerscentrale Emmen",
        "vrijwilligers",
        "voorliggend",
        "",
    ),
    (
        "sedna",
        "ggz_drenthe",
        "GGZ Drenthe",
        "professionele_hulp",
        "geindiceerd",
        "",
    ),
    (
        "sedna",
        "de_toegang",
        "Stichting De Toegang (toegang jeugdhulp en Wmo)",
        "overheid",
        "geindiceerd",
        "",
    ),
];

/// partners.csv.
pub fn partners() -> Sheet {
    let mut s = Sheet::new(
        "partners.csv",
        &[
            "organisation",
            "partner_id",
            "name",
            "sector",
            "line",
            "areas",
        ],
    );
    for (org, id, name, sector, line, areas) in PARTNERS {
        s.row([*org, *id, *name, *sector, *line, *areas]);
    }
    s
}

/// themes.csv: per monitor year, with the theme → ZRM-domain mapping of
/// DOMAIN.md §4 and Sedna's societal tasks.
pub fn themes() -> Sheet {
    let mut s = Sheet::new(
        "themes.csv",
        &[
            "organisation",
            "theme",
            "name",
            "year",
            "zrm_domains",
            "societal_task",
        ],
    );
    let rows: &[(&str, &str, &str, &str, &str, &str)] = &[
        (
            "deschans",
            "kwetsbare_inwoners",
            "Kwetsbare inwoners",
            "2022",
            "geestelijke_gezondheid|sociaal_netwerk|tijdsbesteding|middelengebruik",
            "",
        ),
        (
            "deschans",
            "echtscheiding_huiselijk_geweld",
            "Echtscheiding & huiselijk geweld",
            "2022",
            "huiselijke_relaties|ouderschap",
            "",
        ),
        (
            "deschans",
            "sterke_buurten",
            "Sterke buurten",
            "2022",
            "maatschappelijke_participatie|sociaal_netwerk",
            "",
        ),
        (
            "deschans",
            "armoede_arbeidsparticipatie",
            "Armoede & arbeidsparticipatie",
            "2022",
            "financien|maatschappelijke_participatie|werk_opleiding",
            "",
        ),
        ("deschans", "armoede", "Armoede", "2020", "financien", ""),
        (
            "deschans",
            "gezonde_leefstijl",
            "Gezonde leefstijl",
            "2020",
            "lichamelijke_gezondheid|middelengebruik",
            "",
        ),
        (
            "deschans",
            "laaggeletterdheid",
            "Laaggeletterdheid",
            "2020",
            "werk_opleiding|maatschappelijke_participatie",
            "",
        ),
        (
            "sedna",
            "doorbreken_armoede",
            "Doorbreken van armoede",
            "2021",
            "",
            "Doorbreken van armoede",
        ),
        (
            "sedna",
            "informele_zorg",
            "Door ontwikkelen informele zorg",
            "2021",
            "",
            "Door ontwikkelen informele zorg",
        ),
        (
            "sedna",
            "perspectief_jeugdigen",
            "Perspectief voor jeugdigen",
            "2021",
            "",
            "Perspectief voor jeugdigen",
        ),
        (
            "sedna",
            "huiselijk_geweld",
            "Adequate werkwijze huiselijk geweld",
            "2021",
            "",
            "Adequate werkwijze huiselijk geweld",
        ),
        (
            "sedna",
            "zelfredzaamheid_kwetsbare_inwoners",
            "Versterken van de zelfredzaamheid van kwetsbare inwoners",
            "2021",
            "",
            "Versterken van de zelfredzaamheid van kwetsbare inwoners",
        ),
        (
            "sedna",
            "informatie_advies",
            "Informatie & advies",
            "2021",
            "",
            "Informatie & advies",
        ),
    ];
    for r in rows {
        s.row([r.0, r.1, r.2, r.3, r.4, r.5]);
    }
    s
}

/// goals.csv: the goals of the municipality per theme, in the researchers'
/// wording (paraphrased from the seed reports).
pub fn goals() -> Sheet {
    let mut s = Sheet::new(
        "goals.csv",
        &[
            "organisation",
            "goal_id",
            "theme",
            "type",
            "text_operational",
            "text_original",
            "pg_dimensions",
            "target_indicator",
            "target_baseline",
            "target_value",
            "target_date",
        ],
    );
    let rows: &[(&str, &str, &str, &str, &str, &str)] = &[
        ("ki1", "kwetsbare_inwoners", "leerdoel", "Inzicht in activiteiten die eenzaamheidsgevoelens van inwoners beïnvloeden", "Eenzaamheid", "mentaal_welbevinden|meedoen"),
        ("ki2", "kwetsbare_inwoners", "prestatiedoel", "Minder inwoners in het Westerkwartier voelen zich eenzaam", "Eenzaamheid", "mentaal_welbevinden"),
        ("ki3", "kwetsbare_inwoners", "preventiedoel", "Minder inwoners hebben een verslaving", "Verslaving", "lichaamsfuncties"),
        ("ki4", "kwetsbare_inwoners", "leerdoel", "Inzicht in hoe mentaal kwetsbare inwoners ondersteund en bij de samenleving betrokken kunnen worden", "Mentale kwetsbaarheid", "mentaal_welbevinden|meedoen"),
        ("ki5", "kwetsbare_inwoners", "prestatiedoel", "Inwoners weten waar zij terechtkunnen met zorgen en overlast", "Zorgen en overlast", "dagelijks_functioneren"),
        ("ki6", "kwetsbare_inwoners", "prestatiedoel", "Inwoners ervaren een zinvolle dagbesteding", "Dagbesteding", "zingeving"),
        ("eh1", "echtscheiding_huiselijk_geweld", "preventiedoel", "Kinderen van scheidende ouders worden weerbaarder", "Echtscheiding", "mentaal_welbevinden"),
        ("eh2", "echtscheiding_huiselijk_geweld", "prestatiedoel", "Signalen van huiselijk geweld worden vroeg opgepakt", "Huiselijk geweld", "kwaliteit_van_leven"),
        ("sb1", "sterke_buurten", "prestatiedoel", "Inwoners nemen zelf initiatief in hun buurt", "Sterke buurten", "meedoen"),
        ("sb2", "sterke_buurten", "leerdoel", "Inzicht in wat jongeren in de buurt nodig hebben", "Jongeren", "meedoen|zingeving"),
        ("aa1", "armoede_arbeidsparticipatie", "preventiedoel", "Inwoners met geldzorgen krijgen vroeg hulp, zodat schulden niet oplopen", "Schulden", "dagelijks_functioneren"),
        ("aa2", "armoede_arbeidsparticipatie", "leerdoel", "Inzicht in aanpakken waarmee het gebruik van bijstand vermindert", "Bijstand", "meedoen"),
        ("ar1", "armoede", "prestatiedoel", "Huishoudens met een laag inkomen kennen de voorzieningen waar zij recht op hebben", "Armoede", "dagelijks_functioneren"),
        ("gl1", "gezonde_leefstijl", "preventiedoel", "Jongeren drinken en roken minder", "Leefstijl", "lichaamsfuncties"),
        ("lg1", "laaggeletterdheid", "prestatiedoel", "Laaggeletterde inwoners worden gevonden en toegeleid naar taalaanbod", "Laaggeletterdheid", "meedoen"),
    ];
    for (id, theme, kind, text, original, pg) in rows {
        s.row([
            "deschans", id, theme, kind, text, original, pg, "", "", "", "",
        ]);
    }
    s.row([
        "deschans", "ki7", "kwetsbare_inwoners", "prestatiedoel",
        "Inwoners met psychische klachten worden tijdig ondersteund, zodat escalatie wordt voorkomen",
        "Voorkomen van escalatie", "mentaal_welbevinden", "aandeel doorverwezen naar geïndiceerde hulp", "", "5 %", "2023-01-01",
    ]);
    s.row([
        "sedna", "pj1", "perspectief_jeugdigen", "prestatiedoel",
        "Jeugd- en schoolmaatschappelijk werk ondersteunt jeugdigen; hoogstens 5% wordt doorgezet naar geïndiceerde hulp",
        "Versterken van zelfredzaamheid van kind en ouder(s)", "mentaal_welbevinden", "aandeel doorgezet naar geïndiceerde hulp", "", "5 %", "2022-01-01",
    ]);
    s.row([
        "sedna",
        "da1",
        "doorbreken_armoede",
        "prestatiedoel",
        "Huishoudens in een meervoudige problematiek bereiken een stabiele situatie",
        "Stabiele situatie voor 180 huishoudens",
        "dagelijks_functioneren",
        "huishoudens met stabiele situatie",
        "0",
        "180",
        "2022-01-01",
    ]);
    s
}

/// The collective activities of De Schans in 2022: effort id, name, theme,
/// nature, PG dimensions.
pub const ACTIVITIES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "walk_en_talk",
        "Walk en Talk",
        "kwetsbare_inwoners",
        "beide",
        "meedoen|mentaal_welbevinden",
    ),
    (
        "buurtbakkies_kwetsbaar",
        "Buurtbakkies (kwetsbare inwoners)",
        "kwetsbare_inwoners",
        "beide",
        "meedoen",
    ),
    (
        "lotgenoten_rouw",
        "Lotgenotencontact Verlies en Rouw",
        "kwetsbare_inwoners",
        "curatief",
        "mentaal_welbevinden|zingeving",
    ),
    (
        "grip_en_glans",
        "Grip en Glans",
        "kwetsbare_inwoners",
        "beide",
        "kwaliteit_van_leven",
    ),
    (
        "weerbaarheid",
        "Weerbaarheids- en faalangsttraining",
        "echtscheiding_huiselijk_geweld",
        "beide",
        "mentaal_welbevinden",
    ),
    (
        "meidenwerk",
        "Meidenwerk",
        "sterke_buurten",
        "beide",
        "meedoen",
    ),
    (
        "dappere_dinos",
        "Dappere Dino's",
        "echtscheiding_huiselijk_geweld",
        "beide",
        "mentaal_welbevinden",
    ),
    (
        "jes_training",
        "!Jes-training",
        "echtscheiding_huiselijk_geweld",
        "beide",
        "mentaal_welbevinden",
    ),
    (
        "positief_budget",
        "Mijn positief budget",
        "armoede_arbeidsparticipatie",
        "preventief",
        "dagelijks_functioneren",
    ),
    (
        "buurtbakkies_armoede",
        "Buurtbakkies (armoede)",
        "armoede_arbeidsparticipatie",
        "preventief",
        "meedoen",
    ),
    (
        "ieder_kind_telt_mee",
        "Ieder kind telt mee",
        "armoede_arbeidsparticipatie",
        "preventief",
        "meedoen",
    ),
    (
        "route_rubicon",
        "Route Rubicon",
        "sterke_buurten",
        "beide",
        "zingeving",
    ),
    (
        "jongerenwerk_outreach",
        "Outreaching jongerenwerk",
        "sterke_buurten",
        "beide",
        "meedoen",
    ),
    (
        "voorlichting_middelen",
        "Voorlichting middelengebruik",
        "kwetsbare_inwoners",
        "preventief",
        "lichaamsfuncties",
    ),
    (
        "scheidingsatlas",
        "ScheidingsATLAS",
        "echtscheiding_huiselijk_geweld",
        "beide",
        "mentaal_welbevinden",
    ),
];

/// efforts.csv: the collective activities and the other efforts of the
/// four categories.
pub fn efforts() -> Sheet {
    let mut s = Sheet::new(
        "efforts.csv",
        &[
            "organisation",
            "effort_id",
            "name",
            "category",
            "description",
            "goals",
            "themes",
            "pg_dimensions",
            "nature",
            "partners",
            "started",
            "stopped",
            "stop_reason",
        ],
    );
    for (id, name, theme, nature, pg) in ACTIVITIES {
        let started = if *id == "scheidingsatlas" {
            "2023-01-01"
        } else {
            "2020-01-01"
        };
        s.row([
            "deschans",
            id,
            name,
            "collectieve_activiteit",
            "",
            "",
            theme,
            pg,
            nature,
            "",
            started,
            "",
            "",
        ]);
    }
    let others: &[(&str, &str, &str, &str, &str, &str, &str, &str, &str)] = &[
        ("deschans", "gebiedsteams", "Gebiedsteams", "individuele_hulpverlening", "Individuele ondersteuning door de vier gebiedsteams", "ki2|ki4|ki7", "kwetsbare_inwoners|armoede_arbeidsparticipatie", "curatief", "huisarts|gemeente|ggz"),
        ("deschans", "oco", "Onafhankelijke cliëntondersteuning", "individuele_hulpverlening", "Meedenken over zorg en hulp vanuit een onafhankelijke positie", "ki5", "kwetsbare_inwoners", "beide", "gemeente"),
        ("deschans", "schuldhulp_maatje", "Vroegsignalering geldzorgen", "samenwerking_doorverwijzing", "Samen met woningcorporaties en de gemeente signalen van betalingsachterstanden oppakken", "aa1", "armoede_arbeidsparticipatie", "preventief", "woningcorporatie|schuldhulp|voedselbank"),
        ("deschans", "overleg_mgj", "Casusoverleg met Mens en Gezin Jeugd", "samenwerking_doorverwijzing", "", "eh2", "echtscheiding_huiselijk_geweld", "beide", "mgj|veilig_thuis"),
        ("deschans", "ervaringsdeskundige", "Inzet ervaringsdeskundigheid verslaving", "inzet_expertise", "Voorlichting op scholen samen met een ervaringsdeskundige", "ki3", "kwetsbare_inwoners", "preventief", "school|vnn"),
        ("deschans", "buurtinitiatieven", "Ondersteuning bewonersinitiatieven", "inzet_expertise", "", "sb1", "sterke_buurten", "preventief", "woningcorporatie"),
        ("sedna", "smw_jmw", "Jeugd- en schoolmaatschappelijk werk", "individuele_hulpverlening", "", "pj1", "perspectief_jeugdigen", "beide", "school|ggd_jgz"),
        ("sedna", "schuldhulp", "Schuldhulpverlening", "individuele_hulpverlening", "", "da1", "doorbreken_armoede", "curatief", "kredietbank"),
        ("sedna", "welzijn_op_recept", "Welzijn op Recept", "samenwerking_doorverwijzing", "Huisartsen verwijzen naar een welzijnscoach", "", "zelfredzaamheid_kwetsbare_inwoners", "preventief", "huisarts"),
    ];
    for (org, id, name, category, description, goals, themes, nature, partners) in others {
        s.row([
            *org,
            *id,
            *name,
            *category,
            *description,
            *goals,
            *themes,
            "",
            *nature,
            *partners,
            "2019-01-01",
            "",
            "",
        ]);
    }
    s.row([
        "deschans",
        "inloopspreekuur",
        "Inloopspreekuur",
        "individuele_hulpverlening",
        "",
        "",
        "kwetsbare_inwoners",
        "",
        "curatief",
        "",
        "2019-01-01",
        "2022-06-30",
        "Opgegaan in de gebiedsteams",
    ]);
    s
}

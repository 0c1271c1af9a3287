//! Texts the researchers write: the narrative per theme of 2022 and the
//! area profiles of Bergen. Short paraphrases of the seeds, in Dutch.

use crate::sheet::Sheet;

/// theme, section, goal, text.
const NARRATIVES: &[(&str, &str, &str, &str)] = &[
    ("kwetsbare_inwoners", "werkwijze", "", "Medewerkers werken vanuit Positieve Gezondheid: samen met de inwoner bepalen zij waaraan gewerkt wordt. Zij gaan de buurt in, bijvoorbeeld met de koffiekar van het *Buurtbakkie*, om signalen van eenzaamheid vroeg op te vangen."),
    ("kwetsbare_inwoners", "citaat", "", "\"Voor inwoners die buiten de Wmo vallen zijn collectieve activiteiten belangrijk: ze geven zin en structuur aan de dag.\" (medewerker)"),
    ("kwetsbare_inwoners", "duiding", "ki2", "Eenzaamheid wordt met maatwerk aangepakt: de een vindt aansluiting bij een groepsactiviteit, de ander bij een buurtgenoot. Het aandeel eenzame volwassenen ligt in de gemeente onder het landelijke en provinciale aandeel."),
    ("kwetsbare_inwoners", "duiding", "ki3", "Bij verslaving verwijzen medewerkers vooral door naar de verslavingszorg; de wachttijd daar is een knelpunt, waarin de gebiedsteams inwoners tijdelijk blijven ondersteunen."),
    ("kwetsbare_inwoners", "impact", "", "Bij bijna twee derde van de afgesloten trajecten met een doel op geestelijke gezondheid is het doel bereikt."),
    ("echtscheiding_huiselijk_geweld", "werkwijze", "", "Kinderen van scheidende ouders volgen trainingen als *Dappere Dino's* en *!Jes*; ouders worden samen met Mens en Gezin Jeugd begeleid."),
    ("echtscheiding_huiselijk_geweld", "duiding", "eh1", "De groepen begonnen met een lage groepskracht en eindigden vrijwel zelfstandig; het aantal deelnemers per groep is klein, de uitkomst is daarom een indicatie."),
    ("sterke_buurten", "werkwijze", "", "Buurtwerkers ondersteunen bewonersinitiatieven en zoeken jongeren op straat op met outreachend jongerenwerk."),
    ("armoede_arbeidsparticipatie", "werkwijze", "", "Geldzorgen worden vroeg gesignaleerd met woningcorporaties en de gemeente. De training *Mijn positief budget* leert inwoners rondkomen zonder schulden."),
    ("armoede_arbeidsparticipatie", "duiding", "aa1", "Inflatie en stijgende energieprijzen brachten in 2022 ook huishoudens in de knel die normaal financieel weerbaar zijn."),
];

/// narrative.csv.
pub fn narratives() -> Sheet {
    let mut s = Sheet::new(
        "narrative.csv",
        &["organisation", "theme", "year", "section", "goal", "text"],
    );
    for (theme, section, goal, text) in NARRATIVES {
        s.row(["deschans", theme, "2022", section, goal, text]);
    }
    s
}

/// area, section, text: appendix 1 of the neighbourhood-team study,
/// paraphrased.
const PROFILES: &[(&str, &str, &str)] = &[
    ("Bergen", "samenstelling", "Een badplaats met veel ouderen en gepensioneerden en weinig, vaak kleine gezinnen. Steeds meer ouderen komen na het verlies van een partner alleen te staan; hun netwerk woont vaak ver weg."),
    ("Bergen", "aandachtspunten", "De vergrijzing vergroot de ondersteuningsvraag, ook bij dementie. Achter de welvaart gaat verborgen armoede schuil. Bewoners kennen het ruime zorgaanbod vaak niet."),
    ("Bergen", "prioriteiten", "1. Gevolgen van de vergrijzing: eenzaamheid van senioren, verborgen armoede, dementie.\n2. Betere informatie over het bestaande zorgaanbod."),
    ("Schoorl", "samenstelling", "Ongeveer 6.400 inwoners, met veel inwoners van 45 jaar en ouder. Jonge gezinnen en jongeren trekken weg. Bewoners kennen elkaar; mantelzorg en burenhulp werken goed."),
    ("Schoorl", "aandachtspunten", "Er is genoeg zorgaanbod, maar geen overzicht: wie doet wat en waar moet ik zijn? Hulp vragen bij meervoudige problemen is taboe."),
    ("Schoorl", "prioriteiten", "1. De vergrijzing keren door Schoorl aantrekkelijk te maken voor jonge gezinnen en jongeren.\n2. Een heldere, praktische sociale kaart."),
    ("Egmond", "samenstelling", "Drie dorpen (Egmond Binnen, Egmond aan Zee, Egmond aan de Hoef) met veel ouderen, alleenstaanden en gezinnen. Egmond aan de Hoef groeit door nieuwbouw met jonge gezinnen."),
    ("Egmond", "aandachtspunten", "Voorzieningen verdwijnen en de zorg staat op afstand. In de oude kernen is veel onderlinge zorg; nieuwe bewoners zijn nog weinig betrokken."),
    ("Egmond", "prioriteiten", "1. Zorg en ondersteuning dichtbij, met vroegsignalering en regie.\n2. Duidelijkheid over welzijns- en sportvoorzieningen.\n3. Beter openbaar vervoer voor ouderen."),
];

/// area_profiles.csv.
pub fn area_profiles() -> Sheet {
    let mut s = Sheet::new(
        "area_profiles.csv",
        &[
            "organisation",
            "area",
            "municipality",
            "year",
            "section",
            "text",
        ],
    );
    for (area, section, text) in PROFILES {
        s.row(["wijkteam_bergen", area, "GM0373", "2013", section, text]);
    }
    s
}

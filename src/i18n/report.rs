//! The yearly report's words: titles, headings, notes, and how its
//! numbers are written in each language.

use chrono::NaiveDate;

use crate::domain::Kind;
use crate::domain::dates::SchoolYear;
use crate::i18n::{Lang, count, date, long_date};
use crate::service::report::Criterion;

/// The report's title.
pub fn title(lang: Lang, year: SchoolYear) -> String {
    match lang {
        Lang::Fr => format!("Bilan de l'année scolaire {year}"),
        Lang::En => format!("Report on the {year} school year"),
    }
}

/// Who it is for (article 3.1).
pub fn subtitle(lang: Lang) -> &'static str {
    lang.pick(
        "Partenariat école–entreprise des académies de Paris, Créteil et Versailles et de la CPME Île-de-France — comité de pilotage (article 3.1 de la convention)",
        "School–company partnership of the académies of Paris, Créteil and Versailles and the CPME Île-de-France — steering committee (article 3.1 of the convention)",
    )
}

/// When the figures were read, and whether the year was over.
pub fn as_of(lang: Lang, today: NaiveDate, over: bool) -> String {
    match (lang, over) {
        (Lang::Fr, true) => format!("Chiffres arrêtés le {}.", long_date(lang, today)),
        (Lang::En, true) => format!("Figures as of {}.", long_date(lang, today)),
        (Lang::Fr, false) => format!(
            "Chiffres au {} : l'année n'est pas terminée, ce qui est prévu jusqu'au 31 août est compté avec ce qui a eu lieu.",
            long_date(lang, today)
        ),
        (Lang::En, false) => format!(
            "Figures as of {}: the year is not over, and what is planned until 31 August is counted with what took place.",
            long_date(lang, today)
        ),
    }
}

/// What the counts take in, and what is left out.
pub fn confidentiality_note(lang: Lang) -> &'static str {
    lang.pick(
        "Les nombres comptent toutes les fiches, confidentielles comprises : un nombre ne révèle aucun champ protégé. Aucun champ protégé n'est cité, sauf les remarques d'évaluation d'immersions dont le consentement au bilan est enregistré (article 3.2).",
        "Counts take in every record, confidential ones included: a count reveals no protected field. No protected field is quoted, except evaluation remarks of immersions whose consent to the report is recorded (article 3.2).",
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    Summary,
    Events,
    Placements,
    Immersions,
    Partners,
    Remarks,
    Comparison,
}

pub fn heading(lang: Lang, which: Heading, previous: SchoolYear) -> String {
    match which {
        Heading::Summary => lang.pick("L'année en bref", "The year at a glance").into(),
        Heading::Events => lang
            .pick("Actions et événements", "Actions and events")
            .into(),
        Heading::Placements => lang.pick("Stages", "Placements").into(),
        Heading::Immersions => lang
            .pick("Immersions d'enseignants", "Teacher immersions")
            .into(),
        Heading::Partners => lang
            .pick("Entreprises et établissements", "Companies and schools")
            .into(),
        Heading::Remarks => lang
            .pick(
                "Principales remarques des évaluations",
                "Main remarks of the evaluations",
            )
            .into(),
        Heading::Comparison => match lang {
            Lang::Fr => format!("Comparaison avec {previous}"),
            Lang::En => format!("Compared with {previous}"),
        },
    }
}

/// The tables of the report, by what they hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableName {
    Summary,
    EventsByKind,
    PupilsByKind,
    PlacementsByKind,
    PlacementsByStatus,
    StillPending,
    PlacementsByMonth,
    ImmersionsByStatus,
    WhoWent,
    Evaluations,
    Ratings,
    Companies,
    NewCompanies,
    ActiveSchools,
    Remarks,
    CompareEvents,
    ComparePupils,
    ComparePlacements,
    CompareStatuses,
    CompareImmersions,
    CompareEvaluations,
    ComparePartners,
}

pub fn table_title(lang: Lang, table: TableName, today: NaiveDate) -> String {
    use TableName::*;
    let text = match table {
        Summary => lang.pick("Chiffres clés", "Key figures"),
        EventsByKind => lang.pick(
            "Événements par nature et par académie",
            "Events by kind and académie",
        ),
        PupilsByKind => lang.pick(
            "Élèves touchés par nature d'événement et par académie",
            "Pupils reached by kind of event and académie",
        ),
        PlacementsByKind => lang.pick(
            "Stages par nature et par académie",
            "Placements by kind and académie",
        ),
        PlacementsByStatus => lang.pick(
            "Stages par statut et par académie",
            "Placements by status and académie",
        ),
        StillPending => {
            return match lang {
                Lang::Fr => format!(
                    "Stages encore en attente au {} et ce qui leur manque",
                    date(lang, today)
                ),
                Lang::En => format!(
                    "Placements still pending on {} and what they lack",
                    date(lang, today)
                ),
            };
        }
        PlacementsByMonth => lang.pick("Stages par mois de début", "Placements by start month"),
        ImmersionsByStatus => lang.pick(
            "Immersions par statut et par académie",
            "Immersions by status and académie",
        ),
        WhoWent => lang.pick(
            "Qui est parti en immersion (immersions réalisées)",
            "Who went (immersions held)",
        ),
        Evaluations => lang.pick(
            "Conclusions des évaluations : reconduire l'an prochain ?",
            "What the evaluations concluded: renew next year?",
        ),
        Ratings => lang.pick("Notes moyennes (sur 5)", "Average ratings (out of 5)"),
        Companies => lang.pick("Engagement des partenaires", "Partners involved"),
        NewCompanies => lang.pick(
            "Entreprises nouvellement engagées, par académie",
            "Companies newly involved, by académie",
        ),
        ActiveSchools => lang.pick(
            "Établissements les plus actifs (stages non annulés)",
            "Most active schools (placements not cancelled)",
        ),
        Remarks => lang.pick("Remarques", "Remarks"),
        CompareEvents => lang.pick("Événements", "Events"),
        ComparePupils => lang.pick("Élèves touchés", "Pupils reached"),
        ComparePlacements => lang.pick("Stages par nature", "Placements by kind"),
        CompareStatuses => lang.pick("Stages par statut", "Placements by status"),
        CompareImmersions => lang.pick("Immersions", "Immersions"),
        CompareEvaluations => lang.pick("Évaluations", "Evaluations"),
        ComparePartners => lang.pick("Partenaires", "Partners"),
    };
    text.into()
}

/// Column headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Kind,
    Status,
    Total,
    Month,
    Placements,
    Role,
    Immersions,
    Answer,
    Evaluations,
    Share,
    Criterion,
    Average,
    Figure,
    Count,
    School,
    Academie,
    Remark,
    Change,
    FirstAction,
}

pub fn column(lang: Lang, which: Column) -> &'static str {
    use Column::*;
    match which {
        Kind => lang.pick("Nature", "Kind"),
        Status => lang.pick("Statut", "Status"),
        Total => lang.pick("Total", "Total"),
        Month => lang.pick("Mois", "Month"),
        Placements => lang.pick("Stages", "Placements"),
        Role => lang.pick("Fonction", "Role"),
        Immersions => lang.pick("Immersions", "Immersions"),
        Answer => lang.pick("Réponse", "Answer"),
        Evaluations => lang.pick("Évaluations", "Evaluations"),
        Share => lang.pick("Part", "Share"),
        Criterion => lang.pick("Critère", "Criterion"),
        Average => lang.pick("Moyenne", "Average"),
        Figure => lang.pick("Indicateur", "Figure"),
        Count => lang.pick("Nombre", "Count"),
        School => lang.pick("Établissement", "School"),
        Academie => lang.pick("Académie", "Académie"),
        Remark => lang.pick("Remarque", "Remark"),
        Change => lang.pick("Évolution", "Change"),
        FirstAction => lang.pick("Première action de l'année", "First action of the year"),
    }
}

/// The académie column for records tied to none in Île-de-France.
pub fn outside(lang: Lang) -> &'static str {
    lang.pick("Autre", "Other")
}

/// Rows that are not a kind or status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Total,
    Events,
    Pupils,
    Placements,
    StillPending,
    Immersions,
    Held,
    Evaluated,
    RenewShare,
    CompaniesInvolved,
    CompaniesNew,
    SchoolsInvolved,
    WithoutCompany,
    WithoutSignature,
    WithoutTutor,
}

pub fn figure(lang: Lang, which: Figure) -> &'static str {
    use Figure::*;
    match which {
        Total => lang.pick("Total", "Total"),
        Events => lang.pick("Événements", "Events"),
        Pupils => lang.pick("Élèves touchés", "Pupils reached"),
        Placements => lang.pick("Stages", "Placements"),
        StillPending => lang.pick("Encore en attente", "Still pending"),
        Immersions => lang.pick("Immersions", "Immersions"),
        Held => lang.pick("Immersions réalisées", "Immersions held"),
        Evaluated => lang.pick("Immersions évaluées", "Immersions evaluated"),
        RenewShare => lang.pick(
            "À reconduire (part des évaluations)",
            "To renew (share of evaluations)",
        ),
        CompaniesInvolved => lang.pick("Entreprises engagées", "Companies involved"),
        CompaniesNew => lang.pick(
            "Entreprises nouvellement engagées",
            "Companies newly involved",
        ),
        SchoolsInvolved => lang.pick("Établissements engagés", "Schools involved"),
        WithoutCompany => lang.pick("dont sans entreprise", "of which without a company"),
        WithoutSignature => lang.pick(
            "dont sans convention signée",
            "of which without a signed agreement",
        ),
        WithoutTutor => lang.pick("dont sans tuteur", "of which without a tutor"),
    }
}

/// How a newly involved company came in.
pub fn first_action(lang: Lang, kind: Kind) -> &'static str {
    match kind {
        Kind::Placement => lang.pick("un stage", "a placement"),
        Kind::Immersion => lang.pick("une immersion", "an immersion"),
        Kind::Event => lang.pick("un événement", "an event"),
        Kind::Agreement => lang.pick("une convention", "an agreement"),
        _ => "",
    }
}

/// An answer to "renew next year?", in a comparison where the question
/// is not in the heading.
pub fn renew_answer(lang: Lang, answer: &str) -> String {
    match lang {
        Lang::Fr => format!("Reconduire : {answer}"),
        Lang::En => format!("Renew: {answer}"),
    }
}

/// A criterion's average, in a comparison.
pub fn average_of(lang: Lang, criterion_name: &str) -> String {
    match lang {
        Lang::Fr => format!("{criterion_name} (note moyenne)"),
        Lang::En => format!("{criterion_name} (average rating)"),
    }
}

pub fn criterion(lang: Lang, criterion: Criterion) -> &'static str {
    match criterion {
        Criterion::Welcome => lang.pick("Accueil", "Welcome"),
        Criterion::TradesDiscovery => lang.pick("Découverte des métiers", "Discovery of trades"),
        Criterion::TeachingUse => lang.pick("Utilité pour l'enseignement", "Use for teaching"),
        Criterion::Organisation => lang.pick("Organisation", "Organisation"),
    }
}

/// How remarks were chosen, and how many were left out.
pub fn remarks_note(lang: Lang, with_comment: u64, withheld: u64) -> String {
    let chosen = lang.pick(
        "Les remarques les plus souvent faites, puis les plus récentes ; le nombre d'évaluations qui les font entre parenthèses.",
        "The remarks made most often, then the most recent; the number of evaluations making each in brackets.",
    );
    let out = match lang {
        Lang::Fr => format!(
            "{} évaluation(s) avec une remarque ; {} non citée(s) : immersion confidentielle sans consentement au bilan.",
            count(lang, with_comment),
            count(lang, withheld)
        ),
        Lang::En => format!(
            "{} evaluation(s) with a remark; {} not quoted: confidential immersion without consent to the report.",
            count(lang, with_comment),
            count(lang, withheld)
        ),
    };
    format!("{chosen} {out}")
}

pub fn no_remark(lang: Lang) -> &'static str {
    lang.pick("Aucune remarque à citer.", "No remark to quote.")
}

/// The chart titles of the HTML report and the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    PlacementsByMonth,
    EventsByKind,
    Outcomes,
    PlacementsByStatus,
}

pub fn chart_title(lang: Lang, chart: Chart) -> &'static str {
    match chart {
        Chart::PlacementsByMonth => {
            lang.pick("Stages par mois de début", "Placements by start month")
        }
        Chart::EventsByKind => lang.pick("Événements par nature", "Events by kind"),
        // Short enough for the chart's half of 80 columns.
        Chart::Outcomes => lang.pick("Évaluations : reconduire ?", "Evaluations: renew?"),
        Chart::PlacementsByStatus => lang.pick("Stages par statut", "Placements by status"),
    }
}

/// A share, 0 to 1, as a percentage: « 73 % », "73%".
pub fn share(lang: Lang, value: f64) -> String {
    let percent = (value * 100.0).round();
    match lang {
        Lang::Fr => format!("{percent:.0}\u{a0}%"),
        Lang::En => format!("{percent:.0}%"),
    }
}

/// An average rating: « 3,8 », "3.8".
pub fn average(lang: Lang, value: f64) -> String {
    let text = format!("{value:.1}");
    match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A change in a count: « +12 », « −3 », « 0 ».
pub fn change(lang: Lang, value: i64) -> String {
    let magnitude = count(lang, value.unsigned_abs());
    match value {
        0 => magnitude,
        v if v > 0 => format!("+{magnitude}"),
        _ => format!("\u{2212}{magnitude}"),
    }
}

/// A change in a share, in percentage points: « +5 pts ».
pub fn points(lang: Lang, value: f64) -> String {
    let points = (value * 100.0).round() as i64;
    let sign = match points {
        0 => "",
        p if p > 0 => "+",
        _ => "\u{2212}",
    };
    match lang {
        Lang::Fr => format!("{sign}{}\u{a0}pts", points.unsigned_abs()),
        Lang::En => format!("{sign}{} pts", points.unsigned_abs()),
    }
}

/// A change in an average rating: « +0,2 ».
pub fn average_change(lang: Lang, value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let sign = if rounded > 0.0 {
        "+"
    } else if rounded < 0.0 {
        "\u{2212}"
    } else {
        ""
    };
    format!("{sign}{}", average(lang, rounded.abs()))
}

/// What stands for a figure that cannot be given (an average without
/// evaluations).
pub const NO_FIGURE: &str = "—";

/// The screen's line of keys and mode: which year, which view.
pub fn screen_title(lang: Lang, year: SchoolYear, comparing: bool) -> String {
    match (lang, comparing) {
        (Lang::Fr, false) => format!("Bilan {year}"),
        (Lang::En, false) => format!("Report {year}"),
        (Lang::Fr, true) => format!("Bilan {year} comparé à {}", year.previous()),
        (Lang::En, true) => format!("Report {year} compared with {}", year.previous()),
    }
}

/// A school year typed wrong on the command line or the `:` line.
pub fn bad_year(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Fr => format!("« {typed} » n'est pas une année scolaire : écrivez-la 2025-2026."),
        Lang::En => format!("'{typed}' is not a school year: write it 2025-2026."),
    }
}

/// Where the report was written.
pub fn written_to(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Fr => format!("Bilan écrit dans {path}."),
        Lang::En => format!("Report written to {path}."),
    }
}

/// The report's file could not be written.
pub fn cannot_write(lang: Lang, path: &str, error: &std::io::Error) -> String {
    match lang {
        Lang::Fr => format!("Impossible d'écrire le bilan dans {path} : {error}"),
        Lang::En => format!("Cannot write the report to {path}: {error}"),
    }
}

/// A format the report does not have.
pub fn excel_needs_csv(lang: Lang) -> &'static str {
    lang.pick(
        "--excel ne va qu'avec le format csv (--format csv, ou un fichier .csv).",
        "--excel goes only with the csv format (--format csv, or a .csv file).",
    )
}

pub fn bad_format(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Fr => format!("Format « {typed} » inconnu : md, html ou csv."),
        Lang::En => format!("Unknown format '{typed}': md, html or csv."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_local_way() {
        assert_eq!(share(Lang::Fr, 0.734), "73\u{a0}%");
        assert_eq!(share(Lang::En, 0.734), "73%");
        assert_eq!(average(Lang::Fr, 3.84), "3,8");
        assert_eq!(change(Lang::En, 1234), "+1,234");
        assert_eq!(change(Lang::Fr, -3), "\u{2212}3");
        assert_eq!(change(Lang::Fr, 0), "0");
        assert_eq!(points(Lang::En, -0.05), "\u{2212}5 pts");
        assert_eq!(average_change(Lang::Fr, 0.24), "+0,2");
    }
}

//! The steering committee's yearly report: its figures against counts
//! made here by hand from every record listed through the service (not
//! through the date indexes the report reads), its three formats, and
//! the rule that no confidential remark leaves without consent.

use crate::common;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use common::{
    Fixture, caller, company, evaluation, immersion, learner, placement, school, siret, today,
};
use passerelle::demo::{DemoOptions, generate};
use passerelle::domain::academie::Academie;
use passerelle::domain::audit::{AuditAction, RevealPurpose};
use passerelle::domain::consent::{ConsentInput, ConsentUse};
use passerelle::domain::dates::SchoolYear;
use passerelle::domain::records::{
    EventKind, Missing, PlacementKind, Record, RecordRef, Renewal, StaffRole,
};
use passerelle::domain::status::{ImmersionStatus, PlacementStatus};
use passerelle::domain::{Confidentiality, Kind, Organisation, RecordId, Restricted};
use passerelle::i18n::Lang;
use passerelle::report::{Format, write};
use passerelle::service::audit::AuditRequest;
use passerelle::service::get::RecordKey;
use passerelle::service::list::{ListRequest, PagePosition};
use passerelle::service::report::{
    Criterion, PerAcademie, Report, ReportRequest, YearFigures, total_of,
};

/// Every record of a kind, through the service's listing by name, page
/// after page.
fn every(fixture: &Fixture, kind: Kind) -> Vec<Record> {
    let mut records = Vec::new();
    let mut request = ListRequest::first_page(kind, 500);
    loop {
        let page = fixture
            .service
            .list(&fixture.caller, &request)
            .expect("a page");
        let last = page.rows.last().map(|row| row.cursor.clone());
        records.extend(page.rows.into_iter().map(|row| row.record));
        match (page.more || page.resume.is_some(), last) {
            (true, Some(cursor)) => request.position = PagePosition::After(cursor),
            _ => break,
        }
    }
    records
}

/// Everything the demo holds, as the test sees it.
struct World {
    schools: HashMap<RecordId, Option<Academie>>,
    companies: HashMap<RecordId, Option<Academie>>,
    records: Vec<Record>,
}

impl World {
    fn read(fixture: &Fixture) -> World {
        let mut schools = HashMap::new();
        let mut companies = HashMap::new();
        let mut records = Vec::new();
        for kind in Kind::ALL.iter().copied() {
            for record in every(fixture, kind) {
                match &record {
                    Record::School(school) => {
                        schools.insert(school.meta.id, school.uai.academie());
                    }
                    Record::Company(company) => {
                        companies.insert(company.meta.id, company.postal_code.academie());
                    }
                    _ => {}
                }
                records.push(record);
            }
        }
        World {
            schools,
            companies,
            records,
        }
    }

    /// The days on which each company took part: placements and
    /// immersions not cancelled, events, agreements signed; with the
    /// kind of record.
    fn involvement(&self) -> HashMap<RecordId, Vec<(NaiveDate, Kind)>> {
        let mut days: HashMap<RecordId, Vec<(NaiveDate, Kind)>> = HashMap::new();
        for record in &self.records {
            let mut add = |company: RecordId, day: NaiveDate, kind: Kind| {
                days.entry(company).or_default().push((day, kind));
            };
            match record {
                Record::Placement(p) if p.status != PlacementStatus::Cancelled => {
                    if let Some(company) = p.company {
                        add(company, p.start, Kind::Placement);
                    }
                }
                Record::Immersion(i) if i.status != ImmersionStatus::Cancelled => {
                    add(i.company, i.start, Kind::Immersion)
                }
                Record::Event(e) => e
                    .companies
                    .iter()
                    .for_each(|c| add(*c, e.date, Kind::Event)),
                Record::Agreement(a) => {
                    if let Some(day) = a.signed_on {
                        a.companies
                            .iter()
                            .for_each(|c| add(*c, day, Kind::Agreement));
                    }
                }
                _ => {}
            }
        }
        days
    }

    /// Checks one year's figures against counts made here.
    fn check(&self, year: SchoolYear, figures: &YearFigures) {
        assert_eq!(figures.year, year);
        let mut events: BTreeMap<(EventKind, Option<Academie>), (u64, u64)> = BTreeMap::new();
        let mut placements_by_kind: BTreeMap<(PlacementKind, Option<Academie>), u64> =
            BTreeMap::new();
        let mut placements_by_status: BTreeMap<(PlacementStatus, Option<Academie>), u64> =
            BTreeMap::new();
        let mut pending: BTreeMap<Option<Academie>, u64> = BTreeMap::new();
        let mut missing: BTreeMap<(Missing, Option<Academie>), u64> = BTreeMap::new();
        let mut months = [0u64; 12];
        let mut immersions: BTreeMap<(ImmersionStatus, Option<Academie>), u64> = BTreeMap::new();
        let mut roles: BTreeMap<StaffRole, u64> = BTreeMap::new();
        let (mut evaluated, mut renew) = (0u64, BTreeMap::<Renewal, u64>::new());
        let mut welcome = 0u64;
        let mut organisation = 0u64;
        let mut schools_involved = HashSet::new();
        for record in &self.records {
            match record {
                Record::Event(e) if year.contains(e.date) => {
                    let entry = events.entry((e.kind, e.academie)).or_default();
                    entry.0 += 1;
                    entry.1 += u64::from(e.pupils_reached);
                    schools_involved.extend(e.schools.iter().copied());
                }
                Record::Placement(p) if year.contains(p.start) => {
                    let academie = self.schools[&p.school];
                    *placements_by_kind.entry((p.kind, academie)).or_default() += 1;
                    *placements_by_status
                        .entry((p.status, academie))
                        .or_default() += 1;
                    let months_since_september = (p
                        .start
                        .format("%m")
                        .to_string()
                        .parse::<usize>()
                        .expect("a month")
                        + 3)
                        % 12;
                    months[months_since_september] += 1;
                    if matches!(
                        p.status,
                        PlacementStatus::Requested
                            | PlacementStatus::CompanyProposed
                            | PlacementStatus::AgreementSigned
                    ) {
                        *pending.entry(academie).or_default() += 1;
                        if p.company.is_none() {
                            *missing.entry((Missing::Company, academie)).or_default() += 1;
                        }
                        if p.status != PlacementStatus::AgreementSigned {
                            *missing.entry((Missing::Signature, academie)).or_default() += 1;
                        }
                        if p.tutor.is_none() {
                            *missing.entry((Missing::Tutor, academie)).or_default() += 1;
                        }
                    }
                    if p.status != PlacementStatus::Cancelled {
                        schools_involved.insert(p.school);
                    }
                }
                Record::Immersion(i) if year.contains(i.start) => {
                    let academie = match i.school {
                        Some(school) => self.schools[&school],
                        None => self.companies[&i.company],
                    };
                    *immersions.entry((i.status, academie)).or_default() += 1;
                    if matches!(i.status, ImmersionStatus::Done | ImmersionStatus::Evaluated) {
                        *roles.entry(i.person_role).or_default() += 1;
                    }
                    if i.status != ImmersionStatus::Cancelled {
                        schools_involved.extend(i.school);
                    }
                    if let Some(evaluation) = &i.evaluation {
                        evaluated += 1;
                        *renew.entry(evaluation.renew).or_default() += 1;
                        welcome += u64::from(evaluation.welcome.0);
                        organisation += u64::from(evaluation.organisation.0);
                    }
                }
                Record::Agreement(a) if a.signed_on.is_some_and(|d| year.contains(d)) => {
                    schools_involved.extend(a.schools.iter().copied());
                }
                _ => {}
            }
        }

        for academie in PerAcademie::COLUMNS {
            for line in &figures.events.events {
                let expected = events.get(&(line.key, academie)).map_or(0, |e| e.0);
                assert_eq!(
                    line.by_academie.get(academie),
                    expected,
                    "{year} events {:?} {academie:?}",
                    line.key
                );
            }
            for line in &figures.events.pupils {
                let expected = events.get(&(line.key, academie)).map_or(0, |e| e.1);
                assert_eq!(
                    line.by_academie.get(academie),
                    expected,
                    "{year} pupils {:?} {academie:?}",
                    line.key
                );
            }
            for line in &figures.placements.by_kind {
                let expected = placements_by_kind
                    .get(&(line.key, academie))
                    .copied()
                    .unwrap_or(0);
                assert_eq!(
                    line.by_academie.get(academie),
                    expected,
                    "{year} placements {:?}",
                    line.key
                );
            }
            for line in &figures.placements.by_status {
                let expected = placements_by_status
                    .get(&(line.key, academie))
                    .copied()
                    .unwrap_or(0);
                assert_eq!(
                    line.by_academie.get(academie),
                    expected,
                    "{year} placements {:?}",
                    line.key
                );
            }
            for line in &figures.placements.missing {
                let expected = missing.get(&(line.key, academie)).copied().unwrap_or(0);
                assert_eq!(
                    line.by_academie.get(academie),
                    expected,
                    "{year} missing {:?}",
                    line.key
                );
            }
            assert_eq!(
                figures.placements.still_pending.get(academie),
                pending.get(&academie).copied().unwrap_or(0),
                "{year} still pending {academie:?}"
            );
            for line in &figures.immersions.by_status {
                let expected = immersions.get(&(line.key, academie)).copied().unwrap_or(0);
                assert_eq!(
                    line.by_academie.get(academie),
                    expected,
                    "{year} immersions {:?}",
                    line.key
                );
            }
        }
        // The lines are complete: every kind and status has its line.
        assert_eq!(figures.events.events.len(), EventKind::ALL.len());
        assert_eq!(
            figures.placements.by_status.len(),
            PlacementStatus::ALL.len()
        );
        let months_counted: Vec<u64> = figures
            .placements
            .by_month
            .iter()
            .map(|m| m.count)
            .collect();
        assert_eq!(months_counted, months, "{year} placements by month");
        for line in &figures.immersions.held_by_role {
            assert_eq!(
                line.count,
                roles.get(&line.role).copied().unwrap_or(0),
                "{year} {:?}",
                line.role
            );
        }
        let evaluations = &figures.immersions.evaluations;
        assert_eq!(evaluations.evaluated, evaluated, "{year} evaluated");
        for renewal in Renewal::ALL {
            assert_eq!(
                evaluations.renewal_count(*renewal),
                renew.get(renewal).copied().unwrap_or(0),
                "{year} renew {renewal:?}"
            );
        }
        if evaluated > 0 {
            let share = renew.get(&Renewal::Yes).copied().unwrap_or(0) as f64 / evaluated as f64;
            assert!((evaluations.renew_share().expect("a share") - share).abs() < 1e-9);
            let average = welcome as f64 / evaluated as f64;
            assert!(
                (evaluations.average(Criterion::Welcome).expect("an average") - average).abs()
                    < 1e-9
            );
            let average = organisation as f64 / evaluated as f64;
            assert!(
                (evaluations
                    .average(Criterion::Organisation)
                    .expect("an average")
                    - average)
                    .abs()
                    < 1e-9
            );
        } else {
            assert_eq!(evaluations.renew_share(), None);
        }
        assert_eq!(
            figures.schools_involved,
            schools_involved.len() as u64,
            "{year} schools"
        );

        // Companies: involved in the year; new when never before it.
        let first_day = year.first_day().expect("a first day");
        let mut involved = 0;
        let mut newly = PerAcademie::default();
        let mut new_by_first: BTreeMap<Kind, u64> = BTreeMap::new();
        for (company, days) in self.involvement() {
            let mut in_year: Vec<(NaiveDate, Kind)> = days
                .iter()
                .copied()
                .filter(|(day, _)| year.contains(*day))
                .collect();
            if in_year.is_empty() {
                continue;
            }
            involved += 1;
            if days.iter().any(|(day, _)| *day < first_day) {
                continue;
            }
            in_year.sort();
            newly.add(self.companies[&company], 1);
            *new_by_first.entry(in_year[0].1).or_default() += 1;
        }
        assert_eq!(
            figures.companies.involved, involved,
            "{year} companies involved"
        );
        assert_eq!(
            figures.companies.newly_involved, newly,
            "{year} companies new"
        );
        for line in &figures.companies.new_by_first {
            assert_eq!(
                line.count,
                new_by_first.get(&line.kind).copied().unwrap_or(0),
                "{year} first {:?}",
                line.kind
            );
        }
    }
}

fn demo_fixture(size: u64) -> Fixture {
    let fixture = Fixture::new();
    generate(
        &fixture.service,
        &fixture.caller,
        &DemoOptions { size, seed: 11 },
        &mut |_| {},
    )
    .expect("demonstration data");
    fixture
}

fn report(fixture: &Fixture, year: &str, remarks: bool) -> Report {
    fixture
        .service
        .report(
            &fixture.caller,
            &ReportRequest {
                year: SchoolYear::parse(year).expect("a school year"),
                remarks,
            },
        )
        .expect("the report")
}

#[test]
fn on_a_demo_store_every_figure_equals_the_records_counted_by_hand() {
    let fixture = demo_fixture(3000);
    let world = World::read(&fixture);
    // The year of the fixture's day (the demo's records gather around
    // it) and the one before, each also checked as a report's previous.
    for year in ["2026-2027", "2025-2026"] {
        let report = report(&fixture, year, false);
        let current = SchoolYear::parse(year).expect("a year");
        assert_eq!(report.today, today());
        world.check(current, &report.current);
        world.check(current.previous(), &report.previous);
        assert!(report.remarks.is_none());
    }
    let report = report(&fixture, "2026-2027", false);
    assert!(!report.current.over, "the year of today is not over");
    assert!(report.previous.over);
    // The demo gives the figures something to say.
    let current = &report.current;
    assert!(current.events.events_total().total() > 10);
    assert!(current.placements.total().total() > 100);
    assert!(current.placements.still_pending.total() > 10);
    assert!(current.immersions.evaluations.evaluated > 5);
    assert!(current.companies.newly_involved.total() > 0);
    assert!(report.previous.placements.total().total() > 0);
    assert!(total_of(&current.placements.by_status, PlacementStatus::Done) > 0);

    // The most active schools: placements not cancelled, most first.
    let mut by_school: HashMap<RecordId, u64> = HashMap::new();
    for record in &world.records {
        if let Record::Placement(p) = record {
            if SchoolYear::starting(2026).contains(p.start)
                && p.status != PlacementStatus::Cancelled
            {
                *by_school.entry(p.school).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(RecordId, u64)> = by_school.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(10);
    let shown: Vec<(RecordId, u64)> = report
        .active_schools
        .iter()
        .map(|s| (s.school.id, s.placements))
        .collect();
    assert_eq!(shown, ranked);
}

#[test]
fn a_year_with_nothing_has_zeros_everywhere() {
    let fixture = demo_fixture(200);
    let report = report(&fixture, "2010-2011", true);
    assert_eq!(report.current.placements.total().total(), 0);
    assert_eq!(report.current.events.pupils_total().total(), 0);
    assert_eq!(report.current.companies.involved, 0);
    assert_eq!(report.current.immersions.evaluations.renew_share(), None);
    assert!(report.active_schools.is_empty());
    assert_eq!(report.remarks.map(|r| r.quoted.len()), Some(0));
}

const SECRET_REMARK: &str = "Atelier en restructuration, ne pas ébruiter";

/// A store with one open immersion and one confidential, both evaluated
/// in 2026-2027 with a comment; alice is the admin, rita a reader and
/// carl a coordinator of the CPME (the confidential one's owner).
fn remarks_fixture() -> (Fixture, RecordRef) {
    let fixture = Fixture::new();
    fixture.write_users(
        "[users.alice]\nname = \"Alice\"\norganisation = \"paris\"\nrole = \"admin\"\n\n\
         [users.rita]\nname = \"Rita\"\norganisation = \"paris\"\nrole = \"reader\"\n\n\
         [users.carl]\nname = \"Carl\"\norganisation = \"cpme\"\nrole = \"coordinator\"\n",
    );
    let firm = fixture.create(company(siret(1), "Atelier Durand")).meta.id;
    // The same remark twice (accents, case and punctuation aside) is one
    // remark of two evaluations, written as the latest wrote it.
    for (person, text, confidential, evaluated) in [
        ("Mme Leroy", "Accueil très soigné.", false, -3),
        ("M. Petit", SECRET_REMARK, true, -2),
        ("M. Martin", "accueil TRES soigne !", false, -1),
    ] {
        let mut visit = immersion(
            firm,
            person,
            common::days_from_today(-30),
            2,
            ImmersionStatus::Evaluated,
        );
        let mut review = evaluation(common::days_from_today(evaluated));
        review.comment = Restricted::Clear(text.to_owned());
        visit.evaluation = Some(review);
        if confidential {
            visit.meta.confidentiality =
                Confidentiality::flagged("demande de l'entreprise", Some(Organisation::CpmeIdf));
        }
        fixture.create(visit);
    }
    let secret = RecordRef::new(Kind::Immersion, RecordId(2));
    (fixture, secret)
}

fn remarks_of(fixture: &Fixture, account: &str) -> Vec<String> {
    let report = fixture
        .service
        .report(
            &caller(account),
            &ReportRequest {
                year: SchoolYear::starting(2026),
                remarks: true,
            },
        )
        .expect("the report");
    let remarks = report.remarks.expect("asked for");
    assert_eq!(remarks.with_comment, 3);
    let quoted: u64 = remarks.quoted.iter().map(|r| r.evaluations).sum();
    assert_eq!(remarks.withheld + quoted, 3);
    assert_eq!(remarks.quoted[0].evaluations, 2, "{:?}", remarks.quoted);
    remarks.quoted.into_iter().map(|r| r.text).collect()
}

fn reveals_for_report(fixture: &Fixture) -> Vec<RecordRef> {
    fixture
        .service
        .audit(
            &fixture.caller,
            &AuditRequest {
                limit: 1000,
                ..AuditRequest::default()
            },
        )
        .expect("the trail")
        .entries
        .into_iter()
        .filter_map(|entry| match entry.action {
            AuditAction::Revealed {
                target,
                purpose: RevealPurpose::Report,
            } => Some(target),
            _ => None,
        })
        .collect()
}

#[test]
fn a_confidential_remark_is_quoted_only_with_consent_to_report_for_those_cleared() {
    let (fixture, secret) = remarks_fixture();
    // Without consent: the open remark only, for everyone.
    for account in ["alice", "rita", "carl"] {
        let quoted = remarks_of(&fixture, account);
        assert_eq!(quoted, ["accueil TRES soigne !"], "{account}");
    }
    // Consent to export only does not do.
    let consent = |uses: Vec<ConsentUse>| {
        fixture
            .service
            .record_consent(
                &fixture.caller,
                &RecordKey::Id(secret),
                ConsentInput {
                    given_by: "M. Durand, gérant".into(),
                    given_on: today(),
                    uses,
                },
            )
            .expect("consent recorded");
    };
    consent(vec![ConsentUse::Export]);
    assert!(!remarks_of(&fixture, "alice").contains(&SECRET_REMARK.to_owned()));
    assert!(reveals_for_report(&fixture).is_empty());
    // Consent to the report: quoted for the admin and the owner's
    // coordinator, never for a reader; each quote audited.
    consent(vec![ConsentUse::Report]);
    assert!(remarks_of(&fixture, "alice").contains(&SECRET_REMARK.to_owned()));
    assert!(remarks_of(&fixture, "carl").contains(&SECRET_REMARK.to_owned()));
    assert_eq!(remarks_of(&fixture, "rita"), ["accueil TRES soigne !"]);
    assert_eq!(reveals_for_report(&fixture), [secret, secret]);
    // The figures count it whoever asks.
    let report = |account: &str, remarks: bool| {
        fixture
            .service
            .report(
                &caller(account),
                &ReportRequest {
                    year: SchoolYear::starting(2026),
                    remarks,
                },
            )
            .expect("the report")
    };
    assert_eq!(
        report("rita", true)
            .current
            .immersions
            .evaluations
            .evaluated,
        3
    );
    // Without remarks asked (the interface), nothing is audited.
    report("alice", false);
    assert_eq!(reveals_for_report(&fixture).len(), 2);
}

/// The remarks fixture, with a school whose name is markup and one
/// placement of 2026-2027 there; and a remark full of markup.
fn escaping_fixture() -> (Fixture, RecordRef) {
    let (fixture, secret) = remarks_fixture();
    let markup = fixture.create(school("0750001", "<b>&</b>")).meta.id;
    let pupil = fixture.create(learner(markup, "Amélie Dupont")).meta.id;
    fixture.create(placement(
        pupil,
        markup,
        common::days_from_today(10),
        common::days_from_today(20),
    ));
    let firm = RecordId(1);
    let mut visit = immersion(
        firm,
        "M. Roux",
        common::days_from_today(-20),
        1,
        ImmersionStatus::Evaluated,
    );
    let mut review = evaluation(common::days_from_today(-1));
    review.comment = Restricted::Clear("<script>alert(1)</script> | *gras* & =SOMME(A1)".into());
    visit.evaluation = Some(review);
    fixture.create(visit);
    (fixture, secret)
}

fn written(fixture: &Fixture, format: Format, lang: Lang) -> String {
    let report = fixture
        .service
        .report(
            &fixture.caller,
            &ReportRequest {
                year: SchoolYear::starting(2026),
                remarks: true,
            },
        )
        .expect("the report");
    write(&report, format, lang)
}

#[test]
fn the_html_report_is_one_file_with_inline_charts_and_store_text_escaped() {
    let (fixture, _) = escaping_fixture();
    for lang in [Lang::Fr, Lang::En] {
        let html = written(&fixture, Format::Html, lang);
        assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
        // Nothing fetched from anywhere: no address, no source, no
        // stylesheet or script of its own.
        for outside in [
            "http", "src=", "<link", "<script", "url(", "@import", "<img",
        ] {
            assert!(!html.contains(outside), "{outside} in the HTML report");
        }
        assert!(html.matches("<svg").count() >= 3, "charts are drawn");
        assert!(
            html.contains("@page") && html.contains("A4"),
            "laid out for A4"
        );
        assert!(
            html.contains("break-before: page"),
            "the comparison on its own page"
        );
        // The school's name and the remark are text, not markup.
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "escaped school");
        assert!(!html.contains("<b>&</b>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains(if lang == Lang::Fr {
            "lang=\"fr\""
        } else {
            "lang=\"en\""
        }));
    }
    let html = written(&fixture, Format::Html, Lang::Fr);
    assert!(html.contains("Bilan de l&#39;année scolaire 2026-2027"));
    assert!(html.contains("Événements par nature et par académie"));
    let english = written(&fixture, Format::Html, Lang::En);
    assert!(english.contains("Report on the 2026-2027 school year"));
}

#[test]
fn markdown_and_csv_have_the_tables() {
    let (fixture, _) = escaping_fixture();
    let markdown = written(&fixture, Format::Markdown, Lang::Fr);
    assert!(markdown.starts_with("# Bilan de l'année scolaire 2026-2027"));
    for line in [
        "| Nature | Paris | Créteil | Versailles | Autre | Total |",
        "| Statut | Paris | Créteil | Versailles | Autre | Total |",
        "| Indicateur | 2026-2027 | 2025-2026 | Évolution |",
        "| Critère | Moyenne |",
        "| \\<b\\>\\&\\</b\\> | Paris | 1 |",
    ] {
        assert!(markdown.contains(line), "{line:?} missing:\n{markdown}");
    }
    assert!(
        markdown.contains("\\<script\\>alert(1)\\</script\\> \\| \\*gras\\* \\& =SOMME(A1)"),
        "{markdown}"
    );
    assert!(!markdown.contains("<b>"));

    let csv = written(&fixture, Format::Csv, Lang::Fr);
    for line in [
        "\r\nÉvénements par nature et par académie\r\n",
        "Nature,Paris,Créteil,Versailles,Autre,Total\r\n",
        "\r\nStages par statut et par académie\r\n",
        "\r\nÉtablissements les plus actifs (stages non annulés)\r\n",
        "<b>&</b>,Paris,1\r\n",
        "\r\nPartenaires\r\n",
        "Indicateur,2026-2027,2025-2026,Évolution\r\n",
        "Immersions évaluées,4,0,4\r\n",
    ] {
        assert!(csv.contains(line), "{line:?} missing:\n{csv}");
    }
    // A remark that a spreadsheet would run is not a formula; fields
    // with commas or quotes are quoted.
    assert!(!csv.contains("\n="));
    // Blocks: a line naming the table, its headers, its rows, an empty
    // line; each row as wide as its headers.
    for block in csv.split("\r\n\r\n").filter(|b| !b.trim().is_empty()) {
        let lines: Vec<&str> = block.lines().collect();
        assert!(lines.len() >= 2, "{block}");
        let width = lines[1].split(',').count();
        for line in &lines[2..] {
            if !line.contains('"') {
                assert_eq!(line.split(',').count(), width, "{line:?} in\n{block}");
            }
        }
    }
}

#[test]
fn a_confidential_remark_is_in_no_format_without_consent_and_in_each_with_it() {
    let (fixture, secret) = escaping_fixture();
    for format in [Format::Markdown, Format::Html, Format::Csv] {
        let text = written(&fixture, format, Lang::Fr);
        assert!(
            !text.contains("restructuration"),
            "{format:?} without consent"
        );
        assert!(text.contains("SOMME"), "{format:?} has the open remarks");
    }
    fixture
        .service
        .record_consent(
            &fixture.caller,
            &RecordKey::Id(secret),
            ConsentInput {
                given_by: "M. Durand, gérant".into(),
                given_on: today(),
                uses: vec![ConsentUse::Report, ConsentUse::Export],
            },
        )
        .expect("consent recorded");
    for format in [Format::Markdown, Format::Html, Format::Csv] {
        let text = written(&fixture, format, Lang::Fr);
        assert!(text.contains("restructuration"), "{format:?} with consent");
    }
}

#[test]
fn the_command_writes_each_format_to_standard_output_or_a_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = dir.path().join("store");
    let made = common::passerelle(&store, &["demo", "--size", "300"]);
    assert!(made.status.success(), "{}", common::stderr(&made));
    let year = SchoolYear::containing(chrono::Local::now().date_naive()).to_string();

    let markdown = common::passerelle(&store, &["report", "--year", &year]);
    assert!(markdown.status.success(), "{}", common::stderr(&markdown));
    let text = common::stdout(&markdown);
    assert!(
        text.starts_with(&format!("# Bilan de l'année scolaire {year}")),
        "{text}"
    );

    let english = common::passerelle(
        &store,
        &["report", "--year", &year, "--format", "csv", "--lang", "en"],
    );
    let text = common::stdout(&english);
    assert!(
        text.contains("\r\nEvents by kind and académie\r\n"),
        "{text}"
    );

    // For a French spreadsheet: BOM, « ; », decimal commas; plain CSV
    // keeps points.
    let excel = common::passerelle(
        &store,
        &["report", "--year", &year, "--format", "csv", "--excel"],
    );
    assert!(excel.status.success(), "{}", common::stderr(&excel));
    let text = common::stdout(&excel);
    assert!(text.starts_with('\u{feff}'), "{text}");
    // A share as « 0,7500 » between « ; », or « 0.7500 » between « , ».
    let share = |text: &str, separator: char, point: char| {
        text.lines()
            .flat_map(|line| line.split(separator))
            .any(|field| {
                field.len() == 6 && field.starts_with('0') && field.chars().nth(1) == Some(point)
            })
    };
    assert!(share(&text, ';', ','), "{text}");
    assert!(!share(&text, ';', '.'), "{text}");
    assert!(
        text.lines().nth(2).is_some_and(|line| line.contains(';')),
        "{text}"
    );
    let plain = common::stdout(&common::passerelle(
        &store,
        &["report", "--year", &year, "--format", "csv"],
    ));
    assert!(
        share(&plain, ',', '.') && !plain.starts_with('\u{feff}'),
        "{plain}"
    );
    let wrong = common::passerelle(
        &store,
        &["report", "--year", &year, "--format", "html", "--excel"],
    );
    assert_eq!(wrong.status.code(), Some(2), "{}", common::stderr(&wrong));

    // The file's extension chooses the format; the command says where.
    let file = dir.path().join("bilan.html");
    let html = common::passerelle(
        &store,
        &[
            "report",
            "--year",
            &year,
            "--output",
            &file.to_string_lossy(),
        ],
    );
    assert!(html.status.success(), "{}", common::stderr(&html));
    assert!(common::stdout(&html).contains("bilan.html"));
    let written = std::fs::read_to_string(&file).expect("the file is written");
    assert!(written.starts_with("<!DOCTYPE html>") && written.contains("<svg"));

    // Without --year: the last school year that is over.
    let last = common::passerelle(&store, &["report"]);
    let previous = SchoolYear::parse(&year).expect("a year").previous();
    assert!(common::stdout(&last).contains(&format!("scolaire {previous}")));

    // Mistakes are told before the store is opened, exit 2.
    for args in [
        vec!["report", "--year", "2025"],
        vec!["report", "--year", &year, "--format", "pdf"],
    ] {
        let refused = common::passerelle(&store, &args);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        assert!(!common::stderr(&refused).is_empty());
    }
    let nowhere = dir.path().join("no-such-dir").join("bilan.md");
    let failed = common::passerelle(
        &store,
        &[
            "report",
            "--year",
            &year,
            "--output",
            &nowhere.to_string_lossy(),
        ],
    );
    assert_eq!(failed.status.code(), Some(6));
    assert!(
        common::stderr(&failed).contains("no-such-dir"),
        "{}",
        common::stderr(&failed)
    );
}

//! The steering committee's yearly report: its figures against counts
//! made here by hand from every record listed through the service (not
//! through the date indexes the report reads), its three formats, and
//! the rule that no confidential remark leaves without consent.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use common::{Fixture, caller, company, evaluation, immersion, siret, today};
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

//! The service layer on a real store: saving, reading, listing, deleting
//! and restoring, the status summary, bulk loads and the consistency
//! check, as a user of any front end would see them.

use crate::common;

use chrono::NaiveDate;

use common::{
    Fixture, agreement, caller, company, company_at, contact, day, days_from_today, evaluation,
    event, expect_kind, immersion, learner, placement, school, sensitive_needs, siret, today, uai,
};
use passerelle::domain::academie::{Academie, Organisation};
use passerelle::domain::audit::{AuditAction, AuditEntry};
use passerelle::domain::dates::SchoolYear;
use passerelle::domain::identifiers::{Email, Phone};
use passerelle::domain::records::learner::LEARNER_REASON;
use passerelle::domain::records::{
    ContactOrganisation, Immersion, LinkRole, Missing, Placement, Record, School,
};
use passerelle::domain::status::{
    AgreementStatus, ImmersionRefusal, ImmersionStatus, PlacementRefusal, PlacementStatus,
    TransitionError,
};
use passerelle::domain::user::Admin;
use passerelle::domain::validation::{Field, FieldError, Rule};
use passerelle::domain::{Confidentiality, Kind, RecordId, RecordRef, Restricted};
use passerelle::i18n::Lang;
use passerelle::i18n::messages::service_error;
use passerelle::service::Clock;
use passerelle::service::delete::DeleteRequest;
use passerelle::service::find::{
    CODE_EXACT_SCORE, FindRequest, Found, MAX_FOUND, WHOLE_KIND_NAMES,
};
use passerelle::service::get::RecordKey;
use passerelle::service::labels::LinkedRecord;
use passerelle::service::list::{ListRequest, ListResponse, Order, PagePosition, StatusFilter};
use passerelle::service::protocol::{Request, Response};
use passerelle::service::save::SaveRequest;
use passerelle::service::{NotAllowed, RestoreRefusal, ServiceError};
use passerelle::store::audit::ChainedAuditEntry;
use passerelle::store::check::Problem;
use passerelle::store::codec;

// ---------------------------------------------------------------- helpers

/// The field errors of an `Invalid` refusal; panics on anything else.
fn invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Vec<FieldError> {
    match result {
        Err(ServiceError::Invalid(errors)) => errors.0,
        other => panic!("expected ServiceError::Invalid, got {other:?}"),
    }
}

fn field_error(field: Field, rule: Rule) -> FieldError {
    FieldError { field, rule }
}

fn school_ref(id: RecordId) -> RecordRef {
    RecordRef::new(Kind::School, id)
}

fn placement_ref(id: RecordId) -> RecordRef {
    RecordRef::new(Kind::Placement, id)
}

/// The labels of a listing's rows, in order.
fn labels(response: &ListResponse) -> Vec<String> {
    response.rows.iter().map(|row| row.label.clone()).collect()
}

fn list(fixture: &Fixture, request: &ListRequest) -> ListResponse {
    fixture
        .service
        .list(&fixture.caller, request)
        .unwrap_or_else(|error| panic!("the listing should succeed: {error:?}"))
}

fn with_text(kind: Kind, text: &str) -> ListRequest {
    ListRequest {
        text: text.to_owned(),
        ..ListRequest::first_page(kind, 50)
    }
}

/// A school, a learner there, and a company with a tutor: what a
/// placement needs.
struct PlacementSetup {
    school: School,
    learner: RecordId,
    company: RecordId,
    tutor: RecordId,
}

fn placement_setup(fixture: &Fixture) -> PlacementSetup {
    let school = fixture.create(school("0750655E", "Lycée Henri IV"));
    let learner = fixture.create(learner(school.meta.id, "Inès Martin"));
    let company = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let tutor = fixture.create(contact(company.meta.id, "Paul Dupain"));
    PlacementSetup {
        learner: learner.meta.id,
        company: company.meta.id,
        tutor: tutor.meta.id,
        school,
    }
}

fn requested(setup: &PlacementSetup, start: NaiveDate) -> Placement {
    placement(
        setup.learner,
        setup.school.meta.id,
        start,
        start + chrono::Duration::days(11),
    )
}

fn confidential() -> Confidentiality {
    Confidentiality::flagged("demande de l'entreprise", Some(Organisation::CpmeIdf))
}

fn delete(fixture: &Fixture, target: RecordRef) {
    fixture
        .service
        .delete(
            &fixture.caller,
            &DeleteRequest {
                target,
                revision: None,
            },
        )
        .unwrap_or_else(|error| panic!("{target:?} should be deleted: {error:?}"));
}

fn restore(fixture: &Fixture, target: RecordRef) -> Record {
    fixture
        .service
        .restore(&fixture.caller, target)
        .unwrap_or_else(|error| panic!("{target:?} should be restored: {error:?}"))
        .record
}

fn restore_refusal(fixture: &Fixture, target: RecordRef) -> RestoreRefusal {
    match fixture.service.restore(&fixture.caller, target) {
        Err(ServiceError::CannotRestore {
            target: refused,
            reason,
        }) => {
            assert_eq!(refused, target);
            reason
        }
        other => panic!("expected CannotRestore, got {other:?}"),
    }
}

/// Everything a coordinator sees of a placement and around it: its
/// detail (without its revision), its school's and company's placements,
/// the placements listed by name and by status, and the status counts.
fn placement_surroundings(
    fixture: &Fixture,
    stage: RecordRef,
    setup: &PlacementSetup,
) -> Vec<String> {
    let mut seen = Vec::new();
    let detail = fixture.get(RecordKey::Id(stage)).map(|mut detail| {
        detail.record.meta_mut().revision = 0;
        detail
    });
    seen.push(format!("{detail:?}"));
    for owner in [
        school_ref(setup.school.meta.id),
        RecordRef::new(Kind::Company, setup.company),
        RecordRef::new(Kind::Contact, setup.tutor),
        RecordRef::new(Kind::Learner, setup.learner),
    ] {
        let detail = fixture.get(RecordKey::Id(owner)).expect("it exists");
        seen.push(format!("{:?}", detail.dependents));
        let linked = list(
            fixture,
            &ListRequest {
                linked_to: Some(owner),
                ..ListRequest::first_page(Kind::Placement, 10)
            },
        );
        seen.push(format!("{:?}", ids(&linked)));
    }
    for request in [
        ListRequest::first_page(Kind::Placement, 10),
        ListRequest {
            status: Some(StatusFilter::PlacementPending),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
        ListRequest {
            order: Order::Date,
            ..ListRequest::first_page(Kind::Placement, 10)
        },
        ListRequest {
            academie: Some(Academie::Paris),
            ..ListRequest::first_page(Kind::Placement, 10)
        },
        in_year(Kind::Placement, 2026, 10),
    ] {
        let page = list(fixture, &request);
        seen.push(format!(
            "{:?} {:?} {} {:?}",
            labels(&page),
            ids(&page),
            page.total,
            page.matching
        ));
    }
    let status = fixture.service.status(&fixture.caller).expect("status");
    seen.push(format!("{status:?}"));
    seen
}

fn ids(response: &ListResponse) -> Vec<RecordId> {
    response.rows.iter().map(|row| row.record.id()).collect()
}

fn in_year(kind: Kind, start_year: i32, limit: u32) -> ListRequest {
    ListRequest {
        school_year: Some(SchoolYear::starting(start_year)),
        ..ListRequest::first_page(kind, limit)
    }
}

/// The audit entries about `reference`, newest first.
fn entries_about(fixture: &Fixture, reference: RecordRef) -> Vec<AuditEntry> {
    fixture
        .service
        .audit(
            &fixture.caller,
            &passerelle::service::audit::AuditRequest {
                key: Some(RecordKey::Id(reference)),
                limit: 100,
                ..Default::default()
            },
        )
        .expect("the history reads")
        .entries
}

mod bulk;
mod check;
mod deletion;
mod demo;
mod finder;
mod get;
mod list;
mod masking;
mod reindexing;
mod restoring;
mod revert;
mod save_create;
mod save_update;
mod status;

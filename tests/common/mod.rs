//! Builders of valid records and a fixture holding a real store in a
//! temporary directory, shared by the integration tests. Each test file
//! uses part of it only.
#![allow(dead_code)]

pub mod pty;
pub mod second;
pub mod settle;
pub mod tui;

use chrono::NaiveDate;
use tempfile::TempDir;

use passerelle::domain::audit::FrontEnd;
use passerelle::domain::dates::SchoolYear;
use passerelle::domain::identifiers::siret::complete_siren;
use passerelle::domain::identifiers::{PostalCode, Siret, Uai};
use passerelle::domain::records::{
    Agreement, AgreementKind, Company, Contact, ContactOrganisation, ContactRole, Evaluation,
    Event, EventKind, HeadcountBand, Immersion, InclusiveKind, Learner, Level, Placement,
    PlacementKind, Rating, Record, Renewal, ResidencePermit, School, SchoolKind, Sector,
    SensitiveNeeds, StaffRole,
};
use passerelle::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use passerelle::domain::{RecordId, RecordMeta, RecordRef, Restricted};
use passerelle::service::get::{GetResponse, RecordKey};
use passerelle::service::save::SaveRequest;
use passerelle::service::{Caller, Clock, Service, ServiceResult};
use passerelle::store::{OpenOptions, Store};

/// The day every fixture's clock is stopped on (at noon).
pub fn today() -> NaiveDate {
    day(2026, 11, 28)
}

pub fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
}

/// `today()` moved by `days` (negative: in the past).
pub fn days_from_today(days: i64) -> NaiveDate {
    today() + chrono::Duration::days(days)
}

/// A UAI from seven digits ("0750001") or a full code ("0750655E").
pub fn uai(code: &str) -> Uai {
    if code.len() == 7 {
        Uai::from_digits(code).expect("seven digits")
    } else {
        Uai::parse(code).expect("a valid UAI")
    }
}

/// The SIRET of establishment `establishment` of one fixed valid SIREN.
pub fn siret(establishment: u16) -> Siret {
    let siren = complete_siren(12_345_678).expect("eight digits");
    Siret::complete(&siren, establishment).expect("a valid SIRET")
}

pub fn postal_code(code: &str) -> PostalCode {
    PostalCode::parse(code).expect("a valid postal code")
}

/// A public lycée; its postal code lies in the département of its UAI.
pub fn school(code: &str, name: &str) -> School {
    let uai = uai(code);
    let postal = format!("{}000", &uai.as_str()[1..3]);
    School {
        meta: RecordMeta::new_record(),
        uai,
        name: name.to_owned(),
        kind: SchoolKind::LyceeGeneral,
        sector: Sector::Public,
        commune: "Paris".to_owned(),
        postal_code: postal_code(&postal),
        address: None,
        location: None,
        opening_state: passerelle::domain::records::OpeningState::Open,
        special_units: Vec::new(),
        apprenticeship_sections: Vec::new(),
        email: None,
        phone: None,
        notes: Restricted::default(),
    }
}

/// A company in Paris (75005).
pub fn company(siret: Siret, name: &str) -> Company {
    company_at(siret, name, "75005")
}

pub fn company_at(siret: Siret, name: &str, postal: &str) -> Company {
    Company {
        meta: RecordMeta::new_record(),
        siret,
        name: name.to_owned(),
        naf: None,
        headcount: HeadcountBand::From1To9,
        cpme_member: true,
        commune: "Paris".to_owned(),
        postal_code: postal_code(postal),
        address: None,
        location: None,
        offers: Vec::new(),
        inclusive_kind: InclusiveKind::Ordinary,
        email: None,
        phone: None,
        notes: Restricted::default(),
    }
}

/// A tutor working at a company.
pub fn contact(company_id: RecordId, name: &str) -> Contact {
    contact_of(ContactOrganisation::Company(company_id), name)
}

pub fn contact_of(organisation: ContactOrganisation, name: &str) -> Contact {
    Contact {
        meta: RecordMeta::new_record(),
        name: name.to_owned(),
        role: ContactRole::Tuteur,
        organisation,
        email: Restricted::Clear(None),
        phone: Restricted::Clear(None),
        notes: Restricted::default(),
    }
}

/// A pupil of seconde in 2026-2027, without particular needs.
pub fn learner(school_id: RecordId, name: &str) -> Learner {
    Learner {
        meta: RecordMeta::new_record(),
        name: name.to_owned(),
        level: Level::Seconde,
        school: school_id,
        school_year: SchoolYear::starting(2026),
        sensitive: Restricted::default(),
        notes: Restricted::default(),
    }
}

/// Needs that make a learner confidential.
pub fn sensitive_needs() -> SensitiveNeeds {
    SensitiveNeeds {
        disability: false,
        casnav_followed: true,
        residence_permit: ResidencePermit::Pending,
        note: "suivi CASNAV".to_owned(),
    }
}

/// A requested placement (no company yet).
pub fn placement(
    learner_id: RecordId,
    school_id: RecordId,
    start: NaiveDate,
    end: NaiveDate,
) -> Placement {
    Placement {
        meta: RecordMeta::new_record(),
        kind: PlacementKind::StageSeconde,
        learner: learner_id,
        school: school_id,
        company: None,
        tutor: None,
        start,
        end,
        status: PlacementStatus::Requested,
        signed_on: None,
        cancel_reason: None,
        notes: Restricted::default(),
    }
}

/// A teacher immersion without a school, in `status`, not evaluated.
pub fn immersion(
    company_id: RecordId,
    person: &str,
    start: NaiveDate,
    days: u8,
    status: ImmersionStatus,
) -> Immersion {
    Immersion {
        meta: RecordMeta::new_record(),
        person: person.to_owned(),
        person_role: StaffRole::Enseignant,
        school: None,
        company: company_id,
        start,
        days,
        status,
        evaluation: None,
        notes: Restricted::default(),
    }
}

/// A complete, valid evaluation made on `evaluated_on`.
pub fn evaluation(evaluated_on: NaiveDate) -> Evaluation {
    Evaluation {
        welcome: Rating(4),
        trades_discovery: Rating(5),
        teaching_use: Rating(3),
        organisation: Rating(4),
        comment: Restricted::Clear("accueil soigné".to_owned()),
        teacher_feedback: Restricted::default(),
        company_feedback: Restricted::default(),
        renew: Renewal::Yes,
        evaluated_by: "alice".to_owned(),
        evaluated_on,
    }
}

/// A company visit on `date`, with no school or company listed.
pub fn event(title: &str, date: NaiveDate) -> Event {
    Event {
        meta: RecordMeta::new_record(),
        kind: EventKind::CompanyVisit,
        title: title.to_owned(),
        date,
        place: "Paris".to_owned(),
        academie: None,
        schools: Vec::new(),
        companies: Vec::new(),
        pupils_reached: 0,
        notes: Restricted::default(),
    }
}

/// A framework agreement of 36 months with 3 months' notice.
pub fn agreement(title: &str, status: AgreementStatus, signed_on: Option<NaiveDate>) -> Agreement {
    Agreement {
        meta: RecordMeta::new_record(),
        kind: AgreementKind::Framework,
        title: title.to_owned(),
        academie: None,
        schools: Vec::new(),
        companies: Vec::new(),
        parent: None,
        signed_on,
        duration_months: 36,
        notice_months: 3,
        status,
        notes: Restricted::default(),
    }
}

/// Gets a record of a known kind back out of a `Record`.
pub trait FromRecord: Sized {
    fn from_record(record: Record) -> Option<Self>;
}

macro_rules! from_record {
    ($($kind:ident),+) => {
        $(impl FromRecord for $kind {
            fn from_record(record: Record) -> Option<Self> {
                match record {
                    Record::$kind(inner) => Some(inner),
                    _ => None,
                }
            }
        })+
    };
}

from_record!(
    School, Company, Contact, Learner, Placement, Immersion, Event, Agreement
);

/// Unwraps a record of the kind expected.
pub fn expect_kind<T: FromRecord>(record: Record) -> T {
    let kind = record.kind();
    T::from_record(record).unwrap_or_else(|| panic!("unexpected record kind {kind}"))
}

/// A store in a temporary directory, the service over it on a clock
/// stopped at noon on `today()`, and the caller "alice" on the CLI.
pub struct Fixture {
    pub service: Service,
    pub caller: Caller,
    pub dir: TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::on(today())
    }

    /// A fixture whose clock is stopped on `date`.
    pub fn on(date: NaiveDate) -> Fixture {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let service = open_service(&dir, Clock::fixed_on(date));
        Fixture {
            service,
            caller: caller("alice"),
            dir,
        }
    }

    /// Saves a record; the error is returned as is.
    pub fn save<T: Into<Record> + FromRecord>(&self, record: T) -> ServiceResult<T> {
        self.save_as(&self.caller, record)
    }

    pub fn save_as<T: Into<Record> + FromRecord>(
        &self,
        caller: &Caller,
        record: T,
    ) -> ServiceResult<T> {
        let response = self.service.save(
            caller,
            SaveRequest {
                record: record.into(),
            },
        )?;
        Ok(expect_kind(response.record))
    }

    /// Saves a record that must be accepted.
    pub fn create<T: Into<Record> + FromRecord>(&self, record: T) -> T {
        self.save(record)
            .unwrap_or_else(|error| panic!("the record should be accepted: {error:?}"))
    }

    pub fn get(&self, key: RecordKey) -> ServiceResult<GetResponse> {
        self.service.get(&self.caller, &key)
    }

    /// Reads a record by reference; it must exist.
    pub fn read<T: FromRecord>(&self, reference: RecordRef) -> T {
        let response = self
            .get(RecordKey::Id(reference))
            .unwrap_or_else(|error| panic!("{reference:?} should exist: {error:?}"));
        expect_kind(response.record)
    }

    /// Writes `users.toml` beside the store: alice ("Alice Martin",
    /// Paris) admin, and `accounts` coordinators of Créteil.
    pub fn allow_coordinators(&self, accounts: &[&str]) {
        let mut text = String::from(
            "[users.alice]\nname = \"Alice Martin\"\norganisation = \"paris\"\nrole = \"admin\"\n",
        );
        for account in accounts {
            text.push_str(&format!(
                "\n[users.{account}]\nname = \"{account}\"\norganisation = \"creteil\"\nrole = \"coordinator\"\n"
            ));
        }
        self.write_users(&text);
    }

    /// Writes `users.toml` beside the store.
    pub fn write_users(&self, text: &str) {
        std::fs::write(self.dir.path().join("users.toml"), text).expect("users.toml written");
    }

    /// Closes the service and opens the store underneath directly, to
    /// read what is stored without the service's masking.
    pub fn into_store(self) -> (TempDir, Store) {
        let Fixture { service, dir, .. } = self;
        drop(service);
        let store = Store::open(dir.path(), &OpenOptions::new("alice")).expect("the store reopens");
        (dir, store)
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture::new()
    }
}

pub fn caller(account: &str) -> Caller {
    Caller {
        account: account.to_owned(),
        front_end: FrontEnd::Cli,
    }
}

pub fn open_service(dir: &TempDir, clock: Clock) -> Service {
    let store = Store::open(dir.path(), &OpenOptions::new("alice")).expect("the store opens");
    Service::new(store).with_clock(clock)
}

/// Opens the raw sled database of a closed store, to damage it or to
/// make it look older. sled releases its file lock from a background
/// thread after a handle is dropped, so a reopen in the same process may
/// briefly find it still held.
pub fn open_raw(dir: &std::path::Path) -> sled::Db {
    for _ in 0..100 {
        match sled::open(dir) {
            Ok(db) => return db,
            Err(error) if error.to_string().contains("could not acquire lock") => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(error) => panic!("raw open: {error}"),
        }
    }
    panic!("the store stayed locked");
}

/// Opens the store again once sled has let go of it (see [`open_raw`]).
pub fn reopen_service(dir: &TempDir, clock: Clock) -> Service {
    for _ in 0..100 {
        match Store::open(dir.path(), &OpenOptions::new("alice")) {
            Ok(store) => return Service::new(store).with_clock(clock),
            Err(passerelle::store::StoreError::Locked { .. }) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(error) => panic!("reopen: {error}"),
        }
    }
    panic!("the store stayed locked");
}

/// Runs the real binary on `store` with `args`, in the default language
/// whatever the environment says.
pub fn passerelle(store: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--store")
        .arg(store)
        .args(args)
        .env_remove("PASSERELLE_LANG")
        .env("PASSERELLE_DIRECT", "1")
        .env_remove("PASSERELLE_STORE")
        .output()
        .expect("the binary runs")
}

/// What the binary printed, read as JSON; the test fails naming what
/// it printed instead.
pub fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(output)))
}

/// The Unix account running the tests (the stores they make are its,
/// so it is their admin).
pub fn me() -> String {
    passerelle::service::Caller::current_process(passerelle::domain::audit::FrontEnd::Cli).account
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The names of the entries of `dir`, sorted.
pub fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("reads")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

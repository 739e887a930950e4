//! The generator proper: how many of each kind, and how each record is
//! made so that it is plausible and consistent (dates, statuses, links).

use chrono::{Days, NaiveDate};

use crate::demo::DemoOptions;
use crate::demo::rng::Rng;
use crate::demo::vocabulary::{
    CANCEL_REASONS, COMMUNES, COORDINATORS, EVALUATION_COMMENTS, FIRST_NAMES, PATRONS,
    PLACEMENT_NOTES, SURNAMES, TRADES,
};
use crate::domain::academie::{Academie, Organisation};
use crate::domain::communes;
use crate::domain::dates::SchoolYear;
use crate::domain::identifiers::siret::complete_siren;
use crate::domain::identifiers::{Email, NafCode, Phone, PostalCode, Siret, Uai};
use crate::domain::place::Location;
use crate::domain::records::{
    AcademicService, Agreement, AgreementKind, Company, Contact, ContactOrganisation, ContactRole,
    Evaluation, Event, EventKind, HeadcountBand, Immersion, InclusiveKind, Learner, Level, Offer,
    OpeningState, Placement, PlacementKind, Rating, Record, Renewal, ResidencePermit, School,
    SchoolKind, Sector, SensitiveNeeds, SpecialUnit, StaffRole,
};
use crate::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use crate::domain::text::fold;
use crate::domain::validation::{Field, Rule};
use crate::domain::{Confidentiality, RecordId, RecordMeta, Restricted};
use crate::service::bulk::BulkSession;
use crate::service::{Caller, Service, ServiceError, ServiceResult};

/// How many records of each kind a size makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub schools: u64,
    pub companies: u64,
    pub contacts: u64,
    pub learners: u64,
    pub placements: u64,
    pub immersions: u64,
    pub events: u64,
    pub agreements: u64,
}

impl Plan {
    /// Proportions of all Île-de-France at a million records: 3,000
    /// schools, 50,000 companies, the rest mostly learners and placements.
    pub fn for_size(size: u64) -> Plan {
        let per_mille = |rate: u64, minimum: u64| (size.saturating_mul(rate) / 1000).max(minimum);
        let schools = per_mille(3, 3);
        let companies = per_mille(50, 5);
        let contacts = per_mille(70, 12);
        let immersions = per_mille(60, 6);
        let events = per_mille(30, 4);
        let agreements = per_mille(7, 3);
        let fixed = schools + companies + contacts + immersions + events + agreements;
        let rest = size.saturating_sub(fixed);
        let learners = (rest.saturating_mul(46) / 100).max(1);
        let placements = rest.saturating_sub(learners);
        Plan {
            schools,
            companies,
            contacts,
            learners,
            placements,
            immersions,
            events,
            agreements,
        }
    }

    pub fn total(&self) -> u64 {
        self.schools
            + self.companies
            + self.contacts
            + self.learners
            + self.placements
            + self.immersions
            + self.events
            + self.agreements
    }
}

struct SchoolFacts {
    id: RecordId,
    kind: SchoolKind,
}

struct CompanyFacts {
    id: RecordId,
    name: String,
    commune: usize,
    tutor: Option<RecordId>,
}

struct LearnerFacts {
    id: RecordId,
    school: RecordId,
    level: Level,
}

/// How many times a code (UAI, SIRET) is drawn again when the store
/// already holds it (adding demonstration data to a store in use).
const CODE_ATTEMPTS: usize = 50;

pub(crate) struct Generator<'s, 'p> {
    rng: Rng,
    today: NaiveDate,
    session: BulkSession<'s>,
    progress: &'p mut dyn FnMut(u64),
    written: u64,
    schools: Vec<SchoolFacts>,
    companies: Vec<CompanyFacts>,
    learners: Vec<LearnerFacts>,
    next_uai_serial: u32,
    next_siren_stem: u32,
}

fn new_meta() -> RecordMeta {
    RecordMeta::new_record()
}

fn days_from(day: NaiveDate, offset: i64) -> NaiveDate {
    if offset >= 0 {
        day.checked_add_days(Days::new(offset as u64))
            .unwrap_or(day)
    } else {
        day.checked_sub_days(Days::new(offset.unsigned_abs()))
            .unwrap_or(day)
    }
}

fn is_taken(error: &ServiceError) -> bool {
    matches!(error, ServiceError::Invalid(errors)
        if errors.0.iter().any(|e| matches!(e.rule, Rule::AlreadyTaken { .. }) && matches!(e.field, Field::Uai | Field::Siret)))
}

impl<'s, 'p> Generator<'s, 'p> {
    pub(crate) fn run(
        service: &'s Service,
        caller: &Caller,
        options: &DemoOptions,
        progress: &'p mut dyn FnMut(u64),
    ) -> ServiceResult<u64> {
        let plan = Plan::for_size(options.size);
        let mut rng = Rng::new(options.seed);
        let next_uai_serial = rng.below(5000) as u32;
        let next_siren_stem = 10_000_000 + rng.below(80_000_000) as u32;
        let mut generator = Generator {
            rng,
            today: service.clock().today(),
            session: service.bulk_demo(caller)?,
            progress,
            written: 0,
            schools: Vec::new(),
            companies: Vec::new(),
            learners: Vec::new(),
            next_uai_serial,
            next_siren_stem,
        };
        generator.schools(plan.schools)?;
        generator.companies(plan.companies)?;
        generator.contacts(plan.contacts)?;
        generator.learners(plan.learners)?;
        generator.placements(plan.placements)?;
        generator.immersions(plan.immersions)?;
        generator.events(plan.events)?;
        generator.agreements(plan.agreements)?;
        let written = generator.session.finish()?;
        (generator.progress)(written);
        Ok(written)
    }

    fn add(&mut self, record: Record) -> ServiceResult<RecordId> {
        let id = self.session.add(record)?;
        self.written += 1;
        if self.written % 10_000 == 0 {
            (self.progress)(self.written);
        }
        Ok(id)
    }

    fn person_name(&mut self) -> String {
        let first = *self.rng.pick(FIRST_NAMES);
        let last = *self.rng.pick(SURNAMES);
        format!("{first} {last}")
    }

    fn phone(&mut self, mobile: bool) -> Option<Phone> {
        let prefix = if mobile {
            *self.rng.pick(&["06", "07"])
        } else {
            *self.rng.pick(&["01", "09"])
        };
        Phone::parse(&format!("{prefix}{:08}", self.rng.below(100_000_000))).ok()
    }

    fn email(&self, local: &str, domain: &str) -> Option<Email> {
        let local = fold(local).replace(' ', ".");
        Email::parse(&format!("{local}@{domain}")).ok()
    }

    fn commune(&mut self) -> usize {
        self.rng.below(COMMUNES.len() as u64) as usize
    }

    fn date_around_today(&mut self, before: i64, after: i64) -> NaiveDate {
        let offset = self.rng.between(-before, after);
        days_from(self.today, offset)
    }

    /// A day of the school year of today, September to August.
    fn date_in_school_year(&mut self) -> NaiveDate {
        let year = SchoolYear::containing(self.today);
        match (year.first_day(), year.last_day()) {
            (Some(first), Some(last)) => {
                let offset = self.rng.between(0, (last - first).num_days());
                days_from(first, offset)
            }
            _ => self.today,
        }
    }

    fn schools(&mut self, count: u64) -> ServiceResult<()> {
        for index in 0..count {
            // The first schools are one in each académie.
            let commune = match Academie::ALL.get(index as usize) {
                Some(academie) => COMMUNES
                    .iter()
                    .position(|(_, postal)| {
                        Academie::from_departement(&postal[..2]) == Some(*academie)
                    })
                    .unwrap_or(0),
                None => self.commune(),
            };
            let (commune_name, postal) = COMMUNES[commune];
            let departement = &postal[..2];
            // Every kind appears among the first schools.
            let kind = if (index as usize) < SchoolKind::ALL.len() {
                SchoolKind::ALL[index as usize]
            } else {
                self.rng.weighted(&[
                    (SchoolKind::College, 45),
                    (SchoolKind::LyceeGeneral, 20),
                    (SchoolKind::LyceeProfessionnel, 20),
                    (SchoolKind::LyceePolyvalent, 8),
                    (SchoolKind::Cfa, 4),
                    (SchoolKind::Erea, 1),
                    (SchoolKind::Universite, 2),
                ])
            };
            let patron = *self.rng.pick(PATRONS);
            let name = match kind {
                SchoolKind::College => format!("Collège {patron}"),
                SchoolKind::LyceeGeneral => format!("Lycée {patron}"),
                SchoolKind::LyceeProfessionnel => format!("Lycée professionnel {patron}"),
                SchoolKind::LyceePolyvalent => format!("Lycée polyvalent {patron}"),
                SchoolKind::Cfa => format!(
                    "CFA {} {}",
                    self.rng.pick(TRADES).0.to_lowercase(),
                    of_place(commune_name)
                ),
                SchoolKind::Erea => format!("EREA {patron}"),
                SchoolKind::Universite => format!("Université {}", of_place(commune_name)),
            };
            let mut special_units = Vec::new();
            if kind == SchoolKind::College && self.rng.chance(30) {
                special_units.push(SpecialUnit::Segpa);
            }
            if self.rng.chance(20) {
                special_units.push(SpecialUnit::Ulis);
            }
            if self.rng.chance(10) {
                special_units.push(SpecialUnit::Upe2a);
            }
            if departement == "75" && self.rng.chance(3) {
                special_units.push(SpecialUnit::Upe2aUlis);
            }
            let apprenticeship_sections = match kind {
                SchoolKind::LyceeProfessionnel | SchoolKind::LyceePolyvalent | SchoolKind::Cfa => {
                    (0..self.rng.between(1, 3))
                        .map(|_| self.rng.pick(TRADES).2.to_owned())
                        .collect::<Vec<_>>()
                }
                _ => Vec::new(),
            };
            let mut apprenticeship_sections = apprenticeship_sections;
            apprenticeship_sections.sort();
            apprenticeship_sections.dedup();
            let sector = if self.rng.chance(20) {
                Sector::Private
            } else {
                Sector::Public
            };
            let phone = self.phone(false);
            let postal_code =
                PostalCode::parse(postal).map_err(|_| bad_vocabulary("postal code"))?;
            let mut attempts = 0;
            let id = loop {
                let serial = self.next_uai_serial % 10_000;
                self.next_uai_serial += 1;
                let uai = Uai::from_digits(&format!("0{departement}{serial:04}"))
                    .ok_or_else(|| bad_vocabulary("UAI"))?;
                let academie = uai.academie().map(Academie::code).unwrap_or("paris");
                let email = Email::parse(&format!(
                    "ce.{}@ac-{academie}.fr",
                    uai.as_str().to_lowercase()
                ))
                .ok();
                let school = School {
                    meta: new_meta(),
                    uai,
                    name: name.clone(),
                    kind,
                    sector,
                    commune: commune_name.to_owned(),
                    postal_code: postal_code.clone(),
                    address: Some(street_address(serial)),
                    location: approximate_location(&postal_code, commune_name),
                    opening_state: opening_state(serial),
                    special_units: special_units.clone(),
                    apprenticeship_sections: apprenticeship_sections.clone(),
                    email,
                    phone: phone.clone(),
                    notes: Restricted::Clear(String::new()),
                };
                match self.add(school.into()) {
                    Err(error) if is_taken(&error) && attempts < CODE_ATTEMPTS => attempts += 1,
                    other => break other?,
                }
            };
            self.schools.push(SchoolFacts { id, kind });
        }
        Ok(())
    }

    fn companies(&mut self, count: u64) -> ServiceResult<()> {
        for _ in 0..count {
            let commune = self.commune();
            let (commune_name, postal) = COMMUNES[commune];
            let (trade, naf, _) = *self.rng.pick(TRADES);
            let name = if self.rng.chance(60) {
                format!("{trade} {}", self.rng.pick(SURNAMES))
            } else {
                format!("{trade} {}", of_place(commune_name))
            };
            let headcount = self.rng.weighted(&[
                (HeadcountBand::NoEmployee, 10),
                (HeadcountBand::From1To9, 50),
                (HeadcountBand::From10To49, 28),
                (HeadcountBand::From50To249, 9),
                (HeadcountBand::From250, 1),
                (HeadcountBand::Unknown, 2),
            ]);
            let mut offers: Vec<Offer> = Offer::ALL
                .iter()
                .copied()
                .filter(|_| self.rng.chance(35))
                .collect();
            if offers.is_empty() {
                offers.push(Offer::Stage);
            }
            let inclusive_kind = self.rng.weighted(&[
                (InclusiveKind::Ordinary, 95),
                (InclusiveKind::EntrepriseAdaptee, 3),
                (InclusiveKind::Esat, 2),
            ]);
            let mut meta = new_meta();
            if self.rng.chance(4) {
                meta.confidentiality = Confidentiality::flagged(
                    "informations recueillies chez un adhérent (article 3.2)",
                    Some(Organisation::CpmeIdf),
                );
            }
            let notes = if meta.confidentiality.confidential {
                "Difficultés de trésorerie évoquées lors de la visite ; ne pas diffuser."
            } else {
                ""
            };
            let mobile = self.rng.chance(50);
            let phone = self.phone(mobile);
            let email = self.email(&name, "exemple.fr");
            let postal_code =
                PostalCode::parse(postal).map_err(|_| bad_vocabulary("postal code"))?;
            let naf = NafCode::parse(naf).ok();
            let cpme_member = self.rng.chance(60);
            let mut attempts = 0;
            let id = loop {
                let stem = self.next_siren_stem;
                self.next_siren_stem = self
                    .next_siren_stem
                    .wrapping_add(1 + self.rng.below(7) as u32)
                    % 100_000_000;
                let siren = complete_siren(stem).ok_or_else(|| bad_vocabulary("SIREN"))?;
                let Some(siret) = Siret::complete(&siren, 1 + self.rng.below(30) as u16) else {
                    continue;
                };
                let company = Company {
                    meta: meta.clone(),
                    siret,
                    name: name.clone(),
                    naf: naf.clone(),
                    headcount,
                    cpme_member,
                    commune: commune_name.to_owned(),
                    postal_code: postal_code.clone(),
                    address: Some(street_address(stem)),
                    location: approximate_location(&postal_code, commune_name),
                    offers: offers.clone(),
                    inclusive_kind,
                    email: email.clone(),
                    phone: phone.clone(),
                    notes: Restricted::Clear(notes.to_owned()),
                };
                match self.add(company.into()) {
                    Err(error) if is_taken(&error) && attempts < CODE_ATTEMPTS => attempts += 1,
                    other => break other?,
                }
            };
            self.companies.push(CompanyFacts {
                id,
                name,
                commune,
                tutor: None,
            });
        }
        Ok(())
    }

    fn contact(
        &mut self,
        role: ContactRole,
        organisation: ContactOrganisation,
        domain: &str,
    ) -> ServiceResult<RecordId> {
        let name = self.person_name();
        let mobile = matches!(role, ContactRole::Tuteur | ContactRole::Dirigeant);
        let contact = Contact {
            meta: new_meta(),
            email: Restricted::Clear(self.email(&name, domain)),
            phone: Restricted::Clear(self.phone(mobile)),
            name,
            role,
            organisation,
            notes: Restricted::Clear(String::new()),
        };
        self.add(contact.into())
    }

    fn contacts(&mut self, count: u64) -> ServiceResult<()> {
        let mut left = count;
        // The académie services named by the convention, one each.
        'services: for academie in Academie::ALL {
            for service in [
                AcademicService::Casnav,
                AcademicService::Dafpic,
                AcademicService::Daet,
            ] {
                if left == 0 {
                    break 'services;
                }
                let organisation = ContactOrganisation::Service {
                    service,
                    academie: *academie,
                };
                self.contact(
                    ContactRole::Coordinateur,
                    organisation,
                    &format!("ac-{}.fr", academie.code()),
                )?;
                left -= 1;
            }
        }
        // A tutor in as many companies as the budget allows, a head in
        // every school, then more people at random.
        let mut company = 0;
        while left > 0 && company < self.companies.len() && company * 10 < count as usize * 8 {
            let organisation = ContactOrganisation::Company(self.companies[company].id);
            let tutor = self.contact(ContactRole::Tuteur, organisation, "exemple.fr")?;
            self.companies[company].tutor = Some(tutor);
            company += 1;
            left -= 1;
        }
        let mut school = 0;
        while left > 0 && school < self.schools.len() {
            let organisation = ContactOrganisation::School(self.schools[school].id);
            self.contact(ContactRole::ChefEtablissement, organisation, "ac-paris.fr")?;
            school += 1;
            left -= 1;
        }
        while left > 0 {
            if self.rng.chance(50) && !self.schools.is_empty() {
                let index = self.rng.below(self.schools.len() as u64) as usize;
                let role = *self.rng.pick(&[
                    ContactRole::ProfesseurReferent,
                    ContactRole::PsyEn,
                    ContactRole::Ddfpt,
                ]);
                self.contact(
                    role,
                    ContactOrganisation::School(self.schools[index].id),
                    "ac-creteil.fr",
                )?;
            } else {
                let index = self.rng.below(self.companies.len() as u64) as usize;
                let role = *self.rng.pick(&[
                    ContactRole::Dirigeant,
                    ContactRole::Cee,
                    ContactRole::Tuteur,
                ]);
                let id = self.contact(
                    role,
                    ContactOrganisation::Company(self.companies[index].id),
                    "exemple.fr",
                )?;
                if role == ContactRole::Tuteur && self.companies[index].tutor.is_none() {
                    self.companies[index].tutor = Some(id);
                }
            }
            left -= 1;
        }
        Ok(())
    }

    fn level_for(&mut self, kind: SchoolKind) -> Level {
        match kind {
            SchoolKind::College => Level::Troisieme,
            SchoolKind::LyceeGeneral => Level::Seconde,
            SchoolKind::LyceeProfessionnel => {
                *self.rng.pick(&[Level::Cap, Level::BacPro, Level::BacPro])
            }
            SchoolKind::LyceePolyvalent => {
                *self.rng.pick(&[Level::Seconde, Level::BacPro, Level::Bts])
            }
            SchoolKind::Cfa => *self.rng.pick(&[Level::Cap, Level::BacPro, Level::Bts]),
            SchoolKind::Erea => Level::Cap,
            SchoolKind::Universite => *self.rng.pick(&[Level::Licence, Level::Master]),
        }
    }

    fn learners(&mut self, count: u64) -> ServiceResult<()> {
        let school_year = SchoolYear::containing(self.today);
        for index in 0..count {
            let school = &self.schools[self.rng.below(self.schools.len() as u64) as usize];
            let (school_id, school_kind) = (school.id, school.kind);
            let level = self.level_for(school_kind);
            let mut needs = SensitiveNeeds::default();
            // The first learners show every kind of need.
            let roll = if index < 3 {
                index * 40
            } else {
                self.rng.below(100)
            };
            if roll < 3 {
                needs.disability = true;
                needs.note = "Aménagement du poste de travail à prévoir (MDPH).".into();
            } else if roll < 5 || roll == 40 {
                needs.casnav_followed = true;
                needs.residence_permit = if level == Level::Troisieme {
                    ResidencePermit::NotApplicable
                } else {
                    *self
                        .rng
                        .pick(&[ResidencePermit::Pending, ResidencePermit::AuthorisedToWork])
                };
            }
            let learner = Learner {
                meta: new_meta(),
                name: self.person_name(),
                level,
                school: school_id,
                school_year,
                sensitive: Restricted::Clear(needs),
                notes: Restricted::Clear(String::new()),
            };
            let id = self.add(learner.into())?;
            self.learners.push(LearnerFacts {
                id,
                school: school_id,
                level,
            });
        }
        Ok(())
    }

    fn placement_kind(&mut self, level: Level) -> PlacementKind {
        match level {
            Level::Troisieme => PlacementKind::Observation,
            Level::Seconde | Level::Premiere | Level::Terminale => PlacementKind::StageSeconde,
            Level::Cap | Level::BacPro => {
                if self.rng.chance(25) {
                    PlacementKind::Apprenticeship
                } else {
                    PlacementKind::Pfmp
                }
            }
            Level::Bts | Level::Licence | Level::Master | Level::Other => {
                if self.rng.chance(40) {
                    PlacementKind::Apprenticeship
                } else {
                    PlacementKind::StudentInternship
                }
            }
        }
    }

    /// A company, with a tutor when `needs_tutor`.
    fn company_for_placement(&mut self, needs_tutor: bool) -> (RecordId, Option<RecordId>) {
        for _ in 0..20 {
            let company = &self.companies[self.rng.below(self.companies.len() as u64) as usize];
            if !needs_tutor || company.tutor.is_some() {
                return (company.id, company.tutor);
            }
        }
        let with_tutor = self.companies.iter().find(|c| c.tutor.is_some());
        match with_tutor {
            Some(company) => (company.id, company.tutor),
            None => (self.companies[0].id, None),
        }
    }

    fn placements(&mut self, count: u64) -> ServiceResult<()> {
        use PlacementStatus::*;
        for index in 0..count {
            // Every learner has a placement before any has two.
            let learner_index = if (index as usize) < self.learners.len() {
                index as usize
            } else {
                self.rng.below(self.learners.len() as u64) as usize
            };
            let (learner, school, level) = {
                let l = &self.learners[learner_index];
                (l.id, l.school, l.level)
            };
            let kind = self.placement_kind(level);
            let length = match kind {
                PlacementKind::Observation => 4,
                PlacementKind::StageSeconde => 13,
                PlacementKind::Pfmp => 27,
                PlacementKind::Apprenticeship => 364,
                PlacementKind::StudentInternship => 59,
            };
            // The first placements show every status.
            let forced = PlacementStatus::ALL.get(index as usize).copied();
            let start = match forced {
                Some(Done) => days_from(self.today, -(length + 30)),
                Some(UnderWay) => days_from(self.today, -1),
                Some(Requested | CompanyProposed | AgreementSigned) => {
                    days_from(self.today, 20 + index as i64)
                }
                // Half spread over the school year, so that the dashboard's
                // chart of placements by start month has every month even
                // on 1 September; half around today, for the history.
                _ if self.rng.chance(50) => self.date_in_school_year(),
                _ => self.date_around_today(300, 150),
            };
            let end = days_from(start, length);
            let status = match forced {
                Some(status) => status,
                None if end < self.today => {
                    if self.rng.chance(90) {
                        Done
                    } else {
                        Cancelled
                    }
                }
                None if start <= self.today => {
                    if self.rng.chance(95) {
                        UnderWay
                    } else {
                        Cancelled
                    }
                }
                None => self.rng.weighted(&[
                    (Requested, 35),
                    (CompanyProposed, 30),
                    (AgreementSigned, 30),
                    (Cancelled, 5),
                ]),
            };
            let needs_tutor = match status {
                UnderWay | Done => true,
                AgreementSigned => self.rng.chance(50),
                CompanyProposed => self.rng.chance(30),
                _ => false,
            };
            let (company, tutor) = match status {
                Requested => (None, None),
                Cancelled => {
                    if self.rng.chance(50) {
                        (Some(self.company_for_placement(false).0), None)
                    } else {
                        (None, None)
                    }
                }
                _ => {
                    let (company, tutor) = self.company_for_placement(needs_tutor);
                    (Some(company), if needs_tutor { tutor } else { None })
                }
            };
            let signed_on = match status {
                AgreementSigned | UnderWay | Done => {
                    let before_start = self.rng.between(5, 40);
                    Some(days_from(start, -before_start).min(self.today))
                }
                _ => None,
            };
            let cancel_reason =
                (status == Cancelled).then(|| (*self.rng.pick(CANCEL_REASONS)).to_owned());
            let placement = Placement {
                meta: new_meta(),
                kind,
                learner,
                school,
                company,
                tutor,
                start,
                end,
                status,
                signed_on,
                cancel_reason,
                notes: Restricted::Clear((*self.rng.pick(PLACEMENT_NOTES)).to_owned()),
            };
            self.add(placement.into())?;
        }
        Ok(())
    }

    fn immersions(&mut self, count: u64) -> ServiceResult<()> {
        use ImmersionStatus::*;
        for index in 0..count {
            let forced = ImmersionStatus::ALL.get(index as usize).copied();
            let days = self.rng.between(1, 3) as u8;
            let start = match forced {
                Some(Done) => days_from(self.today, -10),
                Some(Evaluated) => days_from(self.today, -40),
                Some(_) => days_from(self.today, 15),
                None => self.date_around_today(200, 90),
            };
            let ends_on = days_from(start, i64::from(days) - 1);
            let status = match forced {
                Some(status) => status,
                None if ends_on < self.today => {
                    self.rng
                        .weighted(&[(Done, 35), (Evaluated, 55), (Cancelled, 10)])
                }
                None if start <= self.today => Validated,
                None => self
                    .rng
                    .weighted(&[(Proposed, 50), (Validated, 45), (Cancelled, 5)]),
            };
            // An evaluation is written some days after the immersion, and
            // never in the future.
            let evaluated_on = days_from(ends_on, self.rng.between(1, 30)).min(self.today);
            let status = if status == Evaluated && evaluated_on < ends_on {
                Done
            } else {
                status
            };
            let company = &self.companies[self.rng.below(self.companies.len() as u64) as usize];
            let company_id = company.id;
            let school = (self.rng.chance(90))
                .then(|| self.schools[self.rng.below(self.schools.len() as u64) as usize].id);
            let rating = |rng: &mut Rng| Rating(rng.between(2, 5) as u8);
            let evaluation = (status == Evaluated).then(|| Evaluation {
                welcome: rating(&mut self.rng),
                trades_discovery: rating(&mut self.rng),
                teaching_use: rating(&mut self.rng),
                organisation: rating(&mut self.rng),
                comment: Restricted::Clear((*self.rng.pick(EVALUATION_COMMENTS)).to_owned()),
                teacher_feedback: Restricted::Clear("Je recommande à mes collègues.".into()),
                company_feedback: Restricted::Clear("Prêts à accueillir de nouveau.".into()),
                renew: self.rng.weighted(&[
                    (Renewal::Yes, 70),
                    (Renewal::ToDiscuss, 20),
                    (Renewal::No, 10),
                ]),
                evaluated_by: (*self.rng.pick(COORDINATORS)).to_owned(),
                evaluated_on,
            });
            let mut meta = new_meta();
            if evaluation.is_some() && self.rng.chance(15) {
                meta.confidentiality = Confidentiality::flagged(
                    "retours de l'entreprise sur son organisation interne (article 3.2)",
                    Some(Organisation::CpmeIdf),
                );
            }
            let immersion = Immersion {
                meta,
                person: self.person_name(),
                person_role: self.rng.weighted(&[
                    (StaffRole::Enseignant, 80),
                    (StaffRole::ChefEtablissement, 6),
                    (StaffRole::Inspecteur, 3),
                    (StaffRole::PsyEn, 6),
                    (StaffRole::Cpe, 5),
                ]),
                school,
                company: company_id,
                start,
                days,
                status,
                evaluation,
                notes: Restricted::Clear(String::new()),
            };
            self.add(immersion.into())?;
        }
        Ok(())
    }

    fn events(&mut self, count: u64) -> ServiceResult<()> {
        for index in 0..count {
            // The first events fall in the coming week.
            let date = match index {
                0 => days_from(self.today, 1),
                1 => days_from(self.today, 3),
                2 => days_from(self.today, 6),
                _ => self.date_around_today(250, 120),
            };
            let kind = *self.rng.pick(EventKind::ALL);
            let company = &self.companies[self.rng.below(self.companies.len() as u64) as usize];
            let (company_id, company_name, company_commune) =
                (company.id, company.name.clone(), company.commune);
            let commune = if kind == EventKind::CompanyVisit {
                company_commune
            } else {
                self.commune()
            };
            let (commune_name, postal) = COMMUNES[commune];
            let title = match kind {
                EventKind::CompanyVisit => format!("Visite : {company_name}"),
                EventKind::CareersFair => {
                    format!("Forum des métiers {}", of_place(commune_name))
                }
                EventKind::Testimony => {
                    format!("Témoignages de chefs d'entreprise — {commune_name}")
                }
                EventKind::Conference => "Conférence : les métiers des TPE et PME".to_owned(),
                EventKind::RoundTable => "Table ronde : l'apprentissage après le bac".to_owned(),
                EventKind::ExamJury => format!("Jury {}", self.rng.pick(TRADES).2),
                EventKind::Contest => {
                    "Concours académique « Je filme le métier qui me plaît »".to_owned()
                }
                EventKind::DropoutPrevention => {
                    format!("Atelier de persévérance scolaire — {commune_name}")
                }
                EventKind::Entrepreneurship => {
                    "Mini-entreprise : présentation des projets".to_owned()
                }
            };
            let mut schools: Vec<RecordId> = (0..self.rng.between(1, 3))
                .map(|_| self.schools[self.rng.below(self.schools.len() as u64) as usize].id)
                .collect();
            schools.sort();
            schools.dedup();
            let companies = if matches!(kind, EventKind::Conference | EventKind::Contest) {
                Vec::new()
            } else {
                vec![company_id]
            };
            let event = Event {
                meta: new_meta(),
                kind,
                title,
                date,
                place: commune_name.to_owned(),
                academie: PostalCode::parse(postal).ok().and_then(|p| p.academie()),
                schools,
                companies,
                pupils_reached: self.rng.between(10, 300) as u32,
                notes: Restricted::Clear(String::new()),
            };
            self.add(event.into())?;
        }
        Ok(())
    }

    fn agreements(&mut self, count: u64) -> ServiceResult<()> {
        let framework = |title: &str, signed_on: NaiveDate, status: AgreementStatus| Agreement {
            meta: new_meta(),
            kind: AgreementKind::Framework,
            title: title.to_owned(),
            academie: None,
            schools: Vec::new(),
            companies: Vec::new(),
            parent: None,
            signed_on: Some(signed_on),
            duration_months: 36,
            notice_months: 3,
            status,
            notes: Restricted::Clear(String::new()),
        };
        let first_signed = NaiveDate::from_ymd_opt(2018, 1, 22).unwrap_or(self.today);
        self.add(
            framework(
                "Convention de partenariat académies – CPME Île-de-France (2018)",
                first_signed,
                AgreementStatus::Ended,
            )
            .into(),
        )?;
        // The renewal's last day to give notice falls a month from today.
        let renewal_signed = days_from(self.today, 30)
            .checked_sub_months(chrono::Months::new(33))
            .unwrap_or(self.today);
        let renewal = self.add(
            framework(
                "Convention de partenariat académies – CPME Île-de-France (renouvellement)",
                renewal_signed,
                AgreementStatus::Signed,
            )
            .into(),
        )?;
        let amendment = Agreement {
            kind: AgreementKind::Amendment,
            title: "Avenant n° 1 : immersions d'enseignants en entreprise".into(),
            parent: Some(renewal),
            signed_on: Some(days_from(renewal_signed, 120)),
            duration_months: 33,
            ..framework("", renewal_signed, AgreementStatus::Signed)
        };
        self.add(amendment.into())?;
        for _ in 3..count {
            let school = self.schools[self.rng.below(self.schools.len() as u64) as usize].id;
            let company = &self.companies[self.rng.below(self.companies.len() as u64) as usize];
            let (company_id, company_name) = (company.id, company.name.clone());
            let duration_months = *self.rng.pick(&[12u16, 24, 36]);
            let signed_on = self.date_around_today(900, 0);
            let mut agreement = Agreement {
                meta: new_meta(),
                kind: AgreementKind::Local,
                title: format!("Convention locale — {company_name}"),
                academie: None,
                schools: vec![school],
                companies: vec![company_id],
                parent: Some(renewal),
                signed_on: Some(signed_on),
                duration_months,
                notice_months: 3,
                status: AgreementStatus::Signed,
                notes: Restricted::Clear(String::new()),
            };
            agreement.status = match agreement.ends_on() {
                Some(end) if end <= self.today => AgreementStatus::Ended,
                _ if self.rng.chance(5) => AgreementStatus::NoticeGiven,
                _ if self.rng.chance(5) => {
                    agreement.signed_on = None;
                    AgreementStatus::Draft
                }
                _ => AgreementStatus::Signed,
            };
            self.add(agreement.into())?;
        }
        Ok(())
    }
}

/// The vocabulary holds a value its own type refuses: a bug here, said
/// plainly rather than hidden.
fn bad_vocabulary(what: &str) -> ServiceError {
    ServiceError::BadRequest(format!("demonstration vocabulary holds an invalid {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_adds_up_to_its_size() {
        for size in [60, 61, 100, 2_000, 12_345, 1_000_000] {
            assert_eq!(Plan::for_size(size).total(), size, "size {size}");
        }
        let million = Plan::for_size(1_000_000);
        assert_eq!(million.schools, 3_000);
        assert_eq!(million.companies, 50_000);
    }
}

/// « de » before a place, as French says it: « d'Argenteuil »,
/// « du Blanc-Mesnil », « des Lilas », « de Paris ».
fn of_place(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("Le ") {
        return format!("du {rest}");
    }
    if let Some(rest) = name.strip_prefix("Les ") {
        return format!("des {rest}");
    }
    if name.starts_with("La ") || name.starts_with("L'") {
        return format!("de {}", lower_article(name));
    }
    let elided = name
        .chars()
        .next()
        .is_some_and(|c| "AEIOUYÉÈÊÎÏÔHaeiouyéèêîïôh".contains(c));
    if elided {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

/// « La Courneuve » → « la Courneuve », « L'Haÿ » → « l'Haÿ ».
fn lower_article(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod place_tests {
    use super::of_place;

    #[test]
    fn de_before_a_place_elides_and_contracts() {
        assert_eq!(of_place("Argenteuil"), "d'Argenteuil");
        assert_eq!(of_place("Ivry-sur-Seine"), "d'Ivry-sur-Seine");
        assert_eq!(of_place("Le Blanc-Mesnil"), "du Blanc-Mesnil");
        assert_eq!(of_place("Les Lilas"), "des Lilas");
        assert_eq!(of_place("La Courneuve"), "de la Courneuve");
        assert_eq!(of_place("L'Haÿ-les-Roses"), "de l'Haÿ-les-Roses");
        assert_eq!(of_place("Paris 5e"), "de Paris 5e");
    }
}

/// A street address made from a record's serial number (no draw of the
/// generator, so that adding it changed no other demonstration value).
fn street_address(serial: u32) -> String {
    const STREETS: &[&str] = &[
        "rue Victor-Hugo",
        "avenue Jean-Jaurès",
        "rue de la République",
        "boulevard Gambetta",
        "rue Pasteur",
        "place de la Mairie",
        "allée des Tilleuls",
        "rue du Général-Leclerc",
    ];
    let street = STREETS[serial as usize % STREETS.len()];
    format!("{} {street}", 1 + serial % 97)
}

/// A few schools about to open or close, as the directory lists them.
fn opening_state(serial: u32) -> OpeningState {
    match serial % 53 {
        7 => OpeningState::Opening,
        31 => OpeningState::Closing,
        _ => OpeningState::Open,
    }
}

/// The centre of the commune, as for a record typed by hand.
fn approximate_location(postal_code: &PostalCode, commune: &str) -> Option<Location> {
    communes::centre(postal_code.as_str(), commune).map(Location::approximate)
}

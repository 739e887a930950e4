//! The command line's operations as calls on a `Backend`: one request
//! each, its answer unwrapped to the type the command prints.

use crate::client::Backend;
use crate::domain::consent::Consent;
use crate::domain::records::RecordRef;
use crate::domain::user::{Role, UserEntry};
use crate::expect_answer;
use crate::service::ServiceResult;
use crate::service::audit::{AuditRequest, AuditResponse};
use crate::service::backup::{BackupAnswer, BackupBegun, BackupRequest};
use crate::service::consent::ConsentInput;
use crate::service::describe::{Described, MOST_DESCRIBED};
use crate::service::export::{ExportPage, ExportRequest};
use crate::service::get::{GetResponse, RecordKey};
use crate::service::list::{ListRequest, ListResponse};
use crate::service::protocol::{Request, Response, UsersRequest};
use crate::service::purge::{PurgeReport, PurgeRequest};
use crate::service::report::{Report, ReportRequest};
use crate::service::reveal::RevealRequest;
use crate::service::status::StatusResponse;
use crate::service::subject_access::SubjectAccessReport;
use crate::service::users::{UserAdded, UserList};
use crate::store::check::CheckReport;

impl Backend {
    pub fn get(&self, key: &RecordKey) -> ServiceResult<GetResponse> {
        expect_answer!(self.call(Request::Get(key.clone())), Response::Get(detail) => *detail)
    }

    pub fn reveal(&self, request: &RevealRequest) -> ServiceResult<GetResponse> {
        expect_answer!(self.call(Request::Reveal(request.clone())), Response::Get(detail) => *detail)
    }

    pub fn resolve(&self, key: &RecordKey) -> ServiceResult<RecordRef> {
        expect_answer!(self.call(Request::Resolve(key.clone())), Response::Resolved(reference) => reference)
    }

    pub fn list(&self, request: &ListRequest) -> ServiceResult<ListResponse> {
        expect_answer!(self.call(Request::List(request.clone())), Response::List(page) => page)
    }

    pub fn status(&self) -> ServiceResult<StatusResponse> {
        expect_answer!(self.call(Request::Status), Response::Status(status) => *status)
    }

    pub fn check(&self) -> ServiceResult<CheckReport> {
        expect_answer!(self.call(Request::Check), Response::Check(report) => report)
    }

    /// Records named as links to them are shown; `MOST_DESCRIBED` at a
    /// time, as many requests as it takes.
    pub fn describe(&self, targets: &[RecordRef]) -> ServiceResult<Vec<Described>> {
        let mut described = Vec::new();
        for chunk in targets.chunks(MOST_DESCRIBED) {
            described.extend(expect_answer!(
                self.call(Request::Describe(chunk.to_vec())),
                Response::Described(found) => found
            )?);
        }
        Ok(described)
    }

    pub fn audit(&self, request: &AuditRequest) -> ServiceResult<AuditResponse> {
        expect_answer!(self.call(Request::Audit(request.clone())), Response::Audit(page) => page)
    }

    pub fn record_consent(&self, key: &RecordKey, input: ConsentInput) -> ServiceResult<Consent> {
        expect_answer!(
            self.call(Request::RecordConsent(key.clone(), input)),
            Response::Consent(consent) => consent
        )
    }

    pub fn withdraw_consent(&self, key: &RecordKey) -> ServiceResult<bool> {
        expect_answer!(
            self.call(Request::WithdrawConsent(key.clone())),
            Response::ConsentWithdrawn(withdrawn) => withdrawn
        )
    }

    pub fn purge(&self, request: &PurgeRequest) -> ServiceResult<PurgeReport> {
        expect_answer!(self.call(Request::Purge(request.clone())), Response::Purged(report) => report)
    }

    pub fn subject_access(&self, key: &RecordKey) -> ServiceResult<SubjectAccessReport> {
        expect_answer!(
            self.call(Request::SubjectAccess(key.clone())),
            Response::SubjectAccess(report) => *report
        )
    }

    pub fn export(&self, request: &ExportRequest) -> ServiceResult<ExportPage> {
        expect_answer!(self.call(Request::Export(request.clone())), Response::Export(page) => *page)
    }

    pub fn begin_backup(&self) -> ServiceResult<BackupBegun> {
        expect_answer!(
            self.call(Request::Backup(BackupRequest::Begin)),
            Response::Backup(BackupAnswer::Begun(begun)) => begun
        )
    }

    pub fn backup_chunk(&self, backup: u64, offset: u64) -> ServiceResult<Vec<u8>> {
        expect_answer!(
            self.call(Request::Backup(BackupRequest::Chunk { backup, offset })),
            Response::Backup(BackupAnswer::Chunk(bytes)) => bytes
        )
    }

    pub fn abandon_backup(&self, backup: u64) -> ServiceResult<()> {
        expect_answer!(
            self.call(Request::Backup(BackupRequest::Abandon { backup })),
            Response::Backup(BackupAnswer::Abandoned) => ()
        )
    }

    pub fn report(&self, request: &ReportRequest) -> ServiceResult<Report> {
        expect_answer!(self.call(Request::Report(*request)), Response::Report(report) => *report)
    }

    pub fn is_empty(&self) -> ServiceResult<bool> {
        expect_answer!(self.call(Request::IsEmpty), Response::IsEmpty(empty) => empty)
    }

    pub fn users(&self) -> ServiceResult<UserList> {
        expect_answer!(self.call(Request::Users(UsersRequest::List)), Response::Users(users) => users)
    }

    pub fn add_user(&self, account: &str, entry: UserEntry) -> ServiceResult<UserAdded> {
        expect_answer!(
            self.call(Request::Users(UsersRequest::Add {
                account: account.to_owned(),
                entry,
            })),
            Response::UserAdded(added) => added
        )
    }

    pub fn remove_user(&self, account: &str) -> ServiceResult<()> {
        expect_answer!(
            self.call(Request::Users(UsersRequest::Remove {
                account: account.to_owned(),
            })),
            Response::UsersChanged => ()
        )
    }

    pub fn set_role(&self, account: &str, role: Role) -> ServiceResult<()> {
        expect_answer!(
            self.call(Request::Users(UsersRequest::Role {
                account: account.to_owned(),
                role,
            })),
            Response::UsersChanged => ()
        )
    }
}

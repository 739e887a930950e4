//! Every operation as one request type and one response type: what a
//! front end sends, in process today and over a socket to a shared server
//! later.

use serde::{Deserialize, Serialize};

use crate::domain::draft::{Draft, DraftId};
use crate::domain::records::RecordRef;

use crate::domain::consent::Consent;
use crate::domain::user::{Identity, Role, UserEntry};
use crate::service::audit::{AuditRequest, AuditResponse};
use crate::service::backup::{BackupAnswer, BackupRequest};
use crate::service::consent::ConsentInput;
use crate::service::delete::{DeleteRequest, DeleteResponse};
use crate::service::demo::DemoRemoved;
use crate::service::describe::Described;
use crate::service::export::{ExportPage, ExportRequest};
use crate::service::find::{FindRequest, FindResponse};
use crate::service::get::{GetResponse, RecordKey};
use crate::service::import::{ImportBatch, ImportReport};
use crate::service::list::{ListRequest, ListResponse};
use crate::service::purge::{PurgeReport, PurgeRequest};
use crate::service::report::{Report, ReportRequest};
use crate::service::reveal::RevealRequest;
use crate::service::save::{SaveRequest, SaveResponse};
use crate::service::status::StatusResponse;
use crate::service::subject_access::SubjectAccessReport;
use crate::service::users::{UserAdded, UserList};
use crate::service::{Caller, Service, ServiceResult};
use crate::store::check::CheckReport;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    List(ListRequest),
    Find(FindRequest),
    Get(RecordKey),
    /// Records named as a form shows its links.
    Describe(Vec<RecordRef>),
    Save(Box<SaveRequest>),
    Delete(DeleteRequest),
    /// Undoes a delete: answered by `Response::Saved`.
    Restore(RecordRef),
    /// Undoes the caller's last change of a record (see
    /// `Service::revert`): answered by `Response::Saved`.
    Revert(Box<SaveRequest>),
    Status,
    Check,
    /// Keeps a form being typed: answered by `Response::DraftSaved`.
    SaveDraft(Draft),
    /// The caller's drafts, newest first.
    Drafts,
    DiscardDraft(DraftId),
    /// The audit trail, newest first, filtered.
    Audit(AuditRequest),
    /// A confidential record in clear, for one screen or to leave:
    /// answered by `Response::Get`, audited.
    Reveal(RevealRequest),
    /// Records a consent on a record: answered by `Response::Consent`.
    RecordConsent(RecordKey, ConsentInput),
    /// Withdraws a record's consent: answered by
    /// `Response::ConsentWithdrawn` (false when there was none).
    WithdrawConsent(RecordKey),
    /// Anonymises the learners whose data is kept no longer, or says
    /// which (admin only).
    Purge(PurgeRequest),
    /// Everything held on one learner, audited (admin only).
    SubjectAccess(RecordKey),
    /// The steering committee's yearly report: answered by
    /// `Response::Report`. Not a plain read: quoting a confidential
    /// immersion's remark writes a reveal to the audit trail.
    Report(ReportRequest),
    /// Who the caller is: answered by `Response::Identity`, or refused.
    Identify,
    /// The record a key names: answered by `Response::Resolved`.
    Resolve(RecordKey),
    /// Whether the store holds no record: answered by `Response::IsEmpty`.
    IsEmpty,
    /// `users.toml` (admin only).
    Users(UsersRequest),
    /// A page of an export, its first audited: answered by
    /// `Response::Export`.
    Export(ExportRequest),
    /// A backup taken, or a chunk of it read out (admin only): answered
    /// by `Response::Backup`.
    Backup(BackupRequest),
    /// A batch of rows read from a file by the front end: answered by
    /// `Response::Imported`, its own report.
    Import(Box<ImportBatch>),
    /// Every demonstration record erased (admin only), or with
    /// `dry_run` counted: answered by `Response::DemoRemoved`.
    RemoveDemo {
        dry_run: bool,
    },
}

/// What `passerelle users` asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UsersRequest {
    List,
    Add { account: String, entry: UserEntry },
    Remove { account: String },
    Role { account: String, role: Role },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    List(ListResponse),
    Found(FindResponse),
    Get(Box<GetResponse>),
    Described(Vec<Described>),
    Saved(Box<SaveResponse>),
    Deleted(DeleteResponse),
    Status(Box<StatusResponse>),
    Check(CheckReport),
    DraftSaved(Draft),
    Drafts(Vec<Draft>),
    DraftDiscarded,
    Audit(AuditResponse),
    Consent(Consent),
    ConsentWithdrawn(bool),
    Purged(PurgeReport),
    SubjectAccess(Box<SubjectAccessReport>),
    Report(Box<Report>),
    Identity(Identity),
    Resolved(RecordRef),
    IsEmpty(bool),
    Users(UserList),
    UserAdded(UserAdded),
    UsersChanged,
    Export(Box<ExportPage>),
    Backup(BackupAnswer),
    Imported(Box<ImportReport>),
    DemoRemoved(DemoRemoved),
}

impl Request {
    /// Whether it only reads: a read made useless by a newer one may be
    /// dropped; a write never is. A dry-run purge writes nothing but is
    /// not dropped either (it is asked for once, not as one types), and
    /// a subject access report is audited.
    pub fn is_read(&self) -> bool {
        matches!(
            self,
            Request::List(_)
                | Request::Get(_)
                | Request::Describe(_)
                | Request::Status
                | Request::Check
                | Request::Find(_)
                | Request::Audit(_)
                | Request::Resolve(_)
                | Request::Identify
                | Request::IsEmpty
        )
    }

    /// What is asked, in a word, for logs (never what it carries).
    pub fn name(&self) -> &'static str {
        match self {
            Request::List(_) => "list",
            Request::Get(_) => "get",
            Request::Describe(_) => "describe",
            Request::Save(_) => "save",
            Request::Delete(_) => "delete",
            Request::Status => "status",
            Request::Check => "check",
            Request::Find(_) => "find",
            Request::Restore(_) => "restore",
            Request::Revert(_) => "revert",
            Request::SaveDraft(_) => "save_draft",
            Request::Drafts => "drafts",
            Request::DiscardDraft(_) => "discard_draft",
            Request::Audit(_) => "audit",
            Request::Reveal(_) => "reveal",
            Request::RecordConsent(..) => "record_consent",
            Request::WithdrawConsent(_) => "withdraw_consent",
            Request::Purge(_) => "purge",
            Request::SubjectAccess(_) => "subject_access",
            Request::Report(_) => "report",
            Request::Identify => "identify",
            Request::Resolve(_) => "resolve",
            Request::IsEmpty => "is_empty",
            Request::Users(_) => "users",
            Request::Export(_) => "export",
            Request::Backup(_) => "backup",
            Request::Import(_) => "import",
            Request::RemoveDemo { .. } => "remove_demo",
        }
    }
}

impl Service {
    /// Answers one request on behalf of `caller`.
    pub fn handle(&self, caller: &Caller, request: Request) -> ServiceResult<Response> {
        // Each operation identifies its caller first (users.toml is read
        // once per request, not here again).
        Ok(match request {
            Request::List(request) => Response::List(self.list(caller, &request)?),
            Request::Find(request) => Response::Found(self.find(caller, &request)?),
            Request::Get(key) => Response::Get(Box::new(self.get(caller, &key)?)),
            Request::Describe(targets) => Response::Described(self.describe(caller, &targets)?),
            Request::Save(request) => Response::Saved(Box::new(self.save(caller, *request)?)),
            Request::Delete(request) => Response::Deleted(self.delete(caller, &request)?),
            Request::Restore(target) => Response::Saved(Box::new(self.restore(caller, target)?)),
            Request::Revert(request) => Response::Saved(Box::new(self.revert(caller, *request)?)),
            Request::Status => Response::Status(Box::new(self.status(caller)?)),
            Request::Check => Response::Check(self.check(caller)?),
            Request::SaveDraft(draft) => Response::DraftSaved(self.save_draft(caller, draft)?),
            Request::Drafts => Response::Drafts(self.drafts(caller)?),
            Request::DiscardDraft(id) => {
                self.discard_draft(caller, id)?;
                Response::DraftDiscarded
            }
            Request::Audit(request) => Response::Audit(self.audit(caller, &request)?),
            Request::Reveal(request) => Response::Get(Box::new(self.reveal(caller, &request)?)),
            Request::RecordConsent(key, input) => {
                Response::Consent(self.record_consent(caller, &key, input)?)
            }
            Request::WithdrawConsent(key) => {
                Response::ConsentWithdrawn(self.withdraw_consent(caller, &key)?)
            }
            Request::Purge(request) => Response::Purged(self.purge(caller, &request)?),
            Request::SubjectAccess(key) => {
                Response::SubjectAccess(Box::new(self.subject_access(caller, &key)?))
            }
            Request::Report(request) => Response::Report(Box::new(self.report(caller, &request)?)),
            Request::Identify => Response::Identity(self.identify(caller)?),
            Request::Resolve(key) => Response::Resolved(self.resolve(caller, &key)?),
            Request::IsEmpty => Response::IsEmpty(self.is_empty(caller)?),
            Request::Users(request) => match request {
                UsersRequest::List => Response::Users(self.users(caller)?),
                UsersRequest::Add { account, entry } => {
                    Response::UserAdded(self.add_user(caller, &account, entry)?)
                }
                UsersRequest::Remove { account } => {
                    self.remove_user(caller, &account)?;
                    Response::UsersChanged
                }
                UsersRequest::Role { account, role } => {
                    self.set_role(caller, &account, role)?;
                    Response::UsersChanged
                }
            },
            Request::Export(request) => Response::Export(Box::new(self.export(caller, &request)?)),
            Request::Backup(request) => Response::Backup(self.backup(caller, &request)?),
            Request::Import(batch) => Response::Imported(Box::new(self.import(caller, *batch)?)),
            Request::RemoveDemo { dry_run } => {
                Response::DemoRemoved(self.remove_demo(caller, dry_run)?)
            }
        })
    }
}

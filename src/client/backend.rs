//! What a front end talks to: the shared server of the store (the usual
//! way), or the store opened in this process (`--direct`, for one person
//! alone, and for tests). The same requests either way; typed helpers
//! for the command line's commands.

use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use chrono::NaiveDate;

use crate::client::connection::ConnectError;
use crate::client::remote::Remote;
use crate::demo::DemoOptions;
use crate::domain::audit::FrontEnd;
use crate::domain::user::Identity;
use crate::server::dispatch::{demonstration, dispatch};
use crate::server::paths::socket_path;
use crate::server::problem::ServerProblem;
use crate::server::wire::Notice;
use crate::service::protocol::{Request, Response};
use crate::service::{Caller, Clock, Service, ServiceError, ServiceResult};
use crate::store::{OpenOptions, Store, StoreError};

pub enum Backend {
    /// The store opened in this process.
    Direct {
        service: Box<Service>,
        caller: Caller,
    },
    /// A link to the store's server, connecting again when it goes.
    Remote(Remote),
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Backend::Direct { caller, .. } => write!(f, "Direct({})", caller.account),
            Backend::Remote(remote) => write!(f, "{remote:?}"),
        }
    }
}

/// Why a store could not be reached.
#[derive(Debug)]
pub enum OpenError {
    Store(StoreError),
    /// `--direct` while a server holds the store.
    ServedElsewhere,
    Service(ServiceError),
}

impl From<StoreError> for OpenError {
    fn from(error: StoreError) -> Self {
        OpenError::Store(error)
    }
}

impl From<ConnectError> for OpenError {
    fn from(error: ConnectError) -> Self {
        OpenError::Service(error.into())
    }
}

impl Backend {
    /// The store opened here, for the account running this process;
    /// refused while a server answers for it.
    pub fn direct(store: &Path, front_end: FrontEnd) -> Result<Backend, OpenError> {
        let caller = Caller::current_process(front_end);
        match Store::open(store, &OpenOptions::new(caller.account.clone())) {
            Ok(opened) => Ok(Backend::Direct {
                service: Box::new(Service::new(opened)),
                caller,
            }),
            Err(StoreError::Locked { .. })
                if std::os::unix::net::UnixStream::connect(socket_path(store)).is_ok() =>
            {
                Err(OpenError::ServedElsewhere)
            }
            Err(error) => Err(error.into()),
        }
    }

    /// The store's server, started when none runs (it exits `idle` after
    /// its last client leaves).
    pub fn remote(store: &Path, front_end: FrontEnd, idle: Duration) -> Result<Backend, OpenError> {
        Ok(Backend::Remote(Remote::connect(
            store.to_path_buf(),
            front_end,
            idle,
        )?))
    }

    /// Answers one request.
    pub fn call(&self, request: Request) -> ServiceResult<Response> {
        match self {
            Backend::Direct { service, caller } => dispatch(service, caller, request),
            Backend::Remote(remote) => remote.call(request),
        }
    }

    /// Writes demonstration data where the store is held; how many
    /// records.
    pub fn demo(&self, options: DemoOptions, append: bool) -> ServiceResult<u64> {
        match self {
            Backend::Direct { service, caller } => demonstration(service, caller, &options, append),
            Backend::Remote(remote) => remote.demo(options, append),
        }
    }

    /// The account this front end acts as.
    pub fn account(&self) -> String {
        match self {
            Backend::Direct { caller, .. } => caller.account.clone(),
            Backend::Remote(remote) => remote.account(),
        }
    }

    /// Today, as the one holding the store sees it (a direct service may
    /// run on a fixed clock in tests).
    pub fn today(&self) -> NaiveDate {
        match self {
            Backend::Direct { service, .. } => service.clock().today(),
            Backend::Remote(_) => Clock::System.today(),
        }
    }

    /// Others' changes, as the server tells them (none in direct mode:
    /// nobody else can write). This front end's own changes are left
    /// out; the notices keep coming across reconnections.
    pub fn take_notices(&self) -> Option<Receiver<Notice>> {
        match self {
            Backend::Direct { .. } => None,
            Backend::Remote(remote) => remote.take_notices(),
        }
    }

    /// The service in this process, for what only direct mode does
    /// (demonstration data with a progress bar).
    pub fn local(&self) -> Option<(&Service, &Caller)> {
        match self {
            Backend::Direct { service, caller } => Some((&**service, caller)),
            Backend::Remote(_) => None,
        }
    }

    pub fn identify(&self) -> ServiceResult<Identity> {
        match self.call(Request::Identify)? {
            Response::Identity(identity) => Ok(identity),
            _ => Err(unexpected()),
        }
    }
}

/// An answer of the wrong kind: a bug on one side, said plainly.
pub fn unexpected() -> ServiceError {
    ServiceError::Server(ServerProblem::UnexpectedAnswer)
}

/// Unwraps an answer expected to be of one kind.
#[macro_export]
macro_rules! expect_answer {
    ($answer:expr, $variant:pat => $value:expr) => {
        match $answer? {
            $variant => Ok($value),
            _ => Err($crate::client::backend::unexpected()),
        }
    };
}

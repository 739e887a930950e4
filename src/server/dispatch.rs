//! Answers a call for whoever holds the store: the server for its
//! clients, or a front end opened with `--direct`. The service answers
//! its requests; demonstration data, whose generator sits above it, is
//! written here.

use crate::demo::{self, DemoOptions};
use crate::server::wire::{Answer, Call};
use crate::service::protocol::{Request, Response};
use crate::service::{AdminTask, Caller, Service, ServiceError, ServiceResult};

/// A request of the service, answered by it.
pub fn dispatch(service: &Service, caller: &Caller, request: Request) -> ServiceResult<Response> {
    service
        .handle(caller, request)
        .map_err(|error| with_store_path(service, error))
}

/// Any call: the service's requests, or demonstration data.
pub fn answer(service: &Service, caller: &Caller, call: Call) -> ServiceResult<Answer> {
    match call {
        Call::Service(request) => dispatch(service, caller, request).map(Answer::Service),
        Call::Demo { options, append } => demonstration(service, caller, &options, append)
            .map(|written| Answer::Demo { written })
            .map_err(|error| with_store_path(service, error)),
    }
}

/// The store's own path in the message that names the full disk.
fn with_store_path(service: &Service, error: ServiceError) -> ServiceError {
    match error {
        ServiceError::StorageFull { path } if path.is_empty() => ServiceError::StorageFull {
            path: service.store_path().display().to_string(),
        },
        other => other,
    }
}

/// Writes demonstration data, if `caller` may; how many records.
pub fn demonstration(
    service: &Service,
    caller: &Caller,
    options: &DemoOptions,
    append: bool,
) -> ServiceResult<u64> {
    if !(demo::MINIMUM_SIZE..=demo::MAXIMUM_SIZE).contains(&options.size) {
        return Err(ServiceError::BadRequest(format!(
            "a demonstration of {} records, outside {}..={}",
            options.size,
            demo::MINIMUM_SIZE,
            demo::MAXIMUM_SIZE
        )));
    }
    may_add_demo(service, caller, append)?;
    demo::generate(service, caller, options, &mut |_| {})
}

/// Whether `caller` may add demonstration data: to an empty store, any
/// writer; to one holding records, only with `append`, and only an admin
/// (made-up records among real ones could not be told apart).
pub fn may_add_demo(service: &Service, caller: &Caller, append: bool) -> ServiceResult<()> {
    if !service.is_empty(caller)? {
        if !append {
            return Err(ServiceError::NotEmpty);
        }
        // A reader is told it reads only, as for any write.
        service.identify_writer(caller)?;
        service.identify_admin(caller, AdminTask::Demo)?;
    }
    Ok(())
}

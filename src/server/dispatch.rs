//! Answers a request for whoever holds the store: the server for its
//! clients, or a front end opened with `--direct`. The service answers
//! everything but demonstration data, whose generator sits above it.

use crate::demo;
use crate::service::protocol::{Request, Response};
use crate::service::{AdminTask, Caller, Service, ServiceError, ServiceResult};

pub fn dispatch(service: &Service, caller: &Caller, request: Request) -> ServiceResult<Response> {
    answer(service, caller, request).map_err(|error| match error {
        // The store's own path, for the message that names the full disk.
        ServiceError::StorageFull { path } if path.is_empty() => ServiceError::StorageFull {
            path: service.store_path().display().to_string(),
        },
        other => other,
    })
}

fn answer(service: &Service, caller: &Caller, request: Request) -> ServiceResult<Response> {
    match request {
        Request::Demo { options, append } => {
            if !(demo::MINIMUM_SIZE..=demo::MAXIMUM_SIZE).contains(&options.size) {
                return Err(ServiceError::BadRequest(format!(
                    "a demonstration of {} records, outside {}..={}",
                    options.size,
                    demo::MINIMUM_SIZE,
                    demo::MAXIMUM_SIZE
                )));
            }
            may_add_demo(service, caller, append)?;
            let written = demo::generate(service, caller, &options, &mut |_| {})?;
            Ok(Response::Demo { written })
        }
        other => service.handle(caller, other),
    }
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

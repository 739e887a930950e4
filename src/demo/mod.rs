//! Demonstration data: schools, companies, people, placements in every
//! status, immersions with and without evaluations, events, agreements,
//! some of them confidential. Deterministic for a given seed, size and
//! day (dates are placed around today so that the dashboard has
//! something to show). Everything goes through the service's bulk load,
//! so every record passes the same rules as one typed by hand.

mod generator;
mod rng;
mod vocabulary;

use crate::service::{Caller, Service, ServiceResult};

pub use generator::Plan;

/// The smallest size at which every kind and every status appears.
pub const MINIMUM_SIZE: u64 = 60;

/// The largest size accepted: ten times all of Île-de-France.
pub const MAXIMUM_SIZE: u64 = 10_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DemoOptions {
    /// Records in all.
    pub size: u64,
    pub seed: u64,
}

/// Generates `options.size` records into the store; `progress` is told
/// how many are written so far, now and then. Returns how many were
/// written.
pub fn generate(
    service: &Service,
    caller: &Caller,
    options: &DemoOptions,
    progress: &mut dyn FnMut(u64),
) -> ServiceResult<u64> {
    generator::Generator::run(service, caller, options, progress)
}

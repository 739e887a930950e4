//! Several coordinators at once: one process owns the store (`serve`) and
//! answers the front ends of everyone over a Unix socket beside it, each
//! caller known by the kernel's word for its Unix account. Front ends
//! reach it through the client (`crate::client`).

pub mod activation;
pub mod admission;
pub mod deadline;
pub mod dispatch;
pub mod door;
pub mod paths;
pub mod peer;
pub mod problem;
pub mod serve;
pub mod start_lock;
pub mod wire;

//! Several coordinators at once: one process owns the store (`serve`) and
//! answers the front ends of everyone over a Unix socket beside it, each
//! caller known by the kernel's word for its Unix account; front ends
//! reach it through a `Backend`, which is that connection or, with
//! `--direct`, the store opened in their own process.

pub mod activation;
pub mod admission;
pub mod backend;
pub mod calls;
pub mod client;
pub mod deadline;
pub mod dispatch;
pub mod door;
pub mod paths;
pub mod peer;
pub mod remote;
pub mod serve;
pub mod start_lock;
pub mod wire;

pub use backend::Backend;

//! The store: its golden bytes, durability, faults, backups and purges. One test binary, a module per area.

mod backup;
#[path = "../common/mod.rs"]
mod common;
mod durability;
mod faults;
mod golden_envelopes;
mod purge;

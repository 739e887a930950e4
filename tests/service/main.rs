//! The service: its operations, audit trail, confidentiality, drafts, subject access, users, leaks and a second account. One test binary, a module per area.

mod audit;
#[path = "../common/mod.rs"]
mod common;
mod confidentiality;
mod drafts;
mod leak;
mod operations;
mod second_account;
mod subject_access;
mod users;

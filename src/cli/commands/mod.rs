//! One file per command.

pub mod audit;
pub mod backup;
pub mod check;
pub mod consent;
pub mod demo;
pub mod export;
pub mod import;
pub mod list;
pub mod purge;
pub mod report;
pub mod restore;
pub mod salvage;
pub mod serve;
pub mod show;
pub mod status;
pub mod subject_access;
pub mod users;

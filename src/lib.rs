//! passerelle: the records and follow-up of the school–company
//! partnership of the Île-de-France académies and the CPME.
//!
//! Four layers, each knowing only those below it: `domain` (records and
//! rules), `store` (sled), `service` (the operations, who may do what),
//! the shared server that owns a store for everyone (`server`), and the
//! front ends (`cli`, `tui`), with `report` writing the yearly report's
//! files for the command line.

pub mod cli;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod import;
pub mod report;
pub mod server;
pub mod service;
pub mod store;
pub mod tui;

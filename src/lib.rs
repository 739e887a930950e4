//! passerelle: the records and follow-up of the school–company
//! partnership of the Île-de-France académies and the CPME.
//!
//! Layers, each knowing only those below it: `domain` (records and
//! rules), `store` (sled), `service` (the operations, who may do what),
//! `demo` (demonstration data through the service), the shared server
//! that owns a store for everyone (`server`), the front ends' way to it
//! (`client`), `csv_format` (the CSV of each kind), `import` (files read
//! into the service), and the front ends (`cli`, `tui`), with `report`
//! writing the yearly report's files. `i18n` holds their words. `layers`
//! keeps the rule by a test; the table is in `docs/architecture.md`.

pub mod cli;
pub mod client;
pub mod csv_format;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod import;
mod layers;
pub mod report;
pub mod server;
pub mod service;
pub mod store;
pub mod tui;

//! The command line: its commands, exports, imports, the yearly report, round trips and keymaps. One test binary, a module per area.

mod commands;
#[path = "../common/mod.rs"]
mod common;
mod export;
mod imports;
mod keymaps;
mod report;
mod roundtrip;

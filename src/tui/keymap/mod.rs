//! Keymaps: keys (or two-key chords) to named actions, one section per
//! mode, read from the presets in `keymaps/` and the user's file.

pub mod action;
pub mod key;
pub mod mode;

pub use action::Action;
pub use key::{Key, KeyCode};
pub use mode::Mode;

//! Keymaps: keys (or two-key chords) to named actions, one section per
//! mode, read from the presets in `keymaps/` and the user's file.

pub mod action;
pub mod mode;

pub use action::Action;
pub use mode::Mode;

//! The full-screen interface: keys become actions through the keymap,
//! actions change the state, drawing reads the state.

pub mod keymap;

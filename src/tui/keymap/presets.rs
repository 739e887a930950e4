//! The keymaps built into the binary: the files of `keymaps/` at the root
//! of the repository, embedded when compiling.

/// (name, text), the first being the default.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "default",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/keymaps/default.toml")),
    ),
    (
        "emacs",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/keymaps/emacs.toml")),
    ),
];

/// The names, in the order of `EMBEDDED`.
pub const NAMES: &[&str] = &["default", "emacs"];

/// The text of a preset, as in `keymaps/<name>.toml`.
pub fn text(name: &str) -> Option<&'static str> {
    EMBEDDED
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, text)| *text)
}

/// How errors name a preset's file.
pub fn file_name(name: &str) -> String {
    format!("keymaps/{name}.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_text() {
        let embedded: Vec<&str> = EMBEDDED.iter().map(|(name, _)| *name).collect();
        assert_eq!(embedded, NAMES);
        assert!(text("default").is_some());
        assert!(text("vi").is_none());
    }
}

//! Closed lists of choices (kinds, statuses, roles): each variant has a
//! stable code, the word used on the command line, in JSON, in CSV and
//! in the docs.
//! Their labels for people are in the catalogue (`crate::i18n`).

/// Declares a fieldless enum with `ALL`, `code()` and `from_code()`.
/// Codes are snake_case and never change: they are stored and exported.
#[macro_export]
macro_rules! choice_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident { $( $(#[$vattr:meta])* $variant:ident => $code:literal ),+ $(,)? }
    ) => {
        $(#[$attr])*
        // JSON says the code, as CSV and the command line do (binary
        // codecs store the variant's position, not its name).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $( $(#[$vattr])* #[serde(rename = $code)] $variant ),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code ),+ }
            }

            /// Reads a code, ignoring case, accents and `-`/`_`/space
            /// differences.
            pub fn from_code(input: &str) -> Option<Self> {
                let wanted = $crate::domain::text::fold(input).replace(' ', "_");
                Self::ALL.iter().copied().find(|v| v.code() == wanted)
            }

            /// A small stable number for index keys (the position in `ALL`).
            pub fn ordinal(self) -> u8 {
                Self::ALL.iter().position(|v| *v == self).unwrap_or(0) as u8
            }

            pub fn from_ordinal(ordinal: u8) -> Option<Self> {
                Self::ALL.get(usize::from(ordinal)).copied()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

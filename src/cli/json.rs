//! `--json` output: one pretty-printed value and a line break. Characters
//! that show nothing yet change what a reader sees (bidi controls,
//! zero-width and tag characters) are written as `\uXXXX` escapes: the
//! same value to a JSON reader, visible to a person or a `grep`.

use std::io::Write;

use serde::Serialize;

use crate::domain::text::is_invisible_format;

pub fn write<T: Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    out.write_all(escape_invisible(&text).as_bytes())?;
    writeln!(out)
}

/// `text` (JSON) with each invisible format character as its escape;
/// they occur only inside strings, where an escape means the same.
fn escape_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_invisible_format) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_invisible_format(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_escaped_and_the_value_is_the_same() {
        let value = serde_json::json!({ "name": "Caf\u{e9} \u{202e}gpj.exe\u{200b} \u{e0041}" });
        let mut written = Vec::new();
        write(&mut written, &value).expect("written");
        let text = String::from_utf8(written).expect("UTF-8");
        assert!(!text.chars().any(is_invisible_format), "{text}");
        assert!(text.contains("\\u202e"), "{text}");
        assert!(text.contains("\\udb40\\udc41"), "{text}");
        assert!(text.contains("Café"), "{text}");
        let read: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(read, value);
    }
}

//! Body blocks to Markdown that renders as written: every character
//! Markdown or HTML would read as syntax is escaped, so imported text (which
//! is untrusted) shows as text and never as markup or script.

use crate::import::draft::Block;

/// What [`escape`] does with an ASCII byte.
#[derive(Clone, Copy, PartialEq)]
enum Ascii {
    /// Copied as it is.
    Plain,
    /// An HTML character: written as its entity.
    Entity(&'static str),
    /// Markdown syntax: a backslash before it.
    Backslash,
    /// A hyphen: escaped when next to another ("--" would become a dash
    /// under smart punctuation).
    Hyphen,
    /// A line break or tab: a space.
    Space,
    /// Another control character: dropped.
    Drop,
}

/// [`Ascii`] of every byte below 0x80, looked up once per byte.
const ASCII: [Ascii; 128] = {
    let mut t = [Ascii::Plain; 128];
    let mut b = 0;
    while b < 0x20 {
        t[b] = Ascii::Drop;
        b += 1;
    }
    t[0x7f] = Ascii::Drop;
    t[b'\r' as usize] = Ascii::Space;
    t[b'\n' as usize] = Ascii::Space;
    t[b'\t' as usize] = Ascii::Space;
    t[b'<' as usize] = Ascii::Entity("&lt;");
    t[b'>' as usize] = Ascii::Entity("&gt;");
    t[b'&' as usize] = Ascii::Entity("&amp;");
    let syntax = b"\\*_`[]~|{}$";
    let mut k = 0;
    while k < syntax.len() {
        t[syntax[k] as usize] = Ascii::Backslash;
        k += 1;
    }
    t[b'-' as usize] = Ascii::Hyphen;
    t
};

/// Escapes one line of text for use inside a Markdown block.
pub(crate) fn escape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    // Runs of plain bytes are copied whole; `plain` is where the current
    // run starts. Every slice below starts and ends at an ASCII byte or at
    // the lead byte of a character, so on a character boundary.
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let kind = match ASCII.get(usize::from(b)) {
            Some(k) => *k,
            // C1 control characters (U+0080 to U+009F, two bytes) are dropped.
            None if b == 0xc2 && matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => {
                out.push_str(&text[plain..i]);
                i += 2;
                plain = i;
                continue;
            }
            None => Ascii::Plain,
        };
        match kind {
            Ascii::Plain => {}
            Ascii::Hyphen
                if !(bytes.get(i + 1) == Some(&b'-') || (i > 0 && bytes[i - 1] == b'-')) => {}
            Ascii::Backslash | Ascii::Hyphen => {
                out.push_str(&text[plain..i]);
                out.push('\\');
                // The character itself starts the next run.
                plain = i;
            }
            Ascii::Entity(e) => {
                out.push_str(&text[plain..i]);
                out.push_str(e);
                plain = i + 1;
            }
            Ascii::Space => {
                out.push_str(&text[plain..i]);
                out.push(' ');
                plain = i + 1;
            }
            Ascii::Drop => {
                out.push_str(&text[plain..i]);
                plain = i + 1;
            }
        }
        i += 1;
    }
    out.push_str(&text[plain..]);
    escape_line_start(out)
}

/// Escapes what would start a block: `#` headings, `+`/`-` list items,
/// `1.` ordered items, `=` setext underlines.
fn escape_line_start(s: String) -> String {
    let first = s.chars().next();
    match first {
        Some('#' | '+' | '-' | '=') => format!("\\{s}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = s.chars().take_while(char::is_ascii_digit).count();
            match s.as_bytes().get(digits) {
                Some(b'.' | b')') => format!("{}\\{}", &s[..digits], &s[digits..]),
                _ => s,
            }
        }
        _ => s,
    }
}

/// The Markdown of a body.
pub(crate) fn render(blocks: &[Block]) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Para(t) => parts.push(escape(t)),
            Block::Heading(t) => parts.push(format!("### {}", escape(t))),
            Block::Quote { lines, attribution } => {
                let quoted: Vec<String> = lines
                    .iter()
                    .map(String::as_str)
                    .chain(attribution.as_deref())
                    .map(|l| format!("> {}", escape(l)))
                    .collect();
                parts.push(quoted.join("\n>\n"));
            }
            Block::List(items) => {
                let listed: Vec<String> =
                    items.iter().map(|i| format!("- {}", escape(i))).collect();
                parts.push(listed.join("\n"));
            }
            Block::Labelled { label, text } if text.is_empty() => {
                parts.push(format!("**{}:**", escape(label)));
            }
            Block::Labelled { label, text } => {
                parts.push(format!("**{}:** {}", escape(label), escape(text)));
            }
        }
    }
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_markdown_are_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("a *b* [c](d) `e`"), "a \\*b\\* \\[c\\](d) \\`e\\`");
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("1. not a list"), "1\\. not a list");
        assert_eq!(escape("KYIV -- it began"), "KYIV \\-\\- it began");
        assert_eq!(escape("“Curly” – Зеленський"), "“Curly” – Зеленський");
    }

    /// The escaping as it was written first, character by character: the
    /// byte-level [`escape`] must give the same text.
    fn escape_by_chars(text: &str) -> String {
        let mut out = String::new();
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' | '*' | '_' | '`' | '[' | ']' | '~' | '|' | '{' | '}' | '$' => {
                    out.push('\\');
                    out.push(c);
                }
                '-' if chars.get(i + 1) == Some(&'-') || (i > 0 && chars[i - 1] == '-') => {
                    out.push_str("\\-");
                }
                '\r' | '\n' | '\t' => out.push(' '),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        escape_line_start(out)
    }

    #[test]
    fn byte_level_escaping_matches_the_character_rules() {
        for text in [
            "",
            "-",
            "--",
            "a-b -- c---d-",
            "x\u{85}y\u{9f}\u{a0}z\u{80}",
            "tab\tcr\rnl\nbell\u{7}del\u{7f}",
            "<b>&amp;</b> \\ * _ ` [ ] ~ | { } $ #",
            "Київ — “дрони” <i>x</i>",
            "1) one",
            "12. twelve",
            "€5 — ½ — 🙂 -",
        ] {
            assert_eq!(escape(text), escape_by_chars(text), "{text:?}");
        }
        // Every character from U+0000 to U+00FF, and a few beyond, in one line.
        let all: String = (0u32..0x100)
            .chain([0x2013, 0x2028, 0xfeff, 0x1f600])
            .filter_map(char::from_u32)
            .collect();
        assert_eq!(escape(&all), escape_by_chars(&all));
    }

    #[test]
    fn blocks() {
        let md = render(&[
            Block::Heading("Aftermath".into()),
            Block::Quote {
                lines: vec!["We stay.".into()],
                attribution: Some("— A (@a)".into()),
            },
            Block::List(vec!["one".into(), "two".into()]),
            Block::Labelled {
                label: "Source".into(),
                text: "the *ministry*".into(),
            },
            Block::Labelled {
                label: "Background".into(),
                text: String::new(),
            },
        ]);
        assert_eq!(
            md,
            "### Aftermath\n\n> We stay.\n>\n> — A (@a)\n\n- one\n- two\n\n**Source:** the \\*ministry\\*\n\n**Background:**\n"
        );
    }
}

//! Body blocks to Markdown that renders as written: every character
//! Markdown or HTML would read as syntax is escaped, so imported text (which
//! is untrusted) shows as text and never as markup or script.

use crate::import::draft::Block;

/// Escapes one line of text for use inside a Markdown block.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
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
            // "--" would become a dash under smart punctuation.
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

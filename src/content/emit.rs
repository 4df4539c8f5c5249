//! Writing front matter as YAML through serde, byte for byte as serde_yaml
//! writes it, at a fraction of the cost.
//!
//! serde_yaml hands every scalar to libyaml's emitter, which costs about
//! 70,000 instructions for an imported entry's front matter: more than
//! reading and cutting the entry. [`to_string`] is a [`serde::Serializer`]
//! for the shapes front matter has (a block mapping of scalars, nested
//! mappings and sequences of scalars or mappings) that makes libyaml's choices itself:
//! serde_yaml's rule for strings that would read back as something else
//! (`'123'`, `'true'`), and libyaml's analysis of which scalars may be
//! plain and which must be single-quoted. Anything outside those shapes or
//! those two styles (a line break, a tab, a control character, a float, a
//! tag, a sequence inside a sequence) is handed to serde_yaml whole, so the output
//! is always what serde_yaml would write; the tests compare the two on
//! random values.

use serde::Serialize;
use serde::ser::{self, Impossible};
use std::fmt;

/// `value` as YAML, exactly as `serde_yaml::to_string` writes it.
pub(crate) fn to_string<T: Serialize + ?Sized>(
    value: &T,
) -> std::result::Result<String, serde_yaml::Error> {
    match fast(value) {
        Some(text) => Ok(text),
        None => serde_yaml::to_string(value),
    }
}

/// The fast path alone: `None` when `value` has a shape or a scalar it
/// leaves to serde_yaml.
fn fast<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut writer = Writer {
        out: String::with_capacity(512),
        frames: Vec::with_capacity(4),
    };
    value.serialize(&mut writer).ok()?;
    writer.frames.is_empty().then_some(writer.out)
}

/// Why the fast path gave up; the caller then asks serde_yaml.
#[derive(Debug)]
struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde_yaml")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Unsupported
    }
}

type Result<T = ()> = std::result::Result<T, Unsupported>;

/// An open block collection.
enum Frame {
    /// A mapping whose keys start at `indent`; `key_written` between a
    /// key and its value; `in_item` for a sequence item, whose first key
    /// follows its `- `.
    Map {
        indent: usize,
        entries: usize,
        key_written: bool,
        in_item: bool,
    },
    /// A sequence whose `- ` starts at `indent` (serde_yaml indents a
    /// sequence in a mapping no further than its key).
    Seq { indent: usize, items: usize },
}

struct Writer {
    out: String,
    frames: Vec<Frame>,
}

/// Where the next value goes.
enum Slot {
    /// `first` of a nested mapping, whose key starts a line of its own,
    /// unless `inline` (after a sequence item's `- `).
    Key {
        indent: usize,
        first: bool,
        inline: bool,
    },
    Value {
        indent: usize,
    },
    Item {
        indent: usize,
        first: bool,
    },
}

impl Writer {
    fn slot(&self) -> Result<Slot> {
        match self.frames.last() {
            None => Err(Unsupported),
            Some(&Frame::Map {
                indent,
                entries,
                key_written,
                in_item,
            }) => Ok(if key_written {
                Slot::Value { indent }
            } else {
                Slot::Key {
                    indent,
                    first: entries == 0,
                    inline: in_item && entries == 0,
                }
            }),
            Some(&Frame::Seq { indent, items }) => Ok(Slot::Item {
                indent,
                first: items == 0,
            }),
        }
    }

    /// A line starts at `indent`; the first line of a nested collection
    /// also ends its parent's `key:` line.
    fn start_line(&mut self, indent: usize, first: bool) {
        if first && !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    /// The value just written (a scalar, or a collection just closed) ends
    /// its parent's entry or item.
    fn close_value(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Map {
                entries,
                key_written,
                ..
            }) => {
                *entries += 1;
                *key_written = false;
            }
            Some(Frame::Seq { items, .. }) => *items += 1,
            None => {}
        }
    }

    /// A scalar in `style`; strings have had their style chosen already.
    fn scalar(&mut self, text: &str, style: Style) -> Result {
        match self.slot()? {
            Slot::Key {
                indent,
                first,
                inline,
            } => {
                if text.len() > MAX_SIMPLE_KEY {
                    return Err(Unsupported);
                }
                if !inline {
                    self.start_line(indent, first);
                }
                push_scalar(&mut self.out, text, style);
                self.out.push(':');
                if let Some(Frame::Map { key_written, .. }) = self.frames.last_mut() {
                    *key_written = true;
                }
                return Ok(());
            }
            Slot::Value { .. } => {
                self.out.push(' ');
                push_scalar(&mut self.out, text, style);
                self.out.push('\n');
            }
            Slot::Item { indent, first } => {
                self.start_line(indent, first);
                self.out.push_str("- ");
                push_scalar(&mut self.out, text, style);
                self.out.push('\n');
            }
        }
        self.close_value();
        Ok(())
    }

    /// A string, in the style serde_yaml and libyaml would give it.
    fn string(&mut self, text: &str) -> Result {
        let style = string_style(text).ok_or(Unsupported)?;
        self.scalar(text, style)
    }

    fn open_map(&mut self) -> Result {
        let (indent, in_item) = match self.frames.last() {
            None => (0, false),
            Some(_) => match self.slot()? {
                Slot::Value { indent } => (indent + 2, false),
                Slot::Item { indent, first } => {
                    self.start_line(indent, first);
                    self.out.push_str("- ");
                    (indent + 2, true)
                }
                Slot::Key { .. } => return Err(Unsupported),
            },
        };
        self.frames.push(Frame::Map {
            indent,
            entries: 0,
            key_written: false,
            in_item,
        });
        Ok(())
    }

    fn open_seq(&mut self) -> Result {
        let Slot::Value { indent } = self.slot()? else {
            return Err(Unsupported);
        };
        self.frames.push(Frame::Seq { indent, items: 0 });
        Ok(())
    }

    fn close(&mut self) -> Result {
        let root = self.frames.len() == 1;
        match self.frames.pop() {
            Some(Frame::Map {
                entries: 0,
                key_written: false,
                in_item,
                ..
            }) => self
                .out
                .push_str(if root || in_item { "{}\n" } else { " {}\n" }),
            Some(Frame::Map {
                key_written: false, ..
            }) => {}
            Some(Frame::Seq { items: 0, .. }) => self.out.push_str(" []\n"),
            Some(Frame::Seq { .. }) => {}
            Some(Frame::Map { .. }) | None => return Err(Unsupported),
        }
        self.close_value();
        Ok(())
    }
}

/// libyaml writes a longer key as a complex `? key` entry.
const MAX_SIMPLE_KEY: usize = 128;

/// The two scalar styles the fast path writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    SingleQuoted,
}

fn push_scalar(out: &mut String, text: &str, style: Style) {
    match style {
        Style::Plain => out.push_str(text),
        Style::SingleQuoted => {
            out.push('\'');
            for (i, part) in text.split('\'').enumerate() {
                if i > 0 {
                    out.push_str("''");
                }
                out.push_str(part);
            }
            out.push('\'');
        }
    }
}

/// The style libyaml writes `text` in, as serde_yaml asks for it: quoted
/// when it would read back as null, a bool or a number, else plain when
/// the analysis allows it in block context, else single-quoted. `None` for
/// text that serde_yaml writes as a literal block or double-quoted: a line
/// break, a tab or another character libyaml does not print as it is.
fn string_style(text: &str) -> Option<Style> {
    let plain = block_plain(text)?;
    if reads_as_other(text) || !plain {
        Some(Style::SingleQuoted)
    } else {
        Some(Style::Plain)
    }
}

/// Whether libyaml's scalar analysis allows `text` plain in block
/// context; `None` for text with a line break or a special character.
fn block_plain(text: &str) -> Option<bool> {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return Some(true);
    };
    // One pass: ASCII controls (tab and line breaks among them) end the
    // fast path; with none left the only blank is a space, and every
    // indicator is ASCII.
    let mut block_indicators = false;
    let mut wide = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            0..0x20 | 0x7f => return None,
            b':' if i > 0 && bytes.get(i + 1).is_none_or(|&n| n == b' ') => block_indicators = true,
            b'#' if i > 0 && bytes[i - 1] == b' ' => block_indicators = true,
            0x80.. => wide = true,
            _ => {}
        }
    }
    // The wider characters libyaml does not print as they are.
    if wide && text.chars().any(|c| !printable(c) || is_break(c)) {
        return None;
    }
    let followed_by_blank = bytes.get(1).is_none_or(|&b| b == b' ');
    block_indicators |= match first {
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => true,
        b'?' | b':' | b'-' => followed_by_blank,
        _ => false,
    } || text.starts_with("---")
        || text.starts_with("...");
    let edge_space = first == b' ' || bytes[bytes.len() - 1] == b' ';
    Some(!block_indicators && !edge_space)
}

/// libyaml's printable characters (it writes any other double-quoted).
fn printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// serde_yaml's rule: text that a reader would take for null, a bool or a
/// number (or digits with a leading zero) is written quoted.
pub(super) fn reads_as_other(text: &str) -> bool {
    match text.as_bytes().first() {
        None => true,
        Some(b'0'..=b'9' | b'+' | b'-' | b'.') => {
            int_like(text) || digits_but_not_number(text) || float_like(text)
        }
        Some(b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F') => matches!(
            text,
            "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        ),
        // Rust reads `inf` and `nan`, but serde_yaml takes only finite floats.
        Some(_) => false,
    }
}

fn digits_but_not_number(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    text.len() > 1 && text.starts_with('0') && text[1..].bytes().all(|b| b.is_ascii_digit())
}

/// serde_yaml's integer forms: decimal with an optional sign, and `0x`,
/// `0o`, `0b` with one, as far as a 128-bit integer holds them.
fn int_like(text: &str) -> bool {
    unsigned_int(text) || negative_int(text)
}

fn unsigned_int(text: &str) -> bool {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return false;
            }
            if u128::from_str_radix(rest, radix).is_ok() {
                return true;
            }
        }
    }
    !unsigned.starts_with(['+', '-'])
        && !digits_but_not_number(text)
        && unsigned.parse::<u128>().is_ok()
}

fn negative_int(text: &str) -> bool {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix)
            && i128::from_str_radix(&format!("-{rest}"), radix).is_ok()
        {
            return true;
        }
    }
    !digits_but_not_number(text) && text.parse::<i128>().is_ok()
}

/// serde_yaml's floats: what Rust reads as a finite `f64` (after one
/// optional `+`), and the `.inf`/`.nan` words.
fn float_like(text: &str) -> bool {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF")
        || matches!(text, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
    {
        return true;
    }
    unsigned.parse::<f64>().is_ok_and(f64::is_finite)
}

macro_rules! plain_int {
    ($($name:ident: $ty:ty),*) => {$(
        fn $name(self, v: $ty) -> Result {
            self.scalar(itoa::Buffer::new().format(v), Style::Plain)
        }
    )*};
}

impl ser::Serializer for &mut Writer {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Self;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result {
        self.scalar(if v { "true" } else { "false" }, Style::Plain)
    }

    plain_int!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128);

    fn serialize_f32(self, _: f32) -> Result {
        Err(Unsupported)
    }

    fn serialize_f64(self, _: f64) -> Result {
        Err(Unsupported)
    }

    fn serialize_char(self, _: char) -> Result {
        Err(Unsupported)
    }

    fn serialize_str(self, v: &str) -> Result {
        self.string(v)
    }

    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Unsupported)
    }

    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        self.scalar("null", Style::Plain)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(Unsupported)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self> {
        self.open_seq()?;
        Ok(self)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(Unsupported)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(Unsupported)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unsupported)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self> {
        self.open_map()?;
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self> {
        self.open_map()?;
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unsupported)
    }

    /// serde_yaml reads a `!` written this way as a tag.
    fn collect_str<T: fmt::Display + ?Sized>(self, _: &T) -> Result {
        Err(Unsupported)
    }
}

impl ser::SerializeSeq for &mut Writer {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeMap for &mut Writer {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        key.serialize(&mut **self)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeStruct for &mut Writer {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.string(key)?;
        value.serialize(&mut **self)
    }

    fn end(self) -> Result {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::{FrontMatter, Origin};
    use proptest::prelude::*;
    use serde_yaml::{Mapping, Value};

    /// Text made of the pieces libyaml and serde_yaml decide styles on.
    fn tricky() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "Kyiv", " ", ": ", ":", "#", " #", "-", "- ", "?", "? ", ",", "[", "]", "{", "}",
            "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "---", "...", "0", "007", "12",
            "-3", "+4", "0x1f", "0o7", "0b101", "1e5", "1.5", ".5", ".inf", "-.inf", ".nan", "inf",
            "NaN", "true", "False", "null", "~", "yes", "é", "’", "\u{a0}", "\u{feff}", "😀", "\t",
            "\n", "\r", "\u{85}", "\u{2028}", "\u{1}", "\u{7f}", "\u{9c}", "\u{fffe}",
        ]);
        prop::collection::vec(pieces, 0..6).prop_map(|p| p.concat())
    }

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            4 => tricky().prop_map(Value::String),
            1 => any::<u64>().prop_map(Value::from),
            1 => any::<i64>().prop_map(Value::from),
            1 => any::<bool>().prop_map(Value::Bool),
            1 => Just(Value::Null),
            1 => (-1e6f64..1e6).prop_map(Value::from),
        ]
    }

    /// Values of any shape, the fast path's and the ones it leaves alone.
    fn value() -> impl Strategy<Value = Value> {
        scalar().prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Sequence),
                prop::collection::vec((tricky(), inner), 0..4).prop_map(|entries| {
                    let mut map = Mapping::new();
                    for (k, v) in entries {
                        map.insert(Value::String(k), v);
                    }
                    Value::Mapping(map)
                }),
            ]
        })
    }

    fn front_matter() -> impl Strategy<Value = FrontMatter> {
        let text = || prop::option::of(tricky());
        let list = || prop::collection::vec(tricky(), 0..3);
        (
            (text(), text(), text(), text(), text()),
            (list(), list(), list()),
            (prop::option::of(value()), prop::option::of(value())),
            prop::option::of((tricky(), any::<u64>(), prop::option::of(tricky()))),
            any::<bool>(),
        )
            .prop_map(
                |(
                    (title, author, summary, story, source),
                    (topics, tags, places),
                    (date, figures),
                    origin,
                    draft,
                )| {
                    FrontMatter {
                        title,
                        author,
                        summary,
                        story,
                        source,
                        topics,
                        tags,
                        places,
                        date,
                        figures,
                        draft,
                        origin: origin.map(|(file, entry, hash)| Origin { file, entry, hash }),
                        ..FrontMatter::default()
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn strings_are_written_as_serde_yaml_writes_them(text in tricky()) {
            let mut map = Mapping::new();
            map.insert(Value::String(text.clone()), Value::String(text));
            prop_assert_eq!(to_string(&map).unwrap(), serde_yaml::to_string(&map).unwrap());
        }

        #[test]
        fn values_are_written_as_serde_yaml_writes_them(v in value()) {
            prop_assert_eq!(to_string(&v).unwrap(), serde_yaml::to_string(&v).unwrap());
        }

        #[test]
        fn front_matter_is_written_as_serde_yaml_writes_it(fm in front_matter()) {
            prop_assert_eq!(to_string(&fm).unwrap(), serde_yaml::to_string(&fm).unwrap());
        }
    }

    /// An imported entry's front matter takes the fast path: quoted and
    /// plain strings, numbers, lists, nested figures, the origin.
    #[test]
    fn imported_front_matter_takes_the_fast_path() {
        let fm: FrontMatter = serde_yaml::from_str(
            "title: 'Air force: 45 of 60 drones downed'\n\
             date: 2024-07-01T09:30:00Z\n\
             source: Wire\n\
             topics:\n- drone-strikes\n\
             tags: []\n\
             story: '2024'\n\
             figures:\n  drones:\n    launched: 60\n    weapons:\n      shahed: 40\n    reported_by: Ukraine’s air force\n\
             origin:\n  file: 0001.txt\n  entry: 3\n  hash: '0123456789012345'\n",
        )
        .unwrap();
        let fast = fast(&fm).expect("front matter of an import is written without serde_yaml");
        assert_eq!(fast, serde_yaml::to_string(&fm).unwrap());
        assert!(
            fast.contains("title: 'Air force: 45 of 60 drones downed'\n"),
            "{fast}"
        );
        assert!(fast.contains("story: '2024'\n"), "{fast}");
        assert!(!fast.contains("tags"), "empty tags are skipped: {fast}");
        assert!(fast.contains("    weapons:\n      shahed: 40\n"), "{fast}");
    }

    /// A list of mappings (the drone reports of one entry) takes the fast
    /// path, nested mappings in items and empty ones too.
    #[test]
    fn lists_of_mappings_take_the_fast_path() {
        let v: Value = serde_yaml::from_str(
            "figures:\n  drone_reports:\n  - downed: 128\n    reported_by: governor\n  - {}\n  - weapons:\n      shahed: 3\n    lost: 2\n    places:\n    - Kyiv\n",
        )
        .unwrap();
        let fast = fast(&v).expect("lists of mappings take the fast path");
        assert_eq!(fast, serde_yaml::to_string(&v).unwrap());
    }

    /// Keys that are not strings are written plain, as serde_yaml does.
    #[test]
    fn number_and_bool_keys_are_plain() {
        let v: Value = serde_yaml::from_str("1: a\ntrue: b\n-7: c\n~: d\n").unwrap();
        let fast = fast(&v).expect("scalar keys take the fast path");
        assert_eq!(fast, serde_yaml::to_string(&v).unwrap());
    }

    /// What the fast path leaves to serde_yaml still comes out right.
    #[test]
    fn other_shapes_fall_back_to_serde_yaml() {
        let v: Value =
            serde_yaml::from_str("a:\n- - 1\n  - 2\nb: |\n  two\n  lines\nc: 1.5\n").unwrap();
        assert!(fast(&v).is_none());
        assert_eq!(to_string(&v).unwrap(), serde_yaml::to_string(&v).unwrap());
    }
}

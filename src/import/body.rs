//! Turns the lines of one post into body blocks: paragraphs, subheadings,
//! quoted posts and tweets with their attribution, lists; and takes out the
//! lines that are not body text (captions, bylines, promotion).

use std::sync::LazyLock;

use crate::import::clean::{self, Noise};
use crate::import::draft::{Block, Draft, Split};
use crate::import::text::{self, Line, Pattern};

static BULLET: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^(?:[-•*·▪●]|\d{1,2}[.)])\s+(\S.*)$"));
static ATTRIBUTION: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^[—–]\s*\S|^-{1,2}\s+\p{Lu}"));
static FIRST_PERSON: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)(^|[^\p{L}'’])(i|i'm|i’m|i've|i’ve|i'd|i’d|we|we're|we’re|we've|we’ve|we'd|we’d|our|us|my|me)([^\p{L}'’]|$)|[@#]\w",
    )
});

/// The text of a list item, without its bullet or number.
pub(crate) fn bullet_item(line: &str) -> Option<&str> {
    BULLET
        .captures(line)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim())
}

/// True for an attribution line under a quote: "— Name (@handle) date".
pub(crate) fn is_attribution(line: &str) -> bool {
    ATTRIBUTION.is_match(line)
}

/// True for a line that reads as quoted speech or a post: first person or a
/// handle or hashtag.
fn sounds_quoted(line: &str) -> bool {
    FIRST_PERSON.is_match(line)
}

/// Appends the body `lines` to `draft`, dropping what is not body text into
/// `split`. Byline names go to the draft's author.
pub(crate) fn build(lines: &[Line<'_>], draft: &mut Draft, split: &mut Split) {
    let prose_after = text::prose_follows(lines);
    let blocks_before = draft.blocks.len();
    let mut captions = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let next = lines.get(i + 1);
        // A caption shown twice: once alone, once with its credit.
        if let Some(n) = next
            && clean::caption_without_credit(n.text) == Some(line.text)
        {
            split.drop_line(line, Noise::Caption);
            split.drop_line(n, Noise::Caption);
            captions.push(line.text.to_string());
            i += 2;
            continue;
        }
        // Two or more numbers alone on their lines are a post's reply, share
        // and like counts (a figure in a table stands beside its label).
        let run = lines[i..]
            .iter()
            .take_while(|l| is_bare_number(l.text))
            .count();
        if run >= 2 {
            for l in &lines[i..i + run] {
                split.drop_line(l, Noise::Navigation);
            }
            i += run;
            continue;
        }
        if let Some(noise) = split.known.classify(line.text) {
            if noise == Noise::Byline
                && draft.author.is_none()
                && let Some(name) = clean::byline(line.text)
            {
                draft.author = Some(name);
            }
            split.drop_line(line, noise);
            i += 1;
            // Under "Related coverage" the headlines are links to other
            // articles, up to the next line of prose.
            if clean::is_related_heading(line.text) {
                while let Some(l) = lines.get(i).filter(|l| is_teaser_headline(l.text)) {
                    split.drop_line(l, Noise::Teaser);
                    i += 1;
                }
            }
            continue;
        }
        if let Some((label, rest)) = crate::import::roles::label(line.text) {
            draft.blocks.push(Block::Labelled {
                label: label.to_string(),
                text: line.text[rest..].trim().to_string(),
            });
            i += 1;
            continue;
        }
        if bullet_item(line.text).is_some() {
            let mut items = Vec::new();
            while let Some(item) = lines.get(i).and_then(|l| bullet_item(l.text)) {
                items.push(item.to_string());
                i += 1;
            }
            draft.blocks.push(Block::List(items));
            continue;
        }
        if line.text.ends_with(':') && text::word_count(line.text) >= 2 {
            // A lead-in with nothing of the report after it ("Note from
            // the author:" over an appeal) introduces page furniture.
            let rest = &lines[i + 1..];
            if !rest.is_empty() && rest.iter().all(|l| split.known.classify(l.text).is_some()) {
                split.drop_line(line, Noise::Navigation);
                i += 1;
                continue;
            }
            draft.blocks.push(Block::Para(line.text.to_string()));
            i += 1 + quote(&lines[i + 1..], draft);
            continue;
        }
        let heading = (text::is_headline_like(line.text) && text::word_count(line.text) <= 12)
            || is_one_word_heading(line.text);
        // A word broken across lines ("were lo-" / "cally lost"): one
        // paragraph, the word whole again.
        if let Some(Block::Para(prev)) = draft.blocks.last_mut()
            && line.text.starts_with(char::is_lowercase)
            && text::ends_in_broken_word(prev)
        {
            prev.pop();
            prev.push_str(line.text);
        } else if heading && prose_after[i] {
            draft.blocks.push(Block::Heading(line.text.to_string()));
        } else {
            draft.blocks.push(Block::Para(line.text.to_string()));
        }
        i += 1;
    }
    // A post of pictures only: its captions are what it says.
    if draft.blocks.len() == blocks_before && !captions.is_empty() {
        split
            .dropped
            .retain(|d| d.noise != Noise::Caption || !captions.contains(&d.text));
        draft.blocks.push(Block::List(captions));
    }
}

/// A section heading of one capitalised word ("Fighting", "Diplomacy"):
/// letters only, a capital and then small letters.
fn is_one_word_heading(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next().is_some_and(char::is_uppercase)
        && (4..=24).contains(&line.chars().count())
        && chars.all(|c| c.is_lowercase() || c == '-')
}

/// A number alone on its line ("230", "1.2K").
fn is_bare_number(line: &str) -> bool {
    let t = line.trim().trim_end_matches(['K', 'k', 'M']);
    !t.is_empty()
        && t.len() <= 9
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// A headline under a "Related coverage" heading: a link to another
/// article, not a sentence of this one.
fn is_teaser_headline(line: &str) -> bool {
    let short_name = text::word_count(line) <= 3 && !text::ends_sentence(line);
    short_name
        || text::is_headline_like(line) && !text::is_prose(line)
        || clean::classify(line) == Some(Noise::Teaser)
}

/// Reads the quote that follows an introducing line ending in ":"; returns
/// how many lines it took. The first line is quoted when it is prose; later
/// lines while they sound quoted; an attribution line ends the quote.
fn quote(lines: &[Line<'_>], draft: &mut Draft) -> usize {
    let mut quoted = Vec::new();
    let mut attribution = None;
    let mut taken = 0;
    for (k, line) in lines.iter().enumerate() {
        if clean::classify(line.text).is_some() || bullet_item(line.text).is_some() {
            break;
        }
        if is_attribution(line.text) && !quoted.is_empty() {
            attribution = Some(line.text.to_string());
            taken = k + 1;
            break;
        }
        let first_ok = k == 0 && (text::is_prose(line.text) || sounds_quoted(line.text));
        let later_ok = k > 0 && sounds_quoted(line.text) && !text::is_headline_like(line.text);
        if !(first_ok || later_ok) {
            break;
        }
        quoted.push(line.text.to_string());
        taken = k + 1;
    }
    if !quoted.is_empty() {
        draft.blocks.push(Block::Quote {
            lines: quoted,
            attribution,
        });
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Draft, Split) {
        let lines = text::lines(text);
        let mut draft = Draft::new(1, 1);
        let mut split = Split::default();
        build(&lines, &mut draft, &mut split);
        (draft, split)
    }

    #[test]
    fn quotes_end_at_narrative_or_attribution() {
        let (d, _) = run(
            "A nurse told us:\nWe had no warning at all.\nI saw the lights go out.\nA doctor said the ward was full.\n",
        );
        assert_eq!(d.blocks.len(), 3, "{:?}", d.blocks);
        assert!(matches!(&d.blocks[1], Block::Quote { lines, .. } if lines.len() == 2));
        let (d, _) = run(
            "The minister posted:\nTalks went well. #Peace\n— A Minister (@minister) May 1, 2024\nLater, he left.\n",
        );
        assert!(
            matches!(&d.blocks[1], Block::Quote { attribution: Some(a), .. } if a.contains("@minister"))
        );
        assert_eq!(d.blocks[2], Block::Para("Later, he left.".into()));
    }

    #[test]
    fn headings_lists_captions_bylines() {
        let (d, s) = run(
            "By Ann Lee\nGrid Damage In The East\nThe plant was hit.\n- first item\n- second item\nA crater by the road\nA crater by the road (AFP)\nThe end.\n",
        );
        assert_eq!(d.author.as_deref(), Some("Ann Lee"));
        assert_eq!(
            d.blocks[0],
            Block::Heading("Grid Damage In The East".into())
        );
        assert_eq!(
            d.blocks[2],
            Block::List(vec!["first item".into(), "second item".into()])
        );
        assert_eq!(d.blocks.len(), 4);
        assert_eq!(s.dropped.len(), 3);
    }

    #[test]
    fn a_one_word_heading_over_text_is_a_heading() {
        let (d, _) = run("Fighting\nShelling went on all night near the river.\n");
        assert_eq!(d.blocks[0], Block::Heading("Fighting".into()));
        // Not over text, or not one capitalised word: a paragraph.
        let (d, _) = run("The shelling stopped.\nFighting\n");
        assert_eq!(d.blocks[1], Block::Para("Fighting".into()));
        let (d, _) = run("NATO\nShelling went on all night near the river.\n");
        assert_eq!(d.blocks[0], Block::Para("NATO".into()));
    }

    #[test]
    fn a_lead_in_over_page_furniture_only_goes_with_it() {
        let (d, s) = run(
            "The port reopened.\nA word from the editors:\nThank you for reading. Share it with a friend.\n",
        );
        assert_eq!(d.blocks, [Block::Para("The port reopened.".into())]);
        assert_eq!(s.dropped.len(), 2);
        // Over text of the report, or closing it, it stays.
        let (d, _) = run("The governor wrote:\nThe bridge is open again.\n");
        assert_eq!(d.blocks.len(), 2, "{:?}", d.blocks);
        let (d, _) = run("The port reopened.\nThe governor wrote:\n");
        assert_eq!(d.blocks.len(), 2, "{:?}", d.blocks);
    }
}

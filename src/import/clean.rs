//! What is not body text: navigation and promotion lines, image captions and
//! credits, teasers of other articles, "My colleague … has the full story:"
//! and bylines. Each recognised line gets a [`Noise`] reason so `--explain`
//! can show why it was left out.

use std::sync::LazyLock;

use crate::import::text::Pattern;

/// Why a line is not body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noise {
    /// Site navigation or promotion ("Read More", "Must read", "Latest article").
    Navigation,
    /// An image caption or a photo/map credit.
    Caption,
    /// A link to another article.
    Teaser,
    /// "My colleague … has the full story:" and the like.
    Promotion,
    /// A byline; its name goes to `author`.
    Byline,
    /// A time stamp or marker that starts a post.
    Stamp,
    /// The page's own date or headline, used as metadata.
    Header,
    /// "Source: …", used as the entry's `source`.
    Source,
    /// Text repeated from another entry of the same file.
    Repeated,
}

impl Noise {
    /// A short human description, for `--explain`.
    pub fn describe(self) -> &'static str {
        match self {
            Noise::Navigation => "navigation",
            Noise::Caption => "caption or credit",
            Noise::Teaser => "teaser of another article",
            Noise::Promotion => "promotion",
            Noise::Byline => "byline",
            Noise::Stamp => "time stamp",
            Noise::Header => "page header",
            Noise::Source => "source line",
            Noise::Repeated => "repeated from another entry",
        }
    }
}

/// Lines that are navigation wherever they appear (compared case-insensitively).
const NAVIGATION: &[&str] = &[
    "read more",
    "must read",
    "most read",
    "latest article",
    "continue reading",
    "advertisement",
    "skip to content",
    "skip to main content",
    "full coverage",
    "view full coverage",
    "more headlines",
    "more stories",
    "mark all as read",
    "mark as read",
    "jump to content",
    "jump to navigation",
    "jump to search",
    "from wikipedia, the free encyclopedia",
    "reply",
    "show latest updates",
    "related",
    "related articles",
    "share",
    "share this article",
    "sign up",
    "view comments",
    "key events",
    "live",
    "latest",
    "top stories",
    "all sections",
    "sections",
    "menu",
    "video ad feedback",
    "ad feedback",
    "sponsored",
    "sponsored content",
    "newsletter",
    "print",
    "comments",
    "log in",
    "sign in",
    "vue normale",
    "anzeige",
    "view in browser",
    "view this email in your browser",
    "view online",
    "forward this email to a friend",
    "forward to a friend",
    "unsubscribe",
    "manage preferences",
    "update your preferences",
    "en direct",
    "live updates",
    "our standards: the thomson reuters trust principles",
    "werbung",
    "publicité",
    "реклама",
];

/// Headings over a list of links to other articles: the headlines under
/// them are teasers, not the entry's text.
const RELATED_HEADINGS: &[&str] = &[
    "related",
    "related articles",
    "related coverage",
    "related stories",
    "related content",
    "more coverage",
    "more on this story",
    "more on this topic",
    "see also",
    "read also",
    "read next",
    "recommended",
    "recommended stories",
    "you may also like",
    "you might also like",
    "most popular",
    "most read",
    "trending",
    "lire aussi",
    "à lire aussi",
    "mehr zum thema",
    "das könnte sie auch interessieren",
    "suggested topics",
    "topics",
    "tags",
    "more from",
    "explore more",
    "читайте також",
    "читайте также",
    "pinned message",
    "pinned post",
];

/// Page furniture that is not a fixed phrase (the lines tested are 200
/// bytes at most, so an open `.*` is bounded; a counted `.{0,160}` would
/// multiply the pattern's states): post counters ("17 Posts",
/// "4 min read"), end-of-coverage notes, appeals to support the outlet,
/// cookie and newsletter lines, "Published by".
static BOILERPLATE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r#"(?ix)^(?:
        [0-9][0-9,]*\s+(?:posts?|updates?|comments?|min(?:ute)?s?\s+read|photos?|videos?)
        | (?:temps\s+de\s+lecture|lesezeit|reading\s+time)\s*:?\s*[0-9]{1,3}\s*(?:min(?:ute)?s?|minuten)\.?
        | (?:our\s+|this\s+)?live\s+(?:coverage|blog|updates?)(?-u:\b).{0,40}(?-u:\b)(?:has|have|is)\s+(?:now\s+)?(?:ended|moved|closed|finished|over)(?-u:\b).*
        | (?:please\s+)?(?:support|donate\s+to)\s+\S+(?:\s+\S+){0,3}\s+or\s+become(?-u:\b).{0,60}
        | (?:please\s+)?become\s+(?:our|a)\s+(?:patron|member|supporter|subscriber|donor)s?(?-u:\b).{0,40}
        | (?:please\s+)?support\s+(?:us|our\s+(?:work|journalism|newsroom))(?-u:\b).{0,60}
        | (?:please\s+)?support\s+(?:independent|quality|free|reader-funded)\s+(?:journalism|media|press|reporting)(?-u:\b).{0,80}
        | thank\s+you\s+for\s+(?:reading|your\s+support)(?-u:\b).{0,120}
        | .{0,40}(?-u:\b)(?:we\s+use\s+cookies|accept\s+(?:all\s+)?cookies|cookie\s+(?:policy|settings))(?-u:\b).*
        | (?:sign\s+up|subscribe)\s+(?:to|for)\s+(?:our|the)(?-u:\b).{0,60}
        | (?:published|posted)\s+by\s+.{1,40}
        | forwarded\s+from\s+.{1,60}
        | (?:good\s+(?:morning|afternoon|evening)|hello|welcome)(?-u:\b)[^.!]{0,40}[.!,]?(?:\s+here\s+(?:is|are|'s|’s)\s+.{0,80})?
        | here\s+(?:is|are|'s|’s)\s+(?:what|the\s+(?:news|latest))(?-u:\b).{0,80}
        | unsubscribe(?-u:\b).{0,60}
        | (?:manage|update)\s+(?:your\s+)?preferences(?-u:\b).{0,60}
        | (?:follow|find)\s+us\s+on(?-u:\b).{0,60}
        | (?:\^|\[[0-9]{1,3}\])\s*(?:https?://\S+|["“].+)
        | retrieved\s+from\s+["“]?https?://.+
        | (?:.*\s)?page\s+[0-9]{1,4}(?:\s+of\s+[0-9]{1,4}|\s*/\s*[0-9]{1,4})
        | you\s+(?:are\s+receiving|received|got|get)\s+this\s+(?:e-?mail|newsletter|message)(?-u:\b).*
        )$"#,
    )
});

/// Credits of the people who made a report other than its author
/// ("Edited by …", "Reporting by …; Editing by …").
static CREDIT_BY: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)^(?:(?:additional|with|further)\s+)?(?:reporting|writing|editing|edited|compiled|produced|translated|translation|fact[- ]?checked|verified|research|graphics|data)\s+by\s+\p{Lu}",
    )
});

/// A view, like or share counter, alone on its line ("👁 48.2K",
/// "12.5K views", "1,204 shares").
static COUNTER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?ix)^(?P<mark>[^\p{L}\p{N}\s]+\s*)?[0-9][0-9.,]*\s*(?P<unit>[km](?-u:\b))?\s*
        (?P<word>views?|likes?|shares?|reactions?|replies|reposts?|vues|aufrufe|переглядів|перегляди|просмотр\p{L}*)?$",
    )
});

/// How long ago a post went up, alone on its line ("2h ago", "35 minutes
/// ago", "Just now", "il y a 3 heures", "vor 2 Stunden"): it changes
/// with the moment the page was saved, so it dates nothing.
static RELATIVE_AGE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?ix)^(?:
          (?:\d{1,3}|an?|one)\s?(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago
          |just\s+now|moments?\s+ago
          |il\s+y\s+a\s+\d{1,3}\s?(?:s|min|minutes?|h|heures?|j|jours?)
          |vor\s+\d{1,3}\s?(?:Sek\.?|Sekunden|Min\.?|Minuten|Std\.?|Stunden?|Tag(?:en)?)
        )$",
    )
});

/// True for a line that only says how long ago a post went up.
pub(crate) fn is_relative_age(line: &str) -> bool {
    let t = line.trim();
    t.len() <= 24
        && (t.ends_with("ago") || t.ends_with("now") || t.starts_with(['i', 'v', 'V']))
        && RELATIVE_AGE.is_match(t)
}

/// A video's running time and credit ("03:34 - Source: CNN").
static DURATION_CREDIT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)^[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\s*[-–—]\s*(?:source|video|credit)(?-u:\b)",
    )
});

static PROMOTION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)^(my|our) colleagues? .{2,120}:$|^(sign up|subscribe|follow us|download our app)\b",
    )
});
static CREDIT_ONLY: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)^(map|photo|photograph|image|picture|video|graphic|credit|illustration)s?(\s+(caption|source|credit))?\s*(:|,|by\b)",
    )
});
static CAPTION_CREDIT: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^(.{3,}?)\s*\(([^()]{2,40})\)$"));
static TEASER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)^((?:\w+ ){0,2}\w+[’']s coverage|read more|read also|also read|see also|read next|must read|related|recommended|watch|listen|recap|explainer|opinion|analysis|more on this story|lire aussi|à lire aussi|mehr zum thema|читайте також|читайте также)\s*:",
    )
});
static BYLINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^(?:By|BY|by|Par|PAR|par|Von|VON|von)\s+(\p{Lu}[\p{L}'’.-]+(?:\s+(?:\p{Lu}[\p{L}'’.-]+|de|van|von|al)){0,3}(?:(?:,\s*|\s+(?:and|et|und)\s+|,\s+and\s+)\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3})*)(?:\s*[,|/·•]\s*.*)?$",
    )
});
/// A sign-off under a post: a dash and the reporter's name, maybe with
/// where they report from ("— Jane Doe, reporting from Kharkiv").
static SIGN_OFF: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"^[—–]\s*(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2})(?:,\s*[^.!?]{1,60})?$")
});
static WRITES: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"^((?:Sir |Dr |Prof )?\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){1,3}) writes:$")
});
static SOURCE: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"(?i)^source:\s*(\S.{0,80})$"));

/// Where the first colon of `line` is, when it stands among the line's
/// first `chars` characters.
pub(crate) fn colon_within(line: &str, chars: usize) -> Option<usize> {
    line.find(':')
        .filter(|&at| at < chars || line[..at].chars().count() < chars)
}

/// True for a navigation line such as "Read More" or "Must read".
pub(crate) fn is_navigation(line: &str) -> bool {
    let t = link_text(line);
    t.len() <= NAVIGATION_LONGEST && NAVIGATION.iter().any(|n| t.eq_ignore_ascii_case(n))
}

/// The length of the longest of [`NAVIGATION`]: a longer line is none of
/// them (most lines are, and are not compared with each).
const NAVIGATION_LONGEST: usize = longest(NAVIGATION);

/// The length in bytes of the longest of `words`.
const fn longest(words: &[&str]) -> usize {
    let mut most = 0;
    let mut i = 0;
    while i < words.len() {
        if words[i].len() > most {
            most = words[i].len();
        }
        i += 1;
    }
    most
}

/// A line as a link or heading reads, without the stop, colon or arrow
/// after it ("Read more ›" → "Read more").
fn link_text(line: &str) -> &str {
    line.trim()
        .trim_end_matches(['.', ':', '›', '»', '>'])
        .trim()
}

/// True for a line ending in "… Continue reading" (the brief ends there).
pub(crate) fn strip_continue_reading(line: &str) -> Option<&str> {
    let t = line.trim_end();
    for tail in ["Continue reading", "Continue Reading", "continue reading"] {
        if let Some(head) = t.strip_suffix(tail) {
            let head = head.trim_end();
            let head = head
                .strip_suffix('…')
                .or_else(|| head.strip_suffix("..."))
                .unwrap_or(head);
            if head.len() < t.len() {
                return Some(head.trim_end());
            }
        }
    }
    None
}

/// True for page furniture: counters, end-of-coverage notes, appeals,
/// cookie and newsletter lines (see [`BOILERPLATE`]), also closing a line
/// of text (see [`ends_in_appeal`]).
pub(crate) fn is_boilerplate(line: &str) -> bool {
    is_furniture_line(line) || ends_in_appeal(line)
}

/// True for a line that is page furniture whole.
fn is_furniture_line(line: &str) -> bool {
    // The cheap test guards the pattern: classify runs on every line, often.
    const WORDS: &[&str] = &[
        "live",
        "Live",
        "upport",
        "ecome",
        "ookie",
        "ubscri",
        "ign up",
        "ublished by",
        "osted by",
        "hank you",
    ];
    // Greetings and mailing-list lines open with one of these words.
    const OPENERS: &[&str] = &[
        "good ",
        "hello",
        "welcome",
        "here",
        "unsubscribe",
        "manage ",
        "update ",
        "follow ",
        "find ",
        "temps de lecture",
        "lesezeit",
        "reading time",
        "forwarded from",
        "retrieved from",
        "you are receiving",
        "you received",
        "^",
        "[",
    ];
    line.len() <= 200
        && (line.starts_with(|c: char| c.is_ascii_digit())
            // A running header ends in its page number ("… | Page 1 of 2").
            || line.ends_with(|c: char| c.is_ascii_digit()) && (line.contains("age ") || line.contains("AGE "))
            || OPENERS.iter().any(|w| opens_with(line, w))
            || WORDS.iter().any(|w| line.contains(w)))
        && BOILERPLATE.is_match(line)
}

/// True when `line` opens with `word`, in any case (ASCII). The first
/// bytes are compared before the rest: this runs for a dozen words on
/// most lines.
fn opens_with(line: &str, word: &str) -> bool {
    let first = |s: &str| s.as_bytes().first().map(u8::to_ascii_lowercase);
    first(line) == first(word)
        && line
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
}

/// True for a line of two sentences at most whose last one asks the reader
/// to subscribe, sign up, support or become a member ("X is where you read
/// the news first. Subscribe to our newsletter."): the outlet's own footer,
/// not a report. Only appeals count: a last sentence that is a credit or a
/// greeting may close a real paragraph.
fn ends_in_appeal(line: &str) -> bool {
    const APPEALS: &[&str] = &["ubscri", "ign up", "upport", "ecome", "hank you"];
    if line.len() > 260 || !APPEALS.iter().any(|w| line.contains(w)) {
        return false;
    }
    let line = line.trim_end();
    // The stop before the last sentence.
    let Some(at) = line
        .rmatch_indices(['.', '!'])
        .map(|(at, _)| at)
        .find(|&at| line[at + 1..].starts_with(' ') && at + 2 < line.len())
    else {
        return false;
    };
    let last = line[at + 1..].trim_start();
    !line[..at].contains(['.', '!'])
        && APPEALS.iter().any(|w| last.contains(w))
        && is_furniture_line(last)
}

/// True for a view, like or share counter alone on its line: a number with
/// a symbol before it, a K or M after it or a word such as "views".
pub(crate) fn is_counter(line: &str) -> bool {
    line.len() <= 48
        && line.bytes().any(|b| b.is_ascii_digit())
        && COUNTER.captures(line.trim()).is_some_and(|c| {
            c.name("mark").is_some() || c.name("unit").is_some() || c.name("word").is_some()
        })
}

/// True for a credit of the people who made a report other than its
/// author ("Edited by …", "Reporting by …; Editing by …"): a short line,
/// names, no sentence.
pub(crate) fn is_credit_by(line: &str) -> bool {
    let line = line
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')'))
        .unwrap_or(line);
    line.len() <= 200
        && line.contains(" by ")
        && CREDIT_BY.is_match(line)
        && !line.contains(". ")
        && crate::import::text::word_count(line) <= 16
}

/// True for a heading over a list of links to other articles ("Related
/// coverage", "Read also").
pub(crate) fn is_related_heading(line: &str) -> bool {
    let t = link_text(line);
    if t.len() > 48 || t.is_empty() {
        return false;
    }
    let t = t.to_lowercase();
    RELATED_HEADINGS.contains(&t.as_str())
}

/// True for a run of lower-case keywords with no capital letter and no
/// stop: the text of an image's alt attribute or a URL slug, not prose.
pub(crate) fn is_keyword_run(line: &str) -> bool {
    !line.chars().any(char::is_uppercase)
        && crate::import::text::word_count(line) >= 8
        && !crate::import::text::ends_sentence(line)
        && !line.contains([',', ';', ':'])
}

/// Words that open a credit ("Sources:", "Pictures:", "©").
const CREDIT_MARKERS: &[&str] = &[
    "Sources: ",
    "Source: ",
    "Pictures: ",
    "Photos: ",
    "Graphic: ",
    "©",
];

/// Where a run of credits starts in `line` (at its start or after a
/// space), when it reaches the end of the line: two credit markers or a
/// copyright sign, and no sentence after them ("Sources: BBC, Reuters
/// Pictures: Getty Images © GRAPHIC NEWS").
pub(crate) fn credit_run(line: &str) -> Option<usize> {
    let marked = ["Source", "Picture", "Photo", "Graphic"]
        .iter()
        .any(|m| line.contains(m));
    if !line.contains('©') && !marked {
        return None;
    }
    let first = CREDIT_MARKERS
        .iter()
        .filter_map(|m| {
            line.match_indices(m)
                .map(|(i, _)| i)
                .find(|&i| i == 0 || line[..i].ends_with(' '))
        })
        .min()?;
    let tail = &line[first..];
    let markers = CREDIT_MARKERS.iter().filter(|m| tail.contains(*m)).count();
    let ok = (markers >= 2 || tail.contains('©'))
        && !tail.contains(". ")
        && crate::import::text::word_count(tail) <= 30;
    ok.then_some(first)
}

/// What [`classify`] made of the lines of one file, worked out once while
/// their roles were read, so that reading the file's entries does not
/// classify the same lines again. A line is known by where its text is
/// (address and length of a slice of the raw file, alive while the file is
/// read), so text cut from a line or made anew is classified afresh.
#[derive(Debug, Clone, Default)]
pub(crate) struct Known(hashbrown::HashMap<(usize, usize), Option<Noise>>);

impl Known {
    fn key(line: &str) -> (usize, usize) {
        (line.as_ptr() as usize, line.len())
    }

    /// Room for `lines` lines: a file's lines are recorded one by one as
    /// their roles are read, and a table grown from nothing would be
    /// rehashed into fresh memory at every doubling on the way.
    pub(crate) fn with_capacity(lines: usize) -> Known {
        Known(hashbrown::HashMap::with_capacity(lines))
    }

    /// How many lines the table has room for without growing.
    #[cfg(test)]
    pub(crate) fn capacity(&self) -> usize {
        self.0.capacity()
    }

    /// Records what `line` (a slice of the file being read) classified as.
    pub(crate) fn insert(&mut self, line: &str, noise: Option<Noise>) {
        self.0.insert(Self::key(line), noise);
    }

    /// [`classify`]`(line)`, looked up when known.
    pub(crate) fn classify(&self, line: &str) -> Option<Noise> {
        match self.0.get(&Self::key(line)) {
            Some(&noise) => noise,
            None => classify(line),
        }
    }
}

/// Classifies a line on its own, without looking at its neighbours.
pub(crate) fn classify(line: &str) -> Option<Noise> {
    if is_navigation(line) || is_boilerplate(line) {
        return Some(Noise::Navigation);
    }
    if is_related_heading(line) || is_counter(line) || is_relative_age(line) {
        return Some(Noise::Navigation);
    }
    let duration = line.starts_with(|c: char| c.is_ascii_digit()) && DURATION_CREDIT.is_match(line);
    if duration || is_keyword_run(line) || credit_run(line) == Some(0) || is_credit_by(line) {
        return Some(Noise::Caption);
    }
    // The cheap tests guard the regexes: classify runs on every line, often.
    let colon_early = colon_within(line, 40).is_some();
    if (line.ends_with(':') || line.starts_with(['S', 's', 'F', 'f', 'D', 'd']))
        && PROMOTION.is_match(line)
    {
        return Some(Noise::Promotion);
    }
    if colon_early && TEASER.is_match(line) && !crate::import::text::ends_sentence(line) {
        return Some(Noise::Teaser);
    }
    // Every word CREDIT_ONLY opens with starts with one of these letters.
    let credit_word = line
        .bytes()
        .next()
        .is_some_and(|b| b"mpigcv".contains(&b.to_ascii_lowercase()));
    if credit_word
        && line.len() < 160
        && CREDIT_ONLY.is_match(line)
        && crate::import::text::word_count(line) <= 12
    {
        return Some(Noise::Caption);
    }
    if is_captioned(line) || ends_in_photo_credit(line) {
        return Some(Noise::Caption);
    }
    if byline(line).is_some() {
        return Some(Noise::Byline);
    }
    None
}

/// True for a caption whose last sentence is its photo's credit ("Crews
/// at the site. Photo: Example Agency"): a sentence or two, then "Photo:",
/// "Picture:", "Image:" or "Credit:" and a name of a few words.
fn ends_in_photo_credit(line: &str) -> bool {
    const CREDITS: &[&str] = &[
        ". Photo: ",
        ". Picture: ",
        ". Image: ",
        ". Credit: ",
        ". Photograph: ",
    ];
    if line.len() > 400 {
        return false;
    }
    // The name after the credit holds no stop, so the credit's own stop is
    // the line's last one: one search from the end finds where it must be.
    let Some(at) = line.rfind('.') else {
        return false;
    };
    let tail = &line[at..];
    CREDITS.iter().any(|c| {
        tail.strip_prefix(c).is_some_and(|name| {
            let words = crate::import::text::word_count(name);
            (1..=6).contains(&words)
                && !name.contains(['!', '?'])
                && name.starts_with(char::is_uppercase)
        })
    })
}

/// True for a caption that ends in a credit, e.g. "Smoke over the port (REUTERS)".
pub(crate) fn is_captioned(line: &str) -> bool {
    caption_without_credit(line).is_some()
}

/// The caption text of a line that ends in a credit in brackets, when the
/// text before it does not read as a sentence (a sentence may well end in a
/// bracket of its own).
pub(crate) fn caption_without_credit(line: &str) -> Option<&str> {
    if !line.ends_with(')') {
        return None;
    }
    let caps = CAPTION_CREDIT.captures(line)?;
    let text = caps.get(1)?.as_str();
    let credit = caps.get(2)?.as_str();
    let credit_like = credit.chars().next().is_some_and(|c| c.is_uppercase())
        && !credit.ends_with(['.', '!', '?'])
        && crate::import::text::word_count(credit) <= 5;
    (credit_like && !crate::import::text::ends_sentence(text)).then_some(text)
}

/// The author named by a byline line ("By Jane Doe", "Jane Doe writes:").
pub(crate) fn byline(line: &str) -> Option<String> {
    // "By", and the French and German words for it.
    let by = line.len() > 4 && ["by ", "par ", "von "].iter().any(|w| opens_with(line, w));
    let signed = line.starts_with(['—', '–']) && line.len() <= 120;
    if !by && !signed && !line.ends_with("writes:") {
        return None;
    }
    let caps = if signed {
        SIGN_OFF.captures(line)?
    } else {
        BYLINE.captures(line).or_else(|| WRITES.captures(line))?
    };
    let name = caps.get(1)?.as_str().trim();
    let name = name.strip_prefix("Sir ").unwrap_or(name);
    (!name.is_empty() && crate::import::text::word_count(name) <= 16).then(|| name.to_string())
}

/// The outlet named by a "Source: …" line, with a known domain turned into
/// the outlet's name.
pub(crate) fn source_line(line: &str) -> Option<String> {
    if !line.starts_with(['S', 's']) || line.len() > 100 {
        return None;
    }
    let caps = SOURCE.captures(line)?;
    let raw = caps.get(1)?.as_str().trim();
    // An outlet is a name or a domain; a longer value is a labelled
    // paragraph ("Source: the ministry's website, cited by …").
    if crate::import::text::word_count(raw) > 4 || raw.ends_with(['.', ',']) {
        return None;
    }
    Some(outlet_name(raw))
}

/// Known outlet domains and their names; any other value is kept as written.
const OUTLETS: &[(&str, &str)] = &[
    ("independent.co.uk", "The Independent"),
    ("theguardian.com", "The Guardian"),
    ("bbc.co.uk", "BBC"),
    ("bbc.com", "BBC"),
    ("reuters.com", "Reuters"),
    ("apnews.com", "AP"),
    ("kyivindependent.com", "The Kyiv Independent"),
    ("telegraph.co.uk", "The Telegraph"),
    ("understandingwar.org", "Institute for the Study of War"),
    ("eaworldview.com", "EA WorldView"),
];

/// The outlet's name for a domain such as `www.independent.co.uk`.
pub(crate) fn outlet_name(raw: &str) -> String {
    let domain = raw
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/')
        .to_ascii_lowercase();
    OUTLETS
        .iter()
        .find(|(d, _)| *d == domain)
        .map(|(_, name)| (*name).to_string())
        .unwrap_or_else(|| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_ages_are_furniture() {
        for age in [
            "2h ago",
            "35 minutes ago",
            "Just now",
            "1 day ago",
            "il y a 3 heures",
            "vor 2 Stunden",
        ] {
            assert!(is_relative_age(age), "{age}");
            assert_eq!(classify(age), Some(Noise::Navigation), "{age}");
        }
        for not in ["Two years ago, the city fell.", "2 hours", "Long ago"] {
            assert!(!is_relative_age(not), "{not}");
        }
    }

    #[test]
    fn a_colon_within_so_many_characters_is_counted_in_characters() {
        let by_chars = |l: &str, n: usize| l.char_indices().take(n).any(|(_, c)| c == ':');
        for line in [
            "Kyiv: drones",
            "Україна, Київщина, Бровари: уламки",
            "no colon at all",
            "ééééééééééééééééééééééé: late by bytes, early by characters",
            ":",
            "",
        ] {
            for n in [1, 5, 16, 24, 40] {
                assert_eq!(
                    colon_within(line, n).is_some(),
                    by_chars(line, n),
                    "{line} {n}"
                );
            }
        }
    }

    #[test]
    fn a_known_line_is_looked_up_by_where_it_is_and_others_classified() {
        let page = String::from("Read More\nRead More");
        let (first, second) = (&page[..9], &page[10..]);
        let mut known = Known::default();
        // Recorded (wrongly, to tell a lookup from a classification) for
        // the first line only: the same words elsewhere are classified.
        known.insert(first, None);
        assert_eq!(known.classify(first), None);
        assert_eq!(known.classify(second), Some(Noise::Navigation));
        assert_eq!(known.classify(&first[..4]), classify("Read"));
    }

    #[test]
    fn navigation_and_promotion() {
        assert_eq!(classify("Read More"), Some(Noise::Navigation));
        assert_eq!(classify("Must read"), Some(Noise::Navigation));
        assert_eq!(classify("Latest article"), Some(Noise::Navigation));
        assert_eq!(
            classify("My colleague Ann Lee has the whole report:"),
            Some(Noise::Promotion)
        );
        assert_eq!(
            classify("Monday’s Coverage: Tanks Reach the Border"),
            Some(Noise::Teaser)
        );
        assert_eq!(classify("Map: Some Institute"), Some(Noise::Caption));
        assert_eq!(classify("The ministry said the border was closed."), None);
        for furniture in [
            "17 Posts",
            "4 min read",
            "Our live coverage for the day has ended. Read the posts below.",
            "Support the Daily Beacon or become our patron!",
            "We use cookies to improve your visit",
            "All Sections",
            "Sources: Agency, Wire Pictures: Photo Desk © EXAMPLE GRAPHICS",
            "03:34 - Source: Example TV",
            "smoke rises over a port city harbour cranes stock photo depositphotos",
        ] {
            assert!(classify(furniture).is_some(), "{furniture}");
        }
        assert_eq!(classify("17 drones were shot down."), None);
        assert_eq!(
            classify("Support for the treaty has grown among members."),
            None
        );
    }

    #[test]
    fn captions_need_a_credit_and_no_full_stop() {
        assert_eq!(
            caption_without_credit("Smoke over the port (REUTERS)"),
            Some("Smoke over the port")
        );
        assert_eq!(
            caption_without_credit("He said it was over. (He left.)"),
            None
        );
        assert_eq!(
            caption_without_credit("The talks ended (AP)"),
            Some("The talks ended")
        );
    }

    #[test]
    fn bylines_and_sources() {
        assert_eq!(byline("By Jane Doe"), Some("Jane Doe".into()));
        assert_eq!(
            byline("By Jane Doe, Kyiv correspondent"),
            Some("Jane Doe".into())
        );
        assert_eq!(byline("Sir John Smith writes:"), Some("John Smith".into()));
        assert_eq!(byline("By the way, the talks failed."), None);
        assert_eq!(
            byline("By Ann Lee, Bo Kim and Cy Park"),
            Some("Ann Lee, Bo Kim and Cy Park".into())
        );
        assert_eq!(
            source_line("Source: independent.co.uk"),
            Some("The Independent".into())
        );
        assert_eq!(
            source_line("Source: example.org"),
            Some("example.org".into())
        );
        assert_eq!(
            source_line("Source: the ministry's website, cited by a news agency"),
            None
        );
        assert_eq!(
            strip_continue_reading("It ended.… Continue reading"),
            Some("It ended.")
        );
        assert_eq!(strip_continue_reading("It ended."), None);
    }

    #[test]
    fn outlet_appeals_and_links_to_other_articles_are_not_text() {
        for line in [
            "Thank you for reading. Please share this report with a friend.",
            "Support independent journalism: become a member today.",
            "The Daily Front is where you hear it first. Subscribe to our newsletter.",
            "Our desk works around the clock! Sign up for our morning briefing.",
        ] {
            assert_eq!(classify(line), Some(Noise::Navigation), "{line}");
        }
        for line in [
            "Read also: How the ports reopened after the attack",
            "See also: Ten days of talks in two pages",
            "Mehr zum Thema: Die Lage an der Front",
        ] {
            assert_eq!(classify(line), Some(Noise::Teaser), "{line}");
        }
        // Reports that speak of subscribing or support stay text.
        for line in [
            "The ministry asked residents to subscribe to its alerts channel.",
            "Sirens sounded over Odesa. The city council urged residents to sign up for shelter alerts.",
            "Troops pulled back. Allies pledged support. Subscribe to our newsletter.",
            "Kyiv thanked its partners for their support of the air defence effort.",
        ] {
            assert_eq!(classify(line), None, "{line}");
        }
    }

    #[test]
    fn reference_lists_and_mailing_footers_are_not_text() {
        for line in [
            "[2] https://example.org/report/two",
            "^ \"Strikes on the grid\". Example Wire. 19 November 2024.",
            "Retrieved from \"https://example.org/w/index.php?title=Timeline\"",
            "You are receiving this email because you signed up for our morning brief.",
            "Jump to navigation",
            "Reply",
            "Daily Situation Report | 21 November 2024 | Page 1 of 2",
            "Page 3 of 12",
        ] {
            assert_eq!(classify(line), Some(Noise::Navigation), "{line}");
        }
        assert_eq!(
            classify("Crews cleared the debris on Monday. Photo: Example Agency"),
            Some(Noise::Caption)
        );
        assert_eq!(
            classify("The photo was taken at 9am. Photo: the ministry said so."),
            None
        );
        for line in [
            "[Kyiv] The council met at noon.",
            "You are receiving this because the ministry asked us to publish it.",
        ] {
            assert_eq!(classify(line), None, "{line}");
        }
    }
}

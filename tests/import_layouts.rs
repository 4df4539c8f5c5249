//! Texts in layouts none of the presets was written for, in our own words:
//! a messenger channel dump stamped `22.01.2025 08:14`, a "What we know on
//! day N" list, and a newsletter whose "In other news" list holds briefs.
//! The general segmenter must cut each the way an editor would.

use std::path::Path;

use sitrep::config::SourceConfig;
use sitrep::import::convert;
use sitrep::import::dates::parse_given;
use sitrep::import::entry::{Converted, Settings};
use sitrep::import::recognise::Format;
use sitrep::import::topics::Matcher;

const CHANNEL: &str = "Frontline Channel
22.01.2025 08:14
Sirens sounded over the eastern region before dawn. Residents were told to stay in shelters.
22.01.2025 09:02
The regional governor said two houses were damaged in the night and nobody was hurt.
22.01.2025 11:47
Power engineers restored supply to most districts of the city by late morning.
";

const DAY_N: &str = "What we know on day 1,062 of the war
- Air defence units said they shot down 41 of 58 drones launched overnight at central regions.
- The foreign ministry summoned an envoy after a border post was shelled on Tuesday.
- Engineers began repairs on a rail bridge damaged in a strike near the river crossing.
- A convoy carrying medical supplies reached a town that had been cut off for a week.
";

const NEWSLETTER: &str = "The Morning Brief
Good morning. Here is what happened while you slept, in four minutes.
TALKS IN GENEVA
Negotiators met for six hours and agreed to meet again next week, officials on both sides said.
Neither delegation would say whether prisoner exchanges had been discussed.
GRID UNDER STRAIN
Operators warned of rolling cuts after another night of strikes on substations in the north.
IN OTHER NEWS
- A ferry service across the strait resumed after a pause of a month.
- Two reporters were released after being held at a checkpoint for a day.
- The central bank kept its main interest rate unchanged for a third month.
";

fn import(text: &str, date: Option<&str>, zone: Option<&str>) -> Converted {
    import_from(text, date, zone, Some("Frontline Channel"))
}

/// [`import`] with `--source` given or not.
fn import_from(
    text: &str,
    date: Option<&str>,
    zone: Option<&str>,
    source: Option<&str>,
) -> Converted {
    let mut config = sitrep::config::Config::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    if let Some(tz) = zone {
        config.sources.insert(
            "Frontline Channel".into(),
            SourceConfig {
                timezone: Some(tz.into()),
                ..Default::default()
            },
        );
    }
    let matcher = Matcher::new(&config).unwrap();
    let settings = Settings {
        config: &config,
        matcher: &matcher,
        given: date.map(|d| parse_given(d).unwrap()),
        source: source.map(str::to_string),
        format: None,
        explain: true,
    };
    convert(Path::new("layout.txt"), text, &settings).unwrap()
}

fn dates(c: &Converted) -> Vec<String> {
    c.entries
        .iter()
        .map(|e| e.date.map(|d| d.to_front_matter()).unwrap_or_default())
        .collect()
}

#[test]
fn channel_dump_is_cut_at_its_stamps() {
    let c = import(CHANNEL, None, None);
    assert_eq!(c.format, Format::Segments);
    assert_eq!(c.entries.len(), 3, "{:?}", c.entries);
    // No zone in the stamps and none known for the source: days only.
    assert_eq!(dates(&c), ["2025-01-22"; 3]);
    assert!(
        c.entries[0]
            .title
            .starts_with("Sirens sounded over the eastern region")
    );
    assert!(c.entries.iter().all(|e| !e.body.contains("22.01.2025")));
    // The source's zone from site.yaml places the clock: Kyiv is UTC+2 in January.
    let c = import(CHANNEL, None, Some("Europe/Kyiv"));
    assert_eq!(
        dates(&c),
        [
            "2025-01-22T06:14:00Z",
            "2025-01-22T07:02:00Z",
            "2025-01-22T09:47:00Z"
        ]
    );
}

#[test]
fn an_entry_without_a_date_does_not_stop_the_others() {
    let text = format!("{CHANNEL}13:05\nA second alert was lifted after forty minutes.\n");
    let mut c = import(&text, None, None);
    let warning = c
        .take_undated(Path::new("channel.txt"))
        .expect("one entry is undated");
    let message = warning.to_string();
    assert!(
        message.contains("line 8") && message.contains("--date"),
        "{message}"
    );
    assert_eq!(c.entries.len(), 3);
    assert!(c.check_dates(Path::new("channel.txt")).is_ok());
}

#[test]
fn day_n_list_gives_one_entry_per_item() {
    let c = import(DAY_N, Some("2025-01-20"), None);
    assert_eq!(c.format, Format::Segments);
    assert_eq!(c.entries.len(), 4, "{:?}", c.entries);
    assert!(c.entries[0].title.starts_with("Air defence units said"));
    assert_eq!(c.entries[0].drones[0].launched, Some(58));
    assert_eq!(dates(&c), ["2025-01-20"; 4]);
}

#[test]
fn newsletter_sections_and_its_briefs() {
    let c = import(NEWSLETTER, Some("2025-03-04"), None);
    assert_eq!(c.format, Format::Segments);
    let titles: Vec<&str> = c.entries.iter().map(|e| e.title.as_str()).collect();
    // Two sections, and each "In other news" item on its own; the greeting
    // is the newsletter's, not an entry.
    assert_eq!(c.entries.len(), 5, "{titles:?}");
    assert!(titles[0].starts_with("Negotiators met for six hours"));
    assert!(
        c.entries[0].body.contains("prisoner exchanges"),
        "a section keeps all its paragraphs"
    );
    assert!(titles[2].starts_with("A ferry service"));
    assert!(titles[4].starts_with("The central bank"));
    for e in &c.entries {
        assert!(!e.body.contains("IN OTHER NEWS") && !e.body.contains("Good morning"));
    }
}

const LABELLED: &str = "Top Stories
Navy divers inspect a damaged power line off the coast

Anna Berg , Piotr NowakTuesday, 14 October 2025, 09:12
Navy divers inspect a damaged power line off the coast
Photo: Open Archive

The coastguard sent two ships and a team of divers to a power line that stopped carrying current overnight, and it said the search would take several days.

Source: a statement of the coastguard, quoted by the national radio

Details: The line links two islands and was damaged about 40 km from the shore, where a cargo ship had dropped anchor.

The minister said:
We will not let anyone cut us off from our neighbours, and we will find who did this.

Background:

- In the spring, Russian drones crossed the border twice and were shot down over the fields.
- A similar cable was damaged in the same waters a year ago.
";

#[test]
fn a_labelled_article_keeps_its_headline_byline_labels_list_and_quote() {
    let c = import(LABELLED, None, None);
    assert_eq!(c.entries.len(), 1, "{:?}", c.entries);
    let e = &c.entries[0];
    assert_eq!(
        e.title,
        "Navy divers inspect a damaged power line off the coast"
    );
    assert_eq!(e.author.as_deref(), Some("Anna Berg, Piotr Nowak"));
    // The byline's clock names no zone: the day only.
    assert_eq!(dates(&c), ["2025-10-14"]);
    let body = &e.body;
    assert!(
        body.contains("\n**Source:** a statement of the coastguard"),
        "{body}"
    );
    assert!(
        body.contains("\n**Details:** The line links two islands"),
        "{body}"
    );
    assert!(
        body.contains("\n**Background:**\n\n- In the spring"),
        "{body}"
    );
    assert!(body.contains("\n- A similar cable"), "{body}");
    assert!(
        body.contains("\n> We will not let anyone cut us off"),
        "{body}"
    );
    assert!(!body.contains("Piotr"), "the byline is metadata: {body}");
    assert!(
        !body.contains("Navy divers"),
        "the headline is said once, as the title: {body}"
    );
    assert!(
        !body.contains("Photo:") && !body.contains("Top Stories"),
        "{body}"
    );
    // Drones shot down are in the background, not in what the entry reports.
    assert!(
        !e.topics.contains(&"drone-strikes".to_string()),
        "{:?}",
        e.topic_matches
    );
    assert!(e.topics.contains(&"baltic-incidents".to_string()) || e.topics.is_empty());
}

#[test]
fn a_title_is_never_a_label_and_ends_on_a_clause() {
    let text = "Source: a statement of the regional administration, cited by the local radio\n\
        The regional governor said that repair crews had restored power to most villages along the river, although some farms would wait until the weekend.\n";
    let c = import(text, Some("2025-10-14"), None);
    assert_eq!(
        c.entries[0].title,
        "The regional governor said that repair crews had restored power to most villages along the river"
    );
}

#[test]
fn explain_says_when_a_topic_comes_from_the_file() {
    let text = "22.01.2025 08:14\nA drone attack on the port set two warehouses on fire, and more drones followed.\n\
        22.01.2025 09:02\nAnother drone attack hit a depot; the army said drones came in low.\n\
        22.01.2025 11:47\nDebris of drones fell on a school yard in the suburbs.\n";
    let c = import(text, None, None);
    assert_eq!(c.entries.len(), 3);
    assert!(c.entries[2].topics.contains(&"drone-strikes".to_string()));
    let report = sitrep::import::explain(Path::new("channel.txt"), &c);
    assert!(
        report.contains("topic drone-strikes: yes, from the file"),
        "{report}"
    );
}

const TICKER: &str = "Krieg in der Ukraine: der Ticker
Stand: 14.11.2025, 18:40 Uhr

18:32 Uhr
Drohnen über Odessa
Die Luftwaffe meldete in der Nacht 54 gestartete Drohnen, von denen 41 abgefangen worden seien. Ein Lager geriet in Brand.

17:05 Uhr
Gespräche in Berlin
Der Präsident wird am Freitag zu Beratungen über weitere Flugabwehr erwartet.

Anzeige

15:47 Uhr
Luftraum verletzt
Ein Kampfjet sei knapp zwei Minuten lang über estnischem Gebiet geflogen, teilte Tallinn mit.
";

#[test]
fn a_ticker_takes_its_day_from_the_page_stamp_above_its_clock_times() {
    // "18:32 Uhr" is a stamp, "Stand: …" the page's stamp above the first
    // post (not an entry of its own), "Anzeige" an advertisement.
    let c = import(TICKER, None, None);
    assert_eq!(c.entries.len(), 3, "{:?}", c.entries);
    assert_eq!(dates(&c), ["2025-11-14"; 3]);
    let titles: Vec<&str> = c.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Drohnen über Odessa",
            "Gespräche in Berlin",
            "Luftraum verletzt"
        ]
    );
    assert!(c.entries.iter().all(|e| !e.body.contains("Anzeige")));
}

const FEED: &str = "Latest news
Jets scrambled as missiles cross the west
7:45 AM
The operational command said it put fighter jets on alert while missiles flew towards two western regions.
Edited by Mira Sand
Intelligence sees troops moved nearer the front
6:10 AM
A spy agency said several thousand soldiers had been brought closer to the line in the last week.
Edited by Mira Sand
DAY_HEADER
Border crossing shut after drone sighting
9:30 PM
Border guards closed a crossing point for several hours after a drone was seen near the frontier.
";

#[test]
fn a_day_header_between_posts_dates_the_posts_below_it() {
    // A relative header counts back from --date; the clock times alone
    // (7:45, 6:10, then 21:30) are too few to tell the order of the page.
    let c = import(
        &FEED.replace("DAY_HEADER", "Yesterday"),
        Some("2025-11-16"),
        None,
    );
    assert_eq!(c.entries.len(), 3, "{:?}", c.entries);
    assert_eq!(dates(&c), ["2025-11-16", "2025-11-16", "2025-11-15"]);
    assert_eq!(
        c.entries[2].date_from,
        "the entry's time of day, on the day of the day header above it"
    );
    // A written-out header needs no --date; the page's own date line stays
    // the page date.
    let dated = FEED
        .replace("DAY_HEADER", "Saturday 15 November 2025")
        .replace("Latest news\n", "Latest news\nSunday 16 November 2025\n");
    let c = import(&dated, None, None);
    assert_eq!(dates(&c), ["2025-11-16", "2025-11-16", "2025-11-15"]);
    for e in &c.entries {
        for junk in ["Edited by", "Yesterday", "November"] {
            assert!(!e.body.contains(junk), "{junk} in {}", e.body);
        }
    }
}

const CHANNEL_COUNTED: &str = "Air Defence Channel
03.02.2025 07:10
⚡️ Overnight 64 attack drones were launched at the country; 40 were shot down.
👁 21.4K
03.02.2025 10:55
Missile threat in the north, go to shelters.
👁 18K
";

const WIRE: &str = "Drones hit a power plant in the centre
By ANNA LOW and PETER HOLM
Updated 4:12 PM GMT+1, November 3, 2025
Share
KYIV (Wire) — Drones struck a thermal power plant overnight, cutting power to thousands of homes, officials said.
Repair crews worked through the morning to restore supply.
Reporting by Anna Low; Editing by Peter Holm
Related coverage
How the grid is being rebuilt before winter
Engineers race to protect substations
";

#[test]
fn counters_credits_and_related_links_are_not_text() {
    let c = import(CHANNEL_COUNTED, None, None);
    assert_eq!(c.entries.len(), 2, "{:?}", c.entries);
    assert!(
        c.entries.iter().all(|e| !e.body.contains("👁")),
        "{:?}",
        c.entries
    );
    // The post's emoji stays in its text but does not open its title.
    assert!(
        c.entries[0].title.starts_with("Overnight 64"),
        "{}",
        c.entries[0].title
    );
    assert!(c.entries[0].body.contains("⚡️"));

    let c = import(WIRE, None, None);
    assert_eq!(c.entries.len(), 1, "{:?}", c.entries);
    let e = &c.entries[0];
    assert_eq!(e.title, "Drones hit a power plant in the centre");
    assert_eq!(dates(&c), ["2025-11-03T15:12:00Z"]);
    for junk in [
        "Reporting by",
        "Related",
        "grid is being rebuilt",
        "protect substations",
        "Share",
    ] {
        assert!(!e.body.contains(junk), "{junk} in {}", e.body);
    }
    assert!(e.body.contains("Repair crews worked"));
}

const LIVE_PAGE: &str = "Live
Strikes on the north-east overnight
Summary
Eighty drones and six missiles were launched overnight, the air force says
Three people were hurt in the city, its mayor says
Posted at 14:05
President asks allies for more air defence
Speaking in the capital, the president said ten more systems were needed before winter.
Posted at 13:40
Three hurt in the city
The mayor said a drone hit a block of flats in the eastern district, injuring three people.
Image caption, Firefighters outside the damaged block
Posted at 12:58
Air force gives its overnight figures
The air force said 62 of the 80 drones were shot down and 14 were lost to jamming.
";

#[test]
fn a_stamp_over_each_headline_is_the_boundary_not_the_line_above_it() {
    // The last line of each post stands above the next stamp; the stamp is
    // followed by the post's own headline and text, so the stamp starts it.
    let c = import(LIVE_PAGE, Some("2025-11-16"), None);
    let titles: Vec<&str> = c.entries.iter().map(|e| e.title.as_str()).collect();
    assert!(
        titles.ends_with(&[
            "President asks allies for more air defence",
            "Three hurt in the city",
            "Air force gives its overnight figures"
        ]),
        "{titles:?}"
    );
    assert!(c.entries.iter().all(|e| !e.body.contains("Image caption")));
}

const FEED_EXPORT: &str = "Title: Crossings shut after balloons drift over the border
Link: https://example.org/news/balloons
Published: Mon, 17 Nov 2025 08:00:00 +0000
Description: Two crossings were closed for the night after dozens of balloons entered the country's airspace.

Title: Engineers sent to the front region, spy agency says
Link: https://example.org/news/engineers
Published: Sun, 16 Nov 2025 19:30:00 +0000
Description: About a thousand military engineers have arrived to clear mines, the agency said.

Title: Refinery on fire after a drone attack
Link: https://example.org/news/refinery
Published: Sun, 16 Nov 2025 06:15:00 +0000
Description: A fire broke out at the refinery after a drone attack, the governor said.
";

#[test]
fn blocks_of_labels_separated_by_blank_lines_are_one_entry_each() {
    let c = import(FEED_EXPORT, None, None);
    assert_eq!(c.entries.len(), 3, "{:?}", c.entries);
    assert_eq!(
        dates(&c),
        [
            "2025-11-17T08:00:00Z",
            "2025-11-16T19:30:00Z",
            "2025-11-16T06:15:00Z"
        ]
    );
    assert_eq!(
        c.entries[1].title,
        "Engineers sent to the front region, spy agency says"
    );
    assert_eq!(
        c.entries[1].source_url.as_deref(),
        Some("https://example.org/news/engineers")
    );
    assert!(
        c.entries[1].body.starts_with("About a thousand"),
        "{}",
        c.entries[1].body
    );
    assert!(c.entries.iter().all(|e| !e.body.contains("example.org")));
}

const THREAD: &str = "Watch Desk
@watchdesk
·
Nov 16
1/ Overnight 93 drones and decoys were launched; the air force says 71 were downed.
12
48
230
Watch Desk
@watchdesk
·
Nov 16
2/ Hits were recorded in four places, among them a power site in the centre.
5
21
97
";

#[test]
fn a_thread_loses_its_handles_counts_and_post_numbers() {
    let c = import(THREAD, Some("2025-11-17"), None);
    assert_eq!(c.entries.len(), 2, "{:?}", c.entries);
    assert_eq!(dates(&c), ["2025-11-16"; 2]);
    assert!(
        c.entries[0].title.starts_with("Overnight 93 drones"),
        "{}",
        c.entries[0].title
    );
    assert!(c.entries[1].title.starts_with("Hits were recorded"));
    for e in &c.entries {
        for junk in ["Watch Desk", "@watchdesk", "230", "97"] {
            assert!(!e.body.contains(junk), "{junk} in {}", e.body);
        }
    }
}

const POSTS_WITH_SPEAKERS: &str = "Стрічка новин
15 листопада 2025, 08:30
Повітряні сили: вночі збито 45 із 60 дронів
Противник запустив 60 ударних дронів. Станом на ранок збито 45.
15 листопада 2025, 07:12
У місті пролунали вибухи
Міський голова повідомив про удар по підприємству.
";

#[test]
fn a_headline_with_a_speaker_before_a_colon_is_the_posts_headline() {
    let c = import(POSTS_WITH_SPEAKERS, None, None);
    assert_eq!(c.entries.len(), 2, "{:?}", c.entries);
    assert_eq!(
        c.entries[0].title,
        "Повітряні сили: вночі збито 45 із 60 дронів"
    );
    assert_eq!(dates(&c), ["2025-11-15"; 2]);
}

const MAIL: &str = "View in browser
The Evening Line
Tuesday 18 November 2025
Good evening. Here is what you need to know tonight.
* * *
Port hit by drones
Seventy-seven drones were launched overnight and 58 were shot down, the air force said. Two silos were damaged at the port.
* * *
Envoy summoned over a river incident
The foreign ministry summoned a diplomat after a patrol boat crossed into its waters on the border river.
* * *
Forward this email to a friend
Unsubscribe | Manage preferences
";

#[test]
fn rules_between_items_cut_a_newsletter_and_its_header_is_the_page() {
    let c = import(MAIL, None, None);
    let titles: Vec<&str> = c.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Port hit by drones", "Envoy summoned over a river incident"]
    );
    // The date under the masthead is the page's and dates both items.
    assert_eq!(dates(&c), ["2025-11-18"; 2]);
    for e in &c.entries {
        for junk in ["Good evening", "Unsubscribe", "Forward", "* * *"] {
            assert!(!e.body.contains(junk), "{junk} in {}", e.body);
        }
    }
}

const FRENCH_LIVE: &str = "Guerre en Ukraine : le direct du 18 novembre 2025
EN DIRECT
14h05
Cinquante drones abattus
L'armée de l'air affirme avoir abattu 50 des 64 drones lancés dans la nuit.
Publicité
12h40
Visite attendue à Paris
Le président doit être reçu jeudi à l'Élysée.
";

#[test]
fn a_live_page_takes_its_day_from_its_headline() {
    let c = import(FRENCH_LIVE, None, None);
    assert_eq!(c.entries.len(), 2, "{:?}", c.entries);
    assert_eq!(dates(&c), ["2025-11-18"; 2]);
    assert_eq!(c.entries[0].title, "Cinquante drones abattus");
    assert!(c.entries.iter().all(|e| !e.body.contains("Publicité")));
}

const WIRE_STORY: &str = "Air force says it downed 45 drones overnight
By Tom Reed
November 18, 2025 7:42 AM GMT+1 Updated 2 hours ago
KYIV, Nov 18 (Wire) - Sixty drones were launched overnight and air defences shot down 45 of them, the air force said on Tuesday.
Another ten were lost to jamming, it said.
(Reporting by Tom Reed; Editing by Ann Moss)
Suggested Topics:
Europe
";

#[test]
fn a_wire_story_gives_its_agency_stamp_and_text_without_credits() {
    // Without --source: a wire story names its own agency.
    let c = import_from(WIRE_STORY, None, None, None);
    assert_eq!(c.entries.len(), 1, "{:?}", c.entries);
    let e = &c.entries[0];
    assert_eq!(dates(&c), ["2025-11-18T06:42:00Z"]);
    assert_eq!(e.source.as_deref(), Some("Wire"));
    assert_eq!(e.author.as_deref(), Some("Tom Reed"));
    for junk in ["Reporting by", "Suggested", "Europe", "hours ago"] {
        assert!(!e.body.contains(junk), "{junk} in {}", e.body);
    }
}

/// A members' newsletter: a dated byline, a list of key developments, a
/// link to another article among the paragraphs, and the outlet's appeals
/// at its foot.
const MEMBERS_NEWSLETTER: &str = "War update: Drones hit a fuel depot across the border

September 16, 2025 9:15 PM
By Anna Kovalenko

Key developments on Sept. 16:

- Long-range drones strike a fuel depot, the regional governor says
- A tanker slows down over a power cable in the Gulf of Finland

Long-range drones struck a fuel depot overnight, the governor of the border region said. A fire at the site was put out by morning.

Read also: Why the Baltic seabed has become a front line

The navy said it was watching a tanker that had slowed down over the power cable.

The Daily Front is where you hear it first. Subscribe to our newsletter.

A word from the editors:
Thank you for reading. Support independent journalism by becoming a member.
";

#[test]
fn a_newsletter_loses_its_appeals_and_links_to_other_articles() {
    let c = import_from(MEMBERS_NEWSLETTER, None, None, None);
    assert_eq!(c.entries.len(), 1, "{:?}", c.entries);
    let e = &c.entries[0];
    // A kicker and its headline over the stamp are the article's title.
    assert_eq!(
        e.title,
        "War update: Drones hit a fuel depot across the border"
    );
    assert!(!e.body.contains("War update"), "{}", e.body);
    assert_eq!(e.author.as_deref(), Some("Anna Kovalenko"));
    assert!(e.body.contains("- A tanker slows down"), "{}", e.body);
    assert!(e.body.contains("watching a tanker"), "{}", e.body);
    for junk in [
        "Read also",
        "seabed has become",
        "Subscribe",
        "hear it first",
        "A word from the editors",
        "Thank you for reading",
        "independent journalism",
    ] {
        assert!(!e.body.contains(junk), "{junk} in {}", e.body);
    }
}

/// A day's key events under section headings, dated once at the top of the
/// page ("Published On …") and never again.
const KEY_EVENTS_DAY: &str = "The war on day 1,301: key events
Here is where things stand on Wednesday.

Published On 17 Sep 2025

Fighting
Drones struck an energy site in the Poltava region overnight, starting a large fire, the governor said.

Politics and diplomacy
Estonia summoned a Russian diplomat after a fighter jet briefly entered its airspace near a small island.

North Korea
Seoul's spy agency said about 3,000 more troops had been sent to Russia this year.
";

#[test]
fn a_page_dated_once_at_its_top_dates_every_entry() {
    let c = import_from(KEY_EVENTS_DAY, None, None, None);
    assert!(c.entries.len() >= 2, "{:?}", c.entries);
    for d in dates(&c) {
        assert_eq!(d, "2025-09-17");
    }
}

/// A day's list of events under short section headings, one of them a
/// single word: written once with dashes, once as plain paragraphs (as a
/// copied web page often loses its bullets).
const SECTIONED_DAY: &str = "War in Ukraine: the key events on day 1,001
A round-up of where things stand on Saturday.
Fighting
- A missile hit an apartment block in Dnipro overnight and injured 14 people, the governor said.
- The air force said it shot down 52 of 73 drones launched at the country overnight.
- Russian troops took a village east of Kupiansk, the defence ministry in Moscow claimed.
Weapons
- Berlin pledged four further air defence batteries to be delivered before New Year.
- Washington cleared a sale of spare parts for older missile systems worth $266m.
Politics and diplomacy
- Budapest said it would host an envoy of the Kremlin for talks next week.
";

fn titles(c: &Converted) -> Vec<&str> {
    c.entries.iter().map(|e| e.title.as_str()).collect()
}

#[test]
fn section_headings_between_items_are_tags_not_text() {
    for text in [
        SECTIONED_DAY.to_string(),
        SECTIONED_DAY.replace("\n- ", "\n"),
    ] {
        let c = import(&text, Some("2024-11-23"), None);
        let titles = titles(&c);
        let items: Vec<&sitrep::import::entry::Entry> = c
            .entries
            .iter()
            .filter(|e| !e.title.starts_with("War in Ukraine"))
            .collect();
        assert_eq!(items.len(), 6, "one entry per item: {titles:?}\n{text}");
        for e in &c.entries {
            for heading in ["Fighting", "Weapons", "Politics and diplomacy"] {
                assert!(
                    !e.body
                        .lines()
                        .any(|l| l.trim_start_matches("#").trim() == heading),
                    "{heading:?} is a heading, not text of {:?}: {}",
                    e.title,
                    e.body
                );
            }
        }
        assert!(
            items[0]
                .title
                .starts_with("A missile hit an apartment block")
        );
        assert_eq!(items[1].drones[0].launched, Some(73));
        let tags = |k: usize| items[k].tags.clone();
        assert_eq!(tags(0), ["fighting"], "{titles:?}");
        assert_eq!(tags(3), ["weapons"]);
        assert_eq!(tags(5), ["politics and diplomacy"]);
    }
}

/// A timeline whose steps open with a full date and a dash.
const DASHED_TIMELINE: &str = "Timeline: the cable incidents in the Baltic Sea
How the damage to undersea lines unfolded, step by step.
Nov. 17, 2024 — A data cable between Lithuania and Sweden stops working, its operator says.
Nov. 18, 2024 — A second line, linking Finland and Germany, is reported cut.
Dec. 25, 2024 — Finland boards a tanker suspected of dragging its anchor over a power cable.
";

#[test]
fn a_timeline_of_dates_and_dashes_gives_one_entry_per_step() {
    let c = import(DASHED_TIMELINE, Some("2025-01-10"), None);
    let steps: Vec<&sitrep::import::entry::Entry> = c
        .entries
        .iter()
        .filter(|e| !e.title.starts_with("Timeline"))
        .collect();
    assert_eq!(steps.len(), 3, "{:?}", titles(&c));
    let days: Vec<String> = steps
        .iter()
        .map(|e| e.date.map(|d| d.to_front_matter()).unwrap_or_default())
        .collect();
    assert_eq!(days, ["2024-11-17", "2024-11-18", "2024-12-25"]);
    assert!(steps[0].title.starts_with("A data cable between Lithuania"));
    assert!(steps.iter().all(|e| !e.body.contains("2024 —")));
}

/// A feed of three items: two about drones, one about a cut cable.
const MIXED_FEED: &str = "Evening feed
Jets scrambled as drones strike the west
Mon, 18 Nov 2024 04:12:00 +0000
Air force crews were put on alert before dawn as a wave of Russian attack drones struck the western regions; air defence shot down most of the drones.
Air defence downs 84 of 120 drones overnight
Mon, 18 Nov 2024 07:40:00 +0000
The air force said its units shot down 84 of 120 drones launched by Russia during the night.
Undersea cable to Germany stops working
Sun, 17 Nov 2024 19:05:00 +0000
Officials in Helsinki said a telecoms cable to Germany went dark on Sunday and opened an inquiry.
";

#[test]
fn an_item_about_another_subject_does_not_take_the_files_topic() {
    let c = import(MIXED_FEED, None, None);
    assert_eq!(c.entries.len(), 3, "{:?}", titles(&c));
    assert_eq!(dates(&c)[2], "2024-11-17T19:05:00Z");
    let drone = |k: usize| c.entries[k].topics.contains(&"drone-strikes".to_string());
    assert!(drone(0) && drone(1), "{:?}", c.entries[0].topic_matches);
    assert!(!drone(2), "the cable item is not a drone strike");
}

/// A live page copied with its "2h ago" ages and dotted clocks, dated once
/// at the top.
const AGED_LIVE: &str = "Live: strikes on the capital
Updated 22 Nov 2024 14.05 GMT
2h ago
12.45pm GMT
Sirens stop in the capital
The city's administration said the alert was over after five hours and that debris fell in two districts.
3h ago
11.30am GMT
Moscow rules out a freeze
A Kremlin spokesman said a ceasefire along the present front line was not on the table.
";

#[test]
fn ages_are_furniture_and_the_page_stamp_dates_the_posts() {
    let c = import(AGED_LIVE, None, None);
    assert_eq!(
        titles(&c),
        ["Sirens stop in the capital", "Moscow rules out a freeze"]
    );
    assert_eq!(dates(&c), ["2024-11-22T12:45:00Z", "2024-11-22T11:30:00Z"]);
    assert!(c.entries.iter().all(|e| !e.body.contains("ago")));
}

/// A live page that prints each post's headline and text first, then the
/// reporter's sign-off and the time.
const CLOSING_STAMPS: &str = "Live: the war overnight
BREAKING: Blasts heard in Kharkiv
Loud explosions rang out across the city after midnight and the mayor told residents to take shelter.
— Olena Marchenko, reporting from Kharkiv
23:58 GMT
Debris damages a warehouse in Odesa
Parts of a downed drone fell on the port and damaged a warehouse, the governor said. Nobody was hurt.
— Taras Bondar
23:12 GMT
";

#[test]
fn stamps_that_close_posts_time_the_post_above_them() {
    let c = import(CLOSING_STAMPS, Some("2024-11-22"), None);
    assert_eq!(
        titles(&c),
        [
            "Blasts heard in Kharkiv",
            "Debris damages a warehouse in Odesa"
        ]
    );
    assert_eq!(dates(&c), ["2024-11-22T23:58:00Z", "2024-11-22T23:12:00Z"]);
    let authors: Vec<Option<&str>> = c.entries.iter().map(|e| e.author.as_deref()).collect();
    assert_eq!(authors, [Some("Olena Marchenko"), Some("Taras Bondar")]);
    assert!(
        c.entries.iter().all(|e| !e.body.contains('—')),
        "{:?}",
        c.entries
    );
}

/// A French article page: byline with "Par", a stamp of publication and of
/// the last change on one line, and its reading time.
const FRENCH_ARTICLE: &str = "Frappe de drones sur le port d'Odessa
Par Claire Dubois et Marc Lefèvre
Publié le 21 novembre 2024 à 18h42, modifié le 22 novembre 2024 à 08h05
Temps de lecture : 2 min.
Des débris de drones abattus sont tombés sur un entrepôt du port dans la nuit, selon le gouverneur de la région.
Aucune victime n'est signalée, a-t-il ajouté.
";

#[test]
fn a_french_page_gives_its_byline_and_first_stamp_and_loses_its_reading_time() {
    let c = import(FRENCH_ARTICLE, None, None);
    assert_eq!(c.entries.len(), 1, "{:?}", c.entries);
    let e = &c.entries[0];
    assert_eq!(e.title, "Frappe de drones sur le port d'Odessa");
    assert_eq!(e.author.as_deref(), Some("Claire Dubois et Marc Lefèvre"));
    // No zone in the stamp and none known for the source: the day only.
    assert_eq!(dates(&c), ["2024-11-21"]);
    for furniture in ["Par ", "Publié", "Temps de lecture"] {
        assert!(!e.body.contains(furniture), "{furniture}: {}", e.body);
    }
}

/// A messenger channel's export: the time printed under each post, with
/// its view counter, and "Pinned message" and "Forwarded from" lines.
const CHANNEL_EXPORT: &str = "Air Watch
Pinned message
Forwarded from Air Command
⚡️ Overnight the enemy sent 62 attack drones at the country; air defence downed 41 drones.
👁 12.4K
08:14
❗️Threat of ballistic missiles from the north-east.
👁 9.8K
09:41
✅ All clear in the capital region.
👁 8.1K
10:05
";

#[test]
fn a_channel_export_times_each_post_with_the_stamp_under_it() {
    let c = import_from(
        CHANNEL_EXPORT,
        Some("2025-01-22"),
        Some("Europe/Kyiv"),
        Some("Frontline Channel"),
    );
    let titles = titles(&c);
    assert_eq!(c.entries.len(), 3, "{titles:?}");
    assert!(
        titles[0].starts_with("Overnight the enemy sent 62"),
        "{titles:?}"
    );
    // Kyiv is UTC+2 in January.
    assert_eq!(
        dates(&c),
        [
            "2025-01-22T06:14:00Z",
            "2025-01-22T07:41:00Z",
            "2025-01-22T08:05:00Z"
        ]
    );
    for e in &c.entries {
        assert!(
            !e.body.contains("Pinned") && !e.body.contains("Forwarded") && !e.body.contains("👁"),
            "{}",
            e.body
        );
    }
}

/// An explainer whose sections are headed by questions.
const EXPLAINER: &str = "What we know about the troops sent to Kursk
By Min-ji Park
Several thousand soldiers have been moved to the front, according to intelligence services in Seoul and in Washington.
How many are there?
Seoul puts the number at about 11,000, most of them from special units.
Where are they?
Most are thought to be in the Kursk region, where fighting has gone on since August.
What is offered in return?
Analysts expect money, fuel and military know-how to flow the other way.
";

#[test]
fn an_explainers_questions_are_its_cross_heads() {
    let c = import(EXPLAINER, Some("2024-11-22"), None);
    assert_eq!(c.entries.len(), 1, "{:?}", titles(&c));
    let e = &c.entries[0];
    assert_eq!(e.title, "What we know about the troops sent to Kursk");
    assert!(e.body.contains("### How many are there?"), "{}", e.body);
    assert!(e.body.contains("flow the other way"), "{}", e.body);
}

/// An encyclopedia's month timeline: navigation lines, a contents list, day
/// headings with "[edit]", sentences closed by reference marks, references.
const ENCYCLOPEDIA_TIMELINE: &str = "\
Timeline of the war in Ukraine (November 2024)
From Wikipedia, the free encyclopedia
Jump to navigation
Jump to search
This article lists events of the war in Ukraine in November 2024.[1]

Contents
1 19 November
2 20 November
3 References

19 November[edit]
Ukraine hit an ammunition depot in Bryansk Oblast with long-range missiles, Russia's defence ministry said.[2][3]
The Kremlin published a revised nuclear doctrine.[4]

20 November[edit]
The air force said Russia had sent 122 drones overnight; 56 were shot down and 63 were lost to jamming.[5]

References[edit]
^ \"Depot hit\". Example Wire. 19 November 2024.
[2] https://example.org/depot
Retrieved from \"https://example.org/w/index.php?title=Timeline\"
";

#[test]
fn a_timeline_under_day_headings_gives_one_dated_entry_per_event() {
    let c = import(ENCYCLOPEDIA_TIMELINE, Some("2025-01-15"), None);
    let events: Vec<_> = c.entries.iter().filter(|e| e.index > 0).collect();
    assert_eq!(events.len(), 3, "{:#?}", titles(&c));
    let days: Vec<String> = events
        .iter()
        .map(|e| e.date.map(|d| d.to_front_matter()).unwrap_or_default())
        .collect();
    assert_eq!(days, ["2024-11-19", "2024-11-19", "2024-11-20"]);
    assert_no_text(
        &c,
        &[
            "[edit]",
            "[5]",
            "Jump to",
            "Retrieved from",
            "example.org",
            "Contents",
            "Wikipedia",
        ],
    );
    let tally = &events[2].drones[0];
    assert_eq!(
        (tally.launched, tally.downed, tally.lost),
        (Some(122), Some(56), Some(63))
    );
}

/// A mailed briefing: each item's heading between two rules of "=".
const RULED_BRIEFING: &str = "\
The Morning Note, 21 November 2024

Good morning. Here is what happened overnight.

========================
DNIPRO STRUCK BY NEW MISSILE
========================
Russia used a new intermediate-range missile against Dnipro, the air force said. An industrial site was hit.

========================
BALTIC CABLE CUT
========================
Finland and Germany said a data cable between them under the Baltic Sea had been severed.

------------------------
You are receiving this email because you signed up for The Morning Note.
Unsubscribe | Update preferences
";

#[test]
fn headings_between_rules_head_their_items() {
    let c = import(RULED_BRIEFING, None, None);
    let items: Vec<_> = c
        .entries
        .iter()
        .filter(|e| !e.body.trim().is_empty())
        .collect();
    assert_eq!(items.len(), 2, "{:#?}", titles(&c));
    assert!(items[0].body.contains("DNIPRO STRUCK"), "{}", items[0].body);
    assert!(
        items[0].body.contains("industrial site"),
        "{}",
        items[0].body
    );
    assert!(items[1].body.contains("severed"), "{}", items[1].body);
    assert_no_text(
        &c,
        &[
            "====",
            "receiving this email",
            "Unsubscribe",
            "Good morning",
        ],
    );
}

/// Asserts that no entry's title or body holds any of `junk`.
fn assert_no_text(c: &Converted, junk: &[&str]) {
    let all: String = c
        .entries
        .iter()
        .map(|e| format!("{}\n{}\n", e.title, e.body))
        .collect();
    for j in junk {
        assert!(!all.contains(j), "{j} in {all}");
    }
}

/// A page saved as Markdown by a reader: heading marks, an emphasised
/// stamp, an image, a caption with its credit, a link alone on its line.
const SAVED_AS_MARKDOWN: &str = "\
# Estonia tracks a tanker near its waters

By Mari Tamm

*Published 19 November 2024, 08:40 GMT*

![A patrol boat in the Gulf of Finland](https://example.com/img/boat.jpg)

*A navy boat followed the tanker for two hours. Photo: Example Agency*

Estonia's navy said on Tuesday it had followed a tanker of Russia's shadow fleet out of the Gulf of Finland.

[Read more: Why the Baltic states watch the tankers](https://example.com/tankers)

The ministry said the ship had left without incident.
";

#[test]
fn a_page_saved_as_markdown_loses_its_marks_images_and_credits() {
    let c = import(SAVED_AS_MARKDOWN, None, None);
    assert_eq!(c.entries.len(), 1, "{:#?}", titles(&c));
    let e = &c.entries[0];
    assert_eq!(e.title, "Estonia tracks a tanker near its waters");
    assert_eq!(dates(&c), ["2024-11-19T08:40:00Z"]);
    assert_eq!(e.author.as_deref(), Some("Mari Tamm"));
    assert!(e.body.contains("shadow fleet"), "{}", e.body);
    assert_no_text(
        &c,
        &["![", "example.com", "Photo:", "Read more", "# Estonia"],
    );
}

/// Text copied out of a PDF report: a running header with page numbers,
/// numbered sections, a word broken across two lines.
const PDF_REPORT: &str = "\
MORNING SITUATION NOTE
19 November 2024

Morning Situation Note | 19 November 2024 | Page 1 of 2

1. Air defence
Russia sent 50 attack drones against the south overnight. Gunners shot down 31 of them; 15 were lo-
cally lost to electronic warfare.

2. Border
Belarus moved two battalions closer to the Volyn border, the border guard said.

Morning Situation Note | 19 November 2024 | Page 2 of 2

3. Black Sea
The navy reported no Russian ships at sea.
";

#[test]
fn a_pdf_report_gives_its_numbered_sections_without_its_page_headers() {
    let c = import(PDF_REPORT, None, None);
    let items: Vec<_> = c
        .entries
        .iter()
        .filter(|e| !e.body.trim().is_empty())
        .collect();
    assert_eq!(items.len(), 3, "{:#?}", titles(&c));
    assert_no_text(&c, &["Page 1", "Page 2", "lo-"]);
    assert!(items[0].body.contains("locally lost"), "{}", items[0].body);
    let tally = &items[0].drones[0];
    assert_eq!(
        (tally.launched, tally.downed, tally.lost),
        (Some(50), Some(31), Some(15))
    );
    assert_eq!(dates(&c).last().map(String::as_str), Some("2024-11-19"));
}

/// A news aggregator's page: menus, then cards of a headline, the outlet
/// and the report's age, "Full Coverage" links.
const AGGREGATOR_CARDS: &str = "\
News
Home
For you
World

Ukraine says air defences held over Odesa overnight
Example Wire
4 hours ago
Port city counts damage after night of drone attacks
Black Sea Example
1 hour ago
Full Coverage

Seoul says North Korean units now fighting near Kursk
Example Herald
Yesterday
More headlines
";

#[test]
fn an_aggregators_cards_give_one_entry_each_dated_by_their_age() {
    let c = import(AGGREGATOR_CARDS, Some("2024-11-21"), None);
    let cards: Vec<_> = c.entries.iter().filter(|e| e.index > 0).collect();
    let heads: Vec<&str> = cards.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        heads,
        [
            "Ukraine says air defences held over Odesa overnight",
            "Port city counts damage after night of drone attacks",
            "Seoul says North Korean units now fighting near Kursk"
        ]
    );
    let days: Vec<String> = cards
        .iter()
        .map(|e| e.date.map(|d| d.to_front_matter()).unwrap_or_default())
        .collect();
    assert_eq!(days, ["2024-11-21", "2024-11-21", "2024-11-20"]);
    assert_no_text(
        &c,
        &[
            "Example Wire",
            "hours ago",
            "Full Coverage",
            "More headlines",
            "For you",
        ],
    );
}

/// A feed reader's list: the outlet, the headline, "by Name / 2h", a snippet.
const READER_LIST: &str = "\
Today
Baltic and Ukraine feeds

South Example
Air force: 40 of 55 drones downed over the south
by Iryna Example / 3h
Russia sent 55 drones at the southern regions overnight. Gunners shot down 40 of them.

Nordic Example
Sweden opens inquiry into anchor marks near cable
by Lars Example · 6h
Investigators found drag marks on the seabed beside the damaged line, police said.

Mark all as read
";

#[test]
fn a_feed_readers_list_gives_each_headline_its_author_and_text() {
    let c = import(READER_LIST, Some("2024-11-21"), None);
    let items: Vec<_> = c.entries.iter().filter(|e| e.index > 0).collect();
    let heads: Vec<&str> = items.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        heads,
        [
            "Air force: 40 of 55 drones downed over the south",
            "Sweden opens inquiry into anchor marks near cable"
        ]
    );
    let authors: Vec<_> = items.iter().map(|e| e.author.as_deref()).collect();
    assert_eq!(authors, [Some("Iryna Example"), Some("Lars Example")]);
    assert!(items[1].body.contains("drag marks"), "{}", items[1].body);
    assert_no_text(&c, &["Nordic Example", "Mark all", "/ 3h", "by Lars"]);
    let tally = &items[0].drones[0];
    assert_eq!((tally.launched, tally.downed), (Some(55), Some(40)));
}

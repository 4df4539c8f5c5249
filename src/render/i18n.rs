//! Interface text in the languages the default theme speaks (en, fr, de,
//! uk). Templates read it as `t.KEY`; counts with their plural forms are made
//! here, since plural rules differ (Ukrainian has three forms).

use std::collections::BTreeMap;

use tera::Value;

/// Languages with interface text; any other falls back to English.
pub(crate) const LANGUAGES: [&str; 4] = ["en", "fr", "de", "uk"];

/// Key → text in en, fr, de, uk.
const TEXT: &[(&str, [&str; 4])] = &[
    (
        "time_not_given",
        [
            "time not given",
            "heure non précisée",
            "Uhrzeit nicht angegeben",
            "час не вказано",
        ],
    ),
    (
        "in_topics",
        [
            "In topics",
            "Dans les rubriques",
            "In den Themen",
            "У темах",
        ],
    ),
    (
        "over_time",
        [
            "Reports over time",
            "Signalements dans le temps",
            "Meldungen im Zeitverlauf",
            "Повідомлення з часом",
        ],
    ),
    (
        "by_count",
        [
            "By number of reports",
            "Par nombre de signalements",
            "Nach Zahl der Meldungen",
            "За кількістю повідомлень",
        ],
    ),
    ("a_to_z", ["A–Z", "De A à Z", "A–Z", "За абеткою"]),
    ("follow", ["Follow", "Suivre", "Folgen", "Стежити"]),
    (
        "atom_feed",
        ["Atom feed", "Flux Atom", "Atom-Feed", "Стрічка Atom"],
    ),
    (
        "archive_lede",
        [
            "Every day with reports, month by month; a number is the day’s count of reports.",
            "Chaque jour avec des signalements, mois par mois ; le nombre est celui des signalements du jour.",
            "Jeder Tag mit Meldungen, Monat für Monat; die Zahl ist die Zahl der Meldungen des Tages.",
            "Кожен день із повідомленнями, місяць за місяцем; число — кількість повідомлень за день.",
        ],
    ),
    (
        "in_brief",
        ["In brief", "En bref", "Kurz gefasst", "Коротко"],
    ),
    ("stories", ["Stories", "Événements", "Ereignisse", "Події"]),
    (
        "stories_lede",
        [
            "Events with two reports or more, with every source that reported them; the latest activity first.",
            "Les événements signalés au moins deux fois, avec chaque source ; les plus récents d’abord.",
            "Ereignisse mit mindestens zwei Meldungen und allen Quellen dazu, die jüngsten zuerst.",
            "Події щонайменше з двома повідомленнями та всіма їхніми джерелами, спершу найсвіжіші.",
        ],
    ),
    (
        "no_stories",
        [
            "No event has more than one report yet.",
            "Aucun événement n’a encore plus d’un signalement.",
            "Noch hat kein Ereignis mehr als eine Meldung.",
            "Жодна подія ще не має більше одного повідомлення.",
        ],
    ),
    ("story", ["Story", "Événement", "Ereignis", "Подія"]),
    (
        "first_reported",
        [
            "First reported",
            "Premier signalement",
            "Zuerst gemeldet",
            "Уперше повідомлено",
        ],
    ),
    (
        "latest_report",
        [
            "Latest report",
            "Dernier signalement",
            "Letzte Meldung",
            "Останнє повідомлення",
        ],
    ),
    (
        "every_report",
        [
            "Every report",
            "Tous les signalements",
            "Alle Meldungen",
            "Усі повідомлення",
        ],
    ),
    ("sources", ["Sources", "Sources", "Quellen", "Джерела"]),
    (
        "figures_by_source",
        [
            "Figures as each report gave them",
            "Les chiffres selon chaque signalement",
            "Die Zahlen, wie jede Meldung sie nennt",
            "Цифри за кожним повідомленням",
        ],
    ),
    (
        "reports_disagree",
        [
            "Reports disagree",
            "Les signalements divergent",
            "Die Meldungen weichen ab",
            "Повідомлення розходяться",
        ],
    ),
    (
        "also_reported_by",
        [
            "Also reported by",
            "Également rapporté par",
            "Auch berichtet von",
            "Також повідомили",
        ],
    ),
    (
        "whole_story",
        [
            "The whole story",
            "Tout l’événement",
            "Das ganze Ereignis",
            "Уся подія",
        ],
    ),
    (
        "report",
        ["Report", "Signalement", "Meldung", "Повідомлення"],
    ),
    ("source", ["Source", "Source", "Quelle", "Джерело"]),
    (
        "tracker",
        [
            "Drone tracker",
            "Suivi des drones",
            "Drohnen-Tracker",
            "Трекер дронів",
        ],
    ),
    (
        "tracker_lede",
        [
            "Drones launched, downed and lost each night, as the parties reported them: one row per night and launching side.",
            "Drones lancés, abattus et perdus chaque nuit, selon les parties : une ligne par nuit et par camp qui les a lancés.",
            "Gestartete, abgeschossene und verlorene Drohnen je Nacht, wie die Parteien sie meldeten: eine Zeile je Nacht und startender Seite.",
            "Запущені, збиті й утрачені дрони за кожну ніч, за даними сторін: один рядок на ніч і сторону, що запускала.",
        ],
    ),
    (
        "tracker_gaps",
        [
            "A night without a report is left blank, never counted as zero. Where reports of one night disagree, each figure is the value most of them give (a tie goes to the earliest), and the row is marked.",
            "Une nuit sans signalement reste vide, jamais comptée comme zéro. Quand les signalements d’une nuit divergent, chaque chiffre est celui que donnent la plupart d’entre eux (à égalité, le plus ancien), et la ligne est signalée.",
            "Eine Nacht ohne Meldung bleibt leer und zählt nie als null. Weichen die Meldungen einer Nacht ab, gilt je Zahl der Wert, den die meisten nennen (bei Gleichstand der früheste), und die Zeile wird markiert.",
            "Ніч без повідомлення лишається порожньою і ніколи не рахується як нуль. Якщо повідомлення про одну ніч розходяться, кожна цифра — та, яку дає більшість (за рівності — найраніше), а рядок позначено.",
        ],
    ),
    (
        "tracker_link",
        [
            "Every night’s tally in the drone tracker",
            "Le bilan de chaque nuit dans le suivi des drones",
            "Die Bilanz jeder Nacht im Drohnen-Tracker",
            "Підсумки кожної ночі в трекері дронів",
        ],
    ),
    (
        "night",
        ["Night ending", "Nuit jusqu’au", "Nacht zum", "Ніч на"],
    ),
    ("launched", ["Launched", "Lancés", "Gestartet", "Запущено"]),
    ("downed", ["Downed", "Abattus", "Abgeschossen", "Збито"]),
    (
        "lost",
        [
            "Lost (jamming)",
            "Perdus (brouillage)",
            "Verloren (Störung)",
            "Локаційно втрачено",
        ],
    ),
    (
        "still_in_air",
        [
            "Still in the air",
            "Encore en vol",
            "Noch in der Luft",
            "Ще в повітрі",
        ],
    ),
    (
        "returned",
        ["Returned", "Repartis", "Umgekehrt", "Повернули назад"],
    ),
    (
        "hits",
        [
            "Locations hit",
            "Sites touchés",
            "Getroffene Orte",
            "Місця влучань",
        ],
    ),
    ("weapons", ["By kind", "Par type", "Nach Typ", "За типом"]),
    (
        "window",
        [
            "Hours covered",
            "Période couverte",
            "Erfasster Zeitraum",
            "Період",
        ],
    ),
    (
        "side",
        [
            "Launched by",
            "Lancés par",
            "Gestartet von",
            "Запускала сторона",
        ],
    ),
    (
        "reported_by",
        ["Claimed by", "Selon", "Angabe von", "За даними"],
    ),
    (
        "rolling_mean",
        [
            "Launched, 7-night mean",
            "Lancés, moyenne sur 7 nuits",
            "Gestartet, Mittel über 7 Nächte",
            "Запущено, середнє за 7 ночей",
        ],
    ),
    (
        "interception_rate",
        [
            "Interception rate (downed ÷ launched)",
            "Taux d’interception (abattus ÷ lancés)",
            "Abfangquote (abgeschossen ÷ gestartet)",
            "Частка збитих (збито ÷ запущено)",
        ],
    ),
    (
        "download",
        [
            "Download the data",
            "Télécharger les données",
            "Daten herunterladen",
            "Завантажити дані",
        ],
    ),
    ("side_russia", ["Russia", "Russie", "Russland", "Росія"]),
    ("side_ukraine", ["Ukraine", "Ukraine", "Ukraine", "Україна"]),
    (
        "side_unknown",
        [
            "Side not given",
            "Camp non précisé",
            "Seite nicht angegeben",
            "Сторону не вказано",
        ],
    ),
    (
        "by_side",
        [
            "Drones launched by",
            "Drones lancés par",
            "Drohnen gestartet von",
            "Дрони запускала сторона",
        ],
    ),
    (
        "chart_desc",
        [
            "Bars: drones launched, downed and lost each night by {side}, over {nights} with reports from {from} to {to}; the most launched in one night was {max}, on {day}. Lines: the 7-night mean of launched and the interception rate. Nights without a report are gaps. Every figure is in the table below.",
            "Barres : drones lancés, abattus et perdus chaque nuit par {side}, sur {nights} avec signalement du {from} au {to} ; au plus {max} lancés en une nuit, le {day}. Lignes : la moyenne sur 7 nuits des lancés et le taux d’interception. Les nuits sans signalement restent vides. Tous les chiffres figurent dans le tableau ci-dessous.",
            "Balken: gestartete, abgeschossene und verlorene Drohnen je Nacht, Seite {side}, {nights} mit Meldungen vom {from} bis {to}; höchstens {max} gestartet in einer Nacht, am {day}. Linien: das Mittel der gestarteten über 7 Nächte und die Abfangquote. Nächte ohne Meldung bleiben leer. Alle Zahlen stehen in der Tabelle darunter.",
            "Стовпці: дрони, які запустила сторона {side}, збиті й утрачені за кожну ніч; {nights} з повідомленнями з {from} до {to}; найбільше за ніч — {max}, {day}. Лінії: середнє запущених за 7 ночей і частка збитих. Ночі без повідомлень лишаються порожніми. Усі цифри — у таблиці нижче.",
        ],
    ),
    (
        "table",
        ["Every night", "Toutes les nuits", "Alle Nächte", "Усі ночі"],
    ),
    (
        "previous_day",
        [
            "Previous day",
            "Jour précédent",
            "Vorheriger Tag",
            "Попередній день",
        ],
    ),
    (
        "next_day",
        ["Next day", "Jour suivant", "Nächster Tag", "Наступний день"],
    ),
    (
        "other_days",
        ["Other days", "Autres jours", "Andere Tage", "Інші дні"],
    ),
    (
        "other_days_end",
        [
            "Other days (end of page)",
            "Autres jours (bas de page)",
            "Andere Tage (Seitenende)",
            "Інші дні (кінець сторінки)",
        ],
    ),
    (
        "all_days",
        ["All days", "Tous les jours", "Alle Tage", "Усі дні"],
    ),
];

/// Singular, few (Ukrainian 2–4) and many forms of a counted word.
const COUNTED: &[(&str, [[&str; 3]; 4])] = &[
    (
        "sources",
        [
            ["source", "sources", "sources"],
            ["source", "sources", "sources"],
            ["Quelle", "Quellen", "Quellen"],
            ["джерело", "джерела", "джерел"],
        ],
    ),
    (
        "reports",
        [
            ["report", "reports", "reports"],
            ["signalement", "signalements", "signalements"],
            ["Meldung", "Meldungen", "Meldungen"],
            ["повідомлення", "повідомлення", "повідомлень"],
        ],
    ),
    (
        "nights",
        [
            ["night", "nights", "nights"],
            ["nuit", "nuits", "nuits"],
            ["Nacht", "Nächte", "Nächte"],
            ["ніч", "ночі", "ночей"],
        ],
    ),
];

/// The index into [`LANGUAGES`] of a BCP 47 tag (its first part; English
/// when the theme does not speak it).
pub(crate) fn slot(lang: &str) -> usize {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    LANGUAGES.iter().position(|&l| l == base).unwrap_or(0)
}

/// The interface text `key` in `lang` (English when the language or key is unknown).
pub(crate) fn text(lang: &str, key: &str) -> &'static str {
    TEXT.iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, t)| t[slot(lang)])
}

/// `n` and the word `what` (`sources`, `reports`, `nights`) in its plural form for `lang`.
pub(crate) fn count(lang: &str, n: usize, what: &str) -> String {
    let i = slot(lang);
    let Some((_, forms)) = COUNTED.iter().find(|(k, _)| *k == what) else {
        return n.to_string();
    };
    let forms = forms[i];
    let form = match LANGUAGES[i] {
        "uk" => {
            let (ten, hundred) = (n % 10, n % 100);
            if ten == 1 && hundred != 11 {
                forms[0]
            } else if (2..=4).contains(&ten) && !(12..=14).contains(&hundred) {
                forms[1]
            } else {
                forms[2]
            }
        }
        "fr" if n <= 1 => forms[0],
        _ if n == 1 => forms[0],
        _ => forms[2],
    };
    format!("{n} {form}")
}

/// The name of a launching side in `lang`: the known ones translated, any
/// other as written with a capital.
pub(crate) fn side(lang: &str, side: Option<&str>) -> String {
    match side {
        None => text(lang, "side_unknown").to_string(),
        Some(s @ ("russia" | "ukraine")) => text(lang, &format!("side_{s}")).to_string(),
        Some(s) => {
            let words = s.replace('-', " ");
            let mut c = words.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        }
    }
}

/// Every text of `lang`, as the template value `t`.
pub(crate) fn strings(lang: &str) -> Value {
    let i = slot(lang);
    let map: BTreeMap<&str, Value> = TEXT.iter().map(|(k, t)| (*k, Value::from(t[i]))).collect();
    Value::from(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_given_in_every_language() {
        for (k, t) in TEXT {
            assert!(t.iter().all(|s| !s.is_empty()), "{k}");
        }
        let mut keys: Vec<&str> = TEXT.iter().map(|(k, _)| *k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), TEXT.len(), "a key is listed twice");
    }

    #[test]
    fn plural_forms() {
        assert_eq!(count("en", 1, "sources"), "1 source");
        assert_eq!(count("en", 0, "sources"), "0 sources");
        assert_eq!(count("fr", 0, "reports"), "0 signalement");
        assert_eq!(count("de", 3, "sources"), "3 Quellen");
        assert_eq!(count("uk", 1, "sources"), "1 джерело");
        assert_eq!(count("uk", 3, "sources"), "3 джерела");
        assert_eq!(count("uk", 5, "sources"), "5 джерел");
        assert_eq!(count("uk", 11, "sources"), "11 джерел");
        assert_eq!(count("uk", 21, "sources"), "21 джерело");
        assert_eq!(count("uk", 22, "nights"), "22 ночі");
    }

    #[test]
    fn sides() {
        assert_eq!(side("de", Some("russia")), "Russland");
        assert_eq!(side("en", Some("north-korea")), "North korea");
        assert_eq!(side("uk", None), "Сторону не вказано");
    }
}

//! The search interface's words in every language the theme speaks (en,
//! fr, de, uk). Templates get them as `site.search` (the masthead box) and
//! `search.text` (the search page, which passes them on to its script).

/// (key, English, French, German, Ukrainian). `{n}`, `{q}` and `{w}` are
/// filled in by the script.
const MESSAGES: &[(&str, &str, &str, &str, &str)] = &[
    ("label", "Search", "Rechercher", "Suche", "Пошук"),
    (
        "placeholder",
        "Search reports",
        "Rechercher dans les dépêches",
        "Meldungen durchsuchen",
        "Пошук у повідомленнях",
    ),
    ("submit", "Search", "Rechercher", "Suchen", "Шукати"),
    ("title", "Search", "Recherche", "Suche", "Пошук"),
    (
        "intro",
        "Type words to find reports: a word matches as a prefix, \"quotes\" match a phrase, -word leaves a word out.",
        "Tapez des mots : un mot vaut aussi pour ses suites, les \"guillemets\" cherchent une expression, -mot exclut un mot.",
        "Wörter eingeben: ein Wort findet auch längere Formen, \"Anführungszeichen\" suchen eine Wortfolge, -Wort schließt ein Wort aus.",
        "Введіть слова: слово знаходить і довші форми, \"лапки\" шукають фразу, -слово виключає слово.",
    ),
    ("topic", "Topic", "Thème", "Thema", "Тема"),
    (
        "any_topic",
        "All topics",
        "Tous les thèmes",
        "Alle Themen",
        "Усі теми",
    ),
    ("source", "Source", "Source", "Quelle", "Джерело"),
    (
        "any_source",
        "All sources",
        "Toutes les sources",
        "Alle Quellen",
        "Усі джерела",
    ),
    ("from", "From", "Du", "Von", "Від"),
    ("to", "To", "Au", "Bis", "До"),
    ("sort", "Order", "Ordre", "Reihenfolge", "Порядок"),
    (
        "relevance",
        "Best match",
        "Pertinence",
        "Beste Treffer",
        "За відповідністю",
    ),
    (
        "newest",
        "Newest first",
        "Plus récentes",
        "Neueste zuerst",
        "Спершу нові",
    ),
    ("filters", "Filters", "Filtres", "Filter", "Фільтри"),
    (
        "results_one",
        "1 report",
        "1 dépêche",
        "1 Meldung",
        "1 повідомлення",
    ),
    (
        "results_many",
        "{n} reports",
        "{n} dépêches",
        "{n} Meldungen",
        "Повідомлень: {n}",
    ),
    (
        "none",
        "No report matches {q}.",
        "Aucune dépêche ne correspond à {q}.",
        "Keine Meldung passt zu {q}.",
        "Немає повідомлень для {q}.",
    ),
    (
        "did_you_mean",
        "Did you mean {w}?",
        "Vouliez-vous dire {w} ?",
        "Meinten Sie {w}?",
        "Можливо, ви мали на увазі {w}?",
    ),
    (
        "drop_filters",
        "Search again without the filters",
        "Relancer sans les filtres",
        "Ohne Filter erneut suchen",
        "Шукати без фільтрів",
    ),
    (
        "fewer_words",
        "Try fewer or shorter words.",
        "Essayez moins de mots, ou des mots plus courts.",
        "Versuchen Sie weniger oder kürzere Wörter.",
        "Спробуйте менше або коротші слова.",
    ),
    (
        "typo",
        "Also showing near spellings: {w}.",
        "Orthographes proches incluses : {w}.",
        "Ähnliche Schreibweisen eingeschlossen: {w}.",
        "Також показано схожі написання: {w}.",
    ),
    (
        "loading",
        "Searching…",
        "Recherche…",
        "Suche läuft…",
        "Пошук…",
    ),
    (
        "more",
        "More results",
        "Plus de résultats",
        "Weitere Treffer",
        "Більше результатів",
    ),
    (
        "failed",
        "The search index could not be loaded.",
        "L’index de recherche n’a pas pu être chargé.",
        "Der Suchindex konnte nicht geladen werden.",
        "Не вдалося завантажити пошуковий індекс.",
    ),
    (
        "noscript",
        "Search needs JavaScript. Without it, browse the reports by topic, by day in the archive, or start from the latest day.",
        "La recherche a besoin de JavaScript. Sans lui, parcourez les dépêches par thème, par jour dans les archives, ou depuis le dernier jour.",
        "Die Suche braucht JavaScript. Ohne es finden Sie die Meldungen nach Thema, nach Tag im Archiv oder ab dem neuesten Tag.",
        "Для пошуку потрібен JavaScript. Без нього переглядайте повідомлення за темами, за днями в архіві або від останнього дня.",
    ),
    ("topics_link", "Topics", "Thèmes", "Themen", "Теми"),
    ("archive_link", "Archive", "Archives", "Archiv", "Архів"),
    (
        "latest_link",
        "Latest day",
        "Dernier jour",
        "Neuester Tag",
        "Останній день",
    ),
];

/// The interface's words in `lang` (a BCP 47 tag; its first part picks the
/// language, English when the theme does not speak it), by key.
pub(crate) fn messages(lang: &str) -> Vec<(&'static str, &'static str)> {
    // The same language rule as the theme's other text.
    let i = crate::render::i18n::slot(lang);
    MESSAGES
        .iter()
        .map(|&(key, en, fr, de, uk)| (key, [en, fr, de, uk][i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_and_placeholders_survive() {
        for (key, en, fr, de, uk) in MESSAGES {
            for t in [fr, de, uk] {
                assert!(!t.is_empty(), "{key}");
                for ph in ["{n}", "{q}", "{w}"] {
                    assert_eq!(en.contains(ph), t.contains(ph), "{key}: {t}");
                }
            }
        }
        assert_eq!(messages("fr-CA")[0], ("label", "Rechercher"));
        assert_eq!(messages("xx")[0], ("label", "Search"));
    }
}

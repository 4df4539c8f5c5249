//! Shared by the serve benchmarks: the article they edit, one in the middle
//! of the site's `content/` in path order.

use std::path::{Path, PathBuf};

/// The middle article of `root/content`, its text, and how many articles
/// there are.
pub(crate) fn middle_article(root: &Path) -> (PathBuf, String, usize) {
    let mut articles: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    articles.sort();
    let article = articles[articles.len() / 2].clone();
    let original = std::fs::read_to_string(&article).expect("read the article");
    (article, original, articles.len())
}

//! sitrep: a static site generator for a daily conflict digest.
//!
//! The data flow is `import` (raw text → Markdown files) → `content` (files →
//! pages) → `site` (pages → the model: days, topics, taxonomies, stories) →
//! `render` (model → HTML, feeds, sitemap through Tera) → `output` (disk or
//! memory). `build`, `check` and `serve` drive that flow.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diag;
pub mod import;
pub mod markdown;
pub mod output;
pub mod paths;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod timing;
pub mod walk;
pub mod zones;

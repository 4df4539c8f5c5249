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
pub(crate) mod markdown;
pub mod output;
pub(crate) mod paths;
pub(crate) mod publish;
pub(crate) mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub(crate) mod site;
pub(crate) mod timing;
pub(crate) mod walk;
pub mod zones;

// The entry points `main.rs` calls, named at the crate root.
pub use build::{BuildOptions, run as build_site};
pub use check::run as check_site;
pub use import::{ImportOptions, run as import_files};
pub use scaffold::new_site;
pub use serve::{ServeOptions, run as serve_site};

//! `sitrep build`.
use std::path::PathBuf;
/// Options shared by build, check and serve.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site root.
    pub root: PathBuf,
    /// Output folder (default ROOT/public).
    pub output: Option<PathBuf>,
    /// Override of base_url.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Print nothing but errors.
    pub quiet: bool,
}
/// Builds the site.
pub fn run(_opts: &BuildOptions) -> anyhow::Result<bool> {
    anyhow::bail!("not built yet")
}

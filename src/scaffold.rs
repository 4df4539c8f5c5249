//! `sitrep new`.
/// Scaffolds a site.
pub fn new_site(_dir: &std::path::Path) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}

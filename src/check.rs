//! `sitrep check`.
/// Checks the site.
pub fn run(_opts: &crate::build::BuildOptions) -> anyhow::Result<bool> {
    anyhow::bail!("not built yet")
}

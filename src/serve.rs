//! `sitrep serve`.
/// Serve options.
pub struct ServeOptions {
    /// Build options.
    pub build: crate::build::BuildOptions,
    /// Port.
    pub port: u16,
    /// Bind address.
    pub bind: String,
}
/// Serves the site.
pub fn run(_opts: &ServeOptions) -> anyhow::Result<bool> {
    anyhow::bail!("not built yet")
}

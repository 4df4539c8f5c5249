//! Phase timings for profiling: `SITREP_TIMINGS=1 sitrep build` prints how
//! long each phase took.

use std::time::Instant;

/// With `SITREP_TIMINGS` set, prints how long each phase of a build took
/// (to standard error), for profiling.
pub struct PhaseClock(Option<Instant>);

impl PhaseClock {
    /// A clock that runs only when `SITREP_TIMINGS` is set.
    pub fn from_env() -> PhaseClock {
        PhaseClock(std::env::var_os("SITREP_TIMINGS").map(|_| Instant::now()))
    }

    /// Prints the time since the last lap, named `phase`.
    pub fn lap(&mut self, phase: &str) {
        if let Some(start) = &mut self.0 {
            eprintln!(
                "{:>8.1} ms  {:>6} MB  {phase}",
                start.elapsed().as_secs_f64() * 1e3,
                resident_mb().map_or_else(|| "?".into(), |m| m.to_string())
            );
            *start = Instant::now();
        }
    }
}

/// Resident memory of this process in MB, where the system tells it (Linux).
fn resident_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

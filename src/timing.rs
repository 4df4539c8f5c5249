//! Phase timings for profiling: `SITREP_TIMINGS=1 sitrep build` prints how
//! long each phase took.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// With `SITREP_TIMINGS` set, prints how long each phase of a build took
/// (to standard error), for profiling.
pub(crate) struct PhaseClock(Option<(Instant, f64)>);

impl PhaseClock {
    /// A clock that runs only when `SITREP_TIMINGS` is set.
    pub(crate) fn from_env() -> PhaseClock {
        PhaseClock(std::env::var_os("SITREP_TIMINGS").map(|_| (Instant::now(), cpu_seconds())))
    }

    /// Prints the time since the last lap, named `phase`.
    pub(crate) fn lap(&mut self, phase: &str) {
        if let Some((start, cpu)) = &mut self.0 {
            let now = cpu_seconds();
            let mb = |key| memory_mb(key).map_or_else(|| "?".into(), |m| m.to_string());
            eprintln!(
                "{:>8.1} ms  {:>6.1} CPU ms  {:>6} MB (peak {:>4} MB)  {phase}",
                start.elapsed().as_secs_f64() * 1e3,
                (now - *cpu) * 1e3,
                mb("VmRSS:"),
                mb("VmHWM:"),
            );
            *start = Instant::now();
            *cpu = now;
        }
    }
}

/// Resident memory of this process in MB, where the system tells it
/// (Linux): now (`VmRSS:`) or at its peak (`VmHWM:`).
fn memory_mb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// Time spent per template (rendering and writing), when `SITREP_TIMINGS` is set.
#[derive(Default)]
pub(crate) struct TemplateTimes(
    Option<std::sync::Mutex<BTreeMap<&'static str, (usize, Duration)>>>,
);

impl TemplateTimes {
    /// Collects only when `SITREP_TIMINGS` is set.
    pub(crate) fn from_env() -> TemplateTimes {
        TemplateTimes(std::env::var_os("SITREP_TIMINGS").map(|_| Default::default()))
    }

    /// Starts timing one file (`None` when not collecting).
    pub(crate) fn start(&self) -> Option<Instant> {
        self.0.as_ref().map(|_| Instant::now())
    }

    /// Adds the time since `start` to `template`.
    pub(crate) fn record(&self, template: &'static str, start: Option<Instant>) {
        if let (Some(times), Some(start)) = (&self.0, start)
            && let Ok(mut times) = times.lock()
        {
            let t = times.entry(template).or_default();
            t.0 += 1;
            t.1 += start.elapsed();
        }
    }

    /// Prints the totals, most expensive first (CPU time summed over threads).
    pub(crate) fn print(&self) {
        let Some(Ok(times)) = self.0.as_ref().map(|t| t.lock()) else {
            return;
        };
        let mut rows: Vec<_> = times.iter().collect();
        rows.sort_by_key(|(_, (_, d))| std::cmp::Reverse(*d));
        for (name, (n, d)) in rows {
            eprintln!(
                "          {:>8.1} ms in {n:>6} files  {name}",
                d.as_secs_f64() * 1e3
            );
        }
    }
}

/// CPU time of this process so far (user and system, all threads), where
/// the system tells it (Unix, to the microsecond); 0 elsewhere.
fn cpu_seconds() -> f64 {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return 0.0;
        }
        let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
    #[cfg(not(unix))]
    0.0
}

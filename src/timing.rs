//! Phase timings for profiling: with `JOINEDUP_TIMINGS=1` in the environment,
//! each phase of a run prints how long it took to stderr. Off by default, so
//! output stays clean and deterministic.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("JOINEDUP_TIMINGS").is_some_and(|v| v != "0"))
}

/// Runs `f`, and prints `phase: N ms` when timings are on.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let started = Instant::now();
    let out = f();
    eprintln!(
        "timing: {name}: {:.0} ms{}",
        started.elapsed().as_secs_f64() * 1000.0,
        resident_mib().map_or_else(String::new, |(m, peak)| format!(
            ", {m} MiB resident after (peak {peak} MiB)"
        ))
    );
    out
}

/// The process's resident memory now and at its peak so far (Linux only), in MiB.
fn resident_mib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib = |field: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((kib("VmRSS:")? / 1024, kib("VmHWM:")? / 1024))
}

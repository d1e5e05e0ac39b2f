//! Running `joinedup` as a process and measuring the processor time it used
//! (user and system, all its threads), not the wall-clock time: a test that a
//! hostile input is refused "quickly" asks how much work it cost, which a busy
//! machine (other tests, a parallel build) does not inflate as it does the
//! time on the clock.

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Clock ticks per second in `/proc/<pid>/stat` (`USER_HZ`, 100 on Linux).
const TICKS_PER_SECOND: u64 = 100;

/// Runs `joinedup` with `args` and returns what it printed and the processor
/// time it used. Panics if it is still running after `limit` of wall-clock
/// time (a hang, not a slow machine).
pub fn run_cpu<S: AsRef<OsStr>>(args: &[S], limit: Duration) -> (Output, Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run joinedup");
    // Read what it prints as it prints it: a full pipe would stop it.
    let stdout = drain(child.stdout.take().expect("stdout"));
    let stderr = drain(child.stderr.take().expect("stderr"));
    let cpu = cpu_at_exit(&mut child, limit);
    let status = child.wait().expect("wait for joinedup");
    let output = Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    };
    (output, cpu)
}

fn drain(mut from: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        from.read_to_end(&mut bytes)
            .expect("read joinedup's output");
        bytes
    })
}

/// Waits until the child has exited but is not yet reaped (a zombie, whose
/// `/proc` entry still holds its times) and returns its user + system time.
fn cpu_at_exit(child: &mut Child, limit: Duration) -> Duration {
    let stat = format!("/proc/{}/stat", child.id());
    let started = Instant::now();
    loop {
        let text = fs::read_to_string(&stat).expect("read /proc/<pid>/stat");
        // The fields after the command's name (in parentheses, which may
        // hold spaces): state is the 3rd field, utime and stime the 14th and 15th.
        let after = &text[text.rfind(')').expect("stat's command name") + 2..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        if fields[0] == "Z" {
            let ticks: u64 = fields[11].parse::<u64>().expect("utime")
                + fields[12].parse::<u64>().expect("stime");
            return Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("joinedup did not finish within {limit:?}");
        }
        thread::sleep(Duration::from_millis(10));
    }
}

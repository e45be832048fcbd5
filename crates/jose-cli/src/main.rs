//! The `jose` binary: see [`jose_cli::run`].

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let status = jose_cli::run(
        std::env::args_os(),
        &mut stdin.lock(),
        &mut out,
        &mut stderr.lock(),
    );
    let _ = out.flush();
    ExitCode::from(status)
}

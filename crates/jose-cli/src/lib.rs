#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// No arithmetic an input can reach may wrap or panic: lengths and counts use checked or
// saturating operations (unit tests are exempt).
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

mod error;
mod input;
mod inspect;
mod jwe;
mod jws;
mod jwt;
mod key;

use std::ffi::OsString;
use std::io::{Read, Write};

use clap::{Parser, Subcommand};

pub use error::CliError;

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: the token or input was judged invalid.
pub const EXIT_INVALID: u8 = 1;
/// Exit status: usage error, or an unusable key or file.
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "jose",
    version,
    about = "JOSE from the command line: JWK, JWS, JWE, JWT",
    args_override_self = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate, convert, inspect and join keys.
    #[command(subcommand)]
    Key(key::KeyCommand),
    /// Sign and verify JWS (compact, flattened and general JSON).
    #[command(subcommand)]
    Jws(jws::JwsCommand),
    /// Encrypt and decrypt JWE (compact, flattened and general JSON).
    #[command(subcommand)]
    Jwe(jwe::JweCommand),
    /// Sign, verify and encrypt JWTs.
    #[command(subcommand)]
    Jwt(jwt::JwtCommand),
    /// Show a JWS's or JWE's header and payload WITHOUT verifying anything.
    Inspect {
        /// The token file (standard input when absent).
        file: Option<std::path::PathBuf>,
    },
    /// Generate keys, sign a JWT, encrypt it, decrypt and verify it, printing each stage.
    Demo,
}

/// Runs the command line on `args` (the first being the program name) with the given streams,
/// and returns the exit status: 0 success, 1 invalid input, 2 usage error or unusable key.
/// On failure the first line written to `stderr` is `error: <code>: <message>`.
pub fn run<I, T>(
    args: I,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e, stdout, stderr),
    };
    let result = match cli.command {
        Command::Key(command) => key::run(command, stdin, stdout),
        Command::Jws(command) => jws::run(command, stdin, stdout),
        Command::Jwe(command) => jwe::run(command, stdin, stdout),
        Command::Jwt(command) => jwt::run(command, stdin, stdout),
        Command::Inspect { file } => inspect::inspect(file.as_deref(), stdin, stdout, stderr),
        Command::Demo => inspect::demo(stdout),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(stderr, "error: {}: {}", e.code(), e.message());
            e.exit_status()
        }
    }
}

fn clap_error(e: &clap::Error, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = write!(stdout, "{}", e.render());
            EXIT_OK
        }
        _ => {
            let rendered = e.render().to_string();
            let mut lines = rendered.lines();
            let first = lines.next().unwrap_or_default();
            let first = first.strip_prefix("error: ").unwrap_or(first);
            let _ = writeln!(stderr, "error: usage: {first}");
            for line in lines {
                let _ = writeln!(stderr, "{line}");
            }
            EXIT_USAGE
        }
    }
}

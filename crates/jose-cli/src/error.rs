//! The command line's errors: a stable code (the library's error kinds plus `usage` and `io`)
//! and the exit status it maps to.

use jose_core::{Error, ErrorKind};

use crate::{EXIT_INVALID, EXIT_USAGE};

/// An error of the command line.
#[derive(Debug)]
pub struct CliError {
    code: &'static str,
    message: String,
    exit: u8,
}

impl CliError {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: "usage",
            message: message.into(),
            exit: EXIT_USAGE,
        }
    }

    /// A file that cannot be read or written (exit 2).
    pub fn io(what: &str, e: &std::io::Error) -> Self {
        Self {
            code: "io",
            message: format!("{what}: {e}"),
            exit: EXIT_USAGE,
        }
    }

    /// A library error met while reading or using a key file: always exit 2.
    pub fn key(e: &Error) -> Self {
        Self {
            code: cli_code(e.kind()),
            message: e.message().to_owned(),
            exit: EXIT_USAGE,
        }
    }

    /// A library error while judging input (verifying, decrypting): exit 1, but exit 2 for
    /// `invalid-key` (the caller's key cannot serve).
    pub fn judged(e: &Error) -> Self {
        let exit = match e.kind() {
            ErrorKind::InvalidKey | ErrorKind::InvalidConfiguration | ErrorKind::Unavailable => {
                EXIT_USAGE
            }
            _ => EXIT_INVALID,
        };
        Self::from_kind(e, exit)
    }

    /// A library error while producing output (signing, encrypting): exit 2 for
    /// `invalid-key` and `no-matching-key`, 1 otherwise.
    pub fn signing(e: &Error) -> Self {
        let exit = match e.kind() {
            ErrorKind::InvalidKey
            | ErrorKind::InvalidConfiguration
            | ErrorKind::NoMatchingKey
            | ErrorKind::Unavailable => EXIT_USAGE,
            _ => EXIT_INVALID,
        };
        Self::from_kind(e, exit)
    }

    fn from_kind(e: &Error, exit: u8) -> Self {
        Self {
            code: cli_code(e.kind()),
            message: e.message().to_owned(),
            exit,
        }
    }

    /// The stable code printed after `error: `.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The message for people.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The exit status.
    #[must_use]
    pub fn exit_status(&self) -> u8 {
        self.exit
    }
}

/// The code the CLI prints for a kind: the library's, but `io` for `unavailable` (cli.md: a
/// JWK Set that cannot be fetched is reported as a key file that cannot be read).
fn cli_code(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Unavailable => "io",
        // A URL the CLI will not fetch: its one setting of this kind, `invalid-key` as
        // docs/cli.md has always said.
        ErrorKind::InvalidConfiguration => "invalid-key",
        other => other.code(),
    }
}

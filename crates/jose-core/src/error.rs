//! One error type for the whole toolkit, whose kinds are the stable codes of the CLI.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

/// What went wrong, as one stable value. Each kind has a code (see [`ErrorKind::code`]) that the
/// `jose` command line prints and that programs may match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not a well-formed JWS, JWE, JWT, JWK or JSON document.
    Malformed,
    /// An `alg`, `enc`, `zip`, `crv` or `kty` this toolkit does not implement.
    UnsupportedAlgorithm,
    /// The algorithm is not in the caller's allow-list (this includes `none`).
    AlgorithmNotAllowed,
    /// No key fits the token's `kid`, `alg` or `use`.
    NoMatchingKey,
    /// The key is unusable: wrong type, too short, not on the curve, private part missing,
    /// or its `use`/`key_ops` forbid the operation.
    InvalidKey,
    /// The signature does not verify.
    InvalidSignature,
    /// The JWE does not decrypt or authenticate (one kind for every cause).
    DecryptionFailed,
    /// A `crit` header names an extension this toolkit does not understand.
    CritUnsupported,
    /// A safety limit was hit (see [`crate::Limits`]).
    LimitExceeded,
    /// `exp` is in the past, beyond the leeway.
    Expired,
    /// `nbf` is in the future, beyond the leeway.
    NotYetValid,
    /// `iat` is in the future, beyond the leeway.
    IssuedInFuture,
    /// `iss` does not match.
    InvalidIssuer,
    /// `aud` does not contain an accepted audience.
    InvalidAudience,
    /// A required claim is absent (or blank where blanks are not allowed).
    MissingClaim,
    /// A claim has the wrong type or a value outside what is accepted.
    InvalidClaim,
    /// The `typ` header is not the expected one.
    InvalidType,
    /// The keys could not be had: a remote JWK Set could not be fetched (network error,
    /// timeout, an HTTP error status, a refused redirect) and no usable copy is cached. Its code
    /// is `unavailable`; the CLI reports it as `io`, as it does a key file it cannot read.
    Unavailable,
    /// The caller's own settings cannot work, whatever the token: an empty allow-list, a JWK
    /// Set URL that does not parse or is not `https://`, an empty `kid` given to a key. Found
    /// where the setting is made, not token by token.
    InvalidConfiguration,
}

/// Whose problem an error of verification or decryption is: what a server answers for it.
/// See [`ErrorKind::fault`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fault {
    /// The token (or the request that carried it) is bad: answer 401 (RFC 6750 §3.1,
    /// `invalid_token`).
    Token,
    /// The verifier's own configuration is wrong, whatever the token: a key that cannot serve
    /// an allowed algorithm, a key that does not parse. Answer 500, and fix the configuration.
    Configuration,
    /// Something the verifier depends on is down (a JWK Set that cannot be fetched, with no
    /// copy to serve): answer 503, and retry later.
    Dependency,
}

impl Fault {
    /// The HTTP status a server answers with: 401, 500 or 503.
    #[must_use]
    pub const fn http_status(self) -> u16 {
        match self {
            Self::Token => 401,
            Self::Configuration => 500,
            Self::Dependency => 503,
        }
    }
}

impl ErrorKind {
    /// The stable code of this kind, as the `jose` CLI prints it (`error: <code>: ...`).
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::UnsupportedAlgorithm => "unsupported-algorithm",
            Self::AlgorithmNotAllowed => "algorithm-not-allowed",
            Self::NoMatchingKey => "no-matching-key",
            Self::InvalidKey => "invalid-key",
            Self::InvalidSignature => "invalid-signature",
            Self::DecryptionFailed => "decryption-failed",
            Self::CritUnsupported => "crit-unsupported",
            Self::LimitExceeded => "limit-exceeded",
            Self::Expired => "expired",
            Self::NotYetValid => "not-yet-valid",
            Self::IssuedInFuture => "issued-in-future",
            Self::InvalidIssuer => "invalid-issuer",
            Self::InvalidAudience => "invalid-audience",
            Self::MissingClaim => "missing-claim",
            Self::InvalidClaim => "invalid-claim",
            Self::InvalidType => "invalid-type",
            Self::Unavailable => "unavailable",
            Self::InvalidConfiguration => "invalid-configuration",
        }
    }

    /// Whose problem this kind is when it comes out of verifying or decrypting a token: the
    /// token's ([`Fault::Token`]: every kind a token can cause, `malformed`,
    /// `no-matching-key` and `limit-exceeded` included), the verifier's configuration
    /// ([`Fault::Configuration`]: `invalid-key`, its own key unusable, and
    /// `invalid-configuration`), or a dependency's
    /// ([`Fault::Dependency`]: `unavailable`). Out of other calls (reading a key file,
    /// signing) every kind is the caller's.
    ///
    /// ```
    /// use jose_core::{ErrorKind, Fault};
    /// assert_eq!(ErrorKind::Expired.fault().http_status(), 401);
    /// assert_eq!(ErrorKind::InvalidKey.fault(), Fault::Configuration);
    /// assert_eq!(ErrorKind::Unavailable.fault().http_status(), 503);
    /// ```
    #[must_use]
    pub const fn fault(self) -> Fault {
        match self {
            Self::InvalidKey | Self::InvalidConfiguration => Fault::Configuration,
            Self::Unavailable => Fault::Dependency,
            Self::Malformed
            | Self::UnsupportedAlgorithm
            | Self::AlgorithmNotAllowed
            | Self::NoMatchingKey
            | Self::InvalidSignature
            | Self::DecryptionFailed
            | Self::CritUnsupported
            | Self::LimitExceeded
            | Self::Expired
            | Self::NotYetValid
            | Self::IssuedInFuture
            | Self::InvalidIssuer
            | Self::InvalidAudience
            | Self::MissingClaim
            | Self::InvalidClaim
            | Self::InvalidType => Fault::Token,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

type Source = Box<dyn core::error::Error + Send + Sync + 'static>;

struct Inner {
    kind: ErrorKind,
    message: Cow<'static, str>,
    source: Option<Source>,
}

/// The error of every JOSE crate: a kind, a message for people, and an optional source.
///
/// Match on [`Error::kind`], never on the message. Messages never contain key material or a
/// whole token; [`ErrorKind::InvalidSignature`] and [`ErrorKind::DecryptionFailed`] say nothing
/// beyond their name.
pub struct Error(Box<Inner>);

/// The longest error message, in bytes: longer ones are cut (with `…`).
pub const MAX_MESSAGE_BYTES: usize = 512;

/// How many characters of an input value an error message shows.
pub const ECHO_CHARS: usize = 32;

/// An input value as an error message shows it: its first [`ECHO_CHARS`] characters with
/// control characters and quotes escaped, then `…` when it was longer. Every value that comes
/// from a token, a key or a key set goes through it (a `kid`, a member name, a `crit` entry).
#[must_use]
pub fn echo(value: &str) -> Echo<'_> {
    Echo(value)
}

/// See [`echo`].
#[derive(Clone, Copy)]
pub struct Echo<'a>(&'a str);

impl fmt::Display for Echo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(ECHO_CHARS) {
            write!(f, "{}", c.escape_debug())?;
        }
        if chars.next().is_some() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Echo<'_> {
    /// Quoted, as `{:?}` shows a string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// The result type of the JOSE crates.
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// An error of `kind` with a message (a lowercase phrase naming what was wrong).
    #[must_use]
    pub fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        let mut message = message.into();
        // A backstop for a value echoed without `echo`: no message grows with the input.
        if message.len() > MAX_MESSAGE_BYTES {
            let mut end = MAX_MESSAGE_BYTES;
            while !message.is_char_boundary(end) {
                end = end.saturating_sub(1);
            }
            let mut cut = String::from(message.get(..end).unwrap_or_default());
            cut.push('…');
            message = Cow::Owned(cut);
        }
        Self(Box::new(Inner {
            kind,
            message,
            source: None,
        }))
    }

    /// The same error with `source` as its cause.
    #[must_use]
    pub fn with_source(mut self, source: impl core::error::Error + Send + Sync + 'static) -> Self {
        self.0.source = Some(Box::new(source));
        self
    }

    /// Wraps `self` in a new error of the same kind with a message giving context; the
    /// original becomes the source.
    #[must_use]
    pub fn context(self, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(self.kind(), message).with_source(self)
    }

    /// The kind of this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The message for people.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Shorthand for [`ErrorKind::Malformed`].
    #[must_use]
    pub fn malformed(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Malformed, message)
    }

    /// Shorthand for [`ErrorKind::InvalidKey`].
    #[must_use]
    pub fn invalid_key(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::InvalidKey, message)
    }

    /// Shorthand for [`ErrorKind::InvalidConfiguration`].
    #[must_use]
    pub fn configuration(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::InvalidConfiguration, message)
    }

    /// Shorthand for [`ErrorKind::UnsupportedAlgorithm`].
    #[must_use]
    pub fn unsupported(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::UnsupportedAlgorithm, message)
    }

    /// Shorthand for [`ErrorKind::LimitExceeded`].
    #[must_use]
    pub fn limit(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::LimitExceeded, message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.0.kind)
            .field("message", &self.0.message);
        if let Some(source) = &self.0.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.kind.code(), self.0.message)
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|s| s as &(dyn core::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::error::Error as _;

    #[test]
    fn codes_are_the_cli_contract() {
        assert_eq!(ErrorKind::NoMatchingKey.code(), "no-matching-key");
        assert_eq!(ErrorKind::CritUnsupported.code(), "crit-unsupported");
        assert_eq!(ErrorKind::IssuedInFuture.code(), "issued-in-future");
        assert_eq!(ErrorKind::Unavailable.code(), "unavailable");
        assert_eq!(
            ErrorKind::InvalidConfiguration.code(),
            "invalid-configuration"
        );
    }

    #[test]
    fn faults_say_whose_problem_and_what_a_server_answers() {
        // The caller's own key is never the token's fault: a server answers 500, not 401.
        assert_eq!(ErrorKind::InvalidKey.fault(), Fault::Configuration);
        assert_eq!(ErrorKind::InvalidKey.fault().http_status(), 500);
        assert_eq!(ErrorKind::Unavailable.fault(), Fault::Dependency);
        assert_eq!(ErrorKind::Unavailable.fault().http_status(), 503);
        for kind in [
            ErrorKind::Malformed,
            ErrorKind::NoMatchingKey,
            ErrorKind::AlgorithmNotAllowed,
            ErrorKind::InvalidSignature,
            ErrorKind::DecryptionFailed,
            ErrorKind::LimitExceeded,
            ErrorKind::Expired,
            ErrorKind::InvalidAudience,
        ] {
            assert_eq!(kind.fault().http_status(), 401, "{kind}");
        }
    }

    #[test]
    fn context_keeps_kind_and_source() {
        let inner = Error::invalid_key("`n` is 1024 bits");
        let outer = inner.context("while reading key 3 of the set");
        assert_eq!(outer.kind(), ErrorKind::InvalidKey);
        assert!(outer.source().is_some());
        assert_eq!(
            alloc::format!("{outer}"),
            "invalid-key: while reading key 3 of the set"
        );
    }
}

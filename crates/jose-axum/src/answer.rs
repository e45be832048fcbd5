//! The answers of RFC 6750 §3: the status, and the `WWW-Authenticate` challenge.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum_core::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{HeaderValue, WWW_AUTHENTICATE};
use jose_core::{Error, ErrorKind, Fault};

/// Why a request was refused: what the guard answers, as RFC 6750 §3 says.
///
/// | Case | Status | `WWW-Authenticate` |
/// |---|---|---|
/// | no bearer token | 401 | `Bearer realm="…"` |
/// | a malformed request (two headers, no token after `Bearer`) | 400 | `…, error="invalid_request"` |
/// | a token that does not verify or validate | 401 | `…, error="invalid_token"` |
/// | a token without a scope the route needs | 403 | `…, error="insufficient_scope", scope="…"` |
/// | the server's own configuration (an unusable key) | 500 | none |
/// | the keys cannot be had (a JWK Set down, no stale copy) | 503 | none |
///
/// The `error_description` comes from the error's kind alone: never the token, a key, or
/// the message of a cryptographic failure. The 5xx answers are logged (with `tracing`, at
/// `error` and `warn`, at most once a second each, with the count of those left out), with
/// the error's kind and message, which name no secret.
#[derive(Debug, Clone)]
pub struct Rejection {
    status: StatusCode,
    challenge: Option<HeaderValue>,
}

/// `error_description` for a token refused with `kind`: fixed text, in the `NQSCHAR` set of
/// RFC 6750 §3.
fn describe(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Malformed => "the token is malformed",
        ErrorKind::UnsupportedAlgorithm => "the token's algorithm is not supported",
        ErrorKind::AlgorithmNotAllowed => "the token's algorithm is not accepted",
        ErrorKind::NoMatchingKey => "no key here verifies the token",
        ErrorKind::InvalidSignature => "the token's signature does not verify",
        ErrorKind::CritUnsupported => "the token has a critical header this server does not know",
        ErrorKind::LimitExceeded => "the token is too large or too deep",
        ErrorKind::Expired => "the token has expired",
        ErrorKind::NotYetValid => "the token is not valid yet",
        ErrorKind::IssuedInFuture => "the token is issued in the future",
        ErrorKind::InvalidIssuer => "the token's issuer is not accepted",
        ErrorKind::InvalidAudience => "the token is not meant for this audience",
        ErrorKind::MissingClaim => "the token lacks a required claim",
        ErrorKind::InvalidClaim => "a claim of the token is not accepted",
        ErrorKind::InvalidType => "the token's type is not accepted",
        _ => "the token is not accepted",
    }
}

/// The second (since the epoch) each kind of server-side fault was last logged, and how many
/// were not logged since: a client that can provoke a 500 or a 503 (a token naming the `kid`
/// of a misconfigured key, an unknown `kid` while the issuer is down) cannot flood the log.
static DEPENDENCY_LOGGED: AtomicU64 = AtomicU64::new(0);
static DEPENDENCY_SUPPRESSED: AtomicU64 = AtomicU64::new(0);
static CONFIGURATION_LOGGED: AtomicU64 = AtomicU64::new(0);
static CONFIGURATION_SUPPRESSED: AtomicU64 = AtomicU64::new(0);

/// Whether to log now (at most once a second), with how many were suppressed before.
fn throttle(logged: &AtomicU64, suppressed: &AtomicU64) -> Option<u64> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let last = logged.load(Ordering::Relaxed);
    if now > last
        && logged
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        Some(suppressed.swap(0, Ordering::Relaxed))
    } else {
        suppressed.fetch_add(1, Ordering::Relaxed);
        None
    }
}

impl Rejection {
    fn challenge(realm: &str, params: &[(&str, &str)]) -> Option<HeaderValue> {
        let mut value = format!("Bearer realm=\"{realm}\"");
        for (name, v) in params {
            let _ = write!(value, ", {name}=\"{v}\"");
        }
        // The realm was checked when the guard was built, the rest is fixed text or a
        // scope token: always a valid header value. Were it not, the answer keeps a
        // challenge (RFC 6750 §3: a 401 carries one).
        Some(HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("Bearer")))
    }

    /// No bearer token: 401 with the challenge alone (RFC 6750 §3.1: no error code).
    pub(crate) fn no_token(realm: &str) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            challenge: Self::challenge(realm, &[]),
        }
    }

    /// A malformed request: 400 `invalid_request`.
    pub(crate) fn invalid_request(realm: &str, why: &'static str) -> Self {
        tracing::debug!(why, "refused a bearer request (invalid_request)");
        Self {
            status: StatusCode::BAD_REQUEST,
            challenge: Self::challenge(
                realm,
                &[("error", "invalid_request"), ("error_description", why)],
            ),
        }
    }

    /// A token missing some of `scopes`: 403 `insufficient_scope`.
    pub(crate) fn insufficient_scope(realm: &str, scopes: &[Arc<str>]) -> Self {
        let scope = scopes.iter().map(|s| &**s).collect::<Vec<_>>().join(" ");
        Self {
            status: StatusCode::FORBIDDEN,
            challenge: Self::challenge(
                realm,
                &[
                    ("error", "insufficient_scope"),
                    (
                        "error_description",
                        "the token lacks a scope this resource needs",
                    ),
                    ("scope", &scope),
                ],
            ),
        }
    }

    /// The answer to an error of verification or validation, by its [`Fault`].
    pub(crate) fn from_error(realm: &str, error: &Error) -> Self {
        let kind = error.kind();
        match kind.fault() {
            Fault::Token => {
                tracing::debug!(kind = kind.code(), "refused a bearer token");
                Self {
                    status: StatusCode::UNAUTHORIZED,
                    challenge: Self::challenge(
                        realm,
                        &[
                            ("error", "invalid_token"),
                            ("error_description", describe(kind)),
                        ],
                    ),
                }
            }
            Fault::Dependency => {
                if let Some(suppressed) = throttle(&DEPENDENCY_LOGGED, &DEPENDENCY_SUPPRESSED) {
                    tracing::warn!(
                        kind = kind.code(),
                        message = error.message(),
                        suppressed,
                        "the keys to verify bearer tokens cannot be had"
                    );
                }
                Self::bare(StatusCode::SERVICE_UNAVAILABLE)
            }
            _ => {
                if let Some(suppressed) = throttle(&CONFIGURATION_LOGGED, &CONFIGURATION_SUPPRESSED)
                {
                    tracing::error!(
                        kind = kind.code(),
                        message = error.message(),
                        suppressed,
                        "the bearer-token guard is misconfigured"
                    );
                }
                Self::bare(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }

    /// A route's own misconfiguration (an extractor with no guard in front): 500, logged.
    pub(crate) fn misconfigured(why: &'static str) -> Self {
        tracing::error!(why, "the bearer-token guard is misconfigured");
        Self::bare(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn bare(status: StatusCode) -> Self {
        Self {
            status,
            challenge: None,
        }
    }

    /// The status: 400, 401, 403, 500 or 503.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `WWW-Authenticate` challenge (none for 500 and 503).
    #[must_use]
    pub fn www_authenticate(&self) -> Option<&HeaderValue> {
        self.challenge.as_ref()
    }

    /// The answer as an HTTP response with an empty body of any type (for tower services
    /// other than axum's).
    #[must_use]
    pub fn to_response<B: Default>(&self) -> http::Response<B> {
        let mut response = http::Response::new(B::default());
        *response.status_mut() = self.status;
        if let Some(challenge) = &self.challenge {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, challenge.clone());
        }
        response
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        self.to_response()
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused with {}", self.status)
    }
}

impl std::error::Error for Rejection {}

//! From an issuer's URL to its JWK Set: OpenID Connect Discovery 1.0 and OAuth 2.0
//! Authorization Server Metadata (RFC 8414).
//!
//! [`discover`] fetches the issuer's metadata document, requires the `issuer` it names to
//! equal the configured issuer exactly (OpenID Connect Discovery §4.3, RFC 8414 §3.3: a
//! document that names another issuer is refused, whatever else it says), and returns its
//! `jwks_uri`, which must pass the same rules as any JWK Set URL (`https://`, or `http://`
//! to a loopback address). The metadata is fetched once; the JWK Set it points to is then
//! served as any remote set, with its cache, cooldown and stale-if-error.
//!
//! ```no_run
//! use jose_jwks_http::discover;
//!
//! let discovered = discover("https://id.example.com")?;
//! let jwks = discovered.remote_jwk_set()?; // a KeySource, cached
//! # let _ = jwks;
//! # Ok::<(), jose_core::Error>(())
//! ```

use jose_core::{Error, ErrorKind, Limits, Result, json};
use jose_jwk::remote::{CachePolicy, Fetch, RemoteJwkSet};
use serde_json::Value;

use crate::{HttpFetcher, HttpOptions, Origin};

/// Which metadata document named the JWK Set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WellKnown {
    /// `/.well-known/openid-configuration` after the issuer's path (OpenID Connect
    /// Discovery §4.1).
    OpenIdConfiguration,
    /// `/.well-known/oauth-authorization-server` before the issuer's path (RFC 8414 §3.1).
    OAuthAuthorizationServer,
}

/// What discovery found: the issuer (as configured, and as its metadata names it) and the
/// URL of its JWK Set.
#[derive(Debug, Clone)]
pub struct Discovered {
    issuer: String,
    jwks_uri: String,
    document: WellKnown,
    options: HttpOptions,
}

impl Discovered {
    /// The issuer: both the one configured and the one the metadata names (they are equal).
    #[must_use]
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The JWK Set's URL (`jwks_uri`).
    #[must_use]
    pub fn jwks_uri(&self) -> &str {
        &self.jwks_uri
    }

    /// Which document named it.
    #[must_use]
    pub fn document(&self) -> WellKnown {
        self.document
    }

    /// A fetcher of the JWK Set, with the options discovery used.
    ///
    /// # Errors
    /// As [`HttpFetcher::with_options`] (never, for a `jwks_uri` discovery accepted).
    pub fn fetcher(&self) -> Result<HttpFetcher> {
        HttpFetcher::with_options(&self.jwks_uri, self.options.clone())
    }

    /// The JWK Set, cached under the default [`CachePolicy`]: a
    /// [`KeySource`](jose_jwk::KeySource) for blocking code.
    ///
    /// # Errors
    /// As [`Discovered::fetcher`].
    pub fn remote_jwk_set(&self) -> Result<RemoteJwkSet<HttpFetcher>> {
        Ok(RemoteJwkSet::new(self.fetcher()?, CachePolicy::default()))
    }
}

/// The metadata URLs of `issuer`, in the order they are tried.
fn well_known_urls(issuer: &str) -> Result<[(WellKnown, String); 2]> {
    let unusable = |why: &str| {
        Error::new(
            ErrorKind::InvalidConfiguration,
            format!("the issuer {issuer:?} {why}"),
        )
    };
    Origin::of(issuer).map_err(|_| {
        unusable(
            "is not an https:// URL (http:// only to a loopback address), or has user information",
        )
    })?;
    if issuer.contains(['?', '#']) {
        return Err(unusable("must have no query or fragment"));
    }
    // OpenID Connect Discovery §4.1: one trailing `/` of the issuer is removed.
    let trimmed = issuer.strip_suffix('/').unwrap_or(issuer);
    let openid = format!("{trimmed}/.well-known/openid-configuration");
    // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
    let after_scheme = trimmed.find("://").map_or(0, |i| i.saturating_add(3));
    let (origin, path) = match trimmed.get(after_scheme..).and_then(|rest| rest.find('/')) {
        Some(slash) => trimmed.split_at(after_scheme.saturating_add(slash)),
        None => (trimmed, ""),
    };
    let oauth = format!("{origin}/.well-known/oauth-authorization-server{path}");
    Ok([
        (WellKnown::OpenIdConfiguration, openid),
        (WellKnown::OAuthAuthorizationServer, oauth),
    ])
}

/// Discovers `issuer`'s JWK Set with the default [`HttpOptions`] (see the
/// [module](self)).
///
/// # Errors
/// As [`discover_with_options`].
pub fn discover(issuer: &str) -> Result<Discovered> {
    discover_with_options(issuer, HttpOptions::default())
}

/// Discovers `issuer`'s JWK Set: fetches `/.well-known/openid-configuration`, and RFC 8414's
/// `/.well-known/oauth-authorization-server` when the first cannot be fetched, each under
/// `options` (timeout, size limit, same-origin redirects, proxy, roots).
///
/// # Errors
/// - [`ErrorKind::InvalidConfiguration`]: the issuer is not an `https://` URL (`http://` to
///   a loopback address only) or has a query or fragment; the metadata names another
///   `issuer` (compared exactly, a trailing `/` included); its `jwks_uri` is not a URL a JWK
///   Set may be fetched from (or is `http://` to a loopback address, for an issuer that is
///   not on loopback itself).
/// - [`ErrorKind::Malformed`]: the metadata is not a JSON object with string `issuer` and
///   `jwks_uri` members.
/// - [`ErrorKind::Unavailable`]: neither document could be fetched (both causes in the
///   message); [`ErrorKind::LimitExceeded`]: one was larger than `options.max_bytes`.
pub fn discover_with_options(issuer: &str, options: HttpOptions) -> Result<Discovered> {
    let mut failures = Vec::new();
    for (document, url) in well_known_urls(issuer)? {
        let fetcher = HttpFetcher::document(
            &url,
            options.clone(),
            "discovery document",
            "application/json",
        )?;
        match fetcher.fetch() {
            Ok(bytes) => return read_metadata(issuer, &url, &bytes, document, options),
            // Only a document that cannot be had sends discovery to the other one.
            Err(e) if e.kind() == ErrorKind::Unavailable => {
                failures.push(String::from(e.message()))
            }
            Err(e) => return Err(e),
        }
    }
    Err(Error::new(
        ErrorKind::Unavailable,
        format!("discovering {issuer}: {}", failures.join("; ")),
    ))
}

fn read_metadata(
    issuer: &str,
    url: &str,
    bytes: &[u8],
    document: WellKnown,
    options: HttpOptions,
) -> Result<Discovered> {
    let metadata = json::parse_object(bytes, Limits::DEFAULT.max_json_depth())
        .map_err(|e| e.context(format!("the discovery document at {url}")))?;
    let member = |name: &str| match metadata.get(name) {
        Some(Value::String(value)) => Ok(value.as_str()),
        Some(_) => Err(Error::malformed(format!(
            "the discovery document at {url}: `{name}` is not a string"
        ))),
        None => Err(Error::malformed(format!(
            "the discovery document at {url} has no `{name}`"
        ))),
    };
    let named = member("issuer")?;
    if named != issuer {
        return Err(Error::new(
            ErrorKind::InvalidConfiguration,
            format!(
                "the discovery document at {url} names the issuer {:?}, not {issuer:?} (they \
                 must be equal, OpenID Connect Discovery §4.3)",
                jose_core::echo(named)
            ),
        ));
    }
    let jwks_uri = member("jwks_uri")?;
    let refused = |why: &str| {
        Error::new(
            ErrorKind::InvalidConfiguration,
            format!("the discovery document at {url}: {why}"),
        )
    };
    let origin = Origin::of(jwks_uri).map_err(|e| refused(e.message()))?;
    // Plain http to a loopback address is for an issuer that is itself on loopback (tests,
    // sidecars): an https issuer's metadata cannot send the fetcher to local services.
    if origin.is_loopback()
        && jwks_uri.starts_with("http:")
        && !Origin::of(issuer).is_ok_and(|o| o.is_loopback())
    {
        return Err(refused(
            "the jwks_uri is plain http:// to a loopback address, and the issuer is not",
        ));
    }
    Ok(Discovered {
        issuer: String::from(issuer),
        jwks_uri: String::from(jwks_uri),
        document,
        options,
    })
}

#[cfg(test)]
mod tests {
    use super::{WellKnown, read_metadata, well_known_urls};
    use crate::HttpOptions;

    #[test]
    fn an_https_issuer_cannot_send_the_fetcher_to_plain_http_on_loopback() {
        let read = |issuer: &str, jwks_uri: &str| {
            let document = format!("{{\"issuer\": {issuer:?}, \"jwks_uri\": {jwks_uri:?}}}");
            read_metadata(
                issuer,
                "https://x/.well-known/openid-configuration",
                document.as_bytes(),
                WellKnown::OpenIdConfiguration,
                HttpOptions::default(),
            )
            .map(|d| String::from(d.jwks_uri()))
            .map_err(|e| e.kind())
        };
        assert_eq!(
            read("https://id.example.com", "http://127.0.0.1:8080/jwks"),
            Err(jose_core::ErrorKind::InvalidConfiguration)
        );
        assert_eq!(
            read("http://127.0.0.1:9000", "http://127.0.0.1:8080/jwks").as_deref(),
            Ok("http://127.0.0.1:8080/jwks")
        );
        assert_eq!(
            read("https://id.example.com", "https://keys.example.com/jwks").as_deref(),
            Ok("https://keys.example.com/jwks")
        );
    }

    #[test]
    fn the_well_known_urls_follow_each_specification() {
        let urls = |issuer| {
            well_known_urls(issuer)
                .unwrap_or_else(|e| panic!("{issuer}: {e}"))
                .map(|(_, url)| url)
        };
        assert_eq!(
            urls("https://id.example.com"),
            [
                "https://id.example.com/.well-known/openid-configuration",
                "https://id.example.com/.well-known/oauth-authorization-server",
            ]
        );
        assert_eq!(
            urls("https://id.example.com/"),
            [
                "https://id.example.com/.well-known/openid-configuration",
                "https://id.example.com/.well-known/oauth-authorization-server",
            ]
        );
        assert_eq!(
            urls("https://id.example.com/t//")[0],
            "https://id.example.com/t//.well-known/openid-configuration"
        );
        assert_eq!(
            urls("https://example.com/tenant/42"),
            [
                "https://example.com/tenant/42/.well-known/openid-configuration",
                "https://example.com/.well-known/oauth-authorization-server/tenant/42",
            ]
        );
        let kinds = well_known_urls("https://a.example").map(|u| u.map(|(k, _)| k));
        assert!(matches!(
            kinds.as_ref().map(|k| k.as_slice()),
            Ok([
                WellKnown::OpenIdConfiguration,
                WellKnown::OAuthAuthorizationServer
            ])
        ));
        for bad in [
            "http://id.example.com",
            "https://id.example.com/?tenant=1",
            "https://id.example.com/#x",
            "https://user@id.example.com",
            "id.example.com",
        ] {
            let kind = well_known_urls(bad).map(|_| ()).map_err(|e| e.kind());
            assert_eq!(
                kind,
                Err(jose_core::ErrorKind::InvalidConfiguration),
                "{bad}"
            );
        }
    }
}

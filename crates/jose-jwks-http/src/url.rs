//! Origins (RFC 6454: scheme, host, port) of the URLs a fetcher may ask, and redirect targets
//! resolved against the URL that answered.

use std::net::IpAddr;

use jose_core::{Error, ErrorKind, Result};
use ureq::http::Uri;

/// The scheme, host and port of a URL: a fetcher follows redirects within its origin only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    scheme: &'static str,
    host: String,
    port: u16,
}

fn unusable(url: &str, why: &str) -> Error {
    Error::new(
        ErrorKind::InvalidConfiguration,
        format!("the JWK Set URL {url:?} {why}"),
    )
}

impl Origin {
    /// The origin of `url`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidConfiguration`] for a URL that does not parse, has no host, carries user
    /// information, or is not `https://` (`http://` only to a loopback host).
    pub fn of(url: &str) -> Result<Self> {
        let uri: Uri = url
            .parse()
            .map_err(|_| unusable(url, "is not a valid URL"))?;
        let authority = uri
            .authority()
            .ok_or_else(|| unusable(url, "has no host"))?;
        if authority.as_str().contains('@') {
            return Err(unusable(url, "must not carry user information"));
        }
        let host = authority.host().to_ascii_lowercase();
        if host.is_empty() {
            return Err(unusable(url, "has no host"));
        }
        let (scheme, default_port) = match uri.scheme_str() {
            Some("https") => ("https", 443),
            Some("http") => ("http", 80),
            _ => return Err(unusable(url, "must be https://")),
        };
        let origin = Self {
            scheme,
            port: authority.port_u16().unwrap_or(default_port),
            host,
        };
        if origin.scheme == "http" && !origin.is_loopback() {
            return Err(unusable(
                url,
                "must be https:// (plain http:// is for loopback addresses only)",
            ));
        }
        Ok(origin)
    }

    /// The host, lowercase (an IPv6 address in brackets).
    #[must_use]
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether the host is a loopback address written as such (`127.0.0.0/8`, `[::1]`). The
    /// name `localhost` is not: what it resolves to is up to the resolver.
    #[must_use]
    pub fn is_loopback(&self) -> bool {
        let bare = self.host.trim_start_matches('[').trim_end_matches(']');
        bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// The absolute URL a `Location` names, against `current` (a URL of this origin).
    ///
    /// # Errors
    /// [`ErrorKind::Unavailable`] for a `Location` that cannot be resolved.
    pub fn resolve(&self, current: &str, location: &str) -> Result<String> {
        let bad = || {
            Error::new(
                ErrorKind::Unavailable,
                format!("fetching the JWK Set at {current}: an unusable redirect ({location:?})"),
            )
        };
        if let Some(rest) = location.strip_prefix("//") {
            return Ok(format!("{}://{rest}", self.scheme));
        }
        if location.parse::<Uri>().is_ok_and(|u| u.scheme().is_some()) {
            return Ok(location.to_owned());
        }
        let uri: Uri = current.parse().map_err(|_| bad())?;
        let authority = uri.authority().ok_or_else(bad)?;
        let base = format!("{}://{}", self.scheme, authority.as_str());
        if location.starts_with('/') {
            return Ok(format!("{base}{location}"));
        }
        // A relative path: beside the current document.
        let path = uri.path();
        let directory = path.rfind('/').and_then(|i| path.get(..=i)).unwrap_or("/");
        Ok(format!("{base}{directory}{location}"))
    }
}

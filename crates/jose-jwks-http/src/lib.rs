#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// Every public enum and struct can grow without breaking a user's `match` or literal.
#![deny(clippy::exhaustive_enums, clippy::exhaustive_structs)]

#[cfg(feature = "tokio")]
mod asynchronous;
pub mod discovery;
mod url;

use std::sync::Arc;
use std::time::{Duration, Instant};

use jose_core::{Error, ErrorKind, Result};
use jose_jwk::remote::{CachePolicy, Fetch, RemoteJwkSet};
use ureq::Agent;
use ureq::http::header::{CONTENT_LENGTH, LOCATION};
use ureq::tls::{Certificate, RootCerts, TlsConfig};

#[cfg(feature = "tokio")]
pub use asynchronous::AsyncRemoteJwkSet;
pub use discovery::{Discovered, discover};
pub use jose_jwk::remote;
pub use url::Origin;

/// How a JWK Set is fetched.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpOptions {
    /// The longest a fetch may take, from connecting to the last byte, redirects included
    /// (default 5 seconds).
    pub timeout: Duration,
    /// The largest document accepted, in bytes (default 512 KiB). A larger one is refused
    /// with [`ErrorKind::LimitExceeded`], as soon as its `Content-Length` says so or its
    /// bytes pass the limit.
    pub max_bytes: u64,
    /// How many redirects are followed, each to the same origin only (default 3).
    pub max_redirects: u32,
    /// Whether the `HTTPS_PROXY` (or `https_proxy`) environment variable is honoured, with
    /// `NO_PROXY` (default yes; never for a loopback URL). `HTTP_PROXY` and `ALL_PROXY` are
    /// never read: JWK Sets are fetched over HTTPS, and under CGI a request's `Proxy:` header
    /// becomes the variable `HTTP_PROXY` ("httpoxy"), which would let a client route the
    /// server's key fetches through a proxy of its choosing.
    pub proxy_from_env: bool,
    /// A proxy the caller configures (`http://host:port`, or `https://`), used for every
    /// fetch but those of loopback URLs, in place of the environment's. Shown as `<set>` by
    /// `Debug` (it may carry credentials).
    pub proxy: Option<String>,
    /// The certificate authorities trusted for HTTPS, as DER certificates: `None` (the
    /// default) is the Mozilla roots of `webpki-roots`; see [`HttpOptions::root_certificates_pem`]
    /// for a private CA.
    pub root_certificates: Option<Arc<Vec<Vec<u8>>>>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(5),
            max_bytes: 512 * 1024,
            max_redirects: 3,
            proxy_from_env: true,
            proxy: None,
            root_certificates: None,
        }
    }
}

impl std::fmt::Debug for HttpOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpOptions")
            .field("timeout", &self.timeout)
            .field("max_bytes", &self.max_bytes)
            .field("max_redirects", &self.max_redirects)
            .field("proxy_from_env", &self.proxy_from_env)
            .field("proxy", &self.proxy.as_ref().map(|_| "<set>"))
            .field(
                "root_certificates",
                &self.root_certificates.as_ref().map(|r| r.len()),
            )
            .finish()
    }
}

/// The proxy the environment names for an HTTPS fetch from `host`: `HTTPS_PROXY` (or
/// `https_proxy`), unless `NO_PROXY` (or `no_proxy`) lists the host, a domain of it, or `*`.
/// `HTTP_PROXY` and `ALL_PROXY` are never read (see [`HttpOptions::proxy_from_env`]).
fn env_proxy(var: impl Fn(&str) -> Option<String>, host: &str) -> Option<String> {
    let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let url = var("HTTPS_PROXY").or_else(|| var("https_proxy"))?;
    let no_proxy = var("NO_PROXY")
        .or_else(|| var("no_proxy"))
        .unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let bypassed = no_proxy.split(',').map(str::trim).any(|entry| {
        let entry = entry.trim_start_matches('.').to_ascii_lowercase();
        entry == "*"
            || (!entry.is_empty()
                && (host == entry
                    || host
                        .strip_suffix(entry.as_str())
                        .is_some_and(|head| head.ends_with('.'))))
    });
    (!bypassed).then_some(url)
}

impl HttpOptions {
    /// Sets `timeout`.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets `max_bytes`.
    #[must_use]
    pub fn max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// Sets `max_redirects`.
    #[must_use]
    pub fn max_redirects(mut self, max_redirects: u32) -> Self {
        self.max_redirects = max_redirects;
        self
    }

    /// Sets `proxy`: fetch through this proxy, whatever the environment says.
    #[must_use]
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Sets `proxy_from_env`.
    #[must_use]
    pub fn proxy_from_env(mut self, proxy_from_env: bool) -> Self {
        self.proxy_from_env = proxy_from_env;
        self
    }

    /// Trusts the certificate authorities of a PEM bundle instead of the Mozilla roots: an
    /// identity provider behind a private CA, or a network whose proxy re-signs TLS (read
    /// `/etc/ssl/certs/ca-certificates.crt` for the system's own list).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidConfiguration`] when the bundle is not PEM or holds no certificate.
    pub fn root_certificates_pem(mut self, pem: &[u8]) -> Result<Self> {
        let mut roots = Vec::new();
        for item in ureq::tls::parse_pem(pem) {
            match item {
                Ok(ureq::tls::PemItem::Certificate(cert)) => roots.push(cert.der().to_vec()),
                Ok(_) => {}
                Err(e) => {
                    return Err(Error::new(
                        ErrorKind::InvalidConfiguration,
                        format!("the root certificates are not PEM: {e}"),
                    ));
                }
            }
        }
        if roots.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidConfiguration,
                "the PEM bundle holds no certificate",
            ));
        }
        self.root_certificates = Some(Arc::new(roots));
        Ok(self)
    }
}

/// Fetches the JWK Set document at one URL over HTTPS (see the [crate] docs for the
/// rules). Cheap to clone: clones share their connection pool.
#[derive(Clone)]
pub struct HttpFetcher {
    url: Arc<str>,
    origin: Origin,
    agent: Agent,
    options: HttpOptions,
    /// What the URL holds, for messages ("JWK Set", "discovery document").
    what: &'static str,
    /// The `Accept` header's value.
    accept: &'static str,
}

impl std::fmt::Debug for HttpFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpFetcher")
            .field("url", &self.url)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl HttpFetcher {
    /// A fetcher of `url` with the default options.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidConfiguration`] for a URL that is not `https://` (plain `http://` is
    /// accepted for loopback addresses only: `127.0.0.0/8` and `[::1]`, written as such) or
    /// that has user information.
    pub fn new(url: &str) -> Result<Self> {
        Self::with_options(url, HttpOptions::default())
    }

    /// A fetcher of `url` with `options`.
    ///
    /// # Errors
    /// As [`HttpFetcher::new`].
    pub fn with_options(url: &str, options: HttpOptions) -> Result<Self> {
        Self::document(
            url,
            options,
            "JWK Set",
            "application/jwk-set+json, application/json",
        )
    }

    /// A fetcher of the document `what` at `url`, under the same rules as a JWK Set's.
    pub(crate) fn document(
        url: &str,
        options: HttpOptions,
        what: &'static str,
        accept: &'static str,
    ) -> Result<Self> {
        let origin = Origin::of(url)?;
        let proxy = match &options.proxy {
            _ if origin.is_loopback() => None,
            Some(url) => Some(ureq::Proxy::new(url).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidConfiguration,
                    format!("the proxy URL is not usable: {e}"),
                )
            })?),
            None if options.proxy_from_env => {
                env_proxy(|name| std::env::var(name).ok(), origin.host())
                    .and_then(|url| ureq::Proxy::new(&url).ok())
            }
            None => None,
        };
        let roots = match &options.root_certificates {
            Some(roots) => RootCerts::Specific(Arc::new(
                roots
                    .iter()
                    .map(|der| Certificate::from_der(der).to_owned())
                    .collect(),
            )),
            None => RootCerts::WebPki,
        };
        let config = Agent::config_builder()
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .timeout_global(Some(options.timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .proxy(proxy)
            .user_agent(concat!("jose-jwks-http/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(Self {
            url: url.into(),
            origin,
            agent: config.into(),
            options,
            what,
            accept,
        })
    }

    /// The URL.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The options.
    #[must_use]
    pub fn options(&self) -> &HttpOptions {
        &self.options
    }

    fn unavailable(&self, what: impl std::fmt::Display) -> Error {
        Error::new(
            ErrorKind::Unavailable,
            format!("fetching the {} at {}: {what}", self.what, self.url),
        )
    }

    fn too_large(&self) -> Error {
        Error::new(
            ErrorKind::LimitExceeded,
            format!(
                "the {} at {} is larger than {} bytes",
                self.what, self.url, self.options.max_bytes
            ),
        )
    }
}

impl Fetch for HttpFetcher {
    /// GETs the document: redirects are followed to the same origin only, an answer other
    /// than 2xx is an error, and the body is read up to the size limit, all within the
    /// timeout.
    fn fetch(&self) -> Result<Vec<u8>> {
        let mut url = String::from(&*self.url);
        let mut redirects = 0u32;
        // One budget for the whole fetch, redirects included.
        let deadline = Instant::now().checked_add(self.options.timeout);
        loop {
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if remaining.is_some_and(|r| r.is_zero()) {
                return Err(self.unavailable("timed out"));
            }
            let mut response = self
                .agent
                .get(&url)
                .config()
                .timeout_global(remaining)
                .build()
                .header("accept", self.accept)
                .call()
                .map_err(|e| self.unavailable(e))?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| self.unavailable(format!("HTTP {status} without a Location")))?;
                let next = self.origin.resolve(&url, location)?;
                if Origin::of(&next).ok().as_ref() != Some(&self.origin) {
                    return Err(
                        self.unavailable(format!("refused a redirect to another origin ({next})"))
                    );
                }
                redirects = redirects.saturating_add(1);
                if redirects > self.options.max_redirects {
                    return Err(self.unavailable("too many redirects"));
                }
                url = next;
                continue;
            }
            if !status.is_success() {
                return Err(self.unavailable(format!("HTTP {status}")));
            }
            let declared = response
                .headers()
                .get(CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            if declared.is_some_and(|n| n > self.options.max_bytes) {
                return Err(self.too_large());
            }
            return response
                .body_mut()
                .with_config()
                .limit(self.options.max_bytes)
                .read_to_vec()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => self.too_large(),
                    e => self.unavailable(e),
                });
        }
    }
}

/// The JWK Set at `url`, fetched with the default [`HttpOptions`] and cached under the
/// default [`CachePolicy`]: a [`jose_jwk::KeySource`] for blocking code.
///
/// # Errors
/// As [`HttpFetcher::new`].
pub fn remote_jwk_set(url: &str) -> Result<RemoteJwkSet<HttpFetcher>> {
    Ok(RemoteJwkSet::new(
        HttpFetcher::new(url)?,
        CachePolicy::default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::env_proxy;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn only_https_proxy_is_read_from_the_environment() {
        let host = "idp.example.com";
        // httpoxy: a CGI request's `Proxy:` header becomes HTTP_PROXY. Never read.
        assert_eq!(
            env_proxy(env(&[("HTTP_PROXY", "http://evil:8080")]), host),
            None
        );
        assert_eq!(
            env_proxy(env(&[("http_proxy", "http://evil:8080")]), host),
            None
        );
        assert_eq!(
            env_proxy(env(&[("ALL_PROXY", "http://evil:8080")]), host),
            None
        );
        let proxy = [
            ("HTTPS_PROXY", "http://proxy:3128"),
            ("HTTP_PROXY", "http://evil:8080"),
        ];
        assert_eq!(
            env_proxy(env(&proxy), host).as_deref(),
            Some("http://proxy:3128")
        );
        let lower = [("https_proxy", "http://proxy:3128")];
        assert_eq!(
            env_proxy(env(&lower), host).as_deref(),
            Some("http://proxy:3128")
        );
        // NO_PROXY: the host, a domain of it (with or without the dot), or everything.
        for no in [
            "idp.example.com",
            "example.com",
            ".example.com",
            "*",
            "a.org, example.com",
        ] {
            let vars = [("HTTPS_PROXY", "http://proxy:3128"), ("NO_PROXY", no)];
            assert_eq!(env_proxy(env(&vars), host), None, "{no}");
        }
        for no in ["ample.com", "other.example.com", ""] {
            let vars = [("HTTPS_PROXY", "http://proxy:3128"), ("NO_PROXY", no)];
            assert!(env_proxy(env(&vars), host).is_some(), "{no}");
        }
    }
}

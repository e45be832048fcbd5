//! Scopes: what a token grants (`scope`, space-separated, RFC 8693 §4.2 and RFC 9068
//! §2.2.3; or `scp`, as an array or a string, as Okta and Entra ID write it), and the
//! per-route requirement that answers 403 `insufficient_scope`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use jose_core::json::Object;
use jose_core::{Error, ErrorKind, Result};
use serde_json::Value;
use tower_layer::Layer;
use tower_service::Service;

use crate::answer::Rejection;

/// The scopes a verified token grants, in the request's extensions beside its claims.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scopes {
    granted: Arc<[Arc<str>]>,
}

impl Scopes {
    /// The scopes of the claims `scope` and `scp` (both read when both are there): a string
    /// is split at spaces, an array must hold strings.
    pub(crate) fn of(captured: &Object) -> Result<Self> {
        let mut granted: Vec<Arc<str>> = Vec::new();
        for name in ["scope", "scp"] {
            let wrong = || {
                Error::new(
                    ErrorKind::InvalidClaim,
                    format!("`{name}` is not a string or an array of strings"),
                )
            };
            match captured.get(name) {
                None => {}
                Some(Value::String(list)) => {
                    granted.extend(list.split(' ').filter(|s| !s.is_empty()).map(Arc::from));
                }
                Some(Value::Array(items)) => {
                    for item in items {
                        granted.push(Arc::from(item.as_str().ok_or_else(wrong)?));
                    }
                }
                Some(_) => return Err(wrong()),
            }
        }
        Ok(Self {
            granted: granted.into(),
        })
    }

    /// Whether the token grants `scope`.
    #[must_use]
    pub fn contains(&self, scope: &str) -> bool {
        self.granted.iter().any(|s| &**s == scope)
    }

    /// The scopes granted, in the token's order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.granted.iter().map(|s| &**s)
    }
}

/// Whether `scope` is a `scope-token` (RFC 6749 §3.3) that may go into a challenge.
pub(crate) fn is_scope_token(scope: &str) -> bool {
    !scope.is_empty()
        && scope
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b))
}

/// The realm and the grant of an authenticated request, in its extensions.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub(crate) realm: Arc<str>,
    pub(crate) scopes: Scopes,
}

/// The mark an [optional](crate::Guard::optional) guard leaves on a request it let through
/// without a token: a handler that needs the claims then answers 401 with the challenge.
#[derive(Debug, Clone)]
pub(crate) struct Anonymous(pub(crate) Arc<str>);

/// A [`Layer`] that lets through only requests whose token grants every scope it names,
/// answering others 403 `insufficient_scope` (and 401 when the request carried no token).
/// Put it on a route behind the [`Guard`](crate::Guard) (axum's `route_layer`); made by
/// [`Guard::require_scopes`](crate::Guard::require_scopes).
#[derive(Debug, Clone)]
pub struct RequireScopes {
    realm: Arc<str>,
    scopes: Arc<[Arc<str>]>,
}

impl RequireScopes {
    pub(crate) fn new<S: AsRef<str>>(
        realm: Arc<str>,
        scopes: impl IntoIterator<Item = S>,
    ) -> Result<Self> {
        let scopes: Vec<Arc<str>> = scopes.into_iter().map(|s| Arc::from(s.as_ref())).collect();
        if scopes.is_empty() {
            return Err(Error::configuration("a scope requirement names no scope"));
        }
        if let Some(bad) = scopes.iter().find(|s| !is_scope_token(s)) {
            return Err(Error::configuration(format!(
                "{:?} is not a scope (RFC 6749 §3.3: printable ASCII, no space, `\"` or `\\`)",
                jose_core::echo(bad)
            )));
        }
        Ok(Self {
            realm,
            scopes: scopes.into(),
        })
    }

    /// What a request with these extensions gets: through, or refused.
    pub(crate) fn check(
        &self,
        extensions: &http::Extensions,
    ) -> std::result::Result<(), Rejection> {
        match extensions.get::<Grant>() {
            None => Err(Rejection::no_token(&self.realm)),
            Some(grant) if self.scopes.iter().all(|s| grant.scopes.contains(s)) => Ok(()),
            Some(grant) => Err(Rejection::insufficient_scope(&grant.realm, &self.scopes)),
        }
    }
}

impl<S> Layer<S> for RequireScopes {
    type Service = RequireScopesService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequireScopesService {
            inner,
            required: self.clone(),
        }
    }
}

/// The service of [`RequireScopes`].
#[derive(Debug, Clone)]
pub struct RequireScopesService<S> {
    inner: S,
    required: RequireScopes,
}

impl<S, B, RB> Service<Request<B>> for RequireScopesService<S>
where
    S: Service<Request<B>, Response = Response<RB>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    RB: Default + Send + 'static,
{
    type Response = Response<RB>;
    type Error = S::Error;
    type Future =
        Pin<Box<dyn Future<Output = std::result::Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<std::result::Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        match self.required.check(request.extensions()) {
            Ok(()) => Box::pin(self.inner.call(request)),
            Err(rejection) => Box::pin(std::future::ready(Ok(rejection.to_response()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Scopes, is_scope_token};
    use serde_json::json;

    fn scopes(claims: serde_json::Value) -> Result<Vec<String>, jose_core::ErrorKind> {
        let object = claims.as_object().cloned().unwrap_or_default();
        Scopes::of(&object)
            .map(|s| s.iter().map(String::from).collect())
            .map_err(|e| e.kind())
    }

    #[test]
    fn scope_and_scp_are_both_read() {
        assert_eq!(
            scopes(json!({"scope": "a b  c"})),
            Ok(vec!["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(
            scopes(json!({"scp": ["a", "b"]})),
            Ok(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            scopes(json!({"scp": "a b"})),
            Ok(vec!["a".into(), "b".into()])
        );
        assert_eq!(scopes(json!({})), Ok(vec![]));
        for bad in [
            json!({"scope": 1}),
            json!({"scp": [1]}),
            json!({"scope": {"a": 1}}),
        ] {
            assert_eq!(scopes(bad), Err(jose_core::ErrorKind::InvalidClaim));
        }
        assert!(is_scope_token("reports:read"));
        for bad in ["", "a b", "a\"b", "a\\b", "é"] {
            assert!(!is_scope_token(bad), "{bad}");
        }
    }
}

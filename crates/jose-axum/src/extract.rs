//! The claims of a verified request, for handlers: `Claims<T>`, and `Option<Claims<T>>`
//! behind an [optional](crate::Guard::optional) guard.

use std::ops::Deref;
use std::sync::Arc;

use axum_core::extract::{FromRequestParts, OptionalFromRequestParts};
use http::request::Parts;
use jose_jwt::{Header, RegisteredClaims, Token};

use crate::scope::Anonymous;
use crate::{Authenticated, Rejection, Scopes};

/// The verified claims of a request, as `T`, put in its extensions by the
/// [`Guard`](crate::Guard). A handler takes it as an argument (`Claims<T>`, or
/// `Option<Claims<T>>` where the guard is optional); it dereferences to `T`.
///
/// Behind an optional guard, a request without a token that reaches a handler asking for
/// `Claims<T>` is answered 401 with the challenge. A handler asking for it on a route with no
/// guard in front (or a guard of another claims type) is a server error: 500, logged.
#[derive(Debug)]
pub struct Claims<T>(pub(crate) Arc<Authenticated<T>>);

impl<T> Clone for Claims<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> Deref for Claims<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0.token.claims
    }
}

impl<T> Claims<T> {
    /// The whole verified token: its header, its registered claims, the claims as `T`.
    #[must_use]
    pub fn token(&self) -> &Token<T> {
        &self.0.token
    }

    /// The registered claims (`iss`, `sub`, `aud`, `exp`, ...).
    #[must_use]
    pub fn registered(&self) -> &RegisteredClaims {
        &self.0.token.registered
    }

    /// The protected header.
    #[must_use]
    pub fn header(&self) -> &Header {
        &self.0.token.header
    }

    /// The scopes the token grants.
    #[must_use]
    pub fn scopes(&self) -> &Scopes {
        &self.0.grant.scopes
    }

    /// Refuses (403 `insufficient_scope`) unless the token grants every one of `scopes`: the
    /// check of [`Guard::require_scopes`](crate::Guard::require_scopes) inside a handler.
    ///
    /// # Errors
    /// The [`Rejection`] to answer with (500 for a scope that is not a scope token).
    pub fn require_scopes(&self, scopes: &[&str]) -> Result<(), Rejection> {
        let required = crate::RequireScopes::new(Arc::clone(&self.0.grant.realm), scopes)
            .map_err(|_| Rejection::misconfigured("a required scope is not a scope token"))?;
        let mut extensions = http::Extensions::new();
        extensions.insert(self.0.grant.clone());
        required.check(&extensions)
    }
}

impl<T: Send + Sync + 'static, S: Send + Sync> FromRequestParts<S> for Claims<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Rejection> {
        if let Some(claims) = parts.extensions.get::<Self>() {
            return Ok(claims.clone());
        }
        Err(match parts.extensions.get::<Anonymous>() {
            Some(Anonymous(realm)) => Rejection::no_token(realm),
            None => Rejection::misconfigured(
                "a handler takes Claims<T> with no Guard<T> of that claims type in front",
            ),
        })
    }
}

impl<T: Send + Sync + 'static, S: Send + Sync> OptionalFromRequestParts<S> for Claims<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Rejection> {
        if let Some(claims) = parts.extensions.get::<Self>() {
            return Ok(Some(claims.clone()));
        }
        // `None` only where an optional guard let the request through without a token: with
        // no guard in front, a caller must not look anonymous.
        match parts.extensions.get::<Anonymous>() {
            Some(_) => Ok(None),
            None => Err(Rejection::misconfigured(
                "a handler takes Option<Claims<T>> with no Guard<T> of that claims type in front",
            )),
        }
    }
}

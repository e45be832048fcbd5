//! The guard as a tower [`Layer`] and [`Service`]: for axum, tonic and plain hyper services.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{Request, Response};
use serde::de::DeserializeOwned;
use tower_layer::Layer;
use tower_service::Service;

use crate::bearer::{Bearer, bearer};
use crate::scope::Anonymous;
use crate::{Claims, Guard, Rejection};

impl<S, T> Layer<S> for Guard<T> {
    type Service = GuardService<S, T>;

    fn layer(&self, inner: S) -> Self::Service {
        GuardService {
            inner,
            guard: self.clone(),
        }
    }
}

/// The service of a [`Guard`]: refuses requests without a valid bearer token (see
/// [`Rejection`]); calls the inner service with the token's [`Claims`] and
/// [`Scopes`](crate::Scopes) in the request's extensions. A refusal has an empty body of the
/// inner service's body type.
#[derive(Debug)]
pub struct GuardService<S, T> {
    inner: S,
    guard: Guard<T>,
}

impl<S: Clone, T> Clone for GuardService<S, T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            guard: self.guard.clone(),
        }
    }
}

type BoxFuture<R, E> = Pin<Box<dyn Future<Output = Result<R, E>> + Send>>;

impl<S, T, B, RB> Service<Request<B>> for GuardService<S, T>
where
    S: Service<Request<B>, Response = Response<RB>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
    RB: Default + Send + 'static,
    T: DeserializeOwned + Send + Sync + 'static,
{
    type Response = Response<RB>;
    type Error = S::Error;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        // The service that was polled ready serves this request; its clone waits for the next.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let guard = self.guard.clone();
        let realm = &guard.inner.realm;
        let token = match bearer(request.headers()) {
            Bearer::Token(token) => Some(String::from(token)),
            Bearer::Absent if guard.optional => {
                request
                    .extensions_mut()
                    .insert(Anonymous(std::sync::Arc::clone(realm)));
                None
            }
            Bearer::Absent => return refuse(Rejection::no_token(realm)),
            Bearer::Invalid(why) => return refuse(Rejection::invalid_request(realm, why)),
        };
        Box::pin(async move {
            if let Some(token) = token {
                match guard.authenticate(&token).await {
                    Ok(claims) => {
                        request.extensions_mut().insert(claims.0.grant.clone());
                        request.extensions_mut().insert::<Claims<T>>(claims);
                    }
                    Err(rejection) => return Ok(rejection.to_response()),
                }
            }
            inner.call(request).await
        })
    }
}

fn refuse<R: Default + Send + 'static, E: Send + 'static>(
    rejection: Rejection,
) -> BoxFuture<Response<R>, E> {
    let response = rejection.to_response();
    Box::pin(async move { Ok(response) })
}

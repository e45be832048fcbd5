//! [`KeySource`]: where verification and decryption find their keys — one [`Jwk`], a
//! [`JwkSet`] (by the header's `kid`, or every compatible key without one), or a
//! [`Resolver`] function.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use jose_core::alg::Alg;
use jose_core::json::Object;
use jose_core::{Error, ErrorKind, Limits, Result};
use serde_json::Value;

use crate::{Jwk, JwkAlg, JwkSet, KeyOp};

/// Where verification and decryption find their keys.
pub trait KeySource {
    /// The keys that may serve `alg` for `op` on a JOSE object with this (joint) header, in
    /// the order to try them.
    ///
    /// # Errors
    /// [`ErrorKind::NoMatchingKey`] when there is none.
    fn candidates(&self, header: &Object, alg: &JwkAlg, op: &KeyOp) -> Result<Vec<Cow<'_, Jwk>>>;
}

/// How many keys one verification or decryption may try, whatever the token says: the size
/// limit of a key set ([`Limits::max_set_keys`]), over all of its signatures or recipients.
/// A token without `kid` checked against a set tries every compatible key; with 16
/// signatures or recipients this bounds the work all the same. The one budget of JWS and JWE
/// (a JWE counts its costly trials, PBES2 and RSA, on top).
#[derive(Debug)]
pub struct KeyTrials(usize);

impl KeyTrials {
    /// The budget of one verification or decryption under `limits`.
    #[must_use]
    pub fn new(limits: &Limits) -> Self {
        Self(limits.max_set_keys().max(1))
    }

    /// Takes one trial.
    ///
    /// # Errors
    /// [`ErrorKind::LimitExceeded`] when none is left.
    pub fn spend(&mut self) -> Result<()> {
        self.0 = self.0.checked_sub(1).ok_or_else(|| {
            Error::limit("the token needs more key trials than a key set may hold")
        })?;
        Ok(())
    }
}

/// Where signing finds its key: one [`Jwk`], or the one key of a [`JwkSet`] that the header
/// names or that alone can sign (as joserfc signs with a key set).
pub trait SigningKeys {
    /// The key that signs with `alg` a JOSE object whose header has this `kid`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] when the key cannot sign with `alg`;
    /// [`ErrorKind::NoMatchingKey`] when no key of a set can;
    /// [`ErrorKind::InvalidConfiguration`] when several can and the header names none.
    fn signing_key(&self, kid: Option<&str>, alg: Alg) -> Result<&Jwk>;
}

impl SigningKeys for Jwk {
    /// This key, whatever the header's `kid` (which it keeps); checked for `alg`.
    fn signing_key(&self, _: Option<&str>, alg: Alg) -> Result<&Jwk> {
        self.usable_for(alg, KeyOp::Sign)?;
        Ok(self)
    }
}

impl SigningKeys for JwkSet {
    /// The key of the header's `kid`, or, without one, the one key of the set that can sign
    /// with `alg` (its `kid` then goes into the header).
    fn signing_key(&self, kid: Option<&str>, alg: Alg) -> Result<&Jwk> {
        let mut keys = self.select(kid, alg, KeyOp::Sign)?;
        let first = keys.next();
        match (first, keys.next()) {
            (Some(key), None) => Ok(key),
            (Some(_), Some(_)) => Err(Error::configuration(alloc::format!(
                "several keys of the set can sign with `{alg}`: name one with the header's `kid`"
            ))),
            (None, _) => Err(Error::new(
                ErrorKind::NoMatchingKey,
                alloc::format!("no key of the set can sign with `{alg}`"),
            )),
        }
    }
}

impl<T: SigningKeys + ?Sized> SigningKeys for &T {
    fn signing_key(&self, kid: Option<&str>, alg: Alg) -> Result<&Jwk> {
        (**self).signing_key(kid, alg)
    }
}

/// The token, not the caller, named an algorithm the key does not serve.
fn no_match(e: &Error) -> Error {
    Error::new(ErrorKind::NoMatchingKey, String::from(e.message()))
}

impl KeySource for Jwk {
    /// The key, if it may serve `alg` for `op`. This one key is the caller's, and the token
    /// can only name an algorithm of the caller's allow-list: a key that cannot serve it (wrong
    /// type, curve or size, public for `decrypt`, `use` or `key_ops` forbidding it) is a
    /// configuration problem, [`ErrorKind::InvalidKey`], never the token's
    /// `no-matching-key`, which is for sets and resolvers.
    fn candidates(&self, _: &Object, alg: &JwkAlg, op: &KeyOp) -> Result<Vec<Cow<'_, Jwk>>> {
        self.usable_for(alg.clone(), op.clone())?;
        Ok(alloc::vec![Cow::Borrowed(self)])
    }
}

impl KeySource for JwkSet {
    /// The keys of the header's `kid` (an index lookup), or every compatible key without one.
    fn candidates(&self, header: &Object, alg: &JwkAlg, op: &KeyOp) -> Result<Vec<Cow<'_, Jwk>>> {
        let kid = header.get("kid").and_then(Value::as_str);
        Ok(self
            .select(kid, alg.clone(), op.clone())?
            .map(Cow::Borrowed)
            .collect())
    }
}

impl<T: KeySource + ?Sized> KeySource for &T {
    fn candidates(&self, header: &Object, alg: &JwkAlg, op: &KeyOp) -> Result<Vec<Cow<'_, Jwk>>> {
        (**self).candidates(header, alg, op)
    }
}

/// A function from the (unverified) header and algorithm to the key, as joserfc's callable
/// keys: for keys kept in a database, or chosen by issuer. [`Resolver::new`] takes a closure
/// `|header, alg| -> Result<Jwk>` and infers its argument types: the header's members (an
/// [`Object`], which may be protected or not; read `kid` or `iss` from it, trust nothing in
/// it) and the algorithm the token names (already on the caller's allow-list).
///
/// The key it returns must serve that algorithm: one that cannot is the token's problem
/// (it named an algorithm the key it picked does not serve), [`ErrorKind::NoMatchingKey`].
///
/// ```
/// use jose_jwk::{Jwk, KeyOp, KeySource, KeySpec, Resolver};
/// use jose_jwk::alg::Alg;
///
/// let key = Jwk::generate(KeySpec::Oct(256))?;
/// let resolver = Resolver::new(|header, _alg| {
///     match header.get("kid").and_then(|k| k.as_str()) {
///         Some("k1") => Ok(key.clone()),
///         _ => Err(jose_jwk::Error::new(jose_jwk::ErrorKind::NoMatchingKey, "unknown kid")),
///     }
/// });
/// let header = serde_json::json!({"kid": "k1"});
/// let found = resolver.candidates(header.as_object().unwrap_or(&Default::default()), &Alg::HS256.into(), &KeyOp::Verify)?;
/// assert_eq!(found.len(), 1);
/// # Ok::<(), jose_jwk::Error>(())
/// ```
pub struct Resolver<F>(F);

impl<F> Resolver<F>
where
    F: Fn(&Object, &JwkAlg) -> Result<Jwk>,
{
    /// A key source that asks `resolve` for the key of each token.
    pub fn new(resolve: F) -> Self {
        Self(resolve)
    }
}

impl<F> KeySource for Resolver<F>
where
    F: Fn(&Object, &JwkAlg) -> Result<Jwk>,
{
    fn candidates(&self, header: &Object, alg: &JwkAlg, op: &KeyOp) -> Result<Vec<Cow<'_, Jwk>>> {
        let key = (self.0)(header, alg)?;
        key.usable_for(alg.clone(), op.clone())
            .map_err(|e| no_match(&e))?;
        Ok(alloc::vec![Cow::Owned(key)])
    }
}

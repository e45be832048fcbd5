//! What verification takes: an explicit allow-list of algorithms ([`Verifier`]) and a source
//! of keys ([`KeySource`]).

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use jose_core::alg::Alg;
use jose_core::{Error, ErrorKind, Limits, Result};
use jose_jwk::{KeyOp, KeySource, KeyTrials};

use crate::Header;

/// The verification policy: which algorithms are accepted, and the limits. There is no
/// default: the allow-list is always the caller's, and `none` is never on it.
///
/// ```
/// use jose_jws::{Alg, Verifier};
/// let verifier = Verifier::new([Alg::ES256, Alg::EdDSA]);
/// assert!(verifier.allows(Alg::ES256));
/// assert!(!verifier.allows(Alg::HS256));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    pub(crate) algorithms: Vec<Alg>,
    pub(crate) limits: Limits,
}

impl Verifier {
    /// A verifier that accepts exactly these algorithms. An empty list would accept no token,
    /// so it does not compile:
    ///
    /// ```compile_fail
    /// let verifier = jose_jws::Verifier::new([]);
    /// ```
    ///
    /// For a list read at run time, [`Verifier::try_new`].
    #[must_use]
    pub fn new<const N: usize>(algorithms: [Alg; N]) -> Self {
        const { assert!(N > 0, "an empty allow-list accepts no token") };
        Self {
            algorithms: algorithms.to_vec(),
            limits: Limits::DEFAULT,
        }
    }

    /// A verifier that accepts exactly these algorithms, read at run time.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidConfiguration`](jose_core::ErrorKind::InvalidConfiguration) for an
    /// empty list.
    pub fn try_new(algorithms: impl IntoIterator<Item = Alg>) -> Result<Self> {
        let algorithms: Vec<Alg> = algorithms.into_iter().collect();
        if algorithms.is_empty() {
            return Err(Error::configuration(
                "an empty allow-list of algorithms accepts no token",
            ));
        }
        Ok(Self {
            algorithms,
            limits: Limits::DEFAULT,
        })
    }

    /// The same verifier with other limits.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The allow-list, in the caller's order.
    #[must_use]
    pub fn algorithms(&self) -> &[Alg] {
        &self.algorithms
    }

    /// Whether `alg` is on the allow-list.
    #[must_use]
    pub fn allows(&self, alg: Alg) -> bool {
        self.algorithms.contains(&alg)
    }

    /// The algorithm of a signature's headers, if the caller allows it.
    pub(crate) fn algorithm(
        &self,
        protected: &Header,
        unprotected: Option<&Header>,
    ) -> Result<Alg> {
        let alg = match (protected.get("alg"), unprotected) {
            (None, Some(u)) if u.get("alg").is_some() => u.alg()?,
            _ => protected.alg()?,
        };
        if !self.allows(alg) {
            return Err(Error::new(
                ErrorKind::AlgorithmNotAllowed,
                format!("`{alg}` is not among the allowed algorithms"),
            ));
        }
        Ok(alg)
    }

    pub(crate) fn check_size(&self, len: usize) -> Result<()> {
        if len > self.limits.max_input_bytes() {
            return Err(Error::limit(format!(
                "the JWS is {len} bytes, above the limit of {}",
                self.limits.max_input_bytes()
            )));
        }
        Ok(())
    }
}

/// Tries each candidate key of `keys` on one signature; the first that verifies wins.
pub(crate) fn with_keys(
    keys: &(impl KeySource + ?Sized),
    header: &Header,
    alg: Alg,
    input: &[u8],
    signature: &[u8],
    trials: &mut KeyTrials,
) -> Result<Option<String>> {
    let candidates = keys.candidates(header.as_object(), &alg.into(), &KeyOp::Verify)?;
    for key in &candidates {
        trials.spend()?;
        if crate::alg::verify(alg, key, input, signature).is_ok() {
            return Ok(key.kid().map(Into::into));
        }
    }
    Err(crate::alg::invalid_signature())
}

/// A verified signature: its headers, its payload, and the `kid` of the key that verified it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified<'a> {
    pub(crate) protected: Header,
    pub(crate) unprotected: Option<Header>,
    pub(crate) payload: Cow<'a, [u8]>,
    pub(crate) alg: Alg,
    pub(crate) kid: Option<String>,
}

impl<'a> Verified<'a> {
    /// The protected header.
    #[must_use]
    pub fn protected(&self) -> &Header {
        &self.protected
    }

    /// The unprotected header (JSON serializations only). **Not integrity protected**: anyone
    /// may change it without breaking the signature. Decide nothing on it.
    #[must_use]
    pub fn unprotected(&self) -> Option<&Header> {
        self.unprotected.as_ref()
    }

    /// The algorithm that verified.
    #[must_use]
    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// The `kid` of the key that verified, if it has one.
    #[must_use]
    pub fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The payload.
    #[must_use]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// The payload, owned.
    #[must_use]
    pub fn into_payload(self) -> Cow<'a, [u8]> {
        self.payload
    }

    /// The protected header and the payload, owned.
    #[must_use]
    pub fn into_parts(self) -> (Header, Cow<'a, [u8]>) {
        (self.protected, self.payload)
    }
}

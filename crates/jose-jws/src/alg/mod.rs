//! The JWS algorithms, one module per family, each implementing [`Family`]: which key material
//! it takes, how it signs and how it verifies, over the exact signing input. What key an
//! algorithm needs is stated beside its name ([`Alg::key_needs`]) and checked first, by
//! [`Jwk::usable_for`], with the key's own `alg`, `use` and `key_ops`; so a key is only ever
//! used for what it is.
//!
//! Adding an algorithm: its name and [`KeyNeed`](jose_core::alg::KeyNeed) in jose-core's
//! `alg.rs`, a module here implementing [`Family`], and one row in [`family!`]
//! (docs/architecture.md has the whole checklist).

#[cfg(feature = "ecdsa")]
mod ecdsa;
#[cfg(feature = "eddsa")]
mod eddsa;
#[cfg(feature = "hmac")]
mod hmac;
#[cfg(feature = "ml-dsa")]
mod ml_dsa;
#[cfg(feature = "rsa")]
mod rsa;
/// What the fast paths' property tests draw from (shared with jose-jwk's tables).
#[cfg(all(
    test,
    any(
        feature = "eddsa",
        all(any(feature = "ecdsa", feature = "rsa"), feature = "tables")
    )
))]
#[path = "../../../../tests/support/strategies.rs"]
mod strategies;

use alloc::format;
use alloc::vec::Vec;

use jose_core::alg::Alg;
use jose_core::{Error, ErrorKind, Result};
use jose_jwk::{Jwk, KeyOp};

/// One family of JWS algorithms.
#[allow(dead_code)] // unused when no algorithm family is compiled in
trait Family {
    /// The key material the family works with.
    type Key: ?Sized;

    /// The family's key material in `jwk`, which [`Jwk::usable_for`] has already checked
    /// against what `alg` needs; `None` only if a key type changed under the family.
    fn key(jwk: &Jwk) -> Option<&Self::Key>;

    /// Signs `input` under `alg`: [`ErrorKind::InvalidKey`] for a key without its private half.
    fn sign(
        alg: Alg,
        key: &Self::Key,
        input: &[u8],
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Vec<u8>>;

    /// Verifies `signature` over `input` under `alg`: [`invalid_signature`] whatever the
    /// reason a signature is refused.
    fn verify(alg: Alg, key: &Self::Key, input: &[u8], signature: &[u8]) -> Result<()>;
}

/// Runs `$body` with `$F` the family of `$alg`: the one place an algorithm is routed.
macro_rules! family {
    ($alg:expr, $F:ident => $body:expr) => {
        match $alg {
            #[cfg(feature = "hmac")]
            Alg::HS256 | Alg::HS384 | Alg::HS512 => {
                type $F = hmac::Hmac;
                $body
            }
            #[cfg(feature = "rsa")]
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                type $F = rsa::Rsa;
                $body
            }
            #[cfg(feature = "ecdsa")]
            Alg::ES256 | Alg::ES384 | Alg::ES512 | Alg::ES256K => {
                type $F = ecdsa::Ecdsa;
                $body
            }
            #[cfg(feature = "eddsa")]
            Alg::EdDSA | Alg::Ed25519 => {
                type $F = eddsa::EdDsa;
                $body
            }
            #[cfg(feature = "ml-dsa")]
            Alg::ML_DSA_44 | Alg::ML_DSA_65 | Alg::ML_DSA_87 => {
                type $F = ml_dsa::MlDsa;
                $body
            }
            #[allow(unreachable_patterns)]
            _ => Err(not_compiled($alg)),
        }
    };
}

/// The only error verification gives for a signature that does not verify, whatever the
/// reason (wrong length, out-of-range values, or a mismatch): no oracle.
pub(crate) fn invalid_signature() -> Error {
    Error::new(ErrorKind::InvalidSignature, "invalid signature")
}

fn not_compiled(alg: Alg) -> Error {
    Error::unsupported(format!(
        "`{alg}` is not compiled in (enable the crate feature of its family)"
    ))
}

/// The family's material of a checked key.
#[allow(dead_code)] // unused when no algorithm family is compiled in
fn material<F: Family>(alg: Alg, jwk: &Jwk) -> Result<&F::Key> {
    F::key(jwk).ok_or_else(|| not_compiled(alg))
}

/// Signs `input` with `key` under `alg`.
pub(crate) fn sign(
    alg: Alg,
    key: &Jwk,
    input: &[u8],
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Vec<u8>> {
    key.usable_for(alg, KeyOp::Sign)?;
    let _ = (&rng, input); // unused when no algorithm family is compiled in
    family!(alg, F => F::sign(alg, material::<F>(alg, key)?, input, rng))
}

/// Verifies `signature` over `input` with `key` under `alg`.
pub(crate) fn verify(alg: Alg, key: &Jwk, input: &[u8], signature: &[u8]) -> Result<()> {
    key.usable_for(alg, KeyOp::Verify)?;
    let _ = (input, signature); // unused when no algorithm family is compiled in
    family!(alg, F => F::verify(alg, material::<F>(alg, key)?, input, signature))
}

//! Key management (RFC 7518 §4): how the content-encryption key (CEK) reaches each
//! recipient. Every algorithm first asks the key whether it may serve ([`Jwk::usable_for`]).

#[cfg(feature = "aes-gcm")]
pub mod aes_gcm_kw;
#[cfg(feature = "aes-kw")]
pub mod aes_kw;
pub mod dir;
#[cfg(feature = "ecdh-es")]
pub mod ecdh_es;
#[cfg(feature = "pbes2")]
pub mod pbes2;
#[cfg(feature = "rsa")]
pub mod rsa_oaep;

use alloc::vec::Vec;

use jose_core::alg::{Enc, KeyAlg};
use jose_core::json::Object;
use jose_core::{Error, Result};
use jose_jwk::{Jwk, KeyOp};
use zeroize::Zeroizing;

use crate::{Decrypter, Randomness};

// The families, one per module, route through `management!`.

/// A CEK, zeroized on drop.
pub(crate) type Cek = Zeroizing<Vec<u8>>;

/// A CEK recovered for one recipient: with `dir`, the key's own secret (borrowed); with the
/// others, computed and zeroized on drop.
pub(crate) enum Recovered<'k> {
    Shared(&'k [u8]),
    Computed(Cek),
}

impl core::ops::Deref for Recovered<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Recovered::Shared(key) => key,
            Recovered::Computed(cek) => cek,
        }
    }
}

/// What key management produced for one recipient.
pub(crate) struct Wrapped {
    pub(crate) encrypted_key: Vec<u8>,
    pub(crate) cek: Cek,
    /// Header members to publish: `epk`, `iv`, `tag`, `p2s`, `p2c`.
    pub(crate) params: Object,
}

/// One family of key management: the key operations it performs, whether it decides the CEK,
/// the encrypted key it makes, what it needs of the header, and its wrap and unwrap. Each
/// family's module implements it; [`management!`] routes an algorithm to its family.
pub(crate) trait Management {
    /// The key operations of encrypting and of decrypting.
    fn ops() -> (KeyOp, KeyOp) {
        (KeyOp::WrapKey, KeyOp::UnwrapKey)
    }

    /// The encrypted key's length with `enc`, fixed by the algorithm; `None` when the key
    /// decides it (RSA). Another length fails at once, before any unwrapping or derivation
    /// (the length is public: no oracle).
    fn encrypted_key_len(alg: KeyAlg, enc: Enc) -> Option<usize>;

    /// Checks what the header must hold for `alg`, before any work with a key.
    fn check_header(_: KeyAlg, _: &Object, _: &Decrypter) -> Result<()> {
        Ok(())
    }

    /// Wraps `cek` for one recipient (`None` for an algorithm that decides the CEK, which
    /// makes it); returns the header members to publish.
    #[allow(clippy::too_many_arguments)]
    fn wrap(
        alg: KeyAlg,
        enc: Enc,
        key: &Jwk,
        header: &Object,
        cek: Option<Cek>,
        fixed: &Randomness,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Wrapped>;

    /// Recovers the CEK for one recipient: any failure of the cryptography is
    /// [`ErrorKind::DecryptionFailed`](jose_core::ErrorKind::DecryptionFailed).
    #[allow(clippy::too_many_arguments)]
    fn unwrap<'k>(
        alg: KeyAlg,
        enc: Enc,
        key: &'k Jwk,
        header: &Object,
        encrypted_key: &[u8],
        policy: &Decrypter,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Recovered<'k>>;
}

/// Runs `$body` with `$M` the key-management family of `$alg`, or `$otherwise` when that
/// family is not compiled in: the one place an algorithm is routed.
macro_rules! management {
    ($alg:expr, $M:ident => $body:expr, otherwise $otherwise:expr) => {
        match $alg {
            KeyAlg::Dir => {
                type $M = dir::Dir;
                $body
            }
            #[cfg(feature = "aes-kw")]
            KeyAlg::A128KW | KeyAlg::A192KW | KeyAlg::A256KW => {
                type $M = aes_kw::AesKw;
                $body
            }
            #[cfg(feature = "aes-gcm")]
            KeyAlg::A128GCMKW | KeyAlg::A192GCMKW | KeyAlg::A256GCMKW => {
                type $M = aes_gcm_kw::AesGcmKw;
                $body
            }
            #[cfg(feature = "rsa")]
            KeyAlg::RSA_OAEP | KeyAlg::RSA_OAEP_256 => {
                type $M = rsa_oaep::RsaOaep;
                $body
            }
            #[cfg(feature = "ecdh-es")]
            KeyAlg::ECDH_ES
            | KeyAlg::ECDH_ES_A128KW
            | KeyAlg::ECDH_ES_A192KW
            | KeyAlg::ECDH_ES_A256KW => {
                type $M = ecdh_es::EcdhEs;
                $body
            }
            #[cfg(feature = "pbes2")]
            KeyAlg::PBES2_HS256_A128KW
            | KeyAlg::PBES2_HS384_A192KW
            | KeyAlg::PBES2_HS512_A256KW => {
                type $M = pbes2::Pbes2;
                $body
            }
            #[allow(unreachable_patterns)]
            _ => $otherwise,
        }
    };
}

/// Whether `alg` decides the CEK itself (`dir`, `ECDH-ES`): such a recipient must be alone.
/// A fact of the algorithm, whichever families are compiled in (a JSON JWE naming `ECDH-ES`
/// beside another recipient is malformed even where ECDH-ES is not compiled in).
#[must_use]
pub(crate) fn determines_cek(alg: KeyAlg) -> bool {
    matches!(alg, KeyAlg::Dir | KeyAlg::ECDH_ES)
}

/// The operation a key performs for `alg` when encrypting and decrypting.
pub(crate) fn ops(alg: KeyAlg) -> (KeyOp, KeyOp) {
    management!(alg, M => M::ops(), otherwise (KeyOp::WrapKey, KeyOp::UnwrapKey))
}

pub(crate) fn random(len: usize, rng: &mut impl rand_core::CryptoRng) -> Cek {
    let mut bytes = Zeroizing::new(alloc::vec![0u8; len]);
    rng.fill_bytes(&mut bytes);
    bytes
}

fn not_compiled(alg: KeyAlg) -> Error {
    Error::unsupported(alloc::format!(
        "`{alg}` is not compiled in (enable the crate feature of its family)"
    ))
}

/// Wraps (or agrees on) the CEK for one recipient. `shared` is the CEK chosen for several
/// recipients; `None` lets this recipient's algorithm choose it.
pub(crate) fn wrap(
    alg: KeyAlg,
    enc: Enc,
    key: &Jwk,
    header: &Object,
    shared: Option<&[u8]>,
    fixed: &Randomness,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Wrapped> {
    key.usable_for(alg, ops(alg).0)?;
    if determines_cek(alg) && shared.is_some() {
        return Err(Error::malformed(alloc::format!(
            "`{alg}` decides the content key itself: it must be the only recipient"
        )));
    }
    // The CEK to wrap, drawn first whatever the algorithm (so that a caller's seeded RNG gives
    // the same output as ever); `dir` and `ECDH-ES`, which decide the CEK, get none.
    let chosen: Cek = match (shared, &fixed.cek) {
        (Some(cek), _) => Zeroizing::new(cek.to_vec()),
        (None, Some(cek)) => Zeroizing::new(cek.clone()),
        (None, None) => random(enc.key_len(), rng),
    };
    let cek = (!determines_cek(alg)).then_some(chosen);
    let _ = (header, &cek);
    management!(alg, M => M::wrap(alg, enc, key, header, cek, fixed, rng),
        otherwise Err(not_compiled(alg)))
}

/// Checks what the header must hold for `alg` before any work with a key: PBES2's `p2c` and
/// `p2s` bounds, ECDH-ES's `epk`, A*GCMKW's `iv` and `tag`.
///
/// # Errors
/// [`ErrorKind::LimitExceeded`](jose_core::ErrorKind::LimitExceeded) for `p2c` out of bounds;
/// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for a missing or bad member.
pub(crate) fn check_header(alg: KeyAlg, header: &Object, policy: &Decrypter) -> Result<()> {
    management!(alg, M => M::check_header(alg, header, policy), otherwise Ok(()))
}

/// Recovers the CEK for one recipient. Any failure of the cryptography is
/// [`ErrorKind::DecryptionFailed`](jose_core::ErrorKind::DecryptionFailed); the caller then
/// goes on with a random CEK, so that the failure shows only at the tag (RFC 7516 §11.5).
pub(crate) fn unwrap<'k>(
    alg: KeyAlg,
    enc: Enc,
    key: &'k Jwk,
    header: &Object,
    encrypted_key: &[u8],
    policy: &Decrypter,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Recovered<'k>> {
    key.usable_for(alg, ops(alg).1)?;
    let _ = (header, policy, &rng, encrypted_key);
    let recovered = management!(alg, M => {
        if M::encrypted_key_len(alg, enc).is_some_and(|len| len != encrypted_key.len()) {
            return Err(crate::enc::failed());
        }
        M::unwrap(alg, enc, key, header, encrypted_key, policy, rng)
    }, otherwise Err(not_compiled(alg)))?;
    match recovered {
        Recovered::Computed(cek) if cek.len() != enc.key_len() => Err(crate::enc::failed()),
        recovered => Ok(recovered),
    }
}

/// The length of a CEK wrapped with AES Key Wrap (RFC 3394: 8 bytes more).
#[allow(dead_code)] // unused when no AES-KW family is compiled in
pub(crate) fn key_wrapped_len(enc: Enc) -> usize {
    enc.key_len().saturating_add(8)
}

/// The CEK of a family that wraps one (`wrap` draws it for every family but those that
/// decide it).
#[allow(dead_code)] // unused when only `dir` is compiled in
pub(crate) fn to_wrap(cek: Option<Cek>) -> Result<Cek> {
    cek.ok_or_else(|| Error::invalid_key("no content key to wrap"))
}

/// The secret bytes of an oct key (checked by `usable_for` before).
pub(crate) fn secret(key: &Jwk) -> Result<&[u8]> {
    match key.key() {
        jose_jwk::Key::Oct(k) => Ok(k.as_bytes()),
        #[allow(unreachable_patterns)]
        _ => Err(Error::invalid_key("this algorithm needs an oct key")),
    }
}

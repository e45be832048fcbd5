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

/// Whether `alg` decides the CEK itself (`dir`, `ECDH-ES`): such a recipient must be alone.
#[must_use]
pub(crate) fn determines_cek(alg: KeyAlg) -> bool {
    matches!(alg, KeyAlg::Dir | KeyAlg::ECDH_ES)
}

/// The operation a key performs for `alg` when encrypting and decrypting.
pub(crate) fn ops(alg: KeyAlg) -> (KeyOp, KeyOp) {
    match alg {
        KeyAlg::Dir => (KeyOp::Encrypt, KeyOp::Decrypt),
        _ => (KeyOp::WrapKey, KeyOp::UnwrapKey),
    }
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
    // The CEK to wrap (unused by `dir` and `ECDH-ES`, which decide it).
    let chosen: Cek = match (shared, &fixed.cek) {
        (Some(cek), _) => Zeroizing::new(cek.to_vec()),
        (None, Some(cek)) => Zeroizing::new(cek.clone()),
        (None, None) => random(enc.key_len(), rng),
    };
    #[allow(unused_variables)] // unused when only `dir` is compiled in
    let cek = move || chosen;
    let _ = header;
    match alg {
        KeyAlg::Dir => dir::wrap(enc, key),
        #[cfg(feature = "aes-kw")]
        KeyAlg::A128KW | KeyAlg::A192KW | KeyAlg::A256KW => aes_kw::wrap(key, cek()),
        #[cfg(feature = "aes-gcm")]
        KeyAlg::A128GCMKW | KeyAlg::A192GCMKW | KeyAlg::A256GCMKW => {
            let cek = cek();
            aes_gcm_kw::wrap(key, cek, fixed, rng)
        }
        #[cfg(feature = "rsa")]
        KeyAlg::RSA_OAEP | KeyAlg::RSA_OAEP_256 => {
            let cek = cek();
            rsa_oaep::wrap(alg, key, cek, rng)
        }
        #[cfg(feature = "ecdh-es")]
        KeyAlg::ECDH_ES
        | KeyAlg::ECDH_ES_A128KW
        | KeyAlg::ECDH_ES_A192KW
        | KeyAlg::ECDH_ES_A256KW => {
            let cek = if alg == KeyAlg::ECDH_ES {
                None
            } else {
                Some(cek())
            };
            ecdh_es::wrap(alg, enc, key, header, cek, fixed, rng)
        }
        #[cfg(feature = "pbes2")]
        KeyAlg::PBES2_HS256_A128KW | KeyAlg::PBES2_HS384_A192KW | KeyAlg::PBES2_HS512_A256KW => {
            let cek = cek();
            pbes2::wrap(alg, key, header, cek, fixed, rng)
        }
        #[allow(unreachable_patterns)]
        _ => Err(not_compiled(alg)),
    }
}

/// Checks what the header must hold for `alg` before any work with a key: PBES2's `p2c` and
/// `p2s` bounds, ECDH-ES's `epk`.
///
/// # Errors
/// [`ErrorKind::LimitExceeded`](jose_core::ErrorKind::LimitExceeded) for `p2c` out of bounds;
/// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for a missing or bad member.
pub(crate) fn check_header(alg: KeyAlg, header: &Object, policy: &Decrypter) -> Result<()> {
    let _ = (header, policy);
    match alg {
        #[cfg(feature = "pbes2")]
        KeyAlg::PBES2_HS256_A128KW | KeyAlg::PBES2_HS384_A192KW | KeyAlg::PBES2_HS512_A256KW => {
            pbes2::params(header, policy.limits.max_pbes2_count()).map(|_| ())
        }
        #[cfg(feature = "ecdh-es")]
        KeyAlg::ECDH_ES
        | KeyAlg::ECDH_ES_A128KW
        | KeyAlg::ECDH_ES_A192KW
        | KeyAlg::ECDH_ES_A256KW => ecdh_es::ephemeral(header).map(|_| ()),
        #[cfg(feature = "aes-gcm")]
        KeyAlg::A128GCMKW | KeyAlg::A192GCMKW | KeyAlg::A256GCMKW => {
            aes_gcm_kw::params(header).map(|_| ())
        }
        _ => Ok(()),
    }
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
    let _ = (header, policy, &rng);
    // The encrypted key's length is fixed by `alg` and `enc`: another length fails at once
    // (the length is public: no oracle), before any unwrapping or derivation.
    let expected = match alg {
        KeyAlg::A128KW
        | KeyAlg::A192KW
        | KeyAlg::A256KW
        | KeyAlg::ECDH_ES_A128KW
        | KeyAlg::ECDH_ES_A192KW
        | KeyAlg::ECDH_ES_A256KW
        | KeyAlg::PBES2_HS256_A128KW
        | KeyAlg::PBES2_HS384_A192KW
        | KeyAlg::PBES2_HS512_A256KW => Some(enc.key_len().saturating_add(8)),
        KeyAlg::A128GCMKW | KeyAlg::A192GCMKW | KeyAlg::A256GCMKW => Some(enc.key_len()),
        KeyAlg::Dir | KeyAlg::ECDH_ES => Some(0),
        _ => None,
    };
    if expected.is_some_and(|len| len != encrypted_key.len()) {
        return Err(crate::enc::failed());
    }
    if alg == KeyAlg::Dir {
        return dir::unwrap(enc, key, encrypted_key).map(Recovered::Shared);
    }
    let cek: Cek = match alg {
        #[cfg(feature = "aes-kw")]
        KeyAlg::A128KW | KeyAlg::A192KW | KeyAlg::A256KW => aes_kw::unwrap(key, encrypted_key),
        #[cfg(feature = "aes-gcm")]
        KeyAlg::A128GCMKW | KeyAlg::A192GCMKW | KeyAlg::A256GCMKW => {
            aes_gcm_kw::unwrap(key, header, encrypted_key)
        }
        #[cfg(feature = "rsa")]
        KeyAlg::RSA_OAEP | KeyAlg::RSA_OAEP_256 => rsa_oaep::unwrap(alg, key, encrypted_key, rng),
        #[cfg(feature = "ecdh-es")]
        KeyAlg::ECDH_ES
        | KeyAlg::ECDH_ES_A128KW
        | KeyAlg::ECDH_ES_A192KW
        | KeyAlg::ECDH_ES_A256KW => ecdh_es::unwrap(alg, enc, key, header, encrypted_key),
        #[cfg(feature = "pbes2")]
        KeyAlg::PBES2_HS256_A128KW | KeyAlg::PBES2_HS384_A192KW | KeyAlg::PBES2_HS512_A256KW => {
            pbes2::unwrap(
                alg,
                key,
                header,
                encrypted_key,
                policy.limits.max_pbes2_count(),
            )
        }
        #[allow(unreachable_patterns)]
        _ => Err(not_compiled(alg)),
    }?;
    if cek.len() != enc.key_len() {
        return Err(crate::enc::failed());
    }
    Ok(Recovered::Computed(cek))
}

/// The secret bytes of an oct key (checked by `usable_for` before).
pub(crate) fn secret(key: &Jwk) -> Result<&[u8]> {
    match key.key() {
        jose_jwk::Key::Oct(k) => Ok(k.as_bytes()),
        #[allow(unreachable_patterns)]
        _ => Err(Error::invalid_key("this algorithm needs an oct key")),
    }
}

//! RS256/384/512 (RSASSA-PKCS1-v1_5, RFC 7518 §3.3) and PS256/384/512 (RSASSA-PSS, §3.5).
//!
//! Signing is always the `rsa` crate's blinded private operation. Verification is the `rsa`
//! crate's on a key's first use; from its second on (with the `tables` feature), the public
//! operation `s^e mod n` is [`jose_jwk::tables::Montgomery`]'s, on the constants the key
//! keeps, and the encoded message it gives is checked here ([`emsa`]: EMSA-PKCS1-v1_5 and
//! EMSA-PSS-VERIFY, RFC 8017 §9.2 and §9.1.2, with the `rsa` crate's exact rules: a
//! signature of exactly the modulus's length, below the modulus, and a PSS salt as long as
//! the hash). Its tests (`rsa/tests.rs`) hold both paths to the `rsa` crate's verdicts, and
//! Wycheproof's vectors run on both.

use alloc::vec::Vec;

use ::rsa::pkcs1v15::Pkcs1v15Sign;
use ::rsa::pss::Pss;
use ::rsa::{PrivateKey, PublicKey};
use jose_core::alg::Alg;
use jose_core::{Error, Result};
use sha2::{Digest, Sha256, Sha384, Sha512};

use jose_jwk::{Jwk, Key, RsaKey};

use super::{Family, invalid_signature};

pub(super) struct Rsa;

fn failed(e: ::rsa::Error) -> Error {
    Error::invalid_key("RSA signing failed").with_source(e)
}

impl Family for Rsa {
    type Key = RsaKey;

    fn key(jwk: &Jwk) -> Option<&RsaKey> {
        match jwk.key() {
            Key::Rsa(k) => Some(k),
            _ => None,
        }
    }

    /// Always the blinded, RNG-taking private operation (DESIGN.md, RSA and Marvin).
    fn sign(
        alg: Alg,
        key: &RsaKey,
        input: &[u8],
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Vec<u8>> {
        let key: &PrivateKey = key
            .private_key()
            .ok_or_else(|| Error::invalid_key("signing needs an RSA private key"))?;
        match alg {
            Alg::RS256 => {
                key.sign_with_rng(rng, Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(input))
            }
            Alg::RS384 => {
                key.sign_with_rng(rng, Pkcs1v15Sign::new::<Sha384>(), &Sha384::digest(input))
            }
            Alg::RS512 => {
                key.sign_with_rng(rng, Pkcs1v15Sign::new::<Sha512>(), &Sha512::digest(input))
            }
            // RFC 7518 §3.5: MGF1 with the same hash, and a salt as long as the hash.
            Alg::PS256 => key.sign_with_rng(rng, Pss::<Sha256>::new(), &Sha256::digest(input)),
            Alg::PS384 => key.sign_with_rng(rng, Pss::<Sha384>::new(), &Sha384::digest(input)),
            _ => key.sign_with_rng(rng, Pss::<Sha512>::new(), &Sha512::digest(input)),
        }
        .map_err(failed)
    }

    fn verify(alg: Alg, key: &RsaKey, input: &[u8], signature: &[u8]) -> Result<()> {
        #[cfg(feature = "tables")]
        if let Some(modulus) = key.public_tables() {
            return if emsa::verify(alg, modulus, key.bits(), input, signature) {
                Ok(())
            } else {
                Err(invalid_signature())
            };
        }
        upstream(alg, key.public_key(), input, signature)
    }
}

/// The `rsa` crate's verification.
fn upstream(alg: Alg, key: &PublicKey, input: &[u8], signature: &[u8]) -> Result<()> {
    match alg {
        Alg::RS256 => key.verify(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(input),
            signature,
        ),
        Alg::RS384 => key.verify(
            Pkcs1v15Sign::new::<Sha384>(),
            &Sha384::digest(input),
            signature,
        ),
        Alg::RS512 => key.verify(
            Pkcs1v15Sign::new::<Sha512>(),
            &Sha512::digest(input),
            signature,
        ),
        Alg::PS256 => key.verify(Pss::<Sha256>::new(), &Sha256::digest(input), signature),
        Alg::PS384 => key.verify(Pss::<Sha384>::new(), &Sha384::digest(input), signature),
        _ => key.verify(Pss::<Sha512>::new(), &Sha512::digest(input), signature),
    }
    .map_err(|_| invalid_signature())
}

#[cfg(feature = "tables")]
mod emsa;
#[cfg(all(test, feature = "tables"))]
mod tests;

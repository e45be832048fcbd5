//! The JWS algorithms on the RustCrypto primitives: one function to sign and one to verify,
//! over the exact signing input. Every call first asks the key whether it may serve the
//! algorithm ([`Jwk::usable_for`]), so a key is only ever used for what it is.

use alloc::format;
use alloc::vec::Vec;

use jose_core::alg::Alg;
use jose_core::{Error, ErrorKind, Result};
#[allow(unused_imports)] // `Key` is matched only when an algorithm family is compiled in.
use jose_jwk::{Jwk, Key, KeyOp};

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

/// Signs `input` with `key` under `alg`.
pub(crate) fn sign(
    alg: Alg,
    key: &Jwk,
    input: &[u8],
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Vec<u8>> {
    key.usable_for(alg, KeyOp::Sign)?;
    let _ = (&rng, input); // unused when no algorithm family is compiled in
    match (alg, key.key()) {
        #[cfg(feature = "hmac")]
        (Alg::HS256 | Alg::HS384 | Alg::HS512, Key::Oct(secret)) => hmac::tag(alg, secret, input),
        #[cfg(feature = "rsa")]
        (
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512,
            Key::Rsa(k),
        ) => {
            let private = k
                .private_key()
                .ok_or_else(|| Error::invalid_key("signing needs an RSA private key"))?;
            rsa::sign(alg, private, input, rng)
        }
        #[cfg(feature = "ecdsa")]
        (Alg::ES256 | Alg::ES384 | Alg::ES512 | Alg::ES256K, Key::Ec(k)) => ecdsa::sign(k, input),
        #[cfg(feature = "eddsa")]
        (Alg::EdDSA | Alg::Ed25519, Key::Okp(k)) if k.curve() == jose_jwk::OkpCurve::Ed25519 => {
            use ed25519_dalek::Signer as _;
            let private = k
                .ed25519_signing_key()
                .ok_or_else(|| Error::invalid_key("signing needs an Ed25519 private key"))?;
            Ok(private.sign(input).to_bytes().to_vec())
        }
        _ => Err(not_compiled(alg)),
    }
}

/// Verifies `signature` over `input` with `key` under `alg`.
pub(crate) fn verify(alg: Alg, key: &Jwk, input: &[u8], signature: &[u8]) -> Result<()> {
    key.usable_for(alg, KeyOp::Verify)?;
    let _ = (input, signature); // unused when no algorithm family is compiled in
    match (alg, key.key()) {
        #[cfg(feature = "hmac")]
        (Alg::HS256 | Alg::HS384 | Alg::HS512, Key::Oct(secret)) => {
            hmac::verify(alg, secret, input, signature)
        }
        #[cfg(feature = "rsa")]
        (
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512,
            Key::Rsa(k),
        ) => rsa::verify(alg, k.public_key(), input, signature),
        #[cfg(feature = "ecdsa")]
        (Alg::ES256 | Alg::ES384 | Alg::ES512 | Alg::ES256K, Key::Ec(k)) => {
            ecdsa::verify(k, input, signature)
        }
        #[cfg(feature = "eddsa")]
        (Alg::EdDSA | Alg::Ed25519, Key::Okp(k)) if k.curve() == jose_jwk::OkpCurve::Ed25519 => {
            k.verify(input, signature)
        }
        _ => Err(not_compiled(alg)),
    }
}

#[cfg(feature = "hmac")]
mod hmac {
    use alloc::vec::Vec;

    use ::hmac::Mac;
    use jose_core::Result;
    use jose_core::alg::Alg;
    use jose_jwk::OctKey;

    use super::invalid_signature;

    /// The key's own schedule (kept by the key once computed), then the input.
    fn mac<M: Mac>(keyed: Result<M>, input: &[u8]) -> Result<M> {
        let mut mac = keyed?;
        mac.update(input);
        Ok(mac)
    }

    pub(super) fn tag(alg: Alg, key: &OctKey, input: &[u8]) -> Result<Vec<u8>> {
        Ok(match alg {
            Alg::HS256 => mac(key.hmac_sha256(), input)?
                .finalize()
                .into_bytes()
                .to_vec(),
            Alg::HS384 => mac(key.hmac_sha384(), input)?
                .finalize()
                .into_bytes()
                .to_vec(),
            _ => mac(key.hmac_sha512(), input)?
                .finalize()
                .into_bytes()
                .to_vec(),
        })
    }

    pub(super) fn verify(alg: Alg, key: &OctKey, input: &[u8], tag: &[u8]) -> Result<()> {
        // `verify_slice` compares in constant time and refuses a tag of the wrong length.
        let checked = match alg {
            Alg::HS256 => mac(key.hmac_sha256(), input)?.verify_slice(tag),
            Alg::HS384 => mac(key.hmac_sha384(), input)?.verify_slice(tag),
            _ => mac(key.hmac_sha512(), input)?.verify_slice(tag),
        };
        checked.map_err(|_| invalid_signature())
    }
}

#[cfg(feature = "rsa")]
mod rsa {
    use alloc::vec::Vec;

    use ::rsa::pkcs1v15::Pkcs1v15Sign;
    use ::rsa::pss::Pss;
    use ::rsa::{PrivateKey, PublicKey};
    use jose_core::alg::Alg;
    use jose_core::{Error, Result};
    use sha2::{Digest, Sha256, Sha384, Sha512};

    use super::invalid_signature;

    fn failed(e: ::rsa::Error) -> Error {
        Error::invalid_key("RSA signing failed").with_source(e)
    }

    /// Always the blinded, RNG-taking private operation (DESIGN.md, RSA and Marvin).
    pub(super) fn sign(
        alg: Alg,
        key: &PrivateKey,
        input: &[u8],
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Vec<u8>> {
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

    pub(super) fn verify(alg: Alg, key: &PublicKey, input: &[u8], signature: &[u8]) -> Result<()> {
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
}

#[cfg(feature = "ecdsa")]
mod ecdsa {
    use alloc::vec::Vec;

    use ::ecdsa::elliptic_curve::CurveArithmetic;
    use ::ecdsa::signature::Signer;
    use ::ecdsa::{EcdsaCurve, Signature, SignatureSize, SigningKey};
    use jose_core::{Error, Result};
    use jose_jwk::EcKey;

    use super::invalid_signature;

    /// ECDSA with the curve's hash (SHA-256 for P-256 and secp256k1, SHA-384 for P-384,
    /// SHA-512 for P-521), deterministic nonces (RFC 6979), and the signature as `R || S` of
    /// exactly twice the curve size (RFC 7518 §3.4).
    pub(super) fn sign(key: &EcKey, input: &[u8]) -> Result<Vec<u8>> {
        let missing = || Error::invalid_key("signing needs an EC private key");
        Ok(match key {
            EcKey::P256(k) => bytes(k.signing_key().ok_or_else(missing)?, input)?,
            EcKey::P384(k) => bytes(k.signing_key().ok_or_else(missing)?, input)?,
            EcKey::P521(k) => bytes(k.signing_key().ok_or_else(missing)?, input)?,
            EcKey::Secp256k1(k) => bytes(k.signing_key().ok_or_else(missing)?, input)?,
            _ => return Err(other_curve()),
        })
    }

    fn bytes<C>(key: &SigningKey<C>, input: &[u8]) -> Result<Vec<u8>>
    where
        C: EcdsaCurve + CurveArithmetic,
        SigningKey<C>: Signer<Signature<C>>,
        SignatureSize<C>: ::ecdsa::elliptic_curve::array::ArraySize,
    {
        let signature: Signature<C> = key
            .try_sign(input)
            .map_err(|_| Error::invalid_key("ECDSA signing failed"))?;
        Ok(signature.to_bytes().to_vec())
    }

    /// With the key's own `verify`, which holds tables of multiples (see
    /// [`jose_jwk::EcKeyPair::verify`]).
    pub(super) fn verify(key: &EcKey, input: &[u8], signature: &[u8]) -> Result<()> {
        match key {
            EcKey::P256(k) => k.verify(input, &parse(signature)?),
            EcKey::P384(k) => k.verify(input, &parse(signature)?),
            EcKey::P521(k) => k.verify(input, &parse(signature)?),
            // RFC 8812 does not ask for low-S signatures; k256 refuses high-S ones, so they
            // are normalized first (a JWS does not rely on non-malleability).
            EcKey::Secp256k1(k) => k.verify(input, &parse(signature)?.normalize_s()),
            _ => return Err(other_curve()),
        }
        .map_err(|_| invalid_signature())
    }

    /// A curve `jose-jwk` gained after this module was written.
    fn other_curve() -> Error {
        Error::unsupported("no JWS algorithm of this crate signs with this EC curve")
    }

    /// Exactly `R || S`: a DER signature or any other length is refused, as are `r` or `s`
    /// of zero or not below the group order.
    fn parse<C>(signature: &[u8]) -> Result<Signature<C>>
    where
        C: EcdsaCurve,
        SignatureSize<C>: ::ecdsa::elliptic_curve::array::ArraySize,
    {
        Signature::<C>::from_slice(signature).map_err(|_| invalid_signature())
    }
}

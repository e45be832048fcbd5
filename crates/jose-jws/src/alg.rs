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
        (Alg::EdDSA | Alg::Ed25519, Key::Okp(jose_jwk::OkpKey::Ed25519 { private, .. })) => {
            use ed25519_dalek::Signer as _;
            let private = private
                .as_ref()
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
        (Alg::EdDSA | Alg::Ed25519, Key::Okp(jose_jwk::OkpKey::Ed25519 { public, .. })) => {
            eddsa::verify(public, input, signature)
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
    use ::rsa::{RsaPrivateKey, RsaPublicKey};
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
        key: &RsaPrivateKey,
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

    pub(super) fn verify(
        alg: Alg,
        key: &RsaPublicKey,
        input: &[u8],
        signature: &[u8],
    ) -> Result<()> {
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
        }
        .map_err(|_| invalid_signature())
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

#[cfg(feature = "eddsa")]
mod eddsa {
    //! Strict Ed25519 verification, with fewer field operations than ed25519-dalek's
    //! `verify_strict`.
    //!
    //! `verify_strict` accepts a signature `(R, s)` when `s` is canonical, `R` decodes, neither
    //! `R` nor the public key `A` has small order, and the canonical encoding of
    //! `[s]B - [k]A` equals the bytes of `R`. The last check already implies that `R` is a
    //! canonical encoding of a point, so "`R` has small order" is "the bytes of `R` are one of
    //! the eight canonical encodings of the points of small order": a comparison of bytes does
    //! what decoding `R` (a field exponentiation) and multiplying it by the cofactor did. The
    //! rest is ed25519-dalek's own: `is_weak` for `A`, and its cofactorless `verify`, which
    //! checks `s` and compares encodings. The tests hold this to `verify_strict` on the
    //! edge cases of "Taming the many EdDSAs" (Chalkias, Garillot, Nikolaenko, 2020).

    use ed25519_dalek::{Signature, Verifier, VerifyingKey};
    use jose_core::Result;

    use super::invalid_signature;

    /// The canonical encodings of the eight points of small order (RFC 8032 §5.1.2): the
    /// identity, the point of order 2, the two of order 4 and the four of order 8.
    pub(super) const SMALL_ORDER: [[u8; 32]; 8] = [
        // identity: 0100000000000000000000000000000000000000000000000000000000000000
        [
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ],
        // order 2: ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
        [
            0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0x7f,
        ],
        // order 4: 0000000000000000000000000000000000000000000000000000000000000000
        [
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ],
        // order 4: 0000000000000000000000000000000000000000000000000000000000000080
        [
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x80,
        ],
        // order 8: c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a
        [
            0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10,
            0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77,
            0x92, 0xac, 0x03, 0x7a,
        ],
        // order 8: c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa
        [
            0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10,
            0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77,
            0x92, 0xac, 0x03, 0xfa,
        ],
        // order 8: 26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05
        [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef,
            0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88,
            0x6d, 0x53, 0xfc, 0x05,
        ],
        // order 8: 26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85
        [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef,
            0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88,
            0x6d, 0x53, 0xfc, 0x85,
        ],
    ];

    /// Verifies as `verify_strict` does (see the module's text), with the one error of every
    /// refused signature.
    pub(super) fn verify(public: &VerifyingKey, input: &[u8], signature: &[u8]) -> Result<()> {
        let signature: &[u8; 64] = signature.try_into().map_err(|_| invalid_signature())?;
        let signature = Signature::from_bytes(signature);
        if public.is_weak() || SMALL_ORDER.contains(signature.r_bytes()) {
            return Err(invalid_signature());
        }
        public
            .verify(input, &signature)
            .map_err(|_| invalid_signature())
    }

    #[cfg(test)]
    mod tests {
        use alloc::vec::Vec;

        use ed25519_dalek::VerifyingKey;

        use super::{SMALL_ORDER, verify};

        /// Hex of any length to bytes.
        fn hex(text: &str) -> Vec<u8> {
            let digits = text.as_bytes();
            let value = |c: u8| match c {
                b'0'..=b'9' => c - b'0',
                _ => c - b'a' + 10,
            };
            digits
                .chunks_exact(2)
                .map(|pair| value(pair[0]) << 4 | value(pair[1]))
                .collect()
        }

        #[test]
        fn the_list_is_every_point_of_small_order_canonically_encoded() {
            for (i, encoding) in SMALL_ORDER.iter().enumerate() {
                let Ok(point) = VerifyingKey::from_bytes(encoding) else {
                    panic!("entry {i} does not decode");
                };
                assert!(point.is_weak(), "entry {i} is not of small order");
                assert_eq!(
                    &point.to_edwards().compress().to_bytes(),
                    encoding,
                    "entry {i} is not canonical"
                );
                assert!(!SMALL_ORDER[..i].contains(encoding), "entry {i} repeats");
            }
            // Eight distinct points of small order: the whole torsion subgroup, whose order
            // is the cofactor, 8.
        }

        /// The edge cases of ed25519-speccheck's `cases.json` (Chalkias, Garillot,
        /// Nikolaenko, "Taming the many EdDSAs", 2020): message, public key, signature.
        const CASES: [(&str, &str, &str); 10] = [
            (
                "8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a0000000000000000000000000000000000000000000000000000000000000000",
            ),
            (
                "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
                "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
            ),
            (
                "aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab",
                "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e",
            ),
            (
                "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
                "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
                "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009",
            ),
            (
                "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
                "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
                "160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed5125ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09",
            ),
            (
                "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
                "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
                "21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405",
            ),
            (
                "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
                "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
                "e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514",
            ),
            (
                "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
                "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
                "8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa19427e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22",
            ),
            (
                "fdaebc429f4a735932a160da1301080c13280eea8bc280d1b392c6b9e6ba3a5a",
                "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f454d370c8d9fc323a41450f8d513eafeb5b0697390c1e505a0d4ddc71f566607",
            ),
            (
                "84b698d39be126ff55fe45079e6c8bf64a0d7db6994560b4e96b7021eb39c1a1",
                "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f084d5b99c2a9463d9c8bd5026916996984eeec87ddf1d3be329006ace1b37b09",
            ),
        ];

        #[test]
        fn agrees_with_verify_strict_on_the_edge_cases() {
            let mut refused_only_by_strictness = 0;
            for (i, (message, public, signature)) in CASES.iter().enumerate() {
                let (message, signature) = (hex(message), hex(signature));
                let public: [u8; 32] = hex(public).try_into().unwrap_or_default();
                let Ok(public) = VerifyingKey::from_bytes(&public) else {
                    continue; // a key that does not decode is refused before any signature
                };
                let Ok(sig) = ed25519_dalek::Signature::from_slice(&signature) else {
                    panic!("case {i}: a signature of 64 bytes");
                };
                let strict = public.verify_strict(&message, &sig).is_ok();
                let lax = ed25519_dalek::Verifier::verify(&public, &message, &sig).is_ok();
                let ours = verify(&public, &message, &signature).is_ok();
                assert_eq!(ours, strict, "case {i}");
                if lax && !strict {
                    refused_only_by_strictness += 1;
                }
            }
            // The cases reach what the small-order checks are for.
            assert!(
                refused_only_by_strictness >= 2,
                "{refused_only_by_strictness}"
            );
        }

        #[test]
        fn every_small_order_r_is_refused_and_a_real_signature_is_not() {
            use ed25519_dalek::{Signer, SigningKey};
            let key = SigningKey::from_bytes(&[7; 32]);
            let public = key.verifying_key();
            let good = key.sign(b"payload").to_bytes();
            assert!(verify(&public, b"payload", &good).is_ok());
            assert!(verify(&public, b"payloaD", &good).is_err());
            assert!(verify(&public, b"payload", &good[..63]).is_err());
            for r in SMALL_ORDER {
                let mut forged = good;
                forged[..32].copy_from_slice(&r);
                assert!(verify(&public, b"payload", &forged).is_err());
            }
        }
    }
}

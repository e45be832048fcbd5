//! On each NIST curve: the verification, on a key's first use (the `ecdsa` crate's) and on its
//! tables (SEC 1 §4.1.4 here), against the `ecdsa` crate's, on valid signatures (low and high
//! `s`), every single-bit corruption of some, arbitrary ones, other keys' and other messages',
//! an `x(R)` at or above `n`, and digests at the edges of the order.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

use alloc::vec;
use alloc::vec::Vec;

use ::ecdsa::elliptic_curve::Generate as _;
use ::ecdsa::signature::hazmat::{PrehashSigner as _, PrehashVerifier as _};
use ::ecdsa::signature::{Signer as _, Verifier as _};
use ::ecdsa::{Signature, SigningKey, VerifyingKey};
use jose_jwk::EcKeyPair;
use rand::{Rng as _, RngExt as _};

use super::{nist, verify_digest};

use crate::alg::strategies;

/// Big-endian bytes of `n`, the order of the group.
const P256_ORDER: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const P521_ORDER: &str = "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409";
const P384_ORDER: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// A key whose tables are built (its two first uses spent), so that every verification of it
/// takes SEC 1 §4.1.4 here.
fn warm<C>(public: VerifyingKey<C>) -> EcKeyPair<C>
where
    C: jose_jwk::tables::TableCurve + ::ecdsa::EcdsaCurve,
    EcKeyPair<C>: Clone,
{
    let pair = EcKeyPair::from_public(public);
    assert!(
        pair.verification_tables().is_none(),
        "built on the first use"
    );
    assert!(
        pair.verification_tables().is_some(),
        "not built on the second use"
    );
    pair
}

macro_rules! curve_tests {
    ($name:ident, $curve:ty, $rounds:expr, $cases:expr) => {
        mod $name {
            use super::*;

            type C = $curve;
            type S = <C as ::ecdsa::elliptic_curve::CurveArithmetic>::Scalar;

            /// A scalar (reduced modulo `n`) from big-endian bytes of the field's size.
            fn scalar(bytes: &[u8]) -> S {
                use ::ecdsa::elliptic_curve::ops::Reduce as _;
                S::reduce(&::ecdsa::elliptic_curve::FieldBytes::<C>::try_from(bytes).unwrap())
            }

            fn len() -> usize {
                ::ecdsa::elliptic_curve::FieldBytes::<C>::default().len()
            }

            /// The verdicts of a key's first verification and of one on its tables.
            fn both(public: &VerifyingKey<C>, message: &[u8], signature: &Signature<C>) -> (bool, bool) {
                let first = nist(&EcKeyPair::from_public(*public), message, signature).is_ok();
                (first, nist(&warm(*public), message, signature).is_ok())
            }

            proptest::proptest! {
                #![proptest_config(strategies::config($cases))]

                /// Both paths answer as `ecdsa`'s, for valid signatures, the same with `r` or
                /// `s` changed, and arbitrary ones.
                #[test]
                fn verification_is_ecdsas(
                    d in strategies::scalar_bytes(len()),
                    r in strategies::scalar_bytes(len()),
                    s in strategies::scalar_bytes(len()),
                    message in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
                ) {
                    let d = ::ecdsa::elliptic_curve::NonZeroScalar::<C>::new(scalar(&d));
                    let Some(d) = Option::<::ecdsa::elliptic_curve::NonZeroScalar<C>>::from(d) else {
                        return Ok(());
                    };
                    let signer = SigningKey::<C>::from(d);
                    let public = *signer.verifying_key();
                    let pair = warm(public);
                    let valid: Signature<C> = signer.sign(&message);
                    proptest::prop_assert_eq!(both(&public, &message, &valid), (true, true));
                    let (vr, vs) = valid.split_scalars();
                    let mut candidates = vec![];
                    // The same with `n - s` (as valid), then `r` or `s` replaced.
                    let flipped = (*vr, -*vs);
                    for (r, s) in [flipped, (scalar(&r), *vs), (*vr, scalar(&s)), (scalar(&r), scalar(&s))] {
                        if let Ok(signature) = Signature::<C>::from_scalars(r, s) {
                            candidates.push(signature);
                        }
                    }
                    for signature in candidates {
                        let upstream = public.verify(&message, &signature).is_ok();
                        proptest::prop_assert_eq!(
                            nist(&pair, &message, &signature).is_ok(), upstream, "{:?}", signature
                        );
                        proptest::prop_assert_eq!(
                            nist(&EcKeyPair::from_public(public), &message, &signature).is_ok(),
                            upstream
                        );
                    }
                }
            }

            fn key() -> (SigningKey<C>, VerifyingKey<C>) {
                let key = SigningKey::<C>::generate_from_rng(&mut rand::rng());
                let public = *key.verifying_key();
                (key, public)
            }

            #[test]
            fn valid_signatures_verify_and_corruptions_do_not_on_both_paths() {
                for _ in 0..$rounds {
                    let (signer, public) = key();
                    let pair = warm(public);
                    let mut message = vec![0; rand::rng().random_range(0..300)];
                    rand::rng().fill_bytes(&mut message);
                    let signature: Signature<C> = signer.sign(&message);
                    assert_eq!(both(&public, &message, &signature), (true, true));
                    // The same signature with `s` replaced by `n - s` is as valid.
                    let (r, s) = signature.split_scalars();
                    let flipped = Signature::<C>::from_scalars(r, -*s).unwrap();
                    assert!(public.verify(&message, &flipped).is_ok());
                    assert_eq!(both(&public, &message, &flipped), (true, true));
                    // Every single-bit corruption is refused, as `ecdsa` refuses it.
                    let bytes = signature.to_bytes();
                    for bit in 0..bytes.len() * 8 {
                        let mut bad = bytes.clone();
                        bad[bit / 8] ^= 1 << (bit % 8);
                        if let Ok(bad) = Signature::<C>::from_slice(&bad) {
                            assert!(public.verify(&message, &bad).is_err());
                            assert!(nist(&pair, &message, &bad).is_err(), "bit {bit}");
                        }
                    }
                    let mut other = message.clone();
                    other.push(0);
                    assert_eq!(both(&public, &other, &signature), (false, false));
                    let (_, stranger) = key();
                    assert_eq!(both(&stranger, &message, &signature), (false, false));
                }
            }

            #[test]
            fn arbitrary_signatures_are_refused_as_ecdsa_refuses_them() {
                let (_, public) = key();
                let pair = warm(public);
                let mut rng = rand::rng();
                for round in 0..$rounds * 20 {
                    let r = ::ecdsa::elliptic_curve::NonZeroScalar::<C>::generate_from_rng(&mut rng);
                    let s = ::ecdsa::elliptic_curve::NonZeroScalar::<C>::generate_from_rng(&mut rng);
                    let signature = Signature::<C>::from_scalars(r, s).unwrap();
                    let message = [round as u8];
                    assert_eq!(
                        nist(&pair, &message, &signature).is_ok(),
                        public.verify(&message, &signature).is_ok()
                    );
                }
            }
        }
    };
}

curve_tests!(p256, ::p256::NistP256, 8, 1000);
curve_tests!(p384, ::p384::NistP384, 4, 500);
curve_tests!(p521, ::p521::NistP521, 3, 300);

/// Digests whose `u1` is 0 or whose bytes are not below `n`, for the curves whose digest
/// fills the field (so `ecdsa` reads the same number).
macro_rules! edge_digests {
    ($name:ident, $curve:ty, $order:expr) => {
        #[test]
        fn $name() {
            type C = $curve;
            let order = hex($order);
            let mut below = order.clone();
            *below.last_mut().unwrap() -= 1;
            let mut above = order.clone();
            *above.last_mut().unwrap() += 1;
            let zero = vec![0; order.len()];
            let ones = vec![0xff; order.len()];
            let signer = SigningKey::<C>::generate_from_rng(&mut rand::rng());
            let pair = warm(*signer.verifying_key());
            let tables = pair.verification_tables().unwrap();
            for z in [zero, below, order, above, ones] {
                let z = ::ecdsa::elliptic_curve::FieldBytes::<C>::try_from(z.as_slice()).unwrap();
                let signature: Signature<C> = signer.sign_prehash(&z).unwrap();
                signer
                    .verifying_key()
                    .verify_prehash(&z, &signature)
                    .unwrap();
                verify_digest(&tables, &z, &signature).unwrap();
                let mut other = z;
                *other.last_mut().unwrap() ^= 2;
                assert!(
                    signer
                        .verifying_key()
                        .verify_prehash(&other, &signature)
                        .is_err()
                );
                assert!(verify_digest(&tables, &other, &signature).is_err());
            }
        }
    };
}

edge_digests!(p256_edge_digests, ::p256::NistP256, P256_ORDER);
edge_digests!(p384_edge_digests, ::p384::NistP384, P384_ORDER);

/// A signature whose `R` has an `x` at or above `n` (so `r = x - n`), with a key made for
/// it: `Q = (R - u1·G) / u2`. Random signatures get there with odds of about 2^-128.
macro_rules! large_x {
    ($name:ident, $curve:ty, $order:expr) => {
        #[test]
        fn $name() {
            use ::ecdsa::elliptic_curve::group::Group as _;
            use ::ecdsa::elliptic_curve::ops::Reduce as _;
            type C = $curve;
            type S = <C as ::ecdsa::elliptic_curve::CurveArithmetic>::Scalar;
            type Point = <C as ::ecdsa::elliptic_curve::CurveArithmetic>::ProjectivePoint;
            type Bytes = ::ecdsa::elliptic_curve::FieldBytes<C>;
            let order = Bytes::try_from(hex($order).as_slice()).unwrap();
            assert_eq!(S::reduce(&order), S::ZERO, "the constant is n");
            let mut x = order;
            let r_point = loop {
                // x + 1, big-endian (x stays far below 2^bits).
                for byte in x.iter_mut().rev() {
                    *byte = byte.wrapping_add(1);
                    if *byte != 0 {
                        break;
                    }
                }
                let mut sec1 = vec![0x02];
                sec1.extend_from_slice(&x);
                if let Ok(point) = ::ecdsa::elliptic_curve::PublicKey::<C>::from_sec1_bytes(&sec1) {
                    break Point::from(*point.as_affine());
                }
            };
            let r = S::reduce(&x);
            let mut rng = rand::rng();
            let s = S::generate_from_rng(&mut rng);
            let z = Bytes::from(S::generate_from_rng(&mut rng));
            let s_inv = s.invert().unwrap();
            let (u1, u2) = (S::reduce(&z) * s_inv, r * s_inv);
            let q = (r_point - Point::generator() * u1) * u2.invert().unwrap();
            let key = VerifyingKey::<C>::from_affine(q.to_affine()).unwrap();
            let signature = Signature::<C>::from_scalars(r, s).unwrap();
            let pair = warm(key);
            let tables = pair.verification_tables().unwrap();
            key.verify_prehash(&z, &signature).unwrap();
            verify_digest(&tables, &z, &signature).unwrap();
            let other = Signature::<C>::from_scalars(r + S::ONE, s).unwrap();
            assert!(key.verify_prehash(&z, &other).is_err());
            assert!(verify_digest(&tables, &z, &other).is_err());
        }
    };
}

large_x!(p256_x_above_the_order, ::p256::NistP256, P256_ORDER);
large_x!(p384_x_above_the_order, ::p384::NistP384, P384_ORDER);
large_x!(p521_x_above_the_order, ::p521::NistP521, P521_ORDER);

/// P-521's digest (SHA-512, 64 bytes) is shorter than its field (66): `z` is the digest
/// padded on the left, always below `n`. Its edges: 0, 1, a single top bit, all ones.
#[test]
fn p521_edge_digests() {
    type C = ::p521::NistP521;
    let signer = SigningKey::<C>::generate_from_rng(&mut rand::rng());
    let pair = warm(*signer.verifying_key());
    let tables = pair.verification_tables().unwrap();
    let mut one = vec![0u8; 64];
    one[63] = 1;
    let mut top = vec![0u8; 64];
    top[0] = 0x80;
    for digest in [vec![0u8; 64], one, top, vec![0xff; 64]] {
        let signature: Signature<C> = signer.sign_prehash(&digest).unwrap();
        signer
            .verifying_key()
            .verify_prehash(&digest, &signature)
            .unwrap();
        let mut z = ::ecdsa::elliptic_curve::FieldBytes::<C>::default();
        z[2..].copy_from_slice(&digest);
        verify_digest(&tables, &z, &signature).unwrap();
        let mut other = digest.clone();
        other[63] ^= 2;
        let mut z_other = ::ecdsa::elliptic_curve::FieldBytes::<C>::default();
        z_other[2..].copy_from_slice(&other);
        assert!(
            signer
                .verifying_key()
                .verify_prehash(&other, &signature)
                .is_err()
        );
        assert!(verify_digest(&tables, &z_other, &signature).is_err());
    }
}

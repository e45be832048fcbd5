//! ECDSA verification with tables of multiples held by the parsed key.
//!
//! Verifying `(r, s)` over a digest `z` computes `u1·G + u2·Q` with `u1 = z/s` and `u2 = r/s`,
//! and compares its `x` with `r` (SEC 1 §4.1.4). The `ecdsa` crate does it with one
//! interleaved wNAF over `G` and `Q`: about one doubling per bit of the order, plus the
//! tables of both points, rebuilt at every call. A parsed key is used many times, so here
//! both points have their tables built once: for the generator, once per process; for the
//! public key, on its second verification (a key verified once pays nothing, and clones of a
//! key share the tables). Each scalar's little-endian bytes are cut into four parts of
//! `b = ⌈len/4⌉` bytes (8, 12 and 17 on P-256, P-384 and P-521), and each point has a table
//! for each of its four shifts `2^(8·b·k)·P`, so the interleaved wNAF (the `wnaf` crate's,
//! over the curve's own complete point formulas) runs over a quarter of the doublings. A JWS
//! verification takes about 0.43× the time of `ecdsa`'s on P-256, 0.44× on P-384 and 0.47×
//! on P-521, from the key's second verification on.
//!
//! The memory is 4 × 16 points per key (6 KiB for P-256, 9 KiB for P-384, 13.5 KiB for
//! P-521) once the key has verified twice, and the same per curve for the generator.
//!
//! The code runs in variable time, as `ecdsa`'s own verification does: what it could reveal
//! is about the key, the signature and the digest of the signed bytes, which a verifier
//! does not keep secret. The tests hold the sum `u1·G + u2·Q` to the curve's own scalar
//! multiplication (at the parts' boundaries too), and the verification to `ecdsa`'s on
//! valid signatures (low and high `s`), their corruptions, an `x(R)` above `n`, and digests
//! at the edges of the order.

use core::array;

use ecdsa::signature::digest::Digest;
use ecdsa::{DigestAlgorithm, EcdsaCurve, Signature, VerifyingKey};
use elliptic_curve::group::Group;
use elliptic_curve::ops::{Invert, Reduce};
use elliptic_curve::point::AffineCoordinates;
use elliptic_curve::{CurveArithmetic, FieldBytes, FieldBytesSize, Scalar};
use primeorder::{PrimeCurveParams, PrimeFieldExt};
use wnaf::array::typenum::{U6, Unsigned};
use wnaf::{WnafBase, WnafScalar};

/// The number of parts each scalar is cut into.
const PARTS: usize = 4;

/// The wNAF window: 16 odd multiples per table. 6 is the ceiling: `wnaf` 0.14.1 writes
/// `wnaf[cursor] -= digit(width)` into an `i8` digit (src/lib.rs, line 126), and `digit(2^w)`
/// overflows `i8` for windows 7 and 8, which panics under debug assertions or overflow checks
/// and wraps (a wrong result) without them.
type Window = U6;

/// The wNAF tables of `P`, `2^s·P`, `2^2s·P` and `2^3s·P`, where `s = 8·⌈len/4⌉` bits for a
/// curve of `len` bytes (64, 96 and 136 on P-256, P-384 and P-521).
pub(crate) struct Tables<C: CurveArithmetic>([WnafBase<C::ProjectivePoint, Window>; PARTS]);

impl<C: CurveArithmetic> Tables<C> {
    pub(crate) fn new(point: &C::ProjectivePoint) -> Self {
        let shift = part_len::<C>().saturating_mul(8);
        let mut shifted = *point;
        Self(array::from_fn(|part| {
            if part > 0 {
                for _ in 0..shift {
                    shifted = shifted.double();
                }
            }
            WnafBase::new(&shifted)
        }))
    }
}

/// The byte length of each part of a scalar (its little-endian bytes, cut in `PARTS`; a
/// scalar's bytes are `FieldBytes<C>`, by `CurveArithmetic`'s bound on its `Repr`).
fn part_len<C: CurveArithmetic>() -> usize {
    FieldBytesSize::<C>::USIZE.div_ceil(PARTS)
}

/// A key's tables, built on its second verification and shared by its clones.
pub(crate) type Precomputed<C> = crate::key::precomputed::Precomputed<Tables<C>>;

/// Verifies `signature` over `message` (hashed with the curve's digest) with `key`, using
/// the generator's tables and, from the key's second verification on, the key's.
pub(crate) fn verify<C>(
    generator: &Tables<C>,
    key: &VerifyingKey<C>,
    precomputed: &Precomputed<C>,
    message: &[u8],
    signature: &Signature<C>,
) -> ecdsa::Result<()>
where
    C: PrimeCurveParams + EcdsaCurve + DigestAlgorithm,
    Scalar<C>: Reduce<FieldBytes<C>>,
{
    let digest = C::Digest::digest(message);
    // The curves' digests (SHA-256, SHA-384, SHA-512) are never longer than their field, so
    // the digest, read as a big-endian number, is `z` (SEC 1 §4.1.4 step 3) with no truncation.
    let mut z = FieldBytes::<C>::default();
    let tail = z
        .len()
        .checked_sub(digest.len())
        .and_then(|start| z.get_mut(start..))
        .ok_or_else(ecdsa::Error::new)?;
    tail.copy_from_slice(&digest);
    match precomputed.get(|| Tables::new(&key.as_affine().into())) {
        Some(tables) => verify_digest(generator, tables, &z, signature),
        None => ecdsa::signature::hazmat::PrehashVerifier::verify_prehash(key, &digest, signature),
    }
}

/// SEC 1 §4.1.4 steps 4 to 8 for the digest `z` (already the size of the field).
pub(crate) fn verify_digest<C>(
    generator: &Tables<C>,
    key: &Tables<C>,
    z: &FieldBytes<C>,
    signature: &Signature<C>,
) -> ecdsa::Result<()>
where
    C: PrimeCurveParams + EcdsaCurve,
    Scalar<C>: Reduce<FieldBytes<C>>,
{
    // `r` and `s` are in [1, n - 1]: `Signature` holds no other values.
    let (r, s) = signature.split_scalars();
    if C::NORMALIZE_S && bool::from(elliptic_curve::scalar::IsHigh::is_high(&*s)) {
        return Err(ecdsa::Error::new());
    }
    let s_inv = *Invert::invert_vartime(&s);
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "arithmetic modulo the group order"
    )]
    let (u1, u2) = (
        <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(z) * s_inv,
        *r * s_inv,
    );
    let sum = lincomb(generator, key, &u1, &u2).ok_or_else(ecdsa::Error::new)?;
    // The identity's `x` is zero, which is never `r`.
    let x = sum.to_affine().x();
    if <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&x) == *r {
        Ok(())
    } else {
        Err(ecdsa::Error::new())
    }
}

/// `u1·G + u2·Q` from the tables of `G` and `Q`: `None` only if a scalar did not fit in
/// four parts (it always does).
fn lincomb<C>(
    generator: &Tables<C>,
    key: &Tables<C>,
    u1: &Scalar<C>,
    u2: &Scalar<C>,
) -> Option<C::ProjectivePoint>
where
    C: PrimeCurveParams,
{
    let parts = |scalar: &Scalar<C>| -> Option<[WnafScalar<Scalar<C>, Window>; PARTS]> {
        let bytes: FieldBytes<C> = scalar.to_le_repr();
        let mut chunks = bytes.chunks(part_len::<C>().max(1));
        let parts =
            array::from_fn(|_| WnafScalar::from_le_bytes(chunks.next().unwrap_or_default()));
        chunks.next().is_none().then_some(parts)
    };
    let (u1, u2) = (parts(u1)?, parts(u2)?);
    Some(WnafBase::multiscalar_mul(
        generator.0.iter().zip(&u1).chain(key.0.iter().zip(&u2)),
    ))
}

#[cfg(test)]
mod tests {
    //! On each curve: the tables' sum against the curve's scalar multiplication, and the
    //! verification against the `ecdsa` crate's on valid signatures (low and high `s`),
    //! every single-bit corruption of some, arbitrary ones, other keys' and other messages',
    //! an `x(R)` at or above `n`, and digests at the edges of the order.

    use alloc::vec;
    use alloc::vec::Vec;

    use ecdsa::signature::hazmat::{PrehashSigner as _, PrehashVerifier as _};
    use ecdsa::signature::{Signer as _, Verifier as _};
    use ecdsa::{Signature, SigningKey};
    use elliptic_curve::Generate as _;
    use elliptic_curve::group::Group as _;
    use rand::{Rng as _, RngExt as _};

    use super::{Tables, verify_digest};
    use crate::EcKeyPair;

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

    macro_rules! curve_tests {
        ($name:ident, $curve:ty, $rounds:expr, $cases:expr) => {
            mod $name {
                use super::*;

                type C = $curve;

                type S = <C as elliptic_curve::CurveArithmetic>::Scalar;
                type Point = <C as elliptic_curve::CurveArithmetic>::ProjectivePoint;

                /// A scalar (reduced modulo `n`) from big-endian bytes of the field's size.
                fn scalar(bytes: &[u8]) -> S {
                    use elliptic_curve::ops::Reduce as _;
                    S::reduce(&elliptic_curve::FieldBytes::<C>::try_from(bytes).unwrap())
                }

                fn len() -> usize {
                    <elliptic_curve::FieldBytesSize<C> as elliptic_curve::array::typenum::Unsigned>::USIZE
                }

                static GENERATOR: std::sync::LazyLock<Tables<C>> =
                    std::sync::LazyLock::new(|| Tables::<C>::new(&Point::generator()));

                proptest::proptest! {
                    #![proptest_config(crate::key::strategies::config($cases))]

                    /// `u1·G + u2·Q` on the tables is the curve's `G·u1 + Q·u2`, for scalars
                    /// uniform, structured, `2^k ± small`, and their negations.
                    #[test]
                    fn the_tables_sum_is_the_curves(
                        u1 in crate::key::strategies::scalar_bytes(len()),
                        u2 in crate::key::strategies::scalar_bytes(len()),
                        q in crate::key::strategies::scalar_bytes(len()),
                        negate in proptest::prelude::any::<[bool; 2]>(),
                    ) {
                        let (mut u1, mut u2, q) = (scalar(&u1), scalar(&u2), scalar(&q));
                        if negate[0] { u1 = -u1; }
                        if negate[1] { u2 = -u2; }
                        let q = Point::generator() * q;
                        let key = Tables::<C>::new(&q);
                        let got = super::super::lincomb(&GENERATOR, &key, &u1, &u2).unwrap();
                        proptest::prop_assert_eq!(got, Point::generator() * u1 + q * u2);
                    }

                    /// Verification on a key whose tables are built answers as `ecdsa`'s, for
                    /// valid signatures, the same with `r` or `s` changed, and arbitrary ones.
                    #[test]
                    fn table_verification_is_ecdsas(
                        d in crate::key::strategies::scalar_bytes(len()),
                        r in crate::key::strategies::scalar_bytes(len()),
                        s in crate::key::strategies::scalar_bytes(len()),
                        message in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
                    ) {
                        let d = elliptic_curve::NonZeroScalar::<C>::new(scalar(&d));
                        let Some(d) = Option::<elliptic_curve::NonZeroScalar<C>>::from(d) else {
                            return Ok(());
                        };
                        let signer = SigningKey::<C>::from(d);
                        let pair = EcKeyPair::from_private(signer.clone());
                        let valid: Signature<C> = signer.sign(&message);
                        proptest::prop_assert!(pair.verify(&message, &valid).is_ok());
                        proptest::prop_assert!(pair.verify(&message, &valid).is_ok());
                        proptest::prop_assert!(pair.verification.is_built());
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
                            proptest::prop_assert_eq!(
                                pair.verify(&message, &signature).is_ok(),
                                pair.verifying_key().verify(&message, &signature).is_ok(),
                                "{:?}", signature
                            );
                        }
                    }
                }

                fn key() -> (SigningKey<C>, EcKeyPair<C>) {
                    let key = SigningKey::<C>::generate_from_rng(&mut rand::rng());
                    (key.clone(), EcKeyPair::from_private(key))
                }

                #[test]
                fn valid_signatures_verify_before_and_after_the_tables() {
                    for _ in 0..$rounds {
                        let (signer, pair) = key();
                        let mut message = vec![0; rand::rng().random_range(0..300)];
                        rand::rng().fill_bytes(&mut message);
                        let signature: Signature<C> = signer.sign(&message);
                        assert!(!pair.verification.is_built());
                        assert!(pair.verify(&message, &signature).is_ok());
                        assert!(!pair.verification.is_built(), "built on first use");
                        assert!(pair.verify(&message, &signature).is_ok());
                        assert!(pair.verification.is_built(), "not built on second use");
                        // The same signature with `s` replaced by `n - s` is as valid.
                        let (r, s) = signature.split_scalars();
                        let flipped = Signature::<C>::from_scalars(r, -*s).unwrap();
                        assert!(pair.verifying_key().verify(&message, &flipped).is_ok());
                        assert!(pair.verify(&message, &flipped).is_ok());
                        // Every single-bit corruption is refused, as `ecdsa` refuses it.
                        let bytes = signature.to_bytes();
                        for bit in 0..bytes.len() * 8 {
                            let mut bad = bytes.clone();
                            bad[bit / 8] ^= 1 << (bit % 8);
                            if let Ok(bad) = Signature::<C>::from_slice(&bad) {
                                assert!(pair.verifying_key().verify(&message, &bad).is_err());
                                assert!(pair.verify(&message, &bad).is_err(), "bit {bit}");
                            }
                        }
                        let mut other = message.clone();
                        other.push(0);
                        assert!(pair.verify(&other, &signature).is_err());
                        let (_, stranger) = key();
                        stranger.verify(&message, &signature).unwrap_err();
                        stranger.verify(&message, &signature).unwrap_err();
                    }
                }

                #[test]
                fn arbitrary_signatures_are_refused_as_ecdsa_refuses_them() {
                    let (_, pair) = key();
                    let mut rng = rand::rng();
                    for round in 0..$rounds * 20 {
                        let r = elliptic_curve::NonZeroScalar::<C>::generate_from_rng(&mut rng);
                        let s = elliptic_curve::NonZeroScalar::<C>::generate_from_rng(&mut rng);
                        let signature = Signature::<C>::from_scalars(r, s).unwrap();
                        let message = [round as u8];
                        assert_eq!(
                            pair.verify(&message, &signature).is_ok(),
                            pair.verifying_key().verify(&message, &signature).is_ok()
                        );
                    }
                    assert!(pair.verification.is_built());
                }

                #[test]
                fn lincomb_is_the_curves_multiplication() {
                    let mut rng = rand::rng();
                    // 0, 1, n - 1, and around each boundary between parts.
                    let mut scalars = vec![S::ZERO, S::ONE, -S::ONE];
                    let mut boundary = S::ONE;
                    for _ in 1..4 {
                        for _ in 0..8 * super::super::part_len::<C>() {
                            boundary = boundary.double();
                        }
                        scalars.extend([boundary - S::ONE, boundary, boundary + S::ONE, -boundary]);
                    }
                    scalars.extend((0..4).map(|_| S::generate_from_rng(&mut rng)));
                    let generator = Tables::<C>::new(&Point::generator());
                    let q = Point::generator() * S::generate_from_rng(&mut rng);
                    let key = Tables::<C>::new(&q);
                    for u1 in &scalars {
                        for u2 in &scalars {
                            let got = super::super::lincomb(&generator, &key, u1, u2).unwrap();
                            assert_eq!(got, Point::generator() * *u1 + q * *u2);
                        }
                    }
                }

                #[test]
                fn clones_share_the_tables() {
                    let (signer, pair) = key();
                    let signature: Signature<C> = signer.sign(b"shared");
                    let early = pair.clone();
                    assert!(pair.verify(b"shared", &signature).is_ok());
                    assert!(early.verify(b"shared", &signature).is_ok());
                    assert!(pair.verification.is_built() && early.verification.is_built());
                    assert!(pair.clone().verification.is_built());
                    // A key rebuilt from the public half starts afresh.
                    let public = EcKeyPair::<C>::from_public(*pair.verifying_key());
                    assert!(!public.verification.is_built());
                }

                #[test]
                fn tables_of_the_generator_are_its_multiples() {
                    use elliptic_curve::point::AffineCoordinates as _;
                    let generator = Point::generator();
                    let tables = Tables::<C>::new(&generator);
                    // Entry 0 of part k is 2^(k·s)·G; entry 1 is three times it.
                    let shift = 8 * super::super::part_len::<C>();
                    let mut expected = generator;
                    for (part, table) in tables.0.iter().enumerate() {
                        let scalars = [1u8, 3];
                        for (index, factor) in scalars.iter().enumerate() {
                            let got = wnaf::WnafBase::multiscalar_mul(core::iter::once((
                                table,
                                &wnaf::WnafScalar::from_le_bytes(&[*factor]),
                            )));
                            let want = expected
                                * <C as elliptic_curve::CurveArithmetic>::Scalar::from(u64::from(
                                    *factor,
                                ));
                            assert_eq!(
                                got.to_affine().x(),
                                want.to_affine().x(),
                                "part {part} entry {index}"
                            );
                        }
                        for _ in 0..shift {
                            expected = expected.double();
                        }
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
                let generator = Tables::<C>::new(&elliptic_curve::group::Group::generator());
                let key = Tables::<C>::new(&signer.verifying_key().as_affine().into());
                for z in [zero, below, order, above, ones] {
                    let z = elliptic_curve::FieldBytes::<C>::try_from(z.as_slice()).unwrap();
                    let signature: Signature<C> = signer.sign_prehash(&z).unwrap();
                    signer
                        .verifying_key()
                        .verify_prehash(&z, &signature)
                        .unwrap();
                    verify_digest(&generator, &key, &z, &signature).unwrap();
                    let mut other = z;
                    *other.last_mut().unwrap() ^= 2;
                    assert!(
                        signer
                            .verifying_key()
                            .verify_prehash(&other, &signature)
                            .is_err()
                    );
                    assert!(verify_digest(&generator, &key, &other, &signature).is_err());
                }
            }
        };
    }

    /// A signature whose `R` has an `x` at or above `n` (so `r = x - n`), with a key made for
    /// it: `Q = (R - u1·G) / u2`. Random signatures get there with odds of about 2^-128.
    macro_rules! large_x {
        ($name:ident, $curve:ty, $order:expr) => {
            #[test]
            fn $name() {
                use elliptic_curve::ops::Reduce as _;
                type C = $curve;
                type S = <C as elliptic_curve::CurveArithmetic>::Scalar;
                type Point = <C as elliptic_curve::CurveArithmetic>::ProjectivePoint;
                type Bytes = elliptic_curve::FieldBytes<C>;
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
                    if let Ok(point) = elliptic_curve::PublicKey::<C>::from_sec1_bytes(&sec1) {
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
                let key = ecdsa::VerifyingKey::<C>::from_affine(q.to_affine()).unwrap();
                let signature = Signature::<C>::from_scalars(r, s).unwrap();
                let generator = Tables::<C>::new(&Point::generator());
                let tables = Tables::<C>::new(&q);
                key.verify_prehash(&z, &signature).unwrap();
                verify_digest(&generator, &tables, &z, &signature).unwrap();
                let other = Signature::<C>::from_scalars(r + S::ONE, s).unwrap();
                assert!(key.verify_prehash(&z, &other).is_err());
                assert!(verify_digest(&generator, &tables, &z, &other).is_err());
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
        let generator = Tables::<C>::new(&elliptic_curve::group::Group::generator());
        let key = Tables::<C>::new(&signer.verifying_key().as_affine().into());
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
            let mut z = elliptic_curve::FieldBytes::<C>::default();
            z[2..].copy_from_slice(&digest);
            verify_digest(&generator, &key, &z, &signature).unwrap();
            let mut other = digest.clone();
            other[63] ^= 2;
            let mut z_other = elliptic_curve::FieldBytes::<C>::default();
            z_other[2..].copy_from_slice(&other);
            assert!(
                signer
                    .verifying_key()
                    .verify_prehash(&other, &signature)
                    .is_err()
            );
            assert!(verify_digest(&generator, &key, &z_other, &signature).is_err());
        }
    }

    edge_digests!(p256_edge_digests, ::p256::NistP256, P256_ORDER);
    edge_digests!(p384_edge_digests, ::p384::NistP384, P384_ORDER);
}

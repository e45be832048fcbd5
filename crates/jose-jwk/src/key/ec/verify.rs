//! ECDSA verification with tables of multiples held by the parsed key.
//!
//! Verifying `(r, s)` over a digest `z` computes `u1·G + u2·Q` with `u1 = z/s` and `u2 = r/s`,
//! and compares its `x` with `r` (SEC 1 §4.1.4). The `ecdsa` crate does it with one
//! interleaved wNAF over `G` and `Q`: about one doubling per bit of the order, plus the
//! tables of both points, rebuilt at every call. A parsed key is used many times, so here
//! both points have their tables built once: for the generator, once per process; for the
//! public key, on its second verification (a key verified once pays nothing, and clones of a
//! key share the tables). Each scalar is cut into four parts of a quarter of the order's
//! length, and each point has a table for each of its four shifts `2^(k·bits/4)·P`, so the
//! interleaved wNAF (the `wnaf` crate's, over the curve's own point arithmetic) runs over a
//! quarter of the doublings: about 0.43× the time of `ecdsa`'s verification on P-256.
//!
//! The memory is 4 × 16 points per key (6 KiB for P-256, 9 KiB for P-384, 13.5 KiB for
//! P-521) once the key has verified twice, and the same per curve for the generator.
//!
//! Every value here is public (key, signature, digest), so the code runs in variable time,
//! as `ecdsa`'s own verification does. The tests hold it to `ecdsa`'s verification on
//! valid, corrupted and arbitrary signatures, and on the edge digests `0`, `n - 1` and `n`.

use alloc::sync::Arc;
use core::array;
use core::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

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

/// The wNAF window: 16 odd multiples per table. (`wnaf` 0.14 converts `2^w` to an `i8`, so a
/// window of 7 or 8 overflows, which panics where overflow checks are on.)
type Window = U6;

/// The wNAF tables of `P`, `2^s·P`, `2^2s·P` and `2^3s·P`, where `s` is a quarter of the
/// curve's byte length, in bits.
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

/// The byte length of each part of a scalar (its little-endian bytes, cut in `PARTS`).
fn part_len<C: CurveArithmetic>() -> usize {
    FieldBytesSize::<C>::USIZE.div_ceil(PARTS)
}

/// A key's tables, built on its second verification and shared by its clones.
pub(crate) struct Precomputed<C: CurveArithmetic>(Arc<Lazy<C>>);

struct Lazy<C: CurveArithmetic> {
    verified_once: AtomicBool,
    tables: OnceLock<Tables<C>>,
}

impl<C: CurveArithmetic> Precomputed<C> {
    pub(crate) fn new() -> Self {
        Self(Arc::new(Lazy {
            verified_once: AtomicBool::new(false),
            tables: OnceLock::new(),
        }))
    }

    /// The tables of the key's `point`: `None` on the first call, built on the second.
    fn get(&self, point: impl FnOnce() -> C::ProjectivePoint) -> Option<&Tables<C>> {
        if let Some(tables) = self.0.tables.get() {
            return Some(tables);
        }
        if !self.0.verified_once.swap(true, Ordering::Relaxed) {
            return None;
        }
        Some(self.0.tables.get_or_init(|| Tables::new(&point())))
    }

    #[cfg(test)]
    pub(crate) fn is_built(&self) -> bool {
        self.0.tables.get().is_some()
    }
}

impl<C: CurveArithmetic> Clone for Precomputed<C> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

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
    match precomputed.get(|| key.as_affine().into()) {
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
    let (u1, u2) = (u1.to_le_repr(), u2.to_le_repr());
    let parts = |bytes: &[u8]| -> [WnafScalar<Scalar<C>, Window>; PARTS] {
        let mut chunks = bytes.chunks(part_len::<C>().max(1));
        array::from_fn(|_| WnafScalar::from_le_bytes(chunks.next().unwrap_or_default()))
    };
    let (u1, u2) = (parts(u1.as_ref()), parts(u2.as_ref()));
    let sum = WnafBase::multiscalar_mul(generator.0.iter().zip(&u1).chain(key.0.iter().zip(&u2)));
    // The identity's `x` is zero, which is never `r`.
    let x = sum.to_affine().x();
    if <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&x) == *r {
        Ok(())
    } else {
        Err(ecdsa::Error::new())
    }
}

#[cfg(test)]
mod tests {
    //! The tables against the `ecdsa` crate's verification, on each curve: valid signatures
    //! (low and high `s`), every single-bit corruption of some, arbitrary ones, other keys'
    //! and other messages', and digests at the edges of the order.

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
    const P384_ORDER: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    macro_rules! curve_tests {
        ($name:ident, $curve:ty, $rounds:expr) => {
            mod $name {
                use super::*;

                type C = $curve;

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
                        assert!(!pair.precomputed.is_built());
                        assert!(pair.verify(&message, &signature).is_ok());
                        assert!(!pair.precomputed.is_built(), "built on first use");
                        assert!(pair.verify(&message, &signature).is_ok());
                        assert!(pair.precomputed.is_built(), "not built on second use");
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
                fn arbitrary_signatures_get_the_answer_of_ecdsa() {
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
                    assert!(pair.precomputed.is_built());
                }

                #[test]
                fn clones_share_the_tables() {
                    let (signer, pair) = key();
                    let signature: Signature<C> = signer.sign(b"shared");
                    let early = pair.clone();
                    assert!(pair.verify(b"shared", &signature).is_ok());
                    assert!(early.verify(b"shared", &signature).is_ok());
                    assert!(pair.precomputed.is_built() && early.precomputed.is_built());
                    assert!(pair.clone().precomputed.is_built());
                    // A key rebuilt from the public half starts afresh.
                    let public = EcKeyPair::<C>::from_public(*pair.verifying_key());
                    assert!(!public.precomputed.is_built());
                }

                #[test]
                fn tables_of_the_generator_are_its_multiples() {
                    use elliptic_curve::point::AffineCoordinates as _;
                    let generator =
                        <C as elliptic_curve::CurveArithmetic>::ProjectivePoint::generator();
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

    curve_tests!(p256, ::p256::NistP256, 8);
    curve_tests!(p384, ::p384::NistP384, 4);
    curve_tests!(p521, ::p521::NistP521, 3);

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

    edge_digests!(p256_edge_digests, ::p256::NistP256, P256_ORDER);
    edge_digests!(p384_edge_digests, ::p384::NistP384, P384_ORDER);
}

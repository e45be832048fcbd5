//! `u1·G + u2·Q` from tables of multiples of `G` and of a key's `Q`: what ECDSA
//! verification (SEC 1 §4.1.4, in `jose-jws`'s `alg/ecdsa.rs`) spends its time on.
//!
//! The `ecdsa` crate computes the sum with one interleaved wNAF over `G` and `Q`: about one
//! doubling per bit of the order, plus the tables of both points, rebuilt at every call. A
//! parsed key is used many times, so here both points have their tables built once: for the
//! generator, once per process; for the public key, on its second use (a key used once pays
//! nothing, and clones of a key share the tables). Each scalar's little-endian bytes are cut
//! into four parts of `b = ⌈len/4⌉` bytes (8, 12 and 17 on P-256, P-384 and P-521), and each
//! point has a table for each of its four shifts `2^(8·b·k)·P`, so the interleaved wNAF (the
//! `wnaf` crate's, over the curve's own complete point formulas) runs over a quarter of the
//! doublings. A JWS verification takes about 0.43× the time of `ecdsa`'s on P-256, 0.44× on
//! P-384 and 0.47× on P-521, from the key's second verification on.
//!
//! The memory is 4 × 16 points per key (6 KiB for P-256, 9 KiB for P-384, 13.5 KiB for
//! P-521) once the key has been used twice, and the same per curve for the generator.
//!
//! The sum runs in variable time, as `ecdsa`'s own verification does: what it could reveal is
//! about the key, the signature and the digest of the signed bytes, which a verifier does not
//! keep secret. The tests hold it to the curve's own scalar multiplication (at the parts'
//! boundaries too); `jose-jws` holds the verification built on it to `ecdsa`'s.

use core::array;

use elliptic_curve::group::Group;
use elliptic_curve::{CurveArithmetic, FieldBytes, FieldBytesSize, Scalar};
use primeorder::{PrimeCurveParams, PrimeFieldExt};
use wnaf::array::typenum::{U6, Unsigned};
use wnaf::{WnafBase, WnafScalar};

use super::TableCurve;

/// The number of parts each scalar is cut into.
const PARTS: usize = 4;

/// The wNAF window: 16 odd multiples per table. 6 is the ceiling: `wnaf` 0.14.1 writes
/// `wnaf[cursor] -= digit(width)` into an `i8` digit (src/lib.rs, line 126), and `digit(2^w)`
/// overflows `i8` for windows 7 and 8, which panics under debug assertions or overflow checks
/// and wraps (a wrong result) without them.
type Window = U6;

/// The wNAF tables of a point `P`: of `P`, `2^s·P`, `2^2s·P` and `2^3s·P`, where
/// `s = 8·⌈len/4⌉` bits for a curve of `len` bytes (64, 96 and 136 on P-256, P-384 and P-521).
pub struct LincombTables<C: CurveArithmetic>([WnafBase<C::ProjectivePoint, Window>; PARTS]);

impl<C: CurveArithmetic> LincombTables<C> {
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

/// The tables of the generator `G` and of one key's point `Q`, from
/// [`EcKeyPair::verification_tables`](crate::EcKeyPair::verification_tables).
pub struct EcLincomb<'a, C: TableCurve> {
    pub(crate) generator: &'static LincombTables<C>,
    pub(crate) key: &'a LincombTables<C>,
}

impl<C: TableCurve> EcLincomb<'_, C> {
    /// `u1·G + u2·Q`, in variable time: `None` only if a scalar did not fit in four parts (it
    /// always does).
    #[must_use]
    pub fn lincomb(&self, u1: &Scalar<C>, u2: &Scalar<C>) -> Option<C::ProjectivePoint> {
        lincomb(self.generator, self.key, u1, u2)
    }
}

fn lincomb<C>(
    generator: &LincombTables<C>,
    key: &LincombTables<C>,
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
    //! On each curve: the tables' sum against the curve's scalar multiplication, the
    //! generator's tables against its multiples, and a key's tables built on its second use
    //! and shared by its clones.

    use alloc::vec;

    use elliptic_curve::Generate as _;
    use elliptic_curve::group::Group as _;

    use super::{LincombTables, lincomb};
    use crate::EcKeyPair;

    macro_rules! curve_tests {
        ($name:ident, $curve:ty, $cases:expr) => {
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

                static GENERATOR: std::sync::LazyLock<LincombTables<C>> =
                    std::sync::LazyLock::new(|| LincombTables::<C>::new(&Point::generator()));

                proptest::proptest! {
                    #![proptest_config(crate::tables::strategies::config($cases))]

                    /// `u1·G + u2·Q` on the tables is the curve's `G·u1 + Q·u2`, for scalars
                    /// uniform, structured, `2^k ± small`, and their negations.
                    #[test]
                    fn the_tables_sum_is_the_curves(
                        u1 in crate::tables::strategies::scalar_bytes(len()),
                        u2 in crate::tables::strategies::scalar_bytes(len()),
                        q in crate::tables::strategies::scalar_bytes(len()),
                        negate in proptest::prelude::any::<[bool; 2]>(),
                    ) {
                        let (mut u1, mut u2, q) = (scalar(&u1), scalar(&u2), scalar(&q));
                        if negate[0] { u1 = -u1; }
                        if negate[1] { u2 = -u2; }
                        let q = Point::generator() * q;
                        let key = LincombTables::<C>::new(&q);
                        let got = lincomb(&GENERATOR, &key, &u1, &u2).unwrap();
                        proptest::prop_assert_eq!(got, Point::generator() * u1 + q * u2);
                    }
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
                    let q = Point::generator() * S::generate_from_rng(&mut rng);
                    let key = LincombTables::<C>::new(&q);
                    for u1 in &scalars {
                        for u2 in &scalars {
                            let got = lincomb(&GENERATOR, &key, u1, u2).unwrap();
                            assert_eq!(got, Point::generator() * *u1 + q * *u2);
                        }
                    }
                }

                #[test]
                fn a_keys_tables_are_built_on_its_second_use_and_shared_by_its_clones() {
                    let mut rng = rand::rng();
                    let d = elliptic_curve::NonZeroScalar::<C>::generate_from_rng(&mut rng);
                    let pair = EcKeyPair::<C>::from_private(ecdsa::SigningKey::from(d));
                    let early = pair.clone();
                    assert!(pair.verification_tables().is_none(), "built on the first use");
                    assert!(!pair.verification.is_built());
                    let (u1, u2) = (S::generate_from_rng(&mut rng), S::generate_from_rng(&mut rng));
                    let tables = early.verification_tables().expect("built on the second use");
                    let q = Point::from(*pair.verifying_key().as_affine());
                    assert_eq!(tables.lincomb(&u1, &u2), Some(Point::generator() * u1 + q * u2));
                    assert!(pair.verification.is_built() && pair.clone().verification.is_built());
                    // A key rebuilt from the public half starts afresh.
                    let public = EcKeyPair::<C>::from_public(*pair.verifying_key());
                    assert!(!public.verification.is_built());
                }

                #[test]
                fn tables_of_the_generator_are_its_multiples() {
                    use elliptic_curve::point::AffineCoordinates as _;
                    let generator = Point::generator();
                    // Entry 0 of part k is 2^(k·s)·G; entry 1 is three times it.
                    let shift = 8 * super::super::part_len::<C>();
                    let mut expected = generator;
                    for (part, table) in GENERATOR.0.iter().enumerate() {
                        for (index, factor) in [1u8, 3].iter().enumerate() {
                            let got = wnaf::WnafBase::multiscalar_mul(core::iter::once((
                                table,
                                &wnaf::WnafScalar::from_le_bytes(&[*factor]),
                            )));
                            let want = expected * S::from(u64::from(*factor));
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

    curve_tests!(p256, ::p256::NistP256, 1000);
    curve_tests!(p384, ::p384::NistP384, 500);
    curve_tests!(p521, ::p521::NistP521, 300);
}

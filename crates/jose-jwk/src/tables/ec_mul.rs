//! `k·Q` in constant time in `k`, from tables of multiples of a key's `Q`: what ECDH
//! (`jose-jwe`'s `alg/ecdh_es.rs`) spends its time on.
//!
//! ECDH-ES encryption multiplies the recipient's public point `Q` by a fresh secret scalar
//! `k`. The curves' own multiplication does it in constant time with a table of
//! `Q, 2Q, …, 8Q` and a signed radix-16 recoding of `k`: four doublings per digit, about one
//! per bit of the order. The recipient's key is used again and again, so here it builds, on
//! its second agreement, one such table for every fourth digit position (`16^(4·i)·Q`), and
//! the multiplication takes each digit's multiple from the table of its position with the
//! same constant-time selection, then needs only twelve doublings in all. From the key's
//! second agreement on, an ECDH-ES encryption to it takes about half the time.
//!
//! The memory is 8 points for every four digits of the order: 13 KiB per key on P-256, 28 KiB
//! on P-384, 57 KiB on P-521, built once the key has agreed twice and shared by its clones.
//!
//! The multiplication is constant-time in `k`, as the curves' own is: the digits are recoded
//! without branches, every table is read in full by a constant-time selection, and the
//! additions are the curves' complete formulas. Only the position of each addition, which
//! does not depend on `k`, decides the sequence of operations. The tests hold it to the
//! curves' own multiplication on scalars at the digits' edges and random ones.

use alloc::vec::Vec;

use elliptic_curve::CurveArithmetic;
use elliptic_curve::group::Group;
use primeorder::array::typenum::Unsigned;
use primeorder::{
    LookupTable, PrimeCurveParams, ProjectivePoint, Radix16Decomposition, Radix16Digits, Scalar,
};

/// The digit positions each table serves: its own, and the three above it.
const STEP: usize = 4;

/// For each fourth radix-16 digit position `i`, the multiples `1..=8` of `16^i·Q`.
pub struct MulTables<C: CurveArithmetic>(Vec<LookupTable<C::ProjectivePoint>>);

impl<C: PrimeCurveParams> MulTables<C> {
    pub(crate) fn new(point: &ProjectivePoint<C>) -> Self {
        let positions = Radix16Digits::<C>::USIZE.div_ceil(STEP);
        let mut shifted = *point;
        let mut tables = Vec::with_capacity(positions);
        for i in 0..positions {
            if i > 0 {
                for _ in 0..4 * STEP {
                    shifted = shifted.double();
                }
            }
            tables.push(LookupTable::new(shifted));
        }
        Self(tables)
    }

    /// `k·Q`, in constant time in `k`.
    #[must_use]
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "group operations, and digit positions below 200"
    )]
    pub fn mul(&self, k: &Scalar<C>) -> ProjectivePoint<C> {
        let digits = Radix16Decomposition::<Radix16Digits<C>>::new(k);
        let count = Radix16Digits::<C>::USIZE;
        let mut sum = ProjectivePoint::<C>::IDENTITY;
        for offset in (0..STEP).rev() {
            if offset + 1 < STEP {
                for _ in 0..4 {
                    sum = sum.double();
                }
            }
            for (i, table) in self.0.iter().enumerate() {
                let position = i * STEP + offset;
                if position < count {
                    sum += table.select(digits[position]);
                }
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    //! On each curve: the tables' product against the curve's own multiplication, and a
    //! key's agreements, before and after its tables, against `elliptic-curve`'s ECDH.

    use alloc::vec;

    use elliptic_curve::Field as _;
    use elliptic_curve::Generate as _;
    use elliptic_curve::group::Group as _;
    use elliptic_curve::ops::Reduce as _;
    use elliptic_curve::{FieldBytes, Scalar};
    use primeorder::ProjectivePoint;

    use super::MulTables;

    macro_rules! curve {
        ($name:ident, $agreement:ident, $variant:ident, $curve:ty, $property:ident, $cases:expr) => {
            proptest::proptest! {
                #![proptest_config(crate::tables::strategies::config($cases))]

                /// The tables' product is the curve's `point * k`, for points and scalars
                /// uniform, structured and `2^k ± small`.
                #[test]
                fn $property(
                    p in crate::tables::strategies::scalar_bytes(FieldBytes::<$curve>::default().len()),
                    k in crate::tables::strategies::scalar_bytes(FieldBytes::<$curve>::default().len()),
                    negate in proptest::prelude::any::<bool>(),
                ) {
                    let scalar = |bytes: &[u8]| {
                        Scalar::<$curve>::reduce(&FieldBytes::<$curve>::try_from(bytes).unwrap())
                    };
                    let point = ProjectivePoint::<$curve>::generator() * scalar(&p);
                    let k = if negate { -scalar(&k) } else { scalar(&k) };
                    proptest::prop_assert_eq!(MulTables::<$curve>::new(&point).mul(&k), point * k);
                }
            }

            #[test]
            fn $agreement() {
                let mut rng = rand::rng();
                let secret =
                    || elliptic_curve::NonZeroScalar::<$curve>::generate_from_rng(&mut rand::rng());
                let recipient = ecdsa::VerifyingKey::<$curve>::from_affine(
                    (ProjectivePoint::<$curve>::generator() * *secret()).to_affine(),
                )
                .unwrap();
                let pair = crate::EcKeyPair::from_public(recipient);
                for round in 0..3 {
                    let k = elliptic_curve::NonZeroScalar::<$curve>::generate_from_rng(&mut rng);
                    let expected = elliptic_curve::ecdh::diffie_hellman(&k, recipient.as_affine());
                    let tables = pair.agreement_tables();
                    assert_eq!(tables.is_some(), round > 0, "agreement {round}");
                    if let Some(tables) = tables {
                        let x = elliptic_curve::point::AffineCoordinates::x(&tables.mul(&k).to_affine());
                        assert_eq!(&x, expected.raw_secret_bytes(), "agreement {round}");
                    }
                    assert_eq!(pair.agreement.is_built(), round > 0, "agreement {round}");
                }
                // The public half of a key shares its tables.
                let key = crate::EcKey::$variant(pair);
                let crate::EcKey::$variant(public) = key.to_public() else {
                    unreachable!()
                };
                assert!(public.agreement.is_built());
            }

            #[test]
            fn $name() {
                let mut rng = rand::rng();
                let point =
                    ProjectivePoint::<$curve>::generator() * Scalar::<$curve>::random(&mut rng);
                let tables = MulTables::<$curve>::new(&point);
                // 0, 1, −1, ±(16^i) and ±(8·16^i) (the recoding's edges), and random scalars.
                let mut scalars = vec![
                    Scalar::<$curve>::ZERO,
                    Scalar::<$curve>::ONE,
                    -Scalar::<$curve>::ONE,
                ];
                let len = FieldBytes::<$curve>::default().len();
                for bit in (0..8 * len).step_by(4) {
                    let mut bytes = FieldBytes::<$curve>::default();
                    bytes[len - 1 - bit / 8] = 1 << (bit % 8);
                    let power = Scalar::<$curve>::reduce(&bytes);
                    let eight = power * Scalar::<$curve>::from(8_u64);
                    scalars.extend([power, -power, eight, -eight, eight - Scalar::<$curve>::ONE]);
                }
                scalars.extend((0..16).map(|_| Scalar::<$curve>::random(&mut rng)));
                for k in scalars {
                    assert_eq!(tables.mul(&k), point * k, "{k:?}");
                }
            }
        };
    }

    curve!(
        p256_is_the_curves_multiplication,
        p256_agreements,
        P256,
        p256::NistP256,
        p256_tables_product_is_the_curves,
        600
    );
    curve!(
        p384_is_the_curves_multiplication,
        p384_agreements,
        P384,
        p384::NistP384,
        p384_tables_product_is_the_curves,
        300
    );
    curve!(
        p521_is_the_curves_multiplication,
        p521_agreements,
        P521,
        p521::NistP521,
        p521_tables_product_is_the_curves,
        200
    );
}

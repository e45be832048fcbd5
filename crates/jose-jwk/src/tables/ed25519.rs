//! `[s]B − [k]A` from tables of multiples of the base point `B` and of a key's `−A`: what
//! Ed25519 verification (RFC 8032 §5.1.7, strict, in `jose-jws`'s `alg/eddsa.rs`) spends its
//! time on.
//!
//! ed25519-dalek computes `[s]B − [k]A` with one interleaved wNAF over about 256 doublings,
//! building the table of `A` at every call. A parsed key verifies many times, so here both
//! points get tables instead: `B`'s once per process, `−A`'s on the key's second use (a key
//! used once pays nothing, and clones of a key share the tables). Each scalar is cut into
//! eight 32-bit parts, and each point has a table of odd multiples for each of its eight
//! shifts `2^(32·i)·P`, so the interleaved wNAF runs over 32 doublings. A JWS verification
//! then takes about 0.65× the time of `verify_strict` (0.75× that of the cofactorless
//! `verify`) from the key's second verification on.
//!
//! The memory is 8 × 8 points per key (10 KiB) once the key has been used twice, and 8 × 64
//! points (80 KiB) for `B`, once per process.
//!
//! The sum runs in variable time, as ed25519-dalek's verification does: what it could reveal
//! is about the key, the signature and the signed bytes, which a verifier does not keep
//! secret. The tests hold it to curve25519-dalek's `[s]B − [k]A` (at the parts' boundaries
//! too, and for keys with a torsion component); `jose-jws` holds the verification built on it
//! to `verify_strict`.

#![allow(
    clippy::arithmetic_side_effects,
    reason = "group operations, and integers below 2^34"
)]

use alloc::vec::Vec;
use core::array;

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::{EdwardsPoint, Scalar};
use ed25519_dalek::VerifyingKey;
use group::Group as _;

/// The number of parts each scalar is cut into, and their size in bits.
const PARTS: usize = 8;
const PART_BITS: usize = 32;

/// The longest wNAF of a part: a number below `2^32` has at most 33 digits.
const DIGITS: usize = PART_BITS + 1;

/// The wNAF window of `B`'s tables (64 odd multiples per shift) and of a key's (8).
const BASE_WINDOW: u32 = 8;
const KEY_WINDOW: u32 = 5;

/// `B`'s tables, built once per process.
static BASE: once_cell::race::OnceBox<Tables> = once_cell::race::OnceBox::new();

fn base() -> &'static Tables {
    BASE.get_or_init(|| alloc::boxed::Box::new(Tables::new(&ED25519_BASEPOINT_POINT, BASE_WINDOW)))
}

/// The tables of `−A` for an Ed25519 public key `A`, built on the key's second use and shared
/// by its clones.
pub(crate) struct KeyTables {
    tables: Tables,
    /// The encoding of the `A` they are of: checked at each use, so tables cannot serve
    /// another key even if a change ever paired them with one.
    public: [u8; 32],
}

impl KeyTables {
    pub(crate) fn of_key(public: &VerifyingKey) -> Self {
        Self {
            tables: Tables::new(&-public.to_edwards(), KEY_WINDOW),
            public: public.to_bytes(),
        }
    }

    /// Whether these are the tables of `public`.
    pub(crate) fn is_for(&self, public: &VerifyingKey) -> bool {
        self.public == *public.as_bytes()
    }
}

/// The tables of the base point `B` and of one key's `−A`, from
/// [`OkpKey::ed25519_tables`](crate::OkpKey::ed25519_tables).
pub struct Ed25519Lincomb<'a> {
    pub(crate) key: &'a KeyTables,
}

impl Ed25519Lincomb<'_> {
    /// `[s]B − [k]A`, in variable time: `None` only if a digit fell outside its table (it
    /// never does).
    #[must_use]
    pub fn lincomb(&self, s: &Scalar, k: &Scalar) -> Option<EdwardsPoint> {
        combine(base(), &self.key.tables, s, k)
    }
}

/// For each shift `2^(32·i)·P` of a point `P`, its odd multiples `1, 3, …, 2^(w−1) − 1`
/// times, for the wNAF digits of window `w`.
pub(crate) struct Tables {
    window: u32,
    odd: [Vec<EdwardsPoint>; PARTS],
}

impl Tables {
    pub(crate) fn new(point: &EdwardsPoint, window: u32) -> Self {
        let mut shifted = *point;
        let odd = array::from_fn(|part| {
            if part > 0 {
                for _ in 0..PART_BITS {
                    shifted = shifted.double();
                }
            }
            let twice = shifted.double();
            let mut multiple = shifted;
            let count = 1 << (window - 2);
            let mut odd = Vec::with_capacity(count);
            for _ in 0..count {
                odd.push(multiple);
                multiple += &twice;
            }
            odd
        });
        Self { window, odd }
    }
}

/// `[s]B + [k]P` from `B`'s tables and `P`'s: `None` only if a digit fell outside its
/// table (it never does).
fn combine(base: &Tables, key: &Tables, s: &Scalar, k: &Scalar) -> Option<EdwardsPoint> {
    let (s, k) = (digits(s, base.window)?, digits(k, key.window)?);
    let mut sum = EdwardsPoint::default();
    let mut started = false;
    for column in (0..DIGITS).rev() {
        if started {
            sum = sum.double();
        }
        for part in 0..PARTS {
            for (digits, table) in [(&s, base), (&k, key)] {
                let digit = *digits.get(part)?.get(column)?;
                if digit != 0 {
                    let multiple = table
                        .odd
                        .get(part)?
                        .get(usize::from(digit.unsigned_abs() / 2))?;
                    if digit > 0 {
                        sum += multiple;
                    } else {
                        sum -= multiple;
                    }
                    started = true;
                }
            }
        }
    }
    Some(sum)
}

/// The wNAF digits (window `window`) of the eight 32-bit parts of `scalar`, least
/// significant first.
fn digits(scalar: &Scalar, window: u32) -> Option<[[i8; DIGITS]; PARTS]> {
    let bytes = scalar.to_bytes();
    let mut parts = bytes.chunks_exact(PART_BITS / 8);
    let mut out = [[0; DIGITS]; PARTS];
    for digits in &mut out {
        let part = parts.next()?.try_into().ok()?;
        *digits = naf(u32::from_le_bytes(part), window)?;
    }
    Some(out)
}

/// The width-`window` non-adjacent form of `part` (`2 ≤ window ≤ 8`): odd digits below
/// `2^(window−1)` in absolute value, least significant first, each followed by at least
/// `window − 1` zeros. `None` if it did not fit (it always does).
fn naf(part: u32, window: u32) -> Option<[i8; DIGITS]> {
    let width = 1_i64 << window;
    let mut n = i64::from(part);
    let mut digits = [0; DIGITS];
    let mut at = 0;
    while n != 0 {
        if n & 1 == 1 {
            let mut digit = n & (width - 1);
            if digit >= width / 2 {
                digit -= width;
            }
            *digits.get_mut(at)? = i8::try_from(digit).ok()?;
            n -= digit;
        }
        n >>= 1;
        at += 1;
    }
    Some(digits)
}

#[cfg(test)]
mod tests {
    //! The tables' sum against curve25519-dalek's, and the wNAF recoding against its promise.

    use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
    use curve25519_dalek::{EdwardsPoint, Scalar};
    use sha2::{Digest as _, Sha512};

    use super::{Tables, combine, naf};

    fn key(seed: u32) -> ed25519_dalek::SigningKey {
        let bytes: [u8; 32] = Sha512::digest(seed.to_le_bytes())[..32].try_into().unwrap();
        ed25519_dalek::SigningKey::from_bytes(&bytes)
    }

    #[test]
    fn naf_is_the_number_in_the_form_promised() {
        let values = [
            0,
            1,
            2,
            3,
            0x7f,
            0x80,
            0xff,
            0x100,
            0xdead_beef,
            u32::MAX - 1,
            u32::MAX,
        ];
        for window in 2..=8 {
            for &n in &values {
                let digits = naf(n, window).unwrap();
                let mut sum = 0_i64;
                let mut gap = u32::MAX;
                for (at, &digit) in digits.iter().enumerate().rev() {
                    sum = 2 * sum + i64::from(digit);
                    if digit == 0 {
                        gap = gap.saturating_add(1);
                        continue;
                    }
                    assert!(digit % 2 != 0 && i32::from(digit).abs() < 1 << (window - 1));
                    assert!(gap >= window - 1, "{n:#x}, window {window}, digit {at}");
                    gap = 0;
                }
                assert_eq!(sum, i64::from(n), "window {window}");
            }
        }
    }

    /// Scalars at the parts' boundaries, and derived ones.
    fn scalars() -> impl Iterator<Item = Scalar> {
        let powers = [0_usize, 31, 32, 33, 63, 64, 128, 224, 251, 252];
        let minus_one = -Scalar::ONE;
        [Scalar::ZERO, Scalar::ONE, minus_one]
            .into_iter()
            .chain(powers.into_iter().flat_map(|p| {
                let mut bytes = [0_u8; 32];
                bytes[p / 8] = 1 << (p % 8);
                let power = Scalar::from_bytes_mod_order(bytes);
                [power, power - Scalar::ONE]
            }))
            .chain((0_u32..8).map(|i| {
                Scalar::from_bytes_mod_order_wide(&Sha512::digest(i.to_le_bytes()).into())
            }))
    }

    /// A scalar from 32 bytes (uniform, structured, `2^k ± small`), reduced.
    fn scalar() -> impl proptest::strategy::Strategy<Value = Scalar> {
        use proptest::strategy::Strategy as _;
        crate::tables::strategies::scalar_bytes(32)
            .prop_map(|bytes| Scalar::from_bytes_mod_order(bytes.try_into().unwrap_or([0; 32])))
    }

    /// The points of small order (the torsion a key may carry), and none.
    fn torsion() -> impl proptest::strategy::Strategy<Value = EdwardsPoint> {
        use proptest::strategy::Strategy as _;
        (0..=8_usize).prop_map(|i| {
            curve25519_dalek::constants::EIGHT_TORSION
                .get(i)
                .copied()
                .unwrap_or_default()
        })
    }

    proptest::proptest! {
        #![proptest_config(crate::tables::strategies::config(1000))]

        /// `[s]B − [k]A` on the tables is curve25519-dalek's
        /// `vartime_double_scalar_mul_basepoint`, for keys with a torsion component too.
        #[test]
        fn the_tables_sum_is_dalek_s(
            a in scalar(), t in torsion(), s in scalar(), k in scalar(),
            negate in proptest::prelude::any::<[bool; 2]>(),
        ) {
            static BASE: std::sync::LazyLock<Tables> =
                std::sync::LazyLock::new(|| Tables::new(&ED25519_BASEPOINT_POINT, 8));
            let (s, k) = (if negate[0] { -s } else { s }, if negate[1] { -k } else { k });
            let minus_a = -(EdwardsPoint::mul_base(&a) + t);
            let key = Tables::new(&minus_a, 5);
            proptest::prop_assert_eq!(
                combine(&BASE, &key, &s, &k),
                Some(EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &minus_a, &s))
            );
        }
    }

    #[test]
    fn combine_is_the_curves_multiplication() {
        let base = Tables::new(&ED25519_BASEPOINT_POINT, 8);
        for seed in 0..3 {
            let minus_a = -key(seed).verifying_key().to_edwards();
            let key = Tables::new(&minus_a, 5);
            for s in scalars() {
                for k in scalars() {
                    assert_eq!(
                        combine(&base, &key, &s, &k),
                        Some(EdwardsPoint::vartime_double_scalar_mul_basepoint(
                            &k, &minus_a, &s
                        )),
                    );
                }
            }
        }
    }

    #[test]
    fn a_keys_tables_are_built_on_its_second_use_and_shared_by_its_clones() {
        let signer = key(3);
        let okp = crate::OkpKey::ed25519_private(signer.clone());
        let clone = okp.clone();
        assert!(okp.ed25519_tables().is_none(), "built on the first use");
        let minus_a = -signer.verifying_key().to_edwards();
        for s in scalars().take(6) {
            for k in scalars().skip(6).take(4) {
                let tables = clone.ed25519_tables().expect("built on the second use");
                assert_eq!(
                    tables.lincomb(&s, &k),
                    Some(EdwardsPoint::vartime_double_scalar_mul_basepoint(
                        &k, &minus_a, &s
                    ))
                );
            }
        }
        // The public half shares them; an X25519 key has none.
        assert!(okp.to_public().ed25519_tables().is_some());
        let x25519 = crate::OkpKey::x25519_private(x25519_dalek::StaticSecret::from([7; 32]));
        assert!(x25519.ed25519_tables().is_none());
        assert!(x25519.ed25519_tables().is_none());
    }
}

//! Strict Ed25519 verification (RFC 8032 §5.1.7), with tables of multiples held by the key.
//!
//! # Strictness
//!
//! A signature `(R, s)` is accepted, as ed25519-dalek's `verify_strict` accepts it, when `s`
//! is canonical (below the order ℓ), neither `R` nor the public key `A` has small order, and
//! the canonical encoding of `[s]B − [k]A`, with `k = SHA-512(R ‖ A ‖ M) mod ℓ`, equals the
//! bytes of `R`. That last check already implies that `R` is a canonical encoding of a point,
//! so "`R` has small order" is "the bytes of `R` are one of the eight canonical encodings of
//! the points of small order": a comparison of bytes does what decoding `R` and multiplying
//! it by the cofactor did. The tests hold this to `verify_strict` on the edge cases of
//! "Taming the many EdDSAs" (Chalkias, Garillot, Nikolaenko, 2020).
//!
//! # Tables
//!
//! ed25519-dalek computes `[s]B − [k]A` with one interleaved wNAF over about 256 doublings,
//! building the table of `A` at every call. A parsed key verifies many times, so with the
//! `std` feature both points get tables instead: `B`'s once per process, `−A`'s on the key's
//! second verification (a key verified once pays nothing, and clones of a key share the
//! tables). Each scalar is cut into eight 32-bit parts, and each point has a table of odd
//! multiples for each of its eight shifts `2^(32·i)·P`, so the interleaved wNAF runs over 32
//! doublings. A JWS verification then takes about 0.65× the time of `verify_strict` (0.75× that
//! of the cofactorless `verify`) from the key's second verification on.
//!
//! The memory is 8 × 8 points per key (10 KiB) once the key has verified twice, and
//! 8 × 64 points (80 KiB) for `B`, once per process.
//!
//! The code runs in variable time, as ed25519-dalek's verification does: what it could reveal
//! is about the key, the signature and the signed bytes, which a verifier does not keep
//! secret. The tests hold the sum to curve25519-dalek's `[s]B − [k]A` (at the parts'
//! boundaries too) and the verification to `verify_strict` on valid signatures, every
//! single-bit corruption of one, non-canonical `s`, small-order `R` and the edge cases.

use core::fmt;

use curve25519_dalek::Scalar;
use ed25519_dalek::{Signature, Verifier as _, VerifyingKey};

#[cfg(feature = "tables")]
use crate::key::precomputed::Precomputed;

/// The canonical encodings of the eight points of small order (RFC 8032 §5.1.2): the
/// identity, the point of order 2, the two of order 4 and the four of order 8.
const SMALL_ORDER: [[u8; 32]; 8] = [
    // identity: 0100000000000000000000000000000000000000000000000000000000000000
    [
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00,
    ],
    // order 2: ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    // order 4: 0000000000000000000000000000000000000000000000000000000000000000
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00,
    ],
    // order 4: 0000000000000000000000000000000000000000000000000000000000000080
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x80,
    ],
    // order 8: c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
    // order 8: c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0xfa,
    ],
    // order 8: 26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    // order 8: 26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x85,
    ],
];

/// The tables an Ed25519 public key builds on its second verification (with the `std`
/// feature; without it, nothing), shared by the key's clones. See [`OkpKey::verify`].
///
/// The tables remember the key they were built for, and serve no other: tables moved to
/// another Ed25519 key leave its verification on ed25519-dalek's code.
///
/// [`OkpKey::verify`]: crate::OkpKey::verify
#[derive(Clone)]
pub struct Ed25519Tables {
    #[cfg(feature = "tables")]
    precomputed: Precomputed<tables::KeyTables>,
}

impl Ed25519Tables {
    pub(crate) fn new() -> Self {
        Self {
            #[cfg(feature = "tables")]
            precomputed: Precomputed::new(),
        }
    }
}

impl fmt::Debug for Ed25519Tables {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ed25519Tables")
    }
}

/// Whether `signature` is a strict Ed25519 signature of `message` by `public` (see the
/// module's text): `false` for any refused signature, whatever the reason.
pub(crate) fn verify(
    public: &VerifyingKey,
    tables: &Ed25519Tables,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let Ok(signature) = <&[u8; 64]>::try_from(signature) else {
        return false;
    };
    let signature = Signature::from_bytes(signature);
    if public.is_weak() || SMALL_ORDER.contains(signature.r_bytes()) {
        return false;
    }
    // `s` below the order, here for both paths: ed25519-dalek's `verify` only checks its top
    // three bits when a crate in the build turns on its `legacy_compatibility` feature.
    let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(*signature.s_bytes())) else {
        return false;
    };
    #[cfg(feature = "tables")]
    if let Some(key) = tables
        .precomputed
        .get(|| tables::KeyTables::of_key(public))
        .filter(|key| key.is_for(public))
    {
        return tables::verify(key, public, message, &signature, &s);
    }
    #[cfg(not(feature = "tables"))]
    let _ = (tables, s);
    // ed25519-dalek's cofactorless verification: the encodings of `[s]B − [k]A` and `R`
    // compared.
    public.verify(message, &signature).is_ok()
}

#[cfg(feature = "tables")]
#[allow(
    clippy::arithmetic_side_effects,
    reason = "group operations, and integers below 2^34"
)]
mod tables {
    //! `[s]B − [k]A` from tables of the shifts of `B` and `−A`.

    use alloc::vec::Vec;
    use core::array;

    use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
    use curve25519_dalek::{EdwardsPoint, Scalar};
    use ed25519_dalek::{Signature, VerifyingKey};
    use group::Group as _;
    use sha2::{Digest as _, Sha512};

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
        BASE.get_or_init(|| {
            alloc::boxed::Box::new(Tables::new(&ED25519_BASEPOINT_POINT, BASE_WINDOW))
        })
    }

    /// The tables of `−A` for a public key `A`, and the key they serve.
    pub(crate) struct KeyTables {
        public: [u8; 32],
        tables: Tables,
    }

    impl KeyTables {
        pub(super) fn of_key(public: &VerifyingKey) -> Self {
            Self {
                public: *public.as_bytes(),
                tables: Tables::new(&-public.to_edwards(), KEY_WINDOW),
            }
        }

        /// Whether these are `public`'s tables.
        pub(super) fn is_for(&self, public: &VerifyingKey) -> bool {
            self.public == *public.as_bytes()
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

    /// RFC 8032 §5.1.7 steps 1 to 3 for a signature whose `R`, `s` (canonical) and key are
    /// already checked.
    pub(super) fn verify(
        key: &KeyTables,
        public: &VerifyingKey,
        message: &[u8],
        signature: &Signature,
        s: &Scalar,
    ) -> bool {
        let k = Scalar::from_bytes_mod_order_wide(
            &Sha512::new()
                .chain_update(signature.r_bytes())
                .chain_update(public.as_bytes())
                .chain_update(message)
                .finalize()
                .into(),
        );
        combine(base(), &key.tables, s, &k)
            .is_some_and(|point| point.compress().as_bytes() == signature.r_bytes())
    }

    /// `[s]B + [k]P` from `B`'s tables and `P`'s: `None` only if a digit fell outside its
    /// table (it never does).
    pub(super) fn combine(
        base: &Tables,
        key: &Tables,
        s: &Scalar,
        k: &Scalar,
    ) -> Option<EdwardsPoint> {
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
    pub(super) fn naf(part: u32, window: u32) -> Option<[i8; DIGITS]> {
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
}

#[cfg(test)]
mod tests {
    //! The verification against `verify_strict` (on its first verification, which is
    //! ed25519-dalek's, and on the key's tables), and the tables' sum against
    //! curve25519-dalek's.

    use alloc::vec::Vec;

    use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
    use sha2::{Digest as _, Sha512};

    use super::{Ed25519Tables, SMALL_ORDER, verify};

    /// Hex of any length to bytes.
    fn hex(text: &str) -> Vec<u8> {
        let value = |c: u8| match c {
            b'0'..=b'9' => c - b'0',
            _ => c - b'a' + 10,
        };
        text.as_bytes()
            .chunks_exact(2)
            .map(|pair| value(pair[0]) << 4 | value(pair[1]))
            .collect()
    }

    /// The verdicts of a key's first verification and of one on its built tables (with
    /// `std`; of the first path twice without).
    fn both(public: &VerifyingKey, message: &[u8], signature: &[u8]) -> (bool, bool) {
        let first = verify(public, &Ed25519Tables::new(), message, signature);
        let tables = Ed25519Tables::new();
        #[cfg(feature = "tables")]
        {
            let build = || super::tables::KeyTables::of_key(public);
            assert!(tables.precomputed.get(build).is_none());
            assert!(tables.precomputed.get(build).is_some());
        }
        (first, verify(public, &tables, message, signature))
    }

    fn key(seed: u32) -> SigningKey {
        let bytes: [u8; 32] = Sha512::digest(seed.to_le_bytes())[..32].try_into().unwrap();
        SigningKey::from_bytes(&bytes)
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
            assert_eq!(
                both(&public, &message, &signature),
                (strict, strict),
                "case {i}"
            );
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
        let key = SigningKey::from_bytes(&[7; 32]);
        let public = key.verifying_key();
        let good = key.sign(b"payload").to_bytes();
        assert_eq!(both(&public, b"payload", &good), (true, true));
        assert_eq!(both(&public, b"payloaD", &good), (false, false));
        assert_eq!(both(&public, b"payload", &good[..63]), (false, false));
        for r in SMALL_ORDER {
            let mut forged = good;
            forged[..32].copy_from_slice(&r);
            assert_eq!(both(&public, b"payload", &forged), (false, false));
        }
    }

    #[test]
    fn signatures_verify_and_every_single_bit_corruption_is_refused() {
        for seed in 0..4 {
            let key = key(seed);
            let public = key.verifying_key();
            let message = Sha512::digest(seed.to_be_bytes());
            let good = key.sign(&message).to_bytes();
            assert_eq!(both(&public, &message, &good), (true, true), "key {seed}");
            let tables = Ed25519Tables::new();
            assert!(verify(&public, &tables, &message, &good));
            for bit in 0..512 {
                let mut bad = good;
                bad[bit / 8] ^= 1 << (bit % 8);
                let strict = ed25519_dalek::Signature::from_bytes(&bad);
                assert!(public.verify_strict(&message, &strict).is_err());
                assert!(!verify(&public, &tables, &message, &bad), "bit {bit}");
            }
            // The same signature under another key, and over another message.
            let other = self::key(seed + 100).verifying_key();
            assert_eq!(both(&other, &message, &good), (false, false));
            assert_eq!(both(&public, &message[1..], &good), (false, false));
        }
    }

    #[test]
    fn okp_key_verify_gives_its_error_kinds() {
        use jose_core::ErrorKind;

        let key = key(2);
        let okp = crate::OkpKey::ed25519_private(key.clone());
        let good = key.sign(b"payload").to_bytes();
        assert!(okp.verify(b"payload", &good).is_ok());
        for (message, signature) in [(&b"payloaD"[..], &good[..]), (b"payload", &good[..63])] {
            let kind = okp.verify(message, signature).unwrap_err().kind();
            assert_eq!(kind, ErrorKind::InvalidSignature);
        }
        let x25519 = crate::OkpKey::x25519_private(x25519_dalek::StaticSecret::from([7; 32]));
        let kind = x25519.verify(b"payload", &good).unwrap_err().kind();
        assert_eq!(kind, ErrorKind::InvalidKey);
    }

    #[test]
    fn a_non_canonical_s_is_refused() {
        // ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian.
        const ORDER: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let key = key(1);
        let public = key.verifying_key();
        let good = key.sign(b"payload").to_bytes();
        // s + ℓ: the same point, another encoding.
        let mut bad = good;
        let mut carry = 0_u16;
        for (byte, add) in bad[32..].iter_mut().zip(ORDER) {
            let sum = u16::from(*byte) + u16::from(add) + carry;
            *byte = sum as u8;
            carry = sum >> 8;
        }
        assert_eq!(carry, 0);
        assert_eq!(both(&public, b"payload", &bad), (false, false));
    }

    #[cfg(feature = "tables")]
    mod tables {
        use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
        use curve25519_dalek::{EdwardsPoint, Scalar};
        use sha2::{Digest as _, Sha512};

        use super::super::tables::{Tables, combine, naf};
        use super::key;

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
            crate::key::strategies::scalar_bytes(32)
                .prop_map(|bytes| Scalar::from_bytes_mod_order(bytes.try_into().unwrap_or([0; 32])))
        }

        /// The points of small order (the torsion a key may carry), and none.
        fn torsion() -> impl proptest::strategy::Strategy<Value = EdwardsPoint> {
            use proptest::strategy::Strategy as _;
            (0..=super::SMALL_ORDER.len()).prop_map(|i| {
                super::SMALL_ORDER
                    .get(i)
                    .and_then(|bytes| {
                        curve25519_dalek::edwards::CompressedEdwardsY(*bytes).decompress()
                    })
                    .unwrap_or_default()
            })
        }

        proptest::proptest! {
            #![proptest_config(crate::key::strategies::config(1000))]

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

            /// Verification on built tables answers as `verify_strict` does: for signatures
            /// made with the key's scalar (valid unless the key's torsion shows through `k`),
            /// the same with `s` or `R` changed, and for keys `A + T` with `T` of small order.
            #[test]
            fn table_verification_is_verify_strict(
                a in scalar(), t in torsion(), r in scalar(), other in scalar(),
                change in 0..3u8,
                message in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
            ) {
                use ed25519_dalek::VerifyingKey;
                let public_point = EdwardsPoint::mul_base(&a) + t;
                let Ok(public) = VerifyingKey::from_bytes(public_point.compress().as_bytes()) else {
                    return Ok(());
                };
                let big_r = EdwardsPoint::mul_base(&r).compress();
                let k = Scalar::from_bytes_mod_order_wide(
                    &Sha512::new()
                        .chain_update(big_r.as_bytes())
                        .chain_update(public.as_bytes())
                        .chain_update(&message)
                        .finalize()
                        .into(),
                );
                let mut signature = [0u8; 64];
                signature[..32].copy_from_slice(big_r.as_bytes());
                signature[32..].copy_from_slice((r + k * a).as_bytes());
                match change {
                    1 => signature[32..].copy_from_slice(other.as_bytes()),
                    2 => signature[..32]
                        .copy_from_slice(EdwardsPoint::mul_base(&other).compress().as_bytes()),
                    _ => {}
                }
                // The first path, and the tables (built before this verification).
                let (first, built) = super::both(&public, &message, &signature);
                let strict = public
                    .verify_strict(&message, &ed25519_dalek::Signature::from_bytes(&signature))
                    .is_ok();
                proptest::prop_assert_eq!((first, built), (strict, strict));
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
    }

    #[cfg(feature = "tables")]
    #[test]
    fn tables_serve_only_the_key_they_were_built_for() {
        use curve25519_dalek::{EdwardsPoint, Scalar};

        let (alice, bob) = (key(5), key(6));
        let (alice_public, bob_public) = (alice.verifying_key(), bob.verifying_key());
        let tables = Ed25519Tables::new();
        let good = alice.sign(b"payload").to_bytes();
        assert!(verify(&alice_public, &tables, b"payload", &good));
        assert!(verify(&alice_public, &tables, b"payload", &good));
        assert!(tables.precomputed.is_built());
        // What Alice can sign so that `[s]B − [k]A = R` holds for her `A` and a `k` hashed
        // over Bob's key: Alice's tables held with Bob's key would accept it.
        let r = Scalar::from_bytes_mod_order([9; 32]);
        let big_r = EdwardsPoint::mul_base(&r).compress();
        let k = Scalar::from_bytes_mod_order_wide(
            &Sha512::new()
                .chain_update(big_r.as_bytes())
                .chain_update(bob_public.as_bytes())
                .chain_update(b"payload")
                .finalize()
                .into(),
        );
        let mut forged = [0; 64];
        forged[..32].copy_from_slice(big_r.as_bytes());
        forged[32..].copy_from_slice((r + k * alice.to_scalar()).as_bytes());
        assert!(!verify(&bob_public, &tables, b"payload", &forged));
        let bobs = bob.sign(b"payload").to_bytes();
        assert!(verify(&bob_public, &tables, b"payload", &bobs));
    }

    #[cfg(feature = "tables")]
    #[test]
    fn clones_share_the_tables() {
        let key = key(3);
        let public = key.verifying_key();
        let good = key.sign(b"payload").to_bytes();
        let tables = Ed25519Tables::new();
        let clone = tables.clone();
        assert!(verify(&public, &tables, b"payload", &good));
        assert!(!clone.precomputed.is_built());
        assert!(verify(&public, &clone, b"payload", &good));
        assert!(tables.precomputed.is_built());
    }
}

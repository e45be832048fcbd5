//! The tables of multiples a parsed key keeps, and the sums they compute: the seam between a
//! key (which owns them, so that its clones share them) and the algorithms that use them
//! (ECDSA, EdDSA and RSA verification in `jose-jws`, ECDH in `jose-jwe`, which own the
//! equations and encodings).
//!
//! A key reached through [`EcKeyPair::verification_tables`], [`EcKeyPair::agreement_tables`],
//! [`OkpKey::ed25519_tables`] or [`RsaKey::public_tables`] counts a use at each call: the first answers `None` (a key
//! used once, a key fetched for one token, an ephemeral `epk`, allocates nothing), the second
//! builds the tables and every later one returns them. An algorithm that gets `None` takes
//! its crate's plain code for that call.
//!
//! | sum | used by | time against the upstream path, from the second use |
//! |---|---|---|
//! | [`EcLincomb::lincomb`]: `u1·G + u2·Q`, variable time | ECDSA verification on P-256, P-384, P-521 | 0.43×, 0.44×, 0.47× of `ecdsa`'s verification |
//! | [`MulTables::mul`]: `k·Q`, constant time in `k` | ECDH with a recipient's key | about 0.5× of an ECDH-ES encryption |
//! | [`Ed25519Lincomb::lincomb`]: `[s]B − [k]A`, variable time | Ed25519 verification | 0.65× of `verify_strict` |
//! | [`Montgomery::public_op`]: `x^e mod n`, variable time (every value public) | RSA verification | about 0.5× of the `rsa` crate's verification |
//!
//! Each module says how its tables are cut, what they cost in memory, and what its tests hold
//! it to; `benches/` holds the figures, and the fuzz target `tables_agree` compares the
//! algorithms built on them with the upstream code they replace.
//!
//! [`EcKeyPair::verification_tables`]: crate::EcKeyPair::verification_tables
//! [`EcKeyPair::agreement_tables`]: crate::EcKeyPair::agreement_tables
//! [`OkpKey::ed25519_tables`]: crate::OkpKey::ed25519_tables
//! [`RsaKey::public_tables`]: crate::RsaKey::public_tables

#[cfg(feature = "ec")]
mod ec_lincomb;
#[cfg(feature = "ec")]
mod ec_mul;
#[cfg(feature = "okp")]
mod ed25519;
#[cfg(feature = "rsa")]
mod montgomery;
mod precomputed;
#[cfg(test)]
#[path = "../../../tests/support/strategies.rs"]
pub(crate) mod strategies;

#[cfg(feature = "ec")]
pub use ec_lincomb::{EcLincomb, LincombTables};
#[cfg(feature = "ec")]
pub use ec_mul::MulTables;
#[cfg(feature = "okp")]
pub use ed25519::Ed25519Lincomb;
#[cfg(feature = "okp")]
pub(crate) use ed25519::KeyTables as Ed25519KeyTables;
#[cfg(feature = "rsa")]
pub use montgomery::Montgomery;
pub(crate) use precomputed::Precomputed;

/// The curves with tables: P-256, P-384 and P-521 (secp256k1 keeps `k256`'s own code, which
/// uses the curve's endomorphism). Sealed: the generator's tables are built here, once per
/// process and curve.
#[cfg(feature = "ec")]
pub trait TableCurve: primeorder::PrimeCurveParams + sealed::Sealed {
    /// The tables of the curve's generator, built on first use.
    #[doc(hidden)]
    fn generator_tables() -> &'static LincombTables<Self>;
}

#[cfg(feature = "ec")]
mod sealed {
    pub trait Sealed {}
}

#[cfg(feature = "ec")]
macro_rules! table_curve {
    ($($curve:ty),*) => {$(
        impl sealed::Sealed for $curve {}

        impl TableCurve for $curve {
            fn generator_tables() -> &'static LincombTables<Self> {
                static GENERATOR: once_cell::race::OnceBox<LincombTables<$curve>> =
                    once_cell::race::OnceBox::new();
                GENERATOR.get_or_init(|| {
                    alloc::boxed::Box::new(LincombTables::new(
                        &elliptic_curve::group::Group::generator(),
                    ))
                })
            }
        }
    )*};
}

#[cfg(feature = "ec")]
table_curve!(p256::NistP256, p384::NistP384, p521::NistP521);

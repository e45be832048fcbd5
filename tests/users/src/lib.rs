//! What a user of the `jose` crate writes. This crate depends on `jose` alone (and serde, for
//! the user's own claim types): every example of README.md and docs/ is compiled and run here
//! as a doctest, so none can name another crate of the workspace, and `examples/` holds one
//! program per flow of the tutorials the toolkit is measured against (see
//! docs/coming-from.md).

/// The README's examples, run as doctests.
#[doc = include_str!("../../../README.md")]
pub mod readme {}

/// The examples of `docs/keys.md`, run as doctests.
#[doc = include_str!("../../../docs/keys.md")]
pub mod docs_keys {}

/// The examples of `docs/jws.md`, run as doctests.
#[doc = include_str!("../../../docs/jws.md")]
pub mod docs_jws {}

/// The examples of `docs/jwe.md`, run as doctests.
#[doc = include_str!("../../../docs/jwe.md")]
pub mod docs_jwe {}

/// The examples of `docs/quickstart.md`, run as doctests.
#[doc = include_str!("../../../docs/quickstart.md")]
pub mod docs_quickstart {}

/// The examples of `docs/jwt.md`, run as doctests.
#[doc = include_str!("../../../docs/jwt.md")]
pub mod docs_jwt {}

/// The examples of `docs/jwks.md`, run as doctests.
#[doc = include_str!("../../../docs/jwks.md")]
pub mod docs_jwks {}

/// The examples of `docs/protecting-an-api.md`, run as doctests.
#[doc = include_str!("../../../docs/protecting-an-api.md")]
pub mod docs_protecting_an_api {}

/// The examples of `docs/nested.md`, run as doctests.
#[doc = include_str!("../../../docs/nested.md")]
pub mod docs_nested {}

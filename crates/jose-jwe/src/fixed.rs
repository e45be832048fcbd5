//! Fixed random inputs, to reproduce published examples (feature `test-vectors`).

use alloc::vec::Vec;

use jose_jwk::Jwk;

/// The random inputs of an encryption, fixed: **only** to reproduce published examples
/// (feature `test-vectors`, never in production).
/// Reusing a CEK or an IV breaks the encryption. Every field left `None` is drawn from the
/// RNG, as it always should be.
#[derive(Clone, Default)]
// Some fields serve only the algorithms compiled in.
#[cfg_attr(not(feature = "test-vectors"), allow(dead_code))]
// Test vectors fill it in by name, `..Randomness::default()` for the rest.
#[allow(clippy::exhaustive_structs)]
pub struct Randomness {
    /// The content-encryption key.
    pub cek: Option<Vec<u8>>,
    /// The content-encryption IV.
    pub iv: Option<Vec<u8>>,
    /// The IV of AES-GCM key wrapping.
    pub key_iv: Option<Vec<u8>>,
    /// The ephemeral ECDH-ES private key.
    pub ephemeral: Option<Jwk>,
    /// The PBES2 salt input.
    pub p2s: Option<Vec<u8>>,
}

impl core::fmt::Debug for Randomness {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Randomness(redacted)")
    }
}

//! `kty: oct`, symmetric keys (RFC 7518 §6.4).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use jose_core::json::{self, Object};
use jose_core::{Error, Result, b64};
use zeroize::Zeroizing;

/// A symmetric key: an HMAC secret, an AES key, or a PBES2 password. Zeroized on drop; its
/// `Debug` shows only its length; `==` compares in constant time.
#[derive(Clone)]
pub struct OctKey(Zeroizing<Vec<u8>>, Schedules, ShortHmac);

/// Whether HMAC may use this key although it is shorter than its hash (the caller's explicit
/// opt-in, [`Jwk::from_legacy_hmac_secret`](crate::Jwk::from_legacy_hmac_secret)).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ShortHmac(pub(crate) bool);

/// The HMAC key schedules of a key, each computed the first time it is asked for and
/// zeroized on drop (with the `hmac` feature, `std` or not).
#[derive(Default)]
struct Schedules {
    #[cfg(feature = "hmac")]
    sha256: once_cell::race::OnceBox<hmac::Hmac<sha2::Sha256>>,
    #[cfg(feature = "hmac")]
    sha384: once_cell::race::OnceBox<hmac::Hmac<sha2::Sha384>>,
    #[cfg(feature = "hmac")]
    sha512: once_cell::race::OnceBox<hmac::Hmac<sha2::Sha512>>,
}

impl Clone for Schedules {
    /// The schedules computed so far, copied.
    fn clone(&self) -> Self {
        #[cfg(feature = "hmac")]
        {
            fn copy<T: Clone>(cell: &once_cell::race::OnceBox<T>) -> once_cell::race::OnceBox<T> {
                let copied = once_cell::race::OnceBox::new();
                if let Some(value) = cell.get() {
                    let _ = copied.set(alloc::boxed::Box::new(value.clone()));
                }
                copied
            }
            Self {
                sha256: copy(&self.sha256),
                sha384: copy(&self.sha384),
                sha512: copy(&self.sha512),
            }
        }
        #[cfg(not(feature = "hmac"))]
        Self {}
    }
}

/// HMAC with one hash, keyed: a fresh copy of the key schedule, kept in `cell`.
#[cfg(feature = "hmac")]
macro_rules! keyed_hmac {
    ($(#[$doc:meta])* $name:ident, $hash:ty, $cell:ident) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Never in practice: HMAC takes keys of any length.
        pub fn $name(&self) -> Result<hmac::Hmac<$hash>> {
            use hmac::KeyInit as _;
            if let Some(keyed) = self.1.$cell.get() {
                return Ok(hmac::Hmac::clone(keyed));
            }
            let keyed = hmac::Hmac::<$hash>::new_from_slice(&self.0)
                .map_err(|_| Error::invalid_key("the HMAC key cannot be used"))?;
            let _ = self.1.$cell.set(alloc::boxed::Box::new(keyed.clone()));
            Ok(keyed)
        }
    };
}

impl PartialEq for OctKey {
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        bool::from(self.0.as_slice().ct_eq(other.0.as_slice()))
    }
}

impl Eq for OctKey {}

impl OctKey {
    /// A key of these bytes.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`](jose_core::ErrorKind::InvalidKey) when `bytes` is empty.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Self> {
        let bytes = Zeroizing::new(bytes.into());
        if bytes.is_empty() {
            return Err(Error::invalid_key("an oct key may not be empty"));
        }
        Ok(Self(bytes, Schedules::default(), ShortHmac(false)))
    }

    /// A key that HMAC may use although it is shorter than the hash.
    pub(crate) fn allowing_short_hmac(mut self) -> Self {
        self.2 = ShortHmac(true);
        self
    }

    /// Whether HMAC may use this key below the length RFC 7518 §3.2 asks.
    pub(crate) fn short_hmac_allowed(&self) -> bool {
        self.2.0
    }

    /// The secret bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The length of the secret in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: an empty key cannot be built.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    #[cfg(feature = "hmac")]
    keyed_hmac!(
        /// HMAC-SHA-256 keyed with this secret, ready for input.
        hmac_sha256,
        sha2::Sha256,
        sha256
    );
    #[cfg(feature = "hmac")]
    keyed_hmac!(
        /// HMAC-SHA-384 keyed with this secret, ready for input.
        hmac_sha384,
        sha2::Sha384,
        sha384
    );
    #[cfg(feature = "hmac")]
    keyed_hmac!(
        /// HMAC-SHA-512 keyed with this secret, ready for input.
        hmac_sha512,
        sha2::Sha512,
        sha512
    );

    /// A random key of `bits` bits: whole bytes, from 128 to 8192, so that a byte count
    /// passed by mistake (32 for HS256) is refused, not made into a 4-byte key.
    pub(crate) fn generate(rng: &mut impl rand_core::CryptoRng, bits: usize) -> Result<Self> {
        if !(128..=8192).contains(&bits) || !bits.is_multiple_of(8) {
            return Err(Error::invalid_key(format!(
                "KeySpec::Oct counts bits: a multiple of 8 from 128 to 8192, not {bits} \
                 (a 32-byte HS256 or A256KW key is KeySpec::Oct(256))"
            )));
        }
        let bytes = bits / 8;
        let mut secret = Zeroizing::new(alloc::vec![0u8; bytes]);
        rng.fill_bytes(&mut secret);
        Ok(Self(secret, Schedules::default(), ShortHmac(false)))
    }

    pub(crate) fn from_members(object: &mut Object) -> Result<Self> {
        let k = Zeroizing::new(
            json::take_string(object, "k")?
                .ok_or_else(|| Error::malformed("an oct key needs `k`"))?,
        );
        let bytes = b64::decode_secret(k.as_bytes())?;
        if bytes.is_empty() {
            return Err(Error::invalid_key("an oct key may not be empty"));
        }
        Ok(Self(bytes, Schedules::default(), ShortHmac(false)))
    }

    pub(crate) fn write_members(&self, object: &mut Object) {
        object.insert("k".into(), b64::encode(&self.0).into());
    }

    pub(crate) fn thumbprint_input(&self) -> Zeroizing<String> {
        let k = Zeroizing::new(b64::encode(&self.0));
        // Sized up front: no reallocation leaves a copy of the secret behind.
        let mut input = Zeroizing::new(String::with_capacity(k.len().saturating_add(24)));
        input.push_str(r#"{"k":""#);
        input.push_str(&k);
        input.push_str(r#"","kty":"oct"}"#);
        input
    }
}

impl fmt::Debug for OctKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OctKey({} bytes, redacted)", self.0.len())
    }
}

impl crate::key::KeyType for OctKey {
    const KTY: &'static str = "oct";

    fn is_private(&self) -> bool {
        true
    }

    fn secret_len(&self) -> Option<usize> {
        Some(self.len())
    }

    fn to_public(&self) -> Option<Self> {
        None
    }

    fn from_members(
        object: &mut Object,
        _: &jose_core::Limits,
        _: Option<&crate::JwkAlg>,
    ) -> Result<Self> {
        Self::from_members(object)
    }

    fn write_members(&self, object: &mut Object, private: bool) -> Result<()> {
        if !private {
            return Err(Error::invalid_key("an oct key has no public half"));
        }
        Self::write_members(self, object);
        Ok(())
    }

    fn thumbprint_input(&self) -> Zeroizing<String> {
        Self::thumbprint_input(self)
    }
}

//! `kty: oct`, symmetric keys (RFC 7518 §6.4).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use jose_core::json::{self, Object};
use jose_core::{Error, Result, b64};
use zeroize::Zeroizing;

/// A symmetric key: an HMAC secret, an AES key, or a PBES2 password. Zeroized on drop; its
/// `Debug` shows only its length; `==` compares in constant time.
#[derive(Clone)]
pub struct OctKey(Zeroizing<Vec<u8>>);

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
        Ok(Self(bytes))
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

    pub(crate) fn generate(rng: &mut impl rand_core::CryptoRng, bytes: usize) -> Result<Self> {
        if bytes == 0 || bytes > 1024 {
            return Err(Error::invalid_key(
                "an oct key must be between 1 and 1024 bytes long",
            ));
        }
        let mut secret = Zeroizing::new(alloc::vec![0u8; bytes]);
        rng.fill_bytes(&mut secret);
        Ok(Self(secret))
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
        Ok(Self(bytes))
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

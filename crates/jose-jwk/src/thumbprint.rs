//! RFC 7638 JWK thumbprints and RFC 9278 thumbprint URIs.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use jose_core::b64;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::Jwk;

/// The hash of a thumbprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ThumbprintHash {
    /// SHA-256, the usual choice (and the one `kid` thumbprints use).
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl ThumbprintHash {
    /// The hash name of the IANA "Named Information Hash Algorithm" registry, as RFC 9278 URIs
    /// write it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha256 => "sha-256",
            Self::Sha384 => "sha-384",
            Self::Sha512 => "sha-512",
        }
    }
}

impl Jwk {
    /// The RFC 7638 thumbprint: the hash of the key's required members, whatever else the
    /// JWK holds and whether or not it is private.
    #[must_use]
    pub fn thumbprint(&self, hash: ThumbprintHash) -> Vec<u8> {
        let input = self.thumbprint_input();
        match hash {
            ThumbprintHash::Sha256 => Sha256::digest(input.as_bytes()).to_vec(),
            ThumbprintHash::Sha384 => Sha384::digest(input.as_bytes()).to_vec(),
            ThumbprintHash::Sha512 => Sha512::digest(input.as_bytes()).to_vec(),
        }
    }

    /// The base64url SHA-256 thumbprint (what `kid` thumbprints and `jose key thumbprint` use).
    #[must_use]
    pub fn thumbprint_sha256(&self) -> String {
        b64::encode(self.thumbprint(ThumbprintHash::Sha256))
    }

    /// The RFC 9278 thumbprint URI,
    /// `urn:ietf:params:oauth:jwk-thumbprint:sha-256:<thumbprint>`.
    #[must_use]
    pub fn thumbprint_uri(&self, hash: ThumbprintHash) -> String {
        format!(
            "urn:ietf:params:oauth:jwk-thumbprint:{}:{}",
            hash.name(),
            b64::encode(self.thumbprint(hash))
        )
    }
}

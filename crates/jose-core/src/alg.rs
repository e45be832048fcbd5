//! Algorithm names, written as the specifications write them (`-` becomes `_`).
//!
//! - [`Alg`]: JWS algorithms (RFC 7518 §3, RFC 8037, RFC 8812, RFC 9864, and ML-DSA of
//!   draft-ietf-cose-dilithium);
//! - [`KeyAlg`]: JWE key-management algorithms (RFC 7518 §4);
//! - [`Enc`]: JWE content-encryption algorithms (RFC 7518 §5).
//!
//! `none` is not an algorithm here: reading it is [`ErrorKind::AlgorithmNotAllowed`].

use alloc::format;
use core::fmt;
use core::str::FromStr;

use crate::{Error, ErrorKind};

macro_rules! names {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(non_camel_case_types)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $text, "`")] $variant, )*
        }

        impl $name {
            /// Every value, in the order of the specification.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The registered name, as it appears in a header or a JWK.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;

            /// # Errors
            /// [`ErrorKind::UnsupportedAlgorithm`] for a name this toolkit does not implement;
            /// [`ErrorKind::AlgorithmNotAllowed`] for `none`.
            fn from_str(s: &str) -> Result<Self, Error> {
                match s {
                    $($text => Ok(Self::$variant),)*
                    "none" => Err(Error::new(
                        ErrorKind::AlgorithmNotAllowed,
                        "`none` is never accepted",
                    )),
                    _ => Err(Error::unsupported(format!(
                        concat!("unsupported ", $what, " `{}`"),
                        // Echo a bounded prefix: the name comes from the input.
                        crate::echo(s)
                    ))),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <alloc::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(|e: Error| serde::de::Error::custom(e.message()))
            }
        }
    };
}

names! {
    /// A JWS algorithm (the `alg` header of a JWS).
    Alg, "JWS algorithm" {
        HS256 = "HS256",
        HS384 = "HS384",
        HS512 = "HS512",
        RS256 = "RS256",
        RS384 = "RS384",
        RS512 = "RS512",
        PS256 = "PS256",
        PS384 = "PS384",
        PS512 = "PS512",
        ES256 = "ES256",
        ES384 = "ES384",
        ES512 = "ES512",
        ES256K = "ES256K",
        EdDSA = "EdDSA",
        Ed25519 = "Ed25519",
        ML_DSA_44 = "ML-DSA-44",
        ML_DSA_65 = "ML-DSA-65",
        ML_DSA_87 = "ML-DSA-87",
    }
}

names! {
    /// A JWE key-management algorithm (the `alg` header of a JWE).
    KeyAlg, "JWE key-management algorithm" {
        Dir = "dir",
        A128KW = "A128KW",
        A192KW = "A192KW",
        A256KW = "A256KW",
        A128GCMKW = "A128GCMKW",
        A192GCMKW = "A192GCMKW",
        A256GCMKW = "A256GCMKW",
        RSA_OAEP = "RSA-OAEP",
        RSA_OAEP_256 = "RSA-OAEP-256",
        ECDH_ES = "ECDH-ES",
        ECDH_ES_A128KW = "ECDH-ES+A128KW",
        ECDH_ES_A192KW = "ECDH-ES+A192KW",
        ECDH_ES_A256KW = "ECDH-ES+A256KW",
        PBES2_HS256_A128KW = "PBES2-HS256+A128KW",
        PBES2_HS384_A192KW = "PBES2-HS384+A192KW",
        PBES2_HS512_A256KW = "PBES2-HS512+A256KW",
    }
}

names! {
    /// A JWE content-encryption algorithm (the `enc` header of a JWE).
    Enc, "JWE content-encryption algorithm" {
        A128CBC_HS256 = "A128CBC-HS256",
        A192CBC_HS384 = "A192CBC-HS384",
        A256CBC_HS512 = "A256CBC-HS512",
        A128GCM = "A128GCM",
        A192GCM = "A192GCM",
        A256GCM = "A256GCM",
    }
}

impl Enc {
    /// The length in bytes of the content-encryption key this algorithm takes.
    #[must_use]
    pub const fn key_len(self) -> usize {
        match self {
            Self::A128GCM => 16,
            Self::A192GCM => 24,
            Self::A256GCM | Self::A128CBC_HS256 => 32,
            Self::A192CBC_HS384 => 48,
            Self::A256CBC_HS512 => 64,
        }
    }
}

/// What an algorithm asks of its key, in the facts a JWK states of itself: its `kty`, its
/// curve (for AKP keys, its parameter set), and for a secret its length. Each algorithm's
/// needs are written once, in [`Alg::key_needs`], [`KeyAlg::key_needs`] and
/// [`Enc::key_needs`], beside its name; `jose-jwk` compares them with a key's facts, for a set
/// lookup or a JWK's own `alg` member as for an operation, and the algorithm's module in
/// `jose-jws` or `jose-jwe` then takes the key material of that type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyNeed {
    /// The `kty` of the key.
    pub kty: &'static str,
    /// The `crv` of an EC or OKP key, the parameter set of an AKP key; `None` for any.
    pub variant: Option<&'static str>,
    /// The length of a secret (`oct`) key.
    pub len: KeyLen,
}

/// The length in bytes a secret key must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyLen {
    /// Any length (or not a secret key).
    Any,
    /// At least this many bytes (HMAC, RFC 7518 §3.2).
    AtLeast(usize),
    /// Exactly this many bytes (AES).
    Exactly(usize),
}

/// A [`KeyNeed`] as a constant (a literal, so that `&[...]` of them is `'static`).
macro_rules! oct {
    ($len:expr) => {
        KeyNeed {
            kty: "oct",
            variant: None,
            len: $len,
        }
    };
}
macro_rules! curve {
    ($kty:literal, $crv:literal) => {
        KeyNeed {
            kty: $kty,
            variant: Some($crv),
            len: KeyLen::Any,
        }
    };
}
const RSA: &[KeyNeed] = &[KeyNeed {
    kty: "RSA",
    variant: None,
    len: KeyLen::Any,
}];
/// ECDH-ES (RFC 7518 §4.6, RFC 8037 §3.2): the NIST curves and X25519.
const ECDH: &[KeyNeed] = &[
    curve!("EC", "P-256"),
    curve!("EC", "P-384"),
    curve!("EC", "P-521"),
    curve!("OKP", "X25519"),
];

impl Alg {
    /// The keys this algorithm signs and verifies with (RFC 7518 §3, RFC 8037, RFC 8812).
    #[must_use]
    pub const fn key_needs(self) -> &'static [KeyNeed] {
        match self {
            Self::HS256 => &[oct!(KeyLen::AtLeast(32))],
            Self::HS384 => &[oct!(KeyLen::AtLeast(48))],
            Self::HS512 => &[oct!(KeyLen::AtLeast(64))],
            Self::RS256 | Self::RS384 | Self::RS512 | Self::PS256 | Self::PS384 | Self::PS512 => {
                RSA
            }
            Self::ES256 => &[curve!("EC", "P-256")],
            Self::ES384 => &[curve!("EC", "P-384")],
            Self::ES512 => &[curve!("EC", "P-521")],
            Self::ES256K => &[curve!("EC", "secp256k1")],
            Self::EdDSA | Self::Ed25519 => &[curve!("OKP", "Ed25519")],
            // draft-ietf-cose-dilithium: an AKP key of the same parameter set.
            Self::ML_DSA_44 => &[curve!("AKP", "ML-DSA-44")],
            Self::ML_DSA_65 => &[curve!("AKP", "ML-DSA-65")],
            Self::ML_DSA_87 => &[curve!("AKP", "ML-DSA-87")],
        }
    }
}

impl KeyAlg {
    /// The keys this algorithm manages content keys with (RFC 7518 §4).
    #[must_use]
    pub const fn key_needs(self) -> &'static [KeyNeed] {
        match self {
            Self::Dir
            | Self::PBES2_HS256_A128KW
            | Self::PBES2_HS384_A192KW
            | Self::PBES2_HS512_A256KW => &[oct!(KeyLen::Any)],
            Self::A128KW | Self::A128GCMKW => &[oct!(KeyLen::Exactly(16))],
            Self::A192KW | Self::A192GCMKW => &[oct!(KeyLen::Exactly(24))],
            Self::A256KW | Self::A256GCMKW => &[oct!(KeyLen::Exactly(32))],
            Self::RSA_OAEP | Self::RSA_OAEP_256 => RSA,
            Self::ECDH_ES | Self::ECDH_ES_A128KW | Self::ECDH_ES_A192KW | Self::ECDH_ES_A256KW => {
                ECDH
            }
        }
    }
}

impl Enc {
    /// The key of `dir` with this encryption: a secret of exactly [`Enc::key_len`] bytes.
    #[must_use]
    pub const fn key_needs(self) -> &'static [KeyNeed] {
        match self {
            Self::A128GCM => &[oct!(KeyLen::Exactly(16))],
            Self::A192GCM => &[oct!(KeyLen::Exactly(24))],
            Self::A256GCM | Self::A128CBC_HS256 => &[oct!(KeyLen::Exactly(32))],
            Self::A192CBC_HS384 => &[oct!(KeyLen::Exactly(48))],
            Self::A256CBC_HS512 => &[oct!(KeyLen::Exactly(64))],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Alg::ALL {
            assert_eq!(a.as_str().parse::<Alg>().ok(), Some(*a));
        }
        for a in KeyAlg::ALL {
            assert_eq!(a.as_str().parse::<KeyAlg>().ok(), Some(*a));
        }
        for e in Enc::ALL {
            assert_eq!(e.as_str().parse::<Enc>().ok(), Some(*e));
        }
        assert_eq!(KeyAlg::ECDH_ES_A256KW.as_str(), "ECDH-ES+A256KW");
    }

    #[test]
    fn every_algorithm_needs_a_key_and_dir_needs_the_content_key_length() {
        assert!(Alg::ALL.iter().all(|a| !a.key_needs().is_empty()));
        assert!(KeyAlg::ALL.iter().all(|a| !a.key_needs().is_empty()));
        for e in Enc::ALL {
            assert_eq!(e.key_needs()[0].len, KeyLen::Exactly(e.key_len()));
        }
    }

    #[test]
    fn none_and_unknown_names() {
        assert_eq!(
            "none".parse::<Alg>().map_err(|e| e.kind()),
            Err(ErrorKind::AlgorithmNotAllowed)
        );
        for bad in ["hs256", "HS256 ", "RSA1_5", ""] {
            assert_eq!(
                bad.parse::<Alg>().map_err(|e| e.kind()),
                Err(ErrorKind::UnsupportedAlgorithm)
            );
        }
        assert_eq!(
            "RSA1_5".parse::<KeyAlg>().map_err(|e| e.kind()),
            Err(ErrorKind::UnsupportedAlgorithm)
        );
    }
}

//! PEM and DER import and export: PKCS#8 (also password-encrypted), SPKI, PKCS#1 and SEC1 in;
//! PKCS#8 (optionally encrypted) and SPKI out.
//!
//! Every imported key goes through the same checks as a parsed JWK (RSA sizes and exponents,
//! points on the curve, ...). Oct keys have no PEM form.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

#[cfg(doc)]
use jose_core::ErrorKind;
use jose_core::{Error, Result};
use pkcs8::der::asn1::{ObjectIdentifier, OctetStringRef};
use pkcs8::der::pem::LineEnding;
use pkcs8::der::{Decode, Encode};
use pkcs8::{
    DecodePrivateKey, EncodePrivateKey, EncryptedPrivateKeyInfoRef, PrivateKeyInfoRef,
    SecretDocument,
};
use spki::{DecodePublicKey, EncodePublicKey, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use crate::{Jwk, Key};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");

/// Most PBKDF2 iterations an encrypted PKCS#8 key may ask for.
const MAX_PBKDF2_ITERATIONS: u32 = 1_200_000;
/// Most memory (in bytes) the scrypt parameters of an encrypted PKCS#8 key may ask for.
const MAX_SCRYPT_MEMORY: u64 = 256 << 20;

/// The DER structures this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DerFormat {
    /// PKCS#8 `PrivateKeyInfo` (PEM label `PRIVATE KEY`).
    Pkcs8,
    /// PKCS#8 `EncryptedPrivateKeyInfo` (PEM label `ENCRYPTED PRIVATE KEY`).
    EncryptedPkcs8,
    /// X.509 `SubjectPublicKeyInfo` (PEM label `PUBLIC KEY`).
    Spki,
    /// PKCS#1 `RSAPrivateKey` (PEM label `RSA PRIVATE KEY`).
    Pkcs1Private,
    /// PKCS#1 `RSAPublicKey` (PEM label `RSA PUBLIC KEY`).
    Pkcs1Public,
    /// SEC1 `ECPrivateKey` (PEM label `EC PRIVATE KEY`).
    Sec1,
}

impl DerFormat {
    fn from_label(label: &str) -> Result<Self> {
        Ok(match label {
            "PRIVATE KEY" => Self::Pkcs8,
            "ENCRYPTED PRIVATE KEY" => Self::EncryptedPkcs8,
            "PUBLIC KEY" => Self::Spki,
            "RSA PRIVATE KEY" => Self::Pkcs1Private,
            "RSA PUBLIC KEY" => Self::Pkcs1Public,
            "EC PRIVATE KEY" => Self::Sec1,
            other => {
                return Err(Error::unsupported(format!(
                    "unsupported PEM label `{}`",
                    jose_core::echo(other)
                )));
            }
        })
    }
}

fn der_error(what: &'static str) -> impl FnOnce(pkcs8::der::Error) -> Error {
    move |e| Error::malformed(format!("invalid {what}: {e}"))
}

impl Jwk {
    /// Reads a PEM key: PKCS#8, SPKI, PKCS#1 (private or public) or SEC1. Text around the
    /// PEM block and a leading `EC PARAMETERS` block are skipped.
    ///
    /// OpenSSH keys are recognised by their label (`OPENSSH PRIVATE KEY`) or, for a public key
    /// line (`ssh-ed25519 AAAA…`, an `id_*.pub` file), by its key type: with the crate feature
    /// `openssh` they are read (see the `openssh` module); without it they are refused with
    /// [`ErrorKind::UnsupportedAlgorithm`] and a hint to enable it or to convert the key with
    /// `ssh-keygen`.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] for bad PEM or DER; [`ErrorKind::UnsupportedAlgorithm`] for an
    /// unknown label or key algorithm, or an OpenSSH key without the `openssh` feature;
    /// [`ErrorKind::InvalidKey`] for an encrypted key (use [`Jwk::from_pem_with_password`])
    /// and as for a parsed JWK.
    pub fn from_pem(pem: &str) -> Result<Self> {
        Self::read_pem(pem, None)
    }

    /// Reads a PEM key as [`Jwk::from_pem`] does, decrypting an `ENCRYPTED PRIVATE KEY` (or,
    /// with the `openssh` feature, a passphrase-protected OpenSSH key) with `password`.
    ///
    /// # Errors
    /// As [`Jwk::from_pem`]; a wrong password is [`ErrorKind::InvalidKey`]; key-derivation
    /// parameters above 1,200,000 PBKDF2 iterations, 256 MiB of scrypt memory or (OpenSSH)
    /// 256 bcrypt-pbkdf rounds are [`ErrorKind::LimitExceeded`].
    pub fn from_pem_with_password(pem: &str, password: &[u8]) -> Result<Self> {
        Self::read_pem(pem, Some(password))
    }

    fn read_pem(pem: &str, password: Option<&[u8]>) -> Result<Self> {
        check_input_size(pem.len())?;
        // The label is read before the body is decoded: OpenSSH wraps its base64 at 70
        // columns, which a PEM decoder refuses.
        let (label, block) = match pem_block(pem) {
            Ok(found) => found,
            Err(_) if is_openssh_public_line(pem) => {
                #[cfg(feature = "openssh")]
                return Ok(Self::new(crate::openssh::public(pem)?));
                #[cfg(not(feature = "openssh"))]
                return Err(Error::unsupported(OPENSSH_PUBLIC_HINT));
            }
            Err(e) => return Err(e),
        };
        if label == "OPENSSH PRIVATE KEY" {
            #[cfg(feature = "openssh")]
            return Ok(Self::new(crate::openssh::private(block, password)?));
            #[cfg(not(feature = "openssh"))]
            return Err(Error::unsupported(OPENSSH_PRIVATE_HINT));
        }
        let format = DerFormat::from_label(label)?;
        let (_, der) = pkcs8::der::pem::decode_vec(block.as_bytes())
            .map_err(|e| Error::malformed(format!("invalid PEM: {e}")))?;
        let der = Zeroizing::new(der);
        match (format, password) {
            (DerFormat::EncryptedPkcs8, None) => Err(Error::invalid_key(
                "the PEM key is encrypted and no password was given",
            )),
            (DerFormat::EncryptedPkcs8, Some(password)) => {
                Self::from_encrypted_pkcs8_der(&der, password)
            }
            (format, _) => Self::from_der(&der, format),
        }
    }

    /// Reads a DER key of the given format (an encrypted PKCS#8 needs
    /// [`Jwk::from_encrypted_pkcs8_der`]).
    ///
    /// # Errors
    /// As [`Jwk::from_pem`].
    pub fn from_der(der: &[u8], format: DerFormat) -> Result<Self> {
        check_input_size(der.len())?;
        let key = match format {
            DerFormat::Pkcs8 => pkcs8_private(der)?,
            DerFormat::Spki => spki_public(der)?,
            DerFormat::EncryptedPkcs8 => {
                return Err(Error::invalid_key(
                    "the key is encrypted and no password was given",
                ));
            }
            #[cfg(feature = "rsa")]
            DerFormat::Pkcs1Private => rsa_pkcs1_private(der)?,
            #[cfg(feature = "rsa")]
            DerFormat::Pkcs1Public => rsa_pkcs1_public(der)?,
            #[cfg(feature = "ec")]
            DerFormat::Sec1 => sec1_private(der)?,
            #[allow(unreachable_patterns)]
            _ => {
                return Err(Error::unsupported(format!(
                    "{format:?} keys are not compiled in (enable the crate feature)"
                )));
            }
        };
        Ok(Self::new(key))
    }

    /// Reads a password-encrypted PKCS#8 DER key.
    ///
    /// # Errors
    /// As [`Jwk::from_pem_with_password`].
    pub fn from_encrypted_pkcs8_der(der: &[u8], password: &[u8]) -> Result<Self> {
        check_input_size(der.len())?;
        let info =
            EncryptedPrivateKeyInfoRef::from_der(der).map_err(der_error("encrypted PKCS#8"))?;
        check_kdf(&info.encryption_algorithm)?;
        let doc = info.decrypt(password).map_err(|_| {
            Error::invalid_key("the encrypted PKCS#8 key does not decrypt with this password")
        })?;
        Ok(Self::new(pkcs8_private(doc.as_bytes())?))
    }

    /// The private key as PKCS#8 DER.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for a public key or an oct key.
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        let doc = self.pkcs8_document()?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }

    /// The private key as PKCS#8 PEM (`PRIVATE KEY`).
    ///
    /// # Errors
    /// As [`Jwk::to_pkcs8_der`].
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>> {
        self.pkcs8_document()?
            .to_pem("PRIVATE KEY", LineEnding::LF)
            .map_err(der_error("PEM"))
    }

    /// The private key as password-encrypted PKCS#8 PEM (`ENCRYPTED PRIVATE KEY`; PBES2 with
    /// PBKDF2-SHA256 and AES-256-CBC), salt and IV drawn from `rng`.
    ///
    /// # Errors
    /// As [`Jwk::to_pkcs8_der`].
    pub fn to_encrypted_pkcs8_pem(
        &self,
        password: &[u8],
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Zeroizing<String>> {
        let doc = self.pkcs8_document()?;
        let info = PrivateKeyInfoRef::from_der(doc.as_bytes()).map_err(der_error("PKCS#8"))?;
        info.encrypt_with_rng(rng, password)
            .map_err(|e| Error::invalid_key(format!("cannot encrypt the key: {e}")))?
            .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
            .map_err(der_error("PEM"))
    }

    /// The public key as SPKI DER.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for an oct key.
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        Ok(self.spki_document()?.as_bytes().to_vec())
    }

    /// The public key as SPKI PEM (`PUBLIC KEY`).
    ///
    /// # Errors
    /// As [`Jwk::to_spki_der`].
    pub fn to_spki_pem(&self) -> Result<String> {
        self.spki_document()?
            .to_pem("PUBLIC KEY", LineEnding::LF)
            .map_err(der_error("PEM"))
    }

    fn pkcs8_document(&self) -> Result<SecretDocument> {
        if !self.is_private() {
            return Err(Error::invalid_key("a public key has no PKCS#8 form"));
        }
        let encoded = match self.key() {
            Key::Oct(_) => return Err(Error::invalid_key("an oct key has no PEM form")),
            #[cfg(feature = "rsa")]
            Key::Rsa(k) => match k.private_key() {
                Some(k) => k.to_pkcs8_der(),
                None => return Err(Error::invalid_key("a public key has no PKCS#8 form")),
            },
            #[cfg(feature = "ec")]
            Key::Ec(k) => {
                use crate::EcKey;
                let missing = || Error::invalid_key("a public key has no PKCS#8 form");
                match k {
                    EcKey::P256(k) => k.signing_key().ok_or_else(missing)?.to_pkcs8_der(),
                    EcKey::P384(k) => k.signing_key().ok_or_else(missing)?.to_pkcs8_der(),
                    EcKey::P521(k) => k.signing_key().ok_or_else(missing)?.to_pkcs8_der(),
                    EcKey::Secp256k1(k) => k.signing_key().ok_or_else(missing)?.to_pkcs8_der(),
                }
            }
            #[cfg(feature = "okp")]
            Key::Okp(k) => match (k.ed25519_signing_key(), k.x25519_secret()) {
                (Some(k), _) => okp_pkcs8(ED25519, &Zeroizing::new(k.to_bytes())),
                (_, Some(k)) => okp_pkcs8(X25519, k.as_bytes()),
                _ => return Err(Error::invalid_key("a public key has no PKCS#8 form")),
            },
            #[cfg(feature = "ml-dsa")]
            Key::Akp(k) => crate::key::akp::der::to_pkcs8(k),
        };
        encoded.map_err(|e| Error::invalid_key(format!("cannot encode PKCS#8: {e}")))
    }

    fn spki_document(&self) -> Result<pkcs8::Document> {
        let encoded = match self.key() {
            Key::Oct(_) => return Err(Error::invalid_key("an oct key has no PEM form")),
            #[cfg(feature = "rsa")]
            Key::Rsa(k) => k.public_key().to_public_key_der(),
            #[cfg(feature = "ec")]
            Key::Ec(k) => {
                use crate::EcKey;
                match k {
                    EcKey::P256(k) => k.verifying_key().to_public_key_der(),
                    EcKey::P384(k) => k.verifying_key().to_public_key_der(),
                    EcKey::P521(k) => k.verifying_key().to_public_key_der(),
                    EcKey::Secp256k1(k) => k.verifying_key().to_public_key_der(),
                }
            }
            #[cfg(feature = "okp")]
            Key::Okp(k) => match (k.ed25519_verifying_key(), k.x25519_public_key()) {
                (Some(public), _) => public.to_public_key_der(),
                (_, Some(public)) => x25519_spki(public.as_bytes()),
                _ => return Err(Error::unsupported("an OKP key of another curve")),
            },
            #[cfg(feature = "ml-dsa")]
            Key::Akp(k) => crate::key::akp::der::to_spki(k),
        };
        encoded.map_err(|e| Error::invalid_key(format!("cannot encode SPKI: {e}")))
    }
}

pub(crate) fn check_input_size(len: usize) -> Result<()> {
    let max = jose_core::Limits::DEFAULT.max_input_bytes();
    if len > max {
        return Err(Error::limit(format!(
            "the key is {len} bytes, above the limit of {max}"
        )));
    }
    Ok(())
}

/// The label and the PEM block to read: the first one that is not `EC PARAMETERS`, without
/// surrounding text.
fn pem_block(pem: &str) -> Result<(&str, &str)> {
    let mut found = None;
    let mut rest = pem;
    while let Some((label, block, after)) = next_block(rest)? {
        rest = after;
        if label == "EC PARAMETERS" {
            continue;
        }
        // One key per file: were a public block before a private one to win, a caller asking
        // for the private key would silently get the public one.
        if found.is_some() {
            return Err(Error::malformed(
                "the PEM text holds more than one key block: give one key per file",
            ));
        }
        found = Some((label, block));
    }
    found.ok_or_else(|| Error::malformed("no PEM block found"))
}

/// The next PEM block of `text`: its label, the block, and the text after it.
fn next_block(text: &str) -> Result<Option<(&str, &str, &str)>> {
    let Some(start) = text.find("-----BEGIN ") else {
        return Ok(None);
    };
    let from = text.get(start..).unwrap_or_default();
    let label_end = from
        .get(11..)
        .and_then(|s| s.find("-----"))
        .ok_or_else(|| Error::malformed("invalid PEM: unterminated BEGIN line"))?;
    let label = from
        .get(11..label_end.saturating_add(11))
        .unwrap_or_default();
    let end_marker = format!("-----END {label}-----");
    let end = from.find(&end_marker).ok_or_else(|| {
        Error::malformed(format!(
            "invalid PEM: no END line for `{}`",
            jose_core::echo(label)
        ))
    })?;
    let end = end.saturating_add(end_marker.len());
    Ok(Some((
        label,
        from.get(..end).unwrap_or_default(),
        from.get(end..).unwrap_or_default(),
    )))
}

#[cfg(not(feature = "openssh"))]
/// The hint for an OpenSSH key when the `openssh` feature is not compiled in.
const OPENSSH_PRIVATE_HINT: &str = "OpenSSH private keys are read with the crate feature \
    `openssh` (the `jose` command line has it); or rewrite an RSA or ECDSA key as PKCS#8 with \
    `ssh-keygen -p -m PKCS8 -f FILE` (in place)";
#[cfg(not(feature = "openssh"))]
/// The hint for an OpenSSH public key line when the `openssh` feature is not compiled in.
const OPENSSH_PUBLIC_HINT: &str = "OpenSSH public keys are read with the crate feature \
    `openssh` (the `jose` command line has it); or convert an RSA or ECDSA key with \
    `ssh-keygen -e -m PKCS8 -f FILE.pub`";

/// Whether `text` holds an OpenSSH public key line (`authorized_keys` format).
fn is_openssh_public_line(text: &str) -> bool {
    openssh_key_start(text).is_some()
}

/// Where the key of an OpenSSH public key line starts, after any `authorized_keys` options:
/// at a key type name (`ssh-*`, `ecdsa-sha2-*`, `sk-*`) followed by base64 that starts as an
/// SSH wire encoding does (`AAAA`, a four-byte length under 2^24).
pub(crate) fn openssh_key_start(line: &str) -> Option<usize> {
    let is_space = |c: char| c.is_ascii_whitespace();
    let mut offset = 0usize;
    loop {
        let rest = line.get(offset..)?;
        let token_start = offset.saturating_add(
            rest.len()
                .saturating_sub(rest.trim_start_matches(is_space).len()),
        );
        let token = line.get(token_start..)?;
        if token.is_empty() {
            return None;
        }
        let token_len = token.find(is_space).unwrap_or(token.len());
        let name = token.get(..token_len)?;
        let next = token.get(token_len..)?.trim_start_matches(is_space);
        let is_type =
            name.starts_with("ssh-") || name.starts_with("ecdsa-sha2-") || name.starts_with("sk-");
        if is_type && next.starts_with("AAAA") {
            return Some(token_start);
        }
        offset = token_start.saturating_add(token_len);
    }
}

fn check_kdf(scheme: &pkcs8::pkcs5::EncryptionScheme) -> Result<()> {
    use pkcs8::pkcs5::EncryptionScheme;
    use pkcs8::pkcs5::pbes2::Kdf;
    let EncryptionScheme::Pbes2(params) = scheme else {
        return Err(Error::unsupported(
            "only PBES2 encrypted PKCS#8 keys are read (PBES1 is obsolete)",
        ));
    };
    match &params.kdf {
        Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ITERATIONS => Err(Error::limit(format!(
            "the key asks for {} PBKDF2 iterations, above the limit of {MAX_PBKDF2_ITERATIONS}",
            p.iteration_count
        ))),
        Kdf::Scrypt(p) => {
            // RFC 7914 §2: N a power of two above 1, r and p at least 1. `pkcs5` takes the
            // logarithm of N with an `expect`, which N = 0 makes panic.
            if p.cost_parameter < 2
                || !p.cost_parameter.is_power_of_two()
                || p.block_size == 0
                || p.parallelization == 0
            {
                return Err(Error::invalid_key(
                    "the key's scrypt parameters are not valid (RFC 7914 §2)",
                ));
            }
            // scrypt uses 128 * r * N bytes (and p times the work).
            let memory = 128u64
                .saturating_mul(u64::from(p.block_size))
                .saturating_mul(p.cost_parameter)
                .saturating_mul(u64::from(p.parallelization).max(1));
            if memory > MAX_SCRYPT_MEMORY {
                return Err(Error::limit(
                    "the key's scrypt parameters ask for too much memory",
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn pkcs8_private(der: &[u8]) -> Result<Key> {
    let info = PrivateKeyInfoRef::from_der(der).map_err(der_error("PKCS#8"))?;
    let oid = info.algorithm.oid;
    let invalid = |e: pkcs8::Error| Error::invalid_key(format!("invalid PKCS#8 key: {e}"));
    match oid {
        #[cfg(feature = "ml-dsa")]
        oid if let Some(alg) = crate::key::akp::der::alg_of(oid) => {
            crate::key::akp::der::from_pkcs8(alg, info).map(Key::Akp)
        }
        #[cfg(feature = "rsa")]
        RSA_ENCRYPTION => rsa_pkcs1_private(info.private_key.as_bytes()),
        #[cfg(feature = "ec")]
        EC_PUBLIC_KEY => {
            use crate::{EcKey, EcKeyPair};
            use ecdsa::SigningKey;
            let curve = info
                .algorithm
                .parameters_oid()
                .map_err(|_| Error::malformed("a PKCS#8 EC key needs its named curve"))?;
            Ok(Key::Ec(match curve {
                SECP256R1 => EcKey::P256(EcKeyPair::from_private(
                    SigningKey::from_pkcs8_der(der).map_err(invalid)?,
                )),
                SECP384R1 => EcKey::P384(EcKeyPair::from_private(
                    SigningKey::from_pkcs8_der(der).map_err(invalid)?,
                )),
                SECP521R1 => EcKey::P521(EcKeyPair::from_private(
                    SigningKey::from_pkcs8_der(der).map_err(invalid)?,
                )),
                SECP256K1 => EcKey::Secp256k1(EcKeyPair::from_private(
                    SigningKey::from_pkcs8_der(der).map_err(invalid)?,
                )),
                other => return Err(Error::unsupported(format!("unsupported EC curve {other}"))),
            }))
        }
        #[cfg(feature = "okp")]
        ED25519 => Ok(Key::Okp(crate::OkpKey::ed25519_private(
            ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(invalid)?,
        ))),
        #[cfg(feature = "okp")]
        X25519 => {
            let inner = <&OctetStringRef>::from_der(info.private_key.as_bytes())
                .map_err(der_error("X25519 private key"))?;
            let bytes: [u8; 32] = inner
                .as_bytes()
                .try_into()
                .map_err(|_| Error::invalid_key("an X25519 private key must be 32 bytes"))?;
            Ok(Key::Okp(crate::OkpKey::x25519_private(
                x25519_dalek::StaticSecret::from(bytes),
            )))
        }
        other => Err(unsupported_oid(other)),
    }
}

fn spki_public(der: &[u8]) -> Result<Key> {
    let info = SubjectPublicKeyInfoRef::from_der(der).map_err(der_error("SPKI"))?;
    let invalid = |e: spki::Error| Error::invalid_key(format!("invalid public key: {e}"));
    match info.algorithm.oid {
        #[cfg(feature = "ml-dsa")]
        oid if let Some(alg) = crate::key::akp::der::alg_of(oid) => {
            crate::key::akp::der::from_spki(alg, info).map(Key::Akp)
        }
        #[cfg(feature = "rsa")]
        RSA_ENCRYPTION => rsa_pkcs1_public(
            info.subject_public_key
                .as_bytes()
                .ok_or_else(|| Error::malformed("invalid SPKI: the key is not whole bytes"))?,
        ),
        #[cfg(feature = "ec")]
        EC_PUBLIC_KEY => {
            use crate::{EcKey, EcKeyPair};
            use ecdsa::VerifyingKey;
            let curve = info
                .algorithm
                .parameters_oid()
                .map_err(|_| Error::malformed("an SPKI EC key needs its named curve"))?;
            Ok(Key::Ec(match curve {
                SECP256R1 => EcKey::P256(EcKeyPair::from_public(
                    VerifyingKey::from_public_key_der(der).map_err(invalid)?,
                )),
                SECP384R1 => EcKey::P384(EcKeyPair::from_public(
                    VerifyingKey::from_public_key_der(der).map_err(invalid)?,
                )),
                SECP521R1 => EcKey::P521(EcKeyPair::from_public(
                    VerifyingKey::from_public_key_der(der).map_err(invalid)?,
                )),
                SECP256K1 => EcKey::Secp256k1(EcKeyPair::from_public(
                    VerifyingKey::from_public_key_der(der).map_err(invalid)?,
                )),
                other => return Err(Error::unsupported(format!("unsupported EC curve {other}"))),
            }))
        }
        #[cfg(feature = "okp")]
        ED25519 => Ok(Key::Okp(crate::OkpKey::ed25519_public(
            ed25519_dalek::VerifyingKey::from_public_key_der(der).map_err(invalid)?,
        )?)),
        #[cfg(feature = "okp")]
        X25519 => {
            let bytes: [u8; 32] = info
                .subject_public_key
                .as_bytes()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| Error::invalid_key("an X25519 public key must be 32 bytes"))?;
            Ok(Key::Okp(crate::OkpKey::x25519_public(bytes)?))
        }
        other => Err(unsupported_oid(other)),
    }
}

#[cfg(feature = "ec")]
fn sec1_private(der: &[u8]) -> Result<Key> {
    use crate::{EcKey, EcKeyPair};
    use ecdsa::SigningKey;
    use elliptic_curve::SecretKey;
    let parsed = sec1::EcPrivateKey::from_der(der).map_err(der_error("SEC1 EC private key"))?;
    let curve = parsed
        .parameters
        .and_then(|p| p.named_curve())
        .ok_or_else(|| Error::malformed("a SEC1 key needs its named curve"))?;
    let invalid = |_| Error::invalid_key("invalid SEC1 EC private key");
    Ok(Key::Ec(match curve {
        SECP256R1 => EcKey::P256(EcKeyPair::from_private(SigningKey::from(
            SecretKey::from_sec1_der(der).map_err(invalid)?,
        ))),
        SECP384R1 => EcKey::P384(EcKeyPair::from_private(SigningKey::from(
            SecretKey::from_sec1_der(der).map_err(invalid)?,
        ))),
        SECP521R1 => EcKey::P521(EcKeyPair::from_private(SigningKey::from(
            SecretKey::from_sec1_der(der).map_err(invalid)?,
        ))),
        SECP256K1 => EcKey::Secp256k1(EcKeyPair::from_private(SigningKey::from(
            SecretKey::from_sec1_der(der).map_err(invalid)?,
        ))),
        other => return Err(Error::unsupported(format!("unsupported EC curve {other}"))),
    }))
}

/// PKCS#1 `RSAPrivateKey`, through the same checks as a JWK's members.
#[cfg(feature = "rsa")]
fn rsa_pkcs1_private(der: &[u8]) -> Result<Key> {
    let key =
        pkcs1::RsaPrivateKeyRef::from_der(der).map_err(der_error("PKCS#1 RSA private key"))?;
    if key.other_prime_infos.is_some() || key.version() != pkcs1::Version::TwoPrime {
        return Err(Error::unsupported("multi-prime RSA keys are not supported"));
    }
    let private = crate::key::rsa::RsaPrivateParts {
        d: key.private_exponent.as_bytes(),
        primes: Some([key.prime1.as_bytes(), key.prime2.as_bytes()]),
        crt: Some([
            key.exponent1.as_bytes(),
            key.exponent2.as_bytes(),
            key.coefficient.as_bytes(),
        ]),
    };
    let key = crate::RsaKey::from_parts(
        key.modulus.as_bytes(),
        key.public_exponent.as_bytes(),
        Some(private),
        &jose_core::Limits::DEFAULT,
    )?;
    Ok(Key::Rsa(key))
}

/// PKCS#1 `RSAPublicKey`, through the same checks as a JWK's members.
#[cfg(feature = "rsa")]
fn rsa_pkcs1_public(der: &[u8]) -> Result<Key> {
    let key = pkcs1::RsaPublicKeyRef::from_der(der).map_err(der_error("PKCS#1 RSA public key"))?;
    let key = crate::RsaKey::from_parts(
        key.modulus.as_bytes(),
        key.public_exponent.as_bytes(),
        None,
        &jose_core::Limits::DEFAULT,
    )?;
    Ok(Key::Rsa(key))
}

fn unsupported_oid(oid: ObjectIdentifier) -> Error {
    Error::unsupported(format!("unsupported key algorithm {oid}"))
}

/// An Ed25519 or X25519 private key as PKCS#8 v1 (RFC 8410 §7): without the optional public
/// key of v2, which some readers (Python's `cryptography`) refuse.
#[cfg(feature = "okp")]
fn okp_pkcs8(oid: ObjectIdentifier, secret: &[u8; 32]) -> pkcs8::Result<SecretDocument> {
    let inner = Zeroizing::new(OctetStringRef::new(secret)?.to_der()?);
    let info = PrivateKeyInfoRef::new(
        spki::AlgorithmIdentifierRef {
            oid,
            parameters: None,
        },
        OctetStringRef::new(&inner)?,
    );
    SecretDocument::encode_msg(&info).map_err(Into::into)
}

#[cfg(feature = "okp")]
fn x25519_spki(public: &[u8; 32]) -> spki::Result<pkcs8::Document> {
    let info = SubjectPublicKeyInfoRef {
        algorithm: spki::AlgorithmIdentifierRef {
            oid: X25519,
            parameters: None,
        },
        subject_public_key: pkcs8::der::asn1::BitStringRef::from_bytes(public)?,
    };
    pkcs8::Document::encode_msg(&info).map_err(Into::into)
}

/// Binds a JWK's `x5c`, `x5t` and `x5t#S256` to its key (RFC 7517 §4.7–4.9): the first
/// certificate's public key must be the JWK's key, and the thumbprints that certificate's
/// SHA-1 and SHA-256. The certificate chain is not validated (that needs trust anchors and a
/// clock, and is the caller's, or a PKI library's, business).
pub(crate) fn check_x5(
    jwk_key: &Key,
    x5c: Option<&[String]>,
    x5t: Option<&str>,
    x5t_s256: Option<&str>,
) -> Result<()> {
    use sha2::Digest;
    let Some(first) = x5c.and_then(<[String]>::first) else {
        // Thumbprints without the certificate cannot be checked here; they name a
        // certificate the caller may fetch (`x5u`) and must then compare itself.
        return Ok(());
    };
    let der = jose_core::b64::decode_standard(first).map_err(|_| {
        Error::malformed("`x5c` entries must be standard base64 DER (RFC 7517 §4.7)")
    })?;
    let spki = certificate_spki(&der)?;
    let own = Jwk::new(
        spki_public(spki).map_err(|e| e.context("the key of the first `x5c` certificate"))?,
    );
    let this = Jwk::new(jwk_key.clone());
    if own.thumbprint_input() != this.thumbprint_input() {
        return Err(Error::invalid_key(
            "the first `x5c` certificate holds another key than the JWK's",
        ));
    }
    let digests: [(&str, Option<&str>, Vec<u8>); 2] = [
        ("x5t", x5t, sha1::Sha1::digest(&der).to_vec()),
        ("x5t#S256", x5t_s256, sha2::Sha256::digest(&der).to_vec()),
    ];
    for (name, given, digest) in digests {
        if let Some(given) = given
            && jose_core::b64::decode(given)? != digest
        {
            return Err(Error::invalid_key(format!(
                "`{name}` is not the thumbprint of the first `x5c` certificate"
            )));
        }
    }
    Ok(())
}

/// The `subjectPublicKeyInfo` of an X.509 certificate (RFC 5280 §4.1), as DER.
fn certificate_spki(cert: &[u8]) -> Result<&[u8]> {
    use pkcs8::der::{Reader, SliceReader, Tag, TagNumber};
    let bad = |_: pkcs8::der::Error| {
        Error::malformed("the first `x5c` entry is not an X.509 certificate")
    };
    let mut reader = SliceReader::new(cert).map_err(bad)?;
    let spki = reader
        .sequence(|certificate| {
            let spki = certificate.sequence(|tbs| {
                let version = Tag::ContextSpecific {
                    constructed: true,
                    number: TagNumber(0),
                };
                if Tag::peek(tbs)? == version {
                    tbs.tlv_bytes()?;
                }
                // serialNumber, signature, issuer, validity, subject.
                for _ in 0..5 {
                    tbs.tlv_bytes()?;
                }
                let spki = tbs.tlv_bytes()?;
                while !tbs.is_finished() {
                    tbs.tlv_bytes()?;
                }
                Ok::<_, pkcs8::der::Error>(spki)
            })?;
            // signatureAlgorithm, signatureValue.
            while !certificate.is_finished() {
                certificate.tlv_bytes()?;
            }
            Ok::<_, pkcs8::der::Error>(spki)
        })
        .map_err(bad)?;
    reader.finish().map_err(bad)?;
    Ok(spki)
}

//! OpenSSH keys in (feature `openssh`, on RustCrypto's `ssh-key`): private keys in the
//! `openssh-key-v1` format (`-----BEGIN OPENSSH PRIVATE KEY-----`, what `ssh-keygen` writes
//! by default), plain or protected by a passphrase, and public keys in the `authorized_keys`
//! line format (`ssh-ed25519 AAAA… comment`, an `id_*.pub` file).
//!
//! RSA, Ed25519 and ECDSA on P-256, P-384 and P-521 are read; DSA, security keys (`sk-*`)
//! and certificates are refused with [`ErrorKind::UnsupportedAlgorithm`]. Every key goes
//! through the checks a JWK gets: RSA sizes, exponent and private members (the CRT
//! coefficient OpenSSH stores is checked against the key), points on the curve, and a
//! private half that matches the public key the file also holds.
//!
//! A passphrase-protected key is derived with bcrypt-pbkdf; its rounds (16 by default in
//! `ssh-keygen -a`) and salt are read from the file and bounded before any work, as PBKDF2's
//! iterations are for encrypted PKCS#8: at most [`MAX_BCRYPT_ROUNDS`] rounds, a salt of at
//! most [`MAX_BCRYPT_SALT`] bytes.
//!
//! Reached through [`Jwk::from_pem`](crate::Jwk::from_pem) and
//! [`Jwk::from_pem_with_password`](crate::Jwk::from_pem_with_password), which recognise both
//! forms by their label or prefix, and [`Jwk::from_openssh_public`](crate::Jwk::from_openssh_public)
//! for a `.pub` line alone.

use alloc::format;

#[cfg(doc)]
use jose_core::ErrorKind;
use jose_core::{Error, Result};
use ssh_key::private::KeypairData;
use ssh_key::public::KeyData;
use ssh_key::{Kdf, PrivateKey};

use crate::{Jwk, Key};

/// Most bcrypt-pbkdf rounds a passphrase-protected OpenSSH key may ask for (`ssh-keygen -a`;
/// its default is 16, and hardening guides ask for 64 to 100). A round costs about 9.5 ms on
/// one core of this project's CI machine for the 48 bytes of an AES-256 key and IV
/// (`jose key import` of a 16-round key: 0.156 s), so a hostile key costs at most about 2.5 s.
pub const MAX_BCRYPT_ROUNDS: u32 = 256;
/// Longest bcrypt-pbkdf salt accepted, in bytes (`ssh-keygen` writes 16).
pub const MAX_BCRYPT_SALT: usize = 64;

fn malformed(what: &'static str) -> impl FnOnce(ssh_key::Error) -> Error {
    move |e| Error::malformed(format!("invalid OpenSSH {what}: {e}"))
}

/// An OpenSSH private key (the whole PEM block), decrypted with `password` when it is
/// protected.
pub(crate) fn private(pem: &str, password: Option<&[u8]>) -> Result<Key> {
    let key = PrivateKey::from_openssh(pem).map_err(malformed("private key"))?;
    let key = if key.is_encrypted() {
        let Some(password) = password else {
            return Err(Error::invalid_key(
                "the OpenSSH key is protected by a passphrase and none was given",
            ));
        };
        check_kdf(key.kdf())?;
        key.decrypt(password).map_err(|_| {
            Error::invalid_key("the OpenSSH key does not decrypt with this passphrase")
        })?
    } else {
        key
    };
    keypair(key.key_data())
}

fn check_kdf(kdf: &Kdf) -> Result<()> {
    match kdf {
        Kdf::Bcrypt { salt, rounds } => {
            if *rounds == 0 || *rounds > MAX_BCRYPT_ROUNDS {
                return Err(Error::limit(format!(
                    "the OpenSSH key asks for {rounds} bcrypt-pbkdf rounds, outside \
                     1..={MAX_BCRYPT_ROUNDS}"
                )));
            }
            if salt.is_empty() || salt.len() > MAX_BCRYPT_SALT {
                return Err(Error::limit(format!(
                    "the OpenSSH key's bcrypt-pbkdf salt is {} bytes, outside 1..={MAX_BCRYPT_SALT}",
                    salt.len()
                )));
            }
            Ok(())
        }
        Kdf::None => Err(Error::malformed(
            "the OpenSSH key is encrypted but names no key-derivation function",
        )),
        _ => Err(Error::unsupported(
            "the OpenSSH key's key-derivation function is not supported",
        )),
    }
}

fn keypair(data: &KeypairData) -> Result<Key> {
    match data {
        #[cfg(feature = "rsa")]
        KeypairData::Rsa(pair) => {
            let public = pair.public();
            let private = pair.private();
            let parts = crate::key::rsa::RsaPrivateParts {
                d: rsa_int(private.d())?,
                primes: Some([rsa_int(private.p())?, rsa_int(private.q())?]),
                crt: None,
            };
            let key = crate::RsaKey::from_parts(
                rsa_int(public.n())?,
                rsa_int(public.e())?,
                Some(parts),
                &jose_core::Limits::DEFAULT,
            )?;
            key.check_crt_coefficient(rsa_int(private.iqmp())?)?;
            Ok(Key::Rsa(key))
        }
        #[cfg(feature = "okp")]
        KeypairData::Ed25519(pair) => {
            let seed = zeroize::Zeroizing::new(pair.private.to_bytes());
            let private = ed25519_dalek::SigningKey::from_bytes(&seed);
            if private.verifying_key().as_bytes() != &pair.public.0 {
                return Err(Error::invalid_key(
                    "the OpenSSH Ed25519 private key does not match its public key",
                ));
            }
            Ok(Key::Okp(crate::OkpKey::ed25519_private(private)))
        }
        #[cfg(feature = "ec")]
        KeypairData::Ecdsa(pair) => {
            let curve = ec_curve(pair.curve())?;
            let d = zeroize::Zeroizing::new(pair.private_key_bytes().to_vec());
            Ok(Key::Ec(crate::EcKey::from_sec1(
                curve,
                pair.public_key_bytes(),
                Some(&d),
            )?))
        }
        KeypairData::Encrypted(_) => Err(Error::invalid_key(
            "the OpenSSH key is protected by a passphrase and none was given",
        )),
        other => Err(Error::unsupported(format!(
            "OpenSSH {} keys are not supported (RSA, Ed25519 and ECDSA are)",
            algorithm_name(other.algorithm().ok())
        ))),
    }
}

/// An OpenSSH public key line (`authorized_keys` format: optional options, the key type,
/// the base64 key, an optional comment), alone in `text` but for blank and `#` lines.
pub(crate) fn public(text: &str) -> Result<Key> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'));
    let line = lines
        .next()
        .ok_or_else(|| Error::malformed("no OpenSSH public key line found"))?;
    if lines.next().is_some() {
        return Err(Error::malformed(
            "the text holds more than one OpenSSH public key line; give one key",
        ));
    }
    // `authorized_keys` options (`restrict,command="…"`) say nothing of the key: they are
    // skipped here, since `ssh-key` splits them at the first space even inside quotes.
    let key = crate::pem::openssh_key_start(line)
        .and_then(|start| line.get(start..))
        .ok_or_else(|| Error::malformed("no OpenSSH key type in the public key line"))?;
    let key = ssh_key::PublicKey::from_openssh(key).map_err(malformed("public key line"))?;
    public_key(key.key_data())
}

fn public_key(data: &KeyData) -> Result<Key> {
    match data {
        #[cfg(feature = "rsa")]
        KeyData::Rsa(public) => Ok(Key::Rsa(crate::RsaKey::from_parts(
            rsa_int(public.n())?,
            rsa_int(public.e())?,
            None,
            &jose_core::Limits::DEFAULT,
        )?)),
        #[cfg(feature = "okp")]
        KeyData::Ed25519(public) => {
            let key = ed25519_dalek::VerifyingKey::from_bytes(&public.0)
                .map_err(|_| Error::invalid_key("the Ed25519 public key is not a valid point"))?;
            Ok(Key::Okp(crate::OkpKey::ed25519_public(key)?))
        }
        #[cfg(feature = "ec")]
        KeyData::Ecdsa(public) => Ok(Key::Ec(crate::EcKey::from_sec1(
            ec_curve(public.curve())?,
            public.as_sec1_bytes(),
            None,
        )?)),
        other => Err(Error::unsupported(format!(
            "OpenSSH {} keys are not supported (RSA, Ed25519 and ECDSA are)",
            algorithm_name(Some(other.algorithm()))
        ))),
    }
}

/// An RSA integer's big-endian magnitude (an SSH `mpint` is signed; RSA's are positive).
#[cfg(feature = "rsa")]
fn rsa_int(m: &ssh_key::Mpint) -> Result<&[u8]> {
    m.as_positive_bytes()
        .ok_or_else(|| Error::invalid_key("an RSA integer of the key is negative"))
}

#[cfg(feature = "ec")]
fn ec_curve(curve: ssh_key::EcdsaCurve) -> Result<crate::EcCurve> {
    match curve {
        ssh_key::EcdsaCurve::NistP256 => Ok(crate::EcCurve::P256),
        ssh_key::EcdsaCurve::NistP384 => Ok(crate::EcCurve::P384),
        ssh_key::EcdsaCurve::NistP521 => Ok(crate::EcCurve::P521),
        #[allow(unreachable_patterns)]
        _ => Err(Error::unsupported("unsupported OpenSSH ECDSA curve")),
    }
}

fn algorithm_name(algorithm: Option<ssh_key::Algorithm>) -> alloc::string::String {
    match algorithm {
        Some(algorithm) => format!("`{}`", algorithm.as_str().escape_debug()),
        None => "unknown".into(),
    }
}

impl Jwk {
    /// Reads an OpenSSH public key line (an `id_*.pub` file, or one line of
    /// `authorized_keys`), with the checks a JWK gets. [`Jwk::from_pem`] reads it too.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] for a line that does not parse (or several key lines);
    /// [`ErrorKind::UnsupportedAlgorithm`] for DSA, security keys and certificates;
    /// [`ErrorKind::InvalidKey`] as for a parsed JWK (an RSA modulus under 2048 bits, a point
    /// off the curve).
    pub fn from_openssh_public(line: &str) -> Result<Self> {
        crate::pem::check_input_size(line.len())?;
        Ok(Self::new(public(line)?))
    }
}

//! The JWE engine both serializations call: sealing the content, and one recipient's
//! decryption (the headers understood, then each candidate key tried within the budget).

use alloc::borrow::Cow;
use alloc::format;
use alloc::vec::Vec;

use jose_core::alg::{Enc, KeyAlg};
use jose_core::{Error, ErrorKind, Result, json};
use jose_jwk::KeyTrials;

use crate::alg::{self, Recovered};
use crate::{Decrypter, Header, KeySource, Randomness, enc, zip};

pub(crate) fn iv(enc: Enc, fixed: &Randomness, rng: &mut impl rand_core::CryptoRng) -> Vec<u8> {
    match &fixed.iv {
        Some(iv) => iv.clone(),
        None => alg::random(enc::iv_len(enc), rng).to_vec(),
    }
}

pub(crate) fn seal(
    enc: Enc,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    compress: bool,
) -> Result<(Vec<u8>, Vec<u8>)> {
    if compress {
        enc::encrypt(enc, cek, iv, aad, &zip::deflate(plaintext))
    } else {
        enc::encrypt(enc, cek, iv, aad, plaintext)
    }
}

/// The parts of one recipient's decryption, after the headers are understood.
pub(crate) struct Attempt<'a> {
    pub(crate) alg: KeyAlg,
    pub(crate) enc: Enc,
    pub(crate) joint: &'a json::Object,
    pub(crate) encrypted_key: &'a [u8],
    pub(crate) iv: &'a [u8],
    pub(crate) aad: &'a [u8],
    /// Owned when the caller has no further use for it: the last key tried decrypts in it.
    pub(crate) ciphertext: Cow<'a, [u8]>,
    pub(crate) tag: &'a [u8],
    pub(crate) compress: bool,
}

/// How many key trials one decryption may make, and how many of them may be PBES2
/// derivations or RSA private-key operations, whatever the JWE says.
pub(crate) struct Budget {
    trials: KeyTrials,
    derivations: usize,
    rsa: usize,
}

impl Budget {
    pub(crate) fn new(policy: &Decrypter) -> Self {
        Self {
            trials: KeyTrials::new(&policy.limits),
            derivations: MAX_PBES2_DERIVATIONS,
            rsa: policy.limits.max_rsa_trials(),
        }
    }

    fn spend(&mut self, alg: KeyAlg) -> Result<()> {
        let limit = |what: &str| {
            Error::limit(format!(
                "the JWE needs more {what} than one decryption may make"
            ))
        };
        self.trials.spend()?;
        let costly = match alg {
            KeyAlg::PBES2_HS256_A128KW
            | KeyAlg::PBES2_HS384_A192KW
            | KeyAlg::PBES2_HS512_A256KW => Some((&mut self.derivations, "PBES2 derivations")),
            KeyAlg::RSA_OAEP | KeyAlg::RSA_OAEP_256 => Some((
                &mut self.rsa,
                "RSA private-key operations (see Limits::with_max_rsa_trials)",
            )),
            _ => None,
        };
        if let Some((left, what)) = costly {
            *left = left.checked_sub(1).ok_or_else(|| limit(what))?;
        }
        Ok(())
    }
}

/// Most PBES2 derivations (each of at most the allowed `p2c`) one decryption may make.
pub const MAX_PBES2_DERIVATIONS: usize = 4;

impl Decrypter {
    /// Checks the algorithms of a recipient's joint header against the allow-lists, and what
    /// the header must hold for them.
    pub(crate) fn understand(&self, joint: &json::Object) -> Result<(KeyAlg, Enc)> {
        let alg = Header::alg_of(joint)?;
        let enc = Header::enc_of(joint)?;
        if !self.algs.contains(&alg) || !self.encs.contains(&enc) {
            return Err(Error::new(
                ErrorKind::AlgorithmNotAllowed,
                format!("`{alg}` with `{enc}` is not among the allowed algorithms"),
            ));
        }
        if matches!(enc, Enc::A128GCM | Enc::A192GCM | Enc::A256GCM) && !cfg!(feature = "aes-gcm") {
            return Err(Error::unsupported(format!("`{enc}` is not compiled in")));
        }
        alg::check_header(alg, joint, self)?;
        Ok((alg, enc))
    }

    /// Tries each candidate key; any cryptographic failure goes on with a random CEK so that
    /// every failure is the same `DecryptionFailed` at the tag.
    pub(crate) fn attempt(
        &self,
        keys: &(impl KeySource + ?Sized),
        a: Attempt<'_>,
        budget: &mut Budget,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Vec<u8>> {
        let candidates = keys.candidates(a.joint, &a.alg.into(), &alg::ops(a.alg).1)?;
        let mut ciphertext = a.ciphertext;
        let last = candidates.len().saturating_sub(1);
        for (i, key) in candidates.iter().enumerate() {
            budget.spend(a.alg)?;
            let cek = match alg::unwrap(a.alg, a.enc, key, a.joint, a.encrypted_key, self, rng) {
                Ok(cek) => cek,
                Err(e) if e.kind() == ErrorKind::DecryptionFailed => {
                    Recovered::Computed(alg::random(a.enc.key_len(), rng))
                }
                // Not this key's (an ephemeral key on another curve, a `dir` key for another
                // `enc`): try the next.
                Err(e) if e.kind() == ErrorKind::NoMatchingKey => continue,
                Err(e) => return Err(e),
            };
            let buffer = if i == last {
                core::mem::take(&mut ciphertext)
            } else {
                Cow::Borrowed(&*ciphertext)
            };
            if let Ok(plaintext) = enc::decrypt(a.enc, &cek, a.iv, a.aad, buffer, a.tag) {
                return if a.compress {
                    let compressed = zeroize::Zeroizing::new(plaintext);
                    zip::inflate(&compressed, self.limits.max_inflated_bytes())
                } else {
                    Ok(plaintext)
                };
            }
        }
        Err(enc::failed())
    }
}

//! ML-DSA-44, ML-DSA-65 and ML-DSA-87 (FIPS 204), as draft-ietf-cose-dilithium puts them in
//! JOSE: pure ML-DSA over the JWS signing input, with the empty context string, and an AKP key
//! of the same parameter set. Signing is hedged (FIPS 204's default: fresh randomness in each
//! signature, drawn from the caller's RNG); verification accepts hedged and deterministic
//! signatures alike.

use alloc::vec::Vec;

use jose_core::alg::Alg;
use jose_core::{Error, Result};
use jose_jwk::primitives::ml_dsa::{MlDsaParams, Signature};
use jose_jwk::{AkpKey, Jwk, Key, MlDsaKeyPair};

use super::{Family, invalid_signature};

pub(super) struct MlDsa;

/// The context string of every JOSE signature (draft-ietf-cose-dilithium §4).
const CONTEXT: &[u8] = b"";

fn sign<P: MlDsaParams>(
    key: &MlDsaKeyPair<P>,
    input: &[u8],
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Vec<u8>> {
    let private = key
        .signing_key()
        .ok_or_else(|| Error::invalid_key("signing needs an ML-DSA private key"))?;
    let signature = private
        .sign_randomized(input, CONTEXT, rng)
        .map_err(|_| Error::invalid_key("ML-DSA signing failed"))?;
    Ok(signature.encode().to_vec())
}

/// A signature of another length, or whose encoding FIPS 204's `sigDecode` refuses, is refused
/// as one that does not verify.
fn verify<P: MlDsaParams>(key: &MlDsaKeyPair<P>, input: &[u8], signature: &[u8]) -> Result<()> {
    let signature = Signature::<P>::try_from(signature).map_err(|_| invalid_signature())?;
    if key
        .verifying_key()
        .verify_with_context(input, CONTEXT, &signature)
    {
        Ok(())
    } else {
        Err(invalid_signature())
    }
}

impl Family for MlDsa {
    type Key = AkpKey;

    fn key(jwk: &Jwk) -> Option<&AkpKey> {
        match jwk.key() {
            Key::Akp(k) => Some(k),
            _ => None,
        }
    }

    fn sign(
        _: Alg,
        key: &AkpKey,
        input: &[u8],
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Vec<u8>> {
        match key {
            AkpKey::MlDsa44(k) => sign(k, input, rng),
            AkpKey::MlDsa65(k) => sign(k, input, rng),
            AkpKey::MlDsa87(k) => sign(k, input, rng),
            _ => Err(Error::unsupported("an AKP key of another algorithm")),
        }
    }

    fn verify(_: Alg, key: &AkpKey, input: &[u8], signature: &[u8]) -> Result<()> {
        match key {
            AkpKey::MlDsa44(k) => verify(k, input, signature),
            AkpKey::MlDsa65(k) => verify(k, input, signature),
            AkpKey::MlDsa87(k) => verify(k, input, signature),
            _ => Err(invalid_signature()),
        }
    }
}

#[cfg(all(test, feature = "std"))]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    //! The draft's examples byte for byte, and the rules of AKP keys, each with its error kind.

    use alloc::string::{String, ToString};

    use jose_core::ErrorKind;
    use jose_jwk::primitives::ml_dsa::{ExpandedSigningKey, MlDsa44, MlDsa65, MlDsa87};
    use jose_jwk::{JwkSet, KeySpec};
    use serde_json::{Value, json};

    use super::*;
    use crate::{Header, Verifier, compact};

    const EXAMPLES: [&str; 3] = [
        include_str!("../../../../tests/vectors/draft-ietf-cose-dilithium/ml_dsa_44.json"),
        include_str!("../../../../tests/vectors/draft-ietf-cose-dilithium/ml_dsa_65.json"),
        include_str!("../../../../tests/vectors/draft-ietf-cose-dilithium/ml_dsa_87.json"),
    ];
    const ALGS: [Alg; 3] = [Alg::ML_DSA_44, Alg::ML_DSA_65, Alg::ML_DSA_87];

    fn kind<T>(r: Result<T>) -> Option<ErrorKind> {
        r.err().map(|e| e.kind())
    }

    fn example(i: usize) -> (Value, Jwk) {
        let example: Value = serde_json::from_str(EXAMPLES[i]).unwrap();
        let jwk = Jwk::from_json(example["jwk"].to_string().as_bytes()).unwrap();
        (example, jwk)
    }

    /// FIPS 204's deterministic ML-DSA.Sign of `input` with the empty context.
    fn deterministic(key: &AkpKey, input: &[u8]) -> Vec<u8> {
        fn with<P: MlDsaParams>(k: &MlDsaKeyPair<P>, input: &[u8]) -> Vec<u8> {
            let expanded: &ExpandedSigningKey<P> = k.signing_key().unwrap();
            expanded
                .sign_deterministic(input, CONTEXT)
                .unwrap()
                .encode()
                .to_vec()
        }
        match key {
            AkpKey::MlDsa44(k) => with::<MlDsa44>(k, input),
            AkpKey::MlDsa65(k) => with::<MlDsa65>(k, input),
            AkpKey::MlDsa87(k) => with::<MlDsa87>(k, input),
            _ => unreachable!(),
        }
    }

    #[test]
    fn the_drafts_examples_verify_and_their_thumbprints_recompute() {
        for (i, alg) in ALGS.into_iter().enumerate() {
            let (example, jwk) = example(i);
            let token = example["jws"].as_str().unwrap();
            assert_eq!(
                jwk.thumbprint_sha256(),
                example["thumbprint"].as_str().unwrap()
            );
            assert_eq!(jwk.kid(), example["thumbprint"].as_str());
            assert_eq!(jwk.alg().map(|a| a.as_str()), Some(alg.as_str()));
            let public = jwk.to_public().unwrap();
            assert_eq!(public.thumbprint_sha256(), jwk.thumbprint_sha256());
            let verified = Verifier::new([alg]).verify_compact(token, &public).unwrap();
            assert_eq!(
                verified.payload(),
                example["payload"].as_str().unwrap().as_bytes()
            );
            // The example is the deterministic variant over the JWS signing input, with the
            // empty context: the same bytes here.
            let (input, signature) = token.rsplit_once('.').unwrap();
            let Key::Akp(key) = jwk.key() else { panic!() };
            assert_eq!(
                jose_core::b64::encode(deterministic(key, input.as_bytes())),
                signature
            );
            // Another parameter set's verifier, a flipped bit, a cut signature: refused.
            let other = ALGS[(i + 1) % 3];
            assert_eq!(
                kind(Verifier::new([other]).verify_compact(token, &public)),
                Some(ErrorKind::AlgorithmNotAllowed)
            );
            let mut bytes = jose_core::b64::decode_public(signature).unwrap();
            bytes[100] ^= 1;
            let flipped = alloc::format!("{input}.{}", jose_core::b64::encode(&bytes));
            assert_eq!(
                kind(Verifier::new([alg]).verify_compact(&flipped, &public)),
                Some(ErrorKind::InvalidSignature)
            );
            // A hint that FIPS 204's sigDecode refuses (counts above ω in the last bytes).
            let mut hint = jose_core::b64::decode_public(signature).unwrap();
            let len = hint.len();
            hint[len - 4..].fill(0xff);
            let hint = alloc::format!("{input}.{}", jose_core::b64::encode(&hint));
            assert_eq!(
                kind(Verifier::new([alg]).verify_compact(&hint, &public)),
                Some(ErrorKind::InvalidSignature)
            );
            let cut = alloc::format!("{input}.{}", jose_core::b64::encode(&bytes[..100]));
            assert_eq!(
                kind(Verifier::new([alg]).verify_compact(&cut, &public)),
                Some(ErrorKind::InvalidSignature)
            );
        }
    }

    #[test]
    fn generated_keys_sign_and_verify_and_serve_only_their_parameter_set() {
        for alg in ALGS {
            let key = Jwk::generate(KeySpec::Akp(alg)).unwrap();
            assert_eq!(key.alg().map(|a| a.as_str()), Some(alg.as_str()));
            let header = Header::new(alg);
            let token = compact::sign(&header, b"payload", &key).unwrap();
            let public = key.to_public().unwrap();
            assert!(!public.is_private());
            let json = public.to_json().unwrap();
            assert!(!json.contains("priv"));
            let read = Jwk::from_json(json.as_bytes()).unwrap();
            let verified = Verifier::new([alg]).verify_compact(&token, &read).unwrap();
            assert_eq!(verified.payload(), b"payload");
            // Hedged: two signatures of the same input differ, and both verify.
            assert_ne!(compact::sign(&header, b"payload", &key).unwrap(), token);
            // The key of one parameter set serves no other, nor another family.
            for wrong in ALGS.into_iter().filter(|a| *a != alg).chain([Alg::EdDSA]) {
                assert_eq!(
                    kind(compact::sign(&Header::new(wrong), b"x", &key)),
                    Some(ErrorKind::InvalidKey)
                );
                assert_eq!(
                    kind(key.clone().with_alg(wrong)),
                    Some(ErrorKind::InvalidKey)
                );
            }
            // A public key cannot sign.
            assert_eq!(
                kind(compact::sign(&header, b"x", &public)),
                Some(ErrorKind::InvalidKey)
            );
            // JSON serializations, through a set chosen by `kid`.
            let key = key.with_kid_thumbprint();
            let mut set = JwkSet::new();
            set.insert(key.to_public().unwrap()).unwrap();
            let signed = crate::json::JsonSigner::new(b"general")
                .sign(&header, None, &key)
                .unwrap();
            let general = signed.general().unwrap();
            let verified = Verifier::new([alg])
                .verify_json(general.as_bytes(), &set)
                .unwrap();
            assert_eq!(verified.payload(), b"general");
        }
    }

    #[test]
    fn akp_keys_are_checked_when_read() {
        let (example, jwk) = example(1);
        let mut members = example["jwk"].as_object().unwrap().clone();
        let read = |members: &serde_json::Map<String, Value>| {
            Jwk::from_json(Value::Object(members.clone()).to_string().as_bytes())
        };
        // `alg` is required, and names the parameter set.
        let mut no_alg = members.clone();
        no_alg.remove("alg");
        assert_eq!(kind(read(&no_alg)), Some(ErrorKind::Malformed));
        let mut es256 = members.clone();
        es256.insert("alg".into(), json!("ES256"));
        assert_eq!(kind(read(&es256)), Some(ErrorKind::UnsupportedAlgorithm));
        // `pub` of another parameter set's length; `priv` of another key; a seed not of 32
        // bytes.
        let mut other = members.clone();
        other.insert("alg".into(), json!("ML-DSA-44"));
        assert_eq!(kind(read(&other)), Some(ErrorKind::InvalidKey));
        let mut wrong_seed = members.clone();
        wrong_seed.insert("priv".into(), json!(jose_core::b64::encode([1u8; 32])));
        assert_eq!(kind(read(&wrong_seed)), Some(ErrorKind::InvalidKey));
        let mut short_seed = members.clone();
        short_seed.insert("priv".into(), json!(jose_core::b64::encode([0u8; 31])));
        assert_eq!(kind(read(&short_seed)), Some(ErrorKind::InvalidKey));
        let mut no_pub = members.clone();
        no_pub.remove("pub");
        assert_eq!(kind(read(&no_pub)), Some(ErrorKind::Malformed));
        // A published set's key may not carry `priv`.
        members.remove("kid");
        assert_eq!(
            kind(Jwk::from_public_object(
                members.clone(),
                &jose_core::Limits::DEFAULT
            )),
            Some(ErrorKind::InvalidKey)
        );
        // Debug shows no key material.
        let debug = alloc::format!("{jwk:?} {:?}", jwk.key());
        assert!(
            !debug.contains("AAAA") && debug.contains("ML-DSA-65"),
            "{debug}"
        );
    }
}

//! AKP keys ("Algorithm Key Pair", draft-ietf-cose-dilithium): one key of one algorithm,
//! here ML-DSA-44, ML-DSA-65 and ML-DSA-87 (FIPS 204).
//!
//! An AKP JWK is `{"kty":"AKP","alg":…,"pub":…,"priv":…}`: `alg` is required and fixes the
//! parameter set, `pub` is the encoded public key (1312, 1952 or 2592 bytes), `priv` the
//! 32-byte seed ξ of FIPS 204's key generation (never the expanded key). A private key is
//! expanded from its seed once, when it is read, and its public key must be the `pub` it came
//! with. The RFC 7638 thumbprint's members are `alg`, `kty` and `pub`.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use core::fmt;

use jose_core::alg::Alg;
use jose_core::json::{self, Object};
use jose_core::{Error, Limits, Result, b64};
use ml_dsa::{
    EncodedVerifyingKey, ExpandedSigningKey, MlDsa44, MlDsa65, MlDsa87, MlDsaParams, Seed,
    VerifyingKey,
};
use zeroize::Zeroizing;

use crate::params::JwkAlg;

/// An AKP key: an ML-DSA key of one parameter set, public or private.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum AkpKey {
    /// ML-DSA-44.
    MlDsa44(MlDsaKeyPair<MlDsa44>),
    /// ML-DSA-65.
    MlDsa65(MlDsaKeyPair<MlDsa65>),
    /// ML-DSA-87.
    MlDsa87(MlDsaKeyPair<MlDsa87>),
}

/// An ML-DSA public key, ready to verify, and, for a private key, its seed and the signing
/// key expanded from it.
#[derive(Clone)]
pub struct MlDsaKeyPair<P: MlDsaParams> {
    public: Box<VerifyingKey<P>>,
    encoded: Box<[u8]>,
    private: Option<Box<Private<P>>>,
}

#[derive(Clone)]
struct Private<P: MlDsaParams> {
    seed: Zeroizing<[u8; 32]>,
    // Zeroized on drop by `ml-dsa` (its `zeroize` feature).
    expanded: ExpandedSigningKey<P>,
}

impl<P: MlDsaParams> MlDsaKeyPair<P> {
    fn from_public(encoded: &[u8]) -> Result<Self> {
        let array = EncodedVerifyingKey::<P>::try_from(encoded).map_err(|_| {
            Error::invalid_key(format!(
                "an ML-DSA public key of this parameter set is {} bytes, not {}",
                EncodedVerifyingKey::<P>::default().len(),
                encoded.len()
            ))
        })?;
        Ok(Self {
            public: Box::new(VerifyingKey::decode(&array)),
            encoded: encoded.into(),
            private: None,
        })
    }

    fn from_seed(seed: &[u8; 32]) -> Self {
        let expanded = ExpandedSigningKey::<P>::from_seed(&Zeroizing::new(Seed::from(*seed)));
        let public = expanded.verifying_key();
        Self {
            encoded: public.encode().as_slice().into(),
            public: Box::new(public),
            private: Some(Box::new(Private {
                seed: Zeroizing::new(*seed),
                expanded,
            })),
        }
    }

    /// The public key, ready to verify.
    #[must_use]
    pub fn verifying_key(&self) -> &VerifyingKey<P> {
        &self.public
    }

    /// The signing key, for a private key.
    #[must_use]
    pub fn signing_key(&self) -> Option<&ExpandedSigningKey<P>> {
        self.private.as_deref().map(|p| &p.expanded)
    }

    /// The encoded public key (`pub`).
    #[must_use]
    pub fn public_bytes(&self) -> &[u8] {
        &self.encoded
    }

    /// The 32-byte seed (`priv`), for a private key.
    #[must_use]
    pub fn seed(&self) -> Option<&[u8; 32]> {
        self.private.as_deref().map(|p| &*p.seed)
    }

    fn public_half(&self) -> Self {
        Self {
            public: self.public.clone(),
            encoded: self.encoded.clone(),
            private: None,
        }
    }
}

impl<P: MlDsaParams> PartialEq for MlDsaKeyPair<P> {
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        let seeds = match (self.seed(), other.seed()) {
            (Some(a), Some(b)) => bool::from(a.ct_eq(b)),
            (None, None) => true,
            _ => false,
        };
        self.encoded == other.encoded && seeds
    }
}

/// Runs `$body` with `$k` the key pair of any parameter set.
macro_rules! each {
    ($key:expr, $k:ident => $body:expr) => {
        match $key {
            AkpKey::MlDsa44($k) => $body,
            AkpKey::MlDsa65($k) => $body,
            AkpKey::MlDsa87($k) => $body,
        }
    };
}

fn not_ml_dsa(alg: impl fmt::Display) -> Error {
    Error::unsupported(format!(
        "no AKP key of this crate serves `{}`",
        jose_core::echo(&alloc::string::ToString::to_string(&alg))
    ))
}

impl AkpKey {
    /// The algorithm the key is for (its `alg` member).
    #[must_use]
    pub fn alg(&self) -> Alg {
        match self {
            Self::MlDsa44(_) => Alg::ML_DSA_44,
            Self::MlDsa65(_) => Alg::ML_DSA_65,
            Self::MlDsa87(_) => Alg::ML_DSA_87,
        }
    }

    /// A public key of `alg` from its encoded bytes (`pub`).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`](jose_core::ErrorKind::InvalidKey) for a length other than the
    /// parameter set's; [`ErrorKind::UnsupportedAlgorithm`](jose_core::ErrorKind) for an
    /// `alg` that is not ML-DSA.
    pub fn from_public_bytes(alg: Alg, public: &[u8]) -> Result<Self> {
        Ok(match alg {
            Alg::ML_DSA_44 => Self::MlDsa44(MlDsaKeyPair::from_public(public)?),
            Alg::ML_DSA_65 => Self::MlDsa65(MlDsaKeyPair::from_public(public)?),
            Alg::ML_DSA_87 => Self::MlDsa87(MlDsaKeyPair::from_public(public)?),
            other => return Err(not_ml_dsa(other)),
        })
    }

    /// A private key of `alg` from its 32-byte seed (`priv`).
    ///
    /// # Errors
    /// As [`AkpKey::from_public_bytes`].
    pub fn from_seed(alg: Alg, seed: &[u8; 32]) -> Result<Self> {
        Ok(match alg {
            Alg::ML_DSA_44 => Self::MlDsa44(MlDsaKeyPair::from_seed(seed)),
            Alg::ML_DSA_65 => Self::MlDsa65(MlDsaKeyPair::from_seed(seed)),
            Alg::ML_DSA_87 => Self::MlDsa87(MlDsaKeyPair::from_seed(seed)),
            other => return Err(not_ml_dsa(other)),
        })
    }

    /// The encoded public key (`pub`).
    #[must_use]
    pub fn public_bytes(&self) -> &[u8] {
        each!(self, k => k.public_bytes())
    }

    /// The seed (`priv`), for a private key.
    #[must_use]
    pub fn seed(&self) -> Option<&[u8; 32]> {
        each!(self, k => k.seed())
    }

    pub(crate) fn generate(rng: &mut impl rand_core::CryptoRng, alg: Alg) -> Result<Self> {
        let mut seed = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(&mut *seed);
        Self::from_seed(alg, &seed)
    }
}

impl crate::key::KeyType for AkpKey {
    const KTY: &'static str = "AKP";

    fn is_private(&self) -> bool {
        self.seed().is_some()
    }

    fn variant(&self) -> Option<&'static str> {
        Some(self.alg().as_str())
    }

    fn fixed_alg(&self) -> Option<JwkAlg> {
        Some(JwkAlg::Sig(self.alg()))
    }

    fn to_public(&self) -> Option<Self> {
        Some(match self {
            Self::MlDsa44(k) => Self::MlDsa44(k.public_half()),
            Self::MlDsa65(k) => Self::MlDsa65(k.public_half()),
            Self::MlDsa87(k) => Self::MlDsa87(k.public_half()),
        })
    }

    fn from_members(object: &mut Object, _: &Limits, alg: Option<&JwkAlg>) -> Result<Self> {
        let seed = json::take_string(object, "priv")?.map(Zeroizing::new);
        let alg = match alg {
            Some(JwkAlg::Sig(alg)) => *alg,
            Some(other) => return Err(not_ml_dsa(other)),
            None => return Err(Error::malformed("an AKP key needs `alg`")),
        };
        let public = json::take_string(object, "pub")?
            .ok_or_else(|| Error::malformed("an AKP key needs `pub`"))?;
        let public = b64::decode_public(&public)?;
        let Some(seed) = seed else {
            return Self::from_public_bytes(alg, &public);
        };
        let seed = b64::decode_secret(seed.as_bytes())?;
        let seed: &[u8; 32] = seed.as_slice().try_into().map_err(|_| {
            Error::invalid_key(format!(
                "an ML-DSA `priv` is the 32-byte seed, not {} bytes",
                seed.len()
            ))
        })?;
        let key = Self::from_seed(alg, seed)?;
        if key.public_bytes() != public.as_slice() {
            return Err(Error::invalid_key(
                "the AKP key's `pub` is not the public key of its `priv`",
            ));
        }
        Ok(key)
    }

    fn write_members(&self, object: &mut Object, private: bool) -> Result<()> {
        // `alg` is written with the key's other common members.
        object.insert("pub".into(), b64::encode(self.public_bytes()).into());
        if let (true, Some(seed)) = (private, self.seed()) {
            object.insert("priv".into(), b64::encode(seed).into());
        }
        Ok(())
    }

    fn thumbprint_input(&self) -> Zeroizing<String> {
        format!(
            r#"{{"alg":"{}","kty":"AKP","pub":"{}"}}"#,
            self.alg(),
            b64::encode(self.public_bytes())
        )
        .into()
    }
}

impl fmt::Debug for AkpKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkpKey")
            .field("alg", &self.alg().as_str())
            .field("private", &self.seed().is_some())
            .finish_non_exhaustive()
    }
}

/// PKCS#8 (RFC 9881's `ML-DSA-PrivateKey`: written in the seed form, read in the seed and
/// `both` forms) and SPKI, for `pem.rs`.
#[cfg(feature = "pem")]
pub(crate) mod der {
    use alloc::format;

    use jose_core::alg::Alg;
    use jose_core::{Error, Result};
    use ml_dsa::{MlDsa44, MlDsa65, MlDsa87, MlDsaParams, SigningKey, VerifyingKey};
    use pkcs8::der::asn1::ObjectIdentifier;
    use pkcs8::spki::AssociatedAlgorithmIdentifier;
    use pkcs8::{EncodePrivateKey, PrivateKeyInfoRef, SecretDocument};
    use spki::{EncodePublicKey, SubjectPublicKeyInfoRef};

    use zeroize::Zeroizing;

    use super::{AkpKey, MlDsaKeyPair};

    /// The ML-DSA algorithm of an OID (`id-ml-dsa-44`, `-65`, `-87`).
    pub(crate) fn alg_of(oid: ObjectIdentifier) -> Option<Alg> {
        [
            (MlDsa44::ALGORITHM_IDENTIFIER.oid, Alg::ML_DSA_44),
            (MlDsa65::ALGORITHM_IDENTIFIER.oid, Alg::ML_DSA_65),
            (MlDsa87::ALGORITHM_IDENTIFIER.oid, Alg::ML_DSA_87),
        ]
        .into_iter()
        .find_map(|(known, alg)| (known == oid).then_some(alg))
    }

    fn invalid(e: impl core::fmt::Display) -> Error {
        Error::invalid_key(format!("invalid ML-DSA key: {e}"))
    }

    fn seed_of<P>(info: PrivateKeyInfoRef<'_>) -> Result<Zeroizing<[u8; 32]>>
    where
        P: MlDsaParams + AssociatedAlgorithmIdentifier<Params = pkcs8::der::AnyRef<'static>>,
    {
        let key = SigningKey::<P>::try_from(info).map_err(invalid)?;
        let mut seed = Zeroizing::new([0u8; 32]);
        seed.copy_from_slice(key.as_seed());
        Ok(seed)
    }

    /// A private key from PKCS#8: RFC 9881's `ML-DSA-PrivateKey` in the seed form, or in the
    /// `both` form (the seed and the expanded key, as OpenSSL writes it by default), whose
    /// expanded key must be the seed's. The `expandedKey` form alone has no seed, which an
    /// AKP JWK's `priv` is: refused.
    pub(crate) fn from_pkcs8(alg: Alg, info: PrivateKeyInfoRef<'_>) -> Result<AkpKey> {
        // RFC 9881: the AlgorithmIdentifier's parameters are absent, in every form.
        if info.algorithm.parameters.is_some() {
            return Err(Error::invalid_key(
                "an ML-DSA AlgorithmIdentifier has no parameters",
            ));
        }
        let private = info.private_key.as_bytes();
        let seed = match (private.first(), alg) {
            (Some(0x30), _) => return both(alg, private),
            (Some(0x04), _) => {
                return Err(Error::invalid_key(
                    "this ML-DSA private key holds its expanded form only, without the seed \
                     an AKP key's `priv` is",
                ));
            }
            (_, Alg::ML_DSA_44) => seed_of::<MlDsa44>(info)?,
            (_, Alg::ML_DSA_65) => seed_of::<MlDsa65>(info)?,
            (_, Alg::ML_DSA_87) => seed_of::<MlDsa87>(info)?,
            (_, other) => return Err(super::not_ml_dsa(other)),
        };
        AkpKey::from_seed(alg, &seed)
    }

    /// `both ::= SEQUENCE { seed OCTET STRING (SIZE (32)), expandedKey OCTET STRING }`.
    fn both(alg: Alg, der: &[u8]) -> Result<AkpKey> {
        use pkcs8::der::asn1::OctetStringRef;
        use pkcs8::der::{Decode, Reader, SliceReader};
        let mut reader = SliceReader::new(der).map_err(invalid)?;
        let (seed, expanded) = reader
            .sequence(|r| {
                let seed = <&OctetStringRef>::decode(r)?;
                let expanded = <&OctetStringRef>::decode(r)?;
                Ok::<_, pkcs8::der::Error>((seed.as_bytes(), expanded.as_bytes()))
            })
            .map_err(invalid)?;
        reader.finish().map_err(invalid)?;
        let seed: &[u8; 32] = seed
            .try_into()
            .map_err(|_| Error::invalid_key("an ML-DSA seed is 32 bytes"))?;
        let key = AkpKey::from_seed(alg, seed)?;
        let matches = match &key {
            AkpKey::MlDsa44(k) => expanded_is::<MlDsa44>(k, expanded),
            AkpKey::MlDsa65(k) => expanded_is::<MlDsa65>(k, expanded),
            AkpKey::MlDsa87(k) => expanded_is::<MlDsa87>(k, expanded),
        };
        if !matches {
            return Err(Error::invalid_key(
                "the ML-DSA private key's expanded form is not its seed's",
            ));
        }
        Ok(key)
    }

    /// Whether `expanded` is the key's expanded form (FIPS 204 `skEncode`), compared in
    /// constant time.
    fn expanded_is<P: MlDsaParams>(key: &MlDsaKeyPair<P>, expanded: &[u8]) -> bool {
        use subtle::ConstantTimeEq;
        let Some(signing) = key.signing_key() else {
            return false;
        };
        // `to_expanded` is deprecated upstream as a storage form; here it only checks one.
        #[allow(deprecated)]
        let own = Zeroizing::new(signing.to_expanded());
        own.len() == expanded.len() && bool::from(own.as_slice().ct_eq(expanded))
    }

    fn public_of<P>(info: SubjectPublicKeyInfoRef<'_>) -> Result<MlDsaKeyPair<P>>
    where
        P: MlDsaParams + AssociatedAlgorithmIdentifier<Params = pkcs8::der::AnyRef<'static>>,
    {
        let public = VerifyingKey::<P>::try_from(info).map_err(invalid)?;
        MlDsaKeyPair::from_public(&public.encode())
    }

    /// A public key from SPKI.
    pub(crate) fn from_spki(alg: Alg, info: SubjectPublicKeyInfoRef<'_>) -> Result<AkpKey> {
        Ok(match alg {
            Alg::ML_DSA_44 => AkpKey::MlDsa44(public_of(info)?),
            Alg::ML_DSA_65 => AkpKey::MlDsa65(public_of(info)?),
            Alg::ML_DSA_87 => AkpKey::MlDsa87(public_of(info)?),
            other => return Err(super::not_ml_dsa(other)),
        })
    }

    fn pkcs8_of<P>(pair: &MlDsaKeyPair<P>) -> pkcs8::Result<SecretDocument>
    where
        P: MlDsaParams + AssociatedAlgorithmIdentifier<Params = pkcs8::der::AnyRef<'static>>,
    {
        let seed = pair
            .seed()
            .ok_or(pkcs8::Error::KeyMalformed(pkcs8::KeyError::Invalid))?;
        SigningKey::<P>::from_seed(&Zeroizing::new((*seed).into())).to_pkcs8_der()
    }

    /// The private key as PKCS#8, seed only (as Python's `cryptography` writes it).
    pub(crate) fn to_pkcs8(key: &AkpKey) -> pkcs8::Result<SecretDocument> {
        match key {
            AkpKey::MlDsa44(k) => pkcs8_of(k),
            AkpKey::MlDsa65(k) => pkcs8_of(k),
            AkpKey::MlDsa87(k) => pkcs8_of(k),
        }
    }

    /// The public key as SPKI.
    pub(crate) fn to_spki(key: &AkpKey) -> spki::Result<pkcs8::Document> {
        match key {
            AkpKey::MlDsa44(k) => k.verifying_key().to_public_key_der(),
            AkpKey::MlDsa65(k) => k.verifying_key().to_public_key_der(),
            AkpKey::MlDsa87(k) => k.verifying_key().to_public_key_der(),
        }
    }
}

#[cfg(all(test, feature = "std", feature = "pem"))]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use crate::{Jwk, KeySpec};
    use jose_core::alg::Alg;

    #[test]
    fn pkcs8_holds_the_seed_and_spki_the_public_key() {
        for alg in [Alg::ML_DSA_44, Alg::ML_DSA_65, Alg::ML_DSA_87] {
            let key = Jwk::generate(KeySpec::Akp(alg)).unwrap();
            let pem = key.to_pkcs8_pem().unwrap();
            // The seed-only form: `[0] IMPLICIT OCTET STRING` of 32 bytes, 54 bytes in all.
            assert_eq!(key.to_pkcs8_der().unwrap().len(), 54);
            let back = Jwk::from_pem(&pem).unwrap();
            assert_eq!(back, key);
            let spki = key.to_spki_pem().unwrap();
            let public = Jwk::from_pem(&spki).unwrap();
            assert_eq!(public, key.to_public().unwrap());
            assert_eq!(public.thumbprint_sha256(), key.thumbprint_sha256());
        }
    }

    /// A DER TLV with a definite length.
    fn tlv(tag: u8, content: &[u8]) -> alloc::vec::Vec<u8> {
        let mut out = alloc::vec![tag];
        let len = content.len();
        if len < 0x80 {
            out.push(len as u8);
        } else if len < 0x100 {
            out.extend([0x81, len as u8]);
        } else {
            out.extend([0x82, (len >> 8) as u8, len as u8]);
        }
        out.extend_from_slice(content);
        out
    }

    #[test]
    fn pkcs8_in_the_both_form_is_read_and_checked_and_the_expanded_form_alone_refused() {
        use crate::{ErrorKind, Key};
        for alg in [Alg::ML_DSA_44, Alg::ML_DSA_65, Alg::ML_DSA_87] {
            let key = Jwk::generate(KeySpec::Akp(alg)).unwrap();
            let seed_only = key.to_pkcs8_der().unwrap();
            // version, AlgorithmIdentifier: the first 18 bytes inside the outer SEQUENCE.
            let head = seed_only[2..2 + 3 + 13].to_vec();
            let Key::Akp(akp) = key.key() else { panic!() };
            #[allow(deprecated)]
            let expanded = match akp {
                super::AkpKey::MlDsa44(k) => k.signing_key().unwrap().to_expanded().to_vec(),
                super::AkpKey::MlDsa65(k) => k.signing_key().unwrap().to_expanded().to_vec(),
                super::AkpKey::MlDsa87(k) => k.signing_key().unwrap().to_expanded().to_vec(),
            };
            let seed = akp.seed().unwrap().to_vec();
            let pkcs8 = |private: alloc::vec::Vec<u8>| {
                tlv(0x30, &[head.clone(), tlv(0x04, &private)].concat())
            };
            let both = |seed: &[u8], expanded: &[u8]| {
                pkcs8(tlv(0x30, &[tlv(0x04, seed), tlv(0x04, expanded)].concat()))
            };
            let read = Jwk::from_der(&both(&seed, &expanded), crate::pem::DerFormat::Pkcs8);
            assert_eq!(read.unwrap(), key, "{alg}");
            let mut other = expanded.clone();
            other[100] ^= 1;
            let kind = |der: alloc::vec::Vec<u8>| {
                Jwk::from_der(&der, crate::pem::DerFormat::Pkcs8)
                    .err()
                    .map(|e| e.kind())
            };
            assert_eq!(kind(both(&seed, &other)), Some(ErrorKind::InvalidKey));
            assert_eq!(
                kind(both(&seed[..31], &expanded)),
                Some(ErrorKind::InvalidKey)
            );
            assert_eq!(
                kind(pkcs8(tlv(0x04, &expanded))),
                Some(ErrorKind::InvalidKey)
            );
            // Parameters in the AlgorithmIdentifier (RFC 9881: absent), in either form.
            let with_null = |private: alloc::vec::Vec<u8>| {
                let algid = tlv(0x30, &[head[5..16].to_vec(), alloc::vec![5, 0]].concat());
                tlv(
                    0x30,
                    &[alloc::vec![2, 1, 0], algid, tlv(0x04, &private)].concat(),
                )
            };
            let both_inner = tlv(0x30, &[tlv(0x04, &seed), tlv(0x04, &expanded)].concat());
            assert_eq!(kind(with_null(both_inner)), Some(ErrorKind::InvalidKey));
            let seed_form = seed_only[18 + 2..].to_vec();
            assert_eq!(kind(with_null(seed_form)), Some(ErrorKind::InvalidKey));
        }
    }

    #[test]
    fn an_akp_key_serves_its_own_algorithm_only_and_priv_is_private_everywhere() {
        use crate::{ErrorKind, JwkAlg};
        let key = Jwk::generate(KeySpec::Akp(Alg::ML_DSA_65)).unwrap();
        for other in [JwkAlg::parse("foo"), JwkAlg::Sig(Alg::ML_DSA_44)] {
            assert_eq!(
                key.clone().with_alg(other).err().map(|e| e.kind()),
                Some(ErrorKind::InvalidKey)
            );
        }
        assert_eq!(
            Jwk::generate(KeySpec::Akp(Alg::ES256))
                .err()
                .map(|e| e.kind()),
            Some(ErrorKind::UnsupportedAlgorithm)
        );
        // `priv` is a private member of any JWK: a published key carrying it is refused, and
        // the public half of a key drops it.
        let text = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","priv":"c2VjcmV0"}"#;
        let object = jose_core::json::parse_object(text.as_bytes(), 32).unwrap();
        assert_eq!(
            Jwk::from_public_object(object, &jose_core::Limits::DEFAULT)
                .err()
                .map(|e| e.kind()),
            Some(ErrorKind::InvalidKey)
        );
        let read = Jwk::from_json(text.as_bytes()).unwrap();
        assert!(read.other("priv").is_some());
        assert!(read.to_public().unwrap().other("priv").is_none());
    }
}

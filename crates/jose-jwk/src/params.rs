//! The members every JWK may carry (RFC 7517 §4): `kid`, `use`, `key_ops`, `alg`, and the X.509
//! members, plus any member this toolkit does not know, which survives a round trip.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use jose_core::alg::{Alg, Enc, KeyAlg};
use jose_core::json::{self, Object};
use jose_core::{Error, Result, b64};
use serde_json::Value;

/// The `use` member (RFC 7517 §4.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyUse {
    /// `sig`: signatures and MACs.
    Sig,
    /// `enc`: encryption and key management.
    Enc,
    /// Any other value; such a key is never selected for an operation of this toolkit.
    Other(String),
}

impl KeyUse {
    /// The member's value.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Sig => "sig",
            Self::Enc => "enc",
            Self::Other(s) => s,
        }
    }

    fn parse(s: String) -> Self {
        match s.as_str() {
            "sig" => Self::Sig,
            "enc" => Self::Enc,
            _ => Self::Other(s),
        }
    }
}

impl fmt::Display for KeyUse {
    /// The value, with any control character of an unknown value escaped (for messages).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", jose_core::echo(self.as_str()))
    }
}

/// One value of the `key_ops` member (RFC 7517 §4.3), and the operation a caller intends.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyOp {
    /// `sign`: compute a digital signature or MAC.
    Sign,
    /// `verify`: verify a digital signature or MAC.
    Verify,
    /// `encrypt`: encrypt content.
    Encrypt,
    /// `decrypt`: decrypt content and validate decryption.
    Decrypt,
    /// `wrapKey`: encrypt a key.
    WrapKey,
    /// `unwrapKey`: decrypt a key and validate decryption.
    UnwrapKey,
    /// `deriveKey`: derive a key.
    DeriveKey,
    /// `deriveBits`: derive bits not to be used as a key.
    DeriveBits,
    /// Any other value.
    Other(String),
}

impl KeyOp {
    /// The member's value.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Sign => "sign",
            Self::Verify => "verify",
            Self::Encrypt => "encrypt",
            Self::Decrypt => "decrypt",
            Self::WrapKey => "wrapKey",
            Self::UnwrapKey => "unwrapKey",
            Self::DeriveKey => "deriveKey",
            Self::DeriveBits => "deriveBits",
            Self::Other(s) => s,
        }
    }

    fn parse(s: String) -> Self {
        match s.as_str() {
            "sign" => Self::Sign,
            "verify" => Self::Verify,
            "encrypt" => Self::Encrypt,
            "decrypt" => Self::Decrypt,
            "wrapKey" => Self::WrapKey,
            "unwrapKey" => Self::UnwrapKey,
            "deriveKey" => Self::DeriveKey,
            "deriveBits" => Self::DeriveBits,
            _ => Self::Other(s),
        }
    }

    /// The `use` this operation belongs to (RFC 7517 §4.3's consistency rule).
    #[must_use]
    pub fn key_use(&self) -> Option<KeyUse> {
        match self {
            Self::Sign | Self::Verify => Some(KeyUse::Sig),
            Self::Encrypt
            | Self::Decrypt
            | Self::WrapKey
            | Self::UnwrapKey
            | Self::DeriveKey
            | Self::DeriveBits => Some(KeyUse::Enc),
            Self::Other(_) => None,
        }
    }

    /// Whether the operation needs the private (or secret) half of a key.
    #[must_use]
    pub fn needs_private(&self) -> bool {
        matches!(
            self,
            Self::Sign | Self::Decrypt | Self::UnwrapKey | Self::DeriveKey | Self::DeriveBits
        )
    }
}

impl fmt::Display for KeyOp {
    /// The value, with any control character of an unknown value escaped (for messages).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", jose_core::echo(self.as_str()))
    }
}

/// The `alg` member of a JWK: the algorithm the key is meant for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JwkAlg {
    /// A JWS algorithm.
    Sig(Alg),
    /// A JWE key-management algorithm.
    Key(KeyAlg),
    /// A JWE content-encryption algorithm (some producers label `dir` keys so).
    Enc(Enc),
    /// A name this toolkit does not implement; such a key is never selected for an operation.
    Other(String),
}

impl JwkAlg {
    /// The member's value.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Sig(a) => a.as_str(),
            Self::Key(a) => a.as_str(),
            Self::Enc(e) => e.as_str(),
            Self::Other(s) => s,
        }
    }

    /// Reads a name: a JWS algorithm first, then a JWE one, otherwise [`JwkAlg::Other`].
    #[must_use]
    pub fn parse(s: &str) -> Self {
        if let Ok(a) = s.parse::<Alg>() {
            Self::Sig(a)
        } else if let Ok(a) = s.parse::<KeyAlg>() {
            Self::Key(a)
        } else if let Ok(e) = s.parse::<Enc>() {
            Self::Enc(e)
        } else {
            Self::Other(s.to_string())
        }
    }
}

impl From<Alg> for JwkAlg {
    fn from(a: Alg) -> Self {
        Self::Sig(a)
    }
}

impl From<KeyAlg> for JwkAlg {
    fn from(a: KeyAlg) -> Self {
        Self::Key(a)
    }
}

impl From<Enc> for JwkAlg {
    fn from(e: Enc) -> Self {
        Self::Enc(e)
    }
}

impl fmt::Display for JwkAlg {
    /// The name, with any control character of an unknown name escaped (for messages).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", jose_core::echo(self.as_str()))
    }
}

/// The common members of a JWK.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Params {
    pub(crate) kid: Option<String>,
    pub(crate) key_use: Option<KeyUse>,
    pub(crate) key_ops: Option<Vec<KeyOp>>,
    pub(crate) alg: Option<JwkAlg>,
    pub(crate) x5u: Option<String>,
    pub(crate) x5c: Option<Vec<String>>,
    pub(crate) x5t: Option<String>,
    pub(crate) x5t_s256: Option<String>,
    /// Members this toolkit does not know; kept as they came.
    pub(crate) other: Object,
}

impl Params {
    /// Takes the common members out of `object`.
    pub(crate) fn take_from(object: &mut Object) -> Result<Self> {
        let kid = json::take_string(object, "kid")?;
        if kid.as_deref() == Some("") {
            // A set would match it against a token's `"kid": ""`: no key is named so.
            return Err(Error::malformed("`kid` is empty"));
        }
        let key_use = json::take_string(object, "use")?.map(KeyUse::parse);
        let key_ops = match json::take_string_array(object, "key_ops")? {
            None => None,
            Some(names) => {
                let mut ops: Vec<KeyOp> = Vec::with_capacity(names.len());
                for name in names {
                    let op = KeyOp::parse(name);
                    if ops.contains(&op) {
                        return Err(Error::malformed(format!(
                            "`key_ops` lists `{op}` twice (RFC 7517 §4.3)"
                        )));
                    }
                    ops.push(op);
                }
                Some(ops)
            }
        };
        let alg = json::take_string(object, "alg")?.map(|s| JwkAlg::parse(&s));
        let x5u = json::take_string(object, "x5u")?;
        let x5c = json::take_string_array(object, "x5c")?;
        if let Some(certs) = &x5c {
            for cert in certs {
                check_standard_base64(cert)?;
            }
        }
        let x5t = json::take_string(object, "x5t")?;
        check_digest(x5t.as_deref(), "x5t", 20)?;
        let x5t_s256 = json::take_string(object, "x5t#S256")?;
        check_digest(x5t_s256.as_deref(), "x5t#S256", 32)?;
        let params = Self {
            kid,
            key_use,
            key_ops,
            alg,
            x5u,
            x5c,
            x5t,
            x5t_s256,
            other: Object::new(),
        };
        params.check_use_and_ops()?;
        Ok(params)
    }

    /// RFC 7517 §4.3: when both `use` and `key_ops` are present they must agree.
    pub(crate) fn check_use_and_ops(&self) -> Result<()> {
        if let (Some(key_use), Some(ops)) = (&self.key_use, &self.key_ops) {
            for op in ops {
                if let Some(op_use) = op.key_use()
                    && &op_use != key_use
                {
                    return Err(Error::invalid_key(format!(
                        "`use` is `{key_use}` but `key_ops` lists `{op}`"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Whether `use` and `key_ops` allow `op`.
    pub(crate) fn permits(&self, op: &KeyOp) -> Result<()> {
        if let Some(ops) = &self.key_ops
            && !ops.contains(op)
        {
            return Err(Error::invalid_key(format!(
                "the key's `key_ops` do not include `{op}`"
            )));
        }
        if let Some(key_use) = &self.key_use
            && op.key_use().as_ref() != Some(key_use)
        {
            return Err(Error::invalid_key(format!(
                "the key's `use` is `{key_use}`, which does not allow `{op}`"
            )));
        }
        Ok(())
    }

    /// Writes the common members into `object`.
    pub(crate) fn write_to(&self, object: &mut Object) {
        for (name, value) in &self.other {
            object.insert(name.clone(), value.clone());
        }
        let mut put = |name: &str, value: Option<Value>| {
            if let Some(value) = value {
                object.insert(name.into(), value);
            }
        };
        put("kid", self.kid.clone().map(Value::String));
        put("use", self.key_use.as_ref().map(|u| u.as_str().into()));
        put(
            "key_ops",
            self.key_ops
                .as_ref()
                .map(|ops| ops.iter().map(|o| Value::from(o.as_str())).collect()),
        );
        put("alg", self.alg.as_ref().map(|a| a.as_str().into()));
        put("x5u", self.x5u.clone().map(Value::String));
        put(
            "x5c",
            self.x5c
                .as_ref()
                .map(|c| c.iter().map(|s| Value::from(s.as_str())).collect()),
        );
        put("x5t", self.x5t.clone().map(Value::String));
        put("x5t#S256", self.x5t_s256.clone().map(Value::String));
    }
}

fn check_standard_base64(cert: &str) -> Result<()> {
    b64::decode_standard(cert)
        .map(|_| ())
        .map_err(|_| Error::malformed("`x5c` entries must be standard base64 DER (RFC 7517 §4.7)"))
}

fn check_digest(value: Option<&str>, name: &str, len: usize) -> Result<()> {
    if let Some(value) = value
        && b64::decode(value)?.len() != len
    {
        return Err(Error::malformed(format!(
            "`{name}` must be the base64url of a {len}-byte digest"
        )));
    }
    Ok(())
}

//! Claims (RFC 7519 §4): the registered ones, typed and type-checked, and the rest as a JSON
//! object or the caller's own type.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use jose_core::json::{Object, type_name};
use jose_core::{Error, ErrorKind, Result};
use serde_json::Value;

use crate::NumericDate;

/// The registered claims of a token, read with their types checked: a claim of the wrong
/// type is [`ErrorKind::InvalidClaim`], never "absent".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RegisteredClaims {
    /// `iss`.
    pub iss: Option<String>,
    /// `sub`.
    pub sub: Option<String>,
    /// `aud`, one string or several (read either way).
    pub aud: Option<Vec<String>>,
    /// `exp`.
    pub exp: Option<NumericDate>,
    /// `nbf`.
    pub nbf: Option<NumericDate>,
    /// `iat`.
    pub iat: Option<NumericDate>,
    /// `jti`.
    pub jti: Option<String>,
}

fn invalid(name: &str, expected: &str, value: &Value) -> Error {
    Error::new(
        ErrorKind::InvalidClaim,
        format!("`{name}` must be {expected}, found {}", type_name(value)),
    )
}

impl RegisteredClaims {
    /// Reads the registered claims of a claims object.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidClaim`] for a registered claim of the wrong type.
    pub fn read(object: &Object) -> Result<Self> {
        let mut claims = Self::default();
        for name in ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"] {
            if let Some(value) = object.get(name) {
                claims.set(name, value)?;
            }
        }
        Ok(claims)
    }

    /// Sets registered claim `name` from `value`, checking its type (any other name is
    /// ignored).
    pub(crate) fn set(&mut self, name: &str, value: &Value) -> Result<()> {
        self.take(name, value.clone())
    }

    /// [`RegisteredClaims::set`], taking the value.
    pub(crate) fn take(&mut self, name: &str, value: Value) -> Result<()> {
        let string = |value: Value| match value {
            Value::String(s) => Ok(Some(s)),
            other => Err(invalid(name, "a string", &other)),
        };
        let Ok(short) = <&[u8; 3]>::try_from(name.as_bytes()) else {
            return Ok(());
        };
        match short {
            b"iss" => self.iss = string(value)?,
            b"sub" => self.sub = string(value)?,
            b"jti" => self.jti = string(value)?,
            b"exp" => self.exp = Some(NumericDate::from_claim(name, &value)?),
            b"nbf" => self.nbf = Some(NumericDate::from_claim(name, &value)?),
            b"iat" => self.iat = Some(NumericDate::from_claim(name, &value)?),
            b"aud" => {
                self.aud = Some(match value {
                    Value::String(s) => alloc::vec![s],
                    Value::Array(items) => items
                        .into_iter()
                        .map(|v| match v {
                            Value::String(s) => Ok(s),
                            other => Err(invalid("aud", "strings", &other)),
                        })
                        .collect::<Result<Vec<_>>>()?,
                    other => Err(invalid("aud", "a string or an array of strings", &other))?,
                });
            }
            _ => {}
        }
        Ok(())
    }
}

/// A claims set built claim by claim (the dynamic way; a `#[derive(Serialize)]` type works as
/// well).
///
/// ```
/// use jose_jwt::{Claims, NumericDate};
/// let claims = Claims::new()
///     .issuer("https://issuer.example")
///     .subject("user-42")
///     .audience("api")
///     .expires_at(NumericDate::from_seconds(1_900_000_000))
///     .claim("scope", "read write");
/// assert_eq!(claims.get("sub").and_then(|v| v.as_str()), Some("user-42"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    object: Object,
}

impl Claims {
    /// No claim.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets any claim.
    #[must_use]
    pub fn claim(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.object.insert(name.into(), value.into());
        self
    }

    /// `iss`.
    #[must_use]
    pub fn issuer(self, iss: impl Into<String>) -> Self {
        self.claim("iss", iss.into())
    }

    /// `sub`.
    #[must_use]
    pub fn subject(self, sub: impl Into<String>) -> Self {
        self.claim("sub", sub.into())
    }

    /// `aud`, one audience.
    #[must_use]
    pub fn audience(self, aud: impl Into<String>) -> Self {
        self.claim("aud", aud.into())
    }

    /// `aud`, several audiences.
    #[must_use]
    pub fn audiences<S: Into<String>>(self, aud: impl IntoIterator<Item = S>) -> Self {
        let list: Vec<Value> = aud.into_iter().map(|a| Value::String(a.into())).collect();
        self.claim("aud", Value::Array(list))
    }

    /// `exp`.
    #[must_use]
    pub fn expires_at(self, exp: NumericDate) -> Self {
        self.claim("exp", exp)
    }

    /// `exp`, this long from now (the system clock): PyJWT's
    /// `datetime.now(tz=timezone.utc) + timedelta(minutes=10)` is
    /// `expires_in(Duration::from_secs(600))`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use jose_jwt::{Claims, NumericDate};
    /// let claims = Claims::new().issued_now().expires_in(Duration::from_secs(600));
    /// let exp = claims.get("exp").and_then(|v| v.as_i64()).unwrap_or_default();
    /// let iat = claims.get("iat").and_then(|v| v.as_i64()).unwrap_or_default();
    /// assert!((600..=601).contains(&(exp - iat)));
    /// ```
    #[cfg(feature = "std")]
    #[must_use]
    pub fn expires_in(self, duration: core::time::Duration) -> Self {
        self.expires_at(NumericDate::now().after(duration))
    }

    /// `iat`, now (the system clock).
    #[cfg(feature = "std")]
    #[must_use]
    pub fn issued_now(self) -> Self {
        self.issued_at(NumericDate::now())
    }

    /// `nbf`.
    #[must_use]
    pub fn not_before(self, nbf: NumericDate) -> Self {
        self.claim("nbf", nbf)
    }

    /// `iat`.
    #[must_use]
    pub fn issued_at(self, iat: NumericDate) -> Self {
        self.claim("iat", iat)
    }

    /// `jti`.
    #[must_use]
    pub fn jwt_id(self, jti: impl Into<String>) -> Self {
        self.claim("jti", jti.into())
    }

    /// A claim.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.object.get(name)
    }

    /// The claims as a JSON object.
    #[must_use]
    pub fn as_object(&self) -> &Object {
        &self.object
    }
}

impl serde::Serialize for Claims {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        self.object.serialize(s)
    }
}

impl From<Object> for Claims {
    fn from(object: Object) -> Self {
        Self { object }
    }
}

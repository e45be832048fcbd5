//! The claims registry (as joserfc has it): for any claim, registered or private, whether it
//! is `essential`, the one `value` or the `values` it may take, and whether it may be blank.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use jose_core::json::Object;
use jose_core::{Error, ErrorKind, Result};
use serde_json::Value;

/// What one claim must satisfy.
///
/// ```
/// use jose_jwt::ClaimRule;
/// let rule = ClaimRule::essential().values(["admin", "editor"]);
/// # let _ = rule;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimRule {
    essential: bool,
    value: Option<Value>,
    values: Option<Vec<Value>>,
    allow_blank: bool,
}

impl ClaimRule {
    /// A claim that must be present (and not blank, unless [`ClaimRule::allow_blank`]).
    #[must_use]
    pub fn essential() -> Self {
        Self {
            essential: true,
            ..Self::default()
        }
    }

    /// A claim that may be absent, but is checked when present.
    #[must_use]
    pub fn optional() -> Self {
        Self::default()
    }

    /// The claim must equal `value` (an array claim: contain it).
    #[must_use]
    pub fn value(mut self, value: impl Into<Value>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// The claim must equal one of `values` (an array claim: contain one of them).
    #[must_use]
    pub fn values<V: Into<Value>>(mut self, values: impl IntoIterator<Item = V>) -> Self {
        self.values = Some(values.into_iter().map(Into::into).collect());
        self
    }

    /// A blank value (`""`, `null`, `[]`, `{}`) counts as present.
    #[must_use]
    pub fn allow_blank(mut self) -> Self {
        self.allow_blank = true;
        self
    }
}

fn blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Rules for claims, by name, as joserfc's `JWTClaimsRegistry`: used alone,
/// [`ClaimsRegistry::validate`] also checks `exp`, `nbf` and `iat` when present (with
/// [`ClaimsRegistry::leeway`]); inside a [`Validation`](crate::Validation), the validation's own
/// time settings apply instead.
///
/// A rule's `value` or `values` on a claim that is an array (`aud`, a `roles` list) is met
/// when one of its elements is accepted, as joserfc matches: `value("api")` accepts
/// `"aud": ["api", "other"]`.
///
/// ```
/// use jose_jwt::{ClaimRule, ClaimsRegistry};
/// let registry = ClaimsRegistry::new()
///     .claim("iss", ClaimRule::essential().value("https://issuer.example"))
///     .claim("aud", ClaimRule::essential().value("api"))
///     .now(1_700_000_000);
/// let claims = serde_json::json!({
///     "iss": "https://issuer.example", "aud": ["api", "other"], "exp": 1_700_000_060,
/// });
/// registry.validate(claims.as_object().unwrap_or(&Default::default()))?;
/// let expired = serde_json::json!({"iss": "https://issuer.example", "aud": "api", "exp": 1});
/// let err = registry.validate(expired.as_object().unwrap_or(&Default::default())).unwrap_err();
/// assert_eq!(err.kind(), jose_jwt::ErrorKind::Expired);
/// # Ok::<(), jose_jwt::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimsRegistry {
    rules: BTreeMap<String, ClaimRule>,
    leeway: i64,
    now: Option<i64>,
}

impl ClaimsRegistry {
    /// No rule.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the rule of claim `name`.
    #[must_use]
    pub fn claim(mut self, name: impl Into<String>, rule: ClaimRule) -> Self {
        self.rules.insert(name.into(), rule);
        self
    }

    pub(crate) fn insert(&mut self, name: String, rule: ClaimRule) {
        self.rules.insert(name, rule);
    }

    pub(crate) fn has_rule(&self, name: &str) -> bool {
        self.rules.contains_key(name)
    }

    /// Whether a rule says which values claim `name` may take (not only that it is there).
    pub(crate) fn constrains(&self, name: &str) -> bool {
        self.rules
            .get(name)
            .is_some_and(|r| r.value.is_some() || r.values.is_some())
    }

    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut ClaimRule> {
        self.rules.get_mut(name)
    }

    /// Seconds of clock skew [`ClaimsRegistry::validate`] tolerates on `exp`, `nbf` and
    /// `iat` (0 by default).
    #[must_use]
    pub fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = i64::try_from(seconds).unwrap_or(i64::MAX);
        self
    }

    /// Pins "now" for [`ClaimsRegistry::validate`] (tests; required without `std`).
    #[must_use]
    pub fn now(mut self, seconds: i64) -> Self {
        self.now = Some(seconds);
        self
    }

    /// Checks `claims` as joserfc's registry does: `exp`, `nbf` and `iat` when present, then
    /// every rule.
    ///
    /// # Errors
    /// [`ErrorKind::Expired`], [`ErrorKind::NotYetValid`] and [`ErrorKind::IssuedInFuture`]
    /// for the time claims ([`ErrorKind::InvalidClaim`] when one is not a number);
    /// [`ErrorKind::MissingClaim`] for an essential claim that is absent, or blank when blanks
    /// are not allowed; [`ErrorKind::InvalidClaim`] for a value outside `value`/`values`.
    pub fn validate(&self, claims: &Object) -> Result<()> {
        let registered = crate::RegisteredClaims::read(claims)?;
        let now = match self.now {
            Some(now) => now,
            #[cfg(feature = "std")]
            None => crate::NumericDate::now().seconds(),
            #[cfg(not(feature = "std"))]
            None => return Err(Error::configuration("no clock: set ClaimsRegistry::now")),
        };
        crate::validation::check_times(&registered, now, self.leeway, [true; 3])?;
        self.check_rules(claims)
    }

    /// Checks `claims` against every rule (a [`Validation`](crate::Validation) has checked
    /// the time claims its own way).
    pub(crate) fn check_rules(&self, claims: &Object) -> Result<()> {
        for (name, rule) in &self.rules {
            let Some(value) = claims.get(name) else {
                if rule.essential {
                    return Err(Error::new(
                        ErrorKind::MissingClaim,
                        format!("`{name}` is required"),
                    ));
                }
                continue;
            };
            if blank(value) && !rule.allow_blank && rule.essential {
                return Err(Error::new(
                    ErrorKind::MissingClaim,
                    format!("`{name}` is blank"),
                ));
            }
            // A present claim, blank or not, must still be the `value` or one of the `values`.
            // An array claim meets a rule when one of its elements does (joserfc's match).
            let accepted = |expected: &Value| {
                value == expected
                    || matches!(value, Value::Array(items) if items.contains(expected))
            };
            if let Some(expected) = &rule.value
                && !accepted(expected)
            {
                return Err(Error::new(
                    ErrorKind::InvalidClaim,
                    format!("`{name}` has an unexpected value"),
                ));
            }
            if let Some(allowed) = &rule.values
                && !allowed.iter().any(accepted)
            {
                return Err(Error::new(
                    ErrorKind::InvalidClaim,
                    format!("`{name}` is not one of the accepted values"),
                ));
            }
        }
        Ok(())
    }
}

impl ClaimRule {
    pub(crate) fn set_essential(&mut self) {
        self.essential = true;
    }

    pub(crate) fn is_essential(&self) -> bool {
        self.essential
    }
}

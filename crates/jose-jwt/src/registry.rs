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

    /// The claim must equal `value`.
    #[must_use]
    pub fn value(mut self, value: impl Into<Value>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// The claim must equal one of `values`.
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

/// Rules for claims, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimsRegistry {
    rules: BTreeMap<String, ClaimRule>,
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

    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut ClaimRule> {
        self.rules.get_mut(name)
    }

    /// Checks `claims` against every rule.
    ///
    /// # Errors
    /// [`ErrorKind::MissingClaim`] for an essential claim that is absent, or blank when blanks
    /// are not allowed; [`ErrorKind::InvalidClaim`] for a value outside `value`/`values`.
    pub fn validate(&self, claims: &Object) -> Result<()> {
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
            if let Some(expected) = &rule.value
                && value != expected
            {
                return Err(Error::new(
                    ErrorKind::InvalidClaim,
                    format!("`{name}` has an unexpected value"),
                ));
            }
            if let Some(allowed) = &rule.values
                && !allowed.contains(value)
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

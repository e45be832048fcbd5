//! NumericDate (RFC 7519 §2): seconds since the epoch, an integer or a fraction. Anything else
//! is [`ErrorKind::InvalidClaim`](jose_core::ErrorKind::InvalidClaim), never "absent"; and the
//! arithmetic saturates, so no hostile value overflows.

use alloc::format;

use jose_core::{Error, ErrorKind, Result};
use serde_json::Value;

/// A NumericDate: whole seconds (a fraction rounded down), and whether there was a fraction,
/// so that a bound compares exactly against a clock of whole seconds: `exp` by
/// [`NumericDate::seconds`] (never late), `nbf` and `iat` by [`NumericDate::ceil_seconds`]
/// (never early).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumericDate {
    seconds: i64,
    fraction: bool,
}

impl NumericDate {
    /// The date `seconds` after the epoch.
    #[must_use]
    pub const fn from_seconds(seconds: i64) -> Self {
        Self {
            seconds,
            fraction: false,
        }
    }

    /// Now, from the system clock, in whole seconds (rounded down; before 1970, negative).
    ///
    /// ```
    /// use jose_jwt::NumericDate;
    /// assert!(NumericDate::now().seconds() > 1_700_000_000);
    /// ```
    #[cfg(feature = "std")]
    #[must_use]
    pub fn now() -> Self {
        let seconds = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => {
                let before = before.duration();
                let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                // Rounded down: 0.5 s before the epoch is second -1.
                let fraction = i64::from(before.subsec_nanos() > 0);
                whole.saturating_add(fraction).saturating_neg()
            }
        };
        Self::from_seconds(seconds)
    }

    /// This date plus a duration (saturating), as `datetime.now() + timedelta(...)`.
    #[must_use]
    pub fn after(self, duration: core::time::Duration) -> Self {
        self.plus(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX))
    }

    /// The seconds since the epoch, rounded down.
    #[must_use]
    pub const fn seconds(self) -> i64 {
        self.seconds
    }

    /// The seconds since the epoch, rounded up: the first whole second at or after the date.
    #[must_use]
    pub const fn ceil_seconds(self) -> i64 {
        if self.fraction {
            self.seconds.saturating_add(1)
        } else {
            self.seconds
        }
    }

    /// Reads claim `name` as a NumericDate.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidClaim`] for anything but a JSON number.
    pub fn from_claim(name: &str, value: &Value) -> Result<Self> {
        let Value::Number(number) = value else {
            return Err(Error::new(
                ErrorKind::InvalidClaim,
                format!(
                    "`{name}` must be a NumericDate (a number), found {}",
                    jose_core::json::type_name(value)
                ),
            ));
        };
        if let Some(i) = number.as_i64() {
            return Ok(Self::from_seconds(i));
        }
        if let Some(u) = number.as_u64() {
            return Ok(Self::from_seconds(i64::try_from(u).unwrap_or(i64::MAX)));
        }
        match number.as_f64() {
            // `as` truncates toward zero and saturates out of range: 1e300 is "never", -1e300
            // "long ago"; one less for negative fractions rounds down (`floor` is not in core).
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            Some(f) if f.is_finite() => {
                let t = f as i64;
                let seconds = if (t as f64) > f {
                    t.saturating_sub(1)
                } else {
                    t
                };
                Ok(Self {
                    seconds,
                    fraction: (seconds as f64) < f && seconds < i64::MAX,
                })
            }
            _ => Err(Error::new(
                ErrorKind::InvalidClaim,
                format!("`{name}` is not a finite number"),
            )),
        }
    }

    /// `self + seconds`, saturating.
    #[must_use]
    pub const fn plus(self, seconds: i64) -> Self {
        Self {
            seconds: self.seconds.saturating_add(seconds),
            fraction: self.fraction,
        }
    }
}

impl From<NumericDate> for Value {
    fn from(date: NumericDate) -> Self {
        Value::from(date.seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_and_fractions_only() {
        assert_eq!(
            NumericDate::from_claim("exp", &json!(1_300_819_380))
                .unwrap()
                .seconds(),
            1_300_819_380
        );
        assert_eq!(
            NumericDate::from_claim("exp", &json!(1.9))
                .unwrap()
                .seconds(),
            1
        );
        assert_eq!(
            NumericDate::from_claim("exp", &json!(-1.5))
                .unwrap()
                .seconds(),
            -2
        );
        assert_eq!(
            NumericDate::from_claim("exp", &json!(1e300))
                .unwrap()
                .seconds(),
            i64::MAX
        );
        assert_eq!(
            NumericDate::from_claim("exp", &json!(-1e300))
                .unwrap()
                .seconds(),
            i64::MIN
        );
        assert_eq!(
            NumericDate::from_claim("exp", &json!(u64::MAX))
                .unwrap()
                .seconds(),
            i64::MAX
        );
        for bad in [
            json!("1300819380"),
            json!(null),
            json!(true),
            json!([1]),
            json!({"t": 1}),
            json!("NaN"),
        ] {
            assert_eq!(
                NumericDate::from_claim("exp", &bad).map_err(|e| e.kind()),
                Err(ErrorKind::InvalidClaim)
            );
        }
        assert_eq!(
            NumericDate::from_seconds(i64::MAX).plus(10).seconds(),
            i64::MAX
        );
    }
}

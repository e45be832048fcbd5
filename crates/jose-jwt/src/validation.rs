//! [`Validation`]: everything a token is checked against, in one value — the allowed
//! algorithms (required), `iss`, `aud`, `sub`, `typ`, time with leeway and an injectable
//! clock, maximum age, required claims and the claims registry.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use jose_core::alg::Alg;
use jose_core::json::Object;
use jose_core::{Error, ErrorKind, Limits, Result};

use jose_jws::Verifier;

use crate::{ClaimRule, ClaimsRegistry, RegisteredClaims};

/// Where "now" comes from.
#[derive(Debug, Clone, Copy)]
enum Clock {
    #[cfg(feature = "std")]
    System,
    Fixed(i64),
    Function(fn() -> i64),
    #[cfg(not(feature = "std"))]
    None,
}

/// The validation policy of a JWT. `Validation::new` takes the allowed algorithms; everything
/// else is optional, and setting an expected value makes that claim required.
///
/// ```
/// use jose_jwt::{Alg, Validation};
/// let validation = Validation::new([Alg::ES256])
///     .issuer("https://issuer.example")
///     .audience("api")
///     .leeway(30)
///     .require(["exp", "iat"])
///     .typ("at+jwt");
/// # let _ = validation;
/// ```
#[derive(Debug, Clone)]
pub struct Validation {
    /// The allowed algorithms and the limits, ready for the signature check.
    pub(crate) verifier: Verifier,
    issuers: Option<Vec<String>>,
    audiences: Option<Vec<String>>,
    subject: Option<String>,
    typ: Option<Vec<String>>,
    leeway: i64,
    max_age: Option<i64>,
    verify_exp: bool,
    verify_nbf: bool,
    verify_iat: bool,
    verify_aud: bool,
    nested_without_cty: bool,
    registry: ClaimsRegistry,
    captured: Vec<String>,
    clock: Clock,
    pub(crate) limits: Limits,
}

impl Validation {
    /// A policy accepting exactly these algorithms, checking `exp`, `nbf` and `iat` when
    /// present (with no leeway) and refusing any `aud` (set [`Validation::audience`]).
    /// An empty list would accept no token, so it does not compile:
    ///
    /// ```compile_fail
    /// let validation = jose_jwt::Validation::new([]);
    /// ```
    ///
    /// For a list read at run time (a configuration file), [`Validation::try_new`].
    #[must_use]
    pub fn new<const N: usize>(algorithms: [Alg; N]) -> Self {
        Self::with_verifier(Verifier::new(algorithms))
    }

    /// [`Validation::new`] for a list read at run time.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidConfiguration`](crate::ErrorKind::InvalidConfiguration) for an
    /// empty list.
    pub fn try_new(algorithms: impl IntoIterator<Item = Alg>) -> Result<Self> {
        Verifier::try_new(algorithms).map(Self::with_verifier)
    }

    fn with_verifier(verifier: Verifier) -> Self {
        Self {
            verifier,
            issuers: None,
            audiences: None,
            subject: None,
            typ: None,
            leeway: 0,
            max_age: None,
            verify_exp: true,
            verify_nbf: true,
            verify_iat: true,
            verify_aud: true,
            nested_without_cty: false,
            registry: ClaimsRegistry::new(),
            captured: Vec::new(),
            #[cfg(feature = "std")]
            clock: Clock::System,
            #[cfg(not(feature = "std"))]
            clock: Clock::None,
            limits: Limits::DEFAULT,
        }
    }

    /// The issuer (`iss` becomes required and must equal it).
    #[must_use]
    pub fn issuer(self, iss: impl Into<String>) -> Self {
        self.issuers([iss])
    }

    /// Several accepted issuers.
    #[must_use]
    pub fn issuers<S: Into<String>>(mut self, iss: impl IntoIterator<Item = S>) -> Self {
        self.issuers = Some(iss.into_iter().map(Into::into).collect());
        self
    }

    /// The audience this verifier is (`aud` becomes required and must contain it).
    #[must_use]
    pub fn audience(self, aud: impl Into<String>) -> Self {
        self.audiences([aud])
    }

    /// Several accepted audiences: `aud` must contain one of them.
    #[must_use]
    pub fn audiences<S: Into<String>>(mut self, aud: impl IntoIterator<Item = S>) -> Self {
        self.audiences = Some(aud.into_iter().map(Into::into).collect());
        self
    }

    /// The subject (`sub` becomes required and must equal it).
    #[must_use]
    pub fn subject(mut self, sub: impl Into<String>) -> Self {
        self.subject = Some(sub.into());
        self
    }

    /// The expected `typ` header (RFC 8725 §3.11), compared case-insensitively with and
    /// without the `application/` prefix: `"JWT"`, `"at+jwt"`, ...
    #[must_use]
    pub fn typ(self, typ: impl Into<String>) -> Self {
        self.typs([typ])
    }

    /// Several accepted `typ` values.
    #[must_use]
    pub fn typs<S: Into<String>>(mut self, typ: impl IntoIterator<Item = S>) -> Self {
        self.typ = Some(typ.into_iter().map(Into::into).collect());
        self
    }

    /// Leeway in seconds for `exp`, `nbf` and `iat`: the clock skew tolerated between the
    /// issuer and this verifier. A minute or two is usual; more than a day is unwise (a leeway
    /// extends every token's life by as much, and the CLI refuses it as a usage error).
    #[must_use]
    pub fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = i64::try_from(seconds).unwrap_or(i64::MAX);
        self
    }

    /// The oldest token accepted, in seconds after its `iat` (which becomes required).
    #[must_use]
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(i64::try_from(seconds).unwrap_or(i64::MAX));
        self
    }

    /// Claims that must be present (PyJWT's `options.require`).
    #[must_use]
    pub fn require<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        for name in names {
            let name = name.into();
            match self.registry.get_mut(&name) {
                Some(rule) => rule.set_essential(),
                None => self.registry.insert(name, ClaimRule::essential()),
            }
        }
        self
    }

    /// A rule of the claims registry for claim `name`.
    #[must_use]
    pub fn claim(mut self, name: impl Into<String>, mut rule: ClaimRule) -> Self {
        let name = name.into();
        // A claim already required stays required, whatever the order of the calls.
        if self
            .registry
            .get_mut(&name)
            .is_some_and(|r| r.is_essential())
        {
            rule.set_essential();
        }
        self.registry.insert(name, rule);
        self
    }

    /// Claims copied into [`Token::captured`](crate::Token::captured) as JSON values, whatever
    /// the claims type `T` is: for code that reads a claim beside `T` (a guard checking
    /// `scope`) without decoding the token twice. A captured claim is not required and not
    /// checked.
    ///
    /// ```
    /// use jose_jwt::{Alg, Claims, Header, Validation};
    /// use jose_jwk::{Jwk, KeySpec};
    /// # #[derive(serde::Deserialize)] struct User { sub: String }
    /// let key = Jwk::generate(KeySpec::Oct(256))?;
    /// let claims = serde_json::json!({"sub": "ada", "scope": "read write"});
    /// let token = jose_jwt::sign(&Header::new(Alg::HS256), &claims, &key)?;
    /// let validation = Validation::new([Alg::HS256]).capture(["scope", "scp"]);
    /// let verified = jose_jwt::verify::<User>(&token, &key, &validation)?;
    /// assert_eq!(verified.claims.sub, "ada");
    /// assert_eq!(verified.captured["scope"], "read write");
    /// assert!(!verified.captured.contains_key("scp"));
    /// # Ok::<(), jose_jwt::Error>(())
    /// ```
    #[must_use]
    pub fn capture<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        for name in names {
            let name = name.into();
            if !self.captured.contains(&name) {
                self.captured.push(name);
            }
        }
        self
    }

    /// The RFC 9068 profile of JWT access tokens, as a resource server checks it: `typ` must
    /// be `at+jwt` (or `application/at+jwt`), and `iss`, `exp`, `aud`, `sub`, `client_id`,
    /// `iat` and `jti` are required. Set the [`issuer`](Validation::issuer) and the
    /// [`audience`](Validation::audience) too (RFC 9068 §4 asks for both checks).
    ///
    /// ```
    /// use jose_jwt::{Alg, Validation};
    /// let validation = Validation::new([Alg::RS256])
    ///     .access_token_profile()
    ///     .issuer("https://id.example.com")
    ///     .audience("https://api.example.com");
    /// # let _ = validation;
    /// ```
    #[must_use]
    pub fn access_token_profile(self) -> Self {
        self.typ("at+jwt")
            .require(["iss", "exp", "aud", "sub", "client_id", "iat", "jti"])
    }

    /// The allowed algorithms.
    #[must_use]
    pub fn algorithms(&self) -> &[Alg] {
        self.verifier.algorithms()
    }

    /// The accepted issuers, if any were set.
    #[must_use]
    pub fn expected_issuers(&self) -> Option<&[String]> {
        self.issuers.as_deref()
    }

    /// The accepted audiences, if any were set.
    #[must_use]
    pub fn expected_audiences(&self) -> Option<&[String]> {
        self.audiences.as_deref()
    }

    /// Checks `exp` (on by default).
    #[must_use]
    pub fn verify_exp(mut self, on: bool) -> Self {
        self.verify_exp = on;
        self
    }

    /// Checks `nbf` (on by default).
    #[must_use]
    pub fn verify_nbf(mut self, on: bool) -> Self {
        self.verify_nbf = on;
        self
    }

    /// Checks that `iat` is not in the future (on by default).
    #[must_use]
    pub fn verify_iat(mut self, on: bool) -> Self {
        self.verify_iat = on;
        self
    }

    /// Checks `aud` (on by default: a token with an `aud` is refused unless the verifier is
    /// one of its audiences, RFC 7519 §4.1.3).
    #[must_use]
    pub fn verify_aud(mut self, on: bool) -> Self {
        self.verify_aud = on;
        self
    }

    /// Accepts a nested JWT whose JWE has no `cty` at all (RFC 7519 §5.2 asks for
    /// `cty: JWT`; jwcrypto's tutorial and some issuers leave it out). A `cty` other than
    /// `JWT` is still refused, and the plaintext must still be a signed JWT that verifies
    /// under this validation. Off by default.
    #[must_use]
    pub fn allow_nested_without_cty(mut self) -> Self {
        self.nested_without_cty = true;
        self
    }

    #[cfg(feature = "jwe")]
    pub(crate) fn accepts_nested_without_cty(&self) -> bool {
        self.nested_without_cty
    }

    /// Pins "now" (tests, reproducible examples).
    #[must_use]
    pub fn now(mut self, seconds: i64) -> Self {
        self.clock = Clock::Fixed(seconds);
        self
    }

    /// Takes "now" from a function (the injectable clock; required without `std`).
    #[must_use]
    pub fn clock(mut self, now: fn() -> i64) -> Self {
        self.clock = Clock::Function(now);
        self
    }

    /// Other limits (token size, JSON depth).
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self.verifier = self.verifier.with_limits(limits);
        self
    }

    fn now_seconds(&self) -> Result<i64> {
        match self.clock {
            #[cfg(feature = "std")]
            Clock::System => Ok(crate::NumericDate::now().seconds()),
            Clock::Fixed(now) => Ok(now),
            Clock::Function(now) => Ok(now()),
            #[cfg(not(feature = "std"))]
            Clock::None => Err(Error::configuration(
                "no clock: set Validation::now or Validation::clock",
            )),
        }
    }

    /// Checks the `typ` header.
    pub(crate) fn check_typ(&self, typ: Option<&str>) -> Result<()> {
        let Some(expected) = &self.typ else {
            return Ok(());
        };
        let normalize = |t: &str| {
            let lower = t.to_ascii_lowercase();
            lower
                .strip_prefix("application/")
                .map(String::from)
                .unwrap_or(lower)
        };
        let Some(typ) = typ else {
            return Err(Error::new(
                ErrorKind::InvalidType,
                "the header has no `typ`",
            ));
        };
        if expected.iter().any(|e| normalize(e) == normalize(typ)) {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::InvalidType,
                format!("`typ` is {:?}, not an expected one", jose_core::echo(typ)),
            ))
        }
    }

    /// Whether the claims registry has a rule for claim `name`, or it is captured.
    pub(crate) fn looks_at(&self, name: &str) -> bool {
        self.registry.has_rule(name) || self.captured.iter().any(|c| c == name)
    }

    /// The captured claims out of those read for the registry.
    pub(crate) fn captured_of(&self, ruled: &Object) -> Object {
        self.captured
            .iter()
            .filter_map(|name| Some((name.clone(), ruled.get(name)?.clone())))
            .collect()
    }

    /// Checks the time claims of a token that verified, against the clock now: `exp`, `nbf`
    /// and `iat` (with the leeway, as switched on) and the [maximum age](Validation::max_age),
    /// as [`verify`](crate::verify) did. For a cache of verified tokens, which re-checks
    /// them on every use.
    ///
    /// # Errors
    /// [`ErrorKind::Expired`], [`ErrorKind::NotYetValid`], [`ErrorKind::IssuedInFuture`];
    /// [`ErrorKind::MissingClaim`] for a maximum age without `iat`;
    /// [`ErrorKind::InvalidConfiguration`] without a clock.
    pub fn check_lifetime(&self, claims: &RegisteredClaims) -> Result<()> {
        let now = self.now_seconds()?;
        let leeway = self.leeway;
        check_times(
            claims,
            now,
            leeway,
            [self.verify_exp, self.verify_nbf, self.verify_iat],
        )?;
        if let Some(max_age) = self.max_age {
            let iat = claims
                .iat
                .ok_or_else(|| Error::new(ErrorKind::MissingClaim, "`iat` is required"))?;
            if now.saturating_add(leeway) < iat.ceil_seconds() {
                return Err(Error::new(
                    ErrorKind::IssuedInFuture,
                    "`iat` is in the future",
                ));
            }
            if now.saturating_sub(iat.seconds()) > max_age.saturating_add(leeway) {
                return Err(Error::new(
                    ErrorKind::Expired,
                    format!("the token was issued more than {max_age} s ago"),
                ));
            }
        }
        Ok(())
    }

    /// Checks the claims (after the signature verified): `object` holds at least the
    /// registered claims and those the registry has rules for.
    pub(crate) fn check_claims(&self, object: &Object, claims: &RegisteredClaims) -> Result<()> {
        let missing =
            |name: &str| Error::new(ErrorKind::MissingClaim, format!("`{name}` is required"));
        self.check_lifetime(claims)?;
        if let Some(issuers) = &self.issuers {
            let iss = claims.iss.as_deref().ok_or_else(|| missing("iss"))?;
            if !issuers.iter().any(|i| i == iss) {
                return Err(Error::new(
                    ErrorKind::InvalidIssuer,
                    "`iss` is not an accepted issuer",
                ));
            }
        }
        if self.verify_aud {
            match (&self.audiences, &claims.aud) {
                (Some(_), None) => return Err(missing("aud")),
                (Some(accepted), Some(aud)) => {
                    if !aud.iter().any(|a| accepted.contains(a)) {
                        return Err(Error::new(
                            ErrorKind::InvalidAudience,
                            "`aud` names none of the accepted audiences",
                        ));
                    }
                }
                // A registry rule with the accepted values of `aud` checks it instead (as
                // joserfc has it); `require(["aud"])` alone names no audience.
                (None, Some(_)) if self.registry.constrains("aud") => {}
                (None, Some(_)) => {
                    return Err(Error::new(
                        ErrorKind::InvalidAudience,
                        "the token has an `aud`, and no audience was given to check it against",
                    ));
                }
                (None, None) => {}
            }
        }
        if let Some(subject) = &self.subject {
            let sub = claims.sub.as_deref().ok_or_else(|| missing("sub"))?;
            if sub != subject {
                return Err(Error::new(
                    ErrorKind::InvalidClaim,
                    "`sub` is not the expected subject",
                ));
            }
        }
        self.registry.check_rules(object)
    }
}

/// The time claims, each when present and switched on (`[exp, nbf, iat]`): `exp` must be
/// after now, `nbf` and `iat` not after it, each by `leeway` seconds.
pub(crate) fn check_times(
    claims: &RegisteredClaims,
    now: i64,
    leeway: i64,
    [verify_exp, verify_nbf, verify_iat]: [bool; 3],
) -> Result<()> {
    if verify_exp
        && let Some(exp) = claims.exp
        && now.saturating_sub(leeway) >= exp.seconds()
    {
        return Err(Error::new(
            ErrorKind::Expired,
            format!(
                "`exp` {} is not after now {now} (leeway {leeway} s)",
                exp.seconds()
            ),
        ));
    }
    if verify_nbf
        && let Some(nbf) = claims.nbf
        && now.saturating_add(leeway) < nbf.ceil_seconds()
    {
        return Err(Error::new(
            ErrorKind::NotYetValid,
            format!(
                "`nbf` {} is after now {now} (leeway {leeway} s)",
                nbf.seconds()
            ),
        ));
    }
    if verify_iat
        && let Some(iat) = claims.iat
        && now.saturating_add(leeway) < iat.ceil_seconds()
    {
        return Err(Error::new(
            ErrorKind::IssuedInFuture,
            format!(
                "`iat` {} is after now {now} (leeway {leeway} s)",
                iat.seconds()
            ),
        ));
    }
    Ok(())
}

//! The safety limits of DESIGN.md, "Security defaults".

/// Safety limits: every bound on the work and memory one input may cost, in one place.
/// [`Limits::DEFAULT`] holds the documented defaults; raising one is an explicit act of the
/// caller (a `with_*` call), never a side effect.
///
/// ```
/// use jose_core::Limits;
///
/// let limits = Limits::DEFAULT.with_max_rsa_bits(16_384).with_max_pbes2_count(100_000);
/// assert_eq!(limits.max_rsa_bits(), 16_384);
/// assert_eq!(limits.max_json_depth(), 32);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    max_input_bytes: usize,
    max_json_depth: usize,
    max_set_keys: usize,
    max_rsa_bits: usize,
    max_parts: usize,
    max_pbes2_count: u32,
    max_inflated_bytes: usize,
    max_rsa_trials: usize,
}

/// The most PBES2 iterations any [`Limits`] allows (`with_max_pbes2_count` saturates here):
/// about a second of PBKDF2-SHA-512 on a server core.
pub const MAX_PBES2_COUNT_CEILING: u32 = 1_200_000;

macro_rules! limit {
    ($(#[$doc:meta])* $field:ident, $with:ident, $ty:ty) => {
        $(#[$doc])*
        #[must_use]
        pub const fn $field(&self) -> $ty {
            self.$field
        }

        #[doc = concat!("These limits with another [`Limits::", stringify!($field), "`].")]
        #[must_use]
        pub const fn $with(mut self, value: $ty) -> Self {
            self.$field = value;
            self
        }
    };
}

impl Limits {
    /// The documented defaults.
    pub const DEFAULT: Self = Self {
        max_input_bytes: 1 << 20,
        max_json_depth: 32,
        max_set_keys: 256,
        max_rsa_bits: 8192,
        max_parts: 16,
        max_pbes2_count: 10_000,
        max_inflated_bytes: 250_000,
        max_rsa_trials: 4,
    };

    limit!(
        /// Largest token, key or key set accepted as input, in bytes (default 1 MiB).
        max_input_bytes, with_max_input_bytes, usize
    );
    limit!(
        /// Deepest JSON nesting accepted (default 32).
        max_json_depth, with_max_json_depth, usize
    );
    limit!(
        /// Most keys in a JWK Set (default 256).
        max_set_keys, with_max_set_keys, usize
    );
    limit!(
        /// Largest RSA modulus accepted, in bits (default 8192).
        max_rsa_bits, with_max_rsa_bits, usize
    );
    limit!(
        /// Most signatures or recipients in a JSON serialization (default 16).
        max_parts, with_max_parts, usize
    );
    limit!(
        /// Largest decompressed JWE plaintext (`zip: DEF`), in bytes (default 250,000).
        max_inflated_bytes, with_max_inflated_bytes, usize
    );
    limit!(
        /// How many RSA private-key operations (RSA-OAEP unwraps) one decryption may make,
        /// over all its recipients and candidate keys (default 4). Each costs about 1 ms for
        /// RSA-2048 and 60 ms for RSA-8192: without a cap, a kid-less JWE with many
        /// recipients, against a set of many RSA keys, costs their product. A recipient with
        /// a `kid` is tried with the keys of that `kid` only, so a token that names its key
        /// costs one operation.
        max_rsa_trials, with_max_rsa_trials, usize
    );

    /// Largest PBES2 iteration count `p2c` accepted when decrypting (default 10,000).
    #[must_use]
    pub const fn max_pbes2_count(&self) -> u32 {
        self.max_pbes2_count
    }

    /// These limits with another [`Limits::max_pbes2_count`], at most
    /// [`MAX_PBES2_COUNT_CEILING`] (a larger value saturates there).
    #[must_use]
    pub const fn with_max_pbes2_count(mut self, count: u32) -> Self {
        self.max_pbes2_count = if count > MAX_PBES2_COUNT_CEILING {
            MAX_PBES2_COUNT_CEILING
        } else {
            count
        };
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

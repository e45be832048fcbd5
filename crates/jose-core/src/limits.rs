//! The safety limits of DESIGN.md, "Security defaults".

/// Safety limits. [`Limits::default`] holds the documented defaults; raising one is an explicit
/// act of the caller, never a side effect.
///
/// ```
/// let limits = jose_core::Limits { max_rsa_bits: 16_384, ..Default::default() };
/// assert_eq!(limits.max_json_depth, 32);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest token, key or key set accepted as input, in bytes (default 1 MiB).
    pub max_input_bytes: usize,
    /// Deepest JSON nesting accepted (default 32).
    pub max_json_depth: usize,
    /// Most keys in a JWK Set (default 256).
    pub max_set_keys: usize,
    /// Largest RSA modulus accepted, in bits (default 8192).
    pub max_rsa_bits: usize,
    /// Most signatures or recipients in a JSON serialization (default 16).
    pub max_parts: usize,
}

impl Limits {
    /// The documented defaults.
    pub const DEFAULT: Self = Self {
        max_input_bytes: 1 << 20,
        max_json_depth: 32,
        max_set_keys: 256,
        max_rsa_bits: 8192,
        max_parts: 16,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

//! RSA's public operation, `x^e mod n` (RSAEP and RSAVP1, RFC 8017 §5.1.1 and §5.2.2), in
//! Montgomery form on 64-bit limbs, with what a modulus allows computing once held by the key.
//!
//! # What it is for, and what it is not
//!
//! Every value here is public: the modulus, the public exponent, and the signature or padded
//! message being raised. So the code is **variable time** (it branches on the exponent's
//! bits and on the final subtraction) and is never used with a private exponent: signing and
//! decryption stay on the `rsa` crate's constant-time, blinded code.
//!
//! # The method
//!
//! A modulus `n` of `k` limbs is held with `n' = −n⁻¹ mod 2⁶⁴` and `R² mod n`, where
//! `R = 2^(64k)` (built once, about a dozen products; [`Montgomery::new`]). A product is one
//! pass of the finely integrated operand scanning (FIOS) Montgomery multiplication
//! (Koç, Acar and Kaliski, "Analyzing and Comparing Montgomery Multiplication Algorithms",
//! IEEE Micro, 1996): for each limb `b_i` of one factor, `t ← (t + a·b_i + m·n) / 2⁶⁴` with
//! `m = (t₀ + a₀·b_i)·n' mod 2⁶⁴`, the two products of a limb in one loop on `u128`, so `t`
//! never takes more than `k` limbs and a bit (`t < 2n` throughout when `a, b < n`), and one
//! conditional subtraction at the end. For `x^e`: `x·R` (one product with `R²`), then the
//! exponent's bits from the top, a squaring each and a product with `x·R` for each set bit,
//! and for the last bit (a public exponent is odd) a product with `x` itself, which leaves
//! Montgomery form without a product by 1. With `e = 65537`, that is 18 products.
//!
//! What makes it faster than crypto-bigint's general `BoxedMontyForm::pow` (which the `rsa`
//! crate takes): nothing clever, only the plain loop on `u128` with no allocation inside the
//! exponentiation beyond its four buffers, no constant-time selection, squarings that
//! compute each cross product once (about `1.5k²` multiplications instead of `2k²`), and the
//! constants kept from one call to the next. `benches/` has the figures, against the `rsa` crate's own
//! verification.
//!
//! # How it is held to the `rsa` crate
//!
//! Its tests compare it with crypto-bigint's modular exponentiation on random and structured
//! odd moduli of every size from 2048 to 8192 bits (and small ones), inputs `0`, `1`, `n − 1`
//! and random ones, exponents 3, 65537 and 2³³ − 1; jose-jws's RSA tests compare whole
//! verifications with the `rsa` crate's, and run Wycheproof's vectors on both; the fuzz
//! target `tables_agree` compares it with the `rsa` crate on arbitrary moduli (4 to 520
//! bytes) and inputs.

#![allow(
    clippy::arithmetic_side_effects,
    reason = "limb products on u128 that cannot overflow ((2^64 − 1)^2 + 2·(2^64 − 1) = \
              2^128 − 1), and bit counts of a modulus below MAX_BYTES"
)]

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// The longest modulus taken, in bytes (65536 bits, eight times the default
/// `Limits::max_rsa_bits`): a longer one gets `None`, and its key the `rsa` crate's code.
pub(crate) const MAX_BYTES: usize = 8192;

/// A modulus with its Montgomery constants, and its public exponent.
#[derive(Clone)]
pub struct Montgomery {
    /// `n`, little-endian limbs, the top one non-zero.
    n: Box<[u64]>,
    /// `−n⁻¹ mod 2⁶⁴`.
    n_prime: u64,
    /// `R² mod n`, `R = 2^(64k)`.
    r2: Box<[u64]>,
    /// The modulus's length in bytes (RFC 8017's `k`): what an input and the output take.
    len: usize,
    /// The public exponent: odd, at least 3.
    e: u64,
}

impl core::fmt::Debug for Montgomery {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Montgomery({} bytes, e = {})", self.len, self.e)
    }
}

impl Montgomery {
    /// The constants of the modulus `n` (big-endian, leading zeros allowed) with the public
    /// exponent `e`, or `None` unless `n` is odd, at least 3 and at most `MAX_BYTES` (8192) long,
    /// and `e` is odd and at least 3.
    #[must_use]
    pub fn new(n: &[u8], e: u64) -> Option<Self> {
        let n = trim(n);
        let top = *n.first()?;
        if n.len() > MAX_BYTES {
            return None;
        }
        if n.last().is_none_or(|low| low & 1 == 0) || (n.len() == 1 && top < 3) {
            return None;
        }
        if e < 3 || e & 1 == 0 {
            return None;
        }
        let limbs = from_be(n, n.len().div_ceil(8));
        let k = limbs.len();
        let bits = 8 * n.len() - top.leading_zeros() as usize;
        let r_bits = 64 * k;
        // 2^(bits − 1) < n, doubled (mod n) up to R mod n, then up to 2^j·R mod n, where
        // 64k = j·2^m; m Montgomery squarings take 2^j·R to 2^(j·2^m)·R = R·R.
        let mut x = vec![0u64; k];
        set_bit(&mut x, bits - 1);
        let m = r_bits.trailing_zeros();
        let j = r_bits >> m;
        for _ in 0..(r_bits - (bits - 1) + j) {
            double_mod(&mut x, &limbs);
        }
        let mut modulus = Self {
            n_prime: neg_inverse(limbs.first().copied().unwrap_or(1)),
            n: limbs.into_boxed_slice(),
            r2: Box::default(),
            len: n.len(),
            e,
        };
        let mut t = vec![0u64; k];
        let mut wide = vec![0u64; 2 * k + 1];
        for _ in 0..m {
            modulus.sqr(&x, &mut wide, &mut t);
            core::mem::swap(&mut x, &mut t);
        }
        modulus.r2 = x.into_boxed_slice();
        Some(modulus)
    }

    /// The modulus's length in bytes: what [`Montgomery::public_op`] takes and gives.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always false: a modulus has at least one byte.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `x^e mod n`, with `x` as exactly [`Montgomery::len`] big-endian bytes, as long again;
    /// `None` if `x` has another length or is not below `n` (RFC 8017 §5.2.2 step 1).
    #[must_use]
    pub fn public_op(&self, x: &[u8]) -> Option<Vec<u8>> {
        if x.len() != self.len {
            return None;
        }
        let k = self.n.len();
        let x = from_be(x, k);
        if compare(&x, &self.n) != Ordering::Less {
            return None;
        }
        let mut x_r = vec![0u64; k];
        self.mul(&x, &self.r2, &mut x_r);
        let mut acc = x_r.clone();
        let mut t = vec![0u64; k];
        let mut wide = vec![0u64; 2 * k + 1];
        let top = 63 - self.e.leading_zeros();
        for bit in (1..top).rev() {
            self.sqr(&acc, &mut wide, &mut t);
            core::mem::swap(&mut acc, &mut t);
            if (self.e >> bit) & 1 == 1 {
                self.mul(&acc, &x_r, &mut t);
                core::mem::swap(&mut acc, &mut t);
            }
        }
        // The last bit, set: (x^a·R)²·R⁻¹ = x^(2a)·R, then ·x·R⁻¹ = x^(2a+1).
        self.sqr(&acc, &mut wide, &mut t);
        self.mul(&t, &x, &mut acc);
        Some(to_be(&acc, self.len))
    }

    /// `out = a²·R⁻¹ mod n`, for `a < n` of `k` limbs, with `t` of `2k + 1` limbs: the
    /// square by separated operand scanning (each cross product once, doubled, then the
    /// diagonal), then its Montgomery reduction, limb by limb.
    fn sqr(&self, a: &[u64], t: &mut [u64], out: &mut [u64]) {
        let n = &*self.n;
        let k = n.len();
        t.fill(0);
        // The cross products a_i·a_j, i < j, at limb i + j.
        for (i, &a_i) in a.iter().enumerate() {
            let mut c = 0u64;
            let rest = a.get(i + 1..).unwrap_or_default();
            let row = t.get_mut(2 * i + 1..).unwrap_or_default();
            for (t_j, &a_j) in row.iter_mut().zip(rest) {
                let v = u128::from(a_i) * u128::from(a_j) + u128::from(*t_j) + u128::from(c);
                *t_j = v as u64;
                c = (v >> 64) as u64;
            }
            if let Some(t_top) = t.get_mut(i + k) {
                *t_top = c;
            }
        }
        // Doubled (the sum is below a² < 2^(128k), so nothing leaves 2k limbs), plus a_i².
        let mut shifted = 0u64;
        for limb in t.iter_mut() {
            let next = *limb >> 63;
            *limb = (*limb << 1) | shifted;
            shifted = next;
        }
        let mut c = 0u128;
        for (pair, &a_i) in t.chunks_exact_mut(2).zip(a) {
            let square = u128::from(a_i) * u128::from(a_i);
            if let [low, high] = pair {
                let v = u128::from(*low) + (square & u128::from(u64::MAX)) + c;
                *low = v as u64;
                let v = u128::from(*high) + (square >> 64) + (v >> 64);
                *high = v as u64;
                c = v >> 64;
            }
        }
        // Reduction: for each low limb, m = t_i·n' and t += m·n·2^(64i), which clears it.
        let mut top = 0u64;
        for i in 0..k {
            let Some(row) = t.get_mut(i..) else {
                return;
            };
            let m = row.first().copied().unwrap_or(0).wrapping_mul(self.n_prime);
            let mut c = 0u64;
            for (t_j, &n_j) in row.iter_mut().zip(n) {
                let v = u128::from(m) * u128::from(n_j) + u128::from(*t_j) + u128::from(c);
                *t_j = v as u64;
                c = (v >> 64) as u64;
            }
            if let Some(t_next) = row.get_mut(k) {
                let v = u128::from(*t_next) + u128::from(c) + u128::from(top);
                *t_next = v as u64;
                top = (v >> 64) as u64;
            }
        }
        for (o, &t_j) in out.iter_mut().zip(t.get(k..).unwrap_or_default()) {
            *o = t_j;
        }
        if top != 0 || compare(out, n) != Ordering::Less {
            sub_in_place(out, n);
        }
    }

    /// `out = a·b·R⁻¹ mod n`, for `a, b < n` of `k` limbs (FIOS; see the module's docs).
    fn mul(&self, a: &[u64], b: &[u64], out: &mut [u64]) {
        let n = &self.n[..];
        out.fill(0);
        // The limb above `out`: 0 or 1, since t < 2n < 2R.
        let mut high = 0u64;
        for &b_i in b {
            let mut limbs = out.iter_mut().zip(a).zip(n);
            let Some(((t_0, &a_0), &n_0)) = limbs.next() else {
                return;
            };
            let v1 = u128::from(a_0) * u128::from(b_i) + u128::from(*t_0);
            let mut c1 = (v1 >> 64) as u64;
            let m = (v1 as u64).wrapping_mul(self.n_prime);
            // The low limb of v2 is 0 by the choice of m: t shifts down one limb.
            let v2 = u128::from(m) * u128::from(n_0) + u128::from(v1 as u64);
            let mut c2 = (v2 >> 64) as u64;
            let mut below = t_0;
            for ((t_j, &a_j), &n_j) in limbs {
                let v1 = u128::from(a_j) * u128::from(b_i) + u128::from(*t_j) + u128::from(c1);
                c1 = (v1 >> 64) as u64;
                let v2 = u128::from(m) * u128::from(n_j) + u128::from(v1 as u64) + u128::from(c2);
                c2 = (v2 >> 64) as u64;
                *below = v2 as u64;
                below = t_j;
            }
            let top = u128::from(high) + u128::from(c1) + u128::from(c2);
            *below = top as u64;
            high = (top >> 64) as u64;
        }
        if high != 0 || compare(out, n) != Ordering::Less {
            sub_in_place(out, n);
        }
    }
}

/// `bytes` without its leading zeros.
fn trim(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    bytes.get(zeros..).unwrap_or_default()
}

/// Big-endian bytes as `k` little-endian limbs (bytes beyond `8k` are dropped: callers give
/// at most `8k`).
fn from_be(bytes: &[u8], k: usize) -> Vec<u64> {
    let mut limbs = vec![0u64; k];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.rchunks(8)) {
        *limb = chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    }
    limbs
}

/// The value of `limbs` as `len` big-endian bytes (its higher bytes are zero).
fn to_be(limbs: &[u64], len: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = limbs.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
    let extra = bytes.len().saturating_sub(len);
    bytes.drain(..extra);
    bytes
}

fn set_bit(limbs: &mut [u64], bit: usize) {
    if let Some(limb) = limbs.get_mut(bit / 64) {
        *limb |= 1 << (bit % 64);
    }
}

/// `−n⁻¹ mod 2⁶⁴` for odd `n`: Newton's iteration doubles the correct low bits from the
/// three of `n·n ≡ 1 (mod 8)`.
fn neg_inverse(n: u64) -> u64 {
    let mut inverse = n;
    for _ in 0..5 {
        inverse = inverse.wrapping_mul(2u64.wrapping_sub(n.wrapping_mul(inverse)));
    }
    inverse.wrapping_neg()
}

/// Compares two numbers of the same number of limbs.
fn compare(a: &[u64], b: &[u64]) -> Ordering {
    a.iter().rev().cmp(b.iter().rev())
}

/// `a −= b` (mod 2^(64k)).
fn sub_in_place(a: &mut [u64], b: &[u64]) {
    let mut borrow = false;
    for (a_j, &b_j) in a.iter_mut().zip(b) {
        let (d, b1) = a_j.overflowing_sub(b_j);
        let (d, b2) = d.overflowing_sub(u64::from(borrow));
        *a_j = d;
        borrow = b1 || b2;
    }
}

/// `x = 2x mod n`, for `x < n`.
fn double_mod(x: &mut [u64], n: &[u64]) {
    let mut carry = 0u64;
    for limb in x.iter_mut() {
        let next = *limb >> 63;
        *limb = (*limb << 1) | carry;
        carry = next;
    }
    if carry != 0 || compare(x, n) != Ordering::Less {
        sub_in_place(x, n);
    }
}

#[cfg(test)]
mod tests;

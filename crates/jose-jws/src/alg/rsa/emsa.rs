//! The encoded message a signature gives, checked: EMSA-PKCS1-v1_5 (RFC 8017 §9.2, compared
//! with the one encoding the digest has) and EMSA-PSS-VERIFY (§9.1.2, MGF1 with the same hash
//! and a salt as long as the hash, as RFC 7518 §3.5 and the `rsa` crate's `Pss::new` have it).
//! Every value here is public (the signature, the modulus, the message's digest), so the
//! comparisons are plain ones.

#![allow(
    clippy::arithmetic_side_effects,
    reason = "lengths of a modulus (at most Montgomery's MAX_BYTES) and of digests, each \
              subtraction after the comparison that bounds it"
)]

use alloc::vec::Vec;

use jose_core::alg::Alg;
use jose_jwk::tables::Montgomery;
use sha2::digest::{Digest, FixedOutput};
use sha2::{Sha256, Sha384, Sha512};

/// The DER of a `DigestInfo` before its digest (RFC 8017 §9.2, note 1).
pub(super) const SHA256_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
pub(super) const SHA384_PREFIX: [u8; 19] = [
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
];
pub(super) const SHA512_PREFIX: [u8; 19] = [
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
    0x00, 0x04, 0x40,
];

/// Whether `signature` is a signature of `input` by the key whose modulus (of `bits` bits)
/// is `modulus`: RSAVP1 (a signature of the modulus's length, below it), then the encoding.
pub(super) fn verify(
    alg: Alg,
    modulus: &Montgomery,
    bits: usize,
    input: &[u8],
    signature: &[u8],
) -> bool {
    let Some(em) = modulus.public_op(signature) else {
        return false;
    };
    match alg {
        Alg::RS256 => pkcs1_v1_5(&em, &SHA256_PREFIX, &Sha256::digest(input)),
        Alg::RS384 => pkcs1_v1_5(&em, &SHA384_PREFIX, &Sha384::digest(input)),
        Alg::RS512 => pkcs1_v1_5(&em, &SHA512_PREFIX, &Sha512::digest(input)),
        Alg::PS256 => pss::<Sha256>(&em, bits, &Sha256::digest(input)),
        Alg::PS384 => pss::<Sha384>(&em, bits, &Sha384::digest(input)),
        _ => pss::<Sha512>(&em, bits, &Sha512::digest(input)),
    }
}

/// `EM = 0x00 || 0x01 || PS || 0x00 || prefix || H`, with `PS` at least 8 bytes of `0xff`.
fn pkcs1_v1_5(em: &[u8], prefix: &[u8], hash: &[u8]) -> bool {
    let Some(rest) = em.strip_prefix(&[0x00, 0x01]) else {
        return false;
    };
    let t_len = prefix.len() + hash.len();
    let Some((ps, t)) = rest
        .len()
        .checked_sub(t_len + 1)
        .and_then(|at| rest.split_at_checked(at))
    else {
        return false;
    };
    ps.len() >= 8
        && ps.iter().all(|&b| b == 0xff)
        && t.split_first().is_some_and(|(&zero, t)| {
            zero == 0 && t.strip_prefix(prefix).is_some_and(|h| h == hash)
        })
}

/// EMSA-PSS-VERIFY with `emBits = bits − 1`, on the `k`-byte output of RSAVP1.
fn pss<D: Digest + FixedOutput>(em: &[u8], bits: usize, m_hash: &[u8]) -> bool {
    let em_bits = bits.saturating_sub(1);
    let em_len = em_bits.div_ceil(8);
    // RSAVP1 gave k bytes; EM is the last emLen (k or k − 1) and what is above it is zero.
    let Some((above, em)) = em
        .len()
        .checked_sub(em_len)
        .and_then(|at| em.split_at_checked(at))
    else {
        return false;
    };
    let h_len = <D as Digest>::output_size();
    let s_len = h_len;
    // Steps 3 and 4.
    if above.iter().any(|&b| b != 0) || em_len < h_len + s_len + 2 {
        return false;
    }
    let Some((&0xbc, rest)) = em.split_last() else {
        return false;
    };
    // Step 5: maskedDB, then H.
    let Some((masked_db, h)) = rest.split_at_checked(em_len - h_len - 1) else {
        return false;
    };
    // Step 6: the leftmost 8·emLen − emBits bits are zero.
    let unused = 8 * em_len - em_bits;
    let free = 0xffu8 >> unused;
    if masked_db.first().is_none_or(|&b| b & !free != 0) {
        return false;
    }
    // Steps 7 to 9.
    let mut db: Vec<u8> = masked_db.to_vec();
    mgf1_xor::<D>(&mut db, h);
    if let Some(first) = db.first_mut() {
        *first &= free;
    }
    // Step 10: zeros, then 0x01, then the salt (step 11).
    let Some((ps, rest)) = db.split_at_checked(em_len - h_len - s_len - 2) else {
        return false;
    };
    let Some((&0x01, salt)) = rest.split_first() else {
        return false;
    };
    if ps.iter().any(|&b| b != 0) {
        return false;
    }
    // Steps 12 to 14.
    let h_prime = D::new()
        .chain_update([0u8; 8])
        .chain_update(m_hash)
        .chain_update(salt)
        .finalize();
    h_prime.as_slice() == h
}

/// `out ^= MGF1(seed, out.len())` (RFC 8017 §B.2.1).
pub(super) fn mgf1_xor<D: Digest>(out: &mut [u8], seed: &[u8]) {
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(<D as Digest>::output_size())) {
        let mask = D::new()
            .chain_update(seed)
            .chain_update(counter.to_be_bytes())
            .finalize();
        for (byte, m) in chunk.iter_mut().zip(mask.iter()) {
            *byte ^= m;
        }
    }
}
